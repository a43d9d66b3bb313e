// Business days compared with QuantLib (Debian libquantlib0-dev): Calendar::advance on
// UnitedKingdom(Settlement), the England and Wales bank holidays, against
// holiday_calendar::add_working_days on the bundled gb-eaw calendar.
//
// Before timing, every start date of 2018-2027 is advanced by 1 to 60 working days by both; a
// single different answer fails the QuantLib benchmark (SkipWithError) and prints the dates.
// The goal is ours at least 5 times faster: compare BM_advance_quantlib/N with
// BM_add_working_days/N of bench_deadline.cpp, which walks the same dates (scripts/bench prints
// the ratio).
#include <benchmark/benchmark.h>
#include <ql/time/calendars/unitedkingdom.hpp>

#include <cstdio>
#include <string>

#include "breachclock/breachclock.hpp"

namespace {

using namespace breachclock;

const holiday_calendar& eaw() {
  static const rule_set r = rule_set::bundled();
  return *r.calendar("gb-eaw");
}

const QuantLib::Calendar& uk() {
  static const QuantLib::Calendar c = QuantLib::UnitedKingdom(QuantLib::UnitedKingdom::Settlement);
  return c;
}

QuantLib::Date to_quantlib(date::local_days d) {
  const date::year_month_day ymd{d};
  return {static_cast<QuantLib::Day>(static_cast<unsigned>(ymd.day())),
          static_cast<QuantLib::Month>(static_cast<unsigned>(ymd.month())),
          static_cast<QuantLib::Year>(static_cast<int>(ymd.year()))};
}

date::local_days from_quantlib(const QuantLib::Date& d) {
  return date::local_days{date::year{d.year()} / date::month{static_cast<unsigned>(d.month())} /
                          date::day{static_cast<unsigned>(d.dayOfMonth())}};
}

const date::local_days k_first{date::year{2018} / 1 / 1};
const date::local_days k_last{date::year{2027} / 12 / 31};
constexpr int k_max_days = 60;

// Every start date of 2018-2027 and every count 1..60; the answers must stay within 2027
// for the comparison to be about 2018-2027 only, so later results are not compared.
// Returns the number of differences (the first few are printed).
int count_differences() {
  int differences = 0;
  for (date::local_days start = k_first; start <= k_last; start += date::days{1}) {
    for (int n = 1; n <= k_max_days; ++n) {
      const date::local_days ours = *eaw().add_working_days(start, n);
      if (ours > k_last) break;
      const date::local_days theirs = from_quantlib(uk().advance(to_quantlib(start), n, QuantLib::Days));
      if (ours != theirs) {
        if (++differences <= 10) {
          std::fprintf(stderr, "business days differ: %s + %d: breachclock %s, QuantLib %s\n",
                       format_date(civil_date{start}).c_str(), n, format_date(civil_date{ours}).c_str(),
                       format_date(civil_date{theirs}).c_str());
        }
      }
    }
  }
  return differences;
}

int differences() {
  static const int n = count_differences();
  return n;
}

void BM_advance_quantlib(benchmark::State& state) {
  if (const int d = differences(); d != 0) {
    state.SkipWithError((std::to_string(d) + " answers differ from breachclock's; see stderr").c_str());
    return;
  }
  const auto n = static_cast<int>(state.range(0));
  const QuantLib::Date first = to_quantlib(k_first);
  const QuantLib::Date last = to_quantlib(k_last);
  QuantLib::Date start = first;
  for (auto _ : state) {
    benchmark::DoNotOptimize(uk().advance(start, n, QuantLib::Days));
    ++start;
    if (start > last) start = first;
  }
  state.counters["compared"] = 1;
}
BENCHMARK(BM_advance_quantlib)->Arg(1)->Arg(5)->Arg(10)->Arg(20)->Arg(40)->Arg(60);

}  // namespace
