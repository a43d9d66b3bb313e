// breachclock/report/diff.hpp: what a change of the rules moves, over many incidents, as text
// and as JSON (schema `breachclock.diff/1`, docs/json.md): what `breachclock diff` prints.
//
// Each incident is assessed under the old and the new rule set at one instant and compared
// (engine/diff.hpp); the reports list the obligations that changed, incident by incident, and
// count them. An incident that one side cannot read, validate or assess (it names a fact only
// the new rules declare, or it is malformed) is not compared: the reports list it apart, with
// the side that failed and its located diagnostics, and count it. The same reports can be
// written in pieces, one incident at a time, for a corpus too large to hold (what `diff` does):
// the head, each incident's part in order, and the tail with the running summary;
// concatenated, they are exactly the whole report's bytes.
//
//   const assessment before = *assess(old_rules, i, t), after = *assess(new_rules, i, t);
//   std::vector<incident_diff> ds{diff_incident("cwu.toml", before, after)};
//   std::cout << render_diff_json({"rules-2024", old_rules.digest()}, {"rules-2025", new_rules.digest()}, ds);
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "breachclock/diagnostic.hpp"
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

// Which rule set could not read, validate or assess an incident.
enum class diff_side : unsigned char { old_rules, new_rules, both };
// "old", "new" or "both".
const char* to_string(diff_side s) noexcept;

// An incident that could not be compared, and why. For `both`, the old side's diagnostics, then
// those of the new side that the old side did not give.
struct incident_not_compared {
  std::string path;
  diff_side side = diff_side::both;
  std::vector<diagnostic> diagnostics;
};

// The counts of the summary line and of the JSON `summary`. `incidents` counts those compared.
struct diff_summary {
  std::size_t incidents = 0;
  std::size_t changed_incidents = 0;
  std::size_t changed_obligations = 0;
  std::size_t not_compared = 0;
};
diff_summary summarize(const std::vector<incident_diff>& diffs,
                       const std::vector<incident_not_compared>& not_compared = {});
// Counts one more incident compared, `changes` its obligations changed (0: unchanged).
void count_incident(diff_summary& s, std::size_t changes) noexcept;
// Counts one more incident that could not be compared.
void count_not_compared(diff_summary& s) noexcept;

// Each incident with changes, its path and id, then one line per obligation changed
// ("  uk-gdpr/notify-ico: status undetermined -> required"); then each incident not compared
// ("x.toml: not compared: refused by the new rules", then its diagnostics, indented, as the
// command line prints them: "  x.toml:9:1: error[incident.unknown-fact]: ..."); and a summary
// line ("3 incidents compared, 1 changed, 2 obligations changed", and when some could not be,
// "; 1 incident not compared").
std::string render_diff_text(const std::vector<incident_diff>& diffs,
                             const std::vector<incident_not_compared>& not_compared = {});

// The `breachclock.diff/1` document: old, new, incidents (every one compared, changed or not),
// not_compared (path, side "old", "new" or "both", diagnostics as in breachclock.error/1:
// file, line, col, severity, code, message), summary.
std::string render_diff_json(const rules_origin& old_rules, const rules_origin& new_rules,
                             const std::vector<incident_diff>& diffs,
                             const std::vector<incident_not_compared>& not_compared = {});

// The reports in pieces: render_diff_text(ds, ns) is the concatenation of
// render_diff_text_incident(d) for each d of ds, render_diff_text_not_compared(n) for each n of
// ns, then render_diff_text_summary(summarize(ds, ns)); render_diff_json(o, n, ds, ns) is
// render_diff_json_head(o, n), render_diff_json_incident(ds[k], k == 0) for each k,
// render_diff_json_middle(s), render_diff_json_not_compared(ns[k], k == 0) for each k, then
// render_diff_json_tail(s), s being summarize(ds, ns). Each piece depends only on its
// arguments, so incidents may be rendered in any order, or in parallel, and written in theirs.
//
//   diff_summary s;
//   std::string out = render_diff_json_head(old_origin, new_origin), later;
//   for (k...) { incident_diff d = diff_incident(...); out += render_diff_json_incident(d, s.incidents == 0);
//                count_incident(s, d.changes.size()); }   // or, for one not compared:
//              { later += render_diff_json_not_compared(n, s.not_compared == 0); count_not_compared(s); }
//   out += render_diff_json_middle(s) + later + render_diff_json_tail(s);

// The incident's lines: "" when nothing changed.
std::string render_diff_text_incident(const incident_diff& d);
// The lines of an incident not compared.
std::string render_diff_text_not_compared(const incident_not_compared& n);
// The summary line.
std::string render_diff_text_summary(const diff_summary& s);
// The document up to the opening of the `incidents` array.
std::string render_diff_json_head(const rules_origin& old_rules, const rules_origin& new_rules);
// The incident's element of the array, after its separator (none before the first).
std::string render_diff_json_incident(const incident_diff& d, bool first);
// The end of the `incidents` array (empty when s.incidents is 0) and the opening of `not_compared`.
std::string render_diff_json_middle(const diff_summary& s);
// The element of `not_compared` for `n`, after its separator (none before the first).
std::string render_diff_json_not_compared(const incident_not_compared& n, bool first);
// The end of the `not_compared` array (empty when s.not_compared is 0), the summary, and the
// end of the document.
std::string render_diff_json_tail(const diff_summary& s);

}  // namespace breachclock
