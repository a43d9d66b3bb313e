// The value types of rule packs (obligation.hpp, and regime of rule_set.hpp): names and tests.
#include "breachclock/rules/obligation.hpp"

#include <ostream>

#include "breachclock/rules/rule_set.hpp"

namespace breachclock {

const char* to_string(action a) noexcept {
  switch (a) {
    case action::notify_authority: return "notify-authority";
    case action::notify_individuals: return "notify-individuals";
    case action::notify_organizations: return "notify-organizations";
    case action::notify_controller: return "notify-controller";
    case action::communicate_publicly: return "communicate-publicly";
    case action::record: return "record";
    case action::report_annually: return "report-annually";
    case action::retain: return "retain";
    case action::internal: return "internal";
  }
  return "internal";
}

const char* to_string(anchor_kind k) noexcept {
  switch (k) {
    case anchor_kind::event: return "event";
    case anchor_kind::filed: return "filed";
    case anchor_kind::last_filed: return "last_filed";
    case anchor_kind::requested: return "requested";
  }
  return "event";
}

const char* to_string(deadline_combine c) noexcept {
  switch (c) {
    case deadline_combine::single: return "single";
    case deadline_combine::earlier_of: return "earlier_of";
    case deadline_combine::later_of: return "later_of";
  }
  return "single";
}

std::optional<action> parse_action(std::string_view text) noexcept {
  for (action a :
       {action::notify_authority, action::notify_individuals, action::notify_organizations, action::notify_controller,
        action::communicate_publicly, action::record, action::report_annually, action::retain, action::internal}) {
    if (text == to_string(a)) return a;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, action a) { return os << to_string(a); }

bool effective_window::overlaps(const effective_window& other) const noexcept {
  const bool this_ends_first = until && other.from && *until <= *other.from;
  const bool other_ends_first = other.until && from && *other.until <= *from;
  return !this_ends_first && !other_ends_first;
}

const char* to_string(deadline_kind k) noexcept {
  switch (k) {
    case deadline_kind::fixed: return "fixed";
    case deadline_kind::soft: return "soft";
    case deadline_kind::date: return "date";
    case deadline_kind::retention: return "retention";
    case deadline_kind::none: return "none";
  }
  return "none";
}

std::ostream& operator<<(std::ostream& os, deadline_kind k) { return os << to_string(k); }

const authority* regime::find_authority(std::string_view name) const noexcept {
  for (const authority& a : authorities) {
    if (a.id == name) return &a;
  }
  return nullptr;
}

const char* to_string(delay_mode m) noexcept {
  switch (m) {
    case delay_mode::extend: return "extend";
    case delay_mode::from_statement: return "from-statement";
  }
  return "extend";
}

}  // namespace breachclock
