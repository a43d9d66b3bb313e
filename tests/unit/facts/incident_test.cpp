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

// An incident's whole content, for comparing two.
void check_same(const incident& a, const incident& b) {
  CHECK(a.id() == b.id());
  CHECK(a.home_zone() == b.home_zone());
  CHECK(a.title() == b.title());
  CHECK(a.notes() == b.notes());
  CHECK(a.events() == b.events());
  CHECK(a.facts() == b.facts());
}

std::string utc(const std::optional<instant>& t) { return t ? format_utc(*t) : std::string("(unknown)"); }

// A file under the system's temporary folder, removed at the end of the test.
struct temp_file {
  std::filesystem::path path;
  temp_file(const std::string& name, const std::string& text)
      : path(std::filesystem::temp_directory_path() /
             ("breachclock-incident-test-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + "-" + name)) {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }
  ~temp_file() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
};

constexpr const char* k_toml = R"(id = "INC-7"
title = "Email down"
zone = "Europe/London"
notes = ["first note", "second note"]

[events]
detected = 2024-03-21T09:00:00Z
aware = 2024-03-22T16:00:00
occurred = "unknown"

[facts]
breach = true
affected_count = 185000
risk = "high"
role = "unknown"
data_categories = ["trade_union_membership", "contact", "contact"]
summary = "Attackers took the mail server offline."
)";

constexpr const char* k_json = R"({
  "id": "INC-7",
  "title": "Email down",
  "zone": "Europe/London",
  "notes": ["first note", "second note"],
  "events": {
    "detected": "2024-03-21T09:00:00Z",
    "aware": "2024-03-22T16:00:00",
    "occurred": "unknown"
  },
  "facts": {
    "breach": true,
    "affected_count": 185000,
    "risk": "high",
    "role": "unknown",
    "data_categories": ["trade_union_membership", "contact", "contact"],
    "summary": "Attackers took the mail server offline."
  }
})";

}  // namespace

TEST_CASE("incidents read from TOML", "[facts]") {
  auto r = read(k_toml);
  REQUIRE(r);
  CHECK(r.diagnostics().empty());
  const incident& i = *r;
  CHECK(i.id() == "INC-7");
  CHECK(i.title() == "Email down");
  CHECK(i.home_zone().name() == "Europe/London");
  CHECK(i.notes() == strings{"first note", "second note"});
  CHECK(i.events().size() == 2);
  CHECK(utc(i.event("detected")) == "2024-03-21T09:00:00Z");
  CHECK(utc(i.event("aware")) == "2024-03-22T16:00:00Z");  // GMT in March before the change
  CHECK_FALSE(i.event("occurred"));                        // "unknown"
  CHECK(i.facts().size() == 5);                            // role is "unknown"
  CHECK(i.fact("breach") == fact_value{true});
  CHECK(i.fact("affected_count") == fact_value{185000});
  CHECK(i.fact("risk") == fact_value{"high"});
  CHECK(i.fact("data_categories") == fact_value::set_of({"contact", "trade_union_membership"}));
  CHECK(i.fact("summary") == fact_value{"Attackers took the mail server offline."});
  CHECK_FALSE(i.fact("role").is_known());
  CHECK(i.facts().count("role") == 0);
}

TEST_CASE("TOML and JSON incidents of the same shape are equal", "[facts]") {
  auto toml = read(k_toml, "incident.toml");
  auto json = read(k_json, "incident.json");
  REQUIRE(toml);
  REQUIRE(json);
  check_same(*toml, *json);
  // JSON is recognised by its first character as well as by the name.
  std::string indented = "\n  ";
  indented.append(k_json);
  auto json_by_text = read(indented, "incident.txt");
  REQUIRE(json_by_text);
  check_same(*toml, *json_by_text);
}

TEST_CASE("absent events and facts are unknown", "[facts]") {
  auto r = read(k_head);
  REQUIRE(r);
  CHECK(r->id() == "INC-1");
  CHECK(r->title().empty());
  CHECK(r->notes().empty());
  CHECK(r->events().empty());
  CHECK(r->facts().empty());
  CHECK_FALSE(r->event("aware"));
  for (const fact_decl& f : schema().facts()) {
    INFO(f.name);
    CHECK_FALSE(r->fact(f.name).is_known());
  }
  CHECK_FALSE(r->fact("not_declared").is_known());

  auto empty_tables = read(k_head + "[events]\n[facts]\n");
  REQUIRE(empty_tables);
  CHECK(empty_tables->events().empty());
  CHECK(empty_tables->facts().empty());
}

