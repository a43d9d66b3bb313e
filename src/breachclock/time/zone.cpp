#include "breachclock/time/zone.hpp"

#include <date/tz.h>

#include <cstdio>
#include <ostream>

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
  char buf[64];
  if (s == 0) std::snprintf(buf, sizeof buf, "%c%02lld:%02lld", sign, h, m);
  else std::snprintf(buf, sizeof buf, "%c%02lld:%02lld:%02lld", sign, h, m, s);
  return buf;
}

std::vector<std::string> all_zone_names() {
  std::vector<std::string> names;
  const date::tzdb& db = date::get_tzdb();
  names.reserve(db.zones.size());  // with the OS database, links are zones of their own
  for (const date::time_zone& z : db.zones) names.push_back(z.name());
  return names;
}

source_location at_start(const source_location& origin) {
  source_location where = origin;
  if (where.column == 0 && (!where.file.empty() || where.line > 0)) where.column = 1;
  return where;
}

// "GMT (+00:00)"
std::string describe(const date::sys_info& info) {
  return info.abbrev + " (" + format_offset(info.offset) + ")";
}

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
      return make_error("time.unknown-zone", at_start(origin), "empty time zone name: expected an IANA name such as Europe/London");
    }
    return zone{date::locate_zone(name)};
  } catch (const std::exception&) {
    std::string hint;
    try {
      hint = detail::did_you_mean(name, all_zone_names());
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

seconds zone::offset_at(instant t) const { return tz_->get_info(t).offset; }

std::string zone::abbreviation_at(instant t) const { return tz_->get_info(t).abbrev; }

local_time zone::to_local(instant t) const { return tz_->to_local(t); }

date::local_days zone::local_day(instant t) const { return date::floor<date::days>(to_local(t)); }

result<instant> zone::resolve(local_time t, choose how, const source_location& origin) const {
  const date::local_info info = tz_->get_info(t);
  switch (info.result) {
    case date::local_info::unique:
      return instant{t.time_since_epoch() - info.first.offset};
    case date::local_info::nonexistent: {
      const instant transition = info.first.end;
      if (how != choose::reject) return transition;
      return make_error(
          "time.skipped", at_start(origin),
          "local time " + format_local(t) + " does not exist in " + name() + ": clocks went forward from " +
              describe(info.first) + " to " + describe(info.second) + " at " + format_utc(transition) +
              " (" + format_local(tz_->to_local(transition - seconds{1}) + seconds{1}) + " local); give an offset, or choose earliest or latest");
    }
    case date::local_info::ambiguous: {
      const instant first = instant{t.time_since_epoch() - info.first.offset};
      const instant second = instant{t.time_since_epoch() - info.second.offset};
      if (how == choose::earliest) return first;
      if (how == choose::latest) return second;
      return make_error(
          "time.repeated", at_start(origin),
          "local time " + format_local(t) + " occurs twice in " + name() + ": clocks went back from " +
              describe(info.first) + " to " + describe(info.second) + " at " + format_utc(info.first.end) +
              ", so it is " + format_utc(first) + " or " + format_utc(second) +
              "; give an offset, or choose earliest or latest");
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
