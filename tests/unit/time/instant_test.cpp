#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "breachclock/time/instant.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::first_error;

TEST_CASE("RFC 3339 instants parse with Z or an offset", "[time]") {
  CHECK(format_utc(*parse_rfc3339("2024-03-21T09:00:00Z")) == "2024-03-21T09:00:00Z");
  CHECK(format_utc(*parse_rfc3339("2024-03-21T10:00:00+01:00")) == "2024-03-21T09:00:00Z");
  CHECK(format_utc(*parse_rfc3339("2024-03-21T04:30:00-04:30")) == "2024-03-21T09:00:00Z");
  CHECK(format_utc(*parse_rfc3339("2024-03-21t09:00z")) == "2024-03-21T09:00:00Z");
  CHECK(format_utc(*parse_rfc3339("2024-03-21 09:00:00Z")) == "2024-03-21T09:00:00Z");
  CHECK(format_utc(*parse_rfc3339("2024-02-29T23:59:59Z")) == "2024-02-29T23:59:59Z");
  CHECK(format_utc(*parse_rfc3339("1970-01-01T00:00:00Z")) == "1970-01-01T00:00:00Z");
  CHECK(format_utc(*parse_rfc3339("2024-01-01T00:30:00+01:00")) == "2023-12-31T23:30:00Z");
}

TEST_CASE("fractional seconds are truncated towards the past", "[time]") {
  CHECK(format_utc(*parse_rfc3339("2024-03-21T09:00:00.999Z")) == "2024-03-21T09:00:00Z");
  CHECK(format_utc(*parse_rfc3339("2024-03-21T09:00:59,5+00:00")) == "2024-03-21T09:00:59Z");
}

TEST_CASE("bad instants give a located, specific message", "[time]") {
  const source_location origin{"incident.toml", 4, 12};
  auto check = [&](const char* text, const char* expected) {
    auto r = parse_rfc3339(text, origin);
    REQUIRE_FALSE(r);
    CHECK(first_error(r) == expected);
  };
  check("2024-03-21T09:00:00",
        "incident.toml:4:12: error: '2024-03-21T09:00:00' has no offset: write Z or ±hh:mm (for example "
        "2024-03-21T09:00:00Z)");
  check("2024-13-01T00:00Z", "incident.toml:4:17: error: month 13 is out of range 01-12");
  check("2023-02-29T00:00Z", "incident.toml:4:20: error: day 29 does not exist in 2023-02 (the month has 28 days)");
  check("2024-03-21T24:00Z", "incident.toml:4:23: error: hour 24 is out of range 00-23");
  check("2024-03-21T09:60Z", "incident.toml:4:26: error: minute 60 is out of range 00-59");
  check("2024-03-21T09:00:60Z", "incident.toml:4:29: error: leap seconds (second 60) are not supported");
  check("2024-03-21T09:00:00+1:00",
        "incident.toml:4:31: error: '2024-03-21T09:00:00+1:00': an offset is written ±hh:mm");
  check("2024-03-21T09:00:00Zjunk", "incident.toml:4:32: error: '2024-03-21T09:00:00Zjunk': unexpected text after 'Z'");
  check("2024-03-21",
        "incident.toml:4:22: error: '2024-03-21' has no time of day: write a date-time such as 2024-03-21T09:00:00Z, "
        "2024-03-21T10:00:00+01:00 or, for a local time, 2024-03-21T09:00:00");
  check("yesterday",
        "incident.toml:4:12: error: 'yesterday' does not start with a date (YYYY-MM-DD); write a date-time such as "
        "2024-03-21T09:00:00Z, 2024-03-21T10:00:00+01:00 or, for a local time, 2024-03-21T09:00:00");
  check("",
        "incident.toml:4:12: error: empty time: write a date-time such as 2024-03-21T09:00:00Z, "
        "2024-03-21T10:00:00+01:00 or, for a local time, 2024-03-21T09:00:00");
}

TEST_CASE("a very long bad time is shown cut short", "[time]") {
  const std::string hostile(1'000'000, '9');
  auto r = parse_rfc3339(hostile);
  REQUIRE_FALSE(r);
  CHECK(first_error(r).size() < 400);
}

