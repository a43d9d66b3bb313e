#include <catch2/catch.hpp>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/engine/diff.hpp"
#include "support/test_support.hpp"
#include "unit/rules/rule_set_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::messages;
using breachclock::test::zone_named;
using namespace breachclock::test::rule_set_cases;
using proposed_law = assess_options::proposed_law;

namespace {

// A law with a duty in force (72 hours) and a proposed amendment of it (96 hours), a proposed
// new duty, a special law that displaces the general one when `risk == "high"`, and a
// proposed pack.
const char* k_law = R"toml(
[regime]
id = "law"
title = "A law"
jurisdiction = "GB"
zone = "Europe/London"
[authority.reg]
name = "The Regulator"
[[obligation]]
id = "law/report"
action = "notify-authority"
to = "reg"
title = "Report"
cite = [{ ref = "s. 2", url = "https://example.org/s2" }]
when = 'breach'
unless = [{ when = 'risk == "high"', because = "The special law applies (s. 9)", cite = [{ ref = "Special s. 1", url = "https://example.org/special" }], displaced_by = "special" }]
deadline = { within = "72h", from = "aware" }
[[obligation]]
id = "law/report"
proposed = "Omnibus, COM(2025) 1"
action = "notify-authority"
to = "reg"
title = "Report (as proposed)"
cite = [{ ref = "Proposal Art. 3", url = "https://example.org/omnibus" }]
when = 'breach'
deadline = { within = "96h", from = "aware" }
[[obligation]]
id = "law/register"
proposed = "Omnibus, COM(2025) 1"
action = "record"
to = "reg"
title = "Register the breach"
cite = [{ ref = "Proposal Art. 4", url = "https://example.org/omnibus" }]
when = 'breach'
deadline = { within = "24h", from = "aware" }
)toml";

const char* k_special = R"toml(
[regime]
id = "special"
title = "A special law"
jurisdiction = "GB"
zone = "Europe/London"
[authority.reg]
name = "The Special Regulator"
[[obligation]]
id = "special/report"
action = "notify-authority"
to = "reg"
title = "Report to the special regulator"
cite = [{ ref = "Special s. 1", url = "https://example.org/special" }]
when = 'breach and risk == "high"'
deadline = { within = "4h", from = "aware" }
)toml";

const char* k_future = R"toml(
[regime]
id = "future"
title = "A proposed law"
jurisdiction = "GB"
zone = "Europe/London"
proposed = "Future Act (Bill 12)"
[authority.reg]
name = "The Future Regulator"
[[obligation]]
id = "future/tell"
action = "notify-authority"
to = "reg"
title = "Tell the future regulator"
cite = [{ ref = "Bill 12 cl. 1", url = "https://example.org/bill12" }]
when = 'breach'
deadline = { within = "48h", from = "aware" }
)toml";

result<rule_set> proposal_rules() {
  return load({{"facts.toml", k_facts},
               {"law/law.toml", k_law},
               {"special/special.toml", k_special},
               {"future/future.toml", k_future}});
}

incident breach(std::optional<std::string> risk) {
  incident i("i-1", zone::utc());
  i.set_event("aware", at("2025-03-04T10:00:00Z"));
  i.set_scope(std::vector<std::string>{"GB"});
  i.set_fact("breach", true);
  if (risk) i.set_fact("risk", *risk);
  return i;
}

std::vector<std::string> listing(const assessment& a) {
  std::vector<std::string> out;
  for (const obligation_result& o : a.obligations)
    out.push_back(std::string(o.rule->id) + (o.proposed ? " (proposed)" : ""));
  return out;
}

}  // namespace

