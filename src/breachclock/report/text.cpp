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

// The width every text report fits in, in display columns.
constexpr std::size_t k_width = 100;

// Display columns of `s` (valid UTF-8, as safe() makes it): one per code point; the colour
// sequences of the palette ("\x1b[...m") take none (safe() shows every escape from a rule or an
// incident as text, so an escape byte here is the palette's).
std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '\x1b') {
      const std::size_t m = s.find('m', k);
      if (m != std::string_view::npos) {
        k = m;
        continue;
      }
    }
    n += (static_cast<unsigned char>(s[k]) & 0xC0) != 0x80 ? 1U : 0U;
  }
  return n;
}

// The words of a text (already safe), to be filled into lines: split at spaces.
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t k = 0;
  while (k < s.size()) {
    const std::size_t space = s.find(' ', k);
    const std::size_t end = space == std::string_view::npos ? s.size() : space;
    if (end > k) out.emplace_back(s.substr(k, end - k));
    k = end + 1;
  }
  return out;
}

// The items of a list (ids, names: each shown whole, never split), "a," "b," "c": filled into
// lines, they break only after a comma.
template <typename Range>
std::vector<std::string> items(const Range& names) {
  std::vector<std::string> out;
  for (const auto& n : names) {
    if (!out.empty()) out.back() += ',';
    out.push_back(safe(n));
  }
  return out;
}

// Units (words or items, each whole) laid in lines, a space between two on one line: the first
// line has `first` columns of room, the others `rest`. A unit wider than the room goes on a
// line of its own, whole.
std::vector<std::string> fill(const std::vector<std::string>& units, std::size_t first, std::size_t rest) {
  std::vector<std::string> lines(1);
  std::size_t used = 0;
  for (const std::string& u : units) {
    const std::size_t w = columns(u);
    const std::size_t room = lines.size() == 1 ? first : rest;
    if (used > 0 && used + 1 + w > room) {
      lines.emplace_back();
      used = 0;
    }
    if (used > 0) {
      lines.back() += ' ';
      ++used;
    }
    lines.back() += u;
    used += w;
  }
  return lines;
}

std::size_t room_after(std::string_view prefix) {
  const std::size_t w = columns(prefix);
  return w < k_width ? k_width - w : 1;
}

// A paragraph: `first` before its first line, `rest` (spaces, usually) before the others, each
// line's text through `paint` (a colour, or none), every line ended.
template <typename Paint>
std::string paragraph(std::string_view first, std::string_view rest, const std::vector<std::string>& units,
                      Paint paint) {
  std::string out;
  const std::vector<std::string> lines = fill(units, room_after(first), room_after(rest));
  for (std::size_t k = 0; k < lines.size(); ++k) {
    out += k == 0 ? first : rest;
    out += paint(lines[k]);
    out += '\n';
  }
  return out;
}

std::string paragraph(std::string_view first, std::string_view rest, const std::vector<std::string>& units) {
  return paragraph(first, rest, units, [](const std::string& t) { return t; });
}

// A paragraph whose continuation lines hang under the text after `first`.
std::string hanging(std::string_view first, const std::vector<std::string>& units) {
  return paragraph(first, std::string(columns(first), ' '), units);
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
  const std::size_t points = columns(s);
  if (points < width) s.append(width - points, ' ');
  return s;
}

// The DUE cell of the table: paragraphs (each starts a line), each of units that are never
// split. A dated due is one unit, in the deadline's zone, then in the incident's when it
// differs.
std::vector<std::vector<std::string>> due_cell(const detail::obligation_view& v) {
  switch (v.due) {
    case detail::due_form::not_applicable: return {{"-"}};
    case detail::due_form::no_limit: return {{"no", "time", "limit"}};
    case detail::due_form::soft: return {words(v.law_text ? safe(*v.law_text) : std::string("no fixed time"))};
    case detail::due_form::unknown_anchor:
      return {words("unknown until " + safe(v.result->deadline.from) + " is known")};
    case detail::due_form::not_started: return {{"not", "started"}};
    case detail::due_form::dated: break;
  }
  std::vector<std::vector<std::string>> cell;
  cell.push_back(v.keep_until ? std::vector<std::string>{"keep", "until", v.due_local}
                              : std::vector<std::string>{v.due_local});
  if (v.other_zone) cell.push_back({"(" + v.due_incident + ")"});
  return cell;
}

