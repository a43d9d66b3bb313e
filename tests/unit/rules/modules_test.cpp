// Modules: folders with module.toml, their schemas, calendars and packs, and modules added on top.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "breachclock/rules/rule_set.hpp"
#include "support/test_support.hpp"

using namespace breachclock;

namespace {

constexpr const char* k_core = R"toml(
[event.aware]
description = "When the organisation became aware."
question = "When did you become aware?"

[fact.breach]
type = "bool"
description = "Personal data was breached."
question = "Was personal data breached?"
)toml";

constexpr const char* k_calendar = R"toml(
[calendar]
id = "xx"
title = "A calendar"
non_working = ["saturday", "sunday"]
verified = { from = 2018, until = 2027 }
confidence = "primary"
sources = [{ ref = "x", url = "https://example.org/x" }]

[[holiday]]
name = "New Year"
rule = "january 1"
)toml";

std::string module_toml(const std::string& id) {
  return "[module]\nid = \"" + id + "\"\ntitle = \"Module " + id + "\"\njurisdictions = [\"GB\"]\n";
}

std::string module_facts(const std::string& fact) {
  return "[fact." + fact + "]\ntype = \"bool\"\ndescription = \"x\"\nquestion = \"x?\"\n";
}

// A pack `id` whose obligation holds when `condition`; its authority uses `calendar` when given.
std::string pack(const std::string& id, const std::string& condition, const std::string& calendar = "") {
  return "[regime]\nid = \"" + id + "\"\ntitle = \"A law\"\njurisdiction = \"GB\"\nzone = \"Europe/London\"\n" +
         "sources = [{ ref = \"Act\", url = \"https://example.org/act\" }]\n\n[authority.reg]\nname = \"R\"\n" +
         (calendar.empty() ? "" : "calendar = \"" + calendar + "\"\n") + "\n[[obligation]]\nid = \"" + id +
         "/report\"\naction = \"notify-authority\"\nto = \"reg\"\ntitle = \"Report\"\n" +
         "cite = [{ ref = \"s. 1\", url = \"https://example.org/s1\" }]\nwhen = '" + condition + "'\n" +
         "deadline = { within = \"72h\", from = \"aware\", text = \"within 72 hours\" }\n";
}

std::vector<source_file> files(const std::map<std::string, std::string>& texts, const std::string& root = "r") {
  std::vector<source_file> out;
  for (const auto& [relative, text] : texts) out.push_back(source_file{root + "/" + relative, text, relative});
  return out;
}

const diagnostic* find_code(const std::vector<diagnostic>& ds, std::string_view code) {
  for (const diagnostic& d : ds) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

std::map<std::string, std::string> two_modules() {
  return {
      {"facts.toml", k_core},
      {"a/module.toml", module_toml("a")},
      {"a/facts.toml", module_facts("a_fact")},
      {"a/calendars/xx.toml", k_calendar},
      {"a/law-a.toml", pack("law-a", "breach and a_fact", "xx")},
      {"a/tests/law-a.toml", "this is not TOML a loader would accept ["},
      {"a/examples/one.toml", "neither is this ["},
      {"b/module.toml", module_toml("b")},
      {"b/facts.toml", module_facts("b_fact")},
      {"b/law-b.toml", pack("law-b", "breach and b_fact")},
  };
}

}  // namespace

TEST_CASE("modules: schemas merge, packs know their module, tests/ and examples/ are not rules", "[rules]") {
  auto loaded = rule_set::load(files(two_modules()));
  REQUIRE(loaded);
  CHECK(loaded->schema().fact("a_fact") != nullptr);
  CHECK(loaded->schema().fact("b_fact") != nullptr);
  CHECK(loaded->calendar("xx") != nullptr);
  std::map<std::string, std::string> module_of;
  for (const regime& r : loaded->regimes()) module_of[r.id] = r.module;
  CHECK(module_of == std::map<std::string, std::string>{{"law-a", "a"}, {"law-b", "b"}});
  // The digest does not see tests/ and examples/.
  auto without = two_modules();
  without.erase("a/tests/law-a.toml");
  without.erase("a/examples/one.toml");
  auto loaded_without = rule_set::load(files(without));
  REQUIRE(loaded_without);
  CHECK(loaded_without->digest() == loaded->digest());
}

TEST_CASE("modules: a folder without module.toml is read as before", "[rules]") {
  auto loaded = rule_set::load(files({{"facts.toml", std::string(k_core) + module_facts("a_fact")},
                                      {"calendars/xx.toml", k_calendar},
                                      {"legacy/law-a.toml", pack("law-a", "breach and a_fact", "xx")}}));
  REQUIRE(loaded);
  REQUIRE(loaded->regimes().size() == 1);
  CHECK(loaded->regimes().front().module.empty());
}

