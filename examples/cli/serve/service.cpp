// `breachclock serve`: what every request passes (Host, Origin, token, Content-Type), the
// problem documents, the access log and the static files. The routes that answer: routes.cpp.
#include "service.hpp"

#include <fmt/format.h>

#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string_view>

#include "routes.hpp"

namespace breachclock::serve {

namespace {

using json = nlohmann::ordered_json;

thread_local std::string t_problem_code;  // the code of the problem answered, for the log

// Compares a token in time that does not depend on where the two first differ.
bool same_token(std::string_view given, std::string_view expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i) {
    diff |= static_cast<unsigned char>(given[i] ^ expected[i % std::max<std::size_t>(1, expected.size())]);
  }
  return diff == 0 && !expected.empty();
}

std::string timed_out(const server_limits& limits) {
  return fmt::format("the request did not arrive whole within {} ms", limits.request_timeout.count());
}

std::string head_too_large() { return fmt::format("the request's line and headers pass {} KiB", k_max_head / 1024); }

std::string utc_now_millis() {
  const auto t = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  return date::format("%FT%TZ", t);
}

// A name of the page's files: a letter, digit, '_' or '-', then those or '.' ("app.js").
bool page_file_name(std::string_view name) {
  const auto ok = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
  return !name.empty() && ok(name.front()) &&
         std::all_of(name.begin(), name.end(), [&](char c) { return ok(c) || c == '.'; });
}

// The methods the route of `path` answers ("POST", or "GET, HEAD"), or "" when there is none:
// the routes of install() and install_routes().
std::string allowed_methods(std::string_view path) {
  if (path == "/v1/assess" || path == "/v1/explain" || path == "/v1/questions") return "POST";
  if (path == "/v1/rules" || path == "/v1/facts" || path == "/healthz" || path == "/v1/openapi.json" || path == "/")
    return "GET, HEAD";
  // /v1/calendars/{id}/{year}: two segments, neither empty.
  constexpr std::string_view calendars = "/v1/calendars/";
  if (path.starts_with(calendars)) {
    const std::string_view rest = path.substr(calendars.size());
    const std::size_t slash = rest.find('/');
    const bool two = slash != std::string_view::npos && slash > 0 && slash + 1 < rest.size() &&
                     rest.find('/', slash + 1) == std::string_view::npos;
    return two ? "GET, HEAD" : "";
  }
  if (path.size() > 1 && path.front() == '/' && page_file_name(path.substr(1))) return "GET, HEAD";
  return "";
}

// What every request passes before its body is read: one Host, the server's (on loopback); no
// other origin; no encoded body; the token; a route that answers its method; a body only for a
// POST, of a known type and length within the limit. False, with the problem in `res` (and the
// connection to be closed: a body not read would be taken for the next request), when refused.
bool admitted(const service_config& cfg, std::size_t max_body, const httplib::Request& req, httplib::Response& res) {
  const auto refuse = [&](int status, const std::string& code, const std::string& detail) {
    problem(res, status, code, detail, {});
    if (connection_state* c = current_connection()) c->close = true;
    res.set_header("Connection", "close");
    return false;
  };
  if (req.get_header_value_count("Host") > 1) return refuse(400, "serve.host", "the request names its Host twice");
  std::string host = req.get_header_value("Host");
  std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!cfg.hosts.empty() && std::find(cfg.hosts.begin(), cfg.hosts.end(), host) == cfg.hosts.end()) {
    return refuse(421, "serve.host",
                  "this server answers requests for " + cfg.hosts.front() + ", not for Host '" + host.substr(0, 200) +
                      "' (a page of another site reaching this port through its own name is refused)");
  }
  if (req.has_header("Origin") && req.get_header_value("Origin") != "http://" + host) {
    return refuse(403, "serve.origin",
                  "requests from the page of another origin are refused: Origin '" +
                      req.get_header_value("Origin").substr(0, 200) + "' is not http://" + host.substr(0, 200));
  }
  // cpp-httplib would inflate a compressed body whole, past --max-body.
  if (req.has_header("Content-Encoding")) {
    return refuse(415, "serve.content-type",
                  "a body is sent as it is, not with Content-Encoding: " +
                      req.get_header_value("Content-Encoding").substr(0, 50));
  }
  if (!cfg.token.empty() && req.path.starts_with("/v1/")) {
    const std::string auth = req.get_header_value("Authorization");
    if (!auth.starts_with("Bearer ") || !same_token(std::string_view(auth).substr(7), cfg.token)) {
      res.set_header("WWW-Authenticate", "Bearer");
      return refuse(401, "serve.token",
                    req.has_header("Authorization") ? "the bearer token is not this server's"
                                                    : "this server needs a bearer token: Authorization: Bearer TOKEN");
    }
  }
  const std::string allow = allowed_methods(req.path);
  if (allow.empty()) {
    return refuse(404, "serve.not-found",
                  "there is no such route: " + req.method.substr(0, 20) + " " + req.path.substr(0, 200) +
                      " (GET /v1/openapi.json lists the routes)");
  }
  const bool get = req.method == "GET" || req.method == "HEAD";
  if (!(allow == "POST" ? req.method == "POST" : get)) {
    res.set_header("Allow", allow);
    return refuse(405, "serve.method",
                  req.method.substr(0, 20) + " is not a method of this route: it answers " + allow);
  }
  // A chunked body is refused: cpp-httplib would read it whole, past --max-body.
  if (req.has_header("Transfer-Encoding")) {
    return refuse(get ? 400 : 411, get ? "serve.bad-request" : "serve.length",
                  "a body is sent with its Content-Length, not with Transfer-Encoding: " +
                      req.get_header_value("Transfer-Encoding").substr(0, 50));
  }
  const std::string length = req.get_header_value("Content-Length");
  if (!std::all_of(length.begin(), length.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return refuse(400, "serve.bad-request", "the Content-Length is not a number of bytes");
  }
  if (get) {
    // A body of a GET would be read as the next request on the connection (request smuggling).
    if (!length.empty() && length.find_first_not_of('0') != std::string::npos)
      return refuse(400, "serve.bad-request", "a " + req.method + " request has no body");
    return true;
  }
  const std::string type = media_type(req);
  if (type != "application/json" && type != "application/toml") {
    return refuse(415, "serve.content-type",
                  "an incident is sent as application/json or application/toml, not '" + type.substr(0, 100) + "'");
  }
  if (length.empty()) return refuse(411, "serve.length", "a request with a body gives its Content-Length");
  // A body declared too large is refused before a byte of it is read.
  if (length.size() > 19 || std::stoull(length) > max_body) {
    return refuse(413, "serve.body-too-large",
                  fmt::format("the request body is larger than this server's limit of {} bytes (--max-body)",
                              max_body));
  }
  return true;
}

}  // namespace

