// breachclock._core: incidents, assessments and their renderings, and the module itself.
//
// Every assessment is made and rendered with the GIL released: the rule set and the incident
// are immutable, so Python threads may assess in parallel with the same objects.
#include <pybind11/stl.h>

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "breachclock/report/ics.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/svg.hpp"
#include "breachclock/report/text.hpp"
#include "binding.hpp"

namespace breachclock::python {

incident_handle read_incident(const source_file& file, const rules_handle* rules) {
  const rule_set schema_of = rules != nullptr ? rules->rules : rule_set::bundled();
  auto parsed = parse_incident(file, schema_of.schema());
  if (!parsed) throw failure(parsed.diagnostics());
  return incident_handle{file, std::move(*parsed), schema_of.digest()};
}

namespace {

using incident_ptr = std::shared_ptr<incident_handle>;

incident_ptr from_file(const std::string& path, const rules_handle* rules) {
  py::gil_scoped_release nogil;
  auto file = read_source_file(path);
  if (!file) throw failure(file.diagnostics());
  return std::make_shared<incident_handle>(read_incident(*file, rules));
}

// `text` as the incident file `name` (JSON when `json`, and then it must be an object).
incident_ptr from_text(const std::string& text, const std::string& name, bool json, const rules_handle* rules) {
  if (json) {
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || text[first] != '{') {
      throw failure({make_error("python.json-object", source_location{name, 1, 1},
                                "an incident in JSON is one object: the text must start with '{'")});
    }
  }
  py::gil_scoped_release nogil;
  return std::make_shared<incident_handle>(read_incident(source_file{name, text, name}, rules));
}

breachclock::assess_options::proposed_law proposed_mode(bool include_proposed) {
  return include_proposed ? breachclock::assess_options::proposed_law::beside
                          : breachclock::assess_options::proposed_law::exclude;
}

// Assesses (the GIL released by the caller) as the CLI does; an incident read against another
// rule set's schema is read again against this one's, as the CLI reads it.
assessment assessed(const rules_handle& r, const incident_handle& i, instant at, bool include_proposed) {
  std::optional<incident> again;
  const incident* subject = &i.parsed;
  if (i.schema_digest != r.rules.digest()) {
    auto parsed = parse_incident(i.file, r.rules.schema());
    if (!parsed) throw failure(parsed.diagnostics());
    again = std::move(*parsed);
    subject = &*again;
  }
  auto a = assess(r.rules, *subject, at, {.proposed = proposed_mode(include_proposed)});
  if (!a) throw failure(a.diagnostics());
  return std::move(a).value();
}

const std::vector<std::string> k_formats{"text", "json", "md", "ics", "svg"};

std::string render(const rules_handle& r, const incident_handle& i, py::handle as_of, const std::string& format,
                   bool trace, bool include_proposed) {
  if (std::find(k_formats.begin(), k_formats.end(), format) == k_formats.end())
    throw py::value_error("format must be one of 'text', 'json', 'md', 'ics', 'svg', not '" + format + "'");
  if (!trace && format != "json") throw py::value_error("trace=False leaves the trace out of JSON only");
  const instant at = as_of_of(as_of);
  py::gil_scoped_release nogil;
  const assessment a = assessed(r, i, at, include_proposed);
  if (format == "json") return render_json(a, json_options{false, trace});
  if (format == "ics") return render_ics(a);
  if (format == "md") return render_markdown(a);
  if (format == "svg") return render_svg(a);
  return render_text(a);
}

// The result(s) of `id`: an error, as `breachclock explain` gives, when the assessment has none.
std::vector<const obligation_result*> results_of(const assessment& a, const std::string& id) {
  std::vector<const obligation_result*> out;
  for (const obligation_result& o : a.obligations) {
    if (o.rule != nullptr && o.rule->id == id) out.push_back(&o);
  }
  if (!out.empty()) return out;
  const source_location where{"obligation_id", 1, 1};
  const std::vector<duty>& proposed = a.rules.proposed_duties();
  if (std::any_of(proposed.begin(), proposed.end(), [&](const duty& d) { return d.id == id; })) {
    throw failure(
        {make_error("python.unknown-obligation", where,
                    "'" + id + "' is proposed law only, not in force: explain it with include_proposed=True")});
  }
  const std::vector<std::string> ids = a.rules.obligation_ids();
  std::string list;
  for (const std::string& k : ids) list += (list.empty() ? "" : ", ") + k;
  throw failure(
      {make_error("python.unknown-obligation", where,
                  "unknown obligation '" + id + "'" + did_you_mean(id, ids) + " (the obligations are " + list + ")")});
}

// `explain`: the assessment's JSON once the obligation is known to be there; text: its story.
std::string explain(const rules_handle& r, const incident_handle& i, const std::string& id, py::handle as_of,
                    const std::string& format, bool include_proposed) {
  if (format != "json" && format != "text")
    throw py::value_error("format must be 'json' or 'text', not '" + format + "'");
  const instant at = as_of_of(as_of);
  py::gil_scoped_release nogil;
  const assessment a = assessed(r, i, at, include_proposed);
  const std::vector<const obligation_result*> found = results_of(a, id);
  if (format == "json") return render_json(a);
  std::string out;
  for (const obligation_result* o : found) {
    if (!out.empty()) out += "\n";
    out += render_explanation(a, *o);
  }
  return out;
}

std::string questions_text(const rules_handle& r, const incident_handle& i, py::handle as_of) {
  const instant at = as_of_of(as_of);
  py::gil_scoped_release nogil;
  return render_questions(assessed(r, i, at, false));
}

void bind_incidents(py::module_& m) {
  py::class_<incident_handle, std::shared_ptr<incident_handle>>(
      m, "IncidentData", "An incident as read (immutable; safe to share between threads). Use breachclock.Incident.")
      .def_property_readonly(
          "id", [](const incident_handle& i) { return i.parsed.id(); }, "The incident's id")
      .def_property_readonly(
          "zone", [](const incident_handle& i) { return std::string(i.parsed.home_zone().name()); },
          "The incident's home zone (IANA name)")
      .def_property_readonly(
          "title", [](const incident_handle& i) { return i.parsed.title(); }, "The incident's title, or ''")
      .def_property_readonly(
          "path", [](const incident_handle& i) { return i.file.path; }, "Where it was read: a path, or a name")
      .def_property_readonly(
          "text", [](const incident_handle& i) { return i.file.text; }, "The text it was read from (TOML or JSON)")
      .def_property_readonly(
          "schema_digest", [](const incident_handle& i) { return i.schema_digest; },
          "The digest of the rule set whose fact schema it was checked against");
  m.def("incident_from_file", &from_file, py::arg("path"), py::arg("rules"), "Reads an incident file");
  m.def("incident_from_text", &from_text, py::arg("text"), py::arg("name"), py::arg("json"), py::arg("rules"),
        "Reads an incident from the text of a file");
}

}  // namespace

}  // namespace breachclock::python

