// Private: the one document model. Every file the library reads (fact schema, rule packs,
// calendars, policy overlays, policy tests, incidents) is parsed, TOML or JSON, into one tree of
// `doc_value`s that carries where each key and value was written: a region (start and end) in a
// source shared by the whole tree, and for strings how they were quoted, so that a position
// inside the decoded text (a token of a condition) can be traced back to its line and column.
// toml++ and the JSON reader each build this tree and nothing else sees them; every loader reads
// it through `doc_reader` (detail/doc_reader.hpp).
//
//   result<doc_value> doc = parse_document(file);                 // TOML or JSON, by its name
//   if (!doc) return doc.take_diagnostics();
//   const doc_value* title = doc->find("title");                  // nullptr when absent
//   source_location at = title->where();                          // "pack.toml:3:9"
//   source_location token = title->locate(4);                     // of the 5th byte of its text
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "breachclock/diagnostic.hpp"
#include "breachclock/document.hpp"
#include "breachclock/source_file.hpp"

namespace breachclock::detail {

enum class doc_format : unsigned char { toml, json };

// The text a document was parsed from, shared by every value of it.
struct doc_source {
  std::string path;
  std::string text;
  doc_format format = doc_format::toml;
  std::vector<std::size_t> line_starts;  // byte offset of each line's first byte

  doc_source(std::string path, std::string text, doc_format format);
  // Byte offset of 1-based (line, column in code points); npos when out of range.
  std::size_t offset_of(int line, int column) const noexcept;
  bool json() const noexcept { return format == doc_format::json; }
};

// A line and a column, both 1-based (columns count code points); 0: not known.
struct doc_point {
  std::int32_t line = 0;
  std::int32_t column = 0;
};

// Where a key or value was written: from its first character to just past its last.
struct doc_region {
  doc_point begin;
  doc_point end;
};

// How a string was written, so that positions in its decoded text can be traced back.
enum class string_syntax : unsigned char {
  none,                // not a string, or not traceable
  toml,                // one of the four below, read from the source when a position is asked for
  toml_basic,          // "..."
  toml_literal,        // '...'
  toml_multi_basic,    // """..."""
  toml_multi_literal,  // '''...'''
  json,                // "..." with JSON escapes
};

struct doc_member;

struct doc_value {
  enum class kind : unsigned char {
    null,  // JSON null
    boolean,
    integer,
    floating,
    string,
    array,
    object,           // a JSON object or a TOML table
    date,             // TOML local date
    local_datetime,   // TOML local date-time
    offset_datetime,  // TOML offset date-time
    time,             // TOML local time
  };

  kind type = kind::null;
  string_syntax quoting = string_syntax::none;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  std::string string;
  std::vector<doc_value> items;              // array
  std::vector<doc_member> members;           // object, in document order
  date::year_month_day date{};               // date (a civil_date of the time layer)
  date::local_seconds local{};               // local_datetime (a local_time)
  date::sys_seconds offset{};                // offset_datetime (an instant)
  doc_region region;                         // for strings: from the opening quote
  std::shared_ptr<const doc_source> source;  // null for values built in code

  const doc_value* find(std::string_view key) const;
  const doc_member* find_member(std::string_view key) const;

  // Where the value starts (a string: its opening quote); {path, 0, 0} when not known.
  source_location where() const;
  // Where the value's text starts, after the opening quote (the value's start for non-strings).
  source_location inside() const;
  // For a string: where byte `at_byte` of its decoded text was written, escapes and multi-line
  // strings included; the start of the text when it cannot be traced. Otherwise where().
  source_location locate(std::size_t at_byte) const;
  bool is_json() const noexcept { return source != nullptr && source->json(); }

 private:
  source_location text_start() const;  // where(), one column on for a string
};

struct doc_member {
  std::string key;
  doc_region key_region;
  doc_value value;

  source_location key_where() const;
};

// "a string", "an integer", "an object", ...; `json` chooses JSON's words ("an object") over
// TOML's ("a table").
std::string describe(doc_value::kind k, bool json);

// Limits every reader enforces, so hostile input cannot exhaust the stack or memory.
inline constexpr std::size_t k_max_document_depth = 64;
inline constexpr std::size_t k_max_document_values = 100'000;
// The most bytes any rule, calendar, incident or test file may have.
inline constexpr std::size_t k_max_file_bytes = std::size_t{4} * 1024 * 1024;

// JSON when the file's name ends in ".json" or its first non-blank character is '{' (which no
// TOML document can begin with); TOML otherwise.
doc_format format_of(const source_file& file) noexcept;
doc_format format_of(std::string_view path, std::string_view text) noexcept;

// Parses `file` as format_of says. Fails with the parser's diagnostic (toml.syntax, json.syntax,
// json.duplicate-key, *.too-deep, limit.values, file.too-large), located. Never throws.
result<doc_value> parse_document(const source_file& file);
result<doc_value> parse_document(std::string text, std::string path, doc_format format);

// The parsers behind parse_document (detail/toml_document.cpp, detail/json_reader.cpp).
result<doc_value> parse_toml_document(std::string text, std::string path);

}  // namespace breachclock::detail
