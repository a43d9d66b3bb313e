#pragma once

// The helpers that schema_test.cpp and schema_errors_test.cpp share.

#include <string>

namespace breachclock::test::schema_cases {

// The text of a raw string literal without its first newline, so that line 1 is the first line.
inline std::string lines(const char* text) {
  std::string s(text);
  if (!s.empty() && s.front() == '\n') s.erase(0, 1);
  return s;
}

// A minimal valid event, to which the tests add one fault (its twin k_fact is in schema_errors_test.cpp).
inline constexpr const char* k_event = R"(
[event.detected]
description = "Noticed."
question = "When?"
)";

}  // namespace breachclock::test::schema_cases
