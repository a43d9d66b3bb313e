// `breachclock serve`: the routes that answer (assess, explain, questions, rules, facts,
// calendars, health, the OpenAPI document), and the problem documents every error is.
#pragma once

#include <string>
#include <vector>

#include "breachclock/diagnostic.hpp"
#include "http_server.hpp"
#include "service.hpp"

namespace breachclock::serve {

// Answers `res` with an RFC 9457 problem document: status, title (the status's phrase), detail,
// `code` (a code of docs/diagnostics.md) and the located diagnostics.
void problem(httplib::Response& res, int status, const std::string& code, const std::string& detail,
             const std::vector<diagnostic>& ds = {});

// The request's media type (Content-Type), without its parameters, in lower case.
std::string media_type(const httplib::Request& req);

void install_routes(guarded_server& server, const service_config& config);

}  // namespace breachclock::serve
