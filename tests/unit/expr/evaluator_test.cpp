#include <catch2/catch.hpp>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "breachclock/expr/evaluator.hpp"
#include "support/expr_support.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::expr::condition;
using breachclock::expr::fact_table;
using breachclock::expr::truth;
using breachclock::test::at;
using breachclock::test::compiled;
using breachclock::test::event_index;
using breachclock::test::expr_schema;
using breachclock::test::fact_index;
using breachclock::test::first_error;

namespace {

// A table of facts, set by name.
struct facts {
  fact_table table{expr_schema()};
  facts& set(std::string_view name, const fact_value& v) {
    table.set(fact_index(name), v);
    return *this;
  }
  // A bool fact from a truth value: unknown leaves it unknown.
  facts& set_tri(std::string_view name, tri t) {
    return set(name, t == tri::unknown ? fact_value::unknown() : fact_value(t == tri::yes));
  }
  facts& event(std::string_view name, bool known = true) {
    table.set_event_known(event_index(name), known);
    return *this;
  }
};

truth eval(std::string_view text, const facts& f) { return expr::evaluate(compiled(text), f.table); }
tri value(std::string_view text, const facts& f) { return eval(text, f).value; }

// The names of the unknown facts carried by `t`.
std::set<std::string> unknowns(const truth& t) {
  std::set<std::string> out;
  for (std::size_t i : expr::members(t.unknown_facts)) out.insert(expr_schema().facts().at(i).name);
  return out;
}

using names = std::set<std::string>;

}  // namespace

TEST_CASE("evaluator: to_string(tri) and members()", "[expr]") {
  CHECK(std::string(to_string(tri::no)) == "false");
  CHECK(std::string(to_string(tri::yes)) == "true");
  CHECK(std::string(to_string(tri::unknown)) == "unknown");
  std::ostringstream os;
  os << tri::unknown << ' ' << tri::yes;
  CHECK(os.str() == "unknown true");
  expr::fact_set s;
  CHECK(expr::members(s).empty());
  s.set(255);
  s.set(3);
  s.set(0);
  CHECK(expr::members(s) == std::vector<std::size_t>{0, 3, 255});
}

TEST_CASE("evaluator: Kleene truth tables", "[expr]") {
  const tri values[] = {tri::no, tri::yes, tri::unknown};
  // expected[a][b], in the order no, yes, unknown.
  const tri expected_and[3][3] = {{tri::no, tri::no, tri::no},
                                  {tri::no, tri::yes, tri::unknown},
                                  {tri::no, tri::unknown, tri::unknown}};
  const tri expected_or[3][3] = {{tri::no, tri::yes, tri::unknown},
                                 {tri::yes, tri::yes, tri::yes},
                                 {tri::unknown, tri::yes, tri::unknown}};
  const tri expected_not[3] = {tri::yes, tri::no, tri::unknown};
  const condition both = compiled("breach and notified");
  const condition either = compiled("breach or notified");
  const condition negated = compiled("not breach");
  for (std::size_t i = 0; i < 3; ++i) {
    for (std::size_t j = 0; j < 3; ++j) {
      facts f;
      f.set_tri("breach", values[i]).set_tri("notified", values[j]);
      INFO("breach = " << values[i] << ", notified = " << values[j]);
      const truth a = expr::evaluate(both, f.table);
      const truth o = expr::evaluate(either, f.table);
      CHECK(a.value == expected_and[i][j]);
      CHECK(o.value == expected_or[i][j]);
      // An unknown result carries exactly the unknown operands.
      names carried;
      if (values[i] == tri::unknown) carried.insert("breach");
      if (values[j] == tri::unknown) carried.insert("notified");
      if (a.value == tri::unknown) CHECK(unknowns(a) == carried);
      if (o.value == tri::unknown) CHECK(unknowns(o) == carried);
    }
    facts f;
    f.set_tri("breach", values[i]);
    const truth n = expr::evaluate(negated, f.table);
    CHECK(n.value == expected_not[i]);
    if (n.value == tri::unknown) CHECK(unknowns(n) == names{"breach"});
  }
}

