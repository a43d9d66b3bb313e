#include "breachclock/time/calendar.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <ostream>
#include <set>

#include "detail/text.hpp"
#include "detail/doc_reader.hpp"
#include "time/holiday_rule.hpp"

namespace breachclock {

namespace {

using date::local_days;

// What happens when a holiday falls on one of its substitution weekdays.
enum class substitution : unsigned char {
  none,
  move,  // the holiday moves to the next free working day (UK bank holidays)
  add,   // the next free working day is a holiday as well (Ontario Legislation Act s. 88)
};

struct holiday_rule {
  std::string name;
  detail::date_rule rule;
  substitution subst = substitution::none;
  std::array<bool, 7> subst_on{};  // indexed by weekday c_encoding
  int since = -32767;
  int until = 32767;
};

struct dated_entry {
  civil_date date;
  std::string name;
};

// Years whose holidays are computed once, at load (the years of breach-notification law, with
// room for long retention periods); others are computed on demand, with the same answers.
constexpr int k_first_cached_year = 1990;
constexpr int k_last_cached_year = 2099;

}  // namespace

struct holiday_calendar::data {
  std::string id;
  std::string title;
  std::vector<citation> sources;
  confidence certainty = confidence::primary;
  std::vector<std::string> notes;
  std::optional<std::pair<int, int>> verified;
  std::array<bool, 7> non_working{};
  std::array<bool, 7> holiday_weekday{};
  std::vector<holiday_rule> rules;
  std::vector<dated_entry> added;
  std::vector<dated_entry> removed;
  std::vector<local_days> removed_days;  // the removed dates, sorted

  // A dated holiday, compactly: its name is names[name], with " (substitute day)" for a substitute.
  struct entry {
    local_days day;
    std::uint32_t name;
    bool substitute;
  };
  std::vector<std::string> names;  // the rules' names, then the added dates'

  // Cache: every dated holiday of [k_first_cached_year, k_last_cached_year], sorted, and a flag
  // per day of that range. Built on first use (a rule set names calendars a run may never
  // consult); call_once makes that safe when threads share the calendar.
  struct cache_data {
    std::vector<entry> entries;
    std::vector<bool> flags;
  };
  static constexpr local_days cache_begin{date::year{k_first_cached_year} / 1 / 1};
  static constexpr local_days cache_end{date::year{k_last_cached_year + 1} / 1 / 1};  // exclusive
  mutable std::once_flag cache_once;
  mutable cache_data cache_store;
  const cache_data& cache() const {
    std::call_once(cache_once, [this] { build_cache(); });
    return cache_store;
  }

  // The index of `d` in the cache's flags, or nothing outside the cached years.
  static std::optional<std::size_t> cache_index(local_days d) {
    if (d < cache_begin || d >= cache_end) return std::nullopt;
    return static_cast<std::size_t>((d - cache_begin).count());
  }

