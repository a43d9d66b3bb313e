#include <catch2/catch.hpp>

#include "breachclock/time/zone.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using namespace std::chrono_literals;
using breachclock::test::at;
using breachclock::test::day;
using breachclock::test::first_error;
using breachclock::test::zone_named;

TEST_CASE("zones are found by IANA name, with a did-you-mean when not", "[time]") {
  CHECK(zone_named("Europe/London").name() == "Europe/London");
  CHECK(zone_named("America/Montreal").name() == "America/Montreal");  // a place's old name: a place still
  CHECK(zone::utc().name() == "UTC");
  auto r = zone::locate("America/Toront", {"--zone", 1, 1});
  REQUIRE_FALSE(r);
  CHECK(first_error(r).rfind("--zone:1:1: error: unknown time zone 'America/Toront'; did you mean 'America/Toronto'?",
                             0) == 0);
  CHECK_FALSE(zone::locate(""));
  CHECK_FALSE(zone::locate("../../etc/passwd"));
  CHECK_FALSE(zone::locate(std::string(100000, 'x')));
}

TEST_CASE("local times resolve to one instant, or name the transition", "[time]") {
  const zone london = zone_named("Europe/London");
  const zone toronto = zone_named("America/Toronto");
  const auto local = [](int y, unsigned m, unsigned d, int h, int min) {
    return local_time{day(y, m, d)} + std::chrono::hours{h} + std::chrono::minutes{min};
  };

  CHECK(format_utc(*london.resolve(local(2023, 3, 24, 10, 0))) == "2023-03-24T10:00:00Z");
  CHECK(format_utc(*london.resolve(local(2023, 7, 1, 10, 0))) == "2023-07-01T09:00:00Z");
  CHECK(format_utc(*toronto.resolve(local(2024, 1, 15, 9, 0))) == "2024-01-15T14:00:00Z");

  SECTION("a skipped time in London") {
    auto r = london.resolve(local(2023, 3, 26, 1, 30), choose::reject, {"x.toml", 2, 5});
    REQUIRE_FALSE(r);
    CHECK(r.diagnostics().front().code == "time.skipped");
    CHECK(first_error(r) ==
          "x.toml:2:5: error: local time 2023-03-26T01:30:00 does not exist in Europe/London: clocks went forward "
          "from GMT (+00:00) to BST (+01:00) at 2023-03-26T01:00:00Z (2023-03-26T01:00:00 local); give an offset, "
          "or choose earliest or latest");
    CHECK(format_utc(*london.resolve(local(2023, 3, 26, 1, 30), choose::earliest)) == "2023-03-26T01:00:00Z");
    CHECK(format_utc(*london.resolve(local(2023, 3, 26, 1, 30), choose::latest)) == "2023-03-26T01:00:00Z");
  }
  SECTION("a repeated time in London") {
    auto r = london.resolve(local(2023, 10, 29, 1, 30));
    REQUIRE_FALSE(r);
    CHECK(r.diagnostics().front().code == "time.repeated");
    CHECK(first_error(r) ==
          "error: local time 2023-10-29T01:30:00 occurs twice in Europe/London: clocks went back from BST (+01:00) "
          "to GMT (+00:00) at 2023-10-29T01:00:00Z, so it is 2023-10-29T00:30:00Z or 2023-10-29T01:30:00Z; give an "
          "offset, or choose earliest or latest");
    CHECK(format_utc(*london.resolve(local(2023, 10, 29, 1, 30), choose::earliest)) == "2023-10-29T00:30:00Z");
    CHECK(format_utc(*london.resolve(local(2023, 10, 29, 1, 30), choose::latest)) == "2023-10-29T01:30:00Z");
  }
  SECTION("Toronto's gap and fold") {
    CHECK(toronto.resolve(local(2024, 3, 10, 2, 30)).diagnostics().front().code == "time.skipped");
    CHECK(toronto.resolve(local(2024, 11, 3, 1, 30)).diagnostics().front().code == "time.repeated");
    CHECK(format_utc(*toronto.resolve(local(2024, 11, 3, 1, 30), choose::earliest)) == "2024-11-03T05:30:00Z");
    CHECK(format_utc(*toronto.resolve(local(2024, 11, 3, 1, 30), choose::latest)) == "2024-11-03T06:30:00Z");
    // The edges of the gap: 01:59:59 and 03:00:00 exist.
    CHECK(toronto.resolve(local(2024, 3, 10, 1, 59) + 59s));
    CHECK(toronto.resolve(local(2024, 3, 10, 3, 0)));
  }
}

