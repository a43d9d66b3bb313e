// fact_table::bind: an incident checked as validate() checks it and laid out in the same pass.
// It must give exactly what validate() and the fact_table constructor give together: the same
// diagnostics (codes, messages, order) for an invalid incident, the same slots and events for a
// valid one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "breachclock/expr/evaluator.hpp"
#include "breachclock/rules/rule_set.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::expr::fact_table;

namespace {

const rule_set& bundled() {
  static const rule_set r = rule_set::bundled();
  return r;
}

std::vector<incident> example_incidents() {
  const std::vector<std::filesystem::path> paths = test::example_incident_paths();
  std::vector<incident> out;
  for (const auto& p : paths) out.push_back(incident::from_file(p, bundled().schema()));
  return out;
}

std::vector<std::string> rendered(const std::vector<diagnostic>& ds) {
  std::vector<std::string> out;
  for (const diagnostic& d : ds) out.push_back(d.code + " " + to_string(d));
  return out;
}

// The two tables hold the same values and events.
void check_same(const fact_table& a, const fact_table& b, const fact_schema& schema) {
  REQUIRE(a.fact_count() == b.fact_count());
  REQUIRE(a.event_count() == b.event_count());
  for (std::size_t f = 0; f < a.fact_count(); ++f) {
    INFO(schema.facts()[f].name);
    const auto& x = a.fact(f);
    const auto& y = b.fact(f);
    CHECK(x.known == y.known);
    CHECK(x.boolean == y.boolean);
    CHECK(x.integer == y.integer);
    CHECK(x.mask == y.mask);
    CHECK(x.complete == y.complete);
    CHECK(x.text == y.text);
  }
  for (std::size_t e = 0; e < a.event_count(); ++e) {
    INFO(schema.events()[e].name);
    CHECK(a.event_known(e) == b.event_known(e));
    CHECK(a.event(e) == b.event(e));
  }
}

}  // namespace

TEST_CASE("bind: every example incident binds as validate() and fact_table(schema, incident) do", "[expr]") {
  const fact_schema& schema = bundled().schema();
  const std::vector<incident> incidents = example_incidents();
  REQUIRE(incidents.size() > 10);
  for (const incident& i : incidents) {
    INFO(i.id());
    auto bound = fact_table::bind(schema, i);
    REQUIRE(bound);
    CHECK(rendered(bound.diagnostics()) == rendered(validate(i, schema)));
    const fact_table table(schema, i);
    check_same(*bound, table, schema);
    // Events by index: the incident's instants.
    for (std::size_t e = 0; e < schema.events().size(); ++e) {
      CHECK(bound->event(e) == i.event(schema.events()[e].name));
    }
  }
}

TEST_CASE("bind: an invalid incident fails with validate()'s diagnostics, in its order", "[expr]") {
  const fact_schema& schema = bundled().schema();
  incident good{"INC-7", zone::utc()};
  good.set_event("detected", *parse_rfc3339("2025-01-02T03:04:05Z"));
  good.set_fact("role", "controller");
  good.set_fact("affected_count", 10);
  good.set_fact("data_categories", fact_value::at_least({"health", "contact"}));
  good.set_fact("personal_data_breach", true);
  REQUIRE(validate(good, schema).empty());
  REQUIRE(fact_table::bind(schema, good));

  std::vector<incident> bad;
  auto variant = [&](auto change) {
    incident i = good;
    change(i);
    bad.push_back(i);
  };
  variant([](incident& i) { i.set_event("detcted", *parse_rfc3339("2025-01-02T03:04:05Z")); });
  variant([](incident& i) { i.set_event("role", *parse_rfc3339("2025-01-02T03:04:05Z")); });
  variant([](incident& i) { i.set_fact("rol", "controller"); });
  variant([](incident& i) { i.set_fact("aware", true); });
  variant([](incident& i) { i.set_fact("role", "controler"); });
  variant([](incident& i) { i.set_fact("role", true); });
  variant([](incident& i) { i.set_fact("affected_count", -5); });
  variant([](incident& i) { i.set_fact("affected_count", "many"); });
  variant([](incident& i) { i.set_fact("data_categories", fact_value::set_of({"helth"})); });
  variant([](incident& i) { i.set_fact("data_categories", "health"); });
  variant([](incident& i) { i.set_fact("personal_data_breach", 1); });
  variant([](incident& i) {  // many at once: the order of validate()
    i.set_fact("zzz_unknown", 1);
    i.set_fact("role", "controler");
    i.set_fact("aaa_unknown", true);
    i.set_event("zzz", *parse_rfc3339("2025-01-02T03:04:05Z"));
    i.set_event("aaa", *parse_rfc3339("2025-01-02T03:04:05Z"));
    i.set_fact("affected_count", -1);
  });
  for (const incident& i : bad) {
    const std::vector<diagnostic> want = validate(i, schema);
    REQUIRE(has_errors(want));
    auto bound = fact_table::bind(schema, i);
    CHECK_FALSE(bound);
    CHECK(rendered(bound.diagnostics()) == rendered(want));
  }
  CHECK(rendered(fact_table::bind(schema, bad.back()).diagnostics()).size() == 6);
}

TEST_CASE("bind: conditions evaluate alike on a bound table and a constructed one", "[expr]") {
  const fact_schema& schema = bundled().schema();
  std::size_t evaluated = 0;
  for (const incident& i : example_incidents()) {
    const fact_table bound = *fact_table::bind(schema, i);
    const fact_table table(schema, i);
    for (const regime& r : bundled().regimes()) {
      for (const obligation& o : r.obligations) {
        if (!o.when) continue;
        const expr::truth a = expr::evaluate(*o.when, bound);
        const expr::truth b = expr::evaluate(*o.when, table);
        CHECK(a.value == b.value);
        CHECK(a.unknown_facts == b.unknown_facts);
        ++evaluated;
      }
    }
  }
  CHECK(evaluated > 100);
}

TEST_CASE("fact table: event instants by index", "[expr]") {
  const fact_schema& schema = bundled().schema();
  const event_decl* detected = schema.event("detected");
  REQUIRE(detected != nullptr);
  const auto d = static_cast<std::size_t>(detected - schema.events().data());
  fact_table t(schema);
  CHECK_FALSE(t.event(d));
  CHECK_FALSE(t.event_known(d));
  const instant at = *parse_rfc3339("2025-01-02T03:04:05Z");
  t.set_event(d, at);
  CHECK(t.event(d) == at);
  CHECK(t.event_known(d));
  t.set_event(d, std::nullopt);
  CHECK_FALSE(t.event(d));
  CHECK_FALSE(t.event_known(d));
  t.set_event_known(d, true);  // known, with no instant (what a search of combinations sets)
  CHECK(t.event_known(d));
  CHECK_FALSE(t.event(d));
  CHECK_THROWS_AS(t.event(schema.events().size()), error);
  CHECK_THROWS_AS(t.set_event(schema.events().size(), at), error);
}
