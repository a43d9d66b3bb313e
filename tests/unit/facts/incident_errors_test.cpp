#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "breachclock/facts/incident.hpp"
#include "support/test_support.hpp"
#include "unit/facts/incident_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::first_error;
using breachclock::test::zone_named;
using namespace breachclock::test::incident_cases;

namespace {

std::string one_error(const std::string& text, const std::string& path = "incident.toml") {
  const strings es = errors(text, path);
  CHECK(es.size() == 1);
  return es.empty() ? std::string("(no diagnostic)") : es.front();
}

}  // namespace

TEST_CASE("incident errors: keys at the top", "[facts]") {
  CHECK(one_error(k_head + "titel = \"x\"\n") ==
        "incident.toml:3:1: error: unknown key 'titel' in the incident; did you mean 'title'? (the keys are id, zone, "
        "title, notes, scope, events, facts, learned, filed, requested and delayed)");
  CHECK(one_error(k_head + "[fact]\nrisk = \"high\"\n") ==
        "incident.toml:3:2: error: unknown key 'fact' in the incident; did you mean 'facts'? (the keys are id, zone, "
        "title, notes, scope, events, facts, learned, filed, requested and delayed)");
  CHECK(one_error(k_head + "severity = 3\n") ==
        "incident.toml:3:1: error: unknown key 'severity' in the incident (the keys are id, zone, title, notes, scope, "
        "events, facts, learned, filed, requested and delayed)");
}

TEST_CASE("incident errors: id and zone", "[facts]") {
  SECTION("missing id") {
    CHECK(one_error("zone = \"Europe/London\"\n") == "incident.toml:1:1: error: the incident needs 'id'");
    CHECK(one_error(R"({"zone": "Europe/London"})", "x.json") == "x.json:1:1: error: the incident needs 'id'");
  }
  SECTION("missing zone") {
    CHECK(one_error("id = \"INC-1\"\n") == "incident.toml:1:1: error: the incident needs 'zone'");
    CHECK(one_error("\n {\"id\": \"INC-1\"}", "x.json") == "x.json:2:2: error: the incident needs 'zone'");
  }
  SECTION("neither") {
    const strings es = errors("title = \"t\"\n");
    CHECK(es == strings{"incident.toml:1:1: error: the incident needs 'id'",
                        "incident.toml:1:1: error: the incident needs 'zone'"});
  }
  SECTION("not strings") {
    CHECK(one_error("id = 42\nzone = \"UTC\"\n") == "incident.toml:1:6: error: 'id' must be a string, not an integer");
    CHECK(one_error("id = \"x\"\nzone = 1\n") == "incident.toml:2:8: error: 'zone' must be a string, not an integer");
  }
  SECTION("an id too long, or with control characters (it reaches terminals, XML and iCalendar)") {
    CHECK(one_error("id = \"" + std::string(201, 'x') + "\"\nzone = \"UTC\"\n") ==
          "incident.toml:1:6: error: the id is longer than 200 bytes");
    CHECK(one_error("id = \"INC\\u001b[2J-1\"\nzone = \"UTC\"\n") ==
          "incident.toml:1:6: error: the id 'INC\\x1b[2J-1' holds a control character");
    CHECK(one_error(R"({"id": "INC\u0007", "zone": "UTC"})", "x.json") ==
          "x.json:1:8: error: the id 'INC\\x07' holds a control character");
  }
  SECTION("an unknown zone, with a did-you-mean") {
    CHECK(one_error("id = \"INC-1\"\nzone = \"Europe/Londn\"\n") ==
          "incident.toml:2:9: error: unknown time zone 'Europe/Londn'; did you mean 'Europe/London'? (IANA names such "
          "as Europe/London or America/Toronto; is tzdata installed?)");
    CHECK(one_error(R"({"id": "INC-1", "zone": "America/Toront"})", "x.json") ==
          "x.json:1:26: error: unknown time zone 'America/Toront'; did you mean 'America/Toronto'? (IANA names such as "
          "Europe/London or America/Toronto; is tzdata installed?)");
  }
  SECTION("an unknown zone does not hide the errors in the facts") {
    // Facts and event names do not depend on the zone: they are checked all the same.
    const strings es = errors(
        "id = \"INC-1\"\nzone = \"Europe/Londn\"\n[events]\ndetcted = 2024-03-21T09:00:00Z\n"
        "[facts]\nrisk = \"hgh\"\n");
    CHECK(es.size() == 3);
    CHECK(contains(es,
                   "incident.toml:2:9: error: unknown time zone 'Europe/Londn'; did you mean 'Europe/London'? (IANA "
                   "names such as Europe/London or America/Toronto; is tzdata installed?)"));
    CHECK(contains(es, "incident.toml:4:1: error: unknown event 'detcted'; did you mean 'detected'?"));
    CHECK(contains(es,
                   "incident.toml:6:8: error: 'hgh' is not a value of risk; did you mean 'high'? (the values are "
                   "'unlikely', 'risk' or 'high', or \"unknown\")"));
  }
  SECTION("columns count characters, not bytes") {
    CHECK(one_error(k_head + "notes = [\"caf\u00e9\", 2]\n") ==
          "incident.toml:3:18: error: 'notes[]' must be a string, not an integer");
    CHECK(one_error(R"({"id": "x", "zone": "UTC", "notes": ["café", 2]})", "x.json") ==
          "x.json:1:46: error: 'notes[]' must be a string, not an integer");
  }
  SECTION("title and notes of the wrong type") {
    CHECK(one_error(k_head + "title = 3\n") == "incident.toml:3:9: error: 'title' must be a string, not an integer");
    CHECK(one_error(k_head + "notes = \"one\"\n") ==
          "incident.toml:3:9: error: 'notes' must be an array of strings, not a string");
    CHECK(one_error(k_head + "notes = [\"one\", 2]\n") ==
          "incident.toml:3:17: error: 'notes[]' must be a string, not an integer");
  }
}

