// breachclock/breachclock.hpp: the whole public API in one include.
//
// breachclock turns the facts of a security incident into the notification obligations and
// deadlines that breach laws impose. The core is four names: a `rule_set` (the laws, loaded and
// checked), an `incident` (the facts), `assess` (the one question) and the `assessment` it
// answers with. Every call that can fail returns a `result<T>` holding a value or diagnostics
// (breachclock/diagnostic.hpp; the codes: docs/diagnostics.md).
//
//   #include <breachclock/breachclock.hpp>
//   breachclock::rule_set rules = breachclock::rule_set::bundled();
//   breachclock::result<breachclock::incident> i =
//       breachclock::parse_incident(*breachclock::read_source_file("incident.toml"), rules.schema());
//   breachclock::result<breachclock::assessment> a =
//       breachclock::assess(rules, *i, *breachclock::parse_rfc3339("2024-03-22T18:00:00Z"));
//   for (const breachclock::obligation_result& o : a->obligations) std::cout << o << '\n';
//
// Around the core, the layers, each a folder of headers:
//   time/     instants, zones, periods, holiday calendars, deadline arithmetic
//   facts/    the fact schema, values that may be unknown, incidents
//   expr/     the condition language: compiled conditions, their evaluation and analysis, Kleene truth
//   rules/    rule packs and the rule set, loaded and checked
//   engine/   assessments and their comparison
//   report/   text, JSON, iCalendar, Markdown and SVG renderings
//   testing/  policy tests, their runner, coverage and reports
// breachclock/fmt.hpp (not included here) adds {fmt} formatters.
#pragma once

// ---- the core: rules, incident, assess, assessment ----
#include "breachclock/engine/assessment.hpp"
#include "breachclock/facts/incident.hpp"
#include "breachclock/rules/rule_set.hpp"

// ---- the base: diagnostics, citations, sources, the version ----
#include "breachclock/citation.hpp"
#include "breachclock/diagnostic.hpp"
#include "breachclock/document.hpp"
#include "breachclock/source_file.hpp"
#include "breachclock/version.hpp"

// ---- the layers ----
#include "breachclock/time/calendar.hpp"
#include "breachclock/time/deadline.hpp"
#include "breachclock/time/instant.hpp"
#include "breachclock/time/period.hpp"
#include "breachclock/time/zone.hpp"

#include "breachclock/facts/regions.hpp"
#include "breachclock/facts/schema.hpp"
#include "breachclock/facts/value.hpp"

#include "breachclock/expr/analysis.hpp"
#include "breachclock/expr/condition.hpp"
#include "breachclock/expr/evaluator.hpp"
#include "breachclock/expr/truth.hpp"

#include "breachclock/rules/obligation.hpp"

#include "breachclock/engine/diff.hpp"
#include "breachclock/engine/journal.hpp"

#include "breachclock/report/diff.hpp"
#include "breachclock/report/ics.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/svg.hpp"
#include "breachclock/report/text.hpp"

#include "breachclock/testing/coverage.hpp"
#include "breachclock/testing/test_file.hpp"
#include "breachclock/testing/test_report.hpp"
