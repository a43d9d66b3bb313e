// expr/lexer.hpp (private to expr/): the tokens of the condition language (DESIGN.md section 5).
//
//   personal_data_breach and role == "controller" and not (risk == "unlikely")
//   "trade_union_membership" in data_categories or affected_count >= 500
//
// Strings are in double or single quotes (\" \' \\ escape); integers may have a leading '-';
// identifiers are letters, digits and '_', and may be dotted (affected.total). Errors point at the byte offset of the
// fault; the `locator` turns an offset into a file:line:col (the rule loader maps it into the rule file).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/expr/condition.hpp"

namespace breachclock::expr {

// locator, default_locator and the limits: breachclock/expr/condition.hpp.

// A table laid out by hand:
// clang-format off
enum class token_kind : unsigned char {
  identifier, string, integer,
  kw_true, kw_false, kw_and, kw_or, kw_not, kw_in,
  eq, ne, lt, le, gt, ge,
  lparen, rparen, lbracket, rbracket, comma,
  end,
};
// clang-format on

// How a token kind is shown in messages: "'=='", "a string", "the end of the condition".
std::string describe(token_kind k);

struct token {
  token_kind kind = token_kind::end;
  std::size_t offset = 0;  // byte offset in the condition text
  std::size_t length = 0;
  std::string text;  // identifier name, or decoded string
  std::int64_t integer = 0;
};

// The tokens of `text`, ending with an `end` token; or the first lexical error (code
// expr.syntax, or limit.condition for text over k_max_condition_bytes).
result<std::vector<token>> lex(std::string_view text, const locator& where);

}  // namespace breachclock::expr
