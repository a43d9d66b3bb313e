#include "breachclock/testing/test_report.hpp"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "detail/text.hpp"

namespace breachclock {

namespace {

using json = nlohmann::ordered_json;

std::size_t case_count(const test_run& run) {
  std::size_t n = 0;
  for (const file_result& f : run.files) n += f.cases.size();
  return n;
}

// Text from a test file or a rule set on its way to a terminal (detail/text.hpp).
std::string safe(std::string_view s) { return detail::printable(s); }

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string failure_line(const expectation_result& r, const field_failure& f) {
  return fmt::format("{}:{}: {} {}: expected {}, actual {}", safe(r.expected->where.file), r.expected->where.line,
                     safe(r.expected->obligation), safe(f.field), safe(f.expected), safe(f.actual));
}

json coverage_json(const coverage_report& c) {
  json items = json::array();
  for (const coverage_item& i : c.items) {
    items.push_back(
        {{"obligation", i.obligation}, {"kind", to_string(i.what)}, {"detail", i.detail}, {"covered", i.covered}});
  }
  return {{"covered", c.covered()}, {"total", c.items.size()}, {"percent", c.percent()}, {"items", items}};
}

}  // namespace

std::string render_coverage_text(const coverage_report& coverage) {
  std::string out = fmt::format("Coverage: {} of {} items ({:.1f}%)\n", coverage.covered(), coverage.items.size(),
                                coverage.percent());
  // One line per obligation: what was exercised, then what was not.
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> by_obligation;
  for (const coverage_item& i : coverage.items) {
    std::string what = i.what == coverage_item::kind::status
                           ? safe(i.detail)
                           : std::string(to_string(i.what)) + " '" + safe(i.detail) + "'";
    auto& [done, missing] = by_obligation[i.obligation];
    (i.covered ? done : missing).push_back(std::move(what));
  }
  for (const auto& [id, lists] : by_obligation) {
    const auto& [done, missing] = lists;
    out += fmt::format("  {} {}\n", missing.empty() ? "ok  " : "MISS", safe(id));
    if (!missing.empty()) {
      for (const std::string& m : missing) out += "         not exercised: " + m + "\n";
    }
  }
  return out;
}

std::string render_test_text(const test_run& run, const coverage_report* coverage) {
  std::string out;
  for (const file_result& f : run.files) {
    out += safe(f.file->path) + "\n";
    for (const case_result& c : f.cases) {
      out += fmt::format("  {}  {}\n", c.passed() ? "PASS" : "FAIL", safe(c.tested->name));
      for (const expectation_result& r : c.results) {
        for (const field_failure& ff : r.failures) out += "        " + failure_line(r, ff) + "\n";
      }
    }
  }
  out += fmt::format("{}, {}: {} passed, {} failed\n", plural(run.files.size(), "file"),
                     plural(case_count(run), "case"), run.passed, run.failed);
  if (coverage != nullptr) out += render_coverage_text(*coverage);
  return out;
}

std::string render_test_json(const test_run& run, const coverage_report* coverage) {
  json files = json::array();
  for (const file_result& f : run.files) {
    json cases = json::array();
    for (const case_result& c : f.cases) {
      json failures = json::array();
      for (const expectation_result& r : c.results) {
        for (const field_failure& ff : r.failures) {
          failures.push_back({{"obligation", r.expected->obligation},
                              {"field", ff.field},
                              {"expected", ff.expected},
                              {"actual", ff.actual},
                              {"line", r.expected->where.line}});
        }
      }
      cases.push_back(
          {{"name", c.tested->name}, {"line", c.tested->where.line}, {"passed", c.passed()}, {"failures", failures}});
    }
    files.push_back({{"path", f.file->path}, {"cases", cases}});
  }
  json root;
  root["schema"] = "breachclock.test-run/1";
  root["files"] = files;
  root["cases"] = case_count(run);
  root["passed"] = run.passed;
  root["failed"] = run.failed;
  if (coverage != nullptr) root["coverage"] = coverage_json(*coverage);
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_test_junit(const test_run& run) {
  std::size_t failures = 0;
  for (const file_result& f : run.files) {
    for (const case_result& c : f.cases) failures += c.passed() ? 0U : 1U;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"breachclock policy tests\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
                     case_count(run), failures);
  for (const file_result& f : run.files) {
    std::size_t file_failures = 0;
    for (const case_result& c : f.cases) file_failures += c.passed() ? 0U : 1U;
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                       detail::xml_escape(f.file->path), f.cases.size(), file_failures);
    for (const case_result& c : f.cases) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"",
                         detail::xml_escape(f.file->path), detail::xml_escape(c.tested->name),
                         detail::xml_escape(f.file->path), c.tested->where.line);
      if (c.passed()) {
        out += "/>\n";
        continue;
      }
      std::string details;
      std::size_t n = 0;
      for (const expectation_result& r : c.results) {
        for (const field_failure& ff : r.failures) {
          details += failure_line(r, ff) + "\n";
          ++n;
        }
      }
      out += ">\n";
      out += fmt::format("      <failure message=\"{} field{} differ\" type=\"expectation\">{}</failure>\n", n,
                         n == 1 ? "" : "s", detail::xml_escape(details));
      out += "    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace breachclock
