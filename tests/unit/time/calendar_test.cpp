#include <catch2/catch.hpp>

#include <limits>
#include <optional>
#include <tuple>

#include "breachclock/time/calendar.hpp"
#include "support/test_support.hpp"
#include "time/holiday_rule.hpp"

using namespace breachclock;
using breachclock::test::day;
using breachclock::test::first_error;
using breachclock::test::ymd;

namespace {

std::optional<civil_date> rule_day(const char* rule, int year) {
  auto parsed = detail::parse_date_rule(rule);
  REQUIRE(std::holds_alternative<detail::date_rule>(parsed));
  return detail::evaluate(std::get<detail::date_rule>(parsed), date::year{year});
}

std::string rule_error(const char* rule) {
  auto parsed = detail::parse_date_rule(rule);
  REQUIRE(std::holds_alternative<detail::rule_error>(parsed));
  const auto& e = std::get<detail::rule_error>(parsed);
  return std::to_string(e.offset) + ": " + e.message;
}

std::string dates(const std::vector<holiday>& hs) {
  std::string out;
  for (const holiday& h : hs) {
    out += (out.empty() ? "" : " ") + format_date(h.date).substr(5) + (h.substitute ? "s" : "");
  }
  return out;
}

constexpr const char* k_header = R"toml([calendar]
id = "test"
title = "Test calendar"
non_working = ["saturday", "sunday"]
)toml";

}  // namespace

TEST_CASE("Easter Sunday by the Gregorian computus", "[time]") {
  CHECK(detail::easter_sunday(date::year{2024}) == ymd(2024, 3, 31));
  CHECK(detail::easter_sunday(date::year{2025}) == ymd(2025, 4, 20));
  CHECK(detail::easter_sunday(date::year{2019}) == ymd(2019, 4, 21));
  CHECK(detail::easter_sunday(date::year{2038}) == ymd(2038, 4, 25));  // the latest possible
  CHECK(detail::easter_sunday(date::year{2285}) == ymd(2285, 3, 22));  // the earliest possible
  CHECK(detail::easter_sunday(date::year{1961}) == ymd(1961, 4, 2));
}

TEST_CASE("holiday rules: every form of the grammar", "[time]") {
  CHECK(rule_day("december 25", 2024) == ymd(2024, 12, 25));
  CHECK(rule_day("Dec 25", 2024) == ymd(2024, 12, 25));
  CHECK(rule_day("february 29", 2024) == ymd(2024, 2, 29));
  CHECK_FALSE(rule_day("february 29", 2023));  // no such day in a common year
  CHECK(rule_day("easter", 2024) == ymd(2024, 3, 31));
  CHECK(rule_day("easter - 2", 2024) == ymd(2024, 3, 29));
  CHECK(rule_day("easter+1", 2024) == ymd(2024, 4, 1));
  CHECK(rule_day("easter + 39", 2024) == ymd(2024, 5, 9));  // Ascension
  CHECK(rule_day("first monday of may", 2024) == ymd(2024, 5, 6));
  CHECK(rule_day("1st monday in may", 2024) == ymd(2024, 5, 6));
  CHECK(rule_day("third monday of february", 2026) == ymd(2026, 2, 16));
  CHECK(rule_day("second monday of october", 2025) == ymd(2025, 10, 13));
  CHECK(rule_day("last monday of may", 2022) == ymd(2022, 5, 30));
  CHECK(rule_day("last monday of august", 2026) == ymd(2026, 8, 31));
  CHECK(rule_day("fifth friday of march", 2024) == ymd(2024, 3, 29));
  CHECK_FALSE(rule_day("fifth friday of april", 2024));
  // Victoria Day: the Monday before 25 May (never the 25th itself).
  CHECK(rule_day("monday before may 25", 2026) == ymd(2026, 5, 18));
  CHECK(rule_day("monday before may 25", 2020) == ymd(2020, 5, 18));  // 25 May 2020 was a Monday
  CHECK(rule_day("monday on or before may 25", 2020) == ymd(2020, 5, 25));
  CHECK(rule_day("monday after november 30", 2024) == ymd(2024, 12, 2));
  CHECK(rule_day("monday on or after june 1", 2026) == ymd(2026, 6, 1));
  CHECK(rule_day("MONDAY After November 30", 2025) == ymd(2025, 12, 1));
}

