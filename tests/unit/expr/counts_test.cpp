// Counts of people by jurisdiction, known exactly, as ranges or not at all (issue 16): the
// schema's families of counts, the incident's [affected] table, and three-valued comparisons.
#include <catch2/catch.hpp>

#include <string>

#include "breachclock/expr/evaluator.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::expr::fact_table;
using breachclock::test::first_error;

namespace {

const char* const k_core = R"(
[event.detected]
description = "d"
question = "q"

[fact.flag]
type = "bool"
description = "d"
question = "q"

[count.affected]
description = "People affected."
question = "How many live in {region}?"
total_question = "How many in all?"
most_question = "How many in the biggest subdivision of {country}?"
alias = "affected_count"
)";

const char* const k_module = R"(
[counts]
affected = ["US-TX", "US-CA"]

[counts.most]
affected = ["US"]
)";

const fact_schema& schema() {
  static const fact_schema s = [] {
    auto merged = merge_fact_schemas(
        {source_file{"facts.toml", k_core, "facts.toml"}, source_file{"us/facts.toml", k_module, "us/facts.toml"}});
    const std::vector<std::string> why = test::messages(merged.diagnostics());
    CAPTURE(why);
    REQUIRE(merged);
    return *merged;
  }();
  return s;
}

result<incident> incident_of(const std::string& affected) {
  source_file f{"i.toml", "id = \"i\"\nzone = \"UTC\"\n[affected]\n" + affected + "\n", "i.toml"};
  return parse_incident(f, schema());
}

tri truth_of(const std::string& cond, const std::string& affected) {
  auto c = expr::compile(cond, schema(), expr::default_locator("c.toml"));
  REQUIRE(c);
  auto inc = incident_of(affected);
  REQUIRE(inc);
  auto table = fact_table::bind(schema(), *inc);
  REQUIRE(table);
  return expr::evaluate(*c, *table).value;
}

}  // namespace

TEST_CASE("counts: the family declares its total, modules their members, with questions", "[expr][counts]") {
  const fact_decl* total = schema().fact("affected.total");
  REQUIRE(total != nullptr);
  CHECK(total->type == fact_type::integer);
  CHECK(total->question == "How many in all?");
  CHECK(schema().fact("affected_count") == total);  // the older name
  const fact_decl* tx = schema().fact("affected.US-TX");
  REQUIRE(tx != nullptr);
  CHECK(tx->question == "How many live in US-TX?");
  CHECK(tx->family == "affected");
  const fact_decl* most = schema().fact("affected.most.US");
  REQUIRE(most != nullptr);
  CHECK(most->derived());
  CHECK(most->question == "How many in the biggest subdivision of US?");
}

TEST_CASE("counts: a range against a threshold is true, false or unknown, exactly at the boundaries",
          "[expr][counts]") {
  const std::string ge = "affected[\"US-TX\"] >= 250";
  CHECK(truth_of(ge, "US-TX = { min = 300, max = 700 }") == tri::yes);
  CHECK(truth_of(ge, "US-TX = { min = 200, max = 300 }") == tri::unknown);
  CHECK(truth_of(ge, "US-TX = { min = 100, max = 200 }") == tri::no);
  CHECK(truth_of(ge, "US-TX = { min = 250, max = 260 }") == tri::yes);  // the boundary is in
  CHECK(truth_of(ge, "US-TX = { min = 100, max = 249 }") == tri::no);
  CHECK(truth_of(ge, "US-TX = { min = 100, max = 250 }") == tri::unknown);
  CHECK(truth_of(ge, "US-TX = { min = 300 }") == tri::yes);  // open above
  CHECK(truth_of(ge, "US-TX = { max = 200 }") == tri::no);   // open below: at least 0
  CHECK(truth_of(ge, "US-TX = \"unknown\"") == tri::unknown);
  CHECK(truth_of(ge, "US-TX = 250") == tri::yes);
  const std::string gt = "affected.total > 500";
  CHECK(truth_of(gt, "total = { min = 500, max = 900 }") == tri::unknown);
  CHECK(truth_of(gt, "total = { min = 501, max = 900 }") == tri::yes);
  CHECK(truth_of(gt, "total = { min = 1, max = 500 }") == tri::no);
  CHECK(truth_of("affected_count == 12", "total = 12") == tri::yes);
  CHECK(truth_of("affected.total == 12", "total = { min = 10, max = 20 }") == tri::unknown);
  CHECK(truth_of("affected.total != 12", "total = { min = 13, max = 20 }") == tri::yes);
  CHECK(truth_of("affected.total in [1, 2, 3]", "total = { min = 10, max = 20 }") == tri::no);
  CHECK(truth_of("affected.total in [1, 15]", "total = { min = 10, max = 20 }") == tri::unknown);
}

