// The region table: regions.toml read and checked, codes checked, and what a scope covers.
#include <catch2/catch.hpp>

#include "breachclock/facts/regions.hpp"
#include "breachclock/source_file.hpp"
#include "support/test_support.hpp"

namespace breachclock {
namespace {

using test::at;

constexpr const char* k_regions = R"toml(
[regions]
question = "Where?"
countries = ["AT", "CA", "DE", "GB", "IS", "NO", "US"]

[corrections]
UK = "GB"

[subdivisions]
CA = ["CA-ON", "CA-QC"]

[union.EU]
name = "European Union"
zone = "Europe/Brussels"
members = [
  { code = "AT", from = 1995-01-01 },
  { code = "DE" },
  { code = "GB", from = 1973-01-01, until = 2020-12-31 },
]

[union.EEA]
name = "European Economic Area"
include = ["EU"]
members = [{ code = "IS", from = 1994-01-01 }, { code = "NO", from = 1994-01-01 }]
)toml";

region_table table() {
  auto t = parse_regions(k_regions, "regions.toml");
  if (!t) FAIL(test::first_error(t));
  return *t;
}

TEST_CASE("region codes: countries, subdivisions and unions", "[facts][regions]") {
  const region_table t = table();
  CHECK(t.question() == "Where?");
  CHECK(t.check_code("GB").empty());
  CHECK(t.check_code("CA-ON").empty());
  CHECK(t.check_code("GB-SCT").empty());  // GB's subdivisions are not listed: the shape is checked
  CHECK_THAT(t.check_code("CA-XX"), Catch::Contains("'CA-XX' is not an ISO 3166-2 subdivision of CA"));
  CHECK_THAT(t.check_code("CA-OM"), Catch::Contains("did you mean 'CA-ON'?"));
  CHECK_THAT(t.check_code("ca-on"),
             Catch::Contains("is not a region code") && Catch::Contains("did you mean 'CA-ON'?"));
  CHECK(t.check_code("EU").empty());
  CHECK(t.check_code("UK") == "'UK' is not an ISO 3166-1 country code: did you mean 'GB'?");
  CHECK_THAT(t.check_code("FR"), Catch::Contains("'FR' is not an ISO 3166-1 country code nor a union"));
  CHECK_THAT(t.check_code("EU-DE"), Catch::Contains("names a part of the union EU"));
  CHECK_THAT(t.check_code("gb"), Catch::Contains("is not a region code"));
  CHECK_THAT(t.check_code("CA-ONTARIO"), Catch::Contains("is not a region code"));
  CHECK_THAT(t.check_code(""), Catch::Contains("is not a region code"));
  CHECK(check_code_syntax("CA-ON").empty());
  CHECK(check_code_syntax("EEA").empty());
  CHECK_FALSE(check_code_syntax("CA-").empty());
  CHECK_FALSE(check_code_syntax("EEA-X").empty());  // a union has no subdivisions
}

TEST_CASE("a scope covers its own regimes, its subdivisions', its country's and its unions'", "[facts][regions]") {
  const region_table t = table();
  const instant d = at("2025-06-01T12:00:00Z");
  CHECK(t.covers({"GB"}, "GB", d));
  CHECK_FALSE(t.covers({"GB"}, "CA", d));
  CHECK(t.covers({"CA"}, "CA-ON", d));  // a country covers its provinces' laws
  CHECK(t.covers({"CA-ON"}, "CA", d));  // and a province is within its country's law
  CHECK_FALSE(t.covers({"CA-ON"}, "CA-QC", d));
  CHECK_FALSE(t.covers({"CA-ON"}, "CA-O", d));  // a prefix is not a subdivision
  CHECK(t.covers({"DE"}, "EU", d));             // a member is within the union's law
  CHECK(t.covers({"EU"}, "DE", d));             // and the union's scope covers its members' laws
  CHECK(t.covers({"NO"}, "EEA", d));
  CHECK(t.covers({"DE"}, "EEA", d));  // through the EU, which the EEA includes
  CHECK_FALSE(t.covers({"NO"}, "EU", d));
  CHECK(t.covers({"EEA"}, "EU", d));       // an EEA-wide scope reaches the EU members' law
  CHECK(t.covers({"US", "GB"}, "GB", d));  // any entry
  CHECK(t.covers({"US"}, "", d));          // a pack with no jurisdiction (a policy) is everywhere's
}

TEST_CASE("union membership is by day, both ends inclusive", "[facts][regions]") {
  const region_table t = table();
  CHECK(t.covers({"GB"}, "EU", at("2019-06-01T12:00:00Z")));
  CHECK(t.covers({"GB"}, "EU", at("2020-12-31T12:00:00Z")));  // the last day of the transition period
  // Which ended at midnight in Brussels: 23:00 UTC.
  CHECK(t.covers({"GB"}, "EU", at("2020-12-31T22:59:59Z")));
  CHECK_FALSE(t.covers({"GB"}, "EU", at("2020-12-31T23:00:00Z")));
  CHECK(t.depends_on_time({"GB"}, "EU"));
  CHECK(t.depends_on_time({"EU"}, "DE"));
  CHECK_FALSE(t.depends_on_time({"GB"}, "CA-ON"));
  CHECK_FALSE(t.covers({"GB"}, "EU", at("2021-01-01T12:00:00Z")));
  CHECK_FALSE(t.covers({"AT"}, "EU", at("1994-12-31T12:00:00Z")));
  CHECK(t.covers({"AT"}, "EU", at("1995-01-01T12:00:00Z")));
  CHECK_FALSE(t.covers({"EU"}, "GB", at("2021-01-01T12:00:00Z")));
  CHECK(t.covers({"EU"}, "GB", at("2020-01-01T12:00:00Z")));
}

TEST_CASE("regions.toml: every error located", "[facts][regions]") {
  auto errors = [](const char* text) {
    auto t = parse_regions(text, "regions.toml");
    REQUIRE_FALSE(t);
    return test::messages(t.diagnostics());
  };
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"G\"]\n")[0],
             Catch::Contains("regions.toml:3:14: error: 'G' is not two capital letters"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\", \"GB\"]\n")[0],
             Catch::Contains("'GB' is listed twice"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[union.EU]\nname = \"EU\"\n"
                    "members = [{ code = \"FR\" }]\n")[0],
             Catch::Contains("member 'FR' of EU is not a country"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[union.EU]\nname = \"EU\"\n"
                    "members = [{ code = \"GB\", from = 2020-01-01, until = 2019-01-01 }]\n")[0],
             Catch::Contains("leaves (until) before it joins (from)"));
  CHECK_THAT(errors(
                 "[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[union.AAA]\nname = \"A\"\ninclude = [\"BBB\"]\n"
                 "members = []\n[union.BBB]\nname = \"B\"\ninclude = [\"AAA\"]\nmembers = []\n")[0],
             Catch::Contains("includes itself (a loop)"));
  // A union that includes itself is told once, not again as a loop.
  CHECK(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[union.EU]\nname = \"EU\"\ninclude = [\"EU\"]\n"
               "members = []\n")
            .size() == 1);
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[union.EU]\nname = \"EU\"\ninclude = [\"X\"]\n"
                    "members = []\n")[0],
             Catch::Contains("includes 'X', which is not another union"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[union.GB]\nname = \"G\"\nmembers = []\n")[0],
             Catch::Contains("union 'GB' is also a country code"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[corrections]\nUK = \"GX\"\n")[0],
             Catch::Contains("'UK' is corrected to 'GX', which is not a country"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[corrections]\nGB = \"GB\"\n")[0],
             Catch::Contains("a correction is of two capital letters that are not a country's code"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[subdivisions]\nGB = [\"CA-ON\"]\n")[0],
             Catch::Contains("'CA-ON' is not an ISO 3166-2 code of GB"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\n[union.EU]\nname = \"EU\"\n"
                    "members = [{ code = \"GB\" }, { code = \"GB\" }]\n")[0],
             Catch::Contains("member 'GB' of EU is listed twice"));
  CHECK_THAT(errors("[regions]\nquestion = \"q\"\ncountries = [\"GB\"]\ncolour = 1\n")[0],
             Catch::Contains("unknown key 'colour'"));
}

