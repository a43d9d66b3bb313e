#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "breachclock/report/json.hpp"
#include "breachclock/report/text.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

assessment cwu(const char* as_of = "2024-03-22T18:00:00Z") {
  const rule_set rules = rule_set::bundled();
  const incident i = incident::from_file(test::source_path("examples/incidents/cwu-2024.toml"), rules.schema());
  return assess(rules, i, at(as_of));
}

}  // namespace

TEST_CASE("JSON output has every field of the breachclock.assessment/1 contract", "[report]") {
  const nlohmann::json j = nlohmann::json::parse(render_json(cwu()));
  CHECK(j["schema"] == "breachclock.assessment/1");
  CHECK(j["incident"]["id"] == "cwu-2024-03");
  CHECK(j["incident"]["zone"] == "Europe/London");
  CHECK(j["as_of"] == "2024-03-22T18:00:00Z");
  CHECK(j["rules"]["digest"].get<std::string>().rfind("sha256:", 0) == 0);
  REQUIRE(j["rules"]["packs"].is_array());
  for (const auto& p : j["rules"]["packs"]) {
    CHECK(p.contains("id"));
    CHECK(p.contains("title"));
  }
  REQUIRE(j["obligations"].is_array());
  REQUIRE_FALSE(j["obligations"].empty());
  for (const auto& o : j["obligations"]) {
    INFO(o["id"]);
    for (const char* key : {"id", "regime", "title", "action", "recipient", "status", "depends_on", "citations", "deadline",
                            "because", "content", "notes"}) {
      CHECK(o.contains(key));
    }
    CHECK(o["recipient"].contains("id"));
    CHECK(o["recipient"].contains("name"));
    const std::string s = o["status"];
    CHECK((s == "required" || s == "not_required" || s == "undetermined"));
    for (const char* key : {"kind", "from", "anchor", "provisional", "due", "due_local", "zone", "text", "target_due",
                            "remaining_seconds", "overdue"}) {
      CHECK(o["deadline"].contains(key));
    }
    for (const auto& b : o["because"]) {
      CHECK(b.contains("condition"));
      CHECK(b.contains("cite"));
      const std::string v = b["value"];
      CHECK((v == "true" || v == "false" || v == "unknown"));
    }
    for (const auto& c : o["citations"]) {
      CHECK(c.contains("ref"));
      CHECK(c.contains("url"));
    }
  }
  for (const auto& q : j["questions"]) {
    CHECK(q.contains("fact"));
    CHECK(q.contains("question"));
    CHECK(q["decides"].is_array());
  }
  CHECK(j["warnings"].is_array());
  // The ICO report, pending the facts that decide it, with a provisional 72-hour clock.
  const auto ico = std::find_if(j["obligations"].begin(), j["obligations"].end(),
                                [](const nlohmann::json& o) { return o["id"] == "uk-gdpr/notify-ico"; });
  REQUIRE(ico != j["obligations"].end());
  CHECK((*ico)["status"] == "undetermined");
  CHECK((*ico)["depends_on"] == nlohmann::json::array({"personal_data_breach", "risk"}));
  CHECK((*ico)["deadline"]["provisional"] == true);
  CHECK((*ico)["deadline"]["due"] == "2024-03-24T09:00:00Z");
  CHECK((*ico)["deadline"]["remaining_seconds"] == 140400);
}

TEST_CASE("JSON output is byte-identical across runs", "[report]") {
  const std::string first = render_json(cwu());
  for (int i = 0; i < 5; ++i) CHECK(render_json(cwu()) == first);
}

TEST_CASE("obligations in the JSON are sorted by due, none last, then id", "[report]") {
  const nlohmann::json j = nlohmann::json::parse(render_json(cwu()));
  std::vector<std::pair<std::string, std::string>> keys;  // (due or "~" for none, id)
  for (const auto& o : j["obligations"]) {
    keys.emplace_back(o["deadline"]["due"].is_null() ? "~" : o["deadline"]["due"].get<std::string>(), o["id"]);
  }
  CHECK(std::is_sorted(keys.begin(), keys.end()));
}

