// Private to the report layer: the timeline picture (report/svg.hpp) in two steps, each
// testable alone. layout_svg decides what is drawn and where: the time axis (its span, whether
// it is cut, its ticks), one row per recipient with one lane per obligation, the incident's
// events, as_of, and the place of every mark. draw_svg only writes that plan as SVG.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "report/presentation.hpp"

namespace breachclock::detail {

inline constexpr double k_svg_width = 1100;
inline constexpr double k_svg_left = 290;   // label column
inline constexpr double k_svg_right = 150;  // room for off-scale deadlines
inline constexpr double k_svg_top = 96;     // title and event labels
inline constexpr double k_svg_lane = 30;    // one lane per obligation in a recipient's row
inline constexpr double k_svg_row_pad = 12;
// The longest span the time axis shows (about 13 months): with ticks at most monthly, a bounded
// number of ticks whatever as_of and the events are.
inline constexpr std::chrono::hours k_svg_max_span{24 * 400};

// A tick of the time axis: at a local midnight (labelled with its date), or every 6 hours over
// short spans (noon labelled "12:00", the others not).
struct svg_tick {
  instant at;
  double x = 0;
  bool midnight = false;
  std::string label;  // "" for an unlabelled tick
};

// One obligation's lane: its mark on the middle line, its label just above or beside.
struct svg_lane {
  const obligation_view* view = nullptr;
  double mid = 0;  // the y of the lane's middle line
  enum class mark : unsigned char { soft_bar, diamond, off_scale } shape = mark::diamond;
  double x = 0;                    // the diamond's centre, the bar's start, or the arrow's place
  bool label_before = false;       // diamond: the label ends left of the mark (near the right edge);
                                   // soft bar: the label ends before the bar (no room on its right)
  std::optional<double> target_x;  // the internal target's triangle, when it is on the axis
  std::optional<double> filed_x;   // the filing's mark (a duty done), when it is on the axis
};

struct svg_row {
  std::string recipient;  // as the reports name it, uncut
  double top = 0;
  double height = 0;
  std::vector<svg_lane> lanes;
};

// An incident event (a deadline's anchor): a dashed line, its label on one of two lines.
struct svg_event {
  instant at;
  std::string name;
  double x = 0;
  double label_y = 0;
  bool before = false;  // beyond a cut axis, on the left
  bool after = false;   // ... on the right
};

struct svg_layout {
  double width = k_svg_width;
  double height = 0;
  double x0 = k_svg_left;                 // the axis, from x0
  double x1 = k_svg_width - k_svg_right;  // to x1
  double rows_top = k_svg_top;
  double rows_bottom = 0;
  double legend_top = 0;
  instant lo, hi;        // the span of the axis
  bool clamped = false;  // the axis is cut to k_svg_max_span
  int step_days = 0;     // ticks: 0 (every 6 hours), 1, 7 or 30 (the first of each month)
  std::vector<svg_tick> ticks;
  std::vector<svg_row> rows;  // in order of first appearance (the assessment is sorted by due)
  std::vector<svg_event> events;
  double as_of_x = 0;
  bool as_of_before = false;
  bool as_of_after = false;

  // Where `t` falls on the axis, clamped to [x0, x1].
  double x_of(instant t) const;
};

svg_layout layout_svg(const presentation& p);
std::string draw_svg(const svg_layout& layout, const presentation& p);

}  // namespace breachclock::detail
