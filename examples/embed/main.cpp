// Embedding breachclock: the bundled rules, an incident built in code (no files), an assessment
// printed with {fmt}. Built with the project (examples/embed) and, by the test suite, against an
// installed copy of the library (tests/find_package).
#include <breachclock/breachclock.hpp>
#include <breachclock/fmt.hpp>
#include <fmt/format.h>

int main() {
  using namespace breachclock;

  // The law, embedded in the library: nothing to configure, nothing to read.
  const rule_set rules = rule_set::bundled();

  // What a compliance tool knows two hours after the incident: a UK retailer, a breach of
  // customers' contact and payment data, a high risk; the rest is unknown.
  const zone london = *zone::locate("Europe/London");
  incident i{"INC-2025-041", london};
  i.set_event("detected", *parse_rfc3339("2025-09-01T07:40:00Z"));
  i.set_event("aware", *parse_time("2025-09-01T10:20:00", london));  // a local time, in London
  i.set_fact("uk_processing", true);
  i.set_fact("canadian_personal_information", false);
  i.set_fact("role", "controller");
  i.set_fact("pecs_provider", false);
  i.set_fact("rdsp", false);
  i.set_fact("trust_service_provider", false);
  i.set_fact("personal_data_breach", true);
  i.set_fact("risk", "high");
  i.set_fact("data_categories", fact_value::at_least({"contact", "financial"}));

  // Facts set in code are checked against the schema before use: bind() validates the incident
  // once and holds its facts by slot, ready to be assessed again and again (at another instant,
  // under the same rules). It fails as the loaders do: a result holding diagnostics.
  const result<bound_incident> bound = bind(rules, i);
  if (!bound) {
    for (const diagnostic& d : bound.diagnostics()) fmt::print(stderr, "{}\n", d);
    return 2;
  }

  // So does assess(). `{.trace = false}` would skip the explanation, which this program does not print.
  const result<assessment> assessed = assess(rules, *bound, *parse_rfc3339("2025-09-01T12:00:00Z"));
  if (!assessed) {
    for (const diagnostic& d : assessed.diagnostics()) fmt::print(stderr, "{}\n", d);
    return 2;
  }
  const assessment& a = *assessed;
  fmt::print("{} as of {}\n", a.incident_id, london.format(a.as_of));
  for (const obligation_result& o : a.obligations) {
    if (o.state == status::not_required) continue;
    std::string due = "no time limit";
    if (o.deadline.due) due = london.format(*o.deadline.due);
    else if (o.deadline.text != nullptr && !o.deadline.text->empty()) due = *o.deadline.text;
    fmt::print("{:<13} {:<29} {}\n", o.state, o.rule->id, due);
  }
  for (const question& q : a.questions) fmt::print("? {}\n", *q.text);
  return 0;
}