TEST_CASE("\"unknown\" is unknown for facts of every type and for events", "[facts]") {
  auto r = read(k_head + R"(
[events]
aware = "unknown"
[facts]
breach = "unknown"
affected_count = "unknown"
risk = "unknown"
data_categories = "unknown"
summary = "unknown"
)");
  REQUIRE(r);
  CHECK(r->events().empty());
  CHECK(r->facts().empty());
  CHECK_FALSE(r->fact("breach").is_known());
  CHECK_FALSE(r->fact("summary").is_known());

  auto j = read(
      R"({"id": "x", "zone": "UTC", "events": {"aware": "unknown"}, "facts": {"risk": "unknown", "breach": "unknown"}})",
      "x.json");
  REQUIRE(j);
  CHECK(j->events().empty());
  CHECK(j->facts().empty());
}

TEST_CASE("local event times are resolved in the incident's zone; offsets are kept", "[facts]") {
  SECTION("Europe/London, winter and summer") {
    auto r = read(k_head + R"(
[events]
occurred = 2024-01-15T12:00:00
detected = 2024-07-01T12:00:00
aware = "2024-07-01T18:30:00"
)");
    REQUIRE(r);
    CHECK(utc(r->event("occurred")) == "2024-01-15T12:00:00Z");
    CHECK(utc(r->event("detected")) == "2024-07-01T11:00:00Z");  // BST
    CHECK(utc(r->event("aware")) == "2024-07-01T17:30:00Z");     // a string is resolved the same way
  }
  SECTION("America/Toronto, winter and summer") {
    auto r = read(R"(id = "ON-1"
zone = "America/Toronto"
[events]
occurred = 2024-01-15T12:00:00
detected = 2024-07-01T12:00:00
aware = "2024-07-01T18:30:00"
)");
    REQUIRE(r);
    CHECK(r->home_zone().name() == "America/Toronto");
    CHECK(utc(r->event("occurred")) == "2024-01-15T17:00:00Z");  // EST, -05:00
    CHECK(utc(r->event("detected")) == "2024-07-01T16:00:00Z");  // EDT, -04:00
    CHECK(utc(r->event("aware")) == "2024-07-01T22:30:00Z");
  }
  SECTION("an offset or Z wins over the zone") {
    auto r = read(R"(id = "ON-1"
zone = "America/Toronto"
[events]
occurred = 2024-07-01T12:00:00Z
detected = 2024-07-01T12:00:00+02:00
aware = "2024-07-01T12:00:00-07:00"
)");
    REQUIRE(r);
    CHECK(utc(r->event("occurred")) == "2024-07-01T12:00:00Z");
    CHECK(utc(r->event("detected")) == "2024-07-01T10:00:00Z");
    CHECK(utc(r->event("aware")) == "2024-07-01T19:00:00Z");
  }
  SECTION("in JSON, also when the zone comes after the events") {
    auto r = read(R"({"events": {"occurred": "2024-01-15T12:00:00", "detected": "2024-07-01T12:00:00",
 "aware": "2024-07-01T12:00:00+02:00"}, "id": "ON-1", "zone": "America/Toronto"})",
                  "on.json");
    REQUIRE(r);
    CHECK(utc(r->event("occurred")) == "2024-01-15T17:00:00Z");
    CHECK(utc(r->event("detected")) == "2024-07-01T16:00:00Z");
    CHECK(utc(r->event("aware")) == "2024-07-01T10:00:00Z");
  }
}

