#include "targets.hpp"

#include <string>
#include <vector>

#include "breachclock/breachclock.hpp"

namespace breachclock::fuzz {

namespace {

const rule_set& bundled() {
  static const rule_set rules = rule_set::bundled();
  return rules;
}

// The bundled fact schema and calendars: what a fuzzed pack is loaded with.
const std::vector<source_file>& base_files() {
  static const std::vector<source_file> files = [] {
    std::vector<source_file> out;
    for (const source_file& f : bundled_rule_files()) {
      // The core schema and calendars, and each module's (module.toml, facts.toml, calendars/).
      const std::string& r = f.relative;
      if (r == "facts.toml" || r.ends_with("/module.toml") || r.ends_with("/facts.toml") ||
          r.rfind("calendars/", 0) == 0 || r.find("/calendars/") != std::string::npos)
        out.push_back(f);
    }
    return out;
  }();
  return files;
}

// A known incident (the CWU example's facts, and a few more) for assessing fuzzed rules.
const breachclock::incident& sample_incident() {
  static const breachclock::incident i = [] {
    breachclock::incident j("fuzz", *zone::locate("Europe/London"));
    j.set_event("detected", *parse_rfc3339("2024-03-21T09:00:00Z"));
    j.set_fact("uk_processing", true);
    j.set_fact("role", std::string("controller"));
    j.set_fact("canadian_personal_information", true);
    return j;
  }();
  return i;
}

const instant k_as_of = *parse_rfc3339("2024-03-22T18:00:00Z");

// Renders in every format: the report layer reads every field of an assessment.
void render_all(const assessment& a) {
  (void)render_text(a);
  (void)render_json(a);
  (void)render_markdown(a);
  (void)render_ics(a);
  (void)render_svg(a);
}

std::vector<std::string_view> lines(std::string_view s) {
  std::vector<std::string_view> out;
  while (!s.empty() && out.size() < 8) {
    const auto nl = s.find('\n');
    out.push_back(s.substr(0, nl));
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return out;
}

}  // namespace

void condition(std::string_view input) {
  const fact_schema& schema = bundled().schema();
  auto c = expr::compile(input, schema, expr::default_locator("fuzz.toml"));
  if (!c) return;
  (void)expr::evaluate(*c, expr::fact_table(schema));
  (void)expr::evaluate(*c, expr::fact_table(schema, sample_incident()));
  (void)expr::satisfiable({&*c}, schema, 2000);
}

void rule_pack(std::string_view input) {
  std::vector<source_file> files = base_files();
  files.push_back(source_file{"fuzz/pack.toml", std::string(input), "fuzz/pack.toml"});
  auto rules = rule_set::load(files);
  if (!rules) return;
  if (!validate(sample_incident(), rules->schema()).empty()) return;
  render_all(*assess(*rules, sample_incident(), k_as_of));
}

void incident(std::string_view input) {
  const auto first = input.find_first_not_of(" \t\r\n");
  const bool json = first != std::string_view::npos && input[first] == '{';
  const char* path = json ? "fuzz.json" : "fuzz.toml";
  auto i = parse_incident(source_file{path, std::string(input), path}, bundled().schema());
  if (!i) return;
  // A journal may name an obligation the rules lack: bind refuses it (incident.journal).
  auto a = assess(bundled(), *i, k_as_of);
  if (!a) return;
  render_all(*a);
  if (i->has_journal()) (void)decision_log(bundled(), *i, k_as_of);
}

namespace {

// Deadlines from `c` with every convention and roll: the arithmetic over a fuzzed calendar.
void deadlines(const holiday_calendar& c, instant anchor, const period& p, const zone& z) {
  for (roll r : {roll::none, roll::next_business_day, roll::next_non_holiday}) {
    for (convention k : {convention::exact, convention::next_hour}) {
      if (auto d = compute_deadline(anchor, deadline_rule{p, k, r}, z, &c)) (void)z.format(d->due);
    }
    if (auto d = compute_fixed_date(anchor, fixed_date_rule{3, 1, 1, r}, z, &c)) (void)z.format(d->due);
  }
}

}  // namespace

void calendar(std::string_view input) {
  auto c = parse_calendar(input, "calendars/fuzz.toml");
  if (!c) return;
  (void)c->holidays(date::year{2018}, date::year{2027});
  (void)c->holidays(date::year{2095}, date::year{2105});  // across the end of the cache
  for (const auto d : {date::local_days{date::year{2024} / 12 / 24}, date::local_days{date::year{2099} / 12 / 30},
                       date::local_days{date::year{9999} / 12 / 24}, date::local_days{date::year{1} / 1 / 2}}) {
    (void)c->is_working_day(d);
    (void)c->holiday_on(d);
    (void)c->add_working_days(d, 60);
    (void)c->add_working_days(d, -60);
    (void)c->next_working_day(d);
    (void)c->next_non_holiday(d);
  }
  static const zone london = *zone::locate("Europe/London");
  deadlines(*c, *parse_rfc3339("2024-12-20T12:00:00Z"), business_days{5}, london);
  deadlines(*c, *parse_rfc3339("2099-12-30T12:00:00Z"), calendar_days{1}, london);
}

void deadline(std::string_view input) {
  // Five lines (an anchor time, a period, a convention, a roll, a zone), then a calendar file.
  std::vector<std::string_view> head;
  std::string_view rest = input;
  while (head.size() < 5) {
    const auto nl = rest.find('\n');
    head.push_back(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  }
  const auto z = zone::locate(head[4].empty() ? "Europe/London" : head[4]);
  const zone in = z ? *z : zone::utc();
  auto anchor = parse_time(head[0], in, choose::earliest);
  auto p = parse_period(head[1]);
  auto c = parse_calendar(rest, "calendars/fuzz.toml");
  if (!anchor || !p || !c) return;
  const deadline_rule rule{*p, parse_convention(head[2]).value_or(convention::exact),
                           parse_roll(head[3]).value_or(roll::none)};
  if (auto d = compute_deadline(*anchor, rule, in, &*c)) (void)in.format(d->due);
  deadlines(*c, *anchor, *p, in);
}

void time(std::string_view input) {
  const auto parts = lines(input);
  auto part = [&](std::size_t k) { return k < parts.size() ? parts[k] : std::string_view{}; };
  const auto z = zone::locate(part(3).empty() ? "Europe/London" : part(3));
  (void)parse_rfc3339(part(0));
  (void)parse_date(part(2));
  const zone in = z ? *z : zone::utc();
  std::optional<instant> anchor;
  for (choose how : {choose::reject, choose::earliest, choose::latest}) {
    if (auto t = parse_time(part(0), in, how)) anchor = *t;
  }
  auto p = parse_period(part(1));
  if (!anchor || !p) return;
  const holiday_calendar* eaw = bundled().calendar("gb-eaw");
  for (roll r : {roll::none, roll::next_business_day, roll::next_non_holiday}) {
    for (convention c : {convention::exact, convention::next_hour}) {
      const deadline_rule rule{*p, c, r};
      if (auto d = compute_deadline(*anchor, rule, in, eaw)) (void)in.format(d->due);
    }
  }
}

}  // namespace breachclock::fuzz
