#include "breachclock/testing/coverage.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace breachclock {

const char* to_string(coverage_item::kind k) noexcept {
  switch (k) {
    case coverage_item::kind::status: return "status";
    case coverage_item::kind::exception_fires: return "exception fires";
    case coverage_item::kind::exception_holds: return "exception does not fire";
    case coverage_item::kind::version: return "version chosen";
  }
  return "status";
}

std::size_t coverage_report::covered() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(items.begin(), items.end(), [](const coverage_item& i) { return i.covered; }));
}

double coverage_report::percent() const noexcept {
  return items.empty() ? 100.0 : 100.0 * static_cast<double>(covered()) / static_cast<double>(items.size());
}

namespace {

// Items are keyed by text, not by pointer: the same rules are loaded once per set of overlays.
using key = std::tuple<std::string, int, std::string>;  // obligation, kind, detail

constexpr std::string_view k_proposed = "proposed: ";

std::string version_text(const obligation& o) {
  return o.effective.always() ? std::string("always") : o.effective.text;
}

void enumerate(const rule_set& rules, std::map<key, coverage_item>& items) {
  for (const std::string& id : rules.obligation_ids()) {
    for (const char* s : {"required", "not_required", "undetermined"}) {
      items.emplace(key{id, 0, s}, coverage_item{id, coverage_item::kind::status, s, false});
    }
    const auto versions = rules.versions(id);
    for (const obligation* v : versions) {
      if (versions.size() > 1) {
        items.emplace(key{id, 3, version_text(*v)},
                      coverage_item{id, coverage_item::kind::version, version_text(*v), false});
      }
      for (const exception_rule& e : v->unless) {
        const std::string detail = e.when.text() + (versions.size() > 1 ? " (" + version_text(*v) + ")" : "");
        items.emplace(key{id, 1, detail}, coverage_item{id, coverage_item::kind::exception_fires, detail, false});
        items.emplace(key{id, 2, detail}, coverage_item{id, coverage_item::kind::exception_holds, detail, false});
      }
    }
  }  // Proposed law (rule_set::proposed_duties) is covered apart: its statuses and exceptions,
  // each marked "proposed: ", seen only in a case that assesses it (proposed = "beside"|"enact").
  for (const duty& d : rules.proposed_duties()) {
    for (const char* s : {"required", "not_required", "undetermined"}) {
      const std::string detail = std::string(k_proposed) + s;
      items.emplace(key{d.id, 0, detail}, coverage_item{d.id, coverage_item::kind::status, detail, false});
    }
    for (const duty_version& v : d.versions) {
      for (const exception_rule& e : v.rule->unless) {
        const std::string detail = std::string(k_proposed) + e.when.text();
        items.emplace(key{d.id, 1, detail}, coverage_item{d.id, coverage_item::kind::exception_fires, detail, false});
        items.emplace(key{d.id, 2, detail}, coverage_item{d.id, coverage_item::kind::exception_holds, detail, false});
      }
    }
  }
}

void mark(std::map<key, coverage_item>& items, const key& k) {
  if (auto it = items.find(k); it != items.end()) it->second.covered = true;
}

}  // namespace

coverage_report coverage(const test_run& run) {
  std::map<key, coverage_item> items;
  std::vector<std::string> digests;
  for (const file_result& f : run.files) {
    for (const case_result& c : f.cases) {
      if (!c.outcome) continue;
      const rule_set& rules = c.outcome->rules;
      if (std::find(digests.begin(), digests.end(), rules.digest()) == digests.end()) {
        digests.push_back(rules.digest());
        enumerate(rules, items);
      }
      for (const expectation_result& r : c.results) {
        const obligation_result* o = find_result(*c.outcome, *r.expected);
        // A duty outside the incident's scope was not evaluated: it covers nothing of the rule.
        if (o == nullptr || o->out_of_scope) continue;
        const std::string& id = o->rule->id;
        if (o->proposed) {
          const std::string prefix(k_proposed);
          mark(items, key{id, 0, prefix + to_string(o->state)});
          for (const trace_entry& t : o->because) {
            if (t.what != trace_entry::kind::unless || t.condition == nullptr) continue;
            if (t.value == tri::yes) mark(items, key{id, 1, prefix + *t.condition});
            if (t.value == tri::no) mark(items, key{id, 2, prefix + *t.condition});
          }
          continue;
        }
        const bool versioned = rules.versions(id).size() > 1;
        mark(items, key{id, 0, to_string(o->state)});
        if (versioned) mark(items, key{id, 3, version_text(*o->rule)});
        // The trace holds each exception of the chosen version with its value.
        for (const trace_entry& t : o->because) {
          if (t.what != trace_entry::kind::unless || t.condition == nullptr) continue;
          const std::string detail = *t.condition + (versioned ? " (" + version_text(*o->rule) + ")" : "");
          if (t.value == tri::yes) mark(items, key{id, 1, detail});
          if (t.value == tri::no) mark(items, key{id, 2, detail});
        }
      }
    }
  }
  coverage_report out;
  for (auto& [k, item] : items) out.items.push_back(std::move(item));
  return out;
}

result<coverage_report> coverage_of(const coverage_report& report, const rule_set& rules,
                                    const std::vector<std::string>& ids, const source_location& origin) {
  std::vector<std::string> packs;
  std::vector<std::string> modules;
  for (const regime& r : rules.regimes()) {
    packs.push_back(r.id);
    if (!r.module.empty() && std::find(modules.begin(), modules.end(), r.module) == modules.end())
      modules.push_back(r.module);
  }
  std::sort(packs.begin(), packs.end());
  std::sort(modules.begin(), modules.end());
  std::vector<diagnostic> ds;
  for (const std::string& id : ids) {
    if (std::find(packs.begin(), packs.end(), id) != packs.end()) continue;
    if (std::find(modules.begin(), modules.end(), id) != modules.end()) continue;
    std::string known;
    for (const std::string& p : packs) known += (known.empty() ? "" : ", ") + p;
    std::string known_modules;
    for (const std::string& m : modules) known_modules += (known_modules.empty() ? "" : ", ") + m;
    ds.push_back(make_error("test.unknown-pack", origin,
                            "'" + id + "' is neither a pack nor a module of the rules (the packs are " + known +
                                "; the modules are " + (known_modules.empty() ? "none" : known_modules) + ")"));
  }
  if (!ds.empty()) return ds;
  auto in_named = [&](const duty& d) {
    return std::any_of(d.versions.begin(), d.versions.end(), [&](const duty_version& v) {
      return std::find(ids.begin(), ids.end(), v.pack->id) != ids.end() ||
             (!v.pack->module.empty() && std::find(ids.begin(), ids.end(), v.pack->module) != ids.end());
    });
  };
  auto named = [&](const std::string& obligation) {
    if (const duty* d = rules.find_duty(obligation); d != nullptr && in_named(*d)) return true;
    const std::vector<duty>& proposed = rules.proposed_duties();
    return std::any_of(proposed.begin(), proposed.end(),
                       [&](const duty& d) { return d.id == obligation && in_named(d); });
  };
  coverage_report out;
  for (const coverage_item& item : report.items) {
    if (named(item.obligation)) out.items.push_back(item);
  }
  return out;
}

}  // namespace breachclock
