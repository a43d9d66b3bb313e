// Private: a parsed data document (TOML or JSON) in one shape, with the source location of
// every key and value, so that one reader (incidents) serves both formats and every message
// points at its file:line:col.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <date/date.h>

#include "breachclock/diagnostic.hpp"

namespace breachclock::detail {

struct doc_member;

struct doc_value {
  enum class kind : unsigned char {
    null,             // JSON null
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
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  std::string string;
  std::vector<doc_value> items;     // array
  std::vector<doc_member> members;  // object, in document order
  date::year_month_day date{};      // date (a civil_date of the time layer)
  date::local_seconds local{};      // local_datetime (a local_time)
  date::sys_seconds offset{};       // offset_datetime (an instant)
  source_location where;            // of the value (for strings: the opening quote)

  const doc_value* find(std::string_view key) const;
  const doc_member* find_member(std::string_view key) const;
};

struct doc_member {
  std::string key;
  source_location key_where;
  doc_value value;
};

// "a string", "an integer", "an object", ...; `json` chooses JSON's words ("an object") over
// TOML's ("a table").
std::string describe(doc_value::kind k, bool json);

// Limits every reader enforces, so hostile input cannot exhaust the stack or memory.
inline constexpr std::size_t k_max_document_depth = 64;
inline constexpr std::size_t k_max_document_values = 100'000;

}  // namespace breachclock::detail
