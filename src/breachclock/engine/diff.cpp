#include "breachclock/engine/diff.hpp"

#include <algorithm>
#include <map>

namespace breachclock {

namespace {
std::string recipient_of(const obligation_result& o) { return recipient_text(o); }
}  // namespace

std::vector<obligation_change> compare(const assessment& before, const assessment& after) {
  std::map<std::string, obligation_change> by_id;
  for (const obligation_result& o : before.obligations) {
    obligation_change& c = by_id[o.rule->id];
    c.id = o.rule->id;
    c.before = &o;
  }
  for (const obligation_result& o : after.obligations) {
    obligation_change& c = by_id[o.rule->id];
    c.id = o.rule->id;
    c.after = &o;
  }
  std::vector<obligation_change> out;
  for (auto& [id, c] : by_id) {
    const obligation_result* only = c.before == nullptr ? c.after : c.after == nullptr ? c.before : nullptr;
    if (only != nullptr && only->state == status::not_required) continue;
    if (c.before != nullptr && c.after != nullptr) {
      c.status_changed = c.before->state != c.after->state;
      c.due_changed = c.before->deadline.due != c.after->deadline.due;
      c.recipient_changed = recipient_of(*c.before) != recipient_of(*c.after);
      if (!c.status_changed && !c.due_changed && !c.recipient_changed) continue;
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace breachclock
