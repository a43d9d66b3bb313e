#include "breachclock/rules/rule_set.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <set>

#include "breachclock/expr/analysis.hpp"
#include "rules/rule_set_data.hpp"
#include "detail/sha256.hpp"
#include "detail/text.hpp"
#include "detail/doc_reader.hpp"
#include "detail/document.hpp"

namespace breachclock {

// ---- small value types ---------------------------------------------------------------------

const char* to_string(action a) noexcept {
  switch (a) {
    case action::notify_authority: return "notify-authority";
    case action::notify_individuals: return "notify-individuals";
    case action::notify_organizations: return "notify-organizations";
    case action::notify_controller: return "notify-controller";
    case action::communicate_publicly: return "communicate-publicly";
    case action::record: return "record";
    case action::report_annually: return "report-annually";
    case action::retain: return "retain";
    case action::internal: return "internal";
  }
  return "internal";
}

std::optional<action> parse_action(std::string_view text) noexcept {
  for (action a : {action::notify_authority, action::notify_individuals, action::notify_organizations,
                   action::notify_controller, action::communicate_publicly, action::record, action::report_annually,
                   action::retain, action::internal}) {
    if (text == to_string(a)) return a;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, action a) { return os << to_string(a); }

bool effective_window::overlaps(const effective_window& other) const noexcept {
  const bool this_ends_first = until && other.from && *until <= *other.from;
  const bool other_ends_first = other.until && from && *other.until <= *from;
  return !this_ends_first && !other_ends_first;
}

const char* to_string(deadline_kind k) noexcept {
  switch (k) {
    case deadline_kind::fixed: return "fixed";
    case deadline_kind::soft: return "soft";
    case deadline_kind::date: return "date";
    case deadline_kind::retention: return "retention";
    case deadline_kind::none: return "none";
  }
  return "none";
}

std::ostream& operator<<(std::ostream& os, deadline_kind k) { return os << to_string(k); }

const authority* regime::find_authority(std::string_view name) const noexcept {
  for (const authority& a : authorities) {
    if (a.id == name) return &a;
  }
  return nullptr;
}

// ---- the loaded data -----------------------------------------------------------------------

void rule_set::data::index_duties() {
  std::map<std::string, duty> by_id;
  for (const regime& r : regimes) {
    for (const obligation& o : r.obligations) {
      duty& d = by_id[o.id];
      d.id = o.id;
      d.versions.push_back(&o);
      d.packs.push_back(&r);
    }
  }
  for (auto& [id, d] : by_id) {
    // Order versions by the start of their windows.
    std::vector<std::size_t> order(d.versions.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const std::vector<const obligation*>& versions = d.versions;  // (clang 14 cannot capture a structured binding)
    std::sort(order.begin(), order.end(), [&versions](std::size_t a, std::size_t b) {
      return versions[a]->effective.from.value_or(instant::min()) < versions[b]->effective.from.value_or(instant::min());
    });
    duty sorted;
    sorted.id = id;
    for (std::size_t i : order) {
      sorted.versions.push_back(d.versions[i]);
      sorted.packs.push_back(d.packs[i]);
      sorted.recipients.push_back(d.packs[i]->find_authority(d.versions[i]->to));
    }
    d = std::move(sorted);
  }
  for (const regime& r : regimes) {
    for (const obligation& o : r.obligations) {
      for (const exception_rule& e : o.unless) {
        if (!e.instead.empty()) by_id[e.instead].redirects.push_back(duty::redirect{&o, &r, &e});
      }
    }
  }
  duties.clear();
  for (auto& [id, d] : by_id) duties.push_back(std::move(d));
}

const rule_set::data& data_of(const rule_set& rules) noexcept { return *rules.data_; }

const fact_schema& rule_set::schema() const noexcept { return data_->schema; }
const std::vector<regime>& rule_set::regimes() const noexcept { return data_->regimes; }
const std::vector<policy_target>& rule_set::targets() const noexcept { return data_->targets; }
const std::string& rule_set::digest() const noexcept { return data_->digest; }
const std::vector<diagnostic>& rule_set::warnings() const noexcept { return data_->warnings; }

const holiday_calendar* rule_set::calendar(std::string_view id) const noexcept {
  auto it = data_->calendars.find(id);
  return it == data_->calendars.end() ? nullptr : &it->second;
}

std::vector<std::string> rule_set::calendar_ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, c] : data_->calendars) ids.push_back(id);
  return ids;
}

std::vector<const obligation*> rule_set::versions(std::string_view id) const {
  std::vector<const obligation*> out;
  for (const regime& r : data_->regimes) {
    for (const obligation& o : r.obligations) {
      if (o.id == id) out.push_back(&o);
    }
  }
  std::sort(out.begin(), out.end(), [](const obligation* a, const obligation* b) {
    const auto key = [](const obligation* o) { return o->effective.from.value_or(instant::min()); };
    return key(a) < key(b);
  });
  return out;
}

