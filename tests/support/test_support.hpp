// Helpers shared by the unit tests.
#pragma once

#include <date/date.h>

#include <string>
#include <string_view>

#include "breachclock/diagnostic.hpp"
#include "breachclock/source_file.hpp"
#include "breachclock/time/calendar.hpp"
#include "breachclock/time/instant.hpp"
#include "breachclock/time/zone.hpp"

namespace breachclock::test {

// An instant from RFC 3339 text; fails the test on bad text.
instant at(std::string_view rfc3339);
// A civil day: day(2024, 3, 22).
date::local_days day(int y, unsigned m, unsigned d);
civil_date ymd(int y, unsigned m, unsigned d);
zone zone_named(std::string_view name);
// A bundled calendar by id.
const holiday_calendar& bundled_calendar(std::string_view id);
// The first diagnostic of a failed result, as `file:line:col: error: message`.
template <class T>
std::string first_error(const result<T>& r) {
  return r.diagnostics().empty() ? std::string("(no diagnostic)") : to_string(r.diagnostics().front());
}
// A file of the source tree, relative to its root.
std::string source_path(std::string_view relative);

}  // namespace breachclock::test
