#include <catch2/catch.hpp>

#include "breachclock/testing/test_file.hpp"
#include "support/test_support.hpp"

using namespace breachclock;

namespace {

result<test_file> parse(const std::string& text, const std::string& path = "tests/policy/x.toml") {
  return parse_policy_tests(source_file{test::source_path(path), text, path}, rule_set::bundled().schema());
}

}  // namespace

TEST_CASE("policy test files: an incident file with overrides, or inline", "[testing]") {
  auto f = parse(R"toml(
[defaults]
incident = "../../rules/uk/examples/cwu-2024.toml"
as_of = 2024-03-22T18:00:00Z

[[case]]
name = "from the file, with overrides"
facts = { personal_data_breach = true, risk = "unknown", role = "processor" }
events = { aware = 2024-03-22T16:00:00Z }
expect = [{ obligation = "uk-gdpr/notify-controller", status = "required", due = "none" }]

[[case]]
name = "inline"
incident = { id = "x", zone = "America/Toronto", facts = { uk_processing = false } }
as_of = 2024-03-22T18:00:00
expect = [{ obligation = "uk-gdpr/notify-ico", status = "not_required", depends_on = [] }]
)toml");
  REQUIRE(f);
  REQUIRE(f->cases.size() == 2);
  const test_case& a = f->cases[0];
  CHECK(a.name == "from the file, with overrides");
  CHECK(a.subject.id() == "cwu-2024-03");
  CHECK(*a.subject.fact("personal_data_breach").as_bool());
  CHECK_FALSE(a.subject.fact("risk").is_known());
  CHECK(*a.subject.fact("role").as_string() == "processor");
  CHECK(format_utc(*a.subject.event("aware")) == "2024-03-22T16:00:00Z");
  CHECK(format_utc(*a.subject.event("detected")) == "2024-03-21T09:00:00Z");  // from the file
  CHECK(a.expect[0].check_due);
  CHECK_FALSE(a.expect[0].due);
  const test_case& b = f->cases[1];
  CHECK(b.subject.home_zone().name() == "America/Toronto");
  CHECK(format_utc(b.as_of) == "2024-03-22T22:00:00Z");  // a local as_of, in the incident's zone

  auto run = run_policy_tests(rule_set::bundled(), bundled_rule_files(), {*f});
  REQUIRE(run);
  CHECK(run->passed == 2);
  CHECK(run->failed == 0);
}

TEST_CASE("a failing case reports each differing field, expected against actual", "[testing]") {
  auto f = parse(R"toml(
[[case]]
name = "wrong"
incident = "../../rules/uk/examples/cwu-2024.toml"
as_of = 2024-03-22T18:00:00Z
expect = [
  { obligation = "uk-gdpr/notify-ico", status = "required", depends_on = ["risk"], due = 2024-03-24T10:00:00Z, provisional = false, overdue = true },
  { obligation = "uk-gdpr/nope", status = "required" },
]
)toml");
  REQUIRE(f);
  auto run = run_policy_tests(rule_set::bundled(), bundled_rule_files(), {*f});
  REQUIRE(run);
  CHECK(run->failed == 1);
  const case_result& c = run->files[0].cases[0];
  CHECK_FALSE(c.passed());
  REQUIRE(c.results.size() == 2);
  std::vector<std::string> fields;
  for (const field_failure& ff : c.results[0].failures)
    fields.push_back(ff.field + ": " + ff.expected + " / " + ff.actual);
  CHECK(fields == std::vector<std::string>{
                      "status: required / undetermined",
                      "depends_on: [risk] / [personal_data_breach, risk]",
                      "due: 2024-03-24T10:00:00Z / 2024-03-24T09:00:00Z",
                      "provisional: false / true",
                      "overdue: true / false",
                  });
  REQUIRE(c.results[1].failures.size() == 1);
  CHECK(c.results[1].failures[0].actual == "no such obligation");
}

