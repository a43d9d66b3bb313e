// breachclock/report/text.hpp: assessments as text for people.
//
// render_text gives what a responder reads first: the incident's scope, a count of the duties,
// then those that apply or may apply grouped by jurisdiction (the group with the soonest due
// first; within it by due, then id), as a table of status, obligation, due in the authority's
// zone (and in the incident's when it differs) and time left, each row followed by its
// recipient, a provisional anchor, a policy target and what it depends on; then the regimes'
// confidence, the duties that do not apply (those outside the scope counted per jurisdiction),
// the open questions and the warnings, both in the assessment's order. render_explanation tells
// one obligation's story: each condition and exception with its value and citation, the
// deadline and how it was counted, the notice's contents.
//
// Every text fits 100 display columns (code points): long fields and lists wrap at word
// boundaries with a hanging indent; an id, a name or a link is never cut, and one wider than
// the line takes a line of its own, whole.
//
//   std::cout << render_text(a, text_options{.color = isatty(1) && !getenv("NO_COLOR")});
#pragma once

#include <string>

#include "breachclock/engine/assessment.hpp"

namespace breachclock {

struct text_options {
  bool color = false;  // ANSI colours; callers decide (a terminal, and NO_COLOR unset)
};

std::string render_text(const assessment& a, const text_options& options = {});
std::string render_explanation(const assessment& a, const obligation_result& o, const text_options& options = {});
std::string render_questions(const assessment& a, const text_options& options = {});

// "2d 03h 15m", "45m", "-1d 02h 00m" (overdue).
std::string format_duration(std::int64_t seconds);
// "Sun 24 Mar 2024 09:00 GMT" in `z`.
std::string format_readable(instant t, const zone& z);

}  // namespace breachclock
