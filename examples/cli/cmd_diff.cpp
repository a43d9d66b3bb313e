// breachclock diff --old DIR --new DIR INCIDENT_OR_DIR... [--as-of TIME] [--format text|json] [--exit-code]
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "breachclock/engine/diff.hpp"
#include "breachclock/report/diff.hpp"
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
  // Both assessments of every incident are kept: the changes point into them.
  std::vector<std::pair<assessment, assessment>> assessed;
  std::vector<incident_diff> results;
  assessed.reserve(paths->size());
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
    assessed.emplace_back(std::move(before).value(), std::move(after).value());
    results.push_back(diff_incident(path, assessed.back().first, assessed.back().second));
  }
  if (progress) std::cerr << "\r" << std::string(40, ' ') << "\r";
  if (has_errors(ds)) {
    print_diagnostics(ds);
    return exit_code::bad_input;
  }

  const std::string out =
      o.format == "json" ? render_diff_json({o.old_dir.empty() ? "bundled" : o.old_dir, old_rules->digest()},
                                            {o.new_dir.empty() ? "bundled" : o.new_dir, new_rules->digest()}, results)
                         : render_diff_text(results);
  if (!write_output(out, o.output, *paths)) return exit_code::bad_input;
  return o.exit_code && summarize(results).changed_obligations > 0 ? exit_code::failures : exit_code::ok;
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
