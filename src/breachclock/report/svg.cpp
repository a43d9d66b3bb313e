#include "breachclock/report/svg.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "detail/text.hpp"
#include "report/svg_layout.hpp"

namespace breachclock {

namespace detail {

namespace {

constexpr const char* k_required = "#1f4e79";
constexpr const char* k_undetermined = "#b7791f";
constexpr const char* k_overdue = "#c53030";
constexpr const char* k_muted = "#718096";
constexpr const char* k_done = "#2f855a";

std::string esc(std::string_view s) { return xml_escape(s); }

// At most about `room` pixels of `t` (6.3 a character), cut between characters, "..." when cut.
std::string fit(const std::string& t, double room) {
  const auto chars = static_cast<std::size_t>(std::max(0.0, room / 6.3));
  return t.size() <= chars ? t : std::string(utf8_prefix(t, chars > 3 ? chars - 3 : 0)) + "...";
}

void draw_lane(std::string& out, const svg_layout& l, const svg_lane& lane) {
  const obligation_view& v = *lane.view;
  const deadline_result& d = v.result->deadline;
  const bool required = v.result->state == status::required;
  const char* colour = v.done ? k_done : d.overdue ? k_overdue : required ? k_required : k_undetermined;
  const std::string name = v.result->rule->id + (v.result->proposed ? " [proposed]" : "");
  const double mid = lane.mid;
  const double label_y = mid - 9;
  if (lane.shape == svg_lane::mark::soft_bar) {
    const double xs = lane.x;
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"8\" fill=\"url(#soft-{})\"{}/>\n", xs,
                       mid - 4, l.x1 - xs, required ? "required" : "undetermined",
                       d.provisional ? " stroke=\"" + std::string(colour) + "\" stroke-dasharray=\"3 3\"" : "");
    const std::string full = name + ": " + v.law_text.value_or("no fixed time");
    if (!lane.label_before) {
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">{}</text>\n", xs + 4, label_y, colour,
                         esc(fit(full, l.width - 8 - xs)));
    } else {
      out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" text-anchor=\"end\">{}</text>\n", xs - 6, mid + 4,
                         colour, esc(fit(full, xs - 6 - l.x0)));
    }
  } else if (lane.shape == svg_lane::mark::off_scale) {
    const double x = lane.x;
    out +=
        fmt::format("<path d=\"M{:.1f} {:.1f} l10 -7 v14 z\" transform=\"rotate(180 {:.1f} {:.1f})\" fill=\"{}\"/>\n",
                    x, mid, x + 5, mid, colour);
    // Beside the arrow there is room for the duty's own name, not its pack's.
    const std::string short_name = name.substr(name.find('/') == std::string::npos ? 0 : name.find('/') + 1);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" font-size=\"11\">{}</text>\n", x + 16, mid - 2,
                       colour, esc(short_name));
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" font-size=\"11\">{} {}</text>\n", x + 16, mid + 10,
                       k_muted, v.keep_until ? "keep to" : "due", esc(v.due_day));
  } else {
    const double x = lane.x;
    out +=
        fmt::format("<path d=\"M{:.1f} {:.1f} l7 7 l-7 7 l-7 -7 z\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>\n",
                    x, mid - 7, required ? colour : "#ffffff", colour,
                    d.provisional ? " stroke-dasharray=\"3 2\"" : "");
    const char* state = v.done ? (v.late ? " (done late)" : " (done)") : d.overdue ? " (overdue)" : "";
    const std::string when = v.due_short + state + (d.provisional ? " (provisional)" : "");
    const bool flip = lane.label_before;
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" text-anchor=\"{}\">{}: {}</text>\n",
                       flip ? x - 12 : x + 12, mid + 4, colour, flip ? "end" : "start", esc(name), esc(when));
  }
  if (lane.filed_x) {
    // The filing: a ring on the lane at its instant, saying when and how.
    out += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\">"
        "<title>{}</title></circle>\n",
        *lane.filed_x, mid, k_done, esc(*v.done));
  }
  if (lane.target_x) {
    // Under the bar or mark, pointing up at the instant.
    out += fmt::
        format("<path d=\"M{:.1f} {:.1f} l6 10 h-12 z\" fill=\"#4a5568\"><title>internal target {}</title></path>\n",
               *lane.target_x, mid + 5, esc(v.target_short));
  }
}

