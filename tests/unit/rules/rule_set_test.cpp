#include <catch2/catch.hpp>

#include "breachclock/rules/rule_set.hpp"
#include "support/test_support.hpp"
#include "unit/rules/rule_set_cases.hpp"

using namespace breachclock;
using breachclock::test::at;
using breachclock::test::files_of;
using breachclock::test::messages;
using namespace breachclock::test::rule_set_cases;

namespace {

constexpr const char* k_pack = R"toml(
[regime]
id = "law"
title = "A law"
jurisdiction = "GB"
zone = "Europe/London"
applies = 'breach'
effective = { from = 2021-01-01 }
sources = [{ ref = "Act s. 1", url = "https://example.org/act" }]

[authority.reg]
name = "The Regulator"
zone = "America/Toronto"
calendar = "ca-on"

[[obligation]]
id = "law/report"
action = "notify-authority"
to = "reg"
title = "Report"
cite = [{ ref = "s. 2", url = "https://example.org/s2" }]
when = 'risk == "high"'
unless = [{ when = 'not known(occurred)', because = "the date is needed", cite = "s. 2(2)" }]
deadline = { within = "5 business days", from = "aware", text = "within five business days" }
effective = { until = 2025-08-20, by = "aware" }

[[obligation]]
id = "law/report"
action = "notify-authority"
to = "reg"
title = "Report"
cite = [{ ref = "s. 2 as amended", url = "https://example.org/s2a" }]
when = 'risk == "high"'
deadline = { within = "72h", convention = "next-hour", from = "aware", text = "within 72 hours" }
effective = { from = 2025-08-20, by = "aware" }

[[obligation]]
id = "law/annual"
action = "report-annually"
to = "reg"
title = "Annual statistics"
cite = [{ ref = "s. 3", url = "https://example.org/s3" }]
deadline = { date = "03-01", year = "following", roll = "next-non-holiday", from = "occurred" }

[[obligation]]
id = "law/keep"
action = "retain"
to = "reg"
title = "Keep a record"
cite = [{ ref = "s. 4", url = "https://example.org/s4" }]
deadline = { retain = "24 months", from = "aware" }

[[obligation]]
id = "law/tell"
action = "notify-individuals"
to = "reg"
title = "Tell people"
cite = [{ ref = "s. 5", url = "https://example.org/s5" }]
deadline = { from = "aware", text = "as soon as feasible" }

[[obligation]]
id = "law/log"
action = "record"
to = "reg"
title = "Log it"
cite = [{ ref = "s. 6", url = "https://example.org/s6" }]
)toml";

std::string bundled_text(const std::string& relative) {
  for (const source_file& f : bundled_rule_files()) {
    if (f.relative == relative) return f.text;
  }
  return {};
}

}  // namespace

TEST_CASE("the bundled rules load with no warnings", "[rules]") {
  const rule_set rules = rule_set::bundled();
  CHECK(rules.warnings().empty());
  CHECK(rules.digest().rfind("sha256:", 0) == 0);
  CHECK(rules.digest().size() == 7 + 64);
  CHECK(rules.calendar("gb-eaw") != nullptr);
  CHECK(rules.calendar("nowhere") == nullptr);
  CHECK(rules.schema().event("aware") != nullptr);
  const auto versions = rules.versions("uk-gdpr/notify-ico");
  REQUIRE(versions.size() == 2);
  CHECK(versions[0]->effective.until);
  CHECK(versions[1]->effective.from);
  CHECK(*versions[0]->effective.until == *versions[1]->effective.from);
  const auto ids = rules.obligation_ids();
  CHECK(std::is_sorted(ids.begin(), ids.end()));
  CHECK(std::find(ids.begin(), ids.end(), "uk-gdpr/notify-ico") != ids.end());
  // Copies share the loaded data.
  const rule_set copy = rules;
  CHECK(&copy.schema() == &rules.schema());
}

