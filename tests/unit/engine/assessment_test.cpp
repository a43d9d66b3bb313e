#include <catch2/catch.hpp>

#include <sstream>
#include <thread>

#include "breachclock/engine/assessment.hpp"
#include "support/test_support.hpp"
#include "unit/engine/assessment_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::files_of;
using breachclock::test::zone_named;
using namespace breachclock::test::assessment_cases;

TEST_CASE("with nothing known, duties are undetermined and name the facts that decide them", "[engine]") {
  const assessment a = *assess(rules(), make({}, {}), at("2024-03-22T18:00:00Z"));
  const obligation_result& report = get(a, "law/report");
  CHECK(report.state == status::undetermined);
  CHECK(report.depends_on == std::vector<std::string>{"breach", "encrypted", "risk"});
  CHECK_FALSE(report.deadline.anchor);
  CHECK_FALSE(report.deadline.due);
  CHECK(get(a, "law/log").state == status::undetermined);
  CHECK(get(a, "law/log").depends_on == std::vector<std::string>{"breach"});
  // The scope first (the incident gives none), then the most decisive question: breach decides
  // every duty.
  REQUIRE(a.questions.size() >= 2);
  CHECK(a.questions.front().is_scope);
  CHECK(a.questions.front().decides.size() == 6);  // every duty of the law may apply
  CHECK(a.questions[1].name == "breach");
  CHECK(a.questions[1].decides.size() == 6);  // six duties: the two versions of law/report are one
  CHECK(*a.questions[1].text == "Was there a breach?");
  // No anchor at all: one warning per event missing, naming the dated duties that may apply.
  CHECK(
      a.warnings ==
      std::vector<std::string>{"law/annual: 'occurred' is not known, nor any fallback: no deadline can be computed yet",
                               "2 deadlines cannot be computed yet: 'aware' is not known, nor any fallback: law/keep, "
                               "law/report"});
}

TEST_CASE("false and unknown is false: a decided fact overrides the unknown ones", "[engine]") {
  const assessment a = *assess(rules(), make({{"breach", false}}, {}), at("2024-03-22T18:00:00Z"));
  for (const obligation_result& o : a.obligations) {
    INFO(o.rule->id);
    CHECK(o.state == status::not_required);
    CHECK(o.depends_on.empty());
    CHECK_FALSE(o.deadline.due);  // a duty that does not apply has no deadline
  }
  CHECK(a.questions.empty());
}

TEST_CASE("a deadline counts provisionally from the fallback event", "[engine]") {
  const assessment a = *assess(rules(),
                               make({{"breach", true}, {"risk", "high"}}, {{"detected", "2024-03-21T09:00:00Z"}}),
                               at("2024-03-22T18:00:00Z"));
  const obligation_result& report = get(a, "law/report");
  CHECK(report.state == status::undetermined);
  CHECK(report.depends_on == std::vector<std::string>{"encrypted"});
  CHECK(report.deadline.provisional);
  CHECK(report.deadline.anchor_event == "detected");
  CHECK(format_utc(*report.deadline.due) == "2024-03-24T09:00:00Z");
  CHECK(*report.deadline.remaining_seconds == 39 * 3600);
  CHECK_FALSE(report.deadline.overdue);
  // The unknown anchor is a question that decides the deadlines counted from it.
  const auto q = std::find_if(a.questions.begin(), a.questions.end(), [](const question& x) { return x.is_event; });
  REQUIRE(q != a.questions.end());
  CHECK(q->name == "aware");
  CHECK(std::find(q->decides.begin(), q->decides.end(), "law/report") != q->decides.end());
  // One warning for the three duties counted from the fallback, naming them.
  CHECK(std::find(a.warnings.begin(), a.warnings.end(),
                  "3 deadlines count from 'detected' while 'aware' is unknown (provisional): law/public, law/report, "
                  "law/tell") != a.warnings.end());
}

