// breachclock._core: rule sets (bundled, from folders, with modules and overlays), what they
// hold, and the policy tests run against them.
#include <pybind11/stl.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "breachclock/testing/coverage.hpp"
#include "breachclock/testing/test_file.hpp"
#include "breachclock/testing/test_report.hpp"
#include "breachclock/version.hpp"
#include "binding.hpp"

namespace breachclock::python {

namespace {

void append(std::vector<diagnostic>& to, const std::vector<diagnostic>& from) {
  to.insert(to.end(), from.begin(), from.end());
}

// The files of the module folders, each read as read_module_folder reads it.
std::vector<source_file> module_files(const std::vector<std::string>& add_rules) {
  std::vector<source_file> out;
  std::vector<diagnostic> ds;
  for (const std::string& dir : add_rules) {
    auto read = read_module_folder(dir);
    if (!read) append(ds, read.diagnostics());
    else out.insert(out.end(), read->begin(), read->end());
  }
  if (has_errors(ds)) throw failure(std::move(ds));
  return out;
}

py::object text_or_none(const std::string& s) { return s.empty() ? py::object(py::none()) : py::object(py::str(s)); }

py::list packs_of(const rules_handle& r) {
  py::list out;
  for (const regime& g : r.rules.regimes()) {
    py::dict p;
    p["id"] = g.id;
    p["title"] = g.title;
    p["kind"] = g.kind == pack_kind::law ? "law" : "policy";
    p["jurisdiction"] = text_or_none(g.jurisdiction);
    p["module"] = text_or_none(g.module);
    p["confidence"] = to_string(g.certainty);
    p["proposed"] = text_or_none(g.proposed);
    p["file"] = g.file;
    py::list ids;
    for (const obligation& o : g.obligations) ids.append(o.id);
    p["obligations"] = ids;
    out.append(p);
  }
  return out;
}

// What `breachclock check` counts, and its line ("ok: 30 packs, ...") and proposal lines.
py::dict check_of(const rules_handle& r) {
  std::size_t obligations = 0;
  std::size_t proposed = 0;
  std::string proposals;
  for (const regime& g : r.rules.regimes()) {
    for (const obligation& o : g.obligations) {
      ++(o.proposed.empty() ? obligations : proposed);
      if (!o.proposed.empty() && g.proposed.empty()) proposals += "proposed: " + o.id + " (" + o.proposed + ")\n";
    }
    if (!g.proposed.empty()) proposals += "proposed: pack " + g.id + " (" + g.proposed + ")\n";
  }
  const rule_set& s = r.rules;
  const std::string line = "ok: " + std::to_string(s.regimes().size()) + " packs, " + std::to_string(obligations) +
                           " obligations" + (proposed > 0 ? ", " + std::to_string(proposed) + " proposed" : "") + ", " +
                           std::to_string(s.calendar_ids().size()) + " calendars, " +
                           std::to_string(s.schema().facts().size()) + " facts, " +
                           std::to_string(s.schema().events().size()) + " events, " +
                           std::to_string(s.warnings().size()) + " warnings (" + s.digest() + ")\n";
  py::dict out;
  out["packs"] = s.regimes().size();
  out["obligations"] = obligations;
  out["proposed"] = proposed;
  out["calendars"] = s.calendar_ids().size();
  out["facts"] = s.schema().facts().size();
  out["events"] = s.schema().events().size();
  out["warnings"] = diagnostics_list(s.warnings());
  out["digest"] = s.digest();
  out["text"] = line + proposals;
  return out;
}

// Runs the policy tests of `paths` (files, or folders of *.toml and *.json) as `breachclock test`
// does, and renders the run as `format` says (text, json, junit).
std::string run_tests(const rules_handle& r, const std::vector<std::string>& paths, bool with_coverage,
                      const std::string& format) {
  if (format != "text" && format != "json" && format != "junit")
    throw py::value_error("format must be 'text', 'json' or 'junit', not '" + format + "'");
  if (paths.empty()) throw py::value_error("paths is empty: name test files or folders of them");
  py::gil_scoped_release nogil;
  std::vector<source_file> sources;
  std::vector<diagnostic> ds;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      auto dir = read_directory(p);
      if (dir) sources.insert(sources.end(), dir->begin(), dir->end());
      else append(ds, dir.diagnostics());
    } else {
      auto f = read_source_file(p);
      if (f) sources.push_back(std::move(*f));
      else append(ds, f.diagnostics());
    }
  }
  std::vector<test_file> tests;
  for (const source_file& s : sources) {
    auto t = parse_policy_tests(s, r.rules.schema());
    if (t) tests.push_back(std::move(*t));
    else append(ds, t.diagnostics());
  }
  if (has_errors(ds)) throw failure(std::move(ds));
  auto run = run_policy_tests(r.rules, r.files, tests);
  if (!run) throw failure(run.diagnostics());
  std::optional<coverage_report> cov;
  if (with_coverage) cov = coverage(*run);
  const coverage_report* shown = cov ? &*cov : nullptr;
  if (format == "json") return render_test_json(*run, shown);
  if (format == "junit") return render_test_junit(*run);
  return render_test_text(*run, shown);
}

}  // namespace