  std::vector<entry> compute(int from, int to) const;
  holiday make_holiday(const entry& e) const {
    return holiday{civil_date{e.day}, e.substitute ? names[e.name] + " (substitute day)" : names[e.name], e.substitute};
  }
  std::vector<holiday> make_holidays(const std::vector<entry>& entries, int from, int to) const;
  void build_cache() const;
};

namespace {

bool in_years(local_days d, int from, int to) {
  const int y = static_cast<int>(civil_date{d}.year());
  return y >= from && y <= to;
}

}  // namespace

std::vector<holiday_calendar::data::entry> holiday_calendar::data::compute(int from, int to) const {
  // Holidays of the years around [from, to] so that substitutes that cross a year boundary
  // (a holiday on Saturday 31 December) land where they belong.
  struct pending {
    entry e;
    const holiday_rule* rule;  // null for one-off added dates
  };
  std::vector<pending> base;
  for (int y = from - 1; y <= to + 1; ++y) {
    for (const holiday_rule& r : rules) {
      if (y < r.since || y > r.until) continue;
      if (auto d = detail::evaluate(r.rule, date::year{y})) {
        base.push_back({entry{local_days{*d}, static_cast<std::uint32_t>(&r - rules.data()), false}, &r});
      }
    }
  }
  // One-off removals and additions (removals were checked against the rules at load).
  base.erase(std::remove_if(base.begin(), base.end(),
                            [&](const pending& p) {
                              return std::binary_search(removed_days.begin(), removed_days.end(), p.e.day);
                            }),
             base.end());
  for (std::size_t k = 0; k < added.size(); ++k) {
    const int y = static_cast<int>(added[k].date.year());
    if (y >= from - 1 && y <= to + 1) {
      base.push_back({entry{local_days{added[k].date}, static_cast<std::uint32_t>(rules.size() + k), false}, nullptr});
    }
  }
  std::stable_sort(base.begin(), base.end(), [](const pending& a, const pending& b) { return a.e.day < b.e.day; });

  // Days already taken, sorted: a substitute never lands on another holiday.
  std::vector<local_days> occupied;
  occupied.reserve(base.size() + 8);
  for (const pending& p : base) occupied.push_back(p.e.day);
  auto taken = [&occupied](local_days d) { return std::binary_search(occupied.begin(), occupied.end(), d); };

  std::vector<entry> out;
  out.reserve(base.size() + 8);
  for (const pending& p : base) {
    const unsigned wd = date::weekday{p.e.day}.c_encoding();
    const bool substituted = p.rule != nullptr && p.rule->subst != substitution::none && p.rule->subst_on[wd];
    if (!substituted) {
      out.push_back(p.e);
      continue;
    }
    if (p.rule->subst == substitution::add) out.push_back(p.e);
    // The next working day that is not already a holiday (nor an earlier substitute).
    local_days d = p.e.day + date::days{1};
    while (non_working[date::weekday{d}.c_encoding()] || taken(d)) d += date::days{1};
    occupied.insert(std::upper_bound(occupied.begin(), occupied.end(), d), d);
    out.push_back(entry{d, p.e.name, true});
  }
  std::stable_sort(out.begin(), out.end(), [](const entry& a, const entry& b) { return a.day < b.day; });
  out.erase(std::remove_if(out.begin(), out.end(), [&](const entry& e) { return !in_years(e.day, from, to); }), out.end());
  return out;
}

std::vector<holiday> holiday_calendar::data::make_holidays(const std::vector<entry>& entries, int from, int to) const {
  std::vector<holiday> out;
  for (const entry& e : entries) {
    if (in_years(e.day, from, to)) out.push_back(make_holiday(e));
  }
  return out;
}

void holiday_calendar::data::build_cache() const {
  cache_store.entries = compute(k_first_cached_year, k_last_cached_year);
  cache_store.flags.assign(static_cast<std::size_t>((cache_end - cache_begin).count()), false);
  for (const entry& e : cache_store.entries) cache_store.flags[static_cast<std::size_t>((e.day - cache_begin).count())] = true;
}

const std::string& holiday_calendar::id() const { return data_->id; }
const std::string& holiday_calendar::title() const { return data_->title; }
const std::vector<citation>& holiday_calendar::sources() const { return data_->sources; }
confidence holiday_calendar::certainty() const { return data_->certainty; }
const std::vector<std::string>& holiday_calendar::notes() const { return data_->notes; }
std::optional<std::pair<int, int>> holiday_calendar::verified_years() const { return data_->verified; }

std::optional<std::string> holiday_calendar::unverified_warning(date::year from, date::year to) const {
  const int f = static_cast<int>(from);
  const int t = static_cast<int>(to);
  if (data_->verified && f >= data_->verified->first && t <= data_->verified->second) return std::nullopt;
  std::string span = f == t ? std::to_string(f) : std::to_string(f) + "-" + std::to_string(t);
  std::string checked = data_->verified ? " (checked for " + std::to_string(data_->verified->first) + "-" +
                                              std::to_string(data_->verified->second) + ")"
                                        : " (no years were checked)";
  return "the holidays of calendar " + data_->id + " for " + span +
         " follow its rules only: one-off holidays proclaimed for those years are not known" + checked;
}

bool holiday_calendar::is_non_working_weekday(date::weekday wd) const { return data_->non_working[wd.c_encoding()]; }
bool holiday_calendar::is_holiday_weekday(date::weekday wd) const { return data_->holiday_weekday[wd.c_encoding()]; }

std::optional<holiday> holiday_calendar::holiday_on(local_days d) const {
  using entry = data::entry;
  if (auto index = data::cache_index(d)) {
    const auto& cache = data_->cache();
    if (!cache.flags[*index]) return std::nullopt;
    auto it = std::lower_bound(cache.entries.begin(), cache.entries.end(), d,
                               [](const entry& e, local_days x) { return e.day < x; });
    if (it != cache.entries.end() && it->day == d) return data_->make_holiday(*it);
    return std::nullopt;
  }
  const int y = static_cast<int>(civil_date{d}.year());
  for (const entry& e : data_->compute(y, y)) {
    if (e.day == d) return data_->make_holiday(e);
  }
  return std::nullopt;
}

bool holiday_calendar::is_holiday(local_days d) const {
  return data_->holiday_weekday[date::weekday{d}.c_encoding()] || holiday_on(d).has_value();
}

bool holiday_calendar::is_working_day(local_days d) const {
  if (data_->non_working[date::weekday{d}.c_encoding()]) return false;
  if (auto index = data::cache_index(d)) return !data_->cache().flags[*index];
  return !holiday_on(d).has_value();
}

namespace {

// The days breachclock computes: 0001-01-01 to 9999-12-31.
constexpr local_days k_first_day{date::year{1} / 1 / 1};
constexpr local_days k_last_day{date::year{9999} / 12 / 31};

// Answers "is this day a dated holiday?" for days walked one after another: from the cache in
// the cached years, else from the holidays of the day's year, computed once per year walked.
class dated_lookup {
 public:
  explicit dated_lookup(const holiday_calendar::data& d) : d_(d) {}
  bool dated(local_days x) {
    if (auto index = holiday_calendar::data::cache_index(x)) return d_.cache().flags[*index];
    const int y = static_cast<int>(civil_date{x}.year());
    if (y != year_) {
      year_ = y;
      days_.clear();
      for (const auto& e : d_.compute(y, y)) days_.push_back(e.day);  // sorted by day
    }
    return std::binary_search(days_.begin(), days_.end(), x);
  }

