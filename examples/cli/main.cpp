// breachclock: whom to notify, by exactly when, after a security incident.
// See `breachclock --help` and docs/cli.md.
#include <exception>
#include <iostream>
#include <optional>

#include "breachclock/version.hpp"
#include "cli.hpp"

int main(int argc, char** argv) {
  using breachclock::cli::exit_code;
  exit_code status = exit_code::ok;
  // Built inside the try: declaring the options can throw too (a bug), and that is reported
  // as one, like any other.
  std::optional<CLI::App> app;
  // Help and version text is output too: complete, or the command fails.
  auto printed = [](int code) {
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "breachclock: error: cannot write the help or version text to standard output\n";
      return static_cast<int>(exit_code::bad_input);
    }
    return code;
  };
  try {
    app.emplace("breachclock: notification obligations and deadlines after a security incident");
    app->name("breachclock");
    app->require_subcommand(1, 1);
    app->set_help_all_flag("--help-all", "Print help for every subcommand");
    app->set_version_flag(
        "--version",
        [] {
          return std::string("breachclock ") + breachclock::library_version() + "\nbundled rules " +
                 breachclock::rule_set::bundled().digest();
        },
        "Print the version and the digest of the bundled rules");
    breachclock::cli::setup_assess(*app, status);
    breachclock::cli::setup_check(*app, status);
    breachclock::cli::setup_diff(*app, status);
    breachclock::cli::setup_deadline(*app, status);
    breachclock::cli::setup_calendar(*app, status);
    breachclock::cli::setup_serve(*app, status);
    app->parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return printed(app->exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return printed(app->exit(e));
  } catch (const CLI::CallForVersion& e) {
    return printed(app->exit(e));
  } catch (const CLI::ParseError& e) {
    std::cerr << "breachclock: error: " << e.what() << "\n(run 'breachclock --help' for usage)\n";
    return static_cast<int>(exit_code::bad_input);
  } catch (const std::exception& e) {
    // Only a bug gets here: every expected failure is a diagnostic.
    std::cerr << "breachclock: internal error: " << e.what() << '\n';
    return static_cast<int>(exit_code::bad_input);
  }
  return static_cast<int>(status);
}
