// breachclock serve [--rules DIR] [--add-rules DIR]... [--policy FILE]... [--listen ADDRESS]
//                   [--port N] [--token-file FILE] [--max-body BYTES] [--max-connections N]
//                   [--request-timeout SECONDS]
//
// An HTTP/1.1 service over one rule set, loaded once (docs/http.md): the JSON API of /v1/ and
// the first-hours page at /. It listens on 127.0.0.1 unless told otherwise; any other address
// needs a bearer token, read from a file or from BREACHCLOCK_TOKEN, never from the command line
// (where every user of the machine could read it). One line a request is logged on stdout.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "breachclock/source_file.hpp"
#include "cli.hpp"
#include "serve/service.hpp"

namespace breachclock::cli {

namespace {

struct serve_options {
  std::string rules_dir;
  std::vector<std::string> add_rules;
  std::vector<std::string> policies;
  std::string listen = "127.0.0.1";
  int port = 8080;
  std::string token_file;
  std::size_t max_body = std::size_t{1} << 20;
  std::size_t max_connections = 64;
  double request_timeout = 10;
};

// The shortest token accepted: a guess must not be feasible over the network.
constexpr std::size_t k_min_token = 16;

// True for a numeric loopback address (127.0.0.0/8, ::1); false for any other; nothing when
// `text` is not a numeric IPv4 or IPv6 address.
std::optional<bool> loopback(const std::string& text) {
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, text.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  if (::inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6) != 0;
  return std::nullopt;
}

// The token: of --token-file (its first line), or of BREACHCLOCK_TOKEN; empty when neither.
result<std::string> read_token(const serve_options& o) {
  const char* env = std::getenv("BREACHCLOCK_TOKEN");
  std::string token;
  source_location where = option_origin("BREACHCLOCK_TOKEN");
  if (!o.token_file.empty()) {
    if (env != nullptr) {
      return make_error("cli.token", option_origin("--token-file"),
                        "both --token-file and BREACHCLOCK_TOKEN give a token: give one");
    }
    auto file = read_source_file(o.token_file);
    if (!file) return std::move(file).take_diagnostics();
    token = file->text.substr(0, file->text.find('\n'));
    if (!token.empty() && token.back() == '\r') token.pop_back();
    where = source_location{o.token_file, 1, 1};
  } else if (env != nullptr) {
    token = env;
  } else {
    return std::string{};
  }
  if (token.size() < k_min_token ||
      std::any_of(token.begin(), token.end(), [](unsigned char c) { return c <= 0x20 || c >= 0x7f; })) {
    return make_error("cli.token", where,
                      fmt::format("a token is at least {} printable characters, without spaces (such as the output "
                                  "of `openssl rand -hex 32`)",
                                  k_min_token));
  }
  return token;
}

exit_code run_serve(const serve_options& o) {
  const std::optional<bool> local = loopback(o.listen);
  if (!local) {
    print_diagnostics(
        {make_error("cli.listen", option_origin("--listen"),
                    "'" + o.listen + "' is not a numeric IPv4 or IPv6 address (such as 127.0.0.1 or ::1)")});
    return exit_code::bad_input;
  }
  auto token = read_token(o);
  if (!token) {
    print_diagnostics(token.diagnostics());
    return exit_code::bad_input;
  }
  if (!*local && token->empty()) {
    print_diagnostics({make_error("cli.listen", option_origin("--listen"),
                                  "refusing to listen on " + o.listen +
                                      " without a token: anyone who reaches it could assess with these rules; give "
                                      "--token-file FILE or set "
                                      "BREACHCLOCK_TOKEN (or listen on 127.0.0.1)")});
    return exit_code::bad_input;
  }
  if (o.request_timeout <= 0 || o.request_timeout > 3600 || o.max_connections == 0 || o.max_connections > 4096 ||
      o.max_body == 0) {
    print_error("--request-timeout is from 0 to 3600 seconds, --max-connections from 1 to 4096, --max-body above 0");
    return exit_code::bad_input;
  }
  auto rules = load_rules(o.rules_dir, o.add_rules, o.policies);
  if (!rules) {
    print_diagnostics(rules.diagnostics());
    return exit_code::bad_input;
  }

  // SIGINT and SIGTERM stop the server, on a thread of their own: blocked here, before any
  // thread starts, so that every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  serve::server_limits limits;
  limits.max_body = o.max_body;
  limits.max_connections = o.max_connections;
  limits.request_timeout = std::chrono::milliseconds{static_cast<long long>(o.request_timeout * 1000)};

  std::mutex log_mutex;
  // Only the stopper thread stops the server: the log asks it with the signal it waits for.
  serve::service_config cfg{*rules, *token, {}, [] { return now(); }, [] { ::kill(::getpid(), SIGTERM); }};
  serve::service svc(std::move(cfg), [&log_mutex](const std::string& line) {
    const std::lock_guard<std::mutex> lock(log_mutex);
    std::cout << line << '\n';
    std::cout.flush();
    return static_cast<bool>(std::cout);
  });
  serve::guarded_server server(limits, svc.refusal_body(), svc.refusal_log());
  const bool v6 = o.listen.find(':') != std::string::npos;
  if (v6) server.set_address_family(AF_INET6);
  const int port = o.port == 0 ? server.bind_to_any_port(o.listen)
                               : (server.bind_to_port(o.listen, o.port) ? o.port : -1);
  if (port < 0) {
    print_diagnostics({make_error("cli.listen", option_origin("--port"),
                                  fmt::format("cannot listen on {} port {}: {}", o.listen, o.port,
                                              errno != 0 ? std::strerror(errno) : "the address is not available"))});
    return exit_code::bad_input;
  }
  if (!server.widen_backlog()) {
    print_error(std::string("cannot listen: ") + std::strerror(errno));
    return exit_code::bad_input;
  }
  const std::string authority = (v6 ? "[" + o.listen + "]" : o.listen) + ":" + std::to_string(port);
  std::vector<std::string> hosts;
  if (*local) {
    hosts = {authority, "localhost:" + std::to_string(port)};
    if (port == 80) hosts.insert(hosts.end(), {v6 ? "[" + o.listen + "]" : o.listen, "localhost"});
  }
  svc.set_hosts(std::move(hosts));
  svc.install(server);

  std::atomic<bool> finished{false};
  std::thread stopper([&server, &stop_signals, &finished] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    // A signal that comes before the server runs would be lost on stop(): wait until it runs.
    while (!server.is_running() && !finished) std::this_thread::sleep_for(std::chrono::milliseconds{5});
    server.stop();
  });
  std::cerr << "breachclock serve: listening on http://" << authority << "/ (rules " << rules->digest() << ")"
            << std::endl;
  const bool listened = server.listen_after_bind();
  finished = true;
  // Wakes the stopper when the server stopped for another reason (its log could not be written).
  pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  if (!svc.log_ok()) {
    print_error("the access log could not be written to standard output: the server stopped");
    return exit_code::bad_input;
  }
  return listened ? exit_code::ok : exit_code::bad_input;
}

}  // namespace

