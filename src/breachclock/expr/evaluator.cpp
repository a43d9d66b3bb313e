#include "breachclock/expr/evaluator.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
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

namespace {

// An int fact's slot: an exact value, or the ends of a range (an open end is the fact's bound,
// or the end of int64).
void int_slot(const fact_decl& f, const fact_value& v, fact_table::slot& s) {
  if (const std::int64_t* i = v.as_int()) {
    s.integer = *i;
    s.integer_max = *i;
  } else if (const count_range* r = v.as_range()) {
    s.integer = r->min.value_or(f.min.value_or(std::numeric_limits<std::int64_t>::min()));
    s.integer_max = r->max.value_or(f.max.value_or(std::numeric_limits<std::int64_t>::max()));
  }
}

// The slot of <family>.most.<country>: the largest count of any one subdivision of the country,
// as a range worked out from the incident's table. Each listed subdivision is at least its own
// least count, and at most its own most, or what the country's total (<family>.<country>, else
// <family>.total) leaves when the others' least counts are taken out; the subdivisions not listed
// share what the total leaves after all the listed ones' least counts. Unknown when nothing
// bounds it above.
fact_table::slot most_of(const fact_decl& f, const incident& i) {
  const std::int64_t open = std::numeric_limits<std::int64_t>::max();
  const std::string country = f.key.substr(5);
  const std::string prefix = f.family + "." + country + "-";
  struct bounds {
    std::int64_t lo = 0;
    std::int64_t hi = open;
  };
  auto bounds_of = [open](const fact_value& v) {
    bounds b;
    if (const std::int64_t* n = v.as_int()) b = bounds{*n, *n};
    else if (const count_range* r = v.as_range()) b = bounds{r->min.value_or(0), r->max.value_or(open)};
    return b;
  };
  std::vector<bounds> listed;
  std::int64_t sum_lo = 0;
  for (auto it = i.facts().lower_bound(prefix); it != i.facts().end() && it->first.starts_with(prefix); ++it) {
    listed.push_back(bounds_of(it->second));
    sum_lo = listed.back().lo > open - sum_lo ? open : sum_lo + listed.back().lo;
  }
  bounds total = bounds_of(i.fact(f.family + "." + country));
  if (!i.fact(f.family + "." + country).is_known()) total = bounds_of(i.fact(f.family + ".total"));
  auto left = [&](std::int64_t taken) { return total.hi == open ? open : std::max<std::int64_t>(0, total.hi - taken); };
  std::int64_t lo = 0;
  std::int64_t hi = left(sum_lo);  // the subdivisions not listed
  for (const bounds& b : listed) {
    lo = std::max(lo, b.lo);
    hi = std::max(hi, std::min(b.hi, left(sum_lo - b.lo)));
  }
  fact_table::slot s;
  s.known = hi != open || lo > 0;
  s.integer = lo;
  s.integer_max = std::max(lo, hi);
  return s;
}

// <family>.total is at least what the jurisdictions' least counts add up to (each person lives in
// one place): the countries' sum, and the subdivisions' sum. The slot's least is raised to it (a
// total not given becomes known as at least that); a total that the counts contradict is left as
// given (the reader refuses a single count over the total).
void raise_total(const fact_decl& f, const incident& i, fact_table::slot& s) {
  const std::int64_t open = std::numeric_limits<std::int64_t>::max();
  const std::string prefix = f.family + ".";
  std::int64_t countries = 0;
  std::int64_t subdivisions = 0;
  for (auto it = i.facts().lower_bound(prefix); it != i.facts().end() && it->first.starts_with(prefix); ++it) {
    const std::string_view key = std::string_view(it->first).substr(prefix.size());
    if (key == "total" || key.starts_with("most.")) continue;
    std::int64_t least = 0;
    if (const std::int64_t* n = it->second.as_int()) least = *n;
    else if (const count_range* r = it->second.as_range()) least = r->min.value_or(0);
    std::int64_t& sum = key.find('-') == std::string_view::npos ? countries : subdivisions;
    sum = least > open - sum ? open : sum + least;
  }
  const std::int64_t floor = std::max(countries, subdivisions);
  if (floor == 0) return;
  if (!s.known) {
    s.known = true;
    s.integer = floor;
    s.integer_max = open;
  } else if (floor > s.integer && floor <= s.integer_max) {
    s.integer = floor;
  }
}

}  // namespace

fact_table::fact_table(const fact_schema& schema)
    : schema_(&schema), facts_(schema.facts().size()), events_(schema.events().size()) {}

fact_table::fact_table(const fact_schema& schema, const incident& i) : fact_table(schema) {
  for (const auto& [name, value] : i.facts()) {
    if (const fact_decl* f = schema.fact(name)) set(f->index, value);
  }
  for (const auto& [name, t] : i.events()) {
    if (const event_decl* e = schema.event(name)) set_event(static_cast<std::size_t>(e - schema.events().data()), t);
  }
  for (const fact_decl& f : schema.facts()) {
    if (f.derived()) facts_[f.index] = most_of(f, i);
    else if (f.key == "total") raise_total(f, i, facts_[f.index]);
  }
}

