// breachclock/expr/condition.hpp: conditions of the condition language, compiled against the fact schema.
//
//   personal_data_breach and role == "controller" and not (risk == "unlikely")
//   "trade_union_membership" in data_categories or affected_count >= 500
//
// `compile` lexes, parses and checks a condition (the grammar and the checks: docs/conditions.md).
// Checking resolves every name to a declared fact or event, every string to a value of its enum
// or set, and every operator to operands of the right types, and reports, all at once and each
// at its file:line:col: unknown names (with a did-you-mean), values outside an enum, type
// mismatches, comparisons that do not depend on the incident. The result is a `condition`, an
// immutable value, cheap to copy, ready to evaluate (expr/evaluator.hpp) or to analyse
// (expr/analysis.hpp). How it is represented inside is private to the library.
//
//   condition c = *compile("role == \"controller\" and not (risk == \"unlikely\")", schema, where);
//   c.facts_used();   // indices of role and risk in schema.facts()
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "breachclock/facts/schema.hpp"

namespace breachclock::expr {

// Maps a byte offset of the condition text to a location. The default: line 1, column offset+1.
using locator = std::function<source_location(std::size_t offset)>;
locator default_locator(std::string file = {});

// Limits that keep hostile input from exhausting the stack or memory.
inline constexpr std::size_t k_max_condition_bytes = std::size_t{8} * 1024;
inline constexpr std::size_t k_max_depth = 64;
inline constexpr std::size_t k_max_nodes = 2048;

struct program;  // the checked form (private: src/breachclock/expr/checker.hpp)

class condition {
 public:
  // An empty condition: one that was never compiled. evaluate() and satisfiable() refuse it
  // (breachclock::error, code expr.empty); a condition from compile() is never empty.
  condition() = default;

  bool empty() const noexcept { return program_ == nullptr; }
  // The source text, as compiled ("" when empty).
  const std::string& text() const noexcept { return text_; }
  // Indices into fact_schema::facts() and ::events() of every fact and event the condition
  // reads, ascending (none when empty).
  const std::vector<std::size_t>& facts_used() const noexcept { return facts_used_; }
  const std::vector<std::size_t>& events_used() const noexcept { return events_used_; }
  // The number of operations: what one evaluation costs, in steps (0 when empty).
  std::size_t size() const noexcept;

 private:
  friend class checker;
  friend const program& program_of(const condition& c);
  std::string text_;
  std::vector<std::size_t> facts_used_;
  std::vector<std::size_t> events_used_;
  std::shared_ptr<const program> program_;
};

// lex, parse and check in one step. Collects every error of the checks (codes expr.unknown-name,
// expr.value, expr.type, expr.constant, expr.call), or the first syntax error (expr.syntax) or
// limit (limit.condition), each located by `where`.
result<condition> compile(std::string_view text, const fact_schema& schema, const locator& where);

}  // namespace breachclock::expr
