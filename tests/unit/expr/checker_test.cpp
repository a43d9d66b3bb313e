#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

#include "breachclock/expr/evaluator.hpp"
#include "expr/checker.hpp"
#include "support/expr_support.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::expr::checked_node;
using breachclock::expr::condition;
using breachclock::expr::op;
using breachclock::expr::token_kind;
using breachclock::test::event_index;
using breachclock::test::expr_schema;
using breachclock::test::fact_index;
using breachclock::test::first_error;

namespace {

// Compiled, and printed back as written.
condition compiled(std::string_view text) {
  condition c = test::compiled(text);
  CHECK(c.text() == text);
  return c;
}

const checked_node& root(const condition& c) { return expr::program_of(c).nodes[expr::program_of(c).root]; }
const checked_node& child(const condition& c, const checked_node& n, std::size_t k = 0) {
  const auto children = expr::program_of(c).children_of(n);
  REQUIRE(children.size() > k);
  return expr::program_of(c).nodes[children[k]];
}
std::vector<std::int64_t> ints(const condition& c) {
  const auto in = expr::program_of(c).ints_of(root(c));
  return {in.begin(), in.end()};
}
std::vector<std::string> texts(const condition& c) {
  const auto in = expr::program_of(c).texts_of(root(c));
  return {in.begin(), in.end()};
}

// Every error of compiling `text`, each as `file:line:col: error: message`, one per line.
std::string errors(std::string_view text) {
  auto r = expr::compile(text, expr_schema(), expr::default_locator("c.toml"));
  INFO(text);
  REQUIRE_FALSE(r);
  std::string out;
  for (const diagnostic& d : r.diagnostics()) {
    if (!out.empty()) out += '\n';
    out += to_string(d);
  }
  return out;
}

// The code of the one error of compiling `text`.
std::string code(std::string_view text) {
  auto r = expr::compile(text, expr_schema(), expr::default_locator("c.toml"));
  INFO(text);
  REQUIRE_FALSE(r);
  REQUIRE(r.diagnostics().size() == 1);
  return r.diagnostics().front().code;
}

// Evaluates with one int fact set (to check flipped comparisons).
tri with_int(const condition& c, std::string_view fact, std::int64_t v) {
  expr::fact_table t(expr_schema());
  t.set(fact_index(fact), fact_value(v));
  return expr::evaluate(c, t).value;
}

const std::string k_categories = "'contact', 'health', 'financial' or 'biometric'";

}  // namespace

TEST_CASE("checker: the test schema loads", "[expr]") {
  CHECK(expr_schema().facts().size() == 11);
  CHECK(expr_schema().events().size() == 3);
}

