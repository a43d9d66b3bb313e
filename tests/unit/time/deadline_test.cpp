#include <catch2/catch.hpp>

#include <limits>

#include "breachclock/time/deadline.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::bundled_calendar;
using breachclock::test::first_error;
using breachclock::test::ymd;
using breachclock::test::zone_named;

namespace {

deadline compute(const char* from, const char* within, const char* zone_name, const char* calendar = nullptr,
                 roll r = roll::none, convention c = convention::exact) {
  const zone z = zone_named(zone_name);
  const holiday_calendar* cal = calendar != nullptr ? &bundled_calendar(calendar) : nullptr;
  auto anchor = parse_time(from, z);
  REQUIRE(anchor);
  auto p = parse_period(within);
  REQUIRE(p);
  auto d = compute_deadline(*anchor, deadline_rule{*p, c, r}, z, cal);
  REQUIRE(d);
  return *d;
}

std::string local_due(const deadline& d, const char* zone_name) { return zone_named(zone_name).format(d.due); }

}  // namespace

TEST_CASE("hour periods are elapsed time, across clock changes", "[time][deadline]") {
  // The named case: 72 h from 10:00 GMT on Friday 24 March 2023 ends at 11:00 BST on Monday.
  const deadline d = compute("2023-03-24T10:00", "72h", "Europe/London");
  CHECK(local_due(d, "Europe/London") == "2023-03-27T11:00:00+01:00");
  CHECK(format_utc(d.due) == "2023-03-27T10:00:00Z");
  CHECK_FALSE(d.due_date);
  // 24 hours over the spring change show 25 hours on the wall clock; over the autumn one, 23.
  CHECK(local_due(compute("2023-03-25T12:00", "24h", "Europe/London"), "Europe/London") == "2023-03-26T13:00:00+01:00");
  CHECK(local_due(compute("2023-10-28T12:00", "24h", "Europe/London"), "Europe/London") == "2023-10-29T11:00:00+00:00");
  CHECK(local_due(compute("2024-03-08T12:00", "72h", "America/Toronto"), "America/Toronto") ==
        "2024-03-11T13:00:00-04:00");
  CHECK(local_due(compute("2024-03-21T09:00:00Z", "90min", "UTC"), "UTC") == "2024-03-21T10:30:00+00:00");
  // Hour periods never roll: ending on Christmas Day is still the exact instant.
  CHECK(format_utc(compute("2022-12-22T09:00:00Z", "72h", "Europe/London").due) == "2022-12-25T09:00:00Z");
}

TEST_CASE("next-hour counting starts at the beginning of the following hour", "[time][deadline]") {
  const deadline d = compute("2025-08-21T10:20:00Z", "72h", "Europe/London", nullptr, roll::none,
                             convention::next_hour);
  CHECK(format_utc(d.counting_from) == "2025-08-21T11:00:00Z");
  CHECK(format_utc(d.due) == "2025-08-24T11:00:00Z");
  // An event exactly on the hour: that hour is not counted either (1182/71 Art. 3(1)).
  CHECK(format_utc(compute("2025-08-21T10:00:00Z", "24h", "UTC", nullptr, roll::none, convention::next_hour).due) ==
        "2025-08-22T11:00:00Z");
  // The hour is the local clock's: India is +05:30, so hours turn at :30 UTC.
  CHECK(format_utc(
            compute("2025-08-21T10:20:00Z", "1h", "Asia/Kolkata", nullptr, roll::none, convention::next_hour).due) ==
        "2025-08-21T11:30:00Z");
  // In London's autumn fold, 01:30 BST is followed by 01:00 GMT: the next hour starts at 01:00Z.
  CHECK(format_utc(compute("2023-10-29T00:30:00Z", "1h", "Europe/London", nullptr, roll::none, convention::next_hour)
                       .counting_from) == "2023-10-29T01:00:00Z");
}