TEST_CASE("a local time in a spring gap or autumn fold is refused, located at the value", "[facts]") {
  SECTION("London's spring gap, TOML date-time") {
    auto r = read(k_head + "[events]\naware = 2024-03-31T01:30:00\n");
    REQUIRE_FALSE(r);
    REQUIRE(r.diagnostics().size() == 1);
    CHECK(r.diagnostics().front().code == "time.skipped");
    CHECK(first_error(r) ==
          "incident.toml:4:9: error: local time 2024-03-31T01:30:00 does not exist in Europe/London: clocks went "
          "forward from GMT (+00:00) to BST (+01:00) at 2024-03-31T01:00:00Z (2024-03-31T01:00:00 local); give an "
          "offset, or choose earliest or latest");
  }
  SECTION("London's autumn fold, TOML string") {
    auto r = read(k_head + "[events]\naware = \"2024-10-27T01:30:00\"\n");
    REQUIRE_FALSE(r);
    REQUIRE(r.diagnostics().size() == 1);
    CHECK(r.diagnostics().front().code == "time.repeated");
    CHECK(first_error(r) ==
          "incident.toml:4:10: error: local time 2024-10-27T01:30:00 occurs twice in Europe/London: clocks went back "
          "from BST (+01:00) to GMT (+00:00) at 2024-10-27T01:00:00Z, so it is 2024-10-27T00:30:00Z or "
          "2024-10-27T01:30:00Z; give an offset, or choose earliest or latest");
  }
  SECTION("with an offset the same wall time is fine") {
    auto r = read(k_head + "[events]\naware = 2024-10-27T01:30:00+01:00\ndetected = 2024-03-31T01:30:00Z\n");
    REQUIRE(r);
    CHECK(utc(r->event("aware")) == "2024-10-27T00:30:00Z");
    CHECK(utc(r->event("detected")) == "2024-03-31T01:30:00Z");
  }
  SECTION("Toronto's gap and fold, in JSON") {
    auto r = read(R"({"id": "ON-1", "zone": "America/Toronto",
  "events": {"detected": "2024-03-10T02:30:00", "aware": "2024-11-03T01:30:00"}})",
                  "on.json");
    REQUIRE_FALSE(r);
    REQUIRE(r.diagnostics().size() == 2);
    CHECK(r.diagnostics()[0].code == "time.skipped");
    CHECK(r.diagnostics()[1].code == "time.repeated");
    CHECK(to_string(r.diagnostics()[0]) ==
          "on.json:2:27: error: local time 2024-03-10T02:30:00 does not exist in America/Toronto: clocks went forward "
          "from EST (-05:00) to EDT (-04:00) at 2024-03-10T07:00:00Z (2024-03-10T02:00:00 local); give an offset, or "
          "choose earliest or latest");
    CHECK(
        to_string(r.diagnostics()[1]) ==
        "on.json:2:59: error: local time 2024-11-03T01:30:00 occurs twice in America/Toronto: clocks went back from "
        "EDT (-04:00) to EST (-05:00) at 2024-11-03T06:00:00Z, so it is 2024-11-03T05:30:00Z or 2024-11-03T06:30:00Z; "
        "give an offset, or choose earliest or latest");
  }
}

TEST_CASE("sets: lists are complete, { at_least = [...] } is known in part", "[facts]") {
  auto r = read(k_head + R"(
[facts]
data_categories = { at_least = ["health", "contact", "health"] }
)");
  REQUIRE(r);
  CHECK(r->fact("data_categories") == fact_value::at_least({"contact", "health"}));
  CHECK_FALSE(r->fact("data_categories").as_set()->complete);

  auto j = read(
      R"({"id": "INC-1", "zone": "Europe/London", "facts": {"data_categories": {"at_least": ["health", "contact"]}}})",
      "x.json");
  REQUIRE(j);
  check_same(*r, *j);

  auto empty = read(k_head + "[facts]\ndata_categories = []\n");
  REQUIRE(empty);
  CHECK(empty->fact("data_categories") == fact_value::set_of({}));
  CHECK(empty->fact("data_categories").is_known());
}

TEST_CASE("incidents built in code: events, facts, set_fact with unknown", "[facts]") {
  incident i{"INC-42", zone_named("Europe/London")};
  CHECK(i.id() == "INC-42");
  CHECK(i.home_zone() == zone_named("Europe/London"));
  i.set_title("Built in code");
  i.add_note("a note");
  CHECK(i.title() == "Built in code");
  CHECK(i.notes() == strings{"a note"});

  i.set_event("detected", at("2024-03-21T09:00:00Z"));
  CHECK(utc(i.event("detected")) == "2024-03-21T09:00:00Z");
  i.set_event("detected", at("2024-03-21T10:00:00Z"));  // replaces
  CHECK(utc(i.event("detected")) == "2024-03-21T10:00:00Z");
  CHECK(i.events().size() == 1);
  i.set_event("detected", std::nullopt);
  CHECK_FALSE(i.event("detected"));
  CHECK(i.events().empty());
  i.set_event("aware", std::nullopt);  // unknown already: nothing to remove
  CHECK(i.events().empty());

  i.set_fact("role", "controller");
  i.set_fact("data_categories", fact_value::at_least({"contact"}));
  CHECK(i.fact("role") == fact_value{"controller"});
  CHECK(i.facts().size() == 2);
  i.set_fact("role", "processor");
  CHECK(i.fact("role") == fact_value{"processor"});
  SECTION("an unknown value removes the fact") {
    i.set_fact("role", fact_value::unknown());
    CHECK_FALSE(i.fact("role").is_known());
    CHECK(i.facts().size() == 1);
    CHECK(i.facts().count("role") == 0);
    i.set_fact("breach", fact_value{});
    CHECK(i.facts().count("breach") == 0);
    CHECK(i.facts().size() == 1);
  }
  SECTION("false and zero are known, and kept") {
    i.set_fact("breach", false);
    i.set_fact("affected_count", 0);
    CHECK(i.facts().size() == 4);
    CHECK(i.fact("breach") == fact_value{false});
    CHECK(i.fact("affected_count") == fact_value{0});
  }
  SECTION("printing") {
    std::ostringstream os;
    os << i;
    CHECK(os.str().rfind("incident INC-42 (Europe/London)", 0) == 0);
    CHECK(os.str().find("role = \"processor\"") != std::string::npos);
  }
}