TEST_CASE("holiday rules: errors point at the offending word", "[time]") {
  CHECK(rule_error("decembr 25").rfind("0: unknown word 'decembr'", 0) == 0);
  CHECK(rule_error("december 32") == "9: day 32 does not exist in december");
  CHECK(rule_error("february 30") == "9: day 30 does not exist in february");
  CHECK(rule_error("easter * 2") ==
        "7: unexpected character '*'; a rule is 'MONTH DAY' (december 25), 'easter [+|- N]' (easter - 2), 'ORDINAL "
        "WEEKDAY of MONTH' (first monday of may, last monday of august) or 'WEEKDAY before|after|on or before|on or "
        "after MONTH DAY' (monday before may 25)");
  CHECK(rule_error("easter 2") == "7: expected '+' or '-' after 'easter' (easter - 2 is Good Friday)");
  CHECK(rule_error("first moonday of may") == "6: expected a weekday after 'first', not 'moonday'");
  CHECK(rule_error("first monday may") == "13: expected 'of' after 'first monday'");
  CHECK(rule_error("last monday of mayday") == "15: expected a month name (january ... december), not 'mayday'");
  CHECK(rule_error("monday near may 25") ==
        "7: expected 'before', 'after', 'on or before' or 'on or after' after 'monday' (or write 'first monday of "
        "MONTH')");
  CHECK(rule_error("monday on before may 25") == "10: expected 'on or before' or 'on or after'");
  CHECK(rule_error("december 25 and 26") == "12: unexpected 'and' after a complete rule");
  CHECK(rule_error("").rfind("0: empty rule", 0) == 0);
  CHECK(rule_error(std::string(500, 'a').c_str()) == "200: rule is too long (at most 200 characters)");
}

// Christmas and Boxing Day, each moved to the next free working day when on a weekend.
const std::string k_christmas = std::string(k_header) + R"toml(
[[holiday]]
name = "Christmas Day"
rule = "december 25"
substitute = "move"

[[holiday]]
name = "Boxing Day"
rule = "december 26"
substitute = "move"
)toml";

TEST_CASE("substitution: move and add, chained over Christmas", "[time]") {
  const std::string& text = k_christmas;
  auto cal = parse_calendar(text, "move.toml");
  REQUIRE(cal);
  // Saturday and Sunday: both move, to Monday and Tuesday.
  CHECK(dates(cal->holidays(date::year{2021}, date::year{2021})) == "12-27s 12-28s");
  // Sunday and Monday: Christmas moves past Boxing Day to Tuesday.
  CHECK(dates(cal->holidays(date::year{2022}, date::year{2022})) == "12-26 12-27s");
  // Friday and Saturday: Boxing Day moves to Monday.
  CHECK(dates(cal->holidays(date::year{2020}, date::year{2020})) == "12-25 12-28s");
  CHECK(cal->holidays(date::year{2022}, date::year{2022})[1].name == "Christmas Day (substitute day)");

  const std::string add = std::string(k_header) + R"toml(
holiday_weekdays = ["sunday"]
[[holiday]]
name = "Christmas Day"
rule = "december 25"
substitute = "add"

[[holiday]]
name = "Boxing Day"
rule = "december 26"
)toml";
  auto on = parse_calendar(add, "add.toml");
  REQUIRE(on);
  // "add" keeps the original, which matters when Saturday is not otherwise a holiday.
  CHECK(dates(on->holidays(date::year{2021}, date::year{2021})) == "12-25 12-26 12-27s");
  CHECK(dates(on->holidays(date::year{2022}, date::year{2022})) == "12-25 12-26 12-27s");
  CHECK(on->is_holiday(day(2021, 12, 25)));        // Saturday, but Christmas
  CHECK_FALSE(on->is_holiday(day(2021, 12, 18)));  // an ordinary Saturday
  CHECK(on->is_holiday(day(2021, 12, 19)));        // every Sunday
  CHECK_FALSE(on->is_working_day(day(2021, 12, 27)));
  CHECK(on->is_working_day(day(2021, 12, 29)));
}

