// breachclock/expr/checker.hpp: conditions checked against the fact schema.
//
// Checking resolves every name to a declared fact or event, every string to a value of its
// enum or set, and every operator to operands of the right types, and reports, all at once and
// each at its file:line:col: unknown names (with a did-you-mean), values outside an enum, type
// mismatches, comparisons that do not depend on the incident. The result is a `condition`,
// ready to evaluate.
//
//   condition c = *compile("role == \"controller\" and not (risk == \"unlikely\")", schema, where);
//   c.facts_used();   // indices of role and risk in schema.facts()
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/expr/parser.hpp"
#include "breachclock/facts/schema.hpp"

namespace breachclock::expr {

// The operations of a checked condition.
enum class op : unsigned char {
  constant,      // integer != 0
  bool_fact,     // fact a
  known_fact,    // known(fact a)
  known_event,   // known(event a)
  int_compare,   // fact a <cmp> integer, or fact a <cmp> fact b when has_b
  int_in,        // fact a in ints
  enum_equals,   // fact a == value number `integer`, or fact a == fact b when has_b
  enum_in,       // fact a's value is in mask
  text_equals,   // fact a == text
  text_in,       // fact a in texts
  set_has,       // value number `integer` is in set fact a, or enum fact b's value when has_b
  set_any,       // set fact a has any value of mask
  set_all,       // set fact a has every value of mask
  logical_not,
  logical_and,
  logical_or,
};

struct checked_node {
  op operation = op::constant;
  token_kind cmp = token_kind::eq;  // int_compare: eq ne lt le gt ge
  std::uint16_t a = 0;
  std::uint16_t b = 0;
  bool has_b = false;
  std::int64_t integer = 0;
  std::uint64_t mask = 0;           // bit i: the i-th declared value
  std::string text;
  std::vector<std::string> texts;
  std::vector<std::int64_t> ints;
  std::vector<std::uint32_t> children;
};

class condition {
 public:
  const std::string& text() const noexcept { return text_; }
  const std::vector<checked_node>& nodes() const noexcept { return nodes_; }
  std::uint32_t root() const noexcept { return root_; }
  // Indices into fact_schema::facts() and ::events() of every fact and event the condition reads.
  const std::vector<std::size_t>& facts_used() const noexcept { return facts_used_; }
  const std::vector<std::size_t>& events_used() const noexcept { return events_used_; }

 private:
  friend class checker;
  std::string text_;
  std::vector<checked_node> nodes_;
  std::uint32_t root_ = 0;
  std::vector<std::size_t> facts_used_;
  std::vector<std::size_t> events_used_;
};

// Checks a parsed condition against `schema`. Collects every error (codes expr.unknown-name,
// expr.value, expr.type, expr.constant, expr.call).
result<condition> check(const syntax_tree& tree, const fact_schema& schema, const locator& where);

// lex, parse and check in one step.
result<condition> compile(std::string_view text, const fact_schema& schema, const locator& where);

}  // namespace breachclock::expr
