// The reader of one rule pack (pack_reader.hpp).
#include "rules/pack_reader.hpp"

#include "breachclock/facts/regions.hpp"

#include <algorithm>

#include "detail/doc_reader.hpp"
#include "detail/document.hpp"
#include "detail/text.hpp"
#include "rules/checks.hpp"
#include "rules/pack_fields.hpp"

namespace breachclock::rules_detail {

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

class pack_reader {
 public:
  explicit pack_reader(load_state& s) : s_(s), f_(s) {}

  void load_pack(const source_file& f, pack_kind kind) {
    auto parsed = detail::parse_document(f);
    s_.take(parsed.diagnostics());
    if (!parsed) return;
    const detail::doc_value& root = *parsed;  // the document lives while the pack is read
    const std::string& path = f.path;
    const char* head = kind == pack_kind::law ? "regime" : "policy";
    detail::doc_reader top(root, s_.ds, kind == pack_kind::law ? "a rule pack" : "a policy overlay");
    const detail::doc_value* meta = top.table(head);
    if (meta == nullptr) {
      if (!top.has(head)) {
        s_.error({path, 1, 1}, "rules.pack",
                 !root.is_json()
                     ? (kind == pack_kind::law ? "a rule pack starts with a [regime] table (policy overlays, with "
                                                 "[policy], are loaded with --policy)"
                                               : "a policy overlay starts with a [policy] table")
                     : (kind == pack_kind::law ? "a rule pack is an object with a \"regime\" object (policy "
                                                 "overlays, with \"policy\", are loaded with --policy)"
                                               : "a policy overlay is an object with a \"policy\" object"));
      }
      return;
    }
    regime reg;
    reg.kind = kind;
    reg.file = path;
    detail::doc_reader mr(*meta, s_.ds, std::string("[") + head + "]");
    reg.id = mr.string("id", true).value_or("");
    reg.title = mr.string("title", true).value_or("");
    reg.jurisdiction = mr.string("jurisdiction", kind == pack_kind::law).value_or("");
    if (!reg.jurisdiction.empty()) {
      // The code an incident's scope is matched against: a country, a subdivision or a union.
      const region_table* regions = s_.data.schema.regions();
      if (std::string why = regions != nullptr ? regions->check_code(reg.jurisdiction)
                                               : check_code_syntax(reg.jurisdiction);
          !why.empty()) {
        mr.error_at_key("jurisdiction", "rules.jurisdiction", why);
      }
    }
    if (auto z = mr.string("zone", true)) {
      auto located = zone::locate(*z, mr.get("zone")->inside());
      s_.take(located.diagnostics());
      if (located) reg.tz = *located;
    }
    reg.effective = f_.window(mr, reg.tz);
    reg.applies = f_.condition(mr, "applies");
    reg.sources = f_.citations(mr, "sources");
    reg.notes = mr.strings("notes").value_or(std::vector<std::string>{});
    field_reader::certainty(mr, reg.certainty, reg.notes, "pack " + reg.id);
    if (kind == pack_kind::law) reg.proposed = f_.proposal(mr);  // a policy is no proposal: unknown key
    mr.finish();
    if (!reg.id.empty() && !is_short_name(reg.id)) {
      mr.error_at_key("id", "rules.id",
                      std::string("a pack id is a short name (") + k_short_name + "), such as uk-gdpr");
      reg.id = detail::excerpt(reg.id);  // the load fails; later messages quote no more than this
    }

    // Authorities.
    if (const detail::doc_value* auths = top.table("authority")) {
      for (const detail::doc_member& m : auths->members) {
        const std::string& key = m.key;
        if (!is_short_name(key)) {
          s_.error(m.key_where(), "rules.authority",
                   std::string("an authority id is a short name (") + k_short_name + "), such as ico, not '" +
                       detail::excerpt(key) + "'");
          continue;
        }
        if (m.value.type != detail::doc_value::kind::object) {
          s_.error(m.value.where(), "rules.authority", "[authority." + key + "] must be " + top.table_word());
          continue;
        }
        detail::doc_reader ar(m.value, s_.ds, "[authority." + key + "]");
        authority a;
        a.id = key;
        a.where = m.key_where();
        a.name = ar.string("name", true).value_or("");
        a.url = ar.string("url").value_or("");
        a.tz = reg.tz;
        if (auto z = ar.string("zone")) {
          auto located = zone::locate(*z, ar.get("zone")->inside());
          s_.take(located.diagnostics());
          if (located) a.tz = *located;
        }
        if (auto c = ar.string("calendar")) {
          a.calendar = s_.data.calendars.contains(*c) ? &s_.data.calendars.at(*c) : nullptr;
          if (a.calendar != nullptr) {
            const auto owner = s_.calendar_module.find(*c);
            if (!s_.policy && !s_.module.empty() && owner != s_.calendar_module.end() && !owner->second.empty() &&
                owner->second != s_.module) {
              ar.error(*ar.get("calendar"), "rules.foreign-fact",
                       "calendar '" + *c + "' belongs to the module '" + owner->second + "' (" + owner->second +
                           "/calendars/): " + "a pack of the module '" + s_.module +
                           "' may use only the core calendars and its own; move it to the core calendars/");
            }
          } else {
            std::vector<std::string> ids;
            for (const auto& [id, cal] : s_.data.calendars) ids.push_back(id);
            ar.error(*ar.get("calendar"), "rules.unknown-calendar",
                     "unknown calendar '" + detail::excerpt(*c) + "'" + detail::did_you_mean(*c, ids) +
                         " (the calendars are " + detail::quoted_list(ids, "and") + ")");
          }
        }
        if (const detail::doc_value* c = ar.get("cutoff")) {
          std::optional<std::chrono::minutes> at;
          if (c->type == detail::doc_value::kind::string) at = parse_time_of_day(c->string);
          if (!at) ar.error(*c, "rules.cutoff", "cutoff is a time of day written \"HH:MM\", such as \"17:30\"");
          else if (a.calendar == nullptr)
            ar.error(*c, "rules.cutoff",
                     "a filing after the cutoff counts as filed on the next business day: the authority needs a "
                     "calendar");
          else a.cutoff = at;
        }
        ar.finish();
        reg.authorities.push_back(std::move(a));
      }
    }

    // Obligations.
    if (const detail::doc_value* obs = top.array("obligation")) {
      for (const detail::doc_value& node : obs->items) {
        if (node.type != detail::doc_value::kind::object) {
          top.wrong_type(node, "obligation",
                         node.is_json() ? "an array of objects" : "an array of tables ([[obligation]])");
          continue;
        }
        if (auto o = load_obligation(node, reg)) reg.obligations.push_back(std::move(*o));
        if (s_.obligation_count++ == k_max_obligations) {
          s_.error(node.where(), "limit.obligations",
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
      s_.error({path, 1, 1}, "rules.no-obligations",
               "the rule pack '" + detail::excerpt(reg.id) + "' has no [[obligation]]");
    }
    top.finish();
    s_.data.regimes.push_back(std::move(reg));
  }

  std::optional<obligation> load_obligation(const detail::doc_value& t, const regime& reg) {
    std::string named;
    if (const detail::doc_value* n = t.find("id"); n != nullptr && n->type == detail::doc_value::kind::string)
      named = n->string;
    detail::doc_reader r(t, s_.ds, named.empty() ? "[[obligation]]" : "obligation " + detail::excerpt(named));
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
                       "unknown action '" + detail::excerpt(*a) +
                           "' (notify-authority, notify-individuals, notify-organizations, "
                           "notify-controller, communicate-publicly, record, report-annually, retain or internal)");
      }
    }
    const authority* to = f_.recipient(r, reg, o, shown);
    o.title = r.string("title", true).value_or("");
    o.cite = f_.citations(r, "cite");
    if (!r.has("cite")) r.missing("cite");
    else if (std::none_of(o.cite.begin(), o.cite.end(),
                          [](const citation& c) { return starts_with(c.url, "https://"); })) {
      r.error_at_key("cite", "rules.cite", shown + " must cite at least one primary source by https URL");
    }
    o.when = f_.condition(r, "when");
    // A substitute may still have a `when` of its own, which must hold as well.
    o.substitute = r.boolean("substitute").value_or(false);
    o.on_request = r.boolean("on_request").value_or(false);
    std::vector<load_state::displacing_ref> displacing;
    if (const detail::doc_value* unless = r.array("unless")) {
      for (const detail::doc_value& u : unless->items) {
        if (u.type != detail::doc_value::kind::object) {
          r.wrong_type(u, "unless[]", std::string(r.table_word()) + " { when = '...', because = \"...\" }");
          continue;
        }
        detail::doc_reader er(u, s_.ds, "an exception of " + shown);
        exception_rule e;
        e.where = u.where();
        auto c = f_.condition(er, "when");
        if (!er.has("when")) er.missing("when");
        e.because = er.string("because", true).value_or("");
        e.cite = f_.citations(er, "cite");
        e.instead = er.string("instead").value_or("");
        if (auto by = er.string("displaced_by")) {
          const source_location at = er.get("displaced_by")->where();
          if (!e.instead.empty()) {
            er.error_at_key("displaced_by", "rules.displaced-by",
                            "an exception either redirects (instead) or says another law displaces the duty "
                            "(displaced_by), not both");
          } else if (by->empty()) {
            er.error_at_key("displaced_by", "rules.displaced-by",
                            "displaced_by names the pack whose law displaces the duty, such as \"dora\"");
          } else {
            e.displaced_by = *by;
            displacing.push_back(load_state::displacing_ref{*by, at, reg.id, false});
          }
        }
        er.finish();
        if (c) {
          e.when = std::move(*c);
          o.unless.push_back(std::move(e));
        }
      }
    }
    o.deadline = f_.deadline(r, to, shown);
    o.delay = f_.delay(r, shown);
    if (o.to_by) f_.check_chosen_calendars(o, reg, to);
    o.content = r.strings("content").value_or(std::vector<std::string>{});
    o.notes = r.strings("notes").value_or(std::vector<std::string>{});
    o.late = r.string("late").value_or("");
    o.phased = r.boolean("phased").value_or(false);
    field_reader::certainty(r, o.certainty, o.notes, shown);
    o.effective = f_.window(r, reg.tz);
    o.proposed = f_.proposal(r);
    if (!o.proposed.empty() && reg.kind == pack_kind::policy) {
      r.error_at_key("proposed", "rules.proposed",
                     "a policy overlay's obligations are the organisation's own, not "
                     "proposed law: mark a rule pack's [regime] or obligation proposed");
    }
    if (o.proposed.empty()) o.proposed = reg.proposed;  // every obligation of a proposed pack is proposed
    for (load_state::displacing_ref& d : displacing) {
      d.proposed = !o.proposed.empty();
      s_.displacing.push_back(std::move(d));
    }
    r.finish();
    if (o.id.empty()) return std::nullopt;
    return o;
  }

