#pragma once

// The helpers that rule_set_test.cpp and rule_set_view_test.cpp share.

#include <map>
#include <string>
#include <vector>

#include "breachclock/rules/rule_set.hpp"
#include "support/test_support.hpp"

namespace breachclock::test::rule_set_cases {

inline constexpr const char* k_facts = R"toml(
[event.occurred]
description = "d"
question = "When did it happen?"
[event.aware]
description = "d"
question = "When did you become aware?"
fallback = "occurred"
[fact.breach]
type = "bool"
description = "d"
question = "Was there a breach?"
[fact.risk]
type = "enum"
values = ["low", "high"]
description = "d"
question = "How risky?"
)toml";

inline result<rule_set> load(std::map<std::string, std::string> files, const std::vector<source_file>& policies = {}) {
  return rule_set::load(files_of(files), policies);
}

}  // namespace breachclock::test::rule_set_cases