TEST_CASE("substitution only on the named weekdays", "[time]") {
  const std::string text = std::string(k_header) + R"toml(
[[holiday]]
name = "Canada Day"
rule = "july 1"
substitute = "move"
substitute_on = ["sunday"]
)toml";
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE(cal);
  CHECK(dates(cal->holidays(date::year{2018}, date::year{2018})) == "07-02s");  // Sunday: moves
  CHECK(dates(cal->holidays(date::year{2023}, date::year{2023})) == "07-01");   // Saturday: stays
}

TEST_CASE("a substitute crosses into the next year", "[time]") {
  const std::string text = std::string(k_header) + R"toml(
[[holiday]]
name = "Year's End"
rule = "december 31"
substitute = "move"
)toml";
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE(cal);
  // 31 December 2022 was a Saturday: its substitute is Monday 2 January 2023; 31 December
  // 2023 was a Sunday: its substitute is Monday 1 January 2024.
  CHECK(dates(cal->holidays(date::year{2022}, date::year{2022})).empty());
  CHECK(dates(cal->holidays(date::year{2023}, date::year{2023})) == "01-02s");
  CHECK(dates(cal->holidays(date::year{2024}, date::year{2024})) == "01-01s 12-31");
  CHECK(cal->holiday_on(day(2023, 1, 2)).has_value());
  CHECK(cal->holidays(date::year{2300}, date::year{2310}).size() == 11);
}

TEST_CASE("years outside the cache (1990-2099) give the same answers, computed on demand", "[time]") {
  const std::string text = std::string(k_header) + R"toml(
[[holiday]]
name = "Year's End"
rule = "december 31"
substitute = "move"

[[holiday]]
name = "Spring"
rule = "easter + 1"
)toml";
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE(cal);
  // A range across each boundary equals the union of its parts, one side cached, one not.
  for (const auto& [from, last_cached_or_not, to] : {std::tuple{1985, 1989, 1995}, std::tuple{2095, 2099, 2105}}) {
    INFO(from);
    auto whole = cal->holidays(date::year{from}, date::year{to});
    auto left = cal->holidays(date::year{from}, date::year{last_cached_or_not});
    const auto right = cal->holidays(date::year{last_cached_or_not + 1}, date::year{to});
    left.insert(left.end(), right.begin(), right.end());
    CHECK(whole == left);
    // Day by day, holiday_on and is_working_day agree with the list.
    std::size_t next = 0;
    for (auto d = day(from, 1, 1); d <= day(to, 12, 31); d += date::days{1}) {
      const bool listed = next < whole.size() && date::local_days{whole[next].date} == d;
      CHECK(cal->holiday_on(d).has_value() == listed);
      if (listed) CHECK(*cal->holiday_on(d) == whole[next++]);
      const bool weekend = date::weekday{d} == date::Saturday || date::weekday{d} == date::Sunday;
      CHECK(cal->is_working_day(d) == (!listed && !weekend));
    }
    CHECK(next == whole.size());
  }
  // 31 December 2089 (Saturday) moves to Monday 2 January 2090; 31 December 2099 (Thursday)
  // stays; 31 December 1989 (Sunday) moves to Monday 1 January 1990, inside the cache.
  auto substitute_on = [&](date::local_days d) -> std::optional<bool> {
    auto h = cal->holiday_on(d);
    return h ? std::optional<bool>(h->substitute) : std::nullopt;
  };
  CHECK(substitute_on(day(1990, 1, 1)) == std::optional<bool>(true));
  CHECK(substitute_on(day(2090, 1, 1)) == std::nullopt);
  CHECK(substitute_on(day(2090, 1, 2)) == std::optional<bool>(true));
  CHECK(substitute_on(day(2099, 12, 31)) == std::optional<bool>(false));
}

