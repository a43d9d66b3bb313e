// Every report renders the journal's results and the new deadline forms (issue 15): a duty
// filed (on time or late), a deadline not started, a combined deadline with its limits and the
// one that governed, a roll to a time of day, a duty displaced by another law, a result of
// proposed law, and the Markdown decision log. The results are set by hand on a real
// assessment: the renderers are tested apart from the engine that fills them.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "breachclock/report/ics.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/svg.hpp"
#include "breachclock/report/text.hpp"
#include "report/presentation.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

obligation_result& find(assessment& a, std::string_view id) {
  for (obligation_result& o : a.obligations)
    if (o.rule->id == id) return o;
  FAIL("no obligation " << id);
  return a.obligations.front();
}

// The rule-side values the results point into: they outlive every assessment of the tests.
struct fixture {
  obligation combined;  // a copy of uk-gdpr/public-communication, made proposed and combined
  exception_rule displacing;
};

fixture& rules_side(const obligation& base) {
  static fixture f = [&] {
    fixture x;
    x.combined = base;
    x.combined.proposed = "Digital Omnibus, COM(2025) 837";
    x.combined.deadline.kind = deadline_kind::fixed;
    x.combined.deadline.combine = deadline_combine::earlier_of;
    deadline_limit four;
    four.from = "classified_major";
    four.period.length = *parse_period("4h");
    deadline_limit day;
    day.from = "aware";
    day.period.length = *parse_period("24h");
    day.unless_later = "classified_major";
    x.combined.deadline.limits = {four, day};
    x.displacing.displaced_by = "dora";
    x.displacing.because = "DORA governs the ICT incidents of financial entities";
    x.displacing.cite = {{"NIS2 Art. 4(1)", "https://eur-lex.europa.eu/eli/dir/2022/2555/oj"}};
    return x;
  }();
  return f;
}

// cwu-2024 at 18:00 with: notify-ico filed late (by 1d 2h, a reference); notify-data-subjects
// counting from the filing of notify-ico, not recorded (not started); public-communication a
// proposed combined deadline, governed by its first limit and rolled from Saturday to Monday
// noon; uk-nis/notify-competent-authority displaced by dora.
assessment journal_case() {
  const rule_set& rules = rule_set::bundled();
  const incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), rules.schema());
  assessment a = *assess(rules, i, at("2024-03-22T18:00:00Z"));

  obligation_result& ico = find(a, "uk-gdpr/notify-ico");
  ico.state = status::required;
  ico.deadline.overdue = false;
  ico.filed = filing_result{at("2024-03-25T11:00:00Z"), false, 93600, "ICO-1"};

  obligation_result& subjects = find(a, "uk-gdpr/notify-data-subjects");
  subjects.state = status::required;
  subjects.deadline.kind = deadline_kind::fixed;
  subjects.deadline.from_kind = anchor_kind::filed;
  subjects.deadline.from = "uk-gdpr/notify-ico";
  subjects.deadline.not_started = true;
  subjects.deadline.provisional = false;
  subjects.deadline.due.reset();
  subjects.deadline.anchor.reset();

  obligation_result& pc = find(a, "uk-gdpr/public-communication");
  fixture& f = rules_side(*pc.rule);
  pc.rule = &f.combined;
  pc.proposed = true;
  pc.state = status::required;
  deadline_result& d = pc.deadline;
  d.kind = deadline_kind::fixed;
  d.from = "";
  d.provisional = false;
  d.due = at("2024-03-25T12:00:00Z");  // Monday noon (GMT)
  d.rolled_due_from = at("2024-03-23T12:00:00Z");
  d.limits = {limit_result{&f.combined.deadline.limits[0], at("2024-03-23T08:00:00Z"), at("2024-03-23T12:00:00Z")},
              limit_result{&f.combined.deadline.limits[1], at("2024-03-22T14:00:00Z"), at("2024-03-23T14:00:00Z")}};
  d.governed_by = 0;
  d.remaining_seconds = 3 * 86400;

  obligation_result& nis = find(a, "uk-nis/notify-competent-authority");
  nis.displaced = &f.displacing;
  return a;
}

