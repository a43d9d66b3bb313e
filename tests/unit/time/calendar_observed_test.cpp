// substitute = "observed" (5 U.S.C. 6103(b): Saturday to the Friday before, Sunday to the Monday
// after) and the citations of one-off added and removed dates.
#include <catch2/catch.hpp>

#include "breachclock/time/calendar.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::day;

namespace {

std::string dates(const std::vector<holiday>& hs) {
  std::string out;
  for (const holiday& h : hs) {
    out += (out.empty() ? "" : " ") + format_date(h.date).substr(5) + (h.substitute ? "s" : "");
  }
  return out;
}

std::vector<std::string> errors(const std::string& text) {
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE_FALSE(cal);
  std::vector<std::string> got;
  for (const diagnostic& d : cal.diagnostics()) got.push_back(to_string(d));
  return got;
}

constexpr const char* k_header = R"toml([calendar]
id = "test"
title = "Test calendar"
non_working = ["saturday", "sunday"]
)toml";

const std::string k_federal = std::string(k_header) + R"toml(
[[holiday]]
name = "New Year's Day"
rule = "january 1"
substitute = "observed"

[[holiday]]
name = "Independence Day"
rule = "july 4"
substitute = "observed"

[[holiday]]
name = "Christmas Day"
rule = "december 25"
substitute = "observed"
)toml";

}  // namespace

TEST_CASE("observed: a Saturday holiday on the Friday before, a Sunday one on the Monday after", "[time][calendar]") {
  auto cal = parse_calendar(k_federal, "federal.toml");
  REQUIRE(cal);
  // 4 July 2026 is a Saturday: Friday 3 July; the Saturday itself is an ordinary weekend day.
  CHECK(cal->holiday_on(day(2026, 7, 3))->name == "Independence Day (observed)");
  CHECK(cal->holiday_on(day(2026, 7, 3))->substitute);
  CHECK_FALSE(cal->holiday_on(day(2026, 7, 4)));
  CHECK_FALSE(cal->is_working_day(day(2026, 7, 3)));
  CHECK_FALSE(cal->is_holiday(day(2026, 7, 4)));
  // 4 July 2021 is a Sunday: Monday 5 July.
  CHECK(cal->holiday_on(day(2021, 7, 5))->name == "Independence Day (observed)");
  CHECK_FALSE(cal->holiday_on(day(2021, 7, 4)));
  CHECK_FALSE(cal->is_working_day(day(2021, 7, 5)));
  CHECK(cal->is_working_day(day(2021, 7, 2)));  // the Friday before a Sunday holiday works
  // A weekday holiday stays where it is, unmarked.
  CHECK(cal->holiday_on(day(2024, 7, 4))->name == "Independence Day");
  CHECK_FALSE(cal->holiday_on(day(2024, 7, 4))->substitute);
  CHECK(dates(cal->holidays(date::year{2026}, date::year{2026})) == "01-01 07-03s 12-25");
}

TEST_CASE("observed crosses the year edge backwards: New Year's Day 2022 is Friday 31 December 2021",
          "[time][calendar]") {
  auto cal = parse_calendar(k_federal, "federal.toml");
  REQUIRE(cal);
  const auto h2021 = cal->holidays(date::year{2021}, date::year{2021});
  CHECK(dates(h2021) == "01-01 07-05s 12-24s 12-31s");
  REQUIRE(h2021.back().date == test::ymd(2021, 12, 31));
  CHECK(h2021.back().name == "New Year's Day (observed)");
  CHECK(h2021.back().substitute);
  // 2022 has no New Year's Day of its own: the Saturday is not a holiday.
  CHECK(dates(cal->holidays(date::year{2022}, date::year{2022})) == "07-04 12-26s");
  CHECK_FALSE(cal->holiday_on(day(2022, 1, 1)));
  CHECK(cal->holiday_on(day(2021, 12, 31))->name == "New Year's Day (observed)");
  CHECK_FALSE(cal->is_working_day(day(2021, 12, 31)));
  // Over both years, each day once: no duplicate of 31 December.
  CHECK(dates(cal->holidays(date::year{2021}, date::year{2022})) == "01-01 07-05s 12-24s 12-31s 07-04 12-26s");
  // Outside the cached years the same answers, computed on demand (1 January 2101 is a Saturday).
  CHECK(cal->holiday_on(day(2100, 12, 31))->name == "New Year's Day (observed)");
  CHECK(dates(cal->holidays(date::year{2100}, date::year{2100})).ends_with("12-31s"));
  CHECK(cal->holidays(date::year{2101}, date::year{2101}).front().date != test::ymd(2101, 1, 1));
}

TEST_CASE("observed never lists a day twice: a Friday that is already a holiday stays one", "[time][calendar]") {
  const std::string text = std::string(k_header) + R"toml(
[[holiday]]
name = "Christmas Day"
rule = "december 25"
substitute = "observed"

[[added]]
date = 2021-12-24
name = "Christmas Eve closure"
)toml";
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE(cal);
  // 25 December 2021 is a Saturday; its Friday is already the added closure.
  const auto hs = cal->holidays(date::year{2021}, date::year{2021});
  REQUIRE(hs.size() == 1);
  CHECK(hs[0].name == "Christmas Eve closure");
  CHECK_FALSE(cal->holiday_on(day(2021, 12, 25)));
}

