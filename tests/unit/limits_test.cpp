// Every limit on the size and shape of an input, met by hostile inputs through the public API:
// each ends with a clear, located error, never a crash, a hang or an exception. The limits are
// listed in docs/performance.md ("Limits").
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "breachclock/breachclock.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::files_of;
using breachclock::test::first_error;
using breachclock::test::messages;

namespace {

constexpr const char* k_facts = R"toml(
[event.occurred]
description = "d"
question = "When did it happen?"
[fact.breach]
type = "bool"
description = "d"
question = "Was there a breach?"
)toml";

const std::string k_head = R"toml([regime]
id = "law"
title = "A law"
jurisdiction = "GB"
zone = "Europe/London"
sources = [{ ref = "Act s. 1", url = "https://example.org/act" }]
[authority.reg]
name = "The Regulator"
)toml";

std::string an_obligation(const std::string& id, const std::string& when) {
  return "\n[[obligation]]\nid = \"" + id +
         "\"\naction = \"notify-authority\"\nto = \"reg\"\ntitle = \"T\"\ncite = [{ ref = \"s. 2\", url = "
         "\"https://example.org/s2\" }]\n"
         "when = '" +
         when + "'\n";
}

// The diagnostics of loading a pack `law.toml` with the facts above.
std::vector<std::string> load_errors(const std::string& pack) {
  auto r = rule_set::load(files_of({{"facts.toml", k_facts}, {"law.toml", pack}}));
  REQUIRE_FALSE(r);
  return messages(r.diagnostics());
}

result<incident> incident_of(const std::string& text, const char* path = "i.toml") {
  return parse_incident(source_file{path, text, path}, rule_set::bundled().schema());
}

// Messages quote at most an excerpt of what they complain about.
void check_short(const std::string& message) {
  INFO(message.substr(0, 200));
  CHECK(message.size() < 400);
}

}  // namespace

