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
//   incident i = incident::from_file("rules/uk/examples/cwu-2024.toml");
//   result<assessment> r = assess(rules, i, *parse_rfc3339("2024-03-22T18:00:00Z"));
//   if (!r) { for (const diagnostic& d : r.diagnostics()) std::cerr << d << '\n'; return 2; }
//   const assessment& a = *r;
//   for (const obligation_result& o : a.obligations) std::cout << o.rule->id << ' ' << o.state << '\n';
//
// Re-assessing one incident (at another instant, or many times): bind it once, then assess the
// bound incident; skip the trace when nothing shows it.
//
//   result<bound_incident> b = bind(rules, i);          // validate() once, facts by index
//   result<assessment> now = assess(rules, *b, as_of, {.trace = false});
//
// Lifetimes. An assessment is a value: copying or moving it keeps every view in it valid. The
// text it shows is not copied: names, ids and conditions are views into the rule set and the
// incident, which the assessment keeps alive (a cheap shared handle to each); the trace and the
// name lists are views into buffers the assessment owns (a copy of the assessment has its own
// buffers, and its views point into them). So an obligation_result or question copied out of
// an assessment is valid only while that very assessment lives (not a copy of it), as a
// std::string_view is valid only while its string lives.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/expr/evaluator.hpp"
#include "breachclock/facts/incident.hpp"
#include "breachclock/rules/rule_set.hpp"

namespace breachclock {

enum class status : unsigned char { required, not_required, undetermined };

// "required", "not_required", "undetermined".
const char* to_string(status s) noexcept;
std::ostream& operator<<(std::ostream& os, status s);

// A list of names (facts, events, obligation ids) that an assessment shows: views into the
// rule set, held in a buffer of the assessment (see Lifetimes above). Compares equal to a
// std::vector<std::string> with the same names in the same order.
class name_list {
 public:
  name_list() = default;
  explicit name_list(std::span<const std::string_view> names) noexcept : names_(names) {}

  using iterator = std::span<const std::string_view>::iterator;
  iterator begin() const noexcept { return names_.begin(); }
  iterator end() const noexcept { return names_.end(); }
  std::size_t size() const noexcept { return names_.size(); }
  bool empty() const noexcept { return names_.empty(); }
  std::string_view operator[](std::size_t k) const noexcept { return names_[k]; }
  std::string_view front() const noexcept { return names_.front(); }
  std::string_view back() const noexcept { return names_.back(); }
  std::span<const std::string_view> span() const noexcept { return names_; }
  // The names as strings (a copy).
  std::vector<std::string> strings() const;

  friend bool operator==(const name_list& a, const name_list& b) noexcept;
  friend bool operator==(const name_list& a, const std::vector<std::string>& b) noexcept;

