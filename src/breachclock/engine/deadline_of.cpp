// The deadline of one obligation of an assessment (engine/assessment.cpp): the anchor, the
// due instant and date, the policy target, the time left, and the warnings they call for.
#include <algorithm>

#include "engine/deadline_of.hpp"

#include "breachclock/expr/evaluator.hpp"

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

std::string_view anchor_event(const deadline_spec& spec) noexcept {
  if (spec.combine == deadline_combine::single) {
    return spec.from_kind == anchor_kind::event ? std::string_view(spec.from) : std::string_view();
  }
  for (const deadline_limit& l : spec.limits) {
    if (l.from_kind == anchor_kind::event) return l.from;
  }
  return {};
}

namespace {

// Where a deadline or a limit counts from: an event (or its fallback), or a filing or request
// the journal records (the incident is cut at as_of); not_started while that is not recorded.
struct anchor_at {
  std::optional<instant> at;
  std::string_view event;  // the event used (fallbacks), for events
  bool provisional = false;
  bool not_started = false;
};

anchor_at anchor_of(anchor_kind kind, std::string_view from, const bound_data& bound) {
  anchor_at out;
  if (kind == anchor_kind::event) {
    const anchor_found found = bound.anchor(from);
    out.at = found.at;
    out.event = found.event;
    out.provisional = found.provisional;
    return out;
  }
  const bound_data::journal_of j = bound.journal(from);
  const filing_entry* filing = kind == anchor_kind::filed ? j.first_filing : j.last_filing;
  if (kind == anchor_kind::requested)
    out.at = j.last_request != nullptr ? std::optional(j.last_request->at) : std::nullopt;
  else if (filing != nullptr) out.at = filing->at;
  out.not_started = !out.at;
  return out;
}

// Whether the roll applies: roll_unless true (no), false or absent (yes), unknown (not for now:
// the earlier instant, with a warning).
tri roll_applies(const deadline_spec& spec, const bound_data& bound) {
  if (!spec.roll_unless) return tri::yes;
  return expr::negate(expr::evaluate(*spec.roll_unless, bound.facts)).value;
}

// While a fact that chooses the recipient is unknown: the calendar every authority it may choose
// shares (Vermont's Attorney General and Department of Financial Regulation count the same
// business days), else none.
const holiday_calendar* shared_calendar(const obligation& o, const regime& pack) {
  if (!o.to_by) return nullptr;
  const holiday_calendar* shared = nullptr;
  for (const auto& [value, id] : o.to_by->map) {
    const authority* a = pack.find_authority(id);
    if (a == nullptr || a->calendar == nullptr || (shared != nullptr && shared != a->calendar)) return nullptr;
    shared = a->calendar;
  }
  return shared;
}

// `t` moved later by a delay's length: hours as elapsed time; days and weeks as civil days in
// `tz`, at the same local time (the earlier of a repeated one, or just after a skipped one).
instant later_by(instant t, const period& length, const zone& tz) {
  if (const auto* e = std::get_if<elapsed_time>(&length))
    return t + std::chrono::duration_cast<std::chrono::seconds>(e->length);
  int days = 0;
  if (const auto* d = std::get_if<calendar_days>(&length)) days = d->count;
  else if (const auto* w = std::get_if<calendar_weeks>(&length)) days = 7 * w->count;
  const local_time moved = tz.to_local(t) + date::days{days};
  if (auto at = tz.resolve(moved, choose::earliest)) return *at;
  return t + date::days{days};  // not reached: earliest resolves every local time
}

// The due instant as the journal's delays of it move it (obligation.hpp, delay_rule): each
// entry's result said, so that the text, explain and JSON show what counted and what did not.
void apply_delays(deadline_result& dl, const delay_rule& rule, const std::vector<const delay_entry*>& entries) {
  if (entries.empty() || !dl.due) return;
  const instant counted = *dl.due;
  instant due = counted;
  std::optional<instant> delay_end;  // from-statement: the end of the delay in force
  std::size_t place = 0;             // extend: the delays that counted
  for (const delay_entry* e : entries) {
    delay_result& r = dl.delays.emplace_back();
    r.entry = e;
    const instant current = delay_end && *delay_end > due ? *delay_end : due;
    if (rule.written_only && !e->written) {
      r.note = "it does not count: only a delay notified in writing does";
      continue;
    }
    if (e->at > current) {
      r.note = "made after " + format_utc(current) + ", when the notice was due: it moves nothing";
      continue;
    }
    if (rule.mode == delay_mode::extend) {
      if (place >= rule.max.size()) {
        r.note = "the law allows no further delay after " + std::to_string(rule.max.size());
        continue;
      }
      const instant limit = later_by(due, rule.max[place], dl.tz);
      instant end = e->until ? *e->until : e->length ? later_by(due, *e->length, dl.tz) : limit;
      if (end > limit) {
        end = limit;
        r.note = "cut to the most the law allows for delay " + std::to_string(place + 1) + ": " +
                 to_string(rule.max[place]);
      }
      if (end < due) end = due;
      due = end;
      ++place;
    } else {
      const instant limit = later_by(e->at, rule.max.front(), dl.tz);
      instant end;
      if (e->written && rule.as_stated) {
        if (!e->length && !e->until) {
          r.note = "a written statement specifies the time of the delay (for or until): not counted";
          continue;
        }
        end = e->until ? *e->until : later_by(e->at, *e->length, dl.tz);
      } else {
        end = e->until ? *e->until : e->length ? later_by(e->at, *e->length, dl.tz) : limit;
        if (end > limit) {
          end = limit;
          r.note = "cut to the most the law allows for it: " + to_string(rule.max.front()) + " from the statement";
        }
      }
      for (delay_result& before : dl.delays) {
        if (&before != &r && before.applied) before.note = "replaced by the statement of " + format_utc(e->at);
      }
      delay_end = end;
    }
    r.applied = true;
    r.until = rule.mode == delay_mode::extend ? due : *delay_end;
  }
  if (delay_end && *delay_end > due) due = *delay_end;
  if (due == counted) return;
  dl.undelayed_due = counted;
  dl.due = due;
  if (dl.due_date) dl.due_date = civil_date{dl.tz.local_day(due)};
}

}  // namespace

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
  dl.from_kind = spec.from_kind;
  dl.text = &spec.text;
  dl.tz = spec.in_incident_zone ? bound.source.home_zone() : (to != nullptr ? to->tz : pack.tz);
  const holiday_calendar* cal = to != nullptr ? to->calendar : shared_calendar(o, pack);
  const tri rolls = roll_applies(spec, bound);
  bool unknown_roll = false;
  std::string_view missing_event;  // an event anchor with no instant, nor any fallback
  anchor_at from_event;
  if (spec.combine == deadline_combine::single) {
    from_event = anchor_of(spec.from_kind, spec.from, bound);
    dl.anchor = from_event.at;
    dl.anchor_event = from_event.event;
    dl.provisional = from_event.provisional;
    dl.not_started = from_event.not_started;
    if (!dl.anchor && spec.from_kind == anchor_kind::event) missing_event = spec.from;
  }
  const bool may_apply = state != status::not_required;

  if (spec.combine != deadline_combine::single) {
    // Every limit, then the earliest (latest) of those that count.
    dl.limits.reserve(spec.limits.size());
    bool unknown_limit = false;
    std::string_view unknown_from;
    for (const deadline_limit& l : spec.limits) {
      limit_result lr;
      lr.rule = &l;
      const anchor_at a = anchor_of(l.from_kind, l.from, bound);
      lr.anchor = a.at;
      lr.provisional = a.provisional;
      lr.not_started = a.not_started;
      if (a.at) {
        auto computed = compute_deadline(*a.at, l.period, dl.tz, cal);
        if (computed) {
          lr.due = computed->due;
        } else {
          for (const diagnostic& d : computed.diagnostics())
            dl.warnings.push_back("no deadline could be computed: " + d.message);
        }
      }
      if (!l.unless_later.empty() && lr.due) {
        const anchor_found later = bound.anchor(l.unless_later);
        lr.lapsed = later.at && !later.provisional && *later.at > *lr.due;
      }
      if (!lr.due && !lr.lapsed) {
        unknown_limit = true;
        if (unknown_from.empty()) unknown_from = l.from;
        if (!a.at && l.from_kind == anchor_kind::event && missing_event.empty()) missing_event = l.from;
        dl.not_started = dl.not_started || a.not_started;
      }
      dl.limits.push_back(lr);
    }
    const bool earlier = spec.combine == deadline_combine::earlier_of;
    for (std::size_t k = 0; k < dl.limits.size(); ++k) {
      const limit_result& lr = dl.limits[k];
      if (lr.lapsed || !lr.due) continue;
      if (!dl.governed_by ||
          (earlier ? *lr.due < *dl.limits[*dl.governed_by].due : *lr.due > *dl.limits[*dl.governed_by].due))
        dl.governed_by = k;
    }
    // later_of cannot be known while a limit that counts is not.
    if (!earlier && unknown_limit) dl.governed_by.reset();
    if (dl.governed_by) {
      const limit_result& g = dl.limits[*dl.governed_by];
      dl.not_started = false;
      dl.due = g.due;
      dl.anchor = g.anchor;
      dl.from = g.rule->from;
      dl.from_kind = g.rule->from_kind;
      dl.provisional = g.provisional;
      if (g.rule->from_kind == anchor_kind::event) dl.anchor_event = bound.anchor(g.rule->from).event;
      if (unknown_limit) {
        dl.warnings.push_back(joined(
            {"the limit counted from '", unknown_from, "' is not known yet: the due instant may change once it is"}));
      }
      if (rolls == tri::yes) {
        // The chosen due moves as the combined roll says (to roll_to, or to the end of the next
        // working day); the limits themselves do not roll. The calendar is there (checked at load).
        auto rolled = roll_to_time(*dl.due, spec.combined_roll, spec.combined_roll_to, dl.tz, cal);
        if (!rolled) {
          for (const diagnostic& d : rolled.diagnostics())
            dl.warnings.push_back("no roll could be computed: " + d.message);
        } else if (*rolled) {
          dl.rolled_due_from = dl.due;
          dl.due = (*rolled)->due;
          for (std::string& w : (*rolled)->warnings) dl.warnings.push_back(std::move(w));
        }
      } else if (rolls == tri::unknown && spec.combined_roll != roll::none) {
        unknown_roll = true;
      }
    } else {
      for (const limit_result& lr : dl.limits) {
        if (lr.due || lr.lapsed) continue;
        dl.from = lr.rule->from;
        dl.from_kind = lr.rule->from_kind;
        break;
      }
    }
  } else if (dl.anchor) {
    std::optional<result<deadline>> computed;
    if ((spec.kind == deadline_kind::fixed || spec.kind == deadline_kind::retention) && spec.period) {
      deadline_rule rule = *spec.period;
      if (rolls != tri::yes && rule.rolling != roll::none) {
        // roll_unless holds (or may): the period is not rolled.
        unknown_roll = rolls == tri::unknown;
        rule.rolling = roll::none;
        rule.roll_to.reset();
      }
      instant from = *dl.anchor;
      if (spec.from_end_of_year) {
        // The last second of the anchor's local calendar year: its day is not counted.
        const date::year_month_day day{dl.tz.local_day(from)};
        from = dl.tz.end_of_day(date::local_days{day.year() / date::December / 31});
      }
      computed = compute_deadline(from, rule, dl.tz, cal);
    } else if (spec.kind == deadline_kind::date && spec.fixed_date) {
      fixed_date_rule rule = *spec.fixed_date;
      if (rolls != tri::yes && rule.rolling != roll::none) {
        unknown_roll = rolls == tri::unknown;
        rule.rolling = roll::none;
      }
      computed = compute_fixed_date(*dl.anchor, rule, dl.tz, cal);
    }
    if (computed && *computed) {
      deadline& got = **computed;
      dl.due = got.due;
      dl.due_date = got.due_date;
      if (got.counting_from != *dl.anchor) dl.counting_from = got.counting_from;
      dl.rolled_from = got.rolled_from;
      dl.rolled_due_from = got.unrolled_due;
      dl.warnings = std::move(got.warnings);
      if (to != nullptr && to->cutoff && got.due_date) {
        // A filing after the cut-off counts as filed on the next business day: the last day's
        // cut-off is the last instant still on time.
        auto at_cutoff = dl.tz.resolve(date::local_days{*got.due_date} + *to->cutoff, choose::earliest);
        if (at_cutoff) {
          dl.due = *at_cutoff;
          dl.cutoff = to->cutoff;
        }
      }
    } else if (computed) {
      // Fail closed: a deadline that cannot be computed (past 9999-12-31, ...) is said, not dropped.
      for (const diagnostic& d : computed->diagnostics())
        dl.warnings.push_back("no deadline could be computed: " + d.message);
    }
  }
  if (unknown_roll) {
    dl.warnings.push_back(joined({"the roll to the next working day does not apply when '", spec.roll_unless->text(),
                                  "', which is not known: the earlier instant is given"}));
  }
  if (o.delay && may_apply) apply_delays(dl, *o.delay, bound.journal(o.id).delays);
  // A policy overlay's internal target.
  for (const policy_target& t : rules.targets()) {
    const bool named = std::find(t.obligations.begin(), t.obligations.end(), o.id) != t.obligations.end();
    if (!named && !(t.all_soft && spec.kind == deadline_kind::soft)) continue;
    const std::optional<instant> from = t.from.empty() ? dl.anchor : bound.anchor(t.from).at;
    dl.target = &t;
    if (from) {
      if (auto computed = compute_deadline(*from, t.within, dl.tz, cal)) dl.target_due = computed->due;
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
    dl.rolled_due_from.reset();
    dl.target_due.reset();
    dl.delays.clear();
    dl.undelayed_due.reset();
    dl.not_started = false;
    dl.governed_by.reset();
    for (limit_result& lr : dl.limits) lr.due.reset();
    dl.warnings.clear();
  }
  if (may_apply) {
    if (dl.due) {
      dl.remaining_seconds = (*dl.due - as_of).count();
      dl.overdue = spec.kind != deadline_kind::retention && as_of > *dl.due;
    }
    if (dl.provisional && spec.kind == deadline_kind::retention) {
      anchor_warn(anchor_warning::kind::retention, dl.from, dl.anchor_event);
    } else if (dl.provisional) {
      anchor_warn(anchor_warning::kind::provisional, dl.from, dl.anchor_event);
    } else if (!dl.due && !dl.not_started && !missing_event.empty() && spec.kind != deadline_kind::soft) {
      anchor_warn(anchor_warning::kind::none, missing_event, {});
    }
    for (const std::string& w : dl.warnings) warn({o.id, ": ", w});
  }
  return dl;
}

}  // namespace breachclock::detail
