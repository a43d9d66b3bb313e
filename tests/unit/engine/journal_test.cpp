// The journal in the engine: filed on time or late, an overdue duty cleared by its filing, the cut
// at as_of, the bind check of the journal's obligation ids, and the decision log.
#include <catch2/catch.hpp>

#include <sstream>

#include "breachclock/engine/journal.hpp"
#include "support/test_support.hpp"
#include "unit/engine/assessment_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using namespace breachclock::test::assessment_cases;

namespace {

// A breach, high risk, not encrypted: law/report due 72 hours after awareness (21 March, 10:00 UTC).
incident confirmed() {
  return make({{"breach", true}, {"risk", "high"}, {"encrypted", false}, {"many", false}},
              {{"detected", "2024-03-21T09:00:00Z"}, {"aware", "2024-03-21T10:00:00Z"}});
}

filing_entry filing(const char* id, const char* when, const char* reference = "") {
  return {id, at(when), reference, {}};
}

}  // namespace

TEST_CASE("journal: a duty filed before its due instant is filed on time, and not overdue", "[engine][journal]") {
  incident i = confirmed();
  i.add_filing(filing("law/report", "2024-03-23T10:00:00Z", "REG-1"));
  const assessment a = *assess(rules(), i, at("2024-03-26T00:00:00Z"));
  const obligation_result& r = get(a, "law/report");
  CHECK(format_utc(*r.deadline.due) == "2024-03-24T10:00:00Z");
  REQUIRE(r.filed);
  CHECK(r.filed->at == at("2024-03-23T10:00:00Z"));
  CHECK(r.filed->on_time == true);
  CHECK(r.filed->late_by_seconds == 0);
  CHECK(r.filed->reference == "REG-1");
  CHECK_FALSE(r.deadline.overdue);
  // The others are not filed.
  CHECK_FALSE(get(a, "law/tell").filed);
}

TEST_CASE("journal: a filing after the due instant is late by the difference", "[engine][journal]") {
  incident i = confirmed();
  i.add_filing(filing("law/report", "2024-03-25T12:00:00Z"));
  i.add_filing(filing("law/report", "2024-03-23T09:00:00Z"));  // the first filing counts, whatever the order
  const assessment a = *assess(rules(), i, at("2024-03-26T00:00:00Z"));
  const obligation_result& r = get(a, "law/report");
  REQUIRE(r.filed);
  CHECK(r.filed->on_time == true);
  incident late = confirmed();
  late.add_filing(filing("law/report", "2024-03-25T12:00:00Z"));
  const assessment b = *assess(rules(), late, at("2024-03-26T00:00:00Z"));
  const obligation_result& l = get(b, "law/report");
  REQUIRE(l.filed);
  CHECK(l.filed->on_time == false);
  CHECK(l.filed->late_by_seconds == 26 * 3600);
  CHECK_FALSE(l.deadline.overdue);
}

TEST_CASE("journal: an unfiled duty past its due is overdue; its filing clears that", "[engine][journal]") {
  const instant as_of = at("2024-03-26T00:00:00Z");
  CHECK(get(*assess(rules(), confirmed(), as_of), "law/report").deadline.overdue);
  incident i = confirmed();
  i.add_filing(filing("law/report", "2024-03-25T23:00:00Z"));
  CHECK_FALSE(get(*assess(rules(), i, as_of), "law/report").deadline.overdue);
  // As of an instant before the filing, it was not filed yet.
  const assessment a_before = *assess(rules(), i, at("2024-03-25T22:00:00Z"));
  const obligation_result& before = get(a_before, "law/report");
  CHECK_FALSE(before.filed);
  CHECK(before.deadline.overdue);
}

TEST_CASE("journal: a filing of a duty with no due instant is filed, neither on time nor late", "[engine][journal]") {
  incident i = confirmed();
  i.add_filing(filing("law/tell", "2024-03-22T10:00:00Z"));
  const assessment a_r = *assess(rules(), i, at("2024-03-26T00:00:00Z"));
  const obligation_result& r = get(a_r, "law/tell");
  REQUIRE(r.filed);
  CHECK_FALSE(r.filed->on_time);
  CHECK_FALSE(r.filed->late_by_seconds);
}

TEST_CASE("journal: as of an instant before an entry, the result is the file's without it", "[engine][journal]") {
  incident bare = make({{"many", false}}, {{"detected", "2024-03-21T09:00:00Z"}});
  incident journal = bare;
  learned_entry e;
  e.at = at("2024-03-22T12:00:00Z");
  e.facts = {{"breach", fact_value{true}}, {"risk", fact_value{std::string("high")}}, {"encrypted", fact_value{false}}};
  e.events = {{"aware", at("2024-03-22T11:00:00Z")}};
  journal.add_learned(e);
  journal.add_filing(filing("law/report", "2024-03-23T10:00:00Z"));
  const instant before = at("2024-03-22T11:59:59Z");
  const assessment x = *assess(rules(), journal, before);
  const assessment y = *assess(rules(), bare, before);
  REQUIRE(x.obligations.size() == y.obligations.size());
  for (std::size_t k = 0; k < x.obligations.size(); ++k) {
    CHECK(x.obligations[k].rule->id == y.obligations[k].rule->id);
    CHECK(x.obligations[k].state == y.obligations[k].state);
    CHECK(x.obligations[k].depends_on.strings() == y.obligations[k].depends_on.strings());
    CHECK(x.obligations[k].deadline.due == y.obligations[k].deadline.due);
    CHECK_FALSE(x.obligations[k].filed);
  }
  CHECK(x.unknown_facts.strings() == y.unknown_facts.strings());
  // At the entry's instant, what it says is known.
  const assessment a_r = *assess(rules(), journal, at("2024-03-22T12:00:00Z"));
  const obligation_result& r = get(a_r, "law/report");
  CHECK(r.state == status::required);
  CHECK(format_utc(*r.deadline.due) == "2024-03-25T11:00:00Z");
  // A bound incident is cut as the incident is.
  const bound_incident b = *bind(rules(), journal);
  CHECK(get(*assess(rules(), b, before), "law/report").state == y.find("law/report")->state);
}

