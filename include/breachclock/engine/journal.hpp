// breachclock/engine/journal.hpp: the decision log: how an incident's duties changed as its
// journal ([[learned]], [[filed]], [[requested]]) says facts became known and notices were given.
//
// The people who must later defend a decision need to show what they knew at each moment. The
// log replays the incident: at each instant of its journal up to as_of, it assesses the incident
// as it was known then (incident::known_at) and records every duty whose status changed, with the
// facts and events learned at that instant, and every filing and request.
//
//   result<std::vector<decision>> log = decision_log(rules, i, as_of);
//   for (const decision& d : *log) std::cout << d << '\n';
//   // 2025-03-04T14:00:00Z eu-gdpr/notify-sa: undetermined -> required (learned personal_data_breach, risk)
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "breachclock/engine/assessment.hpp"

namespace breachclock {

struct decision {
  enum class kind : unsigned char {
    status,     // a duty's status changed (from -> to), because of what was learned at `at`
    filed,      // a filing of `obligation` was recorded (on_time as in filing_result)
    requested,  // an authority's request for `obligation` was recorded
    delayed,    // an authority's delay of `obligation` was recorded (by, written, reference)
  };
  kind what = kind::status;
  instant at;
  std::string obligation;
  status from = status::undetermined;  // status: before `at`
  status to = status::undetermined;    // status: from `at` on
  // status: the facts and events learned at `at` that the duty reads, by name (sorted).
  std::vector<std::string> because;
  std::optional<bool> on_time;  // filed
  std::string reference;        // filed, delayed
  std::string by;               // delayed: who asked
  bool written = false;         // delayed: in writing
};

// "2025-03-04T14:00:00Z eu-gdpr/notify-sa: undetermined -> required (learned personal_data_breach)".
std::ostream& operator<<(std::ostream& os, const decision& d);

// The log of `i` up to `as_of`, in order of time (then of obligation id). Fails as assess() does
// (an incident that does not bind to `rules`). Empty for an incident with no journal.
result<std::vector<decision>> decision_log(const rule_set& rules, const incident& i, instant as_of,
                                           const assess_options& options = {});

}  // namespace breachclock