TEST_CASE("a rule pack loads into regimes, authorities and obligations", "[rules]") {
  auto rules = load({{"facts.toml", k_facts}, {"law/law.toml", k_pack}});
  REQUIRE(rules);
  CHECK(rules->warnings().empty());
  REQUIRE(rules->regimes().size() == 1);
  const regime& r = rules->regimes().front();
  CHECK(r.id == "law");
  CHECK(r.kind == pack_kind::law);
  CHECK(r.tz.name() == "Europe/London");
  REQUIRE(r.applies);
  CHECK(r.applies->text() == "breach");
  CHECK(format_utc(*r.effective.from) == "2021-01-01T00:00:00Z");
  const authority* reg = r.find_authority("reg");
  REQUIRE(reg != nullptr);
  CHECK(reg->tz.name() == "America/Toronto");
  REQUIRE(reg->calendar != nullptr);
  CHECK(reg->calendar->id() == "ca-on");

  const auto versions = rules->versions("law/report");
  REQUIRE(versions.size() == 2);
  // Dates in effective windows are midnight in the pack's zone: 20 August 2025 00:00 BST.
  CHECK(format_utc(*versions[0]->effective.until) == "2025-08-19T23:00:00Z");
  CHECK(versions[0]->effective.by == "aware");
  CHECK(versions[0]->deadline.kind == deadline_kind::fixed);
  CHECK(to_string(versions[0]->deadline.period->length) == "5 business days");
  CHECK(versions[1]->deadline.period->counting == convention::next_hour);
  CHECK(versions[0]->unless.size() == 1);
  CHECK(versions[0]->unless[0].cite.front().ref == "s. 2(2)");
  CHECK(versions[0]->unless[0].cite.front().url.empty());

  const obligation& annual = *rules->versions("law/annual").front();
  CHECK(annual.deadline.kind == deadline_kind::date);
  CHECK(annual.deadline.fixed_date->month == 3);
  CHECK(annual.deadline.fixed_date->day == 1);
  CHECK(annual.deadline.fixed_date->years_after == 1);
  CHECK(annual.deadline.fixed_date->rolling == roll::next_non_holiday);
  CHECK(rules->versions("law/keep").front()->deadline.kind == deadline_kind::retention);
  CHECK(rules->versions("law/tell").front()->deadline.kind == deadline_kind::soft);
  CHECK(rules->versions("law/tell").front()->deadline.text == "as soon as feasible");
  CHECK(rules->versions("law/log").front()->deadline.kind == deadline_kind::none);
  CHECK_FALSE(rules->versions("law/log").front()->when);
}

TEST_CASE("the digest covers every file and not their order", "[rules]") {
  auto a = load({{"facts.toml", k_facts}, {"law/law.toml", k_pack}});
  auto b = load({{"facts.toml", k_facts}, {"law/law.toml", std::string(k_pack) + "\n# a comment\n"}});
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->digest() != b->digest());
  std::vector<source_file> files = files_of({{"facts.toml", k_facts}, {"law/law.toml", k_pack}});
  std::reverse(files.begin(), files.end());
  auto c = rule_set::load(files);
  REQUIRE(c);
  CHECK(c->digest() == a->digest());
}

TEST_CASE("a declared fact no rule uses is a warning", "[rules]") {
  const std::string facts = std::string(k_facts) + R"toml(
[fact.spare]
type = "text"
description = "d"
question = "q?"
)toml";
  auto rules = load({{"facts.toml", facts}, {"law/law.toml", k_pack}});
  REQUIRE(rules);
  REQUIRE(rules->warnings().size() == 1);
  CHECK(to_string(rules->warnings()[0]) == "facts.toml:19:7: warning: fact 'spare' is declared but no rule uses it");
}

