#include <catch2/catch.hpp>

#include <array>
#include <sstream>
#include <string>

#include "breachclock/expr/truth.hpp"

using namespace breachclock;
using namespace breachclock::expr;

namespace {

constexpr std::array<tri, 3> k_all{tri::no, tri::yes, tri::unknown};

// The tables as Kleene wrote them, in the order no, yes, unknown, independent of the code.
//            b:  no            yes           unknown
constexpr tri k_and[3][3] = {{tri::no, tri::no, tri::no},             // a = no
                             {tri::no, tri::yes, tri::unknown},       // a = yes
                             {tri::no, tri::unknown, tri::unknown}};  // a = unknown
constexpr tri k_or[3][3] = {{tri::no, tri::yes, tri::unknown},
                            {tri::yes, tri::yes, tri::yes},
                            {tri::unknown, tri::yes, tri::unknown}};
constexpr tri k_implies[3][3] = {{tri::yes, tri::yes, tri::yes},
                                 {tri::no, tri::yes, tri::unknown},
                                 {tri::unknown, tri::yes, tri::unknown}};
constexpr tri k_not[3] = {tri::yes, tri::no, tri::unknown};

constexpr std::size_t ix(tri t) { return t == tri::no ? 0 : t == tri::yes ? 1 : 2; }

// The algebra is usable at compile time.
static_assert(conjoin(tri::no, tri::unknown) == tri::no);
static_assert(disjoin(tri::unknown, tri::yes) == tri::yes);
static_assert(negate(tri::unknown) == tri::unknown);
static_assert(implies(tri::no, tri::unknown) == tri::yes);
static_assert(to_tri(true) == tri::yes && to_tri(false) == tri::no);
static_assert(std::string_view(to_string(tri::unknown)) == "unknown");

fact_set facts_of(std::initializer_list<std::size_t> ids) {
  fact_set s;
  for (std::size_t i : ids) s.set(i);
  return s;
}

}  // namespace

TEST_CASE("truth: the 9 combinations of and, or, implies and the 3 of not", "[expr][truth]") {
  for (tri a : k_all) {
    CAPTURE(to_string(a));
    CHECK(negate(a) == k_not[ix(a)]);
    for (tri b : k_all) {
      CAPTURE(to_string(b));
      CHECK(conjoin(a, b) == k_and[ix(a)][ix(b)]);
      CHECK(disjoin(a, b) == k_or[ix(a)][ix(b)]);
      CHECK(implies(a, b) == k_implies[ix(a)][ix(b)]);
    }
  }
}

TEST_CASE("truth: De Morgan, double negation and the lattice laws", "[expr][truth]") {
  for (tri a : k_all) {
    CHECK(negate(negate(a)) == a);
    CHECK(conjoin(a, a) == a);  // idempotent
    CHECK(disjoin(a, a) == a);
    CHECK(conjoin(a, tri::yes) == a);  // identities
    CHECK(disjoin(a, tri::no) == a);
    CHECK(conjoin(a, tri::no) == tri::no);  // annihilators
    CHECK(disjoin(a, tri::yes) == tri::yes);
    for (tri b : k_all) {
      CHECK(negate(conjoin(a, b)) == disjoin(negate(a), negate(b)));
      CHECK(negate(disjoin(a, b)) == conjoin(negate(a), negate(b)));
      CHECK(conjoin(a, b) == conjoin(b, a));
      CHECK(disjoin(a, b) == disjoin(b, a));
      CHECK(implies(a, b) == disjoin(negate(a), b));
      CHECK(conjoin(a, disjoin(a, b)) == a);  // absorption
      CHECK(disjoin(a, conjoin(a, b)) == a);
      for (tri c : k_all) {
        CHECK(conjoin(a, conjoin(b, c)) == conjoin(conjoin(a, b), c));
        CHECK(disjoin(a, disjoin(b, c)) == disjoin(disjoin(a, b), c));
        CHECK(conjoin(a, disjoin(b, c)) == disjoin(conjoin(a, b), conjoin(a, c)));
        CHECK(disjoin(a, conjoin(b, c)) == conjoin(disjoin(a, b), disjoin(a, c)));
      }
    }
  }
  // Not Boolean: the excluded middle fails for unknown, and only for it.
  CHECK(disjoin(tri::unknown, negate(tri::unknown)) == tri::unknown);
  CHECK(disjoin(tri::yes, negate(tri::yes)) == tri::yes);
  CHECK(disjoin(tri::no, negate(tri::no)) == tri::yes);
}