TEST_CASE("incident errors: unknown event and fact names", "[facts]") {
  CHECK(one_error(k_head + "[events]\ndetcted = 2024-03-21T09:00:00Z\n") ==
        "incident.toml:4:1: error: unknown event 'detcted'; did you mean 'detected'?");
  CHECK(one_error(k_head + "[events]\nreported = 2024-03-21T09:00:00Z\n") ==
        "incident.toml:4:1: error: unknown event 'reported'");
  CHECK(one_error(k_head + "[facts]\nrsk = \"high\"\n") ==
        "incident.toml:4:1: error: unknown fact 'rsk'; did you mean 'risk'?");
  CHECK(one_error(k_head + "[facts]\nsector = \"health\"\n") == "incident.toml:4:1: error: unknown fact 'sector'");
  SECTION("a fact under events, an event under facts") {
    CHECK(one_error(k_head + "[events]\nrisk = \"high\"\n") ==
          "incident.toml:4:1: error: 'risk' is a fact, not an event: put it under facts");
    CHECK(one_error(k_head + "[facts]\naware = 2024-03-21T09:00:00Z\n") ==
          "incident.toml:4:1: error: 'aware' is an event, not a fact: put it under events");
  }
  SECTION("in JSON, located at the key's quote") {
    CHECK(one_error(R"({"id": "x", "zone": "UTC", "facts": {"rsk": "high"}})", "x.json") ==
          "x.json:1:38: error: unknown fact 'rsk'; did you mean 'risk'?");
    CHECK(one_error(R"({"id": "x", "zone": "UTC", "events": {"awre": "2024-03-21T09:00:00Z"}})", "x.json") ==
          "x.json:1:39: error: unknown event 'awre'; did you mean 'aware'?");
  }
  SECTION("events and facts that are not tables") {
    CHECK(one_error(k_head + "events = 3\n") == "incident.toml:3:10: error: 'events' must be a table, not an integer");
    CHECK(one_error(k_head + "facts = [\"a\"]\n") == "incident.toml:3:9: error: 'facts' must be a table, not an array");
    CHECK(one_error(R"({"id": "x", "zone": "UTC", "facts": []})", "x.json") ==
          "x.json:1:37: error: 'facts' must be an object, not an array");
  }
}

