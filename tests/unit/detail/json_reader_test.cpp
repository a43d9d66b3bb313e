#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "detail/document.hpp"
#include "detail/json_reader.hpp"

using namespace breachclock;
using breachclock::detail::doc_value;
using breachclock::detail::parse_json;
using kind = breachclock::detail::doc_value::kind;

namespace {

// The one diagnostic of a failed parse, as `file:line:col: error: message`.
std::string error_of(std::string_view text) {
  const result<doc_value> r = parse_json(text, "bad.json");
  if (r) return "(parsed)";
  REQUIRE(r.diagnostics().size() == 1);
  return to_string(r.diagnostics().front());
}

std::string code_of(std::string_view text) {
  const result<doc_value> r = parse_json(text, "bad.json");
  return r || r.diagnostics().empty() ? std::string("(parsed)") : r.diagnostics().front().code;
}

source_location at(int line, int column) { return source_location{"incident.json", line, column}; }

}  // namespace

TEST_CASE("json: an incident-shaped document, with the position of every value", "[base]") {
  // Line 3 and line 11 hold multi-byte characters before later values: columns count code points.
  const std::string text =
      "{\n"
      "  \"incident\": \"INC-2024-017\",\n"
      "  \"reporter\": \"Zo\u00eb \u00c5ngstr\u00f6m\", \"seen\": 2,\n"
      "  \"records\": 1234,\n"
      "  \"score\": 7.5, \"confirmed\": true, \"regulator\": null,\n"
      "  \"systems\": [\"crm\", \"billing\"],\n"
      "  \"data\": {\n"
      "    \"categories\": [\"email\", \"health\"],\n"
      "    \"subjects\": {\"eu\": 120, \"uk\": 40}\n"
      "  },\n"
      "  \"notes\": \"caf\u00e9 \u2192 \u6771\u4eac\", \"after\": [1, -2.5e3]\n"
      "}\n";
  const result<doc_value> r = parse_json(text, "incident.json");
  REQUIRE(r);
  const doc_value& root = *r;
  CHECK(root.type == kind::object);
  CHECK(root.where() == at(1, 1));
  REQUIRE(root.members.size() == 11);
  const char* const order[] = {"incident",  "reporter", "seen", "records", "score", "confirmed",
                               "regulator", "systems",  "data", "notes",   "after"};
  for (std::size_t i = 0; i < 11; ++i) CHECK(root.members[i].key == order[i]);

  const auto* incident = root.find_member("incident");
  REQUIRE(incident != nullptr);
  CHECK(incident->key_where() == at(2, 3));
  CHECK(incident->value.type == kind::string);
  CHECK(incident->value.string == "INC-2024-017");
  CHECK(incident->value.where() == at(2, 15));

  const auto* reporter = root.find("reporter");
  REQUIRE(reporter != nullptr);
  CHECK(reporter->string == "Zo\u00eb \u00c5ngstr\u00f6m");
  CHECK(reporter->where() == at(3, 15));
  CHECK(root.find_member("seen")->key_where() == at(3, 31));  // 34 if bytes were counted
  CHECK(root.find("seen")->where() == at(3, 39));
  CHECK(root.find("seen")->integer == 2);

  CHECK(root.find("records")->type == kind::integer);
  CHECK(root.find("records")->integer == 1234);
  CHECK(root.find("records")->where() == at(4, 14));

  const doc_value* score = root.find("score");
  CHECK(score->type == kind::floating);
  CHECK(score->floating == 7.5);
  CHECK(score->where() == at(5, 12));
  CHECK(root.find_member("confirmed")->key_where() == at(5, 17));
  CHECK(root.find("confirmed")->type == kind::boolean);
  CHECK(root.find("confirmed")->boolean);
  CHECK(root.find("confirmed")->where() == at(5, 30));
  CHECK(root.find_member("regulator")->key_where() == at(5, 36));
  CHECK(root.find("regulator")->type == kind::null);
  CHECK(root.find("regulator")->where() == at(5, 49));

  const doc_value* systems = root.find("systems");
  REQUIRE(systems->type == kind::array);
  CHECK(systems->where() == at(6, 14));
  REQUIRE(systems->items.size() == 2);
  CHECK(systems->items[0].string == "crm");
  CHECK(systems->items[0].where() == at(6, 15));
  CHECK(systems->items[1].string == "billing");
  CHECK(systems->items[1].where() == at(6, 22));

  const doc_value* data = root.find("data");
  REQUIRE(data->type == kind::object);
  CHECK(data->where() == at(7, 11));
  CHECK(data->find_member("categories")->key_where() == at(8, 5));
  CHECK(data->find("categories")->items.size() == 2);
  const doc_value* subjects = data->find("subjects");
  REQUIRE(subjects != nullptr);
  CHECK(subjects->where() == at(9, 17));
  CHECK(subjects->find_member("eu")->key_where() == at(9, 18));
  CHECK(subjects->find("eu")->integer == 120);
  CHECK(subjects->find("eu")->where() == at(9, 24));
  CHECK(subjects->find_member("uk")->key_where() == at(9, 29));
  CHECK(subjects->find("uk")->where() == at(9, 35));

  CHECK(root.find("notes")->string == "caf\u00e9 \u2192 \u6771\u4eac");
  CHECK(root.find("notes")->where() == at(11, 12));
  CHECK(root.find_member("after")->key_where() == at(11, 25));  // 32 if bytes were counted
  const doc_value* after = root.find("after");
  CHECK(after->where() == at(11, 34));
  REQUIRE(after->items.size() == 2);
  CHECK(after->items[0].where() == at(11, 35));
  CHECK(after->items[1].type == kind::floating);
  CHECK(after->items[1].floating == -2500.0);
  CHECK(after->items[1].where() == at(11, 38));

  CHECK(root.find("missing") == nullptr);
  CHECK(root.find_member("missing") == nullptr);
  CHECK(root.find("records")->find("x") == nullptr);  // not an object: no members
}

