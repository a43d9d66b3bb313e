// The connection layer of `breachclock serve`: sockets read against a deadline, admission.
#include "http_server.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace breachclock::serve {

namespace {

using steady = std::chrono::steady_clock;

thread_local connection_state* t_connection = nullptr;
// The longest a connection is kept alive, from its first request.
constexpr std::chrono::seconds k_connection_life{120};
// Set on the thread that answers the connections over the limit.
thread_local bool t_rejecting = false;

// Milliseconds from now to `deadline`, at least 0 and at most `cap`.
int millis_until(steady::time_point deadline, std::chrono::milliseconds cap) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady::now());
  return static_cast<int>(std::clamp(left, std::chrono::milliseconds{0}, cap).count());
}

// poll() of one socket for `events`, restarted after a signal: > 0 ready, 0 timed out, < 0 error.
int wait_for(int fd, short events, int millis) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, millis);
    if (n < 0 && errno == EINTR) continue;
    return n;
  }
}

std::string address_of(const sockaddr_storage& a, socklen_t len, int& port) {
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> serv{};
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&a), len, host.data(), host.size(), serv.data(), serv.size(),
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    port = -1;
    return "";
  }
  port = std::atoi(serv.data());
  return host.data();
}

std::string remote_of(int sock) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  int port = -1;
  return ::getpeername(sock, reinterpret_cast<sockaddr*>(&a), &len) == 0 ? address_of(a, len, port) : "";
}

// A connection's socket as cpp-httplib reads and writes it: buffered reads that fail once the
// request's deadline has passed (and say so in the connection's state), and writes that give up
// after the same time without progress.
class socket_stream final : public httplib::Stream {
 public:
  // `max_body`: the most bytes of a request's body; its head may have k_max_head.
  socket_stream(int fd, std::chrono::milliseconds timeout, std::size_t max_body = 0)
      : fd_(fd), timeout_(timeout), max_body_(max_body) {}

  // Waits, at most `idle`, for the next request's first byte; false when none comes, the peer
  // closed, or `stopping()` says the server is stopping.
  template <class Stop>
  bool wait_for_request(std::chrono::seconds idle, const Stop& stopping) {
    if (begin_ < end_) return true;
    const steady::time_point until = steady::now() + idle;
    while (!stopping()) {
      const int slice = millis_until(until, std::chrono::milliseconds{100});
      const int n = wait_for(fd_, POLLIN, slice);
      if (n > 0) return true;
      if (n < 0 || steady::now() >= until) return false;
    }
    return false;
  }

  void begin_request(connection_state& state) {
    state_ = &state;
    deadline_ = state.started + timeout_;
    written_ = 0;
    consumed_ = 0;
    in_body_ = false;
    write_deadline_.reset();
  }
  std::size_t written() const noexcept { return written_; }

  bool is_readable() const override {
    return begin_ < end_ || wait_for(fd_, POLLIN, millis_until(deadline_, timeout_)) > 0;
  }
  // A response must be taken whole within the timeout too, from its first byte: a client that
  // reads slowly does not hold its thread longer.
  bool is_writable() const override {
    const steady::time_point until = write_deadline_.value_or(steady::now() + timeout_);
    return wait_for(fd_, POLLOUT, millis_until(until, timeout_)) > 0 && steady::now() < until;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (!in_body_ && state_ != nullptr && state_->head_read) {
      in_body_ = true;  // the head was k_max_head at most: the body is counted from here
      consumed_ = 0;
    }
    const std::size_t limit = in_body_ ? max_body_ : k_max_head;
    if (consumed_ >= limit) {
      if (state_ != nullptr) (in_body_ ? state_->body_too_large : state_->too_large) = true;
      return -1;
    }
    if (begin_ == end_) {
      const int n = wait_for(fd_, POLLIN, millis_until(deadline_, timeout_));
      if (n == 0 || steady::now() >= deadline_) {
        if (state_ != nullptr) state_->timed_out = true;
        return -1;
      }
      if (n < 0) return -1;
      ssize_t got = 0;
      do got = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
      while (got < 0 && errno == EINTR);
      if (got <= 0) return got;
      begin_ = 0;
      end_ = static_cast<std::size_t>(got);
    }
    const std::size_t n = std::min({size, end_ - begin_, limit - consumed_});
    std::copy_n(buffer_.data() + begin_, n, ptr);
    begin_ += n;
    consumed_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!write_deadline_) write_deadline_ = steady::now() + timeout_;
    if (!is_writable()) return -1;
    ssize_t n = 0;
    do n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    if (n > 0) written_ += static_cast<std::size_t>(n);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    port = -1;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) ip = address_of(a, len, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage a{};
    socklen_t len = sizeof a;
    port = -1;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) ip = address_of(a, len, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  int fd_;
  std::chrono::milliseconds timeout_;
  steady::time_point deadline_ = steady::now();
  connection_state* state_ = nullptr;
  std::size_t written_ = 0;
  std::size_t max_body_;
  std::size_t consumed_ = 0;  // bytes of the head, then of the body, handed to cpp-httplib
  bool in_body_ = false;
  std::optional<steady::time_point> write_deadline_;
  std::array<char, 4096> buffer_{};
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

// cpp-httplib's queue of accepted connections: `capacity` threads serve one connection each;
// a connection that finds them all busy goes to one more thread, which answers it 503.
class admission_queue final : public httplib::TaskQueue {
 public:
  explicit admission_queue(std::size_t capacity) : capacity_(capacity) {
    for (std::size_t i = 0; i < capacity; ++i) threads_.emplace_back([this] { work(false); });
    threads_.emplace_back([this] {
      t_rejecting = true;
      work(true);
    });
  }
  admission_queue(const admission_queue&) = delete;
  admission_queue& operator=(const admission_queue&) = delete;
  ~admission_queue() override = default;

  void enqueue(std::function<void()> fn) override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (busy_ + jobs_.size() >= capacity_) rejected_.push_back(std::move(fn));
      else jobs_.push_back(std::move(fn));
    }
    ready_.notify_all();
  }

  void shutdown() override {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& t : threads_) t.join();
  }

 private:
  void work(bool rejector) {
    std::deque<std::function<void()>>& queue = rejector ? rejected_ : jobs_;
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [&] { return stopping_ || !queue.empty(); });
        if (queue.empty()) return;  // stopping, and nothing left to close
        fn = std::move(queue.front());
        queue.pop_front();
        if (!rejector) ++busy_;
      }
      fn();
      if (!rejector) {
        const std::lock_guard<std::mutex> lock(mutex_);
        --busy_;
      }
    }
  }

  std::size_t capacity_;
  std::vector<std::thread> threads_;
  std::deque<std::function<void()>> jobs_;
  std::deque<std::function<void()>> rejected_;
  std::size_t busy_ = 0;
  bool stopping_ = false;
  std::mutex mutex_;
  std::condition_variable ready_;
};

