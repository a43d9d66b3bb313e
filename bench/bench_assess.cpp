// Assessment of the bundled rules, after loading: the cost of re-assessing an incident when a
// fact changes. Goal: at most 2 microseconds and 10 allocations per assessment of a bound
// incident, on one core. `allocs` counts the heap allocations per iteration (alloc_count.hpp),
// the freeing of the assessment included.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "breachclock/breachclock.hpp"
#include "alloc_count.hpp"
#include "examples.hpp"

namespace {

using namespace breachclock;

const rule_set& rules() {
  static const rule_set r = rule_set::bundled();
  return r;
}

incident example(const char* name) { return incident::from_file(bench::example_path(name), rules().schema()); }

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

// The same incident bound once (validated, facts by index): the cost of one more assessment.
void BM_assess_cwu_bound(benchmark::State& state) {
  const bound_incident b = *bind(rules(), example("cwu-2024.toml"));
  const instant as_of = *parse_rfc3339("2024-03-22T18:00:00Z");
  const std::uint64_t before = bench::allocations();
  for (auto _ : state) {
    assessment a = *assess(rules(), b, as_of);
    benchmark::DoNotOptimize(a);
  }
  per_iteration_allocs(state, before);
}
BENCHMARK(BM_assess_cwu_bound);

// Bound, and without the explanation trace (assess_options::trace false).
void BM_assess_cwu_bound_no_trace(benchmark::State& state) {
  const bound_incident b = *bind(rules(), example("cwu-2024.toml"));
  const instant as_of = *parse_rfc3339("2024-03-22T18:00:00Z");
  const std::uint64_t before = bench::allocations();
  for (auto _ : state) {
    assessment a = *assess(rules(), b, as_of, {.trace = false});
    benchmark::DoNotOptimize(a);
  }
  per_iteration_allocs(state, before);
}
BENCHMARK(BM_assess_cwu_bound_no_trace);

// Every example incident in turn: the mean cost per assessment over varied facts.
void BM_assess_examples(benchmark::State& state) {
  std::vector<incident> incidents;
  for (const auto& path : bench::example_paths()) incidents.push_back(incident::from_file(path, rules().schema()));
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

// Every example incident in turn, each bound once.
void BM_assess_examples_bound(benchmark::State& state) {
  std::vector<bound_incident> incidents;
  for (const auto& path : bench::example_paths())
    incidents.push_back(*bind(rules(), incident::from_file(path, rules().schema())));
  const instant as_of = *parse_rfc3339("2025-12-01T12:00:00Z");
  std::size_t k = 0;
  const std::uint64_t before = bench::allocations();
  for (auto _ : state) {
    assessment a = *assess(rules(), incidents[k++ % incidents.size()], as_of);
    benchmark::DoNotOptimize(a);
  }
  per_iteration_allocs(state, before);
}
BENCHMARK(BM_assess_examples_bound);

// Rendering the JSON document of an assessment (not part of the 2-microsecond goal).
void BM_render_json_cwu(benchmark::State& state) {
  const assessment a = *assess(rules(), example("cwu-2024.toml"), *parse_rfc3339("2024-03-22T18:00:00Z"));
  for (auto _ : state) benchmark::DoNotOptimize(render_json(a));
}
BENCHMARK(BM_render_json_cwu);

}  // namespace
