#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/report/text.hpp"
#include "support/test_support.hpp"
#include "unit/engine/assessment_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::zone_named;
using namespace breachclock::test::assessment_cases;

namespace {

const rule_set& bundled() {
  static const rule_set r = rule_set::bundled();
  return r;
}

std::vector<std::filesystem::path> example_incidents() { return test::example_incident_paths(); }

// Everything an assessment shows, the trace included (JSON), and the text report's explanations.
std::string shown(const assessment& a) {
  std::string out = render_json(a);
  out += render_text(a);
  for (const obligation_result& o : a.obligations) out += render_explanation(a, o);
  return out;
}

// Whether some view of `x` points where the same view of `y` does (the buffers themselves are
// private): a copy that did not rebase its views would share its original's storage.
bool same_storage(const assessment& x, const assessment& y) {
  for (std::size_t k = 0; k < x.obligations.size(); ++k) {
    const obligation_result& a = x.obligations[k];
    const obligation_result& b = y.obligations[k];
    if (!a.because.empty() && a.because.data() == b.because.data()) return true;
    if (!a.depends_on.empty() && a.depends_on.span().data() == b.depends_on.span().data()) return true;
  }
  for (std::size_t k = 0; k < x.questions.size(); ++k) {
    if (x.questions[k].decides.span().data() == y.questions[k].decides.span().data()) return true;
  }
  return !x.unknown_facts.empty() && x.unknown_facts.span().data() == y.unknown_facts.span().data();
}

}  // namespace

TEST_CASE("a bound incident gives the assessment the incident gives, for every example incident", "[engine]") {
  const std::vector<std::filesystem::path> paths = example_incidents();
  REQUIRE(paths.size() >= 10);
  for (const auto& path : paths) {
    CAPTURE(path.filename().string());
    const incident i = incident::from_file(path, bundled().schema());
    const result<bound_incident> b = bind(bundled(), i);
    REQUIRE(b);
    CHECK(b.diagnostics() == validate(i, bundled().schema()));
    for (const char* as_of : {"2024-03-22T18:00:00Z", "2025-12-01T12:00:00Z"}) {
      const result<assessment> direct = assess(bundled(), i, at(as_of));
      const result<assessment> via_bound = assess(bundled(), *b, at(as_of));
      REQUIRE(direct);
      REQUIRE(via_bound);
      CHECK(direct.diagnostics() == via_bound.diagnostics());
      CHECK(shown(*direct) == shown(*via_bound));
    }
  }
}

TEST_CASE("a bound incident keeps the incident and its facts by slot", "[engine]") {
  const rule_set rules = bundled();
  const incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), rules.schema());
  const bound_incident b = *bind(rules, i);
  CHECK(b.source().id() == i.id());
  CHECK(b.source().facts() == i.facts());
  CHECK(&b.rules().schema() == &rules.schema());
  const std::vector<event_decl>& events = rules.schema().events();
  for (std::size_t e = 0; e < events.size(); ++e) CHECK(b.event(e) == i.event(events[e].name));
  CHECK_FALSE(b.event(events.size()));
  for (const auto& [name, value] : i.facts()) {
    const fact_decl* f = rules.schema().fact(name);
    REQUIRE(f != nullptr);
    CHECK(b.facts().fact(f->index).known);
  }
  const bound_incident copy = b;  // a shared handle: the same incident
  CHECK(&copy.source() == &b.source());
}

TEST_CASE("copying or moving an assessment keeps every view valid", "[engine]") {
  const incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), bundled().schema());
  std::optional<assessment> original = *assess(bundled(), i, at("2024-03-22T18:00:00Z"));
  const std::string expected = shown(*original);
  REQUIRE(std::any_of(original->obligations.begin(), original->obligations.end(),
                      [](const obligation_result& o) { return !o.because.empty() && !o.depends_on.empty(); }));
  REQUIRE_FALSE(original->questions.empty());

  assessment copied(*original);
  CHECK_FALSE(same_storage(copied, *original));  // the copy's views are its own
  assessment other = *assess(rules(), make({}, {}), at("2024-03-22T18:00:00Z"));
  other = *original;
  CHECK_FALSE(same_storage(other, *original));
  original.reset();  // the views of the copies must not point into it
  CHECK(shown(copied) == expected);
  CHECK(shown(other) == expected);

  assessment moved(std::move(copied));
  CHECK(shown(moved) == expected);
  assessment move_assigned = *assess(rules(), make({}, {}), at("2024-03-22T18:00:00Z"));
  move_assigned = std::move(moved);
  CHECK(shown(move_assigned) == expected);
  other = other;  // NOLINT(clang-diagnostic-self-assign-overloaded): self-assignment is harmless
  CHECK(shown(other) == expected);
  // A self-move keeps the buffers the views point into.
  assessment& alias = move_assigned;
  move_assigned = std::move(alias);
  CHECK(shown(move_assigned) == expected);
}