TEST_CASE("validate() checks incidents built in code", "[facts]") {
  incident good{"INC-42", zone_named("America/Toronto")};
  good.set_event("detected", at("2024-03-21T09:00:00Z"));
  good.set_fact("breach", true);
  good.set_fact("affected_count", 1000000);
  good.set_fact("risk", "high");
  good.set_fact("data_categories", fact_value::at_least({"health"}));
  good.set_fact("summary", "text");
  CHECK(validate(good, schema()).empty());
  CHECK(validate(incident{"empty", zone::utc()}, schema()).empty());

  auto messages = [](const incident& i) {
    strings out;
    for (const diagnostic& d : validate(i, schema())) {
      CHECK(d.level == severity::error);
      out.push_back(to_string(d));
    }
    return out;
  };

  SECTION("undeclared names") {
    incident i = good;
    i.set_event("detcted", at("2024-03-21T09:00:00Z"));
    i.set_event("risk", at("2024-03-21T09:00:00Z"));
    i.set_fact("rsk", "high");
    i.set_fact("aware", true);
    const strings es = messages(i);
    CHECK(es.size() == 4);
    CHECK(contains(es, "incident INC-42: error: unknown event 'detcted'; did you mean 'detected'?"));
    CHECK(contains(es, "incident INC-42: error: 'risk' is a fact, not an event: put it under facts"));
    CHECK(contains(es, "incident INC-42: error: unknown fact 'rsk'; did you mean 'risk'?"));
    CHECK(contains(es, "incident INC-42: error: 'aware' is an event, not a fact: put it under events"));
  }
  SECTION("wrong types") {
    incident i = good;
    i.set_fact("breach", "yes");
    i.set_fact("affected_count", true);
    i.set_fact("risk", fact_value::set_of({"high"}));
    i.set_fact("data_categories", "health");
    i.set_fact("summary", 3);
    const strings es = messages(i);
    CHECK(es.size() == 5);
    CHECK(contains(es, "incident INC-42: error: breach is true or false, not \"yes\""));
    CHECK(contains(es, "incident INC-42: error: affected_count is a whole number, not true"));
    CHECK(contains(es, "incident INC-42: error: risk is one of 'unlikely', 'risk' or 'high', not [\"high\"]"));
    CHECK(contains(es,
                   "incident INC-42: error: data_categories is a list of 'contact', 'health', 'financial' or "
                   "'trade_union_membership', not \"health\""));
    CHECK(contains(es, "incident INC-42: error: summary is text, not 3"));
  }
  SECTION("values out of bounds or not allowed") {
    incident i = good;
    i.set_fact("affected_count", 1000001);
    i.set_fact("risk", "hgh");
    i.set_fact("data_categories", fact_value::set_of({"contact", "helth"}));
    const strings es = messages(i);
    CHECK(es.size() == 3);
    CHECK(contains(es, "incident INC-42: error: affected_count is at most 1000000, not 1000001"));
    CHECK(contains(es,
                   "incident INC-42: error: 'hgh' is not a value of risk; did you mean 'high'? (the values are "
                   "'unlikely', 'risk' or 'high', or \"unknown\")"));
    CHECK(contains(es,
                   "incident INC-42: error: 'helth' is not a value of data_categories; did you mean 'health'? (the "
                   "values are 'contact', 'health', 'financial' or 'trade_union_membership')"));
    i.set_fact("affected_count", -1);
    CHECK(contains(messages(i), "incident INC-42: error: affected_count is at least 0, not -1"));
  }
  SECTION("an incident read from a file validates") {
    auto r = read(k_toml);
    REQUIRE(r);
    CHECK(validate(*r, schema()).empty());
  }
}