TEST_CASE("add_working_days counts working days after (or before) a date", "[time]") {
  const std::string& text = k_christmas;
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE(cal);
  // Friday 24 December 2021: Christmas and Boxing Day fall on the weekend and move to Monday 27
  // and Tuesday 28.
  CHECK(*cal->add_working_days(day(2021, 12, 24), 0) == day(2021, 12, 24));
  CHECK(*cal->add_working_days(day(2021, 12, 24), 1) == day(2021, 12, 29));
  CHECK(*cal->add_working_days(day(2021, 12, 24), 3) == day(2021, 12, 31));
  // The start itself is not counted, working day or not.
  CHECK(*cal->add_working_days(day(2021, 12, 25), 1) == day(2021, 12, 29));
  CHECK(*cal->add_working_days(day(2021, 12, 29), -1) == day(2021, 12, 24));
  CHECK(*cal->add_working_days(day(2021, 12, 29), -2) == day(2021, 12, 23));
  // Across the end of the cache, and far outside it.
  CHECK(*cal->add_working_days(day(2099, 12, 24), 1) == day(2099, 12, 29));
  CHECK(*cal->add_working_days(day(2150, 12, 24), 1) == day(2150, 12, 29));
  // Forward then back again lands on the start when the start is a working day.
  for (auto d = day(2021, 12, 1); d <= day(2022, 1, 31); d += date::days{1}) {
    if (!cal->is_working_day(d)) continue;
    for (int n : {1, 2, 5, 20}) CHECK(*cal->add_working_days(*cal->add_working_days(d, n), -n) == d);
  }
}

TEST_CASE("since, until, one-off added and removed dates", "[time]") {
  const std::string text = std::string(k_header) + R"toml(
[[holiday]]
name = "Spring"
rule = "last monday of may"
since = 2000
until = 2030

[[removed]]
date = 2022-05-30
note = "moved"

[[added]]
date = 2022-06-02
name = "Spring (moved)"
)toml";
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE(cal);
  CHECK(dates(cal->holidays(date::year{1999}, date::year{1999})).empty());
  CHECK(dates(cal->holidays(date::year{2021}, date::year{2022})) == "05-31 06-02");
  CHECK(dates(cal->holidays(date::year{2031}, date::year{2031})).empty());
  CHECK(cal->holiday_on(day(2022, 6, 2))->name == "Spring (moved)");
  CHECK_FALSE(cal->holiday_on(day(2022, 5, 30)));
  CHECK(cal->is_working_day(day(2022, 5, 30)));
}

TEST_CASE("bad calendar files: every error, located", "[time]") {
  const std::string text = R"toml([calendar]
id = "bad"
title = "Bad"
non_working = ["saturday", "sundy"]
verified = { from = 2020, until = 2010 }

[[holiday]]
name = "X"
rule = "first monday of mya"

[[holiday]]
name = "Y"
rul = "may 1"

[[holiday]]
name = "Z"
rule = "may 1"
substitute = "shift"

[[removed]]
date = 2022-05-02

[[added]]
date = 2022-05-01
)toml";
  auto cal = parse_calendar(text, "bad.toml");
  REQUIRE_FALSE(cal);
  std::vector<std::string> got;
  for (const diagnostic& d : cal.diagnostics()) got.push_back(to_string(d));
  const std::vector<std::string> expected{
      "bad.toml:4:28: error: 'non_working' lists weekdays in lower case ('saturday', 'sunday'), not 'sundy'",
      "bad.toml:5:1: error: verified needs 1583 <= from <= until <= 9999",
      "bad.toml:9:25: error: expected a month name (january ... december), not 'mya'",
      "bad.toml:11:1: error: [[holiday]] needs 'rule'",
      "bad.toml:13:1: error: unknown key 'rul' in [[holiday]]; did you mean 'rule'?",
      "bad.toml:18:14: error: substitute is \"none\", \"move\" (the holiday moves to the next free working day), "
      "\"add\" (the next free working day is a holiday too) or \"observed\" (a Saturday holiday on the Friday "
      "before, a Sunday one on the Monday after), not 'shift'",
      "bad.toml:23:1: error: [[added]] needs 'name'",
  };
  CHECK(got == expected);
}

