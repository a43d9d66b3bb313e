#include <catch2/catch.hpp>

#include "breachclock/testing/coverage.hpp"
#include "breachclock/testing/test_report.hpp"
#include "support/test_support.hpp"

using namespace breachclock;

namespace {
test_run run_text(const std::string& text) {
  auto f = parse_policy_tests(source_file{test::source_path("tests/policy/x.toml"), text, "tests/policy/x.toml"},
                              rule_set::bundled().schema());
  REQUIRE(f);
  // The run keeps its own copy of the files: a temporary list is fine.
  auto run = run_policy_tests(rule_set::bundled(), bundled_rule_files(), {*f});
  REQUIRE(run);
  return std::move(*run);
}
const coverage_item* find(const coverage_report& c, std::string_view obligation, coverage_item::kind k,
                          std::string_view detail) {
  for (const coverage_item& i : c.items) {
    if (i.obligation == obligation && i.what == k && i.detail == detail) return &i;
  }
  return nullptr;
}
constexpr const char* k_cases = R"toml(
[defaults]
incident = "../../rules/uk/examples/uk-telecom-2025.toml"
as_of = 2025-09-11T09:00:00Z
[[case]]
name = "subscribers told"
expect = [{ obligation = "uk-pecr/notify-subscribers", status = "required" }]
[[case]]
name = "encrypted: not told"
facts = { data_unintelligible = true }
expect = [{ obligation = "uk-pecr/notify-subscribers", status = "not_required" }]
[[case]]
name = "a wrong expectation"
expect = [{ obligation = "uk-pecr/notify-ico", status = "not_required" }]
)toml";
}  // namespace

TEST_CASE("coverage records statuses, exceptions both ways and versions seen in expectations", "[testing]") {
  const test_run run = run_text(k_cases);
  const coverage_report c = coverage(run);
  using k = coverage_item::kind;
  CHECK(find(c, "uk-pecr/notify-subscribers", k::status, "required")->covered);
  CHECK(find(c, "uk-pecr/notify-subscribers", k::status, "not_required")->covered);
  CHECK_FALSE(find(c, "uk-pecr/notify-subscribers", k::status, "undetermined")->covered);
  CHECK(find(c, "uk-pecr/notify-subscribers", k::exception_fires, "data_unintelligible")->covered);
  CHECK(find(c, "uk-pecr/notify-subscribers", k::exception_holds, "data_unintelligible")->covered);
  // Only the version chosen for an expectation counts.
  CHECK(find(c, "uk-pecr/notify-ico", k::version, "from 2025-08-20")->covered);
  CHECK_FALSE(find(c, "uk-pecr/notify-ico", k::version, "from 2013-08-25 until 2025-08-20")->covered);
  // An obligation no expectation names is not exercised, whatever the cases computed.
  CHECK_FALSE(find(c, "uk-pecr/log-breach", k::status, "required")->covered);
  CHECK(c.percent() > 0);
  CHECK(c.percent() < 10);
}

TEST_CASE("test runs as text, JSON and JUnit", "[testing]") {
  const test_run run = run_text(k_cases);
  CHECK(run.passed == 2);
  CHECK(run.failed == 1);
  const std::string text = render_test_text(run);
  CHECK(text.find("FAIL  a wrong expectation") != std::string::npos);
  CHECK(text.find("uk-pecr/notify-ico status: expected not_required, actual required") != std::string::npos);
  CHECK(text.find("1 file, 3 cases: 2 passed, 1 failed") != std::string::npos);
  const std::string json = render_test_json(run);
  CHECK(json.find("\"schema\": \"breachclock.test-run/1\"") != std::string::npos);
  CHECK(json.find("\"field\": \"status\"") != std::string::npos);
  const std::string junit = render_test_junit(run);
  CHECK(junit.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0) == 0);
  CHECK(junit.find("tests=\"3\" failures=\"1\"") != std::string::npos);
  CHECK(junit.find("<failure message=\"1 field differ\"") != std::string::npos);
  CHECK(junit.find("name=\"encrypted: not told\"") != std::string::npos);
  const coverage_report c = coverage(run);
  CHECK(render_test_text(run, &c).find("Coverage: ") != std::string::npos);
}

TEST_CASE("coverage: a duty outside the incident's scope was not evaluated and covers nothing", "[testing]") {
  const test_run run = run_text(R"toml(
[defaults]
incident = "../../rules/uk/examples/uk-telecom-2025.toml"
as_of = 2025-09-11T09:00:00Z
[[case]]
name = "the incident is only Australia's"
scope = ["AU"]
expect = [{ obligation = "uk-pecr/notify-subscribers", status = "not_required" }]
)toml");
  REQUIRE(run.failed == 0);
  REQUIRE(run.passed == 1);
  const coverage_report c = coverage(run);
  CHECK_FALSE(find(c, "uk-pecr/notify-subscribers", coverage_item::kind::status, "not_required")->covered);
}
