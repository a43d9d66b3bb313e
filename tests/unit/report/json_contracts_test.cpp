// The JSON documents of `deadline`, `calendar` and `diff`, as a linking program gets them: only
// public headers, and the same bytes as the CLI (its golden files).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "breachclock/breachclock.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

std::string golden_stdout(const char* name) {
  std::ifstream in(test::source_path(std::string("tests/golden/cli/") + name + "/stdout"), std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> keys(const nlohmann::ordered_json& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items()) out.push_back(k);
  return out;
}

assessment cwu(const incident& i) { return *assess(rule_set::bundled(), i, at("2024-03-23T10:00:00Z")); }

}  // namespace

TEST_CASE("render_deadline_json: the deadline command's document, byte for byte", "[report]") {
  const zone london = *zone::locate("Europe/London");
  const deadline_rule rule{*parse_period("72h"), convention::exact, roll::none};
  const instant from = *parse_time("2023-03-24T10:00", london);
  const std::string j = render_deadline_json(from, rule, london, nullptr,
                                             *compute_deadline(from, rule, london, nullptr));
  CHECK(j == golden_stdout("deadline-72h-london-json"));
  const auto doc = nlohmann::ordered_json::parse(j);
  CHECK(keys(doc) == std::vector<std::string>{"from", "due", "due_local", "zone", "period", "convention", "roll",
                                              "calendar", "counting_from", "rolled_from", "warnings"});
  CHECK(doc["calendar"].is_null());

  // A day period with a calendar: due_date and the calendar's id.
  const zone toronto = *zone::locate("America/Toronto");
  const holiday_calendar& ca_on = test::bundled_calendar("ca-on");
  const deadline_rule days{*parse_period("2 days"), convention::exact, roll::next_non_holiday};
  const instant start = *parse_time("2026-02-26T12:00", toronto);
  const std::string k = render_deadline_json(start, days, toronto, &ca_on,
                                             *compute_deadline(start, days, toronto, &ca_on));
  CHECK(k == golden_stdout("deadline-ca-on-saturday-stays"));
  CHECK(nlohmann::ordered_json::parse(k)["due_date"] == "2026-02-28");
}

