// Private to the report layer: the presentation model every renderer reads (text, Markdown,
// JSON, SVG, iCalendar and the diff report).
//
// What an assessment looks like to a reader is decided here, once: how each deadline is shown
// (its form, its due instant readable in the authority's zone and in the incident's, in UTC, as
// a short label and as a day), the time left and whether it is overdue, the label of each trace
// step and the text around its condition, and the citation list of each step and obligation.
// The renderers only escape (each format its own way) and lay out. All strings here are raw
// (as the rules and the incident give them): escaping belongs to the format.
//
// Private rather than public: the model is the renderers' shared vocabulary and changes with
// them; a linking program gets what it needs through the render_* functions and the JSON
// documents (report/json.hpp), which are the contracts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/engine/diff.hpp"

namespace breachclock::detail {

// How a deadline is shown, decided the same way by every report.
enum class due_form : unsigned char {
  not_applicable,  // the obligation is not required: no deadline to show
  no_limit,        // kind none: no time limit
  soft,            // "without undue delay": the law's words, perhaps from an anchor
  unknown_anchor,  // a dated kind whose anchor event is not known yet
  not_started,     // counts from a filing or request not recorded yet: no due instant
  dated,           // a due instant
};

// One step of an obligation's trace.
struct step_view {
  const trace_entry* entry = nullptr;
  std::string_view label;                        // "applies", "in force", "when", "unless", "instead of"
  std::string_view value;                        // "true", "false", "unknown"
  std::string condition;                         // the condition; for "in force" the window's text (may be empty)
  std::string tested;                            // "in force" chosen by an event: "tested at <UTC>, <event>"; else ""
  std::optional<std::string> because;            // an exception's reason, when it gives one
  std::optional<std::string> replaced;           // "instead of": the id of the obligation replaced
  const std::vector<citation>* cites = nullptr;  // the step's citations (may be null)
  std::string refs;                              // ... their references: "ref; ref" (or "")
};

// One limit of a combined deadline (earlier_of, later_of), as the reports show it.
struct limit_view {
  const limit_result* result = nullptr;
  std::string what;      // "4h from classified_major", "1 month from the filing of nis2/x"
  std::string due;       // readable in the deadline's zone, "not started", or "unknown until X is known"
  std::string due_utc;   // when it has a due instant, else ""
  bool governs = false;  // its due is the deadline's (deadline_result::governed_by)
};

// What a deadline counts from, in words: "aware", "the filing of nis2/incident-notification",
// "the latest filing of dora/intermediate-report", "the request for nis2/intermediate-report".
std::string anchor_phrase(anchor_kind k, std::string_view from);

// A duration short and plain, its zero parts left out: "1d 2h", "26m", "0m" (late by).
std::string short_duration(std::int64_t seconds);

// One obligation of the assessment, as the reports show it.
struct obligation_view {
  const obligation_result* result = nullptr;
  std::string recipient;    // recipient_text(): the authority's name, or "depends on <fact>"
  std::string_view status;  // "required", "not required", "undetermined"
  due_form due = due_form::no_limit;
  bool keep_until = false;              // retention: records are kept until the due instant
  std::optional<std::string> law_text;  // the law's words, when the deadline has any
  bool other_zone = false;              // the deadline is counted in a zone not the incident's
  // The due instant (when there is one): in UTC, readable in the deadline's zone and in the
  // incident's ("Sun 24 Mar 2024 09:00 GMT"), short in the incident's ("Sun 24 Mar 09:00"),
  // and its day (the due date, or the incident's local day) as YYYY-MM-DD.
  std::string due_utc, due_local, due_incident, due_short, due_day;
  // ... and as zone::format writes it, in the deadline's zone and in the incident's.
  std::string due_local_iso, due_incident_iso;
  // The internal target of a policy overlay, when it is dated: the same forms.
  std::string target_utc, target_local, target_incident, target_short;
  std::string anchor_utc;  // the anchor used, in UTC, when known
  // The time left against as_of ("2d 03h 15m"), as a positive duration, for obligations that
  // may apply and have a due instant; `overdue` says which side of it as_of is.
  std::optional<std::string> left;
  bool overdue = false;
  // Done (obligation_result::filed): "done 2025-03-05 09:00 UTC (on time, ref CSIRT-2025-118)",
  // "done 2025-03-05 09:00 UTC (late by 1d 2h)"; a filed duty is never shown overdue.
  std::optional<std::string> done;
  bool late = false;  // filed after its due instant
  // Not started (deadline_result::not_started): "not started: counts from the filing of X".
  std::optional<std::string> not_started;
  // A combined deadline: "earlier of" / "later of", each limit, and "governed by: 4h from
  // classified_major" when a limit's due is the deadline's.
  std::string_view combine;  // "" for a single deadline
  std::vector<limit_view> limits;
  std::optional<std::string> governed;
  // A roll to a time of day: "rolled from Sat 12:00 to Mon 12:00" (in the deadline's zone).
  std::optional<std::string> rolled;
  // What moved the due instant besides the period: the recipient's filing cut-off ("filing
  // cut-off 17:30 America/New_York: a filing after it counts as filed the next business day")
  // and each delay of the journal ("delayed by the Attorney General (in writing, 2025-01-22):
  // to Sun 23 Feb 2025 17:30 EST" or why it did not count).
  std::vector<std::string> moved;
  // Displaced by another law: "not required: displaced by dora — <because> (<cite>)".
  std::optional<std::string> displaced;
  std::string_view displaced_by;  // the displacing pack id, or ""
  // A result of proposed law: "[proposed: <name>] not binding".
  std::optional<std::string> proposed;
  std::string_view proposal;                     // the proposal's name (the obligation's, else its pack's), or ""
  const std::vector<citation>* cites = nullptr;  // the obligation's citations
  std::string refs;                              // ... their references: "ref; ref"
  std::string link;                              // the first citation's URL, when it has one (a calendar event's URL)
  std::vector<step_view> steps;
};

// The duties that apply or may apply of one jurisdiction (a regime's `jurisdiction` code), in
// the assessment's order (by due, then id).
struct jurisdiction_group {
  std::string_view jurisdiction;          // "" for regimes that name none
  std::vector<std::string_view> modules;  // the module ids of its regimes, first seen first (none: empty)
  std::vector<const regime*> regimes;     // its regimes, first seen first
  bool policy = false;                    // every regime of it is a policy overlay
  std::vector<const obligation_view*> obligations;
  std::size_t required = 0;
  std::size_t undetermined = 0;
};

// How many duties of one jurisdiction are outside the incident's scope.
struct scope_count {
  std::string_view jurisdiction;
  std::size_t count = 0;
};

// The assessment as the reports show it. Holds pointers into itself: moved, never copied.
struct presentation {
  const assessment* source = nullptr;
  std::string as_of_utc;
  std::string as_of_local;                    // readable in the incident's zone
  std::vector<obligation_view> obligations;   // in the assessment's order (by due)
  std::vector<const obligation_view*> shown;  // those that apply or may apply
  std::vector<const obligation_view*> not_required;
  // `shown` by jurisdiction: ordered by the soonest due of each group (none last), then by code.
  std::vector<jurisdiction_group> groups;
  // The duties not required for a reason of their own (not outside the scope), in order, and
  // those outside the incident's scope counted per jurisdiction, by code.
  std::vector<const obligation_view*> ruled_out;
  std::vector<scope_count> out_of_scope;
  std::size_t out_of_scope_total = 0;
  std::vector<const regime*> shown_regimes;  // the regimes of `shown`, first seen first
  // The counts are of the law in force: a proposed result (assess_options::proposed, beside)
  // is shown but counted apart, in `proposed`, and is never the first deadline.
  std::size_t required = 0;
  std::size_t undetermined = 0;
  std::size_t not_required_count = 0;
  std::size_t proposed = 0;
  // The first obligation shown with a due instant that is a deadline (not a retention) and not
  // done (filed), if any.
  const obligation_view* first_deadline = nullptr;
  // Whether any obligation shown has a due instant counted in a zone not the incident's.
  bool second_zone = false;

