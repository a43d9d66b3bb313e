#include "breachclock/report/json.hpp"

#include <cstdint>
#include <cstring>

#include "report/json_writer.hpp"
#include "report/presentation.hpp"

namespace breachclock {

namespace detail {

namespace {

// The bytes that end a run of bytes copied as they are: quote, backslash, controls, non-ASCII.
constexpr bool plain(unsigned char c) noexcept { return c >= 0x20 && c != '"' && c != '\\' && c < 0x80; }

// The length of the well-formed UTF-8 sequence at s[i] (a lead byte of 0x80 or above), or the
// negative length of its maximal ill-formed subpart (Unicode table 3-7, as nlohmann's decoder
// rejects: at the first byte that cannot continue the sequence).
int utf8_sequence(std::string_view s, std::size_t i) noexcept {
  const auto b = static_cast<unsigned char>(s[i]);
  int n = 0;
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) n = 2;
  else if (b == 0xE0) n = 3, lo = 0xA0;
  else if (b == 0xED) n = 3, hi = 0x9F;
  else if (b >= 0xE1 && b <= 0xEF) n = 3;
  else if (b == 0xF0) n = 4, lo = 0x90;
  else if (b == 0xF4) n = 4, hi = 0x8F;
  else if (b >= 0xF1 && b <= 0xF3) n = 4;
  else return -1;
  for (int k = 1; k < n; ++k) {
    if (i + static_cast<std::size_t>(k) >= s.size()) return -k;
    const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if (c < (k == 1 ? lo : 0x80U) || c > (k == 1 ? hi : 0xBFU)) return -k;
  }
  return n;
}

// Whether any of the 8 bytes of `v` is not plain (a word at a time: most text is all plain).
constexpr bool any_special(std::uint64_t v) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101U;
  constexpr std::uint64_t highs = 0x8080808080808080U;
  const auto zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  const std::uint64_t below_space = (v - 0x20 * ones) & ~v & highs;
  return ((v & highs) | below_space | zero_byte(v ^ ('"' * ones)) | zero_byte(v ^ ('\\' * ones))) != 0;
}

// The index of the first byte from `i` on that is not plain, or s.size().
std::size_t plain_run_end(std::string_view s, std::size_t i) noexcept {
  for (std::uint64_t v = 0; i + 8 <= s.size(); i += 8) {
    std::memcpy(&v, s.data() + i, 8);
    if (any_special(v)) break;
  }
  while (i < s.size() && plain(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  out.push_back('"');
  std::size_t run = 0;  // the start of the bytes not yet copied
  std::size_t i = 0;
  while (i < s.size()) {
    i = plain_run_end(s, i);
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const int n = utf8_sequence(s, i);
      if (n > 0) {
        i += static_cast<std::size_t>(n);
        continue;
      }
      out.append(s.data() + run, i - run);
      out.append("\xEF\xBF\xBD", 3);
      i += static_cast<std::size_t>(-n);
      run = i;
      continue;
    }
    out.append(s.data() + run, i - run);
    switch (c) {
      case '"': out.append("\\\"", 2); break;
      case '\\': out.append("\\\\", 2); break;
      case '\b': out.append("\\b", 2); break;
      case '\f': out.append("\\f", 2); break;
      case '\n': out.append("\\n", 2); break;
      case '\r': out.append("\\r", 2); break;
      case '\t': out.append("\\t", 2); break;
      default:
        out.append("\\u00", 4);
        out.push_back(k_hex[c >> 4]);
        out.push_back(k_hex[c & 15]);
    }
    ++i;
    run = i;
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

}  // namespace detail

namespace {

using detail::json_writer;

json_writer::layout layout_of(const json_options& o) {
  return o.compact ? json_writer::layout::compact : json_writer::layout::indented;
}

void optional_utc(json_writer& w, std::string_view k, const std::optional<instant>& t) {
  if (t) w.field(k, format_utc(*t));
  else w.field_null(k);
}

void citations(json_writer& w, const std::vector<citation>* cs) {
  w.begin_array();
  if (cs != nullptr) {
    for (const citation& c : *cs) {
      w.begin_object();
      w.field("ref", c.ref);
      w.field("url", c.url);
      w.end_object();
    }
  }
  w.end_array();
}

// A trace step's condition as the contract writes it: for "in force", the window's text (or
// "in force") and the instant tested.
std::string trace_condition(const detail::step_view& st) {
  if (st.entry->what != trace_entry::kind::in_force) return st.condition;
  std::string s = st.condition.empty() ? "in force" : st.condition;
  if (!st.tested.empty()) s += " (" + st.tested + ")";
  return s;
}

void limits_json(json_writer& w, const deadline_result& d) {
  w.key("limits");
  w.begin_array();
  for (const limit_result& l : d.limits) {
    w.begin_object();
    const deadline_limit* r = l.rule;
    w.field_or_null("from", r != nullptr, r != nullptr ? std::string_view(r->from) : std::string_view());
    w.field("from_kind", to_string(r != nullptr ? r->from_kind : anchor_kind::event));
    if (r != nullptr) w.field("within", to_string(r->period.length));
    else w.field_null("within");
    optional_utc(w, "anchor", l.anchor);
    optional_utc(w, "due", l.due);
    w.field_bool("not_started", l.not_started && !l.due);
    w.field_bool("lapsed", l.lapsed);
    w.field_or_null("unless_later", r != nullptr && !r->unless_later.empty(),
                    r != nullptr ? std::string_view(r->unless_later) : std::string_view());
    w.end_object();
  }
  w.end_array();
}

// The journal's filing of the duty (contract: null or exactly at, on_time, late_by_seconds,
// reference).
void filed_json(json_writer& w, const obligation_result& o) {
  w.key("filed");
  if (!o.filed) return w.null();
  const filing_result& f = *o.filed;
  w.begin_object();
  w.field("at", format_utc(f.at));
  w.key("on_time");
  if (f.on_time) w.boolean(*f.on_time);
  else w.null();
  w.key("late_by_seconds");
  if (f.late_by_seconds) w.number(*f.late_by_seconds);
  else w.null();
  w.field_or_null("reference", !f.reference.empty(), f.reference);
  w.end_object();
}

// Lex specialis: null, or the displacing pack with the exception's reason and citations.
void displaced_json(json_writer& w, const obligation_result& o) {
  w.key("displaced_by");
  if (o.displaced == nullptr) return w.null();
  w.begin_object();
  w.field("pack", o.displaced->displaced_by);
  w.field("because", o.displaced->because);
  w.field("cite", detail::citation_refs(&o.displaced->cite));  // "ref; ref", as in `because`
  w.end_object();
}

void deadline_json(json_writer& w, const detail::obligation_view& v) {
  const obligation_result& o = *v.result;
  const deadline_result& d = o.deadline;
  w.begin_object();
  w.field("kind", to_string(d.kind));
  w.field_or_null("from", !d.from.empty(), d.from);
  w.field_or_null("anchor", d.anchor.has_value(), v.anchor_utc);
  w.field_bool("provisional", d.provisional);
  w.field_or_null("due", d.due.has_value(), v.due_utc);
  w.field_or_null("due_local", d.due.has_value(), v.due_local_iso);
  w.field("zone", d.tz.name());
  w.field("text", v.law_text ? std::string_view(*v.law_text) : std::string_view());
  w.field_or_null("target_due", d.target_due.has_value(), v.target_utc);
  w.key("remaining_seconds");
  if (d.remaining_seconds) w.number(*d.remaining_seconds);
  else w.null();
  w.field_bool("overdue", d.overdue && !o.filed);
  // A deadline that counts from a filing or request not recorded yet (contract: due null).
  w.field_bool("not_started", d.not_started && !d.due);
  // Additions to the contract.
  w.field_or_null("anchor_event", d.anchor.has_value(), d.anchor_event);
  if (d.due_date) w.field("due_date", format_date(*d.due_date));
  else w.field_null("due_date");
  w.field_or_null("due_incident_local", d.due.has_value(), v.due_incident_iso);
  optional_utc(w, "counting_from", d.counting_from);
  if (d.rolled_from) w.field("rolled_from", format_date(*d.rolled_from));
  else w.field_null("rolled_from");
  // The calendar of business days and rolls (the recipient's), if any.
  const holiday_calendar* cal = o.recipient != nullptr ? o.recipient->calendar : nullptr;
  w.field_or_null("calendar", cal != nullptr, cal != nullptr ? cal->id() : std::string_view());
  if (d.kind == deadline_kind::fixed || d.kind == deadline_kind::retention) {
    if (o.rule->deadline.period) w.field("period", to_string(o.rule->deadline.period->length));
    else w.field_null("period");
  }
  // Chained and combined deadlines: what `from` names, the limits and the one that governed,
  // and the due instant before a roll to a time of day.
  w.field("from_kind", to_string(d.from_kind));
  w.field("combine", to_string(o.rule->deadline.combine));
  limits_json(w, d);
  w.key("governed_by");
  if (d.governed_by) w.number(static_cast<std::int64_t>(*d.governed_by));
  else w.null();
  optional_utc(w, "rolled_due_from", d.rolled_due_from);
  // The recipient's filing cut-off ("17:30", in `zone`) when it set the due instant's time; the
  // journal's delays and the due instant before they moved it.
  if (d.cutoff) {
    const auto m = d.cutoff->count();
    const std::string hhmm{static_cast<char>('0' + m / 600), static_cast<char>('0' + m / 60 % 10), ':',
                           static_cast<char>('0' + m % 60 / 10), static_cast<char>('0' + m % 10)};
    w.field("cutoff", hhmm);
  } else {
    w.field_null("cutoff");
  }
  optional_utc(w, "undelayed_due", d.undelayed_due);
  w.key("delays");
  w.begin_array();
  for (const delay_result& r : d.delays) {
    const delay_entry& e = *r.entry;
    w.begin_object();
    w.field("at", format_utc(e.at));
    w.field_or_null("for", e.length.has_value(), e.length ? to_string(*e.length) : std::string());
    optional_utc(w, "until", e.until);
    w.field_bool("written", e.written);
    w.field("by", e.by);
    w.field("reference", e.reference);
    w.field_bool("applied", r.applied);
    optional_utc(w, "moved_to", r.until);
    w.field("note", r.note);
    w.end_object();
  }
  w.end_array();
  if (d.target != nullptr) {
    w.key("target");
    w.begin_object();
    w.field("policy", d.target->policy);
    w.field("within", to_string(d.target->within.length));
    w.field("note", d.target->note);
    w.end_object();
  }
  w.end_object();
}

// A fact as the incident file writes it: true, 42, { "min": 300, "max": 700 }, "high", ["a", "b"], { "at_least": ["a"]
// }.
void fact_json(json_writer& w, const fact_value& v) {
  if (const bool* b = v.as_bool()) return w.boolean(*b);
  if (const std::int64_t* i = v.as_int()) return w.number(*i);
  if (const std::string* t = v.as_string()) return w.string(*t);
  if (const count_range* r = v.as_range()) {
    w.begin_object();
    if (r->min) {
      w.key("min");
      w.number(*r->min);
    }
    if (r->max) {
      w.key("max");
      w.number(*r->max);
    }
    return w.end_object();
  }
  if (const set_value* s = v.as_set()) {
    if (s->complete) return w.strings(s->members);
    w.begin_object();
    w.field_strings("at_least", s->members);
    return w.end_object();
  }
  w.null();
}

void premises(json_writer& w, const assessment& a) {
  w.begin_object();
  w.field("id", a.incident_id);
  w.field("zone", a.incident_zone.name());
  // The jurisdictions in play; null: not given (every regime assessed, the scope asked first).
  if (a.scope()) w.field_strings("scope", *a.scope());
  else w.field_null("scope");
  // Additions to the contract: the premises, as given.
  w.field_or_null("title", !a.incident_title().empty(), a.incident_title());
  w.field_strings("notes", a.incident_notes());
  w.key("events");
  w.begin_object();
  for (const auto& [name, t] : a.events()) w.field(name, format_utc(t));
  w.end_object();
  // The facts, and each family of counts in a table of its own (affected: total and ISO 3166
  // codes), as an incident file writes them: the premises read back as the same incident.
  const fact_schema& schema = a.rules.schema();
  const auto family_of = [&schema](std::string_view name) -> const count_family* {
    const std::size_t dot = name.find('.');
    return dot == std::string_view::npos ? nullptr : schema.family(name.substr(0, dot));
  };
  w.key("facts");
  w.begin_object();
  for (const auto& [name, v] : a.facts()) {
    if (family_of(name) != nullptr) continue;
    w.key(name);
    fact_json(w, v);
  }
  w.end_object();
  for (const count_family& family : schema.families()) {
    bool open = false;
    for (const auto& [name, v] : a.facts()) {
      if (family_of(name) != &family) continue;
      if (!open) {
        w.key(family.name);
        w.begin_object();
        open = true;
      }
      w.key(std::string_view(name).substr(family.name.size() + 1));
      fact_json(w, v);
    }
    if (open) w.end_object();
  }
  w.field_strings("unknown_facts", a.unknown_facts);
  w.field_strings("unknown_events", a.unknown_events);
  w.end_object();
}

void packs(json_writer& w, const assessment& a) {
  w.key("rules");
  w.begin_object();
  w.field("digest", a.rules.digest());
  w.key("packs");
  w.begin_array();
  for (const regime& r : a.rules.regimes()) {
    // What a pack says about itself: where, how sure, and the limits its notes state.
    w.begin_object();
    w.field("id", r.id);
    w.field("title", r.title);
    w.field("kind", r.kind == pack_kind::law ? "law" : "policy");
    w.field_or_null("jurisdiction", !r.jurisdiction.empty(), r.jurisdiction);
    w.field_or_null("module", !r.module.empty(), r.module);
    w.field("confidence", to_string(r.certainty));
    w.field_strings("notes", r.notes);
    w.key("sources");
    citations(w, &r.sources);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

void trace(json_writer& w, const detail::obligation_view& v, bool full) {
  w.key("because");
  w.begin_array();
  if (full) {
    for (const detail::step_view& st : v.steps) {
      w.begin_object();
      w.field("condition", trace_condition(st));
      w.field("value", st.value);
      w.field("cite", st.refs);
      w.field("kind", to_string(st.entry->what));
      if (st.because) w.field("because", *st.because);
      if (st.replaced) w.field("instead_of", *st.replaced);
      w.end_object();
    }
  }
  w.end_array();
}

void obligation_json(json_writer& w, const detail::obligation_view& v, const json_options& options) {
  const obligation_result& o = *v.result;
  w.begin_object();
  w.field("id", o.rule->id);
  w.field("regime", o.rule->regime);
  w.field("title", o.rule->title);
  w.field("action", to_string(o.rule->act));
  w.key("recipient");
  w.begin_object();
  if (!o.recipient_depends_on.empty()) {
    // Chosen by a fact not yet known: which authority is open (DESIGN.md section 8, additive).
    w.field_null("id");
    w.field_null("name");
    w.field("undetermined_by", o.recipient_depends_on);
  } else {
    w.field("id", o.recipient != nullptr ? std::string_view(o.recipient->id) : std::string_view(o.rule->to));
    w.field("name", o.recipient != nullptr ? std::string_view(o.recipient->name) : std::string_view());
  }
  w.end_object();
  w.field("status", to_string(o.state));
  w.field_bool("out_of_scope", o.out_of_scope);
  w.field_strings("depends_on", o.depends_on);
  w.key("citations");
  citations(w, v.cites);
  w.key("deadline");
  deadline_json(w, v);
  trace(w, v, options.trace);
  w.field_strings("content", o.rule->content);
  w.field_strings("notes", o.rule->notes);
  w.field("confidence", to_string(o.certainty));
  w.field_bool("phased", o.rule->phased);
  w.field_or_null("late", !o.rule->late.empty(), o.rule->late);
  filed_json(w, o);
  displaced_json(w, o);
  w.field_bool("proposed", o.proposed);
  w.field_or_null("proposal", o.proposed, v.proposal);
  w.end_object();
}

}  // namespace

void append_json(std::string& out, const assessment& a, const json_options& options) {
  json_writer w(out, layout_of(options));
  w.begin_object();
  w.field("schema", k_assessment_schema);
  w.key("incident");
  premises(w, a);
  w.field("as_of", format_utc(a.as_of));
  packs(w, a);
  const detail::presentation view = detail::present(a);
  w.key("obligations");
  w.begin_array();
  for (const detail::obligation_view& v : view.obligations) obligation_json(w, v, options);
  w.end_array();
  w.key("questions");
  w.begin_array();
  for (const question& q : a.questions) {
    w.begin_object();
    w.field("fact", q.name);
    w.field("question", q.text != nullptr ? std::string_view(*q.text) : std::string_view());
    w.field_strings("decides", q.decides);
    w.field("kind", q.is_scope ? "scope" : q.is_event ? "event" : "fact");
    w.end_object();
  }
  w.end_array();
  w.field_strings("warnings", a.warnings);
  w.end_object();
  out.push_back('\n');
}

std::string render_json(const assessment& a, const json_options& options) {
  std::string out;
  append_json(out, a, options);
  return out;
}

std::string render_json(const assessment& a) { return render_json(a, json_options{}); }

void append_error_json(std::string& out, std::string_view input, const std::vector<diagnostic>& ds) {
  json_writer w(out, json_writer::layout::compact);
  w.begin_object();
  w.field("schema", k_error_schema);
  w.field("input", input);
  w.key("diagnostics");
  w.begin_array();
  for (const diagnostic& d : ds) {
    w.begin_object();
    w.field_or_null("file", !d.where.file.empty(), d.where.file);
    w.key("line");
    if (d.where.line > 0) w.number(d.where.line);
    else w.null();
    w.key("col");
    if (d.where.column > 0) w.number(d.where.column);
    else w.null();
    w.field("severity", to_string(d.level));
    w.field("code", d.code);
    w.field("message", d.message);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  out.push_back('\n');
}

std::string render_deadline_json(instant from, const deadline_rule& rule, const zone& z,
                                 const holiday_calendar* calendar, const deadline& d) {
  std::string out;
  json_writer w(out, json_writer::layout::indented);
  w.begin_object();
  w.field("from", format_utc(from));
  w.field("due", format_utc(d.due));
  w.field("due_local", z.format(d.due));
  if (d.due_date) w.field("due_date", format_date(*d.due_date));
  w.field("zone", z.name());
  w.field("period", to_string(rule.length));
  w.field("convention", to_string(rule.counting));
  w.field("roll", to_string(rule.rolling));
  w.field_or_null("calendar", calendar != nullptr, calendar != nullptr ? calendar->id() : std::string_view());
  w.field("counting_from", format_utc(d.counting_from));
  if (d.rolled_from) w.field("rolled_from", format_date(*d.rolled_from));
  else w.field_null("rolled_from");
  w.field_strings("warnings", d.warnings);
  w.end_object();
  out.push_back('\n');
  return out;
}

std::string render_holidays_json(const std::vector<holiday>& holidays) {
  std::string out;
  json_writer w(out, json_writer::layout::indented);
  w.begin_array();
  for (const holiday& h : holidays) {
    w.begin_object();
    w.field("date", format_date(h.date));
    w.field("name", h.name);
    w.field_bool("substitute", h.substitute);
    if (!h.cite.empty()) {  // a one-off added date's citations; absent for the rules' days
      w.key("cite");
      citations(w, &h.cite);
    }
    w.end_object();
  }
  w.end_array();
  out.push_back('\n');
  return out;
}

}  // namespace breachclock