TEST_CASE("evaluator: the design's examples of three-valued logic", "[expr]") {
  facts f;
  f.set("breach", false);
  // false and unknown = false, whichever side is unknown.
  CHECK(value("breach and notified", f) == tri::no);
  CHECK(value("notified and breach", f) == tri::no);
  f.set("breach", true);
  // true or unknown = true.
  CHECK(value("breach or notified", f) == tri::yes);
  CHECK(value("notified or breach", f) == tri::yes);
  // unknown and true = unknown, carrying the unknown fact.
  const truth t = eval("notified and breach", f);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"notified"});
  // A missing fact is never false: not unknown is unknown.
  CHECK(value("not notified", f) == tri::unknown);
  CHECK(value("notified == false", f) == tri::unknown);
  CHECK(value("notified != true", f) == tri::unknown);
  CHECK(value("affected < 1", f) == tri::unknown);
  CHECK(value("risk != 'high'", f) == tri::unknown);
  CHECK(value("'health' not in categories", f) == tri::unknown);
}

TEST_CASE("evaluator: unknown results carry the facts that would decide them", "[expr]") {
  facts f;
  f.set("risk", "unlikely");
  // (unknown or false) and unknown: both unknown facts.
  truth t = eval("(breach or risk == 'high') and affected > 5", f);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"breach", "affected"});
  // A false conjunct decides: nothing unknown matters.
  f.set("affected", 1);
  CHECK(value("(breach or risk == 'high') and affected > 5", f) == tri::no);
  // A decided operand contributes nothing.
  f.set("affected", 10);
  t = eval("(breach or risk == 'high') and affected > 5", f);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"breach"});
  // A false branch of an 'or' inside an 'and' contributes nothing.
  t = eval("notified or (breach and risk == 'high')", f);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"notified"});
  // not keeps the unknown facts.
  t = eval("not (summary == 'x' or role == 'controller')", f);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"summary", "role"});
  // Known facts never appear.
  facts g;
  g.set("breach", true).set("role", "controller");
  t = eval("breach and role == 'controller' and risk == 'high' and affected >= 500", g);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"risk", "affected"});
}

TEST_CASE("evaluator: bool facts", "[expr]") {
  facts f;
  f.set("breach", true).set("notified", false);
  CHECK(value("breach", f) == tri::yes);
  CHECK(value("notified", f) == tri::no);
  CHECK(value("breach == true", f) == tri::yes);
  CHECK(value("breach == false", f) == tri::no);
  CHECK(value("breach != true", f) == tri::no);
  CHECK(value("notified != true", f) == tri::yes);
  CHECK(value("not notified", f) == tri::yes);
  CHECK(value("false == notified", f) == tri::yes);
  CHECK(value("true", f) == tri::yes);
  CHECK(value("false", f) == tri::no);
  CHECK(value("false or breach", f) == tri::yes);
}

TEST_CASE("evaluator: int comparisons", "[expr]") {
  facts f;
  f.set("affected", 10);
  CHECK(value("affected == 10", f) == tri::yes);
  CHECK(value("affected == 11", f) == tri::no);
  CHECK(value("affected != 10", f) == tri::no);
  CHECK(value("affected != 9", f) == tri::yes);
  CHECK(value("affected < 10", f) == tri::no);
  CHECK(value("affected < 11", f) == tri::yes);
  CHECK(value("affected <= 10", f) == tri::yes);
  CHECK(value("affected <= 9", f) == tri::no);
  CHECK(value("affected > 10", f) == tri::no);
  CHECK(value("affected > 9", f) == tri::yes);
  CHECK(value("affected >= 10", f) == tri::yes);
  CHECK(value("affected >= 11", f) == tri::no);
  CHECK(value("affected > -1", f) == tri::yes);
  f.set("staff", -5);
  CHECK(value("staff == -5", f) == tri::yes);
  CHECK(value("staff < 0", f) == tri::yes);
  CHECK(value("staff >= -5", f) == tri::yes);
  CHECK(value("staff > -5", f) == tri::no);
  // Fact against fact.
  CHECK(value("affected > staff", f) == tri::yes);
  CHECK(value("affected < staff", f) == tri::no);
  CHECK(value("affected == staff", f) == tri::no);
  CHECK(value("affected != staff", f) == tri::yes);
  CHECK(value("affected >= staff", f) == tri::yes);
  CHECK(value("affected <= staff", f) == tri::no);
  f.set("staff", 10);
  CHECK(value("affected == staff", f) == tri::yes);
  CHECK(value("affected <= staff", f) == tri::yes);
  CHECK(value("affected >= staff", f) == tri::yes);
  CHECK(value("affected < staff", f) == tri::no);
  // Either side unknown: unknown, carrying the unknown side(s).
  truth t = eval("affected < contractors", f);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"contractors"});
  t = eval("contractors < affected", f);
  CHECK(unknowns(t) == names{"contractors"});
  facts empty;
  t = eval("staff != contractors", empty);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"staff", "contractors"});
  t = eval("affected >= 500", empty);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"affected"});
}

