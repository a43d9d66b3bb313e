// breachclock/citation.hpp: where a rule or a calendar comes from, and how sure we are of it.
//
//   citation c{"UK GDPR Art. 33(1)", "https://www.legislation.gov.uk/eur/2016/679/article/33"};
//   confidence k = *parse_confidence("secondary");
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace breachclock {

struct citation {
  std::string ref;  // "UK GDPR Art. 33(1)"
  std::string url;  // a primary source where one exists
  friend bool operator==(const citation&, const citation&) = default;
};

// How a rule's statement of the law was established.
//  primary:     read in the primary legal text.
//  secondary:   only from a secondary source (guidance, commentary, a law firm's summary).
//  unconfirmed: not seen in any source; an engineering assumption to be checked.
enum class confidence : unsigned char { primary, secondary, unconfirmed };

const char* to_string(confidence c) noexcept;
std::optional<confidence> parse_confidence(std::string_view text) noexcept;

std::ostream& operator<<(std::ostream& os, const citation& c);
std::ostream& operator<<(std::ostream& os, confidence c);

}  // namespace breachclock