TEST_CASE("removed dates must be holidays, added dates must not be", "[time]") {
  const std::string text = std::string(k_header) + R"toml(
[[holiday]]
name = "May Day"
rule = "may 1"

[[removed]]
date = 2022-05-02

[[added]]
date = 2023-05-01
name = "again"
)toml";
  auto cal = parse_calendar(text, "t.toml");
  REQUIRE_FALSE(cal);
  REQUIRE(cal.diagnostics().size() == 2);
  CHECK(to_string(cal.diagnostics()[0]) ==
        "t.toml:10:1: error: removed date 2022-05-02 is not a holiday the rules give");
  CHECK(to_string(cal.diagnostics()[1]) ==
        "t.toml:13:1: error: added date 2023-05-01 is already a holiday by the rules");
}

TEST_CASE("a TOML syntax error is located", "[time]") {
  auto cal = parse_calendar("[calendar\nid = 1", "broken.toml");
  REQUIRE_FALSE(cal);
  CHECK(first_error(cal).rfind("broken.toml:1:", 0) == 0);
}

namespace {

// Monday the only working weekday, and every Monday a holiday: the first to fifth Monday of
// every month (tests/golden/inputs/rules/no-working-day/calendars/mondays.toml).
std::string every_monday_a_holiday(const char* non_working) {
  std::string text = std::string("[calendar]\nid = \"mondays\"\ntitle = \"Every Monday a holiday\"\nnon_working = ") +
                     non_working + "\n";
  for (const char* m : {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                        "october", "november", "december"}) {
    for (const char* o : {"first", "second", "third", "fourth", "fifth"}) {
      text += std::string("[[holiday]]\nname = \"") + o + " monday of " + m + "\"\nrule = \"" + o + " monday of " + m +
              "\"\n";
    }
  }
  return text;
}

constexpr const char* k_six_days_off = R"(["tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])";

}  // namespace

TEST_CASE("a calendar with no working day in some year is refused at load, located", "[time]") {
  // Before: it loaded, and 5 business days (or a roll) on it never returned.
  auto r = parse_calendar(every_monday_a_holiday(k_six_days_off), "calendars/mondays.toml");
  REQUIRE_FALSE(r);
  CHECK(r.diagnostics().front().code == "calendar.no-working-day");
  CHECK(first_error(r) ==
        "calendars/mondays.toml:4:15: error: calendar mondays has no working day in 0001: every day that is not a "
        "non_working weekday is a holiday, so business days and the roll next-business-day could never end");

  // The same holidays with Tuesday working too: loads, and Mondays are holidays.
  auto ok = parse_calendar(every_monday_a_holiday(R"(["wednesday", "thursday", "friday", "saturday", "sunday"])"),
                           "m.toml");
  REQUIRE(ok);
  CHECK_FALSE(ok->is_working_day(day(2024, 12, 23)));
  CHECK(*ok->add_working_days(day(2024, 12, 20), 5) == day(2025, 1, 21));
  CHECK(*ok->next_working_day(day(2024, 12, 23)) == day(2024, 12, 24));
}

