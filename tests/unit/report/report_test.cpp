#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "breachclock/report/json.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/text.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

assessment cwu(const char* as_of = "2024-03-22T18:00:00Z") {
  const rule_set rules = rule_set::bundled();
  const incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), rules.schema());
  return *assess(rules, i, at(as_of));
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
    for (const char* key : {"id", "regime", "title", "action", "recipient", "status", "depends_on", "citations",
                            "deadline", "because", "content", "notes"}) {
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
  CHECK(plain.find("              depends on: personal_data_breach, risk\n") != std::string::npos);
  CHECK(plain.find("              to: Information Commissioner's Office\n") != std::string::npos);
  CHECK(plain.find("Open questions") != std::string::npos);
  const std::string coloured = render_text(cwu(), text_options{true});
  CHECK(coloured.find("\x1b[") != std::string::npos);
}

TEST_CASE("the explanation tells every step with its value and citation", "[report]") {
  const assessment a = cwu();
  const std::string e = render_explanation(a, *a.find("uk-gdpr/notify-ico"));
  CHECK(e.find("[unknown] when       personal_data_breach and role == \"controller\" (UK GDPR Art. 33(1))") !=
        std::string::npos);
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
  CHECK(format_readable(at("2024-07-01T12:00:00Z"), test::zone_named("America/Toronto")) ==
        "Mon 01 Jul 2024 08:00 EDT");
}

