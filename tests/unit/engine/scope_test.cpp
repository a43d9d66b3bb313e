// The incident's scope: regimes outside it are not_required and not evaluated; with no scope,
// where the incident reaches is the first question; the anchor warnings of many duties fold.
#include <catch2/catch.hpp>

#include "breachclock/facts/regions.hpp"
#include "assessment_cases.hpp"

namespace breachclock {
namespace {

using namespace test::assessment_cases;
using test::at;

constexpr const char* k_regions = R"toml(
[regions]
question = "Where does the incident reach?"
countries = ["CA", "DE", "GB", "US"]
[corrections]
UK = "GB"
[union.EU]
name = "European Union"
members = [{ code = "DE" }, { code = "GB", until = 2020-12-31 }]
)toml";

// A law of `code` whose one duty applies when `fact` is true.
std::string pack_of(const std::string& id, const std::string& code, const std::string& fact) {
  return "[regime]\nid = \"" + id + "\"\ntitle = \"" + id + "\"\njurisdiction = \"" + code +
         "\"\nzone = \"UTC\"\napplies = '" + fact +
         "'\n[authority.a]\nname = \"A\"\nzone = \"UTC\"\n[[obligation]]\nid = \"" + id +
         "/notify\"\naction = \"notify-authority\"\nto = \"a\"\ntitle = \"Notify\"\ncite = [{ ref = \"s. 1\", url = "
         "\"https://example.org/s1\" }]\n"
         "deadline = { within = \"72h\", from = \"aware\", text = \"72 hours\" }\n";
}

rule_set scoped_rules() {
  auto r = rule_set::load(test::files_of({{"facts.toml", k_facts},
                                          {"regions.toml", k_regions},
                                          {"law/law.toml", k_pack},
                                          {"ca/ca.toml", pack_of("ca-law", "CA", "encrypted")},
                                          {"on/on.toml", pack_of("on-law", "CA-ON", "many")},
                                          {"eu/eu.toml", pack_of("eu-law", "EU", "breach")}}));
  if (!r) FAIL(test::first_error(r));
  return *r;
}

incident with_scope(std::optional<std::vector<std::string>> scope) {
  incident i = make({}, {{"detected", "2025-03-03T09:00:00Z"}});
  i.set_scope(std::move(scope));
  return i;
}

TEST_CASE("regimes outside the scope are not required, with the reason, and not evaluated", "[engine][scope]") {
  const rule_set rules = scoped_rules();
  auto a = assess(rules, with_scope(std::vector<std::string>{"GB"}), at("2025-03-04T12:00:00Z"));
  REQUIRE(a);
  REQUIRE(a->scope());
  CHECK(*a->scope() == std::vector<std::string>{"GB"});
  for (const char* id : {"ca-law/notify", "on-law/notify", "eu-law/notify"}) {
    const obligation_result& o = get(*a, id);
    CHECK(o.state == status::not_required);
    CHECK(o.out_of_scope);
    CHECK(o.depends_on.empty());
    REQUIRE(o.because.size() == 1);  // nothing else was evaluated
    CHECK(o.because[0].what == trace_entry::kind::scope);
    CHECK(o.because[0].value == tri::no);
    CHECK(*o.because[0].because == "outside the incident's scope");
    CHECK_FALSE(o.deadline.anchor);  // no anchor looked up, no deadline counted
  }
  const obligation_result& gb = get(*a, "law/log");
  CHECK_FALSE(gb.out_of_scope);
  CHECK(gb.because.front().what == trace_entry::kind::scope);
  CHECK(gb.because.front().value == tri::yes);
  // No question or warning of another jurisdiction: `encrypted` and `many` are only asked by
  // CA's and Ontario's laws here... and the GB law's exceptions.
  for (const question& q : a->questions) {
    CHECK_FALSE(q.is_scope);
    for (std::string_view d : q.decides) CHECK(d.substr(0, 4) == "law/");
  }
  for (const std::string& w : a->warnings) CHECK(w.find("-law/") == std::string::npos);
  CHECK(std::find(a->unknown_facts.begin(), a->unknown_facts.end(), "many") != a->unknown_facts.end());  // GB's own
  // The order is the contract's: by due (none last), then id, out-of-scope duties among the rest.
  const auto key = [](const obligation_result& o) {
    return std::make_tuple(!o.deadline.due.has_value(), o.deadline.due.value_or(instant{}), o.rule->id);
  };
  CHECK(std::is_sorted(a->obligations.begin(), a->obligations.end(),
                       [&](const obligation_result& x, const obligation_result& y) { return key(x) < key(y); }));
  CHECK_FALSE(std::is_partitioned(a->obligations.begin(), a->obligations.end(),
                                  [](const obligation_result& o) { return !o.out_of_scope; }));  // merged, not appended
}

TEST_CASE("a scope entry covers its subdivisions, its country and its unions, by the incident's day",
          "[engine][scope]") {
  const rule_set rules = scoped_rules();
  auto status_in = [&](std::vector<std::string> scope, const char* id) {
    incident i = make({{"encrypted", fact_value{true}}, {"many", fact_value{true}}, {"breach", fact_value{true}}},
                      {{"detected", "2019-03-03T09:00:00Z"}});
    i.set_scope(std::move(scope));
    auto a = assess(rules, i, at("2019-03-04T12:00:00Z"));
    REQUIRE(a);
    return get(*a, id).out_of_scope;
  };
  CHECK_FALSE(status_in({"CA"}, "on-law/notify"));     // CA covers CA-ON
  CHECK_FALSE(status_in({"CA-ON"}, "ca-law/notify"));  // CA-ON is within CA's federal law
  CHECK(status_in({"CA-ON"}, "law/log"));
  CHECK_FALSE(status_in({"DE"}, "eu-law/notify"));
  CHECK_FALSE(status_in({"GB"}, "eu-law/notify"));  // 2019: the United Kingdom was in the EU
  incident later = with_scope(std::vector<std::string>{"GB"});
  auto a = assess(rules, later, at("2025-03-04T12:00:00Z"));
  REQUIRE(a);
  CHECK(get(*a, "eu-law/notify").out_of_scope);  // 2025: no longer
  // Membership counts at the instant that decides the duty (its anchor, aware), not at the first
  // event: a breach of 2020 the organisation became aware of in 2024 owes no EU duty.
  incident old = make({{"breach", fact_value{true}}},
                      {{"occurred", "2020-06-01T09:00:00Z"}, {"aware", "2024-03-01T09:00:00Z"}});
  old.set_scope(std::vector<std::string>{"GB"});
  auto b = assess(rules, old, at("2024-03-04T12:00:00Z"));
  REQUIRE(b);
  CHECK(get(*b, "eu-law/notify").out_of_scope);
  old.set_event("aware", at("2020-06-02T09:00:00Z"));
  auto c = assess(rules, old, at("2020-06-04T12:00:00Z"));
  REQUIRE(c);
  CHECK_FALSE(get(*c, "eu-law/notify").out_of_scope);
  CHECK(get(*c, "eu-law/notify").state == status::required);
}

TEST_CASE("with no scope every regime is assessed and the scope is asked first", "[engine][scope]") {
  const rule_set rules = scoped_rules();
  auto a = assess(rules, with_scope(std::nullopt), at("2025-03-04T12:00:00Z"));
  REQUIRE(a);
  CHECK_FALSE(a->scope());
  REQUIRE_FALSE(a->questions.empty());
  const question& first = a->questions.front();
  CHECK(first.is_scope);
  CHECK(first.name == "scope");
  CHECK(*first.text == "Where does the incident reach?");
  // It decides every duty of a law that may apply.
  CHECK(std::find(first.decides.begin(), first.decides.end(), "ca-law/notify") != first.decides.end());
  CHECK(std::find(first.decides.begin(), first.decides.end(), "law/log") != first.decides.end());
  for (const obligation_result& o : a->obligations) CHECK_FALSE(o.out_of_scope);
  // More than the question that decides the most duties after it.
  CHECK(first.decides.size() >= a->questions[1].decides.size());
}

TEST_CASE("scope in an incident file: read, checked, located", "[engine][scope]") {
  const rule_set rules = scoped_rules();
  auto read = [&](const std::string& scope_line) {
    return parse_incident(source_file{"i.toml", "id = \"i\"\nzone = \"UTC\"\n" + scope_line + "\n", "i.toml"},
                          rules.schema());
  };
  auto ok = read("scope = [\"GB\", \"CA-ON\", \"EU\"]");
  REQUIRE(ok);
  CHECK(*ok->scope() == std::vector<std::string>{"GB", "CA-ON", "EU"});
  auto unknown = read("scope = \"unknown\"");
  REQUIRE(unknown);
  CHECK_FALSE(unknown->scope());
  CHECK_THAT(test::first_error(read("scope = [\"UK\"]")),
             Catch::Contains("i.toml:3:10: error: 'UK' is "
                             "not an ISO 3166-1 country code: did you mean 'GB'?"));
  CHECK_THAT(test::first_error(read("scope = []")), Catch::Contains("an empty scope"));
  CHECK_THAT(test::first_error(read("scope = [\"GB\", \"GB\"]")), Catch::Contains("'GB' is in the scope twice"));
  CHECK_THAT(test::first_error(read("scope = \"GB\"")), Catch::Contains("'scope' must be a list of region codes"));
  CHECK_THAT(test::first_error(read("scope = [1]")), Catch::Contains("'scope[]' must be a string"));
  // An incident built in code is checked by validate() the same way.
  incident i{"i", zone::utc()};
  i.set_scope(std::vector<std::string>{"XX"});
  CHECK_THAT(test::messages(validate(i, rules.schema())).at(0), Catch::Contains("'XX' is not an ISO 3166-1"));
  auto refused = assess(rules, i, at("2025-03-04T12:00:00Z"));
  CHECK_FALSE(refused);
}

TEST_CASE("a regime's jurisdiction must be a code of regions.toml", "[engine][scope]") {
  auto r = rule_set::load(test::files_of(
      {{"facts.toml", k_facts}, {"regions.toml", k_regions}, {"x/x.toml", pack_of("x-law", "UK", "breach")}}));
  REQUIRE_FALSE(r);
  CHECK_THAT(test::first_error(r), Catch::Contains("x/x.toml:4:1: error: 'UK' is not an ISO 3166-1 country code: "
                                                   "did you mean 'GB'?"));
  auto no_table =
      rule_set::load(test::files_of({{"facts.toml", k_facts}, {"x/x.toml", pack_of("x", "G-B", "breach")}}));
  REQUIRE_FALSE(no_table);
  CHECK_THAT(test::first_error(no_table), Catch::Contains("'G-B' is not a region code"));
}

TEST_CASE("the same anchor warning of many duties is told once, naming them", "[engine][scope]") {
  const rule_set rules = scoped_rules();
  incident i = make({{"breach", fact_value{true}}, {"encrypted", fact_value{true}}, {"many", fact_value{true}}},
                    {{"detected", "2025-03-03T09:00:00Z"}});
  auto a = assess(rules, i, at("2025-03-04T12:00:00Z"));
  REQUIRE(a);
  CHECK(std::count_if(a->warnings.begin(), a->warnings.end(), [](const std::string& w) {
          return w ==
                 "3 deadlines count from 'detected' while 'aware' is unknown (provisional): ca-law/notify, "
                 "eu-law/notify, on-law/notify";
        }) == 1);
  // One duty alone keeps the old wording.
  i.set_scope(std::vector<std::string>{"CA-ON"});
  i.set_fact("encrypted", fact_value{false});
  auto one = assess(rules, i, at("2025-03-04T12:00:00Z"));
  REQUIRE(one);
  CHECK(
      std::find(one->warnings.begin(), one->warnings.end(),
                "on-law/notify: 'aware' is not known; the deadline is counted from 'detected' for now (provisional)") !=
      one->warnings.end());
}

}  // namespace
}  // namespace breachclock
