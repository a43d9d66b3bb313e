#include <catch2/catch.hpp>

#include <algorithm>

#include "breachclock/report/ics.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/svg.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {
assessment union_case(const char* as_of = "2025-10-08T09:00:00Z") {
  const rule_set rules = rule_set::bundled();
  return *assess(rules,
                 incident::from_file(test::source_path("examples/incidents/uk-ontario-union.toml"), rules.schema()),
                 at(as_of));
}
}  // namespace

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

// The VEVENT of `uid` in `ics`, or "".
std::string event_of(const std::string& ics, const std::string& uid) {
  const auto at_uid = ics.find("UID:" + uid + "\r\n");
  if (at_uid == std::string::npos) return "";
  const auto begin = ics.rfind("BEGIN:VEVENT", at_uid);
  return ics.substr(begin, ics.find("END:VEVENT\r\n", at_uid) + 12 - begin);
}

TEST_CASE("iCalendar: one event per dated deadline, UTC, folded, escaped", "[report]") {
  const std::string ics = render_ics(union_case());
  CHECK(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
  CHECK(ics.find("UID:union-uk-on-2025-10.uk-gdpr%2Fnotify-ico@breachclock\r\n") != std::string::npos);
  CHECK(ics.find("DTSTART:20251010T160000Z\r\n") != std::string::npos);
  CHECK(ics.find("DTSTAMP:20251008T090000Z\r\n") != std::string::npos);
  CHECK(ics.find("TRIGGER:-P1D") != std::string::npos);
  // Soft deadlines have no instant: the ICO report is the one event with alarms; the other
  // required duties are events at as_of that say they have no dated deadline, never
  // "cancelled"; every obligation not required is a cancelled event under its own UID.
  const assessment a = union_case();
  std::size_t required = 0;
  for (const obligation_result& o : a.obligations) required += o.state == status::required ? 1U : 0U;
  CHECK(count(ics, "BEGIN:VEVENT") == a.obligations.size());
  CHECK(count(ics, "STATUS:CONFIRMED") == required);
  CHECK(count(ics, "STATUS:CANCELLED") == a.obligations.size() - required);
  CHECK(count(ics, "BEGIN:VALARM") == 2);
  CHECK(ics.find("SUMMARY:[required] without undue delay: Tell the people affected about the ") != std::string::npos);
  // Every line at most 75 octets, ending CRLF; commas escaped in text.
  std::size_t start = 0;
  while (start < ics.size()) {
    const auto end = ics.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    CHECK(end - start <= 75);
    start = end + 2;
  }
  CHECK(ics.find("SUMMARY:[required] Due: Report the personal data breach to the ICO") != std::string::npos);
  CHECK(ics.find("\\,") != std::string::npos);
  CHECK(render_ics(union_case()) == ics);
}

TEST_CASE("Markdown: summary, sections with checklists and citations, questions, digest", "[report]") {
  const std::string md = render_markdown(union_case());
  CHECK(md.rfind("# Breach notification assessment: union-uk-on-2025-10\n", 0) == 0);
  CHECK(md.find("3 obligations required, 0 undetermined, 101 not required (73 outside the incident's scope).") !=
        std::string::npos);
  CHECK(md.find("The first deadline: `uk-gdpr/notify-ico`") != std::string::npos);
  CHECK(md.find("### `uk-gdpr/notify-ico`: Report the personal data breach to the ICO") != std::string::npos);
  CHECK(md.find("- [ ] The likely consequences of the breach (Art. 33(3)(c))") != std::string::npos);
  CHECK(md.find("[UK GDPR Art. 33(1)](https://www.legislation.gov.uk/eur/2016/679/article/33)") != std::string::npos);
  CHECK(md.find("## Not required") != std::string::npos);
  CHECK(md.find("Digest `sha256:") != std::string::npos);
}

TEST_CASE("SVG: a document with a row per recipient, the marks and the legend", "[report]") {
  const std::string svg = render_svg(union_case());
  CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  CHECK(svg.find("</svg>\n") == svg.size() - 7);
  CHECK(svg.find(">Information Commissioner&apos;s Office<") == std::string::npos);  // not escaped as &apos;
  CHECK(svg.find(">Information Commissioner's Office<") != std::string::npos);
  CHECK(svg.find("uk-gdpr/notify-ico: Fri 10 Oct 17:00") != std::string::npos);
  CHECK(svg.find(">as of<") != std::string::npos);
  CHECK(svg.find(">required<") != std::string::npos);
  // Overdue deadlines are red.
  const std::string late = render_svg(union_case("2025-10-12T09:00:00Z"));
  CHECK(late.find("#c53030") != std::string::npos);
  CHECK(late.find("(overdue)") != std::string::npos);
}

TEST_CASE("SVG and iCalendar stay well-formed whatever the incident's id holds", "[report]") {
  // Control characters are not allowed in XML 1.0 or in iCalendar TEXT; markup must be escaped.
  // (The id reaches the SVG title, the calendar name and the UIDs.)
  const rule_set rules = rule_set::bundled();
  incident i("INC\x01<A&B>", test::zone_named("Europe/London"));
  i.set_event("aware", at("2025-10-07T09:00:00Z"));
  const assessment a = *assess(rules, i, at("2025-10-08T09:00:00Z"));
  auto only_line_breaks = [](const std::string& s) {
    return std::none_of(s.begin(), s.end(), [](char c) {
      const auto u = static_cast<unsigned char>(c);
      return (u < 0x20 && c != '\n' && c != '\r') || u == 0x7f;
    });
  };
  const std::string svg = render_svg(a);
  CHECK(only_line_breaks(svg));
  CHECK(svg.find("INC &lt;A&amp;B&gt;") != std::string::npos);
  CHECK(svg.find("<A&B>") == std::string::npos);
  const std::string ics = render_ics(a);
  CHECK(only_line_breaks(ics));
  CHECK(ics.find("UID:INC%01%3CA%26B%3E.uk-gdpr%2Fnotify-ico@breachclock\r\n") != std::string::npos);
}

TEST_CASE("iCalendar UIDs depend only on the incident and the obligation, and never collide", "[report]") {
  CHECK(ics_uid("cwu-2024-03", "uk-gdpr/notify-ico", false) == "cwu-2024-03.uk-gdpr%2Fnotify-ico@breachclock");
  CHECK(ics_uid("cwu-2024-03", "uk-gdpr/notify-ico", true) == "cwu-2024-03.uk-gdpr%2Fnotify-ico.target@breachclock");
  // Pairs that a lossy encoding ('/' and '.' as '-') would merge.
  CHECK(ics_uid("i", "a-b/c", false) != ics_uid("i", "a/b-c", false));
  CHECK(ics_uid("a.b", "c/d", false) != ics_uid("a", "b.c/d", false));
  CHECK(ics_uid("i", "x.target", false) != ics_uid("i", "x", true));
  // The same UID at any as_of, whatever the status.
  const std::string early = render_ics(union_case("2025-10-08T09:00:00Z"));
  const std::string late = render_ics(union_case("2026-01-08T09:00:00Z"));
  CHECK_FALSE(event_of(early, "union-uk-on-2025-10.uk-gdpr%2Fnotify-ico@breachclock").empty());
  CHECK_FALSE(event_of(late, "union-uk-on-2025-10.uk-gdpr%2Fnotify-ico@breachclock").empty());
}

TEST_CASE("iCalendar SEQUENCE grows with as_of, from no clock, within RFC 5545's INTEGER", "[report]") {
  CHECK(ics_sequence(at("1970-01-01T00:00:00Z")) == 0);
  CHECK(ics_sequence(at("1969-12-31T00:00:00Z")) == 0);
  CHECK(ics_sequence(at("2024-03-22T18:00:00Z")) == 1711130400 / 60);
  CHECK(ics_sequence(at("2024-03-22T18:00:59Z")) == ics_sequence(at("2024-03-22T18:00:00Z")));
  CHECK(ics_sequence(at("2024-03-22T18:01:00Z")) == ics_sequence(at("2024-03-22T18:00:00Z")) + 1);
  // Past 2038 (where seconds would overflow) it still grows; it stops only at 2^31 - 1.
  CHECK(ics_sequence(at("2040-01-01T00:00:00Z")) > ics_sequence(at("2039-12-31T23:59:00Z")));
  CHECK(ics_sequence(at("9999-12-31T23:59:59Z")) == 2147483647);
  const std::string ics = render_ics(union_case("2025-10-08T09:00:00Z"));
  CHECK(count(ics, "SEQUENCE:" + std::to_string(ics_sequence(at("2025-10-08T09:00:00Z"))) + "\r\n") ==
        count(ics, "BEGIN:VEVENT"));
}

TEST_CASE("iCalendar: a duty that stops applying is cancelled under the same UID, without alarms", "[report]") {
  const rule_set rules = rule_set::bundled();
  incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), rules.schema());
  const std::string uid = "cwu-2024-03.uk-gdpr%2Fnotify-ico@breachclock";
  const std::string before = event_of(render_ics(*assess(rules, i, at("2024-03-22T18:00:00Z"))), uid);
  CHECK(before.find("STATUS:TENTATIVE\r\n") != std::string::npos);
  CHECK(before.find("BEGIN:VALARM") != std::string::npos);
  i.set_fact("personal_data_breach", fact_value(false));
  const std::string after = event_of(render_ics(*assess(rules, i, at("2024-03-23T10:00:00Z"))), uid);
  REQUIRE_FALSE(after.empty());
  CHECK(after.find("STATUS:CANCELLED\r\n") != std::string::npos);
  CHECK(after.find("BEGIN:VALARM") == std::string::npos);
  CHECK(after.find("SUMMARY:[cancelled] Report the personal data breach to the ICO\r\n") != std::string::npos);
  CHECK(after.find("SEQUENCE:" + std::to_string(ics_sequence(at("2024-03-23T10:00:00Z")))) != std::string::npos);
  CHECK(ics_sequence(at("2024-03-23T10:00:00Z")) > ics_sequence(at("2024-03-22T18:00:00Z")));
}

