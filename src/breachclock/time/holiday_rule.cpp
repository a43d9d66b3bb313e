#include "time/holiday_rule.hpp"

#include <array>
#include <cctype>
#include <vector>

#include "detail/text.hpp"

namespace breachclock::detail {

namespace {

struct token {
  enum class kind : unsigned char { word, number, plus, minus, end, bad } k;
  std::string text;  // lower-cased word, or digits
  std::size_t offset;
};

std::vector<token> lex(std::string_view s) {
  std::vector<token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t') {
      ++i;
    } else if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      const std::size_t start = i;
      std::string w;
      while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])) != 0) {
        w += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
        ++i;
      }
      out.push_back({token::kind::word, w, start});
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      const std::size_t start = i;
      std::string digits;
      while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])) != 0) {
        digits += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
        ++i;
      }
      // "1st", "2nd", "3rd", "4th", "5th" are ordinals: words.
      const bool all_digits = digits.find_first_not_of("0123456789") == std::string::npos;
      out.push_back({all_digits ? token::kind::number : token::kind::word, digits, start});
    } else if (c == '+') {
      out.push_back({token::kind::plus, "+", i++});
    } else if (c == '-') {
      out.push_back({token::kind::minus, "-", i++});
    } else {
      out.push_back({token::kind::bad, std::string(1, c), i});
      return out;
    }
  }
  out.push_back({token::kind::end, "", s.size()});
  return out;
}

constexpr std::array<std::string_view, 12> k_months{"january",   "february", "march",    "april",
                                                    "may",       "june",     "july",     "august",
                                                    "september", "october",  "november", "december"};

std::optional<unsigned> parse_month(std::string_view w) {
  for (unsigned i = 0; i < k_months.size(); ++i) {
    if (w == k_months[i] || (w.size() == 3 && k_months[i].substr(0, 3) == w)) return i + 1;
  }
  return std::nullopt;
}

std::optional<int> parse_ordinal(std::string_view w) {
  static constexpr std::array<std::string_view, 5> words{"first", "second", "third", "fourth", "fifth"};
  static constexpr std::array<std::string_view, 5> short_forms{"1st", "2nd", "3rd", "4th", "5th"};
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (w == words[i] || w == short_forms[i]) return static_cast<int>(i) + 1;
  }
  if (w == "last") return -1;
  return std::nullopt;
}

constexpr const char* k_forms =
    "a rule is 'MONTH DAY' (december 25), 'easter [+|- N]' (easter - 2), 'ORDINAL WEEKDAY of MONTH' "
    "(first monday of may, last monday of august) or 'WEEKDAY before|after|on or before|on or after "
    "MONTH DAY' (monday before may 25)";

class parser {
 public:
  explicit parser(std::vector<token> toks) : toks_(std::move(toks)) {}

  std::variant<date_rule, rule_error> parse() {
    for (const token& t : toks_) {
      if (t.k == token::kind::bad) return fail(t, "unexpected character '" + detail::excerpt(t.text) + "'; " + k_forms);
    }
    const token& first = peek();
    if (first.k == token::kind::end) return fail(first, std::string("empty rule; ") + k_forms);
    if (first.k != token::kind::word) return fail(first, std::string("a rule starts with a word; ") + k_forms);

    if (first.text == "easter") return parse_easter();
    if (parse_month(first.text)) return parse_fixed();
    if (parse_ordinal(first.text)) return parse_nth();
    if (parse_weekday(first.text)) return parse_relative();
    return fail(first, "unknown word '" + detail::excerpt(first.text) + "'; " + k_forms);
  }

 private:
  const token& peek() const { return toks_[pos_]; }
  const token& next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
  static rule_error fail(const token& t, std::string message) { return rule_error{t.offset, std::move(message)}; }

  std::variant<date_rule, rule_error> finish(date_rule r) {
    const token& t = peek();
    if (t.k != token::kind::end) {
      return fail(t, "unexpected '" + detail::excerpt(t.text) + "' after a complete rule");
    }
    return r;
  }

  std::variant<date_rule, rule_error> parse_easter() {
    next();
    if (peek().k == token::kind::end) return easter_offset{0};
    const token sign = next();
    if (sign.k != token::kind::plus && sign.k != token::kind::minus) {
      return fail(sign, "expected '+' or '-' after 'easter' (easter - 2 is Good Friday)");
    }
    const token n = next();
    if (n.k != token::kind::number || n.text.size() > 3) {
      return fail(n, "expected a number of days (at most 999) after '" + detail::excerpt(sign.text) + "'");
    }
    const int days = std::stoi(n.text);
    return finish(easter_offset{sign.k == token::kind::minus ? -days : days});
  }

  // MONTH DAY, at the current position.
  std::variant<std::pair<unsigned, unsigned>, rule_error> month_day() {
    const token m = next();
    const auto month = m.k == token::kind::word ? parse_month(m.text) : std::nullopt;
    if (!month) return fail(m, "expected a month name (january ... december), not '" + detail::excerpt(m.text) + "'");
    const token d = next();
    if (d.k != token::kind::number || d.text.size() > 2) {
      return fail(d, "expected a day of the month after '" + detail::excerpt(m.text) + "'");
    }
    const auto day = static_cast<unsigned>(std::stoi(d.text));
    const auto last = date::year_month_day_last{date::year{2000}, date::month_day_last{date::month{*month}}};
    if (day < 1 || day > static_cast<unsigned>(last.day())) {
      return fail(d, "day " + d.text + " does not exist in " + std::string(k_months[*month - 1]));
    }
    return std::pair{*month, day};
  }

