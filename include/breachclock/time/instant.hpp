// breachclock/time/instant.hpp: absolute instants and civil dates, and their text forms.
//
// An `instant` is a point on the UTC time line with one-second resolution (date::sys_seconds).
// A `civil_date` is a day on the proleptic Gregorian calendar with no time zone
// (date::year_month_day). The two never convert into each other without a named zone:
// see zone.hpp.
//
//   result<instant> t = parse_rfc3339("2024-03-22T16:00:00+00:00");
//   format_utc(*t);                           // "2024-03-22T16:00:00Z"
//   format_date(date::year{2024}/3/22);       // "2024-03-22"
#pragma once

#include <date/date.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "breachclock/diagnostic.hpp"

namespace breachclock {

using instant = date::sys_seconds;
using civil_date = date::year_month_day;
using local_time = date::local_seconds;

// The instants breachclock reads, computes and writes: years 0001 to 9999, the four-digit years
// of RFC 3339 and iCalendar. A time outside them is refused where it is read, and a deadline
// that would end outside them is an error (code time.range), never a garbled date.
inline constexpr instant earliest_instant{date::sys_days{date::year{1} / 1 / 1}};
inline constexpr instant latest_instant{date::sys_days{date::year{10000} / 1 / 1} - std::chrono::seconds{1}};

// An error (time.range) located at `origin` when `t` is outside [earliest_instant,
// latest_instant], naming it as `what` ("the deadline"); nothing otherwise.
std::optional<diagnostic> check_instant_range(instant t, std::string_view what, const source_location& origin = {});

// Parses an RFC 3339 date-time that carries its offset: `2024-03-21T09:00:00Z`,
// `2024-03-21T10:00:00+01:00`. Seconds may be omitted (`09:00Z`); fractional seconds are accepted
// and truncated towards the past (a deadline anchor is never moved later). Fails, with a
// diagnostic located at `origin` plus the column of the fault, for anything else, including a
// local time without offset (use parse_time in zone.hpp for those), the year 0000, and an
// instant outside the years 0001-9999 once the offset is applied (code time.range).
result<instant> parse_rfc3339(std::string_view text, const source_location& origin = {});

// A parsed date-time before any zone is applied: an instant when the text had an offset,
// a local time when it did not. Same grammar and errors as parse_rfc3339.
using time_text = std::variant<instant, local_time>;
result<time_text> parse_time_text(std::string_view text, const source_location& origin = {});

// Parses `YYYY-MM-DD`, years 0001 to 9999.
result<civil_date> parse_date(std::string_view text, const source_location& origin = {});

// `2024-03-21T09:00:00Z`.
std::string format_utc(instant t);
// `2024-03-21`.
std::string format_date(civil_date d);
// `2024-03-21T09:00:00` (a local time, no offset).
std::string format_local(local_time t);

}  // namespace breachclock
