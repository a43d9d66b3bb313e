// The data of a bound_incident (engine/assessment.hpp), private to the engine.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/engine/assessment.hpp"

namespace breachclock::detail {

struct anchor_found {
  std::optional<instant> at;
  std::string_view event;  // a name owned by the rules, the schema or the incident
  bool provisional = false;
};

struct bound_data {
  bound_data(rule_set r, incident i, expr::fact_table f, std::vector<diagnostic> w)
      : rules(std::move(r)), source(std::move(i)), facts(std::move(f)), warnings(std::move(w)) {}

  rule_set rules;  // keeps the schema of `facts` alive
  incident source;
  expr::fact_table facts;
  std::vector<diagnostic> warnings;  // validate()'s

  struct event_slot {
    std::optional<instant> at;  // the incident's instant of the event
    anchor_found anchor;        // it, or its first known fallback's
  };
  std::vector<event_slot> events;  // by index in rules.schema().events()

  // The incident's events in its order, with the warnings that do not depend on as_of.
  struct timed {
    std::string_view name;
    instant at;
    std::vector<std::string> before_fallback;  // "event 'aware' (...) is before 'detected' (...)"
  };
  std::vector<timed> timeline;
  std::optional<instant> last_event;

  // The anchor of an event by name: its instant or its first known fallback's.
  anchor_found anchor(std::string_view event) const;

  // What the journal records of obligation `id` (the incident is already cut at as_of by
  // incident::known_at): its first and latest filing, its latest request; null when none.
  struct journal_of {
    const filing_entry* first_filing = nullptr;
    const filing_entry* last_filing = nullptr;
    const request_entry* last_request = nullptr;
    std::vector<const delay_entry*> delays;  // in order of `at`
  };
  journal_of journal(std::string_view id) const;

  // An incident with a journal is bound with every entry laid over it (source is
  // known_at(latest_instant)): this is the incident as given (bound_incident::source()), and
  // for a cut at an instant before its last entry (engine/journal.cpp). Null without a journal.
  std::shared_ptr<const incident> as_given;
};

}  // namespace breachclock::detail
