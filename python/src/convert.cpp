// breachclock._core: diagnostics to Python, and `as_of` from Python.
#include <string>
#include <vector>

#include "binding.hpp"

namespace breachclock::python {

namespace {

py::object none_if_zero(int n) { return n == 0 ? py::object(py::none()) : py::object(py::int_(n)); }

source_location as_of_origin() { return source_location{"as_of", 1, 1}; }

}  // namespace

py::list diagnostics_list(const std::vector<diagnostic>& ds) {
  py::list out;
  for (const diagnostic& d : ds) {
    py::dict one;
    one["code"] = d.code;
    one["severity"] = to_string(d.level);
    one["file"] = d.where.file.empty() ? py::object(py::none()) : py::object(py::str(d.where.file));
    one["line"] = none_if_zero(d.where.line);
    one["column"] = none_if_zero(d.where.column);
    one["message"] = d.message;
    out.append(one);
  }
  return out;
}

void set_python_error(const std::vector<diagnostic>& ds) {
  py::list lines;
  for (const diagnostic& d : ds) lines.append(to_string(d, diagnostic_style::with_code));
  const py::object error_class = py::module_::import("breachclock").attr("Error");
  const py::object error = error_class(diagnostics_list(ds), lines);
  PyErr_SetObject(error_class.ptr(), error.ptr());
}

instant as_of_of(py::handle value) {
  if (py::isinstance<py::str>(value)) {
    auto t = parse_rfc3339(value.cast<std::string>(), as_of_origin());
    if (!t) throw failure(t.diagnostics());
    return *t;
  }
  const py::module_ datetime = py::module_::import("datetime");
  if (!py::isinstance(value, datetime.attr("datetime"))) {
    throw py::type_error("as_of must be a datetime with tzinfo or an RFC 3339 string, not " +
                         py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>());
  }
  if (value.attr("utcoffset")().is_none()) {
    throw failure({make_error("python.naive-datetime", as_of_origin(),
                              "as_of is a naive datetime (no tzinfo): breachclock never guesses a zone; give it "
                              "tzinfo (datetime.timezone.utc, a zoneinfo.ZoneInfo) or an RFC 3339 string with "
                              "an offset")});
  }
  // In UTC, then read as the CLI reads --as-of (fractions of a second truncated towards the past).
  py::object utc;
  try {
    utc = value.attr("astimezone")(datetime.attr("timezone").attr("utc"));
  } catch (const py::error_already_set& e) {
    if (!e.matches(PyExc_OverflowError)) throw;
    throw failure(
        {make_error("time.range", as_of_origin(),
                    "as_of " + py::str(value).cast<std::string>() + " is outside the years 0001-9999 once in UTC")});
  }
  const std::string text = py::str(utc.attr("replace")(py::arg("tzinfo") = py::none()).attr("isoformat")());
  auto t = parse_rfc3339(text + "Z", as_of_origin());
  if (!t) throw failure(t.diagnostics());
  return *t;
}

void fail_not_json(const std::string& name, const std::string& why) {
  throw failure({make_error("python.not-json", source_location{name, 0, 0},
                            "the incident dict cannot be written as JSON: " + why +
                                " (values are dicts, lists, str, int, bool, None, datetime and date)")});
}

}  // namespace breachclock::python