TEST_CASE("proposed law loads apart from the law in force", "[proposed]") {
  auto rules = proposal_rules();
  INFO(test::first_error(rules));
  REQUIRE(rules);
  std::vector<std::string> in_force;
  for (const duty& d : rules->duties()) in_force.push_back(d.id);
  CHECK(in_force == std::vector<std::string>{"law/report", "special/report"});
  std::vector<std::string> proposed;
  for (const duty& d : rules->proposed_duties()) proposed.push_back(d.id);
  CHECK(proposed == std::vector<std::string>{"future/tell", "law/register", "law/report"});
  CHECK(rules->proposed_duties()[2].versions.front().rule->proposed == "Omnibus, COM(2025) 1");
  CHECK(rules->proposed_duties()[0].versions.front().rule->proposed == "Future Act (Bill 12)");  // from [regime]
  CHECK(rules->find_duty("law/register") == nullptr);
  REQUIRE(rules->versions("law/report").size() == 1);
  CHECK(rules->versions("law/report")[0]->proposed.empty());
  const exception_rule& x = rules->duties()[0].versions[0].rule->unless[0];
  CHECK(x.displaced_by == "special");
}

TEST_CASE("proposed and displaced_by: bad values are located", "[proposed]") {
  auto errors_of = [](std::map<std::string, std::string> files) {
    files.emplace("facts.toml", k_facts);
    auto rules = load(files);
    REQUIRE_FALSE(rules);
    return messages(rules.diagnostics());
  };
  auto edited = [](std::string text, const std::string& from, const std::string& to) {
    text.replace(text.find(from), from.size(), to);
    return text;
  };
  SECTION("proposed is a non-empty string") {
    CHECK(errors_of({{"future/future.toml", edited(k_future, "\"Future Act (Bill 12)\"", "true")}}) ==
          std::vector<std::string>{"future/future.toml:7:12: error: proposed is not a string: it names the proposal, "
                                   "such as proposed = \"Digital Omnibus, COM(2025) 837\" (law in force has no "
                                   "proposed key)"});
    CHECK(errors_of({{"future/future.toml", edited(k_future, "\"Future Act (Bill 12)\"", "\" \"")}}).size() == 1);
  }
  SECTION("displaced_by names a pack, with a did-you-mean") {
    CHECK(errors_of({{"law/law.toml", edited(k_law, "displaced_by = \"special\"", "displaced_by = \"specail\"")},
                     {"special/special.toml", k_special}}) ==
          std::vector<std::string>{"law/law.toml:16:169: error: displaced_by names 'specail', which is not a rule "
                                   "pack of the rule set; did you mean 'special'? (the packs are 'law' and "
                                   "'special')"});
  }
  SECTION("displaced_by is not combined with instead, nor names its own pack or a proposed one") {
    const auto both = errors_of({{"law/law.toml", edited(k_law, "displaced_by", "instead = \"law/x\", displaced_by")},
                                 {"special/special.toml", k_special}});
    CHECK(std::any_of(both.begin(), both.end(),
                      [](const std::string& m) { return m.find("(displaced_by), not both") != std::string::npos; }));
    const auto own =
        errors_of({{"law/law.toml", edited(k_law, "displaced_by = \"special\"", "displaced_by = \"law\"")}});
    REQUIRE(own.size() == 1);
    CHECK(own[0].find("the exception's own pack 'law'") != std::string::npos);
    const auto by_proposed =
        errors_of({{"law/law.toml", edited(k_law, "displaced_by = \"special\"", "displaced_by = \"future\"")},
                   {"future/future.toml", k_future}});
    REQUIRE(by_proposed.size() == 1);
    CHECK(by_proposed[0].find("which is proposed law (Future Act (Bill 12))") != std::string::npos);
  }
  SECTION("proposed versions of one id need disjoint windows, as versions in force do") {
    std::string twice = k_law;
    const std::string amendment = twice.substr(twice.find("[[obligation]]\nid = \"law/report\"\nproposed"));
    twice += amendment.substr(0, amendment.find("[[obligation]]\nid = \"law/register\""));
    const auto m = errors_of({{"law/law.toml", twice}, {"special/special.toml", k_special}});
    REQUIRE(m.size() == 1);
    CHECK(m[0].find("duplicate obligation id 'law/report'") != std::string::npos);
  }
}

