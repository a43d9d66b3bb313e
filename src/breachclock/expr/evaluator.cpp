#include "breachclock/expr/evaluator.hpp"

#include <algorithm>
#include <array>
#include <memory>
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
    : schema_(&schema), facts_(schema.facts().size()), events_(schema.events().size()) {}

fact_table::fact_table(const fact_schema& schema, const incident& i) : fact_table(schema) {
  for (const auto& [name, value] : i.facts()) {
    if (const fact_decl* f = schema.fact(name)) set(f->index, value);
  }
  for (const auto& [name, t] : i.events()) {
    if (const event_decl* e = schema.event(name)) set_event(static_cast<std::size_t>(e - schema.events().data()), t);
  }
}

result<fact_table> fact_table::bind(const fact_schema& schema, const incident& i) {
  // validate()'s walk reports each valid value with its place in the schema: laid out as it
  // comes, with what the check found (an enum's value number, a set's members as bits).
  class filler final : public incident_visitor {
   public:
    explicit filler(fact_table& t) : t_(t) {}
    void event(std::size_t index, instant at) override { t_.events_[index] = event_slot{true, at}; }
    void fact(const checked_fact& f) override {
      slot& s = t_.facts_[f.decl->index];
      s.known = true;
      switch (f.decl->type) {
        case fact_type::boolean: s.boolean = *f.value->as_bool(); break;
        case fact_type::integer: s.integer = *f.value->as_int(); break;
        case fact_type::enumeration: s.integer = f.number; break;
        case fact_type::set:
          s.mask = f.members;
          s.complete = f.value->as_set()->complete;
          break;
        case fact_type::text: s.text = *f.value->as_string(); break;
      }
    }

   private:
    fact_table& t_;
  };
  fact_table table(schema);
  filler fill(table);
  std::vector<diagnostic> found = validate(i, schema, fill);
  if (has_errors(found)) return found;
  return result<fact_table>(std::move(table), std::move(found));
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
  events_[index].known = known;
  if (!known) events_[index].at.reset();
}

void fact_table::set_event(std::size_t index, std::optional<instant> at) {
  check_index(index, events_.size(), "event");
  events_[index] = event_slot{at.has_value(), at};
}

const fact_table::slot& fact_table::fact(std::size_t index) const {
  check_index(index, facts_.size(), "fact");
  return facts_[index];
}

bool fact_table::event_known(std::size_t index) const {
  check_index(index, events_.size(), "event");
  return events_[index].known;
}

std::optional<instant> fact_table::event(std::size_t index) const {
  check_index(index, events_.size(), "event");
  return events_[index].at;
}

namespace {

// Bit `i` of a 64-bit mask; an enum value number out of range (a slot set by hand) is in no mask.
bool bit(std::uint64_t mask, std::int64_t i) { return i >= 0 && i < 64 && ((mask >> i) & 1U) != 0; }

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
tri has_members(const fact_table::slot& s, std::uint64_t wanted, bool all) {
  const std::uint64_t present = s.mask & wanted;
  if (all ? present == wanted : present != 0) return tri::yes;
  return s.complete ? tri::no : tri::unknown;
}

// The value of a node that reads facts (not and / or / not).
tri value_of(const program& p, const checked_node& n, const fact_table& facts) {
  switch (n.operation) {
    case op::constant: return to_tri(n.integer != 0);
    case op::bool_fact: {
      const auto& s = facts.fact(n.a);
      return s.known ? to_tri(s.boolean) : tri::unknown;
    }
    case op::known_fact: return to_tri(facts.fact(n.a).known);
    case op::known_event: return to_tri(facts.event_known(n.a));
    case op::int_compare: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return tri::unknown;
      if (!n.has_b) return to_tri(compare_ints(s.integer, n.cmp, n.integer));
      const auto& t = facts.fact(n.b);
      return t.known ? to_tri(compare_ints(s.integer, n.cmp, t.integer)) : tri::unknown;
    }
    case op::int_in: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return tri::unknown;
      const auto ints = p.ints_of(n);
      return to_tri(std::find(ints.begin(), ints.end(), s.integer) != ints.end());
    }
    case op::enum_equals: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return tri::unknown;
      if (!n.has_b) return to_tri(s.integer == n.integer);
      const auto& t = facts.fact(n.b);
      return t.known ? to_tri(s.integer == t.integer) : tri::unknown;
    }
    case op::enum_in: {
      const auto& s = facts.fact(n.a);
      return s.known ? to_tri(bit(n.mask, s.integer)) : tri::unknown;
    }
    case op::text_equals: {
      const auto& s = facts.fact(n.a);
      return s.known ? to_tri(s.text == p.texts[n.first]) : tri::unknown;
    }
    case op::text_in: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return tri::unknown;
      const auto texts = p.texts_of(n);
      return to_tri(std::find(texts.begin(), texts.end(), s.text) != texts.end());
    }
    case op::set_has: {
      const auto& s = facts.fact(n.a);
      std::int64_t value = n.integer;
      if (n.has_b) {
        const auto& e = facts.fact(n.b);
        if (!s.known || !e.known) return tri::unknown;
        value = e.integer;
      }
      if (!s.known) return tri::unknown;
      if (value < 0 || value >= 64) return tri::no;  // no such member (a slot set by hand)
      return has_members(s, std::uint64_t{1} << value, false);
    }
    case op::set_any:
    case op::set_all: {
      const auto& s = facts.fact(n.a);
      if (!s.known) return tri::unknown;
      return has_members(s, n.mask, n.operation == op::set_all);
    }
    case op::logical_not:
    case op::logical_and:
    case op::logical_or: break;  // evaluated by run()
  }
  return tri::unknown;
}

