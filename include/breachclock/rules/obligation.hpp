// breachclock/rules/obligation.hpp: one duty of a rule pack, as loaded from its TOML file.
//
// An obligation says what must be done (`action`), for whom (`to`, an authority of its pack, or
// one chosen by the value of an enum fact: `to = { by = "nis_subsector", map = { ... } }`),
// when it applies (`when`, and `unless` exceptions, one of which may redirect to a substitute
// obligation), by when (`deadline`), what the notice must contain, and where the law says so
// (`cite`). Two obligations with one id and disjoint `effective` windows are versions of one
// duty; the version is chosen by the instant of an event (by default the deadline's anchor).
//
//   [[obligation]]
//   id = "uk-gdpr/notify-ico"
//   action = "notify-authority"
//   to = "ico"
//   when = 'personal_data_breach and role == "controller"'
//   unless = [{ when = 'risk == "unlikely"', because = "Unlikely to result in a risk (Art. 33(1))" }]
//   deadline = { within = "72h", from = "aware", text = "without undue delay and, where feasible, ..." }
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "breachclock/citation.hpp"
#include "breachclock/diagnostic.hpp"
#include "breachclock/expr/condition.hpp"
#include "breachclock/time/deadline.hpp"

namespace breachclock {

enum class action : unsigned char {
  notify_authority,
  notify_individuals,
  notify_organizations,
  notify_controller,
  communicate_publicly,
  record,
  report_annually,
  retain,
  internal,
};

// "notify-authority", "notify-individuals", ... as written in rule files.
const char* to_string(action a) noexcept;
std::optional<action> parse_action(std::string_view text) noexcept;
std::ostream& operator<<(std::ostream& os, action a);

// When a rule is in force: from (inclusive) and until (exclusive), either or both open. The
// instant that is tested is that of event `by`, or of the deadline's anchor when `by` is empty.
struct effective_window {
  std::optional<instant> from;
  std::optional<instant> until;
  std::string by;
  std::string text;  // as written: "from 2025-08-20", "until 2025-08-20", "2021-01-01 to 2025-08-20"

