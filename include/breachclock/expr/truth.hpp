// breachclock/expr/truth.hpp: three-valued (Kleene) truth, the one algebra of the library.
//
// A condition about an incident may be true, false or unknown (a fact it reads is not known).
// The connectives are Kleene's strong ones: `false and unknown` is false, `true or unknown` is
// true, `not unknown` is unknown; otherwise unknown stays unknown. Conjunction and disjunction
// are commutative, associative, idempotent and obey De Morgan's laws (tests/unit/expr/truth_test.cpp
// checks every combination). The evaluator (expr/evaluator.hpp) and the engine
// (engine/assessment.hpp) combine truths only through these functions.
//
// Contract: every function here is total (any tri value, including a value read from a `truth`
// that was never assigned) and noexcept; the `tri` ones are constexpr. A `truth` carries, when
// unknown, the facts whose values would decide it; a decided truth (yes or no) carries none.
//
//   using namespace breachclock::expr;
//   static_assert(conjoin(tri::no, tri::unknown) == tri::no);
//   static_assert(implies(tri::no, tri::unknown) == tri::yes);
//   truth t = conjoin(evaluate(a, facts), evaluate(b, facts));   // unknown facts of both
#pragma once

#include <bitset>
#include <cstddef>
#include <iosfwd>
#include <vector>

#include "breachclock/facts/schema.hpp"

namespace breachclock {

enum class tri : unsigned char { no, yes, unknown };

// "false", "true", "unknown".
constexpr const char* to_string(tri t) noexcept {
  switch (t) {
    case tri::no: return "false";
    case tri::yes: return "true";
    case tri::unknown: break;
  }
  return "unknown";
}
std::ostream& operator<<(std::ostream& os, tri t);

}  // namespace breachclock

namespace breachclock::expr {

// ---- tri ------------------------------------------------------------------------------------

constexpr tri to_tri(bool b) noexcept { return b ? tri::yes : tri::no; }

// not: yes <-> no, unknown stays unknown.
constexpr tri negate(tri a) noexcept {
  if (a == tri::yes) return tri::no;
  if (a == tri::no) return tri::yes;
  return tri::unknown;
}

// and: no if either is no; yes if both are yes; unknown otherwise.
constexpr tri conjoin(tri a, tri b) noexcept {
  if (a == tri::no || b == tri::no) return tri::no;
  if (a == tri::yes && b == tri::yes) return tri::yes;
  return tri::unknown;
}

// or: yes if either is yes; no if both are no; unknown otherwise.
constexpr tri disjoin(tri a, tri b) noexcept {
  if (a == tri::yes || b == tri::yes) return tri::yes;
  if (a == tri::no && b == tri::no) return tri::no;
  return tri::unknown;
}

// a implies b: (not a) or b.
constexpr tri implies(tri a, tri b) noexcept { return disjoin(negate(a), b); }

// ---- truth: a tri and, when unknown, the facts that would decide it ---------------------------

// Facts by index in fact_schema::facts().
using fact_set = std::bitset<k_max_facts>;

// The indices set in `s`, ascending.
std::vector<std::size_t> members(const fact_set& s);

struct truth {
  tri value = tri::unknown;
  fact_set unknown_facts;  // when unknown: the facts whose values would decide it
};

// A decided truth.
inline truth truth_of(bool b) noexcept { return truth{to_tri(b), {}}; }

// not: the value negated, the deciding facts kept.
inline truth negate(truth t) noexcept {
  t.value = negate(t.value);
  return t;
}

// and / or of two truths; an unknown result carries the deciding facts of the unknown operands
// (a decided operand decides nothing).
inline truth conjoin(const truth& a, const truth& b) noexcept {
  truth out{conjoin(a.value, b.value), {}};
  if (out.value == tri::unknown) {
    if (a.value == tri::unknown) out.unknown_facts |= a.unknown_facts;
    if (b.value == tri::unknown) out.unknown_facts |= b.unknown_facts;
  }
  return out;
}
inline truth disjoin(const truth& a, const truth& b) noexcept {
  truth out{disjoin(a.value, b.value), {}};
  if (out.value == tri::unknown) {
    if (a.value == tri::unknown) out.unknown_facts |= a.unknown_facts;
    if (b.value == tri::unknown) out.unknown_facts |= b.unknown_facts;
  }
  return out;
}

// Accumulators: the and (all) or the or (any) of every truth added; empty, true and false.
struct conjunction {
  truth value{tri::yes, {}};
  void add(const truth& t) noexcept { value = conjoin(value, t); }
};
struct disjunction {
  truth value{tri::no, {}};
  void add(const truth& t) noexcept { value = disjoin(value, t); }
};

}  // namespace breachclock::expr