TEST_CASE("evaluator: int in a list", "[expr]") {
  facts f;
  f.set("affected", 2);
  CHECK(value("affected in [1, 2, 3]", f) == tri::yes);
  CHECK(value("affected in [1, 3]", f) == tri::no);
  CHECK(value("affected not in [1, 3]", f) == tri::yes);
  f.set("staff", -4);
  CHECK(value("staff in [-4]", f) == tri::yes);
  truth t = eval("contractors in [1]", f);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"contractors"});
}

TEST_CASE("evaluator: enums", "[expr]") {
  facts f;
  f.set("risk", "high").set("role", "processor").set("lead", "processor");
  CHECK(value("risk == 'high'", f) == tri::yes);
  CHECK(value("risk == 'risk'", f) == tri::no);
  CHECK(value("risk != 'unlikely'", f) == tri::yes);
  CHECK(value("risk != 'high'", f) == tri::no);
  CHECK(value("'high' == risk", f) == tri::yes);
  CHECK(value("risk in ['risk', 'high']", f) == tri::yes);
  CHECK(value("risk in ['unlikely', 'risk']", f) == tri::no);
  CHECK(value("risk not in ['unlikely']", f) == tri::yes);
  CHECK(value("role == 'processor' and not (risk == 'unlikely')", f) == tri::yes);
  // Enum fact against enum fact.
  CHECK(value("role == lead", f) == tri::yes);
  CHECK(value("role != lead", f) == tri::no);
  f.set("lead", "controller");
  CHECK(value("role == lead", f) == tri::no);
  CHECK(value("role != lead", f) == tri::yes);
  facts g;
  g.set("role", "controller");
  truth t = eval("role == lead", g);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"lead"});
  t = eval("risk in ['high']", g);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"risk"});
  facts empty;
  CHECK(unknowns(eval("role != lead", empty)) == names{"role", "lead"});
}

TEST_CASE("evaluator: text", "[expr]") {
  facts f;
  f.set("summary", "lost laptop");
  CHECK(value("summary == 'lost laptop'", f) == tri::yes);
  CHECK(value("summary == 'Lost laptop'", f) == tri::no);
  CHECK(value("summary != 'x'", f) == tri::yes);
  CHECK(value("summary in ['a', 'lost laptop']", f) == tri::yes);
  CHECK(value("summary in ['a', 'b']", f) == tri::no);
  CHECK(value("summary not in ['a']", f) == tri::yes);
  facts empty;
  CHECK(unknowns(eval("summary in ['a']", empty)) == names{"summary"});
  CHECK(unknowns(eval("summary == 'a'", empty)) == names{"summary"});
}

TEST_CASE("evaluator: a value in a set fact", "[expr]") {
  facts complete;
  complete.set("categories", fact_value::set_of({"health", "contact"}));
  CHECK(value("'health' in categories", complete) == tri::yes);
  CHECK(value("'financial' in categories", complete) == tri::no);
  CHECK(value("'financial' not in categories", complete) == tri::yes);
  facts partial;
  partial.set("categories", fact_value::at_least({"health"}));
  CHECK(value("'health' in categories", partial) == tri::yes);
  const truth t = eval("'financial' in categories", partial);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"categories"});
  CHECK(value("'financial' not in categories", partial) == tri::unknown);
  facts none;
  none.set("categories", fact_value::set_of({}));
  CHECK(value("'health' in categories", none) == tri::no);
  facts unknown;
  CHECK(unknowns(eval("'health' in categories", unknown)) == names{"categories"});
}

