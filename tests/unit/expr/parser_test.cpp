#include <catch2/catch.hpp>

#include <string>

#include "expr/parser.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::expr::node_kind;
using breachclock::expr::syntax_node;
using breachclock::expr::syntax_tree;
using breachclock::expr::token_kind;
using breachclock::test::first_error;

namespace {

std::string show(const syntax_tree& t, std::uint32_t i) {
  const syntax_node& n = t.at(i);
  auto children = [&](std::string head) {
    std::string out = "(" + head;
    for (std::uint32_t c : n.children) out += " " + show(t, c);
    return out + ")";
  };
  switch (n.kind) {
    case node_kind::boolean: return n.boolean ? "true" : "false";
    case node_kind::integer: return std::to_string(n.integer);
    case node_kind::string: return "\"" + n.text + "\"";
    case node_kind::list: {
      std::string out = "[";
      for (std::size_t k = 0; k < n.children.size(); ++k) out += (k == 0 ? "" : ", ") + show(t, n.children[k]);
      return out + "]";
    }
    case node_kind::name: return n.text;
    case node_kind::call: return children("call " + n.text);
    case node_kind::logical_not: return children("not");
    case node_kind::logical_and: return children("and");
    case node_kind::logical_or: return children("or");
    case node_kind::compare: {
      std::string op = expr::describe(n.op);
      return children(op.substr(1, op.size() - 2));
    }
    case node_kind::in: return children("in");
    case node_kind::not_in: return children("not-in");
  }
  return "?";
}

syntax_tree tree(std::string_view text) {
  auto r = expr::parse(text, expr::default_locator("c.toml"));
  INFO(text);
  INFO(first_error(r));
  REQUIRE(r);
  return *r;
}

// The condition parsed and shown as an s-expression.
std::string parsed(std::string_view text) {
  syntax_tree t = tree(text);
  return show(t, t.root);
}

std::string parse_error(std::string_view text, std::string_view code = "expr.syntax") {
  auto r = expr::parse(text, expr::default_locator("c.toml"));
  INFO(text);
  REQUIRE_FALSE(r);
  REQUIRE(r.diagnostics().size() == 1);
  CHECK(r.diagnostics().front().code == code);
  return first_error(r);
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("parser: atoms", "[expr]") {
  CHECK(parsed("breach") == "breach");
  CHECK(parsed("true") == "true");
  CHECK(parsed("false") == "false");
  CHECK(parsed("42") == "42");
  CHECK(parsed("-3") == "-3");
  CHECK(parsed("'x'") == "\"x\"");
  CHECK(parsed("[1]") == "[1]");
  auto t = tree("breach");
  CHECK(t.nodes.size() == 1);
  CHECK(t.text == "breach");
}

TEST_CASE("parser: precedence: not binds tighter than and, and tighter than or", "[expr]") {
  CHECK(parsed("a or b and c") == "(or a (and b c))");
  CHECK(parsed("a and b or c") == "(or (and a b) c)");
  CHECK(parsed("not a and b") == "(and (not a) b)");
  CHECK(parsed("not a or b") == "(or (not a) b)");
  CHECK(parsed("a or not b and c") == "(or a (and (not b) c))");
  CHECK(parsed("not not a") == "(not (not a))");
  // Chains are flat, not nested.
  CHECK(parsed("a and b and c and d") == "(and a b c d)");
  CHECK(parsed("a or b or c") == "(or a b c)");
  CHECK(parsed("a and b or c and d or e") == "(or (and a b) (and c d) e)");
}

TEST_CASE("parser: comparisons bind tighter than not, and, or", "[expr]") {
  CHECK(parsed("n == 1") == "(== n 1)");
  CHECK(parsed("n != 1") == "(!= n 1)");
  CHECK(parsed("n < 1") == "(< n 1)");
  CHECK(parsed("n <= 1") == "(<= n 1)");
  CHECK(parsed("n > 1") == "(> n 1)");
  CHECK(parsed("n >= -1") == "(>= n -1)");
  CHECK(parsed("500 <= n") == "(<= 500 n)");
  CHECK(parsed("role == 'x' and n >= 500") == "(and (== role \"x\") (>= n 500))");
  CHECK(parsed("not risk == \"unlikely\"") == "(not (== risk \"unlikely\"))");
  CHECK(parsed("a == 1 and b or not c == 2") == "(or (and (== a 1) b) (not (== c 2)))");
  CHECK(parsed("a == b") == "(== a b)");
  CHECK(parsed("true == breach") == "(== true breach)");
}

TEST_CASE("parser: parentheses override precedence", "[expr]") {
  CHECK(parsed("(a or b) and c") == "(and (or a b) c)");
  CHECK(parsed("not (a or b)") == "(not (or a b))");
  CHECK(parsed("a and (b or (c and not d))") == "(and a (or b (and c (not d))))");
  CHECK(parsed("((a))") == "a");
  CHECK(parsed("(n) == (1)") == "(== n 1)");
  CHECK(parsed("personal_data_breach and role == \"controller\" and not (risk == \"unlikely\")") ==
        "(and personal_data_breach (== role \"controller\") (not (== risk \"unlikely\")))");
}

TEST_CASE("parser: in, not in, and lists", "[expr]") {
  CHECK(parsed("role in [\"a\", 'b']") == "(in role [\"a\", \"b\"])");
  CHECK(parsed("n in [1, -2, 3]") == "(in n [1, -2, 3])");
  CHECK(parsed("n in [1, \"x\"]") == "(in n [1, \"x\"])");
  CHECK(parsed("\"health\" in cats") == "(in \"health\" cats)");
  CHECK(parsed("role not in ['a']") == "(not-in role [\"a\"])");
  CHECK(parsed("'x' not in cats") == "(not-in \"x\" cats)");
  CHECK(parsed("not role in ['a']") == "(not (in role [\"a\"]))");
  CHECK(parsed("not role not in ['a']") == "(not (not-in role [\"a\"]))");
  CHECK(parsed("\"trade_union_membership\" in data_categories or affected_count >= 500") ==
        "(or (in \"trade_union_membership\" data_categories) (>= affected_count 500))");
  auto t = tree("n in [1, 22]");
  const syntax_node& list = t.at(t.at(t.root).children[1]);
  CHECK(list.kind == node_kind::list);
  CHECK(list.offset == 5);
  CHECK(list.length == 7);
  REQUIRE(list.children.size() == 2);
  CHECK(t.at(list.children[1]).offset == 9);
  CHECK(t.at(list.children[1]).length == 2);
}

TEST_CASE("parser: calls", "[expr]") {
  CHECK(parsed("known(determined)") == "(call known determined)");
  CHECK(parsed("any_of(cats, [\"health\", \"financial\"])") == "(call any_of cats [\"health\", \"financial\"])");
  CHECK(parsed("all_of(cats, ['a'])") == "(call all_of cats [\"a\"])");
  CHECK(parsed("f(a and b, n == 1)") == "(call f (and a b) (== n 1))");
  CHECK(parsed("known(determined) and any_of(data_categories, [\"health\", \"financial\"])") ==
        "(and (call known determined) (call any_of data_categories [\"health\", \"financial\"]))");
  CHECK(parsed("not known(x)") == "(not (call known x))");
  auto t = tree("a or known(x)");
  const syntax_node& call = t.at(t.at(t.root).children[1]);
  CHECK(call.kind == node_kind::call);
  CHECK(call.text == "known");
  CHECK(call.offset == 5);
  CHECK(call.length == 8);
}

TEST_CASE("parser: node offsets", "[expr]") {
  auto t = tree("a and n >= 5");
  const syntax_node& root = t.at(t.root);
  CHECK(root.kind == node_kind::logical_and);
  CHECK(root.offset == 0);
  const syntax_node& cmp = t.at(root.children[1]);
  CHECK(cmp.kind == node_kind::compare);
  CHECK(cmp.op == token_kind::ge);
  CHECK(cmp.offset == 6);
  CHECK(cmp.length == 6);
  CHECK(t.at(cmp.children[1]).offset == 11);
  auto u = tree("x or not y");
  CHECK(u.at(u.at(u.root).children[1]).offset == 5);
}

TEST_CASE("parser: syntax errors are located and explained", "[expr]") {
  // Something after a complete condition.
  CHECK(parse_error("breach breach") ==
        "c.toml:1:8: error: unexpected 'breach' after a complete condition: join conditions with 'and' or 'or'");
  CHECK(parse_error("a \"x\"") ==
        "c.toml:1:3: error: unexpected string \"x\" after a complete condition: join conditions with 'and' or 'or'");
  CHECK(parse_error("a 5") ==
        "c.toml:1:3: error: unexpected number 5 after a complete condition: join conditions with 'and' or 'or'");
  CHECK(parse_error("a )") == "c.toml:1:3: error: unexpected ')' after a complete condition");
  CHECK(parse_error("a not b") == "c.toml:1:3: error: unexpected 'not' after a complete condition");
  // The condition ends too early.
  CHECK(parse_error("") == "c.toml:1:1: error: the condition ends too early: expected a fact, a value or '('");
  CHECK(parse_error("a and") == "c.toml:1:6: error: the condition ends too early: expected a fact, a value or '('");
  CHECK(parse_error("n ==") == "c.toml:1:5: error: the condition ends too early: expected a fact, a value or '('");
  CHECK(parse_error("not") == "c.toml:1:4: error: the condition ends too early: expected a fact, a value or '('");
  CHECK(parse_error("(") == "c.toml:1:2: error: the condition ends too early: expected a fact, a value or '('");
  // A token where an operand belongs.
  CHECK(parse_error("a and )") == "c.toml:1:7: error: expected a fact, a value or '(', not ')'");
  CHECK(parse_error("== 1") == "c.toml:1:1: error: expected a fact, a value or '(', not '=='");
  CHECK(parse_error("a or or b") == "c.toml:1:6: error: expected a fact, a value or '(', not 'or'");
  CHECK(parse_error("n == not b") == "c.toml:1:6: error: expected a fact, a value or '(', not 'not'");
  CHECK(parse_error("n in ,") == "c.toml:1:6: error: expected a fact, a value or '(', not ','");
  // Lists.
  CHECK(parse_error("x in []") == "c.toml:1:7: error: a list needs at least one value");
  CHECK(parse_error("x in [a]") == "c.toml:1:7: error: a list holds strings or numbers, not 'a'");
  CHECK(parse_error("x in [1, true]") == "c.toml:1:10: error: a list holds strings or numbers, not 'true'");
  CHECK(parse_error("x in [[1]]") == "c.toml:1:7: error: a list holds strings or numbers, not '['");
  CHECK(parse_error("x in [1,]") == "c.toml:1:9: error: a list does not end with ','");
  CHECK(parse_error("x in [1 2]") == "c.toml:1:9: error: expected ',' or ']' in a list, not number 2");
  CHECK(parse_error("x in [1") == "c.toml:1:8: error: expected ',' or ']' in a list, not the end of the condition");
  // Calls.
  CHECK(parse_error("known()") == "c.toml:1:7: error: known() needs an argument");
  CHECK(parse_error("known(a b)") == "c.toml:1:9: error: expected ',' or ')' in the arguments of known(), not 'b'");
  CHECK(parse_error("any_of(s, [1]") ==
        "c.toml:1:14: error: expected ',' or ')' in the arguments of any_of(), not the end of the condition");
  CHECK(parse_error("known(a,)") == "c.toml:1:9: error: expected a fact, a value or '(', not ')'");
  // Lexical errors come through the parser unchanged.
  CHECK(parse_error("a = 1") == "c.toml:1:3: error: '=' is not an operator: compare with '=='");
  CHECK(parse_error("n == 'x") == "c.toml:1:6: error: string starting here is not closed with '");
}

TEST_CASE("parser: an unclosed '(' names where it was opened", "[expr]") {
  const std::string e = parse_error("a and (b or c");
  CHECK(e.rfind("c.toml:1:14: error: expected ')' to close the '(' at ", 0) == 0);
  CHECK(e.find(", not the end of the condition") != std::string::npos);
  // The '(' is at byte offset 6 (column 7): the message must not be off by one.
  CHECK(e == "c.toml:1:14: error: expected ')' to close the '(' at 1:7, not the end of the condition");
  const std::string f = parse_error("(a b");
  CHECK(f.rfind("c.toml:1:4: error: expected ')' to close the '(' at ", 0) == 0);
  CHECK(f.find(", not 'b'") != std::string::npos);
}

TEST_CASE("parser: comparisons do not chain", "[expr]") {
  CHECK(parse_error("1 < n < 5") == "c.toml:1:7: error: comparisons do not chain: join them with 'and'");
  CHECK(parse_error("a == b == c") == "c.toml:1:8: error: comparisons do not chain: join them with 'and'");
  CHECK(parse_error("a == b != c") == "c.toml:1:8: error: comparisons do not chain: join them with 'and'");
  CHECK(parse_error("x in [1] in [2]") == "c.toml:1:10: error: comparisons do not chain: join them with 'and'");
  CHECK(parse_error("n >= 1 <= 5") == "c.toml:1:8: error: comparisons do not chain: join them with 'and'");
  CHECK_FALSE(expr::parse("a == b not in [1]", expr::default_locator("c.toml")));
  // With parentheses, or joined with 'and', they are fine.
  CHECK(parsed("1 < n and n < 5") == "(and (< 1 n) (< n 5))");
  CHECK(parsed("(a == b) == c") == "(== (== a b) c)");
}

TEST_CASE("parser: nesting depth is limited", "[expr]") {
  const std::size_t max = expr::k_max_depth;
  // At the limit: fine.
  CHECK(parsed(repeat("(", max) + "a" + repeat(")", max)) == "a");
  CHECK(tree(repeat("not ", max) + "a").nodes.size() == max + 1);
  // One beyond: refused at the '(' or 'not' that goes too deep.
  CHECK(parse_error(repeat("(", max + 1) + "a" + repeat(")", max + 1), "limit.condition") ==
        "c.toml:1:65: error: condition is nested more than 64 levels deep");
  CHECK(parse_error(repeat("not ", max + 1) + "a", "limit.condition") ==
        "c.toml:1:257: error: condition is nested more than 64 levels deep");
  CHECK(parse_error(repeat("(not ", 40) + "a" + repeat(")", 40), "limit.condition") ==
        "c.toml:1:161: error: condition is nested more than 64 levels deep");
  CHECK(parse_error(repeat("known(", max + 1) + "a" + repeat(")", max + 1), "limit.condition") ==
        "c.toml:1:385: error: condition is nested more than 64 levels deep");
  // Hostile input: no crash, a limit error.
  auto parens = expr::parse(repeat("(", 100'000), expr::default_locator("c.toml"));
  REQUIRE_FALSE(parens);
  CHECK(parens.diagnostics().front().code == "limit.condition");
  auto parens2 = expr::parse(repeat("(", 100'000) + "a" + repeat(")", 100'000), expr::default_locator("c.toml"));
  REQUIRE_FALSE(parens2);
  CHECK(parens2.diagnostics().front().code == "limit.condition");
  auto nots = expr::parse(repeat("not ", 100'000) + "a", expr::default_locator("c.toml"));
  REQUIRE_FALSE(nots);
  CHECK(nots.diagnostics().front().code == "limit.condition");
  // The same within the length limit: still the depth limit, not a crash.
  auto short_parens = expr::parse(repeat("(", 8000), expr::default_locator("c.toml"));
  REQUIRE_FALSE(short_parens);
  CHECK(first_error(short_parens) == "c.toml:1:65: error: condition is nested more than 64 levels deep");
  auto short_nots = expr::parse(repeat("not ", 2000) + "a", expr::default_locator("c.toml"));
  REQUIRE_FALSE(short_nots);
  CHECK(first_error(short_nots) == "c.toml:1:257: error: condition is nested more than 64 levels deep");
}

TEST_CASE("parser: the number of nodes is limited", "[expr]") {
  // n in [1, 1, ...]: one node for n, one per item, one for the list, one for 'in'.
  auto items = [](std::size_t count) {
    std::string out = "n in [";
    for (std::size_t i = 0; i < count; ++i) out += i == 0 ? "1" : ",1";
    return out + "]";
  };
  const std::size_t fits = expr::k_max_nodes - 3;
  auto t = tree(items(fits));
  CHECK(t.nodes.size() == expr::k_max_nodes);
  const std::string e = parse_error(items(fits + 1), "limit.condition");
  CHECK(e.find("error: condition has more than 2048 parts") != std::string::npos);
  CHECK(e.rfind("c.toml:1:", 0) == 0);
  // The limit counts nodes anywhere in the tree: two lists that fit alone do not fit together.
  const std::string half = items(1100);
  CHECK(tree(half).nodes.size() == 1103);
  CHECK(parse_error(half + " or " + half, "limit.condition").find("condition has more than 2048 parts") !=
        std::string::npos);
}

TEST_CASE("parser: a megabyte of condition is refused by length", "[expr]") {
  const std::string big = "a or " + std::string(1024 * 1024 - 5, 'b');
  REQUIRE(big.size() == 1024 * 1024);
  CHECK(parse_error(big, "limit.condition") == "c.toml:1:1: error: condition is 1048576 bytes long; the limit is 8192");
}