PYBIND11_MODULE(_core, m) {
  namespace bp = breachclock::python;
  m.doc() = "breachclock._core: the compiled part of the breachclock package (use the package, not this module).";
  pybind11::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const bp::failure& e) {
      bp::set_python_error(e.diagnostics);
    } catch (const breachclock::error& e) {
      bp::set_python_error(e.diagnostics());
    }
  });
  bp::bind_rules(m);
  bp::bind_incidents(m);
  m.def("render", &bp::render, pybind11::arg("rules"), pybind11::arg("incident"), pybind11::arg("as_of"),
        pybind11::arg("format"), pybind11::arg("trace"), pybind11::arg("include_proposed"),
        "Assesses and renders the assessment (text, json, md, ics, svg), as `breachclock assess --format` does");
  m.def("explain", &bp::explain, pybind11::arg("rules"), pybind11::arg("incident"), pybind11::arg("obligation_id"),
        pybind11::arg("as_of"), pybind11::arg("format"), pybind11::arg("include_proposed"),
        "Assesses and renders one obligation: the assessment's JSON (json) or its explanation (text)");
  m.def("questions_text", &bp::questions_text, pybind11::arg("rules"), pybind11::arg("incident"),
        pybind11::arg("as_of"), "Assesses and renders the open questions, as `breachclock questions` does");
  m.def(
      "as_of", [](pybind11::handle v) { return breachclock::format_utc(bp::as_of_of(v)); }, pybind11::arg("as_of"),
      "as_of, checked, as an RFC 3339 instant in UTC");
  m.def("fail_not_json", &bp::fail_not_json, pybind11::arg("name"), pybind11::arg("why"),
        "Raises breachclock.Error for a dict that cannot be written as JSON");
}