TEST_CASE("assess: proposed law is excluded, beside or enacted", "[proposed]") {
  auto rules = proposal_rules();
  REQUIRE(rules);
  const incident i = breach("low");
  const instant t = at("2025-03-04T12:00:00Z");
  SECTION("exclude (the default): never in a result, and no question of it") {
    const assessment a = *assess(*rules, i, t);
    CHECK(listing(a) == std::vector<std::string>{"law/report", "special/report"});
    CHECK(a.find("law/report")->deadline.due == at("2025-03-07T10:00:00Z"));
  }
  SECTION("beside: each proposed result after the one in force of its id; a new one at its place") {
    const assessment a = *assess(*rules, i, t, {.proposed = proposed_law::beside});
    CHECK(listing(a) == std::vector<std::string>{"law/register (proposed)", "future/tell (proposed)", "law/report",
                                                 "law/report (proposed)", "special/report"});
    CHECK(a.obligations[3].deadline.due == at("2025-03-08T10:00:00Z"));
    CHECK(a.obligations[3].state == status::required);
    CHECK_FALSE(a.find("law/report")->proposed);  // find() gives the law in force
  }
  SECTION("beside: the questions are the law in force's") {
    incident unknown = breach(std::nullopt);
    const assessment a = *assess(*rules, unknown, t, {.proposed = proposed_law::beside});
    REQUIRE(a.questions.size() == 1);
    CHECK(a.questions[0].name == "risk");
    CHECK(a.questions[0].decides == std::vector<std::string>{"law/report", "special/report"});
  }
  SECTION("enact: the proposal in place of the duty in force, marked proposed") {
    const assessment a = *assess(*rules, i, t, {.proposed = proposed_law::enact});
    CHECK(listing(a) == std::vector<std::string>{"law/register (proposed)", "future/tell (proposed)",
                                                 "law/report (proposed)", "special/report"});
    CHECK(a.find("law/report")->deadline.due == at("2025-03-08T10:00:00Z"));
  }
}

TEST_CASE("displacement: a duty another law displaces is not required, with that law's reason", "[proposed]") {
  auto rules = proposal_rules();
  REQUIRE(rules);
  const instant t = at("2025-03-04T12:00:00Z");
  SECTION("the displacing exception holds") {
    const assessment a = *assess(*rules, breach("high"), t);
    const obligation_result& o = *a.find("law/report");
    CHECK(o.state == status::not_required);
    REQUIRE(o.displaced != nullptr);
    CHECK(o.displaced->displaced_by == "special");
    CHECK(o.displaced->because == "The special law applies (s. 9)");
    CHECK(o.displaced->cite[0].ref == "Special s. 1");
    CHECK(a.find("special/report")->state == status::required);
  }
  SECTION("it does not hold") {
    const assessment a = *assess(*rules, breach("low"), t);
    CHECK(a.find("law/report")->state == status::required);
    CHECK(a.find("law/report")->displaced == nullptr);
  }
  SECTION("unknown: undetermined, and its fact is asked") {
    const assessment a = *assess(*rules, breach(std::nullopt), t);
    const obligation_result& o = *a.find("law/report");
    CHECK(o.state == status::undetermined);
    CHECK(o.displaced == nullptr);
    CHECK(o.depends_on == std::vector<std::string>{"risk"});
  }
  SECTION("not required for another reason: not displaced") {
    incident none = breach("high");
    none.set_fact("breach", false);
    const assessment a = *assess(*rules, none, t);
    CHECK(a.find("law/report")->state == status::not_required);
    CHECK(a.find("law/report")->displaced == nullptr);
  }
}

TEST_CASE("diff of the law in force and the enacted proposal", "[proposed]") {
  auto rules = proposal_rules();
  REQUIRE(rules);
  const incident i = breach("low");
  const instant t = at("2025-03-04T12:00:00Z");
  const assessment binding = *assess(*rules, i, t);
  const assessment enacted = *assess(*rules, i, t, {.proposed = proposed_law::enact});
  const auto changes = compare(binding, enacted);
  REQUIRE(changes.size() == 3);
  CHECK(changes[0].id == "future/tell");
  CHECK(changes[0].before == nullptr);
  CHECK(changes[1].id == "law/register");
  CHECK(changes[2].id == "law/report");
  CHECK(changes[2].due_changed);
  CHECK(*changes[2].after->deadline.due - *changes[2].before->deadline.due == std::chrono::hours{24});
}

