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

const char* const k_schema = R"(
[event.occurred]
description = "When it happened."
question = "When did it happen?"

[event.detected]
description = "When it was noticed."
question = "When was it noticed?"
fallback = "occurred"

[event.aware]
description = "When the organisation became aware."
question = "When did you become aware?"
fallback = "detected"

[fact.breach]
type = "bool"
description = "Personal data was breached."
question = "Was personal data breached?"

[fact.affected_count]
type = "int"
min = 0
max = 1000000
description = "How many people are affected."
question = "How many people are affected?"

[fact.risk]
type = "enum"
values = ["unlikely", "risk", "high"]
description = "The risk to people."
question = "How risky is it?"

[fact.data_categories]
type = "set"
values = ["contact", "health", "financial"]
description = "The kinds of data involved."
question = "Which kinds of data are involved?"

[fact.summary]
type = "text"
description = "A summary."
question = "What happened?"

[fact.year]
type = "int"
min = 1990
description = "A year."
question = "Which year?"
)";

}  // namespace

TEST_CASE("fact types print as the words of facts.toml", "[facts]") {
  CHECK(std::string(to_string(fact_type::boolean)) == "bool");
  CHECK(std::string(to_string(fact_type::integer)) == "int");
  CHECK(std::string(to_string(fact_type::enumeration)) == "enum");
  CHECK(std::string(to_string(fact_type::set)) == "set");
  CHECK(std::string(to_string(fact_type::text)) == "text");
  std::ostringstream os;
  os << fact_type::set << ' ' << fact_type::integer;
  CHECK(os.str() == "set int");
}

TEST_CASE("a schema declares events and facts of every type", "[facts]") {
  auto r = parse_fact_schema(lines(k_schema), "facts.toml");
  REQUIRE(r);
  CHECK(r.diagnostics().empty());
  const fact_schema& s = *r;
  CHECK(s.events().size() == 3);
  CHECK(s.facts().size() == 6);

  SECTION("events") {
    const event_decl* occurred = s.event("occurred");
    REQUIRE(occurred != nullptr);
    CHECK(occurred->name == "occurred");
    CHECK(occurred->description == "When it happened.");
    CHECK(occurred->question == "When did it happen?");
    CHECK(occurred->fallback.empty());
    CHECK(occurred->where == source_location{"facts.toml", 1, 8});

    const event_decl* aware = s.event("aware");
    REQUIRE(aware != nullptr);
    CHECK(aware->fallback == "detected");
    CHECK(aware->description == "When the organisation became aware.");
    CHECK(aware->where == source_location{"facts.toml", 10, 8});
    CHECK(s.event("detected")->fallback == "occurred");
  }
  SECTION("a bool fact") {
    const fact_decl* f = s.fact("breach");
    REQUIRE(f != nullptr);
    CHECK(f->name == "breach");
    CHECK(f->type == fact_type::boolean);
    CHECK(f->description == "Personal data was breached.");
    CHECK(f->question == "Was personal data breached?");
    CHECK(f->values.empty());
    CHECK_FALSE(f->min);
    CHECK_FALSE(f->max);
    CHECK(f->where == source_location{"facts.toml", 15, 7});
  }
  SECTION("int facts, with both bounds or one") {
    const fact_decl* f = s.fact("affected_count");
    REQUIRE(f != nullptr);
    CHECK(f->type == fact_type::integer);
    CHECK(f->min == std::int64_t{0});
    CHECK(f->max == std::int64_t{1000000});
    const fact_decl* y = s.fact("year");
    REQUIRE(y != nullptr);
    CHECK(y->type == fact_type::integer);
    CHECK(y->min == std::int64_t{1990});
    CHECK_FALSE(y->max);
  }
  SECTION("an enum fact keeps its values as declared") {
    const fact_decl* f = s.fact("risk");
    REQUIRE(f != nullptr);
    CHECK(f->type == fact_type::enumeration);
    CHECK(f->values == std::vector<std::string>{"unlikely", "risk", "high"});
    CHECK(f->question == "How risky is it?");
  }
  SECTION("a set fact keeps its values as declared") {
    const fact_decl* f = s.fact("data_categories");
    REQUIRE(f != nullptr);
    CHECK(f->type == fact_type::set);
    CHECK(f->values == std::vector<std::string>{"contact", "health", "financial"});
  }
  SECTION("a text fact") {
    const fact_decl* f = s.fact("summary");
    REQUIRE(f != nullptr);
    CHECK(f->type == fact_type::text);
    CHECK(f->values.empty());
  }
  SECTION("each fact knows its position") {
    for (std::size_t i = 0; i < s.facts().size(); ++i) {
      CHECK(s.facts()[i].index == i);
      CHECK(s.fact(s.facts()[i].name) == &s.facts()[i]);
    }
    for (const event_decl& e : s.events()) CHECK(s.event(e.name) == &e);
  }
}

