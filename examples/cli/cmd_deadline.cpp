// breachclock deadline --from TIME [--zone ZONE] --within PERIOD [--calendar ID]
//                      [--convention exact|next-hour] [--roll none|next-business-day|next-non-holiday]
//                      [--roll-to HH:MM]
//                      [--format text|json] [--choose reject|earliest|latest] [--rules DIR]
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "breachclock/report/json.hpp"
#include "breachclock/time/deadline.hpp"
#include "cli.hpp"

namespace breachclock::cli {

namespace {

struct deadline_options {
  std::string from;
  std::string zone_name = "UTC";
  std::string within;
  std::string calendar;
  std::string convention_name = "exact";
  std::string roll_name = "none";
  std::string roll_to;
  std::string format = "text";
  std::string choose_name = "reject";
  std::string rules_dir;
  std::vector<std::string> add_rules;
  std::string output;
};

std::string weekday_title(civil_date d) {
  std::string w = weekday_name(date::weekday{date::local_days{d}});
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

exit_code run_deadline(const deadline_options& o) {
  std::vector<diagnostic> ds;
  auto z = zone::locate(o.zone_name, option_origin("--zone"));
  if (!z) ds.insert(ds.end(), z.diagnostics().begin(), z.diagnostics().end());
  auto p = parse_period(o.within, option_origin("--within"));
  if (!p) ds.insert(ds.end(), p.diagnostics().begin(), p.diagnostics().end());
  const auto how = parse_choose(o.choose_name);
  std::optional<holiday_calendar> cal;
  if (!o.calendar.empty()) {
    auto c = load_calendar(o.calendar, o.rules_dir, option_origin("--calendar"), o.add_rules);
    if (c) cal = std::move(*c);
    else ds.insert(ds.end(), c.diagnostics().begin(), c.diagnostics().end());
  }
  if (has_errors(ds)) {
    print_diagnostics(ds);
    return exit_code::bad_input;
  }
  auto from = parse_time(o.from, *z, *how, option_origin("--from"));
  if (!from) {
    print_diagnostics(from.diagnostics());
    return exit_code::bad_input;
  }
  deadline_rule rule{*p, *parse_convention(o.convention_name), *parse_roll(o.roll_name)};
  if (!o.roll_to.empty()) {
    rule.roll_to = parse_time_of_day(o.roll_to);
    if (!rule.roll_to) {
      print_diagnostics(
          {make_error("deadline.roll-to", option_origin("--roll-to"),
                      "--roll-to is a time of day written HH:MM, from 00:00 to 23:59, not '" + o.roll_to + "'")});
      return exit_code::bad_input;
    }
  }
  const holiday_calendar* calendar = cal ? &*cal : nullptr;
  if (auto fault = check_deadline_rule(rule, calendar, source_location{"--within", 1, 1})) {
    print_diagnostics({*fault});
    return exit_code::bad_input;
  }
  const result<deadline> d = compute_deadline(*from, rule, *z, calendar);
  if (!d) {
    // The arithmetic's faults (past 9999-12-31, ...) come from the period counted from --from.
    std::vector<diagnostic> faults = d.diagnostics();
    for (diagnostic& f : faults) {
      if (f.where.file.empty()) f.where = source_location{"--within", 1, 1};
    }
    print_diagnostics(faults);
    return exit_code::bad_input;
  }

  std::string out;
  if (o.format == "json") {
    out = render_deadline_json(*from, rule, *z, calendar, *d);
  } else {
    out += fmt::format("due        {}\n", format_utc(d->due));
    out += fmt::format("due local  {} ({})\n", z->format(d->due), z->name());
    if (d->due_date) {
      out += fmt::format("due date   {} ({})", format_date(*d->due_date), weekday_title(*d->due_date));
      if (d->rolled_from) {
        out += fmt::format(", rolled from {} ({}, {} in {})", format_date(*d->rolled_from),
                           weekday_title(*d->rolled_from),
                           rule.rolling == roll::next_business_day ? "not a working day" : "a holiday", calendar->id());
      }
      out += "\n";
    }
    if (d->unrolled_due) {
      const bool business = rule.rolling == roll::next_business_day;
      out += fmt::format("rolled     from {} ({}, {} in {})\n           to {} of the next {}\n",
                         z->format(*d->unrolled_due), weekday_title(civil_date{z->local_day(*d->unrolled_due)}),
                         business ? "not a working day" : "a holiday", calendar->id(), o.roll_to,
                         business ? "working day" : "day that is not a holiday");
    }
    out += fmt::format("from       {} = {}\n", format_utc(*from), z->format(*from));
    if (d->counting_from != *from) {
      out += fmt::format("counting   from {} (the start of the next hour)\n", z->format(d->counting_from));
    }
    std::string how_counted = fmt::format("{}, convention {}, roll {}", to_string(rule.length),
                                          to_string(rule.counting), to_string(rule.rolling));
    if (rule.roll_to) how_counted += fmt::format(" to {}", o.roll_to);
    if (calendar != nullptr) how_counted += fmt::format(", calendar {}", calendar->id());
    out += fmt::format("period     {}\n", how_counted);
    for (const std::string& w : d->warnings) out += fmt::format("warning    {}\n", w);
  }
  return write_output(out, o.output) ? exit_code::ok : exit_code::bad_input;
}

}  // namespace

void setup_deadline(CLI::App& app, exit_code& status) {
  auto o = std::make_shared<deadline_options>();
  CLI::App* cmd = app.add_subcommand("deadline", "Compute the instant a period ends, as the law counts it");
  cmd->add_option("--from", o->from, "Anchor TIME: RFC 3339 with offset or Z, or a local date-time in --zone")
      ->required();
  cmd->add_option("--zone", o->zone_name, "IANA zone for local times and for counting days (default UTC)");
  cmd->add_option("--within", o->within, "PERIOD: 72h, 90min, 5 days, 10 business days, 2 weeks, 24 months, 1 year")
      ->required();
  cmd->add_option("--calendar", o->calendar, "Holiday calendar for business days and rolls (gb-eaw, ca-on, ...)");
  cmd->add_option("--convention", o->convention_name, "Hour counting: exact, or next-hour (from the next full hour)")
      ->check(CLI::IsMember({"exact", "next-hour"}));
  cmd->add_option("--roll", o->roll_name, "Move a last day that is off: none, next-business-day, next-non-holiday")
      ->check(CLI::IsMember({"none", "next-business-day", "next-non-holiday"}));
  cmd->add_option("--roll-to", o->roll_to,
                  "HH:MM: a due instant on a day that is off moves to this time of the next day that is not")
      ->type_name("HH:MM");
  cmd->add_option("--format", o->format, "Output: text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--choose", o->choose_name,
                  "For a local --from that is skipped or repeated by a clock change: reject, earliest or latest")
      ->check(CLI::IsMember({"reject", "earliest", "latest"}));
  cmd->add_option("--rules", o->rules_dir, "Rule folder to take the calendar from (default: the bundled rules)");
  add_rules_option(cmd, o->add_rules);
  add_output_option(cmd, o->output);
  cmd->callback([o, &status] { status = run_deadline(*o); });
}

}  // namespace breachclock::cli
