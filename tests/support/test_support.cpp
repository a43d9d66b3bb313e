#include "support/test_support.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <stdexcept>

namespace breachclock::test {

instant at(std::string_view rfc3339) {
  auto r = parse_rfc3339(rfc3339);
  if (!r) throw std::runtime_error("bad instant in test: " + std::string(rfc3339));
  return *r;
}

date::local_days day(int y, unsigned m, unsigned d) { return date::local_days{ymd(y, m, d)}; }

civil_date ymd(int y, unsigned m, unsigned d) { return civil_date{date::year{y}, date::month{m}, date::day{d}}; }

zone zone_named(std::string_view name) { return *zone::locate(name); }

const holiday_calendar& bundled_calendar(std::string_view id) {
  static std::mutex m;
  static std::map<std::string, holiday_calendar, std::less<>> cache;
  std::lock_guard<std::mutex> lock(m);
  if (auto it = cache.find(id); it != cache.end()) return it->second;
  const std::string wanted = "calendars/" + std::string(id) + ".toml";  // in the core or in a module
  for (const source_file& f : bundled_rule_files()) {
    if (f.relative == wanted || f.relative.ends_with("/" + wanted)) {
      auto c = parse_calendar(f.text, f.path);
      if (!c) throw std::runtime_error("bundled calendar does not load: " + first_error(c));
      return cache.emplace(std::string(id), std::move(*c)).first->second;
    }
  }
  throw std::runtime_error("no bundled calendar " + std::string(id));
}

std::vector<source_file> files_of(const std::map<std::string, std::string>& texts) {
  std::vector<source_file> out;
  bool own_calendars = false;
  for (const auto& [relative, text] : texts) {
    out.push_back(source_file{relative, text, relative});
    own_calendars = own_calendars || relative.rfind("calendars/", 0) == 0;
  }
  if (!own_calendars) {
    // The bundled calendars (the modules' ones), as core calendars of the folder.
    for (const source_file& f : bundled_rule_files()) {
      const auto at = f.relative.find("calendars/");
      if (at != 0 && (at == std::string::npos || f.relative[at - 1] != '/')) continue;
      source_file core = f;
      core.relative = f.relative.substr(at);
      core.path = "<bundled>/" + core.relative;
      out.push_back(std::move(core));
    }
  }
  return out;
}

std::vector<std::string> messages(const std::vector<diagnostic>& ds) {
  std::vector<std::string> out;
  for (const diagnostic& d : ds) out.push_back(to_string(d));
  return out;
}

std::string source_path(std::string_view relative) {
  return std::string(BREACHCLOCK_SOURCE_DIR) + "/" + std::string(relative);
}

std::vector<std::filesystem::path> example_incident_paths() {
  namespace fs = std::filesystem;
  std::vector<fs::path> folders{source_path("examples/incidents")};
  for (const auto& m : fs::directory_iterator(source_path("rules"))) {
    if (fs::is_directory(m.path() / "examples")) folders.push_back(m.path() / "examples");
  }
  std::vector<fs::path> out;
  for (const fs::path& folder : folders) {
    for (const auto& e : fs::directory_iterator(folder)) {
      if (e.path().extension() == ".toml" || e.path().extension() == ".json") out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string example_incident(std::string_view file) {
  for (const std::filesystem::path& p : example_incident_paths()) {
    if (p.filename() == file) return p.string();
  }
  throw std::runtime_error("no example incident " + std::string(file));
}

}  // namespace breachclock::test
