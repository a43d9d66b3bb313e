// The incident's scope for the assessor, and the warnings about its times (engine/scope_of.hpp).
#include "engine/scope_of.hpp"

#include <algorithm>

#include "breachclock/facts/regions.hpp"

namespace breachclock::detail {

const std::string k_outside_scope = "outside the incident's scope";
const std::vector<citation> k_no_citations;

namespace {

// An as_of more than two years after every event of the incident is probably a typo (a record
// kept 24 months, an annual report due the next March, are all within it).
constexpr std::chrono::seconds k_plausible_as_of_gap = std::chrono::hours{24 * 731};

}  // namespace

namespace {

const region_table& regions_of(const rule_set& rules) {
  static const region_table no_regions;  // a rule folder without regions.toml: codes alone
  const region_table* regions = rules.schema().regions();
  return regions != nullptr ? *regions : no_regions;
}

}  // namespace

int scope_cache::decide(const rule_set& rules, const bound_data& bound, const regime& r) {
  const std::vector<regime>& regimes = rules.regimes();
  if (known_.empty()) known_.assign(regimes.size(), -2);
  signed char& known = known_[static_cast<std::size_t>(&r - regimes.data())];
  if (known != -2) return known;
  const region_table& regions = regions_of(rules);
  const std::vector<std::string>& scope = *bound.source.scope();
  if (!regions.depends_on_time(scope, r.jurisdiction)) {
    known = regions.covers(scope, r.jurisdiction, instant{}) ? 1 : 0;
    return known;
  }
  // Membership is constant between the days members join and leave: the scope may meet the
  // regime only if it does at the start of the regime's window or at a change within it. A
  // regime that starts after the scope's places left (DORA, from 2025, for GB) is never within it.
  const effective_window& w = r.effective;
  auto inside = [&w](instant t) { return (!w.from || t >= *w.from) && (!w.until || t < *w.until); };
  bool ever = regions.covers(scope, r.jurisdiction, w.from.value_or(instant::min()));
  for (const region_union& u : regions.unions()) {
    for (const union_member& m : u.members) {
      for (std::optional<instant> t :
           {m.from ? std::optional(u.tz.start_of_day(date::local_days{*m.from})) : std::nullopt,
            m.until ? std::optional(u.tz.start_of_day(date::local_days{*m.until} + date::days{1})) : std::nullopt}) {
        if (!ever && t && inside(*t)) ever = regions.covers(scope, r.jurisdiction, *t);
      }
    }
  }
  known = ever ? -1 : 0;
  return known;
}

bool scope_cache::covers_at(const rule_set& rules, const bound_data& bound, const regime& r, instant at) {
  return regions_of(rules).covers(*bound.source.scope(), r.jurisdiction, at);
}

trace_entry scope_step(const regime& pack, bool inside) {
  trace_entry e;
  e.what = trace_entry::kind::scope;
  e.value = inside ? tri::yes : tri::no;
  e.condition = &pack.jurisdiction;
  e.because = inside ? nullptr : &k_outside_scope;
  e.cite = &k_no_citations;
  return e;
}

void outside_scope(const obligation& o, const regime& pack, const incident& i, obligation_result& out) {
  out.state = status::not_required;
  out.out_of_scope = true;
  out.deadline.kind = o.deadline.kind;
  out.deadline.from = o.deadline.from;
  out.deadline.text = &o.deadline.text;
  out.deadline.tz = o.deadline.in_incident_zone ? i.home_zone()
                                                : (out.recipient != nullptr ? out.recipient->tz : pack.tz);
  out.certainty = std::max(o.certainty, pack.certainty);
}

void merge_outside(std::vector<obligation_result>& sorted, const std::vector<duty>& duties,
                   const std::vector<outside_duty>& outside, const incident& i, std::span<const trace_entry> steps) {
  std::vector<obligation_result> all;
  all.reserve(sorted.size() + outside.size());
  auto write = [&](std::size_t j) {
    const duty_version& v = duties[outside[j].duty].versions[outside[j].version];
    obligation_result& out = all.emplace_back();
    out.rule = v.rule;
    out.pack = v.pack;
    out.recipient = v.recipient;
    outside_scope(*v.rule, *v.pack, i, out);
    if (!steps.empty()) out.because = steps.subspan(j, 1);
  };
  std::size_t j = 0;
  for (obligation_result& r : sorted) {
    // Before the first result with no due whose id comes after: the outside ones before it.
    if (!r.deadline.due) {
      while (j < outside.size() && duties[outside[j].duty].id < r.rule->id) write(j++);
    }
    all.push_back(std::move(r));
  }
  while (j < outside.size()) write(j++);
  sorted = std::move(all);
}

void plausibility_warnings(const bound_data& bound, instant as_of, std::vector<std::string>& out) {
  for (const bound_data::timed& e : bound.timeline) {
    if (e.at > as_of) {
      out.push_back("event '" + std::string(e.name) + "' (" + format_utc(e.at) + ") is after as_of (" +
                    format_utc(as_of) + ")");
    }
    out.insert(out.end(), e.before_fallback.begin(), e.before_fallback.end());
  }
  const std::optional<instant>& last = bound.last_event;
  if (last && as_of - *last > k_plausible_as_of_gap) {
    const auto days = std::chrono::duration_cast<std::chrono::hours>(as_of - *last).count() / 24;
    out.push_back("as_of (" + format_utc(as_of) + ") is " + std::to_string(days) +
                  " days after the last event of the incident (" + format_utc(*last) + "): is that the instant meant?");
  }
}

}  // namespace breachclock::detail
