#include "breachclock/report/json.hpp"

#include <nlohmann/json.hpp>

#include "report/presentation.hpp"

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

// A trace step's condition as the contract writes it: for "in force", the window's text (or
// "in force") and the instant tested.
std::string trace_condition(const detail::step_view& st) {
  if (st.entry->what != trace_entry::kind::in_force) return st.condition;
  std::string s = st.condition.empty() ? "in force" : st.condition;
  if (!st.tested.empty()) s += " (" + st.tested + ")";
  return s;
}

json deadline_json(const detail::obligation_view& v) {
  const obligation_result& o = *v.result;
  const deadline_result& d = o.deadline;
  json j;
  j["kind"] = to_string(d.kind);
  j["from"] = d.from.empty() ? json(nullptr) : json(d.from);
  j["anchor"] = d.anchor ? json(v.anchor_utc) : json(nullptr);
  j["provisional"] = d.provisional;
  j["due"] = d.due ? json(v.due_utc) : json(nullptr);
  j["due_local"] = d.due ? json(v.due_local_iso) : json(nullptr);
  j["zone"] = d.tz.name();
  j["text"] = v.law_text.value_or(std::string());
  j["target_due"] = d.target_due ? json(v.target_utc) : json(nullptr);
  j["remaining_seconds"] = d.remaining_seconds ? json(*d.remaining_seconds) : json(nullptr);
  j["overdue"] = d.overdue;
  // Additions to the contract.
  j["anchor_event"] = d.anchor ? json(d.anchor_event) : json(nullptr);
  j["due_date"] = d.due_date ? json(format_date(*d.due_date)) : json(nullptr);
  j["due_incident_local"] = d.due ? json(v.due_incident_iso) : json(nullptr);
  j["counting_from"] = optional_instant(d.counting_from);
  j["rolled_from"] = d.rolled_from ? json(format_date(*d.rolled_from)) : json(nullptr);
  // The calendar of business days and rolls (the recipient's), if any.
  const holiday_calendar* cal = o.recipient != nullptr ? o.recipient->calendar : nullptr;
  j["calendar"] = cal != nullptr ? json(cal->id()) : json(nullptr);
  if (d.kind == deadline_kind::fixed || d.kind == deadline_kind::retention) {
    j["period"] = o.rule->deadline.period ? json(to_string(o.rule->deadline.period->length)) : json(nullptr);
  }
  if (d.target != nullptr) {
    j["target"] = {{"policy", d.target->policy},
                   {"within", to_string(d.target->within.length)},
                   {"note", d.target->note}};
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
  j["title"] = a.incident_title().empty() ? json(nullptr) : json(a.incident_title());
  j["notes"] = a.incident_notes();
  json events = json::object();
  for (const auto& [name, t] : a.events()) events[name] = format_utc(t);
  j["events"] = std::move(events);
  json facts = json::object();
  for (const auto& [name, v] : a.facts()) facts[name] = fact_json(v);
  j["facts"] = std::move(facts);
  j["unknown_facts"] = a.unknown_facts.strings();
  j["unknown_events"] = a.unknown_events.strings();
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

  const detail::presentation view = detail::present(a);
  json obligations = json::array();
  for (const detail::obligation_view& v : view.obligations) {
    const obligation_result& o = *v.result;
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
    j["depends_on"] = o.depends_on.strings();
    j["citations"] = citations(v.cites);
    j["deadline"] = deadline_json(v);
    json because = json::array();
    for (const detail::step_view& st : v.steps) {
      json step;
      step["condition"] = trace_condition(st);
      step["value"] = st.value;
      step["cite"] = st.refs;
      step["kind"] = to_string(st.entry->what);
      if (st.because) step["because"] = *st.because;
      if (st.replaced) step["instead_of"] = *st.replaced;
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
                         {"decides", q.decides.strings()},
                         {"kind", q.is_event ? "event" : "fact"}});
  }
  root["questions"] = std::move(questions);
  root["warnings"] = a.warnings;
  // Replace invalid UTF-8 (possible only in an incident built in code) rather than throw.
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_deadline_json(instant from, const deadline_rule& rule, const zone& z,
                                 const holiday_calendar* calendar, const deadline& d) {
  json j;
  j["from"] = format_utc(from);
  j["due"] = format_utc(d.due);
  j["due_local"] = z.format(d.due);
  if (d.due_date) j["due_date"] = format_date(*d.due_date);
  j["zone"] = z.name();
  j["period"] = to_string(rule.length);
  j["convention"] = to_string(rule.counting);
  j["roll"] = to_string(rule.rolling);
  j["calendar"] = calendar != nullptr ? json(calendar->id()) : json(nullptr);
  j["counting_from"] = format_utc(d.counting_from);
  j["rolled_from"] = d.rolled_from ? json(format_date(*d.rolled_from)) : json(nullptr);
  j["warnings"] = d.warnings;
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string render_holidays_json(const std::vector<holiday>& holidays) {
  json j = json::array();
  for (const holiday& h : holidays)
    j.push_back({{"date", format_date(h.date)}, {"name", h.name}, {"substitute", h.substitute}});
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace breachclock
