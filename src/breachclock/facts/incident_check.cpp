// validate() of an incident built in code, the checks of its values that the reader shares
// (facts/incident_check.hpp), and the bundled fact schema.
#include "facts/incident_check.hpp"

#include <algorithm>

#include "breachclock/facts/regions.hpp"
#include "detail/text.hpp"

namespace breachclock {

namespace detail {

std::string values_list(const fact_decl& f) { return detail::quoted_list(f.values); }

namespace {

// The number of `value` in f.values, or -1.
std::int64_t value_number(const fact_decl& f, const std::string& value) {
  const auto it = std::find(f.values.begin(), f.values.end(), value);
  return it == f.values.end() ? -1 : it - f.values.begin();
}

}  // namespace

std::string check_value(const fact_decl& f, const fact_value& v, checked_fact& found) {
  switch (f.type) {
    case fact_type::boolean:
      if (v.as_bool() == nullptr) return f.name + " is true or false, not " + to_string(v);
      return {};
    case fact_type::integer: {
      if (const count_range* r = v.as_range()) {
        if (r->min && r->max && *r->min > *r->max)
          return f.name + ": the range " + to_string(*r) + " ends before it starts (min is more than max)";
        if (f.min && r->min && *r->min < *f.min)
          return f.name + " is at least " + std::to_string(*f.min) + ", not " + to_string(*r);
        if (f.min && r->max && *r->max < *f.min)
          return f.name + " is at least " + std::to_string(*f.min) + ", not " + to_string(*r);
        if (f.max && r->max && *r->max > *f.max)
          return f.name + " is at most " + std::to_string(*f.max) + ", not " + to_string(*r);
        if (f.max && r->min && *r->min > *f.max)
          return f.name + " is at most " + std::to_string(*f.max) + ", not " + to_string(*r);
        return {};
      }
      const std::int64_t* i = v.as_int();
      if (i == nullptr) return f.name + " is a whole number, not " + to_string(v);
      if (f.min && *i < *f.min)
        return f.name + " is at least " + std::to_string(*f.min) + ", not " + std::to_string(*i);
      if (f.max && *i > *f.max) return f.name + " is at most " + std::to_string(*f.max) + ", not " + std::to_string(*i);
      return {};
    }
    case fact_type::enumeration: {
      const std::string* s = v.as_string();
      if (s == nullptr) return f.name + " is one of " + values_list(f) + ", not " + to_string(v);
      found.number = value_number(f, *s);
      if (found.number < 0) {
        return "'" + detail::excerpt(*s) + "' is not a value of " + f.name + detail::did_you_mean(*s, f.values) +
               " (the values are " + values_list(f) + ", or \"unknown\")";
      }
      return {};
    }
    case fact_type::set: {
      const set_value* s = v.as_set();
      if (s == nullptr) return f.name + " is a list of " + values_list(f) + ", not " + to_string(v);
      for (const std::string& m : s->members) {
        const std::int64_t k = value_number(f, m);
        if (k < 0) {
          return "'" + detail::excerpt(m) + "' is not a value of " + f.name + detail::did_you_mean(m, f.values) +
                 " (the values are " + values_list(f) + ")";
        }
        if (k < 64) found.members |= std::uint64_t{1} << k;  // a schema has at most 64 values
      }
      return {};
    }
    case fact_type::text: {
      const std::string* s = v.as_string();
      if (s == nullptr) return f.name + " is text, not " + to_string(v);
      if (s->size() > k_max_text_bytes)
        return f.name + " is longer than " + std::to_string(k_max_text_bytes) + " bytes";
      return {};
    }
  }
  return {};
}

std::string check_value(const fact_decl& f, const fact_value& v) {
  checked_fact unused;
  return check_value(f, v, unused);
}

std::string check_count(const std::string& name, const fact_value& v) {
  if (const std::int64_t* i = v.as_int()) {
    return *i < 0 ? name + " is a number of people: at least 0, not " + std::to_string(*i) : std::string();
  }
  if (const count_range* r = v.as_range()) {
    if ((r->min && *r->min < 0) || (r->max && *r->max < 0))
      return name + " is a number of people: at least 0, not " + to_string(*r);
    if (r->min && r->max && *r->min > *r->max)
      return name + ": the range " + to_string(*r) + " ends before it starts (min is more than max)";
    return {};
  }
  return name + " is a whole number or a range { min, max }, not " + to_string(v);
}

const count_family* count_member_family(std::string_view name, const fact_schema& schema) {
  const auto dot = name.find('.');
  if (dot == std::string_view::npos) return nullptr;
  const count_family* f = schema.family(name.substr(0, dot));
  if (f == nullptr) return nullptr;
  const std::string_view key = name.substr(dot + 1);
  if (key == "total" || check_scope_entry(key, schema).empty()) return f;
  return nullptr;
}

std::string check_scope_entry(std::string_view code, const fact_schema& schema) {
  if (const region_table* regions = schema.regions()) return regions->check_code(code);
  return check_code_syntax(code);
}

std::string unknown_name_message(const std::string& name, const fact_schema& schema, bool as_event) {
  if (as_event && schema.fact(name) != nullptr) return "'" + name + "' is a fact, not an event: put it under facts";
  if (!as_event && schema.event(name) != nullptr) return "'" + name + "' is an event, not a fact: put it under events";
  std::vector<std::string> candidates;
  if (as_event) {
    for (const event_decl& e : schema.events()) candidates.push_back(e.name);
  } else {
    for (const fact_decl& f : schema.facts()) candidates.push_back(f.name);
  }
  return std::string("unknown ") + (as_event ? "event" : "fact") + " '" + detail::excerpt(name) + "'" +
         detail::did_you_mean(name, candidates);
}

}  // namespace detail

using detail::check_scope_entry;
using detail::check_value;
using detail::unknown_name_message;

std::vector<diagnostic> validate(const incident& i, const fact_schema& schema, incident_visitor& visit) {
  std::vector<diagnostic> ds;
  auto where = [&i] { return source_location{"incident " + i.id(), 0, 0}; };  // built only for an error
  if (const auto& scope = i.scope()) {
    if (scope->empty())
      ds.push_back(make_error("incident.scope", where(), "the scope is empty: it would rule out every law"));
    for (std::size_t k = 0; k < scope->size(); ++k) {
      const std::string& code = (*scope)[k];
      if (std::string why = check_scope_entry(code, schema); !why.empty()) {
        ds.push_back(make_error("incident.scope", where(), why));
      } else if (std::find(scope->begin(), scope->begin() + static_cast<std::ptrdiff_t>(k), code) !=
                 scope->begin() + static_cast<std::ptrdiff_t>(k)) {
        ds.push_back(make_error("incident.scope", where(), "'" + code + "' is in the scope twice"));
      }
    }
  }
  // Each name by the schema's hash: the cost follows the incident's names, not the schema's size
  // (a rule set of a hundred modules declares a thousand facts).
  const std::vector<event_decl>& events = schema.events();
  for (const auto& [name, t] : i.events()) {
    if (const event_decl* e = schema.event(name)) visit.event(static_cast<std::size_t>(e - events.data()), t);
    else ds.push_back(make_error("incident.unknown-event", where(), unknown_name_message(name, schema, true)));
  }
  for (const auto& [name, v] : i.facts()) {
    const fact_decl* f = schema.fact(name);
    if (f == nullptr && detail::count_member_family(name, schema) != nullptr) {
      // A count no condition reads: checked, kept for the scope, not laid out.
      if (std::string why = detail::check_count(name, v); !why.empty())
        ds.push_back(make_error("incident.value", where(), why));
      continue;
    }
    if (f == nullptr) {
      ds.push_back(make_error("incident.unknown-fact", where(), unknown_name_message(name, schema, false)));
      continue;
    }
    if (f->derived()) {
      ds.push_back(make_error("incident.value", where(),
                              f->name + " is worked out from the counts of " + f->family + ", not given"));
      continue;
    }
    if (!f->family.empty()) {
      if (std::string why = detail::check_count(f->name, v); !why.empty()) {
        ds.push_back(make_error("incident.value", where(), why));
        continue;
      }
    }
    checked_fact found{f, &v, 0, 0};
    if (std::string why = check_value(*f, v, found); !why.empty()) {
      ds.push_back(make_error("incident.value", where(), why));
    } else {
      visit.fact(found);
    }
  }
  return ds;
}

std::vector<diagnostic> validate(const incident& i, const fact_schema& schema) {
  // NOLINTNEXTLINE(cppcoreguidelines-virtual-class-destructor): final, local, never deleted through a base
  class nothing final : public incident_visitor {
    void event(std::size_t /*index*/, instant /*at*/) override {}
    void fact(const checked_fact& /*f*/) override {}
  };
  nothing ignore;
  return validate(i, schema, ignore);
}

const fact_schema& bundled_fact_schema() {
  static const fact_schema schema = [] {
    // The core schema merged with every bundled module's (as rule_set::bundled() merges them).
    std::vector<source_file> files;
    for (const source_file* f : schema_files(bundled_rule_files())) files.push_back(*f);
    if (files.empty()) throw error(make_error("schema.missing", {}, "the bundled rules have no facts.toml"));
    auto merged = merge_fact_schemas(files);
    if (!merged) throw error(merged.diagnostics());
    for (const source_file& r : bundled_rule_files()) {
      if (r.relative == "regions.toml")
        merged->set_regions(std::make_shared<const region_table>(parse_regions(r.text, r.path).value()));
    }
    return std::move(*merged);
  }();
  return schema;
}

}  // namespace breachclock
