#include <catch2/catch.hpp>

#include "breachclock/rules/rule_set.hpp"
#include "support/test_support.hpp"
#include "unit/rules/rule_set_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::files_of;
using breachclock::test::messages;
using namespace breachclock::test::rule_set_cases;

TEST_CASE("a recipient chosen by an enum fact: every value maps to an authority of the pack", "[rules]") {
  const std::string authorities = R"toml(
[regime]
id = "law"
title = "A law"
jurisdiction = "GB"
zone = "Europe/London"
[authority.reg]
name = "The Regulator"
calendar = "gb-eaw"
[authority.bare]
name = "A body with no calendar"
)toml";
  auto pack_with = [&](const std::string& to,
                       const std::string& deadline = "deadline = { within = \"72h\", from = \"aware\" }") {
    return authorities + "[[obligation]]\nid = \"law/report\"\naction = \"notify-authority\"\n" + to +
           "\ntitle = \"Report\"\ncite = [{ ref = \"s. 2\", url = \"https://example.org/s2\" }]\nwhen = 'breach'\n" +
           deadline + "\n";
  };
  SECTION("it loads: no `to`, the map in the fact's order, and the fact counts as used") {
    auto rules =
        load({{"facts.toml", k_facts},
              {"law/law.toml", pack_with("to = { by = \"risk\", map = { high = \"bare\", low = \"reg\" } }")}});
    REQUIRE(rules);
    CHECK(rules->warnings().empty());  // risk is used by no condition, only by `to`
    const obligation& o = rules->regimes()[0].obligations[0];
    CHECK(o.to.empty());
    REQUIRE(o.to_by);
    CHECK(o.to_by->by == "risk");
    CHECK(o.to_by->map == std::vector<std::pair<std::string, std::string>>{{"low", "reg"}, {"high", "bare"}});
    REQUIRE(o.to_by->authority_for("high") != nullptr);
    CHECK(*o.to_by->authority_for("high") == "bare");
    CHECK(o.to_by->authority_for("medium") == nullptr);
  }
  auto errors_of = [&](const std::string& to,
                       const std::string& deadline = "deadline = { within = \"72h\", from = \"aware\" }") {
    auto rules = load({{"facts.toml", k_facts}, {"law/law.toml", pack_with(to, deadline)}});
    REQUIRE_FALSE(rules);
    return messages(rules.diagnostics());
  };
  SECTION("an unknown fact, with a did-you-mean") {
    CHECK(errors_of("to = { by = \"rsk\", map = { low = \"reg\" } }") ==
          std::vector<std::string>{"law/law.toml:15:13: error: unknown fact 'rsk'; did you mean 'risk'? (a recipient "
                                   "is chosen by an enum fact of facts.toml)"});
  }
  SECTION("a fact that is not an enum") {
    CHECK(errors_of("to = { by = \"breach\", map = { low = \"reg\" } }") ==
          std::vector<std::string>{"law/law.toml:15:13: error: fact 'breach' is of type bool: a recipient is chosen by "
                                   "an enum fact, each value naming an authority"});
  }
  SECTION("a value that is not the fact's, and values left unmapped") {
    CHECK(errors_of("to = { by = \"risk\", map = { lo = \"reg\" } }") ==
          std::vector<std::string>{"law/law.toml:15:27: error: the recipient of law/report is chosen by fact 'risk', "
                                   "but no authority is mapped for 'low' and 'high': map every value",
                                   "law/law.toml:15:29: error: 'lo' is not a value of fact 'risk'; did you mean 'low'? "
                                   "(its values are 'low' and 'high')"});
  }
  SECTION("an unknown authority, with a did-you-mean") {
    CHECK(errors_of("to = { by = \"risk\", map = { low = \"reg\", high = \"rge\" } }") ==
          std::vector<std::string>{"law/law.toml:15:49: error: unknown authority 'rge'; did you mean 'reg'? (the "
                                   "pack's authorities are 'bare' and 'reg')"});
  }
  SECTION("a business-day deadline needs the calendar of every authority mapped") {
    const auto m = errors_of("to = { by = \"risk\", map = { low = \"reg\", high = \"bare\" } }",
                             "deadline = { within = \"2 business days\", from = \"aware\" }");
    REQUIRE(m.size() == 1);
    CHECK(m[0].find("authority 'bare', chosen when risk is \"high\", has no calendar") != std::string::npos);
    // With only calendared authorities it loads.
    CHECK(load({{"facts.toml", k_facts},
                {"law/law.toml", pack_with("to = { by = \"risk\", map = { low = \"reg\", high = \"reg\" } }",
                                           "deadline = { within = \"2 business days\", from = \"aware\" }")}}));
  }
  SECTION("neither an id nor a table") {
    const auto m = errors_of("to = 3");
    REQUIRE(m.size() == 1);
    CHECK(m[0].find("'to' in obligation law/report must be an authority id, or a table { by = ") != std::string::npos);
  }
}

