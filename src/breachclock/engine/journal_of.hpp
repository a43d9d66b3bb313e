// Private: the journal's part of assess() (engine/journal.cpp): the incident as known at as_of,
// and the filing result of each duty.
#pragma once

#include <optional>

#include "engine/bound_data.hpp"

namespace breachclock::detail {

// The incident of `data` as given with only the journal entries at or before `as_of`, bound to
// `rules` (bind lays them over it: what was known at as_of), or none when its journal has no
// entry after `as_of` (`data` is then that incident already).
// Throws breachclock::error when the cut does not bind (assess() reports it).
std::optional<bound_incident> cut_at(const bound_data& data, const rule_set& rules, instant as_of);

// Sets out.filed from the first filing of out.rule->id that `data` records (the incident is cut
// at as_of), against out.deadline's due instant; a filed duty is not overdue.
void apply_filing(obligation_result& out, const bound_data& data);

}  // namespace breachclock::detail
