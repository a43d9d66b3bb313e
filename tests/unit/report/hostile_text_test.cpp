// Text from rules, policies, tests and incidents reaches terminals, Markdown, SVG, iCalendar and
// JSON only sanitised: valid UTF-8, and no control character a terminal would obey.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "breachclock/report/ics.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/svg.hpp"
#include "breachclock/report/text.hpp"
#include "detail/text.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

// An independent check of UTF-8 well-formedness (Unicode 15, table 3-7).
bool well_formed(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (b < 0x80) n = 1;
    else if (b >= 0xC2 && b <= 0xDF) n = 2;
    else if (b == 0xE0) n = 3, lo = 0xA0;
    else if (b == 0xED) n = 3, hi = 0x9F;
    else if (b >= 0xE1 && b <= 0xEF) n = 3;
    else if (b == 0xF0) n = 4, lo = 0x90;
    else if (b == 0xF4) n = 4, hi = 0x8F;
    else if (b >= 0xF1 && b <= 0xF3) n = 4;
    else return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n;
  }
  return true;
}

// No C0 control but the newline (and CR before LF, for iCalendar), no DEL, no C1 control.
bool no_terminal_controls(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == '\n' || (b == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) continue;
    if (b < 0x20 || b == 0x7f) return false;
    if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      return false;
    }
  }
  return true;
}

const std::string k_fffd = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("valid_utf8 replaces each maximal ill-formed subpart with U+FFFD", "[report][text]") {
  using detail::valid_utf8;
  CHECK(valid_utf8("plain, é, €, 😀") == "plain, é, €, 😀");
  CHECK(valid_utf8("a\xff"
                   "b") == "a" + k_fffd + "b");
  CHECK(valid_utf8("\xc3\x28") == k_fffd + "(");                               // a lead byte without its continuation
  CHECK(valid_utf8("\xf0\x9f\x98") == k_fffd);                                 // a truncated sequence: one subpart
  CHECK(valid_utf8("\xc0\xaf") == k_fffd + k_fffd);                            // overlong
  CHECK(valid_utf8("\xed\xa0\x80") == k_fffd + k_fffd + k_fffd);               // a surrogate
  CHECK(valid_utf8("\xf4\x90\x80\x80") == k_fffd + k_fffd + k_fffd + k_fffd);  // above U+10FFFF
  CHECK(valid_utf8("\x80\x80") == k_fffd + k_fffd);                            // stray continuation bytes
  CHECK(well_formed(valid_utf8("\xe2\x82")));
}

TEST_CASE("printable shows control characters as escapes, on one line", "[report][text]") {
  using detail::printable;
  CHECK(printable("red \x1b[31mtext") == "red \\x1b[31mtext");
  CHECK(printable("bell\x07") == "bell\\x07");
  CHECK(printable(std::string("nul\0here", 8)) == "nul\\x00here");
  CHECK(printable("del\x7f") == "del\\x7f");
  CHECK(printable("c1 \xc2\x9b"
                  "31m") == "c1 \\u009b31m");
  // A right-to-left override (U+202E) and an isolate (U+2066) are shown, not obeyed; a zero-width
  // joiner (U+200D) and a right-to-left mark (U+200F) stay, as the scripts that use them need.
  CHECK(printable("file\xe2\x80\xae"
                  "txt.exe") == "file\\u202etxt.exe");
  CHECK(printable("a\xe2\x81\xa6"
                  "b") == "a\\u2066b");
  CHECK(printable("\xe2\x80\x8d\xe2\x80\x8f") == "\xe2\x80\x8d\xe2\x80\x8f");
  CHECK(printable("two\nlines\tand\rcr") == "two lines and cr");
  CHECK(printable("bad \xff") == "bad " + k_fffd);
  CHECK(printable("é€😀 Ġ") == "é€😀 Ġ");
  CHECK(detail::xml_escape("\xe2\x86\x92 \xc3\xa9 \xf0\x9f\x98\x80 <&>") ==
        "\xe2\x86\x92 \xc3\xa9 \xf0\x9f\x98\x80 &lt;&amp;&gt;");
  CHECK(detail::xml_escape("esc\x1b del\x7f c1\xc2\x9b bad\xff") == "esc  del  c1  bad" + k_fffd);
  // Messages keep white space visible too.
  CHECK(detail::excerpt("a\nb") == "a\\x0ab");
}

TEST_CASE("cuts never split a character", "[report][text]") {
  CHECK(detail::utf8_prefix("ééé", 3) == "é");
  CHECK(detail::utf8_prefix("ééé", 4) == "éé");
  CHECK(detail::utf8_prefix("a😀", 3) == "a");
  CHECK(detail::utf8_prefix("abc", 10) == "abc");
  const std::string long_name(100, '\xc3');  // 100 lead bytes: ill-formed
  CHECK(well_formed(detail::excerpt(long_name, 10)));
  std::string accents;
  for (int k = 0; k < 50; ++k) accents += "é";
  const std::string cut = detail::excerpt(accents, 7);
  CHECK(well_formed(cut));
  CHECK(cut.size() < 20);
  CHECK(cut.substr(cut.size() - 3) == "...");
}

