// breachclock/facts/incident.hpp: one security incident: its id, home zone, events and facts.
//
// An incident is read from TOML or from JSON of the same shape, or built in code. Local times
// in the file are resolved in the incident's zone; a time a clock change skips or repeats is
// refused. A fact that is absent, or written as the string "unknown", is unknown.
//
//   incident i = incident::from_file("rules/uk/examples/cwu-2024.toml");   // throws on bad input
//
//   incident j{"INC-42", *zone::locate("Europe/London")};                   // or in code
//   j.set_event("detected", *parse_rfc3339("2024-03-21T09:00:00Z"));
//   j.set_fact("role", "controller");
//   j.set_fact("data_categories", fact_value::at_least({"contact"}));
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "breachclock/document.hpp"
#include "breachclock/facts/schema.hpp"
#include "breachclock/facts/value.hpp"
#include "breachclock/source_file.hpp"
#include "breachclock/time/instant.hpp"
#include "breachclock/time/period.hpp"
#include "breachclock/time/zone.hpp"

namespace breachclock {

// The incident journal: what became known, what was done and what an authority asked, each at
// an instant. Incident keys [[learned]] (at, facts, events), [[filed]] (obligation, at,
// reference), [[requested]] (obligation, at) and [[delayed]] (obligation, at, for or until,
// written, by, reference).
//
// What became known at `at`: these facts and events are laid over the incident's own from `at`
// on (before it they are unknown, or have the value the incident or an earlier entry gives). A
// fact written "unknown" (a fact_value that is unknown) or an event written "unknown"
// (std::nullopt) becomes unknown again.
struct learned_entry {
  instant at;
  std::map<std::string, fact_value, std::less<>> facts;
  std::map<std::string, std::optional<instant>, std::less<>> events;
  source_location where;  // the entry's table
};

// A notice given (or report filed) for an obligation of the rule set, at `at`.
struct filing_entry {
  std::string obligation;  // an obligation id
  instant at;
  std::string reference;  // the authority's reference, or empty
  source_location where;
};

// An authority's request that starts an on-request duty (an obligation with on_request).
struct request_entry {
  std::string obligation;
  instant at;
  source_location where;
};

// An authority's statement or notice that delays an obligation's notice (a law-enforcement
// delay: HIPAA 164.412, Form 8-K Item 1.05(c)), made at `at`: for a length (`for = "30 days"`)
// or until an instant, or for as long as the law allows when it gives neither; in writing or
// not. The obligation's `delay` rule says what it does to the deadline (engine).
struct delay_entry {
  std::string obligation;
  instant at;
  std::optional<period> length;  // `for`
  std::optional<instant> until;
  bool written = false;
  std::string by;         // who asked: "the Attorney General", "FBI Special Agent ..."
  std::string reference;  // the letter's or the record's reference, or empty
  source_location where;
};

class incident {
 public:
  incident(std::string id, zone home);

  const std::string& id() const noexcept { return id_; }
  const zone& home_zone() const noexcept { return zone_; }
  const std::string& title() const noexcept { return title_; }
  void set_title(std::string title) { title_ = std::move(title); }
  const std::vector<std::string>& notes() const noexcept { return notes_; }
  void add_note(std::string note) { notes_.push_back(std::move(note)); }
  // The jurisdictions in play (`scope = ["GB", "CA-ON"]`: ISO 3166-1 and 3166-2 codes, and
  // unions such as "EU" that the schema's regions define); none: not known yet, so every
  // regime is assessed and the scope is asked first.
  const std::optional<std::vector<std::string>>& scope() const noexcept { return scope_; }
  void set_scope(std::optional<std::vector<std::string>> codes) { scope_ = std::move(codes); }

  // Sets an event's instant; std::nullopt makes it unknown again.
  void set_event(std::string name, std::optional<instant> t);
  std::optional<instant> event(std::string_view name) const;
  const std::map<std::string, instant, std::less<>>& events() const noexcept { return events_; }

  // Sets a fact; an unknown value removes it (absent and unknown are the same).
  void set_fact(std::string name, fact_value v);
  // The fact's value: unknown when absent.
  const fact_value& fact(std::string_view name) const;
  // The known facts.
  const std::map<std::string, fact_value, std::less<>>& facts() const noexcept { return facts_; }