TEST_CASE("bad test files: every error, located", "[testing]") {
  auto f = parse(R"toml(
[[case]]
name = "bad"
incident = "../../rules/uk/examples/cwu-2024.toml"
facts = { risk = "severe", nonsense = true }
expect = [{ obligation = "uk-gdpr/notify-ico", status = "maybe", due = "tomorrow" }]
[[case]]
nam = "typo"
incident = "nowhere.toml"
as_of = 2024-03-22T18:00:00Z
expect = []
)toml");
  REQUIRE_FALSE(f);
  const std::vector<std::string> got = test::messages(f.diagnostics());
  const std::string p = test::source_path("tests/policy/x.toml");
  const std::vector<std::string> expected{
      p + ":2:1: error: [[case]] needs 'as_of'",
      p + ":5:18: error: 'severe' is not a value of risk (the values are 'unlikely', 'risk' or 'high', or \"unknown\")",
      p + ":5:28: error: unknown fact 'nonsense'",
      p + ":6:48: error: status is required, not_required or undetermined",
      p + ":6:72: error: 'due' in an expectation must be a date-time with offset (2024-03-25T16:00:00Z), or \"none\", "
          "not a string",
      p + ":7:1: error: [[case]] needs 'name'",
      p + ":8:1: error: unknown key 'nam' in [[case]]; did you mean 'name'?",
      p + ":9:12: error: incident file " + test::source_path("tests/policy/nowhere.toml") +
          ": cannot read: No such file or directory",
      p + ":11:1: error: a case needs at least one expectation",
  };
  CHECK(got == expected);
}

TEST_CASE("a recipient expectation: the authority id chosen, or none while the fact that chooses it is unknown",
          "[testing]") {
  auto f = parse(R"toml(
[defaults]
incident = { id = "grid", zone = "Europe/London", facts = { rdsp = false, oes = true, nis_significant_impact = true } }
as_of = 2024-06-03T15:00:00Z

[[case]]
name = "chosen"
facts = { nis_subsector = "road_transport_scotland" }
events = { nis_incident_aware = 2024-06-03T13:30:00+01:00 }
expect = [{ obligation = "uk-nis/notify-competent-authority", recipient = "scottish-ministers" }]

[[case]]
name = "unknown"
events = { nis_incident_aware = 2024-06-03T13:30:00+01:00 }
expect = [{ obligation = "uk-nis/notify-competent-authority", recipient = "none" }]

[[case]]
name = "wrong"
events = { nis_incident_aware = 2024-06-03T13:30:00+01:00 }
expect = [
  { obligation = "uk-nis/notify-competent-authority", recipient = "ofcom" },
  { obligation = "uk-nis/notify-ico", recipient = "none" },
]
)toml");
  REQUIRE(f);
  CHECK(f->cases[0].expect[0].recipient == std::optional<std::string>("scottish-ministers"));
  auto run = run_policy_tests(rule_set::bundled(), bundled_rule_files(), {*f});
  REQUIRE(run);
  CHECK(run->passed == 2);
  REQUIRE(run->failed == 1);
  const case_result& c = run->files[0].cases[2];
  REQUIRE(c.results.size() == 2);
  REQUIRE(c.results[0].failures.size() == 1);
  CHECK(c.results[0].failures[0].field == "recipient");
  CHECK(c.results[0].failures[0].expected == "ofcom");
  CHECK(c.results[0].failures[0].actual == "none (depends on nis_subsector)");
  REQUIRE(c.results[1].failures.size() == 1);
  CHECK(c.results[1].failures[0].actual == "ico");
}

TEST_CASE("a mistake in [defaults] is reported once, not once per case", "[testing]") {
  auto f = parse(R"toml(
[defaults]
incident = "../../rules/uk/examples/cwu-2024.toml"
as_of = 2024-03-22T18:00:00Z
facts = { no_such_fact = true }

[[case]]
name = "one"
expect = [{ obligation = "uk-gdpr/notify-ico" }]

[[case]]
name = "two"
expect = [{ obligation = "uk-gdpr/notify-ico" }]
)toml");
  REQUIRE_FALSE(f);
  REQUIRE(f.diagnostics().size() == 1);
  CHECK(f.diagnostics().front().code == "incident.unknown-fact");
  CHECK(f.diagnostics().front().where.line == 5);
}

TEST_CASE("a policy test file in JSON reads as its TOML twin", "[testing]") {
  auto t = parse(R"toml(
[defaults]
incident = "../../rules/uk/examples/cwu-2024.toml"
as_of = 2024-03-22T18:00:00Z
[[case]]
name = "breach, high risk"
facts = { personal_data_breach = true, risk = "high" }
events = { aware = 2024-03-22T16:00:00Z }
expect = [{ obligation = "uk-gdpr/notify-ico", status = "required", due = 2024-03-25T16:00:00Z }]
)toml");
  auto j = parse(R"json({
  "defaults": {"incident": "../../rules/uk/examples/cwu-2024.toml", "as_of": "2024-03-22T18:00:00Z"},
  "case": [{
    "name": "breach, high risk",
    "facts": {"personal_data_breach": true, "risk": "high"},
    "events": {"aware": "2024-03-22T16:00:00Z"},
    "expect": [{"obligation": "uk-gdpr/notify-ico", "status": "required", "due": "2024-03-25T16:00:00Z"}]
  }]
})json",
                 "tests/policy/x.json");
  REQUIRE(t);
  REQUIRE(j);
  REQUIRE(t->cases.size() == 1);
  REQUIRE(j->cases.size() == 1);
  CHECK(j->cases[0].as_of == t->cases[0].as_of);
  CHECK(j->cases[0].subject.facts() == t->cases[0].subject.facts());
  CHECK(j->cases[0].subject.events() == t->cases[0].subject.events());
  CHECK(j->cases[0].expect[0].due == t->cases[0].expect[0].due);
  auto run = run_policy_tests(rule_set::bundled(), bundled_rule_files(), {*j});
  REQUIRE(run);
  CHECK(run->passed == 1);
  CHECK(run->failed == 0);
}