TEST_CASE("hostile rule texts never reach a terminal or Markdown raw", "[report][text]") {
  auto loaded = rule_set::load(test::source_path("tests/golden/inputs/rules/hostile-text"));
  REQUIRE(loaded);
  const rule_set& rules = *loaded;
  const incident i = incident::from_file(test::source_path("tests/golden/inputs/incidents/hostile-text.toml"),
                                         rules.schema());
  const assessment a = *assess(rules, i, at("2024-03-22T18:00:00Z"));
  // The texts really are hostile: an escape in a title, a NUL in a note.
  REQUIRE(a.find("t/report")->rule->title.find('\x1b') != std::string::npos);
  REQUIRE(a.find("t/report")->pack->notes[1].find('\0') != std::string::npos);
  std::vector<std::pair<std::string, std::string>> outputs = {
      {"text", render_text(a)},         {"questions", render_questions(a)},
      {"markdown", render_markdown(a)}, {"svg", render_svg(a)},
      {"ics", render_ics(a)},
  };
  for (const obligation_result& o : a.obligations)
    outputs.emplace_back("explain " + o.rule->id, render_explanation(a, o));
  for (const auto& [name, out] : outputs) {
    INFO(name << ":\n" << out);
    CHECK(well_formed(out));
    CHECK(no_terminal_controls(out));
  }
  // Shown, not obeyed.
  CHECK(render_explanation(a, *a.find("t/report")).find("Report \\x1b[32mDONE\\x1b[0m") != std::string::npos);
  // (a backslash is escaped in Markdown: it renders as \x00)
  CHECK(render_markdown(a).find("NUL \\\\x00 and a newline in it") != std::string::npos);
  // Markdown markup in a title stays text.
  CHECK(render_markdown(a).find("\\| \\*not\\* a \\`table\\` \\<b\\>cell\\</b\\>") != std::string::npos);
  // A text that starts like a block does not start one.
  CHECK(render_markdown(a).find("- [ ] \\- \\[x\\] a forged checkbox \\# and a heading\n") != std::string::npos);
  // JSON escapes control characters itself; it must still parse.
  CHECK(nlohmann::json::parse(render_json(a))["obligations"].size() == 2);
}

TEST_CASE("Markdown: indented block markers and entity references stay text", "[report][text]") {
  const rule_set rules = rule_set::bundled();
  incident i("INC-md", test::zone_named("Europe/London"));
  i.add_note("   1. not a list");
  i.add_note("  - nor this");
  i.add_note("Fish &amp; chips & peas");
  const std::string md = render_markdown(*assess(rules, i, at("2024-03-22T18:00:00Z")));
  CHECK(md.find("   1\\. not a list") != std::string::npos);
  CHECK(md.find("  \\- nor this") != std::string::npos);
  CHECK(md.find("Fish \\&amp; chips \\& peas") != std::string::npos);
}

TEST_CASE("no output holds invalid UTF-8, even from an incident built in code", "[report][text]") {
  const rule_set rules = rule_set::bundled();
  incident i("INC-\xff\xfe", test::zone_named("Europe/London"));
  i.set_title("bad \xc3\x28 title \xed\xa0\x80");
  i.add_note("a note cut in the middle of a character: \xe2\x82");
  i.set_event("aware", at("2024-03-22T10:00:00Z"));
  i.set_fact("uk_processing", true);
  const assessment a = *assess(rules, i, at("2024-03-22T18:00:00Z"));
  std::vector<std::pair<std::string, std::string>> outputs = {
      {"text", render_text(a)},
      {"questions", render_questions(a)},
      {"markdown", render_markdown(a)},
      {"svg", render_svg(a)},
      {"ics", render_ics(a)},
      {"json", render_json(a)},
      {"explain", render_explanation(a, *a.find("uk-gdpr/notify-ico"))},
  };
  for (const auto& [name, out] : outputs) {
    INFO(name);
    CHECK(well_formed(out));
  }
  CHECK(render_markdown(a).find("bad " + k_fffd + "( title") != std::string::npos);
  CHECK(nlohmann::json::parse(render_json(a))["incident"]["title"].get<std::string>().find(k_fffd) !=
        std::string::npos);
}

TEST_CASE("diagnostics show a hostile file name printable and stay valid UTF-8", "[report][text]") {
  diagnostic d;
  d.level = severity::error;
  d.where.file = "/tmp/\xff\x1b[31mred.toml";
  d.where.line = 2;
  d.where.column = 9;
  d.message = "unknown time zone 'No\xc3'";
  const std::string shown = to_string(d);
  CHECK(shown == "/tmp/" + k_fffd + "\\x1b[31mred.toml:2:9: error: unknown time zone 'No" + k_fffd + "'");
  CHECK(well_formed(shown));
  CHECK(no_terminal_controls(shown));
}
