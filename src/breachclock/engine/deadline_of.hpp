// The deadline of one obligation, for the assessor (engine/assessment.cpp); private to the engine.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "engine/bound_data.hpp"

namespace breachclock::detail {

// The pieces joined, in one allocation.
std::string joined(std::initializer_list<std::string_view> pieces);

// Appends the pieces joined as one warning (and room for a few more, on the first).
void add_warning(std::vector<std::string>& warnings, std::initializer_list<std::string_view> pieces);

// A warning about a deadline's anchor, kept apart so that the same one for many duties is told
// once ("3 deadlines count from 'detected' while 'aware' is unknown").
struct anchor_warning {
  enum class kind : unsigned char { provisional, retention, none };
  kind what = kind::provisional;
  std::string_view from;  // the event the rule names
  std::string_view used;  // the fallback used (provisional, retention)
  std::string_view id;    // the obligation
};

struct warning_log {
  std::vector<std::string> text;
  std::vector<anchor_warning> anchors;
};

// The anchor warnings as sentences, one per kind and pair of events (in the order of their
// first), each naming its obligations; a warning that concerns one duty is worded as before.
void fold_anchor_warnings(const std::vector<anchor_warning>& anchors, std::vector<std::string>& out);

// The event a deadline counts from, for choosing versions and scope: its anchor when that is an
// event, else the first limit's that is; empty when it counts from filings or requests only.
std::string_view anchor_event(const deadline_spec& spec) noexcept;

// The deadline of `o` (of `pack`, to the recipient `to`, null while unknown) with its status
// `state`, for the incident `bound` at `as_of`: counted from the anchor (or its fallback,
// provisional), with the policy target of `rules`; none for an obligation that does not apply.
// Appends to `log` what the assessment must say about it (a provisional or missing anchor, a
// deadline that cannot be computed).
deadline_result deadline_of(const obligation& o, const regime& pack, const authority* to, status state,
                            const rule_set& rules, const bound_data& bound, instant as_of, warning_log& log);

}  // namespace breachclock::detail
