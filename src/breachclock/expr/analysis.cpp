#include "breachclock/expr/analysis.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "breachclock/expr/evaluator.hpp"
#include "expr/checker.hpp"

namespace breachclock::expr {

namespace {

// The candidate values of one fact, gathered from what the conditions mention.
struct candidates {
  std::set<std::int64_t> ints;
  std::set<std::string> texts;
  std::uint64_t set_members = 0;  // mentioned members of a set fact
};

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  if (b > 0 && a > std::numeric_limits<std::int64_t>::max() - b) return std::numeric_limits<std::int64_t>::max();
  if (b < 0 && a < std::numeric_limits<std::int64_t>::min() - b) return std::numeric_limits<std::int64_t>::min();
  return a + b;
}

void around(std::set<std::int64_t>& out, std::int64_t v) {
  for (std::int64_t d : {-1, 0, 1}) out.insert(saturating_add(v, d));
}

void gather(const condition& c, std::map<std::size_t, candidates>& out) {
  const program& p = program_of(c);
  for (const checked_node& n : p.nodes) {
    switch (n.operation) {
      case op::int_compare:
        if (n.has_b) {
          // Two facts compared with each other: small values on either side of each other.
          for (std::int64_t v : {0, 1, 2}) out[n.a].ints.insert(v), out[n.b].ints.insert(v);
        } else {
          around(out[n.a].ints, n.integer);
        }
        break;
      case op::int_in:
        for (std::int64_t v : p.ints_of(n)) around(out[n.a].ints, v);
        break;
      case op::text_equals:
      case op::text_in:
        for (const std::string& t : p.texts_of(n)) out[n.a].texts.insert(t);
        break;
      case op::set_has:
        if (!n.has_b) out[n.a].set_members |= std::uint64_t{1} << n.integer;
        else out[n.a].set_members = ~std::uint64_t{0};
        break;
      case op::set_any:
      case op::set_all: out[n.a].set_members |= n.mask; break;
      default: break;
    }
  }
}

}  // namespace

satisfiability satisfiable(const std::vector<const condition*>& conditions, const fact_schema& schema,
                           std::size_t budget) {
  search_budget unlimited{std::numeric_limits<std::size_t>::max()};
  return satisfiable(conditions, schema, unlimited, budget);
}