TEST_CASE("journal: an obligation the rules lack is refused at bind, with did-you-mean", "[engine][journal]") {
  incident i = confirmed();
  i.add_filing({"law/reprot", at("2024-03-23T10:00:00Z"), "", {"x.toml", 14, 1}});
  i.add_request({"law/nothing-like-it", at("2024-03-23T10:00:00Z"), {"x.toml", 18, 1}});
  auto b = bind(rules(), i);
  REQUIRE_FALSE(b);
  REQUIRE(b.diagnostics().size() == 2);
  CHECK(b.diagnostics()[0].code == "incident.journal");
  CHECK(to_string(b.diagnostics()[0]) ==
        "x.toml:14:1: error: the filed entry names 'law/reprot', which is not an obligation of the rules; did you "
        "mean 'law/report'?");
  CHECK(b.diagnostics()[1].where.line == 18);
}

TEST_CASE("journal: the decision log replays the journal", "[engine][journal]") {
  incident i = make({{"many", false}}, {{"detected", "2024-03-21T09:00:00Z"}});
  learned_entry breach;
  breach.at = at("2024-03-22T12:00:00Z");
  breach.facts = {{"breach", fact_value{true}}, {"risk", fact_value{std::string("high")}}};
  breach.events = {{"aware", at("2024-03-22T11:00:00Z")}};
  i.add_learned(breach);
  learned_entry clear;
  clear.at = at("2024-03-22T15:00:00Z");
  clear.facts = {{"encrypted", fact_value{false}}};
  i.add_learned(clear);
  i.add_filing(filing("law/report", "2024-03-23T10:00:00Z", "REG-7"));
  i.add_filing(filing("law/report", "2024-03-30T10:00:00Z"));  // after as_of: not in the log

  auto log = decision_log(rules(), i, at("2024-03-26T00:00:00Z"));
  REQUIRE(log);
  std::vector<std::string> lines;
  for (const decision& d : *log) {
    std::ostringstream os;
    os << d;
    lines.push_back(os.str());
  }
  // law/annual, law/keep and law/log depend on breach (law/keep counts from aware); law/report
  // and law/tell also on encrypted, learned later.
  const std::vector<std::string> want{
      "2024-03-22T12:00:00Z law/annual: undetermined -> required (learned breach)",
      "2024-03-22T12:00:00Z law/keep: undetermined -> required (learned aware, breach)",
      "2024-03-22T12:00:00Z law/log: undetermined -> required (learned breach)",
      "2024-03-22T15:00:00Z law/report: undetermined -> required (learned encrypted)",
      "2024-03-22T15:00:00Z law/tell: undetermined -> required (learned encrypted)",
      "2024-03-23T10:00:00Z law/report: filed on time (reference REG-7)",
  };
  CHECK(lines == want);
  REQUIRE_FALSE(log->empty());
  CHECK(log->back().what == decision::kind::filed);
  CHECK(log->back().on_time == true);

  // No journal: an empty log. An incident that does not bind: the errors.
  CHECK(decision_log(rules(), confirmed(), at("2024-03-26T00:00:00Z"))->empty());
  incident wrong = confirmed();
  wrong.add_request({"law/none", at("2024-03-23T10:00:00Z"), {}});
  CHECK_FALSE(decision_log(rules(), wrong, at("2024-03-26T00:00:00Z")));
}

TEST_CASE("journal: bind checks what the journal learned, as the incident's own facts", "[engine][journal]") {
  incident i = confirmed();
  learned_entry e;
  e.at = at("2024-03-22T12:00:00Z");
  e.facts = {{"risky", fact_value{true}}};
  i.add_learned(e);
  auto b = bind(rules(), i);
  REQUIRE_FALSE(b);
  CHECK(b.diagnostics().front().code == "incident.unknown-fact");
  // Bound, the engine reads the journal's last word; source() is the incident as given.
  incident j = make({{"many", false}}, {{"detected", "2024-03-21T09:00:00Z"}});
  learned_entry k;
  k.at = at("2024-03-22T12:00:00Z");
  k.facts = {{"breach", fact_value{true}}};
  j.add_learned(k);
  const bound_incident bj = *bind(rules(), j);
  CHECK_FALSE(bj.source().fact("breach").is_known());
  CHECK(bj.source().learned().size() == 1);
  CHECK(get(*assess(rules(), bj, at("2024-03-23T00:00:00Z")), "law/log").state == status::required);
  CHECK(get(*assess(rules(), bj, at("2024-03-22T11:00:00Z")), "law/log").state == status::undetermined);
  // An assessment before an entry keeps the incident as given, with the earlier entries only: a
  // decision log made from it is the incident's.
  const assessment early = *assess(rules(), j, at("2024-03-22T11:00:00Z"));
  CHECK(early.bound.source().learned().empty());
  CHECK(early.facts() == j.facts());
}
