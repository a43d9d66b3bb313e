#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "breachclock/expr/analysis.hpp"
#include "support/expr_support.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::expr::condition;
using breachclock::expr::satisfiability;
using breachclock::test::compiled;
using breachclock::test::expr_schema;

namespace {

satisfiability sat(std::vector<std::string_view> texts, std::size_t budget = 100'000) {
  std::vector<condition> cs;
  cs.reserve(texts.size());
  for (std::string_view t : texts) cs.push_back(compiled(t));
  std::vector<const condition*> ptrs;
  for (const condition& c : cs) ptrs.push_back(&c);
  return expr::satisfiable(ptrs, expr_schema(), budget);
}

}  // namespace

TEST_CASE("analysis: compatible conditions are satisfiable", "[expr]") {
  CHECK(sat({"breach"}) == satisfiability::yes);
  CHECK(sat({"not breach"}) == satisfiability::yes);
  CHECK(sat({"breach and role == \"controller\" and not (risk == \"unlikely\")", "affected >= 500"}) ==
        satisfiability::yes);
  CHECK(sat({"breach", "notified"}) == satisfiability::yes);
  CHECK(sat({"role == 'controller'", "role != 'processor'"}) == satisfiability::yes);
  CHECK(sat({"affected > 5", "affected < 7"}) == satisfiability::yes);
  CHECK(sat({"affected >= 1000000"}) == satisfiability::yes);
  CHECK(sat({"affected in [3, 4]", "affected > 3"}) == satisfiability::yes);
  CHECK(sat({"'health' in categories", "not any_of(categories, ['financial'])"}) == satisfiability::yes);
  CHECK(sat({"all_of(categories, ['health', 'financial'])", "'contact' not in categories"}) == satisfiability::yes);
  CHECK(sat({"kind in categories", "kind == 'health'"}) == satisfiability::yes);
  CHECK(sat({"role == lead", "lead == 'processor'"}) == satisfiability::yes);
  CHECK(sat({"summary == 'x'"}) == satisfiability::yes);
  CHECK(sat({"summary != 'x'"}) == satisfiability::yes);
  CHECK(sat({"summary in ['a', 'b']", "summary != 'a'"}) == satisfiability::yes);
  CHECK(sat({"known(aware)", "not known(occurred)"}) == satisfiability::yes);
  CHECK(sat({"not known(role)"}) == satisfiability::yes);
  CHECK(sat({"known(role)", "role != 'controller'"}) == satisfiability::yes);
  CHECK(sat({"true"}) == satisfiability::yes);
  CHECK(sat({}) == satisfiability::yes);
}

TEST_CASE("analysis: contradictions are not satisfiable", "[expr]") {
  CHECK(sat({"breach and not breach"}) == satisfiability::no);
  CHECK(sat({"breach", "not breach"}) == satisfiability::no);
  CHECK(sat({"role == \"controller\"", "role == \"processor\""}) == satisfiability::no);
  CHECK(sat({"risk in ['unlikely', 'risk']", "risk == 'high'"}) == satisfiability::no);
  CHECK(sat({"affected > 5", "affected < 3"}) == satisfiability::no);
  CHECK(sat({"affected > 5", "affected < 6"}) == satisfiability::no);  // integers
  CHECK(sat({"affected > 1000000"}) == satisfiability::no);            // beyond the declared max
  CHECK(sat({"affected < 0"}) == satisfiability::no);                  // below the declared min
  CHECK(sat({"affected in [1, 2]", "affected > 2"}) == satisfiability::no);
  CHECK(sat({"\"health\" in categories", "not any_of(categories, [\"health\"])"}) == satisfiability::no);
  CHECK(sat({"all_of(categories, ['health', 'financial'])", "'financial' not in categories"}) == satisfiability::no);
  CHECK(sat({"summary == 'a'", "summary == 'b'"}) == satisfiability::no);
  CHECK(sat({"known(aware)", "not known(aware)"}) == satisfiability::no);
  CHECK(sat({"known(role)", "not known(role)"}) == satisfiability::no);
  // An unknown fact never makes a condition true.
  CHECK(sat({"not known(role)", "role == 'controller'"}) == satisfiability::no);
  CHECK(sat({"kind in categories", "kind == 'health'", "not ('health' in categories)"}) == satisfiability::no);
  CHECK(sat({"role == lead", "role == 'controller'", "lead == 'processor'"}) == satisfiability::no);
  CHECK(sat({"false"}) == satisfiability::no);
}

TEST_CASE("analysis: satisfiable conditions that mention few values", "[expr]") {
  // Two unbounded int facts compared with each other: staff = 0, contractors = 1 satisfies it.
  CHECK(sat({"staff < contractors"}) == satisfiability::yes);
  // affected = 0, staff = 1.
  CHECK(sat({"affected < staff"}) == satisfiability::yes);
  // Far from the small values: staff = 101, contractors = 102 (once refused as dead).
  CHECK(sat({"staff > 100 and contractors > staff"}) == satisfiability::yes);
  CHECK(sat({"staff > 100", "contractors > staff", "affected > contractors"}) == satisfiability::yes);
  CHECK(sat({"staff > 100 and contractors > staff and contractors < 101"}) == satisfiability::no);
  // staff = 1.
  CHECK(sat({"staff not in [0]"}) == satisfiability::yes);
  // summary = "x".
  CHECK(sat({"summary != ''"}) == satisfiability::yes);
}

TEST_CASE("analysis: too many combinations is too_large", "[expr]") {
  CHECK(sat({"breach"}, 1) == satisfiability::too_large);
  CHECK(sat({"breach and notified and role == 'controller' and risk == 'high'"}, 10) == satisfiability::too_large);
  // No known() reads them, so each needs only its two values (Kleene logic is monotone: an
  // unknown that satisfies a condition could be any value): 2 x 2.
  CHECK(sat({"breach and notified"}, 4) == satisfiability::yes);
  CHECK(sat({"breach and notified"}, 3) == satisfiability::too_large);
  // Read by known(), a fact keeps unknown among its candidates: 3 x 2.
  CHECK(sat({"not known(breach) or (breach and notified)"}, 6) == satisfiability::yes);
  CHECK(sat({"not known(breach) or (breach and notified)"}, 5) == satisfiability::too_large);
  CHECK(sat({"known(aware) and known(occurred) and known(detected)"}, 4) == satisfiability::too_large);
  // Many set members mentioned.
  CHECK(sat({"all_of(categories, ['contact', 'health', 'financial', 'biometric'])"}, 3) == satisfiability::too_large);
}

TEST_CASE("analysis: a null, empty or foreign condition is refused, not read", "[expr]") {
  const auto code_of = [](const std::vector<const condition*>& cs, const fact_schema& schema) -> std::string {
    try {
      (void)expr::satisfiable(cs, schema);
    } catch (const breachclock::error& e) {
      return e.diagnostics().front().code;
    }
    return "";
  };
  const condition ok = compiled("breach");
  const condition empty;
  CHECK(code_of({&ok}, expr_schema()).empty());
  CHECK(code_of({&ok, nullptr}, expr_schema()) == "expr.empty");
  CHECK(code_of({&empty}, expr_schema()) == "expr.empty");
  auto other = parse_fact_schema(
      "[event.found]\ndescription = \"f\"\nquestion = \"f?\"\n[fact.breach]\ntype = \"bool\"\ndescription = "
      "\"b\"\nquestion = \"b?\"\n",
      "other.toml");
  REQUIRE(other);
  CHECK(code_of({&ok}, *other) == "expr.schema-mismatch");
}
