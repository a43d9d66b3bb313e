// Proposed law for the assessor (engine/assessment.cpp): which duties an assessment takes under
// assess_options::proposed, and where the proposed results go; private to the engine.
#pragma once

#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "engine/deadline_of.hpp"

namespace breachclock::detail {

using proposed_law = assess_options::proposed_law;

// The duties to assess, in id order. exclude: rules.duties(). beside: those and every proposed
// duty, a proposed one just after the duty in force of its id. enact: the law as the proposals
// would make it: a proposed duty in place of the duty in force of its id; the redirects to
// substitutes recomputed for that law.
// `view` holds the list when it is not rules.duties() (the reference returned is to one of them).
const std::vector<duty>& duties_under(const rule_set& rules, proposed_law mode, std::vector<duty>& view);

// beside: a proposed result, which the questions (the law in force's) leave out.
inline bool beside_only(const obligation_result& r, proposed_law mode) {
  return r.proposed && mode == proposed_law::beside;
}

// Whether obligation `o` is part of the law the assessment reads for its unknown facts and
// events: the law in force (exclude, beside) or the enacted law (enact).
bool reads(const rule_set& rules, const obligation& o, proposed_law mode);

// beside: moves each proposed result whose id has a result in force to just after it (the
// others, proposed new duties, stay at their sorted place), and drops the warnings told twice
// (a proposed amendment's, which read as those of the duty in force of its id).
void place_beside(std::vector<obligation_result>& sorted, warning_log& log);

// Lex specialis: the exception of `o` that displaces it (displaced_by), when one holds and the
// duty would otherwise not be ruled out: `before` (its regime, window and `when`) is not false.
// The displacing law governs whatever other exception also holds. Null otherwise.
const exception_rule* displacement(const obligation& o, const expr::fact_table& facts, tri before);

}  // namespace breachclock::detail
