// breachclock/report/diff.hpp: what a change of the rules moves, over many incidents, as text
// and as JSON (schema `breachclock.diff/1`, docs/json.md): what `breachclock diff` prints.
//
// Each incident is assessed under the old and the new rule set at one instant and compared
// (engine/diff.hpp); the reports list the obligations that changed, incident by incident, and
// count them.
//
//   const assessment before = *assess(old_rules, i, t), after = *assess(new_rules, i, t);
//   std::vector<incident_diff> ds{diff_incident("cwu.toml", before, after)};
//   std::cout << render_diff_json({"rules-2024", old_rules.digest()}, {"rules-2025", new_rules.digest()}, ds);
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/engine/diff.hpp"

namespace breachclock {

inline constexpr const char* k_diff_schema = "breachclock.diff/1";

// One incident compared. `changes` point into the two assessments compared, which must outlive
// it (as for compare()).
struct incident_diff {
  std::string path;  // where the incident was read (or any name the caller gives it)
  std::string incident_id;
  instant as_of;
  std::vector<obligation_change> changes;
};

// `before` and `after`: the same incident under the old and the new rules, at the same as_of.
incident_diff diff_incident(std::string path, const assessment& before, const assessment& after);

// One side of the comparison: where the rules came from ("bundled", a folder) and their digest.
struct rules_origin {
  std::string rules;
  std::string digest;
};

// The counts of the summary line and of the JSON `summary`.
struct diff_summary {
  std::size_t incidents = 0;
  std::size_t changed_incidents = 0;
  std::size_t changed_obligations = 0;
};
diff_summary summarize(const std::vector<incident_diff>& diffs);

// Each incident with changes, its path and id, then one line per obligation changed
// ("  uk-gdpr/notify-ico: status undetermined -> required"), and a summary line
// ("3 incidents compared, 1 changed, 2 obligations changed").
std::string render_diff_text(const std::vector<incident_diff>& diffs);

// The `breachclock.diff/1` document: old, new, incidents (every one, changed or not), summary.
std::string render_diff_json(const rules_origin& old_rules, const rules_origin& new_rules,
                             const std::vector<incident_diff>& diffs);

}  // namespace breachclock