TEST_CASE("evaluator: an enum fact in a set fact", "[expr]") {
  facts f;
  f.set("categories", fact_value::set_of({"health", "contact"})).set("kind", "health");
  CHECK(value("kind in categories", f) == tri::yes);
  CHECK(value("kind not in categories", f) == tri::no);
  f.set("kind", "financial");
  CHECK(value("kind in categories", f) == tri::no);
  f.set("categories", fact_value::at_least({"health"}));
  truth t = eval("kind in categories", f);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"categories"});
  f.set("kind", "health");
  CHECK(value("kind in categories", f) == tri::yes);
  // The enum unknown, the set complete: only the enum decides.
  facts g;
  g.set("categories", fact_value::set_of({"health"}));
  t = eval("kind in categories", g);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"kind"});
  // The set unknown, the enum known: only the set decides.
  facts h;
  h.set("kind", "health");
  t = eval("kind in categories", h);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"categories"});
  // Both unknown: both are needed to decide, as for a comparison of two facts.
  facts both;
  t = eval("kind in categories", both);
  CHECK(t.value == tri::unknown);
  CHECK(unknowns(t) == names{"kind", "categories"});
}

TEST_CASE("evaluator: any_of and all_of", "[expr]") {
  const char* any = "any_of(categories, ['health', 'financial'])";
  const char* all = "all_of(categories, ['health', 'financial'])";
  SECTION("complete sets") {
    facts f;
    f.set("categories", fact_value::set_of({"contact", "health"}));
    CHECK(value(any, f) == tri::yes);
    CHECK(value(all, f) == tri::no);
    f.set("categories", fact_value::set_of({"financial", "health", "biometric"}));
    CHECK(value(any, f) == tri::yes);
    CHECK(value(all, f) == tri::yes);
    f.set("categories", fact_value::set_of({"contact"}));
    CHECK(value(any, f) == tri::no);
    CHECK(value(all, f) == tri::no);
    f.set("categories", fact_value::set_of({}));
    CHECK(value(any, f) == tri::no);
    CHECK(value(all, f) == tri::no);
    CHECK(value("not any_of(categories, ['health'])", f) == tri::yes);
  }
  SECTION("sets known only in part") {
    facts f;
    f.set("categories", fact_value::at_least({"health"}));
    CHECK(value(any, f) == tri::yes);  // present: true
    truth t = eval(all, f);            // financial absent, but more may be involved
    CHECK(t.value == tri::unknown);
    CHECK(unknowns(t) == names{"categories"});
    f.set("categories", fact_value::at_least({"health", "financial"}));
    CHECK(value(any, f) == tri::yes);
    CHECK(value(all, f) == tri::yes);
    f.set("categories", fact_value::at_least({"contact"}));
    t = eval(any, f);
    CHECK(t.value == tri::unknown);
    CHECK(unknowns(t) == names{"categories"});
    CHECK(value(all, f) == tri::unknown);
    f.set("categories", fact_value::at_least({}));
    CHECK(value(any, f) == tri::unknown);
    CHECK(value(all, f) == tri::unknown);
  }
  SECTION("an unknown set") {
    facts f;
    CHECK(unknowns(eval(any, f)) == names{"categories"});
    CHECK(unknowns(eval(all, f)) == names{"categories"});
    CHECK(value(any, f) == tri::unknown);
  }
}

TEST_CASE("evaluator: known() is never unknown", "[expr]") {
  facts f;
  CHECK(value("known(role)", f) == tri::no);
  CHECK(value("not known(role)", f) == tri::yes);
  CHECK(value("known(aware)", f) == tri::no);
  CHECK(value("known(categories)", f) == tri::no);
  CHECK(value("known(role) or known(aware)", f) == tri::no);
  f.set("role", "controller").set("categories", fact_value::at_least({}));
  CHECK(value("known(role)", f) == tri::yes);
  CHECK(value("known(categories)", f) == tri::yes);  // known in part is known
  f.event("aware");
  CHECK(value("known(aware)", f) == tri::yes);
  CHECK(value("known(detected)", f) == tri::no);  // a fallback does not make an event known
  f.event("aware", false);
  CHECK(value("known(aware)", f) == tri::no);
  // Setting a fact back to unknown.
  f.set("role", fact_value::unknown());
  CHECK(value("known(role)", f) == tri::no);
  CHECK(value("role == 'controller'", f) == tri::unknown);
  // known() decides an 'and' even when the rest is unknown.
  CHECK(value("known(role) and role == 'controller'", f) == tri::no);
}

