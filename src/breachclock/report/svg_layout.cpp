#include "report/svg_layout.hpp"

#include <algorithm>
#include <map>

namespace breachclock::detail {

namespace {

using std::chrono::hours;

// The span the axis shows: the incident's events, as_of, anchors, and deadlines within 45 days
// of them, clamped to k_svg_max_span: an as_of or an event years away must not make the picture
// huge or squeeze every mark into one pixel. What falls outside is drawn at the edge and said so.
void span(svg_layout& l, const std::vector<const obligation_view*>& shown, instant as_of) {
  instant lo = as_of;
  instant hi = as_of;
  bool any_mark = false;
  instant marks_lo = instant::max();
  instant marks_hi = instant::min();
  auto mark = [&](instant t) {
    any_mark = true;
    marks_lo = std::min(marks_lo, t);
    marks_hi = std::max(marks_hi, t);
  };
  for (const obligation_view* v : shown) {
    if (v->result->deadline.anchor) mark(*v->result->deadline.anchor);
  }
  for (const obligation_view* v : shown) {
    const deadline_result& d = v->result->deadline;
    for (const auto& t : {d.due, d.target_due}) {
      // A due instant without an anchor always; one with an anchor only within 45 days of the marks so far.
      if (t && (!d.anchor || *t <= marks_hi + hours{24 * 45})) mark(*t);
    }
  }
  if (any_mark) {
    lo = std::min(lo, marks_lo);
    hi = std::max(hi, marks_hi);
  }
  if (hi - lo > k_svg_max_span) {
    l.clamped = true;
    // The span of the marks themselves (their latest k_svg_max_span when longer), and as_of
    // only when it is close enough to them.
    hi = any_mark ? marks_hi : as_of;
    lo = any_mark ? std::max(marks_lo, marks_hi - k_svg_max_span) : as_of;
    if (as_of > hi && as_of - lo <= k_svg_max_span) hi = as_of;
    if (as_of < lo && hi - as_of <= k_svg_max_span) lo = as_of;
  }
  if (hi - lo < hours{48}) {
    const auto mid = lo + (hi - lo) / 2;
    lo = mid - hours{24};
    hi = mid + hours{24};
  }
  const auto pad = (hi - lo) / 20;
  l.lo = lo - pad;
  l.hi = hi + pad;
}

// Ticks at local midnights (or every 6 hours over short spans), in the incident's zone.
void ticks(svg_layout& l, const zone& z) {
  const auto span = l.hi - l.lo;
  l.step_days = span <= hours{24 * 4} ? 0 : span <= hours{24 * 16} ? 1 : span <= hours{24 * 70} ? 7 : 30;
  std::vector<instant> at;
  if (l.step_days == 0) {
    for (instant t = z.start_of_day(z.local_day(l.lo)); t <= l.hi; t += hours{6}) {
      if (t >= l.lo) at.push_back(t);
    }
  } else if (l.step_days == 30) {
    // The first of each month.
    const date::year_month_day first{z.local_day(l.lo)};
    for (date::year_month ym = first.year() / first.month();; ym += date::months{1}) {
      const instant t = z.start_of_day(date::local_days{ym / 1});
      if (t > l.hi) break;
      if (t >= l.lo) at.push_back(t);
    }
  } else {
    for (date::local_days d = z.local_day(l.lo); z.start_of_day(d) <= l.hi; d += date::days{l.step_days}) {
      if (z.start_of_day(d) >= l.lo) at.push_back(z.start_of_day(d));
    }
  }
  for (instant t : at) {
    svg_tick tick{t, l.x_of(t), false, ""};
    const local_time local = z.to_local(t);
    tick.midnight = local == local_time{z.local_day(t)};
    // Midnights carry the date; noons the hour; other ticks no label.
    const bool noon = local - local_time{z.local_day(t)} == hours{12};
    if (tick.midnight) tick.label = l.step_days == 30 ? date::format("%b %Y", local) : date::format("%a %d %b", local);
    else if (noon) tick.label = "12:00";
    l.ticks.push_back(std::move(tick));
  }
}

svg_lane lane_of(const svg_layout& l, const obligation_view& v, double mid) {
  const deadline_result& d = v.result->deadline;
  svg_lane lane;
  lane.view = &v;
  lane.mid = mid;
  if (d.kind == deadline_kind::soft) {
    lane.shape = svg_lane::mark::soft_bar;
    lane.x = l.x_of(*d.anchor);
    // The label sits above the bar, from its start, when the room on the right (about 6.3
    // pixels a character) holds at least the name; otherwise it ends at the bar's start.
    const double right_room = l.width - 8 - lane.x;
    lane.label_before = right_room / 6.3 < static_cast<double>(v.result->rule->id.size()) + 6;
  } else if (d.due && *d.due > l.hi) {
    lane.shape = svg_lane::mark::off_scale;
    lane.x = l.x1 + 8;
  } else if (d.due) {
    lane.shape = svg_lane::mark::diamond;
    lane.x = l.x_of(*d.due);
    lane.label_before = lane.x > l.x1 - 160;
  }
  if (d.target_due && *d.target_due <= l.hi) lane.target_x = l.x_of(*d.target_due);
  const std::optional<filing_result>& f = v.result->filed;
  if (f && f->at >= l.lo && f->at <= l.hi) lane.filed_x = l.x_of(f->at);
  return lane;
}

}  // namespace

double svg_layout::x_of(instant t) const {
  const double f = static_cast<double>((t - lo).count()) / static_cast<double>((hi - lo).count());
  return x0 + std::clamp(f, 0.0, 1.0) * (x1 - x0);
}

svg_layout layout_svg(const presentation& p) {
  const assessment& a = *p.source;
  svg_layout l;
  // What to draw: obligations that apply or may apply and have a dated or soft deadline.
  std::vector<const obligation_view*> drawn;
  for (const obligation_view* v : p.shown) {
    const deadline_result& d = v->result->deadline;
    if (d.kind == deadline_kind::none) continue;
    if (!d.due && !(d.kind == deadline_kind::soft && d.anchor)) continue;
    drawn.push_back(v);
  }
  span(l, drawn, a.as_of);
  l.as_of_before = a.as_of < l.lo;
  l.as_of_after = a.as_of > l.hi;
  l.as_of_x = l.x_of(a.as_of);

  // Rows: one per recipient, in order of first appearance; a lane per obligation.
  std::map<std::string, std::size_t> row_of;
  std::vector<std::vector<const obligation_view*>> members;
  for (const obligation_view* v : drawn) {
    const auto [it, fresh] = row_of.emplace(v->recipient, l.rows.size());
    if (fresh) {
      l.rows.push_back(svg_row{v->recipient, 0, 0, {}});
      members.emplace_back();
    }
    members[it->second].push_back(v);
  }
  double y_next = l.rows_top;
  for (std::size_t r = 0; r < l.rows.size(); ++r) {
    svg_row& row = l.rows[r];
    row.top = y_next;
    row.height = k_svg_lane * static_cast<double>(members[r].size()) + k_svg_row_pad;
    for (std::size_t k = 0; k < members[r].size(); ++k) {
      const double mid = row.top + k_svg_row_pad / 2 + k_svg_lane * static_cast<double>(k) + k_svg_lane / 2 + 4;
      row.lanes.push_back(lane_of(l, *members[r][k], mid));
    }
    y_next += row.height;
  }
  l.rows_bottom = l.rows.empty() ? l.rows_top + 40 : y_next;
  l.legend_top = l.rows_bottom + 48;
  l.height = l.legend_top + 70;
  ticks(l, a.incident_zone);

  // The incident's events that the deadlines drawn count from (their anchors), each once,
  // labels staggered over two lines.
  std::vector<std::pair<instant, std::string>> events;
  for (const obligation_view* v : drawn) {
    if (v->result->deadline.anchor) events.emplace_back(*v->result->deadline.anchor, v->result->deadline.anchor_event);
  }
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  std::size_t n = 0;
  for (auto& [t, name] : events) {
    l.events.push_back(
        svg_event{t, std::move(name), l.x_of(t), 66 + 14 * static_cast<double>(n++ % 2), t<l.lo, t> l.hi});
  }
  return l;
}

}  // namespace breachclock::detail