// The cell's lines in `width` columns.
std::vector<std::string> cell_lines(const std::vector<std::vector<std::string>>& cell, std::size_t width) {
  std::vector<std::string> out;
  for (const std::vector<std::string>& p : cell) {
    for (std::string& l : fill(p, width, width)) out.push_back(std::move(l));
  }
  return out;
}

// The widest unit of a cell (the least room it can have), and its widest paragraph on one line.
std::size_t narrowest(const std::vector<std::vector<std::string>>& cell) {
  std::size_t w = 0;
  for (const auto& p : cell)
    for (const std::string& u : p) w = std::max(w, columns(u));
  return w;
}
std::size_t natural(const std::vector<std::vector<std::string>>& cell) {
  std::size_t w = 0;
  for (const auto& p : cell) w = std::max(w, columns(fill(p, SIZE_MAX, SIZE_MAX).front()));
  return w;
}

// The LEFT cell: the time left, or overdue, against as_of.
std::string left_cell(const detail::obligation_view& v) {
  if (v.done) return v.late ? "done late" : "done";
  if (!v.left) return "";
  return v.overdue ? "overdue " + *v.left : *v.left;
}

// The lines under a duty's row, after the status column: its recipient, how its deadline is
// counted, and what it depends on.
std::vector<std::pair<std::string, std::vector<std::string>>> row_notes(const detail::obligation_view& v) {
  const obligation_result& o = *v.result;
  const deadline_result& d = o.deadline;
  std::vector<std::pair<std::string, std::vector<std::string>>> notes;
  notes.emplace_back("to: ", words(safe(v.recipient)));
  if (v.proposed) notes.emplace_back("", words(safe(*v.proposed)));
  if (v.done) notes.emplace_back("", words(safe(*v.done)));
  if (v.not_started) notes.emplace_back("not started: ", words(safe(v.not_started->substr(13))));
  for (const detail::limit_view& l : v.limits)
    notes.emplace_back(std::string(v.combine) + ": ", words(safe(l.what) + ": " + safe(l.due)));
  if (v.governed) notes.emplace_back("", words(safe(*v.governed)));
  if (v.rolled) notes.emplace_back("", words(safe(*v.rolled)));
  for (const std::string& m : v.moved) notes.emplace_back("", words(safe(m)));
  if (d.provisional && o.state != status::not_required) {
    notes.emplace_back("provisional: ",
                       words("counted from " + safe(d.anchor_event) + " while " + safe(d.from) + " is not known"));
  }
  if (d.target_due) notes.emplace_back("internal target: ", std::vector<std::string>{v.target_local});
  if (o.state == status::undetermined && !o.depends_on.empty()) notes.emplace_back("depends on: ", items(o.depends_on));
  return notes;
}

// "GB (module uk)", "GB (modules uk, uk-extra)", "No jurisdiction".
std::string group_heading(const detail::jurisdiction_group& g) {
  std::string out = !g.jurisdiction.empty() ? safe(g.jurisdiction) : g.policy ? "Policy" : "No jurisdiction";
  if (g.jurisdiction.empty() && g.modules.empty()) {
    // Overlays and packs of no jurisdiction: named by their packs.
    out += " (";
    for (std::size_t k = 0; k < g.regimes.size(); ++k) out += (k > 0 ? ", " : "") + safe(g.regimes[k]->id);
    out += ")";
  } else if (!g.modules.empty()) {
    out += g.modules.size() == 1 ? " (module " : " (modules ";
    for (std::size_t k = 0; k < g.modules.size(); ++k) out += (k > 0 ? ", " : "") + safe(g.modules[k]);
    out += ")";
  }
  return out;
}

std::string counts(std::size_t required, std::size_t undetermined) {
  std::string out;
  if (required > 0) out += fmt::format("{} required", required);
  if (undetermined > 0) out += fmt::format("{}{} undetermined", out.empty() ? "" : ", ", undetermined);
  return out;
}

// "decides: a, b, c", or "decides: every obligation (31)" for the scope question that decides
// every one.
std::vector<std::string> decides_units(const assessment& a, const question& q) {
  if (detail::decides_all(a, q)) return words(fmt::format("every obligation ({})", a.obligations.size()));
  return items(q.decides);
}

