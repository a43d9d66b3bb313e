#include "breachclock/time/instant.hpp"

#include <cstdio>
#include <utility>

#include "detail/text.hpp"

namespace breachclock {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// A cursor over a date-time text that reports faults at their column.
class scanner {
 public:
  scanner(std::string_view text, source_location origin) : text_(text), origin_(std::move(origin)) {}

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  std::size_t pos() const { return pos_; }
  void advance() { ++pos_; }

  // Reads exactly `n` digits; -1 on failure.
  int digits(std::size_t n) {
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (at_end() || peek() < '0' || peek() > '9') return -1;
      v = v * 10 + (peek() - '0');
      advance();
    }
    return v;
  }

  bool accept(char c) {
    if (peek() == c) {
      advance();
      return true;
    }
    return false;
  }

  // A fault in the form of the text (code time.syntax) or in a value out of range (time.range).
  diagnostic fault(std::size_t at, std::string message, const char* code = "time.syntax") const {
    source_location where = origin_;
    if (where.column > 0) where.column += static_cast<int>(at);
    else if (!where.file.empty() || where.line > 0) where.column = static_cast<int>(at) + 1;
    return make_error(code, std::move(where), std::move(message));
  }

  std::string shown() const { return "'" + detail::excerpt(text_) + "'"; }

 private:
  std::string_view text_;
  source_location origin_;
  std::size_t pos_ = 0;
};

constexpr const char* k_expected_time =
    "write a date-time such as 2024-03-21T09:00:00Z, 2024-03-21T10:00:00+01:00 or, for a "
    "local time, 2024-03-21T09:00:00";

// Reads YYYY-MM-DD; on failure returns a diagnostic.
result<civil_date> scan_date(scanner& s) {
  const std::size_t start = s.pos();
  const int y = s.digits(4);
  if (y < 0) return s.fault(start, s.shown() + " does not start with a date (YYYY-MM-DD)");
  if (!s.accept('-')) return s.fault(s.pos(), s.shown() + " is not a date: expected '-' after the year");
  const std::size_t month_at = s.pos();
  const int m = s.digits(2);
  if (m < 0) return s.fault(month_at, s.shown() + " is not a date: expected a two-digit month");
  if (!s.accept('-')) return s.fault(s.pos(), s.shown() + " is not a date: expected '-' after the month");
  const std::size_t day_at = s.pos();
  const int d = s.digits(2);
  if (d < 0) return s.fault(day_at, s.shown() + " is not a date: expected a two-digit day");
  if (y < 1) return s.fault(start, "year 0000 is out of range: breachclock reads the years 0001 to 9999", "time.range");
  if (m < 1 || m > 12) return s.fault(month_at, "month " + std::to_string(m) + " is out of range 01-12", "time.range");
  const civil_date date{date::year{y}, date::month{static_cast<unsigned>(m)}, date::day{static_cast<unsigned>(d)}};
  if (!date.ok()) {
    const civil_date last = date::year{y} / date::month{static_cast<unsigned>(m)} / date::last;
    return s.fault(day_at,
                   "day " + std::to_string(d) + " does not exist in " + format_date(last).substr(0, 7) +
                       " (the month has " + std::to_string(static_cast<unsigned>(last.day())) + " days)",
                   "time.range");
  }
  return date;
}

}  // namespace

result<civil_date> parse_date(std::string_view text, const source_location& origin) {
  scanner s(text, origin);
  auto d = scan_date(s);
  if (!d) return d;
  if (!s.at_end()) return s.fault(s.pos(), s.shown() + " is not a date: unexpected text after YYYY-MM-DD");
  return d;
}