TEST_CASE("json: whitespace is space, tab, CR and LF, and positions follow it", "[base]") {
  const result<doc_value> r = parse_json("\t{\r\n\t\"a\" : 1 ,\n\n   \"b\":[ ]}\r\n", "w.json");
  REQUIRE(r);
  CHECK(r->where() == source_location{"w.json", 1, 2});
  CHECK(r->find_member("a")->key_where() == source_location{"w.json", 2, 2});
  CHECK(r->find("a")->where() == source_location{"w.json", 2, 8});
  CHECK(r->find_member("b")->key_where() == source_location{"w.json", 4, 4});
  CHECK(r->find("b")->where() == source_location{"w.json", 4, 8});
  CHECK(r->find("b")->items.empty());

  CHECK(parse_json(" 42 ", "x")->integer == 42);
  CHECK(parse_json("\"top\"", "x")->string == "top");
  CHECK(parse_json("{}", "x")->members.empty());
  CHECK(parse_json("[[], {}]", "x")->items.size() == 2);
  CHECK(parse_json("false", "x")->type == kind::boolean);
  CHECK_FALSE(parse_json("false", "x")->boolean);
  CHECK(code_of("\f1") == "json.syntax");  // form feed is not JSON whitespace
  CHECK(code_of("\v1") == "json.syntax");
  CHECK(error_of("1\xc2\xa0") ==
        "bad.json:1:2: error: invalid JSON: expected the end of the input after the top-level value, found "
        "'\xc2\xa0'");
}

TEST_CASE("json: every escape, decoded to UTF-8", "[base]") {
  const result<doc_value> r = parse_json(
      R"(["\" \\ \/ \b \f \n \r \t", "\u0041\u00e9\u20AC\ud83d\ude00", "\u0000", "a\u002fb", ["\u00e9\n", 1]])",
      "e.json");
  REQUIRE(r);
  REQUIRE(r->items.size() == 5);
  CHECK(r->items[0].string == "\" \\ / \b \f \n \r \t");
  CHECK(r->items[1].string == "A\u00e9\u20ac\U0001F600");
  CHECK(r->items[1].string == "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
  CHECK(r->items[2].string == std::string(1, '\0'));
  CHECK(r->items[3].string == "a/b");
  // Columns after escapes count the characters as written: "\u00e9\n" is 10 of them.
  const doc_value& inner = r->items[4];
  CHECK(inner.where() == source_location{"e.json", 1, 85});
  CHECK(inner.items[0].where() == source_location{"e.json", 1, 86});
  CHECK(inner.items[1].where() == source_location{"e.json", 1, 98});
  // The largest code point, and U+FFFF.
  CHECK(parse_json(R"("\uDBFF\uDFFF\uFFFF")", "x")->string == "\U0010FFFF\uFFFF");
  // Raw UTF-8 of every length passes through.
  CHECK(parse_json("\"$\xc2\xa2\xe2\x82\xac\xf0\x90\x8d\x88\"", "x")->string ==
        "$\xc2\xa2\xe2\x82\xac\xf0\x90\x8d\x88");
  CHECK(parse_json("{\"\\u006b\": 1}", "x")->find("k") != nullptr);  // keys are decoded too
}