TEST_CASE("render_holidays_json: the calendar command's document, byte for byte", "[report]") {
  const holiday_calendar& ca_on = test::bundled_calendar("ca-on");
  const std::string j = render_holidays_json(ca_on.holidays(date::year{2021}, date::year{2021}));
  CHECK(j == golden_stdout("calendar-ca-on-2021-json"));
  CHECK(render_holidays_json({}) == "[]\n");
  const auto doc =
      nlohmann::ordered_json::parse(render_holidays_json({holiday{test::ymd(2022, 1, 3), "New Year's Day", true, {}}}));
  CHECK(doc ==
        nlohmann::ordered_json::parse(R"([{"date": "2022-01-03", "name": "New Year's Day", "substitute": true}])"));
}

TEST_CASE("render_diff_json and render_diff_text: what a change moves, incident by incident", "[report]") {
  const rule_set rules = rule_set::bundled();
  incident before_facts = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), rules.schema());
  incident after_facts = before_facts;
  after_facts.set_fact("personal_data_breach", true);
  after_facts.set_fact("risk", "high");
  const assessment before = cwu(before_facts);
  const assessment after = cwu(after_facts);
  const assessment same = cwu(before_facts);

  const std::vector<incident_diff> diffs{diff_incident("a/cwu.toml", before, after),
                                         diff_incident("b/cwu.toml", before, same)};
  REQUIRE(!diffs[0].changes.empty());
  CHECK(diffs[1].changes.empty());
  const diff_summary s = summarize(diffs);
  CHECK(s.incidents == 2);
  CHECK(s.changed_incidents == 1);
  CHECK(s.changed_obligations == diffs[0].changes.size());

  const auto doc = nlohmann::ordered_json::parse(
      render_diff_json({"bundled", rules.digest()}, {"rules-new", rules.digest()}, diffs));
  CHECK(keys(doc) == std::vector<std::string>{"schema", "old", "new", "incidents", "not_compared", "summary"});
  CHECK(doc["not_compared"].empty());
  CHECK(doc["schema"] == k_diff_schema);
  CHECK(doc["old"] == nlohmann::ordered_json{{"rules", "bundled"}, {"digest", rules.digest()}});
  CHECK(doc["new"]["rules"] == "rules-new");
  REQUIRE(doc["incidents"].size() == 2);
  const auto& first = doc["incidents"][0];
  CHECK(keys(first) == std::vector<std::string>{"path", "incident", "as_of", "changes"});
  CHECK(first["path"] == "a/cwu.toml");
  CHECK(first["incident"] == "cwu-2024-03");
  CHECK(first["as_of"] == "2024-03-23T10:00:00Z");
  REQUIRE(first["changes"].size() == diffs[0].changes.size());
  bool ico = false;
  for (const auto& c : first["changes"]) {
    CHECK(keys(c) ==
          std::vector<std::string>{"id", "before", "after", "status_changed", "due_changed", "recipient_changed"});
    CHECK(keys(c["before"]) == std::vector<std::string>{"status", "due", "recipient"});
    if (c["id"] != "uk-gdpr/notify-ico") continue;
    ico = true;
    CHECK(c["before"] == nlohmann::ordered_json{{"status", "undetermined"},
                                                {"due", "2024-03-24T09:00:00Z"},
                                                {"recipient", "Information Commissioner's Office"}});
    CHECK(c["after"]["status"] == "required");
    CHECK(c["status_changed"] == true);
    CHECK(c["due_changed"] == false);
  }
  CHECK(ico);
  CHECK(doc["incidents"][1]["changes"].empty());
  CHECK(doc["summary"] == nlohmann::ordered_json{{"incidents", 2},
                                                 {"changed_incidents", 1},
                                                 {"changed_obligations", diffs[0].changes.size()},
                                                 {"not_compared", 0}});

  const std::string text = render_diff_text(diffs);
  CHECK(text.find("a/cwu.toml (cwu-2024-03)\n") == 0);
  CHECK(text.find("  uk-gdpr/notify-ico: status undetermined -> required\n") != std::string::npos);
  CHECK(text.find("b/cwu.toml") == std::string::npos);
  CHECK(text.substr(text.rfind('\n', text.size() - 2) + 1) ==
        fmt::format("2 incidents compared, 1 changed, {} obligation{} changed\n", s.changed_obligations,
                    s.changed_obligations == 1 ? "" : "s"));
  CHECK(render_diff_text({}) == "0 incidents compared, 0 changed, 0 obligations changed\n");
}

