// breachclock/report/markdown.hpp: an assessment as a Markdown report for counsel.
//
// The incident's scope, a summary, the obligations that apply or may apply by jurisdiction
// (each with its deadline, the trace of its conditions and exceptions, citations as links, the
// notice's contents as a checklist and the notes), the open questions, the duties that do not
// apply (those outside the scope counted per jurisdiction), warnings, and the rule-set digest.
//
//   std::ofstream("report.md") << render_markdown(*assess(rules, incident, as_of));
#pragma once

#include <string>
#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/engine/journal.hpp"

namespace breachclock {

std::string render_markdown(const assessment& a);

// The same, with a section "## Decision log" (engine/journal.hpp decision_log of the incident
// up to a.as_of): each change of a duty's status with what was learned, each filing (on time or
// late) and each request, in the log's order.
std::string render_markdown(const assessment& a, const std::vector<decision>& log);

}  // namespace breachclock