TEST_CASE("instants format in any zone with the offset in force", "[time]") {
  const instant t = at("2023-03-27T10:00:00Z");
  CHECK(zone_named("Europe/London").format(t) == "2023-03-27T11:00:00+01:00");
  CHECK(zone_named("America/Toronto").format(t) == "2023-03-27T06:00:00-04:00");
  CHECK(zone_named("Asia/Kolkata").format(t) == "2023-03-27T15:30:00+05:30");
  CHECK(zone_named("America/St_Johns").format(t) == "2023-03-27T07:30:00-02:30");
  CHECK(zone::utc().format(t) == "2023-03-27T10:00:00+00:00");
  // A historical offset that is not whole minutes: London mean time before 1847.
  CHECK(zone_named("Europe/London").format(at("1800-01-01T12:00:00Z")) == "1800-01-01T11:58:45-00:01:15");
  CHECK(zone_named("Europe/London").abbreviation_at(t) == "BST");
}

TEST_CASE("days start and end in local time, also on clock-change days", "[time]") {
  const zone london = zone_named("Europe/London");
  const zone toronto = zone_named("America/Toronto");
  CHECK(london.format(london.end_of_day(day(2023, 3, 26))) == "2023-03-26T23:59:59+01:00");
  CHECK(london.format(london.start_of_day(day(2023, 3, 26))) == "2023-03-26T00:00:00+00:00");
  CHECK(london.end_of_day(day(2023, 3, 26)) - london.start_of_day(day(2023, 3, 26)) == 23h - 1s);
  CHECK(london.end_of_day(day(2023, 10, 29)) - london.start_of_day(day(2023, 10, 29)) == 25h - 1s);
  CHECK(toronto.format(toronto.end_of_day(day(2024, 11, 3))) == "2024-11-03T23:59:59-05:00");
  // Where midnight itself is skipped (Havana, spring 2024: 00:00 -> 01:00), the day starts at 01:00.
  const zone havana = zone_named("America/Havana");
  CHECK(havana.format(havana.start_of_day(day(2024, 3, 10))) == "2024-03-10T01:00:00-04:00");
}

TEST_CASE("instants past 2037 warn where the zone loses its daylight-saving rules", "[time]") {
  CHECK_FALSE(zone_named("Europe/London").horizon_warning(at("2037-12-31T23:59:59Z")));
  auto w = zone_named("Europe/London").horizon_warning(at("2038-06-01T00:00:00Z"));
  REQUIRE(w);
  CHECK(w->find("past 2037") != std::string::npos);
  CHECK(zone_named("America/Toronto").horizon_warning(at("2040-01-01T00:00:00Z")));
  CHECK_FALSE(zone_named("Asia/Tokyo").horizon_warning(at("2040-01-01T00:00:00Z")));
  CHECK_FALSE(zone::utc().horizon_warning(at("2100-01-01T00:00:00Z")));
}

TEST_CASE("parse_time takes an offset as given and a local time in the zone", "[time]") {
  const zone london = zone_named("Europe/London");
  CHECK(format_utc(*parse_time("2024-03-22T16:00:00", london)) == "2024-03-22T16:00:00Z");
  CHECK(format_utc(*parse_time("2024-07-22T16:00:00", london)) == "2024-07-22T15:00:00Z");
  CHECK(format_utc(*parse_time("2024-07-22T16:00:00Z", london)) == "2024-07-22T16:00:00Z");
  CHECK(format_utc(*parse_time("2023-10-29T01:30:00+01:00", london)) == "2023-10-29T00:30:00Z");
  CHECK_FALSE(parse_time("2023-10-29T01:30:00", london));
}

namespace {

std::string refusal(const char* name) {
  auto r = zone::locate(name, {"i.toml", 2, 9});
  REQUIRE_FALSE(r);
  CHECK(r.diagnostics().front().code == "time.not-a-place");
  return first_error(r);
}

}  // namespace

