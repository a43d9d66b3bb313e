// Proposed law for the assessor (engine/proposed.hpp).
#include "engine/proposed.hpp"

#include <algorithm>
#include <map>
#include <string_view>

namespace breachclock::detail {

namespace {

const duty* find_in(const std::vector<duty>& all, std::string_view id) {
  auto it = std::lower_bound(all.begin(), all.end(), id,
                             [](const duty& d, std::string_view key) { return d.id < key; });
  return it != all.end() && it->id == id ? &*it : nullptr;
}

}  // namespace

bool reads(const rule_set& rules, const obligation& o, proposed_law mode) {
  if (mode != proposed_law::enact) return o.proposed.empty();
  return !o.proposed.empty() || find_in(rules.proposed_duties(), o.id) == nullptr;
}

const std::vector<duty>& duties_under(const rule_set& rules, proposed_law mode, std::vector<duty>& out) {
  const std::vector<duty>& in_force = rules.duties();
  const std::vector<duty>& proposed = rules.proposed_duties();
  if (mode == proposed_law::exclude || proposed.empty()) return in_force;
  out.clear();
  out.reserve(in_force.size() + proposed.size());
  // Both lists are sorted by id: merge them, the duty in force first.
  std::size_t i = 0;
  std::size_t p = 0;
  while (i < in_force.size() || p < proposed.size()) {
    const bool take_in_force = p == proposed.size() || (i < in_force.size() && in_force[i].id <= proposed[p].id);
    if (take_in_force) {
      const bool amended = p < proposed.size() && in_force[i].id == proposed[p].id;
      if (mode == proposed_law::beside || !amended) out.push_back(in_force[i]);
      ++i;
    } else {
      out.push_back(proposed[p++]);
    }
  }
  if (mode == proposed_law::enact) {
    // The redirects of the enacted law: from every obligation of it.
    std::map<std::string_view, std::vector<duty_redirect>> redirects;
    for (const duty& d : out) {
      for (const duty_version& v : d.versions) {
        for (const exception_rule& e : v.rule->unless) {
          if (!e.instead.empty()) redirects[e.instead].push_back(duty_redirect{v.rule, v.pack, &e});
        }
      }
    }
    for (duty& d : out) {
      auto it = redirects.find(d.id);
      d.redirects = it != redirects.end() ? it->second : std::vector<duty_redirect>{};
    }
  }
  return out;
}

const exception_rule* displacement(const obligation& o, const expr::fact_table& facts, tri before) {
  if (before == tri::no) return nullptr;
  const exception_rule* found = nullptr;
  for (const exception_rule& x : o.unless) {
    if (expr::evaluate(x.when, facts).value != tri::yes) continue;
    // Lex specialis: the displacing law governs, whatever other exception also holds.
    if (!x.displaced_by.empty() && found == nullptr) found = &x;
  }
  return found;
}

void place_beside(std::vector<obligation_result>& sorted, warning_log& log) {
  auto once = [](auto& list, auto same) {
    auto end = list.begin();
    for (auto it = list.begin(); it != list.end(); ++it) {
      if (std::none_of(list.begin(), end, [&](const auto& seen) { return same(seen, *it); })) *end++ = std::move(*it);
    }
    list.erase(end, list.end());
  };
  once(log.text, [](const std::string& a, const std::string& b) { return a == b; });
  once(log.anchors, [](const anchor_warning& a, const anchor_warning& b) {
    return a.what == b.what && a.from == b.from && a.used == b.used && a.id == b.id;
  });
  std::vector<obligation_result> amendments;
  std::vector<obligation_result> rest;
  rest.reserve(sorted.size());
  std::map<std::string_view, bool> in_force;
  for (const obligation_result& r : sorted) {
    if (!r.proposed) in_force[r.rule->id] = true;
  }
  for (obligation_result& r : sorted) {
    if (r.proposed && in_force.contains(r.rule->id)) amendments.push_back(std::move(r));
    else rest.push_back(std::move(r));
  }
  if (amendments.empty()) {
    sorted = std::move(rest);
    return;
  }
  sorted.clear();
  for (obligation_result& r : rest) {
    const std::string_view id = r.rule->id;
    const bool binding = !r.proposed;
    sorted.push_back(std::move(r));
    if (!binding) continue;
    for (obligation_result& a : amendments) {
      if (a.rule != nullptr && a.rule->id == id) {
        sorted.push_back(std::move(a));
        a.rule = nullptr;
      }
    }
  }
}

}  // namespace breachclock::detail
