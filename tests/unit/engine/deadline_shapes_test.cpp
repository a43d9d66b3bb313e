// The deadline shapes of chained and staged reports (engine/deadline_of.cpp): a deadline counted
// from another duty's filing or from an authority's request, the earlier or later of several
// limits with the one that governs, a limit that lapses when its event comes late, and a roll to
// a time of the next working day with the condition under which it does not apply.
#include <catch2/catch.hpp>

#include <algorithm>

#include "breachclock/engine/assessment.hpp"
#include "support/test_support.hpp"

namespace breachclock::test {
namespace {

constexpr const char* k_facts = R"toml(
[event.aware]
description = "d"
question = "When did you become aware?"
[event.classified]
description = "d"
question = "When was it classified as major?"
[fact.major]
type = "bool"
description = "d"
question = "Is it major?"
[fact.excluded]
type = "bool"
description = "d"
question = "Is the entity excluded from the weekend relief?"
)toml";

constexpr const char* k_pack = R"toml(
[regime]
id = "fin"
title = "A financial law"
jurisdiction = "GB"
zone = "Europe/London"
sources = [{ ref = "Act s. 1", url = "https://example.org/act" }]

[authority.reg]
name = "The Regulator"
zone = "Europe/London"
calendar = "gb-eaw"

[[obligation]]
id = "fin/initial"
action = "notify-authority"
to = "reg"
title = "Initial notification"
cite = [{ ref = "s. 5(1)(a)", url = "https://example.org/s5" }]
when = 'major'
deadline = { earlier_of = [{ within = "4h", from = "classified" }, { within = "24h", from = "aware", unless_later = "classified" }], roll = "next-business-day", roll_to = "12:00", roll_unless = 'excluded', text = "within 4 hours from classification, but no later than 24 hours from awareness" }

[[obligation]]
id = "fin/intermediate"
action = "notify-authority"
to = "reg"
title = "Intermediate report"
cite = [{ ref = "s. 5(1)(b)", url = "https://example.org/s5" }]
when = 'major'
deadline = { within = "72h", from = { filed = "fin/initial" }, text = "within 72 hours from the initial notification" }

[[obligation]]
id = "fin/final"
action = "notify-authority"
to = "reg"
title = "Final report"
cite = [{ ref = "s. 5(1)(c)", url = "https://example.org/s5" }]
when = 'major'
deadline = { within = "1 month", from = { last_filed = "fin/intermediate" }, text = "one month from the latest intermediate report" }

[[obligation]]
id = "fin/update"
action = "notify-authority"
to = "reg"
title = "Update on request"
cite = [{ ref = "s. 6", url = "https://example.org/s6" }]
when = 'major'
on_request = true
deadline = { within = "72h", from = { requested = "fin/update" }, text = "within 72 hours of the request" }

[[obligation]]
id = "fin/both"
action = "notify-authority"
to = "reg"
title = "The later of two"
cite = [{ ref = "s. 7", url = "https://example.org/s7" }]
when = 'major'
deadline = { later_of = [{ within = "24h", from = "aware" }, { within = "4h", from = "classified" }], text = "the later" }
)toml";

rule_set fin_rules() {
  auto r = rule_set::load(files_of({{"facts.toml", k_facts}, {"fin/fin.toml", k_pack}}), {});
  if (!r) FAIL(to_string(r.diagnostics().front()));
  return *r;
}

incident fin_incident(const std::string& aware, const std::string& classified) {
  incident i{"t", zone_named("Europe/London")};
  i.set_fact("major", true);
  i.set_fact("excluded", false);
  i.set_event("aware", at(aware));
  if (!classified.empty()) i.set_event("classified", at(classified));
  return i;
}

const obligation_result& result_of(const assessment& a, std::string_view id) {
  const obligation_result* r = a.find(id);
  REQUIRE(r != nullptr);
  return *r;
}

std::string due_of(const obligation_result& r) { return r.deadline.due ? format_utc(*r.deadline.due) : "none"; }

// A pack of one obligation, fin/a, with its `extra` keys and `deadline`, followed by `more`
// (further obligations): the diagnostics of its load, each as `breachclock check` prints it
// ("file:line:col: error[code]: message").
std::string load_diagnostics(const std::string& deadline, const std::string& extra = "", const std::string& more = "") {
  const std::string pack = std::string(R"toml(
[regime]
id = "fin"
title = "A financial law"
jurisdiction = "GB"
zone = "Europe/London"
sources = [{ ref = "Act s. 1", url = "https://example.org/act" }]
[authority.reg]
name = "The Regulator"
zone = "Europe/London"
calendar = "gb-eaw"
[[obligation]]
id = "fin/a"
action = "notify-authority"
to = "reg"
title = "A"
cite = [{ ref = "s. 1", url = "https://example.org/s1" }]
)toml") + extra +
                           "deadline = " + deadline + "\n" + more;
  auto r = rule_set::load(files_of({{"facts.toml", k_facts}, {"fin/fin.toml", pack}}), {});
  std::string all;
  for (const diagnostic& d : r.diagnostics()) {
    std::string line = to_string(d);
    const std::size_t at = line.find(": error: ");
    if (at != std::string::npos) line.replace(at, 9, ": error[" + d.code + "]: ");
    all += line + "\n";
  }
  return all;
}

}  // namespace

