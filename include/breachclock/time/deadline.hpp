// breachclock/time/deadline.hpp: the instant a period ends, counted as the law counts it.
//
// Hour periods are elapsed time from the anchor (`exact`), or from the beginning of the next
// hour (`next-hour`, Regulation (EEC) 1182/71 Art. 3(1)); they never roll over weekends or
// holidays. Day periods are civil, in a named zone: the anchor day is not counted and the period
// ends with the last second of its last day (23:59:59 local). Months and years land on the same
// day number, clamped to the month's end. A roll moves a last day that is not a working day
// (`next-business-day`) or is a holiday in law (`next-non-holiday`) to the next one that is.
//
//   deadline_rule r{*parse_period("72h")};
//   deadline d = *compute_deadline(aware, r, london, nullptr);
//   london.format(d.due);   // 72 hours later, with the offset in force then
//
//   deadline_rule s{calendar_days{1}, convention::exact, roll::next_non_holiday};
//   compute_deadline(sat_2026_02_28_minus_one_day, s, toronto, &ca_on)->due_date;  // 2026-02-28
#pragma once

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "breachclock/time/calendar.hpp"
#include "breachclock/time/instant.hpp"
#include "breachclock/time/period.hpp"
#include "breachclock/time/zone.hpp"

namespace breachclock {

enum class convention : unsigned char { exact, next_hour };
enum class roll : unsigned char { none, next_business_day, next_non_holiday };

const char* to_string(convention c) noexcept;  // "exact", "next-hour"
const char* to_string(roll r) noexcept;        // "none", "next-business-day", "next-non-holiday"
std::optional<convention> parse_convention(std::string_view text) noexcept;
std::optional<roll> parse_roll(std::string_view text) noexcept;
std::ostream& operator<<(std::ostream& os, convention c);
std::ostream& operator<<(std::ostream& os, roll r);

struct deadline_rule {
  period length;
  convention counting = convention::exact;
  roll rolling = roll::none;
  // A roll to a time of day: a due instant whose local day (in the zone) is not a working day
  // of the calendar (next-business-day) or is a holiday (next-non-holiday) moves to this time
  // of the next day that is, in the zone (`roll = "next-business-day", roll_to = "12:00"`).
  // Allowed for hour periods too (which otherwise never roll); minutes after local midnight,
  // 0-1439. A due instant on a working day is kept as it is.
  std::optional<std::chrono::minutes> roll_to = std::nullopt;
};

// A date fixed in the calendar: "March 1 of the following year" is {3, 1, 1}. The year counts
// from the anchor's local year. 29 February becomes 28 February in common years.
struct fixed_date_rule {
  unsigned month = 1;
  unsigned day = 1;
  int years_after = 0;
  roll rolling = roll::none;
};

struct deadline {
  instant due;                            // the last instant that is still on time
  instant counting_from;                  // the anchor, or the next full hour under next-hour
  std::optional<civil_date> due_date;     // day periods and fixed dates: the last day, in the zone
  std::optional<civil_date> rolled_from;  // the last day before a roll moved it
  std::optional<instant> unrolled_due;    // roll_to: the due instant before the roll moved it
  std::vector<std::string> warnings;      // past the 2037 zoneinfo horizon, days counted in UTC, ...
};

// "due 2024-03-24T09:00:00Z", with the due date for day periods: "due 2026-03-02T04:59:59Z (2026-03-01)".
std::ostream& operator<<(std::ostream& os, const deadline& d);

// Checks that a rule can be computed with `calendar` (which may be null): hour periods take
// no roll; business days and rolls need a calendar; next-hour is for hour periods only.
// Returns the fault, located at `origin`, or nothing.
std::optional<diagnostic> check_deadline_rule(const deadline_rule& rule, const holiday_calendar* calendar,
                                              const source_location& origin = {});
std::optional<diagnostic> check_fixed_date_rule(const fixed_date_rule& rule, const holiday_calendar* calendar,
                                                const source_location& origin = {});

// The end of `rule.length` counted from `anchor`, with civil days in `z` and working days and
// holidays from `calendar`. Fails as check_deadline_rule does, and at the bounds of the
// arithmetic: an anchor, a last day or a due instant outside the years 0001-9999 (code
// time.range), a walk over the calendar's days longer than 200 years (calendar.too-far).
// Never throws, never loops. A day period counted in UTC (z.is_utc()) carries a warning: its
// days are nobody's local days.
result<deadline> compute_deadline(instant anchor, const deadline_rule& rule, const zone& z,
                                  const holiday_calendar* calendar);

// "12:00" as minutes after midnight: exactly "HH:MM", from 00:00 to 23:59; nothing otherwise.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text) noexcept;

// A roll of a due instant (deadline_rule::roll_to, and the roll of a combined deadline): when the
// local day of `due` in `z` is not a working day of `calendar` (next-business-day) or is a
// holiday (next-non-holiday), the instant of local time `at` on the next day that is, or the end
// of that day when `at` is none; nothing when `due` needs no roll. A local time
// skipped or repeated by a change of offset takes its earliest instant (the first after a gap),
// so that a roll never gives more time than the law's words; the result then carries a warning.
// `calendar` must not be null unless `r` is none. Fails as compute_deadline does.
result<std::optional<deadline>> roll_to_time(instant due, roll r, std::optional<std::chrono::minutes> at, const zone& z,
                                             const holiday_calendar* calendar);

// The end (23:59:59 local in `z`) of the fixed date of `rule` after `anchor`, rolled if asked.
// Fails and warns as compute_deadline does.
result<deadline> compute_fixed_date(instant anchor, const fixed_date_rule& rule, const zone& z,
                                    const holiday_calendar* calendar);

}  // namespace breachclock