TEST_CASE("evaluator: a fact table from an incident", "[expr]") {
  incident i{"INC-1", test::zone_named("Europe/London")};
  i.set_event("aware", at("2024-03-21T09:00:00Z"));
  i.set_fact("breach", true);
  i.set_fact("role", "controller");
  i.set_fact("affected", 1200);
  i.set_fact("categories", fact_value::at_least({"health"}));
  i.set_fact("summary", "lost laptop");
  i.set_fact("risk", fact_value::unknown());
  CHECK(validate(i, expr_schema()).empty());

  const fact_table t(expr_schema(), i);
  CHECK(t.fact(fact_index("breach")).known);
  CHECK(t.fact(fact_index("breach")).boolean);
  CHECK(t.fact(fact_index("role")).integer == 0);
  CHECK(t.fact(fact_index("affected")).integer == 1200);
  CHECK(t.fact(fact_index("categories")).mask == 0b0010);
  CHECK_FALSE(t.fact(fact_index("categories")).complete);
  CHECK(t.fact(fact_index("summary")).text == "lost laptop");
  CHECK_FALSE(t.fact(fact_index("risk")).known);
  CHECK_FALSE(t.fact(fact_index("notified")).known);
  CHECK(t.event_known(event_index("aware")));
  CHECK_FALSE(t.event_known(event_index("detected")));

  auto ev = [&](std::string_view text) { return expr::evaluate(compiled(text), t); };
  CHECK(ev("breach and role == 'controller' and affected >= 500").value == tri::yes);
  CHECK(ev("'health' in categories and known(aware)").value == tri::yes);
  CHECK(ev("summary == 'lost laptop'").value == tri::yes);
  CHECK(ev("known(detected) or known(occurred)").value == tri::no);
  const truth u = ev("breach and (risk == 'high' or 'financial' in categories)");
  CHECK(u.value == tri::unknown);
  CHECK(unknowns(u) == names{"risk", "categories"});

  // Names the schema lacks are ignored.
  incident j{"INC-2", test::zone_named("Europe/London")};
  j.set_fact("breach", false);
  j.set_fact("not_in_schema", true);
  j.set_event("never_declared", at("2024-03-21T09:00:00Z"));
  const fact_table tj(expr_schema(), j);
  CHECK(expr::evaluate(compiled("breach"), tj).value == tri::no);
  CHECK(expr::evaluate(compiled("known(aware)"), tj).value == tri::no);
}

TEST_CASE("evaluator: a fact table built with set()", "[expr]") {
  fact_table t(expr_schema());
  for (std::size_t k = 0; k < expr_schema().facts().size(); ++k) CHECK_FALSE(t.fact(k).known);
  for (std::size_t k = 0; k < expr_schema().events().size(); ++k) CHECK_FALSE(t.event_known(k));
  t.set(fact_index("risk"), fact_value("high"));
  CHECK(t.fact(fact_index("risk")).known);
  CHECK(t.fact(fact_index("risk")).integer == 2);
  t.set(fact_index("categories"), fact_value::set_of({"biometric", "contact"}));
  CHECK(t.fact(fact_index("categories")).mask == 0b1001);
  CHECK(t.fact(fact_index("categories")).complete);
  t.set(fact_index("staff"), fact_value(std::int64_t{-7}));
  CHECK(t.fact(fact_index("staff")).integer == -7);
  t.set_event_known(event_index("occurred"), true);
  CHECK(t.event_known(event_index("occurred")));
  CHECK(expr::evaluate(compiled("risk == 'high' and all_of(categories, ['contact', 'biometric']) and staff < 0 and "
                                "known(occurred)"),
                       t)
            .value == tri::yes);
  t.set(fact_index("risk"), fact_value::unknown());
  CHECK_FALSE(t.fact(fact_index("risk")).known);
  CHECK(expr::evaluate(compiled("risk == 'high'"), t).value == tri::unknown);
}

