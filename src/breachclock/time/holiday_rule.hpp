// Private: the grammar of holiday rules ("first monday of may", "easter - 2", ...) and their
// evaluation for a year. Documented for users in docs/calendars.md.
//
//   rule     = "easter" [ ("+" | "-") N ]                    easter - 2
//            | MONTH DAY                                     december 25
//            | ORDINAL WEEKDAY ("of" | "in") MONTH           last monday of may
//            | WEEKDAY RELATION MONTH DAY                    monday before may 25
//   ORDINAL  = first | second | third | fourth | fifth | last | 1st | 2nd | 3rd | 4th | 5th
//   RELATION = before | after | on or before | on or after
// Words are case-insensitive; months may be written in full or as three letters.
#pragma once

#include <date/date.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace breachclock::detail {

struct fixed_day {
  unsigned month;
  unsigned day;
};
struct easter_offset {
  int days;
};
struct nth_weekday {
  int n;  // 1..5, or -1 for "last"
  date::weekday weekday;
  unsigned month;
};
enum class relation : unsigned char { before, after, on_or_before, on_or_after };
struct relative_weekday {
  date::weekday weekday;
  relation rel;
  unsigned month;
  unsigned day;
};

using date_rule = std::variant<fixed_day, easter_offset, nth_weekday, relative_weekday>;

struct rule_error {
  std::size_t offset;  // byte offset of the fault in the rule text
  std::string message;
};

std::variant<date_rule, rule_error> parse_date_rule(std::string_view text);

// The day the rule gives in `y`, or nothing (the fifth Monday of a month that has four, the 29th
// of February in a common year).
std::optional<date::year_month_day> evaluate(const date_rule& rule, date::year y);

// Western (Gregorian) Easter Sunday.
date::year_month_day easter_sunday(date::year y);

std::optional<date::weekday> parse_weekday(std::string_view word);

}  // namespace breachclock::detail