// How to answer the scope question: the incident's key.
constexpr const char* k_scope_hint = "In the incident file: scope = [\"GB\", \"CA-ON\"] (ISO 3166 codes).";

// Up to this many packs, the header names them; beyond, it counts them (a hundred modules would
// fill the first screen).
constexpr std::size_t k_packs_named = 20;

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
  const auto bold = [&](const std::string& t) { return p.bold(t); };
  const auto dim = [&](const std::string& t) { return p.dim(t); };
  const detail::presentation view = detail::present(a);
  std::string out;
  out += paragraph("", "  ",
                   words(fmt::format("Incident {} ({}), as of {}", safe(a.incident_id), a.incident_zone.name(),
                                     view.as_of_local)),
                   bold);
  out += hanging("Scope: ", words(safe(detail::scope_text(a))));
  std::vector<std::string> rules{"Rules", std::string(a.rules.digest().substr(0, 19))};
  std::vector<std::string_view> pack_ids;
  for (const regime& r : a.rules.regimes()) pack_ids.push_back(r.id);
  std::vector<std::string> packs = pack_ids.size() <= k_packs_named
                                       ? items(pack_ids)
                                       : words(fmt::format("{} packs; --format json lists them", pack_ids.size()));
  if (!packs.empty()) {
    packs.front() = "(" + packs.front();
    packs.back() += ")";
  }
  rules.insert(rules.end(), packs.begin(), packs.end());
  out += paragraph("", "  ", rules, dim);
  out += "\n";

  // At a glance: how many duties apply, may apply, and do not.
  std::string summary = fmt::format("Duties: {} required, {} undetermined, {} not required", view.required,
                                    view.undetermined, view.not_required_count);
  if (view.out_of_scope_total > 0)
    summary += fmt::format(" ({} outside the incident's scope)", view.out_of_scope_total);
  if (view.proposed > 0)
    summary += fmt::format("; {} result{} of proposed law beside them, not binding", view.proposed,
                           view.proposed == 1 ? "" : "s");
  out += paragraph("", "  ", words(summary + "."));
  if (view.shown.empty()) out += "No obligation applies or may apply.\n";

  // The duties that apply or may apply, by jurisdiction, each group in the assessment's order
  // (by due), as a table: status, obligation, due (in the deadline's zone, and in the
  // incident's when it differs), time left; under each row its recipient, a provisional
  // anchor, a policy target and what it depends on. Columns are sized to their content within
  // the width; an id too long for its column takes a line of its own and the row goes on below.
  constexpr std::size_t w_status = 12;
  constexpr std::size_t gap = 2;
  std::size_t w_left = 4;
  std::size_t w_due_min = 3;
  std::size_t w_due_nat = 3;
  std::size_t w_id_nat = 10;
  for (const detail::obligation_view* v : view.shown) {
    const auto cell = due_cell(*v);
    w_due_min = std::max(w_due_min, std::min<std::size_t>(narrowest(cell), 40));
    w_due_nat = std::max(w_due_nat, natural(cell));
    w_left = std::max(w_left, columns(left_cell(*v)));
    w_id_nat = std::max(w_id_nat, columns(safe(v->result->rule->id)));
  }
  const std::size_t fixed = w_status + gap + gap + gap + w_left;
  const std::size_t w_id =
      std::max<std::size_t>(10, std::min(w_id_nat, k_width - fixed - std::min(w_due_min, std::size_t{30})));
  const std::size_t w_due = std::max(std::min(w_due_nat, k_width > fixed + w_id ? k_width - fixed - w_id : 0),
                                     w_due_min);
  const std::string under(w_status + gap, ' ');
  if (!view.shown.empty()) {
    out += "\n" +
           p.bold(pad("STATUS", w_status) + "  " + pad("OBLIGATION", w_id) + "  " + pad("DUE", w_due) + "  " + "LEFT") +
           "\n";
  }
  for (const detail::jurisdiction_group& g : view.groups) {
    out += "\n" + paragraph("", "  ", words(group_heading(g) + ": " + counts(g.required, g.undetermined)), bold);
    for (const detail::obligation_view* v : g.obligations) {
      const std::string id = safe(v->result->rule->id);
      const std::vector<std::string> due = cell_lines(due_cell(*v), w_due);
      std::string left = left_cell(*v);
      if (!left.empty() && v->overdue) left = p.red(left);
      const std::string status = coloured_status(*v, p, w_status);
      // Row k: the status and id (first row only), the k-th line of the due, the time left
      // (first line only).
      std::size_t k = 0;
      if (columns(id) > w_id) {
        out += columns(id) + w_status + gap <= k_width ? status + "  " + id + "\n" : status + "\n" + id + "\n";
      }
      for (; k < due.size(); ++k) {
        std::string line = k == 0 && columns(id) <= w_id ? status + "  " + pad(id, w_id) : under + pad("", w_id);
        line += "  " + pad(due[k], w_due);
        if (k == 0) line += "  " + left;
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
      }
      for (const auto& [label, units] : row_notes(*v)) {
        out += paragraph(under + label, std::string(w_status + gap + label.size(), ' '), units, dim);
      }
    }
  }
  // The regimes of those duties, briefly: how sure each is, and that its notes state its limits.
  if (!view.shown_regimes.empty()) {
    out += "\n" + p.bold("Regimes") + "\n";
    for (const regime* r : view.shown_regimes) {
      std::string line = safe(r->id) + (r->jurisdiction.empty() ? "" : " (" + safe(r->jurisdiction) + ")") +
                         ": confidence " + to_string(r->certainty);
      if (!r->notes.empty()) {
        line += fmt::format("; {} note{} on what it models and leaves out (breachclock explain)", r->notes.size(),
                            r->notes.size() == 1 ? "" : "s");
      }
      out += paragraph("  ", "    ", words(line));
    }
  }
  // The duties that do not apply: those outside the scope counted by jurisdiction, the others
  // listed.
  if (!view.not_required.empty()) out += "\n";
  if (!view.out_of_scope.empty()) {
    std::vector<std::string> counted;
    for (const detail::scope_count& c : view.out_of_scope)
      counted.push_back(fmt::format("{} ({})", c.jurisdiction.empty() ? "no jurisdiction" : c.jurisdiction, c.count));
    std::vector<std::string> units = words("Outside the incident's scope:");
    for (std::string& c : items(counted)) units.push_back(std::move(c));
    out += paragraph("", "  ", units, dim);
  }
  if (!view.ruled_out.empty()) {
    std::vector<std::string> units = words(fmt::format("Not required ({}):", view.ruled_out.size()));
    std::vector<std::string_view> ids;
    for (const detail::obligation_view* v : view.ruled_out) ids.push_back(v->result->rule->id);
    for (std::string& id : items(ids)) units.push_back(std::move(id));
    out += paragraph("", "  ", units, dim);
    for (const detail::obligation_view* v : view.ruled_out)
      if (v->displaced)
        out += paragraph("  ", "    ", words(safe(v->result->rule->id) + ": " + safe(*v->displaced)), dim);
  }
  if (!a.questions.empty()) {
    out += "\n" + p.bold("Open questions (the answer decides the obligations listed)") + "\n";
    std::size_t n = 0;
    for (const question& q : a.questions) {
      out += paragraph(fmt::format("{:>3}. ", ++n), "       ",
                       words(safe(q.name) + (q.is_event ? " (event)" : "") +
                             (q.is_scope ? " (the incident's scope)" : "")));
      if (const std::optional<std::string> t = detail::question_text(q))
        out += paragraph("     ", "     ", words(safe(*t)));
      if (q.is_scope) out += paragraph("     ", "     ", words(k_scope_hint));
      out += paragraph("     decides: ", std::string(14, ' '), decides_units(a, q), dim);
    }
  }
  if (!a.warnings.empty()) {
    out += "\n" + p.bold("Warnings") + "\n";
    for (const std::string& w : a.warnings) out += paragraph("  - ", "    ", words(safe(w)));
  }
  return out;
}

