#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "breachclock/facts/incident.hpp"
#include "breachclock/facts/schema.hpp"
#include "support/test_support.hpp"
#include "unit/facts/schema_cases.hpp"

using namespace breachclock;
using breachclock::test::first_error;
using namespace breachclock::test::schema_cases;

namespace {

// Every diagnostic of a schema that must fail, as `file:line:col: error: message`.
std::vector<std::string> errors(const std::string& text) {
  auto r = parse_fact_schema(text, "facts.toml");
  CHECK_FALSE(r);
  std::vector<std::string> out;
  for (const diagnostic& d : r.diagnostics()) out.push_back(to_string(d));
  return out;
}

// The one error of a schema that must fail with exactly one.
std::string one_error(const std::string& text) {
  const std::vector<std::string> es = errors(text);
  CHECK(es.size() == 1);
  return es.empty() ? std::string("(no diagnostic)") : es.front();
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// A minimal valid fact, appended to schemas that test events (a schema needs both tables).
constexpr const char* k_fact = R"(
[fact.flag]
type = "bool"
description = "d"
question = "q"
)";

}  // namespace

TEST_CASE("schema errors: unknown keys, with a did-you-mean", "[facts]") {
  SECTION("in a fact") {
    const auto es = errors(lines(R"(
[fact.breach]
typ = "bool"
description = "d"
question = "q"
)") + k_event);
    REQUIRE(es.size() == 2);
    CHECK(contains(es, "facts.toml:2:1: error: unknown key 'typ' in [fact.breach]; did you mean 'type'?"));
    CHECK(contains(es, "facts.toml:1:1: error: [fact.breach] needs 'type'"));
  }
  SECTION("in an event") {
    CHECK(one_error(lines(R"(
[event.aware]
description = "d"
question = "q"
falback = "detected"
)") + k_fact) == "facts.toml:4:1: error: unknown key 'falback' in [event.aware]; did you mean 'fallback'?");
  }
  SECTION("a fact key with no near match") {
    CHECK(one_error(lines(R"(
[fact.breach]
type = "bool"
description = "d"
question = "q"
colour = "blue"
)") + k_event) == "facts.toml:5:1: error: unknown key 'colour' in [fact.breach]");
  }
  SECTION("at the top") {
    CHECK(one_error(lines(R"(
[event.detected]
description = "d"
question = "q"

[facts.breach]
type = "bool"
description = "d"
question = "q"

[fact.risk]
type = "enum"
values = ["low"]
description = "d"
question = "q"
)")) == "facts.toml:5:2: error: unknown key 'facts' in the fact schema; did you mean 'fact'?");
  }
  SECTION("missing description and question") {
    const auto es = errors(lines(R"(
[event.detected]
fallback = "occurred"

[event.occurred]
description = "d"
question = "q"

[fact.breach]
type = "bool"
)"));
    REQUIRE(es.size() == 4);
    CHECK(contains(es, "facts.toml:1:1: error: [event.detected] needs 'description'"));
    CHECK(contains(es, "facts.toml:1:1: error: [event.detected] needs 'question'"));
    CHECK(contains(es, "facts.toml:8:1: error: [fact.breach] needs 'description'"));
    CHECK(contains(es, "facts.toml:8:1: error: [fact.breach] needs 'question'"));
  }
}

TEST_CASE("schema errors: types and values", "[facts]") {
  SECTION("a type that is not a type word") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.breach]
type = "boolean"
description = "d"
question = "q"
)") == "facts.toml:7:1: error: type is bool, int, enum, set or text, not 'boolean'");
  }
  SECTION("values on a fact that is not an enum or a set") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.breach]
type = "bool"
values = ["yes", "no"]
description = "d"
question = "q"
)") == "facts.toml:8:1: error: only enum and set facts have values");
    CHECK(one_error(std::string(k_event) + R"(
[fact.summary]
type = "text"
values = ["a"]
description = "d"
question = "q"
)") == "facts.toml:8:1: error: only enum and set facts have values");
  }
  SECTION("an enum without values") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.risk]
type = "enum"
description = "d"
question = "q"
)") == "facts.toml:6:1: error: [fact.risk] needs 'values'");
  }
  SECTION("empty values") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.risk]
type = "enum"
values = []
description = "d"
question = "q"
)") == "facts.toml:8:1: error: risk needs at least one value");
    CHECK(one_error(std::string(k_event) + R"(
[fact.cats]
type = "set"
values = []
description = "d"
question = "q"
)") == "facts.toml:8:1: error: cats needs at least one value");
  }
  SECTION("an empty string as a value") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.risk]
type = "enum"
values = ["low", ""]
description = "d"
question = "q"
)") == "facts.toml:8:1: error: value '' of risk is not allowed: values are non-empty, at most 64 bytes, and "
       "'unknown' means an unknown fact");
  }
  SECTION("'unknown' as a value") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.risk]
