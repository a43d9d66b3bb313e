// The value types of an assessment: names, printing, lookup (the assessing is in assessment.cpp).
#include <algorithm>
#include <functional>
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
    case trace_entry::kind::scope: return "scope";
    case trace_entry::kind::requested: return "requested";
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

// The assessment as a value: made by the assessor, copied with its views re-pointed.

assessment::assessment(rule_set r, bound_incident b, instant at)
    : rules(std::move(r)), bound(std::move(b)), as_of(at) {}

assessment::assessment(const assessment& other)
    : rules(other.rules),
      bound(other.bound),
      incident_id(other.incident_id),
      incident_zone(other.incident_zone),
      as_of(other.as_of),
      obligations(other.obligations),
      questions(other.questions),
      warnings(other.warnings),
      unknown_facts(other.unknown_facts),
      unknown_events(other.unknown_events),
      trace_(other.trace_),
      names_(other.names_) {
  rebase(other);
}

assessment& assessment::operator=(const assessment& other) {
  if (this != &other) *this = assessment(other);
  return *this;
}

assessment& assessment::operator=(assessment&& other) noexcept {
  // A self-move would empty the buffers and leave the views pointing into nothing.
  if (this == &other) return *this;
  rules = std::move(other.rules);
  bound = std::move(other.bound);
  incident_id = other.incident_id;
  incident_zone = other.incident_zone;
  as_of = other.as_of;
  obligations = std::move(other.obligations);
  questions = std::move(other.questions);
  warnings = std::move(other.warnings);
  unknown_facts = other.unknown_facts;
  unknown_events = other.unknown_events;
  trace_ = std::move(other.trace_);  // moved buffers keep their storage: the views stay valid
  names_ = std::move(other.names_);
  return *this;
}

// The views copied from `from` that point into its buffers: point them at the same places of
// ours. A view that points elsewhere (a result taken from another assessment and added to this
// one) is left as it is: it stays valid while that other assessment lives.
void assessment::rebase(const assessment& from) {
  auto inside = [](auto view, const auto& buffer) {
    const auto* data = view.data();
    return !view.empty() && !buffer.empty() && std::less_equal<>()(buffer.data(), data) &&
           std::less_equal<>()(data + view.size(), buffer.data() + buffer.size());
  };
  auto names = [&](const name_list& l) {
    if (!inside(l.span(), from.names_)) return l;
    return name_list(
        std::span(names_).subspan(static_cast<std::size_t>(l.span().data() - from.names_.data()), l.size()));
  };
  for (obligation_result& o : obligations) {
    o.depends_on = names(o.depends_on);
    if (inside(o.because, from.trace_))
      o.because = std::span(trace_).subspan(static_cast<std::size_t>(o.because.data() - from.trace_.data()),
                                            o.because.size());
  }
  for (question& q : questions) q.decides = names(q.decides);
  unknown_facts = names(unknown_facts);
  unknown_events = names(unknown_events);
}

}  // namespace breachclock