TEST_CASE("versions are chosen by the instant of their event", "[engine]") {
  const auto run = [](const char* aware) {
    return *assess(rules(), make({{"breach", true}, {"risk", "high"}, {"encrypted", false}}, {{"aware", aware}}),
                   at("2025-09-01T12:00:00Z"));
  };
  // 19 August 2025, 22:30 UTC = 23:30 BST, before the change: exactly 72 hours.
  const assessment before = run("2025-08-19T22:30:00Z");
  CHECK(format_utc(*get(before, "law/report").deadline.due) == "2025-08-22T22:30:00Z");
  CHECK(get(before, "law/report").rule->cite.front().ref == "s. 2");
  // 23:30 UTC = 00:30 BST on the 20th, after it: from the next full hour.
  const assessment after = run("2025-08-19T23:30:00Z");
  const obligation_result& r = get(after, "law/report");
  CHECK(r.rule->cite.front().ref == "s. 2A");
  CHECK(format_utc(*r.deadline.counting_from) == "2025-08-20T00:00:00Z");
  CHECK(format_utc(*r.deadline.due) == "2025-08-23T00:00:00Z");
  CHECK(r.state == status::required);
  CHECK(r.deadline.overdue);
  const auto in_force = std::find_if(r.because.begin(), r.because.end(),
                                     [](const trace_entry& e) { return e.what == trace_entry::kind::in_force; });
  REQUIRE(in_force != r.because.end());
  CHECK(in_force->value == tri::yes);
  CHECK(in_force->chosen_by == "aware");
}

TEST_CASE("a version chosen by a fallback is flagged when a change lies between it and as_of", "[engine]") {
  const auto warned = [](const assessment& a) {
    return std::any_of(a.warnings.begin(), a.warnings.end(), [](const std::string& w) {
      return w.find("which version is in force depends on when 'aware'") != std::string::npos;
    });
  };
  const incident detected_only = make({{"breach", true}, {"risk", "high"}}, {{"detected", "2025-08-10T09:00:00Z"}});
  CHECK(warned(*assess(rules(), detected_only, at("2025-08-25T09:00:00Z"))));
  CHECK_FALSE(warned(*assess(rules(), detected_only, at("2025-08-15T09:00:00Z"))));
}

TEST_CASE("exceptions, and a substitute that applies instead", "[engine]") {
  const auto run = [](std::map<std::string, fact_value> facts) {
    facts["breach"] = true;
    facts["risk"] = "high";
    return *assess(rules(), make(facts, {{"aware", "2024-03-22T16:00:00Z"}}), at("2024-03-22T18:00:00Z"));
  };
  SECTION("too many to tell: a public communication instead") {
    const assessment a = run({{"encrypted", false}, {"many", true}});
    CHECK(get(a, "law/tell").state == status::not_required);
    CHECK(get(a, "law/public").state == status::required);
    const auto& trace = get(a, "law/public").because;
    CHECK(std::any_of(trace.begin(), trace.end(), [](const trace_entry& e) {
      return e.what == trace_entry::kind::instead_of && e.other->id == "law/tell" && e.value == tri::yes;
    }));
  }
  SECTION("encrypted: neither") {
    const assessment a = run({{"encrypted", true}, {"many", true}});
    CHECK(get(a, "law/tell").state == status::not_required);
    CHECK(get(a, "law/public").state == status::not_required);
  }
  SECTION("neither exception: individual notices only") {
    const assessment a = run({{"encrypted", false}, {"many", false}});
    CHECK(get(a, "law/tell").state == status::required);
    CHECK(get(a, "law/public").state == status::not_required);
  }
  SECTION("unknown: both wait on the exceptions' facts") {
    const assessment a = run({});
    CHECK(get(a, "law/tell").state == status::undetermined);
    CHECK(get(a, "law/tell").depends_on == std::vector<std::string>{"encrypted", "many"});
    CHECK(get(a, "law/public").state == status::undetermined);
    CHECK(get(a, "law/public").depends_on == std::vector<std::string>{"encrypted", "many"});
  }
}