type = "enum"
values = ["low", "unknown", "high"]
description = "d"
question = "q"
)") == "facts.toml:8:1: error: value 'unknown' of risk is not allowed: values are non-empty, at most 64 bytes, and "
       "'unknown' means an unknown fact");
    CHECK(one_error(std::string(k_event) + R"(
[fact.cats]
type = "set"
values = ["unknown"]
description = "d"
question = "q"
)") == "facts.toml:8:1: error: value 'unknown' of cats is not allowed: values are non-empty, at most 64 bytes, and "
       "'unknown' means an unknown fact");
  }
  SECTION("a duplicate value") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.cats]
type = "set"
values = ["contact", "health", "contact"]
description = "d"
question = "q"
)") == "facts.toml:8:1: error: value 'contact' is listed twice");
  }
  SECTION("a value that is not a string") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.risk]
type = "enum"
values = ["low", 2]
description = "d"
question = "q"
)") == "facts.toml:8:18: error: 'values[]' in [fact.risk] must be a string, not an integer");
  }
  SECTION("too many values") {
    std::string values;
    for (std::size_t i = 0; i <= k_max_values; ++i) values += (i > 0 ? ", \"v" : "\"v") + std::to_string(i) + "\"";
    CHECK(one_error(std::string(k_event) + "\n[fact.cats]\ntype = \"set\"\nvalues = [" + values +
                    "]\ndescription = \"d\"\nquestion = \"q\"\n") == "facts.toml:8:1: error: at most 64 values");
  }
  SECTION("bounds on a fact that is not an int") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.risk]
type = "enum"
values = ["low"]
min = 1
description = "d"
question = "q"
)") == "facts.toml:9:1: error: only int facts have 'min'");
    CHECK(one_error(std::string(k_event) + R"(
[fact.breach]
type = "bool"
max = 1
description = "d"
question = "q"
)") == "facts.toml:8:1: error: only int facts have 'max'");
  }
  SECTION("min greater than max") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.count]
type = "int"
min = 10
max = 5
description = "d"
question = "q"
)") == "facts.toml:9:1: error: max is less than min");
  }
  SECTION("min equal to max is allowed") {
    auto r = parse_fact_schema(std::string(k_event) + R"(
[fact.count]
type = "int"
min = 5
max = 5
description = "d"
question = "q"
)",
                               "facts.toml");
    REQUIRE(r);
    CHECK(r->fact("count")->min == std::int64_t{5});
    CHECK(r->fact("count")->max == std::int64_t{5});
  }
  SECTION("a value longer than 64 bytes") {
    const std::string long_value(65, 'v');
    CHECK(
        one_error(std::string(k_event) + "\n[fact.risk]\ntype = \"enum\"\nvalues = [\"" + long_value +
                  "\"]\ndescription = \"d\"\nquestion = \"q\"\n") ==
        "facts.toml:8:1: error: value '" + std::string(60, 'v') +
            "...' of risk is not allowed: values are non-empty, at most 64 bytes, and 'unknown' means an unknown fact");
    auto ok = parse_fact_schema(std::string(k_event) + "\n[fact.risk]\ntype = \"enum\"\nvalues = [\"" +
                                    std::string(64, 'v') + "\"]\ndescription = \"d\"\nquestion = \"q\"\n",
                                "facts.toml");
    CHECK(ok);
  }
  SECTION("a misspelt values key") {
    const auto es = errors(std::string(k_event) + R"(
[fact.risk]
type = "enum"
value = ["low", "high"]
description = "d"
question = "q"
)");
    REQUIRE(es.size() == 2);
    CHECK(contains(es, "facts.toml:6:1: error: [fact.risk] needs 'values'"));
    CHECK(contains(es, "facts.toml:8:1: error: unknown key 'value' in [fact.risk]; did you mean 'values'?"));
  }
  SECTION("a misspelt type word is reported once, not as a bool fact with values or bounds") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.risk]
type = "enumm"
values = ["low", "high"]
description = "d"
question = "q"
)") == "facts.toml:7:1: error: type is bool, int, enum, set or text, not 'enumm'");
    CHECK(one_error(std::string(k_event) + R"(
[fact.count]
type = "integer"
min = 0
description = "d"
question = "q"
)") == "facts.toml:7:1: error: type is bool, int, enum, set or text, not 'integer'");
  }
  SECTION("a type that is not a string is reported once") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.count]