TEST_CASE("rule set errors across files, all at once", "[rules]") {
  SECTION("no fact schema") {
    auto rules = load({{"law/law.toml", k_pack}});
    REQUIRE_FALSE(rules);
    CHECK(messages(rules.diagnostics()) ==
          std::vector<std::string>{
              "law/law.toml: error: the rule folder has no facts.toml or facts.json (the fact schema)"});
  }
  SECTION("two packs with one id, a calendar whose id is not its file name") {
    auto rules = load({{"facts.toml", k_facts},
                       {"law/law.toml", k_pack},
                       {"law/copy.toml", k_pack},
                       {"calendars/ca-on.toml", bundled_text("ca-on/calendars/ca-on.toml")},
                       {"calendars/other.toml", bundled_text("uk/calendars/gb-eaw.toml")}});
    REQUIRE_FALSE(rules);
    const auto m = messages(rules.diagnostics());
    CHECK(std::find(m.begin(), m.end(),
                    "calendars/other.toml:1:1: error: calendar id 'gb-eaw' must match its file name 'other.toml'") !=
          m.end());
    CHECK(std::find(m.begin(), m.end(), "law/law.toml:1:1: error: pack id 'law' is used by another file too") !=
          m.end());
    CHECK(std::count_if(m.begin(), m.end(), [](const std::string& s) {
            return s.find("duplicate obligation id") != std::string::npos || s.find("overlaps") != std::string::npos;
          }) >= 6);
  }
  SECTION("a policy target in a law pack, and a law pack without [regime]") {
    auto rules =
        load({{"facts.toml", k_facts},
              {"law/law.toml", std::string(k_pack) + "\n[[target]]\nobligations = [\"law/tell\"]\nwithin = \"48h\"\n"},
              {"law/empty.toml", "# nothing\n"}});
    REQUIRE_FALSE(rules);
    const auto m = messages(rules.diagnostics());
    CHECK(std::find(m.begin(), m.end(),
                    "law/empty.toml:1:1: error: a rule pack starts with a [regime] table (policy overlays, with "
                    "[policy], are loaded with --policy)") != m.end());
    CHECK(std::find(m.begin(), m.end(),
                    "law/law.toml:68:3: error: [[target]] belongs in a policy overlay, not in a rule pack") != m.end());
  }
}

TEST_CASE("pack, authority and obligation ids are short names", "[rules]") {
  auto errors_of = [](std::string pack) {
    auto rules = load({{"facts.toml", k_facts}, {"law/law.toml", std::move(pack)}});
    REQUIRE_FALSE(rules);
    return messages(rules.diagnostics());
  };
  auto replaced = [](std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
      text.replace(at, from.size(), to);
    return text;
  };
  auto has = [](const std::vector<std::string>& m, const std::string& message) {
    const bool found = std::find(m.begin(), m.end(), message) != m.end();
    if (!found) {
      for (const std::string& x : m) UNSCOPED_INFO(x);
    }
    return found;
  };
  CHECK(has(errors_of(replaced(k_pack, "id = \"law\"", "id = \"Law\"")),
            "law/law.toml:3:1: error: a pack id is a short name (1 to 64 lower-case letters, digits, '-' and '_'), "
            "such as uk-gdpr"));
  CHECK(has(errors_of(replaced(k_pack, "[authority.reg]", "[authority.\"The Regulator\"]")),
            "law/law.toml:11:12: error: an authority id is a short name (1 to 64 lower-case letters, digits, '-' and "
            "'_'), such as ico, not 'The Regulator'"));
  CHECK(has(errors_of(replaced(k_pack, "id = \"law/report\"", "id = \"law/Report now\"")),
            "law/law.toml:17:1: error: obligation id 'law/Report now': after 'law/' comes a short name (1 to 64 "
            "lower-case letters, digits, '-' and '_'), such as law/notify-authority"));
  CHECK(has(errors_of(replaced(k_pack, "id = \"law/annual\"", "id = \"law/\"")),
            "law/law.toml:38:1: error: obligation id 'law/': after 'law/' comes a short name (1 to 64 lower-case "
            "letters, digits, '-' and '_'), such as law/notify-authority"));
}

TEST_CASE("deadline and window errors are located", "[rules]") {
  const std::string pack = R"toml([regime]
id = "law"
title = "A law"
jurisdiction = "GB"
zone = "Europe/London"
[authority.reg]
name = "R"
[[obligation]]
id = "law/a"
action = "notify-authority"
to = "reg"
title = "A"
cite = [{ ref = "s", url = "https://example.org" }]
deadline = { within = "5 bd", from = "aware" }
effective = { until = 2020-01-01, from = 2021-01-01 }
[[obligation]]
id = "law/b"
action = "notify-authority"
to = "reg"
title = "B"
cite = [{ ref = "s", url = "https://example.org" }]
deadline = { text = "soon", roll = "next-business-day", from = "aware" }
effective = { by = "aware" }
[[obligation]]
id = "law/c"
action = "notify-authority"
to = "reg"
title = "C"
cite = [{ ref = "s", url = "https://example.org" }]
deadline = { date = "3/1", from = "aware" }
)toml";
  auto rules = load({{"facts.toml", k_facts}, {"law/law.toml", pack}});
  REQUIRE_FALSE(rules);
  const std::vector<std::string> expected{
      "law/law.toml:14:23: error: a period in business days needs a holiday calendar to know which days are working "
      "days (authority 'reg' has no calendar)",
      "law/law.toml:15:15: error: until must be after from",
      "law/law.toml:22:29: error: roll applies to within, retain, date or a combination, not to a soft deadline",
      "law/law.toml:23:13: error: effective needs from, until or both",
      "law/law.toml:30:21: error: date is a month and day written \"MM-DD\", such as \"03-01\" for March 1",
      "law/law.toml:30:12: error: the deadline of law/c needs 'year'",
  };
  auto m = messages(rules.diagnostics());
  for (const std::string& e : expected) {
    INFO(e);
    CHECK(std::find(m.begin(), m.end(), e) != m.end());
  }
}