std::vector<std::string> rule_set::obligation_ids() const {
  std::set<std::string> ids;
  for (const regime& r : data_->regimes) {
    for (const obligation& o : r.obligations) ids.insert(o.id);
  }
  return {ids.begin(), ids.end()};
}

// ---- loading -------------------------------------------------------------------------------

namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// A pack, authority or obligation-name id: 1 to 64 lower-case letters, digits, '-' and '_',
// starting with a letter or digit ("uk-gdpr", "ico", "notify-ico").
bool is_short_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(s.front())) return false;
  return std::all_of(s.begin(), s.end(), [&](char c) { return lower_or_digit(c) || c == '-' || c == '_'; });
}
constexpr const char* k_short_name = "1 to 64 lower-case letters, digits, '-' and '_'";

// The folder a rule file was read from, as the user named it ("rules", "<bundled>").
std::string folder_of(const source_file& f) {
  std::string_view path = f.path;
  if (path.size() > f.relative.size() && path.substr(path.size() - f.relative.size()) == f.relative) {
    path.remove_suffix(f.relative.size());
    while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
    return std::string(path);
  }
  return f.path;
}

std::string stem(std::string_view relative) {
  const auto slash = relative.rfind('/');
  std::string_view name = slash == std::string_view::npos ? relative : relative.substr(slash + 1);
  for (std::string_view ext : {".toml", ".json"}) {
    if (name.size() > ext.size() && name.substr(name.size() - ext.size()) == ext) name.remove_suffix(ext.size());
  }
  return std::string(name);
}

}  // namespace

class rule_loader {
 public:
  result<rule_set> load(const std::vector<source_file>& files, const std::vector<source_file>& policies) {
    auto d = std::make_shared<rule_set::data>();
    data_ = d.get();
    if (files.size() + policies.size() > k_max_rule_files) {
      // Located at the first file past the limit (policies come after the rule folder's files).
      const source_file& extra = k_max_rule_files < files.size() ? files[k_max_rule_files] : policies[k_max_rule_files - files.size()];
      error({extra.path, 1, 1}, "limit.files", "a rule set has at most " + std::to_string(k_max_rule_files) + " files");
      return ds_;
    }

    // 1. The fact schema, which every condition is checked against.
    const source_file* facts = nullptr;
    std::vector<const source_file*> calendars;
    std::vector<const source_file*> packs;
    for (const source_file& f : files) {
      if (f.relative == "facts.toml" || f.relative == "facts.json") {
        if (facts != nullptr) {
          error({f.path, 1, 1}, "rules.schema-twice", "the rule folder has both facts.toml and facts.json: keep one");
          return ds_;
        }
        facts = &f;
      }
      else if (starts_with(f.relative, "calendars/")) calendars.push_back(&f);
      else if (starts_with(f.relative, "policy/")) continue;  // overlays load only when named
      else packs.push_back(&f);
    }
    if (files.empty()) {
      error({}, "rules.no-files", "no rule files were given");
      return ds_;
    }
    if (facts == nullptr) {
      error({folder_of(files.front()), 0, 0}, "rules.no-schema", "the rule folder has no facts.toml (the fact schema)");
      return ds_;
    }
    auto schema = parse_fact_schema(facts->text, facts->path);
    take(schema.diagnostics());
    if (!schema) return ds_;
    d->schema = std::move(*schema);
    if (packs.empty()) {
      // A rule set with no law would answer "no obligation applies" to every incident.
      error({folder_of(files.front()), 0, 0}, "rules.no-packs", "the rule folder has no rule packs (only facts.toml" +
                                                                   std::string(calendars.empty() ? "" : " and calendars") + ")");
    }

    // 2. Calendars.
    for (const source_file* f : calendars) {
      auto c = parse_calendar(f->text, f->path);
      take(c.diagnostics());
      if (!c) continue;
      const std::string expected = stem(f->relative);
      if (c->id() != expected) {
        error({f->path, 1, 1}, "rules.calendar-id", "calendar id '" + detail::excerpt(c->id()) + "' must match its file name '" + detail::excerpt(f->relative.substr(f->relative.rfind('/') + 1)) + "'");
        continue;
      }
      d->calendars.emplace(c->id(), std::move(*c));
    }

    // 3. Rule packs and policy overlays.
    for (const source_file* f : packs) load_pack(*f, pack_kind::law);
    for (const source_file& f : policies) load_pack(f, pack_kind::policy);

    // 4. Checks across packs.
    check_ids();
    check_substitutes();
    check_targets();
    check_exceptions();
    if (!has_errors(ds_)) check_unused();  // unused facts mean little while packs are broken
    sort_by_location(ds_);

    if (has_errors(ds_)) return ds_;
    d->digest = digest(files, policies);
    d->warnings = ds_;
    d->index_duties();
    return result<rule_set>(rule_set{std::move(d)}, ds_);
  }