result<time_text> parse_time_text(std::string_view text, const source_location& origin) {
  scanner s(text, origin);
  if (text.empty()) return s.fault(0, std::string("empty time: ") + k_expected_time);
  auto d = scan_date(s);
  if (!d) {
    std::vector<diagnostic> ds = std::move(d).take_diagnostics();
    if (ds.front().code == "time.syntax") ds.front().message += std::string("; ") + k_expected_time;
    return ds;
  }
  if (s.at_end()) {
    return s.fault(s.pos(), s.shown() + " has no time of day: " + k_expected_time);
  }
  if (!(s.accept('T') || s.accept('t') || s.accept(' '))) {
    return s.fault(s.pos(), s.shown() + ": expected 'T' between the date and the time");
  }
  const std::size_t hour_at = s.pos();
  const int hh = s.digits(2);
  if (hh < 0) return s.fault(hour_at, s.shown() + ": expected a two-digit hour");
  if (!s.accept(':')) return s.fault(s.pos(), s.shown() + ": expected ':' after the hour");
  const std::size_t minute_at = s.pos();
  const int mm = s.digits(2);
  if (mm < 0) return s.fault(minute_at, s.shown() + ": expected two-digit minutes");
  int ss = 0;
  std::size_t second_at = s.pos();
  if (s.accept(':')) {
    second_at = s.pos();
    ss = s.digits(2);
    if (ss < 0) return s.fault(second_at, s.shown() + ": expected two-digit seconds");
    if (s.accept('.') || s.accept(',')) {
      const std::size_t frac_at = s.pos();
      while (!s.at_end() && s.peek() >= '0' && s.peek() <= '9') s.advance();
      if (s.pos() == frac_at) return s.fault(frac_at, s.shown() + ": expected digits after the decimal point");
    }
  }
  if (hh > 23) return s.fault(hour_at, "hour " + std::to_string(hh) + " is out of range 00-23", "time.range");
  if (mm > 59) return s.fault(minute_at, "minute " + std::to_string(mm) + " is out of range 00-59", "time.range");
  if (ss == 60) return s.fault(second_at, "leap seconds (second 60) are not supported", "time.range");
  if (ss > 59) return s.fault(second_at, "second " + std::to_string(ss) + " is out of range 00-59", "time.range");

  const local_time local = date::local_days{*d} + hours{hh} + minutes{mm} + seconds{ss};
  if (s.at_end()) return time_text{local};

  const std::size_t offset_at = s.pos();
  if (s.accept('Z') || s.accept('z')) {
    if (!s.at_end()) return s.fault(s.pos(), s.shown() + ": unexpected text after 'Z'");
    return time_text{instant{local.time_since_epoch()}};  // a four-digit year from 0001: in range
  }
  int sign = 0;
  if (s.accept('+')) sign = 1;
  else if (s.accept('-')) sign = -1;
  if (sign == 0) {
    return s.fault(offset_at, s.shown() + ": expected 'Z' or an offset such as +01:00 after the time");
  }
  const int oh = s.digits(2);
  if (oh < 0 || !s.accept(':')) return s.fault(offset_at, s.shown() + ": an offset is written ±hh:mm");
  const int om = s.digits(2);
  if (om < 0) return s.fault(offset_at, s.shown() + ": an offset is written ±hh:mm");
  if (oh > 23 || om > 59)
    return s.fault(offset_at, "offset " + std::string(text.substr(offset_at, 6)) + " is out of range");
  if (!s.at_end()) return s.fault(s.pos(), s.shown() + ": unexpected text after the offset");
  const seconds offset = hours{oh} + minutes{om};
  const instant t = instant{local.time_since_epoch()} - sign * offset;
  if (t < earliest_instant || t > latest_instant) {
    return s.fault(offset_at,
                   s.shown() + " is " + (t < earliest_instant ? "before 0001-01-01" : "after 9999-12-31") +
                       " in UTC, outside the years breachclock reads (0001-9999)",
                   "time.range");
  }
  return time_text{t};
}

result<instant> parse_rfc3339(std::string_view text, const source_location& origin) {
  auto parsed = parse_time_text(text, origin);
  if (!parsed) return std::move(parsed).take_diagnostics();
  if (const instant* t = std::get_if<instant>(&*parsed)) return *t;
  source_location where = origin;
  if (where.column == 0 && (!where.file.empty() || where.line > 0)) where.column = 1;
  return make_error("time.no-offset", where,
                    "'" + detail::excerpt(text) + "' has no offset: write Z or ±hh:mm (for example " +
                        format_utc(instant{std::get<local_time>(*parsed).time_since_epoch()}) + ")");
}

std::optional<diagnostic> check_instant_range(instant t, std::string_view what, const source_location& origin) {
  if (t >= earliest_instant && t <= latest_instant) return std::nullopt;
  source_location where = origin;
  if (where.column == 0 && (!where.file.empty() || where.line > 0)) where.column = 1;
  return make_error("time.range", std::move(where),
                    std::string(what) + " is " +
                        (t < earliest_instant ? "before 0001-01-01T00:00:00Z" : "after 9999-12-31T23:59:59Z") +
                        ", outside the years breachclock computes (0001-9999)");
}

namespace {

// Writes `n` as `width` decimal digits, zero-padded, at `out`.
void put_digits(char* out, unsigned n, int width) {
  for (int k = width - 1; k >= 0; --k) {
    out[k] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
}

// "YYYY-MM-DD" at `out` (10 bytes) for a valid date of the years 0-9999; false otherwise (the
// caller then asks date::format, which writes every other year its own way).
bool put_date(char* out, civil_date d) {
  const int y = static_cast<int>(d.year());
  if (!d.ok() || y < 0 || y > 9999) return false;
  put_digits(out, static_cast<unsigned>(y), 4);
  out[4] = '-';
  put_digits(out + 5, static_cast<unsigned>(d.month()), 2);
  out[7] = '-';
  put_digits(out + 8, static_cast<unsigned>(d.day()), 2);
  return true;
}

// "YYYY-MM-DDThh:mm:ss" at `out` (19 bytes), as date::format("%FT%T") writes it.
template <class Clock>
bool put_date_time(char* out, std::chrono::time_point<Clock, std::chrono::seconds> t) {
  const auto day = date::floor<date::days>(t);
  if (!put_date(out, civil_date{day})) return false;
  const auto s = static_cast<unsigned>((t - day).count());  // 0..86399
  out[10] = 'T';
  put_digits(out + 11, s / 3600, 2);
  out[13] = ':';
  put_digits(out + 14, s / 60 % 60, 2);
  out[16] = ':';
  put_digits(out + 17, s % 60, 2);
  return true;
}

}  // namespace

// Written by hand, as date::format would write them: formatting instants is most of what the
// JSON of an assessment costs, and date::format goes through a stream and its locale.
std::string format_utc(instant t) {
  std::string out(20, 'Z');
  if (!put_date_time(out.data(), t)) return date::format("%FT%TZ", t);
  return out;
}

std::string format_date(civil_date d) {
  std::string out(10, ' ');
  if (!put_date(out.data(), d)) return date::format("%F", d);
  return out;
}

std::string format_local(local_time t) {
  std::string out(19, ' ');
  if (!put_date_time(out.data(), t)) return date::format("%FT%T", t);
  return out;
}

}  // namespace breachclock
