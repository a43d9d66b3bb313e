// breachclock/report/json.hpp: assessments as JSON, schema `breachclock.assessment/1`.
//
// The fields of DESIGN.md section 8 are a contract: tools outside the code read them. Output is
// deterministic: the same inputs give byte-identical JSON. Extra fields (confidence, kind of a
// trace step, the due time in the incident's zone) add to the contract and never change it.
//
//   std::cout << render_json(*assess(rules, incident, as_of));
#pragma once

#include <string>

#include "breachclock/engine/assessment.hpp"

namespace breachclock {

inline constexpr const char* k_assessment_schema = "breachclock.assessment/1";

// The assessment as a JSON document (indented by two spaces, ending with a newline).
std::string render_json(const assessment& a);

}  // namespace breachclock
