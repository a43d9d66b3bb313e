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

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::first_error;
using breachclock::test::zone_named;

namespace {

using strings = std::vector<std::string>;

// A schema for these tests alone, independent of the bundled rules.
constexpr const char* k_schema = R"(
[event.occurred]
description = "When it happened."
question = "When did it happen?"

[event.detected]
description = "When it was noticed."
question = "When was it noticed?"
fallback = "occurred"

[event.aware]
description = "When the organisation became aware."
question = "When did you become aware?"
fallback = "detected"

[fact.breach]
type = "bool"
description = "Personal data was breached."
question = "Was personal data breached?"

[fact.affected_count]
type = "int"
min = 0
max = 1000000
description = "How many people are affected."
question = "How many people are affected?"

[fact.risk]
type = "enum"
values = ["unlikely", "risk", "high"]
description = "The risk to people."
question = "How risky is it?"

[fact.role]
type = "enum"
values = ["controller", "processor"]
description = "Controller or processor."
question = "Are you the controller?"

[fact.data_categories]
type = "set"
values = ["contact", "health", "financial", "trade_union_membership"]
description = "The kinds of data involved."
question = "Which kinds of data are involved?"

[fact.summary]
type = "text"
description = "A summary."
question = "What happened?"
)";

const fact_schema& schema() {
  static const fact_schema s = parse_fact_schema(k_schema, "test-facts.toml").value();
  return s;
}

result<incident> read(const std::string& text, const std::string& path = "incident.toml") {
  return parse_incident(source_file{path, text, path}, schema());
}

strings errors(const std::string& text, const std::string& path = "incident.toml") {
  auto r = read(text, path);
  CHECK_FALSE(r);
  strings out;
  for (const diagnostic& d : r.diagnostics()) out.push_back(to_string(d));
  return out;
}

std::string one_error(const std::string& text, const std::string& path = "incident.toml") {
  const strings es = errors(text, path);
  CHECK(es.size() == 1);
  return es.empty() ? std::string("(no diagnostic)") : es.front();
}

bool contains(const strings& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// An incident's whole content, for comparing two.
void check_same(const incident& a, const incident& b) {
  CHECK(a.id() == b.id());
  CHECK(a.home_zone() == b.home_zone());
  CHECK(a.title() == b.title());
  CHECK(a.notes() == b.notes());
  CHECK(a.events() == b.events());
  CHECK(a.facts() == b.facts());
}

// The first two lines of most TOML incidents below: line 3 is the first line a test adds.
const std::string k_head = "id = \"INC-1\"\nzone = \"Europe/London\"\n";

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

TEST_CASE("incident errors: keys at the top", "[facts]") {
  CHECK(one_error(k_head + "titel = \"x\"\n") ==
        "incident.toml:3:1: error: unknown key 'titel' in the incident; did you mean 'title'? (the keys are id, zone, "
        "title, notes, events and facts)");
  CHECK(one_error(k_head + "[fact]\nrisk = \"high\"\n") ==
        "incident.toml:3:2: error: unknown key 'fact' in the incident; did you mean 'facts'? (the keys are id, zone, "
        "title, notes, events and facts)");
  CHECK(one_error(k_head + "severity = 3\n") ==
        "incident.toml:3:1: error: unknown key 'severity' in the incident (the keys are id, zone, title, notes, events "
        "and facts)");
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
                 "id, zone, title, notes, events and facts)"));
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
                 "zone, title, notes, events and facts)"));
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
    const incident i = incident::from_file(test::source_path("examples/incidents/cwu-2024.toml"));
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
