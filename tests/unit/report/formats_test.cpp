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
  return assess(rules, incident::from_file(test::source_path("examples/incidents/uk-ontario-union.toml"), rules.schema()), at(as_of));
}
}  // namespace

TEST_CASE("iCalendar: one event per dated deadline, UTC, folded, escaped", "[report]") {
  const std::string ics = render_ics(union_case());
  CHECK(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0) == 0);
  CHECK(ics.find("UID:union-uk-on-2025-10.uk-gdpr-notify-ico@breachclock\r\n") != std::string::npos);
  CHECK(ics.find("DTSTART:20251010T160000Z\r\n") != std::string::npos);
  CHECK(ics.find("DTSTAMP:20251008T090000Z\r\n") != std::string::npos);
  CHECK(ics.find("TRIGGER:-P1D") != std::string::npos);
  // Soft deadlines have no instant: only the ICO report is an event here.
  std::size_t events = 0;
  for (auto pos = ics.find("BEGIN:VEVENT"); pos != std::string::npos; pos = ics.find("BEGIN:VEVENT", pos + 1)) ++events;
  CHECK(events == 1);
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
  CHECK(md.find("3 obligations required, 0 undetermined, 28 not required.") != std::string::npos);
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
  const assessment a = assess(rules, i, at("2025-10-08T09:00:00Z"));
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
  CHECK(ics.find("UID:INC--A-B-.uk-gdpr-notify-ico@breachclock\r\n") != std::string::npos);
}

TEST_CASE("iCalendar, Markdown and SVG say the recipient depends on the fact that chooses it", "[report]") {
  const rule_set rules = rule_set::bundled();
  incident i{"grid", test::zone_named("Europe/London")};
  i.set_fact("oes", true);
  i.set_fact("nis_significant_impact", true);
  i.set_event("nis_incident_aware", at("2024-06-03T12:30:00Z"));
  const assessment a = assess(rules, i, at("2024-06-03T15:00:00Z"));
  // Unfolded, the iCalendar description names the fact.
  std::string ics = render_ics(a);
  for (auto pos = ics.find("\r\n "); pos != std::string::npos; pos = ics.find("\r\n ")) ics.erase(pos, 3);
  CHECK(ics.find("(uk-nis/notify-competent-authority)\\, recipient depends on nis_subsector.") != std::string::npos);
  const std::string md = render_markdown(a);
  CHECK(md.find("| **required** | `uk-nis/notify-competent-authority` | depends on nis\\_subsector |") != std::string::npos);
  CHECK(md.find("- **To:** depends on nis\\_subsector (notify-authority)") != std::string::npos);
  CHECK(render_svg(a).find(">depends on nis_subsector<") != std::string::npos);
  i.set_fact("nis_subsector", "digital_infrastructure");
  const assessment known = assess(rules, i, at("2024-06-03T15:00:00Z"));
  std::string ics_known = render_ics(known);
  for (auto pos = ics_known.find("\r\n "); pos != std::string::npos; pos = ics_known.find("\r\n ")) ics_known.erase(pos, 3);
  CHECK(ics_known.find("(uk-nis/notify-competent-authority)\\, to The Office of Communications (Ofcom).") != std::string::npos);
  CHECK(render_markdown(known).find("- **To:** The Office of Communications (Ofcom) (notify-authority)") != std::string::npos);
}
