#include "report/presentation.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "breachclock/report/text.hpp"

namespace breachclock::detail {

namespace {

// "Sun 24 Mar 09:00" in `z`: the short form the timeline labels use.
std::string short_time(instant t, const zone& z) { return date::format("%a %d %b %H:%M", z.to_local(t)); }

std::string_view status_label(status s) {
  switch (s) {
    case status::required: return "required";
    case status::not_required: return "not required";
    case status::undetermined: return "undetermined";
  }
  return "";
}

std::string_view step_label(trace_entry::kind k) {
  switch (k) {
    case trace_entry::kind::applies: return "applies";
    case trace_entry::kind::in_force: return "in force";
    case trace_entry::kind::when: return "when";
    case trace_entry::kind::unless: return "unless";
    case trace_entry::kind::instead_of: return "instead of";
    case trace_entry::kind::scope: return "scope";
    case trace_entry::kind::requested: return "requested";
  }
  return "";
}

step_view step_of(const trace_entry& e) {
  step_view s;
  s.entry = &e;
  s.label = step_label(e.what);
  s.value = to_string(e.value);
  if (e.what == trace_entry::kind::in_force) {
    s.condition = e.window != nullptr ? e.window->text : std::string();
    if (e.chosen_at) s.tested = "tested at " + format_utc(*e.chosen_at) + ", " + std::string(e.chosen_by);
  } else if (e.what == trace_entry::kind::requested) {
    // An on-request duty: the request the journal records, or none.
    s.condition = e.chosen_at ? "requested at " + format_utc(*e.chosen_at) : std::string("no request recorded");
  } else if (e.condition != nullptr) {
    s.condition = *e.condition;
  }
  if (e.because != nullptr) s.because = *e.because;
  if (e.other != nullptr) s.replaced = e.other->id;
  s.cites = e.cite;
  s.refs = citation_refs(e.cite);
  return s;
}

due_form form_of(const obligation_result& o) {
  if (o.state == status::not_required) return due_form::not_applicable;
  switch (o.deadline.kind) {
    case deadline_kind::none: return due_form::no_limit;
    case deadline_kind::soft: return due_form::soft;
    default: break;
  }
  if (o.deadline.not_started && !o.deadline.due) return due_form::not_started;
  return o.deadline.due ? due_form::dated : due_form::unknown_anchor;
}

// "2025-03-05 09:00 UTC".
std::string minute_utc(instant t) { return date::format("%Y-%m-%d %H:%M UTC", date::floor<std::chrono::minutes>(t)); }

std::string done_text(const filing_result& f) {
  std::string out = "done " + minute_utc(f.at);
  std::string detail;
  if (f.on_time) detail = *f.on_time ? "on time" : "late by " + short_duration(f.late_by_seconds.value_or(0));
  if (!f.reference.empty()) detail += (detail.empty() ? "ref " : ", ref ") + std::string(f.reference);
  if (!detail.empty()) out += " (" + detail + ")";
  return out;
}

// The limits of a combined deadline, each with its due, and the one that governed.
void limits_of(obligation_view& v, const deadline_result& d) {
  for (std::size_t k = 0; k < d.limits.size(); ++k) {
    const limit_result& l = d.limits[k];
    limit_view lv;
    lv.result = &l;
    if (l.rule != nullptr)
      lv.what = to_string(l.rule->period.length) + " from " + anchor_phrase(l.rule->from_kind, l.rule->from);
    if (l.due) {
      lv.due = format_readable(*l.due, d.tz);
      lv.due_utc = format_utc(*l.due);
      // Its unless_later event came after it: this limit does not count.
      if (l.lapsed) lv.due += ", lapsed: " + l.rule->unless_later + " came after it";
    } else if (l.not_started) {
      lv.due = "not started";
    } else {
      lv.due = "unknown until " + (l.rule != nullptr ? l.rule->from : std::string("its anchor")) + " is known";
    }
    lv.governs = d.governed_by && *d.governed_by == k;
    if (lv.governs) v.governed = "governed by: " + lv.what;
    v.limits.push_back(std::move(lv));
  }
}

// "not started: counts from the filing of X" (a combined deadline: its first limit not started).
std::string not_started_text(const deadline_result& d) {
  if (!d.from.empty()) return "not started: counts from " + anchor_phrase(d.from_kind, d.from);
  for (const limit_result& l : d.limits) {
    if (l.not_started && l.rule != nullptr)
      return "not started: counts from " + anchor_phrase(l.rule->from_kind, l.rule->from);
  }
  return "not started";
}

}  // namespace

std::string anchor_phrase(anchor_kind k, std::string_view from) {
  switch (k) {
    case anchor_kind::event: break;
    case anchor_kind::filed: return "the filing of " + std::string(from);
    case anchor_kind::last_filed: return "the latest filing of " + std::string(from);
    case anchor_kind::requested: return "the request for " + std::string(from);
  }
  return std::string(from);
}

std::string short_duration(std::int64_t seconds) {
  const bool negative = seconds < 0;
  const std::uint64_t s = negative ? static_cast<std::uint64_t>(-(seconds + 1)) + 1
                                   : static_cast<std::uint64_t>(seconds);
  const std::uint64_t parts[] = {s / 86400, (s / 3600) % 24, (s / 60) % 60};
  const char* units[] = {"d", "h", "m"};
  std::string out;
  for (std::size_t k = 0; k < 3; ++k) {
    if (parts[k] > 0) out += (out.empty() ? "" : " ") + std::to_string(parts[k]) + units[k];
  }
  if (out.empty()) out = s > 0 ? std::to_string(s) + "s" : "0m";
  return negative ? "-" + out : out;
}

std::string citation_refs(const std::vector<citation>* cs) {
  std::string out;
  if (cs == nullptr) return out;
  for (const citation& c : *cs) out += (out.empty() ? "" : "; ") + c.ref;
  return out;
}

obligation_view view_of(const obligation_result& o, const zone& incident_zone) {
  const deadline_result& d = o.deadline;
  obligation_view v;
  v.result = &o;
  v.recipient = recipient_text(o);
  v.status = status_label(o.state);
  v.due = form_of(o);
  v.keep_until = d.kind == deadline_kind::retention;
  if (d.text != nullptr) v.law_text = *d.text;
  v.other_zone = !(d.tz == incident_zone);
  if (d.due) {
    v.due_utc = format_utc(*d.due);
    v.due_local = format_readable(*d.due, d.tz);
    v.due_incident = format_readable(*d.due, incident_zone);
    v.due_short = short_time(*d.due, incident_zone);
    v.due_day = format_date(d.due_date ? *d.due_date : civil_date{incident_zone.local_day(*d.due)});
    v.due_local_iso = d.tz.format(*d.due);
    v.due_incident_iso = incident_zone.format(*d.due);
  }
  if (d.target_due) {
    v.target_utc = format_utc(*d.target_due);
    v.target_local = format_readable(*d.target_due, d.tz);
    v.target_incident = format_readable(*d.target_due, incident_zone);
    v.target_short = short_time(*d.target_due, incident_zone);
  }
  if (d.anchor) v.anchor_utc = format_utc(*d.anchor);
  if (o.filed) {
    // Done: never overdue, no time left to count.
    v.done = done_text(*o.filed);
    v.late = o.filed->on_time && !*o.filed->on_time;
  } else if (d.remaining_seconds) {
    v.overdue = d.overdue;
    v.left = format_duration(d.overdue ? -*d.remaining_seconds : *d.remaining_seconds);
  }
  if (d.not_started && !d.due) v.not_started = not_started_text(d);
  if (o.rule->deadline.combine != deadline_combine::single) {
    v.combine = o.rule->deadline.combine == deadline_combine::earlier_of ? "earlier of" : "later of";
  }
  limits_of(v, d);
  if (d.rolled_due_from && d.due) {
    const auto day_time = [&](instant t) { return date::format("%a %H:%M", d.tz.to_local(t)); };
    v.rolled = "rolled from " + day_time(*d.rolled_due_from) + " to " + day_time(*d.due);
  }
  if (d.cutoff && d.due) {
    v.moved.push_back(
        fmt::format("filing cut-off {:02}:{:02} {}: a filing after it counts as filed the next "
                    "business day",
                    d.cutoff->count() / 60, d.cutoff->count() % 60, d.tz.name()));
  }
  for (const delay_result& r : d.delays) {
    std::string t = "delayed";
    if (!r.entry->by.empty()) t += " by " + r.entry->by;
    t += fmt::format(" ({}, {})", r.entry->written ? "in writing" : "not in writing", format_utc(r.entry->at));
    if (r.applied && r.until) {
      const bool extends = o.rule->delay && o.rule->delay->mode == delay_mode::extend;
      t += (extends ? ": to " : ": until ") + format_readable(*r.until, d.tz);
      if (!extends && d.due && *r.until < *d.due) t += " (earlier than the period: the period governs)";
    }
    if (!r.note.empty()) t += (r.applied ? "; " : ": ") + r.note;
    v.moved.push_back(std::move(t));
  }
  if (d.undelayed_due && d.due) v.moved.push_back("due before the delays: " + format_readable(*d.undelayed_due, d.tz));
  if (o.displaced != nullptr) {
    const exception_rule& x = *o.displaced;
    v.displaced_by = x.displaced_by;
    std::string t = "not required: displaced by " + x.displaced_by;
    if (!x.because.empty()) t += " \u2014 " + x.because;
    if (const std::string r = citation_refs(&x.cite); !r.empty()) t += " (" + r + ")";
    v.displaced = std::move(t);
  }
  if (o.proposed) {
    v.proposal = !o.rule->proposed.empty() ? std::string_view(o.rule->proposed)
                 : o.pack != nullptr       ? std::string_view(o.pack->proposed)
                                           : std::string_view();
    v.proposed = "[proposed: " + std::string(v.proposal) + "] not binding";
  }
  v.cites = &o.rule->cite;
  v.refs = citation_refs(&o.rule->cite);
  if (!o.rule->cite.empty()) v.link = o.rule->cite.front().url;
  v.steps.reserve(o.because.size());
  for (const trace_entry& e : o.because) v.steps.push_back(step_of(e));
  return v;
}

presentation present(const assessment& a) {
  presentation p;
  p.source = &a;
  p.as_of_utc = format_utc(a.as_of);
  p.as_of_local = format_readable(a.as_of, a.incident_zone);
  p.obligations.reserve(a.obligations.size());
  for (const obligation_result& o : a.obligations) p.obligations.push_back(view_of(o, a.incident_zone));
  for (const obligation_view& v : p.obligations) {
    const obligation_result& o = *v.result;
    if (o.proposed) ++p.proposed;
    if (o.state == status::not_required) {
      p.not_required.push_back(&v);
      if (!o.proposed) ++p.not_required_count;
      if (!o.out_of_scope) {
        p.ruled_out.push_back(&v);
        continue;
      }
      ++p.out_of_scope_total;
      const std::string_view code = o.pack->jurisdiction;
      auto at = std::lower_bound(p.out_of_scope.begin(), p.out_of_scope.end(), code,
                                 [](const scope_count& c, std::string_view k) { return c.jurisdiction < k; });
      if (at == p.out_of_scope.end() || at->jurisdiction != code) at = p.out_of_scope.insert(at, {code, 0});
      ++at->count;
      continue;
    }
    p.shown.push_back(&v);
    if (!o.proposed) ++(o.state == status::required ? p.required : p.undetermined);
    if (std::find(p.shown_regimes.begin(), p.shown_regimes.end(), o.pack) == p.shown_regimes.end())
      p.shown_regimes.push_back(o.pack);
    if (p.first_deadline == nullptr && o.deadline.due && o.deadline.kind != deadline_kind::retention && !o.filed &&
        !o.proposed)
      p.first_deadline = &v;
    if (o.deadline.due && v.other_zone) p.second_zone = true;
    const std::string_view code = o.pack->jurisdiction;
    auto g = std::find_if(p.groups.begin(), p.groups.end(),
                          [&](const jurisdiction_group& x) { return x.jurisdiction == code; });
    if (g == p.groups.end()) {
      g = p.groups.insert(p.groups.end(), jurisdiction_group{});
      g->jurisdiction = code;
      g->policy = true;
    }
    if (std::find(g->regimes.begin(), g->regimes.end(), o.pack) == g->regimes.end()) g->regimes.push_back(o.pack);
    g->policy = g->policy && o.pack->kind == pack_kind::policy;
    g->obligations.push_back(&v);
    if (!o.proposed) ++(o.state == status::required ? g->required : g->undetermined);
    const std::string_view module = o.pack->module;
    if (!module.empty() && std::find(g->modules.begin(), g->modules.end(), module) == g->modules.end())
      g->modules.push_back(module);
  }
  // The groups by their soonest due (the first of each, as `shown` is sorted by due; none
  // last), then by code: the first group seen may tie with a later one on its due.
  std::stable_sort(p.groups.begin(), p.groups.end(), [](const jurisdiction_group& x, const jurisdiction_group& y) {
    const std::optional<instant>& dx = x.obligations.front()->result->deadline.due;
    const std::optional<instant>& dy = y.obligations.front()->result->deadline.due;
    if (dx.has_value() != dy.has_value()) return dx.has_value();
    if (dx && *dx != *dy) return *dx < *dy;
    return x.jurisdiction < y.jurisdiction;
  });
  return p;
}

std::string scope_text(const assessment& a) {
  const std::optional<std::vector<std::string>>& s = a.scope();
  if (!s) return "not given (every jurisdiction assessed; see the first question)";
  if (s->empty()) return "none (the incident's scope is empty)";
  std::string out;
  for (const std::string& code : *s) out += (out.empty() ? "" : ", ") + code;
  return out;
}

std::optional<std::string> question_text(const question& q) {
  if (q.text != nullptr && !q.text->empty()) return *q.text;
  if (q.is_scope) return std::string("Which countries and regions does the incident touch?");
  return std::nullopt;
}

bool decides_all(const assessment& a, const question& q) {
  return q.is_scope && !a.obligations.empty() && q.decides.size() >= a.obligations.size();
}

change_side side_of(const obligation_result* o) {
  if (o == nullptr) return {"absent", "-", "-"};
  std::string due = o->deadline.due                           ? format_utc(*o->deadline.due)
                    : o->deadline.kind == deadline_kind::soft ? "soft"
                    : o->deadline.not_started                 ? "not started"
                                                              : "none";
  return {to_string(o->state), std::move(due), recipient_text(*o)};
}

}  // namespace breachclock::detail
