#include "breachclock/testing/policy_test.hpp"

#include <algorithm>
#include <filesystem>
#include <map>

#include "detail/text.hpp"
#include "detail/toml_support.hpp"
#include "facts/incident_reader.hpp"

namespace breachclock {

namespace {

namespace fs = std::filesystem;

std::optional<status> parse_status(std::string_view s) {
  if (s == "required") return status::required;
  if (s == "not_required") return status::not_required;
  if (s == "undetermined") return status::undetermined;
  return std::nullopt;
}

// Replaces or adds `member` in `object`.
void put(detail::doc_value& object, detail::doc_member member) {
  for (detail::doc_member& m : object.members) {
    if (m.key == member.key) {
      m = std::move(member);
      return;
    }
  }
  object.members.push_back(std::move(member));
}

class test_parser {
 public:
  test_parser(const source_file& file, const fact_schema& schema) : source_(file), schema_(schema) {}

  result<test_file> run() {
    auto parsed = detail::parse_toml(source_.text, source_.path);
    if (!parsed) return std::move(parsed).take_diagnostics();
    file_ = &*parsed;
    auto doc = detail::to_document(*parsed);
    if (!doc) return std::move(doc).take_diagnostics();
    test_file out;
    out.path = source_.path;
    detail::table_reader top(parsed->root, *parsed, ds_, "a policy test file");
    const fs::path folder = fs::path(source_.path).parent_path();
    if (auto policies = top.strings("policies")) {
      for (const std::string& p : *policies) out.policies.push_back((folder / p).lexically_normal().generic_string());
    }
    const detail::doc_value* defaults = doc->find("defaults");
    if (const toml::table* d = top.table("defaults")) {
      detail::table_reader dr(*d, *parsed, ds_, "[defaults]");
      for (const char* key : {"incident", "as_of", "facts", "events"}) dr.get(key);
      dr.finish();
    }
    const toml::array* cases = top.array("case", true);
    top.finish();
    if (cases != nullptr) {
      const detail::doc_value* case_docs = doc->find("case");
      for (std::size_t i = 0; i < cases->size(); ++i) {
        const toml::table* t = (*cases)[i].as_table();
        if (t == nullptr || case_docs == nullptr || i >= case_docs->items.size()) {
          top.wrong_type((*cases)[i], "case", "an array of tables ([[case]])");
          continue;
        }
        if (auto c = read_case(*t, case_docs->items[i], defaults, folder)) out.cases.push_back(std::move(*c));
      }
      if (cases->empty()) top.error_at_key("case", "test.empty", "a test file needs at least one [[case]]");
    }
    sort_by_location(ds_);
    if (has_errors(ds_)) return ds_;
    return out;
  }

 private:
  // The document of the case's incident: from a file (relative to the test file), or inline.
  std::optional<detail::doc_value> incident_doc(const detail::doc_value& spec, const fs::path& folder, bool& json) {
    if (spec.type == detail::doc_value::kind::object) {
      json = false;
      return spec;
    }
    if (spec.type != detail::doc_value::kind::string) {
      ds_.push_back(make_error("test.incident", spec.where, "incident is a path to an incident file, or an inline table"));
      return std::nullopt;
    }
    const std::string path = (folder / spec.string).lexically_normal().generic_string();
    auto it = incidents_.find(path);
    if (it == incidents_.end()) {
      auto file = read_source_file(path);
      if (!file) {
        for (diagnostic d : file.diagnostics()) {
          d.message = "incident file " + d.where.file + ": " + d.message;
          d.where = spec.where;
          ds_.push_back(std::move(d));
        }
        return std::nullopt;
      }
      bool is_json = false;
      auto doc = detail::incident_document(*file, is_json);
      if (!doc) {
        ds_.insert(ds_.end(), doc.diagnostics().begin(), doc.diagnostics().end());
        return std::nullopt;
      }
      it = incidents_.emplace(path, std::pair{std::move(*doc), is_json}).first;
    }
    json = it->second.second;
    return it->second.first;
  }

