// breachclock/testing/coverage.hpp: what a policy test run exercised of the rules.
//
// Coverage counts, for every obligation the rules hold: each status (required, not required,
// undetermined) seen in an expectation on it; each exception seen firing and seen not firing;
// each dated version seen chosen. Only cases with an expectation on the obligation count: a
// duty is tested when a test says what it should be.
//
//   coverage_report c = coverage(run);
//   std::cout << c.covered() << "/" << c.items.size() << " (" << c.percent() << "%)\n";
#pragma once

#include <string>
#include <vector>

#include "breachclock/testing/test_file.hpp"

namespace breachclock {

struct coverage_item {
  enum class kind : unsigned char { status, exception_fires, exception_holds, version };
  std::string obligation;
  kind what = kind::status;
  std::string detail;  // the status, the exception's condition, or the version's window
  bool covered = false;
};

const char* to_string(coverage_item::kind k) noexcept;  // "status", "exception fires", ...

struct coverage_report {
  std::vector<coverage_item> items;  // sorted by obligation, then kind
  std::size_t covered() const noexcept;
  double percent() const noexcept;  // 100 when there is nothing to cover
};

// The coverage of `run` over every rule set its cases were assessed with (the rules under test,
// and any overlays the test files add).
coverage_report coverage(const test_run& run);

// The items of `report` whose obligation is in one of the packs or modules `ids` names (a pack id,
// such as uk-gdpr, or a module id, such as uk) of `rules`, so that a module's own tests can gate
// its own coverage. An id that is neither a pack nor a module of `rules` is an error
// (test.unknown-pack, located at `origin`).
result<coverage_report> coverage_of(const coverage_report& report, const rule_set& rules,
                                    const std::vector<std::string>& ids, const source_location& origin);

}  // namespace breachclock