TEST_CASE("day periods exclude the anchor day and end at 23:59:59 local", "[time][deadline]") {
  const deadline d = compute("2023-03-24T10:00", "5 days", "Europe/London");
  CHECK(d.due_date == ymd(2023, 3, 29));
  CHECK(local_due(d, "Europe/London") == "2023-03-29T23:59:59+01:00");
  // Late in the evening local time is still the anchor's local day.
  CHECK(compute("2024-03-09T23:30", "1 day", "America/Toronto").due_date == ymd(2024, 3, 10));
  CHECK(local_due(compute("2024-03-09T12:00", "1 day", "America/Toronto"), "America/Toronto") ==
        "2024-03-10T23:59:59-04:00");
  CHECK(compute("2024-03-21T09:00:00Z", "2 weeks", "Europe/London").due_date == ymd(2024, 4, 4));
  // The anchor's day is taken in the zone: 23:30Z on 31 Dec is 1 Jan in Kolkata.
  CHECK(compute("2023-12-31T23:30:00Z", "1 day", "Asia/Kolkata").due_date == ymd(2024, 1, 2));
}

TEST_CASE("months and years clamp to the month's end; leap days", "[time][deadline]") {
  CHECK(compute("2023-01-31T12:00", "1 month", "Europe/London").due_date == ymd(2023, 2, 28));
  CHECK(compute("2024-01-31T12:00", "1 month", "Europe/London").due_date == ymd(2024, 2, 29));
  CHECK(compute("2024-03-31T12:00", "1 month", "Europe/London").due_date == ymd(2024, 4, 30));
  CHECK(compute("2024-01-15T12:00", "1 month", "Europe/London").due_date == ymd(2024, 2, 15));
  CHECK(compute("2023-11-30T12:00", "3 months", "Europe/London").due_date == ymd(2024, 2, 29));
  CHECK(compute("2024-02-29T12:00", "1 year", "America/Toronto").due_date == ymd(2025, 2, 28));
  CHECK(compute("2024-02-29T12:00", "4 years", "America/Toronto").due_date == ymd(2028, 2, 29));
  // SOR/2018-64 s. 6: a record kept 24 months after determining a breach on a leap day.
  CHECK(compute("2024-02-29T12:00", "24 months", "America/Toronto").due_date == ymd(2026, 2, 28));
  CHECK(local_due(compute("2024-02-29T12:00", "24 months", "America/Toronto"), "America/Toronto") ==
        "2026-02-28T23:59:59-05:00");
}

TEST_CASE("rolls: next-non-holiday and next-business-day", "[time][deadline]") {
  // ca-on: a period ending on Sunday 1 March 2026 runs to Monday; one ending on Saturday stays.
  const deadline sunday = compute("2026-02-27T12:00", "2 days", "America/Toronto", "ca-on", roll::next_non_holiday);
  CHECK(sunday.due_date == ymd(2026, 3, 2));
  CHECK(sunday.rolled_from == ymd(2026, 3, 1));
  CHECK(local_due(sunday, "America/Toronto") == "2026-03-02T23:59:59-05:00");
  const deadline saturday = compute("2026-02-26T12:00", "2 days", "America/Toronto", "ca-on", roll::next_non_holiday);
  CHECK(saturday.due_date == ymd(2026, 2, 28));
  CHECK_FALSE(saturday.rolled_from);
  // next-business-day moves Saturday too.
  CHECK(compute("2026-02-26T12:00", "2 days", "America/Toronto", "ca-on", roll::next_business_day).due_date ==
        ymd(2026, 3, 2));
  // Christmas 2021 in ca-on: Sat 25 (Christmas), Sun 26 (Sunday, Boxing Day), Mon 27 (extra day): Tue 28.
  CHECK(compute("2021-12-24T12:00", "1 day", "America/Toronto", "ca-on", roll::next_non_holiday).due_date ==
        ymd(2021, 12, 28));
  // The same in England: the bank holidays are Mon 27 and Tue 28.
  CHECK(compute("2021-12-24T12:00", "1 day", "Europe/London", "gb-eaw", roll::next_business_day).due_date ==
        ymd(2021, 12, 29));
  // gb-eaw has no holiday weekday: next-non-holiday leaves a plain Saturday alone.
  CHECK(compute("2026-02-27T12:00", "1 day", "Europe/London", "gb-eaw", roll::next_non_holiday).due_date ==
        ymd(2026, 2, 28));
  // ca (federal): Boxing Day is not a holiday, so a period ending on it stays.
  CHECK(compute("2024-12-24T12:00", "2 days", "America/Toronto", "ca", roll::next_non_holiday).due_date ==
        ymd(2024, 12, 26));
  CHECK(compute("2024-12-24T12:00", "2 days", "America/Toronto", "ca-on", roll::next_non_holiday).due_date ==
        ymd(2024, 12, 27));
}

