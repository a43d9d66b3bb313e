// `breachclock serve`: an HTTP/1.1 server (cpp-httplib) that holds every connection to limits.
//
// cpp-httplib parses requests and routes them; this class owns each connection's socket, so
// that a client cannot hold the server: a request must arrive whole within `request_timeout`
// (else 408), a body may not pass `max_body` bytes (413), and at most `max_connections`
// connections are served at once, each on a thread of its own: one more is answered 503 (with
// Retry-After) and closed; a request whose line and headers pass k_max_head gets 431. Responses
// it writes itself (408, 431, 503) are problem documents too.
//
//   guarded_server s{limits};
//   s.Get("/healthz", handler);
//   s.bind_to_port("127.0.0.1", 0);  s.listen_after_bind();   // until stop()
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace breachclock::serve {

// The most bytes of a request's line and headers (cpp-httplib limits each line, not their number).
inline constexpr std::size_t k_max_head = std::size_t{64} * 1024;

struct server_limits {
  std::size_t max_body = std::size_t{1} << 20;
  std::size_t max_connections = 64;
  std::chrono::milliseconds request_timeout{10'000};  // from a request's first byte to its last
  std::chrono::seconds keep_alive{5};                 // an idle connection is closed after this
  std::size_t keep_alive_requests = 1000;             // requests on one connection
};

// What the connection layer tells the routes and the log about the request in hand.
struct connection_state {
  std::chrono::steady_clock::time_point started;  // when the request's first byte could be read
  bool timed_out = false;                         // the request did not arrive within the limit
  bool too_large = false;                         // its head passed k_max_head (cpp-httplib counts no headers)
  bool close = false;                             // close the connection after this response
  bool body_too_large = false;                    // its body passed max_body (a length that lied)
  std::string remote;                             // the client's address, for the log
  bool head_read = false;                         // its line and headers are read: the body may follow
};

// The state of the request this thread is handling, or nullptr outside a request.
connection_state* current_connection() noexcept;

// A response the server writes by itself, before routing: its status and problem document.
struct raw_response {
  int status = 0;
  std::string body;  // application/problem+json
};

class guarded_server : public httplib::Server {
 public:
  // `refused(status)`: the body of a response written without a request (408, 503); `log(line
  // fields)`: told of each such response, as the logger is of the others.
  guarded_server(const server_limits& limits, std::function<std::string(int status)> refused,
                 std::function<void(int status, const std::string& remote)> log);

  const server_limits& limits() const noexcept { return limits_; }
  // After bind_to_port: a listen backlog of SOMAXCONN rather than cpp-httplib's 5, so that a
  // burst of connections waits to be accepted instead of being reset. False when it fails.
  bool widen_backlog();

 private:
  bool process_and_close_socket(socket_t sock) override;
  void answer_and_close(socket_t sock, int status, const char* extra_headers);

  server_limits limits_;
  std::function<std::string(int)> refused_;
  std::function<void(int, const std::string&)> log_;
};

// The reason phrase of an HTTP status (RFC 9110), "Error" for one this server does not answer.
const char* status_reason(int status) noexcept;

// The headers every response carries (the page's content security policy among them).
const httplib::Headers& security_headers();

}  // namespace breachclock::serve
