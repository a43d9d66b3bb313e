// breachclock/facts/schema.hpp: the events and facts rules may use, as declared in facts.toml.
//
// An event is a clock anchor with an instant (`aware`, `determined`, ...); it may name a
// fallback event whose instant is used, provisionally, while its own is unknown. A fact is a
// typed value about the incident: bool, int (with bounds), enum (one of listed values), set (any
// of listed values) or text. Each has a description and the plain question to ask a person.
//
//   fact_schema s = *parse_fact_schema(text, "rules/facts.toml");
//   const fact_decl* risk = s.fact("risk");          // enum: unlikely | risk | high
//   const event_decl* aware = s.event("aware");      // fallback: detected
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "breachclock/source_file.hpp"

namespace breachclock {

class region_table;  // facts/regions.hpp

enum class fact_type : unsigned char { boolean, integer, enumeration, set, text };

// "bool", "int", "enum", "set", "text": the words of facts.toml.
const char* to_string(fact_type t) noexcept;
std::ostream& operator<<(std::ostream& os, fact_type t);

struct event_decl {
  std::string name;
  std::string description;
  std::string question;
  std::string fallback;  // another event's name, or empty
  source_location where;
};

struct fact_decl {
  std::string name;
  fact_type type = fact_type::boolean;
  std::string description;
  std::string question;
  std::vector<std::string> values;  // enum and set: the allowed values, as declared
  std::optional<std::int64_t> min;  // int: bounds, inclusive
  std::optional<std::int64_t> max;
  // Recorded to describe the incident (notice contents, reports), not for rules to decide on:
  // the loader does not warn when no rule uses it.
  bool informational = false;
  source_location where;
  std::size_t index = 0;  // position in fact_schema::facts()
  // A member of a family of counts (affected.total, affected.US-TX, affected.most.US): the
  // family's name and the member's key ("total", "US-TX", "most.US"); empty otherwise.
  std::string family;
  std::string key;
  bool derived() const noexcept { return key.starts_with("most."); }
};

// A family of counts, `[count.affected]`: integers keyed by "total" and by ISO 3166 codes, which
// an incident gives in a table of its own (`[affected]`, each an integer, a range or "unknown").
// The family declares `<name>.total`; a module declares the members its conditions compare in
// `[counts] affected = ["US-TX"]` (the fact `affected.US-TX`, read `affected["US-TX"]`) and
// `[counts.most] affected = ["US"]` (the fact `affected.most.US`, read `most(affected, "US")`:
// the largest count in any one subdivision of the country, worked out from the incident's table).
struct count_family {
  std::string name;
  std::string description;
  std::string question;        // for a member: "{region}" stands for its code
  std::string total_question;  // for <name>.total
  std::string most_question;   // for <name>.most.<country>: "{country}" stands for its code
  std::string alias;           // an older fact name that means <name>.total, or empty
  source_location where;
};

class fact_schema {
 public:
  fact_schema() = default;

  const std::vector<fact_decl>& facts() const noexcept { return facts_; }
  const std::vector<event_decl>& events() const noexcept { return events_; }
  // nullptr when not declared. A hash lookup: one hash of the name and, mostly, one comparison.
  const fact_decl* fact(std::string_view name) const noexcept;
  const event_decl* event(std::string_view name) const noexcept;
  // The families of counts, by name; nullptr when not declared.
  const std::vector<count_family>& families() const noexcept { return families_; }
  const count_family* family(std::string_view name) const noexcept;
  // The chain of fallbacks after `name` (aware -> detected -> occurred), not including it.
  std::vector<std::string> fallbacks(std::string_view name) const;
  // Every declared name, facts then events (for did-you-mean).
  std::vector<std::string> names() const;
  // The codes an incident's scope may name (regions.toml), shared by copies; nullptr when the
  // rule folder has none (then a scope entry is checked by its shape only).
  const region_table* regions() const noexcept { return regions_.get(); }
  void set_regions(std::shared_ptr<const region_table> regions) noexcept { regions_ = std::move(regions); }

 private:
  friend class fact_schema_builder;  // the reader and merger of schema files (schema.cpp)
  std::vector<fact_decl> facts_;
  std::vector<event_decl> events_;
  std::vector<count_family> families_;
  std::vector<std::pair<std::string, std::size_t>> aliases_;  // an older name, the fact's index
  // Open-addressing hash tables of the names: 1 + the index in facts_ / events_, 0 when empty.
  std::vector<std::uint32_t> fact_slots_;
  std::vector<std::uint32_t> event_slots_;
  std::shared_ptr<const region_table> regions_;
};

// The most facts and events one schema may declare (each), and the most values of an enum or set.
inline constexpr std::size_t k_max_facts = 2048;
inline constexpr std::size_t k_max_values = 64;

// Parses facts.toml. Collects every error: unknown keys, bad types, duplicate values, a
// fallback that is not an event or that loops, names that are not identifiers, too many facts.
result<fact_schema> parse_fact_schema(std::string_view text, std::string_view path);

// One schema from several files: the core facts.toml first, then each module's facts.toml. Each
// is checked as parse_fact_schema checks one; a fallback may name an event of another file. The
// same event or fact name declared in two files is an error `rules.fact-clash`, located at the
// declaration in the later file and naming the earlier one (file:line).
result<fact_schema> merge_fact_schemas(const std::vector<source_file>& files);

// The schema files of a rule folder's files, in the order merge_fact_schemas takes them: the
// core `facts.toml` (or .json), then `<module>/facts.toml` (or .json) of every folder `<module>`
// that holds `<module>/module.toml`, in the order of the files. Paths are `relative` ones.
std::vector<const source_file*> schema_files(const std::vector<source_file>& rule_files);

}  // namespace breachclock
