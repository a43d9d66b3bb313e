// `breachclock serve`: the routes. An incident is the request's body, exactly the bytes of an
// incident file (JSON or TOML); `as_of`, `format` and the rest are query parameters. Each answer
// is what the command line writes for the same file and options, byte for byte.
#include "routes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "breachclock/engine/assessment.hpp"
#include "breachclock/report/ics.hpp"
#include "breachclock/report/json.hpp"
#include "breachclock/report/markdown.hpp"
#include "breachclock/report/svg.hpp"
#include "breachclock/report/text.hpp"
#include "breachclock/time/zone.hpp"

namespace breachclock::serve {

namespace {

using json = nlohmann::ordered_json;

// The name an incident body goes by in diagnostics: `request:LINE:COL`.
constexpr const char* k_body = "request";

// A route's query parameters: each at most once, each one the route knows.
struct query {
  std::map<std::string, std::string> values;
  std::optional<std::string> get(const std::string& name) const {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
  }
};

// The query of `req`, or a 400 problem in `res` (and nothing).
std::optional<query> read_query(const httplib::Request& req, httplib::Response& res,
                                const std::vector<std::string>& known) {
  query q;
  for (const auto& [name, value] : req.params) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string list;
      for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
      problem(res, 400, "serve.parameter", "this route takes no parameter '" + name.substr(0, 100) + "'",
              {make_error("serve.parameter", source_location{name.substr(0, 100), 1, 1},
                          "unknown parameter '" + name.substr(0, 100) + "'" + did_you_mean(name, known) +
                              " (this route takes " + (list.empty() ? std::string("none") : list) +
                              "; the server's rules are fixed when it starts, and no request names a file)")});
      return std::nullopt;
    }
    if (!q.values.emplace(name, value).second) {
      problem(res, 400, "serve.parameter", "the parameter '" + name + "' is given twice",
              {make_error("serve.parameter", source_location{name, 1, 1}, "'" + name + "' is given twice")});
      return std::nullopt;
    }
  }
  return q;
}

// A parameter that must be one of `allowed` (the first is the default).
std::optional<std::string> choice(const query& q, httplib::Response& res, const std::string& name,
                                  const std::vector<std::string>& allowed) {
  const std::optional<std::string> given = q.get(name);
  if (!given) return allowed.front();
  if (std::find(allowed.begin(), allowed.end(), *given) != allowed.end()) return given;
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  problem(res, 400, "serve.parameter", "'" + name + "' is one of " + list,
          {make_error("serve.parameter", source_location{name, 1, 1},
                      "'" + given->substr(0, 100) + "' is not a " + name + ": it is one of " + list)});
  return std::nullopt;
}

// The incident of the request's body, checked against the rules' schema; or a problem.
std::optional<incident> read_body(const httplib::Request& req, httplib::Response& res, const rule_set& rules) {
  const std::size_t first = req.body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    problem(res, 400, "serve.body", "the request has no incident: its body is empty",
            {make_error("serve.body", source_location{k_body, 1, 1}, "the body is empty: send an incident file")});
    return std::nullopt;
  }
  const bool is_json = req.body[first] == '{';
  const bool says_json = media_type(req) == "application/json";
  if (is_json != says_json) {
    problem(res, 400, "serve.body",
            says_json ? "the body is not one JSON object, as Content-Type: application/json says"
                      : "the body is JSON (it starts with '{'), not TOML as Content-Type says",
            {make_error("serve.body", source_location{k_body, 1, 1},
                        says_json ? "an incident in JSON is one object: the body must start with '{'"
                                  : "a TOML incident does not start with '{': send JSON as application/json")});
    return std::nullopt;
  }
  auto parsed = parse_incident(source_file{k_body, req.body, k_body}, rules.schema());
  if (parsed) return std::move(*parsed);
  const std::vector<diagnostic>& ds = parsed.diagnostics();
  // Text that is not JSON or TOML is a bad request; an incident the schema refuses is one the
  // server understood but cannot assess.
  const bool syntax = std::any_of(ds.begin(), ds.end(), [](const diagnostic& d) {
    return d.code.ends_with(".syntax") || d.code.ends_with(".too-deep") || d.code.starts_with("source.") ||
           d.code.starts_with("limit.");
  });
  problem(res, syntax ? 400 : 422, ds.front().code, "the incident cannot be read: " + ds.front().message, ds);
  return std::nullopt;
}

enum class view : unsigned char { assess, explain, questions };

const char* content_type(const std::string& format) {
  if (format == "json") return "application/json";
  if (format == "md") return "text/markdown; charset=utf-8";
  if (format == "ics") return "text/calendar; charset=utf-8";
  if (format == "svg") return "image/svg+xml";
  return "text/plain; charset=utf-8";
}