TEST_CASE("zones are places: the machine's zone, abbreviations and fixed offsets are refused", "[time]") {
  // Before: localtime was accepted and was the machine's own zone, so one file gave different
  // deadlines on different machines.
  CHECK(refusal("localtime") ==
        "i.toml:2:9: error: 'localtime' is this machine's own zone: the same file would give different deadlines on "
        "different machines; name the place: an IANA zone Area/Location such as Europe/London or America/Toronto "
        "(or UTC, if UTC itself is meant)");
  CHECK(refusal("posixrules").find("is not the zone of a place") != std::string::npos);
  // Abbreviations: the UK ones go to London, never to EST.
  CHECK(refusal("BST") ==
        "i.toml:2:9: error: 'BST' is an abbreviation or a zone of rules, not a place: write "
        "Europe/London (UK time: GMT in winter, BST in summer)");
  CHECK(refusal("GMT").find("write Europe/London for UK time") != std::string::npos);
  CHECK(refusal("bst").find("Europe/London") != std::string::npos);
  const std::string est = refusal("EST");
  CHECK(est.find("America/Toronto") != std::string::npos);
  CHECK(est.find("America/New_York") != std::string::npos);
  CHECK(refusal("EST5EDT").find("America/Toronto") != std::string::npos);
  CHECK(refusal("CET").find("Europe/Paris or Europe/Berlin") != std::string::npos);
  CHECK(refusal("Etc/GMT+5").find("a fixed offset of -5 hours from UTC (the sign of Etc/GMT zones is inverted)") !=
        std::string::npos);
  CHECK(refusal("Etc/GMT-1").find("a fixed offset of +1 hours") != std::string::npos);
  CHECK(refusal("Factory").find("is not the zone of a place") != std::string::npos);
  CHECK(refusal("posix/Europe/London").find("write Europe/London") != std::string::npos);
  CHECK(refusal("Toronto") == "i.toml:2:9: error: 'Toronto' is not a zone name: write 'America/Toronto'");
  // The right name in the wrong case.
  CHECK(refusal("europe/london") ==
        "i.toml:2:9: error: 'europe/london' is not a zone name (names are case-sensitive): write Europe/London");
  CHECK(refusal("utc") == "i.toml:2:9: error: 'utc' is not a zone name (names are case-sensitive): write UTC");
}

TEST_CASE("old aliases outside the place areas are refused with the zone they stand for", "[time]") {
  // From the tz database's own link table (tzdata.zi): GB -> Europe/London, and so on.
  CHECK(refusal("GB") ==
        "i.toml:2:9: error: 'GB' is an old alias in the tz database: write Europe/London, the zone "
        "of the place it stands for");
  CHECK(refusal("US/Eastern").find("write America/New_York") != std::string::npos);
  CHECK(refusal("Canada/Eastern").find("write America/Toronto") != std::string::npos);
  CHECK(refusal("Zulu").find("write UTC") != std::string::npos);
  CHECK(refusal("Etc/UCT").find("write UTC") != std::string::npos);
  // An old name that is still Area/Location names a place, and is accepted.
  CHECK(zone_named("America/Montreal").name() == "America/Montreal");
}

TEST_CASE("UTC and Etc/UTC are accepted for whoever means UTC", "[time]") {
  CHECK(zone_named("UTC").is_utc());
  CHECK(zone_named("Etc/UTC").is_utc());
  CHECK(zone::utc().is_utc());
  CHECK_FALSE(zone_named("Europe/London").is_utc());
  // A did-you-mean proposes places, not abbreviations.
  auto r = zone::locate("Europe/Londn");
  REQUIRE_FALSE(r);
  CHECK(first_error(r).find("did you mean 'Europe/London'?") != std::string::npos);
}

TEST_CASE("a local time whose instant falls before year 0001 is refused", "[time]") {
  auto r = zone_named("Asia/Tokyo").resolve(local_time{day(1, 1, 1)}, choose::reject, {"i.toml", 3, 9});
  REQUIRE_FALSE(r);
  CHECK(r.diagnostics().front().code == "time.range");
  CHECK(first_error(r) ==
        "i.toml:3:9: error: local time 0001-01-01T00:00:00 in Asia/Tokyo is before "
        "0001-01-01T00:00:00Z, outside the years breachclock computes (0001-9999)");
}