TEST_CASE("a calendar with no day that is not a holiday in law is refused at load", "[time]") {
  // Every weekday but Monday is a holiday in law, and every Monday a dated holiday: the roll
  // next-non-holiday could never end.
  std::string text = every_monday_a_holiday(R"(["saturday", "sunday"])");
  text.insert(text.find("[[holiday]]"),
              R"(holiday_weekdays = ["tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])"
              "\n");
  auto r = parse_calendar(text, "m.toml");
  REQUIRE_FALSE(r);
  CHECK(first_error(r)
            .rfind("m.toml:5:20: error: calendar mondays has no day that is not a holiday in 0001: every day "
                   "that is not one of the holiday_weekdays is a holiday, so the roll next-non-holiday could never end",
                   0) == 0);
}

TEST_CASE("a calendar whose holidays cover every working day of one year only is refused", "[time]") {
  // Working weekday: Monday; the Mondays of 2024 are holidays (since = until = 2024), so a year
  // in the middle of the range, not the first, has no working day.
  std::string text = every_monday_a_holiday(k_six_days_off);
  for (std::size_t at = text.find("\"\nrule"); at != std::string::npos; at = text.find("\"\nrule", at + 1)) {
    const std::size_t end = text.find('\n', at + 2);
    text.insert(end + 1, "since = 2024\nuntil = 2024\n");
  }
  auto r = parse_calendar(text, "m.toml");
  REQUIRE_FALSE(r);
  CHECK(first_error(r).find("has no working day in 2024:") != std::string::npos);
}

TEST_CASE("the walks over days have a hard bound and say so", "[time]") {
  auto cal = parse_calendar(k_christmas, "t.toml");
  REQUIRE(cal);
  // Far more working days than 200 years hold: an error, not a hang, not a wrapped date.
  auto far = cal->add_working_days(day(2024, 1, 1), std::numeric_limits<int>::max());
  REQUIRE_FALSE(far);
  CHECK(far.diagnostics().front().code == "calendar.too-far");
  CHECK(first_error(far).find("calendar test gives no 2147483647 working days within 200 years after 2024-01-01") !=
        std::string::npos);
  auto back = cal->add_working_days(day(100, 1, 1), std::numeric_limits<int>::min());
  REQUIRE_FALSE(back);
  CHECK(first_error(back).find("goes past 0001-01-01") != std::string::npos);
  // Past 9999-12-31.
  auto end = cal->add_working_days(day(9999, 12, 20), 20);
  REQUIRE_FALSE(end);
  CHECK(first_error(end) ==
        "error: counting 20 working days of calendar test from 9999-12-20 goes past 9999-12-31, "
        "outside the years breachclock computes (0001-9999)");
  CHECK(*cal->add_working_days(day(9999, 12, 20), 5) == day(9999, 12, 29));  // Christmas moves to 27 and 28
  // The rolls.
  CHECK(*cal->next_working_day(day(2021, 12, 25)) == day(2021, 12, 29));
  CHECK(*cal->next_working_day(day(2021, 12, 29)) == day(2021, 12, 29));
  CHECK(*cal->next_non_holiday(day(2021, 12, 27)) == day(2021, 12, 29));
}

TEST_CASE("a calendar has at most 200 holiday rules and 1000 added or removed dates", "[time][limits]") {
  std::string text = k_header;
  for (int i = 0; i <= 200; ++i) text += "[[holiday]]\nname = \"h\"\nrule = \"january 1\"\n";
  auto r = parse_calendar(text, "big.toml");
  REQUIRE_FALSE(r);
  CHECK(r.diagnostics().front().code == "limit.calendar");
  CHECK(first_error(r).find("the calendar has 201 [[holiday]] rules; the limit is 200") != std::string::npos);
  std::string added = k_header;
  for (int i = 0; i <= 1000; ++i) added += "[[added]]\ndate = 2024-01-02\nname = \"x\"\n";
  auto a = parse_calendar(added, "big.toml");
  REQUIRE_FALSE(a);
  CHECK(first_error(a).find("the calendar has 1001 [[added]] dates; the limit is 1000") != std::string::npos);
}
