// breachclock diff --old DIR --new DIR INCIDENT_OR_DIR... [--as-of TIME] [--format text|json] [--exit-code]
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "breachclock/engine/diff.hpp"
#include "breachclock/report/text.hpp"
#include "cli.hpp"

namespace breachclock::cli {

namespace {

struct diff_options {
  std::string old_dir;
  std::string new_dir;
  std::vector<std::string> inputs;
  std::optional<std::string> as_of;
  std::string format = "text";
  bool exit_code = false;
  std::string output;
};

struct compared {
  std::string path;
  assessment before;
  assessment after;
  std::vector<obligation_change> changes;
};

std::string due_text(const obligation_result* o) {
  if (o == nullptr) return "-";
  if (o->deadline.due) return format_utc(*o->deadline.due);
  return o->deadline.kind == deadline_kind::soft ? "soft" : "none";
}

std::string state_text(const obligation_result* o) { return o == nullptr ? "absent" : to_string(o->state); }

std::string recipient_text(const obligation_result* o) {
  if (o == nullptr) return "-";
  return recipient_text(*o);
}

// The most incident files one folder given to diff may hold.
constexpr std::size_t k_max_incidents = 1'000'000;

// Every incident file named, or found (*.toml, *.json) in a folder named, sorted within each
// folder. Anything named that cannot be read, or a folder with no incident, is an error: diff
// never compares fewer incidents than it was given.
result<std::vector<std::string>> incident_paths(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::vector<diagnostic> ds;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      auto found = list_files(in, {".json", ".toml"}, k_max_incidents);
      if (!found) {
        ds.insert(ds.end(), found.diagnostics().begin(), found.diagnostics().end());
        continue;
      }
      for (const fs::path& p : *found) out.push_back(p.generic_string());
    } else {
      out.push_back(in);  // read (or refused, with its reason) as the incidents are loaded
    }
  }
  if (has_errors(ds)) return ds;
  return out;
}