TEST_CASE("enact: the substitutes follow the enacted law's redirects", "[proposed]") {
  const std::string pack = R"toml(
[regime]
id = "law"
title = "A law"
jurisdiction = "GB"
zone = "Europe/London"
[authority.reg]
name = "The Regulator"
[[obligation]]
id = "law/tell"
action = "notify-individuals"
to = "reg"
title = "Tell each person"
cite = [{ ref = "s. 3", url = "https://example.org/s3" }]
when = 'breach'
unless = [{ when = 'risk == "high"', because = "Too many (s. 3(2))", instead = "law/publish" }]
[[obligation]]
id = "law/tell"
proposed = "Omnibus, COM(2025) 1"
action = "notify-individuals"
to = "reg"
title = "Tell each person (as proposed)"
cite = [{ ref = "Proposal Art. 5", url = "https://example.org/omnibus" }]
when = 'breach'
unless = [{ when = 'risk == "low"', because = "Low risk (Proposal Art. 5(2))", instead = "law/publish" }]
[[obligation]]
id = "law/publish"
action = "communicate-publicly"
to = "reg"
title = "Publish a notice"
cite = [{ ref = "s. 3(2)", url = "https://example.org/s3" }]
substitute = true
)toml";
  auto rules = load({{"facts.toml", k_facts}, {"law/law.toml", pack}});
  INFO(test::first_error(rules));
  REQUIRE(rules);
  const incident i = breach("high");
  const instant t = at("2025-03-04T12:00:00Z");
  const assessment binding = *assess(*rules, i, t);
  CHECK(binding.find("law/tell")->state == status::not_required);
  CHECK(binding.find("law/publish")->state == status::required);
  const assessment enacted = *assess(*rules, i, t, {.proposed = proposed_law::enact});
  CHECK(enacted.find("law/tell")->state == status::required);
  CHECK(enacted.find("law/tell")->proposed);
  CHECK(enacted.find("law/publish")->state == status::not_required);
  CHECK_FALSE(enacted.find("law/publish")->proposed);
  // beside: the substitute in force keeps the redirects of the law in force
  const assessment both = *assess(*rules, i, t, {.proposed = proposed_law::beside});
  CHECK(both.find("law/publish")->state == status::required);
}

TEST_CASE("beside: a warning is told once, not again for the proposed amendment", "[proposed]") {
  auto rules = proposal_rules();
  REQUIRE(rules);
  incident i("i-2", zone_named("Europe/London"));
  i.set_scope(std::vector<std::string>{"GB"});
  i.set_event("occurred", at("2025-03-04T10:00:00Z"));
  i.set_fact("breach", true);
  i.set_fact("risk", "low");
  const assessment a = *assess(*rules, i, at("2025-03-04T12:00:00Z"), {.proposed = proposed_law::beside});
  REQUIRE(a.warnings.size() == 1);
  CHECK(a.warnings[0] ==
        "3 deadlines count from 'occurred' while 'aware' is unknown (provisional): future/tell, law/register, "
        "law/report");
}

TEST_CASE("the digest covers proposed law", "[proposed]") {
  auto rules = proposal_rules();
  REQUIRE(rules);
  std::string amended = k_law;
  const std::string from = "deadline = { within = \"96h\", from = \"aware\" }";
  amended.replace(amended.find(from), from.size(), "deadline = { within = \"100h\", from = \"aware\" }");
  auto changed = load({{"facts.toml", k_facts},
                       {"law/law.toml", amended},
                       {"special/special.toml", k_special},
                       {"future/future.toml", k_future}});
  REQUIRE(changed);
  CHECK(changed->duties().size() == rules->duties().size());  // the law in force is the same
  CHECK(changed->digest() != rules->digest());                // and the digest is not
  auto without_future = load({{"facts.toml", k_facts}, {"law/law.toml", k_law}, {"special/special.toml", k_special}});
  REQUIRE(without_future);
  CHECK(without_future->digest() != rules->digest());
}