TEST_CASE("a result taken from one assessment into another survives a copy of the other", "[engine]") {
  const incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), bundled().schema());
  const assessment donor = *assess(bundled(), i, at("2024-03-22T18:00:00Z"));
  assessment host = *assess(rules(), make({}, {}), at("2024-03-22T18:00:00Z"));
  REQUIRE_FALSE(donor.questions.empty());
  host.questions.push_back(donor.questions.front());  // its views point into the donor
  const auto with_trace = std::find_if(donor.obligations.begin(), donor.obligations.end(),
                                       [](const obligation_result& o) { return !o.because.empty(); });
  REQUIRE(with_trace != donor.obligations.end());
  host.obligations.push_back(*with_trace);
  const assessment copy = host;  // the donor's views are left pointing into the donor
  CHECK(copy.questions.back().decides == donor.questions.front().decides);
  CHECK(copy.questions.back().decides.span().data() == donor.questions.front().decides.span().data());
  CHECK(copy.obligations.back().because.data() == with_trace->because.data());
}

TEST_CASE("without the trace, an assessment has every result but the explanation", "[engine]") {
  for (const auto& path : example_incidents()) {
    CAPTURE(path.filename().string());
    const bound_incident b = *bind(bundled(), incident::from_file(path, bundled().schema()));
    const assessment full = *assess(bundled(), b, at("2025-12-01T12:00:00Z"));
    const assessment lean = *assess(bundled(), b, at("2025-12-01T12:00:00Z"), {.trace = false});
    REQUIRE(full.obligations.size() == lean.obligations.size());
    bool some_trace = false;
    for (std::size_t k = 0; k < full.obligations.size(); ++k) {
      const obligation_result& x = full.obligations[k];
      const obligation_result& y = lean.obligations[k];
      some_trace = some_trace || !x.because.empty();
      CHECK(y.because.empty());
      CHECK(x.rule == y.rule);
      CHECK(x.recipient == y.recipient);
      CHECK(x.recipient_depends_on == y.recipient_depends_on);
      CHECK(x.state == y.state);
      CHECK(x.depends_on == y.depends_on);
      CHECK(x.deadline.due == y.deadline.due);
      CHECK(x.deadline.anchor == y.deadline.anchor);
      CHECK(x.deadline.anchor_event == y.deadline.anchor_event);
      CHECK(x.deadline.provisional == y.deadline.provisional);
      CHECK(x.deadline.remaining_seconds == y.deadline.remaining_seconds);
      CHECK(x.deadline.target_due == y.deadline.target_due);
      CHECK(x.certainty == y.certainty);
    }
    CHECK(some_trace);
    REQUIRE(full.questions.size() == lean.questions.size());
    for (std::size_t k = 0; k < full.questions.size(); ++k) {
      CHECK(full.questions[k].name == lean.questions[k].name);
      CHECK(full.questions[k].decides == lean.questions[k].decides);
    }
    CHECK(full.warnings == lean.warnings);
    CHECK(full.unknown_facts == lean.unknown_facts);
    CHECK(full.unknown_events == lean.unknown_events);
  }
}

TEST_CASE("an incident that does not fit the schema is refused by bind with validate()'s errors", "[engine]") {
  incident i{"bad", zone_named("Europe/London")};
  i.set_fact("risk", "medium");
  i.set_fact("nonsense", true);
  result<bound_incident> b = result<bound_incident>(std::vector<diagnostic>{});
  CHECK_NOTHROW(b = bind(rules(), i));
  REQUIRE_FALSE(b);
  CHECK(has_errors(b.diagnostics()));
  CHECK(b.diagnostics() == validate(i, rules().schema()));
}

TEST_CASE("an incident bound to another rule set is bound again to the rules given", "[engine]") {
  const rule_set mine = rules();
  const incident i = make({{"breach", true}}, {{"aware", "2024-03-20T10:00:00Z"}});
  const bound_incident b = *bind(mine, i);
  const rule_set other = rules(true);  // another load: another schema object
  REQUIRE(&other.schema() != &mine.schema());
  const result<assessment> r = assess(other, b, at("2024-03-22T18:00:00Z"));
  REQUIRE(r);
  CHECK(&r->rules.schema() == &other.schema());
  CHECK(shown(*r) == shown(*assess(other, i, at("2024-03-22T18:00:00Z"))));
  // An incident that fits one schema and not the other fails with the other's diagnostics.
  const incident wrong = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), bundled().schema());
  const result<assessment> refused = assess(mine, *bind(bundled(), wrong), at("2024-03-22T18:00:00Z"));
  REQUIRE_FALSE(refused);
  CHECK(refused.diagnostics() == validate(wrong, mine.schema()));
}

TEST_CASE("a name list compares with the names it holds", "[engine]") {
  const std::vector<std::string_view> names{"breach", "risk"};
  const name_list l(names);
  CHECK(l == std::vector<std::string>{"breach", "risk"});
  CHECK(l != std::vector<std::string>{"breach"});
  CHECK(l != std::vector<std::string>{"risk", "breach"});
  CHECK(l.strings() == std::vector<std::string>{"breach", "risk"});
  CHECK(name_list() == std::vector<std::string>{});
  CHECK(l.size() == 2);
  CHECK(l[1] == "risk");
}
