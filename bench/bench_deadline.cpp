// Deadline arithmetic: hours (elapsed), and 1 to 60 business days over England and Wales bank
// holidays.
#include <benchmark/benchmark.h>

#include "breachclock/breachclock.hpp"

namespace {

using namespace breachclock;

const holiday_calendar& eaw() {
  static const rule_set r = rule_set::bundled();
  return *r.calendar("gb-eaw");
}

void BM_deadline_72h(benchmark::State& state) {
  const zone london = *zone::locate("Europe/London");
  const instant first = *parse_rfc3339("2024-03-21T09:00:00Z");
  instant anchor = first;
  const deadline_rule rule{elapsed_time{std::chrono::hours{72}}};
  for (auto _ : state) {
    benchmark::DoNotOptimize(compute_deadline(anchor, rule, london, nullptr));
    anchor += std::chrono::minutes{7};  // a different instant each time, over about a year
    if (anchor > first + date::days{365}) anchor = first;
  }
}
BENCHMARK(BM_deadline_72h);

void BM_deadline_72h_next_hour(benchmark::State& state) {
  const zone london = *zone::locate("Europe/London");
  const instant first = *parse_rfc3339("2025-09-01T09:20:00Z");
  instant anchor = first;
  const deadline_rule rule{elapsed_time{std::chrono::hours{72}}, convention::next_hour};
  for (auto _ : state) {
    benchmark::DoNotOptimize(compute_deadline(anchor, rule, london, nullptr));
    anchor += std::chrono::minutes{7};
    if (anchor > first + date::days{365}) anchor = first;
  }
}
BENCHMARK(BM_deadline_72h_next_hour);

// Finding a zone by name once the database is loaded (every incident names its zone): the
// first call in a process also pays for date/tz's scan of the zoneinfo folder, which this leaves
// out (docs/performance.md gives that figure).
void BM_zone_locate(benchmark::State& state) {
  benchmark::DoNotOptimize(zone::locate("Europe/London"));
  for (auto _ : state) benchmark::DoNotOptimize(zone::locate("Europe/London"));
}
BENCHMARK(BM_zone_locate);

// The full deadline: the anchor's local day in London, N business days, the end of the last day.
void BM_business_days(benchmark::State& state) {
  const zone london = *zone::locate("Europe/London");
  const deadline_rule rule{business_days{static_cast<int>(state.range(0))}};
  const instant first = *parse_rfc3339("2018-01-01T12:00:00Z");
  instant anchor = first;
  for (auto _ : state) {
    benchmark::DoNotOptimize(compute_deadline(anchor, rule, london, &eaw()));
    anchor += date::days{1};
    if (anchor > first + date::days{3650}) anchor = first;  // 2018-2027
  }
}
BENCHMARK(BM_business_days)->Arg(1)->Arg(5)->Arg(10)->Arg(20)->Arg(40)->Arg(60);

// The calendar arithmetic alone (what QuantLib's Calendar::advance does): N working days after
// each date of 2018-2027 in turn. bench_quantlib.cpp times QuantLib on the same dates.
void BM_add_working_days(benchmark::State& state) {
  const auto n = static_cast<int>(state.range(0));
  const date::local_days first{date::year{2018} / 1 / 1};
  const date::local_days last{date::year{2027} / 12 / 31};
  date::local_days start = first;
  for (auto _ : state) {
    benchmark::DoNotOptimize(eaw().add_working_days(start, n));
    start += date::days{1};
    if (start > last) start = first;
  }
}
BENCHMARK(BM_add_working_days)->Arg(1)->Arg(5)->Arg(10)->Arg(20)->Arg(40)->Arg(60);

}  // namespace