void assess_route(const httplib::Request& req, httplib::Response& res, const service_config& cfg, view v) {
  std::vector<std::string> known{"as_of", "format", "include_proposed"};
  std::vector<std::string> formats{"json", "text", "md", "ics", "svg"};
  if (v == view::assess) known.emplace_back("trace");
  if (v == view::explain) {
    known.emplace_back("obligation");
    formats = {"text", "json"};
  }
  if (v == view::questions) formats = {"json", "text"};
  const std::optional<query> q = read_query(req, res, known);
  if (!q) return;
  const std::optional<std::string> format = choice(*q, res, "format", formats);
  if (!format) return;
  const std::optional<std::string> trace = choice(*q, res, "trace", {"true", "false"});
  const std::optional<std::string> proposed = choice(*q, res, "include_proposed", {"false", "true"});
  if (!trace || !proposed) return;
  if (*trace == "false" && *format != "json") {
    problem(res, 400, "serve.parameter", "trace=false leaves the trace out of JSON only",
            {make_error("serve.parameter", source_location{"trace", 1, 1},
                        "trace=false is for format=json: the other formats have no trace to leave out")});
    return;
  }
  const std::optional<std::string> obligation = q->get("obligation");
  if (v == view::explain && (!obligation || obligation->empty())) {
    problem(res, 400, "serve.parameter", "explain needs the obligation's id: ?obligation=ID",
            {make_error("serve.parameter", source_location{"obligation", 1, 1}, "no obligation named")});
    return;
  }
  const std::optional<incident> inc = read_body(req, res, cfg.rules);
  if (!inc) return;
  instant at = cfg.clock();
  if (const std::optional<std::string> text = q->get("as_of")) {
    auto parsed = text->empty()
                      ? result<instant>(make_error("serve.parameter", source_location{"as_of", 1, 1},
                                                   "as_of is empty: give a TIME, or leave it out to assess now"))
                      : parse_time(*text, inc->home_zone(), choose::reject, source_location{"as_of", 1, 1});
    if (!parsed) {
      problem(res, 400, parsed.diagnostics().front().code, "as_of: " + parsed.diagnostics().front().message,
              parsed.diagnostics());
      return;
    }
    at = *parsed;
  }
  const auto mode = *proposed == "true" ? assess_options::proposed_law::beside : assess_options::proposed_law::exclude;
  auto a = assess(cfg.rules, *inc, at, {.proposed = mode});
  if (!a) {
    problem(res, 422, a.diagnostics().front().code,
            "the incident cannot be assessed: " + a.diagnostics().front().message, a.diagnostics());
    return;
  }
  std::string out;
  if (v == view::assess) {
    if (*format == "json") out = render_json(*a, json_options{false, *trace == "true"});
    else if (*format == "ics") out = render_ics(*a);
    else if (*format == "md") out = render_markdown(*a);
    else if (*format == "svg") out = render_svg(*a);
    else out = render_text(*a);
  } else if (v == view::questions) {
    if (*format == "text") {
      out = render_questions(*a);
    } else {
      const json doc = json::parse(render_json(*a));
      out = json{{"questions", doc.at("questions")}}.dump(2) + "\n";
    }
  } else {
    for (const obligation_result& r : a->obligations) {
      if (r.rule == nullptr || r.rule->id != *obligation) continue;
      if (!out.empty()) out += "\n";
      out += render_explanation(*a, r);
    }
    if (out.empty()) {
      const std::vector<std::string> ids = a->rules.obligation_ids();
      const std::vector<duty>& later = a->rules.proposed_duties();
      const bool only_proposed = std::any_of(later.begin(), later.end(),
                                             [&](const duty& d) { return d.id == *obligation; });
      problem(res, 404, "serve.unknown-obligation", "no obligation '" + obligation->substr(0, 200) + "' to explain",
              {make_error("serve.unknown-obligation", source_location{"obligation", 1, 1},
                          only_proposed ? "'" + *obligation +
                                              "' is proposed law only, not in force: explain it with "
                                              "include_proposed=true"
                                        : "unknown obligation '" + obligation->substr(0, 200) + "'" +
                                              did_you_mean(*obligation, ids))});
      return;
    }
    if (*format == "json") out = render_json(*a);
  }
  res.set_content(out, content_type(v == view::explain && *format == "text" ? "text" : *format));
}

json text_or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string rules_document(const rule_set& rules) {
  json packs = json::array();
  json modules = json::array();
  for (const regime& g : rules.regimes()) {
    json ids = json::array();
    for (const obligation& o : g.obligations) ids.push_back(o.id);
    packs.push_back({{"id", g.id},
                     {"title", g.title},
                     {"kind", g.kind == pack_kind::law ? "law" : "policy"},
                     {"jurisdiction", text_or_null(g.jurisdiction)},
                     {"module", text_or_null(g.module)},
                     {"confidence", to_string(g.certainty)},
                     {"proposed", text_or_null(g.proposed)},
                     {"obligations", ids}});
    if (g.module.empty()) continue;
    auto it = std::find_if(modules.begin(), modules.end(), [&](const json& m) { return m["id"] == g.module; });
    if (it == modules.end()) {
      modules.push_back({{"id", g.module}, {"packs", json::array()}});
      it = modules.end() - 1;
    }
    (*it)["packs"].push_back(g.id);
  }
  json calendars = rules.calendar_ids();
  return json{{"digest", rules.digest()}, {"modules", modules}, {"packs", packs}, {"calendars", calendars}}.dump(2) +
         "\n";
}

