#include "detail/doc_reader.hpp"

#include <algorithm>
#include <array>

#include "detail/text.hpp"

namespace breachclock::detail {

namespace {

// The loaders' words for a value's type (TOML's date-times are one type to them).
std::string type_name(const doc_value& v, bool json) {
  if (!json && (v.type == doc_value::kind::local_datetime || v.type == doc_value::kind::offset_datetime)) {
    return "a date-time";
  }
  return describe(v.type, json);
}

// Four digits, '-', two digits, '-', two digits.
bool shaped_like_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  constexpr std::array<std::size_t, 8> digits{0, 1, 2, 3, 5, 6, 8, 9};
  return std::ranges::all_of(digits, [s](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; });
}

// Why "YYYY-MM-DD" (shaped like a date) names no day, as the time layer says it of incidents.
std::string why_not_a_day(std::string_view s) {
  auto number = [&](std::size_t from, std::size_t n) {
    unsigned v = 0;
    for (std::size_t i = from; i < from + n; ++i) v = v * 10 + static_cast<unsigned>(s[i] - '0');
    return v;
  };
  const unsigned y = number(0, 4);
  const unsigned m = number(5, 2);
  const unsigned d = number(8, 2);
  if (y == 0) return "year 0000 does not exist (the years are 0001 to 9999)";
  if (m < 1 || m > 12) return "month " + std::string(s.substr(5, 2)) + " does not exist";
  const unsigned last = static_cast<unsigned>(
      date::year_month_day_last{date::year{static_cast<int>(y)}, date::month_day_last{date::month{m}}}.day());
  return "day " + std::to_string(d) + " does not exist in " + std::string(s.substr(0, 7)) + " (the month has " +
         std::to_string(last) + " days)";
}

// "YYYY-MM-DD", a valid date of the proleptic Gregorian calendar; nothing otherwise.
std::optional<date::year_month_day> iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const auto y = digits(0, 4);
  const auto m = digits(5, 2);
  const auto d = digits(8, 2);
  if (!y || !m || !d) return std::nullopt;
  const date::year_month_day ymd{date::year{*y}, date::month{static_cast<unsigned>(*m)},
                                 date::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

}  // namespace

doc_reader::doc_reader(const doc_value& table, std::vector<diagnostic>& out, std::string context)
    : table_(table), out_(out), context_(std::move(context)) {}

const char* doc_reader::missing_key_code() const noexcept { return json() ? "json.missing-key" : "toml.missing-key"; }
const char* doc_reader::type_code() const noexcept { return json() ? "json.type" : "toml.type"; }
const char* doc_reader::unknown_key_code() const noexcept { return json() ? "json.unknown-key" : "toml.unknown-key"; }

const doc_value* doc_reader::get(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  return table_.find(key);
}

bool doc_reader::has(std::string_view key) const { return table_.find(key) != nullptr; }

void doc_reader::missing(std::string_view key) {
  out_.push_back(make_error(missing_key_code(), table_.where(), context_ + " needs '" + std::string(key) + "'"));
}

void doc_reader::wrong_type(const doc_value& v, std::string_view key, std::string_view expected) {
  out_.push_back(make_error(type_code(), v.where(),
                            "'" + std::string(key) + "' in " + context_ + " must be " + std::string(expected) +
                                ", not " + type_name(v, json())));
}

void doc_reader::error(const doc_value& v, std::string c, std::string message) {
  out_.push_back(make_error(std::move(c), v.where(), std::move(message)));
}

void doc_reader::error_at_key(std::string_view key, std::string c, std::string message) {
  const doc_member* m = table_.find_member(key);
  out_.push_back(make_error(std::move(c), m != nullptr ? m->key_where() : table_.where(), std::move(message)));
}

std::optional<std::string> doc_reader::string(std::string_view key, bool required) {
  const doc_value* v = get(key);
  if (v == nullptr) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (v->type == doc_value::kind::string) return v->string;
  wrong_type(*v, key, "a string");
  return std::nullopt;
}

std::optional<std::int64_t> doc_reader::integer(std::string_view key, bool required) {
  const doc_value* v = get(key);
  if (v == nullptr) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (v->type == doc_value::kind::integer) return v->integer;
  wrong_type(*v, key, "an integer");
  return std::nullopt;
}

std::optional<bool> doc_reader::boolean(std::string_view key, bool required) {
  const doc_value* v = get(key);
  if (v == nullptr) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (v->type == doc_value::kind::boolean) return v->boolean;
  wrong_type(*v, key, "true or false");
  return std::nullopt;
}

const doc_value* doc_reader::array(std::string_view key, bool required) {
  const doc_value* v = get(key);
  if (v == nullptr) {
    if (required) missing(key);
    return nullptr;
  }
  if (v->type == doc_value::kind::array) return v;
  wrong_type(*v, key, "an array");
  return nullptr;
}

const doc_value* doc_reader::table(std::string_view key, bool required) {
  const doc_value* v = get(key);
  if (v == nullptr) {
    if (required) missing(key);
    return nullptr;
  }
  if (v->type == doc_value::kind::object) return v;
  wrong_type(*v, key, table_word());
  return nullptr;
}

std::optional<date::year_month_day> doc_reader::date(std::string_view key, bool required, std::string_view expected) {
  const doc_value* v = get(key);
  if (v == nullptr) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (v->type == doc_value::kind::date) return v->date;
  if (v->type == doc_value::kind::string && v->is_json()) {
    if (auto d = iso_date(v->string)) return d;
    if (shaped_like_date(v->string)) {  // 2024-02-30: the right form, but no such day
      out_.push_back(make_error("time.range", v->inside(),
                                "'" + std::string(key) + "' in " + context_ + ": " + why_not_a_day(v->string)));
      return std::nullopt;
    }
    out_.push_back(make_error(type_code(), v->where(),
                              "'" + std::string(key) + "' in " + context_ + " must be a date \"YYYY-MM-DD\", not \"" +
                                  excerpt(v->string) + "\""));
    return std::nullopt;
  }
  wrong_type(*v, key, json() ? std::string_view{"a date \"YYYY-MM-DD\""} : expected);
  return std::nullopt;
}

std::optional<std::vector<std::string>> doc_reader::strings(std::string_view key, bool required) {
  const doc_value* a = array(key, required);
  if (a == nullptr) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(a->items.size());
  bool ok = true;
  for (const doc_value& element : a->items) {
    if (element.type == doc_value::kind::string) {
      out.push_back(element.string);
    } else {
      wrong_type(element, std::string(key) + "[]", "a string");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

void doc_reader::finish() {
  for (const doc_member& m : table_.members) {
    if (std::find(known_.begin(), known_.end(), m.key) != known_.end()) continue;
    out_.push_back(make_error(unknown_key_code(), m.key_where(),
                              "unknown key '" + excerpt(m.key) + "' in " + context_ + did_you_mean(m.key, known_)));
  }
}

}  // namespace breachclock::detail
