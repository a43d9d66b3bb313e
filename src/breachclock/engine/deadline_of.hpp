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

// The deadline of `o` (of `pack`, to the recipient `to`, null while unknown) with its status
// `state`, for the incident `bound` at `as_of`: counted from the anchor (or its fallback,
// provisional), with the policy target of `rules`; none for an obligation that does not apply.
// Appends to `warnings` what the assessment must say about it (a provisional or missing anchor,
// a deadline that cannot be computed).
deadline_result deadline_of(const obligation& o, const regime& pack, const authority* to, status state,
                            const rule_set& rules, const bound_data& bound, instant as_of,
                            std::vector<std::string>& warnings);

}  // namespace breachclock::detail