// The facts that decide an unknown node that reads facts (a leaf): the unknown ones it reads,
// or, for a set known only in part, the set.
void add_deciding_facts(const checked_node& n, const fact_table& facts, fact_set& out) {
  const bool a_known = facts.fact(n.a).known;
  const bool two = n.has_b &&
                   (n.operation == op::int_compare || n.operation == op::enum_equals || n.operation == op::set_has);
  if (!two) {
    out.set(n.a);
    return;
  }
  const bool b_known = facts.fact(n.b).known;
  if (a_known && b_known) {
    out.set(n.a);  // both known: a set known in part
    return;
  }
  if (!a_known) out.set(n.a);
  if (!b_known) out.set(n.b);
}

bool is_logical(op o) { return o == op::logical_not || o == op::logical_and || o == op::logical_or; }

// An and / or / not being evaluated: its node, the operand it waits for, the value so far.
struct frame {  // NOLINT(cppcoreguidelines-pro-type-member-init): an array of them is not initialised
  std::uint32_t node;
  std::uint32_t next;
  tri value;
};

// Evaluates `p` from its root without recursion (`frames` holds at least p.depth entries) and
// with Kleene's short cuts: `and` stops at a false operand, `or` at a true one. Each node
// evaluated has its value in `values`; then, only when the root is unknown, the facts that
// decide it are gathered in one pass backwards from the root through the unknown nodes
// (parents come after their children): an unknown and / or / not is decided by its unknown
// operands (all of them were evaluated, as none decided it), an unknown leaf by the facts it
// reads. `reached` marks the nodes on that path. Nothing is allocated.
truth run(const program& p, const fact_table& facts, tri* values, bool* reached, frame* frames) {
  std::size_t depth = 0;
  std::uint32_t i = p.root;
  tri v = tri::unknown;
  for (;;) {
    const checked_node& n = p.nodes[i];
    if (is_logical(n.operation) && n.count > 0) {
      frames[depth++] = frame{i, 0, n.operation == op::logical_or ? tri::no : tri::yes};
      i = p.children[n.first];
      continue;
    }
    v = is_logical(n.operation) ? (n.operation == op::logical_or ? tri::no : tri::yes) : value_of(p, n, facts);
    values[i] = v;
    // Hand v up to the waiting and / or / not, until one needs its next operand.
    bool descend = false;
    while (depth > 0 && !descend) {
      frame& f = frames[depth - 1];
      const checked_node& parent = p.nodes[f.node];
      bool done = true;
      if (parent.operation == op::logical_not) {
        f.value = negate(v);
      } else if (parent.operation == op::logical_and) {
        f.value = conjoin(f.value, v);
        done = f.value == tri::no || ++f.next == parent.count;
      } else {
        f.value = disjoin(f.value, v);
        done = f.value == tri::yes || ++f.next == parent.count;
      }
      if (done) {
        v = f.value;
        values[f.node] = v;
        --depth;
      } else {
        i = p.children[parent.first + f.next];
        descend = true;
      }
    }
    if (!descend) break;
  }
  truth out{v, {}};
  if (out.value != tri::unknown) return out;
  const std::size_t size = p.nodes.size();
  std::fill(reached, reached + size, false);
  reached[p.root] = true;
  for (std::size_t k = p.root + 1; k-- > 0;) {
    if (!reached[k] || values[k] != tri::unknown) continue;
    const checked_node& n = p.nodes[k];
    if (is_logical(n.operation)) {
      for (std::uint32_t child : p.children_of(n)) reached[child] = true;
    } else {
      add_deciding_facts(n, facts, out.unknown_facts);
    }
  }
  return out;
}

}  // namespace

truth evaluate(const condition& c, const fact_table& facts) {
  const program& p = program_for(c, facts.fact_count(), facts.event_count());
  constexpr std::size_t k_frames = 2 * k_max_depth + 8;
  if (p.nodes.size() <= k_max_nodes && p.depth <= k_frames) {  // always, for a program of the checker
    std::array<tri, k_max_nodes> values;    // NOLINT(cppcoreguidelines-pro-type-member-init): written before read
    std::array<bool, k_max_nodes> reached;  // NOLINT(cppcoreguidelines-pro-type-member-init): idem
    std::array<frame, k_frames> frames;
    return run(p, facts, values.data(), reached.data(), frames.data());
  }
  std::vector<tri> values(p.nodes.size());
  const auto reached = std::make_unique<bool[]>(p.nodes.size());  // NOLINT(*-avoid-c-arrays): a buffer
  std::vector<frame> frames(p.depth + 1);
  return run(p, facts, values.data(), reached.get(), frames.data());
}

}  // namespace breachclock::expr
