#include "breachclock/time/period.hpp"

#include <array>
#include <ostream>

#include "detail/text.hpp"

namespace breachclock {

namespace {

enum class unit : unsigned char { minutes, hours, days, business_days, weeks, months, years };

struct unit_word {
  std::string_view word;
  unit u;
};

// Every accepted spelling. "business days" is two words and handled by the parser.
// A table laid out by hand:
// clang-format off
constexpr std::array<unit_word, 22> k_units{{
    {"min", unit::minutes},   {"mins", unit::minutes},  {"minute", unit::minutes}, {"minutes", unit::minutes},
    {"h", unit::hours},       {"hour", unit::hours},    {"hours", unit::hours},    {"d", unit::days},
    {"day", unit::days},      {"days", unit::days},     {"bd", unit::business_days}, {"w", unit::weeks},
    {"week", unit::weeks},    {"weeks", unit::weeks},   {"mo", unit::months},      {"month", unit::months},
    {"months", unit::months}, {"y", unit::years},       {"year", unit::years},     {"years", unit::years},
    {"business", unit::business_days}, {"working", unit::business_days},
}};
// clang-format on

// The most of each unit, all about 100 years.
long long limit(unit u) {
  switch (u) {
    case unit::minutes: return 100LL * 366 * 24 * 60;
    case unit::hours: return 100LL * 366 * 24;
    case unit::days: return 100LL * 366;
    case unit::business_days: return 100LL * 261;
    case unit::weeks: return 100LL * 53;
    case unit::months: return 1200;
    case unit::years: return 100;
  }
  return 0;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr const char* k_units_help =
    "expected a unit: h, min, days (d), business days (bd), weeks (w), months (mo) or years (y)";

}  // namespace

bool is_elapsed(const period& p) noexcept { return std::holds_alternative<elapsed_time>(p); }

result<period> parse_period(std::string_view text, const source_location& origin) {
  auto fault = [&](std::size_t at, std::string message) {
    source_location where = origin;
    if (where.column > 0) where.column += static_cast<int>(at);
    else if (!where.file.empty() || where.line > 0) where.column = static_cast<int>(at) + 1;
    return make_error("period.syntax", std::move(where), std::move(message));
  };
  const std::string shown = "'" + detail::excerpt(text) + "'";
  std::size_t pos = 0;
  while (pos < text.size() && is_space(text[pos])) ++pos;
  const std::size_t number_at = pos;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    return fault(pos, "period " + shown +
                          " must be a whole number from 1 followed by a unit, such as 72h or 5 business days");
  }
  long long n = 0;
  bool too_big = false;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    n = n * 10 + (text[pos] - '0');
    if (n > 1'000'000'000LL) too_big = true, n = 1'000'000'000LL;
    ++pos;
  }
  if (pos == number_at) {
    return fault(pos, "period " + shown + " must start with a whole number, such as 72h or 5 business days");
  }
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    return fault(pos, "period " + shown + " must be a whole number: write 90min rather than 1.5h");
  }
  while (pos < text.size() && is_space(text[pos])) ++pos;
  const std::size_t unit_at = pos;
  while (pos < text.size() && is_alpha(text[pos])) ++pos;
  std::string_view word = text.substr(unit_at, pos - unit_at);
  if (word.empty()) return fault(unit_at, "period " + shown + ": " + k_units_help);

  const unit_word* found = nullptr;
  for (const unit_word& uw : k_units) {
    if (uw.word == word) found = &uw;
  }
  if (found == nullptr) {
    std::vector<std::string> words;
    words.reserve(k_units.size() + 1);
    for (const unit_word& uw : k_units) words.emplace_back(uw.word);
    words.emplace_back("business days");
    return fault(unit_at, "unknown unit '" + detail::excerpt(word) + "' in period " + shown +
                              detail::did_you_mean(word, words) + ": " + k_units_help);
  }
  unit u = found->u;
  if (word == "business" || word == "working") {
    // Two words: "business days" / "business day" / "working days".
    while (pos < text.size() && is_space(text[pos])) ++pos;
    const std::size_t second_at = pos;
    while (pos < text.size() && is_alpha(text[pos])) ++pos;
    const std::string_view second = text.substr(second_at, pos - second_at);
    if (second != "days" && second != "day") {
      return fault(second_at, "period " + shown + ": expected 'days' after '" + std::string(word) + "'");
    }
  }
  while (pos < text.size() && is_space(text[pos])) ++pos;
  if (pos < text.size()) {
    return fault(pos, "unexpected '" + detail::excerpt(text.substr(pos), 20) + "' after the unit in period " + shown);
  }
  if (n == 0) return fault(number_at, "period " + shown + " must be at least 1");
  if (too_big || n > limit(u)) {
    return fault(number_at, "period " + shown + " is too long: at most " + std::to_string(limit(u)) +
                                " of this unit (about 100 years)");
  }
  const int count = static_cast<int>(n);
  switch (u) {
    case unit::minutes: return period{elapsed_time{std::chrono::minutes{count}}};
    case unit::hours: return period{elapsed_time{std::chrono::hours{count}}};
    case unit::days: return period{calendar_days{count}};
    case unit::business_days: return period{business_days{count}};
    case unit::weeks: return period{calendar_weeks{count}};
    case unit::months: return period{calendar_months{count}};
    case unit::years: return period{calendar_years{count}};
  }
  return fault(unit_at, k_units_help);
}

namespace {
std::string counted(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

std::string to_string(const period& p) {
  struct visitor {
    std::string operator()(const elapsed_time& e) const {
      const auto m = e.length.count();
      if (m % 60 == 0) return std::to_string(m / 60) + "h";
      return std::to_string(m) + "min";
    }
    std::string operator()(const calendar_days& d) const { return counted(d.count, "day", "days"); }
    std::string operator()(const business_days& d) const { return counted(d.count, "business day", "business days"); }
    std::string operator()(const calendar_weeks& w) const { return counted(w.count, "week", "weeks"); }
    std::string operator()(const calendar_months& m) const { return counted(m.count, "month", "months"); }
    std::string operator()(const calendar_years& y) const { return counted(y.count, "year", "years"); }
  };
  return std::visit(visitor{}, p);
}

std::ostream& operator<<(std::ostream& os, const period& p) { return os << to_string(p); }

}  // namespace breachclock