TEST_CASE("incident::from_file reads the example, or throws every diagnostic", "[facts]") {
  SECTION("the bundled schema and an example incident") {
    const incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"));
    CHECK(i.id() == "cwu-2024-03");
    CHECK(i.home_zone().name() == "Europe/London");
    CHECK_FALSE(i.title().empty());
    CHECK(i.notes().size() == 2);
    CHECK(utc(i.event("detected")) == "2024-03-21T09:00:00Z");
    CHECK_FALSE(i.event("aware"));
    CHECK(i.fact("uk_processing") == fact_value{true});
    CHECK(i.fact("role") == fact_value{"controller"});
    CHECK(i.fact("pecs_provider") == fact_value{false});
    CHECK_FALSE(i.fact("personal_data_breach").is_known());
    CHECK_FALSE(i.fact("risk").is_known());
    CHECK(validate(i, bundled_fact_schema()).empty());
  }
  SECTION("a JSON file with a given schema") {
    const temp_file f("good.json", k_json);
    const incident i = incident::from_file(f.path, schema());
    auto toml = read(k_toml);
    REQUIRE(toml);
    check_same(i, *toml);
  }
  SECTION("a TOML file with errors throws them all") {
    const temp_file f("bad.toml", k_head + "[facts]\nrisk = \"hgh\"\nrsk = \"high\"\n");
    try {
      (void)incident::from_file(f.path, schema());
      FAIL("no exception");
    } catch (const breachclock::error& e) {
      REQUIRE(e.diagnostics().size() == 2);
      const std::string file = f.path.string();
      CHECK(to_string(e.diagnostics()[0]) ==
            file +
                ":4:8: error: 'hgh' is not a value of risk; did you mean 'high'? (the values are 'unlikely', 'risk' "
                "or 'high', or \"unknown\")");
      CHECK(to_string(e.diagnostics()[1]) == file + ":5:1: error: unknown fact 'rsk'; did you mean 'risk'?");
      CHECK(std::string(e.what()).find("'hgh' is not a value of risk") != std::string::npos);
    }
  }
  SECTION("a file that is not there") {
    const std::filesystem::path missing = std::filesystem::temp_directory_path() / "breachclock-no-such-incident.toml";
    try {
      (void)incident::from_file(missing, schema());
      FAIL("no exception");
    } catch (const breachclock::error& e) {
      REQUIRE_FALSE(e.diagnostics().empty());
      CHECK(to_string(e.diagnostics().front()).find(missing.string()) != std::string::npos);
    }
  }
  SECTION("the bundled schema refuses facts it does not declare") {
    const temp_file f("unknown.toml", k_head + "[facts]\nno_such_fact = 3\n");
    CHECK_THROWS_AS(incident::from_file(f.path), breachclock::error);
  }
}

TEST_CASE("validate() tells a visitor of each valid event and fact, with its place in the schema", "[facts]") {
  struct recorder final : incident_visitor {
    std::vector<std::pair<std::string, instant>> events;
    std::vector<std::string> facts;  // "name number members"
    void event(std::size_t index, instant t) override { events.emplace_back(schema().events().at(index).name, t); }
    void fact(const checked_fact& f) override {
      REQUIRE(f.decl == &schema().facts().at(f.decl->index));
      REQUIRE(f.value->is_known());
      facts.push_back(f.decl->name + " " + std::to_string(f.number) + " " + std::to_string(f.members));
    }
  };
  incident i{"INC-9", zone::utc()};
  i.set_event("detected", at("2024-03-21T09:00:00Z"));
  i.set_event("aware", at("2024-03-22T09:00:00Z"));
  i.set_event("detcted", at("2024-03-21T09:00:00Z"));  // not declared: an error, not visited
  i.set_fact("breach", true);
  i.set_fact("risk", "high");    // value number 2
  i.set_fact("role", "nobody");  // not allowed: not visited
  i.set_fact("data_categories", fact_value::at_least({"health", "trade_union_membership"}));  // bits 1 and 3
  i.set_fact("summary", "text");
  recorder r;
  const std::vector<diagnostic> ds = validate(i, schema(), r);
  std::vector<std::string> messages;
  for (const diagnostic& d : ds) messages.push_back(to_string(d));
  std::vector<std::string> plain;
  for (const diagnostic& d : validate(i, schema())) plain.push_back(to_string(d));
  CHECK(messages == plain);
  CHECK(ds.size() == 2);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].first == "aware");
  CHECK(r.events[0].second == at("2024-03-22T09:00:00Z"));
  CHECK(r.events[1].first == "detected");
  CHECK(r.facts == std::vector<std::string>{"breach 0 0", "data_categories 0 10", "risk 2 0", "summary 0 0"});
}
