// Helpers shared by the unit tests.
#pragma once

#include <date/date.h>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

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
// Source files from (relative path, text) pairs, plus the bundled calendars unless the pairs
// give a calendars/ file of their own.
std::vector<source_file> files_of(const std::map<std::string, std::string>& texts);
// The texts of every diagnostic, as `file:line:col: severity: message`.
std::vector<std::string> messages(const std::vector<diagnostic>& ds);

// A file of the source tree, relative to its root.
std::string source_path(std::string_view relative);
// Every example incident file: examples/incidents and each module's rules/<module>/examples,
// sorted by path.
std::vector<std::filesystem::path> example_incident_paths();
// The path of the example incident with this file name ("cwu-2024.toml"), in whichever of those
// folders it is.
std::string example_incident(std::string_view file);

}  // namespace breachclock::test
