#include "breachclock/time/deadline.hpp"

#include <ostream>

namespace breachclock {

namespace {

using date::days;
using date::local_days;
using std::chrono::seconds;

source_location located(const source_location& origin) {
  source_location where = origin;
  if (where.column == 0 && (!where.file.empty() || where.line > 0)) where.column = 1;
  return where;
}

bool needs_calendar(const period& p) { return std::holds_alternative<business_days>(p); }

std::optional<diagnostic> check_roll(roll r, const holiday_calendar* calendar, const source_location& origin) {
  if (r != roll::none && calendar == nullptr) {
    return make_error("deadline.no-calendar", located(origin),
                      std::string("roll ") + to_string(r) + " needs a holiday calendar");
  }
  return std::nullopt;
}

// The days breachclock computes: 0001-01-01 to 9999-12-31.
constexpr local_days k_first_day{date::year{1} / 1 / 1};
constexpr local_days k_last_day{date::year{9999} / 12 / 31};

diagnostic last_day_out_of_range(bool after) {
  return make_error("time.range", source_location{},
                    std::string("the last day of the period would be ") +
                        (after ? "after 9999-12-31" : "before 0001-01-01") +
                        ", outside the years breachclock computes (0001-9999)");
}

// `d` plus `n` days, counted without overflow, or an error outside the years 0001-9999.
result<local_days> add_days(local_days d, long long n) {
  const long long target = static_cast<long long>(d.time_since_epoch().count()) + n;
  if (target > k_last_day.time_since_epoch().count()) return last_day_out_of_range(true);
  if (target < k_first_day.time_since_epoch().count()) return last_day_out_of_range(false);
  return local_days{days{static_cast<int>(target)}};
}

// Months land on the same day number, clamped to the month's last day.
result<local_days> add_months(local_days d, long long n) {
  const date::year_month_day ymd{d};
  const long long index = static_cast<long long>(static_cast<int>(ymd.year())) * 12 +
                          (static_cast<unsigned>(ymd.month()) - 1) + n;  // months since year 0
  if (index > 9999LL * 12 + 11) return last_day_out_of_range(true);
  if (index < 12) return last_day_out_of_range(false);
  const date::year_month ym{date::year{static_cast<int>(index / 12)},
                            date::month{static_cast<unsigned>(index % 12) + 1}};
  const date::day last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}.day();
  return local_days{ym.year() / ym.month() / (ymd.day() < last ? ymd.day() : last)};
}

// Moves a last day forward as the roll says; the calendar is present whenever the roll is not none.
result<local_days> apply_roll(local_days last, roll r, const holiday_calendar* calendar) {
  switch (r) {
    case roll::none: return last;
    case roll::next_business_day: return calendar->next_working_day(last);
    case roll::next_non_holiday: return calendar->next_non_holiday(last);
  }
  return last;
}

// A day period counted in UTC: its days are nobody's local days.
constexpr const char* k_utc_days_warning =
    "the days of this period are counted in UTC: each runs 00:00:00-23:59:59 UTC, which is not the local day "
    "of any place with another offset or daylight saving; name the place's zone to count its days";

// The instant of local time `at` on day `d` in `z`: a time skipped or repeated by a change of
// offset takes its earliest instant (never more time than the words give), with a warning.
instant at_local_time(local_days d, std::chrono::minutes at, const zone& z, std::vector<std::string>& warnings) {
  const local_time t{d.time_since_epoch() + at};
  auto exact = z.resolve(t);
  if (exact) return *exact;
  auto earliest = z.resolve(t, choose::earliest);
  warnings.push_back("the time the deadline rolls to is " +
                     std::string(earliest && z.to_local(*earliest) == t ? "repeated" : "skipped") + " in " + z.name() +
                     " on " + format_date(civil_date{d}) + ": its earliest instant is taken");
  return earliest ? *earliest : z.start_of_day(d);
}

// `calendar_from` is the first day whose calendar status mattered, when a calendar was used.
result<deadline> end_of_last_day(instant anchor, local_days unrolled, roll r, const zone& z,
                                 const holiday_calendar* calendar, std::optional<local_days> calendar_from,
                                 std::optional<std::chrono::minutes> roll_to = std::nullopt) {
  auto rolled = apply_roll(unrolled, r, calendar);
  if (!rolled) return std::move(rolled).take_diagnostics();
  const local_days last = *rolled;
  deadline d;
  d.counting_from = anchor;
  d.due = z.end_of_day(last);
  if (auto fault = check_instant_range(d.due, "the deadline")) return *fault;
  d.due_date = civil_date{last};
  if (last != unrolled) {
    d.rolled_from = civil_date{unrolled};
    if (roll_to) {
      // Moved to a time of the working day it rolled to, not to its end.
      d.unrolled_due = z.end_of_day(unrolled);
      d.due = at_local_time(last, *roll_to, z, d.warnings);
    }
  }
  if (calendar != nullptr && calendar_from) {
    if (auto w = calendar->unverified_warning(civil_date{*calendar_from}.year(), civil_date{last}.year())) {
      d.warnings.push_back(*w);
    }
  }
  if (z.is_utc()) d.warnings.emplace_back(k_utc_days_warning);
  if (auto w = z.horizon_warning(d.due)) d.warnings.push_back(*w);
  return d;
}

}  // namespace

