#include "breachclock/expr/evaluator.hpp"

#include <algorithm>
#include <ostream>

#include "detail/text.hpp"
#include "expr/checker.hpp"

namespace breachclock {

std::ostream& operator<<(std::ostream& os, tri t) { return os << to_string(t); }

}  // namespace breachclock

namespace breachclock::expr {

std::vector<std::size_t> members(const fact_set& s) {
  std::vector<std::size_t> out;
  if (s.none()) return out;
  out.reserve(s.count());
#if defined(__GLIBCXX__)
  for (std::size_t i = s._Find_first(); i < s.size(); i = s._Find_next(i)) out.push_back(i);  // word by word
#else
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s.test(i)) out.push_back(i);
  }
#endif
  return out;
}

fact_table::fact_table(const fact_schema& schema)
    : schema_(&schema), facts_(schema.facts().size()), events_(schema.events().size(), false) {}

fact_table::fact_table(const fact_schema& schema, const incident& i) : fact_table(schema) {
  for (const auto& [name, value] : i.facts()) {
    if (const fact_decl* f = schema.fact(name)) set(f->index, value);
  }
  for (const auto& [name, t] : i.events()) {
    if (const event_decl* e = schema.event(name)) {
      set_event_known(static_cast<std::size_t>(e - schema.events().data()), true);
    }
  }
}

namespace {

[[noreturn]] void table_error(std::string message) {
  throw error(make_error("expr.fact-table", {}, std::move(message)));
}

void check_index(std::size_t index, std::size_t size, const char* what) {
  if (index >= size) {
    table_error(std::string("fact table: ") + what + " number " + std::to_string(index) +
                " is out of range (there are " + std::to_string(size) + ")");
  }
}

[[noreturn]] void wrong_value(const fact_decl& f, const fact_value& v) {
  table_error("fact table: " + detail::excerpt(to_string(v)) + " is not a value of the fact " + f.name);
}

std::int64_t value_number(const fact_decl& f, const std::string& value, const fact_value& v) {
  const auto it = std::find(f.values.begin(), f.values.end(), value);
  if (it == f.values.end()) wrong_value(f, v);
  return it - f.values.begin();
}

}  // namespace

fact_table::slot fact_table::to_slot(std::size_t index, const fact_value& v) const {
  check_index(index, facts_.size(), "fact");
  const fact_decl& f = schema_->facts()[index];
  slot s;
  s.known = v.is_known();
  if (!s.known) return s;
  switch (f.type) {
    case fact_type::boolean:
      if (const bool* b = v.as_bool()) s.boolean = *b;
      else wrong_value(f, v);
      break;
    case fact_type::integer:
      if (const std::int64_t* i = v.as_int()) s.integer = *i;
      else wrong_value(f, v);
      break;
    case fact_type::enumeration:
      if (const std::string* e = v.as_string()) s.integer = value_number(f, *e, v);
      else wrong_value(f, v);
      break;
    case fact_type::set:
      if (const set_value* members = v.as_set()) {
        for (const std::string& m : members->members) {
          const std::int64_t i = value_number(f, m, v);
          if (i >= 64) wrong_value(f, v);  // the schema allows at most 64 values
          s.mask |= std::uint64_t{1} << i;
        }
        s.complete = members->complete;
      } else {
        wrong_value(f, v);
      }
      break;
    case fact_type::text:
      if (const std::string* t = v.as_string()) s.text = *t;
      else wrong_value(f, v);
      break;
  }
  return s;
}

void fact_table::set(std::size_t index, const fact_value& v) {
  slot s = to_slot(index, v);  // checks index and value
  facts_[index] = std::move(s);
}

void fact_table::set_slot(std::size_t index, const slot& s) {
  check_index(index, facts_.size(), "fact");
  facts_[index] = s;
}

void fact_table::set_event_known(std::size_t index, bool known) {
  check_index(index, events_.size(), "event");
  events_[index] = known;
}

const fact_table::slot& fact_table::fact(std::size_t index) const {
  check_index(index, facts_.size(), "fact");
  return facts_[index];
}

bool fact_table::event_known(std::size_t index) const {
  check_index(index, events_.size(), "event");
  return events_[index];
}