TEST_CASE("text output: a table, questions, warnings; colour only when asked", "[report]") {
  const std::string plain = render_text(cwu());
  CHECK(plain.find('\x1b') == std::string::npos);
  CHECK(plain.find("Incident cwu-2024-03 (Europe/London), as of Fri 22 Mar 2024 18:00 GMT") != std::string::npos);
  CHECK(plain.find("undetermined  uk-gdpr/notify-ico") != std::string::npos);
  CHECK(plain.find("Sun 24 Mar 2024 09:00 GMT") != std::string::npos);
  CHECK(plain.find("1d 15h 00m") != std::string::npos);
  CHECK(plain.find("depends on: personal_data_breach, risk") != std::string::npos);
  CHECK(plain.find("Open questions") != std::string::npos);
  const std::string coloured = render_text(cwu(), text_options{true});
  CHECK(coloured.find("\x1b[") != std::string::npos);
}

TEST_CASE("the explanation tells every step with its value and citation", "[report]") {
  const assessment a = cwu();
  const std::string e = render_explanation(a, *a.find("uk-gdpr/notify-ico"));
  CHECK(e.find("[unknown] when       personal_data_breach and role == \"controller\"  (UK GDPR Art. 33(1))") != std::string::npos);
  CHECK(e.find("anchor      detected 2024-03-21T09:00:00Z (provisional: aware is not known)") != std::string::npos);
  CHECK(e.find("https://www.legislation.gov.uk/eur/2016/679/article/33") != std::string::npos);
}

TEST_CASE("durations and readable times", "[report]") {
  CHECK(format_duration(0) == "0m");
  CHECK(format_duration(59) == "0m");
  CHECK(format_duration(60) == "1m");
  CHECK(format_duration(3600 + 5 * 60) == "1h 05m");
  CHECK(format_duration(2 * 86400 + 3 * 3600 + 15 * 60) == "2d 03h 15m");
  CHECK(format_duration(-90 * 60) == "-1h 30m");
  CHECK(format_readable(at("2024-07-01T12:00:00Z"), test::zone_named("Europe/London")) == "Mon 01 Jul 2024 13:00 BST");
  CHECK(format_readable(at("2024-07-01T12:00:00Z"), test::zone_named("America/Toronto")) == "Mon 01 Jul 2024 08:00 EDT");
}

TEST_CASE("a recipient chosen by a fact: its authority once known, 'depends on' the fact until then", "[report]") {
  const rule_set rules = rule_set::bundled();
  auto grid = [&](std::optional<std::string> subsector) {
    incident i{"grid", test::zone_named("Europe/London")};
    i.set_fact("oes", true);
    i.set_fact("nis_significant_impact", true);
    if (subsector) i.set_fact("nis_subsector", *subsector);
    i.set_event("nis_incident_aware", at("2024-06-03T12:30:00Z"));
    return assess(rules, i, at("2024-06-03T15:00:00Z"));
  };
  auto nis_of = [](const nlohmann::json& j) {
    const auto it = std::find_if(j["obligations"].begin(), j["obligations"].end(),
                                 [](const nlohmann::json& o) { return o["id"] == "uk-nis/notify-competent-authority"; });
    REQUIRE(it != j["obligations"].end());
    return *it;
  };
  SECTION("unknown") {
    const assessment a = grid(std::nullopt);
    const nlohmann::json o = nis_of(nlohmann::json::parse(render_json(a)));
    CHECK(o["status"] == "required");
    CHECK(o["recipient"] == nlohmann::json{{"id", nullptr}, {"name", nullptr}, {"undetermined_by", "nis_subsector"}});
    CHECK(o["depends_on"] == nlohmann::json::array());
    CHECK(render_text(a).find("uk-nis/notify-competent-authority     depends on nis_subsector") != std::string::npos);
    CHECK(render_explanation(a, *a.find("uk-nis/notify-competent-authority")).find("  to          depends on nis_subsector\n") !=
          std::string::npos);
  }
  SECTION("known") {
    const assessment a = grid("road_transport_scotland");
    const nlohmann::json o = nis_of(nlohmann::json::parse(render_json(a)));
    CHECK(o["recipient"] == nlohmann::json{{"id", "scottish-ministers"}, {"name", "The Scottish Ministers"}});
    CHECK(render_explanation(a, *a.find("uk-nis/notify-competent-authority")).find("  to          The Scottish Ministers\n") !=
          std::string::npos);
  }
}