TEST_CASE("policy tests: the journal in a case, and its expectations filed, on_time, late_by", "[testing][journal]") {
  auto f = parse(R"toml(
[defaults]
incident = "../../rules/uk/examples/cwu-2024.toml"
as_of = 2024-03-26T12:00:00Z
learned = [{ at = 2024-03-22T16:00:00Z, facts = { personal_data_breach = true, risk = "risk" }, events = { aware = 2024-03-22T16:00:00Z } }]

[[case]]
name = "filed 1h30m late"
filed = [{ obligation = "uk-gdpr/notify-ico", at = 2024-03-25T17:30:00Z, reference = "ICO-9" }]
proposed = "beside"
expect = [{ obligation = "uk-gdpr/notify-ico", filed = true, on_time = false, late_by = "1h30m", overdue = false, not_started = false, displaced = false, proposed = false }]

[[case]]
name = "wrong on every journal field"
filed = [{ obligation = "uk-gdpr/notify-ico", at = 2024-03-25T10:00:00Z }]
expect = [{ obligation = "uk-gdpr/notify-ico", filed = false, on_time = false, late_by = "1d2h", displaced = true, displaced_by = "dora", governed_by = 1 },
          { obligation = "uk-gdpr/record-breach", filed = true, on_time = true }]
)toml");
  REQUIRE(f);
  REQUIRE(f->cases.size() == 2);
  const test_case& a = f->cases[0];
  CHECK(a.proposed == assess_options::proposed_law::beside);
  CHECK(a.subject.learned().size() == 1);
  CHECK(a.subject.filings().size() == 1);
  CHECK(a.expect[0].late_by == 5400);
  CHECK(f->cases[1].proposed == assess_options::proposed_law::exclude);
  CHECK(f->cases[1].expect[0].late_by == 26 * 3600);

  auto run = run_policy_tests(rule_set::bundled(), bundled_rule_files(), {*f});
  REQUIRE(run);
  CHECK(run->passed == 1);
  CHECK(run->failed == 1);
  std::vector<std::string> fields;
  for (const expectation_result& r : run->files[0].cases[1].results) {
    for (const field_failure& ff : r.failures) fields.push_back(ff.field + ": " + ff.expected + " / " + ff.actual);
  }
  CHECK(fields == std::vector<std::string>{
                      "filed: false / true",
                      "on_time: false / true",
                      "late_by: 1d2h / 0s",
                      "governed_by: 1 / none",
                      "displaced: true / false",
                      "displaced_by: dora / none",
                      "filed: true / false",
                      "on_time: true / none (not filed, or no due instant)",
                  });
}

TEST_CASE("policy tests: a late_by that is not a duration, and a proposed that is not a mode, located",
          "[testing][journal]") {
  auto f = parse(R"toml(
[[case]]
name = "bad"
incident = "../../rules/uk/examples/cwu-2024.toml"
as_of = 2024-03-26T12:00:00Z
proposed = "yes"
expect = [{ obligation = "uk-gdpr/notify-ico", late_by = "30m1h" }, { obligation = "uk-gdpr/notify-ico", late_by = 3 }]
)toml");
  REQUIRE_FALSE(f);
  const std::vector<std::string> got = test::messages(f.diagnostics());
  const std::string p = test::source_path("tests/policy/x.toml");
  CHECK(got == std::vector<std::string>{
                   p + ":6:1: error: proposed is \"beside\" or \"enact\" (or \"exclude\", the default)",
                   p + ":7:59: error: '30m1h' is not a duration: write whole numbers of days, hours, minutes and "
                       "seconds in that order, such as \"26h\", \"1h30m\", \"2d4h\" or \"0s\"",
                   p + ":7:116: error: 'late_by' in an expectation must be a duration such as \"26h\", \"1h30m\" "
                       "or \"0s\", not an integer",
               });
}
