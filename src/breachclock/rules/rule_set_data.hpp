// Private to src/breachclock/rules/: the data behind a rule_set, and the state the stages of
// loading share (rule_set.cpp orchestrates, pack_reader.cpp reads packs, checks.cpp checks
// across packs). Nothing outside this folder includes it: the engine reads rule_set::duties().
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "breachclock/rules/rule_set.hpp"

namespace breachclock {

struct rule_set::data {
  fact_schema schema;
  std::map<std::string, holiday_calendar, std::less<>> calendars;
  std::vector<regime> regimes;
  std::vector<policy_target> targets;
  std::string digest;
  std::vector<diagnostic> warnings;
  std::vector<duty> duties;           // sorted by id; filled by index_duties once loading is complete
  std::vector<duty> proposed_duties;  // the proposed versions, the same way (rule_set::proposed_duties)

  void index_duties();
};

namespace rules_detail {

// What the stages of one load share. The data is complete (and immutable) once load returns.
struct load_state {
  rule_set::data& data;
  std::vector<diagnostic>& ds;
  // The events named by effective.by, checked against the schema with the cross-pack checks.
  std::vector<std::pair<std::string, source_location>> by_events;
  std::size_t obligation_count = 0;
  bool failed = false;  // a condition did not compile: the checks that evaluate conditions are skipped
  // Modules: the module of each schema file (by path; core files are absent), the module of each
  // calendar (by id; "" for the core's), and the module and kind of the pack being read.
  std::map<std::string, std::string, std::less<>> module_of_file;
  std::map<std::string, std::string, std::less<>> calendar_module;
  std::string module;
  bool policy = false;
  // The filings and requests deadlines count from (`from = { filed = "..." }`), checked across
  // packs once every obligation is read (check_chains).
  struct chain_ref {
    std::string obligation;  // whose deadline
    anchor_kind kind = anchor_kind::filed;
    std::string target;  // the obligation filed or requested
    source_location where;
  };
  std::vector<chain_ref> chains;
  // Every exception's displaced_by, checked against the pack ids with the cross-pack checks.
  struct displacing_ref {
    std::string pack;       // the pack id it names
    source_location where;  // of the value
    std::string of_pack;    // the pack of the obligation whose exception it is
    bool proposed = false;  // that obligation is proposed law
  };
  std::vector<displacing_ref> displacing;

  void error(source_location where, const char* code, std::string message) {
    ds.push_back(make_error(code, std::move(where), std::move(message)));
  }
  void warning(source_location where, const char* code, std::string message) {
    ds.push_back(make_warning(code, std::move(where), std::move(message)));
  }
  void take(const std::vector<diagnostic>& more) { ds.insert(ds.end(), more.begin(), more.end()); }
};

}  // namespace rules_detail
}  // namespace breachclock