  void load_target(const detail::doc_value& t, const regime& reg) {
    detail::doc_reader r(t, s_.ds, "[[target]]");
    policy_target target;
    target.policy = reg.id;
    target.where = t.where();
    target.obligations = r.strings("obligations").value_or(std::vector<std::string>{});
    target.all_soft = r.boolean("soft").value_or(false);
    if (target.obligations.empty() && !target.all_soft) {
      r.error(t, "rules.target", "a target names its obligations = [...], or sets soft = true for every soft deadline");
    }
    target.from = r.string("from").value_or("");
    if (!target.from.empty()) check_event_name(s_, target.from, r.get("from")->where(), "target anchor");
    target.note = r.string("note").value_or("");
    if (const detail::doc_value* w = r.get("within")) {
      auto p = w->type == detail::doc_value::kind::string
                   ? parse_period(w->string, w->inside())
                   : result<period>(make_error("rules.target", w->where(), "within is a period such as \"48h\""));
      s_.take(p.diagnostics());
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
    s_.data.targets.push_back(std::move(target));
  }

 private:
  load_state& s_;
  field_reader f_;
};

}  // namespace

void read_pack(const source_file& f, pack_kind kind, const std::string& module, load_state& state) {
  state.module = module;
  state.policy = kind == pack_kind::policy;
  const std::size_t before = state.data.regimes.size();
  pack_reader(state).load_pack(f, kind);
  if (state.data.regimes.size() > before) state.data.regimes.back().module = module;
  state.module.clear();
  state.policy = false;
}

std::optional<module_decl> read_module(const source_file& f, load_state& state) {
  auto parsed = detail::parse_document(f);
  state.take(parsed.diagnostics());
  if (!parsed) return std::nullopt;
  const auto errors_before = std::count_if(state.ds.begin(), state.ds.end(),
                                           [](const diagnostic& d) { return d.level == severity::error; });
  detail::doc_reader top(*parsed, state.ds, "a module.toml");
  const detail::doc_value* meta = top.table("module", true);
  module_decl m;
  if (meta != nullptr) {
    detail::doc_reader mr(*meta, state.ds, "[module]");
    m.id = mr.string("id", true).value_or("");
    m.title = mr.string("title", true).value_or("");
    m.jurisdictions = mr.strings("jurisdictions").value_or(std::vector<std::string>{});
    const auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    const bool id_ok = !m.id.empty() && m.id.size() <= 64 && m.id.front() >= 'a' && m.id.front() <= 'z' &&
                       std::all_of(m.id.begin(), m.id.end(), [&](char c) { return lower_or_digit(c) || c == '-'; });
    if (mr.has("id") && !m.id.empty() && !id_ok) {
      mr.error_at_key("id", "rules.id",
                      "a module id is 1 to 64 lower-case letters, digits and '-', starting with a letter, such as "
                      "ca-on, not '" +
                          detail::excerpt(m.id) + "'");
    }
    mr.finish();
  }
  top.finish();
  const auto errors_after = std::count_if(state.ds.begin(), state.ds.end(),
                                          [](const diagnostic& d) { return d.level == severity::error; });
  if (errors_after > errors_before || m.id.empty()) return std::nullopt;
  return m;
}

}  // namespace breachclock::rules_detail