TEST_CASE("json: numbers, integers to the limits of int64", "[base]") {
  const result<doc_value> r = parse_json(
      "[9223372036854775807, -9223372036854775808, 9223372036854775808, -9223372036854775809, 0, -0,\n"
      " 1.0, 1e2, 2.5E-3, 1E+2, 123456789012345678901234567890, 1e-400, -1e-400, 1.7976931348623157e308]",
      "n.json");
  REQUIRE(r);
  const auto& v = r->items;
  REQUIRE(v.size() == 14);
  CHECK(v[0].type == kind::integer);
  CHECK(v[0].integer == std::numeric_limits<std::int64_t>::max());
  CHECK(v[1].type == kind::integer);
  CHECK(v[1].integer == std::numeric_limits<std::int64_t>::min());
  CHECK(v[2].type == kind::floating);
  CHECK(v[2].floating == 9223372036854775808.0);
  CHECK(v[3].type == kind::floating);
  CHECK(v[3].floating == -9223372036854775808.0);
  CHECK(v[4].type == kind::integer);
  CHECK(v[4].integer == 0);
  CHECK(v[5].type == kind::integer);
  CHECK(v[5].integer == 0);
  CHECK(v[6].type == kind::floating);
  CHECK(v[6].floating == 1.0);
  CHECK(v[7].type == kind::floating);
  CHECK(v[7].floating == 100.0);
  CHECK(v[8].floating == 0.0025);
  CHECK(v[9].floating == 100.0);
  CHECK(v[10].type == kind::floating);
  CHECK(v[10].floating == Approx(1.2345678901234568e29));
  CHECK(v[11].type == kind::floating);
  CHECK(v[11].floating == 0.0);  // too small for a double: zero
  CHECK(v[12].floating == 0.0);
  CHECK(std::signbit(v[12].floating));
  CHECK(v[13].floating == std::numeric_limits<double>::max());
  CHECK(v[4].where() == source_location{"n.json", 1, 88});
  CHECK(v[6].where() == source_location{"n.json", 2, 2});

  CHECK(error_of("[1e400]") == "bad.json:1:2: error: invalid JSON: the number '1e400' is too large for a double");
  CHECK(error_of("-1.5e99999999999999999999") ==
        "bad.json:1:1: error: invalid JSON: the number '-1.5e999999999999999...' is too large for a double");
  CHECK(parse_json("0.000001e-99999999999999999999", "x")->floating == 0.0);
}