  std::optional<test_case> read_case(const toml::table& t, const detail::doc_value& doc, const detail::doc_value* defaults,
                                     const fs::path& folder) {
    detail::table_reader r(t, *file_, ds_, "[[case]]");
    const source_location where = detail::location_of(t, file_->path);
    const std::string name = r.string("name", true).value_or("");
    std::vector<expectation> expected;
    const std::size_t errors_before = ds_.size();
    auto from_case_or_default = [&](const char* key) -> const detail::doc_value* {
      r.get(key);
      if (const detail::doc_value* v = doc.find(key)) return v;
      return defaults != nullptr ? defaults->find(key) : nullptr;
    };

    // The incident, with its overrides.
    const detail::doc_value* spec = from_case_or_default("incident");
    std::optional<incident> subject;
    if (spec == nullptr) {
      r.missing("incident");
    } else {
      bool json = false;
      if (auto base = incident_doc(*spec, folder, json)) {
        for (const char* section : {"facts", "events"}) {
          std::vector<const detail::doc_value*> layers;
          if (defaults != nullptr && defaults->find(section) != nullptr && doc.find("incident") == nullptr) {
            layers.push_back(defaults->find(section));
          }
          if (doc.find(section) != nullptr) layers.push_back(doc.find(section));
          r.get(section);
          for (const detail::doc_value* layer : layers) {
            if (layer->type != detail::doc_value::kind::object) {
              ds_.push_back(make_error("test.overrides", layer->where, std::string(section) + " overrides are a table"));
              continue;
            }
            const detail::doc_value* existing = base->find(section);
            detail::doc_member target;
            target.key = section;
            if (existing != nullptr) {
              target.value = *existing;
            } else {
              target.value.type = detail::doc_value::kind::object;
              target.value.where = layer->where;
            }
            for (const detail::doc_member& m : layer->members) put(target.value, m);
            put(*base, std::move(target));
          }
        }
        auto inc = detail::read_incident(*base, schema_, json);
        ds_.insert(ds_.end(), inc.diagnostics().begin(), inc.diagnostics().end());
        if (inc) subject = std::move(*inc);
      }
    }

    // as_of: an instant, or a local time in the incident's zone.
    const detail::doc_value* as_of = from_case_or_default("as_of");
    std::optional<instant> when;
    if (as_of == nullptr) {
      r.missing("as_of");
    } else if (as_of->type == detail::doc_value::kind::offset_datetime) {
      when = as_of->offset;
    } else if (as_of->type == detail::doc_value::kind::local_datetime && subject) {
      auto t2 = subject->home_zone().resolve(as_of->local, choose::reject, as_of->where);
      ds_.insert(ds_.end(), t2.diagnostics().begin(), t2.diagnostics().end());
      if (t2) when = *t2;
    } else if (as_of->type != detail::doc_value::kind::local_datetime) {
      ds_.push_back(make_error("test.as-of", as_of->where, "as_of is a date-time, such as 2024-03-22T18:00:00Z"));
    }

    // Expectations.
    if (const toml::array* expect = r.array("expect", true)) {
      for (const toml::node& n : *expect) {
        const toml::table* et = n.as_table();
        if (et == nullptr) {
          r.wrong_type(n, "expect[]", "a table { obligation = \"...\", status = \"...\" }");
          continue;
        }
        expected.push_back(read_expectation(*et));
      }
      if (expect->empty()) r.error_at_key("expect", "test.empty", "a case needs at least one expectation");
    }
    r.finish();
    const bool failed = std::any_of(ds_.begin() + static_cast<std::ptrdiff_t>(errors_before), ds_.end(),
                                    [](const diagnostic& d) { return d.level == severity::error; });
    if (failed) return std::nullopt;
    if (!subject || !when) return std::nullopt;
    return test_case{name, where, std::move(*subject), *when, std::move(expected)};
  }

