#include "support/expr_support.hpp"

#include <catch2/catch.hpp>

#include "support/test_support.hpp"

namespace breachclock::test {

namespace {

constexpr const char* k_expr_schema = R"toml(
[event.occurred]
description = "When the breach began."
question = "When did it begin?"

[event.detected]
description = "When it was noticed."
question = "When was it noticed?"
fallback = "occurred"

[event.aware]
description = "When the organisation became aware."
question = "When did it become aware?"
fallback = "detected"

[fact.breach]
type = "bool"
description = "A personal data breach."
question = "Is it a personal data breach?"

[fact.notified]
type = "bool"
description = "Already notified."
question = "Has it been notified?"

[fact.role]
type = "enum"
values = ["controller", "processor"]
description = "Controller or processor."
question = "Which role?"

[fact.lead]
type = "enum"
values = ["controller", "processor"]
description = "The lead's role."
question = "Which role has the lead?"

[fact.risk]
type = "enum"
values = ["unlikely", "risk", "high"]
description = "The risk to people."
question = "How likely is harm?"

[fact.affected]
type = "int"
min = 0
max = 1000000
description = "People affected."
question = "How many people?"

[fact.staff]
type = "int"
description = "Staff."
question = "How many staff?"

[fact.contractors]
type = "int"
description = "Contractors."
question = "How many contractors?"

[fact.categories]
type = "set"
values = ["contact", "health", "financial", "biometric"]
description = "Categories of data."
question = "Which categories?"

[fact.kind]
type = "enum"
values = ["contact", "health", "financial", "biometric"]
description = "The main category."
question = "Which main category?"

[fact.summary]
type = "text"
description = "A summary."
question = "What happened?"
)toml";

}  // namespace

const fact_schema& expr_schema() {
  static const fact_schema s = [] {
    auto r = parse_fact_schema(k_expr_schema, "facts.toml");
    if (!r) FAIL(first_error(r));
    return *r;
  }();
  return s;
}

std::size_t fact_index(std::string_view name) {
  const fact_decl* f = expr_schema().fact(name);
  REQUIRE(f != nullptr);
  return f->index;
}

std::size_t event_index(std::string_view name) {
  const event_decl* e = expr_schema().event(name);
  REQUIRE(e != nullptr);
  return static_cast<std::size_t>(e - expr_schema().events().data());
}

expr::condition compiled(std::string_view text) {
  auto r = expr::compile(text, expr_schema(), expr::default_locator("c.toml"));
  INFO(text);
  INFO(first_error(r));
  REQUIRE(r);
  return *r;
}

}  // namespace breachclock::test
