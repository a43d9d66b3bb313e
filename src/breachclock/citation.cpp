#include "breachclock/citation.hpp"

#include <ostream>

namespace breachclock {

const char* to_string(confidence c) noexcept {
  switch (c) {
    case confidence::primary: return "primary";
    case confidence::secondary: return "secondary";
    case confidence::unconfirmed: return "unconfirmed";
  }
  return "unconfirmed";
}

std::optional<confidence> parse_confidence(std::string_view text) noexcept {
  if (text == "primary") return confidence::primary;
  if (text == "secondary") return confidence::secondary;
  if (text == "unconfirmed") return confidence::unconfirmed;
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, const citation& c) {
  os << c.ref;
  if (!c.url.empty()) os << " <" << c.url << '>';
  return os;
}

std::ostream& operator<<(std::ostream& os, confidence c) { return os << to_string(c); }

}  // namespace breachclock
