// breachclock/report/ics.hpp: deadlines as an iCalendar (RFC 5545) file.
//
// One VEVENT per dated deadline of an obligation that applies or may apply, and one per policy
// target; times in UTC; a UID stable per incident and obligation, so that importing a later
// assessment updates the events instead of duplicating them; alarms a day and two hours before.
// DTSTAMP is the assessment's as_of: the same inputs give the same file.
//
//   std::ofstream("deadlines.ics") << render_ics(assess(rules, incident, as_of));
#pragma once

#include <string>

#include "breachclock/engine/assessment.hpp"

namespace breachclock {

std::string render_ics(const assessment& a);

}  // namespace breachclock