TEST_CASE("the bundled regions: ISO 3166-1, the EU and the EEA", "[facts][regions]") {
  const source_file* file = nullptr;
  for (const source_file& f : bundled_rule_files()) {
    if (f.relative == "regions.toml") file = &f;
  }
  REQUIRE(file != nullptr);
  auto t = parse_regions(file->text, file->path);
  REQUIRE(t);
  CHECK(t->countries().size() == 249);
  CHECK(t->is_country("GB"));
  CHECK_FALSE(t->is_country("UK"));
  REQUIRE(t->find_union("EU") != nullptr);
  // 27 members, the United Kingdom until 2020, and 8 places with codes of their own (TFEU Art. 355)
  CHECK(t->find_union("EU")->members.size() == 36);
  // An outermost region is within the Union's law; an overseas country or territory is not.
  CHECK(t->covers({"RE"}, "EU", at("2025-01-01T12:00:00Z")));
  CHECK(t->covers({"AX"}, "EEA", at("2025-01-01T12:00:00Z")));
  CHECK_FALSE(t->covers({"PF"}, "EU", at("2025-01-01T12:00:00Z")));
  CHECK_FALSE(t->covers({"YT"}, "EU", at("2013-06-01T12:00:00Z")));  // Mayotte from 2014
  CHECK(t->covers({"YT"}, "EU", at("2014-06-01T12:00:00Z")));
  CHECK(t->covers({"BL"}, "EU", at("2011-06-01T12:00:00Z")));  // Saint-Barthelemy until 2011
  CHECK_FALSE(t->covers({"BL"}, "EU", at("2012-06-01T12:00:00Z")));
  CHECK(t->covers({"EU"}, "RE", at("2025-01-01T12:00:00Z")));
  // Equally close to CA-ON and CA-NT: the one that shares the longer beginning.
  CHECK_THAT(t->check_code("CA-ONT"), Catch::Contains("did you mean 'CA-ON'?"));
  CHECK(t->covers({"FR"}, "EU", at("2025-01-01T12:00:00Z")));
  CHECK(t->covers({"LI"}, "EEA", at("2025-01-01T12:00:00Z")));
  CHECK_FALSE(t->covers({"CH"}, "EEA", at("2025-01-01T12:00:00Z")));
  CHECK_FALSE(t->covers({"GB"}, "EU", at("2021-01-01T12:00:00Z")));
}

}  // namespace
}  // namespace breachclock
