// The text reports at a glance (issue 14): 100 columns, ids and names whole, the duties by
// jurisdiction, the scope, the questions and warnings in the order given.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "breachclock/report/markdown.hpp"
#include "breachclock/report/text.hpp"
#include "report/presentation.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

assessment from_example(const char* file, const char* as_of) {
  const rule_set rules = rule_set::bundled();
  const incident i = incident::from_file(test::example_incident(file), rules.schema());
  return *assess(rules, i, at(as_of));
}
assessment cwu() { return from_example("cwu-2024.toml", "2024-03-22T18:00:00Z"); }
assessment retailer() { return from_example("ca-retailer-rrosh.toml", "2024-11-05T12:00:00Z"); }

}  // namespace

namespace {

// The lines of `text` wider than 100 display columns (code points) that hold more than one
// word: a single word wider than the line (an id, a link) takes a line of its own, whole.
std::vector<std::string> too_wide(const std::string& text) {
  std::vector<std::string> bad;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    std::size_t points = 0;
    for (char c : line) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1U : 0U;
    const std::size_t first = line.find_first_not_of(' ');
    const bool one_word = first == std::string::npos || line.find(' ', first) == std::string::npos;
    if (points > 100 && !one_word) bad.push_back(line);
    start = end + 1;
  }
  return bad;
}

// The text with its line breaks and runs of spaces as single spaces: what wrapping changed.
std::string flat(const std::string& text) {
  std::string out;
  for (char c : text) {
    const char d = c == '\n' ? ' ' : c;
    if (d == ' ' && !out.empty() && out.back() == ' ') continue;
    out += d;
  }
  return out;
}

// Every duty of the bundled rules may apply: only the awareness is known.
assessment day_one() {
  const rule_set rules = rule_set::bundled();
  incident i("day-one", test::zone_named("Europe/London"));
  i.set_event("detected", at("2024-03-22T09:00:00Z"));
  return *assess(rules, i, at("2024-03-22T18:00:00Z"));
}

}  // namespace

TEST_CASE("text reports fit 100 columns and never cut an id or a name", "[report][text]") {
  std::vector<assessment> cases{day_one(), cwu(), retailer()};
  for (const std::filesystem::path& path : test::example_incident_paths()) {
    const rule_set rules = rule_set::bundled();
    const incident i = incident::from_file(path, rules.schema());
    cases.push_back(*assess(rules, i, at("2025-12-01T12:00:00Z")));
  }
  for (const assessment& a : cases) {
    INFO(a.incident_id);
    const std::string text = render_text(a);
    CHECK(too_wide(text).empty());
    CHECK(too_wide(render_questions(a)).empty());
    for (const obligation_result& o : a.obligations) {
      INFO(o.rule->id);
      CHECK(too_wide(render_explanation(a, o)).empty());
    }
    // Nothing cut: every recipient whole, every id whole on its line, every question whole.
    const std::string joined = flat(text);
    CHECK(text.find("...") == std::string::npos);
    for (const obligation_result& o : a.obligations) {
      if (!o.out_of_scope) CHECK(text.find(o.rule->id) != std::string::npos);  // those outside are counted
      if (o.state != status::not_required) CHECK(joined.find("to: " + flat(recipient_text(o))) != std::string::npos);
    }
    for (const question& q : a.questions) {
      if (q.text != nullptr) CHECK(joined.find(flat(*q.text)) != std::string::npos);
    }
  }
  // The day-one case does wrap: a recipient of 90 characters, soft deadlines of 80.
  const assessment a = day_one();
  const std::string text = render_text(a);
  CHECK(text.find("to: Other organizations or government institutions that may be able to reduce or\n"
                  "                  mitigate the harm\n") != std::string::npos);
}