void draw_legend(std::string& out, const svg_layout& l) {
  const double ly = l.legend_top;
  out += fmt::
      format("<path d=\"M30 {:.1f} l8 8 l-8 8 l-8 -8 z\" fill=\"{}\"/><text x=\"46\" y=\"{:.1f}\">required</text>\n",
             ly - 8, k_required, ly + 4);
  out += fmt::format(
      "<path d=\"M150 {:.1f} l8 8 l-8 8 l-8 -8 z\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\"/>"
      "<text x=\"166\" y=\"{:.1f}\">undetermined</text>\n",
      ly - 8, k_undetermined, ly + 4);
  out += fmt::
      format("<path d=\"M290 {:.1f} l8 8 l-8 8 l-8 -8 z\" fill=\"{}\"/><text x=\"306\" y=\"{:.1f}\">overdue</text>\n",
             ly - 8, k_overdue, ly + 4);
  out += fmt::format(
      "<path d=\"M400 {:.1f} l8 8 l-8 8 l-8 -8 z\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"2\" "
      "stroke-dasharray=\"3 2\"/><text x=\"416\" y=\"{:.1f}\">provisional (anchor not known yet)</text>\n",
      ly - 8, k_undetermined, ly + 4);
  out += fmt::format(
      "<rect x=\"650\" y=\"{:.1f}\" width=\"60\" height=\"12\" fill=\"url(#soft-required)\"/>"
      "<text x=\"716\" y=\"{:.1f}\">soft deadline (no fixed time)</text>\n",
      ly - 6, ly + 4);
  out += fmt::format(
      "<path d=\"M30 {:.1f} l6 10 h-12 z\" fill=\"#4a5568\"/><text x=\"46\" y=\"{:.1f}\">internal target</text>\n",
      ly + 22, ly + 32);
  out += fmt::format(
      "<line x1=\"170\" y1=\"{:.1f}\" x2=\"170\" y2=\"{:.1f}\" stroke=\"{}\" stroke-dasharray=\"5 4\"/>"
      "<text x=\"180\" y=\"{:.1f}\">incident event</text>\n",
      ly + 20, ly + 38, k_muted, ly + 32);
  out += fmt::format(
      "<line x1=\"300\" y1=\"{:.1f}\" x2=\"300\" y2=\"{:.1f}\" stroke=\"#2d3748\" stroke-width=\"2\"/>"
      "<text x=\"310\" y=\"{:.1f}\">as of</text>\n",
      ly + 20, ly + 38, ly + 32);
  out += fmt::format(
      "<path d=\"M400 {:.1f} l10 -7 v14 z\" transform=\"rotate(180 405 {:.1f})\" fill=\"{}\"/>"
      "<text x=\"420\" y=\"{:.1f}\">beyond the chart (date shown)</text>\n",
      ly + 29, ly + 29, k_required, ly + 32);
}

}  // namespace