TEST_CASE("checker: well-typed conditions become operations", "[expr]") {
  SECTION("bool facts and constants") {
    auto c = compiled("breach");
    CHECK(root(c).operation == op::bool_fact);
    CHECK(root(c).a == fact_index("breach"));
    auto t = compiled("true");
    CHECK(root(t).operation == op::constant);
    CHECK(root(t).integer != 0);
    CHECK(root(compiled("false")).integer == 0);
    auto eq_false = compiled("breach == false");
    CHECK(root(eq_false).operation == op::logical_not);
    CHECK(child(eq_false, root(eq_false)).operation == op::bool_fact);
    CHECK(root(compiled("breach != false")).operation == op::bool_fact);
    CHECK(root(compiled("breach == true")).operation == op::bool_fact);
    CHECK(root(compiled("false == breach")).operation == op::logical_not);
  }
  SECTION("int comparisons") {
    auto c = compiled("affected >= 500");
    CHECK(root(c).operation == op::int_compare);
    CHECK(root(c).cmp == token_kind::ge);
    CHECK(root(c).integer == 500);
    CHECK_FALSE(root(c).has_b);
    auto f = compiled("affected < staff");
    CHECK(root(f).operation == op::int_compare);
    CHECK(root(f).cmp == token_kind::lt);
    CHECK(root(f).a == fact_index("affected"));
    CHECK(root(f).b == fact_index("staff"));
    CHECK(root(f).has_b);
    auto in = compiled("affected in [1, 2, -3]");
    CHECK(root(in).operation == op::int_in);
    CHECK(ints(in) == std::vector<std::int64_t>{1, 2, -3});
  }
  SECTION("enums") {
    auto c = compiled("risk == \"high\"");
    CHECK(root(c).operation == op::enum_equals);
    CHECK(root(c).integer == 2);
    auto ne = compiled("risk != 'unlikely'");
    CHECK(root(ne).operation == op::logical_not);
    CHECK(child(ne, root(ne)).operation == op::enum_equals);
    CHECK(child(ne, root(ne)).integer == 0);
    auto in = compiled("risk in ['risk', 'high']");
    CHECK(root(in).operation == op::enum_in);
    CHECK(root(in).mask == 0b110);
    auto f = compiled("role == lead");
    CHECK(root(f).operation == op::enum_equals);
    CHECK(root(f).has_b);
    CHECK(root(f).b == fact_index("lead"));
    auto flipped = compiled("'processor' == role");
    CHECK(root(flipped).operation == op::enum_equals);
    CHECK(root(flipped).integer == 1);
    auto not_in = compiled("risk not in ['high']");
    CHECK(root(not_in).operation == op::logical_not);
    CHECK(child(not_in, root(not_in)).operation == op::enum_in);
  }
  SECTION("text") {
    auto c = compiled("summary == 'x'");
    CHECK(root(c).operation == op::text_equals);
    CHECK(texts(c) == std::vector<std::string>{"x"});
    auto in = compiled("summary in ['a', \"b\"]");
    CHECK(root(in).operation == op::text_in);
    CHECK(texts(in) == std::vector<std::string>{"a", "b"});
  }
  SECTION("sets") {
    auto has = compiled("\"health\" in categories");
    CHECK(root(has).operation == op::set_has);
    CHECK(root(has).a == fact_index("categories"));
    CHECK(root(has).integer == 1);
    CHECK_FALSE(root(has).has_b);
    auto by_enum = compiled("kind in categories");
    CHECK(root(by_enum).operation == op::set_has);
    CHECK(root(by_enum).has_b);
    CHECK(root(by_enum).b == fact_index("kind"));
    auto any = compiled("any_of(categories, ['health', 'biometric'])");
    CHECK(root(any).operation == op::set_any);
    CHECK(root(any).mask == 0b1010);
    auto all = compiled("all_of(categories, ['contact'])");
    CHECK(root(all).operation == op::set_all);
    CHECK(root(all).mask == 0b0001);
    auto not_in = compiled("'health' not in categories");
    CHECK(root(not_in).operation == op::logical_not);
    CHECK(child(not_in, root(not_in)).operation == op::set_has);
  }
  SECTION("known()") {
    auto f = compiled("known(role)");
    CHECK(root(f).operation == op::known_fact);
    CHECK(root(f).a == fact_index("role"));
    auto e = compiled("known(aware)");
    CHECK(root(e).operation == op::known_event);
    CHECK(root(e).a == event_index("aware"));
  }
  SECTION("logic") {
    auto c = compiled("breach and (notified or not breach)");
    CHECK(root(c).operation == op::logical_and);
    CHECK(child(c, root(c), 1).operation == op::logical_or);
    CHECK(child(c, child(c, root(c), 1), 1).operation == op::logical_not);
  }
}

TEST_CASE("checker: check() works on a parsed tree", "[expr]") {
  auto tree = expr::parse("breach and known(aware)", expr::default_locator("c.toml"));
  REQUIRE(tree);
  auto c = expr::check(*tree, expr_schema(), expr::default_locator("c.toml"));
  REQUIRE(c);
  CHECK(c->text() == "breach and known(aware)");
  auto bad_tree = expr::parse("breech", expr::default_locator("c.toml"));
  REQUIRE(bad_tree);
  auto bad = expr::check(*bad_tree, expr_schema(), expr::default_locator("c.toml"));
  REQUIRE_FALSE(bad);
  CHECK(first_error(bad) == "c.toml:1:1: error: unknown fact 'breech'; did you mean 'breach'?");
  // Syntax errors come through compile().
  CHECK(errors("breach and") == "c.toml:1:11: error: the condition ends too early: expected a fact, a value or '('");
}

