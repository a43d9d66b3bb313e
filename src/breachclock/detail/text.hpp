// Private text helpers shared by the loaders and the reports: did-you-mean suggestions,
// quoting, joining, excerpts, XML escaping.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace breachclock::detail {

// Levenshtein distance, capped: returns `cap + 1` as soon as the distance exceeds `cap`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap);

// The candidate closest to `word` when it is close enough to be a likely typo, else "".
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// `; did you mean 'x'?` when a close candidate exists, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// 'a', 'b' or 'c'  /  'a' or 'b'  /  'a'
std::string quoted_list(const std::vector<std::string>& items, std::string_view last_joiner = "or");

// Joins with a separator.
std::string join(const std::vector<std::string>& items, std::string_view sep);

// A short form of a value for messages: at most `max` bytes, with "..." when cut, and control
// characters shown as escapes, so that a hostile megabyte-long name never floods a terminal.
std::string excerpt(std::string_view text, std::size_t max = 60);

// Text for XML 1.0 content and double-quoted attribute values (SVG, JUnit): & < > and "
// escaped (an apostrophe stays as it is), and control characters other than tab and newline,
// which XML 1.0 forbids, shown as spaces.
std::string xml_escape(std::string_view text);

}  // namespace breachclock::detail
