// A public header that leaks the condition compiler's internals: tests/public_api.cmake must
// refuse it (the test public-api.self-test).
#pragma once
#include "breachclock/expr/parser.hpp"
namespace breachclock::expr {
struct checked_node {
  int a = 0;
};
}  // namespace breachclock::expr