// Closes a connection after its answer: what the client sent is read (a little of it, for at most
// `wait`) first, since closing a socket with unread input resets the connection, and the client
// could lose the answer.
void linger_close(int sock, std::chrono::milliseconds wait) {
  ::shutdown(sock, SHUT_WR);
  std::array<char, 4096> sink{};
  const steady::time_point until = steady::now() + wait;
  for (std::size_t drained = 0; drained < std::size_t{64} * 1024;) {
    if (wait_for(sock, POLLIN, millis_until(until, wait)) <= 0) break;
    const ssize_t n = ::recv(sock, sink.data(), sink.size(), 0);
    if (n <= 0) break;
    drained += static_cast<std::size_t>(n);
  }
  ::close(sock);
}

}  // namespace

connection_state* current_connection() noexcept { return t_connection; }

const char* status_reason(int status) noexcept {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 421: return "Misdirected Request";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

const httplib::Headers& security_headers() {
  static const httplib::Headers headers{
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cache-Control", "no-store"},
  };
  return headers;
}

guarded_server::guarded_server(const server_limits& limits, std::function<std::string(int)> refused,
                               std::function<void(int, const std::string&)> log)
    : limits_(limits), refused_(std::move(refused)), log_(std::move(log)) {
  set_payload_max_length(limits_.max_body);
  // What the Keep-Alive header announces: the limits process_and_close_socket keeps.
  set_keep_alive_max_count(std::max<std::size_t>(1, limits_.keep_alive_requests));
  set_keep_alive_timeout(limits_.keep_alive.count());
  set_default_headers(security_headers());
  const std::size_t capacity = std::max<std::size_t>(1, limits_.max_connections);
  new_task_queue = [capacity] { return new admission_queue(capacity); };
}

void guarded_server::answer_and_close(socket_t sock, int status, const char* extra_headers) {
  const std::string body = refused_(status);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + status_reason(status) + "\r\n";
  for (const auto& [name, value] : security_headers()) out += name + ": " + value + "\r\n";
  out += "Content-Type: application/problem+json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  out += extra_headers;
  out += "Connection: close\r\n\r\n" + body;
  std::size_t done = 0;
  while (done < out.size() && wait_for(sock, POLLOUT, 1000) > 0) {
    const ssize_t n = ::send(sock, out.data() + done, out.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  log_(status, remote_of(sock));
  linger_close(sock, std::chrono::milliseconds{10});
}

bool guarded_server::widen_backlog() { return ::listen(svr_sock_, SOMAXCONN) == 0; }

bool guarded_server::process_and_close_socket(socket_t sock) {
  // Each response is sent as soon as it is written: without this, Nagle's algorithm holds the
  // start of the next response on a kept-alive connection until the client's delayed ACK.
  const int on = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  if (t_rejecting) {
    answer_and_close(sock, 503, "Retry-After: 1\r\n");
    return true;
  }
  socket_stream stream(sock, limits_.request_timeout, limits_.max_body);
  const std::string remote = remote_of(sock);
  const steady::time_point opened = steady::now();
  bool ok = true;
  bool linger = false;
  for (std::size_t left = std::max<std::size_t>(1, limits_.keep_alive_requests); left > 0; --left) {
    if (!stream.wait_for_request(limits_.keep_alive, [this] { return svr_sock_ == INVALID_SOCKET; })) break;
    connection_state state;
    state.started = steady::now();
    state.remote = remote;
    stream.begin_request(state);
    t_connection = &state;
    bool closed = false;
    // The last request of a connection: its count, or its age (a client that keeps one alive
    // with slow requests does not hold a thread for hours).
    const bool last = left == 1 || steady::now() - opened > k_connection_life;
    // No byte ranges: an error answer stays a whole problem document, and many overlapping
    // ranges cannot make one answer many times larger than it is.
    ok = process_request(stream, last, closed, [](httplib::Request& r) { r.ranges.clear(); });
    t_connection = nullptr;
    if ((state.timed_out || state.too_large) && stream.written() == 0) {
      // Stopped before even the request line was whole: cpp-httplib answers nothing then.
      answer_and_close(sock, state.too_large ? 431 : 408, "");
      return false;
    }
    linger = state.close;
    if (!ok || closed || last || state.close || state.timed_out || state.too_large || state.body_too_large) break;
  }
  if (linger) {
    // Refused before its body was read: the body is read (a little, briefly) and dropped.
    linger_close(sock, std::chrono::milliseconds{100});
    return ok;
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace breachclock::serve