  bool always() const noexcept { return !from && !until; }
  bool contains(instant t) const noexcept { return (!from || t >= *from) && (!until || t < *until); }
  bool overlaps(const effective_window& other) const noexcept;
};

enum class deadline_kind : unsigned char {
  fixed,      // a period from an anchor event: "72h", "5 business days"
  soft,       // no instant: "as soon as feasible", "without undue delay"
  date,       // a date in the calendar: "March 1 of the following year"
  retention,  // a period something must be kept for: "24 months"
  none,       // no time limit (a record of every breach)
};

const char* to_string(deadline_kind k) noexcept;
std::ostream& operator<<(std::ostream& os, deadline_kind k);

// What a deadline (or one limit of it) counts from:
//   from = "aware"                                      an event of the incident
//   from = { filed = "nis2/incident-notification" }     the first recorded filing of that obligation
//   from = { last_filed = "dora/intermediate-report" }  its latest recorded filing
//   from = { requested = "nis2/intermediate-report" }   the latest recorded request naming it
// Until the filing or request is recorded the deadline has not started: it has no due instant.
enum class anchor_kind : unsigned char { event, filed, last_filed, requested };

const char* to_string(anchor_kind k) noexcept;  // "event", "filed", "last_filed", "requested"

// One anchor-and-period pair of a combined deadline:
//   deadline = { earlier_of = [{ within = "4h", from = "classified_major" },
//                              { within = "24h", from = "aware" }], text = "..." }
struct deadline_limit {
  anchor_kind from_kind = anchor_kind::event;
  std::string from;  // the event, or the obligation id
  deadline_rule period;
  // An event that makes this limit lapse when it comes after the limit's due instant
  // (`unless_later = "classified_major"`: the cap of 24 hours from awareness does not count for
  // an incident classified as major only after it; DORA RTS 2025/301 Art. 5), or empty.
  std::string unless_later;
  source_location where;
};

enum class deadline_combine : unsigned char { single, earlier_of, later_of };

const char* to_string(deadline_combine c) noexcept;  // "single", "earlier_of", "later_of"

struct deadline_spec {
  deadline_kind kind = deadline_kind::none;
  anchor_kind from_kind = anchor_kind::event;  // single: what `from` names
  std::string from;                            // the anchor event, or the obligation id (from_kind)
  std::optional<deadline_rule> period;         // fixed and retention
  std::optional<fixed_date_rule> fixed_date;   // date
  // earlier_of / later_of (kind fixed): the due instant is the earliest (latest) of the limits'
  // due instants; `from` and `period` are then empty.
  deadline_combine combine = deadline_combine::single;
  std::vector<deadline_limit> limits;
  // earlier_of / later_of: the roll of the chosen due instant (`roll` and `roll_to` at the
  // deadline's level; each limit's own period does not roll).
  roll combined_roll = roll::none;
  std::optional<std::chrono::minutes> combined_roll_to;
  // A condition under which the roll (of the period, or combined_roll) does not apply
  // (`roll_unless = 'dora_entity in [...]'`: entities the relief excludes). While it is unknown
  // the deadline is not rolled (the earlier instant) and a warning says it may roll.
  std::optional<expr::condition> roll_unless;
  std::string text;               // the law's words
  bool in_incident_zone = false;  // count in the incident's zone, not the authority's
  // `from_end_of = "year"`: the period counts from the end of the anchor's local calendar year
  // (HIPAA's annual log: "not later than 60 days after the end of each calendar year").
  bool from_end_of_year = false;
};

// A delay of the notice the law allows on an authority's word (a law-enforcement delay),
// recorded in the incident's journal as [[delayed]] entries (obligation, at, for or until,
// written):
//   delay = { mode = "extend", max = ["30 days", "30 days", "60 days"], written = "required" }
//     each delay, in the order recorded, moves the due instant later by its length, at most the
//     max of its place (Form 8-K Item 1.05(c)); one recorded after the due instant it would move,
//     or past the last place, does not count.
//   delay = { mode = "from-statement", max = "30 days", written = "as-stated" }
//     the notice waits until the delay's end, counted from the statement: a written statement
//     for the time it states (as-stated) or at most `max`, one not in writing at most `max`; a
//     statement made before the delay in force ends replaces it (HIPAA 164.412). The due instant
//     is the later of the one counted and the delay's end.
// Lengths are hours, days or weeks; `cite` and `text` (the law's words) are shown with it.
enum class delay_mode : unsigned char { extend, from_statement };

const char* to_string(delay_mode m) noexcept;  // "extend", "from-statement"

struct delay_rule {
  delay_mode mode = delay_mode::extend;
  std::vector<period> max;     // extend: one per place, in order; from-statement: one
  bool written_only = false;   // written = "required": a delay not in writing does not count
  bool as_stated = false;      // written = "as-stated": a written statement's own length, no max
  std::vector<citation> cite;  // the provision that allows it
  std::string text;            // its words
  source_location where;
};

// A recipient chosen by an enum fact: each of the fact's values names an authority of the pack.
//   to = { by = "nis_subsector", map = { electricity_gb = "beis-gema", electricity_ni = "dof-ni" } }
struct recipient_choice {
  std::string by;                                        // the enum fact
  std::vector<std::pair<std::string, std::string>> map;  // value -> authority id, in the fact's order
  source_location where;

  // The authority id for `value`, or nullptr when it maps none.
  const std::string* authority_for(std::string_view value) const noexcept {
    for (const auto& [v, a] : map) {
      if (v == value) return &a;
    }
    return nullptr;
  }
};

struct exception_rule {
  expr::condition when;
  std::string because;
  std::vector<citation> cite;
  std::string instead;  // the id of the obligation that applies instead, or empty
  // Lex specialis: the id of the pack whose law displaces this duty when the exception holds
  // (`displaced_by = "dora"`), or empty. The duty is then not_required, reported as displaced,
  // with `because` and `cite` (the displacing provision).
  std::string displaced_by;
  source_location where;
};

struct obligation {
  std::string id;
  std::string regime;  // the id of its pack
  action act = action::notify_authority;
  std::string to;                         // an authority id of its pack; empty when `to_by` chooses it
  std::optional<recipient_choice> to_by;  // the recipient chosen by a fact
  std::string title;
  std::vector<citation> cite;
  std::optional<expr::condition> when;  // none: applies whenever its regime does
  std::vector<exception_rule> unless;
  deadline_spec deadline;
  std::optional<delay_rule> delay;   // a delay the law allows on an authority's word
  std::vector<std::string> content;  // what the notice must contain
  std::vector<std::string> notes;
  std::string late;     // what a late notice must add
  bool phased = false;  // may be given in phases
  confidence certainty = confidence::primary;
  effective_window effective;
  // True for an obligation that applies only instead of another, through an exception's
  // `instead` (a public communication instead of individual notices).
  bool substitute = false;
  // A duty that an authority's request starts (`on_request = true`): not required until a
  // [[requested]] entry of the incident names it, and then counted from that request.
  bool on_request = false;
  // Proposed law, not law in force: the name of the proposal (`proposed = "Digital Omnibus,
  // COM(2025) 837"`), or empty. Also set on every obligation of a proposed pack. Never in a
  // binding result (assess_options::proposed).
  std::string proposed;
  source_location where;
};

}  // namespace breachclock