const nlohmann::json& obligation_json(const nlohmann::json& doc, std::string_view id) {
  for (const nlohmann::json& o : doc["obligations"])
    if (o["id"] == id) return o;
  FAIL("no obligation " << id);
  return doc;
}

std::string event_of(const std::string& ics, const std::string& uid) {
  const auto at_uid = ics.find("UID:" + uid + "\r\n");
  if (at_uid == std::string::npos) return "";
  const auto begin = ics.rfind("BEGIN:VEVENT", at_uid);
  return ics.substr(begin, ics.find("END:VEVENT\r\n", at_uid) + 12 - begin);
}

// The ICS text unfolded (RFC 5545 3.1), to look for whole property values.
std::string unfolded(std::string s) {
  for (auto k = s.find("\r\n "); k != std::string::npos; k = s.find("\r\n ")) s.erase(k, 3);
  return s;
}

}  // namespace

TEST_CASE("JSON: filed, not_started, limits, governed_by, rolled_due_from, displaced_by, proposed",
          "[report][journal]") {
  const assessment a = journal_case();
  const nlohmann::json doc = nlohmann::json::parse(render_json(a));

  const nlohmann::json& ico = obligation_json(doc, "uk-gdpr/notify-ico");
  // The contract: exactly these names.
  CHECK(ico["filed"] == nlohmann::json::parse(
                            R"j({"at": "2024-03-25T11:00:00Z", "on_time": false, "late_by_seconds": 93600,
                                "reference": "ICO-1"})j"));
  CHECK(ico["deadline"]["overdue"] == false);
  CHECK(ico["deadline"]["not_started"] == false);
  CHECK(ico["displaced_by"].is_null());
  CHECK(ico["proposed"] == false);
  CHECK(ico["proposal"].is_null());
  CHECK(ico["deadline"]["from_kind"] == "event");
  CHECK(ico["deadline"]["combine"] == "single");
  CHECK(ico["deadline"]["limits"] == nlohmann::json::array());
  CHECK(ico["deadline"]["governed_by"].is_null());
  CHECK(ico["deadline"]["rolled_due_from"].is_null());

  const nlohmann::json& subjects = obligation_json(doc, "uk-gdpr/notify-data-subjects");
  CHECK(subjects["filed"].is_null());
  CHECK(subjects["deadline"]["due"].is_null());
  CHECK(subjects["deadline"]["not_started"] == true);
  CHECK(subjects["deadline"]["from_kind"] == "filed");
  CHECK(subjects["deadline"]["from"] == "uk-gdpr/notify-ico");

  const nlohmann::json& pc = obligation_json(doc, "uk-gdpr/public-communication");
  CHECK(pc["proposed"] == true);
  CHECK(pc["proposal"] == "Digital Omnibus, COM(2025) 837");
  CHECK(pc["deadline"]["combine"] == "earlier_of");
  CHECK(pc["deadline"]["governed_by"] == 0);
  CHECK(pc["deadline"]["rolled_due_from"] == "2024-03-23T12:00:00Z");
  CHECK(pc["deadline"]["due"] == "2024-03-25T12:00:00Z");
  CHECK(pc["deadline"]["limits"] == nlohmann::json::parse(R"j([
      {"from": "classified_major", "from_kind": "event", "within": "4h", "anchor": "2024-03-23T08:00:00Z",
       "due": "2024-03-23T12:00:00Z", "not_started": false, "lapsed": false, "unless_later": null},
      {"from": "aware", "from_kind": "event", "within": "24h", "anchor": "2024-03-22T14:00:00Z",
       "due": "2024-03-23T14:00:00Z", "not_started": false, "lapsed": false,
       "unless_later": "classified_major"}])j"));

  const nlohmann::json& nis = obligation_json(doc, "uk-nis/notify-competent-authority");
  CHECK(nis["displaced_by"] == nlohmann::json::parse(R"j({"pack": "dora",
      "because": "DORA governs the ICT incidents of financial entities", "cite": "NIS2 Art. 4(1)"})j"));
}

