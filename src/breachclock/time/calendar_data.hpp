// Private to time/: the data behind a holiday_calendar, shared by the calendar's queries
// (calendar.cpp) and its reader (calendar_reader.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "breachclock/time/calendar.hpp"
#include "time/holiday_rule.hpp"

namespace breachclock {

namespace calendar_detail {

using date::local_days;

// What happens when a holiday falls on one of its substitution weekdays.
enum class substitution : unsigned char {
  none,
  move,  // the holiday moves to the next free working day (UK bank holidays)
  add,   // the next free working day is a holiday as well (Ontario Legislation Act s. 88)
  // A Saturday holiday is observed on the Friday before, a Sunday one on the Monday after, and
  // the weekend date is not a holiday (US federal, 5 U.S.C. 6103(b)).
  observed,
};

struct holiday_rule {
  std::string name;
  detail::date_rule rule;
  substitution subst = substitution::none;
  std::array<bool, 7> subst_on{};  // indexed by weekday c_encoding
  int since = -32767;
  int until = 32767;
};

struct dated_entry {
  civil_date date;
  std::string name;
  std::vector<citation> cite;  // the law or notice that made (or unmade) the day, if given
};

// Years whose holidays are computed once, at load (the years of breach-notification law, with
// room for long retention periods); others are computed on demand, with the same answers.
inline constexpr int k_first_cached_year = 1990;
inline constexpr int k_last_cached_year = 2099;

}  // namespace calendar_detail

struct holiday_calendar::data {
  using local_days = date::local_days;
  using holiday_rule = calendar_detail::holiday_rule;
  using dated_entry = calendar_detail::dated_entry;
  static inline constexpr int k_first_cached_year = calendar_detail::k_first_cached_year;
  static constexpr int k_last_cached_year = calendar_detail::k_last_cached_year;
  std::string id;
  std::string title;
  std::vector<citation> sources;
  confidence certainty = confidence::primary;
  std::vector<std::string> notes;
  std::optional<std::pair<int, int>> verified;
  std::array<bool, 7> non_working{};
  std::array<bool, 7> holiday_weekday{};
  std::vector<holiday_rule> rules;
  std::vector<dated_entry> added;
  std::vector<dated_entry> removed;
  std::vector<local_days> removed_days;  // the removed dates, sorted

  // A dated holiday, compactly: its name is names[name], with " (substitute day)" for a substitute
  // (" (observed)" for one of substitute = "observed"); names past the rules' are added dates'.
  struct entry {
    local_days day;
    std::uint32_t name;
    bool substitute;
  };
  std::vector<std::string> names;  // the rules' names, then the added dates'

  // Cache: every dated holiday of [k_first_cached_year, k_last_cached_year], sorted, and a flag
  // per day of that range. Built on first use (a rule set names calendars a run may never
  // consult); call_once makes that safe when threads share the calendar.
  struct cache_data {
    std::vector<entry> entries;
    std::vector<bool> flags;
  };
  static constexpr local_days cache_begin{date::year{k_first_cached_year} / 1 / 1};
  static constexpr local_days cache_end{date::year{k_last_cached_year + 1} / 1 / 1};  // exclusive
  mutable std::once_flag cache_once;
  mutable cache_data cache_store;
  const cache_data& cache() const {
    std::call_once(cache_once, [this] { build_cache(); });
    return cache_store;
  }

  // The index of `d` in the cache's flags, or nothing outside the cached years.
  static std::optional<std::size_t> cache_index(local_days d) {
    if (d < cache_begin || d >= cache_end) return std::nullopt;
    return static_cast<std::size_t>((d - cache_begin).count());
  }

  std::vector<entry> compute(int from, int to) const;
  holiday make_holiday(const entry& e) const {
    holiday h{civil_date{e.day}, names[e.name], e.substitute, {}};
    if (e.substitute) {
      const bool observed = e.name < rules.size() && rules[e.name].subst == calendar_detail::substitution::observed;
      h.name += observed ? " (observed)" : " (substitute day)";
    }
    if (e.name >= rules.size() && e.name - rules.size() < added.size()) h.cite = added[e.name - rules.size()].cite;
    return h;
  }
  std::vector<holiday> make_holidays(const std::vector<entry>& entries, int from, int to) const;
  void build_cache() const;
};

namespace calendar_detail {

// Answers "is this day a dated holiday?" for days walked one after another: from the cache in
// the cached years, else from the holidays of the day's year, computed once per year walked.
class dated_lookup {
 public:
  explicit dated_lookup(const holiday_calendar::data& d) : d_(d) {}
  bool dated(date::local_days x) {
    if (auto index = holiday_calendar::data::cache_index(x)) return d_.cache().flags[*index];
    const int y = static_cast<int>(civil_date{x}.year());
    if (y != year_) {
      year_ = y;
      days_.clear();
      for (const auto& e : d_.compute(y, y)) days_.push_back(e.day);  // sorted by day
    }
    return std::binary_search(days_.begin(), days_.end(), x);
  }

 private:
  const holiday_calendar::data& d_;
  int year_ = 0;  // no year: 0 is outside the days walked
  std::vector<date::local_days> days_;
};

}  // namespace calendar_detail

}  // namespace breachclock
