#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "breachclock/document.hpp"
#include "detail/doc_reader.hpp"
#include "detail/document.hpp"

using namespace breachclock;
using breachclock::detail::doc_reader;
using breachclock::detail::doc_value;
using kind = breachclock::detail::doc_value::kind;

namespace {

doc_value parse(const std::string& text, const std::string& path) {
  auto r = detail::parse_document(source_file{path, text, path});
  if (!r) FAIL(to_string(r.diagnostics().front()));
  REQUIRE(r);
  return std::move(*r);
}

source_location at(const std::string& file, int line, int column) { return source_location{file, line, column}; }

}  // namespace

TEST_CASE("document: the format is chosen by the name, or by a leading brace", "[base]") {
  CHECK(detail::format_of(source_file{"a.json", "x = 1", ""}) == detail::doc_format::json);
  CHECK(detail::format_of(source_file{"a.toml", "  \n{\"a\": 1}", ""}) == detail::doc_format::json);
  CHECK(detail::format_of(source_file{"a.toml", "a = { b = 1 }", ""}) == detail::doc_format::toml);
  CHECK(detail::format_of(source_file{"a", "", ""}) == detail::doc_format::toml);
}

TEST_CASE("document: TOML and JSON give the same tree, with regions and a shared source", "[base]") {
  const doc_value t = parse("[regime]\nid = \"uk-gdpr\"\nyears = [1, 2]\n", "p.toml");
  const doc_value j = parse("{\"regime\": {\"id\": \"uk-gdpr\", \"years\": [1, 2]}}", "p.json");
  for (const doc_value* root : {&t, &j}) {
    const doc_value* regime = root->find("regime");
    REQUIRE(regime != nullptr);
    CHECK(regime->type == kind::object);
    REQUIRE(regime->find("id") != nullptr);
    CHECK(regime->find("id")->string == "uk-gdpr");
    CHECK(regime->find("years")->items.size() == 2);
    CHECK(regime->find("years")->items[1].integer == 2);
    CHECK(regime->find("id")->source == root->source);  // one source for the whole tree
  }
  CHECK_FALSE(t.is_json());
  CHECK(j.is_json());
  CHECK(t.find("regime")->find("id")->where() == at("p.toml", 2, 6));
  CHECK(t.find("regime")->find_member("id")->key_where() == at("p.toml", 2, 1));
  CHECK(j.find("regime")->find("id")->where() == at("p.json", 1, 19));
  CHECK(j.find("regime")->find_member("years")->key_where() == at("p.json", 1, 30));
  // A region ends just past the value.
  const doc_value& id = *j.find("regime")->find("id");
  CHECK(id.region.end.line == 1);
  CHECK(id.region.end.column == 28);
  const doc_value& years = *t.find("regime")->find("years");
  CHECK(years.region.begin.column == 9);
  CHECK(years.region.end.column > years.region.begin.column);
}

TEST_CASE("document: a position inside a string is traced back through escapes and quoting", "[base]") {
  // Bytes of the decoded text: 'a' 0, ' ' 1, 'é' 2-3, '\n' 4, then 'b' (or an emoji, then 'b').
  SECTION("TOML basic string with escapes") {
    const doc_value d = parse("k = \"a \\u00e9\\nb\"\n", "s.toml");
    const doc_value& v = *d.find("k");
    REQUIRE(v.string == "a \xc3\xa9\nb");
    CHECK(v.quoting == detail::string_syntax::toml);  // which TOML quoting: read when asked
    CHECK(v.inside() == at("s.toml", 1, 6));
    CHECK(v.locate(2) == at("s.toml", 1, 8));   // the \u00e9 escape
    CHECK(v.locate(5) == at("s.toml", 1, 16));  // 'b', after \n
  }
  SECTION("TOML literal string") {
    const doc_value d = parse("k = 'x and y'\n", "s.toml");
    CHECK(d.find("k")->quoting == detail::string_syntax::toml);
    CHECK(d.find("k")->locate(6) == at("s.toml", 1, 12));
  }
  SECTION("TOML multi-line string: the newline after the delimiter is trimmed") {
    const doc_value d = parse("k = \"\"\"\nfirst\nsecond\"\"\"\n", "s.toml");
    const doc_value& v = *d.find("k");
    REQUIRE(v.string == "first\nsecond");
    CHECK(v.quoting == detail::string_syntax::toml);
    CHECK(v.inside() == at("s.toml", 2, 1));
    CHECK(v.locate(6) == at("s.toml", 3, 1));
  }
  SECTION("JSON escapes, surrogate pairs included") {
    const doc_value d = parse("{\"k\": \"a \\u00e9\\n\\ud83d\\ude00b\"}", "s.json");
    const doc_value& v = *d.find("k");
    REQUIRE(v.string ==
            "a \xc3\xa9\n\xf0\x9f\x98\x80"
            "b");
    CHECK(v.quoting == detail::string_syntax::json);
    CHECK(v.inside() == at("s.json", 1, 8));
    CHECK(v.locate(4) == at("s.json", 1, 16));     // the \n escape
    CHECK(v.locate(5) == at("s.json", 1, 18));     // the surrogate pair
    CHECK(v.locate(9) == at("s.json", 1, 30));     // 'b'
    CHECK(v.locate(1000) == at("s.json", 1, 31));  // past the end: the closing quote
  }
}

