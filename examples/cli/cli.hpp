// The breachclock command-line tool: shared pieces of the subcommands.
//
// Each subcommand has an options struct, a setup_* function that declares its flags on the
// CLI11 app, and a run_* function that does the work and returns an exit_code. Results are
// written to stdout only when the whole command succeeded; diagnostics go to stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "breachclock/facts/incident.hpp"
#include "breachclock/rules/rule_set.hpp"
#include "breachclock/time/calendar.hpp"
#include "breachclock/time/zone.hpp"

namespace breachclock::cli {

enum class exit_code : int {
  ok = 0,         // done
  failures = 1,   // checks or tests found failures
  bad_input = 2,  // bad usage or bad input; diagnostics on stderr
  partial = 3,    // diff: some incidents could not be compared (listed in the report)
};

// Prints diagnostics to stderr, one per line.
void print_diagnostics(const std::vector<diagnostic>& ds);
// Prints `breachclock: error: message` to stderr.
void print_error(const std::string& message);

// A command-line value's location for messages: `--from:1:col`.
source_location option_origin(const std::string& option);

// Parses --choose.
std::optional<choose> parse_choose(const std::string& text);

// A holiday calendar by id, from the bundled rules or from `rules_dir` when given, and the
// modules of `add_rules` (a core calendar, calendars/<id>.toml, or a module's,
// <module>/calendars/<id>.toml).
result<holiday_calendar> load_calendar(const std::string& id, const std::string& rules_dir,
                                       const source_location& origin, const std::vector<std::string>& add_rules = {});

// The rules: bundled, or from `rules_dir`, with the module folders of --add-rules on top and the
// policy overlays given.
result<rule_set> load_rules(const std::string& rules_dir, const std::vector<std::string>& policies);
result<rule_set> load_rules(const std::string& rules_dir, const std::vector<std::string>& add_rules,
                            const std::vector<std::string>& policies);
// The files the rules were loaded from (bundled, or read from `rules_dir`; then the modules of
// `add_rules`, read as read_module_folder reads them).
result<std::vector<source_file>> rule_files(const std::string& rules_dir,
                                            const std::vector<std::string>& add_rules = {});
// Adds --add-rules DIR (repeatable) to a command that has --rules.
void add_rules_option(CLI::App* cmd, std::vector<std::string>& add_rules);
// An incident file, checked against the rules' schema.
result<incident> load_incident(const std::string& path, const rule_set& rules);
// The most incident files one folder given to diff or assess may hold.
inline constexpr std::size_t k_max_incidents = 1'000'000;
// Every incident file named, or found (*.toml, *.json) in a folder named, sorted within each
// folder. Anything named that cannot be read, or a folder with no incident, is an error: a
// command never reads fewer incidents than it was given.
result<std::vector<std::string>> incident_paths(const std::vector<std::string>& inputs);
// The wall clock, to the second: the only place the tool reads it, once per command.
instant now();
// --as-of: a TIME in the incident's zone, or `clock` when the option was not given. An empty
// TIME is refused (a script whose variable is empty must not assess at "now" in silence).
result<instant> as_of_time(const std::optional<std::string>& text, const zone& z, instant clock);
// Colour on a terminal, unless NO_COLOR is set.
bool use_color();

// Adds `-o, --output FILE` to a subcommand.
void add_output_option(CLI::App* cmd, std::string& path);
// Writes a command's whole result: to stdout when `path` is empty (flushed, and checked), else
// to the file `path`, through a temporary file beside it that is renamed over it once complete,
// so that no reader ever sees half a file. Returns false after printing why when any of it could
// not be written (a full disk, a closed stdout, /dev/full): the command must then fail. A file
// that exists keeps its permissions (and, for root, its owner); `path` may not be one of the
// files the command read (`inputs`), which it would otherwise replace with its report.
[[nodiscard]] bool write_output(const std::string& text, const std::string& path,
                                const std::vector<std::string>& inputs = {});

// Subcommands.
void setup_deadline(CLI::App& app, exit_code& status);
void setup_calendar(CLI::App& app, exit_code& status);
void setup_assess(CLI::App& app, exit_code& status);
void setup_check(CLI::App& app, exit_code& status);
void setup_diff(CLI::App& app, exit_code& status);
// `serve`; in a build without cpp-httplib (BREACHCLOCK_SERVE=OFF), a command that says so and fails.
void setup_serve(CLI::App& app, exit_code& status);

}  // namespace breachclock::cli
