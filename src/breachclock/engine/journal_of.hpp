// Private: the journal's part of assess() (engine/journal.cpp): the incident as known at as_of,
// and the filing result of each duty.
#pragma once

#include <optional>

#include "engine/bound_data.hpp"

namespace breachclock::detail {

// The incident as it was known at `as_of` (incident::known_at), or none when `i` is already
// that incident (no journal, or one already cut at as_of): then it is assessed as it is.
std::optional<incident> known_at_if_other(const incident& i, instant as_of);

// Sets out.filed from the first filing of out.rule->id that `data` records (the incident is cut
// at as_of), against out.deadline's due instant; a filed duty is not overdue.
void apply_filing(obligation_result& out, const bound_data& data);

}  // namespace breachclock::detail