TEST_CASE("policy overlays add targets and obligations", "[rules]") {
  const std::string policy = R"toml([policy]
id = "acme"
title = "Acme's incident policy"
zone = "Europe/London"
[authority.insurer]
name = "Cyber insurer"
[[obligation]]
id = "acme/insurer"
action = "internal"
to = "insurer"
title = "Tell the insurer"
cite = [{ ref = "Policy 4.2", url = "https://example.org/policy" }]
when = 'breach'
deadline = { within = "72h", from = "aware" }
[[target]]
soft = true
within = "48h"
note = "Internal target for soft deadlines"
[[target]]
obligations = ["law/report"]
within = "24h"
from = "occurred"
)toml";
  auto rules = load({{"facts.toml", k_facts}, {"law/law.toml", k_pack}},
                    {source_file{"acme.toml", policy, "acme.toml"}});
  REQUIRE(rules);
  REQUIRE(rules->regimes().size() == 2);
  CHECK(rules->regimes()[1].kind == pack_kind::policy);
  REQUIRE(rules->targets().size() == 2);
  CHECK(rules->targets()[0].all_soft);
  CHECK(rules->targets()[0].policy == "acme");
  CHECK(to_string(rules->targets()[0].within.length) == "48h");
  CHECK(rules->targets()[1].from == "occurred");
  CHECK(rules->versions("acme/insurer").size() == 1);

  auto bad = load({{"facts.toml", k_facts}, {"law/law.toml", k_pack}},
                  {source_file{"acme.toml",
                               std::string(policy) + "[[target]]\nobligations = [\"law/reprot\"]\nwithin = \"1h\"\n",
                               "acme.toml"}});
  REQUIRE_FALSE(bad);
  CHECK(messages(bad.diagnostics()).back() ==
        "acme.toml:23:1: error: target names 'law/reprot', which is not an obligation; did you mean 'law/report'?");
}

TEST_CASE("files under policy/ load only when named", "[rules]") {
  auto rules = load({{"facts.toml", k_facts}, {"law/law.toml", k_pack}, {"policy/broken.toml", "this is not toml"}});
  REQUIRE(rules);
  CHECK(rules->regimes().size() == 1);
}

TEST_CASE("substitutes are a tree of depth one: chains and cycles of instead are refused", "[rules]") {
  // Issue 10: h/c instead h/a, h/a instead h/b gave h/b required though h/a was not.
  const std::string head = R"toml(
[regime]
id = "h"
title = "H"
jurisdiction = "GB"
zone = "Europe/London"
[authority.reg]
name = "R"
)toml";
  auto duty = [](const std::string& id, bool substitute, const std::string& instead) {
    std::string t = "[[obligation]]\nid = \"" + id +
                    "\"\naction = \"notify-authority\"\nto = \"reg\"\ntitle = \"t\"\n" +
                    "cite = [{ ref = \"s\", url = \"https://example.org/s\" }]\n";
    if (substitute) t += "substitute = true\n";
    if (!instead.empty()) t += "unless = [{ when = 'breach', because = \"b\", instead = \"" + instead + "\" }]\n";
    return t;
  };
  auto chain = load({{"facts.toml", k_facts},
                     {"h.toml", head + duty("h/c", false, "h/a") + duty("h/a", true, "h/b") + duty("h/b", true, "")}});
  REQUIRE_FALSE(chain);
  CHECK(messages(chain.diagnostics()) ==
        std::vector<std::string>{
            "h.toml:23:11: error: 'h/a' is itself a substitute, so its exceptions cannot redirect to "
            "another (to 'h/b'): redirect from the original obligation instead"});
  auto cycle = load({{"facts.toml", k_facts}, {"h.toml", head + duty("h/x", true, "h/y") + duty("h/y", true, "h/x")}});
  REQUIRE_FALSE(cycle);
  CHECK(cycle.diagnostics().size() == 2);
  for (const diagnostic& d : cycle.diagnostics()) CHECK(d.code == "rules.substitute-chain");
  // Two duties may share one substitute.
  CHECK(load({{"facts.toml", k_facts},
              {"h.toml", head + duty("h/a", false, "h/s") + duty("h/b", false, "h/s") + duty("h/s", true, "")}}));
}