  presentation() = default;
  presentation(const presentation&) = delete;
  presentation& operator=(const presentation&) = delete;
  presentation(presentation&&) = default;
  presentation& operator=(presentation&&) = default;
};

presentation present(const assessment& a);

// The incident's scope as the reports state it, raw: "GB, CA-ON"; "not given (every jurisdiction
// assessed; see the first question)" when the incident gives none; "none (the incident's scope
// is empty)".
std::string scope_text(const assessment& a);

// The question to ask: its text; for the scope question without one, "Which countries and
// regions does the incident touch?"; none for a fact or event with no text.
std::optional<std::string> question_text(const question& q);

// Whether the scope question decides every obligation of the assessment (the reports then say
// "every obligation (N)" instead of listing them all).
bool decides_all(const assessment& a, const question& q);

// One obligation's view alone (render_explanation), with `incident_zone` the incident's zone.
obligation_view view_of(const obligation_result& o, const zone& incident_zone);

// "ref; ref": the references of a citation list, in order (an empty list, or none, gives "").
std::string citation_refs(const std::vector<citation>* cs);

// One side of an obligation change (engine/diff.hpp), as the diff reports show it: status
// ("absent" when the obligation is not there), due ("-" absent, the UTC instant, "soft",
// "not started" or "none") and recipient ("-" absent).
struct change_side {
  std::string status;
  std::string due;
  std::string recipient;
};
change_side side_of(const obligation_result* o);

}  // namespace breachclock::detail
