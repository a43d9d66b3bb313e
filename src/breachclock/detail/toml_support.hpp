// Private helpers over toml++ for every loader (calendars, fact schema, incidents, rule packs,
// policy tests): parsing with located errors, key checking with did-you-mean, typed getters that
// report type errors at the value, and positions inside string values.
//
// Include only from .cpp files: toml++ is a large header and never leaks into public headers.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "detail/document.hpp"

namespace breachclock::detail {

// A parsed TOML file, with what is needed to point into it.
struct toml_file {
  std::string path;
  std::string text;
  toml::table root;
};

// The most bytes any rule, calendar, incident or test file may have.
inline constexpr std::size_t k_max_file_bytes = 4u * 1024u * 1024u;

// Parses `text`; on a syntax error returns the diagnostic at its location (code toml.syntax).
result<toml_file> parse_toml(std::string text, std::string path);

// The location of a node (or key) in `path`.
source_location location_of(const toml::source_region& region, const std::string& path);
source_location location_of(const toml::node& n, const std::string& path);

// The location of byte `offset` of the decoded text of string node `n`, as it is written in
// `file_text` (escapes and multi-line strings included). Falls back to the string's start.
source_location string_offset_location(const toml::node& n, std::size_t offset, const toml_file& file);

// The same document as a doc_value tree (TOML tables become objects). Fails when it is nested
// deeper than k_max_document_depth.
result<doc_value> to_document(const toml_file& file);

// "string", "integer", "table", ...
std::string type_name(const toml::node& n);

// Reads the keys of one table, reporting missing keys, wrong types and, at `finish`, keys that
// were never read (with a did-you-mean among the known keys).
class table_reader {
 public:
  table_reader(const toml::table& table, const toml_file& file, std::vector<diagnostic>& out,
               std::string context);

  const toml::node* get(std::string_view key);  // marks the key as known
  bool has(std::string_view key) const;

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<std::int64_t> integer(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  const toml::array* array(std::string_view key, bool required = false);
  const toml::table* table(std::string_view key, bool required = false);
  // An array of strings, or nothing (with a diagnostic when an element is not a string).
  std::optional<std::vector<std::string>> strings(std::string_view key, bool required = false);

  // Reports a missing required key at the table.
  void missing(std::string_view key);
  // Reports a wrong type at the value.
  void wrong_type(const toml::node& n, std::string_view key, std::string_view expected);
  void error(const toml::node& n, std::string code, std::string message);
  void error_at_key(std::string_view key, std::string code, std::string message);

  // Reports every key that no getter asked for. Call once, after reading.
  void finish();

  const toml::table& node() const { return table_; }
  const toml_file& file() const { return file_; }
  std::vector<diagnostic>& out() { return out_; }
  const std::string& context() const { return context_; }

 private:
  const toml::table& table_;
  const toml_file& file_;
  std::vector<diagnostic>& out_;
  std::string context_;
  std::vector<std::string> known_;
};

}  // namespace breachclock::detail
