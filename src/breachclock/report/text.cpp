#include "breachclock/report/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "detail/text.hpp"
#include "report/presentation.hpp"

namespace breachclock {

namespace {

// Every text from a rule, a policy or an incident goes through here before it reaches a
// terminal: valid UTF-8, one line, control characters shown as escapes (detail/text.hpp).
std::string safe(std::string_view s) { return detail::printable(s); }

// At most `max` bytes of `s` (already safe), cut between characters, "..." when cut.
std::string shortened(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  return std::string(detail::utf8_prefix(s, max - 3)) + "...";
}

struct palette {
  bool on;
  std::string wrap(std::string_view code, const std::string& text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
  }
  std::string bold(const std::string& t) const { return wrap("1", t); }
  std::string dim(const std::string& t) const { return wrap("2", t); }
  std::string red(const std::string& t) const { return wrap("1;31", t); }
  std::string yellow(const std::string& t) const { return wrap("33", t); }
  std::string green(const std::string& t) const { return wrap("32", t); }
};

std::string coloured_status(const detail::obligation_view& v, const palette& p, std::size_t width) {
  const status s = v.result->state;
  std::string word(v.status);
  word.resize(std::max(width, word.size()), ' ');
  switch (s) {
    case status::required: return p.red(word);
    case status::not_required: return p.dim(word);
    case status::undetermined: return p.yellow(word);
  }
  return word;
}

std::string pad(std::string s, std::size_t width) {
  // Pads by display width: count UTF-8 code points, not bytes.
  std::size_t points = 0;
  for (char c : s) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (points < width) s.append(width - points, ' ');
  return s;
}

// The DUE cell of the table, in the deadline's zone or (`incident`) in the incident's.
std::string due_cell(const detail::obligation_view& v, bool incident) {
  switch (v.due) {
    case detail::due_form::not_applicable: return "-";
    case detail::due_form::no_limit: return "no time limit";
    case detail::due_form::soft: return shortened(v.law_text ? safe(*v.law_text) : std::string("no fixed time"), 40);
    case detail::due_form::unknown_anchor: return "unknown until " + safe(v.result->deadline.from) + " is known";
    case detail::due_form::dated: break;
  }
  const std::string& when = incident ? v.due_incident : v.due_local;
  return v.keep_until ? "keep until " + when : when;
}

std::string left_cell(const detail::obligation_view& v, const palette& p) {
  const deadline_result& d = v.result->deadline;
  std::string cell;
  if (v.left) cell = v.overdue ? p.red("overdue " + *v.left) : *v.left;
  if (d.provisional && v.result->state != status::not_required) {
    cell += (cell.empty() ? "" : "  ") + p.yellow("provisional: from " + safe(d.anchor_event));
  }
  return cell;
}

}  // namespace

std::string format_duration(std::int64_t seconds) {
  const bool negative = seconds < 0;
  std::uint64_t s = negative ? static_cast<std::uint64_t>(-(seconds + 1)) + 1 : static_cast<std::uint64_t>(seconds);
  const std::uint64_t days = s / 86400;
  const std::uint64_t hours = (s / 3600) % 24;
  const std::uint64_t minutes = (s / 60) % 60;
  std::string out = negative ? "-" : "";
  if (days > 0) out += fmt::format("{}d {:02}h {:02}m", days, hours, minutes);
  else if (hours > 0) out += fmt::format("{}h {:02}m", hours, minutes);
  else out += fmt::format("{}m", minutes);
  return out;
}

std::string format_readable(instant t, const zone& z) {
  const local_time local = z.to_local(t);
  return date::format("%a %d %b %Y %H:%M ", local) + z.abbreviation_at(t);
}

std::string render_text(const assessment& a, const text_options& options) {
  const palette p{options.color};
  const detail::presentation view = detail::present(a);
  std::string out;
  out +=
      p.bold(fmt::format("Incident {} ({}), as of {}", safe(a.incident_id), a.incident_zone.name(), view.as_of_local));
  out += "\n";
  std::string packs;
  for (const regime& r : a.rules.regimes()) packs += (packs.empty() ? "" : ", ") + r.id;
  out += p.dim(fmt::format("Rules {} ({})", a.rules.digest().substr(0, 19), packs)) + "\n\n";

  // The duties that apply or may apply, in the assessment's order (by due), as a table:
  // status, obligation, recipient, due in the authority's zone, due in the incident's zone when
  // any authority's differs, time left. The duties that do not apply follow as a list.
  const std::vector<const detail::obligation_view*>& shown = view.shown;
  const bool second_zone = view.second_zone;
  std::size_t w_id = 10;
  std::size_t w_to = 2;
  std::size_t w_due = 3;
  std::size_t w_due2 = 3;
  for (const detail::obligation_view* v : shown) {
    w_id = std::max(w_id, safe(v->result->rule->id).size());
    w_to = std::max(w_to,
                    std::min<std::size_t>(v->result->recipient != nullptr ? safe(v->result->recipient->name).size() : 0,
                                          36));
    w_due = std::max(w_due, due_cell(*v, false).size());
    w_due2 = std::max(w_due2, due_cell(*v, true).size());
  }
  const std::size_t w_status = 12;
  if (shown.empty()) {
    out += "No obligation applies or may apply.\n";
  } else {
    std::string header = pad("STATUS", w_status) + "  " + pad("OBLIGATION", w_id) + "  " + pad("TO", w_to) + "  " +
                         pad("DUE", w_due) + "  ";
    if (second_zone) header += pad("DUE (" + a.incident_zone.name() + ")", w_due2) + "  ";
    header += "LEFT";
    out += p.bold(header) + "\n";
  }
  for (const detail::obligation_view* v : shown) {
    const obligation_result& o = *v->result;
    const std::string to = shortened(safe(v->recipient), 36);
    std::string line = coloured_status(*v, p, w_status) + "  " + pad(safe(o.rule->id), w_id) + "  " + pad(to, w_to) +
                       "  " + pad(due_cell(*v, false), w_due) + "  ";
    if (second_zone) line += pad(due_cell(*v, true), w_due2) + "  ";
    line += left_cell(*v, p);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
    if (o.state == status::undetermined && !o.depends_on.empty()) {
      std::string deps;
      for (std::string_view d : o.depends_on) deps += (deps.empty() ? "" : ", ") + safe(d);
      out += pad("", w_status) + "  " + p.dim("depends on: " + deps) + "\n";
    }
    if (o.deadline.target_due) out += pad("", w_status) + "  " + p.dim("internal target: " + v->target_local) + "\n";
  }
  // The regimes of those duties, briefly: how sure each is, and that its notes state its limits.
  if (!view.shown_regimes.empty()) {
    out += "\n" + p.bold("Regimes") + "\n";
    for (const regime* r : view.shown_regimes) {
      std::string line = "  " + safe(r->id) + (r->jurisdiction.empty() ? "" : " (" + safe(r->jurisdiction) + ")") +
                         ": confidence " + to_string(r->certainty);
      if (!r->notes.empty()) {
        line += fmt::format("; {} note{} on what it models and leaves out (breachclock explain)", r->notes.size(),
                            r->notes.size() == 1 ? "" : "s");
      }
      out += line + "\n";
    }
  }
  if (!view.not_required.empty()) {
    // A wrapped list, about 100 columns wide.
    std::string line = "Not required (" + std::to_string(view.not_required.size()) + "):";
    std::string block;
    for (const detail::obligation_view* v : view.not_required) {
      const std::string id = safe(v->result->rule->id);
      if (line.size() + 1 + id.size() + 1 > 100) {
        block += line + "\n";
        line = "  ";
      }
      line += " " + id + (v == view.not_required.back() ? "" : ",");
    }
    block += line + "\n";
    out += "\n" + p.dim(block);
  }
  if (!a.questions.empty()) {
    out += "\n" + p.bold("Open questions (the answer decides the obligations listed)") + "\n";
    std::size_t n = 0;
    for (const question& q : a.questions) {
      out += fmt::format("{:>3}. {}{}\n     decides: ", ++n, safe(q.name), q.is_event ? " (event)" : "");
      std::string list;
      for (std::string_view d : q.decides) list += (list.empty() ? "" : ", ") + safe(d);
      out += list + "\n";
      if (q.text != nullptr) out += "     " + safe(*q.text) + "\n";
    }
  }
  if (!a.warnings.empty()) {
    out += "\n" + p.bold("Warnings") + "\n";
    for (const std::string& w : a.warnings) out += "  - " + safe(w) + "\n";
  }
  return out;
}

std::string render_questions(const assessment& a, const text_options& options) {
  const palette p{options.color};
  std::string out;
  if (a.questions.empty()) return "No open questions: every obligation is decided and every deadline has its anchor.\n";
  std::size_t n = 0;
  for (const question& q : a.questions) {
    out += p.bold(fmt::format("{}. {}", ++n, safe(q.text != nullptr ? *q.text : q.name))) + "\n";
    std::string list;
    for (std::string_view d : q.decides) list += (list.empty() ? "" : ", ") + safe(d);
    out += fmt::format("   {} {} decides {} obligation{}: {}\n", q.is_event ? "event" : "fact", safe(q.name),
                       q.decides.size(), q.decides.size() == 1 ? "" : "s", list);
  }
  return out;
}

namespace {

// Where a day period (or a calendar date) was counted: the zone, whose, and the calendar.
std::string counted_in(const obligation_result& o) {
  const obligation& rule = *o.rule;
  const deadline_result& d = o.deadline;
  const bool civil = (rule.deadline.period && !is_elapsed(rule.deadline.period->length)) ||
                     rule.deadline.kind == deadline_kind::date;
  const bool calendar_used = rule.deadline.period
                                 ? (std::holds_alternative<business_days>(rule.deadline.period->length) ||
                                    rule.deadline.period->rolling != roll::none)
                                 : (rule.deadline.fixed_date && rule.deadline.fixed_date->rolling != roll::none);
  if (!civil && !calendar_used) return "";
  std::string whose = rule.deadline.in_incident_zone ? "the incident's zone"
                      : o.recipient != nullptr       ? "the zone of " + safe(o.recipient->name)
                                                     : "the regime's zone";
  std::string out = fmt::format("  counted in  {} ({})", d.tz.name(), whose);
  const holiday_calendar* cal = o.recipient != nullptr ? o.recipient->calendar : nullptr;
  if (calendar_used) out += cal != nullptr ? ", calendar " + safe(cal->id()) : ", with no holiday calendar";
  else if (cal != nullptr) out += "; calendar " + safe(cal->id()) + " not used (calendar days)";
  return out + "\n";
}

}  // namespace

std::string render_explanation(const assessment& a, const obligation_result& o, const text_options& options) {
  const palette p{options.color};
  const obligation& rule = *o.rule;
  const regime& pack = *o.pack;
  const detail::obligation_view view = detail::view_of(o, a.incident_zone);
  std::string out;
  out += p.bold(safe(rule.id) + ": " + safe(rule.title)) + "\n";
  out += fmt::format("  status      {}", coloured_status(view, p, 0));
  if (!o.depends_on.empty()) {
    std::string deps;
    for (std::string_view d : o.depends_on) deps += (deps.empty() ? "" : ", ") + safe(d);
    out += " (depends on " + deps + ")";
  }
  out += "\n";
  out += fmt::format("  regime      {} ({}){}\n", safe(pack.id), safe(pack.title),
                     pack.jurisdiction.empty() ? "" : ", " + safe(pack.jurisdiction));
  out += fmt::format("  to          {}\n", safe(view.recipient));
  out += fmt::format("  action      {}\n", to_string(rule.act));
  out += fmt::format("  confidence  {}", to_string(o.certainty));
  if (rule.certainty != pack.certainty) {
    out += fmt::format(" (the duty: {}; its regime: {}; the weaker counts)", to_string(rule.certainty),
                       to_string(pack.certainty));
  }
  out += "\n";

  out += "\n" + p.bold("Why") + "\n";
  for (const detail::step_view& st : view.steps) {
    std::string text = st.replaced ? safe(*st.replaced) + ": " + safe(st.condition) : safe(st.condition);
    if (!st.tested.empty()) text += " (" + safe(st.tested) + ")";
    if (st.because) text += " -- " + safe(*st.because);
    std::string value = "[" + std::string(st.value) + "]";
    if (st.entry->value == tri::unknown) value = p.yellow(pad(value, 9));
    else value = pad(value, 9);
    out += fmt::format("  {} {} {}", value, pad(std::string(st.label), 10), text);
    if (!st.refs.empty()) out += p.dim("  (" + safe(st.refs) + ")");
    out += "\n";
  }
  if (o.because.empty()) out += "  always applies\n";

  const deadline_result& d = o.deadline;
  out += "\n" + p.bold("Deadline") + "\n";
  if (d.text != nullptr && !d.text->empty()) out += fmt::format("  law         \"{}\"\n", safe(*d.text));
  out += fmt::format("  kind        {}", to_string(d.kind));
  if (rule.deadline.period) out += ", " + to_string(rule.deadline.period->length);
  if (!d.from.empty()) out += ", from " + safe(d.from);
  out += "\n";
  if (rule.deadline.period) {
    out += fmt::format("  counting    convention {}, roll {}\n", to_string(rule.deadline.period->counting),
                       to_string(rule.deadline.period->rolling));
  }
  out += counted_in(o);
  if (d.anchor) {
    out += fmt::format("  anchor      {} {}", safe(d.anchor_event), format_utc(*d.anchor));
    if (d.provisional) out += p.yellow(fmt::format(" (provisional: {} is not known)", safe(d.from)));
    out += "\n";
  } else if (!d.from.empty()) {
    out += fmt::format("  anchor      {} is not known\n", safe(d.from));
  }
  if (d.counting_from)
    out += fmt::format("  counted     from {} (the start of the next hour)\n", format_utc(*d.counting_from));
  if (o.state == status::not_required) out += "  due         none: the obligation does not apply\n";
  if (d.due) {
    out += fmt::format("  due         {} ({})\n", view.due_local, view.due_local_iso);
    if (view.other_zone) out += fmt::format("              {} ({})\n", view.due_incident, view.due_incident_iso);
    if (d.rolled_from) out += fmt::format("  rolled      from {}\n", format_date(*d.rolled_from));
  }
  if (view.left)
    out += fmt::format("  left        {}\n", view.overdue ? p.red("overdue by " + *view.left) : *view.left);
  if (d.target_due) {
    out += fmt::format("  target      {} ({}: {})\n", view.target_local, safe(d.target->policy), safe(d.target->note));
  }
  if (!rule.late.empty()) out += fmt::format("  if late     {}\n", safe(rule.late));
  if (rule.phased) out += "  phased      the information may be given in phases\n";
  for (const std::string& w : d.warnings) out += "  warning     " + safe(w) + "\n";

  if (!rule.content.empty()) {
    out += "\n" + p.bold("The notice must contain") + "\n";
    for (const std::string& c : rule.content) out += "  - " + safe(c) + "\n";
  }
  if (!rule.notes.empty()) {
    out += "\n" + p.bold("Notes") + "\n";
    for (const std::string& n : rule.notes) out += "  - " + safe(n) + "\n";
  }
  out += "\n" + p.bold("Citations") + "\n";
  for (const citation& c : *view.cites)
    out += "  - " + safe(c.ref) + (c.url.empty() ? "" : " <" + safe(c.url) + ">") + "\n";

  // What the regime says about itself: how sure it is, and the limits it states.
  out += "\n" + p.bold(fmt::format("The regime: {}", safe(pack.id))) + "\n";
  out += fmt::format("  confidence  {}\n", to_string(pack.certainty));
  for (const std::string& n : pack.notes) out += "  - " + safe(n) + "\n";
  if (pack.notes.empty()) out += "  (no notes)\n";
  return out;
}

}  // namespace breachclock
