// The JSON writer (report/json_writer.hpp) against nlohmann::json, which wrote every document
// before it: strings escaped byte for byte as dump() escapes them (hostile and random bytes
// included), and whole assessments byte for byte as the nlohmann tree the renderer used to build
// (kept here as the reference), for every example incident, hostile rules and an incident built
// in code. The compact and trace-free forms are the same tree, re-parsed.
#include <catch2/catch.hpp>

#include <cstdio>

#include <filesystem>
#include <random>

#include <nlohmann/json.hpp>

#include "breachclock/breachclock.hpp"
#include "report/json_writer.hpp"
#include "report/presentation.hpp"
#include "support/test_support.hpp"

using namespace breachclock;
using breachclock::test::at;

namespace {

using json = nlohmann::ordered_json;

// The renderer as it was, building an nlohmann tree (from src/breachclock/report/json.cpp
// before the writer replaced it).

using json = nlohmann::ordered_json;

json optional_instant(const std::optional<instant>& t) { return t ? json(format_utc(*t)) : json(nullptr); }

json citations(const std::vector<citation>* cs) {
  json out = json::array();
  if (cs == nullptr) return out;
  for (const citation& c : *cs) out.push_back({{"ref", c.ref}, {"url", c.url}});
  return out;
}

// A trace step's condition as the contract writes it: for "in force", the window's text (or
// "in force") and the instant tested.
std::string trace_condition(const detail::step_view& st) {
  if (st.entry->what != trace_entry::kind::in_force) return st.condition;
  std::string s = st.condition.empty() ? "in force" : st.condition;
  if (!st.tested.empty()) s += " (" + st.tested + ")";
  return s;
}

json deadline_json(const detail::obligation_view& v) {
  const obligation_result& o = *v.result;
  const deadline_result& d = o.deadline;
  json j;
  j["kind"] = to_string(d.kind);
  j["from"] = d.from.empty() ? json(nullptr) : json(d.from);
  j["anchor"] = d.anchor ? json(v.anchor_utc) : json(nullptr);
  j["provisional"] = d.provisional;
  j["due"] = d.due ? json(v.due_utc) : json(nullptr);
  j["due_local"] = d.due ? json(v.due_local_iso) : json(nullptr);
  j["zone"] = d.tz.name();
  j["text"] = v.law_text.value_or(std::string());
  j["target_due"] = d.target_due ? json(v.target_utc) : json(nullptr);
  j["remaining_seconds"] = d.remaining_seconds ? json(*d.remaining_seconds) : json(nullptr);
  j["overdue"] = d.overdue && !o.filed;
  j["not_started"] = d.not_started && !d.due;
  // Additions to the contract.
  j["anchor_event"] = d.anchor ? json(d.anchor_event) : json(nullptr);
  j["due_date"] = d.due_date ? json(format_date(*d.due_date)) : json(nullptr);
  j["due_incident_local"] = d.due ? json(v.due_incident_iso) : json(nullptr);
  j["counting_from"] = optional_instant(d.counting_from);
  j["rolled_from"] = d.rolled_from ? json(format_date(*d.rolled_from)) : json(nullptr);
  // The calendar of business days and rolls (the recipient's), if any.
  const holiday_calendar* cal = o.recipient != nullptr ? o.recipient->calendar : nullptr;
  j["calendar"] = cal != nullptr ? json(cal->id()) : json(nullptr);
  if (d.kind == deadline_kind::fixed || d.kind == deadline_kind::retention) {
    j["period"] = o.rule->deadline.period ? json(to_string(o.rule->deadline.period->length)) : json(nullptr);
  }
  j["from_kind"] = to_string(d.from_kind);
  j["combine"] = to_string(o.rule->deadline.combine);
  json limits = json::array();
  for (const limit_result& l : d.limits) {
    const deadline_limit* r = l.rule;
    json x;
    x["from"] = r != nullptr ? json(r->from) : json(nullptr);
    x["from_kind"] = to_string(r != nullptr ? r->from_kind : anchor_kind::event);
    x["within"] = r != nullptr ? json(to_string(r->period.length)) : json(nullptr);
    x["anchor"] = optional_instant(l.anchor);
    x["due"] = optional_instant(l.due);
    x["not_started"] = l.not_started && !l.due;
    x["lapsed"] = l.lapsed;
    x["unless_later"] = r != nullptr && !r->unless_later.empty() ? json(r->unless_later) : json(nullptr);
    limits.push_back(std::move(x));
  }
  j["limits"] = std::move(limits);
  j["governed_by"] = d.governed_by ? json(static_cast<std::int64_t>(*d.governed_by)) : json(nullptr);
  j["rolled_due_from"] = optional_instant(d.rolled_due_from);
  if (d.cutoff) {
    char hhmm[8];
    std::snprintf(hhmm, sizeof hhmm, "%02d:%02d", static_cast<int>(d.cutoff->count() / 60),
                  static_cast<int>(d.cutoff->count() % 60));
    j["cutoff"] = std::string(hhmm);
  } else {
    j["cutoff"] = nullptr;
  }
  j["undelayed_due"] = optional_instant(d.undelayed_due);
  json delays = json::array();
  for (const delay_result& r : d.delays) {
    json x;
    x["at"] = format_utc(r.entry->at);
    x["for"] = r.entry->length ? json(to_string(*r.entry->length)) : json(nullptr);
    x["until"] = optional_instant(r.entry->until);
    x["written"] = r.entry->written;
    x["by"] = r.entry->by;
    x["reference"] = r.entry->reference;
    x["applied"] = r.applied;
    x["moved_to"] = optional_instant(r.until);
    x["note"] = r.note;
    delays.push_back(std::move(x));
  }
  j["delays"] = std::move(delays);
  if (d.target != nullptr) {
    j["target"] = {{"policy", d.target->policy},
                   {"within", to_string(d.target->within.length)},
                   {"note", d.target->note}};
  }
  return j;
}

// A fact as the incident file writes it: true, 42, { "min": 300, "max": 700 }, "high", ["a", "b"],
// { "at_least": ["a"] }.
json fact_json(const fact_value& v) {
  if (const bool* b = v.as_bool()) return *b;
  if (const std::int64_t* i = v.as_int()) return *i;
  if (const std::string* t = v.as_string()) return *t;
  if (const count_range* r = v.as_range()) {
    json range = json::object();
    if (r->min) range["min"] = *r->min;
    if (r->max) range["max"] = *r->max;
    return range;
  }
  if (const set_value* s = v.as_set()) {
    if (s->complete) return s->members;
    return json{{"at_least", s->members}};
  }
  return nullptr;
}

json premises(const assessment& a) {
  json j;
  j["id"] = std::string(a.incident_id);
  j["zone"] = a.incident_zone.name();
  j["scope"] = a.scope() ? json(*a.scope()) : json(nullptr);
  // Additions to the contract: the premises, as given.
  j["title"] = a.incident_title().empty() ? json(nullptr) : json(a.incident_title());
  j["notes"] = a.incident_notes();
  json events = json::object();
  for (const auto& [name, t] : a.events()) events[name] = format_utc(t);
  j["events"] = std::move(events);
  json facts = json::object();
  json counts = json::object();  // each family of counts ([affected]) in a table of its own
  const fact_schema& schema = a.rules.schema();
  for (const auto& [name, v] : a.facts()) {
    const std::size_t dot = name.find('.');
    if (dot != std::string::npos && schema.family(std::string_view(name).substr(0, dot)) != nullptr) {
      counts[name.substr(0, dot)][name.substr(dot + 1)] = fact_json(v);
    } else {
      facts[name] = fact_json(v);
    }
  }
  j["facts"] = std::move(facts);
  for (const count_family& family : schema.families()) {
    if (counts.contains(family.name)) j[family.name] = counts[family.name];
  }
  j["unknown_facts"] = a.unknown_facts.strings();
  j["unknown_events"] = a.unknown_events.strings();
  return j;
}

std::string reference_render_json(const assessment& a) {
  json root;
  root["schema"] = k_assessment_schema;
  root["incident"] = premises(a);
  root["as_of"] = format_utc(a.as_of);
  json packs = json::array();
  for (const regime& r : a.rules.regimes()) {
    // What a pack says about itself: where, how sure, and the limits its notes state.
    packs.push_back({{"id", r.id},
                     {"title", r.title},
                     {"kind", r.kind == pack_kind::law ? "law" : "policy"},
                     {"jurisdiction", r.jurisdiction.empty() ? json(nullptr) : json(r.jurisdiction)},
                     {"module", r.module.empty() ? json(nullptr) : json(r.module)},
                     {"confidence", to_string(r.certainty)},
                     {"notes", r.notes},
                     {"sources", citations(&r.sources)}});
  }
  root["rules"] = {{"digest", a.rules.digest()}, {"packs", packs}};

  const detail::presentation view = detail::present(a);
  json obligations = json::array();
  for (const detail::obligation_view& v : view.obligations) {
    const obligation_result& o = *v.result;
    json j;
    j["id"] = o.rule->id;
    j["regime"] = o.rule->regime;
    j["title"] = o.rule->title;
    j["action"] = to_string(o.rule->act);
    if (!o.recipient_depends_on.empty()) {
      // Chosen by a fact not yet known: which authority is open (DESIGN.md section 8, additive).
      j["recipient"] = {{"id", nullptr}, {"name", nullptr}, {"undetermined_by", std::string(o.recipient_depends_on)}};
    } else {
      j["recipient"] = {{"id", o.recipient != nullptr ? o.recipient->id : o.rule->to},
                        {"name", o.recipient != nullptr ? o.recipient->name : std::string()}};
    }
    j["status"] = to_string(o.state);
    j["out_of_scope"] = o.out_of_scope;
    j["depends_on"] = o.depends_on.strings();
    j["citations"] = citations(v.cites);
    j["deadline"] = deadline_json(v);
    json because = json::array();
    for (const detail::step_view& st : v.steps) {
      json step;
      step["condition"] = trace_condition(st);
      step["value"] = st.value;
      step["cite"] = st.refs;
      step["kind"] = to_string(st.entry->what);
      if (st.because) step["because"] = *st.because;
      if (st.replaced) step["instead_of"] = *st.replaced;
      because.push_back(std::move(step));
    }
    j["because"] = std::move(because);
    j["content"] = o.rule->content;
    j["notes"] = o.rule->notes;
    j["confidence"] = to_string(o.certainty);
    j["phased"] = o.rule->phased;
    j["late"] = o.rule->late.empty() ? json(nullptr) : json(o.rule->late);
    if (o.filed) {
      const filing_result& f = *o.filed;
      j["filed"] = {{"at", format_utc(f.at)},
                    {"on_time", f.on_time ? json(*f.on_time) : json(nullptr)},
                    {"late_by_seconds", f.late_by_seconds ? json(*f.late_by_seconds) : json(nullptr)},
                    {"reference", f.reference.empty() ? json(nullptr) : json(std::string(f.reference))}};
    } else {
      j["filed"] = nullptr;
    }
    if (o.displaced != nullptr) {
      j["displaced_by"] = {{"pack", o.displaced->displaced_by},
                           {"because", o.displaced->because},
                           {"cite", detail::citation_refs(&o.displaced->cite)}};
    } else {
      j["displaced_by"] = nullptr;
    }
    j["proposed"] = o.proposed;
    const std::string& name = !o.rule->proposed.empty() ? o.rule->proposed : o.pack->proposed;
    j["proposal"] = o.proposed ? json(name) : json(nullptr);
    obligations.push_back(std::move(j));
  }
  root["obligations"] = std::move(obligations);

  json questions = json::array();
  for (const question& q : a.questions) {
    questions.push_back({{"fact", std::string(q.name)},
                         {"question", q.text != nullptr ? *q.text : std::string()},
                         {"decides", q.decides.strings()},
                         {"kind", q.is_scope   ? "scope"
                                  : q.is_event ? "event"
                                               : "fact"}});
  }
  root["questions"] = std::move(questions);
  root["warnings"] = a.warnings;
  // Replace invalid UTF-8 (possible only in an incident built in code) rather than throw.
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string nlohmann_string(const std::string& s) {
  return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string writer_string(const std::string& s) {
  std::string out;
  detail::append_json_string(out, s);
  return out;
}

std::string redumped(const std::string& doc, int indent) {
  return json::parse(doc).dump(indent, ' ', false, json::error_handler_t::replace) + "\n";
}

// The document with every trace emptied: what --no-trace writes.
json without_trace(json doc) {
  for (json& o : doc["obligations"]) o["because"] = json::array();
  return doc;
}

void check_forms(const assessment& a) {
  const std::string indented = render_json(a);
  CHECK(indented == reference_render_json(a));
  CHECK(indented == redumped(indented, 2));
  const std::string compact = render_json(a, json_options{true, true});
  CHECK(compact.find('\n') == compact.size() - 1);
  CHECK(compact == redumped(indented, -1));
  const std::string bare = render_json(a, json_options{false, false});
  CHECK(json::parse(bare) == without_trace(json::parse(indented)));
  CHECK(render_json(a, json_options{true, false}) == redumped(bare, -1));
  std::string appended = "x";
  append_json(appended, a, json_options{true, true});
  CHECK(appended == "x" + compact);
}

}  // namespace

TEST_CASE("JSON strings are escaped as nlohmann's dump() escaped them", "[report][json]") {
  const std::vector<std::string> hostile = {
      "",
      "plain",
      "quote \" backslash \\ slash /",
      std::string("NUL \0 inside", 12),
      "\b\f\n\r\t\x01\x1f\x7f",
      "\x1b[31mred\x1b[0m",
      "é € 😀 \u2028 \u2029 \xef\xbb\xbf",
      "a\xff"
      "b",
      "\xc3\x28",
      "\xf0\x9f\x98",
      "\xf0\x9f\x98"
      "x",
      "\xc0\xaf",
      "\xed\xa0\x80",
      "\xed\x9f\xbf",
      "\xf4\x90\x80\x80",
      "\xf4\x8f\xbf\xbf",
      "\x80\x80",
      "\xe2\x82",
      "\xe2\x82\x22",
      "\xe0\x80\x80",
      "\xe0\xa0\x80",
      "\xf5\x80",
      "\xc2",
  };
  for (const std::string& s : hostile) {
    INFO(nlohmann_string(s));
    CHECK(writer_string(s) == nlohmann_string(s));
  }
  // Random bytes, weighted to the ones that matter: controls, quotes, lead and continuation bytes.
  std::mt19937 rng(20261202);
  const std::string alphabet =
      std::string("a\"\\\n\x01\x1f\x7f\x80\x8f\x9f\xa0\xbf\xc2\xdf\xe0\xe1\xed\xef\xf0\xf4\xf5\xff");
  std::uniform_int_distribution<std::size_t> length(0, 12);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> any_byte(0, 255);
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const std::size_t len = length(rng);
    for (std::size_t k = 0; k < len; ++k) {
      s.push_back(n % 2 == 0 ? alphabet[pick(rng)] : static_cast<char>(any_byte(rng)));
    }
    if (writer_string(s) != nlohmann_string(s)) {
      INFO(nlohmann_string(s));
      CHECK(writer_string(s) == nlohmann_string(s));
    }
  }
}

TEST_CASE("json_writer lays out as dump(2) and dump(-1)", "[report][json]") {
  for (const auto l : {detail::json_writer::layout::indented, detail::json_writer::layout::compact}) {
    std::string out;
    detail::json_writer w(out, l);
    w.begin_object();
    w.field("a", "x");
    w.key("empty_object");
    w.begin_object();
    w.end_object();
    w.key("empty_array");
    w.begin_array();
    w.end_array();
    w.key("nested");
    w.begin_array();
    w.number(-9223372036854775807 - 1);
    w.boolean(false);
    w.null();
    w.begin_object();
    w.field_bool("t", true);
    w.end_object();
    w.end_array();
    w.end_object();
    const bool indented = l == detail::json_writer::layout::indented;
    CHECK(out + "\n" == redumped(out, indented ? 2 : -1));
  }
}

TEST_CASE("render_json: every example incident, byte for byte as the nlohmann tree", "[report][json]") {
  const rule_set& rules = rule_set::bundled();
  int seen = 0;
  for (const std::filesystem::path& path : test::example_incident_paths()) {
    const incident i = incident::from_file(path, rules.schema());
    for (const char* as_of : {"2024-03-22T18:00:00Z", "2025-12-01T09:30:00Z", "2031-01-01T00:00:00Z"}) {
      INFO(path.string() << " at " << as_of);
      check_forms(*assess(rules, i, at(as_of)));
    }
    ++seen;
  }
  CHECK(seen >= 18);
}

TEST_CASE("render_json: hostile rules and an incident built in code, as the nlohmann tree", "[report][json]") {
  auto loaded = rule_set::load(test::source_path("tests/golden/inputs/rules/hostile-text"));
  REQUIRE(loaded);
  const incident h = incident::from_file(test::source_path("tests/golden/inputs/incidents/hostile-text.toml"),
                                         loaded->schema());
  check_forms(*assess(*loaded, h, at("2024-03-22T18:00:00Z")));

  const rule_set& rules = rule_set::bundled();
  incident i("INC-\xff\xfe\x01\"", test::zone_named("Europe/London"));
  i.set_title("bad \xc3\x28 title \xed\xa0\x80 \x1b[2J");
  i.add_note("a note cut in the middle of a character: \xe2\x82");
  i.add_note(std::string("NUL \0 and \x7f", 11));
  i.set_event("aware", at("2024-03-22T10:00:00Z"));
  i.set_fact("uk_processing", true);
  const assessment a = *assess(rules, i, at("2024-03-22T18:00:00Z"));
  check_forms(a);
  CHECK(json::parse(render_json(a))["incident"]["id"] == "INC-\xef\xbf\xbd\xef\xbf\xbd\x01\"");
}

TEST_CASE("append_error_json: one line that names the input and each diagnostic", "[report][json]") {
  std::string out;
  append_error_json(out, "-:3",
                    {make_error("incident.type", source_location{"-", 3, 14}, "'x' must be \"text\""),
                     make_warning("w.x", source_location{}, "no place\x01")});
  REQUIRE(out.find('\n') == out.size() - 1);
  const json e = json::parse(out);
  CHECK(e.dump() + "\n" == out);
  CHECK(e["schema"] == k_error_schema);
  CHECK(e["input"] == "-:3");
  REQUIRE(e["diagnostics"].size() == 2);
  CHECK(e["diagnostics"][0] == json::parse(R"({"file":"-","line":3,"col":14,"severity":"error",)"
                                           R"("code":"incident.type","message":"'x' must be \"text\""})"));
  CHECK(e["diagnostics"][1]["file"].is_null());
  CHECK(e["diagnostics"][1]["line"].is_null());
  CHECK(e["diagnostics"][1]["col"].is_null());
  CHECK(e["diagnostics"][1]["severity"] == "warning");
  CHECK(e["diagnostics"][1]["message"] == "no place\x01");
}
