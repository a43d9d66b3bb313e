// The readers of a rule pack's values (pack_fields.hpp).
#include "rules/pack_fields.hpp"

#include <algorithm>
#include <set>

#include "detail/text.hpp"
#include "rules/checks.hpp"

namespace breachclock::rules_detail {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::optional<std::pair<unsigned, unsigned>> parse_month_day(std::string_view s) {
  if (s.size() != 5 || s[2] != '-') return std::nullopt;
  auto digits = [](std::string_view t) -> int {
    if (t.size() != 2 || t[0] < '0' || t[0] > '9' || t[1] < '0' || t[1] > '9') return -1;
    return (t[0] - '0') * 10 + (t[1] - '0');
  };
  const int m = digits(s.substr(0, 2));
  const int d = digits(s.substr(3, 2));
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  return std::pair{static_cast<unsigned>(m), static_cast<unsigned>(d)};
}

}  // namespace

std::vector<citation> field_reader::citations(detail::table_reader& r, std::string_view key) {
  std::vector<citation> out;
  const toml::node* n = r.get(key);
  if (n == nullptr) return out;
  auto one = [&](const toml::node& e) {
    if (const auto* s = e.as_string()) {
      out.push_back(citation{s->get(), ""});
    } else if (const toml::table* t = e.as_table()) {
      detail::table_reader cr(*t, r.file(), s_.ds, "a citation");
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
  if (const toml::array* a = n->as_array()) {
    for (const toml::node& e : *a) one(e);
  } else {
    one(*n);
  }
  return out;
}

std::optional<expr::condition> field_reader::condition(detail::table_reader& r, std::string_view key) {
  const toml::node* n = r.get(key);
  if (n == nullptr) return std::nullopt;
  const auto* s = n->as_string();
  if (s == nullptr) {
    r.wrong_type(*n, key, "a condition in a string, such as 'personal_data_breach and role == \"controller\"'");
    return std::nullopt;
  }
  const detail::toml_file& file = r.file();
  const expr::locator where = [&file, n](std::size_t offset) { return detail::string_offset_location(*n, offset, file); };
  auto c = expr::compile(s->get(), s_.data.schema, where);
  s_.take(c.diagnostics());
  if (!c) {
    s_.failed = true;
    return std::nullopt;
  }
  return std::move(*c);
}

effective_window field_reader::window(detail::table_reader& r, const zone& tz) {
  effective_window w;
  const toml::node* n = r.get("effective");
  if (n == nullptr) return w;
  const toml::table* t = n->as_table();
  if (t == nullptr) {
    r.wrong_type(*n, "effective", "a table such as { from = 2025-08-20 }");
    return w;
  }
  detail::table_reader er(*t, r.file(), s_.ds, "effective");
  auto bound = [&](const char* key) -> std::optional<instant> {
    const toml::node* b = er.get(key);
    if (b == nullptr) return std::nullopt;
    if (const auto* d = b->as_date()) {
      const toml::date v = d->get();
      const civil_date day{date::year{v.year}, date::month{v.month}, date::day{v.day}};
      w.text += (w.text.empty() ? "" : " ") + std::string(key) + " " + format_date(day);
      return tz.start_of_day(date::local_days{day});
    }
    if (const auto* dt = b->as_date_time(); dt != nullptr && dt->get().offset) {
      const toml::date_time v = dt->get();
      const civil_date day{date::year{v.date.year}, date::month{v.date.month}, date::day{v.date.day}};
      const instant at = instant{date::sys_days{day}} + std::chrono::hours{v.time.hour} +
                         std::chrono::minutes{v.time.minute} + std::chrono::seconds{v.time.second} -
                         std::chrono::minutes{v.offset->minutes};
      w.text += (w.text.empty() ? "" : " ") + std::string(key) + " " + format_utc(at);
      return at;
    }
    er.wrong_type(*b, key, "a date (2025-08-20) or a date-time with offset");
    return std::nullopt;
  };
  w.from = bound("from");
  w.until = bound("until");
  w.by = er.string("by").value_or("");
  if (!w.by.empty()) s_.by_events.push_back({w.by, detail::location_of(*er.get("by"), r.file().path)});
  if (w.from && w.until && *w.until <= *w.from) er.error_at_key("until", "rules.effective", "until must be after from");
  if (w.always()) er.error(*t, "rules.effective", "effective needs from, until or both");
  er.finish();
  return w;
}

deadline_spec field_reader::deadline(detail::table_reader& r, const authority* to, const std::string& id) {
  deadline_spec spec;
  const toml::node* n = r.get("deadline");
  if (n == nullptr) return spec;
  const toml::table* t = n->as_table();
  if (t == nullptr) {
    r.wrong_type(*n, "deadline", "a table such as { within = \"72h\", from = \"aware\", text = \"...\" }");
    return spec;
  }
  detail::table_reader dr(*t, r.file(), s_.ds, "the deadline of " + id);
  const source_location at = detail::location_of(*t, r.file().path);
  spec.text = dr.string("text").value_or("");
  spec.from = dr.string("from").value_or("");
  const int kinds = (dr.has("within") ? 1 : 0) + (dr.has("retain") ? 1 : 0) + (dr.has("date") ? 1 : 0);
  if (kinds > 1) dr.error(*t, "rules.deadline", "a deadline has one of within, retain and date");
  const holiday_calendar* cal = to != nullptr ? to->calendar : nullptr;
  auto period_of = [&](const char* key) -> std::optional<deadline_rule> {
    const toml::node* p = dr.get(key);
    const auto* s = p != nullptr ? p->as_string() : nullptr;
    if (s == nullptr) {
      if (p != nullptr) dr.wrong_type(*p, key, "a period such as \"72h\" or \"24 months\"");
      return std::nullopt;
    }
    auto parsed = parse_period(s->get(), detail::string_offset_location(*p, 0, r.file()));
    s_.take(parsed.diagnostics());
    if (!parsed) return std::nullopt;
    deadline_rule rule{*parsed};
    if (auto c = dr.string("convention")) {
      if (auto v = parse_convention(*c)) rule.counting = *v;
      else dr.error_at_key("convention", "rules.deadline", "convention is exact or next-hour");
    }
    if (auto ro = dr.string("roll")) {
      if (auto v = parse_roll(*ro)) rule.rolling = *v;
      else dr.error_at_key("roll", "rules.deadline", "roll is none, next-business-day or next-non-holiday");
    }
    if (auto fault = check_deadline_rule(rule, cal, detail::location_of(*p, r.file().path))) {
      fault->message += to != nullptr && cal == nullptr ? " (authority '" + to->id + "' has no calendar)" : "";
      s_.ds.push_back(*fault);
      return std::nullopt;
    }
    return rule;
  };
  if (dr.has("within")) {
    spec.kind = deadline_kind::fixed;
    spec.period = period_of("within");
  } else if (dr.has("retain")) {
    spec.kind = deadline_kind::retention;
    spec.period = period_of("retain");
  } else if (dr.has("date")) {
    spec.kind = deadline_kind::date;
    fixed_date_rule rule;
    const toml::node* dn = dr.get("date");
    const auto* s = dn->as_string();
    auto md = s != nullptr ? parse_month_day(s->get()) : std::nullopt;
    if (!md) {
      dr.error(*dn, "rules.deadline", "date is a month and day written \"MM-DD\", such as \"03-01\" for March 1");
    } else {
      rule.month = md->first;
      rule.day = md->second;
    }
    if (const toml::node* y = dr.get("year")) {
      if (const auto* ys = y->as_string(); ys != nullptr && ys->get() == "following") rule.years_after = 1;
      else if (ys != nullptr && ys->get() == "same") rule.years_after = 0;
      else dr.error(*y, "rules.deadline", "year is \"same\" or \"following\" (the anchor's local year, or the next)");
    } else {
      dr.missing("year");
    }
    if (auto ro = dr.string("roll")) {
      if (auto v = parse_roll(*ro)) rule.rolling = *v;
      else dr.error_at_key("roll", "rules.deadline", "roll is none, next-business-day or next-non-holiday");
    }
    if (auto fault = check_fixed_date_rule(rule, cal, at)) s_.ds.push_back(*fault);
    else if (md) spec.fixed_date = rule;
  } else {
    spec.kind = deadline_kind::soft;
    if (spec.text.empty()) dr.missing("text");
    for (const char* key : {"convention", "roll"}) {
      if (dr.has(key)) dr.error_at_key(key, "rules.deadline", std::string(key) + " applies to within, retain or date, not to a soft deadline");
    }
  }
  if (auto z = dr.string("zone")) {
    if (*z == "incident") spec.in_incident_zone = true;
    else if (*z != "authority") dr.error_at_key("zone", "rules.deadline", "zone is \"authority\" (the default) or \"incident\"");
  }
  if (spec.from.empty()) {
    if (spec.kind != deadline_kind::soft || dr.has("from")) dr.missing("from");
  } else {
    check_event_name(s_, spec.from, detail::location_of(*dr.get("from"), r.file().path), "deadline anchor");
  }
  dr.get("convention");
  dr.get("roll");
  dr.finish();
  return spec;
}

void field_reader::certainty(detail::table_reader& r, confidence& out, const std::vector<std::string>& notes, const std::string& what) {
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

const authority* field_reader::recipient(detail::table_reader& r, const regime& reg, obligation& o, const std::string& shown) {
  std::vector<std::string> ids;
  for (const authority& a : reg.authorities) ids.push_back(a.id);
  auto unknown_authority = [&](const toml::node& at, const std::string& name) {
    r.error(at, "rules.unknown-authority",
            "unknown authority '" + detail::excerpt(name) + "'" + detail::did_you_mean(name, ids) +
                (ids.empty() ? " (the pack declares no [authority.*])" : " (the pack's authorities are " + detail::quoted_list(ids, "and") + ")"));
  };
  const toml::node* n = r.get("to");
  if (n == nullptr) {
    r.missing("to");
    return nullptr;
  }
  if (const auto* s = n->as_string()) {
    o.to = s->get();
    const authority* a = reg.find_authority(o.to);
    if (!o.to.empty() && a == nullptr) unknown_authority(*n, o.to);
    return a;
  }
  const toml::table* t = n->as_table();
  if (t == nullptr) {
    r.wrong_type(*n, "to", "an authority id, or a table { by = \"<enum fact>\", map = { <value> = \"<authority>\", ... } }");
    return nullptr;
  }
  detail::table_reader tr(*t, r.file(), s_.ds, "the recipient of " + shown);
  recipient_choice choice;
  choice.where = detail::location_of(*t, r.file().path);
  choice.by = tr.string("by", true).value_or("");
  const toml::table* map = tr.table("map", true);
  tr.finish();
  const fact_decl* fact = choice.by.empty() ? nullptr : s_.data.schema.fact(choice.by);
  if (!choice.by.empty() && fact == nullptr) {
    std::vector<std::string> names;
    for (const fact_decl& f : s_.data.schema.facts()) names.push_back(f.name);
    tr.error(*t->get("by"), "rules.recipient",
             "unknown fact '" + detail::excerpt(choice.by) + "'" + detail::did_you_mean(choice.by, names) +
                 " (a recipient is chosen by an enum fact of facts.toml)");
    fact = nullptr;
  } else if (fact != nullptr && fact->type != fact_type::enumeration) {
    tr.error(*t->get("by"), "rules.recipient",
             "fact '" + fact->name + "' is of type " + to_string(fact->type) + ": a recipient is chosen by an enum fact, each value naming an authority");
    fact = nullptr;
  }
  if (map == nullptr || fact == nullptr) {
    o.to_by = std::move(choice);
    return nullptr;
  }
  const authority* first = nullptr;
  std::vector<std::pair<std::string, std::string>> given;
  for (const auto& [key, value] : *map) {
    const std::string v(key.str());
    const auto* s = value.as_string();
    if (std::find(fact->values.begin(), fact->values.end(), v) == fact->values.end()) {
      s_.error(detail::location_of(key.source(), r.file().path), "rules.recipient",
               "'" + detail::excerpt(v) + "' is not a value of fact '" + fact->name + "'" + detail::did_you_mean(v, fact->values) +
                   " (its values are " + detail::quoted_list(fact->values, "and") + ")");
      continue;
    }
    if (s == nullptr) {
      tr.wrong_type(value, "map." + v, "an authority id of the pack");
      continue;
    }
    if (reg.find_authority(s->get()) == nullptr) {
      unknown_authority(value, s->get());
      continue;
    }
    given.emplace_back(v, s->get());
  }
  std::vector<std::string> unmapped;
  for (const std::string& v : fact->values) {
    auto it = std::find_if(given.begin(), given.end(), [&v](const auto& g) { return g.first == v; });
    if (it != given.end()) {
      choice.map.push_back(*it);
      if (first == nullptr) first = reg.find_authority(it->second);
    } else if (!map->contains(v)) {
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
    if (fault) {
      fault->message += " (authority '" + a->id + "', chosen when " + o.to_by->by + " is \"" + value + "\"" +
                        (a->calendar == nullptr ? ", has no calendar)" : ")");
      s_.ds.push_back(*fault);
    }
  }
}

}  // namespace breachclock::rules_detail