TEST_CASE("limits: 100,000 nested parentheses in a condition", "[expr][limits]") {
  const std::string deep = std::string(100'000, '(') + "breach" + std::string(100'000, ')');
  // Too long before it is too deep: refused by the lexer, at the condition.
  const auto es = load_errors(k_head + an_obligation("law/a", deep));
  REQUIRE(es.size() == 1);
  CHECK(es[0] == "law.toml:16:9: error: condition is 200006 bytes long; the limit is 8192");
  // Within the length limit, the depth limit holds.
  const std::string nested = std::string(1000, '(') + "breach" + std::string(1000, ')');
  CHECK(load_errors(k_head + an_obligation("law/a", nested))[0] ==
        "law.toml:16:73: error: condition is nested more than 64 levels deep");
  const std::string nots = [] {
    std::string s;
    for (int i = 0; i < 1000; ++i) s += "not ";
    return s + "breach";
  }();
  CHECK(load_errors(k_head + an_obligation("law/a", nots))[0] ==
        "law.toml:16:265: error: condition is nested more than 64 levels deep");
  // The same through the condition compiler.
  auto c = expr::compile(deep, rule_set::bundled().schema(), expr::default_locator("c.toml"));
  REQUIRE_FALSE(c);
  CHECK(c.diagnostics().front().code == "limit.condition");
}

TEST_CASE("limits: a megabyte-long name", "[facts][limits]") {
  const std::string huge(1 << 20, 'x');
  SECTION("a fact of an incident, TOML and JSON") {
    auto t = incident_of("id = \"x\"\nzone = \"Europe/London\"\n[facts]\n" + huge + " = true\n");
    REQUIRE_FALSE(t);
    CHECK(first_error(t).rfind("i.toml:4:1: error: unknown fact 'xxxx", 0) == 0);
    check_short(first_error(t));
    auto j = incident_of(R"({"id": "x", "zone": "Europe/London", "facts": {")" + huge + R"(": true}})", "i.json");
    REQUIRE_FALSE(j);
    CHECK(first_error(j).rfind("i.json:1:48: error: unknown fact 'xxxx", 0) == 0);
    check_short(first_error(j));
  }
  SECTION("an event, a zone, an id") {
    auto e = incident_of("id = \"x\"\nzone = \"Europe/London\"\n[events]\n" + huge + " = 2024-01-01T00:00:00Z\n");
    REQUIRE_FALSE(e);
    check_short(first_error(e));
    auto z = incident_of("id = \"x\"\nzone = \"" + huge + "\"\n");
    REQUIRE_FALSE(z);
    CHECK(first_error(z).rfind("i.toml:2:9: error: 'xxxx", 0) == 0);  // not the zone of a place
    check_short(first_error(z));
    const auto es = load_errors(k_head + an_obligation(huge, "breach"));
    REQUIRE_FALSE(es.empty());
    check_short(es[0]);
  }
  SECTION("a name in a condition") {
    const auto es = load_errors(k_head + an_obligation("law/a", huge));
    REQUIRE(es.size() == 1);
    CHECK(es[0] == "law.toml:16:9: error: condition is 1048576 bytes long; the limit is 8192");
    const auto long_but_within = load_errors(k_head + an_obligation("law/a", std::string(8000, 'y')));
    REQUIRE(long_but_within.size() == 1);
    INFO(long_but_within[0].substr(0, 200));
    CHECK(long_but_within[0].rfind("law.toml:16:9: error: unknown ", 0) == 0);
    check_short(long_but_within[0]);
  }
}

TEST_CASE("limits: deep TOML and JSON nesting", "[facts][limits]") {
  const std::string head = "id = \"x\"\nzone = \"Europe/London\"\n[facts]\nrole = ";
  // Beyond what the TOML parser accepts at all.
  auto arrays = incident_of(head + std::string(100'000, '[') + std::string(100'000, ']') + "\n");
  REQUIRE_FALSE(arrays);
  CHECK(
      first_error(arrays) ==
      "i.toml:4:264: error: invalid TOML (value): exceeded maximum nested value depth of 256 (TOML_MAX_NESTED_VALUES)");
  std::string tables = head;
  for (int i = 0; i < 100'000; ++i) tables += "{a=";
  tables += "1" + std::string(100'000, '}') + "\n";
  auto inline_tables = incident_of(tables);
  REQUIRE_FALSE(inline_tables);
  CHECK(first_error(inline_tables).rfind("i.toml:4:", 0) == 0);
  // Accepted by the TOML parser, refused by breachclock's own limit of 64, at the value.
  auto seventy = incident_of(head + std::string(70, '[') + std::string(70, ']') + "\n");
  REQUIRE_FALSE(seventy);
  CHECK(first_error(seventy) == "i.toml:4:71: error: nested deeper than 64 levels");
  std::string dotted = "id = \"x\"\nzone = \"Europe/London\"\n[facts";
  for (int i = 0; i < 1000; ++i) dotted += ".a";
  auto headers = incident_of(dotted + "]\nx = 1\n");
  REQUIRE_FALSE(headers);
  CHECK(first_error(headers) == "i.toml:3:1: error: nested deeper than 64 levels");
  auto json =
      incident_of(R"({"id": "x", "facts": {"role": )" + std::string(100'000, '[') + std::string(100'000, ']') + "}}",
                  "i.json");
  REQUIRE_FALSE(json);
  CHECK(first_error(json) == "i.json:1:93: error: invalid JSON: arrays and objects are nested more than 64 deep");
  // In a rule pack, under a key breachclock does not read, the TOML parser's limit holds.
  const auto es = load_errors(k_head + "extra = " + std::string(100'000, '[') + std::string(100'000, ']') + "\n");
  INFO(es[0]);
  CHECK(es[0].rfind("law.toml:9:", 0) == 0);
}

TEST_CASE("limits: values in one document, and the size of a file", "[facts][limits]") {
  std::string many = "id = \"x\"\nzone = \"Europe/London\"\n[facts]\nrole = [";
  for (int i = 0; i < 100'001; ++i) many += "1,";
  auto r = incident_of(many + "]\n");
  REQUIRE_FALSE(r);
  CHECK(first_error(r) == "i.toml:4:200003: error: the document holds more than 100000 values");
  // 4 MiB is the most any file may have.
  auto big = incident_of("id = \"x\"\n#" + std::string(4u << 20, 'c') + "\n");
  REQUIRE_FALSE(big);
  CHECK(big.diagnostics().front().code == "file.too-large");
  CHECK(first_error(big).rfind("i.toml:1:1: error: ", 0) == 0);
}

TEST_CASE("limits: facts, enum values, obligations and files of a rule set", "[rules][limits]") {
  SECTION("more than 64 values of an enum") {
    std::string values;
    for (int i = 0; i < 65; ++i) values += (i > 0 ? ", \"v" : "\"v") + std::to_string(i) + "\"";
    auto r = parse_fact_schema(
        "[event.occurred]\ndescription = \"d\"\nquestion = \"q?\"\n[fact.kind]\ntype = \"enum\"\nvalues = [" + values +
            "]\ndescription = \"d\"\nquestion = \"q?\"\n",
        "facts.toml");
    REQUIRE_FALSE(r);
    CHECK(first_error(r) == "facts.toml:6:1: error: at most 64 values");
  }
  SECTION("more than 1000 obligations") {
    std::string pack = k_head;
    for (int i = 0; i <= 1000; ++i) pack += an_obligation("law/o" + std::to_string(i), "breach");
    const auto es = load_errors(pack);
    REQUIRE(es.size() == 1);
    // The 1001st [[obligation]] is where the limit is passed.
    CHECK(es[0] == "law.toml:8010:1: error: a rule set has at most 1000 obligations");
  }
  SECTION("more than 500 files") {
    std::map<std::string, std::string> texts{{"facts.toml", k_facts}};
    for (int i = 0; i < 500; ++i) texts["p" + std::to_string(1000 + i) + ".toml"] = "";
    auto r = rule_set::load(files_of(texts));
    REQUIRE_FALSE(r);
    const auto es = messages(r.diagnostics());
    REQUIRE(es.size() == 1);
    CHECK(es[0].find(": error: a rule set has at most 500 files") != std::string::npos);
    CHECK(es[0].rfind("p", 0) == 0);  // located at a file
  }
}

TEST_CASE("limits: a zone name a megabyte long under a place area", "[limits]") {
  // Area/Location in form, so looked up, and the did-you-mean must stay quick and short.
  auto z = zone::locate("Europe/" + std::string(1 << 20, 'x'), {"i.toml", 2, 9});
  REQUIRE_FALSE(z);
  CHECK(first_error(z).rfind("i.toml:2:9: error: unknown time zone 'Europe/xxxx", 0) == 0);
  check_short(first_error(z));
}

TEST_CASE("limits: times outside the years 0001-9999 in incidents", "[limits]") {
  // A TOML date-time with an offset that carries it into the year 0000.
  auto offset = incident_of("id = \"x\"\nzone = \"Europe/London\"\n[events]\naware = 0000-01-01T00:30:00+01:00\n");
  REQUIRE_FALSE(offset);
  CHECK(first_error(offset) ==
        "i.toml:4:9: error: event 'aware' is before 0001-01-01T00:00:00Z, outside the years "
        "breachclock computes (0001-9999)");
  // A local TOML date-time that the zone carries into the year 0000.
  auto local = incident_of("id = \"x\"\nzone = \"Asia/Tokyo\"\n[events]\naware = 0001-01-01T00:00:00\n");
  REQUIRE_FALSE(local);
  CHECK(local.diagnostics().front().code == "time.range");
  // JSON, and quoted TOML: the year 0000 itself.
  auto json = incident_of(R"({"id": "x", "zone": "Europe/London", "events": {"aware": "0000-06-01T00:00:00Z"}})",
                          "i.json");
  REQUIRE_FALSE(json);
  CHECK(first_error(json).find("year 0000 is out of range") != std::string::npos);
}

TEST_CASE("limits: an incident time without seconds, in JSON and quoted TOML", "[limits]") {
  auto json = incident_of(R"({"id": "x", "zone": "Europe/London", "events": {"aware": "2024-03-22T16:00"}})", "i.json");
  REQUIRE(json);
  CHECK(format_utc(*json->event("aware")) == "2024-03-22T16:00:00Z");
  auto toml = incident_of("id = \"x\"\nzone = \"America/Toronto\"\n[events]\naware = \"2024-03-22T16:00\"\n");
  REQUIRE(toml);
  CHECK(format_utc(*toml->event("aware")) == "2024-03-22T20:00:00Z");
}

TEST_CASE("limits: a deadline past 9999-12-31 in an assessment is said, not dropped", "[limits]") {
  // Before: the failed computation left the obligation with no deadline and no word.
  auto i = incident_of(
      "id = \"x\"\nzone = \"Europe/London\"\n[events]\ndetected = 9999-12-30T09:00:00Z\n"
      "aware = 9999-12-30T09:00:00Z\n[facts]\nuk_processing = true\nrole = \"controller\"\n"
      "personal_data_breach = true\nrisk = \"high\"\n");
  REQUIRE(i);
  const assessment a = *assess(rule_set::bundled(), *i, *parse_rfc3339("9999-12-30T10:00:00Z"));
  bool said = false;
  for (const std::string& w : a.warnings)
    said = said || w.find("no deadline could be computed: the deadline is after 9999-12-31") != std::string::npos;
  CHECK(said);
}

TEST_CASE("an incident whose zone is UTC: the assessment warns that its days are UTC days", "[limits]") {
  auto i = incident_of("id = \"x\"\nzone = \"UTC\"\n[events]\naware = 2024-03-22T16:00:00\n");
  REQUIRE(i);
  const assessment a = *assess(rule_set::bundled(), *i, *parse_rfc3339("2024-03-22T18:00:00Z"));
  CHECK(std::find(a.warnings.begin(), a.warnings.end(),
                  "the incident's zone is UTC: its local times are read as UTC, and its days are UTC days, not a "
                  "place's") != a.warnings.end());
  auto london = incident_of("id = \"x\"\nzone = \"Europe/London\"\n[events]\naware = 2024-03-22T16:00:00\n");
  REQUIRE(london);
  const assessment b = *assess(rule_set::bundled(), *london, *parse_rfc3339("2024-03-22T18:00:00Z"));
  for (const std::string& w : b.warnings) CHECK(w.find("UTC days") == std::string::npos);
}
