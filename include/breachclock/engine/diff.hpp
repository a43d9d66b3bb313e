// breachclock/engine/diff.hpp: what a change of the rules changes for an incident.
//
// Two assessments of one incident, under an old and a new rule set at the same instant, are
// compared obligation by obligation: a change is an obligation whose status, due instant or
// recipient differs, or that exists under only one of the rule sets and there is required or
// undetermined (an obligation added or removed that does not apply changes no duty).
//
//   std::vector<obligation_change> changes = compare(*assess(old_rules, i, t), *assess(new_rules, i, t));
//   for (const obligation_change& c : changes) std::cout << c.id << ": " << c.what() << '\n';
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "breachclock/engine/assessment.hpp"

namespace breachclock {

struct obligation_change {
  std::string id;
  const obligation_result* before = nullptr;  // null: the obligation is new
  const obligation_result* after = nullptr;   // null: the obligation was removed
  bool status_changed = false;
  bool due_changed = false;
  bool recipient_changed = false;
};

// The obligations that differ between `before` and `after`, sorted by id. Both must outlive the
// result (it points into them).
std::vector<obligation_change> compare(const assessment& before, const assessment& after);

}  // namespace breachclock