TEST_CASE("local date-times parse without an offset", "[time]") {
  auto r = parse_time_text("2024-03-22T16:00:00");
  REQUIRE(r);
  REQUIRE(std::holds_alternative<local_time>(*r));
  CHECK(format_local(std::get<local_time>(*r)) == "2024-03-22T16:00:00");
  auto s = parse_time_text("2024-03-22T16:00");
  REQUIRE(s);
  CHECK(format_local(std::get<local_time>(*s)) == "2024-03-22T16:00:00");
}

TEST_CASE("dates parse as YYYY-MM-DD", "[time]") {
  CHECK(format_date(*parse_date("2024-02-29")) == "2024-02-29");
  auto r = parse_date("2023-02-29", {"f", 1, 5});
  REQUIRE_FALSE(r);
  CHECK(first_error(r) == "f:1:13: error: day 29 does not exist in 2023-02 (the month has 28 days)");
  CHECK_FALSE(parse_date("2024-02-28T00:00"));
}

TEST_CASE("years outside 0001-9999 are refused", "[time]") {
  auto zero = parse_rfc3339("0000-12-31T10:00:00Z", {"--from", 1, 1});
  REQUIRE_FALSE(zero);
  CHECK(zero.diagnostics().front().code == "time.range");
  CHECK(first_error(zero) == "--from:1:1: error: year 0000 is out of range: breachclock reads the years 0001 to 9999");
  // An offset that carries the instant out of the years.
  auto before = parse_rfc3339("0001-01-01T00:30:00+01:00");
  REQUIRE_FALSE(before);
  CHECK(first_error(before).find("is before 0001-01-01 in UTC") != std::string::npos);
  auto after = parse_rfc3339("9999-12-31T23:30:00-01:00");
  REQUIRE_FALSE(after);
  CHECK(first_error(after).find("is after 9999-12-31 in UTC") != std::string::npos);
  CHECK(parse_rfc3339("0001-01-01T00:00:00Z"));
  CHECK(parse_rfc3339("9999-12-31T23:59:59Z"));
  CHECK_FALSE(parse_date("0000-01-01"));
  CHECK(check_instant_range(latest_instant, "t") == std::nullopt);
  CHECK(check_instant_range(latest_instant + std::chrono::seconds{1}, "t"));
}

TEST_CASE("a time without seconds is read (RFC 3339 text, local and with offset)", "[time]") {
  CHECK(format_utc(*parse_rfc3339("2024-03-22T16:00Z")) == "2024-03-22T16:00:00Z");
  CHECK(format_utc(*parse_rfc3339("2024-03-22T16:00+01:00")) == "2024-03-22T15:00:00Z");
  auto local = parse_time_text("2024-03-22T16:00");
  REQUIRE(local);
  CHECK(format_local(std::get<local_time>(*local)) == "2024-03-22T16:00:00");
}

TEST_CASE("format_utc, format_date and format_local write what date::format writes", "[time]") {
  // The formatters are written by hand for speed; date::format is the reference, over the whole
  // range and past it (years before 1 and after 9999 are written by date::format itself).
  std::mt19937_64 random{20261202};
  std::uniform_int_distribution<long long>
      seconds_in_range{(earliest_instant - std::chrono::hours{24 * 800}).time_since_epoch().count(),
                       (latest_instant + std::chrono::hours{24 * 800}).time_since_epoch().count()};
  std::vector<instant> samples{earliest_instant,
                               latest_instant,
                               earliest_instant - std::chrono::seconds{1},
                               latest_instant + std::chrono::seconds{1},
                               instant{},
                               instant{} - std::chrono::seconds{1},
                               *parse_rfc3339("2024-02-29T23:59:59Z"),
                               *parse_rfc3339("2000-03-01T00:00:00Z")};
  for (int k = 0; k < 20000; ++k) samples.emplace_back(std::chrono::seconds{seconds_in_range(random)});
  for (const instant t : samples) {
    INFO(date::format("%FT%TZ", t));
    CHECK(format_utc(t) == date::format("%FT%TZ", t));
    const local_time local{t.time_since_epoch()};
    CHECK(format_local(local) == date::format("%FT%T", local));
    const civil_date day{date::floor<date::days>(t)};
    CHECK(format_date(day) == date::format("%F", day));
  }
  // A date that does not exist is not written as digits that would look valid: date::format
  // refuses it (a stream error), and so does format_date.
  const civil_date bad{date::year{2023}, date::month{2}, date::day{30}};
  CHECK_THROWS(date::format("%F", bad));
  CHECK_THROWS(format_date(bad));
}
