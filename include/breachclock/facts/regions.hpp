// breachclock/facts/regions.hpp: the places an incident's scope names, as declared in regions.toml.
//
// A scope entry is an ISO 3166-1 alpha-2 code ("GB"), an ISO 3166-2 subdivision code ("CA-ON"),
// or a union the table defines ("EU", "EEA"), whose members and their dates are data. The table
// answers whether a scope covers a regime's jurisdiction at a date: an entry covers its own
// regimes, its subdivisions' (CA covers CA-ON), its country's (CA-ON is within CA's federal
// law) and those of the unions its country belongs to then (DE is within the EU's law); a
// union covers its members'.
//
//   region_table t = *parse_regions(text, "rules/regions.toml");
//   t.check_code("UK");                                   // "'UK' is not an ISO 3166-1 code: ... 'GB'"
//   t.covers({"CA-ON"}, "CA", 2025_y / 1 / 1);            // true
//   t.covers({"DE"}, "EU", 2025_y / 1 / 1);               // true
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/citation.hpp"
#include "breachclock/diagnostic.hpp"
#include "breachclock/time/instant.hpp"
#include "breachclock/time/zone.hpp"

namespace breachclock {

// A member of a union, for the days its law applies there (both ends inclusive; none: open).
struct union_member {
  std::string code;
  std::optional<civil_date> from;
  std::optional<civil_date> until;
  std::string note;
};

struct region_union {
  std::string code;  // "EU"
  std::string name;
  std::vector<union_member> members;
  std::vector<std::string> include;  // other unions whose members are members too (EEA: EU)
  zone tz = zone::utc();             // where its membership days begin and end (the EU's: Brussels)
  std::vector<citation> sources;
  source_location where;
};

class region_table {
 public:
  // The question asked while an incident has no scope.
  const std::string& question() const noexcept { return question_; }
  bool is_country(std::string_view code) const noexcept;
  const region_union* find_union(std::string_view code) const noexcept;
  const std::vector<region_union>& unions() const noexcept { return unions_; }
  const std::vector<std::string>& countries() const noexcept { return countries_; }

  // Why `code` cannot be a scope entry or a regime's jurisdiction ("" when it can): a country,
  // a subdivision of one, or a union.
  std::string check_code(std::string_view code) const;

  // Whether the entries of `scope` cover a regime of `jurisdiction` (a code check_code accepts)
  // at the instant `at` (union membership is by day, in the union's zone). An empty
  // jurisdiction is everywhere's (a policy).
  bool covers(const std::vector<std::string>& scope, std::string_view jurisdiction, instant at) const;
  // Whether that answer may depend on `at`: a union is involved (as the jurisdiction or an entry).
  bool depends_on_time(const std::vector<std::string>& scope, std::string_view jurisdiction) const;

 private:
  friend result<region_table> parse_regions(std::string_view text, std::string_view path);
  // Whether the place `place` (a country or a subdivision) is within `jurisdiction` on `day`: the
  // same place, one within the other, or a member of the union `jurisdiction` (or of a union it
  // includes). Whether the scope entry `entry` (a place or a union) reaches it.
  bool place_within(std::string_view place, std::string_view jurisdiction, instant at, int depth) const;
  bool entry_covers(std::string_view entry, std::string_view jurisdiction, instant at, int depth) const;
  std::string question_;
  std::vector<std::string> countries_;                            // sorted
  std::vector<std::pair<std::string, std::string>> corrections_;  // ("UK", "GB"): sorted by the first
  std::vector<region_union> unions_;                              // sorted by code
  // Countries whose ISO 3166-2 subdivisions are listed ([subdivisions]): ("CA", {"CA-AB", ...}).
  std::vector<std::pair<std::string, std::vector<std::string>>> subdivisions_;
};

// The syntax of a scope entry or jurisdiction without a region table: two or three capital
// letters, optionally "-" and one to three capitals or digits. "" when it has it, else why not.
std::string check_code_syntax(std::string_view code);

// Parses regions.toml (or .json): [regions] countries, question; [corrections]; [union.<CODE>].
// Collects every error: an unknown key, a code that is not two capitals, a member that is not a
// listed country, an include that is not a union (or loops), dates out of order.
result<region_table> parse_regions(std::string_view text, std::string_view path);

}  // namespace breachclock
