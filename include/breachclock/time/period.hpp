// breachclock/time/period.hpp: the lengths of time that laws give, as distinct types.
//
// "72 hours" is elapsed time: a number of seconds from an instant, blind to calendars.
// "5 business days", "24 months" are civil: counted in days of a named zone and calendar.
// Each kind is its own type, so an elapsed length can never be added where days are meant;
// `period` holds any one of them, as written in a rule file or on the command line.
//
//   period p = *parse_period("72h");             // elapsed_time{72h}
//   period q = *parse_period("5 business days"); // business_days{5}
//   to_string(q);                                // "5 business days"
//   parse_period("5 fortnights");                // error: unknown unit 'fortnights' ...
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>

#include "breachclock/diagnostic.hpp"

namespace breachclock {

// Hours and minutes: elapsed time from the anchor instant.
struct elapsed_time {
  std::chrono::minutes length{0};
  friend bool operator==(const elapsed_time&, const elapsed_time&) = default;
};
// Calendar days: the anchor day is not counted; the period ends at the end of its last day.
struct calendar_days {
  int count = 0;
  friend bool operator==(const calendar_days&, const calendar_days&) = default;
};
// Working days of a calendar: not its non-working weekdays, not its holidays.
struct business_days {
  int count = 0;
  friend bool operator==(const business_days&, const business_days&) = default;
};
struct calendar_weeks {
  int count = 0;
  friend bool operator==(const calendar_weeks&, const calendar_weeks&) = default;
};
// Months land on the same day number, clamped to the month's last day.
struct calendar_months {
  int count = 0;
  friend bool operator==(const calendar_months&, const calendar_months&) = default;
};
struct calendar_years {
  int count = 0;
  friend bool operator==(const calendar_years&, const calendar_years&) = default;
};

using period =
    std::variant<elapsed_time, calendar_days, business_days, calendar_weeks, calendar_months, calendar_years>;

// True for hours and minutes, false for the civil kinds.
bool is_elapsed(const period& p) noexcept;

// Parses the PERIOD syntax: `<n>h`, `<n>min`, `<n> days`, `<n> business days`, `<n> weeks`,
// `<n> months`, `<n> years`; short forms `d`, `bd`, `w`, `mo`, `y`; singular and long forms
// (`1 day`, `72 hours`, `90 minutes`) too. `n` is a whole number from 1; a period longer than
// 100 years is refused. Errors point at the column of the fault within `text`, from `origin`.
result<period> parse_period(std::string_view text, const source_location& origin = {});

// The canonical text: `72h`, `90min`, `1 day`, `5 business days`, `24 months`.
std::string to_string(const period& p);
std::ostream& operator<<(std::ostream& os, const period& p);

}  // namespace breachclock
