// Properties of deadline arithmetic over thousands of generated anchors, 1970-2037, in London
// and Toronto.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "breachclock/time/deadline.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using namespace std::chrono_literals;
using breachclock::test::bundled_calendar;
using breachclock::test::zone_named;

namespace {

// Deterministic anchors spread over 1970-01-01 .. 2037-06-30, sorted.
std::vector<instant> anchors(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const auto first = instant{date::sys_days{date::year{1970} / 1 / 1}}.time_since_epoch().count();
  const auto last = instant{date::sys_days{date::year{2037} / 6 / 30}}.time_since_epoch().count();
  std::uniform_int_distribution<long long> pick(first, last);
  std::vector<instant> out(n);
  for (instant& t : out) t = instant{std::chrono::seconds{pick(rng)}};
  // Include the hard cases: every second around London's and Toronto's clock changes of 2023.
  for (const char* s : {"2023-03-26T00:59:59Z", "2023-03-26T01:00:00Z", "2023-10-29T00:59:59Z", "2023-10-29T01:00:00Z",
                        "2024-03-10T06:59:59Z", "2024-03-10T07:00:00Z", "2024-11-03T05:59:59Z", "2024-11-03T06:00:00Z",
                        "2024-02-29T12:00:00Z", "2023-12-31T23:59:59Z"}) {
    out.push_back(test::at(s));
  }
  std::sort(out.begin(), out.end());
  return out;
}

const std::vector<const char*> k_zones{"Europe/London", "America/Toronto"};

}  // namespace

TEST_CASE("property: an hour period is exactly that many elapsed seconds", "[time][deadline][property]") {
  for (const char* zn : k_zones) {
    const zone z = zone_named(zn);
    for (const instant a : anchors(3000, 1)) {
      for (int hours : {1, 24, 72}) {
        const deadline d = *compute_deadline(a, {elapsed_time{std::chrono::hours{hours}}}, z, nullptr);
        REQUIRE(d.due - a == std::chrono::hours{hours});
        const deadline n = *compute_deadline(a, {elapsed_time{std::chrono::hours{hours}}, convention::next_hour}, z,
                                             nullptr);
        REQUIRE(n.due - n.counting_from == std::chrono::hours{hours});
        REQUIRE(n.counting_from > a);
        REQUIRE(n.counting_from - a <= 1h);
        // The count starts on a full hour of the local clock.
        REQUIRE((z.to_local(n.counting_from).time_since_epoch().count() % 3600) == 0);
      }
    }
  }
}

TEST_CASE("property: a day-period deadline is the last second of a local day", "[time][deadline][property]") {
  const std::vector<std::string> periods{"1 day", "3 days", "2 weeks", "1 month", "24 months", "1 year"};
  for (const char* zn : k_zones) {
    const zone z = zone_named(zn);
    for (const instant a : anchors(2000, 2)) {
      for (const std::string& p : periods) {
        const deadline d = *compute_deadline(a, {*parse_period(p)}, z, nullptr);
        INFO(zn << " " << format_utc(a) << " + " << p);
        REQUIRE(d.due_date);
        // 23:59:59 local on the due date, and the next second is another day.
        REQUIRE(z.to_local(d.due) == date::local_days{*d.due_date} + 23h + 59min + 59s);
        REQUIRE(z.local_day(d.due + 1s) == date::local_days{*d.due_date} + date::days{1});
        // The anchor's day is never counted.
        REQUIRE(date::local_days{*d.due_date} > z.local_day(a));
      }
    }
  }
}

TEST_CASE("property: months land on the same day number, clamped", "[time][deadline][property]") {
  const zone z = zone_named("Europe/London");
  for (const instant a : anchors(2000, 3)) {
    for (int months : {1, 2, 12, 24}) {
      const deadline d = *compute_deadline(a, {calendar_months{months}}, z, nullptr);
      const date::year_month_day from{z.local_day(a)};
      const date::year_month target = date::year_month{from.year(), from.month()} + date::months{months};
      const date::day last = date::year_month_day_last{target.year(), date::month_day_last{target.month()}}.day();
      REQUIRE(d.due_date->year() == target.year());
      REQUIRE(d.due_date->month() == target.month());
      REQUIRE(d.due_date->day() == std::min(from.day(), last));
    }
  }
}

TEST_CASE("property: a business-day deadline never lands on a non-working day", "[time][deadline][property]") {
  const std::vector<std::pair<const char*, const char*>> cases{{"Europe/London", "gb-eaw"},
                                                               {"Europe/London", "gb-sct"},
                                                               {"America/Toronto", "ca-on"},
                                                               {"America/Toronto", "ca-on-esa"}};
  for (const auto& [zn, cal_id] : cases) {
    const zone z = zone_named(zn);
    const holiday_calendar& cal = bundled_calendar(cal_id);
    for (const instant a : anchors(1500, 4)) {
      for (int n : {1, 5, 10, 20}) {
        const deadline d = *compute_deadline(a, {business_days{n}}, z, &cal);
        const date::local_days last{*d.due_date};
        REQUIRE(cal.is_working_day(last));
        // Exactly n working days in (anchor day, last day].
        int counted = 0;
        for (date::local_days x = z.local_day(a) + date::days{1}; x <= last; x += date::days{1}) {
          if (cal.is_working_day(x)) ++counted;
        }
        REQUIRE(counted == n);
      }
      // A next-business-day roll never lands on a non-working day; next-non-holiday never on a holiday.
      const deadline r = *compute_deadline(a, {calendar_days{3}, convention::exact, roll::next_business_day}, z, &cal);
      REQUIRE(cal.is_working_day(date::local_days{*r.due_date}));
      const deadline h = *compute_deadline(a, {calendar_days{3}, convention::exact, roll::next_non_holiday}, z, &cal);
      REQUIRE_FALSE(cal.is_holiday(date::local_days{*h.due_date}));
    }
  }
}

TEST_CASE("property: deadlines never move backwards when the anchor moves forwards", "[time][deadline][property]") {
  const std::vector<deadline_rule> rules{
      {elapsed_time{72h}},
      {elapsed_time{24h}, convention::next_hour},
      {calendar_days{5}},
      {business_days{5}},
      {calendar_months{1}},
      {calendar_days{2}, convention::exact, roll::next_non_holiday},
      {calendar_days{2}, convention::exact, roll::next_business_day},
  };
  for (const char* zn : k_zones) {
    const zone z = zone_named(zn);
    const holiday_calendar& cal = bundled_calendar(std::string(zn) == "Europe/London" ? "gb-eaw" : "ca-on");
    for (const deadline_rule& rule : rules) {
      instant previous_due = instant::min();
      for (const instant a : anchors(2000, 5)) {
        const deadline d = *compute_deadline(a, rule, z, &cal);
        INFO(zn << " " << to_string(rule.length) << " from " << format_utc(a));
        REQUIRE(d.due >= previous_due);
        REQUIRE(d.due > a);
        previous_due = d.due;
      }
    }
  }
}