 private:
  std::span<const std::string_view> names_;
};

// One step of an obligation's explanation. Text is not copied: pointers go into the rule set,
// which the assessment keeps alive.
struct trace_entry {
  enum class kind : unsigned char {
    applies,     // the regime applies (its `applies` condition)
    in_force,    // the rule (and version) is in force at the instant that chooses it
    when,        // the obligation's condition
    unless,      // an exception (true: it fires, and the obligation does not apply)
    instead_of,  // a substitute: the obligation it replaces, and the exception that redirects
    scope,       // the regime's jurisdiction against the incident's scope (false: outside it, not evaluated)
    requested,   // an on-request duty: true when the incident records a request for it (chosen_at: its instant)
  };
  kind what = kind::when;
  tri value = tri::unknown;
  const std::string* condition = nullptr;       // the condition text (applies, when, unless, instead_of)
  const std::string* because = nullptr;         // an exception's reason
  const std::vector<citation>* cite = nullptr;  // the citations that support this step
  const obligation* other = nullptr;            // instead_of: the obligation replaced
  const effective_window* window = nullptr;     // in_force
  std::optional<instant> chosen_at;             // in_force: the instant tested
  std::string_view chosen_by;                   // in_force: the event whose instant was tested, or "as_of"
};

const char* to_string(trace_entry::kind k) noexcept;

// One limit of a combined deadline (earlier_of, later_of) as computed.
struct limit_result {
  const deadline_limit* rule = nullptr;  // into the rule set
  std::optional<instant> anchor;         // the event's instant, or the filing's or request's
  std::optional<instant> due;
  bool not_started = false;  // its filing or request is not recorded yet
  bool provisional = false;  // counted from a fallback of its event
  // Its unless_later event came after its due instant: this limit does not count.
  bool lapsed = false;
};

// One [[delayed]] entry of the obligation, as its rule's delay reads it.
struct delay_result {
  const delay_entry* entry = nullptr;  // into the incident (alive with the assessment)
  bool applied = false;                // it moved the due instant (or, replaced, did before)
  std::optional<instant> until;        // extend: the due instant it gave; from-statement: its end
  std::string note;                    // why it did not count, that it was cut to the max, ...
};

struct deadline_result {
  deadline_kind kind = deadline_kind::none;
  std::string_view from;          // the anchor event the rule names
  std::string_view anchor_event;  // the event actually used (a fallback when provisional)
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
  // The anchor is a filing or request (anchor_kind) not recorded yet: the deadline has not
  // started, and has no due instant. `from` names the obligation it waits for.
  bool not_started = false;
  anchor_kind from_kind = anchor_kind::event;
  // earlier_of / later_of: every limit, and the one whose due instant is the deadline's
  // (governed_by, an index into limits; none while no limit's due is known).
  std::vector<limit_result> limits;
  std::optional<std::size_t> governed_by;
  // roll_to: the due instant before the roll to a time of the next working day moved it.
  std::optional<instant> rolled_due_from;
  // The recipient's filing cut-off (minutes after local midnight), when it moved the due instant
  // from the end of its last day to that time.
  std::optional<std::chrono::minutes> cutoff;
  // The delays the journal records for it ([[delayed]]), in order, under its rule's delay; and
  // the due instant before they moved it (none when none did).
  std::vector<delay_result> delays;
  std::optional<instant> undelayed_due;
  std::vector<std::string> warnings;  // rare (a roll past a limit, ...): empty allocates nothing
};

// The journal's record of a duty done: the first filing of it the incident records by as_of.
struct filing_result {
  instant at;
  // Against the deadline's due instant: none when the deadline has none (soft, not started).
  std::optional<bool> on_time;
  std::optional<std::int64_t> late_by_seconds;  // at - due when late, 0 when on time; none with on_time
  std::string_view reference;                   // empty: none recorded (a view into the incident)
};

struct obligation_result {
  const obligation* rule = nullptr;  // the version that applies
  const regime* pack = nullptr;
  const authority* recipient = nullptr;  // null while a fact that chooses it is unknown
  // The enum fact that chooses the recipient (rule `to = { by = ... }`), while it is unknown;
  // empty otherwise. It does not decide the status: it is asked in the questions.
  std::string_view recipient_depends_on;
  status state = status::undetermined;
  name_list depends_on;  // undetermined: the unknown facts (and the event) that decide it, sorted
  deadline_result deadline;
  // Each step once: a condition shared by two paths (a regime's `applies` for a substitute
  // and the obligation it replaces) is listed where it first counts. Empty when the assessment
  // was made with assess_options::trace false.
  std::span<const trace_entry> because;
  // How sure the result is of the law: the weaker of the obligation's own mark and its
  // regime's (a conclusion is only as sure as the least sure reading it rests on).
  confidence certainty = confidence::primary;
  // not_required because the regime's jurisdiction is outside the incident's scope: nothing
  // of it was evaluated.
  bool out_of_scope = false;
  // Done: the incident's journal records a filing of it by as_of. A filed duty is never overdue
  // (deadline.overdue is false); filed->on_time says whether it was done in time.
  std::optional<filing_result> filed;
  // not_required because another law displaces it (lex specialis): the exception that says so,
  // with its `displaced_by` pack, reason and citation (into the rule set); null otherwise.
  const exception_rule* displaced = nullptr;
  // A result of proposed law (assess_options::proposed beside or enact): never binding.
  bool proposed = false;
};

struct question {
  std::string_view name;  // a fact or an event, or "scope" (is_scope) for the incident's scope
  bool is_event = false;
  bool is_scope = false;              // the scope question: which jurisdictions the incident touches
  const std::string* text = nullptr;  // the question to ask, from facts.toml
  name_list decides;                  // the obligations whose status (or deadline, or recipient) it decides
};

// An incident checked against a rule set's schema once, with its facts in slots and its event
// instants by index: what assess() needs of it, ready for many assessments. Immutable, and a
// cheap shared handle (copies share one incident). Made by bind().
namespace detail {
struct bound_data;
class assessor;
}  // namespace detail

class bound_incident {
 public:
  // The incident as given: its id, zone, title, notes, events and facts.
  const incident& source() const noexcept;
  // The rule set it was bound to (its schema() is the schema the facts were checked against).
  const rule_set& rules() const noexcept;
  // The facts by slot (expr/evaluator.hpp), for the conditions.
  const expr::fact_table& facts() const noexcept;
  // The instant of event number `index` of rules().schema().events(), if the incident gives it;
  // none when index is out of range.
  std::optional<instant> event(std::size_t index) const noexcept;
  // validate()'s warnings about the incident (its errors make bind() fail).
  const std::vector<diagnostic>& warnings() const noexcept;

