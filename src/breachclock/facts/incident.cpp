#include "breachclock/facts/incident.hpp"

#include <algorithm>
#include <ostream>

#include "breachclock/facts/regions.hpp"
#include "detail/document.hpp"
#include "detail/text.hpp"
#include "facts/incident_check.hpp"

namespace breachclock {

namespace {

using detail::check_scope_entry;
using detail::check_value;
using detail::unknown_name_message;
using detail::values_list;

// `read(origin)` (a parse or lookup of the time layer), first with no origin and, only when it
// fails, again located at `where()`: building a location costs more than the read, and the
// functions read so give the same value whatever the origin (it only locates their errors).
template <class Read, class Where>
auto located_on_failure(const Read& read, const Where& where) {
  auto r = read(source_location{});
  if (!r) return read(where());
  return r;
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
    static const std::vector<std::string> known_keys{"id",    "zone",    "title", "notes",     "scope",  "events",
                                                     "facts", "learned", "filed", "requested", "delayed"};
    for (const detail::doc_member& m : root.members) {
      // A JSON incident may name its JSON Schema, for editors.
      if (json_ && m.key == "$schema") continue;
      if (schema_.family(m.key) != nullptr) continue;  // [affected]: a family of counts
      if (std::find(known_keys.begin(), known_keys.end(), m.key) == known_keys.end()) {
        error(m.key_where(), "incident.unknown-key",
              "unknown key '" + detail::excerpt(m.key) + "' in the incident" + detail::did_you_mean(m.key, known_keys) +
                  " (the keys are id, zone, title, notes, scope, events, facts, learned, filed, requested and "
                  "delayed)");
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
    zone_ = &inc.home_zone();
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
    if (const detail::doc_value* ev = root.find("events")) {
      read_events(*ev, [&](const std::string& name, std::optional<instant> t) { inc.set_event(name, t); });
    }
    if (const detail::doc_value* fv = root.find("facts")) {
      read_facts(*fv, [&](const std::string& name, fact_value v) { inc.set_fact(name, std::move(v)); });
    }
    read_counts(root, [&](const std::string& name, fact_value v) { inc.set_fact(name, std::move(v)); });
    check_alias_twice(root);
    read_journal(root, inc);
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

  // The instant written at `v` (`what` names it in messages, `key` is its key): none after an
  // error (reported) or, with `unknown_ok`, for "unknown" (then `*unknown` is set).
  std::optional<instant> read_instant(const detail::doc_value& v, const std::string& what, const std::string& key,
                                      bool unknown_ok, bool* unknown = nullptr) {
    switch (v.type) {
      case detail::doc_value::kind::offset_datetime:
        if (v.offset < earliest_instant || v.offset > latest_instant) {
          if (auto fault = check_instant_range(v.offset, what, v.where())) out_.push_back(*fault);
          return std::nullopt;
        }
        return v.offset;
      case detail::doc_value::kind::local_datetime: {
        if (!zone_known_) return std::nullopt;
        auto t =
            located_on_failure([&](const source_location& at) { return zone_->resolve(v.local, choose::reject, at); },
                               [&] { return v.where(); });
        if (t) return *t;
        out_.insert(out_.end(), t.diagnostics().begin(), t.diagnostics().end());
        return std::nullopt;
      }
      case detail::doc_value::kind::string: {
        if (v.string == "unknown" && unknown_ok) {
          if (unknown != nullptr) *unknown = true;
          return std::nullopt;
        }
        // What parse_time() does (the text, then a local time resolved in the zone), the text read once.
        const auto inside = [&] { return v.inside(); };
        auto text = located_on_failure([&](const source_location& at) { return parse_time_text(v.string, at); },
                                       inside);
        if (!text) {
          out_.insert(out_.end(), text.diagnostics().begin(), text.diagnostics().end());
          return std::nullopt;
        }
        if (const instant* exact = std::get_if<instant>(&*text)) return *exact;
        if (!zone_known_) return std::nullopt;
        auto t =
            located_on_failure([&](const source_location&
                                       at) { return zone_->resolve(std::get<local_time>(*text), choose::reject, at); },
                               inside);
        if (t) return *t;
        out_.insert(out_.end(), t.diagnostics().begin(), t.diagnostics().end());
        return std::nullopt;
      }
      case detail::doc_value::kind::date:
        error(v.where(), "incident.event",
              what + " needs a time of day, not only a date (for example " + format_date(v.date) + "T09:00:00)");
        return std::nullopt;
      default: wrong_type(v, key, unknown_ok ? "a date-time (or \"unknown\")" : "a date-time"); return std::nullopt;
    }
  }

  // Each event of the table `events`, told to `set` (name, instant; std::nullopt for "unknown").
  template <class Set>
  void read_events(const detail::doc_value& events, const Set& set) {
    if (events.type != detail::doc_value::kind::object) {
      wrong_type(events, "events", json_ ? "an object" : "a table");
      return;
    }
    for (const detail::doc_member& m : events.members) {
      if (schema_.event(m.key) == nullptr) {
        error(m.key_where(), "incident.unknown-event", unknown_name_message(m.key, schema_, true));
        continue;
      }
      bool unknown = false;
      std::optional<instant> t = read_instant(m.value, "event '" + m.key + "'", m.key, true, &unknown);
      if (t || unknown) set(m.key, t);
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
        if (f.type == fact_type::integer) return read_range(f.name, v);
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

  // { min = 300, max = 700 } (either end may be left out): an integer known only as a range.
  std::optional<fact_value> read_range(const std::string& name, const detail::doc_value& v) {
    count_range r;
    bool ok = true;
    for (const detail::doc_member& m : v.members) {
      if (m.key != "min" && m.key != "max") {
        error(m.key_where(), "incident.unknown-key",
              "unknown key '" + detail::excerpt(m.key) + "' in the range of " + name + " (the keys are min and max)");
        ok = false;
      } else if (m.value.type != detail::doc_value::kind::integer) {
        wrong_type(m.value, name + "." + m.key, "a whole number");
        ok = false;
      } else {
        (m.key == "min" ? r.min : r.max) = m.value.integer;
      }
    }
    if (!ok) return std::nullopt;
    if (!r.min && !r.max) {
      error(v.where(), "incident.value",
            name + ": a range needs min, max or both; write \"unknown\" when nothing is known");
      return std::nullopt;
    }
    return fact_value{r};
  }

  // The older single fact (affected_count in [facts]) and the family's total ([affected] total)
  // both given: two answers to one question, refused rather than one silently kept.
  void check_alias_twice(const detail::doc_value& root) {
    const detail::doc_value* facts = root.find("facts");
    if (facts == nullptr || facts->type != detail::doc_value::kind::object) return;
    for (const count_family& f : schema_.families()) {
      const detail::doc_value* table = root.find(f.name);
      if (f.alias.empty() || facts->find(f.alias) == nullptr || table == nullptr) continue;
      if (const detail::doc_value* total = table->type == detail::doc_value::kind::object ? table->find("total")
                                                                                          : nullptr) {
        error(total->where(), "incident.count",
              f.name + ".total is given twice: here and as " + f.alias + " in the facts; keep one");
      }
    }
  }

  // A jurisdiction's count whose least is more than the total's most: the table contradicts itself.
  void check_within_total(const std::string& family, const detail::doc_value& table) {
    const detail::doc_value* total = table.find("total");
    if (total == nullptr) return;
    std::optional<std::int64_t> most;
    if (total->type == detail::doc_value::kind::integer) most = total->integer;
    else if (const detail::doc_value* m = total->type == detail::doc_value::kind::object ? total->find("max") : nullptr)
      if (m->type == detail::doc_value::kind::integer) most = m->integer;
    if (!most) return;
    for (const detail::doc_member& m : table.members) {
      if (m.key == "total") continue;
      std::optional<std::int64_t> least;
      if (m.value.type == detail::doc_value::kind::integer) least = m.value.integer;
      else if (const detail::doc_value* n = m.value.type == detail::doc_value::kind::object ? m.value.find("min")
                                                                                            : nullptr)
        if (n->type == detail::doc_value::kind::integer) least = n->integer;
      if (least && *least > *most) {
        error(m.value.where(), "incident.count",
              family + "." + m.key + ": at least " + std::to_string(*least) + " people, more than the total (at most " +
                  std::to_string(*most) + ")");
      }
    }
  }

  // Each family of counts' table ([affected]: total and ISO 3166 codes, each an integer, a range
  // or "unknown"), told to `set` as facts named <family>.<key>.
  template <class Set>
  void read_counts(const detail::doc_value& root, const Set& set) {
    for (const detail::doc_member& m : root.members) {
      if (schema_.family(m.key) != nullptr) read_count_table(m.key, m.value, set);
    }
  }

  template <class Set>
  void read_count_table(const std::string& family, const detail::doc_value& table, const Set& set) {
    if (table.type != detail::doc_value::kind::object) {
      wrong_type(table, family,
                 std::string(json_ ? "an object" : "a table") + " of counts by \"total\" and ISO 3166 code");
      return;
    }
    for (const detail::doc_member& m : table.members) {
      if (m.key != "total") {
        if (std::string why = detail::check_scope_entry(m.key, schema_); !why.empty()) {
          error(m.key_where(), "incident.count",
                family + ": '" + detail::excerpt(m.key) + "' is neither \"total\" nor a region code: " + why);
          continue;
        }
      }
      const std::string name = family + "." + m.key;
      if (m.value.type == detail::doc_value::kind::string && m.value.string == "unknown") {
        set(name, fact_value{});
        continue;
      }
      std::optional<fact_value> v;
      if (m.value.type == detail::doc_value::kind::integer) v = fact_value{m.value.integer};
      else if (m.value.type == detail::doc_value::kind::object) v = read_range(name, m.value);
      else {
        wrong_type(m.value, name, "a whole number, a range { min, max } or \"unknown\"");
        continue;
      }
      if (!v) continue;
      if (std::string why = detail::check_count(name, *v); !why.empty()) {
        error(m.value.where(), "incident.value", why);
        continue;
      }
      set(name, std::move(*v));
    }
    check_within_total(family, table);
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

  // Each fact of the table `facts`, checked, told to `set` (name, value; unknown for "unknown").
  template <class Set>
  void read_facts(const detail::doc_value& facts, const Set& set) {
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
      if (m.value.type == detail::doc_value::kind::string && m.value.string == "unknown") {
        set(f->name, fact_value{});
        continue;
      }
      std::optional<fact_value> v = read_value(*f, m.value);
      if (!v) continue;
      if (std::string why = check_value(*f, *v); !why.empty()) {
        error(m.value.where(), "incident.value", why);
        continue;
      }
      set(f->name, std::move(*v));  // an alias (affected_count) is stored by its fact's name
    }
  }

  // The journal: [[learned]], [[filed]], [[requested]] and [[delayed]], each an array of tables.
  void read_journal(const detail::doc_value& root, incident& inc) {
    for (const char* section : {"learned", "filed", "requested", "delayed"}) {
      const detail::doc_value* list = root.find(section);
      if (list == nullptr) continue;
      if (list->type != detail::doc_value::kind::array) {
        wrong_type(*list, section,
                   json_ ? "an array of objects" : "an array of tables ([[" + std::string(section) + "]])");
        continue;
      }
      for (const detail::doc_value& e : list->items) {
        if (e.type != detail::doc_value::kind::object) {
          wrong_type(e, std::string(section) + "[]", json_ ? "an object" : "a table");
          continue;
        }
        if (section[0] == 'l') read_learned(e, inc);
        else read_action(e, section, inc);  // filed, requested, delayed
      }
    }
  }

  // Refuses the keys of the journal entry `e` that are not in `keys`; true when all are.
  bool known_keys(const detail::doc_value& e, const std::string& section, const std::vector<std::string>& keys) {
    bool ok = true;
    for (const detail::doc_member& m : e.members) {
      if (std::find(keys.begin(), keys.end(), m.key) != keys.end()) continue;
      error(m.key_where(), "incident.unknown-key",
            "unknown key '" + detail::excerpt(m.key) + "' in a " + section + " entry" +
                detail::did_you_mean(m.key, keys) + " (the keys are " +
                detail::join(std::vector<std::string>(keys.begin(), keys.end() - 1), ", ") + " and " + keys.back() +
                ")");
      ok = false;
    }
    return ok;
  }

  // The entry's `at`, required.
  std::optional<instant> entry_at(const detail::doc_value& e, const std::string& section) {
    const detail::doc_value* at = e.find("at");
    if (at == nullptr) {
      error(e.where(), "incident.missing-key", "a " + section + " entry needs 'at', the instant");
      return std::nullopt;
    }
    return read_instant(*at, "'at' of a " + section + " entry", "at", false);
  }

  void read_learned(const detail::doc_value& e, incident& inc) {
    std::vector<std::string> keys{"at", "facts", "events"};
    for (const count_family& f : schema_.families()) keys.push_back(f.name);
    known_keys(e, "learned", keys);
    learned_entry entry;
    entry.where = e.where();
    const std::optional<instant> at = entry_at(e, "learned");
    if (const detail::doc_value* fv = e.find("facts")) {
      read_facts(*fv, [&](const std::string& name, fact_value v) { entry.facts.insert_or_assign(name, std::move(v)); });
    }
    if (const detail::doc_value* ev = e.find("events")) {
      read_events(*ev,
                  [&](const std::string& name, std::optional<instant> t) { entry.events.insert_or_assign(name, t); });
    }
    read_counts(e, [&](const std::string& name, fact_value v) { entry.facts.insert_or_assign(name, std::move(v)); });
    if (!at) return;
    entry.at = *at;
    inc.add_learned(std::move(entry));
  }

  // [[filed]] (obligation, at, reference), [[requested]] (obligation, at) or [[delayed]]
  // (obligation, at, for or until, written, by, reference).
  void read_action(const detail::doc_value& e, const std::string& section, incident& inc) {
    const char kind = section[0];  // 'f'iled, 'r'equested, 'd'elayed
    static const std::vector<std::string> filed_keys{"obligation", "at", "reference"};
    static const std::vector<std::string> requested_keys{"obligation", "at"};
    static const std::vector<std::string> delayed_keys{"obligation", "at",        "for", "until",
                                                       "written",    "reference", "by"};
    known_keys(e, section, kind == 'f' ? filed_keys : kind == 'r' ? requested_keys : delayed_keys);
    std::string id;
    const detail::doc_value* o = e.find("obligation");
    if (o == nullptr)
      error(e.where(), "incident.missing-key", "a " + section + " entry needs 'obligation', an obligation id");
    else if (o->type != detail::doc_value::kind::string) wrong_type(*o, "obligation", "a string (an obligation id)");
    else if (o->string.empty() || o->string.size() > 200)
      error(o->where(), "incident.journal", "'obligation' is an obligation id such as \"uk-gdpr/notify-ico\"");
    else id = o->string;
    const std::string reference = short_text(e, kind != 'r' ? "reference" : nullptr);
    const std::optional<instant> at = entry_at(e, section);
    if (kind == 'd') {
      delay_entry d{id,    at.value_or(instant{}), std::nullopt, std::nullopt,
                    false, short_text(e, "by"),    reference,    e.where()};
      const bool ok = read_delay(e, d);
      if (at && ok && !id.empty()) inc.add_delay(std::move(d));
      return;
    }
    if (!at || id.empty()) return;
    if (kind == 'f') inc.add_filing({std::move(id), *at, reference, e.where()});
    else inc.add_request({std::move(id), *at, e.where()});
  }

  // A short text (at most 200 bytes) of a journal entry, or "" when absent.
  std::string short_text(const detail::doc_value& e, const char* key) {
    const detail::doc_value* r = key != nullptr ? e.find(key) : nullptr;
    if (r == nullptr) return {};
    if (r->type != detail::doc_value::kind::string) wrong_type(*r, key, "a string");
    else if (r->string.size() > 200)
      error(r->where(), "incident.journal", std::string("the ") + key + " is longer than 200 bytes");
    else return r->string;
    return {};
  }

  // A delay's length (`for`, a period), or its end (`until`, an instant), and `written`.
  bool read_delay(const detail::doc_value& e, delay_entry& d) {
    bool ok = true;
    const detail::doc_value* length = e.find("for");
    const detail::doc_value* until = e.find("until");
    if (length != nullptr && until != nullptr) {
      error(until->where(), "incident.journal", "a delay runs for a length or until an instant, not both");
      ok = false;
    } else if (length != nullptr) {
      if (length->type != detail::doc_value::kind::string) {
        wrong_type(*length, "for", "a length of time such as \"30 days\"");
        ok = false;
      } else if (auto p = parse_period(length->string, length->inside())) {
        d.length = *p;
      } else {
        out_.insert(out_.end(), p.diagnostics().begin(), p.diagnostics().end());
        ok = false;
      }
    } else if (until != nullptr) {
      d.until = read_instant(*until, "'until' of a delayed entry", "until", false);
      ok = d.until.has_value();
    }
    if (const detail::doc_value* w = e.find("written")) {
      if (w->type != detail::doc_value::kind::boolean) {
        wrong_type(*w, "written", "true or false (was the statement or notice in writing?)");
        ok = false;
      } else {
        d.written = w->boolean;
      }
    }
    return ok;
  }

  const fact_schema& schema_;
  bool json_;
  std::vector<diagnostic>& out_;
  bool zone_known_ = true;
  const zone* zone_ = nullptr;  // the incident's, while it is read
};

}  // namespace

namespace detail {

result<incident> read_incident_root(const detail::doc_value& root, const fact_schema& schema,
                                    std::vector<diagnostic> ds) {
  incident_reader reader(schema, root.is_json(), ds);
  std::optional<incident> inc = reader.read(root);
  if (has_errors(ds) || !inc) {
    if (!has_errors(ds)) ds.push_back(make_error("incident.shape", root.where(), "not an incident"));
    sort_by_location(ds);
    return ds;
  }
  return result<incident>(std::move(*inc), std::move(ds));
}

}  // namespace detail

result<incident> parse_incident(const source_file& file, const fact_schema& schema) {
  auto doc = detail::parse_document(file);
  if (!doc) return std::move(doc).take_diagnostics();
  return detail::read_incident_root(*doc, schema, {});
}

}  // namespace breachclock
