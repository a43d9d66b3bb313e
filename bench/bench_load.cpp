// Loading and checking the bundled rules (TOML parsing, calendars, schema, conditions, lints,
// digest). Goal: at most 5 milliseconds.
#include <benchmark/benchmark.h>

#include "breachclock/breachclock.hpp"
#include "detail/sha256.hpp"  // private (src/breachclock), as the unit tests include it

namespace {

using namespace breachclock;

void BM_load_bundled_rules(benchmark::State& state) {
  const std::vector<source_file>& files = bundled_rule_files();
  for (auto _ : state) {
    result<rule_set> r = rule_set::load(files);
    if (!r) state.SkipWithError("the bundled rules do not load");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_load_bundled_rules)->Unit(benchmark::kMillisecond);

// The parts, to see where the time goes.
void BM_parse_calendars(benchmark::State& state) {
  std::vector<const source_file*> calendars;
  for (const source_file& f : bundled_rule_files()) {
    if (f.relative.rfind("calendars/", 0) == 0) calendars.push_back(&f);
  }
  for (auto _ : state) {
    for (const source_file* f : calendars) benchmark::DoNotOptimize(parse_calendar(f->text, f->path));
  }
}
BENCHMARK(BM_parse_calendars)->Unit(benchmark::kMillisecond);

void BM_parse_fact_schema(benchmark::State& state) {
  const source_file* facts = nullptr;
  for (const source_file& f : bundled_rule_files()) {
    if (f.relative == "facts.toml") facts = &f;
  }
  for (auto _ : state) benchmark::DoNotOptimize(parse_fact_schema(facts->text, facts->path));
}
BENCHMARK(BM_parse_fact_schema)->Unit(benchmark::kMicrosecond);

void BM_compile_condition(benchmark::State& state) {
  const fact_schema& schema = rule_set::bundled().schema();
  const expr::locator where = expr::default_locator("bench");
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        expr::compile("personal_data_breach and role == \"controller\" and not (risk == \"unlikely\")", schema, where));
  }
}
BENCHMARK(BM_compile_condition);

// The digest's hashing alone: SHA-256 over the bytes of the bundled files (what digest_of hashes,
// less the names and sizes), with the SHA extensions when the processor has them (arg 0) and
// with the portable code (arg 1).
void BM_sha256_bundled(benchmark::State& state) {
  const auto engine = state.range(0) == 0 ? detail::sha256::engine::fastest : detail::sha256::engine::portable;
  if (engine == detail::sha256::engine::fastest && !detail::sha256::hardware_available()) {
    state.SkipWithError("this processor has no SHA extensions");
  }
  std::size_t bytes = 0;
  for (const source_file& f : bundled_rule_files()) bytes += f.text.size();
  for (auto _ : state) {
    detail::sha256 h(engine);
    for (const source_file& f : bundled_rule_files()) h.update(f.text);
    benchmark::DoNotOptimize(h.finish());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_sha256_bundled)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