TEST_CASE("add_working_days skips an observed day", "[time][calendar]") {
  auto cal = parse_calendar(k_federal, "federal.toml");
  REQUIRE(cal);
  // From Thursday 30 December 2021: Friday 31 (New Year's Day observed) is skipped, then the
  // weekend: the first working day is Monday 3 January 2022.
  CHECK(*cal->add_working_days(day(2021, 12, 30), 1) == day(2022, 1, 3));
  CHECK(*cal->add_working_days(day(2022, 1, 3), -1) == day(2021, 12, 30));
  // From Wednesday 1 July 2026: Thursday 2 (1), Friday 3 observed, Monday 6 (2).
  CHECK(*cal->add_working_days(day(2026, 7, 1), 2) == day(2026, 7, 6));
  CHECK(*cal->next_working_day(day(2026, 7, 3)) == day(2026, 7, 6));
}

TEST_CASE("substitute values: errors located, with a did-you-mean", "[time][calendar]") {
  const std::string text = std::string(k_header) + R"toml(
[[holiday]]
name = "A"
rule = "may 1"
substitute = "observd"

[[holiday]]
name = "B"
rule = "may 2"
substitute = "observed"
substitute_on = ["friday", "saturday"]

[[holiday]]
name = "C"
rule = "may 3"
substitute = 1
)toml";
  const std::vector<std::string> expected{
      "t.toml:9:14: error: substitute is \"none\", \"move\" (the holiday moves to the next free working day), "
      "\"add\" (the next free working day is a holiday too) or \"observed\" (a Saturday holiday on the Friday "
      "before, a Sunday one on the Monday after), not 'observd'; did you mean 'observed'?",
      "t.toml:15:1: error: substitute = \"observed\" moves only a Saturday holiday (to the Friday before) and a "
      "Sunday one (to the Monday after): substitute_on lists \"saturday\", \"sunday\" or both",
      "t.toml:20:14: error: substitute is \"none\", \"move\" (the holiday moves to the next free working day), "
      "\"add\" (the next free working day is a holiday too) or \"observed\" (a Saturday holiday on the Friday "
      "before, a Sunday one on the Monday after), not an integer",
  };
  CHECK(errors(text) == expected);
  // substitute_on = ["sunday"] with observed: only a Sunday holiday moves.
  auto sunday_only = parse_calendar(std::string(k_header) + R"toml(
[[holiday]]
name = "Independence Day"
rule = "july 4"
substitute = "observed"
substitute_on = ["sunday"]
)toml",
                                    "t.toml");
  REQUIRE(sunday_only);
  CHECK(dates(sunday_only->holidays(date::year{2021}, date::year{2021})) == "07-05s");
  CHECK(dates(sunday_only->holidays(date::year{2026}, date::year{2026})) == "07-04");
}

TEST_CASE("cite on added and removed dates: kept, shown with the holiday", "[time][calendar]") {
  const std::string text = std::string(k_header) + R"toml(
[[holiday]]
name = "May Day"
rule = "may 1"

[[added]]
date = 2025-01-09
name = "National Day of Mourning"
cite = [{ ref = "Executive Order 14133", url = "https://example.gov/eo-14133" }, { ref = "90 FR 187" }]

[[removed]]
date = 2024-05-01
cite = [{ ref = "a proclamation", url = "https://example.gov/p" }]
)toml";
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE(cal);
  const auto h = cal->holiday_on(day(2025, 1, 9));
  REQUIRE(h);
  REQUIRE(h->cite.size() == 2);
  CHECK(h->cite[0].ref == "Executive Order 14133");
  CHECK(h->cite[0].url == "https://example.gov/eo-14133");
  CHECK(h->cite[1].url.empty());
  CHECK(cal->holidays(date::year{2025}, date::year{2025})[0].cite == h->cite);
  CHECK(cal->holiday_on(day(2025, 5, 1))->cite.empty());  // a rule's day has none
  CHECK_FALSE(cal->holiday_on(day(2024, 5, 1)));
}

TEST_CASE("cite errors: not a table, no ref, a bad url, an unknown key", "[time][calendar]") {
  const std::string text = std::string(k_header) + R"toml(
[[added]]
date = 2025-01-09
name = "A"
cite = ["Executive Order 14133"]

[[added]]
date = 2025-01-10
name = "B"
cite = [{ url = "https://example.gov" }]

[[added]]
date = 2025-01-13
name = "C"
cite = [{ ref = "EO", url = "www.example.gov" }]

[[removed]]
date = 2025-01-14
cite = [{ ref = "EO", uri = "https://example.gov" }]
)toml";
  const std::vector<std::string> got = errors(text);
  REQUIRE(got.size() == 4);
  CHECK(got[0].starts_with("t.toml:9:9: error: "));
  CHECK(got[0].find("{ ref = \"...\", url = \"...\" }") != std::string::npos);
  CHECK(got[1] == "t.toml:14:9: error: a citation needs 'ref'");
  CHECK(got[2] == "t.toml:19:23: error: a citation url starts with https:// (or http://)");
  CHECK(got[3] == "t.toml:23:23: error: unknown key 'uri' in a citation; did you mean 'url'?");
}

TEST_CASE("calendar sources are checked as cite is", "[time][calendar]") {
  const std::string text = R"toml([calendar]
id = "test"
title = "Test calendar"
non_working = ["saturday", "sunday"]
sources = [{ ref = "Act", url = "ftp://example.gov/act" }]
)toml";
  CHECK(errors(text) ==
        std::vector<std::string>{"t.toml:5:27: error: a citation url starts with https:// (or http://)"});
}