TEST_CASE("business days skip weekends and the calendar's holidays", "[time][deadline]") {
  // From Thursday 21 March 2024: Good Friday 29 March and Easter Monday 1 April are skipped.
  CHECK(compute("2024-03-21T09:00:00Z", "5 business days", "Europe/London", "gb-eaw").due_date == ymd(2024, 3, 28));
  CHECK(compute("2024-03-21T09:00:00Z", "6 business days", "Europe/London", "gb-eaw").due_date == ymd(2024, 4, 2));
  // Scotland has no Easter Monday holiday.
  CHECK(compute("2024-03-21T09:00:00Z", "6 business days", "Europe/London", "gb-sct").due_date == ymd(2024, 4, 1));
  // Over Christmas 2022 in England (Mon 26 Boxing Day, Tue 27 substitute): from Fri 23, 1 business day is Wed 28.
  CHECK(compute("2022-12-23T12:00", "1 business day", "Europe/London", "gb-eaw").due_date == ymd(2022, 12, 28));
  // From a Saturday, the first business day is Monday.
  CHECK(compute("2024-03-23T12:00", "1 business day", "Europe/London", "gb-eaw").due_date == ymd(2024, 3, 25));
  // Ontario Family Day 2026 (16 February).
  CHECK(compute("2026-02-13T12:00", "1 bd", "America/Toronto", "ca-on-esa").due_date == ymd(2026, 2, 17));
}

TEST_CASE("fixed dates: March 1 of the following year, rolled", "[time][deadline]") {
  const zone toronto = zone_named("America/Toronto");
  const fixed_date_rule march_first{3, 1, 1, roll::next_non_holiday};
  auto d = compute_fixed_date(at("2025-06-10T12:00:00Z"), march_first, toronto, &bundled_calendar("ca-on"));
  REQUIRE(d);
  CHECK(d->due_date == ymd(2026, 3, 2));  // 1 March 2026 is a Sunday
  CHECK(d->rolled_from == ymd(2026, 3, 1));
  CHECK(toronto.format(d->due) == "2026-03-02T23:59:59-05:00");
  auto e = compute_fixed_date(at("2024-06-10T12:00:00Z"), march_first, toronto, &bundled_calendar("ca-on"));
  CHECK(e->due_date == ymd(2025, 3, 1));  // a Saturday: not a holiday under the Legislation Act
  // The anchor's year is its local year: 1 January 00:30 in Toronto is still 31 December in UTC.
  auto f = compute_fixed_date(at("2025-01-01T05:30:00Z"), fixed_date_rule{3, 1, 1, roll::none}, toronto, nullptr);
  CHECK(f->due_date == ymd(2026, 3, 1));
  // 29 February in a common year is 28 February.
  auto g = compute_fixed_date(at("2024-06-10T12:00:00Z"), fixed_date_rule{2, 29, 1, roll::none}, toronto, nullptr);
  CHECK(g->due_date == ymd(2025, 2, 28));
  CHECK(check_fixed_date_rule(fixed_date_rule{2, 30, 1, roll::none}, nullptr));
  CHECK(check_fixed_date_rule(fixed_date_rule{3, 1, 1, roll::next_non_holiday}, nullptr));
}

