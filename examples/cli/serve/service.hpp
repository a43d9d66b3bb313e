// `breachclock serve`: the routes over one immutable rule set (docs/http.md).
//
// Every route answers from memory: the rules, their calendars and the static files of the page
// were loaded (or compiled in) before the server started, and no request names a file. Every
// error is an RFC 9457 problem document (application/problem+json) with the located
// diagnostics; every response is logged, one JSON object a line, without the request's body.
//
//   service s{config, log_line};
//   guarded_server server{limits, s.refusal_body(), s.refusal_log()};
//   s.install(server);
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "breachclock/rules/rule_set.hpp"
#include "breachclock/time/instant.hpp"
#include "http_server.hpp"

namespace breachclock::serve {

struct service_config {
  rule_set rules = rule_set::bundled();
  std::string token;  // the bearer token every /v1/ request must carry; empty: none
  // The Host headers a request may carry (the bound address and, on loopback, localhost); empty:
  // any (a server reached by names this one cannot know, which then has a token).
  std::vector<std::string> hosts;
  std::function<instant()> clock;  // `as_of` when a request gives none
  std::function<void()> stop;      // asks the server to stop (a log line could not be written)
};

// A static file of the page (or the OpenAPI document), compiled in: web_files.cpp, generated.
struct web_file {
  std::string_view name;  // "index.html"
  std::string_view type;  // its Content-Type
  std::string_view body;
};
const std::vector<web_file>& web_files();

class service {
 public:
  // `log_line`: writes one line of the access log; false when it could not be written.
  service(service_config config, std::function<bool(const std::string&)> log_line);

  // The Host headers a request may carry (service_config::hosts), once the port is known.
  void set_hosts(std::vector<std::string> hosts) { config_.hosts = std::move(hosts); }
  void install(guarded_server& server);
  // For the connection layer: the problem document of a response it writes itself, and its log.
  std::function<std::string(int)> refusal_body() const;
  std::function<void(int, const std::string&)> refusal_log();
  // False once a line of the log could not be written (the server is then stopped).
  bool log_ok() const noexcept { return log_ok_; }

 private:
  service_config config_;
  std::function<bool(const std::string&)> log_line_;
  std::atomic<bool> log_ok_{true};
  guarded_server* server_ = nullptr;
};

}  // namespace breachclock::serve
