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
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace breachclock {

struct set_value {
  std::vector<std::string> members;  // sorted, unique
  bool complete = true;              // false: at least these members
  friend bool operator==(const set_value&, const set_value&) = default;
};

class fact_value {
 public:
  using known_type = std::variant<bool, std::int64_t, std::string, set_value>;

  fact_value() = default;  // unknown
  fact_value(bool b) : value_(b) {}  // NOLINT: implicit by design
  fact_value(std::int64_t i) : value_(i) {}  // NOLINT
  fact_value(int i) : value_(std::int64_t{i}) {}  // NOLINT
  fact_value(std::string s) : value_(std::move(s)) {}  // NOLINT: an enum value or text
  fact_value(const char* s) : value_(std::string(s)) {}  // NOLINT
  fact_value(set_value s);  // NOLINT: sorts and de-duplicates

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

  friend bool operator==(const fact_value&, const fact_value&) = default;

 private:
  std::optional<known_type> value_;
};

// `unknown`, `true`, `42`, `"high"`, `["contact", "health"]`, `at least ["contact"]`.
std::string to_string(const fact_value& v);
std::ostream& operator<<(std::ostream& os, const fact_value& v);

}  // namespace breachclock
