// breachclock calendar ID FROM_YEAR [TO_YEAR] [--format text|json] [--rules DIR]
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "breachclock/report/json.hpp"
#include "cli.hpp"

namespace breachclock::cli {

namespace {

struct calendar_options {
  std::string id;
  int from_year = 0;
  std::optional<int> to_year;
  std::string format = "text";
  std::string rules_dir;
  std::vector<std::string> add_rules;
  std::string output;
};

// `text` after `head`, its words wrapped at 100 columns, the next lines indented as wide as `head`.
std::string wrapped(const std::string& head, const std::string& text) {
  constexpr std::size_t width = 100;
  std::string out = head;
  std::size_t column = head.size();
  bool first = true;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(' ', at);
    if (end == std::string::npos) end = text.size();
    const std::string_view word(text.data() + at, end - at);
    if (!first && column + 1 + word.size() > width) {
      out += "\n" + std::string(head.size(), ' ');
      column = head.size();
      first = true;
    }
    if (!first) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    first = false;
    at = end + 1;
  }
  return out + "\n";
}

exit_code run_calendar(const calendar_options& o) {
  const int to = o.to_year.value_or(o.from_year);
  if (o.from_year < 1583 || to > 9999 || to < o.from_year) {
    print_error(fmt::format("years must satisfy 1583 <= FROM_YEAR <= TO_YEAR <= 9999 (Gregorian calendar), not {}-{}",
                            o.from_year, to));
    return exit_code::bad_input;
  }
  if (to - o.from_year > 1000) {
    print_error("at most 1000 years at a time");
    return exit_code::bad_input;
  }
  auto cal = load_calendar(o.id, o.rules_dir, source_location{"ID", 1, 1}, o.add_rules);
  if (!cal) {
    print_diagnostics(cal.diagnostics());
    return exit_code::bad_input;
  }
  const std::vector<holiday> hs = cal->holidays(date::year{o.from_year}, date::year{to});
  std::string out;
  if (o.format == "json") {
    out = render_holidays_json(hs);
  } else {
    out += fmt::format("{}: {}\n", cal->id(), cal->title());
    for (const holiday& h : hs) {
      std::string wd = weekday_name(date::weekday{date::local_days{h.date}}).substr(0, 3);
      wd[0] = static_cast<char>(wd[0] - 'a' + 'A');
      // Lines of at most 100 columns: the name and each citation wrapped under the name's column,
      // a citation's URL on a line of its own (it cannot be broken).
      out += wrapped(fmt::format("{}  {}  ", format_date(h.date), wd), h.name);
      for (const citation& c : h.cite) {
        out += wrapped(std::string(17, ' '), c.ref);
        if (!c.url.empty()) out += std::string(17, ' ') + "<" + c.url + ">\n";
      }
    }
    if (auto w = cal->unverified_warning(date::year{o.from_year}, date::year{to})) out += "warning: " + *w + "\n";
  }
  return write_output(out, o.output) ? exit_code::ok : exit_code::bad_input;
}

}  // namespace

void setup_calendar(CLI::App& app, exit_code& status) {
  auto o = std::make_shared<calendar_options>();
  CLI::App* cmd = app.add_subcommand("calendar", "List the holidays of a calendar, year by year");
  cmd->add_option("ID", o->id,
                  "Calendar id: gb-eaw, gb-sct, gb-nir, ca, ca-on, ca-on-esa, us-federal, us-sec (bundled), or one of "
                  "--rules "
                  "or --add-rules")
      ->required();
  cmd->add_option("FROM_YEAR", o->from_year, "First year")->required();
  cmd->add_option("TO_YEAR", o->to_year, "Last year (default: FROM_YEAR)");
  cmd->add_option("--format", o->format, "Output: text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--rules", o->rules_dir, "Rule folder to take the calendar from (default: the bundled rules)");
  add_rules_option(cmd, o->add_rules);
  add_output_option(cmd, o->output);
  cmd->callback([o, &status] { status = run_calendar(*o); });
}

}  // namespace breachclock::cli
