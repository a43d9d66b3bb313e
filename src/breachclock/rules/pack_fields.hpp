// Private to the pack reader (pack_reader.cpp, pack_fields.cpp): the readers of the values a
// rule pack holds in its tables (citations, conditions, effective windows, deadlines, confidence,
// recipients). Each reads one key through a detail::doc_reader (of a TOML or JSON document),
// adds its diagnostics to the load and returns what it could read.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detail/doc_reader.hpp"
#include "rules/rule_set_data.hpp"

namespace breachclock::rules_detail {

class field_reader {
 public:
  explicit field_reader(load_state& s) : s_(s) {}

  // `key`: "ref", { ref = "...", url = "https://..." }, or an array of them; empty when absent.
  std::vector<citation> citations(detail::doc_reader& r, std::string_view key);
  // `key`: a condition compiled against the schema; none when absent or broken (then s.failed).
  std::optional<expr::condition> condition(detail::doc_reader& r, std::string_view key);
  // `effective`: a window; dates are read at midnight in `tz`.
  effective_window window(detail::doc_reader& r, const zone& tz);
  // `deadline` of obligation `id`, checked against the calendar of `to` (may be null); in
  // pack_deadline.cpp.
  deadline_spec deadline(detail::doc_reader& r, const authority* to, const std::string& id);
  // `from` of a deadline (or limit) of `id`: an event, or { filed | last_filed | requested = id },
  // recorded in the load's chains; false when absent or refused.
  bool anchor(detail::doc_reader& r, const std::string& id, anchor_kind& kind, std::string& name);
  // `delay` of obligation `id` (a table: mode, max, written, cite, text); none when absent or
  // wrong (rules.delay, located).
  std::optional<delay_rule> delay(detail::doc_reader& r, const std::string& id);
  // `proposed`: the name of a proposal (a non-empty string), or empty when absent or wrong
  // (rules.proposed, at the value).
  std::string proposal(detail::doc_reader& r);
  // `confidence`, into `out`; other than primary, it needs `notes`.
  static void certainty(detail::doc_reader& r, confidence& out, const std::vector<std::string>& notes,
                        const std::string& what);
  // An obligation's `to`: an authority id of the pack, or { by = "<enum fact>", map = { value =
  // "authority", ... } } with every value of the fact mapped. Returns the authority whose
  // calendar checks the deadline: the named one, or the first mapped (the others are checked by
  // check_chosen_calendars); nullptr when there is none.
  const authority* recipient(detail::doc_reader& r, const regime& reg, obligation& o, const std::string& shown);
  // A deadline in business days or on a calendar date needs the calendar of every authority a
  // fact may choose, not only the first one's.
  void check_chosen_calendars(const obligation& o, const regime& reg, const authority* checked);

 private:
  load_state& s_;
};

}  // namespace breachclock::rules_detail