TEST_CASE("fixed dates, retention and soft deadlines", "[engine]") {
  const assessment a = *assess(rules(true),
                               make({{"breach", true}, {"risk", "low"}},
                                    {{"occurred", "2025-06-10T12:00:00Z"}, {"aware", "2025-06-11T12:00:00Z"}}),
                               at("2027-07-01T00:00:00Z"));
  // March 1 of the following year, rolled past a Sunday in Ontario.
  const obligation_result& annual = get(a, "law/annual");
  CHECK(annual.deadline.kind == deadline_kind::date);
  CHECK(zone_named("America/Toronto").format(*annual.deadline.due) == "2026-03-02T23:59:59-05:00");
  CHECK(*annual.deadline.rolled_from == test::ymd(2026, 3, 1));
  CHECK(annual.deadline.overdue);
  // Keep for 24 months: the end of retention is never "overdue".
  const obligation_result& keep = get(a, "law/keep");
  CHECK(keep.deadline.kind == deadline_kind::retention);
  CHECK(format_date(*keep.deadline.due_date) == "2027-06-11");
  CHECK(*keep.deadline.remaining_seconds < 0);
  CHECK_FALSE(keep.deadline.overdue);
  // No time limit.
  CHECK(get(a, "law/log").deadline.kind == deadline_kind::none);
  CHECK_FALSE(get(a, "law/log").deadline.due);
}

TEST_CASE("a policy overlay sets internal targets for soft deadlines", "[engine]") {
  const assessment a = *assess(rules(true),
                               make({{"breach", true}, {"risk", "high"}, {"encrypted", false}, {"many", false}},
                                    {{"aware", "2024-03-22T16:00:00Z"}}),
                               at("2024-03-22T18:00:00Z"));
  const obligation_result& tell = get(a, "law/tell");
  CHECK(tell.deadline.kind == deadline_kind::soft);
  CHECK_FALSE(tell.deadline.due);
  REQUIRE(tell.deadline.target_due);
  CHECK(format_utc(*tell.deadline.target_due) == "2024-03-24T16:00:00Z");
  CHECK(tell.deadline.target->policy == "acme");
  CHECK_FALSE(get(a, "law/report").deadline.target_due);  // a fixed deadline, not targeted
}

TEST_CASE("obligations are sorted by due, soonest first, then id; none last", "[engine]") {
  const assessment a = *assess(rules(),
                               make({{"breach", true}, {"risk", "high"}, {"encrypted", false}, {"many", false}},
                                    {{"occurred", "2024-03-20T12:00:00Z"}, {"aware", "2024-03-22T16:00:00Z"}}),
                               at("2024-03-22T18:00:00Z"));
  std::vector<std::string> ids;
  for (const obligation_result& o : a.obligations) ids.push_back(o.rule->id);
  CHECK(ids == std::vector<std::string>{"law/report", "law/annual", "law/keep", "law/log", "law/public", "law/tell"});
}

TEST_CASE("an event after as_of is reported", "[engine]") {
  const assessment a = *assess(rules(), make({{"breach", true}}, {{"aware", "2024-03-25T09:00:00Z"}}),
                               at("2024-03-22T18:00:00Z"));
  CHECK(std::find(a.warnings.begin(), a.warnings.end(),
                  "event 'aware' (2024-03-25T09:00:00Z) is after as_of (2024-03-22T18:00:00Z)") != a.warnings.end());
}

TEST_CASE("an incident that does not fit the schema is refused", "[engine]") {
  incident i{"bad", zone_named("Europe/London")};
  i.set_fact("risk", "medium");
  i.set_fact("nonsense", true);
  // One failure mode, as the loaders: a result without a value, holding the validation errors.
  result<assessment> r = result<assessment>(std::vector<diagnostic>{});
  CHECK_NOTHROW(r = assess(rules(), i, at("2024-03-22T18:00:00Z")));
  REQUIRE_FALSE(r);
  CHECK(has_errors(r.diagnostics()));
  CHECK(r.diagnostics() == validate(i, rules().schema()));
  CHECK_THROWS_AS(r.value(), breachclock::error);
}

