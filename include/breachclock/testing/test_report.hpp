// breachclock/testing/test_report.hpp: policy test runs as text, JSON or JUnit XML.
//
// Text shows PASS or FAIL per case and each failing field as expected against actual; JSON gives
// the same for tools; JUnit XML is what CI systems read (one testsuite per file, one testcase
// per case, a failure element per failing case). Coverage, when given, is added to text and JSON.
//
//   std::cout << render_test_junit(run);
#pragma once

#include <string>

#include "breachclock/testing/coverage.hpp"
#include "breachclock/testing/test_file.hpp"

namespace breachclock {

std::string render_test_text(const test_run& run, const coverage_report* coverage = nullptr);
std::string render_test_json(const test_run& run, const coverage_report* coverage = nullptr);
std::string render_test_junit(const test_run& run);

// The coverage alone, as text: each obligation with what was and was not exercised.
std::string render_coverage_text(const coverage_report& coverage);

}  // namespace breachclock