TEST_CASE("iCalendar: with no dated duty the export is still a calendar with components", "[report]") {
  const rule_set rules = rule_set::bundled();
  const incident nothing("INC-0", test::zone_named("Europe/London"));
  const assessment a = *assess(rules, nothing, at("2024-03-22T18:00:00Z"));
  const std::string ics = render_ics(a);
  CHECK(ics.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);
  CHECK(ics.size() - ics.rfind("END:VCALENDAR\r\n") == 15);
  // RFC 5545 3.6: a calendar holds at least one component; here every duty that may apply is
  // undetermined and undated, so an event at as_of with no alarm; the others are cancelled. A
  // deadline not started (it counts from a filing not recorded) has no instant and no event.
  std::size_t may_apply = 0;
  std::size_t not_started = 0;
  for (const obligation_result& o : a.obligations) {
    if (o.state != status::undetermined) continue;
    if (o.deadline.not_started) ++not_started;
    else ++may_apply;
  }
  CHECK(may_apply > 0);
  CHECK(not_started > 0);
  const std::size_t events = a.obligations.size() - not_started;
  CHECK(count(ics, "BEGIN:VEVENT") == events);
  CHECK(count(ics, "STATUS:TENTATIVE") == may_apply);
  CHECK(count(ics, "STATUS:CANCELLED") == events - may_apply);
  CHECK(count(ics, "DTSTART:20240322T180000Z") == events);
  CHECK(count(ics, "BEGIN:VALARM") == 0);
}