TEST_CASE("incident errors: event values", "[facts]") {
  CHECK(
      one_error(k_head + "[events]\naware = 2024-03-22\n") ==
      "incident.toml:4:9: error: event 'aware' needs a time of day, not only a date (for example 2024-03-22T09:00:00)");
  CHECK(one_error(k_head + "[events]\naware = 16:00:00\n") ==
        "incident.toml:4:9: error: 'aware' must be a date-time (or \"unknown\"), not a time");
  CHECK(one_error(k_head + "[events]\naware = 5\n") ==
        "incident.toml:4:9: error: 'aware' must be a date-time (or \"unknown\"), not an integer");
  CHECK(one_error(R"({"id": "x", "zone": "UTC", "events": {"aware": true}})", "x.json") ==
        "x.json:1:48: error: 'aware' must be a date-time (or \"unknown\"), not a boolean");
  // In JSON a date alone is a string: refused too, at the string's text.
  const std::string json_date = one_error(R"({"id": "x", "zone": "UTC", "events": {"aware": "2024-03-22"}})", "x.json");
  CHECK(json_date ==
        "x.json:1:59: error: '2024-03-22' has no time of day: write a date-time such as 2024-03-21T09:00:00Z, "
        "2024-03-21T10:00:00+01:00 or, for a local time, 2024-03-21T09:00:00");
  // A string that is not a time: an error inside the string.
  auto r = read(k_head + "[events]\naware = \"yesterday\"\n");
  REQUIRE_FALSE(r);
  REQUIRE(r.diagnostics().size() == 1);
  CHECK(r.diagnostics().front().where.file == "incident.toml");
  CHECK(r.diagnostics().front().where.line == 4);
  CHECK(r.diagnostics().front().where.column >= 10);
}

TEST_CASE("incident errors: fact values of the wrong type", "[facts]") {
  SECTION("bool") {
    CHECK(one_error(k_head + "[facts]\nbreach = \"yes\"\n") ==
          "incident.toml:4:10: error: breach is true or false, not \"yes\"");
    CHECK(one_error(k_head + "[facts]\nbreach = 1\n") == "incident.toml:4:10: error: breach is true or false, not 1");
    CHECK(one_error(k_head + "[facts]\nbreach = [\"contact\"]\n") ==
          "incident.toml:4:10: error: breach is true or false, not [\"contact\"]");
    CHECK(one_error(k_head + "[facts]\nbreach = 1.5\n") ==
          "incident.toml:4:10: error: breach is true or false, not a float");
    CHECK(one_error(R"({"id": "x", "zone": "UTC", "facts": {"breach": null}})", "x.json") ==
          "x.json:1:48: error: breach is true or false, not null");
  }
  SECTION("int") {
    CHECK(one_error(k_head + "[facts]\naffected_count = \"500\"\n") ==
          "incident.toml:4:18: error: affected_count is a whole number, not \"500\"");
    CHECK(one_error(k_head + "[facts]\naffected_count = true\n") ==
          "incident.toml:4:18: error: affected_count is a whole number, not true");
    CHECK(one_error(k_head + "[facts]\naffected_count = 2.5\n") ==
          "incident.toml:4:18: error: affected_count is a whole number, not a float");
    CHECK(one_error(R"({"id": "x", "zone": "UTC", "facts": {"affected_count": 2.5}})", "x.json") ==
          "x.json:1:56: error: affected_count is a whole number, not a number with a fraction");
  }
  SECTION("enum") {
    CHECK(one_error(k_head + "[facts]\nrisk = 3\n") ==
          "incident.toml:4:8: error: risk is one of 'unlikely', 'risk' or 'high', not 3");
    CHECK(one_error(k_head + "[facts]\nrisk = [\"high\"]\n") ==
          "incident.toml:4:8: error: risk is one of 'unlikely', 'risk' or 'high', not [\"high\"]");
    CHECK(one_error(k_head + "[facts]\nrisk = 2024-01-01\n") ==
          "incident.toml:4:8: error: risk is one of 'unlikely', 'risk' or 'high', not a date");
    // A table is described as a table (as every other kind is), not as an empty list.
    CHECK(one_error(k_head + "[facts]\nrisk = { at_least = [\"high\"] }\n") ==
          "incident.toml:4:8: error: risk is one of 'unlikely', 'risk' or 'high', not a table");
  }
  SECTION("set") {
    CHECK(one_error(k_head + "[facts]\ndata_categories = \"health\"\n") ==
          "incident.toml:4:19: error: data_categories is a list of 'contact', 'health', 'financial' or "
          "'trade_union_membership', not \"health\"");
    CHECK(one_error(k_head + "[facts]\ndata_categories = true\n") ==
          "incident.toml:4:19: error: data_categories is a list of 'contact', 'health', 'financial' or "
          "'trade_union_membership', not true");
    CHECK(one_error(k_head + "[facts]\ndata_categories = [\"health\", 3]\n") ==
          "incident.toml:4:30: error: 'data_categories[]' must be a string, not an integer");
    CHECK(one_error(k_head + "[facts]\ndata_categories = { some = [\"health\"] }\n") ==
          "incident.toml:4:19: error: data_categories: write a list, or { at_least = [...] } when more values may be "
          "involved");
    CHECK(one_error(k_head + "[facts]\ndata_categories = { at_least = \"health\" }\n") ==
          "incident.toml:4:19: error: data_categories: write a list, or { at_least = [...] } when more values may be "
          "involved");
    CHECK(one_error(k_head + "[facts]\ndata_categories = { at_least = [1] }\n") ==
          "incident.toml:4:33: error: 'data_categories.at_least[]' must be a string, not an integer");
  }
  SECTION("text") {
    CHECK(one_error(k_head + "[facts]\nsummary = 5\n") == "incident.toml:4:11: error: summary is text, not 5");
    CHECK(one_error(k_head + "[facts]\nsummary = false\n") == "incident.toml:4:11: error: summary is text, not false");
    CHECK(one_error(k_head + "[facts]\nsummary = \"" + std::string(k_max_text_bytes + 1, 'x') + "\"\n") ==
          "incident.toml:4:11: error: summary is longer than 65536 bytes");
    auto ok = read(k_head + "[facts]\nsummary = \"" + std::string(k_max_text_bytes, 'x') + "\"\n");
    CHECK(ok);
  }
}

