// Files written in JSON: what differs from TOML (document order, no date type), and the checks
// that keep a TOML file and its JSON twin from both loading.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "breachclock/document.hpp"
#include "breachclock/facts/incident.hpp"
#include "breachclock/rules/rule_set.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::first_error;

namespace {

// Events and facts in an order that is not the names' order: a JSON document keeps it.
constexpr const char* k_unsorted = R"({
  "event": {
    "occurred": {"description": "d", "question": "q"},
    "aware": {"description": "d", "question": "q", "fallback": "detected"},
    "detected": {"description": "d", "question": "q", "fallback": "occurred"}
  },
  "fact": {
    "role": {"type": "enum", "values": ["controller", "processor"], "description": "d", "question": "q"},
    "breach": {"type": "bool", "description": "d", "question": "q"}
  }
})";

}  // namespace

TEST_CASE("a JSON fact schema is checked whatever the order of its entries", "[facts]") {
  auto s = parse_fact_schema(k_unsorted, "facts.json");
  REQUIRE(s);
  CHECK(s->event("aware") != nullptr);
  CHECK(s->fallbacks("aware") == std::vector<std::string>{"detected", "occurred"});
  CHECK(s->fact("breach") != nullptr);
  CHECK(s->fact("role")->values.size() == 2);

  // A name declared as both, found although neither list is in order as written.
  std::string both = k_unsorted;
  both.replace(both.find("\"breach\""), 8, "\"occurred\"");
  auto dup = parse_fact_schema(both, "facts.json");
  REQUIRE_FALSE(dup);
  CHECK(dup.diagnostics().front().code == "schema.duplicate");
  CHECK(first_error(dup) == "facts.json:3:5: error: 'occurred' is declared both as an event and as a fact");
}

TEST_CASE("a calendar written twice, as TOML and as JSON, is refused", "[rules]") {
  const std::string toml = "[calendar]\nid = \"x\"\ntitle = \"X\"\nnon_working = [\"saturday\", \"sunday\"]\n";
  const std::string json = R"({"calendar": {"id": "x", "title": "X", "non_working": ["saturday", "sunday"]}})";
  std::vector<source_file> files = bundled_rule_files();  // with the bundled packs and calendars
  files.push_back(source_file{"calendars/x.json", json, "calendars/x.json"});
  files.push_back(source_file{"calendars/x.toml", toml, "calendars/x.toml"});
  auto r = rule_set::load(files);
  REQUIRE_FALSE(r);
  bool named = false;
  for (const diagnostic& d : r.diagnostics()) {
    named = named || (d.code == "rules.duplicate-calendar" && d.where.file == "calendars/x.toml");
  }
  INFO(first_error(r));
  CHECK(named);
}

TEST_CASE("read_incident: an override that is not a table is an error, an absent one nothing", "[facts]") {
  const std::string text =
      "[incident]\nid = \"I\"\nzone = \"Europe/London\"\n[incident.facts]\npersonal_data_breach = true\n"
      "[defaults]\narr = [1]\nword = \"x\"\n[defaults.facts]\nrole = \"controller\"\n";
  auto d = document::parse(source_file{"t.toml", text, "t.toml"});
  REQUIRE(d);
  const fact_schema& schema = bundled_fact_schema();
  auto ok = read_incident(d->at("incident"), {d->at("defaults"), d->at("absent")}, schema);
  REQUIRE(ok);
  CHECK(ok->fact("role") == fact_value{"controller"});
  CHECK(ok->fact("personal_data_breach") == fact_value{true});
  for (const char* key : {"arr", "word"}) {
    auto bad = read_incident(d->at("incident"), {d->at("defaults").at(key)}, schema);
    REQUIRE_FALSE(bad);
    CHECK(bad.diagnostics().front().code == "incident.overrides");
    CHECK(bad.diagnostics().front().where.line == (std::string(key) == "arr" ? 7 : 8));
  }
  auto none = read_incident(d->at("nothing"), {}, schema);
  REQUIRE_FALSE(none);
  CHECK(none.diagnostics().front().code == "incident.shape");
}
