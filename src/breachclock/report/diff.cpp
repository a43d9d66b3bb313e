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

const char* to_string(diff_side s) noexcept {
  switch (s) {
    case diff_side::old_rules: return "old";
    case diff_side::new_rules: return "new";
    case diff_side::both: break;
  }
  return "both";
}

diff_summary summarize(const std::vector<incident_diff>& diffs,
                       const std::vector<incident_not_compared>& not_compared) {
  diff_summary s;
  for (const incident_diff& d : diffs) count_incident(s, d.changes.size());
  for (std::size_t k = 0; k < not_compared.size(); ++k) count_not_compared(s);
  return s;
}

void count_not_compared(diff_summary& s) noexcept { ++s.not_compared; }

void count_incident(diff_summary& s, std::size_t changes) noexcept {
  ++s.incidents;
  s.changed_incidents += changes == 0 ? 0U : 1U;
  s.changed_obligations += changes;
}

std::string render_diff_text_incident(const incident_diff& d) {
  std::string out;
  if (d.changes.empty()) return out;
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
  return out;
}

std::string render_diff_text_not_compared(const incident_not_compared& n) {
  const char* by = n.side == diff_side::old_rules   ? "the old rules"
                   : n.side == diff_side::new_rules ? "the new rules"
                                                    : "both rule sets";
  std::string out = fmt::format("{}: not compared: refused by {}\n", n.path, by);
  for (const diagnostic& d : n.diagnostics) out += "  " + to_string(d, diagnostic_style::with_code) + "\n";
  return out;
}

std::string render_diff_text_summary(const diff_summary& s) {
  std::string out = fmt::format("{} incident{} compared, {} changed, {} obligation{} changed", s.incidents,
                                s.incidents == 1 ? "" : "s", s.changed_incidents, s.changed_obligations,
                                s.changed_obligations == 1 ? "" : "s");
  if (s.not_compared > 0) {
    out += fmt::format("; {} incident{} not compared", s.not_compared, s.not_compared == 1 ? "" : "s");
  }
  return out + "\n";
}

std::string render_diff_text(const std::vector<incident_diff>& diffs,
                             const std::vector<incident_not_compared>& not_compared) {
  std::string out;
  for (const incident_diff& d : diffs) out += render_diff_text_incident(d);
  for (const incident_not_compared& n : not_compared) out += render_diff_text_not_compared(n);
  return out + render_diff_text_summary(summarize(diffs, not_compared));
}

// The JSON pieces are dumped alone, two spaces an indent as the whole document, and indented to
// where they stand in it: `depth` more spaces at the start of every line after the first (a
// dumped string never holds a raw line break).
namespace {

std::string dump_at(const json& j, std::size_t depth) {
  const std::string text = j.dump(2, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  const std::string pad(depth, ' ');
  for (const char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

}  // namespace

std::string render_diff_json_head(const rules_origin& old_rules, const rules_origin& new_rules) {
  json head;
  head["schema"] = k_diff_schema;
  head["old"] = {{"rules", old_rules.rules}, {"digest", old_rules.digest}};
  head["new"] = {{"rules", new_rules.rules}, {"digest", new_rules.digest}};
  std::string out = dump_at(head, 0);
  out.resize(out.size() - 2);  // the closing "\n}"
  return out + ",\n  \"incidents\": [";
}

std::string render_diff_json_incident(const incident_diff& d, bool first) {
  json changes = json::array();
  for (const obligation_change& ch : d.changes) {
    changes.push_back({{"id", ch.id},
                       {"before", side_json(ch.before)},
                       {"after", side_json(ch.after)},
                       {"status_changed", ch.status_changed},
                       {"due_changed", ch.due_changed},
                       {"recipient_changed", ch.recipient_changed}});
  }
  const json element{{"path", d.path},
                     {"incident", d.incident_id},
                     {"as_of", format_utc(d.as_of)},
                     {"changes", std::move(changes)}};
  return (first ? "\n    " : ",\n    ") + dump_at(element, 4);
}

std::string render_diff_json_middle(const diff_summary& s) {
  return std::string(s.incidents == 0 ? "]" : "\n  ]") + ",\n  \"not_compared\": [";
}

std::string render_diff_json_not_compared(const incident_not_compared& n, bool first) {
  json diagnostics = json::array();
  for (const diagnostic& d : n.diagnostics) {
    const auto known = [](int v) { return v > 0 ? json(v) : json(nullptr); };
    diagnostics.push_back({{"file", d.where.file.empty() ? json(nullptr) : json(d.where.file)},
                           {"line", known(d.where.line)},
                           {"col", known(d.where.column)},
                           {"severity", to_string(d.level)},
                           {"code", d.code},
                           {"message", d.message}});
  }
  const json element{{"path", n.path}, {"side", to_string(n.side)}, {"diagnostics", std::move(diagnostics)}};
  return (first ? "\n    " : ",\n    ") + dump_at(element, 4);
}

std::string render_diff_json_tail(const diff_summary& s) {
  const json summary{{"incidents", s.incidents},
                     {"changed_incidents", s.changed_incidents},
                     {"changed_obligations", s.changed_obligations},
                     {"not_compared", s.not_compared}};
  return std::string(s.not_compared == 0 ? "]" : "\n  ]") + ",\n  \"summary\": " + dump_at(summary, 2) + "\n}\n";
}

std::string render_diff_json(const rules_origin& old_rules, const rules_origin& new_rules,
                             const std::vector<incident_diff>& diffs,
                             const std::vector<incident_not_compared>& not_compared) {
  const diff_summary s = summarize(diffs, not_compared);
  std::string out = render_diff_json_head(old_rules, new_rules);
  for (std::size_t k = 0; k < diffs.size(); ++k) out += render_diff_json_incident(diffs[k], k == 0);
  out += render_diff_json_middle(s);
  for (std::size_t k = 0; k < not_compared.size(); ++k) out += render_diff_json_not_compared(not_compared[k], k == 0);
  return out + render_diff_json_tail(s);
}

}  // namespace breachclock