  // The journal, each list in order of `at` (entries with one instant keep the order they were
  // added in). The adders keep that order.
  const std::vector<learned_entry>& learned() const noexcept { return learned_; }
  const std::vector<filing_entry>& filings() const noexcept { return filings_; }
  const std::vector<request_entry>& requests() const noexcept { return requests_; }
  const std::vector<delay_entry>& delays() const noexcept { return delays_; }
  void add_learned(learned_entry e);
  void add_filing(filing_entry e);
  void add_request(request_entry e);
  void add_delay(delay_entry e);
  bool has_journal() const noexcept {
    return !learned_.empty() || !filings_.empty() || !requests_.empty() || !delays_.empty();
  }
  // The incident as it was known at `t`: its own facts and events with every learned entry at
  // or before `t` laid over them in order, those entries kept (already applied: known_at is
  // idempotent) and the later ones dropped; only the filings, requests and delays at or before
  // `t`.
  incident known_at(instant t) const;

  // Reads and checks an incident file (TOML, or JSON when the name ends in .json) against the
  // bundled fact schema, or the one given. Throws breachclock::error with every diagnostic.
  static incident from_file(const std::filesystem::path& path);
  static incident from_file(const std::filesystem::path& path, const fact_schema& schema);

 private:
  std::string id_;
  zone zone_;
  std::string title_;
  std::vector<std::string> notes_;
  std::optional<std::vector<std::string>> scope_;
  std::map<std::string, instant, std::less<>> events_;
  std::map<std::string, fact_value, std::less<>> facts_;
  std::vector<learned_entry> learned_;
  std::vector<filing_entry> filings_;
  std::vector<request_entry> requests_;
  std::vector<delay_entry> delays_;
};

std::ostream& operator<<(std::ostream& os, const incident& i);

// Reads an incident from a file's text, TOML or JSON (JSON when the path ends in ".json" or the
// text starts with '{'), and checks it against `schema`. Collects every error, each located.
result<incident> parse_incident(const source_file& file, const fact_schema& schema);

// Reads the incident written at `base` (a table with id, zone, title, notes, events, facts, in
// a TOML or JSON document), with the `events` and `facts` of each of `overrides` (tables, in
// order) laid over it: an override's entry replaces the base's entry of that name, a later
// override's an earlier one's, and "unknown" makes a fact or event unknown again. Every value is
// checked and located where it was written. Fails, with every error at once, as parse_incident.
result<incident> read_incident(const document& base, const std::vector<document>& overrides, const fact_schema& schema);

// Checks an incident built in code: every event and fact is declared, of the declared type,
// within bounds and among the allowed values. Returns the errors (empty when valid): events
// first, then facts, each in the order of their names.
std::vector<diagnostic> validate(const incident& i, const fact_schema& schema);

// A fact value that validate() found valid, and what it found on the way.
struct checked_fact {
  const fact_decl* decl = nullptr;    // its declaration (decl->index: its place in the schema)
  const fact_value* value = nullptr;  // known, and valid for decl
  std::int64_t number = 0;            // enum: the value's number in decl->values
  std::uint64_t members = 0;          // set: bit k for each member decl->values[k]
};

// Told by validate() of every event and fact that passes its checks, as they pass, so that a
// caller lays the incident out in the same walk (expr::fact_table::bind) and cannot check it
// otherwise than validate() does.
class incident_visitor {
 public:
  // Event number `index` in schema.events() is declared; the incident has it at `at`.
  virtual void event(std::size_t index, instant at) = 0;
  virtual void fact(const checked_fact& f) = 0;

 protected:
  incident_visitor() = default;
  incident_visitor(const incident_visitor&) = default;
  incident_visitor& operator=(const incident_visitor&) = default;
  ~incident_visitor() = default;
};

// validate(), telling `visit` of each valid event and fact, in name order. Each name is looked
// up once, by hash: the cost follows the incident's names, not the size of the schema.
std::vector<diagnostic> validate(const incident& i, const fact_schema& schema, incident_visitor& visit);

// The fact schema bundled with the library: rules/facts.toml merged with every bundled module's
// facts.toml (merge_fact_schemas).
const fact_schema& bundled_fact_schema();

// The limit on the size of one text fact or name, in bytes.
inline constexpr std::size_t k_max_text_bytes = std::size_t{64} * 1024;

}  // namespace breachclock
