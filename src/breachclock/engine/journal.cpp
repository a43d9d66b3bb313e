// The journal in the engine (engine/journal.hpp): the filing results of assess() and the
// decision log, a replay of the incident at each instant of its journal.
#include "breachclock/engine/journal.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>

#include "engine/journal_of.hpp"

namespace breachclock {

namespace detail {

std::optional<bound_incident> cut_at(const bound_data& data, const rule_set& rules, instant as_of) {
  if (data.as_given == nullptr) return std::nullopt;
  const incident& i = *data.as_given;
  const bool later = (!i.learned().empty() && i.learned().back().at > as_of) ||
                     (!i.filings().empty() && i.filings().back().at > as_of) ||
                     (!i.requests().empty() && i.requests().back().at > as_of) ||
                     (!i.delays().empty() && i.delays().back().at > as_of);
  if (!later) return std::nullopt;
  // The incident as given, without the entries after as_of (bind lays the others over it).
  incident cut(i.id(), i.home_zone());
  cut.set_title(i.title());
  for (const std::string& n : i.notes()) cut.add_note(n);
  cut.set_scope(i.scope());
  for (const auto& [name, t] : i.events()) cut.set_event(name, t);
  for (const auto& [name, v] : i.facts()) cut.set_fact(name, v);
  for (const learned_entry& e : i.learned()) {
    if (e.at <= as_of) cut.add_learned(e);
  }
  for (const filing_entry& f : i.filings()) {
    if (f.at <= as_of) cut.add_filing(f);
  }
  for (const request_entry& r : i.requests()) {
    if (r.at <= as_of) cut.add_request(r);
  }
  for (const delay_entry& d : i.delays()) {
    if (d.at <= as_of) cut.add_delay(d);
  }
  result<bound_incident> b = bind(rules, std::move(cut));
  if (!b) throw error(b.diagnostics());
  return std::move(*b);
}

void apply_filing(obligation_result& out, const bound_data& data) {
  const filing_entry* f = data.journal(out.rule->id).first_filing;
  if (f == nullptr) return;
  filing_result r;
  r.at = f->at;
  r.reference = f->reference;
  if (const std::optional<instant>& due = out.deadline.due) {
    r.on_time = f->at <= *due;
    r.late_by_seconds = *r.on_time ? 0 : (f->at - *due).count();
  }
  out.filed = r;
  out.deadline.overdue = false;
}

}  // namespace detail

std::ostream& operator<<(std::ostream& os, const decision& d) {
  os << format_utc(d.at) << ' ' << d.obligation << ": ";
  switch (d.what) {
    case decision::kind::status:
      os << d.from << " -> " << d.to;
      if (!d.because.empty()) {
        os << " (learned ";
        for (std::size_t k = 0; k < d.because.size(); ++k) os << (k == 0 ? "" : ", ") << d.because[k];
        os << ')';
      }
      break;
    case decision::kind::filed:
      os << "filed";
      if (d.on_time) os << (*d.on_time ? " on time" : " late");
      if (!d.reference.empty()) os << " (reference " << d.reference << ')';
      break;
    case decision::kind::requested: os << "requested"; break;
    case decision::kind::delayed:
      os << "delayed";
      if (!d.by.empty()) os << " by " << d.by;
      if (d.written) os << " in writing";
      if (!d.reference.empty()) os << " (reference " << d.reference << ')';
      break;
  }
  return os;
}

namespace {

// The names of the facts and events `r` reads: its regime's `applies`, its `when`, its
// exceptions' conditions, its deadline's anchors.
std::set<std::string, std::less<>> reads_of(const obligation_result& r, const fact_schema& schema) {
  std::set<std::string, std::less<>> out;
  auto add = [&](const expr::condition& c) {
    for (std::size_t f : c.facts_used()) out.insert(schema.facts()[f].name);
    for (std::size_t e : c.events_used()) out.insert(schema.events()[e].name);
  };
  if (r.pack != nullptr && r.pack->applies) add(*r.pack->applies);
  if (r.rule->when) add(*r.rule->when);
  for (const exception_rule& x : r.rule->unless) add(x.when);
  const deadline_spec& d = r.rule->deadline;
  if (d.from_kind == anchor_kind::event && !d.from.empty()) out.insert(d.from);
  for (const deadline_limit& l : d.limits) {
    if (l.from_kind == anchor_kind::event) out.insert(l.from);
  }
  if (r.rule->to_by) out.insert(r.rule->to_by->by);
  if (!r.recipient_depends_on.empty()) out.insert(std::string(r.recipient_depends_on));
  for (std::string_view n : r.depends_on) out.insert(std::string(n));
  return out;
}

// Each binding duty's status, by id.
std::map<std::string, status, std::less<>> statuses(const assessment& a) {
  std::map<std::string, status, std::less<>> out;
  for (const obligation_result& r : a.obligations) {
    if (!r.proposed) out.emplace(r.rule->id, r.state);
  }
  return out;
}

}  // namespace

result<std::vector<decision>> decision_log(const rule_set& rules, const incident& i, instant as_of,
                                           const assess_options& options) {
  std::vector<decision> log;
  std::vector<instant> times;
  for (const learned_entry& e : i.learned()) times.push_back(e.at);
  for (const filing_entry& e : i.filings()) times.push_back(e.at);
  for (const request_entry& e : i.requests()) times.push_back(e.at);
  for (const delay_entry& e : i.delays()) times.push_back(e.at);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  times.erase(std::upper_bound(times.begin(), times.end(), as_of), times.end());
  if (times.empty()) {
    // Nothing to replay; still fail as assess() does for an incident that does not bind.
    result<bound_incident> b = bind(rules, i);
    if (!b) return b.diagnostics();
    return log;
  }
  assess_options quiet = options;
  quiet.trace = false;
  // Before the journal's first instant: the incident's own facts and events.
  const instant before = times.front() - std::chrono::seconds(1);
  result<assessment> first = assess(rules, i.known_at(before), before, quiet);
  if (!first) return first.diagnostics();
  std::map<std::string, status, std::less<>> previous = statuses(*first);
  for (instant t : times) {
    result<assessment> a = assess(rules, i, t, quiet);
    if (!a) return a.diagnostics();
    std::set<std::string, std::less<>> learned;
    for (const learned_entry& e : i.learned()) {
      if (e.at != t) continue;
      for (const auto& [name, v] : e.facts) learned.insert(name);
      for (const auto& [name, at] : e.events) learned.insert(name);
    }
    for (const obligation_result& r : a->obligations) {
      if (r.proposed) continue;
      auto was = previous.find(r.rule->id);
      const status from = was == previous.end() ? status::undetermined : was->second;
      if (was != previous.end() && from == r.state) continue;
      decision& d = log.emplace_back();
      d.what = decision::kind::status;
      d.at = t;
      d.obligation = r.rule->id;
      d.from = from;
      d.to = r.state;
      const auto reads = reads_of(r, rules.schema());
      for (const std::string& n : learned) {
        if (reads.contains(n)) d.because.push_back(n);
      }
      if (d.because.empty()) d.because.assign(learned.begin(), learned.end());
    }
    for (const filing_entry& f : i.filings()) {
      if (f.at != t) continue;
      decision& d = log.emplace_back();
      d.what = decision::kind::filed;
      d.at = t;
      d.obligation = f.obligation;
      d.reference = f.reference;
      for (const obligation_result& r : a->obligations) {
        if (r.proposed || r.rule->id != f.obligation) continue;
        if (r.deadline.due) d.on_time = f.at <= *r.deadline.due;
        break;
      }
    }
    for (const request_entry& q : i.requests()) {
      if (q.at != t) continue;
      decision& d = log.emplace_back();
      d.what = decision::kind::requested;
      d.at = t;
      d.obligation = q.obligation;
    }
    for (const delay_entry& q : i.delays()) {
      if (q.at != t) continue;
      decision& d = log.emplace_back();
      d.what = decision::kind::delayed;
      d.at = t;
      d.obligation = q.obligation;
      d.by = q.by;
      d.written = q.written;
      d.reference = q.reference;
    }
    previous = statuses(*a);
  }
  std::stable_sort(log.begin(), log.end(), [](const decision& x, const decision& y) {
    if (x.at != y.at) return x.at < y.at;
    return x.obligation < y.obligation;
  });
  return log;
}

}  // namespace breachclock