std::string draw_svg(const svg_layout& l, const presentation& p) {
  const assessment& a = *p.source;
  const zone& z = a.incident_zone;
  std::string out;
  out += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{:.0f}\" height=\"{:.0f}\" viewBox=\"0 0 {:.0f} {:.0f}\" "
      "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
      l.width, l.height, l.width, l.height);
  out +=
      "<defs><linearGradient id=\"soft-required\" x1=\"0\" x2=\"1\"><stop offset=\"0\" stop-color=\"#1f4e79\" "
      "stop-opacity=\"0.55\"/><stop offset=\"1\" stop-color=\"#1f4e79\" stop-opacity=\"0\"/></linearGradient>"
      "<linearGradient id=\"soft-undetermined\" x1=\"0\" x2=\"1\"><stop offset=\"0\" stop-color=\"#b7791f\" "
      "stop-opacity=\"0.5\"/><stop offset=\"1\" stop-color=\"#b7791f\" stop-opacity=\"0\"/></linearGradient></defs>\n";
  out += fmt::format("<rect width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#ffffff\"/>\n", l.width, l.height);
  out +=
      fmt::format("<text x=\"20\" y=\"28\" font-size=\"17\" font-weight=\"bold\">{}: notification deadlines</text>\n",
                  esc(a.incident_id));
  out +=
      fmt::format("<text x=\"20\" y=\"48\" fill=\"{}\">as of {}; times in {}{}</text>\n", k_muted, esc(p.as_of_local),
                  esc(z.name()),
                  l.clamped
                      ? fmt::format("; the time axis is cut to the deadlines (at most {} days): {} drawn at its edge",
                                    k_svg_max_span.count() / 24,
                                    l.as_of_before || l.as_of_after ? "as_of and what lies beyond are"
                                                                    : "what lies beyond is")
                      : std::string());
  // Axis: ticks, labels in the incident's zone.
  for (const svg_tick& t : l.ticks) {
    out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"{}/>\n", t.x,
                       l.rows_top, t.x, l.rows_bottom, t.midnight ? "#cbd5e0" : "#edf2f7",
                       t.midnight ? "" : " stroke-dasharray=\"2 3\"");
    if (t.label.empty()) continue;
    out +=
        fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"{}\" font-size=\"11\"{}>{}</text>\n",
                    t.x, l.rows_bottom + 16, k_muted, t.midnight ? " font-weight=\"bold\"" : "", esc(t.label));
  }
  // Row bands and labels.
  for (std::size_t r = 0; r < l.rows.size(); ++r) {
    const svg_row& row = l.rows[r];
    if (r % 2 == 0) {
      out += fmt::format("<rect x=\"0\" y=\"{:.1f}\" width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#f7fafc\"/>\n", row.top,
                         l.width, row.height);
    }
    std::string label = row.recipient;
    if (label.size() > 44) label = std::string(utf8_prefix(label, 41)) + "...";
    out += fmt::format("<text x=\"20\" y=\"{:.1f}\" font-weight=\"bold\">{}</text>\n",
                       row.top + k_svg_row_pad / 2 + k_svg_lane / 2 + 4, esc(label));
  }
  if (l.rows.empty()) {
    out += fmt::
        format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\">No dated or soft deadline applies or may apply.</text>\n",
               l.x0, l.rows_top + 24, k_muted);
  }
  // The incident's events: dashed lines; beyond a cut axis, at the edge with the full date and an arrow.
  for (const svg_event& e : l.events) {
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-dasharray=\"5 4\"/>\n", e.x,
        e.label_y + 4, e.x, l.rows_bottom, k_muted);
    const std::string when = e.before || e.after ? format_date(civil_date{z.local_day(e.at)})
                                                 : date::format("%a %d %b %H:%M", z.to_local(e.at));
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" fill=\"{}\">{}{} {}{}</text>\n", e.x,
                       e.label_y,
                       e.before  ? "start"
                       : e.after ? "end"
                                 : "middle",
                       k_muted, e.before ? "\u2190 " : "", esc(e.name), esc(when), e.after ? " \u2192" : "");
  }
  // as_of; beyond the axis, at its edge with its date.
  {
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#2d3748\" stroke-width=\"2\"{}/>\n",
        l.as_of_x, l.rows_top - 4, l.as_of_x, l.rows_bottom + 4,
        l.as_of_before || l.as_of_after ? " stroke-dasharray=\"2 2\"" : "");
    const std::string day = format_date(civil_date{z.local_day(a.as_of)});
    const std::string label = l.as_of_before  ? "\u2190 as of " + day
                              : l.as_of_after ? "as of " + day + " \u2192"
                                              : std::string("as of");
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" font-weight=\"bold\">{}</text>\n", l.as_of_x,
                       l.rows_bottom + 32,
                       l.as_of_before  ? "start"
                       : l.as_of_after ? "end"
                                       : "middle",
                       esc(label));
  }
  // Deadlines.
  for (const svg_row& row : l.rows) {
    for (const svg_lane& lane : row.lanes) draw_lane(out, l, lane);
  }
  draw_legend(out, l);
  out += "</svg>\n";
  return out;
}

}  // namespace detail

std::string render_svg(const assessment& a) {
  const detail::presentation p = detail::present(a);
  return detail::draw_svg(detail::layout_svg(p), p);
}

}  // namespace breachclock