TEST_CASE("earlier_of: 4 hours from classification, no later than 24 hours from awareness", "[engine][deadline]") {
  const rule_set rules = fin_rules();
  const std::string aware = "2025-03-03T10:00:00Z";  // a Monday
  SECTION("classified 2 hours after awareness: 4 hours from classification governs") {
    const assessment a = *assess(rules, fin_incident(aware, "2025-03-03T12:00:00Z"), at("2025-03-03T13:00:00Z"));
    const obligation_result& r = result_of(a, "fin/initial");
    CHECK(due_of(r) == "2025-03-03T16:00:00Z");
    REQUIRE(r.deadline.governed_by);
    CHECK(*r.deadline.governed_by == 0);
    REQUIRE(r.deadline.limits.size() == 2);
    CHECK(format_utc(*r.deadline.limits[1].due) == "2025-03-04T10:00:00Z");
    CHECK_FALSE(r.deadline.limits[1].lapsed);
    CHECK(r.deadline.from == "classified");
    CHECK_FALSE(r.deadline.rolled_due_from);
  }
  SECTION("classified 22 hours after awareness: the cap of 24 hours from awareness governs") {
    const assessment a = *assess(rules, fin_incident(aware, "2025-03-04T08:00:00Z"), at("2025-03-04T09:00:00Z"));
    const obligation_result& r = result_of(a, "fin/initial");
    CHECK(due_of(r) == "2025-03-04T10:00:00Z");
    CHECK(*r.deadline.governed_by == 1);
    CHECK(r.deadline.from == "aware");
    CHECK(format_utc(*r.deadline.limits[0].due) == "2025-03-04T12:00:00Z");
  }
  SECTION("classified 30 hours after awareness: the cap lapsed before it, 4 hours from classification") {
    const assessment a = *assess(rules, fin_incident(aware, "2025-03-04T16:00:00Z"), at("2025-03-04T17:00:00Z"));
    const obligation_result& r = result_of(a, "fin/initial");
    CHECK(due_of(r) == "2025-03-04T20:00:00Z");
    CHECK(*r.deadline.governed_by == 0);
    CHECK(r.deadline.limits[1].lapsed);
    CHECK_FALSE(r.deadline.overdue);
  }
  SECTION("not classified yet: the cap is the due instant for now, and the classification is asked") {
    const assessment a = *assess(rules, fin_incident(aware, ""), at("2025-03-03T13:00:00Z"));
    const obligation_result& r = result_of(a, "fin/initial");
    CHECK(due_of(r) == "2025-03-04T10:00:00Z");
    CHECK(*r.deadline.governed_by == 1);
    CHECK_FALSE(r.deadline.limits[0].due);
    CHECK(std::any_of(a.warnings.begin(), a.warnings.end(), [](const std::string& w) {
      return w.find("fin/initial: the limit counted from 'classified' is not known yet") != std::string::npos;
    }));
    CHECK(std::any_of(a.questions.begin(), a.questions.end(), [](const question& q) {
      return q.is_event && q.name == "classified" &&
             std::find(q.decides.begin(), q.decides.end(), "fin/initial") != q.decides.end();
    }));
  }
}

TEST_CASE("later_of waits for every limit", "[engine][deadline]") {
  const rule_set rules = fin_rules();
  const assessment known = *assess(rules, fin_incident("2025-03-03T10:00:00Z", "2025-03-03T12:00:00Z"),
                                   at("2025-03-03T13:00:00Z"));
  CHECK(due_of(result_of(known, "fin/both")) == "2025-03-04T10:00:00Z");
  CHECK(*result_of(known, "fin/both").deadline.governed_by == 0);
  const assessment unknown = *assess(rules, fin_incident("2025-03-03T10:00:00Z", ""), at("2025-03-03T13:00:00Z"));
  CHECK(due_of(result_of(unknown, "fin/both")) == "none");
  CHECK_FALSE(result_of(unknown, "fin/both").deadline.governed_by);
  CHECK_FALSE(result_of(unknown, "fin/both").deadline.not_started);  // an event, not a filing
}

