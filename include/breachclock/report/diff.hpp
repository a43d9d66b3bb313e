// breachclock/report/diff.hpp: what a change of the rules moves, over many incidents, as text
// and as JSON (schema `breachclock.diff/1`, docs/json.md): what `breachclock diff` prints.
//
// Each incident is assessed under the old and the new rule set at one instant and compared
// (engine/diff.hpp); the reports list the obligations that changed, incident by incident, and
// count them. The same reports can be written in pieces, one incident at a time, for a corpus
// too large to hold (what `diff` does): the head, each incident's part in order, and the tail
// with the running summary; concatenated, they are exactly the whole report's bytes.
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
// Counts one more incident compared, `changes` its obligations changed (0: unchanged).
void count_incident(diff_summary& s, std::size_t changes) noexcept;

// Each incident with changes, its path and id, then one line per obligation changed
// ("  uk-gdpr/notify-ico: status undetermined -> required"), and a summary line
// ("3 incidents compared, 1 changed, 2 obligations changed").
std::string render_diff_text(const std::vector<incident_diff>& diffs);

// The `breachclock.diff/1` document: old, new, incidents (every one, changed or not), summary.
std::string render_diff_json(const rules_origin& old_rules, const rules_origin& new_rules,
                             const std::vector<incident_diff>& diffs);

// The reports in pieces: render_diff_text(ds) is the concatenation of
// render_diff_text_incident(d) for each d of ds, then render_diff_text_summary(summarize(ds));
// render_diff_json(o, n, ds) is render_diff_json_head(o, n), then
// render_diff_json_incident(ds[k], k == 0) for each k, then render_diff_json_tail(summarize(ds)).
// Each piece depends only on its arguments, so incidents may be rendered in any order, or in
// parallel, and written in theirs.
//
//   diff_summary s;
//   std::string out = render_diff_json_head(old_origin, new_origin);
//   for (k...) { incident_diff d = diff_incident(...); out += render_diff_json_incident(d, k == 0);
//                count_incident(s, d.changes.size()); }
//   out += render_diff_json_tail(s);

// The incident's lines: "" when nothing changed.
std::string render_diff_text_incident(const incident_diff& d);
// The summary line.
std::string render_diff_text_summary(const diff_summary& s);
// The document up to the opening of the `incidents` array.
std::string render_diff_json_head(const rules_origin& old_rules, const rules_origin& new_rules);
// The incident's element of the array, after its separator (none before the first).
std::string render_diff_json_incident(const incident_diff& d, bool first);
// The end of the array (empty when s.incidents is 0), the summary, and the end of the document.
std::string render_diff_json_tail(const diff_summary& s);

}  // namespace breachclock