std::string render_questions(const assessment& a, const text_options& options) {
  const palette p{options.color};
  const auto bold = [&](const std::string& t) { return p.bold(t); };
  std::string out;
  if (a.questions.empty()) return "No open questions: every obligation is decided and every deadline has its anchor.\n";
  std::size_t n = 0;
  for (const question& q : a.questions) {
    const std::string number = fmt::format("{}. ", ++n);
    const std::optional<std::string> t = detail::question_text(q);
    out += paragraph(number, std::string(number.size(), ' '), words(safe(t ? *t : std::string(q.name))), bold);
    const std::string indent(number.size(), ' ');
    if (q.is_scope) out += paragraph(indent, indent, words(k_scope_hint));
    const std::string what = q.is_scope ? "the incident's scope" : (q.is_event ? "event " : "fact ") + safe(q.name);
    std::vector<std::string> units =
        words(fmt::format("{} decides {} obligation{}{}", what, q.decides.size(), q.decides.size() == 1 ? "" : "s",
                          detail::decides_all(a, q) ? " (every one)" : ":"));
    if (!detail::decides_all(a, q))
      for (std::string& id : items(q.decides)) units.push_back(std::move(id));
    out += paragraph(indent, indent + "  ", units);
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
  std::string out = fmt::format("{} ({})", d.tz.name(), whose);
  const holiday_calendar* cal = o.recipient != nullptr ? o.recipient->calendar : nullptr;
  if (calendar_used) out += cal != nullptr ? ", calendar " + safe(cal->id()) : ", with no holiday calendar";
  else if (cal != nullptr) out += "; calendar " + safe(cal->id()) + " not used (calendar days)";
  return out;
}

}  // namespace