 private:
  // -- diagnostics --
  void error(source_location where, const char* code, std::string message) {
    ds_.push_back(make_error(code, std::move(where), std::move(message)));
  }
  void warning(source_location where, const char* code, std::string message) {
    ds_.push_back(make_warning(code, std::move(where), std::move(message)));
  }
  void take(const std::vector<diagnostic>& more) { ds_.insert(ds_.end(), more.begin(), more.end()); }

  // -- pieces of a pack --
  std::vector<citation> citations(detail::doc_reader& r, std::string_view key) {
    std::vector<citation> out;
    const detail::doc_value* n = r.get(key);
    if (n == nullptr) return out;
    auto one = [&](const detail::doc_value& e) {
      if (e.type == detail::doc_value::kind::string) {
        out.push_back(citation{e.string, ""});
      } else if (e.type == detail::doc_value::kind::object) {
        detail::doc_reader cr(e, ds_, "a citation");
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

  std::optional<expr::condition> condition(detail::doc_reader& r, std::string_view key) {
    const detail::doc_value* n = r.get(key);
    if (n == nullptr) return std::nullopt;
    if (n->type != detail::doc_value::kind::string) {
      r.wrong_type(*n, key, "a condition in a string, such as 'personal_data_breach and role == \"controller\"'");
      return std::nullopt;
    }
    const expr::locator where = [n](std::size_t offset) { return n->locate(offset); };
    auto c = expr::compile(n->string, data_->schema, where);
    take(c.diagnostics());
    if (!c) {
      failed_ = true;
      return std::nullopt;
    }
    return std::move(*c);
  }

  // An effective window; dates are read at midnight in `tz`.
  effective_window window(detail::doc_reader& r, const zone& tz) {
    effective_window w;
    const detail::doc_value* n = r.get("effective");
    if (n == nullptr) return w;
    if (n->type != detail::doc_value::kind::object) {
      r.wrong_type(*n, "effective", std::string(r.table_word()) + " such as { from = 2025-08-20 }");
      return w;
    }
    const detail::doc_value* t = n;
    detail::doc_reader er(*t, ds_, "effective");
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
        take(at.diagnostics());
        if (at) return at_instant(*at);
        return std::nullopt;
      }
      er.wrong_type(*b, key, b->is_json() ? "a date \"2025-08-20\" or a date-time with offset \"2025-08-20T00:00:00Z\""
                                          : "a date (2025-08-20) or a date-time with offset");
      return std::nullopt;
    };
    w.from = bound("from");
    w.until = bound("until");
    w.by = er.string("by").value_or("");
    if (!w.by.empty()) by_events_.push_back({w.by, er.get("by")->where()});
    if (w.from && w.until && *w.until <= *w.from) er.error_at_key("until", "rules.effective", "until must be after from");
    if (w.always()) er.error(*t, "rules.effective", "effective needs from, until or both");
    er.finish();
    return w;
  }

  void event_name(const std::string& name, const source_location& where, const char* what) {
    if (data_->schema.event(name) != nullptr) return;
    std::vector<std::string> events;
    for (const event_decl& e : data_->schema.events()) events.push_back(e.name);
    error(where, "rules.unknown-event",
          std::string(what) + " '" + detail::excerpt(name) + "' is not an event of facts.toml" + detail::did_you_mean(name, events));
  }

  deadline_spec deadline(detail::doc_reader& r, const authority* to, const std::string& id) {
    deadline_spec spec;
    const detail::doc_value* n = r.get("deadline");
    if (n == nullptr) return spec;
    if (n->type != detail::doc_value::kind::object) {
      r.wrong_type(*n, "deadline", std::string(r.table_word()) + " such as { within = \"72h\", from = \"aware\", text = \"...\" }");
      return spec;
    }
    const detail::doc_value* t = n;
    detail::doc_reader dr(*t, ds_, "the deadline of " + id);
    const source_location at = t->where();
    spec.text = dr.string("text").value_or("");
    spec.from = dr.string("from").value_or("");
    const int kinds = (dr.has("within") ? 1 : 0) + (dr.has("retain") ? 1 : 0) + (dr.has("date") ? 1 : 0);
    if (kinds > 1) dr.error(*t, "rules.deadline", "a deadline has one of within, retain and date");
    const holiday_calendar* cal = to != nullptr ? to->calendar : nullptr;
    auto period_of = [&](const char* key) -> std::optional<deadline_rule> {
      const detail::doc_value* p = dr.get(key);
      if (p == nullptr || p->type != detail::doc_value::kind::string) {
        if (p != nullptr) dr.wrong_type(*p, key, "a period such as \"72h\" or \"24 months\"");
        return std::nullopt;
      }
      auto parsed = parse_period(p->string, p->inside());
      take(parsed.diagnostics());
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
      if (auto fault = check_deadline_rule(rule, cal, p->where())) {
        fault->message += to != nullptr && cal == nullptr ? " (authority '" + to->id + "' has no calendar)" : "";
        ds_.push_back(*fault);
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
      const detail::doc_value* dn = dr.get("date");
      auto md = dn->type == detail::doc_value::kind::string ? parse_month_day(dn->string) : std::nullopt;
      if (!md) {
        dr.error(*dn, "rules.deadline", "date is a month and day written \"MM-DD\", such as \"03-01\" for March 1");
      } else {
        rule.month = md->first;
        rule.day = md->second;
      }
      if (const detail::doc_value* y = dr.get("year")) {
        const bool ys = y->type == detail::doc_value::kind::string;
        if (ys && y->string == "following") rule.years_after = 1;
        else if (ys && y->string == "same") rule.years_after = 0;
        else dr.error(*y, "rules.deadline", "year is \"same\" or \"following\" (the anchor's local year, or the next)");
      } else {
        dr.missing("year");
      }
      if (auto ro = dr.string("roll")) {
        if (auto v = parse_roll(*ro)) rule.rolling = *v;
        else dr.error_at_key("roll", "rules.deadline", "roll is none, next-business-day or next-non-holiday");
      }
      if (auto fault = check_fixed_date_rule(rule, cal, at)) ds_.push_back(*fault);
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
      event_name(spec.from, dr.get("from")->where(), "deadline anchor");
    }
    dr.get("convention");
    dr.get("roll");
    dr.finish();
    return spec;
  }

  static std::optional<std::pair<unsigned, unsigned>> parse_month_day(std::string_view s) {
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

  void load_pack(const source_file& f, pack_kind kind) {
    auto parsed = detail::parse_document(f);
    take(parsed.diagnostics());
    if (!parsed) return;
    // Kept while loading: conditions locate their diagnostics in it.
    docs_.push_back(std::make_unique<detail::doc_value>(std::move(*parsed)));
    const detail::doc_value& root = *docs_.back();
    const std::string& path = f.path;
    const char* head = kind == pack_kind::law ? "regime" : "policy";
    detail::doc_reader top(root, ds_, kind == pack_kind::law ? "a rule pack" : "a policy overlay");
    const detail::doc_value* meta = top.table(head);
    if (meta == nullptr) {
      if (!top.has(head)) {
        error({path, 1, 1}, "rules.pack",
              kind == pack_kind::law
                  ? "a rule pack starts with a [regime] table (policy overlays, with [policy], are loaded with --policy)"
                  : "a policy overlay starts with a [policy] table");
      }
      return;
    }
    regime reg;
    reg.kind = kind;
    reg.file = path;
    detail::doc_reader mr(*meta, ds_, std::string("[") + head + "]");
    reg.id = mr.string("id", true).value_or("");
    reg.title = mr.string("title", true).value_or("");
    reg.jurisdiction = mr.string("jurisdiction", kind == pack_kind::law).value_or("");
    if (auto z = mr.string("zone", true)) {
      auto located = zone::locate(*z, mr.get("zone")->inside());
      take(located.diagnostics());
      if (located) reg.tz = *located;
    }
    reg.effective = window(mr, reg.tz);
    reg.applies = condition(mr, "applies");
    reg.sources = citations(mr, "sources");
    reg.notes = mr.strings("notes").value_or(std::vector<std::string>{});
    certainty(mr, reg.certainty, reg.notes, "pack " + reg.id);
    mr.finish();
    if (!reg.id.empty() && !is_short_name(reg.id)) {
      mr.error_at_key("id", "rules.id", std::string("a pack id is a short name (") + k_short_name + "), such as uk-gdpr");
      reg.id = detail::excerpt(reg.id);  // the load fails; later messages quote no more than this
    }

    // Authorities.
    if (const detail::doc_value* auths = top.table("authority")) {
      for (const detail::doc_member& m : auths->members) {
        const std::string& key = m.key;
        if (!is_short_name(key)) {
          error(m.key_where(), "rules.authority",
                std::string("an authority id is a short name (") + k_short_name + "), such as ico, not '" +
                    detail::excerpt(key) + "'");
          continue;
        }
        if (m.value.type != detail::doc_value::kind::object) {
          error(m.value.where(), "rules.authority", "[authority." + key + "] must be " + top.table_word());
          continue;
        }
        detail::doc_reader ar(m.value, ds_, "[authority." + key + "]");
        authority a;
        a.id = key;
        a.where = m.key_where();
        a.name = ar.string("name", true).value_or("");
        a.url = ar.string("url").value_or("");
        a.tz = reg.tz;
        if (auto z = ar.string("zone")) {
          auto located = zone::locate(*z, ar.get("zone")->inside());
          take(located.diagnostics());
          if (located) a.tz = *located;
        }
        if (auto c = ar.string("calendar")) {
          a.calendar = data_->calendars.count(*c) != 0 ? &data_->calendars.at(*c) : nullptr;
          if (a.calendar == nullptr) {
            std::vector<std::string> ids;
            for (const auto& [id, cal] : data_->calendars) ids.push_back(id);
            ar.error(*ar.get("calendar"), "rules.unknown-calendar",
                     "unknown calendar '" + detail::excerpt(*c) + "'" + detail::did_you_mean(*c, ids) + " (the calendars are " +
                         detail::quoted_list(ids, "and") + ")");
          }
        }
        ar.finish();
        reg.authorities.push_back(std::move(a));
      }
    }

    // Obligations.
    if (const detail::doc_value* obs = top.array("obligation")) {
      for (const detail::doc_value& node : obs->items) {
        if (node.type != detail::doc_value::kind::object) {
          top.wrong_type(node, "obligation", node.is_json() ? "an array of objects" : "an array of tables ([[obligation]])");
          continue;
        }
        if (auto o = load_obligation(node, reg)) reg.obligations.push_back(std::move(*o));
        if (obligation_count_++ == k_max_obligations) {
          error(node.where(), "limit.obligations",
                "a rule set has at most " + std::to_string(k_max_obligations) + " obligations");
        }
      }
    }

    // Policy targets.
    if (const detail::doc_value* targets = top.array("target")) {
      if (kind == pack_kind::law) {
        top.error_at_key("target", "rules.target", "[[target]] belongs in a policy overlay, not in a rule pack");
      } else {
        for (const detail::doc_value& node : targets->items) {
          if (node.type != detail::doc_value::kind::object) {
            top.wrong_type(node, "target", node.is_json() ? "an array of objects" : "an array of tables ([[target]])");
            continue;
          }
          load_target(node, reg);
        }
      }
    }
    if (kind == pack_kind::law && reg.obligations.empty() && !top.has("obligation")) {
      // A pack that imposes nothing would make "no obligation applies" look like an answer.
      error({path, 1, 1}, "rules.no-obligations", "the rule pack '" + detail::excerpt(reg.id) + "' has no [[obligation]]");
    }
    top.finish();
    data_->regimes.push_back(std::move(reg));
  }

  void certainty(detail::doc_reader& r, confidence& out, const std::vector<std::string>& notes, const std::string& what) {
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

  // An obligation's `to`: an authority id of the pack, or { by = "<enum fact>", map = { value =
  // "authority", ... } } with every value of the fact mapped. Returns the authority whose
  // calendar checks the deadline: the named one, or the first mapped (the others are checked by
  // check_chosen_calendars); nullptr when there is none.
  const authority* recipient(detail::doc_reader& r, const regime& reg, obligation& o, const std::string& shown) {
    std::vector<std::string> ids;
    for (const authority& a : reg.authorities) ids.push_back(a.id);
    auto unknown_authority = [&](const detail::doc_value& at, const std::string& name) {
      r.error(at, "rules.unknown-authority",
              "unknown authority '" + detail::excerpt(name) + "'" + detail::did_you_mean(name, ids) +
                  (ids.empty() ? " (the pack declares no [authority.*])" : " (the pack's authorities are " + detail::quoted_list(ids, "and") + ")"));
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
      r.wrong_type(*n, "to", std::string("an authority id, or ") + r.table_word() + " { by = \"<enum fact>\", map = { <value> = \"<authority>\", ... } }");
      return nullptr;
    }
    const detail::doc_value* t = n;
    detail::doc_reader tr(*t, ds_, "the recipient of " + shown);
    recipient_choice choice;
    choice.where = t->where();
    choice.by = tr.string("by", true).value_or("");
    const detail::doc_value* map = tr.table("map", true);
    tr.finish();
    const fact_decl* fact = choice.by.empty() ? nullptr : data_->schema.fact(choice.by);
    if (!choice.by.empty() && fact == nullptr) {
      std::vector<std::string> names;
      for (const fact_decl& f : data_->schema.facts()) names.push_back(f.name);
      tr.error(*t->find("by"), "rules.recipient",
               "unknown fact '" + detail::excerpt(choice.by) + "'" + detail::did_you_mean(choice.by, names) +
                   " (a recipient is chosen by an enum fact of facts.toml)");
      fact = nullptr;
    } else if (fact != nullptr && fact->type != fact_type::enumeration) {
      tr.error(*t->find("by"), "rules.recipient",
               "fact '" + fact->name + "' is of type " + to_string(fact->type) + ": a recipient is chosen by an enum fact, each value naming an authority");
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
        error(m.key_where(), "rules.recipient",
                 "'" + detail::excerpt(v) + "' is not a value of fact '" + fact->name + "'" + detail::did_you_mean(v, fact->values) +
                     " (its values are " + detail::quoted_list(fact->values, "and") + ")");
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

  // A deadline in business days or on a calendar date needs the calendar of every authority a
  // fact may choose, not only the first one's.
  void check_chosen_calendars(const obligation& o, const regime& reg, const authority* checked) {
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
        ds_.push_back(*fault);
      }
    }
  }

  std::optional<obligation> load_obligation(const detail::doc_value& t, const regime& reg) {
    std::string named;
    if (const detail::doc_value* n = t.find("id"); n != nullptr && n->type == detail::doc_value::kind::string) named = n->string;
    detail::doc_reader r(t, ds_, named.empty() ? "[[obligation]]" : "obligation " + detail::excerpt(named));
    obligation o;
    o.regime = reg.id;
    o.where = t.where();
    o.id = r.string("id", true).value_or("");
    const std::string shown = o.id.empty() ? "this obligation" : o.id;
    if (!o.id.empty() && !reg.id.empty() && !starts_with(o.id, reg.id + "/")) {
      r.error_at_key("id", "rules.id",
                     "obligation id '" + detail::excerpt(o.id) + "' must start with its pack's id: '" + reg.id + "/'");
      o.id = detail::excerpt(o.id);  // the load fails; later messages quote no more than this
    } else if (!o.id.empty() && !reg.id.empty() && !is_short_name(std::string_view(o.id).substr(reg.id.size() + 1))) {
      r.error_at_key("id", "rules.id",
                     "obligation id '" + detail::excerpt(o.id) + "': after '" + reg.id + "/' comes a short name (" +
                         k_short_name + "), such as " + reg.id + "/notify-authority");
      o.id = detail::excerpt(o.id);
    }
    if (auto a = r.string("action", true)) {
      if (auto v = parse_action(*a)) o.act = *v;
      else {
        r.error_at_key("action", "rules.action",
                       "unknown action '" + detail::excerpt(*a) + "' (notify-authority, notify-individuals, notify-organizations, "
                       "notify-controller, communicate-publicly, record, report-annually, retain or internal)");
      }
    }
    const authority* to = recipient(r, reg, o, shown);
    o.title = r.string("title", true).value_or("");
    o.cite = citations(r, "cite");
    if (!r.has("cite")) r.missing("cite");
    else if (std::none_of(o.cite.begin(), o.cite.end(), [](const citation& c) { return starts_with(c.url, "https://"); })) {
      r.error_at_key("cite", "rules.cite", shown + " must cite at least one primary source by https URL");
    }
    o.when = condition(r, "when");
    // A substitute may still have a `when` of its own, which must hold as well.
    o.substitute = r.boolean("substitute").value_or(false);
    if (const detail::doc_value* unless = r.array("unless")) {
      for (const detail::doc_value& u : unless->items) {
        if (u.type != detail::doc_value::kind::object) {
          r.wrong_type(u, "unless[]", std::string(r.table_word()) + " { when = '...', because = \"...\" }");
          continue;
        }
        detail::doc_reader er(u, ds_, "an exception of " + shown);
        exception_rule e;
        e.where = u.where();
        auto c = condition(er, "when");
        if (!er.has("when")) er.missing("when");
        e.because = er.string("because", true).value_or("");
        e.cite = citations(er, "cite");
        e.instead = er.string("instead").value_or("");
        er.finish();
        if (c) {
          e.when = std::move(*c);
          o.unless.push_back(std::move(e));
        }
      }
    }
    o.deadline = deadline(r, to, shown);
    if (o.to_by) check_chosen_calendars(o, reg, to);
    o.content = r.strings("content").value_or(std::vector<std::string>{});
    o.notes = r.strings("notes").value_or(std::vector<std::string>{});
    o.late = r.string("late").value_or("");
    o.phased = r.boolean("phased").value_or(false);
    certainty(r, o.certainty, o.notes, shown);
    o.effective = window(r, reg.tz);
    r.finish();
    if (o.id.empty()) return std::nullopt;
    return o;
  }

  void load_target(const detail::doc_value& t, const regime& reg) {
    detail::doc_reader r(t, ds_, "[[target]]");
    policy_target target;
    target.policy = reg.id;
    target.where = t.where();
    target.obligations = r.strings("obligations").value_or(std::vector<std::string>{});
    target.all_soft = r.boolean("soft").value_or(false);
    if (target.obligations.empty() && !target.all_soft) {
      r.error(t, "rules.target", "a target names its obligations = [...], or sets soft = true for every soft deadline");
    }
    target.from = r.string("from").value_or("");
    if (!target.from.empty()) event_name(target.from, r.get("from")->where(), "target anchor");
    target.note = r.string("note").value_or("");
    if (const detail::doc_value* w = r.get("within")) {
      auto p = w->type == detail::doc_value::kind::string
                   ? parse_period(w->string, w->inside())
                   : result<period>(make_error("rules.target", w->where(), "within is a period such as \"48h\""));
      take(p.diagnostics());
      if (p) {
        target.within = deadline_rule{*p};
        if (std::holds_alternative<business_days>(*p)) {
          r.error(*w, "rules.target", "a target in business days is not supported: use hours or days");
        }
      }
    } else {
      r.missing("within");
    }
    r.finish();
    data_->targets.push_back(std::move(target));
  }

  // -- checks across packs --
  void check_ids() {
    std::set<std::string> pack_ids;
    for (const regime& r : data_->regimes) {
      if (!r.id.empty() && !pack_ids.insert(r.id).second) {
        error({r.file, 1, 1}, "rules.duplicate-pack", "pack id '" + r.id + "' is used by another file too");
      }
    }
    std::map<std::string, std::vector<const obligation*>> by_id;
    for (const regime& r : data_->regimes) {
      for (const obligation& o : r.obligations) by_id[o.id].push_back(&o);
    }
    for (const auto& [id, list] : by_id) {
      for (std::size_t i = 0; i < list.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          const obligation& a = *list[j];
          const obligation& b = *list[i];
          if (a.effective.always() && b.effective.always()) {
            error(b.where, "rules.duplicate-id",
                  "duplicate obligation id '" + id + "' (also at " + to_string_location(a.where) +
                      "); versions of one duty need disjoint effective windows");
          } else if (a.effective.overlaps(b.effective)) {
            error(b.where, "rules.overlapping-windows",
                  "the effective window of '" + id + "' (" + describe(b.effective) + ") overlaps the one at " +
                      to_string_location(a.where) + " (" + describe(a.effective) + ")");
          } else if (a.effective.by != b.effective.by || a.substitute != b.substitute) {
            error(b.where, "rules.versions",
                  "versions of '" + id + "' must be chosen by the same event (effective.by) and agree on substitute");
          }
        }
      }
    }
    for (const auto& [name, where] : by_events_) event_name(name, where, "effective.by");
  }

  static std::string describe(const effective_window& w) { return w.always() ? "always" : w.text; }
  static std::string to_string_location(const source_location& l) {
    return l.file + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
  }

  const obligation* find_any(std::string_view id) const {
    for (const regime& r : data_->regimes) {
      for (const obligation& o : r.obligations) {
        if (o.id == id) return &o;
      }
    }
    return nullptr;
  }

  void check_substitutes() {
    std::set<std::string> referenced;
    for (const regime& r : data_->regimes) {
      for (const obligation& o : r.obligations) {
        for (const exception_rule& e : o.unless) {
          if (e.instead.empty()) continue;
          const obligation* s = find_any(e.instead);
          if (s == nullptr) {
            error(e.where, "rules.unknown-obligation",
                  "exception of '" + o.id + "' redirects to '" + e.instead + "', which is not an obligation" +
                      detail::did_you_mean(e.instead, all_ids()));
          } else if (!s->substitute) {
            error(e.where, "rules.substitute",
                  "'" + e.instead + "' applies instead of '" + o.id + "': declare it with substitute = true");
          } else if (s->id == o.id) {
            error(e.where, "rules.substitute", "an obligation cannot apply instead of itself");
          } else if (o.substitute) {
            // Substitutes form a tree of depth one: a chain (a substitute of a substitute) has no
            // defined status, and any cycle of `instead` passes through such a link.
            error(e.where, "rules.substitute-chain",
                  "'" + o.id + "' is itself a substitute, so its exceptions cannot redirect to another (to '" +
                      e.instead + "'): redirect from the original obligation instead");
          }
          referenced.insert(e.instead);
        }
      }
    }
    for (const regime& r : data_->regimes) {
      for (const obligation& o : r.obligations) {
        if (o.substitute && referenced.count(o.id) == 0) {
          error(o.where, "rules.substitute",
                "'" + o.id + "' is a substitute, but no exception redirects to it (unless = [{ ..., instead = \"" + o.id + "\" }])");
        }
      }
    }
  }

  std::vector<std::string> all_ids() const {
    std::vector<std::string> ids;
    for (const regime& r : data_->regimes) {
      for (const obligation& o : r.obligations) ids.push_back(o.id);
    }
    return ids;
  }

  void check_targets() {
    const std::vector<std::string> ids = all_ids();
    for (const policy_target& t : data_->targets) {
      for (const std::string& id : t.obligations) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
          error(t.where, "rules.unknown-obligation", "target names '" + id + "', which is not an obligation" + detail::did_you_mean(id, ids));
        }
      }
    }
  }

  // An exception that can never apply where its obligation does is a mistake in the rules.
  // The search has one budget for the whole load (k_satisfiability_budget steps), so that no
  // rule set the limits allow takes long to load; exceptions it could not decide are named in a
  // warning, never passed over in silence.
  void check_exceptions() {
    if (failed_) return;  // conditions that did not compile would make this noisy
    expr::search_budget budget{k_satisfiability_budget};
    std::size_t undecided = 0;
    const exception_rule* first_undecided = nullptr;
    for (const regime& r : data_->regimes) {
      for (const obligation& o : r.obligations) {
        for (const exception_rule& e : o.unless) {
          std::vector<const expr::condition*> all{&e.when};
          if (o.when) all.push_back(&*o.when);
          if (r.applies) all.push_back(&*r.applies);
          const expr::satisfiability answer = expr::satisfiable(all, data_->schema, budget);
          if (answer == expr::satisfiability::no) {
            error(e.where, "rules.dead-exception",
                  "the exception '" + e.when.text() + "' of '" + o.id + "' can never apply when the obligation does" +
                      (o.when ? " ('" + o.when->text() + "')" : ""));
          } else if (answer == expr::satisfiability::too_large) {
            if (undecided++ == 0) first_undecided = &e;
          }
        }
      }
    }
    if (undecided > 0) {
      warning(first_undecided->where, "rules.exception-unchecked",
              std::to_string(undecided) + " exception" + (undecided == 1 ? " was" : "s were") +
                  " not checked for being dead (the search was too large); this is the first");
    }
  }

  void check_unused() {
    if (failed_) return;
    std::set<std::size_t> facts_used;
    std::set<std::string> events_used;
    auto note = [&](const std::optional<expr::condition>& c) {
      if (!c) return;
      facts_used.insert(c->facts_used().begin(), c->facts_used().end());
      for (std::size_t e : c->events_used()) events_used.insert(data_->schema.events()[e].name);
    };
    for (const regime& r : data_->regimes) {
      note(r.applies);
      if (!r.effective.by.empty()) events_used.insert(r.effective.by);
      for (const obligation& o : r.obligations) {
        note(o.when);
        for (const exception_rule& e : o.unless) note(e.when);
        if (o.to_by) {
          if (const fact_decl* f = data_->schema.fact(o.to_by->by)) facts_used.insert(f->index);
        }
        if (!o.deadline.from.empty()) events_used.insert(o.deadline.from);
        if (!o.effective.by.empty()) events_used.insert(o.effective.by);
      }
    }
    for (const policy_target& t : data_->targets) {
      if (!t.from.empty()) events_used.insert(t.from);
    }
    // An event used as an anchor also uses its fallbacks.
    for (const std::string& e : std::vector<std::string>(events_used.begin(), events_used.end())) {
      for (const std::string& f : data_->schema.fallbacks(e)) events_used.insert(f);
    }
    for (const fact_decl& f : data_->schema.facts()) {
      if (facts_used.count(f.index) == 0 && !f.informational) {
        warning(f.where, "rules.unused-fact", "fact '" + f.name + "' is declared but no rule uses it");
      }
    }
    for (const event_decl& e : data_->schema.events()) {
      if (events_used.count(e.name) == 0) {
        warning(e.where, "rules.unused-event", "event '" + e.name + "' is declared but no rule uses it");
      }
    }
  }

  static std::string digest(const std::vector<source_file>& files, const std::vector<source_file>& policies) {
    std::vector<std::pair<std::string, const std::string*>> all;
    for (const source_file& f : files) all.emplace_back(f.relative, &f.text);
    for (const source_file& f : policies) all.emplace_back("policy:" + stem(f.relative), &f.text);
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    detail::sha256 h;
    for (const auto& [name, text] : all) {
      h.update(name);
      h.update(std::string_view("\0", 1));
      h.update(std::to_string(text->size()));
      h.update(std::string_view("\0", 1));
      h.update(*text);
    }
    return "sha256:" + h.hex();
  }

  rule_set::data* data_ = nullptr;
  std::vector<diagnostic> ds_;
  std::vector<std::unique_ptr<detail::doc_value>> docs_;
  std::vector<std::pair<std::string, source_location>> by_events_;
  std::size_t obligation_count_ = 0;
  bool failed_ = false;
};

result<rule_set> rule_set::load(const std::vector<source_file>& files, const std::vector<source_file>& policies) {
  result<rule_set> loaded = rule_loader{}.load(files, policies);
  if (loaded) return loaded;
  std::vector<diagnostic> ds = std::move(loaded).take_diagnostics();
  sort_by_location(ds);
  return ds;
}

result<rule_set> rule_set::load(const std::filesystem::path& dir, const std::vector<std::filesystem::path>& policies) {
  auto files = read_directory(dir);
  if (!files) return std::move(files).take_diagnostics();
  std::vector<source_file> overlays;
  std::vector<diagnostic> ds;
  for (const auto& p : policies) {
    auto f = read_source_file(p);
    if (f) overlays.push_back(std::move(*f));
    else ds.insert(ds.end(), f.diagnostics().begin(), f.diagnostics().end());
  }
  if (has_errors(ds)) return ds;
  return load(*files, overlays);
}

rule_set rule_set::bundled() {
  static const rule_set set = [] {
    auto loaded = load(bundled_rule_files());
    if (!loaded) throw error(loaded.diagnostics());
    return *loaded;
  }();
  return set;
}

}  // namespace breachclock
