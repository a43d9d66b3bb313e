#include "breachclock/time/zone.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "detail/text.hpp"

namespace breachclock {

namespace {

using std::chrono::seconds;

std::string format_offset(seconds offset) {
  const char sign = offset < seconds{0} ? '-' : '+';
  long long s = offset.count() < 0 ? -offset.count() : offset.count();
  const long long h = s / 3600;
  const long long m = (s / 60) % 60;
  s %= 60;
  std::array<char, 64> buf{};
  if (s == 0) std::snprintf(buf.data(), buf.size(), "%c%02lld:%02lld", sign, h, m);
  else std::snprintf(buf.data(), buf.size(), "%c%02lld:%02lld:%02lld", sign, h, m, s);
  return buf.data();
}

// The areas of the tz database whose zones are places: the continents and oceans its naming
// rules (theory.html, "Timezone identifiers") give for Area in Area/Location; the one other area,
// Etc, holds the zones that are not places.
constexpr std::array<std::string_view, 10> k_place_areas{"Africa",   "America",   "Antarctica", "Arctic", "Asia",
                                                         "Atlantic", "Australia", "Europe",     "Indian", "Pacific"};

// The names accepted for whoever means UTC itself.
bool is_utc_name(std::string_view name) { return name == "UTC" || name == "Etc/UTC"; }

// Area/Location[/...] with Area one of the place areas.
bool is_place_name(std::string_view name) {
  const auto slash = name.find('/');
  if (slash == std::string_view::npos || slash + 1 >= name.size()) return false;
  return std::find(k_place_areas.begin(), k_place_areas.end(), name.substr(0, slash)) != k_place_areas.end();
}

// Zones of places, and UTC: the candidates of a did-you-mean.
std::vector<std::string> accepted_zone_names() {
  std::vector<std::string> names;
  const date::tzdb& db = date::get_tzdb();
  names.reserve(db.zones.size());  // with the OS database, links are zones of their own
  for (const date::time_zone& z : db.zones) {
    if (is_place_name(z.name()) || is_utc_name(z.name())) names.push_back(z.name());
  }
  return names;
}

// The links of the tz database ("L TARGET NAME" lines of tzdata.zi, the database in compact
// form, installed beside the zoneinfo files): GB -> Europe/London, US/Eastern -> America/New_York.
// Empty when the file is not there; then refusals just say less.
const std::map<std::string, std::string, std::less<>>& tz_links() {
  static const std::map<std::string, std::string, std::less<>> links = [] {
    std::map<std::string, std::string, std::less<>> out;
    std::ifstream in("/usr/share/zoneinfo/tzdata.zi");
    std::string line;
    while (std::getline(in, line)) {
      if (line.size() < 3 || line[0] != 'L' || line[1] != ' ') continue;
      std::istringstream fields(line.substr(2));
      std::string target;
      std::string name;
      if (fields >> target >> name) out.emplace(std::move(name), std::move(target));
    }
    return out;
  }();
  return links;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// What to write instead of an abbreviation or a zone of rules. Advice for the people who use
// breachclock (the UK, Canada and Ontario, the EU, the US), not law; kept small.
struct abbreviation_advice {
  std::string_view name;  // upper case
  std::string_view write;
};
constexpr std::array<abbreviation_advice, 34> k_abbreviations{{
    {"GMT", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"ETC/GMT", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"GMT0", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"GMT+0", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"GMT-0", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"ETC/GMT0", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"ETC/GMT+0", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"ETC/GMT-0", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"GREENWICH", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"ETC/GREENWICH", "Europe/London for UK time (GMT in winter, BST in summer), or UTC if UTC itself is meant"},
    {"BST", "Europe/London (UK time: GMT in winter, BST in summer)"},
    {"EST", "America/Toronto (Ontario, Eastern time) or America/New_York (US Eastern time)"},
    {"EDT", "America/Toronto (Ontario, Eastern time) or America/New_York (US Eastern time)"},
    {"EST5EDT", "America/Toronto (Ontario, Eastern time) or America/New_York (US Eastern time)"},
    {"CST", "America/Winnipeg (Manitoba, Central time) or America/Chicago (US Central time)"},
    {"CDT", "America/Winnipeg (Manitoba, Central time) or America/Chicago (US Central time)"},
    {"CST6CDT", "America/Winnipeg (Manitoba, Central time) or America/Chicago (US Central time)"},
    {"MST",
     "America/Edmonton (Alberta, Mountain time) or America/Denver (US Mountain time); America/Phoenix for Arizona"},
    {"MDT", "America/Edmonton (Alberta, Mountain time) or America/Denver (US Mountain time)"},
    {"MST7MDT", "America/Edmonton (Alberta, Mountain time) or America/Denver (US Mountain time)"},
    {"PST", "America/Vancouver (British Columbia, Pacific time) or America/Los_Angeles (US Pacific time)"},
    {"PDT", "America/Vancouver (British Columbia, Pacific time) or America/Los_Angeles (US Pacific time)"},
    {"PST8PDT", "America/Vancouver (British Columbia, Pacific time) or America/Los_Angeles (US Pacific time)"},
    {"AST", "America/Halifax (Atlantic time)"},
    {"ADT", "America/Halifax (Atlantic time)"},
    {"NST", "America/St_Johns (Newfoundland time)"},
    {"NDT", "America/St_Johns (Newfoundland time)"},
    {"HST", "Pacific/Honolulu (Hawaii)"},
    {"CET", "the place, such as Europe/Paris or Europe/Berlin (Central European time)"},
    {"CEST", "the place, such as Europe/Paris or Europe/Berlin (Central European time)"},
    {"MET", "the place, such as Europe/Paris or Europe/Berlin (Central European time)"},
    {"WET", "the place, such as Europe/Lisbon (Western European time)"},
    {"EET", "the place, such as Europe/Athens or Europe/Helsinki (Eastern European time)"},
    {"IST", "Europe/Dublin (Irish Standard Time) or Asia/Kolkata (India Standard Time)"},
}};

constexpr const char* k_name_a_place =
    "name the place: an IANA zone Area/Location such as Europe/London or America/Toronto (or UTC, if UTC itself "
    "is meant)";

// Why `name` (which is not UTC and not Area/Location in a place area) is refused, and what to write.
std::string not_a_place(std::string_view name) {
  const std::string shown = "'" + detail::excerpt(name) + "'";
  const std::string key = upper(name);
  for (const abbreviation_advice& a : k_abbreviations) {
    if (a.name == key) {
      return shown + " is an abbreviation or a zone of rules, not a place: write " + std::string(a.write);
    }
  }
  if (name == "localtime") {
    return shown +
           " is this machine's own zone: the same file would give different deadlines on different "
           "machines; " +
           k_name_a_place;
  }
  for (std::string_view dir : {"posix/", "right/"}) {
    if (name.substr(0, dir.size()) == dir && is_place_name(name.substr(dir.size()))) {
      return shown + " is a folder of the zoneinfo files, not a zone name: write " +
             std::string(name.substr(dir.size()));
    }
  }
  const auto& links = tz_links();
  if (auto it = links.find(name); it != links.end()) {
    if (is_utc_name(it->second)) return shown + " is an old alias of UTC in the tz database: write UTC";
    if (is_place_name(it->second)) {
      return shown + " is an old alias in the tz database: write " + it->second +
             ", the zone of the place it stands for";
    }
  }
  if (name.substr(0, 7) == "Etc/GMT" && name.size() > 8 && (name[7] == '+' || name[7] == '-')) {
    const char sign = name[7] == '+' ? '-' : '+';
    return shown + " is a fixed offset of " + sign + std::string(name.substr(8)) +
           " hours from UTC (the sign of Etc/GMT zones is inverted), not a place, and never follows daylight "
           "saving; " +
           k_name_a_place + ", or give the offset in the times themselves";
  }
  // The right name in the wrong case: "europe/london", "utc".
  if (key == "UTC" || key == "ETC/UTC") return shown + " is not a zone name (names are case-sensitive): write UTC";
  for (const std::string& z : accepted_zone_names()) {
    if (upper(z) == key) return shown + " is not a zone name (names are case-sensitive): write " + z;
  }
  // A city written alone: "Toronto" for America/Toronto.
  std::vector<std::string> cities;
  for (const std::string& z : accepted_zone_names()) {
    const auto slash = z.rfind('/');
    if (slash != std::string::npos && upper(std::string_view(z).substr(slash + 1)) == key) cities.push_back(z);
  }
  if (!cities.empty()) return shown + " is not a zone name: write " + detail::quoted_list(cities, "or");
  return shown + " is not the zone of a place; " + k_name_a_place;
}

source_location at_start(const source_location& origin) {
  source_location where = origin;
  if (where.column == 0 && (!where.file.empty() || where.line > 0)) where.column = 1;
  return where;
}

// "GMT (+00:00)"
std::string describe(const date::sys_info& info) { return info.abbrev + " (" + format_offset(info.offset) + ")"; }

}  // namespace

const char* to_string(choose c) noexcept {
  switch (c) {
    case choose::reject: return "reject";
    case choose::earliest: return "earliest";
    case choose::latest: return "latest";
  }
  return "reject";
}

result<zone> zone::locate(std::string_view name, const source_location& origin) {
  try {
    if (name.empty()) {
      return make_error("time.unknown-zone", at_start(origin),
                        "empty time zone name: expected an IANA name such as Europe/London");
    }
    if (!is_utc_name(name) && !is_place_name(name)) {
      return make_error("time.not-a-place", at_start(origin), not_a_place(name));
    }
    return zone{date::locate_zone(name)};
  } catch (const std::exception&) {
    std::string hint;
    try {
      hint = detail::did_you_mean(name, accepted_zone_names());
    } catch (const std::exception&) {
      // No database at all: the message below says so well enough.
    }
    return make_error("time.unknown-zone", at_start(origin),
                      "unknown time zone '" + detail::excerpt(name) + "'" + hint +
                          " (IANA names such as Europe/London or America/Toronto; is tzdata installed?)");
  }
}

zone zone::utc() {
  // Looked up once: deadline results default to UTC, and tzdb lookups are not free.
  static const date::time_zone* const utc = date::locate_zone("UTC");
  return zone{utc};
}

const std::string& zone::name() const { return tz_->name(); }

bool zone::is_utc() const { return is_utc_name(tz_->name()); }

seconds zone::offset_at(instant t) const { return tz_->get_info(t).offset; }

std::string zone::abbreviation_at(instant t) const { return tz_->get_info(t).abbrev; }

local_time zone::to_local(instant t) const { return tz_->to_local(t); }

date::local_days zone::local_day(instant t) const { return date::floor<date::days>(to_local(t)); }

result<instant> zone::resolve(local_time t, choose how, const source_location& origin) const {
  const date::local_info info = tz_->get_info(t);
  switch (info.result) {
    case date::local_info::unique: {
      const instant found{t.time_since_epoch() - info.first.offset};
      if (auto fault = check_instant_range(found, "local time " + format_local(t) + " in " + name(), at_start(origin)))
        return *fault;
      return found;
    }
    case date::local_info::nonexistent: {
      const instant transition = info.first.end;
      if (how != choose::reject) return transition;
      return make_error("time.skipped", at_start(origin),
                        "local time " + format_local(t) + " does not exist in " + name() +
                            ": clocks went forward from " + describe(info.first) + " to " + describe(info.second) +
                            " at " + format_utc(transition) + " (" +
                            format_local(tz_->to_local(transition - seconds{1}) + seconds{1}) +
                            " local); give an offset, or choose earliest or latest");
    }
    case date::local_info::ambiguous: {
      const instant first = instant{t.time_since_epoch() - info.first.offset};
      const instant second = instant{t.time_since_epoch() - info.second.offset};
      if (how == choose::earliest) return first;
      if (how == choose::latest) return second;
      return make_error("time.repeated", at_start(origin),
                        "local time " + format_local(t) + " occurs twice in " + name() + ": clocks went back from " +
                            describe(info.first) + " to " + describe(info.second) + " at " +
                            format_utc(info.first.end) + ", so it is " + format_utc(first) + " or " +
                            format_utc(second) + "; give an offset, or choose earliest or latest");
    }
  }
  return make_error("time.internal", at_start(origin), "unexpected result from the zone database");
}

instant zone::start_of_day(date::local_days d) const {
  const local_time midnight{d};
  const date::local_info info = tz_->get_info(midnight);
  switch (info.result) {
    case date::local_info::unique: return instant{midnight.time_since_epoch() - info.first.offset};
    case date::local_info::nonexistent: return info.first.end;
    case date::local_info::ambiguous: return instant{midnight.time_since_epoch() - info.first.offset};
  }
  return instant{midnight.time_since_epoch() - info.first.offset};
}

instant zone::end_of_day(date::local_days d) const { return start_of_day(d + date::days{1}) - seconds{1}; }

std::string zone::format(instant t) const {
  const date::sys_info info = tz_->get_info(t);
  return format_local(local_time{t.time_since_epoch() + info.offset}) + format_offset(info.offset);
}

std::optional<std::string> zone::horizon_warning(instant t) const {
  using date::year;
  constexpr auto horizon = date::sys_days{year{2038} / 1 / 1};
  if (t < instant{horizon}) return std::nullopt;
  const auto winter = tz_->get_info(date::sys_days{year{2037} / 1 / 15});
  const auto summer = tz_->get_info(date::sys_days{year{2037} / 7 / 15});
  if (winter.offset == summer.offset) return std::nullopt;
  return format_utc(t) + " is past 2037, where the system zoneinfo files for " + name() +
         " stop recording daylight-saving changes: local times and day boundaries then may be off by an hour";
}

std::ostream& operator<<(std::ostream& os, const zone& z) { return os << z.name(); }

std::ostream& operator<<(std::ostream& os, choose c) { return os << to_string(c); }

result<instant> parse_time(std::string_view text, const zone& z, choose how, const source_location& origin) {
  auto parsed = parse_time_text(text, origin);
  if (!parsed) return std::move(parsed).take_diagnostics();
  if (const instant* t = std::get_if<instant>(&*parsed)) return *t;
  return z.resolve(std::get<local_time>(*parsed), how, origin);
}

}  // namespace breachclock
