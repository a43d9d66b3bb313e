// Assessment of the bundled rules, after loading: the cost of re-assessing an incident when a
// fact changes. Goal: at most 2 microseconds per assessment on one core.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "breachclock/breachclock.hpp"
#include "alloc_count.hpp"

namespace {

using namespace breachclock;

const rule_set& rules() {
  static const rule_set r = rule_set::bundled();
  return r;
}

incident example(const char* name) {
  return incident::from_file(std::string(BREACHCLOCK_SOURCE_DIR) + "/examples/incidents/" + name, rules().schema());
}

// The allocations made since `before`, per iteration, as the counter `allocs`.
void per_iteration_allocs(benchmark::State& state, std::uint64_t before) {
  const auto made = static_cast<double>(bench::allocations() - before);
  state.counters["allocs"] = state.iterations() > 0 ? made / static_cast<double>(state.iterations()) : 0.0;
}

void BM_assess_cwu(benchmark::State& state) {
  const incident i = example("cwu-2024.toml");
  const instant as_of = *parse_rfc3339("2024-03-22T18:00:00Z");
  const std::uint64_t before = bench::allocations();
  for (auto _ : state) {
    assessment a = *assess(rules(), i, as_of);
    benchmark::DoNotOptimize(a);
  }
  per_iteration_allocs(state, before);
  state.counters["obligations"] = static_cast<double>(assess(rules(), i, as_of)->obligations.size());
}
BENCHMARK(BM_assess_cwu);

// Every example incident in turn: the mean cost per assessment over varied facts.
void BM_assess_examples(benchmark::State& state) {
  std::vector<incident> incidents;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(BREACHCLOCK_SOURCE_DIR) + "/examples/incidents")) {
    incidents.push_back(incident::from_file(entry.path(), rules().schema()));
  }
  const instant as_of = *parse_rfc3339("2025-12-01T12:00:00Z");
  std::size_t k = 0;
  const std::uint64_t before = bench::allocations();
  for (auto _ : state) {
    assessment a = *assess(rules(), incidents[k++ % incidents.size()], as_of);
    benchmark::DoNotOptimize(a);
  }
  per_iteration_allocs(state, before);
}
BENCHMARK(BM_assess_examples);

// Rendering the JSON document of an assessment (not part of the 2-microsecond goal).
void BM_render_json_cwu(benchmark::State& state) {
  const assessment a = *assess(rules(), example("cwu-2024.toml"), *parse_rfc3339("2024-03-22T18:00:00Z"));
  for (auto _ : state) benchmark::DoNotOptimize(render_json(a));
}
BENCHMARK(BM_render_json_cwu);

}  // namespace