TEST_CASE("a valid incident's assessment is a result with a value and no errors", "[engine]") {
  const result<assessment> r = assess(rules(), make({{"breach", true}}, {}), at("2024-03-22T18:00:00Z"));
  REQUIRE(r);
  CHECK_FALSE(has_errors(r.diagnostics()));
  CHECK_FALSE(r->obligations.empty());
}

TEST_CASE("one rule set serves many threads with the results of a sequential run", "[engine]") {
  const rule_set shared = rules(true);
  const std::vector<incident> incidents{
      make({{"breach", true}, {"risk", "high"}}, {{"detected", "2024-03-21T09:00:00Z"}}),
      make({{"breach", true}, {"risk", "high"}, {"many", true}, {"encrypted", false}},
           {{"aware", "2025-08-19T23:30:00Z"}}),
      make({{"breach", false}}, {}),
      make({}, {{"occurred", "2025-06-10T12:00:00Z"}}),
  };
  const instant as_of = at("2025-09-01T00:00:00Z");
  auto summary = [&](const incident& i) {
    std::string s;
    const assessment a = *assess(shared, i, as_of);
    for (const obligation_result& o : a.obligations) {
      s += o.rule->id + ":" + to_string(o.state) + ":" + (o.deadline.due ? format_utc(*o.deadline.due) : "-") + ";";
    }
    return s;
  };
  std::vector<std::string> expected;
  for (const incident& i : incidents) expected.push_back(summary(i));
  std::vector<std::vector<std::string>> got(8);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 25; ++round) {
        for (const incident& i : incidents) got[t].push_back(summary(i));
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (const auto& results : got) {
    for (std::size_t k = 0; k < results.size(); ++k) CHECK(results[k] == expected[k % incidents.size()]);
  }
}

TEST_CASE("a duty that starts on a date is undetermined while the event that decides it is unknown", "[engine]") {
  const std::string dated = R"toml(
[regime]
id = "dated"
title = "A duty from 1 July 2025"
jurisdiction = "CA-ON"
zone = "America/Toronto"
effective = { from = 2025-07-01 }
applies = 'breach'
[authority.reg]
name = "R"
[[obligation]]
id = "dated/report"
action = "notify-authority"
to = "reg"
title = "Report"
cite = [{ ref = "s. 1", url = "https://example.org/s1" }]
deadline = { from = "aware", text = "as soon as feasible" }
)toml";
  auto loaded =
      rule_set::load(files_of({{"facts.toml", k_facts}, {"law/law.toml", k_pack}, {"dated/dated.toml", dated}}));
  REQUIRE(loaded);
  const auto run = [&](std::map<std::string, std::string> events, const char* as_of) {
    incident i{"t", zone_named("America/Toronto")};
    i.set_fact("breach", true);
    for (auto& [k, v] : events) i.set_event(k, at(v));
    return *assess(*loaded, i, at(as_of));
  };
  // Detected at 22:00 EDT on 30 June; awareness unknown, so it came between then and as_of.
  const assessment straddle = run({{"detected", "2025-07-01T02:00:00Z"}}, "2025-07-02T12:00:00Z");
  const obligation_result& r = get(straddle, "dated/report");
  CHECK(r.state == status::undetermined);
  CHECK(r.depends_on == std::vector<std::string>{"aware"});
  const auto q = std::find_if(straddle.questions.begin(), straddle.questions.end(),
                              [](const question& x) { return x.name == "aware"; });
  REQUIRE(q != straddle.questions.end());
  CHECK(q->is_event);
  CHECK(*q->text == "When did you become aware?");
  // Assessed before midnight, awareness cannot be later: not in force.
  CHECK(get(run({{"detected", "2025-07-01T02:00:00Z"}}, "2025-07-01T03:00:00Z"), "dated/report").state ==
        status::not_required);
  // Detected after midnight: awareness came later still, so the duty is in force.
  CHECK(get(run({{"detected", "2025-07-01T05:00:00Z"}}, "2025-07-02T12:00:00Z"), "dated/report").state ==
        status::required);
  // Awareness known: decided by it.
  CHECK(get(run({{"detected", "2025-07-01T02:00:00Z"}, {"aware", "2025-07-01T03:59:00Z"}}, "2025-07-02T12:00:00Z"),
            "dated/report")
            .state == status::not_required);
  CHECK(get(run({{"detected", "2025-07-01T02:00:00Z"}, {"aware", "2025-07-01T04:00:00Z"}}, "2025-07-02T12:00:00Z"),
            "dated/report")
            .state == status::required);
}