std::string facts_document(const rule_set& rules) {
  const fact_schema& s = rules.schema();
  json events = json::array();
  for (const event_decl& e : s.events()) {
    events.push_back({{"name", e.name},
                      {"description", e.description},
                      {"question", e.question},
                      {"fallback", text_or_null(e.fallback)}});
  }
  json facts = json::array();
  for (const fact_decl& f : s.facts()) {
    facts.push_back({{"name", f.name},
                     {"type", to_string(f.type)},
                     {"description", f.description},
                     {"question", f.question},
                     {"values", f.values},
                     {"min", f.min ? json(*f.min) : json(nullptr)},
                     {"max", f.max ? json(*f.max) : json(nullptr)},
                     {"informational", f.informational},
                     {"family", text_or_null(f.family)},
                     {"key", text_or_null(f.key)}});
  }
  json families = json::array();
  for (const count_family& c : s.families()) {
    families.push_back({{"name", c.name},
                        {"description", c.description},
                        {"question", c.question},
                        {"total_question", c.total_question},
                        {"most_question", c.most_question}});
  }
  return json{{"digest", rules.digest()}, {"events", events}, {"facts", facts}, {"families", families}}.dump(2) + "\n";
}

void calendar_route(const httplib::Request& req, httplib::Response& res, const rule_set& rules) {
  if (!read_query(req, res, {})) return;
  const std::string id = req.matches[1];
  const std::string year_text = req.matches[2];
  const holiday_calendar* cal = rules.calendar(id);
  if (cal == nullptr) {
    const std::vector<std::string> ids = rules.calendar_ids();
    std::string list;
    for (const std::string& k : ids) list += (list.empty() ? "" : ", ") + k;
    problem(res, 404, "serve.unknown-calendar", "there is no calendar '" + id.substr(0, 100) + "'",
            {make_error("serve.unknown-calendar", source_location{"id", 1, 1},
                        "unknown calendar '" + id.substr(0, 100) + "'" + did_you_mean(id, ids) +
                            " (the calendars are " + list + ")")});
    return;
  }
  const bool digits = !year_text.empty() && year_text.size() <= 4 &&
                      std::all_of(year_text.begin(), year_text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const int year = digits ? std::atoi(year_text.c_str()) : 0;
  if (year < 1583 || year > 9999) {
    problem(res, 400, "serve.parameter", "the year is one of 1583 to 9999 (Gregorian calendar)",
            {make_error("serve.parameter", source_location{"year", 1, 1},
                        "'" + year_text.substr(0, 20) + "' is not a year from 1583 to 9999")});
    return;
  }
  res.set_content(render_holidays_json(cal->holidays(date::year{year}, date::year{year})), "application/json");
}

const web_file* openapi() {
  for (const web_file& f : web_files())
    if (f.name == "openapi.json") return &f;
  return nullptr;
}

}  // namespace

void install_routes(guarded_server& server, const service_config& config) {
  const service_config& cfg = config;
  server.Post("/v1/assess", [&cfg](const httplib::Request& req, httplib::Response& res) {
    assess_route(req, res, cfg, view::assess);
  });
  server.Post("/v1/explain", [&cfg](const httplib::Request& req, httplib::Response& res) {
    assess_route(req, res, cfg, view::explain);
  });
  server.Post("/v1/questions", [&cfg](const httplib::Request& req, httplib::Response& res) {
    assess_route(req, res, cfg, view::questions);
  });
  // Documents of the rules, made once: the rules never change while the server runs.
  const auto once = [](std::string body) {
    return [body = std::move(body)](const httplib::Request& req, httplib::Response& res) {
      if (read_query(req, res, {})) res.set_content(body, "application/json");
    };
  };
  server.Get("/v1/rules", once(rules_document(cfg.rules)));
  server.Get("/v1/facts", once(facts_document(cfg.rules)));
  server.Get("/healthz", once(json{{"status", "ok"}, {"digest", cfg.rules.digest()}}.dump(2) + "\n"));
  if (const web_file* doc = openapi()) server.Get("/v1/openapi.json", once(std::string(doc->body)));
  server.Get(R"(/v1/calendars/([^/]+)/([^/]+))",
             [&cfg](const httplib::Request& req, httplib::Response& res) { calendar_route(req, res, cfg.rules); });
}

}  // namespace breachclock::serve