TEST_CASE("the duty view: one record per version, with its pack and recipient, and the redirects of substitutes",
          "[rules]") {
  // Versions written latest first; a substitute; a recipient chosen by a fact.
  const std::string pack = R"toml(
[regime]
id = "law"
title = "A law"
jurisdiction = "GB"
zone = "Europe/London"
[authority.reg]
name = "The Regulator"
[authority.other]
name = "Another body"

[[obligation]]
id = "law/report"
action = "notify-authority"
to = "reg"
title = "Report (as amended)"
cite = [{ ref = "s. 2A", url = "https://example.org/s2a" }]
effective = { from = 2025-08-20, by = "aware" }
unless = [{ when = 'risk == "low"', because = "low risk", instead = "law/public" }]

[[obligation]]
id = "law/report"
action = "notify-authority"
to = "other"
title = "Report"
cite = [{ ref = "s. 2", url = "https://example.org/s2" }]
effective = { until = 2025-08-20, by = "aware" }
unless = [{ when = 'risk == "low"', because = "low risk", instead = "law/public" }]

[[obligation]]
id = "law/public"
action = "communicate-publicly"
to = { by = "risk", map = { low = "reg", high = "other" } }
title = "Say it in public"
cite = [{ ref = "s. 3", url = "https://example.org/s3" }]
substitute = true
when = 'breach'
)toml";
  auto rules = load({{"facts.toml", k_facts}, {"law.toml", pack}});
  REQUIRE(rules);
  const std::vector<duty>& duties = rules->duties();
  REQUIRE(duties.size() == 2);
  CHECK(duties[0].id == "law/public");  // sorted by id
  CHECK(duties[1].id == "law/report");
  const regime& law = rules->regimes().front();

  const duty& report = duties[1];
  REQUIRE(report.versions.size() == 2);
  // In order of their windows, not of the file: the one until 2025-08-20 first.
  CHECK(report.versions[0].rule == &law.obligations[1]);
  CHECK(report.versions[1].rule == &law.obligations[0]);
  for (const duty_version& v : report.versions) CHECK(v.pack == &law);
  CHECK(report.versions[0].recipient == law.find_authority("other"));
  CHECK(report.versions[1].recipient == law.find_authority("reg"));
  CHECK(report.redirects.empty());

  const duty& pub = duties[0];
  REQUIRE(pub.versions.size() == 1);
  CHECK(pub.versions[0].recipient == nullptr);  // chosen by the fact `risk`
  REQUIRE(pub.versions[0].rule->to_by);
  // Each version of law/report redirects to it through its exception.
  REQUIRE(pub.redirects.size() == 2);
  for (const duty_redirect& r : pub.redirects) {
    CHECK(r.pack == &law);
    CHECK(r.from->id == "law/report");
    REQUIRE(r.exception != nullptr);
    CHECK(r.exception == &r.from->unless.front());
    CHECK(r.exception->instead == "law/public");
  }

  // The lookups agree with the view.
  CHECK(rules->find_duty("law/report") == &report);
  CHECK(rules->find_duty("law/nothing") == nullptr);
  CHECK(rules->find_duty("") == nullptr);
  CHECK(rules->versions("law/report") ==
        std::vector<const obligation*>{report.versions[0].rule, report.versions[1].rule});
  CHECK(rules->versions("law/nothing").empty());
  CHECK(rules->obligation_ids() == std::vector<std::string>{"law/public", "law/report"});
}

TEST_CASE("the bundled duties: every obligation is in exactly one duty, with its own pack", "[rules]") {
  const rule_set rules = rule_set::bundled();
  std::size_t obligations = 0;
  for (const regime& r : rules.regimes()) obligations += r.obligations.size();
  std::size_t versions = 0;
  for (const duty& d : rules.duties()) {
    REQUIRE_FALSE(d.versions.empty());
    for (const duty_version& v : d.versions) {
      ++versions;
      CHECK(v.rule->id == d.id);
      CHECK(v.rule->regime == v.pack->id);
      CHECK(&v.pack->obligations.front() <= v.rule);
      CHECK(v.rule <= &v.pack->obligations.back());
      if (v.rule->to_by) CHECK(v.recipient == nullptr);
      else CHECK(v.recipient == v.pack->find_authority(v.rule->to));
    }
    for (const duty_redirect& r : d.redirects) CHECK(r.exception->instead == d.id);
  }
  // Proposed law is kept apart, in proposed_duties(): every obligation is in one list or the other.
  for (const duty& d : rules.proposed_duties()) versions += d.versions.size();
  CHECK(versions == obligations);
}
