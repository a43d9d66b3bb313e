// breachclock/expr/analysis.hpp: static questions about checked conditions.
//
// `satisfiable` answers "is there an incident for which all these conditions are true?" by
// trying every combination of the values that matter: for each fact the conditions read, the
// values they mention (each bool, each enum value, numbers around each literal, the mentioned
// members of a set), and unknown only for a fact that known() reads (Kleene logic is monotone:
// elsewhere an unknown that satisfies the conditions could as well be any value). The rule loader uses it to find an
// exception that can never apply next to its obligation's conditions.
//
//   satisfiable({&when, &exception}, schema);   // satisfiability::no: the exception is dead
#pragma once

#include <cstddef>
#include <vector>

#include "breachclock/expr/condition.hpp"

namespace breachclock::expr {

enum class satisfiability : unsigned char { yes, no, too_large };

// Work shared by many searches: each combination tried costs one step per node of the
// conditions evaluated. A search that would need more steps than remain stops with too_large.
struct search_budget {
  std::size_t steps = 0;  // what remains
};

// At most `budget` combinations are tried; beyond that the answer is too_large. Every condition
// must be non-null, not empty and compiled against `schema` (the same number of facts and
// events): throws breachclock::error (codes expr.empty, expr.schema-mismatch) otherwise.
satisfiability satisfiable(const std::vector<const condition*>& conditions, const fact_schema& schema,
                           std::size_t budget = 100'000);
// The same, also drawing its steps from `shared` (and answering too_large when it runs out).
satisfiability satisfiable(const std::vector<const condition*>& conditions, const fact_schema& schema,
                           search_budget& shared, std::size_t budget = 100'000);

}  // namespace breachclock::expr