TEST_CASE("truth: the two-valued part is Boolean logic", "[expr][truth]") {
  for (bool a : {false, true}) {
    CHECK(negate(to_tri(a)) == to_tri(!a));
    for (bool b : {false, true}) {
      CHECK(conjoin(to_tri(a), to_tri(b)) == to_tri(a && b));
      CHECK(disjoin(to_tri(a), to_tri(b)) == to_tri(a || b));
      CHECK(implies(to_tri(a), to_tri(b)) == to_tri(!a || b));
    }
  }
}

TEST_CASE("truth: to_string and operator<< name the three values", "[expr][truth]") {
  std::ostringstream os;
  os << tri::no << ' ' << tri::yes << ' ' << tri::unknown;
  CHECK(os.str() == "false true unknown");
  // A value outside the enumerators (read from uninitialised memory, say) is still named.
  CHECK(std::string(to_string(static_cast<tri>(7))) == "unknown");
}

TEST_CASE("truth: a truth's deciding facts follow the operands that were unknown", "[expr][truth]") {
  const truth u1{tri::unknown, facts_of({1})};
  const truth u2{tri::unknown, facts_of({2, 3})};
  const truth yes = truth_of(true);
  const truth no = truth_of(false);
  CHECK(yes.value == tri::yes);
  CHECK(no.value == tri::no);
  CHECK(yes.unknown_facts.none());

  // Every combination of the values agrees with the tri algebra; an unknown result carries the
  // union of the unknown operands' facts, a decided one none.
  const std::array<truth, 3> all{no, yes, u1};
  for (const truth& a : all) {
    for (const truth& b : all) {
      const truth both = conjoin(a, b);
      const truth either = disjoin(a, b);
      CHECK(both.value == conjoin(a.value, b.value));
      CHECK(either.value == disjoin(a.value, b.value));
      CHECK((both.value == tri::unknown) == both.unknown_facts.any());
      CHECK((either.value == tri::unknown) == either.unknown_facts.any());
    }
  }
  CHECK(conjoin(u1, u2).unknown_facts == facts_of({1, 2, 3}));
  CHECK(disjoin(u1, u2).unknown_facts == facts_of({1, 2, 3}));
  CHECK(conjoin(u1, yes).unknown_facts == facts_of({1}));
  CHECK(conjoin(u1, no).unknown_facts.none());  // false decides: no fact matters
  CHECK(disjoin(u2, yes).unknown_facts.none());
  CHECK(disjoin(u2, no).unknown_facts == facts_of({2, 3}));
  // A decided operand that (wrongly) carries facts adds none of them.
  const truth noisy_yes{tri::yes, facts_of({9})};
  CHECK(conjoin(u1, noisy_yes).unknown_facts == facts_of({1}));

  const truth n = negate(u2);
  CHECK(n.value == tri::unknown);
  CHECK(n.unknown_facts == facts_of({2, 3}));
  CHECK(negate(yes).value == tri::no);
  CHECK(members(conjoin(u1, u2).unknown_facts) == std::vector<std::size_t>{1, 2, 3});
}

TEST_CASE("truth: the accumulators start at the identities and fold the algebra", "[expr][truth]") {
  conjunction all;
  disjunction any;
  CHECK(all.value.value == tri::yes);  // and of nothing
  CHECK(any.value.value == tri::no);   // or of nothing
  const truth u{tri::unknown, facts_of({4})};
  all.add(truth_of(true));
  all.add(u);
  any.add(truth_of(false));
  any.add(u);
  CHECK(all.value.value == tri::unknown);
  CHECK(any.value.value == tri::unknown);
  CHECK(all.value.unknown_facts == facts_of({4}));
  all.add(truth_of(false));
  any.add(truth_of(true));
  CHECK(all.value.value == tri::no);
  CHECK(any.value.value == tri::yes);
  CHECK(all.value.unknown_facts.none());
  all.add(u);  // false stays false
  any.add(u);
  CHECK(all.value.value == tri::no);
  CHECK(any.value.value == tri::yes);
}
