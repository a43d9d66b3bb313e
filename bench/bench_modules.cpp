// Modules at scale (issue 14): the bundled rules plus 0, 25, 50 and 100 synthetic modules of
// realistic size (module_gen.hpp), loaded from memory; and a UK incident scoped to GB (the CWU
// seed's facts, `scope = ["GB"]`) assessed with the bundled rules alone and with 100 modules
// more. Goals: load time linear in the number of modules; the scoped assessment with 100
// modules at most 1.5 times that with the bundled rules alone (regimes out of scope are not
// evaluated).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "breachclock/breachclock.hpp"
#include "module_gen.hpp"

namespace {

using namespace breachclock;

// The bundled rule files plus `count` synthetic modules.
std::vector<source_file> files_with_modules(std::size_t count) {
  std::vector<source_file> files = bundled_rule_files();
  for (source_file& f : bench::synthetic_modules(count)) files.push_back(std::move(f));
  return files;
}

result<rule_set> load_with_modules(std::size_t count) { return rule_set::load(files_with_modules(count)); }

void report_failure(benchmark::State& state, const result<rule_set>& r) {
  std::string why = "the rules do not load:";
  for (const diagnostic& d : r.diagnostics()) {
    if (d.level == severity::error) why += " " + to_string(d, diagnostic_style::with_code);
  }
  state.SkipWithError(why.c_str());
}

// (a) Loading: the bundled rules plus state.range(0) modules (TOML parsing, schema merge,
// calendars, conditions, lints, digest).
void BM_load_with_modules(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const std::vector<source_file> files = files_with_modules(count);
  std::size_t obligations = 0;
  for (auto _ : state) {
    result<rule_set> r = rule_set::load(files);
    if (!r) {
      report_failure(state, r);
      break;
    }
    obligations = r->duties().size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["modules"] = static_cast<double>(count);
  state.counters["obligations"] = static_cast<double>(obligations);
  state.counters["files"] = static_cast<double>(files.size());
}
BENCHMARK(BM_load_with_modules)->Arg(0)->Arg(25)->Arg(50)->Arg(100)->Unit(benchmark::kMillisecond);

// The CWU seed (rules/uk/examples/cwu-2024.toml), its facts as they are, with scope = ["GB"].
const char* const k_scoped_cwu = R"toml(id = "cwu-2024-03"
title = "CWU: cyber attack on IT systems, email down, member data held on them"
zone = "Europe/London"
scope = ["GB"]

[events]
detected = 2024-03-21T09:00:00Z

[facts]
uk_processing = true
uk_data_regime = "uk_gdpr"
role = "controller"
pecs_provider = false
rdsp = false
oes = false
trust_service_provider = false
canadian_personal_information = false
)toml";

// (b) The scoped UK incident, bound once, assessed under the bundled rules plus state.range(0)
// modules (0 or 100).
void BM_assess_scoped_uk(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  const result<rule_set> rules = load_with_modules(count);
  if (!rules) {
    report_failure(state, rules);
    return;
  }
  auto doc = document::parse(source_file{"cwu-scoped.toml", k_scoped_cwu, "cwu-scoped.toml"});
  if (!doc) {
    state.SkipWithError("the incident does not parse");
    return;
  }
  auto i = read_incident(*doc, {}, rules->schema());
  if (!i) {
    state.SkipWithError(("the incident does not read: " + to_string(i.diagnostics().front())).c_str());
    return;
  }
  auto b = bind(*rules, std::move(*i));
  if (!b) {
    state.SkipWithError("the incident does not bind");
    return;
  }
  const instant as_of = *parse_rfc3339("2024-03-22T18:00:00Z");
  std::size_t evaluated = 0;
  for (auto _ : state) {
    assessment a = *assess(*rules, *b, as_of);
    benchmark::DoNotOptimize(a);
  }
  const assessment a = *assess(*rules, *b, as_of);
  for (const obligation_result& o : a.obligations) evaluated += o.out_of_scope ? 0U : 1U;
  state.counters["modules"] = static_cast<double>(count);
  state.counters["obligations"] = static_cast<double>(a.obligations.size());
  state.counters["in_scope"] = static_cast<double>(evaluated);
}
BENCHMARK(BM_assess_scoped_uk)->Arg(0)->Arg(100);

}  // namespace