TEST_CASE("json: malformed input gives one located error", "[base]") {
  // Empty input.
  CHECK(error_of("") == "bad.json:1:1: error: invalid JSON: the input is empty");
  CHECK(error_of("  \n  ") == "bad.json:2:3: error: invalid JSON: the input is empty");
  // Trailing commas.
  CHECK(error_of(R"({"a": 1,})") == "bad.json:1:8: error: invalid JSON: trailing comma before '}'");
  CHECK(error_of("[1, 2,\n]") == "bad.json:1:6: error: invalid JSON: trailing comma before ']'");
  // Comments.
  CHECK(error_of("{\"a\": 1 // note\n}") == "bad.json:1:9: error: invalid JSON: comments are not allowed");
  CHECK(error_of("/* c */ {}") == "bad.json:1:1: error: invalid JSON: comments are not allowed");
  // Leading zeros.
  CHECK(error_of(R"({"n": 012})") ==
        "bad.json:1:7: error: invalid JSON: numbers cannot have leading zeros, found '012'");
  CHECK(error_of("[-01]") == "bad.json:1:3: error: invalid JSON: numbers cannot have leading zeros, found '-01'");
  // Control characters in strings.
  CHECK(error_of("{\"s\": \"a\tb\"}") ==
        "bad.json:1:9: error: invalid JSON: control character U+0009 in a string; write it as an escape "
        "such as \\n or \\u0009");
  CHECK(error_of("[\"line\nbreak\"]") ==
        "bad.json:1:7: error: invalid JSON: control character U+000A in a string; write it as an escape "
        "such as \\n or \\u0009");
  // Invalid UTF-8 in strings: a stray byte, an overlong form, an encoded surrogate, a cut sequence.
  CHECK(error_of("[\"\xc3\xa9\xff\"]") == "bad.json:1:4: error: invalid JSON: invalid UTF-8 in a string (byte \\xff)");
  CHECK(error_of("\"\xc0\xaf\"") == "bad.json:1:2: error: invalid JSON: invalid UTF-8 in a string (byte \\xc0)");
  CHECK(error_of("\"\xed\xa0\x80\"") == "bad.json:1:2: error: invalid JSON: invalid UTF-8 in a string (byte \\xed)");
  CHECK(error_of("\"ab\xe2\x82\"") == "bad.json:1:4: error: invalid JSON: invalid UTF-8 in a string (byte \\xe2)");
  CHECK(error_of("\"\xf4\x90\x80\x80\"") ==
        "bad.json:1:2: error: invalid JSON: invalid UTF-8 in a string (byte \\xf4)");
  // Trailing garbage.
  CHECK(error_of("{\"a\": 1} x") ==
        "bad.json:1:10: error: invalid JSON: expected the end of the input after the top-level value, found 'x'");
  CHECK(error_of("{}\n{}") ==
        "bad.json:2:1: error: invalid JSON: expected the end of the input after the top-level value, found '{'");
  // Duplicate keys, at the second one.
  CHECK(error_of("{\n  \"id\": 1,\n  \"name\": \"x\",\n  \"id\": 2\n}") ==
        "bad.json:4:3: error: invalid JSON: duplicate key 'id' (first at line 2, column 3)");
  CHECK(code_of(R"({"a": {"b": 1, "b": 2}})") == "json.duplicate-key");
  // Missing punctuation.
  CHECK(error_of(R"({"a": 1 "b": 2})") ==
        "bad.json:1:9: error: invalid JSON: expected ',' or '}' after an object member, found '\"b\"'");
  CHECK(error_of("[1 2]") ==
        "bad.json:1:4: error: invalid JSON: expected ',' or ']' after an array element, found '2'");
  CHECK(error_of(R"({"a": [1, 2})") ==
        "bad.json:1:12: error: invalid JSON: expected ',' or ']' after an array element, found '}'");
  CHECK(error_of(R"({"a" 1})") == "bad.json:1:6: error: invalid JSON: expected ':' after the key 'a', found '1'");
  CHECK(error_of("{a: 1}") == "bad.json:1:2: error: invalid JSON: expected a string key in double quotes, found 'a'");
  CHECK(error_of("{'a': 1}") ==
        "bad.json:1:2: error: invalid JSON: expected a string key in double quotes, found ''a'' (JSON strings are "
        "written in double quotes)");
  CHECK(error_of("[1,,2]") == "bad.json:1:4: error: invalid JSON: expected a value, found ','");
  CHECK(error_of("[") == "bad.json:1:2: error: invalid JSON: expected a value, found the end of the input");
  CHECK(error_of("{\"a\":") == "bad.json:1:6: error: invalid JSON: expected a value, found the end of the input");
  CHECK(error_of("{\"a\": 1") ==
        "bad.json:1:8: error: invalid JSON: expected ',' or '}' after an object member, found the end of the input");
  // Values JSON does not have.
  CHECK(error_of("[tru]") == "bad.json:1:2: error: invalid JSON: expected a value, found 'tru'");
  CHECK(error_of("[True]") == "bad.json:1:2: error: invalid JSON: expected a value, found 'True'");
  CHECK(error_of("[nulls]") == "bad.json:1:2: error: invalid JSON: expected a value, found 'nulls'");
  CHECK(error_of("[NaN]") == "bad.json:1:2: error: invalid JSON: expected a value, found 'NaN'");
  CHECK(error_of("[-Infinity]") == "bad.json:1:3: error: invalid JSON: expected a digit after '-', found 'Infinity'");
  CHECK(error_of("[.5]") == "bad.json:1:2: error: invalid JSON: expected a value, found '.5'");
  CHECK(error_of("[+1]") == "bad.json:1:2: error: invalid JSON: expected a value, found '+1'");
  CHECK(error_of("[1.]") == "bad.json:1:4: error: invalid JSON: expected a digit after '.', found ']'");
  CHECK(error_of("[1e]") == "bad.json:1:4: error: invalid JSON: expected a digit in the exponent, found ']'");
  CHECK(error_of("[1e+]") == "bad.json:1:5: error: invalid JSON: expected a digit in the exponent, found ']'");
  CHECK(error_of("-") == "bad.json:1:2: error: invalid JSON: expected a digit after '-', found the end of the input");
  CHECK(error_of("[0x1F]") ==
        "bad.json:1:3: error: invalid JSON: expected ',' or ']' after an array element, found 'x1F'");
  // Strings.
  CHECK(error_of("\"abc") == "bad.json:1:1: error: invalid JSON: unterminated string");
  CHECK(error_of("[\"abc\\") == "bad.json:1:2: error: invalid JSON: unterminated string");
  CHECK(error_of(R"("\x")") ==
        "bad.json:1:2: error: invalid JSON: invalid escape '\\x' in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n "
        "\\r \\t and \\uXXXX");
  CHECK(error_of(R"("\u12G4")") ==
        "bad.json:1:2: error: invalid JSON: expected four hex digits after '\\u', found '12G4'");
  CHECK(error_of(R"("\u12")") ==
        "bad.json:1:2: error: invalid JSON: expected four hex digits after '\\u', found '12\"'");
  // Lone surrogates.
  const std::string unpaired_tail = "' in a string; a \\uD800-\\uDBFF escape must be followed by a \\uDC00-\\uDFFF one";
  CHECK(error_of(R"("\uD800")") == "bad.json:1:2: error: invalid JSON: unpaired surrogate '\\uD800" + unpaired_tail);
  CHECK(error_of(R"("a\udc00")") == "bad.json:1:3: error: invalid JSON: unpaired surrogate '\\udc00" + unpaired_tail);
  CHECK(error_of(R"("\uD800\u0041")") ==
        "bad.json:1:2: error: invalid JSON: unpaired surrogate '\\uD800" + unpaired_tail);
  CHECK(error_of(R"("\uD800\uD800")") ==
        "bad.json:1:2: error: invalid JSON: unpaired surrogate '\\uD800" + unpaired_tail);
  // Positions of errors after multi-byte characters count code points.
  CHECK(error_of("{\"\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\": 1,\n \"b\": [1,,2]}") ==
        "bad.json:2:10: error: invalid JSON: expected a value, found ','");
  CHECK(error_of("{\"\xd0\xba\xd0\xbb\xd1\x8e\xd1\x87\": tru}") ==
        "bad.json:1:10: error: invalid JSON: expected a value, found 'tru'");
  // A byte order mark.
  CHECK(error_of("\xEF\xBB\xBF{}") ==
        "bad.json:1:1: error: invalid JSON: the file starts with a byte order mark; save it as UTF-8 without one");
  // What was found is shown short and safe.
  CHECK(error_of("[" + std::string(100, 'a') + "]") ==
        "bad.json:1:2: error: invalid JSON: expected a value, found 'aaaaaaaaaaaaaaaaaaaa...'");
  CHECK(error_of("[\xff\xfe]") == "bad.json:1:2: error: invalid JSON: expected a value, found '\\xff\\xfe'");
  CHECK(error_of("[\x01]") == "bad.json:1:2: error: invalid JSON: expected a value, found '\\x01'");
  CHECK(error_of("[\x01\x02]") == "bad.json:1:2: error: invalid JSON: expected a value, found '\\x01\\x02'");
  CHECK(error_of("[\xc3\xa9]") == "bad.json:1:2: error: invalid JSON: expected a value, found '\xc3\xa9'");

  CHECK(code_of("[1,]") == "json.syntax");
  CHECK(code_of("") == "json.syntax");
}

