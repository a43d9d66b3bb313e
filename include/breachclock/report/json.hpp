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
// An assessment may also be written compact, on one line (NDJSON: one document a line), and
// without its explanation trace (each `because` empty); docs/json.md says what each changes.
//
//   std::cout << render_json(*assess(rules, incident, as_of));
//   std::string line;
//   append_json(line, *assess(rules, incident, as_of), {.compact = true});   // "{...}\n"
//   std::cout << render_deadline_json(from, rule, zone, nullptr, *compute_deadline(from, rule, zone, nullptr));
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "breachclock/engine/assessment.hpp"
#include "breachclock/time/calendar.hpp"
#include "breachclock/time/deadline.hpp"

namespace breachclock {

inline constexpr const char* k_assessment_schema = "breachclock.assessment/1";

// How an assessment is written as JSON.
struct json_options {
  // One line with no space between tokens (and a newline after it), instead of indented by two
  // spaces: the same document, as NDJSON writes one a line.
  bool compact = false;
  // The explanation trace: each obligation's `because` steps. False writes every `because` as an
  // empty array (the document stays valid against schemas/assessment.schema.json).
  bool trace = true;
};

// The assessment as a JSON document: indented, with the trace.
std::string render_json(const assessment& a);
// ... written as `options` say.
std::string render_json(const assessment& a, const json_options& options);
// Appends the document render_json(a, options) returns to `out` (a buffer reused from one
// assessment to the next saves its allocations).
void append_json(std::string& out, const assessment& a, const json_options& options);

// The schema of the line that stands, in a batch of assessments (NDJSON), for an input that
// could not be assessed.
inline constexpr const char* k_error_schema = "breachclock.error/1";

// Appends one compact line (ending with a newline) saying why `input` (a file, or `-:LINE`)
// could not be assessed: {"schema": "breachclock.error/1", "input", "diagnostics": [{"file",
// "line", "col", "severity", "code", "message"}]}, the diagnostics in order; a line, column or
// file that is not known (0, or empty) is null.
void append_error_json(std::string& out, std::string_view input, const std::vector<diagnostic>& ds);

// A deadline `d` computed by compute_deadline(from, rule, z, calendar) (`calendar` may be null),
// as one object: from, due, due_local (in z), due_date (day periods and dates only), zone,
// period, convention, roll, calendar (its id, or null), counting_from, rolled_from (or null),
// warnings.
std::string render_deadline_json(instant from, const deadline_rule& rule, const zone& z,
                                 const holiday_calendar* calendar, const deadline& d);

// Holidays (holiday_calendar::holidays) as an array of {date, name, substitute}, in order.
std::string render_holidays_json(const std::vector<holiday>& holidays);

}  // namespace breachclock
