// The presentation model (src/breachclock/report/presentation.hpp): computed once from an
// assessment, read by every renderer.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

#include "breachclock/report/markdown.hpp"
#include "breachclock/report/text.hpp"
#include "report/presentation.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

assessment assessed(const char* file, const char* as_of) {
  const rule_set rules = rule_set::bundled();
  return *assess(rules, incident::from_file(test::example_incident(file), rules.schema()), at(as_of));
}

const detail::obligation_view& view(const detail::presentation& p, std::string_view id) {
  for (const detail::obligation_view& v : p.obligations) {
    if (v.result->rule->id == id) return v;
  }
  FAIL("no obligation " << id);
  return p.obligations.front();
}

}  // namespace

TEST_CASE("presentation: due forms, due text per zone, time left", "[report]") {
  const assessment a = assessed("cwu-2024.toml", "2024-03-23T10:00:00Z");
  const detail::presentation p = detail::present(a);
  REQUIRE(p.obligations.size() == a.obligations.size());
  CHECK(p.as_of_utc == "2024-03-23T10:00:00Z");
  CHECK(p.as_of_local == "Sat 23 Mar 2024 10:00 GMT");

  const detail::obligation_view& ico = view(p, "uk-gdpr/notify-ico");
  CHECK(ico.due == detail::due_form::dated);
  CHECK(ico.status == "undetermined");
  CHECK(ico.recipient == "Information Commissioner's Office");
  CHECK(ico.due_utc == "2024-03-24T09:00:00Z");
  CHECK(ico.due_local == "Sun 24 Mar 2024 09:00 GMT");
  CHECK(ico.due_incident == ico.due_local);
  CHECK_FALSE(ico.other_zone);
  CHECK(ico.due_short == "Sun 24 Mar 09:00");
  CHECK(ico.due_day == "2024-03-24");
  CHECK(ico.left == std::optional<std::string>("23h 00m"));
  CHECK_FALSE(ico.overdue);
  CHECK_FALSE(ico.keep_until);
  CHECK_FALSE(ico.refs.empty());
  REQUIRE(ico.cites == &ico.result->rule->cite);
  CHECK(ico.refs == detail::citation_refs(ico.cites));
  CHECK(ico.link == ico.cites->front().url);
  CHECK(ico.link.rfind("https://", 0) == 0);

  CHECK(view(p, "uk-gdpr/notify-data-subjects").due == detail::due_form::soft);
  CHECK(view(p, "uk-gdpr/notify-data-subjects").law_text == std::optional<std::string>("without undue delay"));
  CHECK(view(p, "uk-gdpr/record-breach").due == detail::due_form::no_limit);
  CHECK(view(p, "uk-gdpr/record-breach").left == std::nullopt);

  // The lists every report shows: what applies or may apply, what does not, their regimes.
  CHECK(p.shown.size() == 4);
  CHECK(p.not_required.size() == a.obligations.size() - 4);
  CHECK(p.required == 0);
  CHECK(p.undetermined == 4);
  for (const detail::obligation_view* v : p.not_required) CHECK(v->due == detail::due_form::not_applicable);
  REQUIRE(p.shown_regimes.size() == 1);
  CHECK(p.shown_regimes.front()->id == "uk-gdpr");
  REQUIRE(p.first_deadline != nullptr);
  CHECK(p.first_deadline->result->rule->id == "uk-gdpr/notify-ico");
  CHECK_FALSE(p.second_zone);

  // Past the deadline: the time left is the time over, and it says so.
  const assessment late = assessed("cwu-2024.toml", "2024-03-25T10:30:00Z");
  const detail::presentation q = detail::present(late);
  CHECK(view(q, "uk-gdpr/notify-ico").overdue);
  CHECK(view(q, "uk-gdpr/notify-ico").left == std::optional<std::string>("1d 01h 30m"));
}

namespace {

// A UK breach handled from New York: the ICO's deadline is counted in London.
assessment new_york_case() {
  const rule_set rules = rule_set::bundled();
  incident i{"NY-1", *zone::locate("America/New_York")};
  i.set_event("detected", at("2025-09-01T07:40:00Z"));
  i.set_event("aware", at("2025-09-01T10:20:00Z"));
  i.set_fact("uk_processing", true);
  i.set_fact("canadian_personal_information", false);
  i.set_fact("role", "controller");
  i.set_fact("pecs_provider", false);
  i.set_fact("rdsp", false);
  i.set_fact("trust_service_provider", false);
  i.set_fact("personal_data_breach", true);
  i.set_fact("risk", "high");
  return *assess(rules, i, at("2025-09-01T12:00:00Z"));
}

}  // namespace

TEST_CASE("presentation: a deadline counted in another zone is shown in both", "[report]") {
  const assessment a = new_york_case();
  const detail::presentation p = detail::present(a);
  CHECK(p.second_zone);
  bool seen = false;
  for (const detail::obligation_view* v : p.shown) {
    if (!v->other_zone || v->due != detail::due_form::dated) continue;
    seen = true;
    CHECK(v->due_local == format_readable(*v->result->deadline.due, v->result->deadline.tz));
    CHECK(v->due_incident == format_readable(*v->result->deadline.due, a.incident_zone));
    CHECK(v->due_local != v->due_incident);
    CHECK(v->due_local_iso == v->result->deadline.tz.format(*v->result->deadline.due));
    CHECK(v->due_incident_iso == a.incident_zone.format(*v->result->deadline.due));
  }
  CHECK(seen);
}

