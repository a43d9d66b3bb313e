// breachclock/expr/evaluator.hpp: three-valued (Kleene) evaluation of checked conditions.
//
// A fact that is unknown makes a comparison unknown; `false and unknown` is false and `true or
// unknown` is true. An unknown result carries the unknown facts that produced it, so that a
// responder learns which question decides an obligation. known(x) is never unknown.
//
//   fact_table facts(schema, incident);
//   truth t = evaluate(condition, facts);
//   if (t.value == tri::unknown) for (std::size_t f : members(t.unknown_facts)) ...
#pragma once

#include <bitset>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "breachclock/expr/checker.hpp"
#include "breachclock/facts/incident.hpp"

namespace breachclock {

enum class tri : unsigned char { no, yes, unknown };

// "false", "true", "unknown".
const char* to_string(tri t) noexcept;
std::ostream& operator<<(std::ostream& os, tri t);

}  // namespace breachclock

namespace breachclock::expr {

using fact_set = std::bitset<k_max_facts>;

// The indices set in `s`, ascending.
std::vector<std::size_t> members(const fact_set& s);

struct truth {
  tri value = tri::unknown;
  fact_set unknown_facts;  // when unknown: the facts whose values would decide it
};

// An incident's facts and events laid out for evaluation against one schema. The incident must
// validate against the schema (see facts/incident.hpp validate()); names it has that the schema
// lacks are ignored.
class fact_table {
 public:
  explicit fact_table(const fact_schema& schema);  // everything unknown
  fact_table(const fact_schema& schema, const incident& i);

  // Sets fact number `index` (in schema.facts()); the value must be valid for it.
  void set(std::size_t index, const fact_value& v);
  void set_event_known(std::size_t index, bool known);

  struct slot {
    bool known = false;
    bool boolean = false;
    std::int64_t integer = 0;   // int value, or enum value number
    std::uint64_t mask = 0;     // set members
    bool complete = true;       // set: all members listed
    std::string text;
  };
  // The slot of value `v` for fact number `index`, and setting a slot made so: for callers that
  // set the same values many times (the satisfiability search).
  slot to_slot(std::size_t index, const fact_value& v) const;
  void set_slot(std::size_t index, const slot& s) { facts_[index] = s; }
  const slot& fact(std::size_t index) const { return facts_[index]; }
  bool event_known(std::size_t index) const { return events_[index]; }

 private:
  const fact_schema* schema_;
  std::vector<slot> facts_;
  std::vector<bool> events_;
};

truth evaluate(const condition& c, const fact_table& facts);

}  // namespace breachclock::expr