TEST_CASE("render_diff_json and render_diff_text: incidents not compared, apart, with their side and diagnostics",
          "[report]") {
  const rule_set rules = rule_set::bundled();
  incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), rules.schema());
  const assessment a = cwu(i);
  i.set_fact("personal_data_breach", true);
  const assessment b = cwu(i);
  const std::vector<incident_diff> diffs{diff_incident("a.toml", a, b)};
  REQUIRE(!diffs[0].changes.empty());
  const std::vector<incident_not_compared> refused{{"new-fact.toml",
                                                    diff_side::old_rules,
                                                    {make_error("incident.unknown-fact", {"new-fact.toml", 9, 1},
                                                                "unknown fact 'x'")}},
                                                   {"broken.json",
                                                    diff_side::both,
                                                    {make_error("json.syntax", {"broken.json", 4, 35}, "invalid JSON"),
                                                     make_warning("incident.late", {"", 0, 0}, "late")}}};
  const diff_summary s = summarize(diffs, refused);
  CHECK(s.incidents == 1);
  CHECK(s.not_compared == 2);

  const auto doc = nlohmann::ordered_json::parse(render_diff_json({"old", "o"}, {"new", "n"}, diffs, refused));
  REQUIRE(doc["incidents"].size() == 1);
  REQUIRE(doc["not_compared"].size() == 2);
  CHECK(keys(doc["not_compared"][0]) == std::vector<std::string>{"path", "side", "diagnostics"});
  CHECK(doc["not_compared"][0]["path"] == "new-fact.toml");
  CHECK(doc["not_compared"][0]["side"] == "old");
  CHECK(doc["not_compared"][0]["diagnostics"] ==
        nlohmann::ordered_json::parse(R"([{"file": "new-fact.toml", "line": 9, "col": 1, "severity": "error",
                                            "code": "incident.unknown-fact", "message": "unknown fact 'x'"}])"));
  CHECK(doc["not_compared"][1]["side"] == "both");
  CHECK(doc["not_compared"][1]["diagnostics"][1] ==
        nlohmann::ordered_json::parse(R"({"file": null, "line": null, "col": null, "severity": "warning",
                                          "code": "incident.late", "message": "late"})"));
  CHECK(doc["summary"]["not_compared"] == 2);
  CHECK(doc["summary"]["incidents"] == 1);
  // In pieces, the same bytes.
  std::string pieces = render_diff_json_head({"old", "o"}, {"new", "n"}) + render_diff_json_incident(diffs[0], true) +
                       render_diff_json_middle(s) + render_diff_json_not_compared(refused[0], true) +
                       render_diff_json_not_compared(refused[1], false) + render_diff_json_tail(s);
  CHECK(pieces == render_diff_json({"old", "o"}, {"new", "n"}, diffs, refused));
  CHECK(render_diff_json_not_compared(refused[1], false) == "," + render_diff_json_not_compared(refused[1], true));
  // Only incidents not compared: an empty incidents array.
  const auto only = nlohmann::ordered_json::parse(render_diff_json({"old", "o"}, {"new", "n"}, {}, refused));
  CHECK(only["incidents"].empty());
  CHECK(only["not_compared"].size() == 2);

  const std::string text = render_diff_text(diffs, refused);
  const std::string expected_tail =
      "new-fact.toml: not compared: refused by the old rules\n"
      "  new-fact.toml:9:1: error[incident.unknown-fact]: unknown fact 'x'\n"
      "broken.json: not compared: refused by both rule sets\n"
      "  broken.json:4:35: error[json.syntax]: invalid JSON\n"
      "  warning[incident.late]: late\n" +
      fmt::format("1 incident compared, 1 changed, {} obligation{} changed; 2 incidents not compared\n",
                  s.changed_obligations, s.changed_obligations == 1 ? "" : "s");
  REQUIRE(text.size() > expected_tail.size());
  CHECK(text.substr(text.size() - expected_tail.size()) == expected_tail);
  CHECK(text.find("a.toml (cwu-2024-03)\n") == 0);
  diff_summary one;
  count_not_compared(one);
  CHECK(render_diff_text_summary(one) ==
        "0 incidents compared, 0 changed, 0 obligations changed; 1 incident not compared\n");
  CHECK(std::string(to_string(diff_side::new_rules)) == "new");
}

TEST_CASE("render_json: the compact and trace-free forms are the golden document's tree", "[report][json]") {
  const rule_set& rules = rule_set::bundled();
  const incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), rules.schema());
  const assessment a = *assess(rules, i, at("2024-03-22T18:00:00Z"));
  const std::string golden = golden_stdout("assess-cwu-json");
  REQUIRE(render_json(a) == golden);
  const auto tree = nlohmann::ordered_json::parse(golden);
  // Compact: one line, the tree dumped without indentation, then a newline (NDJSON).
  const std::string compact = render_json(a, json_options{true, true});
  CHECK(compact == tree.dump() + "\n");
  std::string appended;
  append_json(appended, a, json_options{true, true});
  CHECK(appended == compact);
  // Without the trace: every `because` empty, nothing else changed.
  auto bare = tree;
  std::size_t steps = 0;
  for (auto& o : bare["obligations"]) {
    steps += o["because"].size();
    o["because"] = nlohmann::ordered_json::array();
  }
  CHECK(steps > 0);
  CHECK(render_json(a, json_options{false, false}) == bare.dump(2) + "\n");
  CHECK(render_json(a, json_options{true, false}) == bare.dump() + "\n");
}
