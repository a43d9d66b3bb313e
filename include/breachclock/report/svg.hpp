// breachclock/report/svg.hpp: an assessment's deadlines as a timeline picture (SVG).
//
// A row per recipient; each fixed or dated deadline a diamond (filled: required, hollow:
// undetermined, red: overdue, dashed: provisional), each soft deadline an open-ended bar from its
// anchor, internal targets as small triangles; the incident's events as dashed lines and as_of
// as a solid line; deadlines far beyond the incident's span as arrows at the right edge with
// their date; a legend. Times are labelled in the incident's zone. Deterministic.
//
//   std::ofstream("timeline.svg") << render_svg(*assess(rules, incident, as_of));
#pragma once

#include <string>

#include "breachclock/engine/assessment.hpp"

namespace breachclock {

std::string render_svg(const assessment& a);

}  // namespace breachclock
