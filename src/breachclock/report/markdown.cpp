#include "breachclock/report/markdown.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "breachclock/engine/journal.hpp"
#include "breachclock/report/text.hpp"
#include "detail/text.hpp"
#include "report/presentation.hpp"

namespace breachclock {

namespace {

// Text from a rule, a policy or an incident, made printable (valid UTF-8, one line, control
// characters as escapes: detail/text.hpp), with the characters that would break a table cell
// or start markup escaped.
std::string md(std::string_view raw) {
  const std::string text = detail::printable(raw);
  std::string out;
  // A text that starts like a block (a list item "- ", "+ ", "1. ", a heading, a quote) must not
  // start one where it is placed (a list item, a table cell, a quote).
  // Up to three spaces may stand before a block's marker (CommonMark 4, 5); an '&' could start
  // an entity reference ("&amp;").
  std::size_t lead = 0;
  while (lead < text.size() && text[lead] == ' ') ++lead;
  std::size_t digits = lead;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const bool ordered = digits > lead && digits < text.size() && (text[digits] == '.' || text[digits] == ')');
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c == '|' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' || c == '>' || c == '\\' ||
        c == '#' || c == '~' || c == '&' || (k == lead && (c == '-' || c == '+' || c == '=')) ||
        (ordered && k == digits)) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// A code span that no backtick in the text can close early (CommonMark 6.1), printable; a '|'
// is escaped so that it cannot end a table cell.
std::string code(std::string_view raw) {
  const std::string s = detail::printable(raw);
  std::size_t run = 0;
  std::size_t longest = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string body;
  for (char c : s) body += c == '|' ? std::string("\\|") : std::string(1, c);
  const std::string fence(longest + 1, '`');
  const bool pad = longest > 0 || (!body.empty() && (body.front() == '`' || body.back() == '`'));
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

// A link target: printable, with the characters that would end it percent-encoded.
std::string url(std::string_view raw) {
  std::string out;
  for (char c : detail::printable(raw)) {
    if (c == '(' || c == ')' || c == ' ' || c == '<' || c == '>')
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    else out += c;
  }
  return out;
}

// A fact's value as the incident file writes it.
std::string fact_text(const fact_value& v) {
  if (const set_value* s = v.as_set()) {
    std::string out = s->complete ? "" : "at least ";
    for (std::size_t k = 0; k < s->members.size(); ++k) out += (k > 0 ? ", " : "") + code(s->members[k]);
    return s->members.empty() ? out + "none" : out;
  }
  if (const std::string* t = v.as_string()) return "\"" + md(*t) + "\"";
  return code(to_string(v));
}

// "GB (module uk)", "no jurisdiction".
std::string group_name(const detail::jurisdiction_group& g) {
  std::string out = !g.jurisdiction.empty() ? md(g.jurisdiction) : g.policy ? "policy" : "no jurisdiction";
  if (g.jurisdiction.empty() && g.modules.empty()) {
    out += " (";
    for (std::size_t k = 0; k < g.regimes.size(); ++k) out += (k > 0 ? ", " : "") + code(g.regimes[k]->id);
    out += ")";
  } else if (!g.modules.empty()) {
    out += g.modules.size() == 1 ? " (module " : " (modules ";
    for (std::size_t k = 0; k < g.modules.size(); ++k) out += (k > 0 ? ", " : "") + code(g.modules[k]);
    out += ")";
  }
  return out;
}

std::string status_text(const detail::obligation_view& v) {
  std::string s = v.result->state == status::required       ? "**required**"
                  : v.result->state == status::undetermined ? "*undetermined*"
                                                            : std::string(v.status);
  return v.proposed ? s + " (proposed, not binding)" : s;
}

// The journal's part of a duty and its combined, chained or rolled deadline: list items.
std::string journal_items(const detail::obligation_view& v) {
  std::string out;
  if (v.proposed) out += "- **Proposed law:** " + md(*v.proposed) + "\n";
  if (v.done) out += "- **Done:** " + md(*v.done) + "\n";
  if (!v.limits.empty()) {
    out += "- **Limits (" + std::string(v.combine) + "):**\n";
    for (const detail::limit_view& l : v.limits)
      out += "  - " + md(l.what) + ": " + md(l.due) + (l.governs ? " (**governs**)" : "") + "\n";
  }
  if (v.governed) out += "- **" + md(*v.governed).insert(11, "**") + "\n";
  if (v.rolled) out += "- **Rolled:** " + md(*v.rolled) + "\n";
  return out;
}

// The decision log: each change of a duty's status with what was learned, each filing and request.
std::string decision_item(const assessment& a, const decision& d) {
  std::string out = "- " + format_utc(d.at) + " \u2014 " + code(d.obligation) + ": ";
  switch (d.what) {
    case decision::kind::status: {
      out += fmt::format("{} -> {}", to_string(d.from), to_string(d.to));
      std::string learned;
      for (const std::string& b : d.because) learned += (learned.empty() ? "" : ", ") + code(b);
      if (!learned.empty()) out += " (learned " + learned + ")";
      break;
    }
    case decision::kind::filed: {
      out += "filed";
      if (d.on_time) out += *d.on_time ? ", on time" : ", **late**";
      // How late: the assessment's filing result of the duty, when it is this filing.
      for (const obligation_result& o : a.obligations) {
        if (o.rule->id == d.obligation && !o.proposed && o.filed && o.filed->at == d.at && o.filed->late_by_seconds &&
            d.on_time && !*d.on_time)
          out += " by " + detail::short_duration(*o.filed->late_by_seconds);
      }
      if (!d.reference.empty()) out += " (ref " + md(d.reference) + ")";
      break;
    }
    case decision::kind::requested: out += "requested by the authority"; break;
    case decision::kind::delayed: {
      out += "delayed";
      if (!d.by.empty()) out += " by " + md(d.by);
      out += d.written ? ", in writing" : ", not in writing";
      // Where the delay moved the due instant to: the assessment's record of this entry.
      for (const obligation_result& o : a.obligations) {
        if (o.rule->id != d.obligation || o.proposed) continue;
        for (const delay_result& r : o.deadline.delays) {
          if (r.entry->at != d.at) continue;
          if (r.applied && r.until) out += "; until " + format_utc(*r.until);
          if (!r.note.empty()) out += " (" + md(r.note) + ")";
        }
      }
      if (!d.reference.empty()) out += " (ref " + md(d.reference) + ")";
      break;
    }
  }
  return out + "\n";
}

std::string decision_section(const assessment& a, const std::vector<decision>& log) {
  std::string out = "## Decision log\n\n";
  out += "What was known and done, when (the incident's journal, replayed up to " + format_utc(a.as_of) + "):\n\n";
  for (const decision& d : log) out += decision_item(a, d);
  if (log.empty()) out += "- no duty changed and nothing was filed or requested by then\n";
  return out + "\n";
}

std::string due_text(const detail::obligation_view& v) {
  switch (v.due) {
    case detail::due_form::no_limit: return "no time limit";
    case detail::due_form::soft: {
      std::string s = v.law_text ? "\"" + md(*v.law_text) + "\"" : "no fixed time";
      if (!v.target_incident.empty()) s += "; internal target " + v.target_incident;
      return s;
    }
    case detail::due_form::unknown_anchor: return "not known until " + code(v.result->deadline.from) + " is known";
    case detail::due_form::not_started: return md(*v.not_started);
    case detail::due_form::not_applicable:
    case detail::due_form::dated: break;
  }
  if (v.due_local.empty()) return "not known until " + code(v.result->deadline.from) + " is known";
  std::string s = v.due_local;
  if (v.other_zone) s += " (" + v.due_incident + ")";
  if (v.keep_until) s = "keep until " + s;
  return s;
}

std::string left_text(const detail::obligation_view& v) {
  if (v.done) return v.late ? "done, **late**" : "done";
  if (!v.left) return "";
  if (v.overdue) return "**overdue** by " + *v.left;
  return *v.left;
}

std::string cites(const std::vector<citation>* cs) {
  if (cs == nullptr || cs->empty()) return "";
  std::string out;
  for (const citation& c : *cs) {
    out += (out.empty() ? "" : "; ") + (c.url.empty() ? md(c.ref) : "[" + md(c.ref) + "](" + url(c.url) + ")");
  }
  return out;
}

// A trace step: the condition as code, the window's text and every reason as text.
std::string step(const detail::step_view& st) {
  std::string what;
  switch (st.entry->what) {
    case trace_entry::kind::applies: what = "the law applies: " + code(st.condition); break;
    case trace_entry::kind::in_force:
      what = "in force: " + md(st.condition);
      if (!st.tested.empty()) what += " (" + detail::printable(st.tested) + ")";
      break;
    case trace_entry::kind::when: what = "applies when " + code(st.condition); break;
    case trace_entry::kind::unless: what = "unless " + code(st.condition); break;
    case trace_entry::kind::instead_of:
      what = "instead of " + code(st.replaced.value_or("")) + " when " + code(st.condition);
      break;
    case trace_entry::kind::scope: what = "in the incident's scope: " + md(st.condition); break;
    case trace_entry::kind::requested: what = "requested by the authority: " + md(st.condition); break;
  }
  if (st.because) what += ": " + md(*st.because);
  std::string out = fmt::format("{} is **{}**", what, st.value);
  if (const std::string c = cites(st.cites); !c.empty()) out += " (" + c + ")";
  return out;
}

std::string render(const assessment& a, const std::vector<decision>* log);

}  // namespace

std::string render_markdown(const assessment& a) {
  // An incident with a journal: its decision log up to as_of (engine/journal.hpp).
  const incident& i = a.bound.source();
  if (!i.has_journal()) return render(a, nullptr);
  const result<std::vector<decision>> log = decision_log(a.rules, i, a.as_of);
  return render(a, log ? &*log : nullptr);
}

std::string render_markdown(const assessment& a, const std::vector<decision>& log) { return render(a, &log); }

namespace {

std::string render(const assessment& a, const std::vector<decision>* log) {
  const detail::presentation view = detail::present(a);
  const std::size_t required = view.required;
  const std::size_t undetermined = view.undetermined;
  std::string out;
  out += fmt::format("# Breach notification assessment: {}\n\n", md(a.incident_id));
  out += fmt::format("- **As of:** {} ({})\n", view.as_of_local, view.as_of_utc);
  if (!a.incident_title().empty()) out += fmt::format("- **Incident:** {}\n", md(a.incident_title()));
  out += fmt::format("- **Incident zone:** {}\n", a.incident_zone.name());
  out += fmt::format("- **Scope:** {}\n", md(detail::scope_text(a)));
  out += fmt::format("- **Rules:** {}\n\n", code(a.rules.digest()));

  out += "## Summary\n\n";
  out += fmt::format("{} obligation{} required, {} undetermined, {} not required", required, required == 1 ? "" : "s",
                     undetermined, view.not_required_count);
  if (view.out_of_scope_total > 0) out += fmt::format(" ({} outside the incident's scope)", view.out_of_scope_total);
  if (view.proposed > 0)
    out += fmt::format("; {} result{} of proposed law beside them, not binding", view.proposed,
                       view.proposed == 1 ? "" : "s");
  out += ".";
  if (const detail::obligation_view* first = view.first_deadline) {
    const obligation_result& o = *first->result;
    out += fmt::format(" The first deadline: {} ({}), {}{}{}.", code(o.rule->id), md(o.rule->title), first->due_local,
                       o.deadline.provisional ? ", provisional" : "", first->overdue ? ", **overdue**" : "");
  }
  if (!a.questions.empty()) {
    out += fmt::format(" {} question{} remain{} open.", a.questions.size(), a.questions.size() == 1 ? "" : "s",
                       a.questions.size() == 1 ? "s" : "");
  }
  out += "\n\n";

  // The premises, as given, so that counsel can check what the assessment rests on.
  out += "## What the assessment rests on\n\n";
  out += "The incident as given";
  out += a.incident_title().empty() ? ".\n\n" : ": " + md(a.incident_title()) + "\n\n";
  for (const std::string& n : a.incident_notes()) out += "> " + md(n) + "\n>\n";
  if (!a.incident_notes().empty()) out.resize(out.size() - 2), out += "\n";
  if (a.events().empty()) {
    out += "No event is known.\n\n";
  } else {
    out += "| Event | When (UTC) | When (" + a.incident_zone.name() + ") |\n|---|---|---|\n";
    for (const auto& [name, t] : a.events()) {
      out += fmt::format("| {} | {} | {} |\n", code(name), format_utc(t), format_readable(t, a.incident_zone));
    }
    out += "\n";
  }
  if (a.facts().empty()) {
    out += "No fact is known.\n\n";
  } else {
    out += "| Fact | Value |\n|---|---|\n";
    for (const auto& [name, v] : a.facts()) out += fmt::format("| {} | {} |\n", code(name), fact_text(v));
    out += "\n";
  }
  if (!a.unknown_facts.empty() || !a.unknown_events.empty()) {
    out += "Not known, and read by the rules that may apply:";
    std::string list;
    for (std::string_view f : a.unknown_facts) list += (list.empty() ? " " : ", ") + code(f);
    for (std::string_view e : a.unknown_events) list += (list.empty() ? " " : ", ") + code(e) + " (event)";
    out += list + ".\n\n";
  }

  out += "## Obligations\n\n";
  if (required + undetermined == 0) {
    out += "No obligation applies or may apply.\n\n";
  } else {
    // By jurisdiction (the soonest due first), each in the assessment's order.
    out += "| Jurisdiction | Status | Obligation | To | Due | Left |\n|---|---|---|---|---|---|\n";
    for (const detail::jurisdiction_group& g : view.groups) {
      for (const detail::obligation_view* v : g.obligations) {
        out += fmt::format("| {} | {} | {} | {} | {}{} | {} |\n", group_name(g), status_text(*v),
                           code(v->result->rule->id), md(v->recipient), due_text(*v),
                           v->result->deadline.provisional ? " (provisional)" : "", left_text(*v));
      }
    }
    out += "\n";
  }
  std::vector<const detail::obligation_view*> grouped;
  for (const detail::jurisdiction_group& g : view.groups)
    grouped.insert(grouped.end(), g.obligations.begin(), g.obligations.end());
  for (const detail::obligation_view* v : grouped) {
    const obligation_result& o = *v->result;
    const obligation& r = *o.rule;
    const deadline_result& d = o.deadline;
    out += fmt::format("### {}: {}\n\n", code(r.id), md(r.title));
    out += fmt::format("- **Status:** {}", status_text(*v));
    if (!o.depends_on.empty()) {
      std::string deps;
      for (std::string_view f : o.depends_on) deps += (deps.empty() ? "" : ", ") + code(f);
      out += ", depending on " + deps;
    }
    out += "\n";
    out += fmt::format("- **To:** {} ({})\n", md(v->recipient), md(to_string(r.act)));
    out += "- **Deadline:** " + due_text(*v);
    if (r.deadline.period)
      out += fmt::format(", {} from {}{}", to_string(r.deadline.period->length),
                         r.deadline.from_kind == anchor_kind::event ? ""
                                                                    : detail::anchor_phrase(r.deadline.from_kind, ""),
                         code(r.deadline.from));
    if (d.provisional)
      out += fmt::format(" (provisional: counted from {}, as {} is not known)", code(d.anchor_event), code(d.from));
    if (d.target_due && d.kind != deadline_kind::soft) out += "; internal target " + v->target_local;
    if (d.target != nullptr) out += " (" + md(d.target->note) + ")";
    out += "\n";
    if (v->law_text && !v->law_text->empty() && d.kind != deadline_kind::soft)
      out += "- **The rule says:** \"" + md(*v->law_text) + "\"\n";
    out += journal_items(*v);
    if (!r.late.empty()) out += "- **If late:** " + md(r.late) + "\n";
    if (r.phased) out += "- **Phases:** the information may be given in phases\n";
    out += "- **Citations:** " + cites(v->cites) + "\n";
    out += fmt::format("- **Confidence:** {}", to_string(o.certainty));
    if (r.certainty != o.pack->certainty) {
      out += fmt::format(" (the duty: {}; its regime, {}: {}; the weaker counts)", to_string(r.certainty),
                         code(o.pack->id), to_string(o.pack->certainty));
    }
    out += "\n";
    out += "\n**Why**\n\n";
    for (const detail::step_view& st : v->steps) out += "- " + step(st) + "\n";
    if (!r.content.empty()) {
      out += "\n**The notice must contain**\n\n";
      for (const std::string& c : r.content) out += "- [ ] " + md(c) + "\n";
    }
    if (!r.notes.empty()) {
      out += "\n**Notes**\n\n";
      for (const std::string& n : r.notes) out += "- " + md(n) + "\n";
    }
    out += "\n";
  }

  if (!a.questions.empty()) {
    out += "## Open questions\n\nThe answers decide the obligations listed.\n\n";
    std::size_t n = 0;
    for (const question& q : a.questions) {
      std::string decides;
      for (std::string_view id : q.decides) decides += (decides.empty() ? "" : ", ") + code(id);
      if (detail::decides_all(a, q)) decides = fmt::format("every obligation ({})", a.obligations.size());
      const std::optional<std::string> text = detail::question_text(q);
      const std::string what = q.is_scope ? "the incident's " + code("scope") + ", for example " +
                                                code("scope = [\"GB\", \"CA-ON\"]")
                                          : std::string(q.is_event ? "event " : "fact ") + code(q.name);
      out += fmt::format("{}. {} ({}; decides {})\n", ++n, md(text ? *text : std::string(q.name)), what, decides);
    }
    out += "\n";
  }
  if (!view.not_required.empty()) {
    out += "## Not required\n\n";
    if (!view.out_of_scope.empty()) {
      std::string counted;
      for (const detail::scope_count& c : view.out_of_scope) {
        counted += fmt::format("{}{} ({})", counted.empty() ? "" : ", ",
                               c.jurisdiction.empty() ? std::string("no jurisdiction") : md(c.jurisdiction), c.count);
      }
      out += "Outside the incident's scope: " + counted + ".\n\n";
    }
    if (!view.ruled_out.empty()) {
      std::string list;
      for (const detail::obligation_view* v : view.ruled_out)
        list += (list.empty() ? "" : ", ") + code(v->result->rule->id);
      out += list + ".\n\n";
      for (const detail::obligation_view* v : view.ruled_out)
        if (v->displaced) out += "- " + code(v->result->rule->id) + ": " + md(*v->displaced) + "\n";
      out += std::string(out.back() == '\n' && out[out.size() - 2] != '\n' ? "\n" : "") +
             "Run `breachclock explain` on one of them to see why.\n\n";
    }
  }
  if (log != nullptr) out += decision_section(a, *log);
  if (!a.warnings.empty()) {
    out += "## Warnings\n\n";
    for (const std::string& w : a.warnings) out += "- " + md(w) + "\n";
    out += "\n";
  }
  out += "## Rules\n\n";
  out += fmt::format("Digest {}. Packs:\n\n", code(a.rules.digest()));
  for (const regime& r : a.rules.regimes()) {
    out += fmt::format("- {} ({}confidence {}): {}\n", code(r.id),
                       r.jurisdiction.empty() ? "" : md(r.jurisdiction) + ", ", to_string(r.certainty), md(r.title));
  }
  // What the packs of the duties that apply or may apply say about themselves.
  for (const regime* r : view.shown_regimes) {
    if (r->notes.empty()) continue;
    out += fmt::format("\n### {}: what the pack says about itself\n\n", code(r->id));
    out += fmt::format("Confidence {}.\n\n", to_string(r->certainty));
    for (const std::string& n : r->notes) out += "- " + md(n) + "\n";
  }
  return out;
}

}  // namespace

}  // namespace breachclock