TEST_CASE("checker: unknown names, with did-you-mean", "[expr]") {
  CHECK(errors("breech") == "c.toml:1:1: error: unknown fact 'breech'; did you mean 'breach'?");
  CHECK(code("breech") == "expr.unknown-name");
  CHECK(errors("rol == \"controller\"") == "c.toml:1:1: error: unknown fact 'rol'; did you mean 'role'?");
  CHECK(errors("breach and xyzzy") == "c.toml:1:12: error: unknown fact 'xyzzy'");
  CHECK(errors("affected > staf") == "c.toml:1:12: error: unknown fact 'staf'; did you mean 'staff'?");
  CHECK(errors("'health' in categoreis") ==
        "c.toml:1:13: error: unknown fact 'categoreis'; did you mean 'categories'?");
  CHECK(errors("known(awre)").rfind("c.toml:1:7: error: unknown ", 0) == 0);
  CHECK(errors("known(awre)").find("did you mean 'aware'?") != std::string::npos);
  CHECK(errors("any_of(categorys, ['health'])").find("did you mean 'categories'?") != std::string::npos);
  // A hostile name is cut short in the message.
  const std::string long_name(500, 'q');
  CHECK(errors(long_name).size() < 150);
}

TEST_CASE("checker: values outside an enum or set", "[expr]") {
  CHECK(errors("role == \"controler\"") ==
        "c.toml:1:9: error: 'controler' is not a value of role; did you mean 'controller'? "
        "(the values are 'controller' or 'processor')");
  CHECK(code("role == \"controler\"") == "expr.value");
  CHECK(errors("risk != 'severe'") ==
        "c.toml:1:9: error: 'severe' is not a value of risk (the values are 'unlikely', 'risk' or 'high')");
  CHECK(errors("risk in ['high', 'hihg']") ==
        "c.toml:1:18: error: 'hihg' is not a value of risk; did you mean 'high'? (the values are 'unlikely', 'risk' or "
        "'high')");
  CHECK(errors("'helth' in categories") ==
        "c.toml:1:1: error: 'helth' is not a value of categories; did you mean 'health'? (the values are " +
            k_categories + ")");
  CHECK(errors("any_of(categories, ['health', 'genetic'])") ==
        "c.toml:1:31: error: 'genetic' is not a value of categories (the values are " + k_categories + ")");
  CHECK(errors("'Controller' == role").find("'Controller' is not a value of role; did you mean 'controller'?") !=
        std::string::npos);
}

