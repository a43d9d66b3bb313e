// Reading a holiday calendar file (TOML or JSON) into a holiday_calendar, with every check that
// makes day walks end (docs/calendars.md).
#include <algorithm>
#include <array>

#include "breachclock/time/calendar.hpp"
#include "detail/doc_reader.hpp"
#include "detail/text.hpp"
#include "time/calendar_data.hpp"
#include "time/holiday_rule.hpp"

namespace breachclock {

using calendar_detail::dated_entry;
using calendar_detail::dated_lookup;
using calendar_detail::holiday_rule;
using calendar_detail::substitution;
using date::local_days;

namespace {

std::optional<std::array<bool, 7>> read_weekdays(detail::doc_reader& r, std::string_view key) {
  const detail::doc_value* a = r.array(key);
  if (a == nullptr) return std::nullopt;
  std::array<bool, 7> set{};
  bool ok = true;
  for (const detail::doc_value& n : a->items) {
    const bool is_string = n.type == detail::doc_value::kind::string;
    const auto wd = is_string ? detail::parse_weekday(n.string) : std::nullopt;
    if (!wd) {
      r.error(n, "calendar.weekday",
              "'" + std::string(key) + "' lists weekdays in lower case ('saturday', 'sunday'), not " +
                  (is_string ? "'" + detail::excerpt(n.string) + "'" : detail::describe(n.type, n.is_json())));
      ok = false;
      continue;
    }
    set[wd->c_encoding()] = true;
  }
  if (!ok) return std::nullopt;
  return set;
}

std::optional<civil_date> read_date(detail::doc_reader& r, std::string_view key) {
  return r.date(key, true, "a date (YYYY-MM-DD, unquoted)");
}

std::vector<citation> read_citations(detail::doc_reader& r, std::string_view key) {
  std::vector<citation> out;
  const detail::doc_value* a = r.array(key);
  if (a == nullptr) return out;
  for (const detail::doc_value& n : a->items) {
    if (n.type != detail::doc_value::kind::object) {
      r.wrong_type(n, std::string(key) + "[]", std::string(r.table_word()) + " { ref = \"...\", url = \"...\" }");
      continue;
    }
    detail::doc_reader cr(n, r.out(), key == "sources" ? "a source" : "a citation");
    citation c;
    c.ref = cr.string("ref", true).value_or("");
    c.url = cr.string("url").value_or("");
    if (!c.url.empty() && !c.url.starts_with("https://") && !c.url.starts_with("http://")) {
      cr.error_at_key("url", "calendar.url", "a citation url starts with https:// (or http://)");
    }
    cr.finish();
    out.push_back(std::move(c));
  }
  return out;
}

// "0001", "2024".
std::string year_text(int y) {
  std::string digits = std::to_string(y);
  return std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
}

bool has_holiday_weekdays(const detail::doc_value& root) {
  const detail::doc_value* cal = root.find("calendar");
  return cal != nullptr && cal->find("holiday_weekdays") != nullptr;
}

// How many days one rule can put in a single calendar year: its own days (from one base year,
// or two for a rule whose day can cross New Year: a weekday within a week of a date, or Easter
// moved by more than the days between Easter and the year's ends) and, with substitution, a
// substitute for each of those and for each day of the year before.
std::size_t days_per_year(const holiday_rule& r) {
  struct visitor {
    std::size_t operator()(const detail::fixed_day&) const { return 1; }
    std::size_t operator()(const detail::nth_weekday&) const { return 1; }
    std::size_t operator()(const detail::relative_weekday&) const { return 2; }
    // Easter Sunday is day 81 to 116 of its year: -80 to +248 days stay in it. Two Easters
    // are at least 696 days apart when their years are two apart, so never more than two.
    std::size_t operator()(const detail::easter_offset& e) const { return e.days >= -80 && e.days <= 248 ? 1 : 2; }
  };
  const std::size_t own = std::visit(visitor{}, r.rule);
  return r.subst == substitution::none ? own : own + 2 * own;
}

// The first year from 0001 to 9999 in which every day is either on one of `off` weekdays or a
// dated holiday, if there is one. Exact, and cheap for real calendars: each weekday comes at
// least 52 times a year, and a year's dated holidays are at most days_per_year() per rule plus
// the added dates; when those are fewer than the days the weekdays leave free, every year has a
// free day. Otherwise every year is walked.
std::optional<int> year_without_free_day(const holiday_calendar::data& d, const std::array<bool, 7>& off) {
  const auto free_weekdays = static_cast<std::size_t>(std::count(off.begin(), off.end(), false));
  if (free_weekdays == 0) return 1;  // refused earlier, with its own message
  std::size_t most = d.added.size();
  for (const holiday_rule& r : d.rules) most += days_per_year(r);
  if (most < 52 * free_weekdays) return std::nullopt;
  dated_lookup look(d);
  for (int y = 1; y <= 9999; ++y) {
    bool found = false;
    const local_days end{date::year{y + 1} / 1 / 1};
    for (local_days x{date::year{y} / 1 / 1}; x < end && !found; x += date::days{1}) {
      found = !off[date::weekday{x}.c_encoding()] && !look.dated(x);
    }
    if (!found) return y;
  }
  return std::nullopt;
}

}  // namespace

result<holiday_calendar> parse_calendar(std::string_view text, std::string_view path) {
  auto parsed = detail::parse_document(std::string(text), std::string(path), detail::format_of(path, text));
  if (!parsed) return std::move(parsed).take_diagnostics();
  const detail::doc_value& root = *parsed;
  std::vector<diagnostic> ds;
  auto d = std::make_shared<holiday_calendar::data>();

  detail::doc_reader top(root, ds, "the calendar file");
  if (const detail::doc_value* cal = top.table("calendar", true)) {
    detail::doc_reader r(*cal, ds, "[calendar]");
    d->id = r.string("id", true).value_or("");
    d->title = r.string("title", true).value_or("");
    d->sources = read_citations(r, "sources");
    if (auto c = r.string("confidence")) {
      if (auto k = parse_confidence(*c)) d->certainty = *k;
      else r.error_at_key("confidence", "calendar.confidence", "confidence is 'primary', 'secondary' or 'unconfirmed'");
    }
    d->notes = r.strings("notes").value_or(std::vector<std::string>{});
    if (auto nw = read_weekdays(r, "non_working")) {
      d->non_working = *nw;
      if (std::all_of(nw->begin(), nw->end(), [](bool b) { return b; })) {
        r.error_at_key("non_working", "calendar.weekday", "non_working leaves no working day in the week");
      }
    } else if (!r.has("non_working")) {
      r.missing("non_working");
    }
    if (auto hw = read_weekdays(r, "holiday_weekdays")) {
      d->holiday_weekday = *hw;
      if (std::all_of(hw->begin(), hw->end(), [](bool b) { return b; })) {
        r.error_at_key("holiday_weekdays", "calendar.weekday", "holiday_weekdays leaves no day that is not a holiday");
      }
    }
    if (const detail::doc_value* v = r.table("verified")) {
      detail::doc_reader vr(*v, ds, "verified");
      const auto from = vr.integer("from", true);
      const auto until = vr.integer("until", true);
      vr.finish();
      if (from && until) {
        if (*from > *until || *from < 1583 || *until > 9999) {
          r.error_at_key("verified", "calendar.years", "verified needs 1583 <= from <= until <= 9999");
        } else {
          d->verified = std::pair{static_cast<int>(*from), static_cast<int>(*until)};
        }
      }
    }
    r.finish();
  }

  const detail::doc_value* hs = top.array("holiday");
  if (hs != nullptr && hs->items.size() > max_holiday_rules) {
    ds.push_back(make_error("limit.calendar", hs->where(),
                            "the calendar has " + std::to_string(hs->items.size()) +
                                " [[holiday]] rules; the limit is " + std::to_string(max_holiday_rules)));
    hs = nullptr;
  }
  if (hs != nullptr) {
    for (const detail::doc_value& n : hs->items) {
      if (n.type != detail::doc_value::kind::object) {
        top.wrong_type(n, "holiday", n.is_json() ? "an array of objects" : "an array of tables ([[holiday]])");
        continue;
      }
      detail::doc_reader r(n, ds, "[[holiday]]");
      holiday_rule h;
      bool ok = true;
      h.name = r.string("name", true).value_or("");
      if (const detail::doc_value* rn = r.get("rule")) {
        if (rn->type == detail::doc_value::kind::string) {
          auto parsed_rule = detail::parse_date_rule(rn->string);
          if (auto* e = std::get_if<detail::rule_error>(&parsed_rule)) {
            ds.push_back(make_error("calendar.rule", rn->locate(e->offset), e->message));
            ok = false;
          } else {
            h.rule = std::get<detail::date_rule>(parsed_rule);
          }
        } else {
          r.wrong_type(*rn, "rule", "a string such as \"first monday of may\"");
          ok = false;
        }
      } else {
        r.missing("rule");
        ok = false;
      }
      if (const detail::doc_value* sn = r.get("substitute")) {
        const bool s = sn->type == detail::doc_value::kind::string;
        if (s && sn->string == "move") h.subst = substitution::move;
        else if (s && sn->string == "add") h.subst = substitution::add;
        else if (s && sn->string == "observed") h.subst = substitution::observed;
        else if (s && sn->string == "none") h.subst = substitution::none;
        else {
          static const std::vector<std::string> modes{"none", "move", "add", "observed"};
          r.error(*sn, "calendar.substitute",
                  "substitute is \"none\", \"move\" (the holiday moves to the next free working day), \"add\" "
                  "(the next free working day is a holiday too) or \"observed\" (a Saturday holiday on the Friday "
                  "before, a Sunday one on the Monday after), not " +
                      (s ? "'" + detail::excerpt(sn->string) + "'" + detail::did_you_mean(sn->string, modes)
                         : detail::describe(sn->type, sn->is_json())));
          ok = false;
        }
      }
      // "observed" moves a Saturday holiday back and a Sunday one forward: only those weekdays.
      h.subst_on = d->non_working;
      if (h.subst == substitution::observed) {
        h.subst_on = {};
        h.subst_on[0] = h.subst_on[6] = true;
      }
      if (r.has("substitute_on")) {
        if (auto on = read_weekdays(r, "substitute_on")) h.subst_on = *on;
        else ok = false;
        if (h.subst == substitution::none) {
          r.error_at_key("substitute_on", "calendar.substitute",
                         "substitute_on needs substitute = \"move\", \"add\" or \"observed\"");
        } else if (h.subst == substitution::observed &&
                   std::any_of(h.subst_on.begin() + 1, h.subst_on.begin() + 6, [](bool b) { return b; })) {
          r.error_at_key("substitute_on", "calendar.substitute",
                         "substitute = \"observed\" moves only a Saturday holiday (to the Friday before) and a "
                         "Sunday one (to the Monday after): substitute_on lists \"saturday\", \"sunday\" or both");
          ok = false;
        }
      }
      if (auto since = r.integer("since")) h.since = static_cast<int>(std::clamp<std::int64_t>(*since, -32767, 32767));
      if (auto until = r.integer("until")) h.until = static_cast<int>(std::clamp<std::int64_t>(*until, -32767, 32767));
      if (h.since > h.until) r.error_at_key("until", "calendar.years", "until is before since");
      r.get("note");
      r.get("source");
      r.finish();
      if (ok) d->rules.push_back(std::move(h));
    }
  }

  auto read_entries = [&](std::string_view key, std::vector<dated_entry>& into, bool name_required) {
    const detail::doc_value* arr = top.array(key);
    if (arr == nullptr) return;
    if (arr->items.size() > max_dated_entries) {
      ds.push_back(make_error("limit.calendar", arr->where(),
                              "the calendar has " + std::to_string(arr->items.size()) + " [[" + std::string(key) +
                                  "]] dates; the limit is " + std::to_string(max_dated_entries)));
      return;
    }
    for (const detail::doc_value& n : arr->items) {
      if (n.type != detail::doc_value::kind::object) {
        top.wrong_type(n, key, n.is_json() ? "an array of objects" : "an array of tables");
        continue;
      }
      detail::doc_reader r(n, ds, "[[" + std::string(key) + "]]");
      dated_entry e;
      auto dt = read_date(r, "date");
      e.name = r.string("name", name_required).value_or("");
      e.cite = read_citations(r, "cite");
      r.get("note");
      r.get("source");
      r.finish();
      if (dt) {
        e.date = *dt;
        into.push_back(std::move(e));
      }
    }
  };
  read_entries("added", d->added, true);
  read_entries("removed", d->removed, false);
  top.finish();

  if (has_errors(ds)) return ds;

  // A removed date must be a holiday the rules give; an added date must not be one already.
  const std::vector<holiday_rule> rules = d->rules;
  auto rule_gives = [&](civil_date c) {
    for (const holiday_rule& r : rules) {
      const int y = static_cast<int>(c.year());
      if (y < r.since || y > r.until) continue;
      if (auto x = detail::evaluate(r.rule, c.year()); x && *x == c) return true;
    }
    return false;
  };
  if (const detail::doc_value* arr = root.find("removed");
      arr != nullptr && arr->type == detail::doc_value::kind::array) {
    for (std::size_t i = 0; i < d->removed.size() && i < arr->items.size(); ++i) {
      if (!rule_gives(d->removed[i].date)) {
        ds.push_back(
            make_error("calendar.removed", arr->items[i].where(),
                       "removed date " + format_date(d->removed[i].date) + " is not a holiday the rules give"));
      }
    }
  }
  if (const detail::doc_value* arr = root.find("added");
      arr != nullptr && arr->type == detail::doc_value::kind::array) {
    for (std::size_t i = 0; i < d->added.size() && i < arr->items.size(); ++i) {
      const civil_date c = d->added[i].date;
      const bool removed_too = std::any_of(d->removed.begin(), d->removed.end(),
                                           [&](const dated_entry& e) { return e.date == c; });
      if (rule_gives(c) && !removed_too) {
        ds.push_back(make_error("calendar.added", arr->items[i].where(),
                                "added date " + format_date(c) + " is already a holiday by the rules"));
      }
    }
  }
  if (has_errors(ds)) return ds;

  d->names.clear();
  for (const holiday_rule& r : d->rules) d->names.push_back(r.name);
  for (const dated_entry& a : d->added) d->names.push_back(a.name);
  for (const dated_entry& e : d->removed) d->removed_days.push_back(local_days{e.date});
  std::sort(d->removed_days.begin(), d->removed_days.end());

  // Every year must have a working day and a day that is not a holiday in law, or counting
  // business days and rolling would never end.
  auto where = [&](const char* key) {
    if (const detail::doc_value* cal = root.find("calendar")) {
      if (const detail::doc_value* n = cal->find(key)) return n->where();
      return cal->where();
    }
    return source_location{std::string(path), 1, 1};
  };
  if (auto y = year_without_free_day(*d, d->non_working)) {
    ds.push_back(make_error("calendar.no-working-day", where("non_working"),
                            "calendar " + d->id + " has no working day in " + year_text(*y) +
                                ": every day that is not a non_working weekday is a holiday, so business days "
                                "and the roll next-business-day could never end"));
  }
  if (auto y = year_without_free_day(*d, d->holiday_weekday)) {
    ds.push_back(make_error("calendar.no-working-day",
                            where(has_holiday_weekdays(root) ? "holiday_weekdays" : "non_working"),
                            "calendar " + d->id + " has no day that is not a holiday in " + year_text(*y) +
                                ": every day that is not one of the holiday_weekdays is a holiday, so the roll "
                                "next-non-holiday could never end"));
  }
  if (has_errors(ds)) return ds;
  return result<holiday_calendar>(holiday_calendar{std::move(d)}, std::move(ds));
}

}  // namespace breachclock