const char* to_string(convention c) noexcept { return c == convention::next_hour ? "next-hour" : "exact"; }

const char* to_string(roll r) noexcept {
  switch (r) {
    case roll::none: return "none";
    case roll::next_business_day: return "next-business-day";
    case roll::next_non_holiday: return "next-non-holiday";
  }
  return "none";
}

std::optional<convention> parse_convention(std::string_view text) noexcept {
  if (text == "exact") return convention::exact;
  if (text == "next-hour") return convention::next_hour;
  return std::nullopt;
}

std::optional<roll> parse_roll(std::string_view text) noexcept {
  if (text == "none") return roll::none;
  if (text == "next-business-day") return roll::next_business_day;
  if (text == "next-non-holiday") return roll::next_non_holiday;
  return std::nullopt;
}

std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text) noexcept {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (std::size_t i : {0U, 1U, 3U, 4U}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  const int h = (text[0] - '0') * 10 + (text[1] - '0');
  const int m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return std::chrono::minutes{h * 60 + m};
}

std::ostream& operator<<(std::ostream& os, convention c) { return os << to_string(c); }

std::ostream& operator<<(std::ostream& os, const deadline& d) {
  os << "due " << format_utc(d.due);
  if (d.due_date) os << " (" << format_date(*d.due_date) << ")";
  return os;
}
std::ostream& operator<<(std::ostream& os, roll r) { return os << to_string(r); }

std::optional<diagnostic> check_deadline_rule(const deadline_rule& rule, const holiday_calendar* calendar,
                                              const source_location& origin) {
  if (rule.roll_to) {
    if (rule.roll_to->count() < 0 || rule.roll_to->count() > 1439) {
      return make_error("deadline.roll-to", located(origin), "roll_to is a time of day from 00:00 to 23:59");
    }
    if (rule.rolling == roll::none) {
      return make_error("deadline.roll-to", located(origin),
                        "roll_to moves a due instant to a time of the next working day: it needs roll = "
                        "\"next-business-day\" or \"next-non-holiday\"");
    }
  }
  if (is_elapsed(rule.length)) {
    if (rule.rolling != roll::none && !rule.roll_to) {
      return make_error("deadline.roll-hours", located(origin),
                        "a period in hours or minutes never rolls over weekends or holidays: roll must be none for " +
                            to_string(rule.length));
    }
    return check_roll(rule.rolling, calendar, origin);
  }
  if (rule.counting == convention::next_hour) {
    return make_error("deadline.next-hour-days", located(origin),
                      "convention next-hour applies to periods in hours or minutes, not to " + to_string(rule.length));
  }
  if (needs_calendar(rule.length) && calendar == nullptr) {
    return make_error("deadline.no-calendar", located(origin),
                      "a period in business days needs a holiday calendar to know which days are working days");
  }
  return check_roll(rule.rolling, calendar, origin);
}

std::optional<diagnostic> check_fixed_date_rule(const fixed_date_rule& rule, const holiday_calendar* calendar,
                                                const source_location& origin) {
  const date::month_day md{date::month{rule.month}, date::day{rule.day}};
  if (!md.ok()) {
    return make_error("deadline.date", located(origin),
                      "month " + std::to_string(rule.month) + " has no day " + std::to_string(rule.day));
  }
  if (rule.years_after < 0 || rule.years_after > 100) {
    return make_error("deadline.date", located(origin), "the year offset must be from 0 to 100");
  }
  return check_roll(rule.rolling, calendar, origin);
}

result<deadline> compute_deadline(instant anchor, const deadline_rule& rule, const zone& z,
                                  const holiday_calendar* calendar) {
  if (auto fault = check_deadline_rule(rule, calendar)) return *fault;
  // The anchor is named in the message only when it is out of range (formatting costs more
  // than the whole of an elapsed-time deadline).
  if (check_instant_range(anchor, "the anchor"))
    return *check_instant_range(anchor, "the anchor " + format_utc(anchor));

  if (const auto* e = std::get_if<elapsed_time>(&rule.length)) {
    // Longer than the years breachclock computes: refused before the arithmetic could overflow.
    if (e->length > std::chrono::minutes{10000LL * 366 * 24 * 60} ||
        e->length < -std::chrono::minutes{10000LL * 366 * 24 * 60}) {
      return make_error("time.range", source_location{},
                        "period " + to_string(rule.length) +
                            " is longer than the years breachclock computes (0001-9999)");
    }
    deadline d;
    d.counting_from = anchor;
    if (rule.counting == convention::next_hour) {
      // The hour during which the event occurs is not counted: start at the next full hour of
      // the local clock (offsets are not always whole hours).
      const long long local_seconds = (anchor + z.offset_at(anchor)).time_since_epoch().count();
      const long long into_hour = ((local_seconds % 3600) + 3600) % 3600;
      d.counting_from = anchor + seconds{3600 - into_hour};
    }
    d.due = d.counting_from + std::chrono::duration_cast<seconds>(e->length);
    if (auto fault = check_instant_range(d.due, "the deadline")) return *fault;
    if (rule.roll_to) {
      auto rolled = roll_to_time(d.due, rule.rolling, rule.roll_to, z, calendar);
      if (!rolled) return std::move(rolled).take_diagnostics();
      if (*rolled) {
        deadline& r = **rolled;
        r.counting_from = d.counting_from;
        return std::move(r);
      }
    }
    if (auto w = z.horizon_warning(d.due)) d.warnings.push_back(*w);
    return d;
  }

  const local_days first = z.local_day(anchor);
  struct visitor {
    local_days from;
    const holiday_calendar* calendar;
    result<local_days> operator()(const elapsed_time&) const { return from; }
    result<local_days> operator()(const calendar_days& d) const { return add_days(from, d.count); }
    result<local_days> operator()(const calendar_weeks& w) const { return add_days(from, 7LL * w.count); }
    result<local_days> operator()(const calendar_months& m) const { return add_months(from, m.count); }
    result<local_days> operator()(const calendar_years& y) const { return add_months(from, 12LL * y.count); }
    result<local_days> operator()(const business_days& b) const { return calendar->add_working_days(from, b.count); }
  };
  auto last = std::visit(visitor{first, calendar}, rule.length);
  if (!last) return std::move(last).take_diagnostics();
  // Business days consult the calendar from the day after the anchor; a roll, from the last day.
  std::optional<local_days> calendar_from;
  if (std::holds_alternative<business_days>(rule.length)) calendar_from = first + days{1};
  else if (rule.rolling != roll::none) calendar_from = *last;
  return end_of_last_day(anchor, *last, rule.rolling, z, calendar, calendar_from, rule.roll_to);
}

result<std::optional<deadline>> roll_to_time(instant due, roll r, std::optional<std::chrono::minutes> at, const zone& z,
                                             const holiday_calendar* calendar) {
  if (r == roll::none) return std::optional<deadline>{};
  if (auto fault = check_roll(r, calendar, {})) return *fault;
  const local_days day = z.local_day(due);
  auto next = apply_roll(day, r, calendar);
  if (!next) return std::move(next).take_diagnostics();
  if (*next == day) return std::optional<deadline>{};
  deadline d;
  d.counting_from = due;
  d.unrolled_due = due;
  d.rolled_from = civil_date{day};
  d.due = at ? at_local_time(*next, *at, z, d.warnings) : z.end_of_day(*next);
  if (auto fault = check_instant_range(d.due, "the deadline")) return *fault;
  if (auto w = calendar->unverified_warning(civil_date{day}.year(), civil_date{*next}.year())) d.warnings.push_back(*w);
  if (auto w = z.horizon_warning(d.due)) d.warnings.push_back(*w);
  return std::optional<deadline>{std::move(d)};
}

result<deadline> compute_fixed_date(instant anchor, const fixed_date_rule& rule, const zone& z,
                                    const holiday_calendar* calendar) {
  if (auto fault = check_fixed_date_rule(rule, calendar)) return *fault;
  // The anchor is named in the message only when it is out of range (formatting costs more
  // than the whole of an elapsed-time deadline).
  if (check_instant_range(anchor, "the anchor"))
    return *check_instant_range(anchor, "the anchor " + format_utc(anchor));
  const date::year_month_day anchor_day{z.local_day(anchor)};
  const date::year y = anchor_day.year() + date::years{rule.years_after};
  date::year_month_day target{y, date::month{rule.month}, date::day{rule.day}};
  if (!target.ok())
    target = date::year_month_day{date::year_month_day_last{y, date::month_day_last{date::month{rule.month}}}};
  const local_days last{target};
  std::optional<local_days> calendar_from;
  if (rule.rolling != roll::none) calendar_from = last;
  return end_of_last_day(anchor, last, rule.rolling, z, calendar, calendar_from);
}

}  // namespace breachclock
