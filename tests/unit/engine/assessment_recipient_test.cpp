#include <catch2/catch.hpp>

#include <sstream>
#include <thread>

#include "breachclock/engine/assessment.hpp"
#include "support/test_support.hpp"
#include "unit/engine/assessment_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::files_of;
using breachclock::test::zone_named;
using namespace breachclock::test::assessment_cases;

TEST_CASE("a recipient chosen by a fact: its value picks the authority; unknown, it is asked", "[engine]") {
  // Two authorities in different zones, one chosen by `risk`; the deadline is counted in the
  // chosen authority's zone, and in the pack's while the fact is unknown.
  const std::string chosen = R"toml(
[regime]
id = "chosen"
title = "A law with a recipient per value"
jurisdiction = "GB"
zone = "Europe/London"
applies = 'breach'
[authority.london]
name = "London body"
zone = "Europe/London"
calendar = "gb-eaw"
[authority.toronto]
name = "Toronto body"
zone = "America/Toronto"
calendar = "ca-on"
[[obligation]]
id = "chosen/report"
action = "notify-authority"
to = { by = "risk", map = { low = "london", high = "toronto" } }
title = "Report"
cite = [{ ref = "s. 1", url = "https://example.org/s1" }]
when = 'encrypted == false'
deadline = { within = "2 days", from = "aware", text = "two days" }
)toml";
  auto loaded =
      rule_set::load(files_of({{"facts.toml", k_facts}, {"law/law.toml", k_pack}, {"chosen/chosen.toml", chosen}}));
  if (!loaded) FAIL(to_string(loaded.diagnostics().front()));
  const auto run = [&](std::map<std::string, fact_value> facts) {
    facts["breach"] = true;
    return *assess(*loaded, make(std::move(facts), {{"aware", "2024-03-22T16:00:00Z"}}), at("2024-03-22T18:00:00Z"));
  };
  SECTION("the fact's value picks the authority, and its zone counts the days") {
    const assessment a = run({{"risk", "high"}, {"encrypted", false}});
    const obligation_result& r = get(a, "chosen/report");
    CHECK(r.state == status::required);
    REQUIRE(r.recipient != nullptr);
    CHECK(r.recipient->id == "toronto");
    CHECK(r.recipient_depends_on.empty());
    CHECK(recipient_text(r) == "Toronto body");
    CHECK(r.deadline.tz.name() == "America/Toronto");
    CHECK(std::none_of(a.questions.begin(), a.questions.end(), [](const question& q) {
      return !q.is_scope && std::find(q.decides.begin(), q.decides.end(), "chosen/report") != q.decides.end();
    }));
    CHECK(get(run({{"risk", "low"}, {"encrypted", false}}), "chosen/report").recipient->id == "london");
  }
  SECTION("unknown: the status stands, the recipient is open, the fact is a question, the pack's zone counts") {
    const assessment a = run({{"encrypted", false}});
    const obligation_result& r = get(a, "chosen/report");
    CHECK(r.state == status::required);  // the status does not depend on the recipient
    CHECK(r.depends_on.empty());
    CHECK(r.recipient == nullptr);
    CHECK(r.recipient_depends_on == "risk");
    CHECK(recipient_text(r) == "depends on risk");
    CHECK(r.deadline.tz.name() == "Europe/London");
    REQUIRE(r.deadline.due);
    const auto q = std::find_if(a.questions.begin(), a.questions.end(),
                                [](const question& x) { return x.name == "risk"; });
    REQUIRE(q != a.questions.end());
    CHECK_FALSE(q->is_event);
    CHECK(std::find(q->decides.begin(), q->decides.end(), "chosen/report") != q->decides.end());
    CHECK(std::count_if(a.warnings.begin(), a.warnings.end(), [](const std::string& w) {
            return w ==
                   "chosen/report: the recipient depends on 'risk'; the deadline is counted in Europe/London (the zone "
                   "of chosen) until it is known";
          }) == 1);
  }
  SECTION("business days need the recipient's calendar: no due instant until the fact is known") {
    std::string in_business_days = chosen;
    const std::string from = "within = \"2 days\"";
    in_business_days.replace(in_business_days.find(from), from.size(), "within = \"2 business days\"");
    auto reloaded = rule_set::load(
        files_of({{"facts.toml", k_facts}, {"law/law.toml", k_pack}, {"chosen/chosen.toml", in_business_days}}));
    if (!reloaded) FAIL(to_string(reloaded.diagnostics().front()));
    const auto assess_with = [&](std::map<std::string, fact_value> facts) {
      facts["breach"] = true;
      facts["encrypted"] = false;
      return *assess(*reloaded, make(std::move(facts), {{"aware", "2024-03-22T16:00:00Z"}}),
                     at("2024-03-22T18:00:00Z"));
    };
    const assessment open = assess_with({});
    CHECK_FALSE(get(open, "chosen/report").deadline.due);
    CHECK(std::count(open.warnings.begin(), open.warnings.end(),
                     "chosen/report: the deadline needs the recipient's holiday calendar: it is computed once 'risk' "
                     "is known") == 1);
    const assessment known = assess_with({{"risk", "high"}});  // Toronto, with Ontario's holidays
    CHECK(get(known, "chosen/report").deadline.due);
    CHECK(get(known, "chosen/report").deadline.tz.name() == "America/Toronto");
    CHECK(std::none_of(known.warnings.begin(), known.warnings.end(),
                       [](const std::string& w) { return w.find("recipient") != std::string::npos; }));
  }
  SECTION("a duty that does not apply asks nothing about its recipient") {
    const assessment a = run({{"encrypted", true}});
    CHECK(get(a, "chosen/report").state == status::not_required);
    const auto q = std::find_if(a.questions.begin(), a.questions.end(),
                                [](const question& x) { return x.name == "risk"; });
    if (q != a.questions.end())
      CHECK(std::find(q->decides.begin(), q->decides.end(), "chosen/report") == q->decides.end());
  }
}
