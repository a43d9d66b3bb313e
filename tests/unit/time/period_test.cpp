#include <catch2/catch.hpp>

#include "breachclock/time/period.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::first_error;

TEST_CASE("periods parse into distinct types", "[time]") {
  using namespace std::chrono_literals;
  CHECK(*parse_period("72h") == period{elapsed_time{72h}});
  CHECK(*parse_period("72 hours") == period{elapsed_time{72h}});
  CHECK(*parse_period("1 hour") == period{elapsed_time{1h}});
  CHECK(*parse_period("90min") == period{elapsed_time{90min}});
  CHECK(*parse_period("90 minutes") == period{elapsed_time{90min}});
  CHECK(*parse_period("5 days") == period{calendar_days{5}});
  CHECK(*parse_period("1 day") == period{calendar_days{1}});
  CHECK(*parse_period("5d") == period{calendar_days{5}});
  CHECK(*parse_period("10 business days") == period{business_days{10}});
  CHECK(*parse_period("1 business day") == period{business_days{1}});
  CHECK(*parse_period("10bd") == period{business_days{10}});
  CHECK(*parse_period("10 working days") == period{business_days{10}});
  CHECK(*parse_period("2 weeks") == period{calendar_weeks{2}});
  CHECK(*parse_period("2w") == period{calendar_weeks{2}});
  CHECK(*parse_period("24 months") == period{calendar_months{24}});
  CHECK(*parse_period("24mo") == period{calendar_months{24}});
  CHECK(*parse_period("1 year") == period{calendar_years{1}});
  CHECK(*parse_period("3y") == period{calendar_years{3}});
  CHECK(*parse_period("  72h  ") == period{elapsed_time{72h}});
  CHECK(is_elapsed(*parse_period("72h")));
  CHECK_FALSE(is_elapsed(*parse_period("3 days")));
}

TEST_CASE("periods print canonically and round-trip", "[time]") {
  for (const char* text : {"72h", "90min", "1 day", "5 days", "1 business day", "10 business days", "1 week", "2 weeks",
                           "1 month", "24 months", "1 year", "3 years"}) {
    CHECK(to_string(*parse_period(text)) == text);
  }
  CHECK(to_string(*parse_period("120min")) == "2h");
  CHECK(to_string(*parse_period("5bd")) == "5 business days");
}

TEST_CASE("bad periods say what is wrong and where", "[time]") {
  const source_location origin{"rules/x.toml", 7, 20};
  auto check = [&](const char* text, const char* expected) {
    auto r = parse_period(text, origin);
    REQUIRE_FALSE(r);
    CHECK(first_error(r) == expected);
  };
  check("5 fortnights",
        "rules/x.toml:7:22: error: unknown unit 'fortnights' in period '5 fortnights': expected a unit: h, min, days "
        "(d), business days (bd), weeks (w), months (mo) or years (y)");
  check("5 dyas",
        "rules/x.toml:7:22: error: unknown unit 'dyas' in period '5 dyas'; did you mean 'days'?: expected a unit: h, "
        "min, days (d), business days (bd), weeks (w), months (mo) or years (y)");
  check("hours",
        "rules/x.toml:7:20: error: period 'hours' must start with a whole number, such as 72h or 5 business days");
  check("72",
        "rules/x.toml:7:22: error: period '72': expected a unit: h, min, days (d), business days (bd), weeks (w), "
        "months (mo) or years (y)");
  check("1.5h", "rules/x.toml:7:21: error: period '1.5h' must be a whole number: write 90min rather than 1.5h");
  check("-3 days",
        "rules/x.toml:7:20: error: period '-3 days' must be a whole number from 1 followed by a unit, such as 72h or 5 "
        "business days");
  check("0h", "rules/x.toml:7:20: error: period '0h' must be at least 1");
  check("72h later", "rules/x.toml:7:24: error: unexpected 'later' after the unit in period '72h later'");
  check("5 business", "rules/x.toml:7:30: error: period '5 business': expected 'days' after 'business'");
  check("101 years",
        "rules/x.toml:7:20: error: period '101 years' is too long: at most 100 of this unit (about 100 years)");
  check("99999999999999999999h",
        "rules/x.toml:7:20: error: period '99999999999999999999h' is too long: at most 878400 of this unit (about 100 "
        "years)");
  check("", "rules/x.toml:7:20: error: period '' must start with a whole number, such as 72h or 5 business days");
}
