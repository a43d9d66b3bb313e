// breachclock/facts/value.hpp: a fact's value, which may be unknown.
//
// Absent means unknown, never false or zero. A set may be complete ("exactly these") or known
// only in part ("at least these"): "is health data involved?" is then true when health is listed
// and unknown otherwise.
//
//   fact_value v = fact_value::unknown();
//   fact_value b = true;
//   fact_value s = fact_value::set_of({"contact", "financial"});
//   fact_value p = fact_value::at_least({"contact"});     // more may be involved
//   fact_value n = records.size();                        // any integer type that fits int64
//   fact_value e = std::string_view("controller");        // std::string, string_view, const char*
//   fact_value r = count_range{300, 700};                 // an int known only as a range
//
// Integers are held as std::int64_t. Any integer type converts (a character type does not
// compile); an unsigned value above INT64_MAX does not fit and throws breachclock::error (code
// fact.range) instead of wrapping. A null `const char*` throws breachclock::error (fact.null).
#pragma once

#include <concepts>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace breachclock {

namespace detail {
[[noreturn]] void throw_fact_out_of_range(unsigned long long value);
[[noreturn]] void throw_null_fact_text();

// The integer types a fact_value takes: not bool, not a character type.
template <class I>
concept fact_integer = std::integral<I> && !std::same_as<std::remove_cv_t<I>, bool> &&
                       !std::same_as<std::remove_cv_t<I>, char> && !std::same_as<std::remove_cv_t<I>, wchar_t> &&
                       !std::same_as<std::remove_cv_t<I>, char8_t> && !std::same_as<std::remove_cv_t<I>, char16_t> &&
                       !std::same_as<std::remove_cv_t<I>, char32_t>;

template <fact_integer I>
constexpr std::int64_t checked_int64(I i) {
  if constexpr (std::is_unsigned_v<I> && sizeof(I) >= sizeof(std::int64_t)) {
    if (i > static_cast<I>(std::numeric_limits<std::int64_t>::max())) throw_fact_out_of_range(i);
  }
  return static_cast<std::int64_t>(i);  // every other integer type fits
}
}  // namespace detail

// An integer known only as a range, both ends inclusive; either end may be open ("at least
// 1000"). A range whose ends are equal is that integer (fact_value stores it as one), and a range
// open at both ends is unknown.
struct count_range {
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
  friend bool operator==(const count_range&, const count_range&) = default;
};

struct set_value {
  std::vector<std::string> members;  // sorted, unique
  bool complete = true;              // false: at least these members
  friend bool operator==(const set_value&, const set_value&) = default;
};

class fact_value {
 public:
  using known_type = std::variant<bool, std::int64_t, std::string, set_value, count_range>;

  fact_value() = default;            // unknown
  fact_value(bool b) : value_(b) {}  // NOLINT: implicit by design
  // int, long, std::int64_t, unsigned, std::size_t, ...: throws breachclock::error (fact.range)
  // for an unsigned value above INT64_MAX.
  template <detail::fact_integer I>
  fact_value(I i) : value_(detail::checked_int64(i)) {}  // NOLINT: implicit by design
  // A character is neither a number nor a string here: refused at compile time.
  fact_value(char) = delete;
  fact_value(wchar_t) = delete;
  fact_value(char8_t) = delete;
  fact_value(char16_t) = delete;
  fact_value(char32_t) = delete;
  fact_value(std::string s) : value_(std::move(s)) {}         // NOLINT: an enum value or text
  fact_value(std::string_view s) : value_(std::string(s)) {}  // NOLINT
  // Throws breachclock::error (fact.null) for a null pointer.
  // NOLINTNEXTLINE(google-explicit-constructor): implicit by design, like the string overloads
  fact_value(const char* s) : value_(s != nullptr ? std::string(s) : (detail::throw_null_fact_text(), std::string())) {}
  fact_value(set_value s);  // NOLINT: sorts and de-duplicates
  // A range: equal ends give that integer, two open ends give unknown.
  fact_value(count_range r);  // NOLINT: implicit by design

  static fact_value unknown() { return fact_value{}; }
  // A complete set: exactly these members.
  static fact_value set_of(std::vector<std::string> members);
  // An incomplete set: at least these members, perhaps more.
  static fact_value at_least(std::vector<std::string> members);

  bool is_known() const noexcept { return value_.has_value(); }
  const known_type* known() const noexcept { return value_ ? &*value_ : nullptr; }

  const bool* as_bool() const noexcept;
  const std::int64_t* as_int() const noexcept;
  const std::string* as_string() const noexcept;
  const set_value* as_set() const noexcept;
  // A range with at least one end, and the ends differ (an exact integer is as_int()).
  const count_range* as_range() const noexcept;

  friend bool operator==(const fact_value&, const fact_value&) = default;

 private:
  std::optional<known_type> value_;
};

// `unknown`, `true`, `42`, `300 to 700`, `at least 1000`, `"high"`, `["contact", "health"]`,
// `at least ["contact"]`.
std::string to_string(const fact_value& v);
std::string to_string(const count_range& r);
std::ostream& operator<<(std::ostream& os, const fact_value& v);

}  // namespace breachclock
