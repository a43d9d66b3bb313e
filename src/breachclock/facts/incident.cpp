#include "breachclock/facts/incident.hpp"

#include <algorithm>
#include <ostream>

#include "breachclock/facts/regions.hpp"
#include "detail/document.hpp"
#include "detail/text.hpp"

namespace breachclock {

namespace {

std::string values_list(const fact_decl& f) { return detail::quoted_list(f.values); }

// The number of `value` in f.values, or -1.
std::int64_t value_number(const fact_decl& f, const std::string& value) {
  const auto it = std::find(f.values.begin(), f.values.end(), value);
  return it == f.values.end() ? -1 : it - f.values.begin();
}

// Why `v` is not a valid value of `f`, or "" when it is. `v` is known. When valid, `found`
// holds what the check found (an enum's value number, a set's members).
std::string check_value(const fact_decl& f, const fact_value& v, checked_fact& found) {
  switch (f.type) {
    case fact_type::boolean:
      if (v.as_bool() == nullptr) return f.name + " is true or false, not " + to_string(v);
      return {};
    case fact_type::integer: {
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

// `read(origin)` (a parse or lookup of the time layer), first with no origin and, only when it
// fails, again located at `where()`: building a location costs more than the read, and the
// functions read so give the same value whatever the origin (it only locates their errors).
template <class Read, class Where>
auto located_on_failure(const Read& read, const Where& where) {
  auto r = read(source_location{});
  if (!r) return read(where());
  return r;
}

// Why `code` cannot be in a scope under `schema` ("" when it can).
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

class incident_reader {
 public:
  incident_reader(const fact_schema& schema, bool json, std::vector<diagnostic>& out)
      : schema_(schema), json_(json), out_(out) {}

  std::optional<incident> read(const detail::doc_value& root) {
    if (root.type != detail::doc_value::kind::object) {
      error(root.where(), "incident.shape",
            std::string("an incident is ") + (json_ ? "a JSON object" : "a TOML table") +
                " with id, zone, events and facts");
      return std::nullopt;
    }
    static const std::vector<std::string> known_keys{"id", "zone", "title", "notes", "scope", "events", "facts"};
    for (const detail::doc_member& m : root.members) {
      // A JSON incident may name its JSON Schema, for editors.
      if (json_ && m.key == "$schema") continue;
      if (std::find(known_keys.begin(), known_keys.end(), m.key) == known_keys.end()) {
        error(m.key_where(), "incident.unknown-key",
              "unknown key '" + detail::excerpt(m.key) + "' in the incident" + detail::did_you_mean(m.key, known_keys) +
                  " (the keys are id, zone, title, notes, scope, events and facts)");
      }
    }
    const std::string id = required_string(root, "id");
    const std::string zone_name = required_string(root, "zone");
    std::optional<zone> z;
    if (const detail::doc_value* zv = root.find("zone"); zv != nullptr && zv->type == detail::doc_value::kind::string) {
      auto located = located_on_failure([&](const source_location& at) { return zone::locate(zv->string, at); },
                                        [&] { return zv->inside(); });
      if (located) z = *located;
      else out_.insert(out_.end(), located.diagnostics().begin(), located.diagnostics().end());
    }
    if (id.size() > 200) error(root.find("id")->where(), "incident.id", "the id is longer than 200 bytes");
    // The id reaches every report (a terminal, XML, iCalendar): no control characters.
    if (std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
      error(root.find("id")->where(), "incident.id", "the id '" + detail::excerpt(id) + "' holds a control character");
    }
    // Without a zone, keep checking everything that does not need one, so that every error is
    // reported at once; local times are left unresolved.
    zone_known_ = z.has_value();
    incident inc(id, z.value_or(zone::utc()));
    if (const detail::doc_value* t = root.find("title")) {
      if (t->type == detail::doc_value::kind::string) inc.set_title(t->string);
      else wrong_type(*t, "title", "a string");
    }
    if (const detail::doc_value* n = root.find("notes")) {
      if (n->type != detail::doc_value::kind::array) wrong_type(*n, "notes", "an array of strings");
      else {
        for (const detail::doc_value& e : n->items) {
          if (e.type == detail::doc_value::kind::string) inc.add_note(e.string);
          else wrong_type(e, "notes[]", "a string");
        }
      }
    }
    if (const detail::doc_value* sv = root.find("scope")) read_scope(*sv, inc);
    if (const detail::doc_value* ev = root.find("events")) read_events(*ev, inc);
    if (const detail::doc_value* fv = root.find("facts")) read_facts(*fv, inc);
    if (!zone_known_) return std::nullopt;
    return inc;
  }

 private:
  void error(const source_location& where, std::string code, std::string message) {
    out_.push_back(make_error(std::move(code), where, std::move(message)));
  }

  void wrong_type(const detail::doc_value& v, const std::string& key, const std::string& expected) {
    error(v.where(), "incident.type", "'" + key + "' must be " + expected + ", not " + detail::describe(v.type, json_));
  }

  std::string required_string(const detail::doc_value& root, const char* key) {
    const detail::doc_value* v = root.find(key);
    if (v == nullptr) {
      error(root.where(), "incident.missing-key", std::string("the incident needs '") + key + "'");
      return {};
    }
    if (v->type != detail::doc_value::kind::string) {
      wrong_type(*v, key, "a string");
      return {};
    }
    return v->string;
  }

  // scope = ["GB", "CA-ON"], or "unknown" (the same as leaving it out).
  void read_scope(const detail::doc_value& v, incident& inc) {
    if (v.type == detail::doc_value::kind::string && v.string == "unknown") return;
    if (v.type != detail::doc_value::kind::array) {
      wrong_type(v, "scope", "a list of region codes (such as [\"GB\", \"CA-ON\"]), or \"unknown\"");
      return;
    }
    if (v.items.empty()) {
      error(v.where(), "incident.scope",
            "an empty scope would put every law out of scope: leave scope out (or \"unknown\") until it is known");
      return;
    }
    std::vector<std::string> codes;
    bool ok = true;
    for (const detail::doc_value& e : v.items) {
      if (e.type != detail::doc_value::kind::string) {
        wrong_type(e, "scope[]", "a string");
        ok = false;
        continue;
      }
      if (std::string why = check_scope_entry(e.string, schema_); !why.empty()) {
        error(e.where(), "incident.scope", why);
        ok = false;
        continue;
      }
      if (std::find(codes.begin(), codes.end(), e.string) != codes.end()) {
        error(e.where(), "incident.scope", "'" + e.string + "' is in the scope twice");
        ok = false;
        continue;
      }
      codes.push_back(e.string);
    }
    if (ok) inc.set_scope(std::move(codes));
  }

  void read_events(const detail::doc_value& events, incident& inc) {
    if (events.type != detail::doc_value::kind::object) {
      wrong_type(events, "events", json_ ? "an object" : "a table");
      return;
    }
    for (const detail::doc_member& m : events.members) {
      if (schema_.event(m.key) == nullptr) {
        error(m.key_where(), "incident.unknown-event", unknown_name_message(m.key, schema_, true));
        continue;
      }
      const detail::doc_value& v = m.value;
      switch (v.type) {
        case detail::doc_value::kind::offset_datetime:
          if (v.offset < earliest_instant || v.offset > latest_instant) {
            if (auto fault = check_instant_range(v.offset, "event '" + m.key + "'", v.where())) out_.push_back(*fault);
          } else {
            inc.set_event(m.key, v.offset);
          }
          break;
        case detail::doc_value::kind::local_datetime: {
          if (!zone_known_) break;
          auto t = located_on_failure([&](const source_location&
                                              at) { return inc.home_zone().resolve(v.local, choose::reject, at); },
                                      [&] { return v.where(); });
          if (t) inc.set_event(m.key, *t);
          else out_.insert(out_.end(), t.diagnostics().begin(), t.diagnostics().end());
          break;
        }
        case detail::doc_value::kind::string: {
          if (v.string == "unknown") break;
          // What parse_time() does (the text, then a local time resolved in the zone), the text read once.
          const auto inside = [&] { return v.inside(); };
          auto text = located_on_failure([&](const source_location& at) { return parse_time_text(v.string, at); },
                                         inside);
          if (!text) {
            out_.insert(out_.end(), text.diagnostics().begin(), text.diagnostics().end());
            break;
          }
          if (const instant* exact = std::get_if<instant>(&*text)) {
            inc.set_event(m.key, *exact);
            break;
          }
          if (!zone_known_) break;
          auto t = located_on_failure(
              [&](const source_location& at) {
                return inc.home_zone().resolve(std::get<local_time>(*text), choose::reject, at);
              },
              inside);
          if (t) inc.set_event(m.key, *t);
          else out_.insert(out_.end(), t.diagnostics().begin(), t.diagnostics().end());
          break;
        }
        case detail::doc_value::kind::date:
          error(v.where(), "incident.event",
                "event '" + m.key + "' needs a time of day, not only a date (for example " + format_date(v.date) +
                    "T09:00:00)");
          break;
        default: wrong_type(v, m.key, "a date-time (or \"unknown\")");
      }
    }
  }

  // The fact value written at `v`, or nothing (unknown, or an error already reported).
  std::optional<fact_value> read_value(const fact_decl& f, const detail::doc_value& v) {
    using k = detail::doc_value::kind;
    if (v.type == k::string && v.string == "unknown") return std::nullopt;
    switch (v.type) {
      case k::boolean: return fact_value{v.boolean};
      case k::integer: return fact_value{v.integer};
      case k::string: return fact_value{v.string};
      case k::array: {
        std::vector<std::string> members;
        for (const detail::doc_value& e : v.items) {
          if (e.type != k::string) {
            wrong_type(e, f.name + "[]", "a string");
            return std::nullopt;
          }
          members.push_back(e.string);
        }
        return fact_value::set_of(std::move(members));
      }
      case k::object: {
        // { at_least = [...] }: an incomplete set.
        const detail::doc_value* a = v.find("at_least");
        if (f.type != fact_type::set || a == nullptr || v.members.size() != 1 || a->type != k::array) {
          error(v.where(), "incident.fact",
                f.type == fact_type::set
                    ? f.name + ": write a list, or { at_least = [...] } when more values may be involved"
                    : f.name + " is " + describe_fact(f) + ", not " + detail::describe(v.type, json_));
          return std::nullopt;
        }
        std::vector<std::string> members;
        for (const detail::doc_value& e : a->items) {
          if (e.type != k::string) {
            wrong_type(e, f.name + ".at_least[]", "a string");
            return std::nullopt;
          }
          members.push_back(e.string);
        }
        return fact_value::at_least(std::move(members));
      }
      default:
        error(v.where(), "incident.type",
              f.name + " is " + describe_fact(f) + ", not " + detail::describe(v.type, json_));
        return std::nullopt;
    }
  }

  static std::string describe_fact(const fact_decl& f) {
    switch (f.type) {
      case fact_type::boolean: return "true or false";
      case fact_type::integer: return "a whole number";
      case fact_type::enumeration: return "one of " + values_list(f);
      case fact_type::set: return "a list of " + values_list(f);
      case fact_type::text: return "text";
    }
    return "a value";
  }

  void read_facts(const detail::doc_value& facts, incident& inc) {
    if (facts.type != detail::doc_value::kind::object) {
      wrong_type(facts, "facts", json_ ? "an object" : "a table");
      return;
    }
    for (const detail::doc_member& m : facts.members) {
      const fact_decl* f = schema_.fact(m.key);
      if (f == nullptr) {
        error(m.key_where(), "incident.unknown-fact", unknown_name_message(m.key, schema_, false));
        continue;
      }
      std::optional<fact_value> v = read_value(*f, m.value);
      if (!v) continue;
      if (std::string why = check_value(*f, *v); !why.empty()) {
        error(m.value.where(), "incident.value", why);
        continue;
      }
      inc.set_fact(m.key, std::move(*v));
    }
  }

  const fact_schema& schema_;
  bool json_;
  std::vector<diagnostic>& out_;
  bool zone_known_ = true;
};

}  // namespace

incident::incident(std::string id, zone home) : id_(std::move(id)), zone_(home) {}

void incident::set_event(std::string name, std::optional<instant> t) {
  if (t) events_.insert_or_assign(std::move(name), *t);
  else events_.erase(name);
}

std::optional<instant> incident::event(std::string_view name) const {
  auto it = events_.find(name);
  if (it == events_.end()) return std::nullopt;
  return it->second;
}

void incident::set_fact(std::string name, fact_value v) {
  if (v.is_known()) facts_.insert_or_assign(std::move(name), std::move(v));
  else facts_.erase(name);
}

const fact_value& incident::fact(std::string_view name) const {
  static const fact_value unknown;
  auto it = facts_.find(name);
  return it == facts_.end() ? unknown : it->second;
}

incident incident::from_file(const std::filesystem::path& path) { return from_file(path, bundled_fact_schema()); }

incident incident::from_file(const std::filesystem::path& path, const fact_schema& schema) {
  auto file = read_source_file(path);
  if (!file) throw error(file.diagnostics());
  auto parsed = parse_incident(*file, schema);
  if (!parsed) throw error(parsed.diagnostics());
  return std::move(*parsed);
}

std::ostream& operator<<(std::ostream& os, const incident& i) {
  os << "incident " << i.id() << " (" << i.home_zone().name() << ")";
  for (const auto& [name, t] : i.events()) os << "\n  " << name << " = " << format_utc(t);
  for (const auto& [name, v] : i.facts()) os << "\n  " << name << " = " << v;
  return os;
}

namespace {

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

result<incident> read_root(const detail::doc_value& root, const fact_schema& schema, std::vector<diagnostic> ds) {
  incident_reader reader(schema, root.is_json(), ds);
  std::optional<incident> inc = reader.read(root);
  if (has_errors(ds) || !inc) {
    if (!has_errors(ds)) ds.push_back(make_error("incident.shape", root.where(), "not an incident"));
    sort_by_location(ds);
    return ds;
  }
  return result<incident>(std::move(*inc), std::move(ds));
}

}  // namespace

result<incident> read_incident(const document& base, const std::vector<document>& overrides,
                               const fact_schema& schema) {
  const detail::doc_value* root = detail::node_of(base);
  if (root == nullptr) return make_error("incident.shape", base.where(), "there is no incident here");
  if (overrides.empty()) return read_root(*root, schema, {});
  std::vector<diagnostic> ds;
  detail::doc_value merged = *root;
  for (const document& o : overrides) {
    const detail::doc_value* layer_root = detail::node_of(o);
    if (layer_root == nullptr) continue;  // an absent part: nothing laid over
    if (layer_root->type != detail::doc_value::kind::object) {
      ds.push_back(make_error("incident.overrides", layer_root->where(),
                              std::string("overrides are ") + (layer_root->is_json() ? "an object" : "a table") +
                                  " holding facts and events, not " +
                                  detail::describe(layer_root->type, layer_root->is_json())));
      continue;
    }
    // A scope given by a layer replaces the base's (a list is one value, not a table to merge).
    if (const detail::doc_value* scope = layer_root->find("scope")) {
      detail::doc_member m;
      m.key = "scope";
      m.value = *scope;
      put(merged, std::move(m));
    }
    for (const char* section : {"facts", "events"}) {
      const detail::doc_value* layer = layer_root->find(section);
      if (layer == nullptr) continue;
      if (layer->type != detail::doc_value::kind::object) {
        ds.push_back(
            make_error("incident.overrides", layer->where(),
                       std::string(section) + " overrides are " + (layer->is_json() ? "an object" : "a table")));
        continue;
      }
      detail::doc_member target;
      target.key = section;
      if (const detail::doc_value* existing = merged.find(section)) {
        target.value = *existing;
      } else {
        target.value.type = detail::doc_value::kind::object;
        target.value.region = layer->region;
        target.value.source = layer->source;
      }
      for (const detail::doc_member& m : layer->members) put(target.value, m);
      put(merged, std::move(target));
    }
  }
  return read_root(merged, schema, std::move(ds));
}

result<incident> parse_incident(const source_file& file, const fact_schema& schema) {
  auto doc = detail::parse_document(file);
  if (!doc) return std::move(doc).take_diagnostics();
  return read_root(*doc, schema, {});
}

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
    if (f == nullptr) {
      ds.push_back(make_error("incident.unknown-fact", where(), unknown_name_message(name, schema, false)));
      continue;
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
