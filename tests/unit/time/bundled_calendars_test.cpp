// The bundled calendars reproduce the expected holidays year by year, 2018-2027.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::bundled_calendar;
using breachclock::test::day;

namespace {

struct expected_year {
  std::string calendar;
  int year;
  std::string dates;  // "01-01 12-28s"
};

std::vector<expected_year> read_expected() {
  std::ifstream in(test::source_path("tests/unit/time/expected_holidays.txt"));
  REQUIRE(in);
  std::vector<expected_year> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    expected_year e;
    fields >> e.calendar >> e.year;
    std::getline(fields >> std::ws, e.dates);
    out.push_back(e);
  }
  return out;
}

std::string actual(const holiday_calendar& c, int year) {
  std::string out;
  for (const holiday& h : c.holidays(date::year{year}, date::year{year})) {
    out += (out.empty() ? "" : " ") + format_date(h.date).substr(5) + (h.substitute ? "s" : "");
  }
  return out;
}

}  // namespace

TEST_CASE("bundled calendars match the expected holidays of 2018-2027", "[time][calendars]") {
  const std::vector<expected_year> expected = read_expected();
  REQUIRE(expected.size() == 80);  // eight calendars, ten years
  for (const expected_year& e : expected) {
    INFO(e.calendar << " " << e.year);
    CHECK(actual(bundled_calendar(e.calendar), e.year) == e.dates);
  }
}

TEST_CASE("the one-off UK holidays are there, and the days they replaced are not", "[time][calendars]") {
  const holiday_calendar& eaw = bundled_calendar("gb-eaw");
  CHECK(eaw.holiday_on(day(2020, 5, 8))->name == "Early May bank holiday (VE day)");
  CHECK(eaw.is_working_day(day(2020, 5, 4)));
  CHECK(eaw.holiday_on(day(2022, 6, 2))->name == "Spring bank holiday");
  CHECK(eaw.holiday_on(day(2022, 6, 3))->name == "Platinum Jubilee bank holiday");
  CHECK(eaw.is_working_day(day(2022, 5, 30)));
  CHECK(eaw.holiday_on(day(2022, 9, 19))->name == "Bank Holiday for the State Funeral of Queen Elizabeth II");
  CHECK(eaw.holiday_on(day(2023, 5, 8))->name == "Bank holiday for the coronation of King Charles III");
  for (const char* id : {"gb-sct", "gb-nir"}) {
    const holiday_calendar& c = bundled_calendar(id);
    for (auto d : {day(2020, 5, 8), day(2022, 6, 2), day(2022, 6, 3), day(2022, 9, 19), day(2023, 5, 8)}) {
      CHECK_FALSE(c.is_working_day(d));
    }
  }
}

TEST_CASE("Sunday is a holiday in ca and ca-on, Saturday is not; no weekday is in the UK", "[time][calendars]") {
  for (const char* id : {"ca", "ca-on"}) {
    const holiday_calendar& c = bundled_calendar(id);
    CHECK(c.is_holiday(day(2026, 3, 1)));         // a Sunday
    CHECK_FALSE(c.is_holiday(day(2026, 2, 28)));  // a Saturday
    CHECK_FALSE(c.is_working_day(day(2026, 2, 28)));
  }
  CHECK_FALSE(bundled_calendar("gb-eaw").is_holiday(day(2026, 3, 1)));
  CHECK_FALSE(bundled_calendar("ca-on-esa").is_holiday(day(2026, 3, 1)));
  // Christmas 2021 fell on a Saturday: a holiday in ca-on (with Monday 27th too), not a UK bank holiday.
  CHECK(bundled_calendar("ca-on").is_holiday(day(2021, 12, 25)));
  CHECK_FALSE(bundled_calendar("gb-eaw").is_holiday(day(2021, 12, 25)));
}

TEST_CASE("bundled calendars say which years were checked", "[time][calendars]") {
  const holiday_calendar& eaw = bundled_calendar("gb-eaw");
  REQUIRE(eaw.verified_years());
  CHECK(*eaw.verified_years() == std::pair{2018, 2027});
  CHECK_FALSE(eaw.unverified_warning(date::year{2020}, date::year{2027}));
  CHECK(eaw.unverified_warning(date::year{2027}, date::year{2028}));
  CHECK(bundled_calendar("ca-on").certainty() == confidence::secondary);
  CHECK_FALSE(eaw.sources().empty());
}

TEST_CASE("us-federal and us-sec: observed days, the year edge, the closures with their citations",
          "[time][calendars]") {
  const holiday_calendar& fed = bundled_calendar("us-federal");
  const holiday_calendar& sec = bundled_calendar("us-sec");
  for (const holiday_calendar* c : {&fed, &sec}) {
    const auto h2021 = c->holidays(date::year{2021}, date::year{2021});
    REQUIRE_FALSE(h2021.empty());
    CHECK(h2021.back() == holiday{test::ymd(2021, 12, 31), "New Year's Day (observed)", true, {}});
    CHECK(c->holiday_on(day(2021, 6, 18))->name == "Juneteenth National Independence Day (observed)");
    CHECK_FALSE(c->holiday_on(day(2020, 6, 19)));              // before Juneteenth was a legal public holiday
    CHECK_FALSE(c->holiday_on(day(2025, 1, 20))->substitute);  // MLK Day (and Inauguration Day, left out)
  }
  CHECK(fed.is_working_day(day(2025, 1, 9)));
  const auto carter = sec.holiday_on(day(2025, 1, 9));
  REQUIRE(carter);
  REQUIRE_FALSE(carter->cite.empty());
  CHECK(carter->cite[0].ref.starts_with("Executive Order 14133"));
  CHECK(carter->cite[0].url.starts_with("https://"));
  CHECK_FALSE(sec.is_working_day(day(2018, 12, 5)));
  CHECK_FALSE(sec.is_working_day(day(2024, 12, 24)));
  // Form 8-K: four business days after Friday 17 January 2025 skip MLK Day (Monday 20 January).
  CHECK(*sec.add_working_days(day(2025, 1, 17), 4) == day(2025, 1, 24));
  CHECK(*sec.verified_years() == std::pair{2018, 2025});
}