TEST_CASE("json: nesting is limited, without recursing past the limit", "[base]") {
  const std::size_t max = breachclock::detail::k_max_document_depth;
  REQUIRE(max == 64);
  const result<doc_value> deepest = parse_json(std::string(max, '[') + std::string(max, ']'), "d.json");
  REQUIRE(deepest);
  const doc_value* v = &*deepest;
  for (std::size_t i = 1; i < max; ++i) v = &v->items.at(0);
  CHECK(v->items.empty());
  CHECK(v->where() == source_location{"d.json", 1, 64});

  CHECK(error_of(std::string(max + 1, '[') + std::string(max + 1, ']')) ==
        "bad.json:1:65: error: invalid JSON: arrays and objects are nested more than 64 deep");
  CHECK(code_of(std::string(max + 1, '[')) == "json.too-deep");
  CHECK(error_of(std::string(100'000, '[')) ==
        "bad.json:1:65: error: invalid JSON: arrays and objects are nested more than 64 deep");

  std::string objects;
  for (std::size_t i = 0; i < max + 1; ++i) objects += "{\"a\":";
  CHECK(error_of(objects) == "bad.json:1:321: error: invalid JSON: arrays and objects are nested more than 64 deep");
  std::string mixed;
  for (int i = 0; i < 50'000; ++i) mixed += "[{\"k\":";
  CHECK(code_of(mixed) == "json.too-deep");
}

TEST_CASE("json: large input", "[base]") {
  SECTION("a 1 MB key") {
    const std::string key(1'000'000, 'k');
    const result<doc_value> r = parse_json("{\"" + key + "\": 1}", "big.json");
    REQUIRE(r);
    REQUIRE(r->members.size() == 1);
    CHECK(r->members[0].key == key);
    CHECK(r->members[0].key_where() == source_location{"big.json", 1, 2});
    CHECK(r->members[0].value.where() == source_location{"big.json", 1, 1'000'006});

    // A duplicate of it is named, but not in full.
    const std::string message = error_of("{\"" + key + "\": 1, \"" + key + "\": 2}");
    CHECK(message == "bad.json:1:1000009: error: invalid JSON: duplicate key '" + std::string(40, 'k') +
                         "...' (first at line 1, column 2)");
  }
  SECTION("many keys: duplicates are found in large objects too") {
    std::string text = "{";
    for (int i = 0; i < 5000; ++i) text += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ",";
    const std::string ok = text + "\"last\": true}";
    const result<doc_value> r = parse_json(ok, "many.json");
    REQUIRE(r);
    CHECK(r->members.size() == 5001);
    CHECK(r->find("k4999")->integer == 4999);
    CHECK(code_of(text + "\"k17\": 0}") == "json.duplicate-key");
    CHECK(error_of(text + "\"k17\": 0}").find("duplicate key 'k17' (first at line 1, column ") != std::string::npos);
  }
  SECTION("4 MiB is the limit") {
    constexpr std::size_t limit = 4u * 1024u * 1024u;
    const std::string at_limit = "\"" + std::string(limit - 2, 'x') + "\"";
    const result<doc_value> r = parse_json(at_limit, "l.json");
    REQUIRE(r);
    CHECK(r->string.size() == limit - 2);
    const std::string over = at_limit + " ";
    CHECK(error_of(over) == "bad.json:1:1: error: file is 4194305 bytes; the limit is 4194304 bytes");
    CHECK(code_of(over) == "file.too-large");
  }
}

TEST_CASE("describe names value kinds in each format's words", "[base]") {
  using breachclock::detail::describe;
  CHECK(describe(kind::null, true) == "null");
  CHECK(describe(kind::boolean, true) == "a boolean");
  CHECK(describe(kind::integer, true) == "an integer");
  CHECK(describe(kind::floating, true) == "a number with a fraction");
  CHECK(describe(kind::floating, false) == "a float");
  CHECK(describe(kind::string, false) == "a string");
  CHECK(describe(kind::array, false) == "an array");
  CHECK(describe(kind::object, true) == "an object");
  CHECK(describe(kind::object, false) == "a table");
  CHECK(describe(kind::date, false) == "a date");
  CHECK(describe(kind::local_datetime, false) == "a local date-time");
  CHECK(describe(kind::offset_datetime, false) == "a date-time with offset");
  CHECK(describe(kind::time, false) == "a time");
}