TEST_CASE("presentation: every trace step has its label, value, reason and citations", "[report]") {
  std::set<std::string_view> labels;
  for (const std::filesystem::path& path : test::example_incident_paths()) {
    const assessment a = assessed(path.filename().c_str(), "2025-12-01T12:00:00Z");
    const detail::presentation p = detail::present(a);
    for (const detail::obligation_view& v : p.obligations) {
      REQUIRE(v.steps.size() == v.result->because.size());
      for (std::size_t k = 0; k < v.steps.size(); ++k) {
        const detail::step_view& s = v.steps[k];
        const trace_entry& e = v.result->because[k];
        CHECK(s.entry == &e);
        CHECK(s.value == to_string(e.value));
        CHECK(s.because.has_value() == (e.because != nullptr));
        CHECK(s.replaced.has_value() == (e.other != nullptr));
        CHECK(s.refs == detail::citation_refs(e.cite));
        labels.insert(s.label);
        switch (e.what) {
          case trace_entry::kind::applies:
            CHECK(s.label == "applies");
            CHECK(s.condition == *e.condition);
            break;
          case trace_entry::kind::when:
            CHECK(s.label == "when");
            CHECK(s.condition == *e.condition);
            break;
          case trace_entry::kind::unless:
            CHECK(s.label == "unless");
            CHECK(s.condition == *e.condition);
            break;
          case trace_entry::kind::scope:
            CHECK(s.label == "scope");
            CHECK(s.condition == (e.condition != nullptr ? *e.condition : std::string()));
            break;
          case trace_entry::kind::requested: CHECK(s.label == "requested"); break;
          case trace_entry::kind::instead_of:
            CHECK(s.label == "instead of");
            CHECK(*s.replaced == e.other->id);
            break;
          case trace_entry::kind::in_force:
            CHECK(s.label == "in force");
            CHECK(s.condition == e.window->text);
            CHECK(s.tested ==
                  (e.chosen_at ? "tested at " + format_utc(*e.chosen_at) + ", " + std::string(e.chosen_by) : ""));
            break;
        }
      }
    }
  }
  // The examples exercise every kind of step.
  CHECK(labels ==
        std::set<std::string_view>{"applies", "in force", "when", "unless", "instead of", "scope", "requested"});
}

TEST_CASE("presentation: citation lists and the sides of a change", "[report]") {
  CHECK(detail::citation_refs(nullptr).empty());
  const std::vector<citation> cs{{"UK GDPR art. 33(1)", "https://example.org/33"}, {"s. 10", ""}};
  CHECK(detail::citation_refs(&cs) == "UK GDPR art. 33(1); s. 10");

  const assessment a = assessed("cwu-2024.toml", "2024-03-23T10:00:00Z");
  const detail::change_side absent = detail::side_of(nullptr);
  CHECK((absent.status == "absent" && absent.due == "-" && absent.recipient == "-"));
  const detail::change_side ico = detail::side_of(a.find("uk-gdpr/notify-ico"));
  CHECK((ico.status == "undetermined" && ico.due == "2024-03-24T09:00:00Z" &&
         ico.recipient == "Information Commissioner's Office"));
  CHECK(detail::side_of(a.find("uk-gdpr/notify-data-subjects")).due == "soft");
  CHECK(detail::side_of(a.find("uk-gdpr/record-breach")).due == "none");
}

TEST_CASE("presentation: the text and Markdown reports show the model's due text and time left", "[report]") {
  const assessment a = new_york_case();
  const detail::presentation p = detail::present(a);
  const std::string text = render_text(a);
  const std::string md = render_markdown(a);
  for (const detail::obligation_view* v : p.shown) {
    INFO(v->result->rule->id);
    if (v->due == detail::due_form::dated) {
      CHECK(text.find(v->due_local) != std::string::npos);
      CHECK(md.find(v->due_local) != std::string::npos);
      if (v->other_zone) {
        CHECK(text.find(v->due_incident) != std::string::npos);
        CHECK(md.find("(" + v->due_incident + ")") != std::string::npos);
      }
    }
    if (v->left) {
      CHECK(text.find(*v->left) != std::string::npos);
      CHECK(md.find(*v->left) != std::string::npos);
    }
  }
}

TEST_CASE("presentation: how late, and what a deadline counts from, in words", "[report][journal]") {
  CHECK(detail::short_duration(0) == "0m");
  CHECK(detail::short_duration(45) == "45s");
  CHECK(detail::short_duration(93600) == "1d 2h");
  CHECK(detail::short_duration(5400) == "1h 30m");
  CHECK(detail::short_duration(86400 * 3) == "3d");
  CHECK(detail::short_duration(-3600) == "-1h");
  CHECK(detail::anchor_phrase(anchor_kind::event, "aware") == "aware");
  CHECK(detail::anchor_phrase(anchor_kind::filed, "nis2/incident-notification") ==
        "the filing of nis2/incident-notification");
  CHECK(detail::anchor_phrase(anchor_kind::last_filed, "dora/intermediate-report") ==
        "the latest filing of dora/intermediate-report");
  CHECK(detail::anchor_phrase(anchor_kind::requested, "nis2/intermediate-report") ==
        "the request for nis2/intermediate-report");
}
