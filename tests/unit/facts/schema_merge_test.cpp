#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "breachclock/facts/schema.hpp"
#include "support/test_support.hpp"

using namespace breachclock;

namespace {

const char* const k_core = R"([event.occurred]
description = "When it happened."
question = "When did it happen?"

[fact.breach]
type = "bool"
description = "Personal data was breached."
question = "Was personal data breached?"
)";

const char* const k_module = R"([event.reported]
description = "When the union reported it."
question = "When did the union report it?"
fallback = "occurred"

[fact.union_members]
type = "bool"
description = "Union members are affected."
question = "Are union members affected?"
)";

const diagnostic& first_error(const result<fact_schema>& r) { return r.diagnostics().front(); }

source_file file(std::string path, std::string text) { return source_file{path, std::move(text), path}; }

}  // namespace

TEST_CASE("schemas of several files merge into one", "[facts]") {
  auto merged = merge_fact_schemas({file("facts.toml", k_core), file("uk/facts.toml", k_module)});
  REQUIRE(merged);
  REQUIRE(merged->fact("breach") != nullptr);
  REQUIRE(merged->fact("union_members") != nullptr);
  CHECK(merged->fact("union_members")->where.file == "uk/facts.toml");
  // A module's event may fall back on a core event.
  CHECK(merged->fallbacks("reported") == std::vector<std::string>{"occurred"});
  // Indices follow the merged order (by name), as in one file.
  CHECK(merged->fact("breach")->index == 0);
  CHECK(merged->fact("union_members")->index == 1);
  // Alone, the module's file is not a schema: its fallback names an event it does not declare.
  CHECK_FALSE(parse_fact_schema(k_module, "uk/facts.toml"));
}

TEST_CASE("a fact declared in two schema files is refused at the second, naming the first", "[facts]") {
  const std::string clash = std::string(k_module) + R"(
[fact.breach]
type = "bool"
description = "Again."
question = "Again?"
)";
  auto merged = merge_fact_schemas({file("facts.toml", k_core), file("uk/facts.toml", clash)});
  REQUIRE_FALSE(merged);
  const diagnostic& d = first_error(merged);
  CHECK(d.code == "rules.fact-clash");
  CHECK(d.where.file == "uk/facts.toml");
  CHECK(d.where.line == 11);
  CHECK(d.message.find("facts.toml:5") != std::string::npos);
  // The order of the files decides which one is the second.
  auto reversed = merge_fact_schemas({file("uk/facts.toml", clash), file("facts.toml", k_core)});
  REQUIRE_FALSE(reversed);
  CHECK(first_error(reversed).where.file == "facts.toml");
  CHECK(first_error(reversed).message.find("uk/facts.toml:11") != std::string::npos);
}

TEST_CASE("an event of one schema file and a fact of another with one name clash", "[facts]") {
  const char* const other = R"([fact.occurred]
type = "bool"
description = "x"
question = "x?"
)";
  auto merged = merge_fact_schemas({file("facts.toml", k_core), file("ca/facts.toml", other)});
  REQUIRE_FALSE(merged);
  CHECK(first_error(merged).code == "rules.fact-clash");
  CHECK(first_error(merged).where.file == "ca/facts.toml");
  CHECK(first_error(merged).message.find("facts.toml:1") != std::string::npos);
}

TEST_CASE("schema_files picks the core schema and the modules' ones", "[facts]") {
  const std::vector<source_file> files{
      file("calendars/x.toml", ""), file("ca/facts.toml", ""),     file("ca/module.toml", ""),
      file("facts.toml", ""),       file("legacy/facts.toml", ""),  // no module.toml: a pack, not a schema
      file("uk/facts.toml", ""),    file("uk/module.toml", ""),
  };
  std::vector<std::string> picked;
  for (const source_file* f : schema_files(files)) picked.push_back(f->relative);
  CHECK(picked == std::vector<std::string>{"facts.toml", "ca/facts.toml", "uk/facts.toml"});
}
