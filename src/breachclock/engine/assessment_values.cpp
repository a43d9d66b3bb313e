// The value types of an assessment: names, printing, lookup (the assessing is in assessment.cpp).
#include <algorithm>
#include <ostream>

#include "breachclock/engine/assessment.hpp"

namespace breachclock {

const char* to_string(status s) noexcept {
  switch (s) {
    case status::required: return "required";
    case status::not_required: return "not_required";
    case status::undetermined: return "undetermined";
  }
  return "undetermined";
}

std::ostream& operator<<(std::ostream& os, status s) { return os << to_string(s); }

const char* to_string(trace_entry::kind k) noexcept {
  switch (k) {
    case trace_entry::kind::applies: return "applies";
    case trace_entry::kind::in_force: return "in_force";
    case trace_entry::kind::when: return "when";
    case trace_entry::kind::unless: return "unless";
    case trace_entry::kind::instead_of: return "instead_of";
  }
  return "when";
}

std::vector<std::string> name_list::strings() const { return {names_.begin(), names_.end()}; }

bool operator==(const name_list& a, const name_list& b) noexcept { return std::ranges::equal(a.names_, b.names_); }

bool operator==(const name_list& a, const std::vector<std::string>& b) noexcept {
  return std::ranges::equal(a.names_, b, [](std::string_view x, const std::string& y) { return x == y; });
}

std::ostream& operator<<(std::ostream& os, const obligation_result& o) {
  os << (o.rule != nullptr ? o.rule->id : std::string("(no rule)")) << ": " << to_string(o.state);
  if (!o.depends_on.empty()) {
    os << " (depends on ";
    for (std::size_t i = 0; i < o.depends_on.size(); ++i) os << (i > 0 ? ", " : "") << o.depends_on[i];
    os << ")";
  }
  if (o.deadline.due) os << ", due " << format_utc(*o.deadline.due) << (o.deadline.provisional ? " (provisional)" : "");
  return os;
}

std::ostream& operator<<(std::ostream& os, const question& q) {
  return os << q.name << ": " << (q.text != nullptr ? *q.text : std::string()) << " (decides " << q.decides.size()
            << ")";
}

std::ostream& operator<<(std::ostream& os, trace_entry::kind k) { return os << to_string(k); }

std::string recipient_text(const obligation_result& o) {
  if (o.recipient != nullptr) return o.recipient->name;
  if (!o.recipient_depends_on.empty()) return "depends on " + std::string(o.recipient_depends_on);
  return o.rule != nullptr ? o.rule->to : std::string();
}

const obligation_result* assessment::find(std::string_view id) const noexcept {
  for (const obligation_result& o : obligations) {
    if (o.rule != nullptr && o.rule->id == id) return &o;
  }
  return nullptr;
}

}  // namespace breachclock
