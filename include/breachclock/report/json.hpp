// breachclock/report/json.hpp: assessments, deadlines and holidays as JSON.
//
// render_json writes an assessment as schema `breachclock.assessment/1`; render_deadline_json
// and render_holidays_json write what `breachclock deadline` and `breachclock calendar` print
// with `--format json` (the diff document, `breachclock.diff/1`, is in report/diff.hpp). The
// fields (DESIGN.md sections 7 and 8, docs/json.md, docs/time.md) are a contract: tools outside
// the code read them. Output is deterministic: the same inputs give byte-identical JSON, indented
// by two spaces and ending with a newline. Extra fields (confidence, kind of a trace step, the
// due time in the incident's zone) add to the contract and never change it. Text that is not
// valid UTF-8 (possible only in values built in code) is written with U+FFFD in its place.
//
//   std::cout << render_json(*assess(rules, incident, as_of));
//   std::cout << render_deadline_json(from, rule, zone, nullptr, *compute_deadline(from, rule, zone, nullptr));
#pragma once

#include <string>
#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/time/calendar.hpp"
#include "breachclock/time/deadline.hpp"

namespace breachclock {

inline constexpr const char* k_assessment_schema = "breachclock.assessment/1";

// The assessment as a JSON document.
std::string render_json(const assessment& a);

// A deadline `d` computed by compute_deadline(from, rule, z, calendar) (`calendar` may be null),
// as one object: from, due, due_local (in z), due_date (day periods and dates only), zone,
// period, convention, roll, calendar (its id, or null), counting_from, rolled_from (or null),
// warnings.
std::string render_deadline_json(instant from, const deadline_rule& rule, const zone& z,
                                 const holiday_calendar* calendar, const deadline& d);

// Holidays (holiday_calendar::holidays) as an array of {date, name, substitute}, in order.
std::string render_holidays_json(const std::vector<holiday>& holidays);

}  // namespace breachclock
