// The version of a duty in force for an incident, for the assessor (engine/assessment.cpp);
// private to the engine.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "breachclock/rules/rule_set.hpp"
#include "engine/bound_data.hpp"

namespace breachclock::detail {

// The version of a duty in force, and the instant that chose it.
struct chosen_version {
  std::size_t index = 0;
  std::optional<instant> at;
  std::string_view by;       // the event whose instant was used, or "as_of"
  std::string_view event;    // the event that chooses the version (empty: the rule in force at as_of)
  tri in_force = tri::yes;   // unknown: it depends on when `event` happened
  bool provisional = false;  // the version, not the status, depends on when `event` happened
};

// The version of `d` in force at `t`, or the nearest one (the earliest when `t` is before them all).
std::size_t version_at(const duty& d, instant t);

// The version of `d` that applies to the incident `data` assessed at `as_of`: chosen by the
// instant of its effective.by event, else of its deadline's anchor event, else as_of; with
// whether it is in force (unknown while that event is, and a window starts or ends in the span
// it may lie in).
chosen_version choose_version(const duty& d, const bound_data& data, instant as_of);

}  // namespace breachclock::detail