TEST_CASE("incident errors: values not allowed", "[facts]") {
  SECTION("an enum value, with a did-you-mean") {
    CHECK(one_error(k_head + "[facts]\nrisk = \"hgh\"\n") ==
          "incident.toml:4:8: error: 'hgh' is not a value of risk; did you mean 'high'? (the values are 'unlikely', "
          "'risk' or 'high', or \"unknown\")");
    CHECK(one_error(k_head + "[facts]\nrole = \"owner\"\n") ==
          "incident.toml:4:8: error: 'owner' is not a value of role (the values are 'controller' or 'processor', or "
          "\"unknown\")");
  }
  SECTION("a set member") {
    CHECK(
        one_error(k_head + "[facts]\ndata_categories = [\"contact\", \"helth\"]\n") ==
        "incident.toml:4:19: error: 'helth' is not a value of data_categories; did you mean 'health'? (the values are "
        "'contact', 'health', 'financial' or 'trade_union_membership')");
    CHECK(one_error(k_head + "[facts]\ndata_categories = { at_least = [\"biometric\"] }\n") ==
          "incident.toml:4:19: error: 'biometric' is not a value of data_categories (the values are 'contact', "
          "'health', 'financial' or 'trade_union_membership')");
    // "unknown" is not a member of a set.
    CHECK(one_error(k_head + "[facts]\ndata_categories = [\"unknown\"]\n") ==
          "incident.toml:4:19: error: 'unknown' is not a value of data_categories (the values are 'contact', "
          "'health', 'financial' or 'trade_union_membership')");
  }
  SECTION("an int out of bounds") {
    CHECK(one_error(k_head + "[facts]\naffected_count = -1\n") ==
          "incident.toml:4:18: error: affected_count is at least 0, not -1");
    CHECK(one_error(k_head + "[facts]\naffected_count = 1000001\n") ==
          "incident.toml:4:18: error: affected_count is at most 1000000, not 1000001");
    auto edges = read(k_head + "[facts]\naffected_count = 1000000\n");
    REQUIRE(edges);
    CHECK(edges->fact("affected_count") == fact_value{1000000});
    auto zero = read(k_head + "[facts]\naffected_count = 0\n");
    REQUIRE(zero);
    CHECK(zero->fact("affected_count") == fact_value{0});
  }
}

TEST_CASE("incident errors: documents that are not incidents", "[facts]") {
  SECTION("a JSON document that is not an object") {
    CHECK(one_error("[1, 2]", "x.json") ==
          "x.json:1:1: error: an incident is a JSON object with id, zone, events and facts");
    CHECK(one_error("\n  \"INC-1\"", "x.json") ==
          "x.json:2:3: error: an incident is a JSON object with id, zone, events and facts");
  }
  SECTION("a TOML syntax error") {
    auto r = read(k_head + "[facts]\nrisk = \"high\nbreach = true\n");
    REQUIRE_FALSE(r);
    REQUIRE(r.diagnostics().size() == 1);
    CHECK(r.diagnostics().front().code == "toml.syntax");
    CHECK(r.diagnostics().front().where.file == "incident.toml");
    CHECK(r.diagnostics().front().where.line == 4);
    CHECK(first_error(r).rfind("incident.toml:4:", 0) == 0);
    CHECK(first_error(r).find(": error: invalid TOML") != std::string::npos);
  }
  SECTION("a JSON syntax error") {
    auto r = read("{\"id\": \"x\",\n \"zone\": \"UTC\",\n}", "x.json");
    REQUIRE_FALSE(r);
    REQUIRE(r.diagnostics().size() == 1);
    CHECK(r.diagnostics().front().code == "json.syntax");
    CHECK(first_error(r) == "x.json:2:15: error: invalid JSON: trailing comma before '}'");
  }
  SECTION("an empty JSON file") {
    auto r = read("", "x.json");
    REQUIRE_FALSE(r);
    CHECK(r.diagnostics().front().code == "json.syntax");
  }
}