  expectation read_expectation(const toml::table& t) {
    detail::table_reader r(t, *file_, ds_, "an expectation");
    expectation e;
    e.where = detail::location_of(t, file_->path);
    e.obligation = r.string("obligation", true).value_or("");
    if (auto s = r.string("status")) {
      e.state = parse_status(*s);
      if (!e.state) r.error_at_key("status", "test.status", "status is required, not_required or undetermined");
    }
    e.depends_on = r.strings("depends_on");
    if (e.depends_on) std::sort(e.depends_on->begin(), e.depends_on->end());
    auto instant_or_none = [&](const char* key, bool& check, std::optional<instant>& out) {
      const toml::node* n = r.get(key);
      if (n == nullptr) return;
      check = true;
      if (const auto* s = n->as_string(); s != nullptr && s->get() == "none") return;
      if (const auto* dt = n->as_date_time(); dt != nullptr && dt->get().offset) {
        const toml::date_time v = dt->get();
        const civil_date day{date::year{v.date.year}, date::month{v.date.month}, date::day{v.date.day}};
        out = instant{date::sys_days{day}} + std::chrono::hours{v.time.hour} + std::chrono::minutes{v.time.minute} +
              std::chrono::seconds{v.time.second} - std::chrono::minutes{v.offset->minutes};
        return;
      }
      r.wrong_type(*n, key, "a date-time with offset (2024-03-25T16:00:00Z), or \"none\"");
    };
    instant_or_none("due", e.check_due, e.due);
    instant_or_none("target_due", e.check_target, e.target_due);
    e.provisional = r.boolean("provisional");
    e.overdue = r.boolean("overdue");
    e.recipient = r.string("recipient");
    r.finish();
    return e;
  }

  const source_file& source_;
  const fact_schema& schema_;
  const detail::toml_file* file_ = nullptr;
  std::vector<diagnostic> ds_;
  std::map<std::string, std::pair<detail::doc_value, bool>> incidents_;
};

std::string show(const std::optional<instant>& t) { return t ? format_utc(*t) : std::string("none"); }

std::string show(const std::vector<std::string>& v) {
  return v.empty() ? std::string("[]") : "[" + detail::join(v, ", ") + "]";
}

expectation_result compare(const expectation& e, const assessment& a) {
  expectation_result out;
  out.expected = &e;
  const obligation_result* o = a.find(e.obligation);
  if (o == nullptr) {
    std::vector<std::string> ids;
    for (const obligation_result& x : a.obligations) ids.push_back(x.rule->id);
    out.failures.push_back({"obligation", e.obligation, "no such obligation" + detail::did_you_mean(e.obligation, ids)});
    return out;
  }
  if (e.state && *e.state != o->state) out.failures.push_back({"status", to_string(*e.state), to_string(o->state)});
  if (e.depends_on && *e.depends_on != o->depends_on) {
    out.failures.push_back({"depends_on", show(*e.depends_on), show(o->depends_on)});
  }
  if (e.check_due && e.due != o->deadline.due) out.failures.push_back({"due", show(e.due), show(o->deadline.due)});
  if (e.provisional && *e.provisional != o->deadline.provisional) {
    out.failures.push_back({"provisional", *e.provisional ? "true" : "false", o->deadline.provisional ? "true" : "false"});
  }
  if (e.check_target && e.target_due != o->deadline.target_due) {
    out.failures.push_back({"target_due", show(e.target_due), show(o->deadline.target_due)});
  }
  if (e.overdue && *e.overdue != o->deadline.overdue) {
    out.failures.push_back({"overdue", *e.overdue ? "true" : "false", o->deadline.overdue ? "true" : "false"});
  }
  if (e.recipient) {
    const std::string got = o->recipient != nullptr ? o->recipient->id : std::string("none");
    if (*e.recipient != got) {
      out.failures.push_back({"recipient", *e.recipient,
                              got + (o->recipient_depends_on.empty() ? "" : " (depends on " + o->recipient_depends_on + ")")});
    }
  }
  return out;
}

}  // namespace

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
      cr.outcome = *assess(used, c.subject, c.as_of);
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