TEST_CASE("text and explain: done, not started, limits and the one that governed, rolled, displaced, proposed",
          "[report][journal]") {
  const assessment a = journal_case();
  const std::string t = render_text(a);
  CHECK(t.find("done 2024-03-25 11:00 UTC (late by 1d 2h, ref ICO-1)") != std::string::npos);
  CHECK(t.find("done late") != std::string::npos);
  CHECK(t.find("overdue") == std::string::npos);  // a filed duty is never overdue
  CHECK(t.find("not started: counts from the filing of uk-gdpr/notify-ico") != std::string::npos);
  CHECK(t.find("governed by: 4h from classified_major") != std::string::npos);
  CHECK(t.find("rolled from Sat 12:00 to Mon 12:00") != std::string::npos);
  CHECK(t.find("[proposed: Digital Omnibus, COM(2025) 837] not binding") != std::string::npos);
  CHECK(t.find("uk-nis/notify-competent-authority: not required: displaced by dora \u2014 DORA governs") !=
        std::string::npos);
  CHECK(t.find("(NIS2 Art. 4(1))") != std::string::npos);

  assessment b = journal_case();
  const std::string e = render_explanation(b, find(b, "uk-gdpr/public-communication"));
  CHECK(e.find("governed by: 4h from classified_major") != std::string::npos);
  CHECK(e.find("4h from classified_major: Sat 23 Mar 2024 12:00 GMT (governed)") != std::string::npos);
  CHECK(e.find("24h from aware: Sat 23 Mar 2024 14:00 GMT") != std::string::npos);
  CHECK(e.find("  rolled      from Sat 12:00 to Mon 12:00\n") != std::string::npos);
  CHECK(e.find("  kind        fixed, earlier of 2 limits\n") != std::string::npos);
  CHECK(e.find("[proposed: Digital Omnibus, COM(2025) 837] not binding") != std::string::npos);
  const std::string filed = render_explanation(b, find(b, "uk-gdpr/notify-ico"));
  CHECK(filed.find("2024-03-25 11:00 UTC (late by 1d 2h, ref ICO-1)") != std::string::npos);
  CHECK(filed.find("overdue") == std::string::npos);
  const std::string waiting = render_explanation(b, find(b, "uk-gdpr/notify-data-subjects"));
  CHECK(waiting.find("not started: counts from the filing of uk-gdpr/notify-ico") != std::string::npos);
  CHECK(waiting.find("is not known") == std::string::npos);
  const std::string displaced = render_explanation(b, find(b, "uk-nis/notify-competent-authority"));
  CHECK(displaced.find("displaced by dora") != std::string::npos);
}

