// breachclock assess INCIDENT [--rules DIR] [--policy FILE]... [--as-of TIME] [--format text|json]
// breachclock explain INCIDENT OBLIGATION_ID [--rules DIR] [--policy FILE]... [--as-of TIME]
// breachclock questions INCIDENT [--rules DIR] [--policy FILE]... [--as-of TIME]
#include <iostream>
#include <memory>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/report/ics.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/svg.hpp"
#include "breachclock/report/text.hpp"
#include "cli.hpp"

namespace breachclock::cli {

namespace {

enum class view : unsigned char { assess, explain, questions };

struct assess_options {
  std::string incident_path;
  std::string obligation_id;
  std::string rules_dir;
  std::vector<std::string> policies;
  std::optional<std::string> as_of;
  std::string format = "text";
  std::string output;
};

// Loads rules and incident and assesses; prints diagnostics and returns nothing on failure.
std::optional<assessment> load_and_assess(const assess_options& o) {
  auto rules = load_rules(o.rules_dir, o.policies);
  if (!rules) {
    print_diagnostics(rules.diagnostics());
    return std::nullopt;
  }
  auto inc = load_incident(o.incident_path, *rules);
  if (!inc) {
    print_diagnostics(inc.diagnostics());
    return std::nullopt;
  }
  auto at = as_of_time(o.as_of, inc->home_zone(), now());
  if (!at) {
    print_diagnostics(at.diagnostics());
    return std::nullopt;
  }
  auto a = assess(*rules, *inc, *at);
  if (!a) {
    print_diagnostics(a.diagnostics());
    return std::nullopt;
  }
  return std::move(a).value();
}

exit_code run(const assess_options& o, view v) {
  std::optional<assessment> a = load_and_assess(o);
  if (!a) return exit_code::bad_input;
  const text_options text{use_color() && o.output.empty()};
  std::string out;
  switch (v) {
    case view::assess:
      if (o.format == "json") out = render_json(*a);
      else if (o.format == "ics") out = render_ics(*a);
      else if (o.format == "md") out = render_markdown(*a);
      else if (o.format == "svg") out = render_svg(*a);
      else out = render_text(*a, text);
      break;
    case view::questions: out = render_questions(*a, text); break;
    case view::explain: {
      const obligation_result* found = a->find(o.obligation_id);
      if (found == nullptr) {
        std::vector<std::string> ids = a->rules.obligation_ids();
        std::string list;
        for (const std::string& id : ids) list += (list.empty() ? "" : ", ") + id;
        print_diagnostics({make_error("cli.unknown-obligation", source_location{"OBLIGATION_ID", 1, 1},
                                      "unknown obligation '" + o.obligation_id + "'" +
                                          did_you_mean(o.obligation_id, ids) + " (the obligations are " + list + ")")});
        return exit_code::bad_input;
      }
      out = render_explanation(*a, *found, text);
      break;
    }
  }
  return write_output(out, o.output, {o.incident_path}) ? exit_code::ok : exit_code::bad_input;
}

void common_options(CLI::App* cmd, assess_options& o) {
  cmd->add_option("--rules", o.rules_dir, "Rule folder (default: the rules bundled in the library)");
  cmd->add_option("--policy", o.policies, "A policy overlay file (repeatable)");
  cmd->add_option("--as-of", o.as_of,
                  "The instant to assess at: RFC 3339, or a local time in the incident's zone (default: now)");
  add_output_option(cmd, o.output);
}

}  // namespace

void setup_assess(CLI::App& app, exit_code& status) {
  {
    auto o = std::make_shared<assess_options>();
    CLI::App* cmd = app.add_subcommand("assess", "Whom to notify, by when, and what is still unknown, for an incident");
    cmd->add_option("INCIDENT", o->incident_path, "Incident file (TOML, or JSON of the same shape)")->required();
    common_options(cmd, *o);
    cmd->add_option("--format", o->format,
                    "Output: text, json (breachclock.assessment/1), ics (iCalendar), md (Markdown report) or svg "
                    "(timeline)")
        ->check(CLI::IsMember({"text", "json", "ics", "md", "svg"}));
    cmd->callback([o, &status] { status = run(*o, view::assess); });
  }
  {
    auto o = std::make_shared<assess_options>();
    CLI::App* cmd = app.add_subcommand("explain",
                                       "Explain one obligation: each condition, exception, citation and the deadline");
    cmd->add_option("INCIDENT", o->incident_path, "Incident file")->required();
    cmd->add_option("OBLIGATION_ID", o->obligation_id, "Obligation id, such as uk-gdpr/notify-ico")->required();
    common_options(cmd, *o);
    cmd->callback([o, &status] { status = run(*o, view::explain); });
  }
  {
    auto o = std::make_shared<assess_options>();
    CLI::App* cmd = app.add_subcommand("questions",
                                       "The unknown facts and events, ranked by how many obligations each decides");
    cmd->add_option("INCIDENT", o->incident_path, "Incident file")->required();
    common_options(cmd, *o);
    cmd->callback([o, &status] { status = run(*o, view::questions); });
  }
}

}  // namespace breachclock::cli
