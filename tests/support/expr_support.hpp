// The fact schema and helpers shared by the condition-language tests (tests/unit/expr/).
#pragma once

#include <cstddef>
#include <string_view>

#include "breachclock/expr/condition.hpp"
#include "breachclock/facts/schema.hpp"

namespace breachclock::test {

// Three chained events (aware -> detected -> occurred) and facts of every type: bool, enum,
// int with and without bounds, set and text.
const fact_schema& expr_schema();
// The index of a fact or event of that schema; fails the test for an unknown name.
std::size_t fact_index(std::string_view name);
std::size_t event_index(std::string_view name);
// `text` compiled against that schema (located in "c.toml"); fails the test on an error.
expr::condition compiled(std::string_view text);

}  // namespace breachclock::test
