#include "breachclock/expr/evaluator.hpp"

#include <algorithm>
#include <ostream>

namespace breachclock {

const char* to_string(tri t) noexcept {
  switch (t) {
    case tri::no: return "false";
    case tri::yes: return "true";
    case tri::unknown: return "unknown";
  }
  return "unknown";
}

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

fact_table::slot fact_table::to_slot(std::size_t index, const fact_value& v) const {
  const fact_decl& f = schema_->facts()[index];
  slot s;
  s.known = v.is_known();
  if (s.known) {
    switch (f.type) {
      case fact_type::boolean: s.boolean = *v.as_bool(); break;
      case fact_type::integer: s.integer = *v.as_int(); break;
      case fact_type::enumeration:
        s.integer = std::find(f.values.begin(), f.values.end(), *v.as_string()) - f.values.begin();
        break;
      case fact_type::set:
        for (const std::string& m : v.as_set()->members) {
          const auto i = std::find(f.values.begin(), f.values.end(), m) - f.values.begin();
          if (static_cast<std::size_t>(i) < f.values.size()) s.mask |= std::uint64_t{1} << i;
        }
        s.complete = v.as_set()->complete;
        break;
      case fact_type::text: s.text = *v.as_string(); break;
    }
  }
  return s;
}

void fact_table::set(std::size_t index, const fact_value& v) { facts_[index] = to_slot(index, v); }

void fact_table::set_event_known(std::size_t index, bool known) { events_[index] = known; }

namespace {

truth known_truth(bool b) { return truth{b ? tri::yes : tri::no, {}}; }

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

truth eval(const condition& c, std::uint32_t i, const fact_table& facts) {
  const checked_node& n = c.nodes()[i];
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
      return known_truth(((n.mask >> s.integer) & 1U) != 0);
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
      return has_members(s, std::uint64_t{1} << value, false, n.a);
    }
    case op::set_any:
    case op::set_all: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return unknown_of(n.a);
      return has_members(s, n.mask, n.operation == op::set_all, n.a);
    }
    case op::logical_not: {
      truth t = eval(c, n.children[0], facts);
      if (t.value == tri::yes) t.value = tri::no;
      else if (t.value == tri::no) t.value = tri::yes;
      return t;
    }
    case op::logical_and:
    case op::logical_or: {
      // and: any false decides false; or: any true decides true. Otherwise unknown, carrying the
      // unknown facts of the operands that were unknown.
      const tri decisive = n.operation == op::logical_and ? tri::no : tri::yes;
      truth out{n.operation == op::logical_and ? tri::yes : tri::no, {}};
      for (std::uint32_t child : n.children) {
        truth t = eval(c, child, facts);
        if (t.value == decisive) return truth{decisive, {}};
        if (t.value == tri::unknown) {
          out.value = tri::unknown;
          out.unknown_facts |= t.unknown_facts;
        }
      }
      return out;
    }
  }
  return truth{};
}

}  // namespace

truth evaluate(const condition& c, const fact_table& facts) { return eval(c, c.root(), facts); }

}  // namespace breachclock::expr
