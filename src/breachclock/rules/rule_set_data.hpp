// Private: the data behind a rule_set, shared by the loader and the engine.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "breachclock/rules/rule_set.hpp"

namespace breachclock {

// One duty: every version of an obligation id, with the pack of each, and (for a substitute)
// the exceptions that redirect to it.
struct duty {
  std::string id;
  std::vector<const obligation*> versions;  // in order of their windows
  std::vector<const regime*> packs;         // parallel to versions
  std::vector<const authority*> recipients; // parallel to versions: each version's `to`, or null
  struct redirect {
    const obligation* from;
    const regime* pack;
    const exception_rule* exception;
  };
  std::vector<redirect> redirects;
};

struct rule_set::data {
  fact_schema schema;
  std::map<std::string, holiday_calendar, std::less<>> calendars;
  std::vector<regime> regimes;
  std::vector<policy_target> targets;
  std::string digest;
  std::vector<diagnostic> warnings;
  std::vector<duty> duties;  // sorted by id (the engine relies on it); filled once loading is complete

  void index_duties();
};

// The data of a rule set, for the engine.
const rule_set::data& data_of(const rule_set& rules) noexcept;

}  // namespace breachclock
