// The deadline of one obligation of an assessment (engine/assessment.cpp): the anchor, the
// due instant and date, the policy target, the time left, and the warnings they call for.
#include <algorithm>

#include "engine/deadline_of.hpp"

namespace breachclock::detail {

// The pieces joined, in one allocation.
std::string joined(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (std::string_view p : pieces) size += p.size();
  std::string out;
  out.reserve(size);
  for (std::string_view p : pieces) out += p;
  return out;
}

void add_warning(std::vector<std::string>& warnings, std::initializer_list<std::string_view> pieces) {
  if (warnings.capacity() == 0) warnings.reserve(8);
  warnings.push_back(joined(pieces));
}

void fold_anchor_warnings(const std::vector<anchor_warning>& anchors, std::vector<std::string>& out) {
  std::vector<bool> told(anchors.size(), false);
  for (std::size_t k = 0; k < anchors.size(); ++k) {
    if (told[k]) continue;
    const anchor_warning& a = anchors[k];
    std::string ids;
    std::size_t n = 0;
    for (std::size_t j = k; j < anchors.size(); ++j) {
      const anchor_warning& b = anchors[j];
      if (told[j] || b.what != a.what || b.from != a.from || b.used != a.used) continue;
      told[j] = true;
      ids += (n++ == 0 ? "" : ", ");
      ids += b.id;
    }
    const std::string count = std::to_string(n);
    using kind = anchor_warning::kind;
    if (n == 1) {
      switch (a.what) {
        case kind::provisional:
          out.push_back(joined({a.id, ": '", a.from, "' is not known; the deadline is counted from '", a.used,
                                "' for now (provisional)"}));
          break;
        case kind::retention:
          out.push_back(
              joined({a.id, ": '", a.from, "' is not known, and '", a.used,
                      "' would end the retention period too early: keep the record until '", a.from, "' is known"}));
          break;
        case kind::none:
          out.push_back(
              joined({a.id, ": '", a.from, "' is not known, nor any fallback: no deadline can be computed yet"}));
          break;
      }
      continue;
    }
    switch (a.what) {
      case kind::provisional:
        out.push_back(joined(
            {count, " deadlines count from '", a.used, "' while '", a.from, "' is unknown (provisional): ", ids}));
        break;
      case kind::retention:
        out.push_back(joined({count, " records must be kept until '", a.from, "' is known ('", a.used,
                              "' would end their retention periods too early): ", ids}));
        break;
      case kind::none:
        out.push_back(
            joined({count, " deadlines cannot be computed yet: '", a.from, "' is not known, nor any fallback: ", ids}));
        break;
    }
  }
}

deadline_result deadline_of(const obligation& o, const regime& pack, const authority* to, status state,
                            const rule_set& rules, const bound_data& bound, instant as_of, warning_log& log) {
  auto warn = [&log](std::initializer_list<std::string_view> pieces) { add_warning(log.text, pieces); };
  auto anchor_warn = [&log, &o](anchor_warning::kind what, std::string_view from, std::string_view used) {
    if (log.anchors.capacity() == 0) log.anchors.reserve(8);
    log.anchors.push_back(anchor_warning{what, from, used, o.id});
  };
  const deadline_spec& spec = o.deadline;
  deadline_result dl;
  dl.kind = spec.kind;
  dl.from = spec.from;
  dl.text = &spec.text;
  dl.tz = spec.in_incident_zone ? bound.source.home_zone() : (to != nullptr ? to->tz : pack.tz);
  const holiday_calendar* cal = to != nullptr ? to->calendar : nullptr;
  const anchor_found from_event = bound.anchor(spec.from);
  dl.anchor = from_event.at;
  dl.anchor_event = from_event.event;
  dl.provisional = from_event.provisional;
  const bool may_apply = state != status::not_required;

  if (dl.anchor) {
    std::optional<result<deadline>> computed;
    if ((spec.kind == deadline_kind::fixed || spec.kind == deadline_kind::retention) && spec.period) {
      computed = compute_deadline(*dl.anchor, *spec.period, dl.tz, cal);
    } else if (spec.kind == deadline_kind::date && spec.fixed_date) {
      computed = compute_fixed_date(*dl.anchor, *spec.fixed_date, dl.tz, cal);
    }
    if (computed && *computed) {
      deadline& got = **computed;
      dl.due = got.due;
      dl.due_date = got.due_date;
      if (got.counting_from != *dl.anchor) dl.counting_from = got.counting_from;
      dl.rolled_from = got.rolled_from;
      dl.warnings = std::move(got.warnings);
    } else if (computed) {
      // Fail closed: a deadline that cannot be computed (past 9999-12-31, ...) is said, not dropped.
      for (const diagnostic& d : computed->diagnostics())
        dl.warnings.push_back("no deadline could be computed: " + d.message);
    }
  }
  // A policy overlay's internal target.
  for (const policy_target& t : rules.targets()) {
    const bool named = std::find(t.obligations.begin(), t.obligations.end(), o.id) != t.obligations.end();
    if (!named && !(t.all_soft && spec.kind == deadline_kind::soft)) continue;
    const anchor_found from = t.from.empty() ? from_event : bound.anchor(t.from);
    dl.target = &t;
    if (from.at) {
      if (auto computed = compute_deadline(*from.at, t.within, dl.tz, cal)) dl.target_due = computed->due;
      else
        for (const diagnostic& d : computed.diagnostics())
          dl.warnings.push_back("no internal target could be computed: " + d.message);
    }
    break;
  }
  if (spec.kind == deadline_kind::retention && dl.provisional) {
    // A fallback anchor is earlier than the real one, so the end of a retention period counted
    // from it would come too early: give no end until the anchor itself is known.
    dl.due.reset();
    dl.due_date.reset();
    dl.rolled_from.reset();
  }
  if (!may_apply) {
    // A duty that does not apply has no deadline; the anchor is kept for the explanation.
    dl.due.reset();
    dl.due_date.reset();
    dl.counting_from.reset();
    dl.rolled_from.reset();
    dl.target_due.reset();
    dl.warnings.clear();
  }
  if (may_apply) {
    if (dl.due) {
      dl.remaining_seconds = (*dl.due - as_of).count();
      dl.overdue = spec.kind != deadline_kind::retention && as_of > *dl.due;
    }
    if (dl.provisional && spec.kind == deadline_kind::retention) {
      anchor_warn(anchor_warning::kind::retention, spec.from, dl.anchor_event);
    } else if (dl.provisional) {
      anchor_warn(anchor_warning::kind::provisional, spec.from, dl.anchor_event);
    } else if (!dl.anchor && !spec.from.empty() && spec.kind != deadline_kind::soft) {
      anchor_warn(anchor_warning::kind::none, spec.from, {});
    }
    for (const std::string& w : dl.warnings) warn({o.id, ": ", w});
  }
  return dl;
}

}  // namespace breachclock::detail
