#pragma once

// The helpers that incident_test.cpp and incident_errors_test.cpp share.

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "breachclock/facts/incident.hpp"
#include "support/test_support.hpp"

namespace breachclock::test::incident_cases {

using strings = std::vector<std::string>;

// A schema for these tests alone, independent of the bundled rules.
inline constexpr const char* k_schema = R"(
[event.occurred]
description = "When it happened."
question = "When did it happen?"

[event.detected]
description = "When it was noticed."
question = "When was it noticed?"
fallback = "occurred"

[event.aware]
description = "When the organisation became aware."
question = "When did you become aware?"
fallback = "detected"

[fact.breach]
type = "bool"
description = "Personal data was breached."
question = "Was personal data breached?"

[fact.affected_count]
type = "int"
min = 0
max = 1000000
description = "How many people are affected."
question = "How many people are affected?"

[fact.risk]
type = "enum"
values = ["unlikely", "risk", "high"]
description = "The risk to people."
question = "How risky is it?"

[fact.role]
type = "enum"
values = ["controller", "processor"]
description = "Controller or processor."
question = "Are you the controller?"

[fact.data_categories]
type = "set"
values = ["contact", "health", "financial", "trade_union_membership"]
description = "The kinds of data involved."
question = "Which kinds of data are involved?"

[fact.summary]
type = "text"
description = "A summary."
question = "What happened?"
)";

inline const fact_schema& schema() {
  static const fact_schema s = parse_fact_schema(k_schema, "test-facts.toml").value();
  return s;
}

inline result<incident> read(const std::string& text, const std::string& path = "incident.toml") {
  return parse_incident(source_file{path, text, path}, schema());
}

inline strings errors(const std::string& text, const std::string& path = "incident.toml") {
  auto r = read(text, path);
  CHECK_FALSE(r);
  strings out;
  for (const diagnostic& d : r.diagnostics()) out.push_back(to_string(d));
  return out;
}

inline bool contains(const strings& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The first two lines of most TOML incidents below: line 3 is the first line a test adds.
inline const std::string k_head = "id = \"INC-1\"\nzone = \"Europe/London\"\n";

}  // namespace breachclock::test::incident_cases
