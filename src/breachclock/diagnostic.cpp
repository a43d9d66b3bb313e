#include "breachclock/diagnostic.hpp"

#include <algorithm>
#include <ostream>

#include "detail/text.hpp"

namespace breachclock {

const char* to_string(severity s) noexcept {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
  }
  return "error";
}

std::string to_string(const diagnostic& d) { return to_string(d, diagnostic_style::plain); }

std::string to_string(const diagnostic& d, diagnostic_style style) {
  std::string out;
  if (!d.where.file.empty()) {
    // A file name is whatever bytes the file system holds: shown printable (detail/text.hpp).
    out += detail::printable(d.where.file);
    if (d.where.line > 0) {
      out += ':';
      out += std::to_string(d.where.line);
      if (d.where.column > 0) {
        out += ':';
        out += std::to_string(d.where.column);
      }
    }
    out += ": ";
  }
  out += to_string(d.level);
  if (style == diagnostic_style::with_code && !d.code.empty()) {
    out += '[';
    out += detail::printable(d.code);  // codes are the library's own, but a caller may build one
    out += ']';
  }
  out += ": ";
  // Messages quote input through detail::excerpt; valid UTF-8 all the same.
  out += detail::valid_utf8(d.message);
  return out;
}

std::ostream& operator<<(std::ostream& os, const diagnostic& d) { return os << to_string(d); }

std::ostream& operator<<(std::ostream& os, severity s) { return os << to_string(s); }

std::ostream& operator<<(std::ostream& os, const source_location& where) {
  os << detail::printable(where.file);
  if (where.line > 0) os << ':' << where.line;
  if (where.line > 0 && where.column > 0) os << ':' << where.column;
  return os;
}

bool has_errors(const std::vector<diagnostic>& ds) noexcept {
  return std::any_of(ds.begin(), ds.end(), [](const diagnostic& d) { return d.level == severity::error; });
}

void sort_by_location(std::vector<diagnostic>& ds) {
  std::stable_sort(ds.begin(), ds.end(), [](const diagnostic& a, const diagnostic& b) {
    if (a.where.file != b.where.file) return a.where.file < b.where.file;
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  return detail::did_you_mean(word, candidates);
}

namespace {

// Messages quote excerpts of what they complain about; this bounds the ones that do not, so a
// hostile input (a megabyte-long word) never makes a megabyte-long message.
constexpr std::size_t k_max_message_bytes = 2000;

std::string bounded(std::string message) {
  if (message.size() <= k_max_message_bytes) return message;
  std::size_t cut = k_max_message_bytes;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0U) == 0x80U) --cut;  // a UTF-8 boundary
  message.resize(cut);
  return message + "... (message cut)";
}

}  // namespace

diagnostic make_error(std::string code, source_location where, std::string message) {
  return diagnostic{severity::error, std::move(code), std::move(where), bounded(std::move(message))};
}

diagnostic make_warning(std::string code, source_location where, std::string message) {
  return diagnostic{severity::warning, std::move(code), std::move(where), bounded(std::move(message))};
}

namespace {
std::string first_message(const std::vector<diagnostic>& ds) {
  for (const diagnostic& d : ds) {
    if (d.level == severity::error) return to_string(d);
  }
  return ds.empty() ? std::string("error: no value") : to_string(ds.front());
}
}  // namespace

error::error(std::vector<diagnostic> ds) : std::runtime_error(first_message(ds)), diagnostics_(std::move(ds)) {}

error::error(diagnostic d) : error(std::vector<diagnostic>{std::move(d)}) {}

namespace detail {
void throw_empty_result(const std::vector<diagnostic>& ds) { throw error(ds); }
}  // namespace detail

}  // namespace breachclock