TEST_CASE("text: an id wider than the line takes a line of its own, whole", "[report][text]") {
  const auto read = [](const char* name) {
    std::ifstream in(test::source_path(std::string("tests/golden/inputs/rules/hostile-text/") + name));
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  const std::string f = read("facts.toml");
  const std::string cal = read("calendars/gb-eaw.toml");
  std::string p = read("pack.toml");
  // The longest ids the rules allow: a pack id of 64 characters, a name of 64.
  const std::string pack_id(64, 'p');
  const std::string long_id = pack_id + "/" + std::string(64, 'x');
  const auto replace = [&p](const std::string& from, const std::string& to) {
    for (std::size_t k = p.find(from); k != std::string::npos; k = p.find(from, k + to.size()))
      p.replace(k, from.size(), to);
  };
  replace("\"t/report\"", "\"" + long_id + "\"");
  replace("\"t/", "\"" + pack_id + "/");
  replace("id = \"t\"", "id = \"" + pack_id + "\"");
  auto loaded = rule_set::load(test::files_of({{"facts.toml", f}, {"calendars/gb-eaw.toml", cal}, {"pack.toml", p}}));
  INFO(test::first_error(loaded));
  REQUIRE(loaded);
  const incident i = incident::from_file(test::source_path("tests/golden/inputs/incidents/hostile-text.toml"),
                                         loaded->schema());
  const assessment a = *assess(*loaded, i, at("2024-03-22T18:00:00Z"));
  const std::string text = render_text(a);
  INFO(text);
  CHECK(text.find("\n" + long_id + "\n") != std::string::npos);                // whole, alone
  CHECK(text.find("\nundetermined\n" + long_id + "\n") != std::string::npos);  // its status above it
  CHECK(too_wide(text).empty());
  // The other duty keeps its row; the due of the long one follows under the columns.
  CHECK(text.find("undetermined  " + pack_id + "/public-notice") != std::string::npos);
  CHECK(too_wide(render_explanation(a, *a.find(long_id))).empty());
}

TEST_CASE("text: the duties that may apply are grouped by jurisdiction, soonest due first", "[report][text]") {
  const assessment a = day_one();
  const detail::presentation view = detail::present(a);
  REQUIRE(view.groups.size() >= 3);
  std::size_t seen = 0;
  for (std::size_t g = 0; g < view.groups.size(); ++g) {
    const detail::jurisdiction_group& group = view.groups[g];
    INFO(group.jurisdiction);
    seen += group.obligations.size();
    // Within a group, the assessment's order (by due, then id); all of its jurisdiction.
    for (std::size_t k = 0; k < group.obligations.size(); ++k) {
      CHECK(group.obligations[k]->result->pack->jurisdiction == group.jurisdiction);
      if (k > 0) CHECK(group.obligations[k - 1]->result < group.obligations[k]->result);
    }
    if (g == 0) continue;
    // Between groups: the soonest due, none last, then the code.
    const auto& before = view.groups[g - 1].obligations.front()->result->deadline.due;
    const auto& after = group.obligations.front()->result->deadline.due;
    const bool ordered = (before && !after) || (before && after && *before < *after) ||
                         (before == after && view.groups[g - 1].jurisdiction < group.jurisdiction);
    CHECK(ordered);
  }
  CHECK(seen == view.shown.size());
  // The day-one answer: the UK's duties fall due first, then Canada's, then Ontario's.
  CHECK(view.groups[0].jurisdiction == "GB");
  const std::string text = render_text(a);
  // "GB: 14 undetermined", or "GB (module uk): 14 undetermined" where the rules are modules.
  const auto heading = [&text](const std::string& code, std::string_view counted = "") {
    std::size_t at = text.find("\n" + code + ": " + std::string(counted));
    if (at == std::string::npos) {
      at = text.find("\n" + code + " (module");
      if (at != std::string::npos && text.find("): " + std::string(counted), at) > text.find('\n', at + 1))
        at = std::string::npos;
    }
    return at;
  };
  const std::size_t gb = heading("GB", "14 undetermined\n");
  const std::size_t ca = heading("CA", "5 undetermined\n");
  const std::size_t on = heading("CA-ON", "3 undetermined\n");
  REQUIRE(gb != std::string::npos);
  REQUIRE(ca != std::string::npos);
  REQUIRE(on != std::string::npos);
  CHECK(((gb < ca && ca < on) || (gb < on && on < ca)));
  // Each duty under its own jurisdiction's heading.
  for (const detail::jurisdiction_group& group : view.groups) {
    const std::size_t head = heading(std::string(group.jurisdiction));
    for (const detail::obligation_view* v : group.obligations) {
      // The id, then its due date on the row, or on the next where the id fills the column.
      std::size_t row = text.find("undetermined  " + v->result->rule->id + " ");
      if (row == std::string::npos) row = text.find("undetermined  " + v->result->rule->id + "\n");
      CHECK(row > head);
      for (const detail::jurisdiction_group& other : view.groups) {
        const std::size_t h = heading(std::string(other.jurisdiction));
        if (h > head) CHECK(row < h);
      }
    }
  }
  // Markdown: the same groups, named in the table.
  CHECK(render_markdown(a).find("| GB") != std::string::npos);
  CHECK(render_markdown(a).find(" | *undetermined* | `uk-eidas/notify-ico` |") != std::string::npos);
  // A policy overlay's duties (no jurisdiction): a group named by its packs.
  auto with_policy = rule_set::load(test::source_path("rules"), {test::source_path("rules/policy/example-org.toml")});
  REQUIRE(with_policy);
  const incident shop = incident::from_file(test::example_incident("ca-retailer-rrosh.toml"), with_policy->schema());
  const assessment r = *assess(*with_policy, shop, at("2024-11-05T12:00:00Z"));
  CHECK(render_text(r).find("\nPolicy (example-org): 2 required\n") != std::string::npos);
  CHECK(render_markdown(r).find("| policy (`example-org`) | **required** | `example-org/brief-board` |") !=
        std::string::npos);
}

TEST_CASE("text and Markdown: the scope, the duties outside it counted, the scope question first", "[report][text]") {
  const rule_set rules = rule_set::bundled();
  incident i("scoped", test::zone_named("Europe/London"));
  i.set_event("detected", at("2024-03-22T09:00:00Z"));
  SECTION("no scope") {
    const assessment a = *assess(rules, i, at("2024-03-22T18:00:00Z"));
    CHECK(render_text(a).find("\nScope: not given (every jurisdiction assessed; see the first question)\n") !=
          std::string::npos);
    CHECK(render_markdown(a).find("- **Scope:** not given (every jurisdiction assessed; see the first question)\n") !=
          std::string::npos);
  }
  i.set_scope(std::vector<std::string>{"GB", "CA-ON"});
  assessment a = *assess(rules, i, at("2024-03-22T18:00:00Z"));
  CHECK(render_text(a).find("\nScope: GB, CA-ON\n") != std::string::npos);
  CHECK(render_markdown(a).find("- **Scope:** GB, CA-ON\n") != std::string::npos);
  // The engine puts Australia's, Alberta's and Quebec's duties outside the scope (Ontario's and
  // Canada's federal law stay in it), and the EU's and the EEA's (GB left them at the end of
  // 2020): counted by jurisdiction, not listed.
  std::size_t outside = 0;
  for (const obligation_result& o : a.obligations) outside += o.out_of_scope ? 1 : 0;
  REQUIRE(outside == 73);
  const std::string text = render_text(a);
  CHECK(text.find(
            "\nOutside the incident's scope: AU (4), CA-AB (2), CA-QC (3), EEA (5), EU (14), US (10), US-CA (2),\n"
            "  US-CO (3), US-FL (4), US-IL (3), US-MA (4), US-NJ (3), US-NY (7), US-TX (3), US-VT (4), US-WA (2)\n") !=
        std::string::npos);
  const std::string listed = text.substr(text.find("\nOutside the incident's scope"));
  CHECK(listed.substr(0, listed.find("\n\n")).find("au-ndb/") == std::string::npos);  // counted, not listed
  CHECK(text.find("Duties: 0 required, 22 undetermined, 82 not required (73 outside the incident's scope).") !=
        std::string::npos);
  CHECK(text.find("Not required (9): on-fippa/notify-individuals,") != std::string::npos);
  const std::string md = render_markdown(a);
  CHECK(
      md.find("Outside the incident's scope: AU (4), CA-AB (2), CA-QC (3), EEA (5), EU (14), US (10), US-CA (2), "
              "US-CO (3), US-FL (4), US-IL (3), US-MA (4), US-NJ (3), US-NY (7), US-TX (3), US-VT (4), US-WA (2).\n") !=
      std::string::npos);
  const std::string md_listed = md.substr(md.find("## Not required"));
  CHECK(md_listed.substr(0, md_listed.find("## ", 3)).find("`au-ndb/") == std::string::npos);
  CHECK(render_explanation(a, *a.find("au-ndb/notify-oaic"))
            .find("status      not required (outside the incident's scope: not evaluated)") != std::string::npos);

  // The questions in the engine's order, the scope question (no text of its own) with its
  // fallback; here put first by hand, the others reversed: the report keeps the order given.
  std::vector<std::string_view> every;
  for (const obligation_result& o : a.obligations) every.push_back(o.rule->id);
  std::reverse(a.questions.begin(), a.questions.end());
  question scope;
  scope.name = "scope";
  scope.is_scope = true;
  scope.decides = name_list(every);
  a.questions.insert(a.questions.begin(), scope);
  const std::string asked = render_text(a);
  CHECK(asked.find("  1. scope (the incident's scope)\n"
                   "     Which countries and regions does the incident touch?\n") != std::string::npos);
  const std::string count = std::to_string(every.size());
  CHECK(asked.find("     decides: every obligation (" + count + ")\n") != std::string::npos);
  CHECK(asked.find("  2. " + std::string(a.questions[1].name)) != std::string::npos);
  CHECK(asked.find("  2. " + std::string(a.questions[1].name)) <
        asked.find("  3. " + std::string(a.questions[2].name)));
  const std::string questions = render_questions(a);
  CHECK(questions.rfind("1. Which countries and regions does the incident touch?\n", 0) == 0);
  CHECK(flat(questions).find("the incident's scope decides " + count + " obligations (every one)") !=
        std::string::npos);
  CHECK(render_markdown(a).find("1. Which countries and regions does the incident touch? (the incident's `scope`") !=
        std::string::npos);
  CHECK(too_wide(asked).empty());
  CHECK(too_wide(questions).empty());
}

TEST_CASE("text: warnings in the order given, wrapped", "[report][text]") {
  assessment a = cwu();
  a.warnings.push_back("a second warning, which must come after the first once reversed");
  REQUIRE(a.warnings.size() >= 2);
  std::reverse(a.warnings.begin(), a.warnings.end());
  a.warnings.push_back(std::string(60, 'w') + " " + std::string(60, 'v'));
  const std::string text = render_text(a);
  CHECK(flat(text).find(flat(a.warnings[0])) < flat(text).find(flat(a.warnings[1])));
  CHECK(text.find("  - " + std::string(60, 'w') + "\n    " + std::string(60, 'v') + "\n") != std::string::npos);
  CHECK(too_wide(text).empty());
}

TEST_CASE("text: the header names the packs, or counts them when there are many", "[report][text]") {
  const auto read = [](const char* name) {
    std::ifstream in(test::source_path(std::string("tests/golden/inputs/rules/hostile-text/") + name));
    return std::string((std::istreambuf_iterator<char>(in)), {});
  };
  const std::string pack = read("pack.toml");
  const auto with_packs = [&](int n) {
    std::map<std::string, std::string> files{{"facts.toml", read("facts.toml")},
                                             {"calendars/gb-eaw.toml", read("calendars/gb-eaw.toml")}};
    for (int k = 0; k < n; ++k) {
      std::string p = pack;
      const std::string id = "t" + std::to_string(k);
      for (std::size_t at = p.find("\"t"); at != std::string::npos; at = p.find("\"t", at + 1)) {
        if (p.compare(at, 3, "\"t\"") == 0 || p.compare(at, 3, "\"t/") == 0) p.replace(at + 1, 1, id);
      }
      files.emplace("pack" + std::to_string(k) + ".toml", p);
    }
    auto loaded = rule_set::load(test::files_of(files));
    INFO(test::first_error(loaded));
    REQUIRE(loaded);
    const incident i = incident::from_file(test::source_path("tests/golden/inputs/incidents/hostile-text.toml"),
                                           loaded->schema());
    return render_text(*assess(*loaded, i, at("2024-03-22T18:00:00Z")));
  };
  const std::string few = with_packs(20);
  const std::string header = few.substr(0, few.find("\n\n"));
  for (int k = 0; k < 20; ++k) {
    const std::string id = "t" + std::to_string(k);
    CHECK((header.find(" " + id + ",") != std::string::npos || header.find(" " + id + ")") != std::string::npos ||
           header.find("(" + id + ",") != std::string::npos));
  }
  const std::string many = with_packs(21);
  CHECK(many.find(" (21 packs; --format json lists them)\n") != std::string::npos);
  CHECK(many.substr(0, many.find("\n\n")).find("t0,") == std::string::npos);
  CHECK(too_wide(many).empty());
}

TEST_CASE("text: colour changes no layout (the escapes take no column)", "[report][text]") {
  const auto strip = [](const std::string& s) {
    std::string out;
    for (std::size_t k = 0; k < s.size(); ++k) {
      if (s[k] == '\x1b') {
        k = s.find('m', k);
        continue;
      }
      out += s[k];
    }
    return out;
  };
  for (const assessment& a : {day_one(), cwu(), retailer()}) {
    INFO(a.incident_id);
    const std::string coloured = render_text(a, text_options{true});
    CHECK(coloured.find('\x1b') != std::string::npos);
    CHECK(strip(coloured) == render_text(a));
    CHECK(strip(render_questions(a, text_options{true})) == render_questions(a));
    for (const obligation_result& o : a.obligations) {
      INFO(o.rule->id);
      CHECK(strip(render_explanation(a, o, text_options{true})) == render_explanation(a, o));
    }
  }
}