TEST_CASE("Markdown: the journal's results, and the decision log when there is one", "[report][journal]") {
  const assessment a = journal_case();
  const std::string plain = render_markdown(a);
  CHECK(plain.find("## Decision log") == std::string::npos);
  CHECK(plain.find("- **Done:** done 2024-03-25 11:00 UTC (late by 1d 2h, ref ICO-1)") != std::string::npos);
  CHECK(plain.find("done, **late**") != std::string::npos);
  // The first deadline is the first one not done and binding: notify-ico was filed, and the
  // public communication here is proposed law, counted apart.
  CHECK(plain.find("The first deadline: `uk-gdpr/public-communication`") == std::string::npos);
  CHECK(plain.find("; 1 result of proposed law beside them, not binding.") != std::string::npos);
  CHECK(plain.find("not started: counts from the filing of uk-gdpr/notify-ico") != std::string::npos);
  CHECK(plain.find("- **governed by**: 4h from classified\\_major") != std::string::npos);
  CHECK(plain.find("  - 4h from classified\\_major: Sat 23 Mar 2024 12:00 GMT (**governs**)") != std::string::npos);
  CHECK(plain.find("- **Rolled:** rolled from Sat 12:00 to Mon 12:00") != std::string::npos);
  CHECK(plain.find("\\[proposed: Digital Omnibus, COM(2025) 837\\] not binding") != std::string::npos);
  CHECK(plain.find("- `uk-nis/notify-competent-authority`: not required: displaced by dora") != std::string::npos);

  std::vector<decision> log;
  decision learned;
  learned.at = at("2024-03-22T14:00:00Z");
  learned.obligation = "uk-gdpr/notify-ico";
  learned.from = status::undetermined;
  learned.to = status::required;
  learned.because = {"personal_data_breach", "risk"};
  log.push_back(learned);
  decision filed;
  filed.what = decision::kind::filed;
  filed.at = at("2024-03-25T11:00:00Z");
  filed.obligation = "uk-gdpr/notify-ico";
  filed.on_time = false;
  filed.reference = "ICO-1";
  log.push_back(filed);
  decision asked;
  asked.what = decision::kind::requested;
  asked.at = at("2024-03-26T09:00:00Z");
  asked.obligation = "uk-gdpr/notify-data-subjects";
  log.push_back(asked);
  const std::string md = render_markdown(a, log);
  CHECK(md.find("\n## Decision log\n") != std::string::npos);
  CHECK(md.find("- 2024-03-22T14:00:00Z \u2014 `uk-gdpr/notify-ico`: undetermined -> required (learned "
                "`personal_data_breach`, `risk`)\n") != std::string::npos);
  CHECK(md.find("- 2024-03-25T11:00:00Z \u2014 `uk-gdpr/notify-ico`: filed, **late** by 1d 2h (ref ICO-1)\n") !=
        std::string::npos);
  CHECK(md.find("- 2024-03-26T09:00:00Z \u2014 `uk-gdpr/notify-data-subjects`: requested by the authority\n") !=
        std::string::npos);
  // The rest of the report is the one without the log.
  CHECK(md.substr(0, md.find("## Decision log")) == plain.substr(0, md.find("## Decision log")));
  CHECK(render_markdown(a, {}).find("## Decision log") != std::string::npos);
}

TEST_CASE("iCalendar: done is CONFIRMED and quiet, proposed TENTATIVE, displaced CANCELLED, not started absent",
          "[report][journal]") {
  const assessment a = journal_case();
  const std::string ics = render_ics(a);
  const std::string done = unfolded(event_of(ics, ics_uid(a.incident_id, "uk-gdpr/notify-ico", false)));
  REQUIRE(!done.empty());
  CHECK(done.find("SUMMARY:[done] [required] Due:") != std::string::npos);
  CHECK(done.find("STATUS:CONFIRMED") != std::string::npos);
  CHECK(done.find("BEGIN:VALARM") == std::string::npos);
  CHECK(done.find("Done 2024-03-25 11:00 UTC (late by 1d 2h\\, ref ICO-1)") != std::string::npos);

  CHECK(event_of(ics, ics_uid(a.incident_id, "uk-gdpr/notify-data-subjects", false)).empty());

  std::string uid = ics_uid(a.incident_id, "uk-gdpr/public-communication", false);
  uid.insert(uid.find("@"), ".proposed");
  const std::string proposed = unfolded(event_of(ics, uid));
  REQUIRE(!proposed.empty());
  CHECK(proposed.find("STATUS:TENTATIVE") != std::string::npos);
  CHECK(proposed.find("SUMMARY:[proposed] [required]") != std::string::npos);
  CHECK(proposed.find("not binding") != std::string::npos);
  CHECK(proposed.find("BEGIN:VALARM") == std::string::npos);

  const std::string nis = unfolded(event_of(ics, ics_uid(a.incident_id, "uk-nis/notify-competent-authority", false)));
  CHECK(nis.find("STATUS:CANCELLED") != std::string::npos);
  CHECK(nis.find("Not required: displaced by dora") != std::string::npos);
}