TEST_CASE("counts: an unknown or ranged count that decides names itself", "[expr][counts]") {
  auto c = expr::compile("flag or affected[\"US-TX\"] >= 250", schema(), expr::default_locator("c.toml"));
  REQUIRE(c);
  auto inc = incident_of("US-TX = { min = 200, max = 300 }");
  REQUIRE(inc);
  auto table = fact_table::bind(schema(), *inc);
  REQUIRE(table);
  const expr::truth t = expr::evaluate(*c, *table);
  CHECK(t.value == tri::unknown);
  CHECK(t.unknown_facts.test(schema().fact("affected.US-TX")->index));
}

TEST_CASE("counts: the largest count of one subdivision, from the table and the total", "[expr][counts]") {
  const std::string more = "most(affected, \"US\") > 500";
  CHECK(truth_of(more, "US-TX = { min = 501 }") == tri::yes);
  // Nothing bounds the states not listed: unknown, however small the listed ones.
  CHECK(truth_of(more, "US-TX = 20\nUS-CA = 30") == tri::unknown);
  // A total of at most 500 bounds every state.
  CHECK(truth_of(more, "total = { max = 500 }\nUS-TX = \"unknown\"") == tri::no);
  // 1,200 in all, 800 of them in two listed states of at most 450: the other 400 cannot make 501.
  CHECK(truth_of(more, "total = { max = 1200 }\nUS-TX = { min = 400, max = 450 }\nUS-CA = { min = 400, max = 450 }") ==
        tri::no);
  // 1,200 in all and only 300 listed: the rest could all be in one state.
  CHECK(truth_of(more, "total = 1200\nUS-TX = 300") == tri::unknown);
  // The country's own count bounds its states before the total does.
  CHECK(truth_of(more, "total = 5000\nUS = 400\nGB = 4600") == tri::no);
}

TEST_CASE("counts: bad tables are refused with their place", "[expr][counts]") {
  CHECK(first_error(incident_of("Texas = 3"))
            .find("i.toml:4:1: error: affected: 'Texas' is neither \"total\" nor a region code") == 0);
  CHECK(first_error(incident_of("US-TX = -1")) ==
        "i.toml:4:9: error: affected.US-TX is a number of people: at least 0, not -1");
  CHECK(first_error(incident_of("US-TX = { min = 9, max = 3 }")) ==
        "i.toml:4:9: error: affected.US-TX: the range 9 to 3 ends before it starts (min is more than max)");
  CHECK(first_error(incident_of("US-TX = { least = 3 }")).find("unknown key 'least' in the range of affected.US-TX") !=
        std::string::npos);
  CHECK(first_error(incident_of("US-TX = {}")).find("a range needs min, max or both") != std::string::npos);
  CHECK(first_error(incident_of("US-TX = true")).find("a whole number, a range { min, max } or \"unknown\"") !=
        std::string::npos);
  // A count no condition reads is kept (it decides the scope), not refused.
  auto wy = incident_of("US-WY = 4");
  REQUIRE(wy);
  CHECK(wy->fact("affected.US-WY") == fact_value{4});
}

TEST_CASE("counts: conditions name only declared members", "[expr][counts]") {
  auto c = expr::compile("affected[\"US-WY\"] >= 1", schema(), expr::default_locator("c.toml"));
  REQUIRE_FALSE(c);
  CHECK(first_error(c).find("unknown fact 'affected.US-WY'") != std::string::npos);
  auto bad = expr::compile("affected[US] >= 1", schema(), expr::default_locator("c.toml"));
  CHECK(first_error(bad).find("expected a region code in quotes") != std::string::npos);
  auto most = expr::compile("most(affected) > 1", schema(), expr::default_locator("c.toml"));
  CHECK(first_error(most).find("expected ',' and a country code") != std::string::npos);
}

TEST_CASE("counts: a value prints as its range", "[facts][counts]") {
  CHECK(to_string(fact_value{count_range{300, 700}}) == "300 to 700");
  CHECK(to_string(fact_value{count_range{1000, std::nullopt}}) == "at least 1000");
  CHECK(to_string(fact_value{count_range{std::nullopt, 50}}) == "at most 50");
  CHECK(fact_value{count_range{5, 5}} == fact_value{5});
  CHECK_FALSE(fact_value{count_range{}}.is_known());
}
