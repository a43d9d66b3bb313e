// breachclock/expr/evaluator.hpp: three-valued (Kleene) evaluation of compiled conditions.
//
// A fact that is unknown makes a comparison unknown; `false and unknown` is false and `true or
// unknown` is true (the algebra: expr/truth.hpp). An unknown result carries the unknown facts
// that produced it, so that a responder learns which question decides an obligation. known(x)
// is never unknown.
//
//   fact_table facts = *fact_table::bind(schema, incident);   // checked as validate() checks
//   truth t = evaluate(condition, facts);
//   if (t.value == tri::unknown) for (std::size_t f : members(t.unknown_facts)) ...
//
// Every accessor checks its argument: an index beyond the schema, a value of the wrong type for
// its fact, an empty condition or one compiled against another schema throw breachclock::error
// (codes expr.fact-table, expr.empty, expr.schema-mismatch); none is undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "breachclock/expr/condition.hpp"
#include "breachclock/expr/truth.hpp"
#include "breachclock/facts/incident.hpp"

namespace breachclock::expr {

// An incident's facts and events laid out for evaluation against one schema (which must outlive
// the table).
class fact_table {
 public:
  explicit fact_table(const fact_schema& schema);  // everything unknown
  // The incident's values; names it has that the schema lacks are ignored. A value of the wrong
  // type for its fact (an incident that does not validate, facts/incident.hpp validate()) throws
  // breachclock::error (code expr.fact-table).
  fact_table(const fact_schema& schema, const incident& i);

  // The incident checked exactly as validate(i, schema) checks it (the same walk: the same
  // diagnostics, codes, messages and order) and laid out in the same pass, each name looked up
  // once: fails with validate()'s errors; a result with a value holds the table, equal to
  // fact_table(schema, i), and validate()'s warnings (if any) as its diagnostics.
  static result<fact_table> bind(const fact_schema& schema, const incident& i);

  std::size_t fact_count() const noexcept { return facts_.size(); }
  std::size_t event_count() const noexcept { return events_.size(); }

  // Sets fact number `index` (in schema.facts()). Throws breachclock::error (expr.fact-table)
  // when index >= fact_count() or `v` is not a value of that fact (a bool for a bool fact, an
  // int for an int fact, one of the declared values for an enum or a set, a string for a text).
  void set(std::size_t index, const fact_value& v);
  // Throws breachclock::error (expr.fact-table) when index >= event_count(). Making an event
  // unknown forgets its instant; making it known keeps the instant it has, if any.
  void set_event_known(std::size_t index, bool known);
  // Sets event number `index` (in schema.events()) to an instant, or makes it unknown
  // (std::nullopt). Throws breachclock::error (expr.fact-table) when index >= event_count().
  void set_event(std::size_t index, std::optional<instant> at);

  struct slot {
    bool known = false;
    bool boolean = false;
    std::int64_t integer = 0;      // int value (the least it may be), or enum value number
    std::int64_t integer_max = 0;  // int: the most it may be (integer itself when exact)
    std::uint64_t mask = 0;        // set members
    bool complete = true;          // set: all members listed
    std::string text;
  };
  // The slot of value `v` for fact number `index`, and setting a slot made so: for callers that
  // set the same values many times (the satisfiability search). Both check as set() does.
  slot to_slot(std::size_t index, const fact_value& v) const;
  void set_slot(std::size_t index, const slot& s);
  // Throw breachclock::error (expr.fact-table) when the index is out of range.
  const slot& fact(std::size_t index) const;
  // Every fact's slot, by index (fact_count() of them).
  const std::vector<slot>& slots() const noexcept { return facts_; }
  bool event_known(std::size_t index) const;
  // The instant of event number `index`: from the incident, or set with set_event(); nothing
  // when it is unknown, or known through set_event_known() alone.
  std::optional<instant> event(std::size_t index) const;

 private:
  struct event_slot {
    bool known = false;
    std::optional<instant> at;
  };
  const fact_schema* schema_;
  std::vector<slot> facts_;
  std::vector<event_slot> events_;
};

// Throws breachclock::error when `c` is empty (expr.empty) or was compiled against a schema of
// another size than the table's (expr.schema-mismatch).
truth evaluate(const condition& c, const fact_table& facts);

}  // namespace breachclock::expr
