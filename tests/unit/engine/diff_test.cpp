#include <catch2/catch.hpp>

#include <cstring>

#include "breachclock/engine/diff.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {
std::vector<source_file> with_ico_period(const std::string& hours) {
  std::vector<source_file> files = bundled_rule_files();
  for (source_file& f : files) {
    if (f.relative != "uk/uk-gdpr.toml") continue;
    for (const char* from : {"within = \"72h\", from", "within = \"72h\", convention"}) {
      std::string to = std::string(from);
      to.replace(to.find("72h"), 3, hours);
      for (auto pos = f.text.find(from); pos != std::string::npos; pos = f.text.find(from, pos + 1))
        f.text.replace(pos, std::strlen(from), to);
    }
  }
  return files;
}
}  // namespace

TEST_CASE("compare lists the obligations whose due, status or recipient moved", "[engine]") {
  const rule_set before = rule_set::bundled();
  auto after = rule_set::load(with_ico_period("48h"));
  REQUIRE(after);
  incident i = incident::from_file(test::source_path("examples/incidents/uk-ontario-union.toml"), before.schema());
  const assessment a = *assess(before, i, at("2025-10-08T09:00:00Z"));
  const assessment b = *assess(*after, i, at("2025-10-08T09:00:00Z"));
  const auto changes = compare(a, b);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].id == "uk-gdpr/notify-ico");
  CHECK(changes[0].due_changed);
  CHECK_FALSE(changes[0].status_changed);
  CHECK_FALSE(changes[0].recipient_changed);
  CHECK(*changes[0].before->deadline.due - *changes[0].after->deadline.due == std::chrono::hours{24});
  CHECK(compare(a, a).empty());
}

TEST_CASE("an obligation under only one rule set is a change", "[engine]") {
  const rule_set base = rule_set::bundled();
  std::vector<source_file> policy{source_file{"p.toml", R"toml(
[policy]
id = "p"
title = "P"
zone = "Europe/London"
[authority.board]
name = "Board"
[[obligation]]
id = "p/brief"
action = "internal"
to = "board"
title = "Brief the board"
cite = [{ ref = "policy", url = "https://example.org" }]
deadline = { within = "24h", from = "detected" }
)toml",
                                              "p.toml"}};
  auto with = rule_set::load(bundled_rule_files(), policy);
  REQUIRE(with);
  incident i = incident::from_file(test::source_path("rules/uk/examples/cwu-2024.toml"), base.schema());
  const assessment a = *assess(base, i, at("2024-03-22T18:00:00Z"));
  const assessment b = *assess(*with, i, at("2024-03-22T18:00:00Z"));
  const auto added = compare(a, b);
  REQUIRE(added.size() == 1);
  CHECK(added[0].id == "p/brief");
  CHECK(added[0].before == nullptr);
  const auto removed = compare(b, a);
  REQUIRE(removed.size() == 1);
  CHECK(removed[0].after == nullptr);
}