type = 3
description = "d"
question = "q"
)") == "facts.toml:7:8: error: 'type' in [fact.count] must be a string, not an integer");
  }
  SECTION("a bound that is not an integer") {
    CHECK(one_error(std::string(k_event) + R"(
[fact.count]
type = "int"
min = "0"
description = "d"
question = "q"
)") == "facts.toml:8:7: error: 'min' in [fact.count] must be an integer, not a string");
  }
  SECTION("an event or fact that is not a table") {
    CHECK(one_error(std::string(k_event) + "\n[fact]\nbreach = \"bool\"\n") ==
          "facts.toml:7:10: error: 'breach' in [fact] must be a table, not a string");
  }
}

TEST_CASE("schema errors: names that are not identifiers", "[facts]") {
  const std::string message =
      "must be a lower-case identifier (a-z, 0-9, _; at most 64 characters), as conditions use it";
  CHECK(one_error(std::string(k_event) + R"(
[fact.Breach]
type = "bool"
description = "d"
question = "q"
)") == "facts.toml:6:7: error: fact name 'Breach' " + message);
  CHECK(one_error(std::string(k_event) + R"(
[fact."data-categories"]
type = "bool"
description = "d"
question = "q"
)") == "facts.toml:6:7: error: fact name 'data-categories' " + message);
  CHECK(one_error(std::string(k_event) + R"(
[fact.2fa]
type = "bool"
description = "d"
question = "q"
)") == "facts.toml:6:7: error: fact name '2fa' " + message);
  CHECK(one_error(lines(R"(
[event."first seen"]
description = "d"
question = "q"
)") + k_fact) == "facts.toml:1:8: error: event name 'first seen' " + message);
  const std::string long_name(65, 'a');
  CHECK(one_error(std::string(k_event) + "\n[fact." + long_name +
                  "]\ntype = \"bool\"\ndescription = \"d\"\nquestion = \"q\"\n") ==
        "facts.toml:6:7: error: fact name '" + std::string(60, 'a') + "...' " + message);  // shortened
  // 64 characters, underscores and digits are fine.
  const std::string ok_name = "_x9" + std::string(61, 'b');
  auto r = parse_fact_schema(std::string(k_event) + "\n[fact." + ok_name +
                                 "]\ntype = \"bool\"\ndescription = \"d\"\nquestion = \"q\"\n",
                             "facts.toml");
  REQUIRE(r);
  CHECK(r->fact(ok_name) != nullptr);
}

TEST_CASE("schema errors: words of the condition language cannot be names", "[facts]") {
  for (const char* word : {"and", "or", "not", "in", "true", "false", "known", "any_of", "all_of"}) {
    INFO(word);
    CHECK(one_error(std::string(k_event) + "\n[fact." + word +
                    "]\ntype = \"bool\"\ndescription = \"d\"\nquestion = \"q\"\n") ==
          "facts.toml:6:7: error: '" + std::string(word) +
              "' is a word of the condition language and cannot name a fact");
    CHECK(one_error(std::string("[event.") + word + "]\ndescription = \"d\"\nquestion = \"q\"\n" + k_fact) ==
          "facts.toml:1:8: error: '" + std::string(word) +
              "' is a word of the condition language and cannot name an event");
  }
  // Names that only contain a reserved word are fine.
  auto r = parse_fact_schema(std::string(k_event) +
                                 "\n[fact.known_risk]\ntype = \"bool\"\ndescription = \"d\"\nquestion = \"q\"\n"
                                 "\n[fact.android]\ntype = \"bool\"\ndescription = \"d\"\nquestion = \"q\"\n",
                             "facts.toml");
  REQUIRE(r);
  CHECK(r->fact("known_risk") != nullptr);
  CHECK(r->fact("android") != nullptr);
}

TEST_CASE("schema errors: fallbacks name events and do not loop", "[facts]") {
  SECTION("a fallback that is not an event, with a did-you-mean") {
    CHECK(one_error(lines(R"(
[event.detected]
description = "d"
question = "q"

[event.aware]
description = "d"
question = "q"
fallback = "detcted"
)") + k_fact) ==
          "facts.toml:5:8: error: the fallback of event 'aware' is 'detcted', which is not an event; did you mean "
          "'detected'?");
  }
  SECTION("a fallback that is a fact") {
    CHECK(one_error(lines(R"(
[event.aware]
description = "d"
question = "q"
fallback = "breach"

[fact.breach]
type = "bool"
description = "d"
question = "q"
)")) == "facts.toml:1:8: error: the fallback of event 'aware' is 'breach', which is not an event");
  }
  SECTION("a fallback to itself") {
    CHECK(one_error(lines(R"(
[event.aware]
description = "d"
question = "q"
fallback = "aware"
)") + k_fact) == "facts.toml:1:8: error: the fallbacks of event 'aware' loop back to 'aware'");
  }
  SECTION("a longer loop is reported for every event on it") {
    const auto es = errors(lines(R"(
[event.occurred]
description = "d"
question = "q"

[event.detected]
description = "d"
question = "q"
fallback = "aware"

[event.aware]
description = "d"
question = "q"
fallback = "detected"

[event.reported]
description = "d"
question = "q"
fallback = "occurred"
)") + k_fact);
    REQUIRE(es.size() == 2);
    CHECK(contains(es, "facts.toml:5:8: error: the fallbacks of event 'detected' loop back to 'detected'"));
    CHECK(contains(es, "facts.toml:10:8: error: the fallbacks of event 'aware' loop back to 'aware'"));
  }
  SECTION("an event whose chain reaches a loop it is not on") {
    const auto es = errors(lines(R"(
[event.a]
description = "d"
question = "q"
fallback = "b"

[event.b]
description = "d"
question = "q"
fallback = "c"

[event.c]
description = "d"
question = "q"
fallback = "b"
)") + k_fact);
    REQUIRE(es.size() == 3);
    CHECK(contains(es, "facts.toml:1:8: error: the fallbacks of event 'a' loop back to 'b'"));
    CHECK(contains(es, "facts.toml:6:8: error: the fallbacks of event 'b' loop back to 'b'"));
    CHECK(contains(es, "facts.toml:11:8: error: the fallbacks of event 'c' loop back to 'c'"));
  }
  SECTION("a fallback that is not a string") {
    CHECK(one_error(lines(R"(
[event.aware]
description = "d"
question = "q"
fallback = 3
)") + k_fact) == "facts.toml:4:12: error: 'fallback' in [event.aware] must be a string, not an integer");
  }
}

TEST_CASE("schema errors: a name cannot be both an event and a fact", "[facts]") {
  CHECK(one_error(lines(R"(
[event.aware]
description = "d"
question = "q"

[fact.aware]
type = "bool"
description = "d"
question = "q"
)")) == "facts.toml:1:8: error: 'aware' is declared both as an event and as a fact");
}

TEST_CASE("schema errors: every error is reported at once", "[facts]") {
  const auto es = errors(lines(R"(
[event.aware]
description = "d"
question = "q"
fallback = "detcted"

[event.Detected]
description = "d"
question = "q"

[fact.risk]
type = "enum"
values = ["low", "low", "unknown"]
description = "d"
question = "q"

[fact.count]
type = "integer"
description = "d"
question = "q"

[fact.size]
type = "int"
min = 3
max = 1
description = "d"
question = "q"

[fact.not]
type = "bool"
description = "d"
question = "q"

[fact.breach]
type = "bool"
description = "d"
qestion = "q"
)"));
  CHECK(es.size() == 9);
  CHECK(
      contains(es,
               "facts.toml:6:8: error: event name 'Detected' must be a lower-case identifier (a-z, 0-9, _; at most 64 "
               "characters), as conditions use it"));
  CHECK(contains(es, "facts.toml:1:8: error: the fallback of event 'aware' is 'detcted', which is not an event"));
  CHECK(contains(es, "facts.toml:12:1: error: value 'low' is listed twice"));
  CHECK(contains(es,
                 "facts.toml:12:1: error: value 'unknown' of risk is not allowed: values are non-empty, at most 64 "
                 "bytes, and 'unknown' means an unknown fact"));
  CHECK(contains(es, "facts.toml:17:1: error: type is bool, int, enum, set or text, not 'integer'"));
  CHECK(contains(es, "facts.toml:24:1: error: max is less than min"));
  CHECK(contains(es, "facts.toml:28:7: error: 'not' is a word of the condition language and cannot name a fact"));
  CHECK(contains(es, "facts.toml:36:1: error: unknown key 'qestion' in [fact.breach]; did you mean 'question'?"));
  CHECK(contains(es, "facts.toml:33:1: error: [fact.breach] needs 'question'"));
}

TEST_CASE("schema errors: too many facts", "[facts]") {
  std::string text(k_event);
  for (std::size_t i = 0; i <= k_max_facts; ++i) {
    text += "[fact.f" + std::to_string(i) + "]\ntype = \"bool\"\ndescription = \"d\"\nquestion = \"q\"\n";
  }
  CHECK(one_error(text) == "facts.toml:1:1: error: at most 2048 facts and 2048 events");
}

TEST_CASE("schema errors: TOML syntax", "[facts]") {
  auto r = parse_fact_schema("[event.aware]\ndescription = \"d\nquestion = \"q\"\n", "facts.toml");
  REQUIRE_FALSE(r);
  REQUIRE(r.diagnostics().size() == 1);
  CHECK(r.diagnostics().front().code == "toml.syntax");
  CHECK(r.diagnostics().front().where.file == "facts.toml");
  CHECK(r.diagnostics().front().where.line == 2);
  CHECK(first_error(r).find("error: invalid TOML") != std::string::npos);
}
