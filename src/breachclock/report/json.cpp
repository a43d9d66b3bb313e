#include "breachclock/report/json.hpp"

#include <nlohmann/json.hpp>

namespace breachclock {

namespace {

using json = nlohmann::ordered_json;

json optional_instant(const std::optional<instant>& t) { return t ? json(format_utc(*t)) : json(nullptr); }

json citations(const std::vector<citation>* cs) {
  json out = json::array();
  if (cs == nullptr) return out;
  for (const citation& c : *cs) out.push_back({{"ref", c.ref}, {"url", c.url}});
  return out;
}

std::string cite_ref(const std::vector<citation>* cs) {
  if (cs == nullptr || cs->empty()) return "";
  std::string out;
  for (const citation& c : *cs) out += (out.empty() ? "" : "; ") + c.ref;
  return out;
}

std::string trace_condition(const trace_entry& e) {
  switch (e.what) {
    case trace_entry::kind::applies: return *e.condition;
    case trace_entry::kind::in_force: {
      std::string s = e.window->text.empty() ? "in force" : e.window->text;
      if (e.chosen_at) s += " (tested at " + format_utc(*e.chosen_at) + ", " + e.chosen_by + ")";
      return s;
    }
    case trace_entry::kind::when: return *e.condition;
    case trace_entry::kind::unless: return *e.condition;
    case trace_entry::kind::instead_of: return *e.condition;
  }
  return "";
}

json deadline_json(const obligation_result& o, const assessment& a) {
  const deadline_result& d = o.deadline;
  json j;
  j["kind"] = to_string(d.kind);
  j["from"] = d.from.empty() ? json(nullptr) : json(d.from);
  j["anchor"] = optional_instant(d.anchor);
  j["provisional"] = d.provisional;
  j["due"] = optional_instant(d.due);
  j["due_local"] = d.due ? json(d.tz.format(*d.due)) : json(nullptr);
  j["zone"] = d.tz.name();
  j["text"] = d.text != nullptr ? *d.text : std::string();
  j["target_due"] = optional_instant(d.target_due);
  j["remaining_seconds"] = d.remaining_seconds ? json(*d.remaining_seconds) : json(nullptr);
  j["overdue"] = d.overdue;
  // Additions to the contract.
  j["anchor_event"] = d.anchor ? json(d.anchor_event) : json(nullptr);
  j["due_date"] = d.due_date ? json(format_date(*d.due_date)) : json(nullptr);
  j["due_incident_local"] = d.due ? json(a.incident_zone.format(*d.due)) : json(nullptr);
  j["counting_from"] = optional_instant(d.counting_from);
  j["rolled_from"] = d.rolled_from ? json(format_date(*d.rolled_from)) : json(nullptr);
  // The calendar of business days and rolls (the recipient's), if any.
  const holiday_calendar* cal = o.recipient != nullptr ? o.recipient->calendar : nullptr;
  j["calendar"] = cal != nullptr ? json(cal->id()) : json(nullptr);
  if (d.kind == deadline_kind::fixed || d.kind == deadline_kind::retention) {
    j["period"] = o.rule->deadline.period ? json(to_string(o.rule->deadline.period->length)) : json(nullptr);
  }
  if (d.target != nullptr) {
    j["target"] = {{"policy", d.target->policy}, {"within", to_string(d.target->within.length)}, {"note", d.target->note}};
  }
  return j;
}

// A fact as the incident file writes it: true, 42, "high", ["a", "b"], { "at_least": ["a"] }.
json fact_json(const fact_value& v) {
  if (const bool* b = v.as_bool()) return *b;
  if (const std::int64_t* i = v.as_int()) return *i;
  if (const std::string* t = v.as_string()) return *t;
  if (const set_value* s = v.as_set()) {
    if (s->complete) return s->members;
    return json{{"at_least", s->members}};
  }
  return nullptr;
}

json premises(const assessment& a) {
  json j;
  j["id"] = a.incident_id;
  j["zone"] = a.incident_zone.name();
  // Additions to the contract: the premises, as given.
  j["title"] = a.incident_title.empty() ? json(nullptr) : json(a.incident_title);
  j["notes"] = a.incident_notes;
  json events = json::object();
  for (const auto& [name, t] : a.events) events[name] = format_utc(t);
  j["events"] = std::move(events);
  json facts = json::object();
  for (const auto& [name, v] : a.facts) facts[name] = fact_json(v);
  j["facts"] = std::move(facts);
  j["unknown_facts"] = a.unknown_facts;
  j["unknown_events"] = a.unknown_events;
  return j;
}

}  // namespace

std::string render_json(const assessment& a) {
  json root;
  root["schema"] = k_assessment_schema;
  root["incident"] = premises(a);
  root["as_of"] = format_utc(a.as_of);
  json packs = json::array();
  for (const regime& r : a.rules.regimes()) {
    // What a pack says about itself: where, how sure, and the limits its notes state.
    packs.push_back({{"id", r.id},
                     {"title", r.title},
                     {"kind", r.kind == pack_kind::law ? "law" : "policy"},
                     {"jurisdiction", r.jurisdiction.empty() ? json(nullptr) : json(r.jurisdiction)},
                     {"confidence", to_string(r.certainty)},
                     {"notes", r.notes},
                     {"sources", citations(&r.sources)}});
  }
  root["rules"] = {{"digest", a.rules.digest()}, {"packs", packs}};

  json obligations = json::array();
  for (const obligation_result& o : a.obligations) {
    json j;
    j["id"] = o.rule->id;
    j["regime"] = o.rule->regime;
    j["title"] = o.rule->title;
    j["action"] = to_string(o.rule->act);
    if (!o.recipient_depends_on.empty()) {
      // Chosen by a fact not yet known: which authority is open (DESIGN.md section 8, additive).
      j["recipient"] = {{"id", nullptr}, {"name", nullptr}, {"undetermined_by", o.recipient_depends_on}};
    } else {
      j["recipient"] = {{"id", o.recipient != nullptr ? o.recipient->id : o.rule->to},
                        {"name", o.recipient != nullptr ? o.recipient->name : std::string()}};
    }
    j["status"] = to_string(o.state);
    j["depends_on"] = o.depends_on;
    j["citations"] = citations(&o.rule->cite);
    j["deadline"] = deadline_json(o, a);
    json because = json::array();
    for (const trace_entry& e : o.because) {
      json step;
      step["condition"] = trace_condition(e);
      step["value"] = to_string(e.value);
      step["cite"] = cite_ref(e.cite);
      step["kind"] = to_string(e.what);
      if (e.because != nullptr) step["because"] = *e.because;
      if (e.other != nullptr) step["instead_of"] = e.other->id;
      because.push_back(std::move(step));
    }
    j["because"] = std::move(because);
    j["content"] = o.rule->content;
    j["notes"] = o.rule->notes;
    j["confidence"] = to_string(o.certainty);
    j["phased"] = o.rule->phased;
    j["late"] = o.rule->late.empty() ? json(nullptr) : json(o.rule->late);
    obligations.push_back(std::move(j));
  }
  root["obligations"] = std::move(obligations);

  json questions = json::array();
  for (const question& q : a.questions) {
    questions.push_back({{"fact", q.name},
                         {"question", q.text != nullptr ? *q.text : std::string()},
                         {"decides", q.decides},
                         {"kind", q.is_event ? "event" : "fact"}});
  }
  root["questions"] = std::move(questions);
  root["warnings"] = a.warnings;
  // Replace invalid UTF-8 (possible only in an incident built in code) rather than throw.
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace breachclock
