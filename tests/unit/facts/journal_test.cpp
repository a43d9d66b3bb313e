// The incident journal: [[learned]], [[filed]] and [[requested]] read from TOML and JSON,
// checked against the fact schema and located; incident::known_at.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "breachclock/facts/incident.hpp"
#include "support/test_support.hpp"
#include "unit/facts/incident_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using namespace breachclock::test::incident_cases;

namespace {

const std::string k_journal = k_head +
                              "[events]\n"                                    // 3
                              "detected = 2024-03-21T09:00:00Z\n"             // 4
                              "[facts]\n"                                     // 5
                              "role = \"controller\"\n"                       // 6
                              "[[learned]]\n"                                 // 7
                              "at = 2024-03-22T16:00:00Z\n"                   // 8
                              "facts = { breach = true, risk = \"high\" }\n"  // 9
                              "events = { aware = 2024-03-22T15:00:00 }\n"    // 10
                              "[[learned]]\n"                                 // 11
                              "at = \"2024-03-23T10:00:00Z\"\n"               // 12
                              "facts = { risk = \"unknown\" }\n"              // 13
                              "[[filed]]\n"                                   // 14
                              "obligation = \"uk-gdpr/notify-ico\"\n"         // 15
                              "at = 2024-03-25T10:00:00Z\n"                   // 16
                              "reference = \"ICO-1\"\n"                       // 17
                              "[[requested]]\n"                               // 18
                              "obligation = \"uk-gdpr/notify-ico\"\n"         // 19
                              "at = 2024-03-24T10:00:00Z\n";                  // 20

}  // namespace

TEST_CASE("journal: the entries are read, located, in order of their instants", "[facts][journal]") {
  auto r = read(k_journal);
  REQUIRE(r);
  const incident& i = *r;
  CHECK(i.has_journal());
  REQUIRE(i.learned().size() == 2);
  const learned_entry& first = i.learned()[0];
  CHECK(first.at == at("2024-03-22T16:00:00Z"));
  CHECK(first.facts.at("breach") == fact_value{true});
  CHECK(first.facts.at("risk") == fact_value{std::string("high")});
  // A local time is resolved in the incident's zone (GMT in March, before the change).
  CHECK(first.events.at("aware") == at("2024-03-22T15:00:00Z"));
  CHECK(first.where.line == 7);
  // "unknown" is kept: the fact becomes unknown again from that instant.
  CHECK_FALSE(i.learned()[1].facts.at("risk").is_known());
  REQUIRE(i.filings().size() == 1);
  CHECK(i.filings()[0].obligation == "uk-gdpr/notify-ico");
  CHECK(i.filings()[0].reference == "ICO-1");
  CHECK(i.filings()[0].where.line == 14);
  REQUIRE(i.requests().size() == 1);
  CHECK(i.requests()[0].at == at("2024-03-24T10:00:00Z"));
  // The incident's own facts are not changed by what it learned later.
  CHECK_FALSE(i.fact("breach").is_known());
  CHECK_FALSE(i.event("aware"));
}

TEST_CASE("journal: an incident without one reads as before", "[facts][journal]") {
  auto r = read(k_head + "[facts]\nrole = \"controller\"\n");
  REQUIRE(r);
  CHECK_FALSE(r->has_journal());
  CHECK(r->known_at(at("2024-01-01T00:00:00Z")).facts() == r->facts());
}

TEST_CASE("journal: JSON has the same shape", "[facts][journal]") {
  auto r = read(R"({"id": "j", "zone": "Europe/London",
  "learned": [{"at": "2024-03-22T16:00:00Z", "facts": {"breach": true}, "events": {"aware": "2024-03-22T15:00:00Z"}}],
  "filed": [{"obligation": "uk-gdpr/notify-ico", "at": "2024-03-25T10:00:00Z"}],
  "requested": [{"obligation": "uk-gdpr/notify-ico", "at": "2024-03-24T10:00:00+01:00"}]})",
                "j.json");
  REQUIRE(r);
  CHECK(r->learned().size() == 1);
  CHECK(r->filings().front().reference.empty());
  CHECK(r->requests().front().at == at("2024-03-24T09:00:00Z"));
}

