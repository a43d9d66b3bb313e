// The compact evaluator against a straightforward reference: every condition of the bundled
// rules, evaluated over thousands of random fact tables, by evaluate() (the checked program, one
// pass in order without recursion) and by a recursive walk of the condition's syntax tree
// written here from the language's definition (docs/conditions.md, DESIGN.md section 5).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "breachclock/expr/evaluator.hpp"
#include "breachclock/rules/rule_set.hpp"
#include "expr/parser.hpp"

using namespace breachclock;
using breachclock::expr::fact_table;
using breachclock::expr::node_kind;
using breachclock::expr::syntax_node;
using breachclock::expr::syntax_tree;
using breachclock::expr::token_kind;
using breachclock::expr::truth;

namespace {

// The reference: evaluates the syntax tree by names, recursively, with Kleene's connectives.
class reference {
 public:
  reference(const syntax_tree& tree, const fact_schema& schema, const fact_table& facts)
      : tree_(tree), schema_(schema), facts_(facts) {}

  truth eval(std::uint32_t i) const {
    const syntax_node& n = tree_.at(i);
    switch (n.kind) {
      case node_kind::boolean: return expr::truth_of(n.boolean);
      case node_kind::name: {
        const fact_decl& f = fact(n);
        const auto& s = facts_.fact(f.index);
        return s.known ? expr::truth_of(s.boolean) : unknown(f);
      }
      case node_kind::logical_not: return expr::negate(eval(n.children[0]));
      case node_kind::logical_and: {
        truth all{tri::yes, {}};
        for (std::uint32_t c : n.children) all = expr::conjoin(all, eval(c));
        return all;
      }
      case node_kind::logical_or: {
        truth any{tri::no, {}};
        for (std::uint32_t c : n.children) any = expr::disjoin(any, eval(c));
        return any;
      }
      case node_kind::compare: return compare(n);
      case node_kind::in: return in(n);
      case node_kind::not_in: return expr::negate(in(n));
      case node_kind::call: return call(n);
      default: FAIL("not a condition: " << tree_.text); return {};
    }
  }

 private:
  const fact_decl& fact(const syntax_node& n) const {
    const fact_decl* f = schema_.fact(n.text);
    REQUIRE(f != nullptr);
    return *f;
  }
  static truth unknown(const fact_decl& f) {
    truth t{tri::unknown, {}};
    t.unknown_facts.set(f.index);
    return t;
  }
  static truth unknown(const fact_decl& f, bool f_known, const fact_decl& g, bool g_known) {
    truth t{tri::unknown, {}};
    if (!f_known) t.unknown_facts.set(f.index);
    if (!g_known) t.unknown_facts.set(g.index);
    return t;
  }
  static std::int64_t number(const fact_decl& f, const std::string& value) {
    const auto it = std::find(f.values.begin(), f.values.end(), value);
    REQUIRE(it != f.values.end());
    return it - f.values.begin();
  }
  // `wanted` (value numbers) in the set fact `s`: all of them, or any.
  truth has(const fact_decl& s, const std::vector<std::int64_t>& wanted, bool all) const {
    const auto& slot = facts_.fact(s.index);
    if (!slot.known) return unknown(s);
    std::size_t present = 0;
    for (std::int64_t w : wanted) present += (slot.mask >> w) & 1U;
    const bool yes = all ? present == wanted.size() : present > 0;
    if (yes) return expr::truth_of(true);
    return slot.complete ? expr::truth_of(false) : unknown(s);
  }

  truth compare(const syntax_node& n) const {
    const syntax_node* left = &tree_.at(n.children[0]);
    const syntax_node* right = &tree_.at(n.children[1]);
    token_kind op = n.op;
    if (left->kind != node_kind::name) {  // a literal on the left: swap, and mirror the operator
      std::swap(left, right);
      if (op == token_kind::lt) op = token_kind::gt;
      else if (op == token_kind::gt) op = token_kind::lt;
      else if (op == token_kind::le) op = token_kind::ge;
      else if (op == token_kind::ge) op = token_kind::le;
    }
    const fact_decl& f = fact(*left);
    const auto& s = facts_.fact(f.index);
    const fact_decl* g = right->kind == node_kind::name ? &fact(*right) : nullptr;
    const bool g_known = g == nullptr || facts_.fact(g->index).known;
    if (!s.known || !g_known) return g != nullptr ? unknown(f, s.known, *g, g_known) : unknown(f);
    bool equal = false;
    switch (f.type) {
      case fact_type::boolean: equal = s.boolean == right->boolean; break;
      case fact_type::integer: {
        const std::int64_t x = s.integer;
        const std::int64_t y = g != nullptr ? facts_.fact(g->index).integer : right->integer;
        switch (op) {
          case token_kind::eq: return expr::truth_of(x == y);
          case token_kind::ne: return expr::truth_of(x != y);
          case token_kind::lt: return expr::truth_of(x < y);
          case token_kind::le: return expr::truth_of(x <= y);
          case token_kind::gt: return expr::truth_of(x > y);
          case token_kind::ge: return expr::truth_of(x >= y);
          default: FAIL("operator"); return {};
        }
      }
      case fact_type::enumeration:
        equal = g != nullptr ? s.integer == facts_.fact(g->index).integer : s.integer == number(f, right->text);
        break;
      case fact_type::text: equal = s.text == right->text; break;
      case fact_type::set: FAIL("a set compared"); return {};
    }
    return expr::truth_of(op == token_kind::eq ? equal : !equal);
  }