  std::variant<date_rule, rule_error> parse_fixed() {
    auto md = month_day();
    if (auto* e = std::get_if<rule_error>(&md)) return *e;
    const auto [m, d] = std::get<std::pair<unsigned, unsigned>>(md);
    return finish(fixed_day{m, d});
  }

  std::variant<date_rule, rule_error> parse_nth() {
    const token o = next();
    const int n = *parse_ordinal(o.text);
    const token w = next();
    const auto wd = w.k == token::kind::word ? parse_weekday(w.text) : std::nullopt;
    if (!wd)
      return fail(w,
                  "expected a weekday after '" + detail::excerpt(o.text) + "', not '" + detail::excerpt(w.text) + "'");
    const token of = next();
    if (of.k != token::kind::word || (of.text != "of" && of.text != "in")) {
      return fail(of, "expected 'of' after '" + detail::excerpt(o.text) + " " + w.text + "'");
    }
    const token m = next();
    const auto month = m.k == token::kind::word ? parse_month(m.text) : std::nullopt;
    if (!month) return fail(m, "expected a month name (january ... december), not '" + detail::excerpt(m.text) + "'");
    return finish(nth_weekday{n, *wd, *month});
  }

  std::variant<date_rule, rule_error> parse_relative() {
    const token w = next();
    const date::weekday wd = *parse_weekday(w.text);
    const token r = next();
    relation rel{};
    if (r.k == token::kind::word && r.text == "before") {
      rel = relation::before;
    } else if (r.k == token::kind::word && r.text == "after") {
      rel = relation::after;
    } else if (r.k == token::kind::word && r.text == "on") {
      const token o = next();
      if (o.k != token::kind::word || o.text != "or") return fail(o, "expected 'on or before' or 'on or after'");
      const token ba = next();
      if (ba.k == token::kind::word && ba.text == "before") rel = relation::on_or_before;
      else if (ba.k == token::kind::word && ba.text == "after") rel = relation::on_or_after;
      else return fail(ba, "expected 'before' or 'after' after 'on or'");
    } else {
      return fail(r, "expected 'before', 'after', 'on or before' or 'on or after' after '" + w.text +
                         "' (or write 'first " + w.text + " of MONTH')");
    }
    auto md = month_day();
    if (auto* e = std::get_if<rule_error>(&md)) return *e;
    const auto [m, d] = std::get<std::pair<unsigned, unsigned>>(md);
    return finish(relative_weekday{wd, rel, m, d});
  }

  std::vector<token> toks_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<date::weekday> parse_weekday(std::string_view w) {
  static constexpr std::array<std::string_view, 7> names{"sunday",   "monday", "tuesday", "wednesday",
                                                         "thursday", "friday", "saturday"};
  for (unsigned i = 0; i < names.size(); ++i) {
    if (w == names[i]) return date::weekday{i};
  }
  return std::nullopt;
}

std::variant<date_rule, rule_error> parse_date_rule(std::string_view text) {
  if (text.size() > 200) return rule_error{200, "rule is too long (at most 200 characters)"};
  return parser(lex(text)).parse();
}

date::year_month_day easter_sunday(date::year y) {
  // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  const int a = static_cast<int>(y) % 19;
  const int b = static_cast<int>(y) / 100;
  const int c = static_cast<int>(y) % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = ((h + l - 7 * m + 114) % 31) + 1;
  return date::year_month_day{y, date::month{static_cast<unsigned>(month)}, date::day{static_cast<unsigned>(day)}};
}

std::optional<date::year_month_day> evaluate(const date_rule& rule, date::year y) {
  using date::days;
  using date::local_days;
  struct visitor {
    date::year y;
    std::optional<date::year_month_day> operator()(const fixed_day& f) const {
      const date::year_month_day d{y, date::month{f.month}, date::day{f.day}};
      if (!d.ok()) return std::nullopt;  // 29 February in a common year
      return d;
    }
    std::optional<date::year_month_day> operator()(const easter_offset& e) const {
      return date::year_month_day{local_days{easter_sunday(y)} + days{e.days}};
    }
    std::optional<date::year_month_day> operator()(const nth_weekday& n) const {
      if (n.n < 0) {
        return date::year_month_day{
            local_days{date::year_month_weekday_last{y, date::month{n.month}, date::weekday_last{n.weekday}}}};
      }
      const date::year_month_weekday ymw{y, date::month{n.month}, n.weekday[static_cast<unsigned>(n.n)]};
      if (!ymw.ok()) return std::nullopt;  // no fifth such weekday this month
      return date::year_month_day{local_days{ymw}};
    }
    std::optional<date::year_month_day> operator()(const relative_weekday& r) const {
      const local_days ref{date::year_month_day{y, date::month{r.month}, date::day{r.day}}};
      switch (r.rel) {
        case relation::before: {
          const local_days from = ref - days{1};
          return date::year_month_day{from - (date::weekday{from} - r.weekday)};
        }
        case relation::on_or_before: return date::year_month_day{ref - (date::weekday{ref} - r.weekday)};
        case relation::after: {
          const local_days from = ref + days{1};
          return date::year_month_day{from + (r.weekday - date::weekday{from})};
        }
        case relation::on_or_after: return date::year_month_day{ref + (r.weekday - date::weekday{ref})};
      }
      return std::nullopt;
    }
  };
  return std::visit(visitor{y}, rule);
}

}  // namespace breachclock::detail