TEST_CASE("checker: type mismatches", "[expr]") {
  SECTION("int against other types") {
    CHECK(errors("affected == \"many\"") ==
          "c.toml:1:13: error: affected is an int fact; it cannot be compared with a string");
    CHECK(code("affected == \"many\"") == "expr.type");
    CHECK(errors("affected > true") ==
          "c.toml:1:12: error: affected is an int fact; it cannot be compared with true or false");
    CHECK(errors("affected == role") ==
          "c.toml:1:13: error: affected is an int fact; it cannot be compared with role, which is an enum fact "
          "('controller' or 'processor')");
    CHECK(errors("affected in ['a']") == "c.toml:1:14: error: affected is a number: this list must hold numbers");
    CHECK(errors("affected == [1]") ==
          "c.toml:1:13: error: '==' compares with one value, not a list: write affected in [...]");
  }
  SECTION("ordering is for ints only") {
    CHECK(errors("risk > \"risk\"") ==
          "c.toml:1:1: error: risk is an enum fact ('unlikely', 'risk' or 'high'): only == and != compare it");
    CHECK(errors("\"risk\" <= risk") ==
          "c.toml:1:1: error: risk is an enum fact ('unlikely', 'risk' or 'high'): only == and != compare it");
    CHECK(errors("breach < true") == "c.toml:1:1: error: breach is true or false: only == and != compare it");
    CHECK(errors("summary >= 'a'") == "c.toml:1:1: error: summary is text: only == and != compare it");
  }
  SECTION("bare facts that are not bool") {
    CHECK(errors("risk") ==
          "c.toml:1:1: error: risk is an enum fact ('unlikely', 'risk' or 'high'), not true or false: compare it, "
          "as in risk == \"unlikely\"");
    CHECK(errors("breach and not role") ==
          "c.toml:1:16: error: role is an enum fact ('controller' or 'processor'), not true or false: compare it, "
          "as in role == \"controller\"");
    CHECK(errors("categories") == "c.toml:1:1: error: categories is a set fact (any of " + k_categories +
                                      "), not true or false: compare it, as in \"contact\" in categories");
    CHECK(errors("affected") == "c.toml:1:1: error: affected is an int fact, not true or false: compare it");
    CHECK(errors("summary") == "c.toml:1:1: error: summary is a text fact, not true or false: compare it");
    CHECK(errors("5") == "c.toml:1:1: error: a value alone is not a condition: compare a fact with it");
    CHECK(errors("breach or 'x'") == "c.toml:1:11: error: a value alone is not a condition: compare a fact with it");
  }
  SECTION("sets are not compared with == or listed with in") {
    CHECK(errors("categories == \"health\"") ==
          "c.toml:1:1: error: categories is a set fact (any of " + k_categories +
              "): test it with \"value\" in categories, any_of(categories, [...]) or all_of(categories, [...])");
    CHECK(code("categories != 'health'") == "expr.type");
    CHECK(errors("categories in ['health']") ==
          "c.toml:1:1: error: categories is a set: use any_of(categories, [...]) or all_of(categories, [...])");
    CHECK(errors("1 in categories") == "c.toml:1:1: error: only a string can be in categories, not a number");
    CHECK(errors("role in categories") ==
          "c.toml:1:1: error: only a string, or an enum fact with the same values as categories, can be in categories");
  }
  SECTION("'in' needs a list or a set fact") {
    CHECK(errors("role in \"controller\"") ==
          "c.toml:1:9: error: 'in' needs a list, such as [\"a\", \"b\"], or a set fact on its right");
    CHECK(errors("affected in 5") ==
          "c.toml:1:13: error: 'in' needs a list, such as [\"a\", \"b\"], or a set fact on its right");
    CHECK(errors("role in lead") ==
          "c.toml:1:9: error: 'in' needs a list or a set fact on its right; lead is an enum fact ('controller' or "
          "'processor')");
    CHECK(errors("role in [1]") == "c.toml:1:10: error: role has string values: this list must hold strings");
    CHECK(errors("summary in [1]") == "c.toml:1:13: error: summary is text: this list must hold strings");
  }
  SECTION("bool facts in a list") {
    CHECK(errors("breach in ['yes']") ==
          "c.toml:1:1: error: breach is true or false: test it directly, or with == true");
    CHECK(errors("breach in [1]") == "c.toml:1:1: error: breach is true or false: test it directly, or with == true");
    CHECK(code("breach not in [1]") == "expr.type");
  }
  SECTION("facts of different types or values") {
    CHECK(errors("breach == 1") ==
          "c.toml:1:11: error: breach is a bool fact (true or false); it cannot be compared with a number");
    CHECK(errors("breach == notified").find("it cannot be compared with notified") != std::string::npos);
    CHECK(
        errors("role == risk") ==
        "c.toml:1:9: error: role is an enum fact ('controller' or 'processor'); it cannot be compared with risk, which "
        "is an enum fact ('unlikely', 'risk' or 'high')");
    CHECK(errors("role == 1") ==
          "c.toml:1:9: error: role is an enum fact ('controller' or 'processor'); it cannot be compared with a number");
    CHECK(errors("summary == 3") == "c.toml:1:12: error: summary is a text fact; it cannot be compared with a number");
    CHECK(code("summary == role") == "expr.type");
  }
}

TEST_CASE("checker: events only inside known()", "[expr]") {
  CHECK(errors("aware") == "c.toml:1:1: error: 'aware' is an event: test it with known(aware)");
  CHECK(code("aware") == "expr.type");
  CHECK(errors("breach and not detected") ==
        "c.toml:1:16: error: 'detected' is an event: test it with known(detected)");
  CHECK(errors("aware == true") ==
        "c.toml:1:1: error: 'aware' is an event: events can only be tested with known(aware)");
  CHECK(errors("affected < aware") ==
        "c.toml:1:12: error: 'aware' is an event: events can only be tested with known(aware)");
  CHECK(code("aware in ['x']") == "expr.type");
  CHECK(code("'x' in aware") == "expr.type");
  CHECK(errors("any_of(aware, ['x'])").find("'aware' is an event") != std::string::npos);
  // known() takes facts and events.
  CHECK(root(compiled("known(occurred)")).operation == op::known_event);
  CHECK(root(compiled("known(summary)")).operation == op::known_fact);
  CHECK(root(compiled("known(categories)")).operation == op::known_fact);
  CHECK(root(compiled("not known(risk)")).operation == op::logical_not);
}

