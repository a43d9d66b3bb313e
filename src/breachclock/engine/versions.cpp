// The version of a duty in force (engine/versions.hpp).
#include "engine/versions.hpp"

#include <algorithm>
#include <chrono>

#include "engine/deadline_of.hpp"

namespace breachclock::detail {

namespace {

// Whether some version of `d` (with its pack) is in force at `t`.
bool any_in_force(const duty& d, instant t) {
  return std::ranges::any_of(d.versions, [t](const duty_version& v) {
    return v.rule->effective.contains(t) && v.pack->effective.contains(t);
  });
}

}  // namespace

// The version in force at `t`, or the nearest one (the earliest when `t` is before them all).
std::size_t version_at(const duty& d, instant t) {
  for (std::size_t v = 0; v < d.versions.size(); ++v) {
    if (d.versions[v].rule->effective.contains(t)) return v;
  }
  const auto first_from = d.versions.front().rule->effective.from;
  return first_from && t < *first_from ? 0 : d.versions.size() - 1;
}

chosen_version choose_version(const duty& d, const bound_data& data, instant as_of) {
  chosen_version c;
  if (d.versions.size() == 1 && d.versions[0].rule->effective.always() && d.versions[0].pack->effective.always())
    return c;
  // The event that chooses: effective.by, else the deadline's anchor (versions agree on `by`;
  // each version may have its own anchor). With neither, the rule in force at as_of.
  const obligation& first = *d.versions.front().rule;
  c.event = !first.effective.by.empty() ? first.effective.by : anchor_event(first.deadline);
  const anchor_found found = data.anchor(c.event);
  c.at = found.at.value_or(as_of);
  c.by = found.at ? found.event : std::string_view("as_of");
  c.index = version_at(d, *c.at);
  c.in_force = any_in_force(d, *c.at) ? tri::yes : tri::no;
  if (c.event.empty() || (found.at && !found.provisional)) return c;

  // The event itself is unknown: it happened after the fallback used (fallbacks are earlier
  // events), if any, and no later than as_of. Where a window starts or ends in that span, the
  // answer may differ across it.
  const instant lower = found.at.value_or(instant::min());
  bool some_in = false;
  bool some_out = false;
  const std::size_t first_version = version_at(d, lower == instant::min() ? as_of : lower);
  bool versions_differ = false;
  auto probe = [&](instant t) {
    (any_in_force(d, t) ? some_in : some_out) = true;
    if (version_at(d, t) != first_version) versions_differ = true;
  };
  probe(lower == instant::min() ? as_of : lower);
  probe(as_of);
  for (const duty_version& v : d.versions) {
    for (const effective_window* w : {&v.rule->effective, &v.pack->effective}) {
      for (const auto& b : {w->from, w->until}) {
        if (!b || *b <= lower || *b > as_of) continue;
        probe(*b);
        if (*b > instant::min() + std::chrono::seconds{1}) probe(*b - std::chrono::seconds{1});
      }
    }
  }
  if (some_in && some_out) c.in_force = tri::unknown;
  c.provisional = versions_differ;
  return c;
}

}  // namespace breachclock::detail
