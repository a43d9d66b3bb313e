// Private text helpers shared by the loaders and the reports: did-you-mean suggestions,
// quoting, joining, excerpts, and the one sanitiser of text that reaches a reader (valid_utf8,
// printable, and xml_escape on top of them).
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

// The text with every ill-formed UTF-8 sequence (a stray continuation byte, a truncated or
// overlong sequence, a surrogate, a code point above U+10FFFF) replaced by U+FFFD, one per
// maximal ill-formed subpart (Unicode 15, 3.9). Valid text comes back unchanged.
std::string valid_utf8(std::string_view text);

// Text for a terminal or a Markdown file, on one line: valid UTF-8 (as valid_utf8), a newline,
// carriage return or tab as a space, and every other control character (C0, DEL, C1) shown as
// an escape ("\x1b", "\u009b"), so that no text from a rule or an incident can move the
// cursor, change colours or hide what follows.
std::string printable(std::string_view text);

// The longest prefix of `text` of at most `max_bytes` that does not end inside a UTF-8
// sequence (a cut that keeps valid text valid).
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes);

// A short form of a value for messages: printable(), at most about `max` bytes (cut between
// characters, never inside one), with "..." when cut, so that a hostile megabyte-long name
// never floods a terminal.
std::string excerpt(std::string_view text, std::size_t max = 60);

// Text for XML 1.0 content and double-quoted attribute values (SVG, JUnit): valid UTF-8 (as
// valid_utf8), & < > and " escaped (an apostrophe stays as it is), and control characters other
// than tab and newline, which XML 1.0 forbids, shown as spaces.
std::string xml_escape(std::string_view text);

}  // namespace breachclock::detail
