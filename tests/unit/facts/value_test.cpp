#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "breachclock/diagnostic.hpp"
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
  const std::vector<fact_value> vs{fact_value::unknown(),      true, 1, "1", "true", fact_value::set_of({"1"}),
                                   fact_value::at_least({"1"})};
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

TEST_CASE("int values from every integer type real callers have", "[facts]") {
  const std::vector<int> records(3);
  const fact_value from_size = records.size();  // std::size_t
  REQUIRE(from_size.as_int() != nullptr);
  CHECK(*from_size.as_int() == 3);
  CHECK(*fact_value(7U).as_int() == 7);  // unsigned
  CHECK(*fact_value(std::uint16_t{65535}).as_int() == 65535);
  CHECK(*fact_value(std::uint8_t{200}).as_int() == 200);  // a number, not a character
  CHECK(*fact_value(-5L).as_int() == -5);                 // long
  CHECK(*fact_value(std::int16_t{-32768}).as_int() == -32768);
  CHECK(*fact_value(std::numeric_limits<std::uint32_t>::max()).as_int() == 4294967295LL);
  const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  CHECK(*fact_value(max).as_int() == std::numeric_limits<std::int64_t>::max());  // the largest that fits
  CHECK(*fact_value(std::numeric_limits<std::int64_t>::min()).as_int() == std::numeric_limits<std::int64_t>::min());
  CHECK(fact_value(std::size_t{3}) == fact_value(3));
  CHECK(fact_value(3U) == fact_value(std::int64_t{3}));
}

TEST_CASE("an unsigned value that does not fit int64 fails, never wraps", "[facts]") {
  const auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  CHECK_THROWS_AS(fact_value(max + 1), breachclock::error);
  CHECK_THROWS_AS(fact_value(std::numeric_limits<std::size_t>::max()), breachclock::error);
  CHECK_THROWS_AS(fact_value(std::numeric_limits<unsigned long long>::max()), breachclock::error);
  try {
    const fact_value v = std::numeric_limits<std::uint64_t>::max();
    FAIL("no error for " << v);
  } catch (const breachclock::error& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].code == "fact.range");
    CHECK(e.diagnostics()[0].message ==
          "the integer 18446744073709551615 does not fit a fact value (at most 9223372036854775807)");
  }
}

TEST_CASE("string values from std::string, std::string_view and const char*", "[facts]") {
  const std::string owned = "controller";
  const std::string_view view = owned;
  const char* pointer = owned.c_str();
  CHECK(*fact_value(owned).as_string() == "controller");
  CHECK(*fact_value(view).as_string() == "controller");
  CHECK(*fact_value(pointer).as_string() == "controller");
  CHECK(*fact_value(view.substr(0, 4)).as_string() == "cont");  // a view that is not NUL-terminated
  CHECK(fact_value(view) == fact_value("controller"));
  CHECK(fact_value(std::string_view{}).as_string()->empty());
  const char* null = nullptr;
  CHECK_THROWS_AS(fact_value(null), breachclock::error);
  try {
    (void)fact_value(null);
  } catch (const breachclock::error& e) {
    CHECK(e.diagnostics()[0].code == "fact.null");
  }
  // Characters and bools are not integers: a char does not convert to a number by accident.
  STATIC_REQUIRE_FALSE(std::is_constructible_v<fact_value, char>);
  STATIC_REQUIRE(std::is_constructible_v<fact_value, bool>);
  CHECK(fact_value(true).as_bool() != nullptr);
}