TEST_CASE("SVG: an as_of years away keeps the picture small and says the axis was cut", "[report]") {
  const std::string near = render_svg(union_case("2025-10-08T09:00:00Z"));
  for (const char* far : {"2031-06-01T12:00:00Z", "9000-01-01T00:00:00Z", "1990-01-01T00:00:00Z"}) {
    INFO(far);
    const std::string svg = render_svg(union_case(far));
    CHECK(svg.size() < near.size() * 2);
    CHECK(count(svg, "<line") < 40);
    CHECK(svg.find("the time axis is cut to the deadlines (at most 400 days): as_of and what lies beyond are drawn at "
                   "its edge") != std::string::npos);
    // The same height: rows depend on the duties, not on the span.
    CHECK(svg.substr(0, svg.find('\n')) == near.substr(0, near.find('\n')));
  }
  CHECK(render_svg(union_case("2031-06-01T12:00:00Z")).find("as of 2031-06-01 \xE2\x86\x92") != std::string::npos);
  CHECK(near.find("the time axis is cut") == std::string::npos);
}

TEST_CASE("iCalendar, Markdown and SVG say the recipient depends on the fact that chooses it", "[report]") {
  const rule_set rules = rule_set::bundled();
  incident i{"grid", test::zone_named("Europe/London")};
  i.set_fact("oes", true);
  i.set_fact("nis_significant_impact", true);
  i.set_event("nis_incident_aware", at("2024-06-03T12:30:00Z"));
  const assessment a = *assess(rules, i, at("2024-06-03T15:00:00Z"));
  // Unfolded, the iCalendar description names the fact.
  std::string ics = render_ics(a);
  for (auto pos = ics.find("\r\n "); pos != std::string::npos; pos = ics.find("\r\n ")) ics.erase(pos, 3);
  CHECK(ics.find("(uk-nis/notify-competent-authority)\\, recipient depends on nis_subsector.") != std::string::npos);
  const std::string md = render_markdown(a);
  CHECK(md.find("| **required** | `uk-nis/notify-competent-authority` | depends on nis\\_subsector |") !=
        std::string::npos);
  CHECK(md.find("- **To:** depends on nis\\_subsector (notify-authority)") != std::string::npos);
  CHECK(render_svg(a).find(">depends on nis_subsector<") != std::string::npos);
  i.set_fact("nis_subsector", "digital_infrastructure");
  const assessment known = *assess(rules, i, at("2024-06-03T15:00:00Z"));
  std::string ics_known = render_ics(known);
  for (auto pos = ics_known.find("\r\n "); pos != std::string::npos; pos = ics_known.find("\r\n "))
    ics_known.erase(pos, 3);
  CHECK(ics_known.find("(uk-nis/notify-competent-authority)\\, to The Office of Communications (Ofcom).") !=
        std::string::npos);
  CHECK(render_markdown(known).find("- **To:** The Office of Communications (Ofcom) (notify-authority)") !=
        std::string::npos);
}
