// The JSON writer and NDJSON batches (docs/research/perf-batch-2026-12.md): rendering one
// assessment indented, compact and without its trace, and the whole work of one NDJSON line of
// `assess -` (parse the incident's line, assess it, append its compact document), over every
// example incident in turn. Issue 13's target for the batch: 100,000 incidents a second a core.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "breachclock/breachclock.hpp"

namespace {

using namespace breachclock;

const rule_set& rules() {
  static const rule_set r = rule_set::bundled();
  return r;
}

const instant k_as_of = *parse_rfc3339("2024-03-22T18:00:00Z");

assessment cwu() {
  const incident i = incident::from_file(std::string(BREACHCLOCK_SOURCE_DIR) + "/rules/uk/examples/cwu-2024.toml",
                                         rules().schema());
  return *assess(rules(), i, k_as_of);
}

void render(benchmark::State& state, const json_options& options) {
  const assessment a = cwu();
  std::string out;
  for (auto _ : state) {
    out.clear();
    append_json(out, a, options);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * out.size()));
  state.counters["bytes"] = static_cast<double>(out.size());
}

void BM_json_cwu_indented(benchmark::State& state) { render(state, json_options{false, true}); }
BENCHMARK(BM_json_cwu_indented);
void BM_json_cwu_compact(benchmark::State& state) { render(state, json_options{true, true}); }
BENCHMARK(BM_json_cwu_compact);
void BM_json_cwu_compact_no_trace(benchmark::State& state) { render(state, json_options{true, false}); }
BENCHMARK(BM_json_cwu_compact_no_trace);

// The NDJSON input: bench/examples.ndjson holds the 18 example incidents, one JSON line each (as
// tests/batch_test.py converts them: TOML date-times as RFC 3339 strings), or the file named by
// BREACHCLOCK_BENCH_NDJSON (scripts/gen-incidents --ndjson output, say). Parsed as `assess -`
// parses a line.
std::vector<std::string> ndjson_lines() {
  std::vector<std::string> out;
  const char* env = std::getenv("BREACHCLOCK_BENCH_NDJSON");
  const std::string path = env != nullptr ? env : std::string(BREACHCLOCK_SOURCE_DIR) + "/bench/examples.ndjson";
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  if (out.empty()) throw std::runtime_error("no NDJSON incidents in " + path);
  return out;
}

void batch(benchmark::State& state, const json_options& options) {
  const std::vector<std::string> lines = ndjson_lines();
  std::string out;
  std::size_t k = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    out.clear();
    const std::string& line = lines[k++ % lines.size()];
    auto inc = parse_incident(source_file{"-", line, "-"}, rules().schema());
    auto a = assess(rules(), *inc, k_as_of);
    append_json(out, *a, options);
    bytes += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_ndjson_line(benchmark::State& state) { batch(state, json_options{true, true}); }
BENCHMARK(BM_ndjson_line);
void BM_ndjson_line_no_trace(benchmark::State& state) { batch(state, json_options{true, false}); }
BENCHMARK(BM_ndjson_line_no_trace);

// The same without writing the document: what parsing and assessing cost alone.
void BM_ndjson_parse_and_assess(benchmark::State& state) {
  const std::vector<std::string> lines = ndjson_lines();
  std::size_t k = 0;
  for (auto _ : state) {
    const std::string& line = lines[k++ % lines.size()];
    auto inc = parse_incident(source_file{"-", line, "-"}, rules().schema());
    auto a = assess(rules(), *inc, k_as_of);
    benchmark::DoNotOptimize(a);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ndjson_parse_and_assess);

}  // namespace