result<fact_table> fact_table::bind(const fact_schema& schema, const incident& i) {
  // validate()'s walk reports each valid value with its place in the schema: laid out as it
  // comes, with what the check found (an enum's value number, a set's members as bits).
  // NOLINTNEXTLINE(cppcoreguidelines-virtual-class-destructor): final, local, never deleted through a base
  class filler final : public incident_visitor {
   public:
    explicit filler(fact_table& t) : t_(t) {}
    void event(std::size_t index, instant at) override { t_.events_[index] = event_slot{true, at}; }
    void fact(const checked_fact& f) override {
      slot& s = t_.facts_[f.decl->index];
      s.known = true;
      switch (f.decl->type) {
        case fact_type::boolean: s.boolean = *f.value->as_bool(); break;
        case fact_type::integer: int_slot(*f.decl, *f.value, s); break;
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
  for (const fact_decl& f : schema.facts()) {
    if (f.derived()) table.facts_[f.index] = most_of(f, i);
    else if (f.key == "total") raise_total(f, i, table.facts_[f.index]);
  }
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
      if (v.as_int() == nullptr && v.as_range() == nullptr) wrong_value(f, v);
      int_slot(f, v, s);
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

// Compares integers each known as a range [lo, hi] (an exact one has lo == hi), three-valued:
// true when every pair of values in the ranges compares true, false when every pair compares
// false, unknown otherwise. So 300..700 >= 250 is true, 200..300 >= 250 unknown, 100..200 false.
tri compare_ranges(std::int64_t x_lo, std::int64_t x_hi, token_kind cmp, std::int64_t y_lo, std::int64_t y_hi) {
  auto either = [](bool yes, bool no) { return yes ? tri::yes : (no ? tri::no : tri::unknown); };
  switch (cmp) {
    case token_kind::lt: return either(x_hi < y_lo, x_lo >= y_hi);
    case token_kind::le: return either(x_hi <= y_lo, x_lo > y_hi);
    case token_kind::gt: return either(x_lo > y_hi, x_hi <= y_lo);
    case token_kind::ge: return either(x_lo >= y_hi, x_hi < y_lo);
    case token_kind::eq: return either(x_lo == x_hi && y_lo == y_hi && x_lo == y_lo, x_hi < y_lo || x_lo > y_hi);
    case token_kind::ne:
      return negate(either(x_lo == x_hi && y_lo == y_hi && x_lo == y_lo, x_hi < y_lo || x_lo > y_hi));
    default: return tri::no;
  }
}

// Set membership with incomplete sets: present is true; absent is false only if complete.
tri has_members(const fact_table::slot& s, std::uint64_t wanted, bool all) {
  const std::uint64_t present = s.mask & wanted;
  if (all ? present == wanted : present != 0) return tri::yes;
  return s.complete ? tri::no : tri::unknown;
}

// The value of a node that reads facts (not and / or / not).
// `slots` are the table's (program_for() checked that the program reads only facts it has).
tri value_of(const program& p, const checked_node& n, const fact_table::slot* slots, const fact_table& facts) {
  switch (n.operation) {
    case op::constant: return to_tri(n.integer != 0);
    case op::bool_fact: {
      const auto& s = slots[n.a];
      return s.known ? to_tri(s.boolean) : tri::unknown;
    }
    case op::known_fact: return to_tri(slots[n.a].known);
    case op::known_event: return to_tri(facts.event_known(n.a));
    case op::int_compare: {
      const auto& s = slots[n.a];
      if (!s.known) return tri::unknown;
      if (!n.has_b) return compare_ranges(s.integer, s.integer_max, n.cmp, n.integer, n.integer);
      const auto& t = slots[n.b];
      return t.known ? compare_ranges(s.integer, s.integer_max, n.cmp, t.integer, t.integer_max) : tri::unknown;
    }
    case op::int_in: {
      const auto& s = slots[n.a];
      if (!s.known) return tri::unknown;
      const auto ints = p.ints_of(n);
      if (s.integer == s.integer_max) return to_tri(std::find(ints.begin(), ints.end(), s.integer) != ints.end());
      const bool some = std::any_of(ints.begin(), ints.end(),
                                    [&](std::int64_t i) { return i >= s.integer && i <= s.integer_max; });
      return some ? tri::unknown : tri::no;  // a range: in the list only if some listed value is in it
    }
    case op::enum_equals: {
      const auto& s = slots[n.a];
      if (!s.known) return tri::unknown;
      if (!n.has_b) return to_tri(s.integer == n.integer);
      const auto& t = slots[n.b];
      return t.known ? to_tri(s.integer == t.integer) : tri::unknown;
    }
    case op::enum_in: {
      const auto& s = slots[n.a];
      return s.known ? to_tri(bit(n.mask, s.integer)) : tri::unknown;
    }
    case op::text_equals: {
      const auto& s = slots[n.a];
      return s.known ? to_tri(s.text == p.texts[n.first]) : tri::unknown;
    }
    case op::text_in: {
      const auto& s = slots[n.a];
      if (!s.known) return tri::unknown;
      const auto texts = p.texts_of(n);
      return to_tri(std::find(texts.begin(), texts.end(), s.text) != texts.end());
    }
    case op::set_has: {
      const auto& s = slots[n.a];
      std::int64_t value = n.integer;
      if (n.has_b) {
        const auto& e = slots[n.b];
        if (!s.known || !e.known) return tri::unknown;
        value = e.integer;
      }
      if (!s.known) return tri::unknown;
      if (value < 0 || value >= 64) return tri::no;  // no such member (a slot set by hand)
      return has_members(s, std::uint64_t{1} << value, false);
    }
    case op::set_any:
    case op::set_all: {
      const auto& s = slots[n.a];
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
void add_deciding_facts(const checked_node& n, const fact_table::slot* slots, fact_set& out) {
  const bool a_known = slots[n.a].known;
  const bool two = n.has_b &&
                   (n.operation == op::int_compare || n.operation == op::enum_equals || n.operation == op::set_has);
  if (!two) {
    out.set(n.a);
    return;
  }
  const bool b_known = slots[n.b].known;
  if (a_known && b_known) {
    out.set(n.a);  // both known: a set known in part, or integers known as ranges
    if (n.operation == op::int_compare) out.set(n.b);
    return;
  }
  if (!a_known) out.set(n.a);
  if (!b_known) out.set(n.b);
}

bool is_logical(op o) { return o == op::logical_not || o == op::logical_and || o == op::logical_or; }

// An and / or / not being evaluated: its operation, its operands (in program::children), the
// next one it waits for, the value so far and, only while that is unknown, the facts that
// would decide it (set from the first unknown operand on, so never cleared beforehand).
struct frame {
  op operation;
  tri value;
  std::uint32_t next;  // index in program::children
  std::uint32_t end;
  fact_set facts;
};

// Room for `n` frames, left uninitialised (a bitset clears itself when constructed: an array of
// frames would clear them all for every evaluation); run() writes each field before reading it.
template <std::size_t n>
struct frame_room {
  alignas(frame) std::array<std::byte, n * sizeof(frame)> bytes;  // NOLINT(cppcoreguidelines-pro-type-member-init)
  frame* data() noexcept { return reinterpret_cast<frame*>(bytes.data()); }  // NOLINT(*-reinterpret-cast)
};

// Evaluates `p` from its root without recursion (`frames` holds at least p.depth entries), with
// Kleene's short cuts: `and` stops at a false operand, `or` at a true one (a decided value
// carries no facts, so what is skipped could not change the result). An unknown leaf is decided
// by the facts it reads; an unknown and / or by the facts of its unknown operands; not keeps
// its operand's. Nothing is allocated.
truth run(const program& p, const fact_table& facts, frame* frames) {
  const checked_node* const nodes = p.nodes.data();
  const std::uint32_t* const children = p.children.data();
  const fact_table::slot* const slots = facts.slots().data();
  frame* top = frames;  // one past the innermost frame
  std::uint32_t i = p.root;
  truth v;
  for (;;) {
    const checked_node& n = nodes[i];
    if (is_logical(n.operation)) {
      const tri identity = n.operation == op::logical_or ? tri::no : tri::yes;
      if (n.count > 0) {
        top->operation = n.operation;
        top->value = identity;
        top->next = n.first + 1;
        top->end = n.first + n.count;
        ++top;
        i = children[n.first];
        continue;
      }
      v.value = identity;
    } else {
      v.value = value_of(p, n, slots, facts);
      if (v.value == tri::unknown) {
        v.unknown_facts.reset();
        add_deciding_facts(n, slots, v.unknown_facts);
      }
    }
    // Hand v up to the waiting and / or / not, until one needs its next operand.
    for (;;) {
      if (top == frames) {
        if (v.value != tri::unknown) v.unknown_facts.reset();  // a decided truth carries none
        return v;
      }
      frame& f = top[-1];
      if (f.operation == op::logical_not) {
        v.value = negate(v.value);  // the facts stay
        --top;
        continue;
      }
      const bool any = f.operation == op::logical_or;
      if (v.value == tri::unknown) {
        if (f.value == tri::unknown) f.facts |= v.unknown_facts;
        else f.facts = v.unknown_facts;  // the first unknown operand
      }
      f.value = any ? disjoin(f.value, v.value) : conjoin(f.value, v.value);
      if (f.value != (any ? tri::yes : tri::no) && f.next != f.end) {
        i = children[f.next++];
        break;
      }
      v.value = f.value;
      if (v.value == tri::unknown) v.unknown_facts = f.facts;
      --top;
    }
  }
}

}  // namespace

truth evaluate(const condition& c, const fact_table& facts) {
  const program& p = program_for(c, facts.fact_count(), facts.event_count());
  constexpr std::size_t k_frames = 2 * k_max_depth + 8;
  if (p.depth <= k_frames) {  // always, for a program of the checker
    frame_room<k_frames> frames;
    return run(p, facts, frames.data());
  }
  std::vector<frame> frames(p.depth);
  return run(p, facts, frames.data());
}

}  // namespace breachclock::expr
