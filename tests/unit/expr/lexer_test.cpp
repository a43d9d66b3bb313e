#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "expr/lexer.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::expr::token;
using breachclock::expr::token_kind;
using breachclock::test::first_error;

namespace {

std::vector<token> tokens(std::string_view text) {
  auto r = expr::lex(text, expr::default_locator("c.toml"));
  INFO(first_error(r));
  REQUIRE(r);
  return *r;
}

// The kinds of the tokens of `text`, as describe() shows them, joined by spaces.
std::string kinds(std::string_view text) {
  std::string out;
  for (const token& t : tokens(text)) out += (out.empty() ? "" : " ") + expr::describe(t.kind);
  return out;
}

// The one lexical error of `text`, as `file:line:col: error: message`.
std::string lex_error(std::string_view text, std::string_view code = "expr.syntax") {
  auto r = expr::lex(text, expr::default_locator("c.toml"));
  REQUIRE_FALSE(r);
  REQUIRE(r.diagnostics().size() == 1);
  CHECK(r.diagnostics().front().code == code);
  CHECK(r.diagnostics().front().level == severity::error);
  return first_error(r);
}

}  // namespace

TEST_CASE("lexer: every token kind", "[expr]") {
  CHECK(kinds("breach_1 \"s\" 's' 42 -7 true false and or not in == != < <= > >= ( ) [ ] ,") ==
        "a name a string a string a number a number 'true' 'false' 'and' 'or' 'not' 'in' '==' '!=' '<' '<=' '>' "
        "'>=' '(' ')' '[' ']' ',' the end of the condition");
  // Operators need no spaces around them.
  CHECK(kinds("a==1") == "a name '==' a number the end of the condition");
  CHECK(kinds("a<=b>=c<d>e!=f") ==
        "a name '<=' a name '>=' a name '<' a name '>' a name '!=' a name the end of the condition");
  CHECK(kinds("f([1,2])") == "a name '(' '[' a number ',' a number ']' ')' the end of the condition");
  // Whitespace of every kind separates tokens and is otherwise ignored.
  CHECK(kinds(" \ta\n and\r\nb ") == "a name 'and' a name the end of the condition");
  CHECK(kinds("") == "the end of the condition");
  CHECK(kinds("   ") == "the end of the condition");
}

TEST_CASE("lexer: keywords are whole words; identifiers are letters, digits and '_'", "[expr]") {
  auto ts = tokens("android notice in_scope oregon _x9 trueish A_b");
  REQUIRE(ts.size() == 8);
  const std::vector<std::string> names{"android", "notice", "in_scope", "oregon", "_x9", "trueish", "A_b"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    CHECK(ts[i].kind == token_kind::identifier);
    CHECK(ts[i].text == names[i]);
  }
  CHECK(ts[7].kind == token_kind::end);
  CHECK(tokens("true")[0].kind == token_kind::kw_true);
  CHECK(tokens("false")[0].kind == token_kind::kw_false);
  CHECK(tokens("and")[0].kind == token_kind::kw_and);
  CHECK(tokens("or")[0].kind == token_kind::kw_or);
  CHECK(tokens("not")[0].kind == token_kind::kw_not);
  CHECK(tokens("in")[0].kind == token_kind::kw_in);
}

TEST_CASE("lexer: offsets, lengths, names and values", "[expr]") {
  const std::string text = "role == \"controller\" and n >= -500";
  auto ts = tokens(text);
  REQUIRE(ts.size() == 8);
  CHECK(ts[0].kind == token_kind::identifier);
  CHECK(ts[0].offset == 0);
  CHECK(ts[0].length == 4);
  CHECK(ts[0].text == "role");
  CHECK(ts[1].kind == token_kind::eq);
  CHECK(ts[1].offset == 5);
  CHECK(ts[1].length == 2);
  CHECK(ts[2].kind == token_kind::string);
  CHECK(ts[2].offset == 8);
  CHECK(ts[2].length == 12);  // with its quotes
  CHECK(ts[2].text == "controller");
  CHECK(ts[3].kind == token_kind::kw_and);
  CHECK(ts[3].offset == 21);
  CHECK(ts[3].length == 3);
  CHECK(ts[4].offset == 25);
  CHECK(ts[5].kind == token_kind::ge);
  CHECK(ts[5].offset == 27);
  CHECK(ts[5].length == 2);
  CHECK(ts[6].kind == token_kind::integer);
  CHECK(ts[6].offset == 30);
  CHECK(ts[6].length == 4);
  CHECK(ts[6].integer == -500);
  CHECK(ts[7].kind == token_kind::end);
  CHECK(ts[7].offset == text.size());
  CHECK(ts[7].length == 0);

  auto single = tokens("<");
  CHECK(single[0].length == 1);
  CHECK(single[1].offset == 1);
}

