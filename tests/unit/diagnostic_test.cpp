#include <catch2/catch.hpp>

#include <sstream>

#include "breachclock/diagnostic.hpp"

using namespace breachclock;

TEST_CASE("diagnostics print as file:line:col: severity: message", "[base]") {
  CHECK(to_string(make_error("x", {"rules/a.toml", 3, 7}, "bad")) == "rules/a.toml:3:7: error: bad");
  CHECK(to_string(make_warning("x", {"rules/a.toml", 3, 0}, "odd")) == "rules/a.toml:3: warning: odd");
  CHECK(to_string(make_error("x", {"a.toml", 0, 0}, "unreadable")) == "a.toml: error: unreadable");
  CHECK(to_string(make_error("x", {}, "no place")) == "error: no place");
  std::ostringstream os;
  os << make_error("x", {"f", 1, 2}, "m");
  CHECK(os.str() == "f:1:2: error: m");
}

TEST_CASE("diagnostics print with their code as file:line:col: severity[code]: message", "[base]") {
  const auto with_code = [](const diagnostic& d) { return to_string(d, diagnostic_style::with_code); };
  CHECK(with_code(make_error("rules.dead-exception", {"rules/a.toml", 3, 7}, "bad")) ==
        "rules/a.toml:3:7: error[rules.dead-exception]: bad");
  CHECK(with_code(make_warning("rules.unused-fact", {"rules/a.toml", 3, 0}, "odd")) ==
        "rules/a.toml:3: warning[rules.unused-fact]: odd");
  CHECK(with_code(make_error("file.read", {"a.toml", 0, 0}, "unreadable")) == "a.toml: error[file.read]: unreadable");
  CHECK(with_code(make_error("cli.as-of", {}, "no place")) == "error[cli.as-of]: no place");
  CHECK(with_code(diagnostic{severity::note, "", {"a.toml", 1, 2}, "no code"}) == "a.toml:1:2: note: no code");
  // Plain, the default, leaves the code out; a code with control bytes prints escaped.
  CHECK(to_string(make_error("x.y", {"a.toml", 1, 2}, "m"), diagnostic_style::plain) ==
        to_string(make_error("x.y", {"a.toml", 1, 2}, "m")));
  CHECK(with_code(make_error("x\ny", {}, "m")).find('\n') == std::string::npos);
}

TEST_CASE("no message is longer than 2,000 bytes, cut at a UTF-8 boundary", "[base]") {
  const std::string exact(2000, 'a');
  CHECK(make_error("x", {}, exact).message == exact);
  const diagnostic long_one = make_warning("x", {}, std::string(1 << 20, 'b'));
  CHECK(long_one.message == std::string(2000, 'b') + "... (message cut)");
  // "é" is two bytes: a cut that would split one moves back before it.
  std::string accents(1999, 'c');
  for (int i = 0; i < 10; ++i) accents += "\xc3\xa9";
  CHECK(make_error("x", {}, accents).message == std::string(1999, 'c') + "... (message cut)");
}

TEST_CASE("a result holds a value or the diagnostics that explain why not", "[base]") {
  result<int> ok = 4;
  CHECK(ok);
  CHECK(*ok == 4);
  result<int> bad = make_error("c", {"f", 1, 1}, "broken");
  CHECK_FALSE(bad);
  CHECK(has_errors(bad.diagnostics()));
  CHECK_THROWS_AS(bad.value(), breachclock::error);
  try {
    (void)bad.value();
  } catch (const breachclock::error& e) {
    CHECK(std::string(e.what()) == "f:1:1: error: broken");
    CHECK(e.diagnostics().size() == 1);
  }
  result<int> warned(5, {make_warning("w", {}, "careful")});
  CHECK(warned);
  CHECK_FALSE(has_errors(warned.diagnostics()));
}
