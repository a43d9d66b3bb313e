// Law-enforcement delays: [[delayed]] journal entries read and checked, and the obligation's
// delay rule applied to the due instant (extend: Form 8-K Item 1.05(c); from-statement: HIPAA
// 164.412), as the bundled US rules hold them.
#include <catch2/catch.hpp>

#include <string>

#include "breachclock/engine/journal.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/rules/rule_set.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

const rule_set& bundled() {
  static const rule_set r = rule_set::bundled();
  return r;
}

// A listed company that decided materiality on Friday 17 January 2025 at 15:00 New York time:
// the Form 8-K is due Friday 24 January at 17:30 EST (22:30Z), before any delay.
const std::string registrant = R"(id = "sec-delay"
zone = "America/New_York"
scope = ["US"]
[events]
sec_materiality_determined = 2025-01-17T15:00:00
[facts]
sec_exchange_act_registrant = true
sec_material_incident = true
sec_smaller_reporting_company = false
sec_info_incomplete = false
)";

result<incident> read(const std::string& text) {
  return parse_incident(source_file{"i.toml", text, "i.toml"}, bundled().schema());
}

std::string delayed(const char* at, const char* rest) {
  return std::string("[[delayed]]\nobligation = \"us-sec/form-8k\"\nat = ") + at + "\n" + rest + "\n";
}

const obligation_result& form_8k(const assessment& a) {
  const obligation_result* r = a.find("us-sec/form-8k");
  REQUIRE(r != nullptr);
  return *r;
}

}  // namespace

TEST_CASE("delayed entries: read with their length or end, in writing or not, in order of at", "[engine][delay]") {
  auto i = read(registrant + delayed("2025-02-20T15:00:00Z", "for = \"30 days\"\nwritten = true") +
                delayed("2025-01-22T15:00:00Z",
                        "until = 2025-02-10T22:30:00Z\nby = \"the Attorney General\"\n"
                        "reference = \"DOJ-17\""));
  REQUIRE(i);
  REQUIRE(i->delays().size() == 2);
  const delay_entry& first = i->delays()[0];
  CHECK(first.at == at("2025-01-22T15:00:00Z"));
  CHECK(first.until == at("2025-02-10T22:30:00Z"));
  CHECK_FALSE(first.length);
  CHECK_FALSE(first.written);
  CHECK(first.by == "the Attorney General");
  CHECK(first.reference == "DOJ-17");
  CHECK(to_string(*i->delays()[1].length) == "30 days");
  CHECK(i->delays()[1].written);
  CHECK(i->has_journal());
  CHECK(i->known_at(at("2025-02-01T00:00:00Z")).delays().size() == 1);
}

TEST_CASE("delayed entries: each mistake located, nothing read", "[engine][delay]") {
  auto both = read(registrant + delayed("2025-01-22T15:00:00Z", "for = \"30 days\"\nuntil = 2025-02-10T22:30:00Z"));
  REQUIRE_FALSE(both);
  CHECK(both.diagnostics().front().code == "incident.journal");
  CHECK(to_string(both.diagnostics().front()) ==
        "i.toml:15:9: error: a delay runs for a length or until an instant, not both");
  auto length = read(registrant + delayed("2025-01-22T15:00:00Z", "for = \"3 fortnights\""));
  REQUIRE_FALSE(length);
  CHECK(length.diagnostics().front().where.line == 14);
  CHECK(length.diagnostics().front().message.find("fortnights") != std::string::npos);
  auto written = read(registrant + delayed("2025-01-22T15:00:00Z", "written = \"yes\""));
  REQUIRE_FALSE(written);
  CHECK(written.diagnostics().front().message.find("written") != std::string::npos);
  auto unknown = read(registrant + delayed("2025-01-22T15:00:00Z", "days = 30"));
  REQUIRE_FALSE(unknown);
  CHECK(unknown.diagnostics().front().code == "incident.unknown-key");
}

TEST_CASE("delayed entries: an obligation whose rules allow no delay is refused at bind", "[engine][delay]") {
  auto i = read(registrant + "[[delayed]]\nobligation = \"us-tx/notify-residents\"\nat = 2025-01-22T15:00:00Z\n");
  REQUIRE(i);
  auto a = assess(bundled(), *i, at("2025-01-23T00:00:00Z"));
  REQUIRE_FALSE(a);
  CHECK(a.diagnostics().front().code == "incident.journal");
  CHECK(to_string(a.diagnostics().front()) ==
        "i.toml:11:1: error: the delayed entry names 'us-tx/notify-residents', whose rules allow no delay (its "
        "obligation has no delay = { ... })");
  auto typo = read(registrant + "[[delayed]]\nobligation = \"us-sec/form-8\"\nat = 2025-01-22T15:00:00Z\n");
  REQUIRE(typo);
  auto b = assess(bundled(), *typo, at("2025-01-23T00:00:00Z"));
  REQUIRE_FALSE(b);
  CHECK(b.diagnostics().front().message.find("did you mean 'us-sec/form-8k'") != std::string::npos);
}