exit_code run_diff(const diff_options& o) {
  auto old_rules = load_rules(o.old_dir, {});
  auto new_rules = load_rules(o.new_dir, {});
  std::vector<diagnostic> ds;
  if (!old_rules) ds.insert(ds.end(), old_rules.diagnostics().begin(), old_rules.diagnostics().end());
  if (!new_rules) ds.insert(ds.end(), new_rules.diagnostics().begin(), new_rules.diagnostics().end());
  auto paths = incident_paths(o.inputs);
  if (!paths) ds.insert(ds.end(), paths.diagnostics().begin(), paths.diagnostics().end());
  if (has_errors(ds)) {
    print_diagnostics(ds);
    return exit_code::bad_input;
  }
  // Load every incident under both rule sets first: nothing is written unless all load.
  const bool progress = isatty(STDERR_FILENO) != 0 && paths->size() > 20;
  const instant clock = now();  // one "now" for every incident compared
  std::vector<compared> results;
  results.reserve(paths->size());
  std::size_t done = 0;
  for (const std::string& path : *paths) {
    if (progress && (done % 10 == 0 || done + 1 == paths->size())) {
      std::cerr << fmt::format("\rcomparing {}/{} incidents", done + 1, paths->size()) << std::flush;
    }
    ++done;
    auto before_incident = load_incident(path, *old_rules);
    auto after_incident = load_incident(path, *new_rules);
    if (!before_incident || !after_incident) {
      const auto& bad = !before_incident ? before_incident.diagnostics() : after_incident.diagnostics();
      ds.insert(ds.end(), bad.begin(), bad.end());
      continue;
    }
    auto at = as_of_time(o.as_of, before_incident->home_zone(), clock);
    if (!at) {
      ds.insert(ds.end(), at.diagnostics().begin(), at.diagnostics().end());
      break;
    }
    auto before = assess(*old_rules, *before_incident, *at);
    auto after = assess(*new_rules, *after_incident, *at);
    if (!before || !after) {
      const auto& bad = !before ? before.diagnostics() : after.diagnostics();
      ds.insert(ds.end(), bad.begin(), bad.end());
      continue;
    }
    results.push_back(compared{path, std::move(before).value(), std::move(after).value(), {}});
    results.back().changes = compare(results.back().before, results.back().after);
  }
  if (progress) std::cerr << "\r" << std::string(40, ' ') << "\r";
  if (has_errors(ds)) {
    print_diagnostics(ds);
    return exit_code::bad_input;
  }

  std::size_t changed_incidents = 0;
  std::size_t changed_obligations = 0;
  for (const compared& c : results) {
    changed_incidents += c.changes.empty() ? 0U : 1U;
    changed_obligations += c.changes.size();
  }
  std::string out;
  if (o.format == "json") {
    nlohmann::ordered_json incidents = nlohmann::ordered_json::array();
    for (const compared& c : results) {
      nlohmann::ordered_json changes = nlohmann::ordered_json::array();
      for (const obligation_change& ch : c.changes) {
        changes.push_back({{"id", ch.id},
                           {"before", {{"status", state_text(ch.before)}, {"due", due_text(ch.before)}, {"recipient", recipient_text(ch.before)}}},
                           {"after", {{"status", state_text(ch.after)}, {"due", due_text(ch.after)}, {"recipient", recipient_text(ch.after)}}},
                           {"status_changed", ch.status_changed},
                           {"due_changed", ch.due_changed},
                           {"recipient_changed", ch.recipient_changed}});
      }
      incidents.push_back({{"path", c.path}, {"incident", c.before.incident_id}, {"as_of", format_utc(c.before.as_of)},
                           {"changes", changes}});
    }
    nlohmann::ordered_json root;
    root["schema"] = "breachclock.diff/1";
    root["old"] = {{"rules", o.old_dir.empty() ? "bundled" : o.old_dir}, {"digest", old_rules->digest()}};
    root["new"] = {{"rules", o.new_dir.empty() ? "bundled" : o.new_dir}, {"digest", new_rules->digest()}};
    root["incidents"] = incidents;
    root["summary"] = {{"incidents", results.size()}, {"changed_incidents", changed_incidents},
                       {"changed_obligations", changed_obligations}};
    out = root.dump(2) + "\n";
  } else {
    for (const compared& c : results) {
      if (c.changes.empty()) continue;
      out += fmt::format("{} ({})\n", c.path, c.before.incident_id);
      for (const obligation_change& ch : c.changes) {
        std::vector<std::string> parts;
        if (ch.before == nullptr) {
          parts.push_back("new: " + state_text(ch.after) + (ch.after->deadline.due ? ", due " + due_text(ch.after) : ""));
        }
        else if (ch.after == nullptr) parts.push_back("removed (was " + state_text(ch.before) + ")");
        if (ch.status_changed) parts.push_back("status " + state_text(ch.before) + " -> " + state_text(ch.after));
        if (ch.due_changed && ch.before != nullptr && ch.after != nullptr) {
          parts.push_back("due " + due_text(ch.before) + " -> " + due_text(ch.after));
        }
        if (ch.recipient_changed) parts.push_back("to " + recipient_text(ch.before) + " -> " + recipient_text(ch.after));
        std::string joined;
        for (const std::string& p : parts) joined += (joined.empty() ? "" : "; ") + p;
        out += fmt::format("  {}: {}\n", ch.id, joined);
      }
    }
    out += fmt::format("{} incident{} compared, {} changed, {} obligation{} changed\n", results.size(),
                       results.size() == 1 ? "" : "s", changed_incidents, changed_obligations,
                       changed_obligations == 1 ? "" : "s");
  }
  if (!write_output(out, o.output, *paths)) return exit_code::bad_input;
  return o.exit_code && changed_obligations > 0 ? exit_code::failures : exit_code::ok;
}

}  // namespace

void setup_diff(CLI::App& app, exit_code& status) {
  auto o = std::make_shared<diff_options>();
  CLI::App* cmd = app.add_subcommand("diff", "Which incidents' duties, deadlines or recipients a rule change moves");
  cmd->add_option("--old", o->old_dir, "The rule folder before the change (default: the bundled rules)");
  cmd->add_option("--new", o->new_dir, "The rule folder after the change (default: the bundled rules)");
  cmd->add_option("INCIDENT_OR_DIR", o->inputs, "Incident files, or folders of them")->required();
  cmd->add_option("--as-of", o->as_of, "The instant both assessments are made at (default: now)");
  cmd->add_option("--format", o->format, "Output: text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--exit-code", o->exit_code, "Exit 1 when any obligation changed");
  add_output_option(cmd, o->output);
  cmd->callback([o, &status] { status = run_diff(*o); });
}

}  // namespace breachclock::cli