TEST_CASE("rules that cannot be computed are refused with a reason", "[time][deadline]") {
  using namespace std::chrono_literals;
  const holiday_calendar& eaw = bundled_calendar("gb-eaw");
  auto roll_hours = check_deadline_rule({elapsed_time{72h}, convention::exact, roll::next_business_day}, &eaw,
                                        {"r.toml", 3, 12});
  REQUIRE(roll_hours);
  CHECK(to_string(*roll_hours) ==
        "r.toml:3:12: error: a period in hours or minutes never rolls over weekends or holidays: roll must be none for "
        "72h");
  auto no_cal = check_deadline_rule({business_days{5}, convention::exact, roll::none}, nullptr);
  REQUIRE(no_cal);
  CHECK(no_cal->message == "a period in business days needs a holiday calendar to know which days are working days");
  CHECK(check_deadline_rule({calendar_days{5}, convention::next_hour, roll::none}, &eaw));
  CHECK(check_deadline_rule({calendar_days{5}, convention::exact, roll::next_non_holiday}, nullptr));
  CHECK_FALSE(check_deadline_rule({calendar_days{5}, convention::exact, roll::next_non_holiday}, &eaw));
  auto r = compute_deadline(at("2024-01-01T00:00:00Z"), {business_days{5}, convention::exact, roll::none}, zone::utc(),
                            nullptr);
  CHECK_FALSE(r);
}

TEST_CASE("deadlines warn past 2037 and outside a calendar's checked years", "[time][deadline]") {
  const deadline late = compute("2037-12-30T12:00:00Z", "72h", "Europe/London");
  REQUIRE(late.warnings.size() == 1);
  CHECK(late.warnings[0].find("past 2037") != std::string::npos);
  CHECK(compute("2037-12-20T12:00:00Z", "72h", "Europe/London").warnings.empty());
  const deadline unverified = compute("2030-03-01T12:00:00Z", "5 business days", "Europe/London", "gb-eaw");
  REQUIRE(unverified.warnings.size() == 1);
  CHECK(unverified.warnings[0].find("gb-eaw for 2030 follow its rules only") != std::string::npos);
  CHECK(compute("2026-03-01T12:00:00Z", "5 business days", "Europe/London", "gb-eaw").warnings.empty());
}

TEST_CASE("a deadline past 9999-12-31 is an error, not a garbled date", "[time][deadline]") {
  const zone london = zone_named("Europe/London");
  const instant anchor = *parse_rfc3339("9950-06-01T12:00:00Z");
  auto years = compute_deadline(anchor, deadline_rule{*parse_period("100 years")}, london, nullptr);
  REQUIRE_FALSE(years);
  CHECK(years.diagnostics().front().code == "time.range");
  CHECK(first_error(years) ==
        "error: the last day of the period would be after 9999-12-31, outside the years "
        "breachclock computes (0001-9999)");
  CHECK_FALSE(compute_deadline(anchor, deadline_rule{*parse_period("36600 days")}, london, nullptr));
  CHECK_FALSE(compute_deadline(anchor, deadline_rule{*parse_period("5300 weeks")}, london, nullptr));
  auto hours = compute_deadline(anchor, deadline_rule{*parse_period("876000h")}, london, nullptr);
  REQUIRE_FALSE(hours);
  CHECK(first_error(hours) ==
        "error: the deadline is after 9999-12-31T23:59:59Z, outside the years breachclock "
        "computes (0001-9999)");
  // The last day inside the years still works; one in Toronto whose end is in 10000 UTC does not.
  const instant late = *parse_rfc3339("9999-12-30T12:00:00Z");
  CHECK(format_utc(compute_deadline(late, deadline_rule{*parse_period("1 day")}, london, nullptr)->due) ==
        "9999-12-31T23:59:59Z");
  CHECK_FALSE(compute_deadline(late, deadline_rule{*parse_period("1 day")}, zone_named("America/Toronto"), nullptr));
  // Business days and rolls past the end.
  CHECK_FALSE(
      compute_deadline(late, deadline_rule{*parse_period("5 business days")}, london, &bundled_calendar("gb-eaw")));
  fixed_date_rule march{3, 1, 1};
  CHECK_FALSE(compute_fixed_date(late, march, london, nullptr));
}

