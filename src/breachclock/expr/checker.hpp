// expr/checker.hpp (private to expr/): conditions checked against the fact schema.
//
// What compile() (breachclock/expr/condition.hpp) does after parsing, and the checked form a
// condition holds: the evaluator and the analysis read it through program_of().
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "breachclock/expr/condition.hpp"
#include "breachclock/facts/schema.hpp"
#include "expr/parser.hpp"

namespace breachclock::expr {

// The operations of a checked condition.
enum class op : unsigned char {
  constant,     // integer != 0
  bool_fact,    // fact a
  known_fact,   // known(fact a)
  known_event,  // known(event a)
  int_compare,  // fact a <cmp> integer, or fact a <cmp> fact b when has_b
  int_in,       // fact a in ints
  enum_equals,  // fact a == value number `integer`, or fact a == fact b when has_b
  enum_in,      // fact a's value is in mask
  text_equals,  // fact a == text
  text_in,      // fact a in texts
  set_has,      // value number `integer` is in set fact a, or enum fact b's value when has_b
  set_any,      // set fact a has any value of mask
  set_all,      // set fact a has every value of mask
  logical_not,
  logical_and,
  logical_or,
};

// One operation: small and trivially copyable; what it reads beyond its own fields (the
// children of and/or/not, the numbers or texts of a list) lies in the program's side tables,
// from `first`, `count` entries.
struct checked_node {
  op operation = op::constant;
  token_kind cmp = token_kind::eq;  // int_compare: eq ne lt le gt ge
  bool has_b = false;
  std::uint16_t a = 0;
  std::uint16_t b = 0;
  std::uint32_t first = 0;  // logical_*: in program::children; int_in: ints; text_equals, text_in: texts
  std::uint32_t count = 0;
  std::int64_t integer = 0;  // constant, int literal, enum value number
  std::uint64_t mask = 0;    // bit i: the i-th declared value
};
static_assert(std::is_trivially_copyable_v<checked_node>);

// What a condition holds inside: its nodes, stored flat in one array, children before parents
// (so that one pass in order evaluates them, the root last), the side tables they refer to, and
// the size of the schema it was checked against (what evaluation checks a fact table against).
struct program {
  std::vector<checked_node> nodes;
  std::vector<std::uint32_t> children;
  std::vector<std::int64_t> ints;
  std::vector<std::string> texts;
  std::uint32_t root = 0;
  std::uint32_t depth = 0;  // the most and / or / not nodes on a path from the root
  std::size_t fact_count = 0;
  std::size_t event_count = 0;

  std::span<const std::uint32_t> children_of(const checked_node& n) const noexcept {
    return {children.data() + n.first, n.count};
  }
  std::span<const std::int64_t> ints_of(const checked_node& n) const noexcept {
    return {ints.data() + n.first, n.count};
  }
  std::span<const std::string> texts_of(const checked_node& n) const noexcept {
    return {texts.data() + n.first, n.count};
  }
};

// The program of `c`. Throws breachclock::error (code expr.empty) when c is empty.
const program& program_of(const condition& c);
// The program of `c`, which must have been checked against a schema of `facts` facts and
// `events` events (the one a fact table or a search is laid out for): throws breachclock::error
// (code expr.schema-mismatch) otherwise, and when c is empty.
const program& program_for(const condition& c, std::size_t facts, std::size_t events);

// Checks a parsed condition against `schema`. Collects every error (codes expr.unknown-name,
// expr.value, expr.type, expr.constant, expr.call).
result<condition> check(const syntax_tree& tree, const fact_schema& schema, const locator& where);

// compile(): breachclock/expr/condition.hpp.

}  // namespace breachclock::expr
