#include "support/test_support.hpp"

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
  const std::string wanted = "calendars/" + std::string(id) + ".toml";
  for (const source_file& f : bundled_rule_files()) {
    if (f.relative == wanted) {
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
    for (const source_file& f : bundled_rule_files()) {
      if (f.relative.rfind("calendars/", 0) == 0) out.push_back(f);
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

}  // namespace breachclock::test
