// The Python module breachclock._core: the pieces its source files share.
//
// The module is a consumer of the library's public headers only, as the CLI is. It holds two
// kinds of values, both immutable once made, and so safe to share between Python threads: a
// loaded rule set with the files it was loaded from (rules_handle), and an incident with the
// text it was read from (incident_handle). Every expected failure is thrown as `failure`, which
// the module turns into the Python exception breachclock.Error carrying every diagnostic.
//
//   rules_handle r = load_rules(std::nullopt, {}, {});                 // the bundled rules
//   incident_handle i = read_incident(*read_source_file("cwu.toml"), &r);
//   std::string json = render(r, i, as_of_of(py::str("2024-03-22T18:00:00Z")), "json", {});
#pragma once

#include <pybind11/pybind11.h>

#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "breachclock/engine/assessment.hpp"
#include "breachclock/facts/incident.hpp"
#include "breachclock/rules/rule_set.hpp"
#include "breachclock/source_file.hpp"
#include "breachclock/time/instant.hpp"

namespace breachclock::python {

namespace py = pybind11;

// An expected failure, with every diagnostic (errors first as the library gives them).
struct failure : std::exception {
  explicit failure(std::vector<diagnostic> ds) : diagnostics(std::move(ds)) {}
  const char* what() const noexcept override { return "breachclock: diagnostics"; }
  std::vector<diagnostic> diagnostics;
};

// A rule set and the files it was loaded from (the policy tests add their overlays to these).
struct rules_handle {
  rule_set rules;
  std::vector<source_file> files;
};

// An incident as read, the text it was read from, and the digest of the rule set whose schema
// it was checked against: under another rule set it is read again against that one's schema.
struct incident_handle {
  source_file file;
  incident parsed;
  std::string schema_digest;
};

// ---- conversions (convert.cpp) ----
// The diagnostics as Python dicts {code, severity, file, line, column, message}; a file, line or
// column that is not known is None.
py::list diagnostics_list(const std::vector<diagnostic>& ds);
// Sets breachclock.Error (from the package) as the current Python exception.
void set_python_error(const std::vector<diagnostic>& ds);
// `as_of`: a datetime with tzinfo, or an RFC 3339 string with an offset. A naive datetime, a
// local time without offset and a bad string are failures; another type is a TypeError.
instant as_of_of(py::handle value);
// The failure of the dict `name` that cannot be written as JSON (json.dumps said `why`).
[[noreturn]] void fail_not_json(const std::string& name, const std::string& why);

// ---- rules (rules.cpp) ----
// The bundled rules when nothing is named; else the folder (or the bundled rules), the module
// folders on top and the overlays, read as the CLI's --rules, --add-rules and --policy read them.
rules_handle load_rules(const std::optional<std::string>& folder, const std::vector<std::string>& add_rules,
                        const std::vector<std::string>& policies);
void bind_rules(py::module_& m);

// ---- incidents and assessments (module.cpp) ----
// Reads an incident from `file`, checked against the schema of `rules` (the bundled rules: null).
incident_handle read_incident(const source_file& file, const rules_handle* rules);

}  // namespace breachclock::python
