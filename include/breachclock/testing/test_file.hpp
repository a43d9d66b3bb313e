// breachclock/testing/test_file.hpp: unit tests for rules, written as data.
//
// A policy test file holds cases: an incident (a file, relative to the test file, or written
// inline), fact and event overrides, an `as_of`, and expectations per obligation (status,
// depends_on, due, provisional, target_due, overdue, recipient; the journal's filed, on_time,
// late_by; the deadline's not_started, governed_by, delayed; displaced, displaced_by; proposed).
// A case may carry [[learned]], [[filed]], [[requested]] and [[delayed]] entries (laid over its
// incident's) and
// `proposed = "beside" | "enact"` (assess_options::proposed). The runner assesses each case and
// reports every field that differs, as expected against actual.
//
//   [[case]]
//   name = "confirmed breach of union membership data: ICO in 72 hours"
//   incident = "../../rules/uk/examples/cwu-2024.toml"
//   facts = { personal_data_breach = true, risk = "high" }
//   events = { aware = 2024-03-22T16:00:00Z }
//   as_of = 2024-03-22T18:00:00Z
//   expect = [{ obligation = "uk-gdpr/notify-ico", status = "required", due = 2024-03-25T16:00:00Z }]
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/source_file.hpp"

namespace breachclock {

struct expectation {
  std::string obligation;
  std::optional<status> state;
  std::optional<std::vector<std::string>> depends_on;
  bool check_due = false;
  std::optional<instant> due;  // with check_due: nothing means "no due instant"
  std::optional<bool> provisional;
  bool check_target = false;
  std::optional<instant> target_due;
  std::optional<bool> overdue;
  // The recipient's authority id, or "none": no authority (one chosen by a fact not yet known).
  std::optional<std::string> recipient;
  // The journal: whether the duty was filed by as_of, whether on time, and how late (seconds,
  // written as a duration: "26h", "1h30m", "0s").
  std::optional<bool> filed;
  std::optional<bool> on_time;
  std::optional<std::int64_t> late_by;
  // The deadline: waiting for a filing or request not recorded; the limit that governs it.
  std::optional<bool> not_started;
  std::optional<std::int64_t> governed_by;
  // Whether a delay of the journal ([[delayed]]) moved the due instant.
  std::optional<bool> delayed;
  // Displaced by another law (obligation_result::displaced), and by which pack.
  std::optional<bool> displaced;
  std::optional<std::string> displaced_by;
  // Compare the proposed result of the id (true) or the binding one (false; the default).
  std::optional<bool> proposed;
  source_location where;
};

struct test_case {
  std::string name;
  source_location where;
  incident subject;  // the incident with its overrides applied
  instant as_of;
  std::vector<expectation> expect;
  // `proposed = "beside" | "enact"`: how the case assesses proposed law (exclude by default).
  assess_options::proposed_law proposed = assess_options::proposed_law::exclude;
};

struct test_file {
  std::string path;
  std::vector<std::string> policies;  // overlay files, resolved against the test file's folder
  std::vector<test_case> cases;
};

// Parses a test file. Incident files named in it are read from disk, relative to the file's
// folder. Every error is collected, each located in the test file (or the incident file).
result<test_file> parse_policy_tests(const source_file& file, const fact_schema& schema);

// The result of `a` that `e` is about: of its obligation, the proposed one when e.proposed is
// true, else the binding one (or, when the id has none, as under proposed = "enact", its
// proposed one); nullptr when there is none.
const obligation_result* find_result(const assessment& a, const expectation& e);

struct field_failure {
  std::string field;  // "status", "due", ...
  std::string expected;
  std::string actual;
};

struct expectation_result {
  const expectation* expected = nullptr;
  std::vector<field_failure> failures;
};

struct case_result {
  const test_case* tested = nullptr;
  std::vector<expectation_result> results;
  std::optional<assessment> outcome;  // the assessment the case produced
  bool passed() const noexcept;
};

struct file_result {
  const test_file* file = nullptr;
  std::vector<case_result> cases;
};

// The results of a run. It keeps its own copy of the test files, which its results point into:
// it can be moved, not copied.
struct test_run {
  std::vector<test_file> tested;
  std::vector<file_result> files;  // parallel to `tested`
  std::size_t passed = 0;
  std::size_t failed = 0;

  test_run() = default;
  test_run(test_run&&) noexcept = default;
  test_run& operator=(test_run&&) noexcept = default;
  test_run(const test_run&) = delete;
  test_run& operator=(const test_run&) = delete;
};

// Runs the cases of every file against `rules` (with each file's overlays added on top of
// `rule_files`, the files `rules` was loaded from). Fails only when an overlay does not load.
result<test_run> run_policy_tests(const rule_set& rules, const std::vector<source_file>& rule_files,
                                  const std::vector<test_file>& files);

}  // namespace breachclock
