// breachclock check [--rules DIR] [--policy FILE]... [--strict]
// breachclock test [--rules DIR] [PATH...] [--format text]
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "breachclock/testing/coverage.hpp"
#include "breachclock/testing/test_file.hpp"
#include "breachclock/testing/test_report.hpp"
#include "cli.hpp"

namespace breachclock::cli {

namespace {

struct check_options {
  std::string rules_dir;
  std::vector<std::string> add_rules;
  std::vector<std::string> policies;
  bool strict = false;
  std::string output;
};

exit_code run_check(const check_options& o) {
  auto rules = load_rules(o.rules_dir, o.add_rules, o.policies);
  if (!rules) {
    print_diagnostics(rules.diagnostics());
    std::size_t errors = 0;
    for (const diagnostic& d : rules.diagnostics()) errors += d.level == severity::error ? 1 : 0;
    std::cerr << fmt::format("{} error{}\n", errors, errors == 1 ? "" : "s");
    return exit_code::bad_input;
  }
  // Proposed law is counted apart from the law in force, and each proposal is listed.
  std::size_t obligations = 0;
  std::size_t proposed = 0;
  std::size_t packs = 0;
  std::string proposals;
  for (const regime& r : rules->regimes()) {
    for (const obligation& ob : r.obligations) {
      ++(ob.proposed.empty() ? obligations : proposed);
      if (!ob.proposed.empty() && r.proposed.empty())
        proposals += fmt::format("proposed: {} ({})\n", ob.id, ob.proposed);
    }
    if (!r.proposed.empty()) proposals += fmt::format("proposed: pack {} ({})\n", r.id, r.proposed);
    ++packs;
  }
  const std::string out =
      fmt::format("ok: {} packs, {} obligations{}, {} calendars, {} facts, {} events, {} warnings ({})\n", packs,
                  obligations, proposed > 0 ? fmt::format(", {} proposed", proposed) : std::string(),
                  rules->calendar_ids().size(), rules->schema().facts().size(), rules->schema().events().size(),
                  rules->warnings().size(), rules->digest()) +
      proposals;
  if (!write_output(out, o.output)) return exit_code::bad_input;
  print_diagnostics(rules->warnings());
  return o.strict && !rules->warnings().empty() ? exit_code::failures : exit_code::ok;
}

struct test_options {
  std::string rules_dir;
  std::vector<std::string> add_rules;
  std::vector<std::string> packs;  // --pack: coverage of these packs or modules only
  std::vector<std::string> paths;
  std::string format = "text";
  bool coverage = false;
  std::optional<double> fail_under;
  std::string output;
};

exit_code run_test(const test_options& o) {
  auto files = rule_files(o.rules_dir, o.add_rules);
  if (!files) {
    print_diagnostics(files.diagnostics());
    return exit_code::bad_input;
  }
  auto rules = load_rules(o.rules_dir, o.add_rules, {});
  if (!rules) {
    print_diagnostics(rules.diagnostics());
    return exit_code::bad_input;
  }
  // Test files: each PATH is a file or a folder of *.toml and *.json files.
  std::vector<source_file> sources;
  std::vector<diagnostic> ds;
  const std::vector<std::string> paths = o.paths.empty() ? std::vector<std::string>{"tests/policy"} : o.paths;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      auto dir = read_directory(p);
      if (dir) sources.insert(sources.end(), dir->begin(), dir->end());
      else ds.insert(ds.end(), dir.diagnostics().begin(), dir.diagnostics().end());
    } else {
      auto f = read_source_file(p);
      if (f) sources.push_back(std::move(*f));
      else ds.insert(ds.end(), f.diagnostics().begin(), f.diagnostics().end());
    }
  }
  std::vector<test_file> tests;
  for (const source_file& s : sources) {
    auto t = parse_policy_tests(s, rules->schema());
    if (t) tests.push_back(std::move(*t));
    else ds.insert(ds.end(), t.diagnostics().begin(), t.diagnostics().end());
  }
  if (has_errors(ds)) {
    print_diagnostics(ds);
    return exit_code::bad_input;
  }
  auto run = run_policy_tests(*rules, *files, tests);
  if (!run) {
    print_diagnostics(run.diagnostics());
    return exit_code::bad_input;
  }
  std::optional<coverage_report> cov;
  if (o.coverage || o.fail_under) {
    cov = coverage(*run);
    if (!o.packs.empty()) {
      auto only = coverage_of(*cov, *rules, o.packs, option_origin("--pack"));
      if (!only) {
        print_diagnostics(only.diagnostics());
        return exit_code::bad_input;
      }
      cov = std::move(*only);
    }
  }
  const coverage_report* shown = o.coverage ? &*cov : nullptr;
  std::string out;
  if (o.format == "json") out = render_test_json(*run, shown);
  else if (o.format == "junit") out = render_test_junit(*run);
  else out = render_test_text(*run, shown);
  if (!write_output(out, o.output, paths)) return exit_code::bad_input;
  if (o.fail_under && cov->percent() < *o.fail_under) {
    print_error(fmt::format("coverage {:.1f}% is under the required {:.1f}%", cov->percent(), *o.fail_under));
    return exit_code::failures;
  }
  return run->failed == 0 ? exit_code::ok : exit_code::failures;
}

}  // namespace

void setup_check(CLI::App& app, exit_code& status) {
  {
    auto o = std::make_shared<check_options>();
    CLI::App* cmd = app.add_subcommand("check", "Load and check a rule set: every error at once, with its location");
    cmd->add_option("--rules", o->rules_dir, "Rule folder (default: the bundled rules)");
    add_rules_option(cmd, o->add_rules);
    cmd->add_option("--policy", o->policies, "A policy overlay file (repeatable)");
    cmd->add_flag("--strict", o->strict, "Exit 1 when there are warnings");
    add_output_option(cmd, o->output);
    cmd->callback([o, &status] { status = run_check(*o); });
  }
  {
    auto o = std::make_shared<test_options>();
    CLI::App* cmd = app.add_subcommand("test", "Run policy tests (TOML or JSON files of cases and expectations)");
    cmd->add_option("--rules", o->rules_dir, "Rule folder (default: the bundled rules)");
    add_rules_option(cmd, o->add_rules);
    cmd->add_option("PATH", o->paths, "Test files or folders (default: tests/policy)");
    cmd->add_option("--format", o->format, "Output: text, json or junit (JUnit XML for CI)")
        ->check(CLI::IsMember({"text", "json", "junit"}));
    cmd->add_flag("--coverage", o->coverage,
                  "List the statuses, exceptions and versions the tests exercised, and those they did not");
    cmd->add_option("--pack", o->packs,
                    "Count coverage (and --fail-under) over this pack or module only (a pack or module id; repeatable)")
        ->type_name("ID")
        ->allow_extra_args(false);
    cmd->add_option("--fail-under", o->fail_under, "Exit 1 when coverage is under PERCENT")
        ->check(CLI::Range(0.0, 100.0));
    add_output_option(cmd, o->output);
    cmd->callback([o, &status] { status = run_test(*o); });
  }
}

}  // namespace breachclock::cli
