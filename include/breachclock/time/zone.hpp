// breachclock/time/zone.hpp: named IANA time zones, and the only way between local and UTC time.
//
// A `zone` is a handle to the zone of a place in the system's zoneinfo database, found by its
// IANA name (`Europe/London`, `America/Toronto`), or to UTC. Converting a local time to an instant is a lookup
// that may find one instant, none (the local time was skipped when clocks went forward) or two
// (it was repeated when clocks went back). Like cctz, we say which: a skipped or repeated time is
// an error naming the zone and the transition, unless the caller chose `earliest` or `latest`.
//
//   zone london = *zone::locate("Europe/London");
//   auto t = london.resolve(date::local_days{date::year{2023}/3/24} + std::chrono::hours{10});
//   london.format(*t + std::chrono::hours{72});  // "2023-03-27T11:00:00+01:00"
//   london.resolve(local 2023-03-26T01:30)       // error: skipped (clocks went forward at 01:00)
#pragma once

#include <date/date.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "breachclock/diagnostic.hpp"
#include "breachclock/time/instant.hpp"

namespace date {
class time_zone;
}  // namespace date

namespace breachclock {

// What to do with a local time that is skipped or repeated.
//  reject:   an error naming the zone and the transition (the default everywhere).
//  earliest: a repeated time takes its first (earlier) instant; a skipped time takes the
//            transition instant, the first instant after the gap.
//  latest:   a repeated time takes its second (later) instant; a skipped time, as earliest.
enum class choose : unsigned char { reject, earliest, latest };

const char* to_string(choose c) noexcept;
std::ostream& operator<<(std::ostream& os, choose c);

class zone {
 public:
  // Finds the zone of a place by IANA name: Area/Location[/...] in one of the tz database's areas
  // of continents and oceans (Africa, America, Antarctica, Arctic, Asia, Atlantic, Australia,
  // Europe, Indian, Pacific), or UTC / Etc/UTC for whoever means UTC itself (a day period
  // counted in UTC then carries a warning: see deadline.hpp).
  // Refuses (code time.not-a-place), saying what to write instead: `localtime` (the machine's
  // own zone), `posixrules`, abbreviations and zones of rules (`BST`, `GMT`, `EST`, `CET`,
  // `EST5EDT`), fixed offsets (`Etc/GMT+5`), and the tz database's old aliases outside those
  // areas (`GB`, `US/Eastern`, `Canada/Eastern`: write the zone the alias stands for).
  // Fails with "unknown time zone" (code time.unknown-zone), and a did-you-mean, when the
  // system's zoneinfo has no such zone.
  static result<zone> locate(std::string_view name, const source_location& origin = {});
  // The UTC zone.
  static zone utc();

  const std::string& name() const;
  // True for UTC and Etc/UTC, the zones that are not a place's.
  bool is_utc() const;

  // The UTC offset in force at `t`.
  std::chrono::seconds offset_at(instant t) const;
  // The zone's abbreviation at `t` ("BST", "EST").
  std::string abbreviation_at(instant t) const;

  local_time to_local(instant t) const;
  date::local_days local_day(instant t) const;

  // The instant of a local time: one instant, or an error (code time.skipped or time.repeated)
  // naming the zone and the transition unless `how` chooses.
  result<instant> resolve(local_time t, choose how = choose::reject, const source_location& origin = {}) const;

  // The first instant whose local date is `d` (midnight, or the end of a gap that swallowed it).
  instant start_of_day(date::local_days d) const;
  // The last second whose local date is `d`: 23:59:59 local on ordinary days.
  instant end_of_day(date::local_days d) const;

  // `2023-03-27T11:00:00+01:00`: the local time with its offset (`+hh:mm:ss` for the rare
  // historical offsets that are not whole minutes).
  std::string format(instant t) const;

  // For instants past the last transition the system zoneinfo files record (2037), date/tz
  // keeps the last offset forever; a zone that still observed daylight saving then has lost
  // its rules. Returns a warning text for such an instant, nothing otherwise.
  std::optional<std::string> horizon_warning(instant t) const;

  friend bool operator==(const zone& a, const zone& b) noexcept { return a.tz_ == b.tz_; }

 private:
  explicit zone(const date::time_zone* tz) : tz_(tz) {}
  const date::time_zone* tz_;
};

std::ostream& operator<<(std::ostream& os, const zone& z);

// Parses a TIME: RFC 3339 with an offset or `Z`, or a local date-time (no offset), which is
// resolved in `z` as zone::resolve does.
result<instant> parse_time(std::string_view text, const zone& z, choose how = choose::reject,
                           const source_location& origin = {});

}  // namespace breachclock
