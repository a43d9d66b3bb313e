// The incident journal (issue 15): what an assessment costs when the facts came in over time.
// The CWU seed's facts, given (a) in the file's own [facts] (no journal: the baseline), (b) one
// fact per [[learned]] entry, an hour apart, with two filings, assessed after the last entry
// (nothing to cut: the bound incident is assessed as it is), (c) the same assessed half-way
// through its journal (the incident cut at as_of and bound again: the cost of a replay), and
// (d) the decision log of (b) (one assessment per instant of the journal). Side by side in one
// run; no goal but (b) close to (a).
#include <benchmark/benchmark.h>

#include <string>
#include <utility>
#include <vector>

#include "breachclock/breachclock.hpp"

namespace {

using namespace breachclock;

const instant k_start = *parse_rfc3339("2024-03-21T09:00:00Z");

// The facts of the CWU seed, in the order a responder would learn them.
std::vector<std::pair<std::string, fact_value>> cwu_facts() {
  return {
      {"uk_processing", fact_value(true)},
      {"uk_data_regime", fact_value("uk_gdpr")},
      {"role", fact_value("controller")},
      {"pecs_provider", fact_value(false)},
      {"rdsp", fact_value(false)},
      {"oes", fact_value(false)},
      {"trust_service_provider", fact_value(false)},
      {"personal_data_breach", fact_value(true)},
      {"risk", fact_value("high")},
  };
}

incident base_incident() {
  incident i("cwu-2024-03", *zone::locate("Europe/London"));
  i.set_scope(std::vector<std::string>{"GB"});
  i.set_event("detected", k_start);
  return i;
}

incident flat_incident() {
  incident i = base_incident();
  i.set_event("aware", k_start + std::chrono::hours{2});
  for (auto& [name, value] : cwu_facts()) i.set_fact(name, value);
  return i;
}

incident journal_incident() {
  incident i = base_incident();
  std::chrono::hours at{1};
  for (auto& [name, value] : cwu_facts()) {
    learned_entry e;
    e.at = k_start + at;
    e.facts.emplace(name, value);
    if (at == std::chrono::hours{2}) e.events.emplace("aware", k_start + at);
    i.add_learned(std::move(e));
    at += std::chrono::hours{1};
  }
  i.add_filing(filing_entry{"uk-gdpr/notify-ico", k_start + std::chrono::hours{30}, "ICO-1", {}});
  i.add_filing(filing_entry{"uk-gdpr/notify-data-subjects", k_start + std::chrono::hours{40}, "", {}});
  return i;
}

void assess_bound(benchmark::State& state, const incident& i, instant as_of) {
  const rule_set rules = rule_set::bundled();
  auto b = bind(rules, i);
  if (!b) {
    state.SkipWithError(("the incident does not bind: " + to_string(b.diagnostics().front())).c_str());
    return;
  }
  for (auto _ : state) {
    assessment a = *assess(rules, *b, as_of);
    benchmark::DoNotOptimize(a);
  }
  const assessment a = *assess(rules, *b, as_of);
  std::size_t filed = 0;
  for (const obligation_result& o : a.obligations) filed += o.filed ? 1U : 0U;
  state.counters["obligations"] = static_cast<double>(a.obligations.size());
  state.counters["filed"] = static_cast<double>(filed);
}

void BM_assess_facts_in_file(benchmark::State& state) {
  assess_bound(state, flat_incident(), k_start + std::chrono::hours{48});
}
BENCHMARK(BM_assess_facts_in_file);

void BM_assess_journal_after_last_entry(benchmark::State& state) {
  assess_bound(state, journal_incident(), k_start + std::chrono::hours{48});
}
BENCHMARK(BM_assess_journal_after_last_entry);

void BM_assess_journal_half_way(benchmark::State& state) {
  assess_bound(state, journal_incident(), k_start + std::chrono::hours{5});
}
BENCHMARK(BM_assess_journal_half_way);

void BM_decision_log(benchmark::State& state) {
  const rule_set rules = rule_set::bundled();
  const incident i = journal_incident();
  const instant as_of = k_start + std::chrono::hours{48};
  std::size_t decisions = 0;
  for (auto _ : state) {
    auto log = decision_log(rules, i, as_of);
    if (!log) {
      state.SkipWithError("the decision log failed");
      return;
    }
    decisions = log->size();
    benchmark::DoNotOptimize(log);
  }
  state.counters["decisions"] = static_cast<double>(decisions);
}
BENCHMARK(BM_decision_log)->Unit(benchmark::kMicrosecond);

}  // namespace