TEST_CASE("journal: every error is located, with its code", "[facts][journal]") {
  const strings es = errors(k_head +
                            "[[learned]]\n"                                 // 3
                            "at = 2024-03-22\n"                             // 4
                            "facts = { breech = true, risk = \"hihg\" }\n"  // 5
                            "events = { awre = 2024-03-22T16:00:00Z }\n"    // 6
                            "colour = 1\n"                                  // 7
                            "[[filed]]\n"                                   // 8
                            "obligation = 3\n"                              // 9
                            "at = \"soon\"\n"                               // 10
                            "[[requested]]\n"                               // 11
                            "obligation = \"x/y\"\n"                        // 12
                            "reference = \"r\"\n");                         // 13
  CHECK(contains(es,
                 "incident.toml:4:6: error: 'at' of a learned entry needs a time of day, not only a date (for "
                 "example 2024-03-22T09:00:00)"));
  CHECK(contains(es, "incident.toml:5:11: error: unknown fact 'breech'; did you mean 'breach'?"));
  CHECK(contains(es,
                 "incident.toml:5:33: error: 'hihg' is not a value of risk; did you mean 'high'? (the values are "
                 "'unlikely', 'risk' or 'high', or \"unknown\")"));
  CHECK(contains(es, "incident.toml:6:12: error: unknown event 'awre'; did you mean 'aware'?"));
  CHECK(contains(es,
                 "incident.toml:7:1: error: unknown key 'colour' in a learned entry (the keys are at, facts "
                 "and events)"));
  CHECK(contains(es, "incident.toml:9:14: error: 'obligation' must be a string (an obligation id), not an integer"));
  CHECK(contains(es, "incident.toml:11:1: error: a requested entry needs 'at', the instant"));
  CHECK(contains(es,
                 "incident.toml:13:1: error: unknown key 'reference' in a requested entry (the keys are "
                 "obligation and at)"));
  const auto syntax = std::find_if(es.begin(), es.end(),
                                   [](const std::string& e) { return e.rfind("incident.toml:10:7:", 0) == 0; });
  CHECK(syntax != es.end());
  const auto not_a_list = read(k_head + "learned = 3\n");
  REQUIRE_FALSE(not_a_list);
  CHECK(not_a_list.diagnostics().front().code == "incident.type");
  CHECK(to_string(not_a_list.diagnostics().front()) ==
        "incident.toml:3:11: error: 'learned' must be an array of tables ([[learned]]), not an integer");
}

TEST_CASE("journal: known_at lays the entries up to an instant over the incident's facts", "[facts][journal]") {
  const incident i = *read(k_journal);
  const incident before = i.known_at(at("2024-03-22T15:59:59Z"));
  CHECK_FALSE(before.has_journal());
  CHECK(before.facts() == i.facts());
  CHECK(before.events() == i.events());

  const incident then = i.known_at(at("2024-03-22T16:00:00Z"));  // at the instant: known
  CHECK(then.fact("breach") == fact_value{true});
  CHECK(then.fact("risk") == fact_value{std::string("high")});
  CHECK(then.event("aware") == at("2024-03-22T15:00:00Z"));
  CHECK(then.learned().size() == 1);
  CHECK(then.filings().empty());

  const incident later = i.known_at(at("2024-03-24T12:00:00Z"));
  CHECK_FALSE(later.fact("risk").is_known());  // "unknown" again from 23 March
  CHECK(later.fact("breach") == fact_value{true});
  CHECK(later.requests().size() == 1);
  CHECK(later.filings().empty());
  CHECK(i.known_at(at("2024-03-26T00:00:00Z")).filings().size() == 1);

  // Idempotent: the entries kept are already applied.
  const incident again = later.known_at(at("2024-03-24T12:00:00Z"));
  CHECK(again.facts() == later.facts());
  CHECK(again.events() == later.events());
  CHECK(again.learned().size() == later.learned().size());
}

TEST_CASE("journal: entries added in code keep the order of their instants", "[facts][journal]") {
  incident i{"c", breachclock::test::zone_named("Europe/London")};
  i.add_filing({"a/b", at("2024-03-25T10:00:00Z"), "second", {}});
  i.add_filing({"a/b", at("2024-03-24T10:00:00Z"), "first", {}});
  i.add_filing({"a/b", at("2024-03-25T10:00:00Z"), "third", {}});
  REQUIRE(i.filings().size() == 3);
  CHECK(i.filings()[0].reference == "first");
  CHECK(i.filings()[1].reference == "second");
  CHECK(i.filings()[2].reference == "third");
}

TEST_CASE("journal: an incident prints its journal after its facts", "[facts][journal]") {
  std::ostringstream os;
  os << *read(k_journal);
  CHECK(os.str() ==
        "incident INC-1 (Europe/London)\n"
        "  detected = 2024-03-21T09:00:00Z\n"
        "  role = \"controller\"\n"
        "  learned at 2024-03-22T16:00:00Z: breach = true; risk = \"high\"; aware = 2024-03-22T15:00:00Z;\n"
        "  learned at 2024-03-23T10:00:00Z: risk = unknown;\n"
        "  filed uk-gdpr/notify-ico at 2024-03-25T10:00:00Z (reference ICO-1)\n"
        "  requested uk-gdpr/notify-ico at 2024-03-24T10:00:00Z");
}
