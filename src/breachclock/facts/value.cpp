#include "breachclock/facts/value.hpp"

#include <algorithm>
#include <limits>
#include <ostream>

#include "breachclock/diagnostic.hpp"

namespace breachclock {

namespace detail {
void throw_fact_out_of_range(unsigned long long value) {
  throw error(make_error("fact.range", {},
                         "the integer " + std::to_string(value) + " does not fit a fact value (at most " +
                             std::to_string(std::numeric_limits<std::int64_t>::max()) + ")"));
}
void throw_null_fact_text() {
  throw error(make_error("fact.null", {}, "a fact value made from a null string pointer"));
}
}  // namespace detail

namespace {
set_value normalised(set_value s) {
  std::sort(s.members.begin(), s.members.end());
  s.members.erase(std::unique(s.members.begin(), s.members.end()), s.members.end());
  return s;
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}
}  // namespace

fact_value::fact_value(set_value s) : value_(normalised(std::move(s))) {}

fact_value::fact_value(count_range r) {
  if (r.min && r.max && *r.min == *r.max) value_ = *r.min;
  else if (r.min || r.max) value_ = r;
}

fact_value fact_value::set_of(std::vector<std::string> members) {
  return fact_value{set_value{std::move(members), true}};
}

fact_value fact_value::at_least(std::vector<std::string> members) {
  return fact_value{set_value{std::move(members), false}};
}

const bool* fact_value::as_bool() const noexcept { return value_ ? std::get_if<bool>(&*value_) : nullptr; }
const std::int64_t* fact_value::as_int() const noexcept {
  return value_ ? std::get_if<std::int64_t>(&*value_) : nullptr;
}
const std::string* fact_value::as_string() const noexcept {
  return value_ ? std::get_if<std::string>(&*value_) : nullptr;
}
const set_value* fact_value::as_set() const noexcept { return value_ ? std::get_if<set_value>(&*value_) : nullptr; }
const count_range* fact_value::as_range() const noexcept {
  return value_ ? std::get_if<count_range>(&*value_) : nullptr;
}

std::string to_string(const count_range& r) {
  if (r.min && r.max) return std::to_string(*r.min) + " to " + std::to_string(*r.max);
  if (r.min) return "at least " + std::to_string(*r.min);
  if (r.max) return "at most " + std::to_string(*r.max);
  return "unknown";
}

std::string to_string(const fact_value& v) {
  if (!v.is_known()) return "unknown";
  if (const bool* b = v.as_bool()) return *b ? "true" : "false";
  if (const std::int64_t* i = v.as_int()) return std::to_string(*i);
  if (const std::string* s = v.as_string()) return quoted(*s);
  if (const count_range* r = v.as_range()) return to_string(*r);
  const set_value& s = *v.as_set();
  std::string out = s.complete ? "[" : "at least [";
  for (std::size_t i = 0; i < s.members.size(); ++i) out += (i > 0 ? ", " : "") + quoted(s.members[i]);
  return out + "]";
}

std::ostream& operator<<(std::ostream& os, const fact_value& v) { return os << to_string(v); }

}  // namespace breachclock
