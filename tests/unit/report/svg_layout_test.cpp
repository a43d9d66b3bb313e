// The timeline picture in two steps: layout_svg (what goes where, a plain struct) and draw_svg
// (the SVG of that plan), src/breachclock/report/svg_layout.hpp.
#include <catch2/catch.hpp>

#include "breachclock/report/svg.hpp"
#include "report/svg_layout.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

assessment assessed(const char* file, const char* as_of) {
  const rule_set rules = rule_set::bundled();
  return *assess(rules, incident::from_file(test::example_incident(file), rules.schema()), at(as_of));
}

std::size_t lanes(const detail::svg_layout& l) {
  std::size_t n = 0;
  for (const detail::svg_row& r : l.rows) n += r.lanes.size();
  return n;
}

}  // namespace

TEST_CASE("SVG layout: rows per recipient, a lane per obligation, marks on the axis", "[report]") {
  const assessment a = assessed("cwu-2024.toml", "2024-03-23T10:00:00Z");
  const detail::presentation p = detail::present(a);
  const detail::svg_layout l = detail::layout_svg(p);

  // Drawn: the dated deadlines and the soft ones with an anchor (not "no time limit").
  CHECK(lanes(l) == 3);
  REQUIRE(l.rows.size() == 2);
  CHECK(l.rows[0].recipient == "Information Commissioner's Office");
  CHECK(l.rows[1].recipient == "The data subjects affected");
  double y = l.rows_top;
  for (const detail::svg_row& r : l.rows) {
    CHECK(r.top == y);
    CHECK(r.height == detail::k_svg_lane * static_cast<double>(r.lanes.size()) + detail::k_svg_row_pad);
    for (const detail::svg_lane& lane : r.lanes) {
      CHECK(lane.mid > r.top);
      CHECK(lane.mid < r.top + r.height);
      CHECK(lane.view->recipient == r.recipient);
    }
    y += r.height;
  }
  CHECK(l.rows_bottom == y);
  CHECK(l.legend_top == l.rows_bottom + 48);
  CHECK(l.height == l.legend_top + 70);

  const detail::svg_lane& ico = l.rows[0].lanes[0];
  CHECK(ico.view->result->rule->id == "uk-gdpr/notify-ico");
  CHECK(ico.shape == detail::svg_lane::mark::diamond);
  CHECK(ico.x == Approx(l.x_of(*ico.view->result->deadline.due)));
  CHECK(ico.x > l.x0);
  CHECK(ico.x < l.x1);
  for (const detail::svg_lane& lane : l.rows[1].lanes) {
    CHECK(lane.shape == detail::svg_lane::mark::soft_bar);
    CHECK(lane.x == Approx(l.x_of(*lane.view->result->deadline.anchor)));
  }

  // The axis: a short span, ticks every 6 hours, in order, inside it; midnights and noons labelled.
  CHECK_FALSE(l.clamped);
  CHECK(l.step_days == 0);
  REQUIRE(!l.ticks.empty());
  for (std::size_t k = 0; k < l.ticks.size(); ++k) {
    CHECK(l.ticks[k].at >= l.lo);
    CHECK(l.ticks[k].at <= l.hi);
    if (k > 0) CHECK(l.ticks[k].x > l.ticks[k - 1].x);
    CHECK(l.ticks[k].label.empty() == (!l.ticks[k].midnight && l.ticks[k].label != "12:00"));
  }
  // The events are the anchors, once each, labels on alternate lines.
  REQUIRE(!l.events.empty());
  for (std::size_t k = 0; k < l.events.size(); ++k) CHECK(l.events[k].label_y == (k % 2 == 0 ? 66 : 80));
  CHECK(l.as_of_x == Approx(l.x_of(a.as_of)));
  CHECK_FALSE(l.as_of_before);
  CHECK_FALSE(l.as_of_after);
}

TEST_CASE("SVG layout: the scale clamps to the axis, a far as_of cuts it", "[report]") {
  const assessment a = assessed("uk-ontario-union.toml", "2031-06-01T12:00:00Z");
  const detail::presentation p = detail::present(a);
  const detail::svg_layout l = detail::layout_svg(p);
  CHECK(l.x_of(l.lo) == l.x0);
  CHECK(l.x_of(l.hi) == l.x1);
  CHECK(l.x_of(l.lo - std::chrono::hours{24 * 365}) == l.x0);
  CHECK(l.x_of(l.hi + std::chrono::hours{24 * 365}) == l.x1);
  CHECK(l.clamped);
  CHECK(l.hi - l.lo <= detail::k_svg_max_span + detail::k_svg_max_span / 10);
  CHECK(l.as_of_after);
  CHECK(l.as_of_x == l.x1);
  CHECK(l.ticks.size() <= 15);
}

TEST_CASE("SVG layout: nothing to draw leaves an empty band", "[report]") {
  const rule_set rules = rule_set::bundled();
  incident i{"EMPTY", *zone::locate("Europe/London")};
  i.set_fact("uk_processing", false);
  i.set_fact("canadian_personal_information", false);
  const assessment a = *assess(rules, i, at("2025-01-01T00:00:00Z"));
  const detail::presentation p = detail::present(a);
  const detail::svg_layout l = detail::layout_svg(p);
  CHECK(l.rows.empty());
  CHECK(l.events.empty());
  CHECK(l.rows_bottom == l.rows_top + 40);
  CHECK(detail::draw_svg(l, p).find("No dated or soft deadline applies or may apply.") != std::string::npos);
}

TEST_CASE("SVG drawing writes the layout it is given, and render_svg is layout then drawing", "[report]") {
  const assessment a = assessed("cwu-2024.toml", "2024-03-23T10:00:00Z");
  const detail::presentation p = detail::present(a);
  detail::svg_layout l = detail::layout_svg(p);
  CHECK(detail::draw_svg(l, p) == render_svg(a));

  // Moved in the plan, moved in the picture: the drawing computes no position of its own.
  detail::svg_lane& ico = l.rows.at(0).lanes.at(0);
  ico.x = 333.3;
  ico.mid = 222.2;
  ico.label_before = true;
  const std::string moved = detail::draw_svg(l, p);
  CHECK(moved.find("<path d=\"M333.3 215.2 l7 7 l-7 7 l-7 -7 z\"") != std::string::npos);
  CHECK(moved.find("x=\"321.3\" y=\"226.2\"") != std::string::npos);
  CHECK(moved.find("text-anchor=\"end\">uk-gdpr/notify-ico: Sun 24 Mar 09:00") != std::string::npos);
  l.height = 999;
  CHECK(detail::draw_svg(l, p).find("height=\"999\" viewBox=\"0 0 1100 999\"") != std::string::npos);
}