TEST_CASE("counts beyond the period parser's are refused without overflow (API)", "[time][deadline]") {
  const zone london = zone_named("Europe/London");
  const instant anchor = *parse_rfc3339("2024-03-21T09:00:00Z");
  constexpr int big = std::numeric_limits<int>::max();
  for (const period p : {period{calendar_days{big}}, period{calendar_weeks{big}}, period{calendar_months{big}},
                         period{calendar_years{big}}, period{calendar_days{-big}}, period{calendar_years{-big}},
                         period{elapsed_time{std::chrono::minutes{std::numeric_limits<std::int64_t>::max()}}}}) {
    auto d = compute_deadline(anchor, deadline_rule{p}, london, nullptr);
    REQUIRE_FALSE(d);
    CHECK(d.diagnostics().front().code == "time.range");
  }
  auto bd = compute_deadline(anchor, deadline_rule{business_days{big}}, london, &bundled_calendar("gb-eaw"));
  REQUIRE_FALSE(bd);
  CHECK(bd.diagnostics().front().code == "calendar.too-far");
  // An anchor outside the years.
  CHECK_FALSE(compute_deadline(instant{date::sys_days{date::year{10000} / 1 / 2}}, deadline_rule{*parse_period("72h")},
                               london, nullptr));
}

TEST_CASE("a day period counted in UTC warns that its days are UTC days", "[time][deadline]") {
  const std::string warning =
      "the days of this period are counted in UTC: each runs 00:00:00-23:59:59 UTC, which is not the local day of any "
      "place with another offset or daylight saving; name the place's zone to count its days";
  CHECK(compute("2024-03-21T09:00:00Z", "5 days", "UTC").warnings == std::vector<std::string>{warning});
  CHECK(compute("2024-03-21T09:00:00Z", "1 month", "Etc/UTC").warnings == std::vector<std::string>{warning});
  // Hours are elapsed time: no day is counted, no warning.
  CHECK(compute("2024-03-21T09:00:00Z", "72h", "UTC").warnings.empty());
  CHECK(compute("2024-03-21T09:00:00Z", "5 days", "Europe/London").warnings.empty());
  fixed_date_rule march{3, 1, 1};
  CHECK(compute_fixed_date(*parse_rfc3339("2024-03-21T09:00:00Z"), march, zone::utc(), nullptr)->warnings ==
        std::vector<std::string>{warning});
}

namespace {

deadline rolled_to(const char* from, const char* within, const char* zone_name, roll r, const char* to) {
  const zone z = zone_named(zone_name);
  auto anchor = parse_time(from, z);
  REQUIRE(anchor);
  auto p = parse_period(within);
  REQUIRE(p);
  deadline_rule rule{*p, convention::exact, r};
  rule.roll_to = parse_time_of_day(to);
  REQUIRE(rule.roll_to);
  auto d = compute_deadline(*anchor, rule, z, &bundled_calendar("gb-eaw"));
  REQUIRE(d);
  return *d;
}

}  // namespace

