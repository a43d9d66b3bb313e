#include "breachclock/time/calendar.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <ostream>
#include <set>

#include "detail/text.hpp"
#include "time/calendar_data.hpp"
#include "time/holiday_rule.hpp"

namespace breachclock {

using calendar_detail::dated_lookup;
using calendar_detail::k_first_cached_year;
using calendar_detail::k_last_cached_year;
using calendar_detail::substitution;
using date::local_days;

namespace {

bool in_years(local_days d, int from, int to) {
  const int y = static_cast<int>(civil_date{d}.year());
  return y >= from && y <= to;
}

}  // namespace

std::vector<holiday_calendar::data::entry> holiday_calendar::data::compute(int from, int to) const {
  // Holidays of the years around [from, to] so that substitutes that cross a year boundary
  // (a holiday on Saturday 31 December) land where they belong.
  struct pending {
    entry e;
    const holiday_rule* rule;  // null for one-off added dates
  };
  std::vector<pending> base;
  for (int y = from - 1; y <= to + 1; ++y) {
    for (const holiday_rule& r : rules) {
      if (y < r.since || y > r.until) continue;
      if (auto d = detail::evaluate(r.rule, date::year{y})) {
        base.push_back({entry{local_days{*d}, static_cast<std::uint32_t>(&r - rules.data()), false}, &r});
      }
    }
  }
  // One-off removals and additions (removals were checked against the rules at load).
  base.erase(std::remove_if(base.begin(), base.end(),
                            [&](const pending& p) {
                              return std::binary_search(removed_days.begin(), removed_days.end(), p.e.day);
                            }),
             base.end());
  for (std::size_t k = 0; k < added.size(); ++k) {
    const int y = static_cast<int>(added[k].date.year());
    if (y >= from - 1 && y <= to + 1) {
      base.push_back({entry{local_days{added[k].date}, static_cast<std::uint32_t>(rules.size() + k), false}, nullptr});
    }
  }
  std::stable_sort(base.begin(), base.end(), [](const pending& a, const pending& b) { return a.e.day < b.e.day; });

  // Days already taken, sorted: a substitute never lands on another holiday.
  std::vector<local_days> occupied;
  occupied.reserve(base.size() + 8);
  for (const pending& p : base) occupied.push_back(p.e.day);
  auto taken = [&occupied](local_days d) { return std::binary_search(occupied.begin(), occupied.end(), d); };

  std::vector<entry> out;
  out.reserve(base.size() + 8);
  for (const pending& p : base) {
    const unsigned wd = date::weekday{p.e.day}.c_encoding();
    const bool substituted = p.rule != nullptr && p.rule->subst != substitution::none && p.rule->subst_on[wd];
    if (!substituted) {
      out.push_back(p.e);
      continue;
    }
    if (p.rule->subst == substitution::observed) {
      // 6103(b): Saturday to the Friday immediately before, Sunday to the Monday immediately after
      // (substitute_on allows only those two). That day may be in the year before or after
      // (New Year's Day 2022, a Saturday: Friday 31 December 2021). A day that is already a
      // holiday stays one holiday: the list never holds a day twice.
      const local_days d = p.e.day + date::days{wd == 6 ? -1 : 1};
      if (!taken(d)) {
        occupied.insert(std::upper_bound(occupied.begin(), occupied.end(), d), d);
        out.push_back(entry{d, p.e.name, true});
      }
      continue;
    }
    if (p.rule->subst == substitution::add) out.push_back(p.e);
    // The next working day that is not already a holiday (nor an earlier substitute).
    local_days d = p.e.day + date::days{1};
    while (non_working[date::weekday{d}.c_encoding()] || taken(d)) d += date::days{1};
    occupied.insert(std::upper_bound(occupied.begin(), occupied.end(), d), d);
    out.push_back(entry{d, p.e.name, true});
  }
  std::stable_sort(out.begin(), out.end(), [](const entry& a, const entry& b) { return a.day < b.day; });
  out.erase(std::remove_if(out.begin(), out.end(), [&](const entry& e) { return !in_years(e.day, from, to); }),
            out.end());
  return out;
}

std::vector<holiday> holiday_calendar::data::make_holidays(const std::vector<entry>& entries, int from, int to) const {
  std::vector<holiday> out;
  for (const entry& e : entries) {
    if (in_years(e.day, from, to)) out.push_back(make_holiday(e));
  }
  return out;
}

void holiday_calendar::data::build_cache() const {
  cache_store.entries = compute(k_first_cached_year, k_last_cached_year);
  cache_store.flags.assign(static_cast<std::size_t>((cache_end - cache_begin).count()), false);
  for (const entry& e : cache_store.entries)
    cache_store.flags[static_cast<std::size_t>((e.day - cache_begin).count())] = true;
}

const std::string& holiday_calendar::id() const { return data_->id; }
const std::string& holiday_calendar::title() const { return data_->title; }
const std::vector<citation>& holiday_calendar::sources() const { return data_->sources; }
confidence holiday_calendar::certainty() const { return data_->certainty; }
const std::vector<std::string>& holiday_calendar::notes() const { return data_->notes; }
std::optional<std::pair<int, int>> holiday_calendar::verified_years() const { return data_->verified; }

std::optional<std::string> holiday_calendar::unverified_warning(date::year from, date::year to) const {
  const int f = static_cast<int>(from);
  const int t = static_cast<int>(to);
  if (data_->verified && f >= data_->verified->first && t <= data_->verified->second) return std::nullopt;
  std::string span = f == t ? std::to_string(f) : std::to_string(f) + "-" + std::to_string(t);
  std::string checked = data_->verified ? " (checked for " + std::to_string(data_->verified->first) + "-" +
                                              std::to_string(data_->verified->second) + ")"
                                        : " (no years were checked)";
  return "the holidays of calendar " + data_->id + " for " + span +
         " follow its rules only: one-off holidays proclaimed for those years are not known" + checked;
}

bool holiday_calendar::is_non_working_weekday(date::weekday wd) const { return data_->non_working[wd.c_encoding()]; }
bool holiday_calendar::is_holiday_weekday(date::weekday wd) const { return data_->holiday_weekday[wd.c_encoding()]; }

std::optional<holiday> holiday_calendar::holiday_on(local_days d) const {
  using entry = data::entry;
  if (auto index = data::cache_index(d)) {
    const auto& cache = data_->cache();
    if (!cache.flags[*index]) return std::nullopt;
    auto it = std::lower_bound(cache.entries.begin(), cache.entries.end(), d,
                               [](const entry& e, local_days x) { return e.day < x; });
    if (it != cache.entries.end() && it->day == d) return data_->make_holiday(*it);
    return std::nullopt;
  }
  const int y = static_cast<int>(civil_date{d}.year());
  for (const entry& e : data_->compute(y, y)) {
    if (e.day == d) return data_->make_holiday(e);
  }
  return std::nullopt;
}

bool holiday_calendar::is_holiday(local_days d) const {
  return data_->holiday_weekday[date::weekday{d}.c_encoding()] || holiday_on(d).has_value();
}

bool holiday_calendar::is_working_day(local_days d) const {
  if (data_->non_working[date::weekday{d}.c_encoding()]) return false;
  if (auto index = data::cache_index(d)) return !data_->cache().flags[*index];
  return !holiday_on(d).has_value();
}

namespace {

// The days breachclock computes: 0001-01-01 to 9999-12-31.
constexpr local_days k_first_day{date::year{1} / 1 / 1};
constexpr local_days k_last_day{date::year{9999} / 12 / 31};

// Walks from `from`, one day at a time in direction `step`, until `found` has said yes `n`
// times (from itself is not looked at); fails past the years 0001-9999 or after
// max_scan_days days. `what` names what was counted, for the messages.
template <class Pred>
result<local_days> walk(local_days from, int step, long long n, const std::string& id, const std::string& what,
                        Pred found) {
  local_days d = from;
  for (long long scanned = 0; n > 0; ++scanned) {
    if (scanned == holiday_calendar::max_scan_days) {
      return make_error("calendar.too-far", source_location{},
                        "calendar " + id + " gives no " + what + " within 200 years " +
                            (step > 0 ? "after " : "before ") + format_date(civil_date{from}));
    }
    d += date::days{step};
    if (d < k_first_day || d > k_last_day) {
      return make_error("calendar.too-far", source_location{},
                        "counting " + what + " of calendar " + id + " from " + format_date(civil_date{from}) +
                            " goes past " + (step > 0 ? "9999-12-31" : "0001-01-01") +
                            ", outside the years breachclock computes (0001-9999)");
    }
    if (found(d)) --n;
  }
  return d;
}

}  // namespace

result<local_days> holiday_calendar::add_working_days(local_days from, int n) const {
  dated_lookup look(*data_);
  const long long count = n < 0 ? -static_cast<long long>(n) : n;  // -INT_MIN overflows an int
  const std::string what = std::to_string(count) + (count == 1 ? " working day" : " working days");
  return walk(from, n < 0 ? -1 : 1, count, data_->id, what,
              [&](local_days d) { return !data_->non_working[date::weekday{d}.c_encoding()] && !look.dated(d); });
}

result<local_days> holiday_calendar::next_working_day(local_days d) const {
  if (is_working_day(d)) return d;
  dated_lookup look(*data_);
  return walk(d, 1, 1, data_->id, "working day",
              [&](local_days x) { return !data_->non_working[date::weekday{x}.c_encoding()] && !look.dated(x); });
}

result<local_days> holiday_calendar::next_non_holiday(local_days d) const {
  if (!is_holiday(d)) return d;
  dated_lookup look(*data_);
  return walk(d, 1, 1, data_->id, "day that is not a holiday",
              [&](local_days x) { return !data_->holiday_weekday[date::weekday{x}.c_encoding()] && !look.dated(x); });
}

std::vector<holiday> holiday_calendar::holidays(date::year from, date::year to) const {
  const int f = static_cast<int>(from);
  const int t = static_cast<int>(to);
  if (f > t) return {};
  if (f >= k_first_cached_year && t <= k_last_cached_year) return data_->make_holidays(data_->cache().entries, f, t);
  return data_->make_holidays(data_->compute(f, t), f, t);
}

std::string weekday_name(date::weekday wd) {
  static constexpr std::array<const char*, 7> names{"sunday",   "monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday"};
  return names[wd.c_encoding()];
}

std::ostream& operator<<(std::ostream& os, const holiday& h) {
  os << format_date(h.date) << ' ' << h.name;
  if (h.substitute) os << " [substitute]";
  return os;
}

}  // namespace breachclock