TEST_CASE("modules: a module's pack may not use another module's fact, event or calendar", "[rules]") {
  auto texts = two_modules();
  texts["b/law-b.toml"] = pack("law-b", "breach and a_fact");
  auto loaded = rule_set::load(files(texts));
  REQUIRE_FALSE(loaded);
  const diagnostic* d = find_code(loaded.diagnostics(), "rules.foreign-fact");
  REQUIRE(d != nullptr);
  CHECK(d->where.file == "r/b/law-b.toml");
  CHECK(d->where.line == 17);
  CHECK(d->message.find("'a_fact' is declared by the module 'a' (r/a/facts.toml:1:") != std::string::npos);
  CHECK(d->message.find("move it to the core schema") != std::string::npos);

  texts = two_modules();
  texts["b/law-b.toml"] = pack("law-b", "breach and b_fact", "xx");
  loaded = rule_set::load(files(texts));
  REQUIRE_FALSE(loaded);
  d = find_code(loaded.diagnostics(), "rules.foreign-fact");
  REQUIRE(d != nullptr);
  CHECK(d->message.find("calendar 'xx' belongs to the module 'a'") != std::string::npos);

  // A core fact is for everyone.
  texts = two_modules();
  texts["b/law-b.toml"] = pack("law-b", "breach");
  texts.erase("b/facts.toml");
  CHECK(rule_set::load(files(texts)));
}

TEST_CASE("modules: a fact declared by two modules clashes", "[rules]") {
  auto texts = two_modules();
  texts["b/facts.toml"] = module_facts("a_fact") + module_facts("b_fact");
  auto loaded = rule_set::load(files(texts));
  REQUIRE_FALSE(loaded);
  REQUIRE(loaded.diagnostics().size() == 1);
  const diagnostic& d = loaded.diagnostics().front();
  CHECK(d.code == "rules.fact-clash");
  CHECK(d.where.file == "r/b/facts.toml");
  CHECK(d.message.starts_with("'a_fact' is declared in two schemas: here and at r/a/facts.toml:1 "));
}

TEST_CASE("modules: two modules with one id, and a module.toml too deep", "[rules]") {
  auto texts = two_modules();
  texts["b/module.toml"] = module_toml("a");
  auto loaded = rule_set::load(files(texts));
  REQUIRE_FALSE(loaded);
  const diagnostic* d = find_code(loaded.diagnostics(), "rules.module-twice");
  REQUIRE(d != nullptr);
  CHECK(d->where.file == "r/b/module.toml");
  CHECK(d->message == "the module 'a' is in two folders: r/a and r/b (load each module once)");

  texts = two_modules();
  texts["b/deeper/module.toml"] = module_toml("c");
  loaded = rule_set::load(files(texts));
  REQUIRE_FALSE(loaded);
  CHECK(find_code(loaded.diagnostics(), "rules.not-a-module") != nullptr);
}

TEST_CASE("modules: added on top of a base, in memory, with the same digest as in the base", "[rules]") {
  const auto all = two_modules();
  std::map<std::string, std::string> base;
  std::map<std::string, std::string> added;
  for (const auto& [relative, text] : all) (relative.starts_with("b/") ? added : base)[relative] = text;
  auto together = rule_set::load(files(all));
  REQUIRE(together);
  // The module's folder has another name elsewhere: its id makes its relative paths.
  std::map<std::string, std::string> renamed;
  for (const auto& [relative, text] : added) renamed["elsewhere" + relative.substr(1)] = text;
  auto on_top = rule_set::load(files(base), files(renamed, "/tmp/mods"), {});
  REQUIRE(on_top);
  CHECK(on_top->digest() == together->digest());
  CHECK(on_top->regimes().size() == 2);

  // The same module twice: once in the base, once added.
  auto twice = rule_set::load(files(all), files(renamed, "/tmp/mods"), {});
  REQUIRE_FALSE(twice);
  const diagnostic* d = find_code(twice.diagnostics(), "rules.module-twice");
  REQUIRE(d != nullptr);
  CHECK(d->message == "the module 'b' is in two folders: r/b and /tmp/mods/elsewhere (load each module once)");

  // A file added outside any module.
  auto loose = rule_set::load(files(base), files({{"law-c.toml", pack("law-c", "breach")}}, "/tmp/mods"), {});
  REQUIRE_FALSE(loose);
  d = find_code(loose.diagnostics(), "rules.not-a-module");
  REQUIRE(d != nullptr);
  CHECK(d->where.file == "/tmp/mods/law-c.toml");
}