TEST_CASE("schema lookups: facts and events are separate, unknown names are null", "[facts]") {
  const fact_schema s = parse_fact_schema(lines(k_schema), "facts.toml").value();
  CHECK(s.fact("aware") == nullptr);  // an event, not a fact
  CHECK(s.event("risk") == nullptr);  // a fact, not an event
  CHECK(s.fact("rsk") == nullptr);
  CHECK(s.event("") == nullptr);
  CHECK(s.fact("") == nullptr);
  CHECK(s.fact("Risk") == nullptr);  // names are case-sensitive
  CHECK(s.fact("risk ") == nullptr);
  CHECK(s.fact("zzz") == nullptr);  // past the last name
  CHECK(s.fact("a") == nullptr);    // before the first name

  const fact_schema empty;
  CHECK(empty.facts().empty());
  CHECK(empty.events().empty());
  CHECK(empty.fact("risk") == nullptr);
  CHECK(empty.event("aware") == nullptr);
  CHECK(empty.fallbacks("aware").empty());
  CHECK(empty.names().empty());
}

TEST_CASE("fallbacks() follows the chain of fallback events", "[facts]") {
  const fact_schema s = parse_fact_schema(lines(k_schema), "facts.toml").value();
  CHECK(s.fallbacks("aware") == std::vector<std::string>{"detected", "occurred"});
  CHECK(s.fallbacks("detected") == std::vector<std::string>{"occurred"});
  CHECK(s.fallbacks("occurred").empty());
  CHECK(s.fallbacks("risk").empty());     // a fact has no fallbacks
  CHECK(s.fallbacks("nothing").empty());  // nor does an undeclared name
}

TEST_CASE("names() lists every fact, then every event", "[facts]") {
  const fact_schema s = parse_fact_schema(lines(k_schema), "facts.toml").value();
  std::vector<std::string> names = s.names();
  REQUIRE(names.size() == 9);
  std::vector<std::string> facts(names.begin(), names.begin() + 6);
  std::vector<std::string> events(names.begin() + 6, names.end());
  std::sort(facts.begin(), facts.end());
  std::sort(events.begin(), events.end());
  CHECK(facts == std::vector<std::string>{"affected_count", "breach", "data_categories", "risk", "summary", "year"});
  CHECK(events == std::vector<std::string>{"aware", "detected", "occurred"});
}

TEST_CASE("schema limits: 256 facts are allowed, not more", "[facts]") {
  std::string text(k_event);
  for (std::size_t i = 0; i < k_max_facts; ++i) {
    text += "[fact.f" + std::to_string(i) + "]\ntype = \"bool\"\ndescription = \"d\"\nquestion = \"q\"\n";
  }
  auto r = parse_fact_schema(text, "facts.toml");
  REQUIRE(r);
  CHECK(r->facts().size() == k_max_facts);
  CHECK(r->fact("f255") != nullptr);
}

TEST_CASE("the bundled fact schema loads", "[facts]") {
  const fact_schema& s = bundled_fact_schema();
  CHECK(&s == &bundled_fact_schema());  // loaded once
  CHECK_FALSE(s.facts().empty());
  CHECK_FALSE(s.events().empty());
  REQUIRE(s.event("aware") != nullptr);
  CHECK(s.fallbacks("aware") == std::vector<std::string>{"detected", "occurred"});
  REQUIRE(s.fact("role") != nullptr);
  CHECK(s.fact("role")->type == fact_type::enumeration);
  CHECK(s.fact("role")->values == std::vector<std::string>{"controller", "processor"});
  REQUIRE(s.fact("risk") != nullptr);
  CHECK(s.fact("risk")->values == std::vector<std::string>{"unlikely", "risk", "high"});
  REQUIRE(s.fact("uk_processing") != nullptr);
  CHECK(s.fact("uk_processing")->type == fact_type::boolean);
  CHECK(s.fact("uk_processing")->where.file == "<bundled>/uk/facts.toml");  // the uk module's, merged
  CHECK(s.fact("risk")->where.file == "<bundled>/facts.toml");              // the core's
  for (const fact_decl& f : s.facts()) {
    INFO(f.name);
    CHECK_FALSE(f.description.empty());
    CHECK_FALSE(f.question.empty());
    // The core schema, or a module's (merged).
    CHECK((f.where.file == "<bundled>/facts.toml" ||
           (f.where.file.starts_with("<bundled>/") && f.where.file.ends_with("/facts.toml"))));
    CHECK(f.where.line > 0);
  }
  for (const event_decl& e : s.events()) {
    INFO(e.name);
    CHECK_FALSE(e.question.empty());
    CHECK(s.fallbacks(e.name).size() < s.events().size());
  }
}

TEST_CASE("schema: every declared name is found, others are not, in copies too", "[facts]") {
  const fact_schema& bundled = bundled_fact_schema();
  const fact_schema copy = bundled;  // the lookup tables hold indices: a copy looks up in its own names
  for (const fact_schema* s : {&bundled, &copy}) {
    for (const fact_decl& f : s->facts()) {
      REQUIRE(s->fact(f.name) == &f);
      CHECK(s->event(f.name) == nullptr);
      CHECK(s->fact(f.name + "_") == nullptr);
      CHECK(s->fact(f.name.substr(0, f.name.size() - 1)) == nullptr);
    }
    for (const event_decl& e : s->events()) {
      REQUIRE(s->event(e.name) == &e);
      CHECK(s->fact(e.name) == nullptr);
    }
    CHECK(s->fact("") == nullptr);
    CHECK(s->event("") == nullptr);
  }
  const fact_schema empty;
  CHECK(empty.fact("role") == nullptr);
  CHECK(empty.event("aware") == nullptr);
}
