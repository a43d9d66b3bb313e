// Private: reading one table (TOML) or object (JSON) of a document, for every loader. Getters
// mark a key as known and report a missing required key at the table and a wrong type at the
// value; `finish` reports every key no getter asked for, with a did-you-mean among the known
// ones. Codes are <format>.missing-key, <format>.type and <format>.unknown-key, with <format>
// "toml" or "json" as the document was written.
//
//   std::vector<diagnostic> out;
//   doc_reader r(*root.find("regime"), out, "[regime]");
//   std::optional<std::string> id = r.string("id", /*required=*/true);
//   const doc_value* sources = r.array("sources");
//   r.finish();                                   // "unknown key 'titel' in [regime]; did you mean 'title'?"
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "breachclock/diagnostic.hpp"
#include "detail/document.hpp"

namespace breachclock::detail {

class doc_reader {
 public:
  // `table` must outlive the reader; when it is not an object, every getter finds nothing.
  doc_reader(const doc_value& table, std::vector<diagnostic>& out, std::string context);

  const doc_value* get(std::string_view key);  // marks the key as known; nullptr when absent
  bool has(std::string_view key) const;

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<std::int64_t> integer(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key, bool required = false);
  // The value when it is an array / a table (object); nullptr otherwise (reported if present).
  const doc_value* array(std::string_view key, bool required = false);
  const doc_value* table(std::string_view key, bool required = false);
  // A calendar date: a TOML date (2024-05-06, unquoted), or in JSON, which has no date type, a
  // string "2024-05-06". Reports a wrong type with `expected` (the TOML spelling).
  std::optional<date::year_month_day> date(std::string_view key, bool required, std::string_view expected);
  // An array of strings, or nothing (with a diagnostic when an element is not a string).
  std::optional<std::vector<std::string>> strings(std::string_view key, bool required = false);

  // Reports a missing required key at the table.
  void missing(std::string_view key);
  // Reports a wrong type at the value.
  void wrong_type(const doc_value& v, std::string_view key, std::string_view expected);
  void error(const doc_value& v, std::string code, std::string message);
  void error_at_key(std::string_view key, std::string code, std::string message);

  // Reports every key that no getter asked for. Call once, after reading.
  void finish();

  const doc_value& node() const { return table_; }
  std::vector<diagnostic>& out() { return out_; }
  const std::string& context() const { return context_; }
  bool json() const noexcept { return table_.is_json(); }
  // The codes of the reader's own diagnostics: "toml.type" or "json.type", and so on.
  const char* missing_key_code() const noexcept;
  const char* type_code() const noexcept;
  const char* unknown_key_code() const noexcept;
  // "a table" in TOML, "an object" in JSON.
  const char* table_word() const noexcept { return json() ? "an object" : "a table"; }

 private:
  const doc_value& table_;
  std::vector<diagnostic>& out_;
  std::string context_;
  std::vector<std::string> known_;
};

}  // namespace breachclock::detail