 private:
  explicit bound_incident(std::shared_ptr<const detail::bound_data> d) noexcept : data_(std::move(d)) {}
  std::shared_ptr<const detail::bound_data> data_;
  friend result<bound_incident> bind(const rule_set& rules, incident&& i);
  friend class detail::assessor;
};

// Checks `i` against rules.schema() as validate() does (facts/incident.hpp) and binds it: no
// value and validate()'s errors as diagnostics when it does not validate; otherwise the bound
// incident, with validate()'s warnings as the result's diagnostics (and in warnings()). Copies
// the incident; the overload for an rvalue moves it instead (a batch that reads an incident,
// binds it and lets it go copies nothing). Never throws breachclock::error.
result<bound_incident> bind(const rule_set& rules, const incident& i);
result<bound_incident> bind(const rule_set& rules, incident&& i);

struct assessment {
  rule_set rules;        // keeps the rules (and the pointers and views above) alive
  bound_incident bound;  // keeps the incident (and the views of its names) alive
  std::string_view incident_id;
  zone incident_zone = zone::utc();
  instant as_of;
  std::vector<obligation_result> obligations;  // sorted by due (soonest first, none last), then id
  std::vector<question> questions;             // sorted by how many obligations each decides
  std::vector<std::string> warnings;

  // The premises, as the incident gave them: its title, notes, events and known facts.
  const std::string& incident_title() const noexcept { return bound.source().title(); }
  const std::vector<std::string>& incident_notes() const noexcept { return bound.source().notes(); }
  const std::map<std::string, instant, std::less<>>& events() const noexcept { return bound.source().events(); }
  const std::map<std::string, fact_value, std::less<>>& facts() const noexcept { return bound.source().facts(); }
  const std::optional<std::vector<std::string>>& scope() const noexcept { return bound.source().scope(); }
  // What the conclusions rest on without knowing it: the facts and events that some rule reads
  // (a regime's `applies`, an obligation's `when` or `unless`, a deadline's anchor, the event
  // that chooses a version) and the incident does not give, sorted, leaving out the regimes
  // that the known facts rule out (their `applies` is false whatever the unknown facts are).
  name_list unknown_facts;
  name_list unknown_events;

  // nullptr when there is no such obligation.
  const obligation_result* find(std::string_view id) const noexcept;

  // Copies point into their own buffers; moves keep the buffers (and so the views).
  assessment(const assessment& other);
  assessment& operator=(const assessment& other);
  assessment(assessment&&) noexcept = default;
  assessment& operator=(assessment&& other) noexcept;
  ~assessment() = default;

 private:
  assessment(rule_set r, bound_incident b, instant at);
  void rebase(const assessment& from);
  std::vector<trace_entry> trace_;       // every obligation's `because`, one after another
  std::vector<std::string_view> names_;  // every name_list's names, one after another
  friend class detail::assessor;
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

struct assess_options {
  // Record the explanation trace (obligation_result::because). False leaves every `because`
  // empty and changes nothing else: for callers that show only statuses, deadlines and
  // questions. Every report that prints the trace wants the default.
  bool trace = true;
  // Proposed law (rule_set::proposed_duties): left out (exclude, the default: a binding
  // result); shown beside the binding duties (beside: each proposed result just after the
  // binding one of its id, marked proposed); or assessed as if enacted (enact: a proposed duty
  // takes the place of the binding duty of its id, its results marked proposed), for diff.
  enum class proposed_law : unsigned char { exclude, beside, enact };
  proposed_law proposed = proposed_law::exclude;
};

// Assesses `i` under `rules` at `as_of`: bind(rules, i), then assess the bound incident. Fails
// the way every loader does: an incident that does not validate against rules.schema()
// (facts/incident.hpp validate()) gives a result with no value and the validation errors as its
// diagnostics. It never throws breachclock::error (only std::bad_alloc, as any call that
// allocates). A result with a value holds validate()'s warnings, if any, as its diagnostics
// (the assessment's own warnings, about the rules and the instant, are in assessment::warnings).
// Deterministic: the same inputs always give the same result. Never reads the clock.
result<assessment> assess(const rule_set& rules, const incident& i, instant as_of, const assess_options& options = {});

// The same for an incident bound once: the same assessment as the overload above gives for
// b.source(), without validating or looking facts up by name again. An incident bound to
// another rule set (b.rules() is not `rules`, or has another schema) is bound again to `rules`
// first, so the result is always the one for `rules`.
result<assessment> assess(const rule_set& rules, const bound_incident& b, instant as_of,
                          const assess_options& options = {});

}  // namespace breachclock