satisfiability satisfiable(const std::vector<const condition*>& conditions, const fact_schema& schema,
                           search_budget& shared, std::size_t budget) {
  for (const condition* c : conditions) {
    if (c == nullptr) throw error(make_error("expr.empty", {}, "satisfiable() was given a null condition"));
    (void)program_for(*c, schema.facts().size(), schema.events().size());
  }
  std::set<std::size_t> fact_ids;
  std::set<std::size_t> event_ids;
  std::map<std::size_t, candidates> mentioned;
  // Kleene logic is monotone: giving an unknown fact a value never turns a true condition false,
  // except through known(fact). So a fact that no known() reads needs no unknown candidate (nor,
  // for a set, the partly known ones): if an assignment with it unknown satisfies every
  // condition, so does one with it known. That keeps the search at 2^n, not 3^n, for booleans.
  std::set<std::size_t> read_by_known;
  std::vector<std::pair<std::size_t, std::size_t>> compared;
  for (const condition* c : conditions) {
    fact_ids.insert(c->facts_used().begin(), c->facts_used().end());
    event_ids.insert(c->events_used().begin(), c->events_used().end());
    gather(*c, mentioned);
    for (const checked_node& n : program_of(*c).nodes) {
      if (n.operation == op::known_fact) read_by_known.insert(n.a);
      if (n.operation == op::int_compare && n.has_b) compared.emplace_back(n.a, n.b);
    }
  }
  // Two int facts compared with each other: each also takes the other's candidates and their
  // neighbours ("a > 100 and b > a" needs b = 102), a few rounds so that chains reach.
  for (int round = 0; round < 3 && !compared.empty(); ++round) {
    for (const auto& [x, y] : compared) {
      const std::set<std::int64_t> from_x = mentioned[x].ints;
      const std::set<std::int64_t> from_y = mentioned[y].ints;
      for (std::int64_t v : from_y) around(mentioned[x].ints, v);
      for (std::int64_t v : from_x) around(mentioned[y].ints, v);
    }
  }
  // The values each fact may take.
  std::vector<std::pair<std::size_t, std::vector<fact_value>>> choices;
  std::size_t combinations = 1;
  for (std::size_t id : fact_ids) {
    const fact_decl& f = schema.facts()[id];
    // Known values first (true before false), unknown last: conditions that can hold mostly hold
    // for known values, and the search stops at the first assignment that satisfies them all.
    std::vector<fact_value> values;
    const candidates& m = mentioned[id];
    switch (f.type) {
      case fact_type::boolean:
        values.emplace_back(true);
        values.emplace_back(false);
        break;
      case fact_type::enumeration:
        for (const std::string& v : f.values) values.emplace_back(v);
        break;
      case fact_type::integer: {
        std::set<std::int64_t> ints = m.ints;
        ints.insert(f.min.value_or(0));
        if (f.min) ints.insert(saturating_add(*f.min, 1));
        if (f.max) ints.insert(*f.max);
        for (std::int64_t v : ints) {
          if ((!f.min || v >= *f.min) && (!f.max || v <= *f.max)) values.emplace_back(v);
        }
        break;
      }
      case fact_type::text: {
        // The empty text, each text mentioned, and one that no condition mentions.
        std::set<std::string> texts = m.texts;
        texts.insert(std::string{});
        std::string other = "\x1f";
        while (texts.contains(other)) other += '\x1f';
        texts.insert(other);
        for (const std::string& t : texts) values.emplace_back(t);
        break;
      }
      case fact_type::set: {
        std::vector<std::string> named;
        for (std::size_t i = 0; i < f.values.size(); ++i) {
          if ((m.set_members >> i) & 1U) named.push_back(f.values[i]);
        }
        if (named.size() > 12) return satisfiability::too_large;
        for (std::uint64_t subset = 0; subset < (std::uint64_t{1} << named.size()); ++subset) {
          std::vector<std::string> members;
          for (std::size_t i = 0; i < named.size(); ++i) {
            if ((subset >> i) & 1U) members.push_back(named[i]);
          }
          values.push_back(fact_value::set_of(members));
          if (read_by_known.contains(id)) values.push_back(fact_value::at_least(members));
        }
        break;
      }
    }
    if (read_by_known.contains(id)) values.push_back(fact_value::unknown());
    combinations *= values.size();
    if (combinations > budget) return satisfiability::too_large;
    choices.emplace_back(id, std::move(values));
  }
  const std::vector<std::size_t> events(event_ids.begin(), event_ids.end());
  if (events.size() > 16 || combinations * (std::size_t{1} << events.size()) > budget) return satisfiability::too_large;

  fact_table table(schema);
  // Each value laid out once, not once per combination.
  std::vector<std::vector<fact_table::slot>> slots(choices.size());
  for (std::size_t i = 0; i < choices.size(); ++i) {
    for (const fact_value& v : choices[i].second) slots[i].push_back(table.to_slot(choices[i].first, v));
  }
  // An odometer over the combinations: each step sets only the facts whose value changes.
  std::vector<std::size_t> digit(choices.size(), 0);
  for (std::size_t i = 0; i < choices.size(); ++i) table.set_slot(choices[i].first, slots[i][0]);
  std::size_t steps_per_try = 0;
  for (const condition* c : conditions) steps_per_try += std::max<std::size_t>(1, c->size());
  for (std::size_t n = 0; n < combinations; ++n) {
    for (std::size_t e = 0; e < (std::size_t{1} << events.size()); ++e) {
      if (shared.steps < steps_per_try) return satisfiability::too_large;
      shared.steps -= steps_per_try;
      // Known events first, as with facts.
      for (std::size_t i = 0; i < events.size(); ++i) table.set_event_known(events[i], ((e >> i) & 1U) == 0);
      const bool all_true = std::all_of(conditions.begin(), conditions.end(),
                                        [&](const condition* c) { return evaluate(*c, table).value == tri::yes; });
      if (all_true) return satisfiability::yes;
    }
    for (std::size_t i = 0; i < choices.size(); ++i) {
      digit[i] = (digit[i] + 1) % slots[i].size();
      table.set_slot(choices[i].first, slots[i][digit[i]]);
      if (digit[i] != 0) break;  // no carry
    }
  }
  return satisfiability::no;
}

}  // namespace breachclock::expr
