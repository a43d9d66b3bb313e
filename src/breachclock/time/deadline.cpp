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

local_days add_months(local_days d, int n) {
  const date::year_month_day ymd{d};
  const date::year_month ym = date::year_month{ymd.year(), ymd.month()} + date::months{n};
  const date::day last = date::year_month_day_last{ym.year(), date::month_day_last{ym.month()}}.day();
  return local_days{ym.year() / ym.month() / (ymd.day() < last ? ymd.day() : last)};
}

// Moves a last day forward as the roll says; the calendar is present whenever the roll is not none.
local_days apply_roll(local_days last, roll r, const holiday_calendar* calendar) {
  switch (r) {
    case roll::none: return last;
    case roll::next_business_day:
      while (!calendar->is_working_day(last)) last += days{1};
      return last;
    case roll::next_non_holiday:
      while (calendar->is_holiday(last)) last += days{1};
      return last;
  }
  return last;
}

// `calendar_from` is the first day whose calendar status mattered, when a calendar was used.
deadline end_of_last_day(instant anchor, local_days last, local_days unrolled, const zone& z,
                         const holiday_calendar* calendar, std::optional<local_days> calendar_from) {
  deadline d;
  d.counting_from = anchor;
  d.due = z.end_of_day(last);
  d.due_date = civil_date{last};
  if (last != unrolled) d.rolled_from = civil_date{unrolled};
  if (calendar != nullptr && calendar_from) {
    if (auto w = calendar->unverified_warning(civil_date{*calendar_from}.year(), civil_date{last}.year())) {
      d.warnings.push_back(*w);
    }
  }
  if (auto w = z.horizon_warning(d.due)) d.warnings.push_back(*w);
  return d;
}

}  // namespace

const char* to_string(convention c) noexcept {
  return c == convention::next_hour ? "next-hour" : "exact";
}

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

std::ostream& operator<<(std::ostream& os, convention c) { return os << to_string(c); }

std::ostream& operator<<(std::ostream& os, const deadline& d) {
  os << "due " << format_utc(d.due);
  if (d.due_date) os << " (" << format_date(*d.due_date) << ")";
  return os;
}
std::ostream& operator<<(std::ostream& os, roll r) { return os << to_string(r); }

std::optional<diagnostic> check_deadline_rule(const deadline_rule& rule, const holiday_calendar* calendar,
                                              const source_location& origin) {
  if (is_elapsed(rule.length)) {
    if (rule.rolling != roll::none) {
      return make_error("deadline.roll-hours", located(origin),
                        "a period in hours or minutes never rolls over weekends or holidays: roll must be none for " +
                            to_string(rule.length));
    }
    return std::nullopt;
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

  if (const auto* e = std::get_if<elapsed_time>(&rule.length)) {
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
    if (auto w = z.horizon_warning(d.due)) d.warnings.push_back(*w);
    return d;
  }

  const local_days first = z.local_day(anchor);
  local_days last = first;
  struct visitor {
    local_days from;
    const holiday_calendar* calendar;
    local_days operator()(const elapsed_time&) const { return from; }
    local_days operator()(const calendar_days& d) const { return from + days{d.count}; }
    local_days operator()(const calendar_weeks& w) const { return from + days{7LL * w.count}; }
    local_days operator()(const calendar_months& m) const { return add_months(from, m.count); }
    local_days operator()(const calendar_years& y) const { return add_months(from, 12 * y.count); }
    local_days operator()(const business_days& b) const { return calendar->add_working_days(from, b.count); }
  };
  last = std::visit(visitor{first, calendar}, rule.length);
  // Business days consult the calendar from the day after the anchor; a roll, from the last day.
  std::optional<local_days> calendar_from;
  if (std::holds_alternative<business_days>(rule.length)) calendar_from = first + days{1};
  else if (rule.rolling != roll::none) calendar_from = last;
  return end_of_last_day(anchor, apply_roll(last, rule.rolling, calendar), last, z, calendar, calendar_from);
}

result<deadline> compute_fixed_date(instant anchor, const fixed_date_rule& rule, const zone& z,
                                    const holiday_calendar* calendar) {
  if (auto fault = check_fixed_date_rule(rule, calendar)) return *fault;
  const date::year_month_day anchor_day{z.local_day(anchor)};
  const date::year y = anchor_day.year() + date::years{rule.years_after};
  date::year_month_day target{y, date::month{rule.month}, date::day{rule.day}};
  if (!target.ok()) target = date::year_month_day{date::year_month_day_last{y, date::month_day_last{date::month{rule.month}}}};
  const local_days last{target};
  std::optional<local_days> calendar_from;
  if (rule.rolling != roll::none) calendar_from = last;
  return end_of_last_day(anchor, apply_roll(last, rule.rolling, calendar), last, z, calendar, calendar_from);
}

}  // namespace breachclock