TEST_CASE("a roll to noon of the next working day, and the entities it does not apply to", "[engine][deadline]") {
  const rule_set rules = fin_rules();
  SECTION("due on a Saturday: noon on Monday") {
    const assessment a = *assess(rules, fin_incident("2025-03-07T10:00:00Z", "2025-03-07T22:00:00Z"),
                                 at("2025-03-07T23:00:00Z"));
    const obligation_result& r = result_of(a, "fin/initial");
    CHECK(due_of(r) == "2025-03-10T12:00:00Z");
    REQUIRE(r.deadline.rolled_due_from);
    CHECK(format_utc(*r.deadline.rolled_due_from) == "2025-03-08T02:00:00Z");
  }
  SECTION("the Monday after the clocks go forward: noon BST") {
    const assessment a = *assess(rules, fin_incident("2025-03-28T10:00:00Z", "2025-03-28T22:00:00Z"),
                                 at("2025-03-28T23:00:00Z"));
    CHECK(due_of(result_of(a, "fin/initial")) == "2025-03-31T11:00:00Z");
  }
  SECTION("due on Good Friday: noon on the Tuesday after Easter Monday") {
    const assessment a = *assess(rules, fin_incident("2025-04-17T10:00:00Z", "2025-04-17T22:00:00Z"),
                                 at("2025-04-17T23:00:00Z"));
    CHECK(due_of(result_of(a, "fin/initial")) == "2025-04-22T11:00:00Z");
  }
  SECTION("an excluded entity is not rolled") {
    incident i = fin_incident("2025-03-07T10:00:00Z", "2025-03-07T22:00:00Z");
    i.set_fact("excluded", true);
    const assessment a = *assess(rules, i, at("2025-03-07T23:00:00Z"));
    CHECK(due_of(result_of(a, "fin/initial")) == "2025-03-08T02:00:00Z");
    CHECK_FALSE(result_of(a, "fin/initial").deadline.rolled_due_from);
  }
  SECTION("whether it is excluded is unknown: the earlier instant, with a warning") {
    incident i = fin_incident("2025-03-07T10:00:00Z", "2025-03-07T22:00:00Z");
    i.set_fact("excluded", fact_value{});
    const assessment a = *assess(rules, i, at("2025-03-07T23:00:00Z"));
    CHECK(due_of(result_of(a, "fin/initial")) == "2025-03-08T02:00:00Z");
    CHECK(std::any_of(a.warnings.begin(), a.warnings.end(), [](const std::string& w) {
      return w.find("fin/initial: the roll to the next working day does not apply when 'excluded'") !=
             std::string::npos;
    }));
  }
}

TEST_CASE("a deadline counted from a filing has not started until the filing is recorded", "[engine][deadline]") {
  const rule_set rules = fin_rules();
  incident i = fin_incident("2025-01-30T10:00:00Z", "2025-01-30T12:00:00Z");
  SECTION("no filing: not started, no instant, never overdue") {
    const assessment a = *assess(rules, i, at("2025-06-01T00:00:00Z"));
    const obligation_result& r = result_of(a, "fin/intermediate");
    CHECK(r.deadline.not_started);
    CHECK(r.deadline.from_kind == anchor_kind::filed);
    CHECK(r.deadline.from == "fin/initial");
    CHECK(due_of(r) == "none");
    CHECK_FALSE(r.deadline.overdue);
    CHECK(result_of(a, "fin/final").deadline.not_started);
    // A filing is not an event: nothing about it is asked.
    CHECK(std::none_of(a.questions.begin(), a.questions.end(),
                       [](const question& q) { return q.name == "fin/initial"; }));
  }
  SECTION("filed: counted from the filing; the final report from the latest intermediate report") {
    i.add_filing(filing_entry{"fin/initial", at("2025-01-30T15:00:00Z"), "", {}});
    i.add_filing(filing_entry{"fin/intermediate", at("2025-01-31T09:00:00Z"), "", {}});
    i.add_filing(filing_entry{"fin/intermediate", at("2025-02-28T09:00:00Z"), "", {}});
    const assessment a = *assess(rules, i, at("2025-03-01T00:00:00Z"));
    const obligation_result& r = result_of(a, "fin/intermediate");
    CHECK_FALSE(r.deadline.not_started);
    CHECK(due_of(r) == "2025-02-02T15:00:00Z");
    // One month from 28 February: 28 March, to its end in London.
    CHECK(due_of(result_of(a, "fin/final")) == "2025-03-28T23:59:59Z");
  }
  SECTION("a month from a filing on 31 January ends on 28 February") {
    i.add_filing(filing_entry{"fin/initial", at("2025-01-30T15:00:00Z"), "", {}});
    i.add_filing(filing_entry{"fin/intermediate", at("2025-01-31T09:00:00Z"), "", {}});
    const assessment a = *assess(rules, i, at("2025-02-01T00:00:00Z"));
    CHECK(due_of(result_of(a, "fin/final")) == "2025-02-28T23:59:59Z");
  }
}