  truth in(const syntax_node& n) const {
    const syntax_node& left = tree_.at(n.children[0]);
    const syntax_node& right = tree_.at(n.children[1]);
    if (right.kind == node_kind::name) {  // a value, or an enum fact's value, in a set fact
      const fact_decl& s = fact(right);
      if (left.kind == node_kind::string) return has(s, {number(s, left.text)}, false);
      const fact_decl& e = fact(left);
      const bool s_known = facts_.fact(s.index).known;
      const bool e_known = facts_.fact(e.index).known;
      if (!s_known || !e_known) return unknown(s, s_known, e, e_known);
      return has(s, {facts_.fact(e.index).integer}, false);
    }
    const fact_decl& f = fact(left);
    const auto& slot = facts_.fact(f.index);
    if (!slot.known) return unknown(f);
    for (std::uint32_t c : right.children) {
      const syntax_node& item = tree_.at(c);
      const bool match = f.type == fact_type::integer       ? slot.integer == item.integer
                         : f.type == fact_type::enumeration ? slot.integer == number(f, item.text)
                                                            : slot.text == item.text;
      if (match) return expr::truth_of(true);
    }
    return expr::truth_of(false);
  }

  truth call(const syntax_node& n) const {
    const syntax_node& first = tree_.at(n.children[0]);
    if (n.text == "known") {
      if (const event_decl* e = schema_.event(first.text)) {
        return expr::truth_of(facts_.event_known(static_cast<std::size_t>(e - schema_.events().data())));
      }
      return expr::truth_of(facts_.fact(fact(first).index).known);
    }
    const fact_decl& s = fact(first);
    std::vector<std::int64_t> wanted;
    for (std::uint32_t c : tree_.at(n.children[1]).children) wanted.push_back(number(s, tree_.at(c).text));
    return has(s, wanted, n.text == "all_of");
  }

  const syntax_tree& tree_;
  const fact_schema& schema_;
  const fact_table& facts_;
};

std::vector<const expr::condition*> bundled_conditions(const rule_set& rules) {
  std::vector<const expr::condition*> out;
  for (const regime& r : rules.regimes()) {
    if (r.applies) out.push_back(&*r.applies);
    for (const obligation& o : r.obligations) {
      if (o.when) out.push_back(&*o.when);
      for (const exception_rule& u : o.unless) out.push_back(&u.when);
    }
  }
  return out;
}

// Every integer and text literal of the trees, with the integers' neighbours: the values that
// make comparisons go either way.
void gather(const syntax_tree& t, std::set<std::int64_t>& ints, std::set<std::string>& texts) {
  for (const syntax_node& n : t.nodes) {
    if (n.kind == node_kind::integer) {
      for (std::int64_t d : {-1, 0, 1}) ints.insert(n.integer + d);
    }
    if (n.kind == node_kind::string) texts.insert(n.text);
  }
}

}  // namespace

TEST_CASE("evaluator: the compact evaluator agrees with a reference walk on every bundled condition",
          "[expr][property]") {
  static const rule_set rules = rule_set::bundled();
  const fact_schema& schema = rules.schema();
  const std::vector<const expr::condition*> conditions = bundled_conditions(rules);
  REQUIRE(conditions.size() > 50);
  std::vector<syntax_tree> trees;
  std::set<std::int64_t> int_pool{0, 1};
  std::set<std::string> text_pool{"", "something else"};
  for (const expr::condition* c : conditions) {
    auto tree = expr::parse(c->text(), expr::default_locator());
    REQUIRE(tree);
    gather(*tree, int_pool, text_pool);
    trees.push_back(std::move(*tree));
  }
  const std::vector<std::int64_t> ints(int_pool.begin(), int_pool.end());
  const std::vector<std::string> texts(text_pool.begin(), text_pool.end());

  std::mt19937_64 random(20261202);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  std::size_t decided = 0;
  std::size_t undecided = 0;
  for (int round = 0; round < 1500; ++round) {
    fact_table table(schema);
    // Mostly known facts on some rounds, mostly unknown ones on others.
    const std::size_t unknown_in_8 = static_cast<std::size_t>(round % 8);
    for (const fact_decl& f : schema.facts()) {
      if (pick(8) < unknown_in_8) continue;
      switch (f.type) {
        case fact_type::boolean: table.set(f.index, pick(2) == 0); break;
        case fact_type::integer: {
          std::int64_t v = ints[pick(ints.size())];
          if (f.min) v = std::max(v, *f.min);
          if (f.max) v = std::min(v, *f.max);
          table.set(f.index, v);
          break;
        }
        case fact_type::enumeration: table.set(f.index, f.values[pick(f.values.size())]); break;
        case fact_type::set: {
          std::vector<std::string> members;
          for (const std::string& v : f.values) {
            if (pick(3) == 0) members.push_back(v);
          }
          table.set(f.index, pick(2) == 0 ? fact_value::set_of(members) : fact_value::at_least(members));
          break;
        }
        case fact_type::text: table.set(f.index, texts[pick(texts.size())]); break;
      }
    }
    for (std::size_t e = 0; e < schema.events().size(); ++e) table.set_event_known(e, pick(2) == 0);

    for (std::size_t k = 0; k < conditions.size(); ++k) {
      const truth got = expr::evaluate(*conditions[k], table);
      const truth want = reference(trees[k], schema, table).eval(trees[k].root);
      INFO(conditions[k]->text());
      REQUIRE(got.value == want.value);
      REQUIRE(got.unknown_facts == want.unknown_facts);
      (got.value == tri::unknown ? undecided : decided) += 1;
    }
  }
  // The random tables reach both outcomes often (the comparison is not vacuous).
  CHECK(decided > 10'000);
  CHECK(undecided > 10'000);
}