TEST_CASE("checker: errors in calls", "[expr]") {
  CHECK(errors("known(role, risk)") == "c.toml:1:1: error: known() takes one fact or event");
  CHECK(code("known(role, risk)") == "expr.call");
  CHECK(errors("known('role')") == "c.toml:1:7: error: known() takes the name of a fact or event");
  CHECK(errors("known(breach and notified)") == "c.toml:1:7: error: known() takes the name of a fact or event");
  CHECK(errors("any_of(categories)") ==
        "c.toml:1:1: error: any_of() takes a set fact and a list: any_of(data_categories, [\"health\"])");
  CHECK(errors("all_of(categories, ['a'], ['b'])") ==
        "c.toml:1:1: error: all_of() takes a set fact and a list: all_of(data_categories, [\"health\"])");
  CHECK(code("all_of(categories, ['a'], ['b'])") == "expr.call");
  CHECK(errors("any_of(role, ['controller'])") ==
        "c.toml:1:8: error: any_of() needs a set fact first; role is an enum fact ('controller' or 'processor')");
  CHECK(errors("all_of(categories, 'health')") == "c.toml:1:20: error: all_of() needs a list of values second");
  CHECK(errors("all_of(categories, kind)") == "c.toml:1:20: error: all_of() needs a list of values second");
  CHECK(errors("any_of(categories, [1])") ==
        "c.toml:1:21: error: categories has string values: this list must hold strings");
  CHECK(code("any_of(['health'], categories)") == "expr.type");
  CHECK(errors("any_of(['health'], categories)").rfind("c.toml:1:8: error: ", 0) == 0);
  // Unknown functions.
  CHECK(errors("any_off(categories, ['health'])") ==
        "c.toml:1:1: error: unknown function 'any_off'; did you mean 'any_of'? (the functions are known, any_of and "
        "all_of)");
  CHECK(code("any_off(categories, ['health'])") == "expr.call");
  CHECK(errors("knwon(role)") ==
        "c.toml:1:1: error: unknown function 'knwon'; did you mean 'known'? (the functions are known, any_of and "
        "all_of)");
  CHECK(errors("breach and count(categories)") ==
        "c.toml:1:12: error: unknown function 'count' (the functions are known, any_of and all_of)");
}

TEST_CASE("checker: comparisons of two values are refused", "[expr]") {
  CHECK(errors("1 == 1") == "c.toml:1:1: error: this compares two values: the result never depends on the incident");
  CHECK(code("1 == 1") == "expr.constant");
  CHECK(code("'a' != 'b'") == "expr.constant");
  CHECK(code("true == false") == "expr.constant");
  CHECK(errors("breach and 3 < 5") ==
        "c.toml:1:12: error: this compares two values: the result never depends on the incident");
  CHECK(errors("\"a\" in [\"a\", \"b\"]") ==
        "c.toml:1:1: error: this tests a value against a list: the result never depends on the incident");
  CHECK(code("2 not in [1, 2]") == "expr.constant");
}

TEST_CASE("checker: a value on the left is flipped", "[expr]") {
  auto c = compiled("500 <= affected");
  CHECK(root(c).operation == op::int_compare);
  CHECK(root(c).cmp == token_kind::ge);
  CHECK(root(c).integer == 500);
  CHECK(with_int(c, "affected", 500) == tri::yes);
  CHECK(with_int(c, "affected", 501) == tri::yes);
  CHECK(with_int(c, "affected", 499) == tri::no);
  auto lt = compiled("10 < affected");
  CHECK(with_int(lt, "affected", 10) == tri::no);
  CHECK(with_int(lt, "affected", 11) == tri::yes);
  auto gt = compiled("10 > affected");
  CHECK(with_int(gt, "affected", 9) == tri::yes);
  CHECK(with_int(gt, "affected", 10) == tri::no);
  auto ge = compiled("10 >= affected");
  CHECK(with_int(ge, "affected", 10) == tri::yes);
  CHECK(with_int(ge, "affected", 11) == tri::no);
  auto eq = compiled("10 == affected");
  CHECK(with_int(eq, "affected", 10) == tri::yes);
  CHECK(with_int(eq, "affected", 11) == tri::no);
  auto ne = compiled("10 != affected");
  CHECK(with_int(ne, "affected", 10) == tri::no);
  CHECK(with_int(ne, "affected", 11) == tri::yes);
}

