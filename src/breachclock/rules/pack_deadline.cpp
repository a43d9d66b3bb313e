// The reader of an obligation's `deadline` (pack_fields.hpp): a period, a date, a retention, a
// soft deadline, or the earlier (later) of several limits; anchors on an event, on the filing of
// another obligation or on an authority's request; rolls, rolls to a time of day, and the
// condition under which a roll does not apply. And the checks of the chains across packs
// (checks.hpp): every filing or request a deadline counts from names an obligation, no duty
// counts from its own filing, and no chain runs in a circle.
#include <algorithm>
#include <map>
#include <set>

#include "detail/text.hpp"
#include "rules/checks.hpp"
#include "rules/pack_fields.hpp"

namespace breachclock::rules_detail {

namespace {

using detail::doc_value;

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

constexpr const char* k_roll_words = "roll is none, next-business-day or next-non-holiday";
constexpr const char* k_anchor_words =
    "an event name such as \"aware\", or { filed = \"<obligation id>\" }, { last_filed = \"<obligation id>\" } "
    "or { requested = \"<obligation id>\" }";

// `roll`, and `roll_to` ("HH:MM"), of one table: the deadline, or its period.
void read_roll(detail::doc_reader& r, roll& rolling, std::optional<std::chrono::minutes>& to) {
  if (auto ro = r.string("roll")) {
    if (auto v = parse_roll(*ro)) rolling = *v;
    else r.error_at_key("roll", "rules.deadline", k_roll_words);
  }
  if (const doc_value* t = r.get("roll_to")) {
    std::optional<std::chrono::minutes> parsed;
    if (t->type == doc_value::kind::string) parsed = parse_time_of_day(t->string);
    if (!parsed) {
      r.error(*t, "deadline.roll-to", "roll_to is a time of day written \"HH:MM\", from \"00:00\" to \"23:59\"");
    } else {
      to = parsed;
    }
  }
}

}  // namespace

bool field_reader::anchor(detail::doc_reader& r, const std::string& id, anchor_kind& kind, std::string& name) {
  const doc_value* n = r.get("from");
  if (n == nullptr) return false;
  if (n->type == doc_value::kind::string) {
    kind = anchor_kind::event;
    name = n->string;
    check_event_name(s_, name, n->where(), "deadline anchor");
    check_module_of(s_, name, n->where());
    return true;
  }
  if (n->type != doc_value::kind::object) {
    r.wrong_type(*n, "from", k_anchor_words);
    return false;
  }
  detail::doc_reader ar(*n, s_.ds, "the anchor of the deadline of " + id);
  int found = 0;
  for (anchor_kind k : {anchor_kind::filed, anchor_kind::last_filed, anchor_kind::requested}) {
    const char* key = to_string(k);
    if (!ar.has(key)) continue;
    ++found;
    if (auto target = ar.string(key)) {
      kind = k;
      name = *target;
      s_.chains.push_back(load_state::chain_ref{id, k, *target, ar.get(key)->where()});
    }
  }
  ar.finish();
  if (found != 1) {
    r.error(*n, "rules.chain", std::string("from is ") + k_anchor_words + ": one of filed, last_filed and requested");
    return false;
  }
  return !name.empty();
}

deadline_spec field_reader::deadline(detail::doc_reader& r, const authority* to, const std::string& id) {
  deadline_spec spec;
  const doc_value* n = r.get("deadline");
  if (n == nullptr) return spec;
  if (n->type != doc_value::kind::object) {
    r.wrong_type(*n, "deadline",
                 std::string(r.table_word()) + " such as { within = \"72h\", from = \"aware\", text = \"...\" }");
    return spec;
  }
  const doc_value* t = n;
  detail::doc_reader dr(*t, s_.ds, "the deadline of " + id);
  const source_location at = t->where();
  spec.text = dr.string("text").value_or("");
  const int kinds = (dr.has("within") ? 1 : 0) + (dr.has("retain") ? 1 : 0) + (dr.has("date") ? 1 : 0) +
                    (dr.has("earlier_of") ? 1 : 0) + (dr.has("later_of") ? 1 : 0);
  if (kinds > 1) dr.error(*t, "rules.deadline", "a deadline has one of within, retain, date, earlier_of and later_of");
  const holiday_calendar* cal = to != nullptr ? to->calendar : nullptr;
  auto calendar_fault = [&](std::optional<diagnostic> fault) {
    if (!fault) return false;
    fault->message += to != nullptr && cal == nullptr ? " (authority '" + to->id + "' has no calendar)" : "";
    s_.ds.push_back(*fault);
    return true;
  };
  // A period of `key` in table `pr`, with its convention (and, at the deadline's level, its roll).
  auto period_of = [&](detail::doc_reader& pr, const char* key, bool rolls) -> std::optional<deadline_rule> {
    const doc_value* p = pr.get(key);
    if (p == nullptr || p->type != doc_value::kind::string) {
      if (p != nullptr) pr.wrong_type(*p, key, "a period such as \"72h\" or \"24 months\"");
      return std::nullopt;
    }
    auto parsed = parse_period(p->string, p->inside());
    s_.take(parsed.diagnostics());
    if (!parsed) return std::nullopt;
    deadline_rule rule{*parsed};
    if (auto c = pr.string("convention")) {
      if (auto v = parse_convention(*c)) rule.counting = *v;
      else pr.error_at_key("convention", "rules.deadline", "convention is exact or next-hour");
    }
    if (rolls) read_roll(pr, rule.rolling, rule.roll_to);
    if (calendar_fault(check_deadline_rule(rule, cal, p->where()))) return std::nullopt;
    return rule;
  };
  const char* combined = dr.has("earlier_of") ? "earlier_of" : dr.has("later_of") ? "later_of" : nullptr;
  if (combined != nullptr) {
    spec.kind = deadline_kind::fixed;
    spec.combine = dr.has("earlier_of") ? deadline_combine::earlier_of : deadline_combine::later_of;
    const doc_value* list = dr.array(combined);
    if (list != nullptr && list->items.size() < 2) {
      dr.error(*list, "rules.deadline",
               std::string(combined) + " combines two limits or more, each { within = \"...\", from = \"...\" }");
    }
    for (std::size_t k = 0; list != nullptr && k < list->items.size(); ++k) {
      const doc_value& item = list->items[k];
      if (item.type != doc_value::kind::object) {
        dr.error(item, "rules.deadline",
                 "a limit is " + std::string(dr.table_word()) + " such as { within = \"24h\", from = \"aware\" }");
        continue;
      }
      detail::doc_reader lr(item, s_.ds, "limit " + std::to_string(k + 1) + " of the deadline of " + id);
      deadline_limit limit;
      limit.where = item.where();
      if (!lr.has("within")) lr.missing("within");
      auto rule = period_of(lr, "within", false);
      if (!anchor(lr, id, limit.from_kind, limit.from) && !lr.has("from")) lr.missing("from");
      if (auto later = lr.string("unless_later")) {
        limit.unless_later = *later;
        check_event_name(s_, *later, lr.get("unless_later")->where(), "unless_later");
        check_module_of(s_, *later, lr.get("unless_later")->where());
      }
      lr.finish();
      if (rule) {
        limit.period = *rule;
        spec.limits.push_back(std::move(limit));
      }
    }
    read_roll(dr, spec.combined_roll, spec.combined_roll_to);
    if (spec.combined_roll_to && spec.combined_roll == roll::none) {
      dr.error_at_key("roll_to", "deadline.roll-to",
                      "roll_to moves a due instant to a time of the next working day: it needs roll = "
                      "\"next-business-day\" or \"next-non-holiday\"");
    } else if (spec.combined_roll != roll::none && cal == nullptr) {
      dr.error_at_key("roll", "deadline.no-calendar",
                      std::string("roll ") + to_string(spec.combined_roll) + " needs a holiday calendar" +
                          (to != nullptr ? " (authority '" + to->id + "' has no calendar)" : ""));
    }
    if (dr.has("from"))
      dr.error_at_key("from", "rules.deadline", "each limit of " + std::string(combined) + " has its own from");
    dr.get("convention");
    if (dr.has("convention"))
      dr.error_at_key("convention", "rules.deadline",
                      "each limit of " + std::string(combined) + " has its own convention");
  } else if (dr.has("within")) {
    spec.kind = deadline_kind::fixed;
    spec.period = period_of(dr, "within", true);
  } else if (dr.has("retain")) {
    spec.kind = deadline_kind::retention;
    spec.period = period_of(dr, "retain", true);
  } else if (dr.has("date")) {
    spec.kind = deadline_kind::date;
    fixed_date_rule rule;
    const doc_value* dn = dr.get("date");
    auto md = dn->type == doc_value::kind::string ? parse_month_day(dn->string) : std::nullopt;
    if (!md) {
      dr.error(*dn, "rules.deadline", "date is a month and day written \"MM-DD\", such as \"03-01\" for March 1");
    } else {
      rule.month = md->first;
      rule.day = md->second;
    }
    if (const doc_value* y = dr.get("year")) {
      const bool ys = y->type == doc_value::kind::string;
      if (ys && y->string == "following") rule.years_after = 1;
      else if (ys && y->string == "same") rule.years_after = 0;
      else dr.error(*y, "rules.deadline", "year is \"same\" or \"following\" (the anchor's local year, or the next)");
    } else {
      dr.missing("year");
    }
    if (auto ro = dr.string("roll")) {
      if (auto v = parse_roll(*ro)) rule.rolling = *v;
      else dr.error_at_key("roll", "rules.deadline", k_roll_words);
    }
    if (dr.has("roll_to"))
      dr.error_at_key("roll_to", "deadline.roll-to",
                      "a date deadline rolls to the end of the working day, not to a time");
    if (auto fault = check_fixed_date_rule(rule, cal, at)) s_.ds.push_back(*fault);
    else if (md) spec.fixed_date = rule;
  } else {
    spec.kind = deadline_kind::soft;
    if (spec.text.empty()) dr.missing("text");
    for (const char* key : {"convention", "roll", "roll_to", "roll_unless"}) {
      if (dr.has(key))
        dr.error_at_key(key, "rules.deadline",
                        std::string(key) + " applies to within, retain, date or a combination, not to a soft deadline");
    }
  }
  if (auto e = dr.string("from_end_of")) {
    if (*e != "year")
      dr.error_at_key("from_end_of", "rules.deadline", "from_end_of is \"year\" (the anchor's calendar year)");
    else if (spec.kind != deadline_kind::fixed || combined != nullptr || !spec.period ||
             spec.period->length.index() == 0)
      dr.error_at_key("from_end_of", "rules.deadline",
                      "from_end_of counts a period of days, weeks, months or years from the end of the anchor's year: "
                      "it needs within, with such a period");
    else spec.from_end_of_year = true;
  }
  if (auto z = dr.string("zone")) {
    if (*z == "incident") spec.in_incident_zone = true;
    else if (*z != "authority")
      dr.error_at_key("zone", "rules.deadline", "zone is \"authority\" (the default) or \"incident\"");
  }
  if (combined == nullptr) {
    const bool found = anchor(dr, id, spec.from_kind, spec.from);
    if (!found && (spec.kind != deadline_kind::soft || dr.has("from")) && !dr.has("from")) dr.missing("from");
  }
  if (dr.has("roll_unless") && spec.kind != deadline_kind::soft) {
    const bool rolls = spec.combine != deadline_combine::single ? spec.combined_roll != roll::none
                       : spec.period                            ? spec.period->rolling != roll::none
                       : spec.fixed_date                        ? spec.fixed_date->rolling != roll::none
                                                                : true;
    if (!rolls)
      dr.error_at_key("roll_unless", "rules.deadline",
                      "roll_unless says when a roll does not apply: the deadline has no roll");
    spec.roll_unless = condition(dr, "roll_unless");
  }
  dr.get("convention");
  dr.get("roll");
  dr.get("roll_to");
  dr.get("roll_unless");
  dr.finish();
  return spec;
}

void check_chains(load_state& s) {
  std::map<std::string, const obligation*, std::less<>> by_id;
  std::vector<std::string> ids;
  for (const regime& r : s.data.regimes) {
    for (const obligation& o : r.obligations) {
      if (by_id.emplace(o.id, &o).second) ids.push_back(o.id);
    }
  }
  // The filings each duty's deadline waits for: the edges of the chains.
  std::map<std::string, std::set<std::string>, std::less<>> waits_for;
  for (const load_state::chain_ref& c : s.chains) {
    const auto target = by_id.find(c.target);
    if (target == by_id.end()) {
      s.error(c.where, "rules.chain",
              "the deadline of '" + c.obligation + "' counts from " + to_string(c.kind) + " '" +
                  detail::excerpt(c.target) + "', which is not an obligation" + detail::did_you_mean(c.target, ids));
      continue;
    }
    if (c.kind == anchor_kind::requested) {
      if (!target->second->on_request) {
        s.error(c.where, "rules.chain",
                "the deadline of '" + c.obligation + "' counts from a request for '" + c.target +
                    "', which is not a duty an authority requests: declare it with on_request = true");
      }
      continue;
    }
    if (c.target == c.obligation) {
      s.error(c.where, "rules.chain",
              "the deadline of '" + c.obligation + "' counts from its own filing: it could never start");
      continue;
    }
    waits_for[c.obligation].insert(c.target);
  }
  // Every on_request duty with an instant deadline counts from the request for it.
  for (const regime& r : s.data.regimes) {
    for (const obligation& o : r.obligations) {
      if (!o.on_request || o.deadline.kind == deadline_kind::none || o.deadline.kind == deadline_kind::soft) continue;
      auto own = [&o](anchor_kind k, const std::string& from) { return k == anchor_kind::requested && from == o.id; };
      bool counts = own(o.deadline.from_kind, o.deadline.from);
      for (const deadline_limit& l : o.deadline.limits) counts = counts || own(l.from_kind, l.from);
      if (!counts) {
        s.error(o.where, "rules.chain",
                "'" + o.id +
                    "' is a duty an authority requests (on_request): its deadline counts from the request, "
                    "from = { requested = \"" +
                    o.id + "\" }");
      }
    }
  }
  // A circle of filings: no duty in it could ever start.
  std::map<std::string, int, std::less<>> state;  // 1: on the path, 2: done
  std::vector<std::string> path;
  std::set<std::string> told;
  auto visit = [&](auto&& self, const std::string& id) -> void {
    state[id] = 1;
    path.push_back(id);
    if (auto e = waits_for.find(id); e != waits_for.end()) {
      for (const std::string& next : e->second) {
        const int st = state[next];
        if (st == 1) {
          std::string circle;
          for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it) circle += *it + " -> ";
          circle += next;
          if (told.insert(next).second)
            s.error(by_id.at(id)->where, "rules.chain",
                    "the deadlines count from each other's filings in a circle, so none could start: " + circle);
        } else if (st == 0) {
          self(self, next);
        }
      }
    }
    path.pop_back();
    state[id] = 2;
  };
  for (const auto& [id, targets] : waits_for) {
    if (state[id] == 0) visit(visit, id);
  }
}

}  // namespace breachclock::rules_detail