std::string media_type(const httplib::Request& req) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  return type;
}

void problem(httplib::Response& res, int status, const std::string& code, const std::string& detail,
             const std::vector<diagnostic>& ds) {
  json diagnostics = json::array();
  for (const diagnostic& d : ds) {
    diagnostics.push_back({
        {"file", d.where.file.empty() ? json(nullptr) : json(d.where.file)},
        {"line", d.where.line == 0 ? json(nullptr) : json(d.where.line)},
        {"col", d.where.column == 0 ? json(nullptr) : json(d.where.column)},
        {"severity", to_string(d.level)},
        {"code", d.code},
        {"message", d.message},
    });
  }
  const json doc{{"type", "about:blank"}, {"title", status_reason(status)}, {"status", status}, {"detail", detail},
                 {"code", code},          {"diagnostics", diagnostics}};
  res.status = status;
  res.set_content(doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n", "application/problem+json");
  t_problem_code = code;
}

service::service(service_config config, std::function<bool(const std::string&)> log_line)
    : config_(std::move(config)), log_line_(std::move(log_line)) {}

std::function<std::string(int)> service::refusal_body() const {
  // Called only once install() has run: server_ is set.
  return [this](int status) {
    httplib::Response res;
    if (status == 503) {
      problem(res, 503, "serve.too-many-connections",
              fmt::format("the server is serving as many connections as it may ({}): try again in a second",
                          server_->limits().max_connections));
    } else if (status == 431) {
      problem(res, 431, "serve.head-too-large", head_too_large());
    } else {
      problem(res, status, "serve.request-timeout", timed_out(server_->limits()));
    }
    return res.body;
  };
}

std::function<void(int, const std::string&)> service::refusal_log() {
  return [this](int status, const std::string& remote) {
    const json line{{"time", utc_now_millis()}, {"remote", remote},   {"method", nullptr},         {"path", nullptr},
                    {"status", status},         {"request_bytes", 0}, {"response_bytes", nullptr}, {"ms", 0},
                    {"problem", t_problem_code}};  // set by refusal_body, on this thread, just before
    if (!log_line_(line.dump())) {
      log_ok_ = false;
      config_.stop();
    }
  };
}

void service::install(guarded_server& server) {
  server_ = &server;
  const service_config& cfg = config_;

  // Before routing (and before a body is read): Host, Origin, the token, the body's type.
  // Before routing, and before a body is read (also when the client waits for 100 Continue).
  const std::size_t max_body = server.limits().max_body;
  server.set_pre_routing_handler([&cfg, max_body](const httplib::Request& req, httplib::Response& res) {
    t_problem_code.clear();
    if (connection_state* c = current_connection()) c->head_read = true;
    return admitted(cfg, max_body, req, res) ? httplib::Server::HandlerResponse::Unhandled
                                             : httplib::Server::HandlerResponse::Handled;
  });
  server.set_expect_100_continue_handler([&cfg, max_body](const httplib::Request& req, httplib::Response& res) {
    return admitted(cfg, max_body, req, res) ? 100 : res.status;
  });

  // The errors cpp-httplib finds (no route, a body too large, a request it cannot parse), and
  // those of the routes, which have written their problem document already.
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([&server](const httplib::Request& req, httplib::Response& res) {
        const connection_state* c = current_connection();
        if (c != nullptr && c->too_large) {
          res.body.clear();
          problem(res, 431, "serve.head-too-large", head_too_large());
          res.set_header("Connection", "close");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (c != nullptr && c->body_too_large) {
          res.body.clear();
          problem(res, 413, "serve.body-too-large",
                  fmt::format("the request body is larger than this server's limit of {} bytes (--max-body)",
                              server.limits().max_body));
          res.set_header("Connection", "close");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (c != nullptr && c->timed_out) {
          res.body.clear();
          problem(res, 408, "serve.request-timeout", timed_out(server.limits()));
          res.set_header("Connection", "close");
          return httplib::Server::HandlerResponse::Handled;
        }
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        switch (res.status) {
          case 404:
            problem(res, 404, "serve.not-found",
                    "there is no such route: " + req.method + " " + req.path.substr(0, 200) +
                        " (GET /v1/openapi.json lists the routes)");
            break;
          case 413:
            problem(res, 413, "serve.body-too-large",
                    fmt::format("the request body is larger than this server's limit of {} bytes (--max-body)",
                                server.limits().max_body));
            res.set_header("Connection", "close");
            break;
          case 414: problem(res, 414, "serve.uri-too-long", "the request's target is too long"); break;
          default:
            problem(res, res.status, "serve.bad-request",
                    "the request could not be read as HTTP/1.1 (its request line, a header or its body)");
            res.set_header("Connection", "close");
        }
        if (connection_state* s = current_connection(); s != nullptr && res.status != 404) s->close = true;
        return httplib::Server::HandlerResponse::Handled;
      }));

  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    // Only a bug gets here: every expected failure is a problem document of a route.
    problem(res, 500, "serve.internal", "internal error: " + what);
  });

  server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const connection_state* c = current_connection();
    const auto ms = c != nullptr
                        ? std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - c->started)
                        : std::chrono::duration<double, std::milli>{0};
    // What was asked and answered, never what an incident says: no body, no query.
    const json line{{"time", utc_now_millis()},
                    {"remote", !req.remote_addr.empty() || c == nullptr ? req.remote_addr : c->remote},
                    {"method", req.method},
                    {"path", req.path.substr(0, 200)},
                    {"status", res.status},
                    {"request_bytes", req.body.size()},
                    {"response_bytes", res.body.size()},
                    {"ms", std::round(ms.count() * 1000) / 1000},
                    {"problem", t_problem_code.empty() ? json(nullptr) : json(t_problem_code)}};
    if (!log_line_(line.dump(-1, ' ', false, json::error_handler_t::replace))) {
      log_ok_ = false;
      config_.stop();
    }
  });

  install_routes(server, cfg);

  // The page: files compiled in, by name; nothing is read from the file system.
  auto page = [](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.path == "/" ? "index.html" : req.path.substr(1);
    for (const web_file& f : web_files()) {
      if (f.name == name && f.name != "openapi.json") {
        res.set_content(std::string(f.body), std::string(f.type).c_str());
        return;
      }
    }
    problem(res, 404, "serve.not-found", "there is no such file: " + req.path.substr(0, 200));
  };
  for (const char* pattern : {"/", "/([A-Za-z0-9_-][A-Za-z0-9_.-]*)"}) {
    server.Get(pattern, page);
  }
}

}  // namespace breachclock::serve
