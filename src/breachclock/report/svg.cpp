#include "breachclock/report/svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "breachclock/report/text.hpp"
#include "detail/text.hpp"

namespace breachclock {

namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr double k_width = 1100;
constexpr double k_left = 290;   // label column
constexpr double k_right = 150;  // room for off-scale deadlines
constexpr double k_top = 96;     // title and event labels
constexpr double k_lane = 30;   // one lane per obligation in a recipient's row
constexpr double k_row_pad = 12;
// The longest span the time axis shows (about 13 months): with ticks at most monthly, a bounded
// number of ticks whatever as_of and the events are.
constexpr std::chrono::hours k_max_span{24 * 400};

constexpr const char* k_required = "#1f4e79";
constexpr const char* k_undetermined = "#b7791f";
constexpr const char* k_overdue = "#c53030";
constexpr const char* k_muted = "#718096";

std::string esc(std::string_view s) { return detail::xml_escape(s); }

std::string short_time(instant t, const zone& z) { return date::format("%a %d %b %H:%M", z.to_local(t)); }

}  // namespace

std::string render_svg(const assessment& a) {
  // What to draw: obligations that apply or may apply and have a dated or soft deadline.
  std::vector<const obligation_result*> shown;
  for (const obligation_result& o : a.obligations) {
    if (o.state == status::not_required || o.deadline.kind == deadline_kind::none) continue;
    if (!o.deadline.due && !(o.deadline.kind == deadline_kind::soft && o.deadline.anchor)) continue;
    shown.push_back(&o);
  }

  // The span: the incident's events, as_of, anchors, and deadlines within 45 days of them,
  // clamped to k_max_span: an as_of or an event years away must not make the picture huge or
  // squeeze every mark into one pixel. What falls outside is drawn at the edge and said so.
  instant lo = a.as_of;
  instant hi = a.as_of;
  bool any_mark = false;
  instant marks_lo = instant::max();
  instant marks_hi = instant::min();
  auto mark = [&](instant t) {
    any_mark = true;
    marks_lo = std::min(marks_lo, t);
    marks_hi = std::max(marks_hi, t);
  };
  for (const obligation_result* o : shown) {
    if (o->deadline.anchor) mark(*o->deadline.anchor);
  }
  for (const obligation_result* o : shown) {
    for (const auto& t : {o->deadline.due, o->deadline.target_due}) {
      if (t && o->deadline.anchor && *t <= marks_hi + hours{24 * 45}) mark(*t);
      else if (t && !o->deadline.anchor) mark(*t);
    }
  }
  if (any_mark) {
    lo = std::min(lo, marks_lo);
    hi = std::max(hi, marks_hi);
  }
  bool clamped = false;
  if (hi - lo > k_max_span) {
    clamped = true;
    // The span of the marks themselves (their latest k_max_span when longer), and as_of only
    // when it is close enough to them.
    hi = any_mark ? marks_hi : a.as_of;
    lo = any_mark ? std::max(marks_lo, marks_hi - k_max_span) : a.as_of;
    if (a.as_of > hi && a.as_of - lo <= k_max_span) hi = a.as_of;
    if (a.as_of < lo && hi - a.as_of <= k_max_span) lo = a.as_of;
  }
  if (hi - lo < hours{48}) {
    const auto mid = lo + (hi - lo) / 2;
    lo = mid - hours{24};
    hi = mid + hours{24};
  }
  const auto pad = (hi - lo) / 20;
  lo -= pad;
  hi += pad;
  const bool as_of_before = a.as_of < lo;
  const bool as_of_after = a.as_of > hi;
  const double x0 = k_left;
  const double x1 = k_width - k_right;
  auto x_of = [&](instant t) {
    const double f = static_cast<double>((t - lo).count()) / static_cast<double>((hi - lo).count());
    return x0 + std::clamp(f, 0.0, 1.0) * (x1 - x0);
  };

  // Rows: one per recipient, in order of first appearance (the assessment is sorted by due).
  std::vector<std::string> rows;
  std::map<std::string, std::vector<const obligation_result*>> by_row;
  for (const obligation_result* o : shown) {
    const std::string name = recipient_text(*o);
    if (by_row.find(name) == by_row.end()) rows.push_back(name);
    by_row[name].push_back(o);
  }
  const double rows_top = k_top;
  std::vector<double> row_top;  // where each row starts
  double y_next = rows_top;
  for (const std::string& r : rows) {
    row_top.push_back(y_next);
    y_next += k_lane * static_cast<double>(by_row[r].size()) + k_row_pad;
  }
  const double rows_bottom = rows.empty() ? rows_top + 40 : y_next;
  const double legend_top = rows_bottom + 48;
  const double height = legend_top + 70;

  std::string out;
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
      k_width, height, k_width, height);
  out += "<defs><linearGradient id=\"soft-required\" x1=\"0\" x2=\"1\"><stop offset=\"0\" stop-color=\"#1f4e79\" "
         "stop-opacity=\"0.55\"/><stop offset=\"1\" stop-color=\"#1f4e79\" stop-opacity=\"0\"/></linearGradient>"
         "<linearGradient id=\"soft-undetermined\" x1=\"0\" x2=\"1\"><stop offset=\"0\" stop-color=\"#b7791f\" "
         "stop-opacity=\"0.5\"/><stop offset=\"1\" stop-color=\"#b7791f\" stop-opacity=\"0\"/></linearGradient></defs>\n";
  out += fmt::format("<rect width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#ffffff\"/>\n", k_width, height);
  out += fmt::format("<text x=\"20\" y=\"28\" font-size=\"17\" font-weight=\"bold\">{}: notification deadlines</text>\n",
                     esc(a.incident_id));
  out += fmt::format("<text x=\"20\" y=\"48\" fill=\"{}\">as of {}; times in {}{}</text>\n", k_muted,
                     esc(format_readable(a.as_of, a.incident_zone)), esc(a.incident_zone.name()),
                     clamped ? fmt::format("; the time axis is cut to the deadlines (at most {} days): {} drawn at its edge",
                                           k_max_span.count() / 24,
                                           as_of_before || as_of_after ? "as_of and what lies beyond are" : "what lies beyond is")
                             : std::string());

  // Axis: ticks at local midnights (or every 6 hours over short spans), labels in the incident's zone.
  const zone& z = a.incident_zone;
  const auto span = hi - lo;
  const int step_days = span <= hours{24 * 4} ? 0 : span <= hours{24 * 16} ? 1 : span <= hours{24 * 70} ? 7 : 30;
  std::vector<instant> ticks;
  if (step_days == 0) {
    instant t = z.start_of_day(z.local_day(lo));
    for (; t <= hi; t += hours{6}) {
      if (t >= lo) ticks.push_back(t);
    }
  } else if (step_days == 30) {
    // The first of each month.
    const date::year_month_day first{z.local_day(lo)};
    for (date::year_month ym = first.year() / first.month();; ym += date::months{1}) {
      const instant t = z.start_of_day(date::local_days{ym / 1});
      if (t > hi) break;
      if (t >= lo) ticks.push_back(t);
    }
  } else {
    for (date::local_days d = z.local_day(lo); z.start_of_day(d) <= hi; d += date::days{step_days}) {
      if (z.start_of_day(d) >= lo) ticks.push_back(z.start_of_day(d));
    }
  }
  for (instant t : ticks) {
    const double x = x_of(t);
    const local_time local = z.to_local(t);
    const bool midnight = local == local_time{z.local_day(t)};
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"{}/>\n", x, rows_top, x,
                       rows_bottom, midnight ? "#cbd5e0" : "#edf2f7", midnight ? "" : " stroke-dasharray=\"2 3\"");
    // Midnights carry the date; noons the hour; other ticks no label.
    const bool noon = local - local_time{z.local_day(t)} == hours{12};
    if (!midnight && !noon) continue;
    const std::string label = !midnight ? std::string("12:00")
                              : step_days == 30 ? date::format("%b %Y", local)
                                                : date::format("%a %d %b", local);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"{}\" font-size=\"11\"{}>{}</text>\n", x,
                       rows_bottom + 16, k_muted, midnight ? " font-weight=\"bold\"" : "", esc(label));
  }
  // Row bands and labels.
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double y = row_top[r];
    const double h = k_lane * static_cast<double>(by_row[rows[r]].size()) + k_row_pad;
    if (r % 2 == 0) out += fmt::format("<rect x=\"0\" y=\"{:.1f}\" width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#f7fafc\"/>\n", y, k_width, h);
    std::string label = rows[r];
    if (label.size() > 44) label = std::string(detail::utf8_prefix(label, 41)) + "...";
    out += fmt::format("<text x=\"20\" y=\"{:.1f}\" font-weight=\"bold\">{}</text>\n", y + k_row_pad / 2 + k_lane / 2 + 4,
                       esc(label));
  }
  if (rows.empty()) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">No dated or soft deadline applies or may apply.</text>\n",
                       x0, rows_top + 24, k_muted);
  }

  // The incident's events: dashed lines, labels staggered over two lines.
  std::size_t n = 0;
  std::vector<std::pair<instant, std::string>> events;
  // Events come from the deadlines' anchors (the incident itself is not in the assessment).
  for (const obligation_result* o : shown) {
    if (o->deadline.anchor) events.emplace_back(*o->deadline.anchor, o->deadline.anchor_event);
  }
  std::sort(events.begin(), events.end());
  events.erase(std::unique(events.begin(), events.end()), events.end());
  for (const auto& [t, name] : events) {
    const double x = x_of(t);
    const double y = 66 + 14 * static_cast<double>(n++ % 2);
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-dasharray=\"5 4\"/>\n", x,
                       y + 4, x, rows_bottom, k_muted);
    // An event beyond a clamped axis sits at the edge, with its full date and an arrow.
    const bool before = t < lo;
    const bool after = t > hi;
    const std::string when = before || after ? format_date(civil_date{z.local_day(t)}) : short_time(t, z);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" fill=\"{}\">{}{} {}{}</text>\n", x, y,
                       before ? "start" : after ? "end" : "middle", k_muted, before ? "\u2190 " : "", esc(name), esc(when),
                       after ? " \u2192" : "");
  }
  // as_of; beyond the axis, at its edge with its date.
  {
    const double x = x_of(a.as_of);
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#2d3748\" stroke-width=\"2\"{}/>\n", x,
                       rows_top - 4, x, rows_bottom + 4, as_of_before || as_of_after ? " stroke-dasharray=\"2 2\"" : "");
    const std::string label = as_of_before  ? "\u2190 as of " + format_date(civil_date{z.local_day(a.as_of)})
                              : as_of_after ? "as of " + format_date(civil_date{z.local_day(a.as_of)}) + " \u2192"
                                            : std::string("as of");
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" font-weight=\"bold\">{}</text>\n", x,
                       rows_bottom + 32, as_of_before ? "start" : as_of_after ? "end" : "middle", esc(label));
  }

  // Deadlines.
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::size_t k = 0;
    for (const obligation_result* o : by_row[rows[r]]) {
      // Each obligation has its own lane: the mark on its middle line, the label just above.
      const double mid = row_top[r] + k_row_pad / 2 + k_lane * static_cast<double>(k++) + k_lane / 2 + 4;
      const deadline_result& d = o->deadline;
      const bool required = o->state == status::required;
      const char* colour = d.overdue ? k_overdue : required ? k_required : k_undetermined;
      const std::string name = o->rule->id;
      const double label_y = mid - 9;
      if (d.kind == deadline_kind::soft) {
        const double xs = x_of(*d.anchor);
        out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"8\" fill=\"url(#soft-{})\"{}/>\n", xs,
                           mid - 4, x1 - xs, required ? "required" : "undetermined",
                           d.provisional ? " stroke=\"" + std::string(colour) + "\" stroke-dasharray=\"3 3\"" : "");
        // The label sits above the bar, from its start, cut to the room on the right (about 6.3
        // pixels a character); only when even the name does not fit there does it end at the start.
        const std::string full = name + ": " + (d.text != nullptr ? *d.text : std::string("no fixed time"));
        const auto fit = [](const std::string& t, double room) {
          const auto chars = static_cast<std::size_t>(std::max(0.0, room / 6.3));
          return t.size() <= chars ? t : std::string(detail::utf8_prefix(t, chars > 3 ? chars - 3 : 0)) + "...";
        };
        const double right_room = k_width - 8 - xs;
        if (right_room / 6.3 >= static_cast<double>(name.size()) + 6) {
          out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">{}</text>\n", xs + 4, label_y, colour,
                             esc(fit(full, right_room)));
        } else {
          out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" text-anchor=\"end\">{}</text>\n", xs - 6, mid + 4,
                             colour, esc(fit(full, xs - 6 - k_left)));
        }
      } else if (d.due) {
        const bool off_scale = *d.due > hi;
        const double x = off_scale ? x1 + 8 : x_of(*d.due);
        if (off_scale) {
          out += fmt::format("<path d=\"M{:.1f} {:.1f} l10 -7 v14 z\" transform=\"rotate(180 {:.1f} {:.1f})\" fill=\"{}\"/>\n", x,
                             mid, x + 5, mid, colour);
          // Beside the arrow there is room for the duty's own name, not its pack's.
          const std::string short_name = name.substr(name.find('/') == std::string::npos ? 0 : name.find('/') + 1);
          out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" font-size=\"11\">{}</text>\n", x + 16, mid - 2,
                             colour, esc(short_name));
          out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" font-size=\"11\">{} {}</text>\n", x + 16, mid + 10,
                             k_muted, d.kind == deadline_kind::retention ? "keep to" : "due", esc(format_date(d.due_date ? *d.due_date : civil_date{z.local_day(*d.due)})));
        } else {
          out += fmt::format("<path d=\"M{:.1f} {:.1f} l7 7 l-7 7 l-7 -7 z\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>\n",
                             x, mid - 7, required ? colour : "#ffffff", colour,
                             d.provisional ? " stroke-dasharray=\"3 2\"" : "");
          const std::string when = short_time(*d.due, z) + (d.overdue ? " (overdue)" : "") + (d.provisional ? " (provisional)" : "");
          const bool flip = x > x1 - 160;
          out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" text-anchor=\"{}\">{}: {}</text>\n",
                             flip ? x - 12 : x + 12, mid + 4, colour, flip ? "end" : "start", esc(name), esc(when));
        }
      }
      if (d.target_due && *d.target_due <= hi) {
        const double x = x_of(*d.target_due);
        // Under the bar or mark, pointing up at the instant.
        out += fmt::format("<path d=\"M{:.1f} {:.1f} l6 10 h-12 z\" fill=\"#4a5568\"><title>internal target {}</title></path>\n", x,
                           mid + 5, esc(short_time(*d.target_due, z)));
      }
    }
  }

  // Legend.
  const double ly = legend_top;
  out += fmt::format("<path d=\"M30 {:.1f} l8 8 l-8 8 l-8 -8 z\" fill=\"{}\"/><text x=\"46\" y=\"{:.1f}\">required</text>\n", ly - 8,
                     k_required, ly + 4);
  out += fmt::format("<path d=\"M150 {:.1f} l8 8 l-8 8 l-8 -8 z\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\"/>"
                     "<text x=\"166\" y=\"{:.1f}\">undetermined</text>\n",
                     ly - 8, k_undetermined, ly + 4);
  out += fmt::format("<path d=\"M290 {:.1f} l8 8 l-8 8 l-8 -8 z\" fill=\"{}\"/><text x=\"306\" y=\"{:.1f}\">overdue</text>\n", ly - 8,
                     k_overdue, ly + 4);
  out += fmt::format("<path d=\"M400 {:.1f} l8 8 l-8 8 l-8 -8 z\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\" "
                     "stroke-dasharray=\"3 2\"/><text x=\"416\" y=\"{:.1f}\">provisional (anchor not known yet)</text>\n",
                     ly - 8, k_undetermined, ly + 4);
  out += fmt::format("<rect x=\"650\" y=\"{:.1f}\" width=\"60\" height=\"12\" fill=\"url(#soft-required)\"/>"
                     "<text x=\"716\" y=\"{:.1f}\">soft deadline (no fixed time)</text>\n",
                     ly - 6, ly + 4);
  out += fmt::format("<path d=\"M30 {:.1f} l6 10 h-12 z\" fill=\"#4a5568\"/><text x=\"46\" y=\"{:.1f}\">internal target</text>\n",
                     ly + 22, ly + 32);
  out += fmt::format("<line x1=\"170\" y1=\"{:.1f}\" x2=\"170\" y2=\"{:.1f}\" stroke=\"{}\" stroke-dasharray=\"5 4\"/>"
                     "<text x=\"180\" y=\"{:.1f}\">incident event</text>\n",
                     ly + 20, ly + 38, k_muted, ly + 32);
  out += fmt::format("<line x1=\"300\" y1=\"{:.1f}\" x2=\"300\" y2=\"{:.1f}\" stroke=\"#2d3748\" stroke-width=\"2\"/>"
                     "<text x=\"310\" y=\"{:.1f}\">as of</text>\n",
                     ly + 20, ly + 38, ly + 32);
  out += fmt::format("<path d=\"M400 {:.1f} l10 -7 v14 z\" transform=\"rotate(180 405 {:.1f})\" fill=\"{}\"/>"
                     "<text x=\"420\" y=\"{:.1f}\">beyond the chart (date shown)</text>\n",
                     ly + 29, ly + 29, k_required, ly + 32);
  out += "</svg>\n";
  return out;
}

}  // namespace breachclock