namespace {
// The code of the breachclock::error that `f` throws, or "" when it throws none.
template <class F>
std::string code_thrown(F&& f) {
  try {
    f();
  } catch (const breachclock::error& e) {
    return e.diagnostics().empty() ? "?" : e.diagnostics().front().code;
  }
  return "";
}
}  // namespace

TEST_CASE("evaluator: the fact table checks every index and value", "[expr]") {
  fact_table t(expr_schema());
  const std::size_t facts = expr_schema().facts().size();
  const std::size_t events = expr_schema().events().size();
  CHECK(t.fact_count() == facts);
  CHECK(t.event_count() == events);
  CHECK(code_thrown([&] { (void)t.fact(facts); }) == "expr.fact-table");
  CHECK(code_thrown([&] { (void)t.event_known(events); }) == "expr.fact-table");
  CHECK(code_thrown([&] { t.set(facts, fact_value(true)); }) == "expr.fact-table");
  CHECK(code_thrown([&] { t.set_event_known(events, true); }) == "expr.fact-table");
  CHECK(code_thrown([&] { t.set_slot(facts, fact_table::slot{}); }) == "expr.fact-table");
  CHECK(code_thrown([&] { (void)t.to_slot(static_cast<std::size_t>(-1), fact_value(1)); }) == "expr.fact-table");
  // Values of the wrong type, or outside the declared values, were dereferenced unchecked before.
  CHECK(code_thrown([&] { t.set(fact_index("breach"), fact_value(3)); }) == "expr.fact-table");
  CHECK(code_thrown([&] { t.set(fact_index("staff"), fact_value("many")); }) == "expr.fact-table");
  CHECK(code_thrown([&] { t.set(fact_index("risk"), fact_value("catastrophic")); }) == "expr.fact-table");
  CHECK(code_thrown([&] { t.set(fact_index("risk"), fact_value(true)); }) == "expr.fact-table");
  CHECK(code_thrown([&] {
          t.set(fact_index("categories"), fact_value::set_of({"contact", "nonsense"}));
        }) == "expr.fact-table");
  CHECK(code_thrown([&] { t.set(fact_index("categories"), fact_value("contact")); }) == "expr.fact-table");
  CHECK(code_thrown([&] { t.set(fact_index("breach"), fact_value::unknown()); }).empty());  // unknown fits every fact
  // A refused value leaves the slot as it was.
  t.set(fact_index("risk"), fact_value("high"));
  CHECK(code_thrown([&] { t.set(fact_index("risk"), fact_value("catastrophic")); }) == "expr.fact-table");
  CHECK(t.fact(fact_index("risk")).integer == 2);

  // An incident that does not validate cannot be laid out either.
  incident bad{"bad", zone::utc()};
  bad.set_fact("breach", "yes");
  CHECK(code_thrown([&] { fact_table(expr_schema(), bad); }) == "expr.fact-table");
}

TEST_CASE("evaluator: an empty condition, or one of another schema, is refused", "[expr]") {
  const fact_table t(expr_schema());
  const condition empty;
  CHECK(empty.empty());
  CHECK(empty.text().empty());
  CHECK(empty.size() == 0);
  CHECK(empty.facts_used().empty());
  CHECK(code_thrown([&] { (void)expr::evaluate(empty, t); }) == "expr.empty");
  CHECK_FALSE(compiled("breach").empty());
  CHECK(compiled("breach and known(aware)").size() == 3);

  // A schema with fewer facts: the condition's fact numbers would index beyond its table.
  auto small = parse_fact_schema(
      "[event.found]\ndescription = \"f\"\nquestion = \"f?\"\n[fact.breach]\ntype = \"bool\"\ndescription = "
      "\"b\"\nquestion = \"b?\"\n",
      "small.toml");
  INFO(first_error(small));
  REQUIRE(small);
  const fact_table other(*small);
  CHECK(code_thrown([&] { (void)expr::evaluate(compiled("staff > 3"), other); }) == "expr.schema-mismatch");
}
