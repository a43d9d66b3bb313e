#include "breachclock/report/diff.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "report/presentation.hpp"

namespace breachclock {

namespace {

using json = nlohmann::ordered_json;

json side_json(const obligation_result* o) {
  const detail::change_side s = detail::side_of(o);
  return {{"status", s.status}, {"due", s.due}, {"recipient", s.recipient}};
}

}  // namespace

incident_diff diff_incident(std::string path, const assessment& before, const assessment& after) {
  return incident_diff{std::move(path), std::string(before.incident_id), before.as_of, compare(before, after)};
}

diff_summary summarize(const std::vector<incident_diff>& diffs) {
  diff_summary s;
  s.incidents = diffs.size();
  for (const incident_diff& d : diffs) {
    s.changed_incidents += d.changes.empty() ? 0U : 1U;
    s.changed_obligations += d.changes.size();
  }
  return s;
}

std::string render_diff_text(const std::vector<incident_diff>& diffs) {
  std::string out;
  for (const incident_diff& d : diffs) {
    if (d.changes.empty()) continue;
    out += fmt::format("{} ({})\n", d.path, d.incident_id);
    for (const obligation_change& ch : d.changes) {
      const detail::change_side before = detail::side_of(ch.before);
      const detail::change_side after = detail::side_of(ch.after);
      std::vector<std::string> parts;
      if (ch.before == nullptr)
        parts.push_back("new: " + after.status + (ch.after->deadline.due ? ", due " + after.due : ""));
      else if (ch.after == nullptr) parts.push_back("removed (was " + before.status + ")");
      if (ch.status_changed) parts.push_back("status " + before.status + " -> " + after.status);
      if (ch.due_changed && ch.before != nullptr && ch.after != nullptr)
        parts.push_back("due " + before.due + " -> " + after.due);
      if (ch.recipient_changed) parts.push_back("to " + before.recipient + " -> " + after.recipient);
      std::string joined;
      for (const std::string& p : parts) joined += (joined.empty() ? "" : "; ") + p;
      out += fmt::format("  {}: {}\n", ch.id, joined);
    }
  }
  const diff_summary s = summarize(diffs);
  out += fmt::format("{} incident{} compared, {} changed, {} obligation{} changed\n", s.incidents,
                     s.incidents == 1 ? "" : "s", s.changed_incidents, s.changed_obligations,
                     s.changed_obligations == 1 ? "" : "s");
  return out;
}

std::string render_diff_json(const rules_origin& old_rules, const rules_origin& new_rules,
                             const std::vector<incident_diff>& diffs) {
  json incidents = json::array();
  for (const incident_diff& d : diffs) {
    json changes = json::array();
    for (const obligation_change& ch : d.changes) {
      changes.push_back({{"id", ch.id},
                         {"before", side_json(ch.before)},
                         {"after", side_json(ch.after)},
                         {"status_changed", ch.status_changed},
                         {"due_changed", ch.due_changed},
                         {"recipient_changed", ch.recipient_changed}});
    }
    incidents.push_back(
        {{"path", d.path}, {"incident", d.incident_id}, {"as_of", format_utc(d.as_of)}, {"changes", changes}});
  }
  const diff_summary s = summarize(diffs);
  json root;
  root["schema"] = k_diff_schema;
  root["old"] = {{"rules", old_rules.rules}, {"digest", old_rules.digest}};
  root["new"] = {{"rules", new_rules.rules}, {"digest", new_rules.digest}};
  root["incidents"] = std::move(incidents);
  root["summary"] = {{"incidents", s.incidents},
                     {"changed_incidents", s.changed_incidents},
                     {"changed_obligations", s.changed_obligations}};
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace breachclock