TEST_CASE("a retention period counted from a fallback gives no end date", "[engine]") {
  const assessment a = *assess(rules(), make({{"breach", true}}, {{"detected", "2024-03-21T09:00:00Z"}}),
                               at("2024-03-22T18:00:00Z"));
  const obligation_result& keep = get(a, "law/keep");
  CHECK(keep.deadline.provisional);
  CHECK_FALSE(keep.deadline.due);
  CHECK(std::find(a.warnings.begin(), a.warnings.end(),
                  "law/keep: 'aware' is not known, and 'detected' would end the retention period too early: keep the "
                  "record "
                  "until 'aware' is known") != a.warnings.end());
}

TEST_CASE("times that are valid but implausible are warned about", "[engine]") {
  auto has = [](const assessment& a, const std::string& text) {
    return std::find(a.warnings.begin(), a.warnings.end(), text) != a.warnings.end();
  };
  // aware falls back to detected, detected to occurred: both come first.
  const assessment order = *assess(rules(),
                                   make({{"breach", true}}, {{"occurred", "2024-03-21T09:00:00Z"},
                                                             {"detected", "2024-03-20T09:00:00Z"},
                                                             {"aware", "2024-03-19T09:00:00Z"}}),
                                   at("2024-03-22T18:00:00Z"));
  CHECK(has(order,
            "event 'aware' (2024-03-19T09:00:00Z) is before 'detected' (2024-03-20T09:00:00Z), which cannot come after "
            "it: check both times"));
  CHECK(has(order,
            "event 'aware' (2024-03-19T09:00:00Z) is before 'occurred' (2024-03-21T09:00:00Z), which cannot come after "
            "it: check both times"));
  CHECK(has(order,
            "event 'detected' (2024-03-20T09:00:00Z) is before 'occurred' (2024-03-21T09:00:00Z), which cannot come "
            "after it: check both times"));
  // In order, and an as_of within two years of the last event: no such warning.
  const assessment fine =
      *assess(rules(),
              make({{"breach", true}}, {{"occurred", "2024-03-19T09:00:00Z"}, {"aware", "2024-03-21T09:00:00Z"}}),
              at("2026-03-20T09:00:00Z"));
  for (const std::string& w : fine.warnings) {
    CHECK(w.find("cannot come after") == std::string::npos);
    CHECK(w.find("days after the last event") == std::string::npos);
  }
  // A typo in the year of as_of.
  const assessment far = *assess(rules(), make({{"breach", true}}, {{"aware", "2024-03-21T09:00:00Z"}}),
                                 at("2042-03-22T09:00:00Z"));
  CHECK(has(far,
            "as_of (2042-03-22T09:00:00Z) is 6575 days after the last event of the incident (2024-03-21T09:00:00Z): is "
            "that the instant meant?"));
}

TEST_CASE("the accessors of assessment.hpp accept a default-constructed result", "[engine]") {
  const obligation_result blank;  // rule, pack and recipient null
  std::ostringstream os;
  os << blank;
  CHECK(os.str() == "(no rule): undetermined");
  CHECK(recipient_text(blank).empty());
  assessment a = *assess(rules(), make({}, {}), at("2024-03-22T18:00:00Z"));
  a.obligations.insert(a.obligations.begin(), blank);
  CHECK(a.find("anything") == nullptr);
  CHECK(a.find(a.obligations.back().rule->id) == &a.obligations.back());
}
