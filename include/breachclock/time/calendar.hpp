// breachclock/time/calendar.hpp: holiday calendars, kept as data.
//
// A calendar says which weekdays are not working days, which weekdays are holidays in law
// (Sunday, under Canadian and Ontario time-computation statutes), and which dated holidays fall
// in each year. The dated holidays come from rules in a TOML file (see docs/calendars.md):
// fixed dates, Easter offsets, nth or last weekday of a month, a weekday before or after a date,
// substitute days when a holiday falls on a non-working day (moved, added, or observed on the
// Friday before / Monday after), one-off added and removed dates with their citations.
//
//   holiday_calendar c = *parse_calendar(file_text, "rules/uk/calendars/gb-eaw.toml");
//   c.holidays(date::year{2022}, date::year{2022});      // 2022-01-03 New Year's Day (substitute day), ...
//   c.is_working_day(date::local_days{date::year{2022}/6/3});  // false: Platinum Jubilee
#pragma once

#include <date/date.h>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "breachclock/citation.hpp"
#include "breachclock/diagnostic.hpp"
#include "breachclock/time/instant.hpp"

namespace breachclock {

struct holiday {
  civil_date date;
  std::string name;
  // True for a day that is a holiday only because another holiday fell on a non-working day
  // (named "<holiday> (substitute day)", or "<holiday> (observed)" for substitute = "observed").
  bool substitute = false;
  // For a one-off [[added]] date, the citations its `cite` gives (the proclamation, the order);
  // empty for the days of the rules.
  std::vector<citation> cite;
  friend bool operator==(const holiday&, const holiday&) = default;
};

std::ostream& operator<<(std::ostream& os, const holiday& h);

class holiday_calendar {
 public:
  const std::string& id() const;
  const std::string& title() const;
  const std::vector<citation>& sources() const;
  confidence certainty() const;
  const std::vector<std::string>& notes() const;
  // The years whose holidays were checked against an authoritative list, if the file says.
  // Other years follow the rules and know no one-off holiday.
  std::optional<std::pair<int, int>> verified_years() const;
  // A warning text when the holidays of a year in [from, to] were not verified, else nothing.
  std::optional<std::string> unverified_warning(date::year from, date::year to) const;

  // Saturday and Sunday in every bundled calendar.
  bool is_non_working_weekday(date::weekday wd) const;
  // Weekdays that are holidays in law (Sunday in `ca` and `ca-on`); none in the UK calendars.
  bool is_holiday_weekday(date::weekday wd) const;

  // The dated holiday on `d` (a substitute day included), if any.
  std::optional<holiday> holiday_on(date::local_days d) const;
  // A holiday in law: a dated holiday, or a holiday weekday.
  bool is_holiday(date::local_days d) const;
  // Neither a non-working weekday nor a dated holiday.
  bool is_working_day(date::local_days d) const;
  // The |n|th working day after `from` (n > 0) or before it (n < 0); `from` itself for 0,
  // whether or not it is a working day. `from` is not counted: 1 working day after Friday
  // 2022-06-03 (a holiday in gb-eaw) is Monday 2022-06-06.
  // Fails (code calendar.too-far) when the count would pass 9999-12-31 or 0001-01-01, or
  // would look at more than max_scan_days days: far beyond any period of law (the period
  // parser allows 100 years), and a hard stop for any calendar built through the API.
  result<date::local_days> add_working_days(date::local_days from, int n) const;
  // `d` when it is a working day, else the next one (the roll next-business-day).
  // Fails as add_working_days does.
  result<date::local_days> next_working_day(date::local_days d) const;
  // `d` when it is not a holiday in law, else the next day that is not (next-non-holiday).
  // Fails as add_working_days does.
  result<date::local_days> next_non_holiday(date::local_days d) const;

  // The most days add_working_days, next_working_day and next_non_holiday look at: 200 years.
  static constexpr int max_scan_days = 200 * 366;

  // The dated holidays from the start of `from` to the end of `to`, sorted by date.
  std::vector<holiday> holidays(date::year from, date::year to) const;

  struct data;  // private to the implementation

 private:
  friend result<holiday_calendar> parse_calendar(std::string_view text, std::string_view path);
  explicit holiday_calendar(std::shared_ptr<const data> d) : data_(std::move(d)) {}
  std::shared_ptr<const data> data_;
};

// Parses a calendar file. Collects every error (unknown keys, bad rules with the column inside
// the rule text, removed dates that are not holidays, ...) before failing.
// A calendar is refused (code calendar.no-working-day) when some year from 0001 to 9999 has no
// working day, or no day that is not a holiday in law: business days and rolls could then
// never end. At most max_holiday_rules [[holiday]] rules and max_dated_entries added and
// removed dates (code limit.calendar).
result<holiday_calendar> parse_calendar(std::string_view text, std::string_view path);
inline constexpr std::size_t max_holiday_rules = 200;
inline constexpr std::size_t max_dated_entries = 1000;

// Monday..Sunday, lower case: "monday".
std::string weekday_name(date::weekday wd);

}  // namespace breachclock
