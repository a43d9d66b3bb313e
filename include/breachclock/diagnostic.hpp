// breachclock/diagnostic.hpp: diagnostics, results that carry them, and the one exception type.
//
// Every expected failure (a bad file, a bad value, a bad zone) is a value: a `diagnostic` with a
// severity, a stable code (every code the library emits: docs/diagnostics.md), a source location
// and a message, printed as `file:line:col: error: message`, or with its code as the command-line
// tool prints it, `file:line:col: error[rules.dead-exception]: message`. Functions that can fail return `result<T>`,
// which holds a value or the diagnostics that explain why there is none (and may hold warnings alongside a value).
// Exceptions are used only at API boundaries that choose to throw: `breachclock::error`.
//
//   result<instant> r = parse_rfc3339("2024-03-21T09:00:00Z");
//   if (!r) { for (const diagnostic& d : r.diagnostics()) std::cerr << d << '\n'; return 2; }
//   instant t = *r;
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace breachclock {

enum class severity : std::uint8_t { error, warning, note };

// Where a diagnostic points. Lines and columns are 1-based; 0 means "not known".
struct source_location {
  std::string file;
  int line = 0;
  int column = 0;

  friend bool operator==(const source_location&, const source_location&) = default;
};

struct diagnostic {
  severity level = severity::error;
  std::string code;  // stable, machine-readable: "time.skipped", "expr.unknown-fact", ...
  source_location where;
  std::string message;

  friend bool operator==(const diagnostic&, const diagnostic&) = default;
};

// "error", "warning" or "note".
const char* to_string(severity s) noexcept;
std::ostream& operator<<(std::ostream& os, severity s);
// `file:line:col`, `file:line` or `file`.
std::ostream& operator<<(std::ostream& os, const source_location& where);

// `file:line:col: error: message`; parts that are not known are left out
// (`file: error: message`, or `error: message` with no file).
std::string to_string(const diagnostic& d);
std::ostream& operator<<(std::ostream& os, const diagnostic& d);

// How a diagnostic is printed: `plain` as above, or `with_code`, the code in brackets after the
// severity (`file:line:col: error[rules.dead-exception]: message`; no brackets when the code is
// empty). The code names the entry of docs/diagnostics.md that says what to do.
enum class diagnostic_style : unsigned char { plain, with_code };
std::string to_string(const diagnostic& d, diagnostic_style style);

// True when any of `ds` is an error (warnings and notes are not).
bool has_errors(const std::vector<diagnostic>& ds) noexcept;

// Sorts diagnostics by file, line and column, keeping the order of those at one place.
void sort_by_location(std::vector<diagnostic>& ds);

// "; did you mean 'x'?" when one of `candidates` is a likely typo of `word`, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Makes an error diagnostic.
diagnostic make_error(std::string code, source_location where, std::string message);
diagnostic make_warning(std::string code, source_location where, std::string message);

// A value, or the diagnostics that say why there is none. A result holding a value may also hold
// warnings. Never holds a value together with an error.
template <class T>
class [[nodiscard]] result {
 public:
  result(T value) : value_(std::move(value)) {}                        // NOLINT: implicit by design
  result(diagnostic d) { diagnostics_.push_back(std::move(d)); }       // NOLINT
  result(std::vector<diagnostic> ds) : diagnostics_(std::move(ds)) {}  // NOLINT
  result(T value, std::vector<diagnostic> warnings) : value_(std::move(value)), diagnostics_(std::move(warnings)) {}

  bool has_value() const noexcept { return value_.has_value(); }
  explicit operator bool() const noexcept { return value_.has_value(); }

  // Precondition: has_value(). Throws breachclock::error (with the first diagnostic) otherwise.
  T& value() &;
  const T& value() const&;
  T&& value() &&;
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }
  std::vector<diagnostic>&& take_diagnostics() && noexcept { return std::move(diagnostics_); }

 private:
  std::optional<T> value_;
  std::vector<diagnostic> diagnostics_;
};

// The exception thrown by the throwing conveniences of the API (`incident::from_file`,
// `result::value()` on an empty result). It carries every diagnostic; what() is the first.
class error : public std::runtime_error {
 public:
  explicit error(std::vector<diagnostic> ds);
  explicit error(diagnostic d);
  const std::vector<diagnostic>& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::vector<diagnostic> diagnostics_;
};

namespace detail {
[[noreturn]] void throw_empty_result(const std::vector<diagnostic>& ds);
}  // namespace detail

template <class T>
T& result<T>::value() & {
  if (!value_) detail::throw_empty_result(diagnostics_);
  return *value_;
}
template <class T>
const T& result<T>::value() const& {
  if (!value_) detail::throw_empty_result(diagnostics_);
  return *value_;
}
template <class T>
T&& result<T>::value() && {
  if (!value_) detail::throw_empty_result(diagnostics_);
  return std::move(*value_);
}

}  // namespace breachclock