void setup_serve(CLI::App& app, exit_code& status) {
  auto o = std::make_shared<serve_options>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the JSON API and the first-hours page over HTTP (docs/http.md)");
  cmd->add_option("--rules", o->rules_dir, "Rule folder (default: the bundled rules)")->type_name("DIR");
  add_rules_option(cmd, o->add_rules);
  cmd->add_option("--policy", o->policies, "Policy overlay file (repeatable)")->type_name("FILE");
  cmd->add_option("--listen", o->listen, "Address to listen on (default 127.0.0.1; any other needs a token)")
      ->type_name("ADDRESS");
  cmd->add_option("--port", o->port, "Port (default 8080; 0: any free port, printed when listening)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--token-file", o->token_file,
                  "File whose first line is the bearer token every /v1/ request must carry (or set "
                  "BREACHCLOCK_TOKEN)")
      ->type_name("FILE");
  cmd->add_option("--max-body", o->max_body, "Largest request body, in bytes (default 1048576)")->type_name("BYTES");
  cmd->add_option("--max-connections", o->max_connections,
                  "Connections served at once (default 64); one more is answered 503")
      ->type_name("N");
  cmd->add_option("--request-timeout", o->request_timeout,
                  "Seconds a request may take to arrive whole (default 10); a slower one is answered 408")
      ->type_name("SECONDS");
  cmd->callback([o, &status] { status = run_serve(*o); });
}

}  // namespace breachclock::cli
