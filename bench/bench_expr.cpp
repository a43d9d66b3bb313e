// The expression and facts side of an assessment: evaluating the bundled rules' conditions,
// laying an incident's facts out for evaluation (fact_table, validate(), bind) and reading an
// incident file (TOML, JSON, and a one-line JSON record as a batch reads it). Each measured
// body is a function of its own (noinline), so that callgrind can count its instructions:
// `callgrind_annotate --inclusive=yes` gives the function's cost and, with `--tree=caller`, its
// number of calls (docs/performance.md, docs/research/perf-expr-2026-12.md).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "breachclock/breachclock.hpp"
#include "examples.hpp"

namespace {

using namespace breachclock;

const rule_set& rules() {
  static const rule_set r = rule_set::bundled();
  return r;
}

// Every example incident, in name order (the directory order is not fixed).
const std::vector<incident>& examples() {
  static const std::vector<incident> all = [] {
    std::vector<incident> out;
    for (const auto& p : bench::example_paths()) out.push_back(incident::from_file(p, rules().schema()));
    return out;
  }();
  return all;
}

// Every condition of the bundled rules: regimes' `applies`, obligations' `when`, exceptions.
const std::vector<const expr::condition*>& conditions() {
  static const std::vector<const expr::condition*> all = [] {
    std::vector<const expr::condition*> out;
    for (const regime& r : rules().regimes()) {
      if (r.applies) out.push_back(&*r.applies);
      for (const obligation& o : r.obligations) {
        if (o.when) out.push_back(&*o.when);
        for (const exception_rule& u : o.unless) out.push_back(&u.when);
      }
    }
    return out;
  }();
  return all;
}

// The rules are loaded before any measured call (a first call would count their loading).
source_file read_example(const char* name) {
  (void)rules();
  return *read_source_file(bench::example_path(name));
}

// One NDJSON record: a small incident on one line.
source_file json_line() {
  (void)rules();
  source_file f;
  f.path = "batch.ndjson";
  f.text =
      R"({"id":"INC-1042","zone":"Europe/London","events":{"detected":"2025-11-28T09:15:00Z","aware":"2025-11-28T11:00:00Z"},)"
      R"("facts":{"uk_processing":true,"role":"controller","personal_data_breach":true,"risk":"high",)"
      R"("data_categories":{"at_least":["identity","financial"]},"affected_count":340}})";
  return f;
}

[[gnu::noinline]] std::size_t evaluate_all(const expr::fact_table& facts) {
  std::size_t yes = 0;
  for (const expr::condition* c : conditions()) yes += expr::evaluate(*c, facts).value == tri::yes ? 1 : 0;
  return yes;
}

[[gnu::noinline]] expr::fact_table build_table(const incident& i) { return expr::fact_table(rules().schema(), i); }

[[gnu::noinline]] std::vector<diagnostic> run_validate(const incident& i) { return validate(i, rules().schema()); }

[[gnu::noinline]] result<expr::fact_table> run_bind(const incident& i) {
  return expr::fact_table::bind(rules().schema(), i);
}

// What bind replaces: validate(), then the table.
[[gnu::noinline]] result<expr::fact_table> run_validate_then_table(const incident& i) {
  std::vector<diagnostic> ds = validate(i, rules().schema());
  if (has_errors(ds)) return ds;
  return result<expr::fact_table>(expr::fact_table(rules().schema(), i), std::move(ds));
}

[[gnu::noinline]] result<incident> run_parse(const source_file& f) { return parse_incident(f, rules().schema()); }

[[gnu::noinline]] bool parse_and_bind(const source_file& f) {
  auto i = parse_incident(f, rules().schema());
  if (!i) return false;
  return static_cast<bool>(run_bind(*i));
}

// All the bundled conditions (about 100) on one example incident after another: the cost per
// condition is the time divided by the `conditions` counter.
void BM_evaluate_conditions(benchmark::State& state) {
  std::vector<expr::fact_table> tables;
  for (const incident& i : examples()) tables.emplace_back(rules().schema(), i);
  std::size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(evaluate_all(tables[k++ % tables.size()]));
  state.counters["conditions"] = static_cast<double>(conditions().size());
}
BENCHMARK(BM_evaluate_conditions);

void BM_fact_table(benchmark::State& state) {
  std::size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(build_table(examples()[k++ % examples().size()]));
}
BENCHMARK(BM_fact_table);

void BM_validate(benchmark::State& state) {
  std::size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(run_validate(examples()[k++ % examples().size()]));
}
BENCHMARK(BM_validate);

// validate() and the fact table in one pass: what the two above cost together before.
void BM_bind(benchmark::State& state) {
  std::size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(run_bind(examples()[k++ % examples().size()]));
}
BENCHMARK(BM_bind);

void BM_validate_then_table(benchmark::State& state) {
  std::size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(run_validate_then_table(examples()[k++ % examples().size()]));
}
BENCHMARK(BM_validate_then_table);

void BM_parse_incident_toml(benchmark::State& state) {
  const source_file f = read_example("cwu-2024.toml");
  for (auto _ : state) benchmark::DoNotOptimize(run_parse(f));
}
BENCHMARK(BM_parse_incident_toml);

void BM_parse_incident_json(benchmark::State& state) {
  const source_file f = read_example("uk-payroll-portal.json");
  for (auto _ : state) benchmark::DoNotOptimize(run_parse(f));
}
BENCHMARK(BM_parse_incident_json);

void BM_parse_incident_json_line(benchmark::State& state) {
  const source_file f = json_line();
  if (!parse_incident(f, rules().schema())) state.SkipWithError("the record does not parse");
  for (auto _ : state) benchmark::DoNotOptimize(run_parse(f));
}
BENCHMARK(BM_parse_incident_json_line);

// What a batch does before assessing: read one record and bind it.
void BM_parse_and_bind_json_line(benchmark::State& state) {
  const source_file f = json_line();
  for (auto _ : state) benchmark::DoNotOptimize(parse_and_bind(f));
}
BENCHMARK(BM_parse_and_bind_json_line);

}  // namespace
