// Private: a strict JSON reader (RFC 8259) that keeps the source position of every key and value,
// so that incident files written as JSON get the same `file:line:col` messages as TOML ones.
//
//   result<doc_value> doc = parse_json(R"({"reported": "2024-03-21T09:00:00Z"})", "incident.json");
//   if (!doc) return doc.take_diagnostics();          // e.g. "incident.json:1:14: error: ..."
//   const doc_value* reported = doc->find("reported");  // reported->where == {"incident.json", 1, 14}
#pragma once

#include <string>
#include <string_view>

#include "breachclock/diagnostic.hpp"
#include "detail/document.hpp"

namespace breachclock::detail {

// Parses `text`, one JSON value with optional whitespace around it; `path` names the file in
// locations and messages.
//
// Returns the document tree: objects keep their members in document order; integers that fit
// std::int64_t are kind::integer, every other number (a fraction, an exponent, or out of int64
// range) is kind::floating; strings are decoded to UTF-8. Every value's `where` is its first
// character (a string's opening quote), every member's `key_where` its key's opening quote.
// Lines and columns are 1-based; columns count Unicode code points, not bytes.
//
// Strict: no comments, trailing commas, leading zeros, single quotes, NaN or Infinity, control
// characters or invalid UTF-8 in strings, lone surrogates in \u escapes, duplicate keys in one
// object, byte order mark, or anything after the top-level value. Numbers too large for a double
// are rejected; numbers too small for one read as zero.
//
// Fails with one diagnostic, the first problem, located at the offending character:
//   json.syntax         anything malformed ("invalid JSON: expected ',' or '}' after an object
//                       member, found 'x'"), including empty input;
//   json.duplicate-key  at the second occurrence of a key, naming it;
//   json.too-deep       at the bracket that nests arrays and objects deeper than
//                       k_max_document_depth (the reader never recurses deeper than that);
//   file.too-large      when `text` is larger than k_max_file_bytes (4 MiB).
// Never throws for bad input.
result<doc_value> parse_json(std::string_view text, const std::string& path);

}  // namespace breachclock::detail