TEST_CASE("checker: every error is reported at once", "[expr]") {
  CHECK(errors("rol == \"x\" and risk == \"hgh\" or aware or affected == 'x'") ==
        "c.toml:1:1: error: unknown fact 'rol'; did you mean 'role'?\n"
        "c.toml:1:24: error: 'hgh' is not a value of risk; did you mean 'high'? (the values are 'unlikely', 'risk' or "
        "'high')\n"
        "c.toml:1:33: error: 'aware' is an event: test it with known(aware)\n"
        "c.toml:1:54: error: affected is an int fact; it cannot be compared with a string");
  auto r = expr::compile("breech or not rsk == 'high' or 1 == 2", expr_schema(), expr::default_locator("c.toml"));
  REQUIRE_FALSE(r);
  REQUIRE(r.diagnostics().size() == 3);
  CHECK(r.diagnostics()[0].code == "expr.unknown-name");
  CHECK(r.diagnostics()[1].code == "expr.unknown-name");
  CHECK(r.diagnostics()[2].code == "expr.constant");
  for (const diagnostic& d : r.diagnostics()) CHECK(d.level == severity::error);
}

TEST_CASE("checker: the facts and events a condition reads", "[expr]") {
  auto c = compiled("risk == 'high' and (breach or breach) and known(aware) and known(occurred) and not known(aware)");
  std::vector<std::size_t> facts{fact_index("breach"), fact_index("risk")};
  std::sort(facts.begin(), facts.end());
  CHECK(c.facts_used() == facts);
  std::vector<std::size_t> events{event_index("aware"), event_index("occurred")};
  std::sort(events.begin(), events.end());
  CHECK(c.events_used() == events);

  auto pair = compiled("affected < staff or kind in categories or role == lead");
  std::vector<std::size_t> all{fact_index("affected"),   fact_index("staff"), fact_index("kind"),
                               fact_index("categories"), fact_index("role"),  fact_index("lead")};
  std::sort(all.begin(), all.end());
  CHECK(pair.facts_used() == all);
  CHECK(pair.events_used().empty());

  auto none = compiled("true");
  CHECK(none.facts_used().empty());
  CHECK(none.events_used().empty());
  CHECK(compiled("known(summary)").facts_used() == std::vector<std::size_t>{fact_index("summary")});
}

TEST_CASE("checker: the program is one array of small nodes, children before parents", "[expr]") {
  STATIC_REQUIRE(std::is_trivially_copyable_v<checked_node>);
  STATIC_REQUIRE(sizeof(checked_node) <= 32);
  const condition c = compiled(
      "breach and (risk != \"high\" or not (affected in [1, 2, 3])) and summary in [\"a\", \"b\"] and "
      "any_of(categories, [\"health\"])");
  const expr::program& p = expr::program_of(c);
  REQUIRE_FALSE(p.nodes.empty());
  CHECK(p.root == p.nodes.size() - 1);  // the root last: one pass in order evaluates it
  for (std::size_t i = 0; i < p.nodes.size(); ++i) {
    const checked_node& n = p.nodes[i];
    if (n.operation == op::logical_and || n.operation == op::logical_or || n.operation == op::logical_not) {
      for (std::uint32_t child : p.children_of(n)) CHECK(child < i);
    }
  }
  CHECK(p.ints == std::vector<std::int64_t>{1, 2, 3});
  CHECK(p.texts == std::vector<std::string>{"a", "b"});
}

TEST_CASE("checker: the program records how deep and / or / not nest", "[expr]") {
  CHECK(expr::program_of(compiled("breach")).depth == 0);
  CHECK(expr::program_of(compiled("not breach")).depth == 1);
  CHECK(expr::program_of(compiled("breach and notified")).depth == 1);
  CHECK(expr::program_of(compiled("breach and (notified or not breach)")).depth == 3);
  CHECK(expr::program_of(compiled("risk != \"high\"")).depth == 1);  // not (risk == "high")
}