TEST_CASE("lexer: strings in either quote style, with escapes", "[expr]") {
  CHECK(tokens("\"double\"")[0].text == "double");
  CHECK(tokens("'single'")[0].text == "single");
  CHECK(tokens("\"\"")[0].text.empty());
  CHECK(tokens("''")[0].kind == token_kind::string);
  CHECK(tokens("''")[0].text.empty());
  // The other quote needs no escape.
  CHECK(tokens("\"it's\"")[0].text == "it's");
  CHECK(tokens("'say \"hi\"'")[0].text == "say \"hi\"");
  // The three escapes, in both quote styles.
  CHECK(tokens(R"("a\"b")")[0].text == "a\"b");
  CHECK(tokens(R"('a\'b')")[0].text == "a'b");
  CHECK(tokens(R"("a\'b")")[0].text == "a'b");
  CHECK(tokens(R"('a\"b')")[0].text == "a\"b");
  CHECK(tokens(R"("a\\b")")[0].text == "a\\b");
  CHECK(tokens(R"('a\\')")[0].text == "a\\");
  auto ts = tokens(R"("a\"b" x)");
  CHECK(ts[0].length == 6);
  CHECK(ts[1].offset == 7);
  CHECK(ts[1].text == "x");
  // Keywords and operators inside strings are just text.
  auto k = tokens("'a and b == c'");
  REQUIRE(k.size() == 2);
  CHECK(k[0].text == "a and b == c");
}

TEST_CASE("lexer: integers, negative integers and their range", "[expr]") {
  CHECK(tokens("0")[0].integer == 0);
  CHECK(tokens("42")[0].integer == 42);
  CHECK(tokens("-42")[0].integer == -42);
  CHECK(tokens("-0")[0].integer == 0);
  CHECK(tokens("007")[0].integer == 7);
  CHECK(tokens("9223372036854775807")[0].integer == INT64_MAX);
  CHECK(tokens("-9223372036854775807")[0].integer == -INT64_MAX);
  // A '-' joined to a digit starts a number, even right after an operator or a name.
  CHECK(kinds("n>-5") == "a name '>' a number the end of the condition");
  CHECK(tokens("n>-5")[2].integer == -5);
  CHECK(tokens("n>-5")[2].offset == 2);
  CHECK(tokens("n>-5")[2].length == 2);
  CHECK(kinds("[-1,-2]") == "'[' a number ',' a number ']' the end of the condition");
}

TEST_CASE("lexer: unclosed strings and bad escapes", "[expr]") {
  CHECK(lex_error("\"abc") == "c.toml:1:1: error: string starting here is not closed with \"");
  CHECK(lex_error("n == 'abc") == "c.toml:1:6: error: string starting here is not closed with '");
  CHECK(lex_error("n == \"abc'") == "c.toml:1:6: error: string starting here is not closed with \"");
  CHECK(lex_error("n == 'abc\"") == "c.toml:1:6: error: string starting here is not closed with '");
  // A backslash at the very end escapes nothing: the string is still open.
  CHECK(lex_error(R"(x == "abc\)") == "c.toml:1:6: error: string starting here is not closed with \"");
  CHECK(lex_error(R"(x == "abc\")") == "c.toml:1:6: error: string starting here is not closed with \"");
  // The error points at the backslash of the bad escape.
  CHECK(lex_error(R"(x == "a\nb")") ==
        R"(c.toml:1:8: error: unknown escape '\n' in a string: only \", \' and \\ are escapes)");
  CHECK(lex_error(R"('\t')") ==
        R"(c.toml:1:2: error: unknown escape '\t' in a string: only \", \' and \\ are escapes)");
}

TEST_CASE("lexer: operators of other languages are refused with a hint", "[expr]") {
  CHECK(lex_error("a = 1") == "c.toml:1:3: error: '=' is not an operator: compare with '=='");
  CHECK(lex_error("a =") == "c.toml:1:3: error: '=' is not an operator: compare with '=='");
  CHECK(lex_error("!a") == "c.toml:1:1: error: '!' is not an operator: write 'not' for negation, '!=' for inequality");
  CHECK(lex_error("a and !b") ==
        "c.toml:1:7: error: '!' is not an operator: write 'not' for negation, '!=' for inequality");
  CHECK(lex_error("a && b") == "c.toml:1:3: error: '&' is not an operator: write 'and'");
  CHECK(lex_error("a & b") == "c.toml:1:3: error: '&' is not an operator: write 'and'");
  CHECK(lex_error("a || b") == "c.toml:1:3: error: '|' is not an operator: write 'or'");
  CHECK(lex_error("a|b") == "c.toml:1:2: error: '|' is not an operator: write 'or'");
}

TEST_CASE("lexer: stray characters", "[expr]") {
  CHECK(lex_error("a $ b") == "c.toml:1:3: error: unexpected character '$'");
  CHECK(lex_error("a;") == "c.toml:1:2: error: unexpected character ';'");
  CHECK(lex_error("n - 5") == "c.toml:1:3: error: unexpected character '-'");
  CHECK(lex_error("n + 5") == "c.toml:1:3: error: unexpected character '+'");
  CHECK(lex_error("a.") == "c.toml:1:2: error: unexpected character '.'");
  CHECK(lex_error("a..b") == "c.toml:1:2: error: unexpected character '.'");
  CHECK(lex_error("a.1") == "c.toml:1:2: error: unexpected character '.'");
  CHECK(lex_error("{a}") == "c.toml:1:1: error: unexpected character '{'");
  // A control character is shown escaped, not raw.
  CHECK(lex_error(std::string_view("a \x01", 3)) == "c.toml:1:3: error: unexpected character '\\x01'");
  // Only the first error is reported.
  CHECK(lex_error("a $ b = c") == "c.toml:1:3: error: unexpected character '$'");
}

TEST_CASE("lexer: numbers too large, and numbers run into names", "[expr]") {
  CHECK(lex_error("n > 9223372036854775808") == "c.toml:1:5: error: number 9223372036854775808 is too large");
  CHECK(lex_error("n > -9223372036854775809") == "c.toml:1:5: error: number -9223372036854775809 is too large");
  CHECK(lex_error("99999999999999999999999") == "c.toml:1:1: error: number 99999999999999999999999 is too large");
  CHECK(lex_error("5abc") == "c.toml:1:2: error: unexpected 'a' after a number");
  CHECK(lex_error("n > 10_000") == "c.toml:1:7: error: unexpected '_' after a number");
}

TEST_CASE("lexer: numbers at 2^64 and beyond do not wrap around to small values", "[expr]") {
  const auto where = expr::default_locator("c.toml");
  // 2^64 and 2^64 + 4: the digits must not overflow the accumulator unnoticed.
  auto at_2_64 = expr::lex("n == 18446744073709551616", where);
  CHECK(first_error(at_2_64) == "c.toml:1:6: error: number 18446744073709551616 is too large");
  if (at_2_64) CHECK((*at_2_64)[2].integer != 0);
  auto beyond = expr::lex("n == 18446744073709551620", where);
  CHECK(first_error(beyond) == "c.toml:1:6: error: number 18446744073709551620 is too large");
  if (beyond) CHECK((*beyond)[2].integer != 4);
  auto negative = expr::lex("n == -18446744073709551617", where);
  CHECK(first_error(negative) == "c.toml:1:6: error: number -18446744073709551617 is too large");
}

TEST_CASE("lexer: conditions over the length limit", "[expr]") {
  const std::string at_limit = "x" + std::string(expr::k_max_condition_bytes - 1, ' ');
  REQUIRE(at_limit.size() == 8192);
  CHECK(tokens(at_limit).size() == 2);
  const std::string over = at_limit + " ";
  CHECK(lex_error(over, "limit.condition") == "c.toml:1:1: error: condition is 8193 bytes long; the limit is 8192");
  // A long string literal counts too, and the limit is checked before anything else.
  const std::string long_text = "t == \"" + std::string(9000, 'a') + "\"";
  CHECK(lex_error(long_text, "limit.condition") ==
        "c.toml:1:1: error: condition is 9007 bytes long; the limit is 8192");
  CHECK(lex_error(std::string(10000, '$'), "limit.condition") ==
        "c.toml:1:1: error: condition is 10000 bytes long; the limit is 8192");
}

TEST_CASE("lexer: the locator places errors", "[expr]") {
  // The rule loader maps offsets into the rule file.
  expr::locator where = [](std::size_t offset) {
    return source_location{"rules/uk.toml", 12, static_cast<int>(offset) + 20};
  };
  auto r = expr::lex("a = b", where);
  REQUIRE_FALSE(r);
  CHECK(r.diagnostics().front().where == source_location{"rules/uk.toml", 12, 22});
  // The default locator: line 1, column offset + 1.
  CHECK(expr::default_locator("f.toml")(0) == source_location{"f.toml", 1, 1});
  CHECK(expr::default_locator("f.toml")(41) == source_location{"f.toml", 1, 42});
  CHECK(expr::default_locator()(3) == source_location{"", 1, 4});
}

TEST_CASE("lexer: describe() names every token kind for messages", "[expr]") {
  CHECK(expr::describe(token_kind::identifier) == "a name");
  CHECK(expr::describe(token_kind::string) == "a string");
  CHECK(expr::describe(token_kind::integer) == "a number");
  CHECK(expr::describe(token_kind::eq) == "'=='");
  CHECK(expr::describe(token_kind::kw_not) == "'not'");
  CHECK(expr::describe(token_kind::comma) == "','");
  CHECK(expr::describe(token_kind::end) == "the end of the condition");
}