TEST_CASE("an on-request duty applies once a request is recorded, counted from it", "[engine][deadline]") {
  const rule_set rules = fin_rules();
  incident i = fin_incident("2025-03-03T10:00:00Z", "2025-03-03T12:00:00Z");
  const assessment before = *assess(rules, i, at("2025-03-05T00:00:00Z"));
  const obligation_result& none = result_of(before, "fin/update");
  CHECK(none.state == status::not_required);
  CHECK(std::any_of(none.because.begin(), none.because.end(),
                    [](const trace_entry& e) { return e.what == trace_entry::kind::requested && e.value == tri::no; }));
  i.add_request(request_entry{"fin/update", at("2025-03-10T12:00:00Z"), {}});
  const assessment after = *assess(rules, i, at("2025-03-11T00:00:00Z"));
  const obligation_result& asked = result_of(after, "fin/update");
  CHECK(asked.state == status::required);
  CHECK(due_of(asked) == "2025-03-13T12:00:00Z");
}

TEST_CASE("the chains of deadlines are checked when the rules load", "[rules][deadline]") {
  using Catch::Contains;
  CHECK_THAT(load_diagnostics(R"({ within = "72h", from = { filed = "fin/b" }, text = "t" })"),
             Contains("fin/fin.toml:18:47: error[rules.chain]: the deadline of 'fin/a' counts from filed 'fin/b', "
                      "which is not an obligation; did you mean 'fin/a'?"));
  CHECK_THAT(load_diagnostics(R"({ within = "72h", from = { filed = "fin/a" }, text = "t" })"),
             Contains("error[rules.chain]: the deadline of 'fin/a' counts from its own filing"));
  CHECK_THAT(load_diagnostics(R"({ within = "72h", from = { requested = "fin/a" }, text = "t" })"),
             Contains("error[rules.chain]: the deadline of 'fin/a' counts from a request for 'fin/a', which is not a "
                      "duty an authority requests"));
  CHECK_THAT(load_diagnostics(R"({ within = "72h", from = "aware", text = "t" })", "on_request = true\n"),
             Contains("error[rules.chain]: 'fin/a' is a duty an authority requests (on_request)"));
  CHECK_THAT(load_diagnostics(R"({ within = "72h", from = { sent = "fin/a" }, text = "t" })"), Contains("error["));
  CHECK_THAT(load_diagnostics(R"({ earlier_of = [{ within = "4h", from = "aware" }], text = "t" })"),
             Contains("error[rules.deadline]: earlier_of combines two limits or more"));
  CHECK_THAT(load_diagnostics(
                 R"({ within = "4h", from = "aware", roll = "next-business-day", roll_to = "12:60", text = "t" })"),
             Contains("error[deadline.roll-to]: roll_to is a time of day written \"HH:MM\""));
  CHECK_THAT(load_diagnostics(R"({ within = "4h", from = "aware", roll_to = "12:00", text = "t" })"),
             Contains("error[deadline.roll-to]: roll_to moves a due instant to a time of the next working day"));
  CHECK_THAT(load_diagnostics(R"({ within = "4h", from = "aware", roll = "next-business-day", text = "t" })"),
             Contains("error[deadline.roll-hours]"));
  CHECK_THAT(load_diagnostics(R"({ within = "4h", from = "aware", roll_unless = 'major', text = "t" })"),
             Contains("error[rules.deadline]: roll_unless says when a roll does not apply"));
  CHECK_THAT(
      load_diagnostics(
          R"({ earlier_of = [{ within = "4h", from = "aware" }, { within = "1h", from = "aware", unless_later = "awar" }], text = "t" })"),
      Contains("error[rules.unknown-event]: unless_later 'awar' is not an event of facts.toml; did you mean "
               "'aware'?"));
  CHECK_THAT(load_diagnostics(
                 R"({ within = "4h", from = "aware", roll = "next-business-day", roll_to = "12:00", text = "t" })"),
             !Contains("error"));
}

TEST_CASE("a circle of filings is refused", "[rules][deadline]") {
  const std::string all = load_diagnostics(R"({ within = "72h", from = { filed = "fin/b" }, text = "t" })", "", R"toml(
[[obligation]]
id = "fin/b"
action = "notify-authority"
to = "reg"
title = "B"
cite = [{ ref = "s. 1", url = "https://example.org/s1" }]
deadline = { within = "72h", from = { filed = "fin/a" }, text = "t" }
)toml");
  CHECK_THAT(all, Catch::Contains("fin/fin.toml:20:1: error[rules.chain]: the deadlines count from each other's "
                                  "filings in a circle, so none could start: fin/a -> fin/b -> fin/a"));
}

}  // namespace breachclock::test
