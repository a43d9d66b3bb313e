#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "breachclock/facts/value.hpp"

using namespace breachclock;

namespace {
using strings = std::vector<std::string>;
}  // namespace

TEST_CASE("a default fact value is unknown", "[facts]") {
  const fact_value v;
  CHECK_FALSE(v.is_known());
  CHECK(v.known() == nullptr);
  CHECK(v.as_bool() == nullptr);
  CHECK(v.as_int() == nullptr);
  CHECK(v.as_string() == nullptr);
  CHECK(v.as_set() == nullptr);
  CHECK(v == fact_value::unknown());
  CHECK_FALSE(fact_value::unknown().is_known());
}

TEST_CASE("unknown is never false, zero or empty", "[facts]") {
  const fact_value unknown = fact_value::unknown();
  CHECK_FALSE(unknown == fact_value{false});
  CHECK_FALSE(unknown == fact_value{0});
  CHECK_FALSE(unknown == fact_value{""});
  CHECK_FALSE(unknown == fact_value::set_of({}));
  CHECK_FALSE(unknown == fact_value::at_least({}));
  CHECK(fact_value{false}.is_known());
  CHECK(fact_value{0}.is_known());
  CHECK(fact_value{""}.is_known());
  CHECK(fact_value::set_of({}).is_known());
}

TEST_CASE("bool values", "[facts]") {
  const fact_value t = true;
  const fact_value f = false;
  REQUIRE(t.as_bool() != nullptr);
  REQUIRE(f.as_bool() != nullptr);
  CHECK(*t.as_bool());
  CHECK_FALSE(*f.as_bool());
  CHECK(t.is_known());
  CHECK(t.known() != nullptr);
  CHECK(std::holds_alternative<bool>(*t.known()));
  CHECK(t.as_int() == nullptr);
  CHECK(t.as_string() == nullptr);
  CHECK(t.as_set() == nullptr);
  CHECK(t == fact_value{true});
  CHECK_FALSE(t == f);
  // A bool is not the integer 1.
  CHECK_FALSE(t == fact_value{1});
}

TEST_CASE("int values, from int and from int64", "[facts]") {
  const fact_value a = 42;
  const fact_value b = std::int64_t{42};
  REQUIRE(a.as_int() != nullptr);
  CHECK(*a.as_int() == 42);
  CHECK(a == b);
  CHECK(a.as_bool() == nullptr);
  CHECK(a.as_string() == nullptr);
  CHECK(a.as_set() == nullptr);
  CHECK(std::holds_alternative<std::int64_t>(*a.known()));
  const fact_value big = std::numeric_limits<std::int64_t>::max();
  CHECK(*big.as_int() == std::numeric_limits<std::int64_t>::max());
  const fact_value negative = -7;
  CHECK(*negative.as_int() == -7);
  CHECK_FALSE(a == negative);
}

TEST_CASE("string values: an enum value or text", "[facts]") {
  const fact_value a = "high";
  const fact_value b = std::string("high");
  REQUIRE(a.as_string() != nullptr);
  CHECK(*a.as_string() == "high");
  CHECK(a == b);
  CHECK(a.as_bool() == nullptr);
  CHECK(a.as_int() == nullptr);
  CHECK(a.as_set() == nullptr);
  CHECK_FALSE(a == fact_value{"High"});
  // The string "unknown" is a known string in code: only readers treat it as unknown.
  CHECK(fact_value{"unknown"}.is_known());
}

