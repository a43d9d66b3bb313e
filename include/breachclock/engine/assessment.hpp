// breachclock/engine/assessment.hpp: what an incident's facts mean under a rule set, at one instant.
//
// For every obligation: its status (required, not required, or undetermined with the unknown
// facts that decide it), its deadline (anchor, due in UTC and local time, time left or overdue
// at `as_of`, and a policy target), and the trace of every condition and exception with its
// value and citation. Then the questions that remain, ranked by how many obligations each
// decides, and warnings. The deadline of an undetermined obligation is shown too: its clock may
// already be running. When the anchor event is unknown and the schema names a fallback, the
// deadline is counted from the fallback and marked provisional.
//
//   rule_set rules = rule_set::bundled();
//   incident i = incident::from_file("examples/incidents/cwu-2024.toml");
//   result<assessment> r = assess(rules, i, *parse_rfc3339("2024-03-22T18:00:00Z"));
//   if (!r) { for (const diagnostic& d : r.diagnostics()) std::cerr << d << '\n'; return 2; }
//   const assessment& a = *r;
//   for (const obligation_result& o : a.obligations) std::cout << o.rule->id << ' ' << o.state << '\n';
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "breachclock/expr/evaluator.hpp"
#include "breachclock/facts/incident.hpp"
#include "breachclock/rules/rule_set.hpp"

namespace breachclock {

enum class status : unsigned char { required, not_required, undetermined };

// "required", "not_required", "undetermined".
const char* to_string(status s) noexcept;
std::ostream& operator<<(std::ostream& os, status s);

// One step of an obligation's explanation. Text is not copied: pointers go into the rule set,
// which the assessment keeps alive.
struct trace_entry {
  enum class kind : unsigned char {
    applies,     // the regime applies (its `applies` condition)
    in_force,    // the rule (and version) is in force at the instant that chooses it
    when,        // the obligation's condition
    unless,      // an exception (true: it fires, and the obligation does not apply)
    instead_of,  // a substitute: the obligation it replaces, and the exception that redirects
  };
  kind what = kind::when;
  tri value = tri::unknown;
  const std::string* condition = nullptr;       // the condition text (applies, when, unless, instead_of)
  const std::string* because = nullptr;         // an exception's reason
  const std::vector<citation>* cite = nullptr;  // the citations that support this step
  const obligation* other = nullptr;            // instead_of: the obligation replaced
  const effective_window* window = nullptr;     // in_force
  std::optional<instant> chosen_at;             // in_force: the instant tested
  std::string chosen_by;                        // in_force: the event whose instant was tested
};

const char* to_string(trace_entry::kind k) noexcept;

struct deadline_result {
  deadline_kind kind = deadline_kind::none;
  std::string from;          // the anchor event the rule names
  std::string anchor_event;  // the event actually used (a fallback when provisional)
  std::optional<instant> anchor;
  bool provisional = false;              // counted from a fallback event
  std::optional<instant> due;            // fixed, date and retention
  std::optional<civil_date> due_date;    // day periods and dates
  std::optional<instant> counting_from;  // next-hour: the start of the next hour
  std::optional<civil_date> rolled_from;
  zone tz = zone::utc();              // the computation zone (the authority's, usually)
  const std::string* text = nullptr;  // the law's words
  std::optional<instant> target_due;  // a policy overlay's internal target
  const policy_target* target = nullptr;
  std::optional<std::int64_t> remaining_seconds;  // due - as_of, for obligations that may apply
  bool overdue = false;
  std::vector<std::string> warnings;
};

struct obligation_result {
  const obligation* rule = nullptr;  // the version that applies
  const regime* pack = nullptr;
  const authority* recipient = nullptr;  // null while a fact that chooses it is unknown
  // The enum fact that chooses the recipient (rule `to = { by = ... }`), while it is unknown;
  // empty otherwise. It does not decide the status: it is asked in the questions.
  std::string recipient_depends_on;
  status state = status::undetermined;
  std::vector<std::string> depends_on;  // undetermined: the unknown facts that decide it, sorted
  deadline_result deadline;
  // Each step once: a condition shared by two paths (a regime's `applies` for a substitute
  // and the obligation it replaces) is listed where it first counts.
  std::vector<trace_entry> because;
  // How sure the result is of the law: the weaker of the obligation's own mark and its
  // regime's (a conclusion is only as sure as the least sure reading it rests on).
  confidence certainty = confidence::primary;
};

struct question {
  std::string name;  // a fact or an event
  bool is_event = false;
  const std::string* text = nullptr;  // the question to ask, from facts.toml
  std::vector<std::string> decides;   // the obligations whose status (or deadline, or recipient) it decides
};

struct assessment {
  rule_set rules;  // keeps the rules (and the pointers above) alive
  std::string incident_id;
  zone incident_zone = zone::utc();
  instant as_of;
  std::vector<obligation_result> obligations;  // sorted by due (soonest first, none last), then id
  std::vector<question> questions;             // sorted by how many obligations each decides
  std::vector<std::string> warnings;

  // The premises, as the incident gave them: its title, notes, events and known facts.
  std::string incident_title;
  std::vector<std::string> incident_notes;
  std::map<std::string, instant, std::less<>> events;
  std::map<std::string, fact_value, std::less<>> facts;
  // What the conclusions rest on without knowing it: the facts and events that some rule reads
  // (a regime's `applies`, an obligation's `when` or `unless`, a deadline's anchor, the event
  // that chooses a version) and the incident does not give, sorted, leaving out the regimes
  // that the known facts rule out (their `applies` is false whatever the unknown facts are).
  std::vector<std::string> unknown_facts;
  std::vector<std::string> unknown_events;

  // nullptr when there is no such obligation.
  const obligation_result* find(std::string_view id) const noexcept;
};

// "uk-gdpr/notify-ico: undetermined (depends on personal_data_breach, risk), due 2024-03-24T09:00:00Z (provisional)".
// These, recipient_text and assessment::find accept a default-constructed obligation_result
// (rule null: "(no rule)", no recipient, never found) as well as one from assess().
std::ostream& operator<<(std::ostream& os, const obligation_result& o);
// "personal_data_breach: Has personal data been ...? (decides 4)"
std::ostream& operator<<(std::ostream& os, const question& q);
std::ostream& operator<<(std::ostream& os, trace_entry::kind k);

// The recipient as reports name it: the authority's name, or "depends on <fact>" while the fact
// that chooses it is unknown (or the rule's `to` id, for an authority the rule set lacks).
std::string recipient_text(const obligation_result& o);

// Assesses `i` under `rules` at `as_of`. Fails the way every loader does: an incident that does
// not validate against rules.schema() (facts/incident.hpp validate()) gives a result with no
// value and the validation errors as its diagnostics. It never throws breachclock::error (only
// std::bad_alloc, as any call that allocates). A result with
// a value holds validate()'s warnings, if any, as its diagnostics (the assessment's own
// warnings, about the rules and the instant, are in assessment::warnings).
// Deterministic: the same inputs always give the same result. Never reads the clock.
result<assessment> assess(const rule_set& rules, const incident& i, instant as_of);

}  // namespace breachclock