TEST_CASE("doc_reader: one reader for both formats, with the format in its codes", "[base]") {
  const doc_value t = parse("[calendar]\nid = 1\ntitel = \"x\"\n", "c.toml");
  const doc_value j = parse("{\"calendar\": {\"id\": 1, \"titel\": \"x\"}}", "c.json");
  for (const doc_value* root : {&t, &j}) {
    std::vector<diagnostic> out;
    doc_reader top(*root, out, "the calendar file");
    const doc_value* cal = top.table("calendar", true);
    REQUIRE(cal != nullptr);
    doc_reader r(*cal, out, "[calendar]");
    CHECK_FALSE(r.string("id", true));
    CHECK_FALSE(r.string("title", true));
    r.finish();
    top.finish();
    const std::string f = root->is_json() ? "json" : "toml";
    REQUIRE(out.size() == 3);
    CHECK(out[0].code == f + ".type");
    CHECK(out[0].message == "'id' in [calendar] must be a string, not an integer");
    CHECK(out[1].code == f + ".missing-key");
    CHECK(out[2].code == f + ".unknown-key");
    CHECK(out[2].message == "unknown key 'titel' in [calendar]; did you mean 'title'?");
    CHECK(out[2].where.line == (root->is_json() ? 1 : 3));
  }
}

TEST_CASE("doc_reader: dates are TOML dates, or ISO strings in JSON", "[base]") {
  const doc_value t = parse("a = 2024-02-29\nb = \"2024-02-29\"\n", "d.toml");
  const doc_value j = parse("{\"a\": \"2024-02-29\", \"b\": \"2023-02-29\", \"c\": 20240229}", "d.json");
  std::vector<diagnostic> out;
  doc_reader tr(t, out, "x");
  CHECK(tr.date("a", true, "a date") == date::year{2024} / 2 / 29);
  CHECK_FALSE(tr.date("b", true, "a date (YYYY-MM-DD, unquoted)"));
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "'b' in x must be a date (YYYY-MM-DD, unquoted), not a string");
  out.clear();
  doc_reader jr(j, out, "x");
  CHECK(jr.date("a", true, "a date") == date::year{2024} / 2 / 29);
  CHECK_FALSE(jr.date("b", true, "a date"));  // not a leap year
  CHECK_FALSE(jr.date("c", true, "a date"));
  CHECK_FALSE(jr.date("d", true, "a date"));
  REQUIRE(out.size() == 3);
  CHECK(out[0].code == "time.range");
  CHECK(out[0].message == "'b' in x: day 29 does not exist in 2023-02 (the month has 28 days)");
  CHECK(out[1].message == "'c' in x must be a date \"YYYY-MM-DD\", not an integer");
  CHECK(out[2].code == "json.missing-key");
  out.clear();
  const doc_value k = parse("{\"a\": \"2024-2-29\"}", "k.json");
  doc_reader kr(k, out, "x");
  CHECK_FALSE(kr.date("a", true, "a date"));
  REQUIRE(out.size() == 1);
  CHECK(out[0].message == "'a' in x must be a date \"YYYY-MM-DD\", not \"2024-2-29\"");
}

TEST_CASE("document: a handle to a part of a parsed file", "[base]") {
  auto d =
      document::parse(source_file{"cases.toml", "[[case]]\nname = \"a\"\n[case.incident]\nid = \"x\"\n", "cases.toml"});
  REQUIRE(d);
  CHECK(d->exists());
  CHECK(d->is_table());
  const document inc = d->at("case").at(0).at("incident");
  CHECK(inc.exists());
  CHECK(inc.is_table());
  CHECK(inc.at("id").where() == source_location{"cases.toml", 4, 6});
  CHECK_FALSE(d->at("case").at(1).exists());
  CHECK_FALSE(d->at("nothing").at("deeper").exists());
  CHECK_FALSE(d->at("case").at("name").exists());  // an array has no keys
  CHECK(document{}.where() == source_location{});
  auto bad = document::parse(source_file{"bad.json", "{\"a\": }", "bad.json"});
  REQUIRE_FALSE(bad);
  CHECK(bad.diagnostics().front().code == "json.syntax");
}
