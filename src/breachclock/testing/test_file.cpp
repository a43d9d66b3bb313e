#include "breachclock/testing/test_file.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "detail/doc_reader.hpp"
#include "detail/document.hpp"
#include "detail/text.hpp"

namespace breachclock {

namespace {

namespace fs = std::filesystem;

std::optional<status> parse_status(std::string_view s) {
  if (s == "required") return status::required;
  if (s == "not_required") return status::not_required;
  if (s == "undetermined") return status::undetermined;
  return std::nullopt;
}

// "26h", "1h30m", "2d4h", "0s": whole days, hours, minutes and seconds, each at most once and
// in that order; none when the text is not such a duration (or is out of range).
std::optional<std::int64_t> parse_duration(std::string_view text) {
  static constexpr std::string_view units = "dhms";
  static constexpr std::int64_t seconds[] = {86400, 3600, 60, 1};
  std::int64_t total = 0;
  std::size_t next_unit = 0;
  std::size_t k = 0;
  if (text.empty()) return std::nullopt;
  while (k < text.size()) {
    std::int64_t n = 0;
    const std::size_t digits = k;
    while (k < text.size() && text[k] >= '0' && text[k] <= '9') {
      n = n * 10 + (text[k] - '0');
      if (n > 1'000'000'000) return std::nullopt;
      ++k;
    }
    if (k == digits || k == text.size()) return std::nullopt;
    const std::size_t u = units.find(text[k], next_unit);
    if (u == std::string_view::npos) return std::nullopt;
    total += n * seconds[u];
    next_unit = u + 1;
    ++k;
  }
  return total;
}

// "26h", "1h30m", "0s": the shortest form of a number of seconds (negative: "-" before it).
std::string show_duration(std::int64_t s) {
  if (s == 0) return "0s";
  std::string out = s < 0 ? "-" : "";
  std::int64_t left = s < 0 ? -s : s;
  static constexpr std::pair<std::int64_t, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (const auto& [size, unit] : units) {
    if (left >= size) {
      out += std::to_string(left / size) + unit;
      left %= size;
    }
  }
  return out;
}

class test_parser {
 public:
  test_parser(const source_file& file, const fact_schema& schema) : source_(file), schema_(schema) {}

  result<test_file> run() {
    auto parsed = document::parse(source_);
    if (!parsed) return std::move(parsed).take_diagnostics();
    const detail::doc_value& root = *detail::node_of(*parsed);
    test_file out;
    out.path = source_.path;
    detail::doc_reader top(root, ds_, "a policy test file");
    const fs::path folder = fs::path(source_.path).parent_path();
    if (auto policies = top.strings("policies")) {
      for (const std::string& p : *policies) out.policies.push_back((folder / p).lexically_normal().generic_string());
    }
    const document defaults = parsed->at("defaults");
    if (const detail::doc_value* d = top.table("defaults")) {
      detail::doc_reader dr(*d, ds_, "[defaults]");
      for (const char* key :
           {"incident", "as_of", "scope", "facts", "events", "learned", "filed", "requested", "delayed"})
        dr.get(key);
      for (const count_family& f : schema_.families()) dr.get(f.name);  // affected = { ... }
      dr.finish();
    }
    const detail::doc_value* cases = top.array("case", true);
    top.finish();
    if (cases != nullptr) {
      for (std::size_t i = 0; i < cases->items.size(); ++i) {
        const detail::doc_value& t = cases->items[i];
        if (t.type != detail::doc_value::kind::object) {
          top.wrong_type(t, "case", std::string("an array of ") + (t.is_json() ? "objects" : "tables ([[case]])"));
          continue;
        }
        if (auto c = read_case(t, parsed->at("case").at(i), defaults.is_table() ? defaults : document{}, folder)) {
          out.cases.push_back(std::move(*c));
        }
      }
      if (cases->items.empty()) top.error_at_key("case", "test.empty", "a test file needs at least one [[case]]");
    }
    sort_by_location(ds_);
    // A mistake in [defaults] is found once for each case that uses it: report it once.
    ds_.erase(std::unique(ds_.begin(), ds_.end()), ds_.end());
    if (has_errors(ds_)) return ds_;
    return out;
  }

 private:
  // The case's incident: from a file (relative to the test file), or inline.
  std::optional<document> incident_of(const document& spec, const fs::path& folder) {
    const detail::doc_value& v = *detail::node_of(spec);
    if (v.type == detail::doc_value::kind::object) return spec;
    if (v.type != detail::doc_value::kind::string) {
      ds_.push_back(
          make_error("test.incident", v.where(), "incident is a path to an incident file, or an inline table"));
      return std::nullopt;
    }
    const std::string path = (folder / v.string).lexically_normal().generic_string();
    auto it = incidents_.find(path);
    if (it == incidents_.end()) {
      auto file = read_source_file(path);
      if (!file) {
        for (diagnostic d : file.diagnostics()) {
          d.message = "incident file " + d.where.file + ": " + d.message;
          d.where = v.where();
          ds_.push_back(std::move(d));
        }
        return std::nullopt;
      }
      auto doc = document::parse(*file);
      if (!doc) {
        ds_.insert(ds_.end(), doc.diagnostics().begin(), doc.diagnostics().end());
        return std::nullopt;
      }
      it = incidents_.emplace(path, std::move(*doc)).first;
    }
    return it->second;
  }

  std::optional<test_case> read_case(const detail::doc_value& t, const document& here, const document& defaults,
                                     const fs::path& folder) {
    detail::doc_reader r(t, ds_, "[[case]]");
    const source_location where = t.where();
    const std::string name = r.string("name", true).value_or("");
    std::vector<expectation> expected;
    const std::size_t errors_before = ds_.size();
    auto from_case_or_default = [&](const char* key) -> document {
      r.get(key);
      if (document v = here.at(key); v.exists()) return v;
      return defaults.at(key);
    };
    for (const char* key : {"scope", "facts", "events", "learned", "filed", "requested", "delayed"}) r.get(key);
    for (const count_family& f : schema_.families()) r.get(f.name);
    assess_options::proposed_law proposed = assess_options::proposed_law::exclude;
    if (auto p = r.string("proposed")) {
      if (*p == "beside") proposed = assess_options::proposed_law::beside;
      else if (*p == "enact") proposed = assess_options::proposed_law::enact;
      else if (*p != "exclude")
        r.error_at_key("proposed", "test.proposed",
                       "proposed is \"beside\" or \"enact\" (or \"exclude\", the default)");
    }

    // The incident, with its overrides: the defaults' (unless the case names its own incident),
    // then the case's.
    const document spec = from_case_or_default("incident");
    std::optional<incident> subject;
    if (!spec.exists()) {
      r.missing("incident");
    } else if (auto base = incident_of(spec, folder)) {
      std::vector<document> overrides;
      if (defaults.exists() && !here.at("incident").exists()) overrides.push_back(defaults);
      overrides.push_back(here);
      auto inc = read_incident(*base, overrides, schema_);
      ds_.insert(ds_.end(), inc.diagnostics().begin(), inc.diagnostics().end());
      if (inc) subject = std::move(*inc);
    }

    // as_of: an instant, or a local time in the incident's zone.
    const document as_of_doc = from_case_or_default("as_of");
    const detail::doc_value* as_of = detail::node_of(as_of_doc);
    std::optional<instant> when;
    if (as_of == nullptr) {
      r.missing("as_of");
    } else if (as_of->type == detail::doc_value::kind::offset_datetime) {
      when = as_of->offset;
    } else if (as_of->type == detail::doc_value::kind::local_datetime && subject) {
      auto t2 = subject->home_zone().resolve(as_of->local, choose::reject, as_of->where());
      ds_.insert(ds_.end(), t2.diagnostics().begin(), t2.diagnostics().end());
      if (t2) when = *t2;
    } else if (as_of->type == detail::doc_value::kind::string && as_of->is_json()) {
      // JSON has no date-time type: an RFC 3339 string, with an offset or local to the incident.
      auto text = parse_time_text(as_of->string, as_of->inside());
      if (!text) {
        ds_.insert(ds_.end(), text.diagnostics().begin(), text.diagnostics().end());
      } else if (std::holds_alternative<instant>(*text)) {
        when = std::get<instant>(*text);
      } else if (subject) {
        auto t2 = subject->home_zone().resolve(std::get<local_time>(*text), choose::reject, as_of->inside());
        ds_.insert(ds_.end(), t2.diagnostics().begin(), t2.diagnostics().end());
        if (t2) when = *t2;
      }
    } else if (as_of->type != detail::doc_value::kind::local_datetime) {
      ds_.push_back(make_error("test.as-of", as_of->where(), "as_of is a date-time, such as 2024-03-22T18:00:00Z"));
    }

    // Expectations.
    if (const detail::doc_value* expect = r.array("expect", true)) {
      for (const detail::doc_value& n : expect->items) {
        if (n.type != detail::doc_value::kind::object) {
          r.wrong_type(n, "expect[]",
                       std::string(n.is_json() ? "an object" : "a table") +
                           " { obligation = \"...\", status = \"...\" }");
          continue;
        }
        expected.push_back(read_expectation(n));
      }
      if (expect->items.empty()) r.error_at_key("expect", "test.empty", "a case needs at least one expectation");
    }
    r.finish();
    const bool failed = std::any_of(ds_.begin() + static_cast<std::ptrdiff_t>(errors_before), ds_.end(),
                                    [](const diagnostic& d) { return d.level == severity::error; });
    if (failed) return std::nullopt;
    if (!subject || !when) return std::nullopt;
    return test_case{name, where, std::move(*subject), *when, std::move(expected), proposed};
  }

  expectation read_expectation(const detail::doc_value& t) {
    detail::doc_reader r(t, ds_, "an expectation");
    expectation e;
    e.where = t.where();
    e.obligation = r.string("obligation", true).value_or("");
    if (auto s = r.string("status")) {
      e.state = parse_status(*s);
      if (!e.state) r.error_at_key("status", "test.status", "status is required, not_required or undetermined");
    }
    e.depends_on = r.strings("depends_on");
    if (e.depends_on) std::sort(e.depends_on->begin(), e.depends_on->end());
    auto instant_or_none = [&](const char* key, bool& check, std::optional<instant>& out) {
      const detail::doc_value* n = r.get(key);
      if (n == nullptr) return;
      check = true;
      if (n->type == detail::doc_value::kind::string && n->string == "none") return;
      if (n->type == detail::doc_value::kind::offset_datetime) {
        out = n->offset;
        return;
      }
      // JSON has no date-time type: an RFC 3339 string with an offset.
      if (n->type == detail::doc_value::kind::string && n->is_json()) {
        auto t2 = parse_rfc3339(n->string, n->inside());
        if (t2) {
          out = *t2;
        } else {
          ds_.insert(ds_.end(), t2.diagnostics().begin(), t2.diagnostics().end());
        }
        return;
      }
      r.wrong_type(*n, key, "a date-time with offset (2024-03-25T16:00:00Z), or \"none\"");
    };
    instant_or_none("due", e.check_due, e.due);
    instant_or_none("target_due", e.check_target, e.target_due);
    e.provisional = r.boolean("provisional");
    e.overdue = r.boolean("overdue");
    e.recipient = r.string("recipient");
    e.filed = r.boolean("filed");
    e.on_time = r.boolean("on_time");
    if (const detail::doc_value* n = r.get("late_by")) {
      if (n->type != detail::doc_value::kind::string) {
        r.wrong_type(*n, "late_by", "a duration such as \"26h\", \"1h30m\" or \"0s\"");
      } else if (auto seconds = parse_duration(n->string)) {
        e.late_by = *seconds;
      } else {
        ds_.push_back(make_error("test.duration", n->inside(),
                                 "'" + detail::excerpt(n->string) +
                                     "' is not a duration: write whole numbers of days, hours, minutes and seconds "
                                     "in that order, such as \"26h\", \"1h30m\", \"2d4h\" or \"0s\""));
      }
    }
    e.not_started = r.boolean("not_started");
    e.governed_by = r.integer("governed_by");
    if (e.governed_by && *e.governed_by < 0)
      r.error_at_key("governed_by", "test.governed-by", "governed_by is an index of the deadline's limits, 0 or more");
    e.delayed = r.boolean("delayed");
    e.displaced = r.boolean("displaced");
    e.displaced_by = r.string("displaced_by");
    e.proposed = r.boolean("proposed");
    r.finish();
    return e;
  }

  const source_file& source_;
  const fact_schema& schema_;
  std::vector<diagnostic> ds_;
  std::map<std::string, document> incidents_;
};

std::string show(const std::optional<instant>& t) { return t ? format_utc(*t) : std::string("none"); }

std::string show(const std::vector<std::string>& v) {
  return v.empty() ? std::string("[]") : "[" + detail::join(v, ", ") + "]";
}

expectation_result compare(const expectation& e, const assessment& a) {
  expectation_result out;
  out.expected = &e;
  const obligation_result* o = find_result(a, e);
  if (o == nullptr && e.proposed && a.find(e.obligation) != nullptr) {
    out.failures.push_back({"proposed", *e.proposed ? "true" : "false",
                            std::string("no ") + (*e.proposed ? "proposed" : "binding") + " result of this id"});
    return out;
  }
  if (o == nullptr) {
    std::vector<std::string> ids;
    for (const obligation_result& x : a.obligations) ids.push_back(x.rule->id);
    out.failures.push_back(
        {"obligation", e.obligation, "no such obligation" + detail::did_you_mean(e.obligation, ids)});
    return out;
  }
  if (e.state && *e.state != o->state) out.failures.push_back({"status", to_string(*e.state), to_string(o->state)});
  if (e.depends_on && *e.depends_on != o->depends_on) {
    out.failures.push_back({"depends_on", show(*e.depends_on), show(o->depends_on.strings())});
  }
  if (e.check_due && e.due != o->deadline.due) out.failures.push_back({"due", show(e.due), show(o->deadline.due)});
  if (e.provisional && *e.provisional != o->deadline.provisional) {
    out.failures.push_back(
        {"provisional", *e.provisional ? "true" : "false", o->deadline.provisional ? "true" : "false"});
  }
  if (e.check_target && e.target_due != o->deadline.target_due) {
    out.failures.push_back({"target_due", show(e.target_due), show(o->deadline.target_due)});
  }
  if (e.overdue && *e.overdue != o->deadline.overdue) {
    out.failures.push_back({"overdue", *e.overdue ? "true" : "false", o->deadline.overdue ? "true" : "false"});
  }
  auto yes_no = [](bool b) { return std::string(b ? "true" : "false"); };
  auto check_bool = [&](const char* field, const std::optional<bool>& want, bool got) {
    if (want && *want != got) out.failures.push_back({field, yes_no(*want), yes_no(got)});
  };
  check_bool("filed", e.filed, o->filed.has_value());
  if (e.on_time) {
    const std::optional<bool> got = o->filed ? o->filed->on_time : std::nullopt;
    if (got != e.on_time)
      out.failures.push_back(
          {"on_time", yes_no(*e.on_time), got ? yes_no(*got) : "none (not filed, or no due instant)"});
  }
  if (e.late_by) {
    const std::optional<std::int64_t> got = o->filed ? o->filed->late_by_seconds : std::nullopt;
    if (got != e.late_by)
      out.failures.push_back(
          {"late_by", show_duration(*e.late_by), got ? show_duration(*got) : "none (not filed, or no due instant)"});
  }
  check_bool("not_started", e.not_started, o->deadline.not_started);
  if (e.governed_by) {
    const auto& got = o->deadline.governed_by;
    if (!got || static_cast<std::int64_t>(*got) != *e.governed_by) {
      out.failures.push_back({"governed_by", std::to_string(*e.governed_by), got ? std::to_string(*got) : "none"});
    }
  }
  check_bool("delayed", e.delayed, o->deadline.undelayed_due.has_value());
  check_bool("displaced", e.displaced, o->displaced != nullptr);
  if (e.displaced_by) {
    const std::string got = o->displaced != nullptr ? o->displaced->displaced_by : std::string("none");
    if (got != *e.displaced_by) out.failures.push_back({"displaced_by", *e.displaced_by, got});
  }
  if (e.recipient) {
    const std::string got = o->recipient != nullptr ? o->recipient->id : std::string("none");
    if (*e.recipient != got) {
      out.failures.push_back(
          {"recipient", *e.recipient,
           got +
               (o->recipient_depends_on.empty() ? "" : " (depends on " + std::string(o->recipient_depends_on) + ")")});
    }
  }
  return out;
}

}  // namespace

const obligation_result* find_result(const assessment& a, const expectation& e) {
  const obligation_result* o = nullptr;
  for (const obligation_result& x : a.obligations) {
    if (x.rule->id != e.obligation) continue;
    if (e.proposed) {
      if (x.proposed == *e.proposed) return &x;
    } else if (!x.proposed) {
      return &x;
    } else if (o == nullptr) {
      o = &x;
    }
  }
  return o;
}

result<test_file> parse_policy_tests(const source_file& file, const fact_schema& schema) {
  return test_parser(file, schema).run();
}

bool case_result::passed() const noexcept {
  return std::all_of(results.begin(), results.end(), [](const expectation_result& r) { return r.failures.empty(); });
}

result<test_run> run_policy_tests(const rule_set& rules, const std::vector<source_file>& rule_files,
                                  const std::vector<test_file>& files) {
  test_run run;
  run.tested = files;  // the results point into the run's own copy
  std::vector<diagnostic> ds;
  for (const test_file& f : run.tested) {
    rule_set used = rules;
    if (!f.policies.empty()) {
      std::vector<source_file> overlays;
      for (const std::string& p : f.policies) {
        auto o = read_source_file(p);
        if (o) overlays.push_back(std::move(*o));
        else ds.insert(ds.end(), o.diagnostics().begin(), o.diagnostics().end());
      }
      auto loaded = rule_set::load(rule_files, overlays);
      if (!loaded) {
        ds.insert(ds.end(), loaded.diagnostics().begin(), loaded.diagnostics().end());
        continue;
      }
      used = *loaded;
    }
    file_result fr;
    fr.file = &f;
    for (const test_case& c : f.cases) {
      case_result cr;
      cr.tested = &c;
      assess_options options;
      options.proposed = c.proposed;
      auto outcome = assess(used, c.subject, c.as_of, options);
      if (!outcome) {
        ds.insert(ds.end(), outcome.diagnostics().begin(), outcome.diagnostics().end());
        continue;
      }
      cr.outcome = std::move(*outcome);
      for (const expectation& e : c.expect) cr.results.push_back(compare(e, *cr.outcome));
      (cr.passed() ? run.passed : run.failed)++;
      fr.cases.push_back(std::move(cr));
    }
    run.files.push_back(std::move(fr));
  }
  if (has_errors(ds)) return ds;
  return run;
}

}  // namespace breachclock