TEST_CASE("roll_to: a due instant on a day off moves to a time of the next working day", "[time][deadline]") {
  // 4 hours from Friday 22:00 end on Saturday 02:00: noon on Monday.
  deadline d = rolled_to("2025-03-07T22:00:00Z", "4h", "Europe/London", roll::next_business_day, "12:00");
  CHECK(format_utc(d.due) == "2025-03-10T12:00:00Z");
  REQUIRE(d.unrolled_due);
  CHECK(format_utc(*d.unrolled_due) == "2025-03-08T02:00:00Z");
  CHECK(d.rolled_from == ymd(2025, 3, 8));
  CHECK(format_utc(d.counting_from) == "2025-03-07T22:00:00Z");
  // On a working day nothing moves.
  d = rolled_to("2025-03-03T10:00:00Z", "4h", "Europe/London", roll::next_business_day, "12:00");
  CHECK(format_utc(d.due) == "2025-03-03T14:00:00Z");
  CHECK_FALSE(d.unrolled_due);
  // Across the change to summer time: noon BST on Monday 31 March 2025 is 11:00 UTC.
  d = rolled_to("2025-03-28T22:00:00Z", "4h", "Europe/London", roll::next_business_day, "12:00");
  CHECK(local_due(d, "Europe/London") == "2025-03-31T12:00:00+01:00");
  // Good Friday and Easter Monday are holidays in England and Wales: noon on Tuesday.
  d = rolled_to("2025-04-17T22:00:00Z", "4h", "Europe/London", roll::next_business_day, "12:00");
  CHECK(format_utc(d.due) == "2025-04-22T11:00:00Z");
  // next-non-holiday leaves a plain Saturday alone, and moves Good Friday to Saturday.
  d = rolled_to("2025-03-07T22:00:00Z", "4h", "Europe/London", roll::next_non_holiday, "12:00");
  CHECK(format_utc(d.due) == "2025-03-08T02:00:00Z");
  d = rolled_to("2025-04-17T22:00:00Z", "4h", "Europe/London", roll::next_non_holiday, "12:00");
  CHECK(format_utc(d.due) == "2025-04-19T11:00:00Z");
  // A day period that rolls goes to the time of the day it rolls to, not to its end.
  d = rolled_to("2026-02-27T12:00", "1 day", "Europe/London", roll::next_business_day, "12:00");
  CHECK(format_utc(d.due) == "2026-03-02T12:00:00Z");
  CHECK(d.due_date == ymd(2026, 3, 2));
  CHECK(format_utc(*d.unrolled_due) == "2026-02-28T23:59:59Z");
}

TEST_CASE("roll_to is checked: a time of day, with a roll", "[time][deadline]") {
  CHECK(parse_time_of_day("12:00") == std::chrono::minutes{720});
  CHECK(parse_time_of_day("00:00") == std::chrono::minutes{0});
  CHECK(parse_time_of_day("23:59") == std::chrono::minutes{1439});
  for (const char* bad : {"24:00", "12:60", "1200", "12:0", "ab:cd", "", " 12:00", "12:00 "})
    CHECK_FALSE(parse_time_of_day(bad));
  deadline_rule rule{*parse_period("4h")};
  rule.roll_to = std::chrono::minutes{720};
  auto fault = check_deadline_rule(rule, &bundled_calendar("gb-eaw"));
  REQUIRE(fault);
  CHECK(fault->code == "deadline.roll-to");
  rule.rolling = roll::next_business_day;
  CHECK_FALSE(check_deadline_rule(rule, &bundled_calendar("gb-eaw")));
  fault = check_deadline_rule(rule, nullptr);
  REQUIRE(fault);
  CHECK(fault->code == "deadline.no-calendar");
  rule.roll_to = std::chrono::minutes{1440};
  REQUIRE(check_deadline_rule(rule, &bundled_calendar("gb-eaw")));
  // Without roll_to, an hour period still never rolls.
  rule.roll_to.reset();
  fault = check_deadline_rule(rule, &bundled_calendar("gb-eaw"));
  REQUIRE(fault);
  CHECK(fault->code == "deadline.roll-hours");
}

TEST_CASE("roll_to_time without a time of day rolls to the end of the next working day", "[time][deadline]") {
  const zone london = zone_named("Europe/London");
  const holiday_calendar& cal = bundled_calendar("gb-eaw");
  // Saturday 02:00: the end of Monday. A working day: nothing moves.
  auto rolled = roll_to_time(at("2025-03-08T02:00:00Z"), roll::next_business_day, std::nullopt, london, &cal);
  REQUIRE(rolled);
  REQUIRE(*rolled);
  CHECK(format_utc((*rolled)->due) == "2025-03-10T23:59:59Z");
  CHECK(format_utc(*(*rolled)->unrolled_due) == "2025-03-08T02:00:00Z");
  rolled = roll_to_time(at("2025-03-10T02:00:00Z"), roll::next_business_day, std::nullopt, london, &cal);
  REQUIRE(rolled);
  CHECK_FALSE(*rolled);
  // A roll needs a calendar.
  rolled = roll_to_time(at("2025-03-08T02:00:00Z"), roll::next_business_day, std::nullopt, london, nullptr);
  REQUIRE_FALSE(rolled);
  CHECK(rolled.diagnostics().front().code == "deadline.no-calendar");
}