TEST_CASE("a rule pack with no obligation is an error (it would answer 'no obligation applies')", "[rules]") {
  auto r = load(
      {{"facts.toml", k_facts},
       {"empty.toml", "[regime]\nid = \"empty\"\ntitle = \"E\"\njurisdiction = \"GB\"\nzone = \"Europe/London\"\n"}});
  REQUIRE_FALSE(r);
  CHECK(messages(r.diagnostics()) ==
        std::vector<std::string>{"empty.toml:1:1: error: the rule pack 'empty' has no [[obligation]]"});
}

TEST_CASE("a rule folder with no packs or no schema is an error naming the folder", "[rules]") {
  std::vector<source_file> only_schema{{"R/facts.toml", k_facts, "facts.toml"}};
  auto none = rule_set::load(only_schema);
  REQUIRE_FALSE(none);
  CHECK(test::first_error(none) == "R: error: the rule folder has no rule packs (only facts.toml)");
  std::vector<source_file> only_pack{{"R/uk/law.toml", k_pack, "uk/law.toml"}};
  auto schema = rule_set::load(only_pack);
  REQUIRE_FALSE(schema);
  CHECK(test::first_error(schema) == "R: error: the rule folder has no facts.toml or facts.json (the fact schema)");
  auto empty = rule_set::load(std::vector<source_file>{});
  REQUIRE_FALSE(empty);
  CHECK(empty.diagnostics().front().code == "rules.no-files");
}

TEST_CASE("the search for dead exceptions has one budget for the whole load", "[rules][limits]") {
  // Each exception is unsatisfiable only after a search of every combination of sixteen facts
  // (2^16, about 4 million steps); a pack with many of them once took seconds per exception.
  std::string facts = k_facts;
  std::string many;
  for (int f = 0; f < 15; ++f) {
    facts += "[fact.f" + std::to_string(f) + "]\ntype = \"bool\"\ndescription = \"d\"\nquestion = \"q?\"\n";
    many += " and (f" + std::to_string(f) + " or not f" + std::to_string(f) + ")";
  }
  std::string pack =
      "[regime]\nid = \"h\"\ntitle = \"H\"\njurisdiction = \"GB\"\nzone = \"Europe/London\"\n"
      "[authority.reg]\nname = \"R\"\n";
  const int duties = 20;
  for (int i = 0; i < duties; ++i) {
    pack += "[[obligation]]\nid = \"h/o" + std::to_string(i) +
            "\"\naction = \"notify-authority\"\nto = \"reg\"\n"
            "title = \"t\"\ncite = [{ ref = \"s\", url = \"https://example.org/s\" }]\nwhen = 'breach'\n"
            "unless = [{ when = 'not breach" +
            many + "', because = \"b\" }]\n";
  }
  auto r = load({{"facts.toml", facts}, {"h.toml", pack}});
  REQUIRE_FALSE(r);
  std::size_t dead = 0;
  std::size_t unchecked = 0;
  for (const diagnostic& d : r.diagnostics()) {
    dead += d.code == "rules.dead-exception" ? 1U : 0U;
    if (d.code == "rules.exception-unchecked") {
      ++unchecked;
      CHECK(d.level == severity::warning);
      CHECK_THAT(d.message, Catch::Matchers::StartsWith(std::to_string(static_cast<std::size_t>(duties) - dead) +
                                                        " exceptions were not checked"));
    }
  }
  // Some are found dead before the budget runs out; the rest are named, not passed over.
  CHECK(dead > 0);
  CHECK(dead < static_cast<std::size_t>(duties));
  CHECK(unchecked == 1);
}