rules_handle load_rules(const std::optional<std::string>& folder, const std::vector<std::string>& add_rules,
                        const std::vector<std::string>& policies) {
  if (!folder && add_rules.empty() && policies.empty()) return rules_handle{rule_set::bundled(), bundled_rule_files()};
  std::vector<source_file> base;
  if (folder) {
    auto read = read_directory(*folder);
    if (!read) throw failure(read.diagnostics());
    base = std::move(*read);
  } else {
    base = bundled_rule_files();
  }
  std::vector<source_file> added = module_files(add_rules);
  std::vector<source_file> overlays;
  std::vector<diagnostic> ds;
  for (const std::string& p : policies) {
    auto f = read_source_file(p);
    if (f) overlays.push_back(std::move(*f));
    else append(ds, f.diagnostics());
  }
  if (has_errors(ds)) throw failure(std::move(ds));
  auto loaded = add_rules.empty() ? rule_set::load(base, overlays) : rule_set::load(base, added, overlays);
  if (!loaded) throw failure(loaded.diagnostics());
  std::vector<source_file> files = std::move(base);
  files.insert(files.end(), added.begin(), added.end());
  return rules_handle{std::move(*loaded), std::move(files)};
}

void bind_rules(py::module_& m) {
  py::class_<rules_handle, std::shared_ptr<rules_handle>>(
      m, "RuleSet", "A loaded, checked rule set (immutable; safe to share between threads). Use breachclock.Rules.")
      .def_property_readonly(
          "digest", [](const rules_handle& r) { return r.rules.digest(); },
          "'sha256:' and the hex SHA-256 of the loaded rule files")
      .def("packs", &packs_of, "The rule packs, as dicts, in the order they were loaded")
      .def("check", &check_of, "What `breachclock check` counts and prints")
      .def(
          "warnings", [](const rules_handle& r) { return diagnostics_list(r.rules.warnings()); },
          "The warnings found while loading, as diagnostic dicts")
      .def(
          "obligation_ids", [](const rules_handle& r) { return r.rules.obligation_ids(); },
          "Every distinct obligation id, sorted")
      .def(
          "calendar_ids", [](const rules_handle& r) { return r.rules.calendar_ids(); },
          "Every holiday calendar id, sorted")
      .def("run_tests", &run_tests, py::arg("paths"), py::arg("coverage"), py::arg("format"),
           "Runs policy test files and renders the run (text, json or junit), as `breachclock test` does");

  m.def(
      "load_rules",
      [](const std::optional<std::string>& folder, const std::vector<std::string>& add_rules,
         const std::vector<std::string>& policies) {
        py::gil_scoped_release nogil;
        return std::make_shared<rules_handle>(load_rules(folder, add_rules, policies));
      },
      py::arg("folder"), py::arg("add_rules"), py::arg("policies"),
      "Loads a rule set: the bundled rules or a folder, module folders on top, policy overlays");
  m.def(
      "library_version", [] { return std::string(library_version()); }, "The library's version");
}

}  // namespace breachclock::python
