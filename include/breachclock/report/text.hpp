// breachclock/report/text.hpp: assessments as text for people.
//
// render_text gives the table a responder reads first: status, obligation, recipient, due in
// the authority's zone and in the incident's, and time left, then the open questions and
// warnings. render_explanation tells one obligation's story: each condition and exception with
// its value and citation, the deadline and how it was counted, the notice's contents.
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