TEST_CASE("extend: each written delay in turn, at most 30, 30 and 60 days, said entry by entry", "[engine][delay]") {
  auto i = read(registrant +
                delayed("2025-01-22T15:00:00Z", "for = \"45 days\"\nwritten = true\nby = \"the Attorney General\"") +
                delayed("2025-02-01T15:00:00Z", "for = \"30 days\"") +
                delayed("2025-02-20T15:00:00Z", "for = \"30 days\"\nwritten = true") +
                delayed("2025-03-20T15:00:00Z", "for = \"60 days\"\nwritten = true") +
                delayed("2025-05-20T15:00:00Z", "for = \"30 days\"\nwritten = true"));
  REQUIRE(i);
  const assessment a = *assess(bundled(), *i, at("2025-05-21T00:00:00Z"));
  const deadline_result& d = form_8k(a).deadline;
  CHECK(d.undelayed_due == at("2025-01-24T22:30:00Z"));
  CHECK(d.due == at("2025-05-24T21:30:00Z"));  // 120 days on, 17:30 EDT
  REQUIRE(d.delays.size() == 5);
  CHECK(d.delays[0].applied);
  CHECK(d.delays[0].until == at("2025-02-23T22:30:00Z"));
  CHECK(d.delays[0].note == "cut to the most the law allows for delay 1: 30 days");
  CHECK_FALSE(d.delays[1].applied);
  CHECK(d.delays[1].note == "it does not count: only a delay notified in writing does");
  CHECK(d.delays[2].until == at("2025-03-25T21:30:00Z"));
  CHECK(d.delays[3].until == at("2025-05-24T21:30:00Z"));
  CHECK_FALSE(d.delays[4].applied);
  CHECK(d.delays[4].note == "the law allows no further delay after 3");
  // The JSON says each one; the decision log records each entry.
  const std::string json = render_json(a);
  CHECK(json.find("\"undelayed_due\": \"2025-01-24T22:30:00Z\"") != std::string::npos);
  CHECK(json.find("\"moved_to\": \"2025-02-23T22:30:00Z\"") != std::string::npos);
  CHECK(json.find("\"cutoff\": \"17:30\"") != std::string::npos);
  auto log = decision_log(bundled(), *i, at("2025-05-21T00:00:00Z"));
  REQUIRE(log);
  std::size_t logged = 0;
  for (const decision& x : *log) logged += x.what == decision::kind::delayed ? 1U : 0U;
  CHECK(logged == 5);
}

TEST_CASE("extend: a notice after the due instant, or one not known at as_of, moves nothing", "[engine][delay]") {
  auto late = read(registrant + delayed("2025-01-25T15:00:00Z", "for = \"30 days\"\nwritten = true"));
  REQUIRE(late);
  const assessment a = *assess(bundled(), *late, at("2025-01-26T00:00:00Z"));
  CHECK(form_8k(a).deadline.due == at("2025-01-24T22:30:00Z"));
  CHECK_FALSE(form_8k(a).deadline.undelayed_due);
  CHECK(form_8k(a).deadline.delays.front().note.starts_with("made after 2025-01-24T22:30:00Z"));
  const assessment before = *assess(bundled(), *late, at("2025-01-24T00:00:00Z"));
  CHECK(form_8k(before).deadline.delays.empty());
}

TEST_CASE("from-statement: HIPAA's oral and written statements, the later replacing", "[engine][delay]") {
  const std::string hospital = R"(id = "h"
zone = "America/New_York"
scope = ["US"]
[events]
discovered = 2024-07-10T10:00:00
[facts]
hipaa_role = "covered_entity"
hipaa_impermissible_use = true
hipaa_phi_secured = false
hipaa_breach_exclusion = false
hipaa_low_probability_of_compromise = false
[affected]
total = 120
[[delayed]]
obligation = "us-hipaa/notify-individuals"
at = 2024-09-01T14:00:00Z
[[delayed]]
obligation = "us-hipaa/notify-individuals"
at = 2024-09-20T14:00:00Z
for = "60 days"
written = true
)";
  auto i = read(hospital);
  REQUIRE(i);
  const assessment a = *assess(bundled(), *i, at("2024-09-21T00:00:00Z"));
  const deadline_result& d = a.find("us-hipaa/notify-individuals")->deadline;
  CHECK(d.undelayed_due == at("2024-09-09T03:59:59Z"));
  CHECK(d.due == at("2024-11-19T15:00:00Z"));  // 60 days from 20 September 10:00 EDT, in EST
  REQUIRE(d.delays.size() == 2);
  CHECK(d.delays[0].until == at("2024-10-01T14:00:00Z"));
  CHECK(d.delays[0].note == "replaced by the statement of 2024-09-20T14:00:00Z");
  CHECK(d.delays[1].note.empty());
}
