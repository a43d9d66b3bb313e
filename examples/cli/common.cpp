#include <algorithm>
#include <iostream>

#include "breachclock/source_file.hpp"
#include "cli.hpp"

namespace breachclock::cli {


void print_diagnostics(const std::vector<diagnostic>& ds) {
  for (const diagnostic& d : ds) std::cerr << to_string(d) << '\n';
}

void print_error(const std::string& message) { std::cerr << "breachclock: error: " << message << '\n'; }

source_location option_origin(const std::string& option) { return source_location{option, 1, 1}; }

std::optional<choose> parse_choose(const std::string& text) {
  if (text == "reject") return choose::reject;
  if (text == "earliest") return choose::earliest;
  if (text == "latest") return choose::latest;
  return std::nullopt;
}

result<holiday_calendar> load_calendar(const std::string& id, const std::string& rules_dir,
                                       const source_location& origin) {
  std::vector<source_file> files;
  if (rules_dir.empty()) {
    files = bundled_rule_files();
  } else {
    auto read = read_directory(rules_dir);
    if (!read) return std::move(read).take_diagnostics();
    files = std::move(*read);
  }
  const std::string wanted = "calendars/" + id + ".toml";
  std::vector<std::string> known;
  for (const source_file& f : files) {
    if (f.relative == wanted) return parse_calendar(f.text, f.path);
    if (f.relative.rfind("calendars/", 0) == 0 && f.relative.size() > 15) {
      known.push_back(f.relative.substr(10, f.relative.size() - 15));
    }
  }
  std::sort(known.begin(), known.end());
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return make_error("calendar.unknown", origin,
                    "unknown calendar '" + id + "' (the calendars are: " + (list.empty() ? "none" : list) + ")");
}

}  // namespace breachclock::cli
