// expr/parser.hpp (private to expr/): conditions parsed into a syntax tree.
//
//   or   := and ("or" and)*
//   and  := not ("and" not)*
//   not  := "not" not | cmp
//   cmp  := primary [ ("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") primary ]
//   primary := literal | "[" literal ("," literal)* "]" | name | name "(" expr ("," expr)* ")" | "(" or ")"
//
// The tree is stored flat (nodes refer to their children by index), so that it is cheap to
// copy and never recurses on destruction. Nesting beyond k_max_depth and trees beyond
// k_max_nodes are refused.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "expr/lexer.hpp"

namespace breachclock::expr {

enum class node_kind : unsigned char {
  boolean,
  integer,
  string,
  list,  // literals
  name,  // a fact or event
  call,  // name(args...): known, any_of, all_of
  logical_not,
  logical_and,
  logical_or,
  compare,  // op: eq ne lt le gt ge
  in,
  not_in,
};

struct syntax_node {
  node_kind kind = node_kind::boolean;
  token_kind op = token_kind::eq;  // compare: the operator
  std::size_t offset = 0;          // where the node starts in the text
  std::size_t length = 0;
  bool boolean = false;
  std::int64_t integer = 0;
  std::string text;  // string literal, name, or function name
  std::vector<std::uint32_t> children;
};

struct syntax_tree {
  std::string text;
  std::vector<syntax_node> nodes;
  std::uint32_t root = 0;
  const syntax_node& at(std::uint32_t i) const { return nodes[i]; }
};

// Parses a condition. Fails with the first syntax error (code expr.syntax) or a limit
// (limit.condition), located by `where`.
result<syntax_tree> parse(std::string_view text, const locator& where);

}  // namespace breachclock::expr