std::string render_explanation(const assessment& a, const obligation_result& o, const text_options& options) {
  const palette p{options.color};
  const auto bold = [&](const std::string& t) { return p.bold(t); };
  const obligation& rule = *o.rule;
  const regime& pack = *o.pack;
  const detail::obligation_view view = detail::view_of(o, a.incident_zone);
  // "  label       text", the text wrapped under itself.
  const std::string hang(14, ' ');
  const auto field = [&](std::string_view label, const std::vector<std::string>& units) {
    return paragraph("  " + pad(std::string(label), 12), hang, units);
  };
  const auto list = [&](const std::vector<std::string>& texts) {
    std::string s;
    for (const std::string& t : texts) s += paragraph("  - ", "    ", words(safe(t)));
    return s;
  };
  std::string out;
  out += paragraph("", "  ", words(safe(rule.id) + ": " + safe(rule.title)), bold);
  std::vector<std::string> st{coloured_status(view, p, 0)};
  if (o.out_of_scope) {
    for (std::string& w : words("(outside the incident's scope: not evaluated)")) st.push_back(std::move(w));
  } else if (!o.depends_on.empty()) {
    st.emplace_back("(depends");
    st.emplace_back("on");
    for (std::string& d : items(o.depends_on)) st.push_back(std::move(d));
    st.back() += ")";
  }
  out += field("status", st);
  if (view.proposed) out += field("proposed", words(safe(*view.proposed)));
  if (view.displaced) out += field("displaced", words(safe(*view.displaced)));
  std::string regime_text = safe(pack.id) + " (" + safe(pack.title) + ")";
  if (!pack.jurisdiction.empty()) regime_text += ", " + safe(pack.jurisdiction);
  if (!pack.module.empty()) regime_text += ", module " + safe(pack.module);
  out += field("regime", words(regime_text));
  out += field("to", words(safe(view.recipient)));
  out += field("action", words(to_string(rule.act)));
  std::string sure = to_string(o.certainty);
  if (rule.certainty != pack.certainty) {
    sure += fmt::format(" (the duty: {}; its regime: {}; the weaker counts)", to_string(rule.certainty),
                        to_string(pack.certainty));
  }
  out += field("confidence", words(sure));

  // Each step: its value and label in columns, the condition wrapped under itself.
  out += "\n" + p.bold("Why") + "\n";
  for (const detail::step_view& s : view.steps) {
    std::string text = s.replaced ? safe(*s.replaced) + ": " + safe(s.condition) : safe(s.condition);
    if (!s.tested.empty()) text += " (" + safe(s.tested) + ")";
    if (s.because) text += " -- " + safe(*s.because);
    std::string value = pad("[" + std::string(s.value) + "]", 9);
    if (s.entry->value == tri::unknown) value = p.yellow(value);
    std::vector<std::string> units = words(text);
    if (!s.refs.empty()) {
      std::vector<std::string> refs = words("(" + safe(s.refs) + ")");
      for (std::string& r : refs) units.push_back(p.dim(r));
    }
    out += paragraph("  " + value + " " + pad(std::string(s.label), 10) + " ", std::string(23, ' '), units);
  }
  if (o.because.empty()) out += "  always applies\n";

  const deadline_result& d = o.deadline;
  out += "\n" + p.bold("Deadline") + "\n";
  if (d.text != nullptr && !d.text->empty()) out += field("law", words("\"" + safe(*d.text) + "\""));
  std::string kind = to_string(d.kind);
  if (rule.deadline.period) kind += ", " + to_string(rule.deadline.period->length);
  if (!d.from.empty()) kind += ", from " + safe(detail::anchor_phrase(d.from_kind, d.from));
  if (!view.combine.empty()) kind += fmt::format(", {} {} limits", view.combine, view.limits.size());
  out += field("kind", words(kind));
  if (rule.deadline.period) {
    out += field("counting", words(fmt::format("convention {}, roll {}", to_string(rule.deadline.period->counting),
                                               to_string(rule.deadline.period->rolling))));
  }
  if (const std::string c = counted_in(o); !c.empty()) out += field("counted in", words(c));
  if (d.anchor) {
    std::vector<std::string> anchor = words(safe(d.anchor_event) + " " + format_utc(*d.anchor));
    if (d.provisional) {
      for (std::string& w : words(fmt::format("(provisional: {} is not known)", safe(d.from))))
        anchor.push_back(p.yellow(w));
    }
    out += field("anchor", anchor);
  } else if (!d.from.empty() && !view.not_started) {
    out += field("anchor", words(safe(d.from) + " is not known"));
  }
  if (d.counting_from)
    out += field("counted", words(fmt::format("from {} (the start of the next hour)", format_utc(*d.counting_from))));
  if (o.state == status::not_required) {
    out += field("due",
                 words(o.out_of_scope ? "none: outside the incident's scope" : "none: the obligation does not apply"));
  }
  if (d.due) {
    out += field("due", {view.due_local, "(" + view.due_local_iso + ")"});
    if (view.other_zone) out += field("", {view.due_incident, "(" + view.due_incident_iso + ")"});
    if (d.rolled_from) out += field("rolled", words("from " + format_date(*d.rolled_from)));
  }
  if (view.not_started) out += field("due", words(safe(*view.not_started)));
  for (const detail::limit_view& l : view.limits)
    out += field(view.combine, words(safe(l.what) + ": " + safe(l.due) + (l.governs ? " (governed)" : "")));
  if (view.governed) out += field("", words(safe(*view.governed)));
  if (view.rolled) out += field("rolled", words(safe(view.rolled->substr(7))));
  for (const std::string& m : view.moved) out += field("timing", words(safe(m)));
  if (view.done) out += field("done", words(safe(view.done->substr(5))));
  if (view.left) out += field("left", {view.overdue ? p.red("overdue by " + *view.left) : *view.left});
  if (d.target_due) {
    std::vector<std::string> target{view.target_local};
    for (std::string& w : words("(" + safe(d.target->policy) + ": " + safe(d.target->note) + ")"))
      target.push_back(std::move(w));
    out += field("target", target);
  }
  if (!rule.late.empty()) out += field("if late", words(safe(rule.late)));
  if (rule.phased) out += field("phased", words("the information may be given in phases"));
  for (const std::string& w : d.warnings) out += field("warning", words(safe(w)));

  if (!rule.content.empty()) out += "\n" + p.bold("The notice must contain") + "\n" + list(rule.content);
  if (!rule.notes.empty()) out += "\n" + p.bold("Notes") + "\n" + list(rule.notes);
  out += "\n" + p.bold("Citations") + "\n";
  for (const citation& c : *view.cites) {
    std::vector<std::string> units = words(safe(c.ref));
    if (!c.url.empty()) units.push_back("<" + safe(c.url) + ">");  // whole: a link is never split
    out += paragraph("  - ", "    ", units);
  }

  // What the regime says about itself: how sure it is, and the limits it states.
  out += "\n" + paragraph("", "  ", words(fmt::format("The regime: {}", safe(pack.id))), bold);
  out += field("confidence", words(to_string(pack.certainty)));
  out += list(pack.notes);
  if (pack.notes.empty()) out += "  (no notes)\n";
  return out;
}

}  // namespace breachclock