TEST_CASE("incident errors: every error is reported at once", "[facts]") {
  const strings es = errors(R"(id = "INC-9"
zone = "Europe/London"
titel = "x"

[events]
aware = 2024-03-31T01:30:00
detcted = 2024-03-21T09:00:00Z
occurred = 2024-03-20

[facts]
risk = "hgh"
breach = "yes"
affected_count = -5
data_categories = ["contact", "helth"]
rsk = "high"
)");
  CHECK(es.size() == 9);
  CHECK(contains(es,
                 "incident.toml:3:1: error: unknown key 'titel' in the incident; did you mean 'title'? (the keys are "
                 "id, zone, title, notes, scope, events, facts, learned, filed, requested and delayed)"));
  CHECK(contains(es,
                 "incident.toml:6:9: error: local time 2024-03-31T01:30:00 does not exist in Europe/London: clocks "
                 "went forward from GMT (+00:00) to BST (+01:00) at 2024-03-31T01:00:00Z (2024-03-31T01:00:00 "
                 "local); give an offset, or choose earliest or latest"));
  CHECK(contains(es, "incident.toml:7:1: error: unknown event 'detcted'; did you mean 'detected'?"));
  CHECK(contains(es,
                 "incident.toml:8:12: error: event 'occurred' needs a time of day, not only a date (for example "
                 "2024-03-20T09:00:00)"));
  CHECK(contains(es,
                 "incident.toml:11:8: error: 'hgh' is not a value of risk; did you mean 'high'? (the values are "
                 "'unlikely', 'risk' or 'high', or \"unknown\")"));
  CHECK(contains(es, "incident.toml:12:10: error: breach is true or false, not \"yes\""));
  CHECK(contains(es, "incident.toml:13:18: error: affected_count is at least 0, not -5"));
  CHECK(contains(es,
                 "incident.toml:14:19: error: 'helth' is not a value of data_categories; did you mean 'health'? (the "
                 "values are 'contact', 'health', 'financial' or 'trade_union_membership')"));
  CHECK(contains(es, "incident.toml:15:1: error: unknown fact 'rsk'; did you mean 'risk'?"));

  // The same in JSON.
  const strings js = errors(R"({
  "id": "INC-9", "zone": "Europe/London", "titel": "x",
  "events": {"aware": "2024-03-31T01:30:00", "detcted": "2024-03-21T09:00:00Z"},
  "facts": {"risk": "hgh", "breach": "yes", "affected_count": -5, "rsk": "high"}
})",
                            "x.json");
  CHECK(js.size() == 7);
  CHECK(contains(js,
                 "x.json:2:43: error: unknown key 'titel' in the incident; did you mean 'title'? (the keys are id, "
                 "zone, title, notes, scope, events, facts, learned, filed, requested and delayed)"));
  CHECK(contains(js,
                 "x.json:3:24: error: local time 2024-03-31T01:30:00 does not exist in Europe/London: clocks went "
                 "forward from GMT (+00:00) to BST (+01:00) at 2024-03-31T01:00:00Z (2024-03-31T01:00:00 local); "
                 "give an offset, or choose earliest or latest"));
  CHECK(contains(js, "x.json:3:46: error: unknown event 'detcted'; did you mean 'detected'?"));
  CHECK(contains(js,
                 "x.json:4:21: error: 'hgh' is not a value of risk; did you mean 'high'? (the values are 'unlikely', "
                 "'risk' or 'high', or \"unknown\")"));
  CHECK(contains(js, "x.json:4:38: error: breach is true or false, not \"yes\""));
  CHECK(contains(js, "x.json:4:63: error: affected_count is at least 0, not -5"));
  CHECK(contains(js, "x.json:4:67: error: unknown fact 'rsk'; did you mean 'risk'?"));
}
