// The incident journal (facts/incident.hpp): what became known, what was filed, what was
// requested and what delayed, each at an instant, and the incident as it was known at one instant.
#include <algorithm>

#include "breachclock/facts/incident.hpp"

namespace breachclock {

namespace {

// Inserts `e` after every entry at or before its instant, so that the list stays in order of
// `at` and entries with one instant keep the order they were added in.
template <typename Entry>
void insert_in_order(std::vector<Entry>& list, Entry e) {
  auto at = std::upper_bound(list.begin(), list.end(), e.at, [](instant t, const Entry& x) { return t < x.at; });
  list.insert(at, std::move(e));
}

template <typename Entry>
std::vector<Entry> up_to(const std::vector<Entry>& list, instant t) {
  auto end = std::upper_bound(list.begin(), list.end(), t, [](instant x, const Entry& e) { return x < e.at; });
  return {list.begin(), end};
}

}  // namespace

void incident::add_learned(learned_entry e) { insert_in_order(learned_, std::move(e)); }
void incident::add_filing(filing_entry e) { insert_in_order(filings_, std::move(e)); }
void incident::add_request(request_entry e) { insert_in_order(requests_, std::move(e)); }
void incident::add_delay(delay_entry e) { insert_in_order(delays_, std::move(e)); }

incident incident::known_at(instant t) const {
  incident out(id_, zone_);
  out.title_ = title_;
  out.notes_ = notes_;
  out.scope_ = scope_;
  out.events_ = events_;
  out.facts_ = facts_;
  out.learned_ = up_to(learned_, t);
  for (const learned_entry& e : out.learned_) {
    for (const auto& [name, value] : e.facts) out.set_fact(name, value);
    for (const auto& [name, at] : e.events) out.set_event(name, at);
  }
  out.filings_ = up_to(filings_, t);
  out.requests_ = up_to(requests_, t);
  out.delays_ = up_to(delays_, t);
  return out;
}

}  // namespace breachclock