namespace {

truth known_truth(bool b) { return truth_of(b); }

// Bit `i` of a 64-bit mask; an enum value number out of range (a slot set by hand) is in no mask.
bool bit(std::uint64_t mask, std::int64_t i) { return i >= 0 && i < 64 && ((mask >> i) & 1U) != 0; }

truth unknown_of(std::uint16_t a) {
  truth t{tri::unknown, {}};
  t.unknown_facts.set(a);
  return t;
}

// Unknown, naming whichever of two facts is unknown (s is fact a, t fact b).
truth unknown_of(const fact_table::slot& s, std::uint16_t a, const fact_table::slot& t, std::uint16_t b) {
  truth u{tri::unknown, {}};
  if (!s.known) u.unknown_facts.set(a);
  if (!t.known) u.unknown_facts.set(b);
  return u;
}

bool compare_ints(std::int64_t x, token_kind cmp, std::int64_t y) {
  switch (cmp) {
    case token_kind::eq: return x == y;
    case token_kind::ne: return x != y;
    case token_kind::lt: return x < y;
    case token_kind::le: return x <= y;
    case token_kind::gt: return x > y;
    case token_kind::ge: return x >= y;
    default: return false;
  }
}

// Set membership with incomplete sets: present is true; absent is false only if complete.
truth has_members(const fact_table::slot& s, std::uint64_t wanted, bool all, std::uint16_t a) {
  const std::uint64_t present = s.mask & wanted;
  if (all) {
    if (present == wanted) return known_truth(true);
    return s.complete ? known_truth(false) : unknown_of(a);
  }
  if (present != 0) return known_truth(true);
  return s.complete ? known_truth(false) : unknown_of(a);
}

truth eval(const program& c, std::uint32_t i, const fact_table& facts) {
  const checked_node& n = c.nodes[i];
  switch (n.operation) {
    case op::constant: return known_truth(n.integer != 0);
    case op::bool_fact: {
      const auto& s = facts.fact(n.a);
      return s.known ? known_truth(s.boolean) : unknown_of(n.a);
    }
    case op::known_fact: return known_truth(facts.fact(n.a).known);
    case op::known_event: return known_truth(facts.event_known(n.a));
    case op::int_compare: {
      const auto& s = facts.fact(n.a);
      if (n.has_b) {
        const auto& t = facts.fact(n.b);
        if (!s.known || !t.known) return unknown_of(s, n.a, t, n.b);
        return known_truth(compare_ints(s.integer, n.cmp, t.integer));
      }
      return s.known ? known_truth(compare_ints(s.integer, n.cmp, n.integer)) : unknown_of(n.a);
    }
    case op::int_in: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return unknown_of(n.a);
      return known_truth(std::find(n.ints.begin(), n.ints.end(), s.integer) != n.ints.end());
    }
    case op::enum_equals: {
      const auto& s = facts.fact(n.a);
      if (n.has_b) {
        const auto& t = facts.fact(n.b);
        if (!s.known || !t.known) return unknown_of(s, n.a, t, n.b);
        return known_truth(s.integer == t.integer);
      }
      return s.known ? known_truth(s.integer == n.integer) : unknown_of(n.a);
    }
    case op::enum_in: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return unknown_of(n.a);
      return known_truth(bit(n.mask, s.integer));
    }
    case op::text_equals: {
      const auto& s = facts.fact(n.a);
      return s.known ? known_truth(s.text == n.text) : unknown_of(n.a);
    }
    case op::text_in: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return unknown_of(n.a);
      return known_truth(std::find(n.texts.begin(), n.texts.end(), s.text) != n.texts.end());
    }
    case op::set_has: {
      const auto& s = facts.fact(n.a);
      std::int64_t value = n.integer;
      if (n.has_b) {
        const auto& e = facts.fact(n.b);
        if (!s.known || !e.known) return unknown_of(s, n.a, e, n.b);
        value = e.integer;
      }
      if (!s.known) return unknown_of(n.a);
      if (value < 0 || value >= 64) return known_truth(false);  // no such member (a slot set by hand)
      return has_members(s, std::uint64_t{1} << value, false, n.a);
    }
    case op::set_any:
    case op::set_all: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return unknown_of(n.a);
      return has_members(s, n.mask, n.operation == op::set_all, n.a);
    }
    case op::logical_not: return negate(eval(c, n.children[0], facts));
    case op::logical_and: {
      // Any false decides false (and stops); otherwise the unknown facts of the unknown operands.
      conjunction all;
      for (std::uint32_t child : n.children) {
        all.add(eval(c, child, facts));
        if (all.value.value == tri::no) break;
      }
      return all.value;
    }
    case op::logical_or: {
      disjunction any;
      for (std::uint32_t child : n.children) {
        any.add(eval(c, child, facts));
        if (any.value.value == tri::yes) break;
      }
      return any.value;
    }
  }
  return truth{};
}

}  // namespace

truth evaluate(const condition& c, const fact_table& facts) {
  const program& p = program_for(c, facts.fact_count(), facts.event_count());
  return eval(p, p.root, facts);
}

}  // namespace breachclock::expr
