// The incident's scope for the assessor (engine/assessment.cpp), and the warnings about its
// times; private to the engine.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "engine/bound_data.hpp"

namespace breachclock::detail {

// The reason and (empty) citations of the trace step of a duty outside the scope.
extern const std::string k_outside_scope;
extern const std::vector<citation> k_no_citations;

// Whether the incident's scope covers each regime, decided once per regime of one assessment,
// unless a union is involved: then at the instant that chooses the duty (its version's event, or
// its deadline's anchor), since membership changes with time (the United Kingdom left the EU).
class scope_cache {
 public:
  // 1: inside, 0: outside, -1: it depends on the instant (ask covers_at). The incident of
  // `bound` must have a scope; `r` is one of rules.regimes().
  int decide(const rule_set& rules, const bound_data& bound, const regime& r);
  static bool covers_at(const rule_set& rules, const bound_data& bound, const regime& r, instant at);

 private:
  std::vector<signed char> known_;  // by regime: -2 not yet decided, else what decide() says
};

// The trace step that tells whether a regime is within the incident's scope.
trace_entry scope_step(const regime& pack, bool inside);

// Fills `out` (rule, pack and recipient set) for a duty outside the scope: not required, its
// deadline's kind, anchor name, text and zone, and nothing computed.
void outside_scope(const obligation& o, const regime& pack, const incident& i, obligation_result& out);

// A duty outside the scope: its index in rules.duties() and the index of the version shown.
struct outside_duty {
  std::uint32_t duty = 0;
  std::uint32_t version = 0;
};

// Merges the results of the duties `outside` (in id order, none with a due) into `sorted` (by
// due, none last, then id), each written in place as outside_scope() says, with its trace step
// (steps[j] for outside[j]; none when `steps` is empty).
void merge_outside(std::vector<obligation_result>& sorted, const std::vector<duty>& duties,
                   const std::vector<outside_duty>& outside, const incident& i, std::span<const trace_entry> steps);

// Times that are valid but probably mistyped: an event after as_of, an event before one of its
// fallbacks (bind() words these), and an as_of far after every event.
void plausibility_warnings(const bound_data& bound, instant as_of, std::vector<std::string>& out);

}  // namespace breachclock::detail