namespace {

assessment retailer(const char* as_of = "2024-11-05T12:00:00Z") {
  const rule_set rules = rule_set::bundled();
  const incident i = incident::from_file(test::source_path("rules/ca/examples/ca-retailer-rrosh.toml"), rules.schema());
  return *assess(rules, i, at(as_of));
}

std::size_t occurrences(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the premises travel with the conclusions: the incident as given, and what is not known", "[report]") {
  const assessment a = cwu();
  CHECK(a.incident_title() == "CWU: cyber attack on IT systems, email down, member data held on them");
  const nlohmann::json j = nlohmann::json::parse(render_json(a));
  const auto& inc = j["incident"];
  CHECK(inc["id"] == "cwu-2024-03");
  CHECK(inc["zone"] == "Europe/London");
  CHECK(inc["title"] == a.incident_title());
  CHECK(inc["notes"].size() == 2);
  CHECK(inc["events"] == nlohmann::json{{"detected", "2024-03-21T09:00:00Z"}});
  CHECK(inc["facts"]["role"] == "controller");
  CHECK(inc["facts"]["pecs_provider"] == false);
  const auto unknown = inc["unknown_facts"].get<std::vector<std::string>>();
  CHECK(std::is_sorted(unknown.begin(), unknown.end()));
  CHECK(std::find(unknown.begin(), unknown.end(), "personal_data_breach") != unknown.end());
  CHECK(std::find(unknown.begin(), unknown.end(), "risk") != unknown.end());
  CHECK(std::find(unknown.begin(), unknown.end(), "role") == unknown.end());  // given
  // PIPEDA is ruled out (no Canadian personal information): its facts are no premise here.
  CHECK(std::find(unknown.begin(), unknown.end(), "commercial_activity") == unknown.end());
  // The events the UK GDPR and the NIS Regulations count from (CWU's NIS status is decided, its
  // PECR and eIDAS status not: their awareness events stay premises); the laws outside its scope
  // (GB) are no premise either.
  CHECK(inc["unknown_events"] == nlohmann::json{"aware", "incident_aware", "nis_incident_aware"});
  CHECK(inc["scope"] == nlohmann::json{"GB"});
  // A set known in part keeps its "at least".
  const rule_set rules = rule_set::bundled();
  incident i("INC-1", test::zone_named("Europe/London"));
  i.set_fact("data_categories", fact_value::at_least({"health", "contact"}));
  const nlohmann::json k = nlohmann::json::parse(render_json(*assess(rules, i, at("2024-03-22T18:00:00Z"))));
  CHECK(k["incident"]["facts"]["data_categories"] == nlohmann::json{{"at_least", {"contact", "health"}}});
  CHECK(k["incident"]["title"].is_null());
  const std::string md = render_markdown(a);
  CHECK(md.find("## What the assessment rests on") != std::string::npos);
  CHECK(md.find("> Third-party cyber-security experts on site from 09:00 UTC on 21 March 2024.") != std::string::npos);
  CHECK(md.find("| `detected` | 2024-03-21T09:00:00Z | Thu 21 Mar 2024 09:00 GMT |") != std::string::npos);
  CHECK(md.find("| `role` | \"controller\" |") != std::string::npos);
  CHECK(md.find("Not known, and read by the rules that may apply: ") != std::string::npos);
  CHECK(md.find("`aware` (event)") != std::string::npos);
}

TEST_CASE("what a pack says about itself reaches the reader", "[report]") {
  const assessment a = retailer();
  const nlohmann::json j = nlohmann::json::parse(render_json(a));
  bool seen = false;
  for (const auto& p : j["rules"]["packs"]) {
    CHECK(p.contains("confidence"));
    CHECK(p.contains("notes"));
    CHECK(p.contains("jurisdiction"));
    if (p["id"] != "pipeda") continue;
    seen = true;
    CHECK(p["jurisdiction"] == "CA");
    CHECK(p["confidence"] == "primary");
    bool limits = false;
    for (const auto& n : p["notes"])
      limits = limits ||
               n.get<std::string>().find(
                   "other s. 26(2)(b) orders (for example for health custodians in other provinces) were not read") !=
                   std::string::npos;
    CHECK(limits);
  }
  CHECK(seen);
  const std::string md = render_markdown(a);
  CHECK(md.find("### `pipeda`: what the pack says about itself") != std::string::npos);
  CHECK(md.find("the province's own law governs the breach instead") != std::string::npos);
  CHECK(md.find("- `pipeda` (CA, confidence primary): ") != std::string::npos);
  const std::string text = render_text(a);
  CHECK(
      text.find("  pipeda (CA): confidence primary; 9 notes on what it models and leaves out (breachclock explain)") !=
      std::string::npos);
  const std::string why = render_explanation(a, *a.find("pipeda/report-opc"));
  CHECK(why.find("The regime: pipeda\n  confidence  primary\n") != std::string::npos);
  CHECK(why.find("the province's own law governs the breach instead") != std::string::npos);
}

TEST_CASE("an obligation's confidence is the weaker of its own mark and its regime's", "[report]") {
  const assessment a = retailer();
  // The DPA 2018 Part 4 pack is marked secondary and its duties nothing: secondary (the docs say
  // so too).
  const obligation_result& opc = *a.find("uk-dpa-part4/notify-ico");
  CHECK(opc.rule->certainty == confidence::primary);
  CHECK(opc.pack->certainty == confidence::secondary);
  CHECK(opc.certainty == confidence::secondary);
  // A duty marked secondary in a primary pack stays secondary.
  const assessment b = cwu();
  const obligation_result& pc = *b.find("uk-gdpr/public-communication");
  CHECK(pc.pack->certainty == confidence::primary);
  CHECK(pc.certainty == confidence::secondary);
  CHECK(b.find("uk-gdpr/notify-ico")->certainty == confidence::primary);
  const nlohmann::json json = nlohmann::json::parse(render_json(a));  // kept alive for the loop
  for (const auto& o : json["obligations"]) {
    if (o["regime"] == "uk-dpa-part4") CHECK(o["confidence"] == "secondary");
  }
  CHECK(render_explanation(a, opc).find(
            "  confidence  secondary (the duty: primary; its regime: secondary; the weaker counts)\n") !=
        std::string::npos);
}

TEST_CASE("explanations say each thing once", "[report]") {
  const assessment a = cwu();
  const obligation_result& pc = *a.find("uk-gdpr/public-communication");
  // The substitute and the duty it replaces share the regime's `applies`: one step.
  std::size_t applies = 0;
  for (const trace_entry& e : pc.because) applies += e.what == trace_entry::kind::applies ? 1U : 0U;
  CHECK(applies == 1);
  for (std::size_t x = 0; x < pc.because.size(); ++x) {
    for (std::size_t y = x + 1; y < pc.because.size(); ++y) {
      const trace_entry& e = pc.because[x];
      const trace_entry& f = pc.because[y];
      const bool same = e.what == f.what && e.value == f.value && e.condition != nullptr && f.condition != nullptr &&
                        *e.condition == *f.condition;
      CHECK_FALSE(same);
    }
  }
  const std::string condition = pc.pack->applies->text();
  CHECK(occurrences(render_explanation(a, pc), "applies    " + condition) == 1);
  CHECK(occurrences(render_markdown(a), "- the law applies: `" + condition + "`") == 4);  // one per duty shown
  // The status still follows every path.
  CHECK(pc.state == status::undetermined);
}

TEST_CASE("explain says in which zone and calendar a day period was counted", "[report]") {
  const assessment a = retailer();
  const std::string keep = render_explanation(a, *a.find("pipeda/keep-record"));
  CHECK(keep.find("  counted in  America/Toronto (the zone of Office of the Privacy Commissioner of Canada); calendar\n"
                  "              ca not used (calendar days)\n") != std::string::npos);
  // An hour period is elapsed time: no zone to count in.
  const assessment b = cwu();
  CHECK(render_explanation(b, *b.find("uk-gdpr/notify-ico")).find("counted in") == std::string::npos);
  // Business days: the zone and the calendar whose holidays are skipped.
  auto loaded = rule_set::load(test::source_path("tests/golden/inputs/rules/hostile-text"));
  REQUIRE(loaded);
  const incident i = incident::from_file(test::source_path("tests/golden/inputs/incidents/hostile-text.toml"),
                                         loaded->schema());
  const assessment h = *assess(*loaded, i, at("2024-03-22T18:00:00Z"));
  CHECK(render_explanation(h, *h.find("t/report")).find("  counted in  Europe/London (the zone of Regulator") !=
        std::string::npos);
  CHECK(render_explanation(h, *h.find("t/report")).find("Nobody),\n              calendar gb-eaw\n") !=
        std::string::npos);
  CHECK(nlohmann::json::parse(render_json(h))["obligations"][0]["deadline"]["calendar"] == "gb-eaw");
}

TEST_CASE("a recipient chosen by a fact: its authority once known, 'depends on' the fact until then", "[report]") {
  const rule_set rules = rule_set::bundled();
  auto grid = [&](std::optional<std::string> subsector) {
    incident i{"grid", test::zone_named("Europe/London")};
    i.set_fact("oes", true);
    i.set_fact("nis_significant_impact", true);
    if (subsector) i.set_fact("nis_subsector", *subsector);
    i.set_event("nis_incident_aware", at("2024-06-03T12:30:00Z"));
    return *assess(rules, i, at("2024-06-03T15:00:00Z"));
  };
  auto nis_of = [](const nlohmann::json& j) {
    const auto it = std::find_if(j["obligations"].begin(), j["obligations"].end(), [](const nlohmann::json& o) {
      return o["id"] == "uk-nis/notify-competent-authority";
    });
    REQUIRE(it != j["obligations"].end());
    return *it;
  };
  SECTION("unknown") {
    const assessment a = grid(std::nullopt);
    const nlohmann::json o = nis_of(nlohmann::json::parse(render_json(a)));
    CHECK(o["status"] == "required");
    CHECK(o["recipient"] == nlohmann::json{{"id", nullptr}, {"name", nullptr}, {"undetermined_by", "nis_subsector"}});
    CHECK(o["depends_on"] == nlohmann::json::array());
    // The fact that chooses the recipient is a premise not yet known.
    const auto unknown = nlohmann::json::parse(render_json(a))["incident"]["unknown_facts"];
    CHECK(std::find(unknown.begin(), unknown.end(), "nis_subsector") != unknown.end());
    const std::string text = render_text(a);
    const std::size_t row = text.find("required      uk-nis/notify-competent-authority ");
    REQUIRE(row != std::string::npos);
    CHECK(text.find("\n              to: depends on nis_subsector\n", row) == text.find('\n', row));
    CHECK(render_explanation(a, *a.find("uk-nis/notify-competent-authority"))
              .find("  to          depends on nis_subsector\n") != std::string::npos);
  }
  SECTION("known") {
    const assessment a = grid("road_transport_scotland");
    const nlohmann::json o = nis_of(nlohmann::json::parse(render_json(a)));
    CHECK(o["recipient"] == nlohmann::json{{"id", "scottish-ministers"}, {"name", "The Scottish Ministers"}});
    CHECK(render_explanation(a, *a.find("uk-nis/notify-competent-authority"))
              .find("  to          The Scottish Ministers\n") != std::string::npos);
  }
}
