// The readers of a rule pack's values (pack_fields.hpp).
#include "rules/pack_fields.hpp"

#include <algorithm>
#include <set>

#include "detail/text.hpp"
#include "rules/checks.hpp"

namespace breachclock::rules_detail {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::vector<citation> field_reader::citations(detail::doc_reader& r, std::string_view key) {
  std::vector<citation> out;
  const detail::doc_value* n = r.get(key);
  if (n == nullptr) return out;
  auto one = [&](const detail::doc_value& e) {
    if (e.type == detail::doc_value::kind::string) {
      out.push_back(citation{e.string, ""});
    } else if (e.type == detail::doc_value::kind::object) {
      detail::doc_reader cr(e, s_.ds, "a citation");
      citation c;
      c.ref = cr.string("ref", true).value_or("");
      c.url = cr.string("url").value_or("");
      if (!c.url.empty() && !starts_with(c.url, "https://") && !starts_with(c.url, "http://")) {
        cr.error_at_key("url", "rules.url", "a citation url starts with https:// (or http://)");
      }
      cr.finish();
      out.push_back(std::move(c));
    } else {
      r.wrong_type(e, key, "a citation: \"ref\" or { ref = \"...\", url = \"https://...\" }");
    }
  };
  if (n->type == detail::doc_value::kind::array) {
    for (const detail::doc_value& e : n->items) one(e);
  } else {
    one(*n);
  }
  return out;
}

std::optional<expr::condition> field_reader::condition(detail::doc_reader& r, std::string_view key) {
  const detail::doc_value* n = r.get(key);
  if (n == nullptr) return std::nullopt;
  if (n->type != detail::doc_value::kind::string) {
    r.wrong_type(*n, key, "a condition in a string, such as 'personal_data_breach and role == \"controller\"'");
    return std::nullopt;
  }
  const expr::locator where = [n](std::size_t offset) { return n->locate(offset); };
  auto c = expr::compile(n->string, s_.data.schema, where);
  s_.take(c.diagnostics());
  if (!c) {
    s_.failed = true;
    return std::nullopt;
  }
  for (std::size_t i : c->facts_used()) check_module_of(s_, s_.data.schema.facts()[i].name, n->where());
  for (std::size_t i : c->events_used()) check_module_of(s_, s_.data.schema.events()[i].name, n->where());
  return std::move(*c);
}

effective_window field_reader::window(detail::doc_reader& r, const zone& tz) {
  effective_window w;
  const detail::doc_value* n = r.get("effective");
  if (n == nullptr) return w;
  if (n->type != detail::doc_value::kind::object) {
    r.wrong_type(*n, "effective", std::string(r.table_word()) + " such as { from = 2025-08-20 }");
    return w;
  }
  const detail::doc_value* t = n;
  detail::doc_reader er(*t, s_.ds, "effective");
  auto bound = [&](const char* key) -> std::optional<instant> {
    const detail::doc_value* b = er.get(key);
    if (b == nullptr) return std::nullopt;
    auto on_day = [&](civil_date day) {
      w.text += (w.text.empty() ? "" : " ") + std::string(key) + " " + format_date(day);
      return tz.start_of_day(date::local_days{day});
    };
    auto at_instant = [&](instant at) {
      w.text += (w.text.empty() ? "" : " ") + std::string(key) + " " + format_utc(at);
      return at;
    };
    if (b->type == detail::doc_value::kind::date) return on_day(b->date);
    if (b->type == detail::doc_value::kind::offset_datetime) return at_instant(b->offset);
    // JSON has no date or date-time type: "2025-08-20", or an RFC 3339 instant.
    if (b->type == detail::doc_value::kind::string && b->is_json()) {
      if (b->string.size() == 10) {
        if (auto day = er.date(key, false, "a date")) return on_day(*day);
        return std::nullopt;
      }
      auto at = parse_rfc3339(b->string, b->inside());
      s_.take(at.diagnostics());
      if (at) return at_instant(*at);
      return std::nullopt;
    }
    er.wrong_type(*b, key,
                  b->is_json() ? "a date \"2025-08-20\" or a date-time with offset \"2025-08-20T00:00:00Z\""
                               : "a date (2025-08-20) or a date-time with offset");
    return std::nullopt;
  };
  w.from = bound("from");
  w.until = bound("until");
  w.by = er.string("by").value_or("");
  if (!w.by.empty()) {
    s_.by_events.emplace_back(w.by, er.get("by")->where());
    check_module_of(s_, w.by, er.get("by")->where());
  }
  if (w.from && w.until && *w.until <= *w.from) er.error_at_key("until", "rules.effective", "until must be after from");
  if (w.always()) er.error(*t, "rules.effective", "effective needs from, until or both");
  er.finish();
  return w;
}

std::string field_reader::proposal(detail::doc_reader& r) {
  const detail::doc_value* n = r.get("proposed");
  if (n == nullptr) return {};
  const bool text = n->type == detail::doc_value::kind::string;
  if (!text || n->string.find_first_not_of(" \t\r\n") == std::string::npos) {
    r.error(*n, "rules.proposed",
            std::string(text ? "proposed is empty" : "proposed is not a string") +
                ": it names the proposal, such as proposed = \"Digital Omnibus, COM(2025) 837\" (law in force has "
                "no proposed key)");
    return {};
  }
  return n->string;
}

void field_reader::certainty(detail::doc_reader& r, confidence& out, const std::vector<std::string>& notes,
                             const std::string& what) {
  const auto c = r.string("confidence");
  if (!c) return;
  if (auto k = parse_confidence(*c)) {
    out = *k;
    if (*k != confidence::primary && notes.empty()) {
      r.error_at_key("confidence", "rules.confidence",
                     what + " has confidence '" + *c + "': add notes saying what rests on which source");
    }
  } else {
    r.error_at_key("confidence", "rules.confidence", "confidence is primary, secondary or unconfirmed");
  }
}

const authority* field_reader::recipient(detail::doc_reader& r, const regime& reg, obligation& o,
                                         const std::string& shown) {
  std::vector<std::string> ids;
  for (const authority& a : reg.authorities) ids.push_back(a.id);
  auto unknown_authority = [&](const detail::doc_value& at, const std::string& name) {
    r.error(at, "rules.unknown-authority",
            "unknown authority '" + detail::excerpt(name) + "'" + detail::did_you_mean(name, ids) +
                (ids.empty() ? " (the pack declares no [authority.*])"
                             : " (the pack's authorities are " + detail::quoted_list(ids, "and") + ")"));
  };
  const detail::doc_value* n = r.get("to");
  if (n == nullptr) {
    r.missing("to");
    return nullptr;
  }
  if (n->type == detail::doc_value::kind::string) {
    o.to = n->string;
    const authority* a = reg.find_authority(o.to);
    if (!o.to.empty() && a == nullptr) unknown_authority(*n, o.to);
    return a;
  }
  if (n->type != detail::doc_value::kind::object) {
    r.wrong_type(*n, "to",
                 std::string("an authority id, or ") + r.table_word() +
                     " { by = \"<enum fact>\", map = { <value> = \"<authority>\", ... } }");
    return nullptr;
  }
  const detail::doc_value* t = n;
  detail::doc_reader tr(*t, s_.ds, "the recipient of " + shown);
  recipient_choice choice;
  choice.where = t->where();
  choice.by = tr.string("by", true).value_or("");
  const detail::doc_value* map = tr.table("map", true);
  tr.finish();
  const fact_decl* fact = choice.by.empty() ? nullptr : s_.data.schema.fact(choice.by);
  if (fact != nullptr) check_module_of(s_, choice.by, t->find("by")->where());
  if (!choice.by.empty() && fact == nullptr) {
    std::vector<std::string> names;
    for (const fact_decl& f : s_.data.schema.facts()) names.push_back(f.name);
    tr.error(*t->find("by"), "rules.recipient",
             "unknown fact '" + detail::excerpt(choice.by) + "'" + detail::did_you_mean(choice.by, names) +
                 " (a recipient is chosen by an enum fact of facts.toml)");
    fact = nullptr;
  } else if (fact != nullptr && fact->type != fact_type::enumeration) {
    tr.error(*t->find("by"), "rules.recipient",
             "fact '" + fact->name + "' is of type " + to_string(fact->type) +
                 ": a recipient is chosen by an enum fact, each value naming an authority");
    fact = nullptr;
  }
  if (map == nullptr || fact == nullptr) {
    o.to_by = std::move(choice);
    return nullptr;
  }
  const authority* first = nullptr;
  std::vector<std::pair<std::string, std::string>> given;
  for (const detail::doc_member& m : map->members) {
    const std::string& v = m.key;
    const detail::doc_value& value = m.value;
    const std::string* s = value.type == detail::doc_value::kind::string ? &value.string : nullptr;
    if (std::find(fact->values.begin(), fact->values.end(), v) == fact->values.end()) {
      s_.error(m.key_where(), "rules.recipient",
               "'" + detail::excerpt(v) + "' is not a value of fact '" + fact->name + "'" +
                   detail::did_you_mean(v, fact->values) + " (its values are " +
                   detail::quoted_list(fact->values, "and") + ")");
      continue;
    }
    if (s == nullptr) {
      tr.wrong_type(value, "map." + v, "an authority id of the pack");
      continue;
    }
    if (reg.find_authority(*s) == nullptr) {
      unknown_authority(value, *s);
      continue;
    }
    given.emplace_back(v, *s);
  }
  std::vector<std::string> unmapped;
  for (const std::string& v : fact->values) {
    auto it = std::find_if(given.begin(), given.end(), [&v](const auto& g) { return g.first == v; });
    if (it != given.end()) {
      choice.map.push_back(*it);
      if (first == nullptr) first = reg.find_authority(it->second);
    } else if (map->find(v) == nullptr) {
      unmapped.push_back(v);
    }
  }
  if (!unmapped.empty()) {
    tr.error(*map, "rules.recipient",
             "the recipient of " + shown + " is chosen by fact '" + fact->name + "', but no authority is mapped for " +
                 detail::quoted_list(unmapped, "and") + ": map every value");
  }
  o.to_by = std::move(choice);
  return first;
}

void field_reader::check_chosen_calendars(const obligation& o, const regime& reg, const authority* checked) {
  std::set<const authority*> seen{checked};
  for (const auto& [value, id] : o.to_by->map) {
    const authority* a = reg.find_authority(id);
    if (a == nullptr || !seen.insert(a).second) continue;
    std::optional<diagnostic> fault;
    if (o.deadline.period) fault = check_deadline_rule(*o.deadline.period, a->calendar, o.to_by->where);
    else if (o.deadline.fixed_date) fault = check_fixed_date_rule(*o.deadline.fixed_date, a->calendar, o.to_by->where);
    else if (o.deadline.combined_roll != roll::none && a->calendar == nullptr)
      fault = make_error("deadline.no-calendar", o.to_by->where,
                         std::string("roll ") + to_string(o.deadline.combined_roll) + " needs a holiday calendar");
    if (fault) {
      fault->message += " (authority '" + a->id + "', chosen when " + o.to_by->by + " is \"" + value + "\"" +
                        (a->calendar == nullptr ? ", has no calendar)" : ")");
      s_.ds.push_back(*fault);
    }
  }
}

std::optional<delay_rule> field_reader::delay(detail::doc_reader& r, const std::string& id) {
  const detail::doc_value* t = r.table("delay");
  if (t == nullptr) return std::nullopt;
  detail::doc_reader dr(*t, s_.ds, "the delay of " + id);
  delay_rule d;
  d.where = t->where();
  bool ok = true;
  const std::optional<std::string> mode = dr.string("mode", true);
  if (mode == "extend") d.mode = delay_mode::extend;
  else if (mode == "from-statement") d.mode = delay_mode::from_statement;
  else if (mode) {
    dr.error_at_key("mode", "rules.delay",
                    "mode is \"extend\" (each delay moves the due instant later) or \"from-statement\" (the "
                    "notice waits until the delay's end, counted from the statement)");
    ok = false;
  }
  // `max`: one length, or (extend) a list of them, one per successive delay.
  auto length = [&](const detail::doc_value& v) {
    if (v.type != detail::doc_value::kind::string) {
      dr.wrong_type(v, "max", "a length of time such as \"30 days\"");
      ok = false;
      return;
    }
    auto p = parse_period(v.string, v.inside());
    s_.take(p.diagnostics());
    if (!p) {
      ok = false;
    } else if (!std::holds_alternative<elapsed_time>(*p) && !std::holds_alternative<calendar_days>(*p) &&
               !std::holds_alternative<calendar_weeks>(*p)) {
      dr.error(v, "rules.delay", "a delay's length is in hours, days or weeks, not " + to_string(*p));
      ok = false;
    } else {
      d.max.push_back(*p);
    }
  };
  if (const detail::doc_value* m = dr.get("max")) {
    if (m->type == detail::doc_value::kind::array && d.mode == delay_mode::extend && !m->items.empty()) {
      for (const detail::doc_value& v : m->items) length(v);
    } else {
      length(*m);
    }
  } else {
    dr.missing("max");
    ok = false;
  }
  if (auto w = dr.string("written")) {
    if (*w == "required" && d.mode == delay_mode::extend) d.written_only = true;
    else if (*w == "as-stated" && d.mode == delay_mode::from_statement) d.as_stated = true;
    else {
      dr.error_at_key("written", "rules.delay",
                      "written is \"required\" for mode = \"extend\" (only a delay in writing counts) or "
                      "\"as-stated\" for mode = \"from-statement\" (a written statement delays for the time it "
                      "states)");
      ok = false;
    }
  }
  d.cite = citations(dr, "cite");
  if (!dr.has("cite")) {
    dr.missing("cite");
    ok = false;
  }
  d.text = dr.string("text", true).value_or("");
  dr.finish();
  if (!ok) return std::nullopt;
  return d;
}

}  // namespace breachclock::rules_detail