TEST_CASE("sets are sorted and have no duplicates", "[facts]") {
  const fact_value s = fact_value::set_of({"health", "contact", "financial", "contact"});
  REQUIRE(s.as_set() != nullptr);
  CHECK(s.as_set()->members == strings{"contact", "financial", "health"});
  CHECK(s.as_set()->complete);
  CHECK(s.as_bool() == nullptr);
  CHECK(s.as_int() == nullptr);
  CHECK(s.as_string() == nullptr);
  CHECK(std::holds_alternative<set_value>(*s.known()));

  SECTION("the same members in any order are the same set") {
    CHECK(s == fact_value::set_of({"financial", "health", "contact"}));
    CHECK(s == fact_value::set_of({"contact", "financial", "health", "health", "financial"}));
    CHECK_FALSE(s == fact_value::set_of({"contact", "health"}));
  }
  SECTION("at least: incomplete, also normalised") {
    const fact_value p = fact_value::at_least({"trade_union_membership", "contact", "contact"});
    REQUIRE(p.as_set() != nullptr);
    CHECK(p.as_set()->members == strings{"contact", "trade_union_membership"});
    CHECK_FALSE(p.as_set()->complete);
    CHECK_FALSE(p == fact_value::set_of({"contact", "trade_union_membership"}));
    CHECK(p == fact_value::at_least({"contact", "trade_union_membership"}));
  }
  SECTION("a set_value converts with the same normalisation") {
    const fact_value v = set_value{{"b", "a", "b", "c", "a"}, false};
    REQUIRE(v.as_set() != nullptr);
    CHECK(v.as_set()->members == strings{"a", "b", "c"});
    CHECK_FALSE(v.as_set()->complete);
    const fact_value w = set_value{{"b", "a"}};
    CHECK(w.as_set()->complete);
    CHECK(w == fact_value::set_of({"a", "b"}));
  }
  SECTION("empty sets") {
    const fact_value none = fact_value::set_of({});
    REQUIRE(none.as_set() != nullptr);
    CHECK(none.as_set()->members.empty());
    CHECK(none.as_set()->complete);
    CHECK_FALSE(none == fact_value::at_least({}));
  }
}

TEST_CASE("values of different types are never equal", "[facts]") {
  const std::vector<fact_value> vs{fact_value::unknown(), true, 1, "1", "true", fact_value::set_of({"1"}), fact_value::at_least({"1"})};
  for (std::size_t i = 0; i < vs.size(); ++i) {
    for (std::size_t j = 0; j < vs.size(); ++j) {
      INFO(i << ' ' << j);
      CHECK((vs[i] == vs[j]) == (i == j));
    }
  }
}

TEST_CASE("fact values print in their documented forms", "[facts]") {
  CHECK(to_string(fact_value::unknown()) == "unknown");
  CHECK(to_string(fact_value{true}) == "true");
  CHECK(to_string(fact_value{false}) == "false");
  CHECK(to_string(fact_value{42}) == "42");
  CHECK(to_string(fact_value{0}) == "0");
  CHECK(to_string(fact_value{-3}) == "-3");
  CHECK(to_string(fact_value{std::numeric_limits<std::int64_t>::min()}) == "-9223372036854775808");
  CHECK(to_string(fact_value{"high"}) == "\"high\"");
  CHECK(to_string(fact_value{""}) == "\"\"");
  // The string "unknown" is quoted, so it cannot be mistaken for an unknown value.
  CHECK(to_string(fact_value{"unknown"}) == "\"unknown\"");
  CHECK(to_string(fact_value{R"(say "hi" \ bye)"}) == R"("say \"hi\" \\ bye")");
  CHECK(to_string(fact_value::set_of({"health", "contact"})) == R"(["contact", "health"])");
  CHECK(to_string(fact_value::set_of({"contact"})) == R"(["contact"])");
  CHECK(to_string(fact_value::set_of({})) == "[]");
  CHECK(to_string(fact_value::at_least({"contact"})) == R"(at least ["contact"])");
  CHECK(to_string(fact_value::at_least({"health", "contact", "health"})) == R"(at least ["contact", "health"])");
  CHECK(to_string(fact_value::at_least({})) == "at least []");

  std::ostringstream os;
  os << fact_value{7} << ' ' << fact_value::unknown() << ' ' << fact_value::set_of({"a"});
  CHECK(os.str() == R"(7 unknown ["a"])");
}

TEST_CASE("fact values copy and move like values", "[facts]") {
  fact_value a = fact_value::set_of({"b", "a"});
  fact_value b = a;
  CHECK(a == b);
  fact_value c = std::move(b);
  CHECK(c == a);
  c = fact_value::unknown();
  CHECK_FALSE(c.is_known());
  CHECK(a.is_known());
}