 private:
  const holiday_calendar::data& d_;
  int year_ = 0;  // no year: 0 is outside the days walked
  std::vector<local_days> days_;
};

// Walks from `from`, one day at a time in direction `step`, until `found` has said yes `n`
// times (from itself is not looked at); fails past the years 0001-9999 or after
// max_scan_days days. `what` names what was counted, for the messages.
template <class Pred>
result<local_days> walk(local_days from, int step, long long n, const std::string& id, const std::string& what,
                        Pred found) {
  local_days d = from;
  for (long long scanned = 0; n > 0; ++scanned) {
    if (scanned == holiday_calendar::max_scan_days) {
      return make_error("calendar.too-far", source_location{},
                        "calendar " + id + " gives no " + what + " within 200 years " +
                            (step > 0 ? "after " : "before ") + format_date(civil_date{from}));
    }
    d += date::days{step};
    if (d < k_first_day || d > k_last_day) {
      return make_error("calendar.too-far", source_location{},
                        "counting " + what + " of calendar " + id + " from " + format_date(civil_date{from}) +
                            " goes past " + (step > 0 ? "9999-12-31" : "0001-01-01") +
                            ", outside the years breachclock computes (0001-9999)");
    }
    if (found(d)) --n;
  }
  return d;
}

}  // namespace

result<local_days> holiday_calendar::add_working_days(local_days from, int n) const {
  dated_lookup look(*data_);
  const long long count = n < 0 ? -static_cast<long long>(n) : n;  // -INT_MIN overflows an int
  const std::string what = std::to_string(count) + (count == 1 ? " working day" : " working days");
  return walk(from, n < 0 ? -1 : 1, count, data_->id, what, [&](local_days d) {
    return !data_->non_working[date::weekday{d}.c_encoding()] && !look.dated(d);
  });
}

result<local_days> holiday_calendar::next_working_day(local_days d) const {
  if (is_working_day(d)) return d;
  dated_lookup look(*data_);
  return walk(d, 1, 1, data_->id, "working day", [&](local_days x) {
    return !data_->non_working[date::weekday{x}.c_encoding()] && !look.dated(x);
  });
}

result<local_days> holiday_calendar::next_non_holiday(local_days d) const {
  if (!is_holiday(d)) return d;
  dated_lookup look(*data_);
  return walk(d, 1, 1, data_->id, "day that is not a holiday", [&](local_days x) {
    return !data_->holiday_weekday[date::weekday{x}.c_encoding()] && !look.dated(x);
  });
}

std::vector<holiday> holiday_calendar::holidays(date::year from, date::year to) const {
  const int f = static_cast<int>(from);
  const int t = static_cast<int>(to);
  if (f > t) return {};
  if (f >= k_first_cached_year && t <= k_last_cached_year) return data_->make_holidays(data_->cache().entries, f, t);
  return data_->make_holidays(data_->compute(f, t), f, t);
}

std::string weekday_name(date::weekday wd) {
  static constexpr std::array<const char*, 7> names{"sunday", "monday", "tuesday", "wednesday",
                                                    "thursday", "friday", "saturday"};
  return names[wd.c_encoding()];
}

std::ostream& operator<<(std::ostream& os, const holiday& h) {
  os << format_date(h.date) << ' ' << h.name;
  if (h.substitute) os << " [substitute]";
  return os;
}

// ---- loading -----------------------------------------------------------------------------

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
    detail::doc_reader cr(n, r.out(), "a source");
    citation c;
    c.ref = cr.string("ref", true).value_or("");
    c.url = cr.string("url").value_or("");
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
                            "the calendar has " + std::to_string(hs->items.size()) + " [[holiday]] rules; the limit is " +
                                std::to_string(max_holiday_rules)));
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
        else if (s && sn->string == "none") h.subst = substitution::none;
        else {
          r.error(*sn, "calendar.substitute",
                  "substitute is \"move\" (the holiday moves to the next free working day), \"add\" (the next "
                  "free working day is a holiday too) or \"none\"");
          ok = false;
        }
      }
      h.subst_on = d->non_working;
      if (r.has("substitute_on")) {
        if (auto on = read_weekdays(r, "substitute_on")) h.subst_on = *on;
        else ok = false;
        if (h.subst == substitution::none) {
          r.error_at_key("substitute_on", "calendar.substitute", "substitute_on needs substitute = \"move\" or \"add\"");
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
  if (const detail::doc_value* arr = root.find("removed"); arr != nullptr && arr->type == detail::doc_value::kind::array) {
    for (std::size_t i = 0; i < d->removed.size() && i < arr->items.size(); ++i) {
      if (!rule_gives(d->removed[i].date)) {
        ds.push_back(make_error("calendar.removed", arr->items[i].where(),
                                "removed date " + format_date(d->removed[i].date) + " is not a holiday the rules give"));
      }
    }
  }
  if (const detail::doc_value* arr = root.find("added"); arr != nullptr && arr->type == detail::doc_value::kind::array) {
    for (std::size_t i = 0; i < d->added.size() && i < arr->items.size(); ++i) {
      const civil_date c = d->added[i].date;
      const bool removed_too = std::any_of(d->removed.begin(), d->removed.end(), [&](const dated_entry& e) { return e.date == c; });
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
    ds.push_back(make_error("calendar.no-working-day", where(has_holiday_weekdays(root) ? "holiday_weekdays" : "non_working"),
                            "calendar " + d->id + " has no day that is not a holiday in " + year_text(*y) +
                                ": every day that is not one of the holiday_weekdays is a holiday, so the roll "
                                "next-non-holiday could never end"));
  }
  if (has_errors(ds)) return ds;
  return result<holiday_calendar>(holiday_calendar{std::move(d)}, std::move(ds));
}

}  // namespace breachclock