TEST_CASE("SVG: a filed duty is marked done at its filing, a deadline not started has no mark", "[report][journal]") {
  const assessment a = journal_case();
  const std::string svg = render_svg(a);
  CHECK(svg.find("(done late)") != std::string::npos);
  CHECK(svg.find("<title>done 2024-03-25 11:00 UTC (late by 1d 2h, ref ICO-1)</title></circle>") != std::string::npos);
  CHECK(svg.find("uk-gdpr/notify-data-subjects") == std::string::npos);
  CHECK(svg.find("uk-gdpr/public-communication [proposed]") != std::string::npos);
}

TEST_CASE("a duty filed on time with no reference, and one filed with no due instant to measure", "[report][journal]") {
  assessment a = journal_case();
  obligation_result& ico = find(a, "uk-gdpr/notify-ico");
  ico.filed = filing_result{at("2024-03-23T10:00:00Z"), true, 0, ""};
  obligation_result& record = find(a, "uk-gdpr/record-breach");  // no time limit
  record.filed = filing_result{at("2024-03-22T12:00:00Z"), std::nullopt, std::nullopt, "REG-7"};
  const nlohmann::json doc = nlohmann::json::parse(render_json(a));
  CHECK(obligation_json(doc, "uk-gdpr/notify-ico")["filed"] ==
        nlohmann::json::parse(R"j({"at": "2024-03-23T10:00:00Z", "on_time": true, "late_by_seconds": 0,
                                   "reference": null})j"));
  CHECK(obligation_json(doc, "uk-gdpr/record-breach")["filed"] ==
        nlohmann::json::parse(R"j({"at": "2024-03-22T12:00:00Z", "on_time": null, "late_by_seconds": null,
                                   "reference": "REG-7"})j"));
  const std::string t = render_text(a);
  CHECK(t.find("done 2024-03-23 10:00 UTC (on time)\n") != std::string::npos);
  CHECK(t.find("done 2024-03-22 12:00 UTC (ref REG-7)\n") != std::string::npos);
  CHECK(render_markdown(a).find("| done |") != std::string::npos);
}

TEST_CASE("the trace step of an on-request duty says when it was requested", "[report][journal]") {
  assessment a = journal_case();
  obligation_result& subjects = find(a, "uk-gdpr/notify-data-subjects");
  trace_entry asked;
  asked.what = trace_entry::kind::requested;
  asked.value = tri::yes;
  asked.chosen_at = at("2024-03-26T09:00:00Z");
  std::vector<trace_entry> steps(subjects.because.begin(), subjects.because.end());
  steps.push_back(asked);
  subjects.because = steps;
  const nlohmann::json doc = nlohmann::json::parse(render_json(a));
  const nlohmann::json& step = obligation_json(doc, "uk-gdpr/notify-data-subjects")["because"].back();
  CHECK(step["kind"] == "requested");
  CHECK(step["condition"] == "requested at 2024-03-26T09:00:00Z");
  CHECK(step["value"] == "true");
  CHECK(render_explanation(a, subjects).find("[true]    requested  requested at 2024-03-26T09:00:00Z") !=
        std::string::npos);
  CHECK(render_markdown(a).find("- requested by the authority: requested at 2024-03-26T09:00:00Z is **true**") !=
        std::string::npos);
}

TEST_CASE("diff: a deadline not started is a side of its own", "[report][journal]") {
  const assessment a = journal_case();
  CHECK(detail::side_of(a.find("uk-gdpr/notify-data-subjects")).due == "not started");
}
