#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
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

result<std::vector<source_file>> rule_files(const std::string& rules_dir) {
  if (rules_dir.empty()) return bundled_rule_files();
  return read_directory(rules_dir);
}

result<rule_set> load_rules(const std::string& rules_dir, const std::vector<std::string>& policies) {
  if (rules_dir.empty() && policies.empty()) return rule_set::bundled();
  auto files = rule_files(rules_dir);
  if (!files) return std::move(files).take_diagnostics();
  std::vector<source_file> overlays;
  std::vector<diagnostic> ds;
  for (const std::string& p : policies) {
    auto f = read_source_file(p);
    if (f) overlays.push_back(std::move(*f));
    else ds.insert(ds.end(), f.diagnostics().begin(), f.diagnostics().end());
  }
  if (has_errors(ds)) return ds;
  return rule_set::load(*files, overlays);
}

result<incident> load_incident(const std::string& path, const rule_set& rules) {
  auto file = read_source_file(path);
  if (!file) return std::move(file).take_diagnostics();
  return parse_incident(*file, rules.schema());
}

result<instant> as_of_time(const std::string& text, const zone& z) {
  if (text.empty()) return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return parse_time(text, z, choose::reject, option_origin("--as-of"));
}

bool use_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return (no_color == nullptr || *no_color == '\0') && isatty(STDOUT_FILENO) != 0;
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
    if (f.relative == wanted) {
      // The checks rule_set::load makes of a calendar: parse_calendar's (a working day and a
      // day that is not a holiday in every year), and an id that matches the file name.
      auto c = parse_calendar(f.text, f.path);
      // As the library quotes ids: at most 60 characters, control characters escaped.
      auto detail_excerpt = [](const std::string& s) {
        std::string out;
        std::size_t i = 0;
        for (; i < s.size() && out.size() < 60; ++i) {
          const auto ch = static_cast<unsigned char>(s[i]);
          if (ch < 0x20 || ch == 0x7f) out += "\\x" + std::string(1, "0123456789abcdef"[ch >> 4]) + "0123456789abcdef"[ch & 15];
          else out += s[i];
        }
        return i < s.size() ? out + "..." : out;
      };
      if (c && c->id() != id) {
        return make_error("rules.calendar-id", source_location{f.path, 1, 1},
                          "calendar id '" + detail_excerpt(c->id()) + "' must match its file name '" + detail_excerpt(id) + ".toml'");
      }
      return c;
    }
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
