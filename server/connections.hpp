// The connections of `citsim serve` (server.cpp): each socket read under a
// deadline for a whole request and a byte budget whatever the framing,
// written under a timeout; a bounded pool of connection threads that refuses
// what it cannot queue; and the host names the server answers to. Internal to
// the server; cpp-httplib's per-connection handling is replaced here, so a
// change of its API shows as a compile error.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/assets.hpp"

namespace citsim::serve_detail {

using Clock = std::chrono::steady_clock;

inline thread_local bool t_refuse_connection = false;  // set while the connection pool is full
inline thread_local bool t_close_connection = false;   // an answer that left the body unread

struct ConnectionLimits {
  Clock::duration request_time;   // to receive one whole request, headers and body
  Clock::duration write_time;     // for each write to make progress
  Clock::duration keep_alive;     // idle time between requests
  std::size_t max_request_bytes;  // bytes of one request as sent, headers and framing included
  std::size_t max_requests;       // on one connection
};

inline Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(std::clamp(s, 0.001, 1e6)));
}

/// One connection's socket, read under a deadline for each whole request (a
/// client sending a byte at a time holds a thread no longer than that) and a
/// byte budget (no framing of a body gets past it), written under a timeout.
/// Waits for a request end when the server stops.
class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(socket_t sock, const ConnectionLimits& limits,
                const std::atomic<socket_t>& listening)
      : sock_(sock), limits_(limits), listening_(listening) {}

  /// Waits (at most the keep-alive time) for the next request to begin.
  bool wait_for_request() const {
    return pos_ < end_ || wait(POLLIN, Clock::now() + limits_.keep_alive, true);
  }
  void begin_request() {
    deadline_ = Clock::now() + limits_.request_time;
    budget_ = limits_.max_request_bytes;
  }

  bool is_readable() const override { return pos_ < end_ || wait(POLLIN, deadline_, true); }
  bool is_writable() const override {
    return wait(POLLOUT, Clock::now() + limits_.write_time, false);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ == end_) {
      if (budget_ == 0 || !wait(POLLIN, deadline_, true)) return -1;
      const ssize_t n = ::recv(sock_, buffer_.data(), std::min(buffer_.size(), budget_), 0);
      if (n <= 0) return n;
      budget_ -= static_cast<std::size_t>(n);
      pos_ = 0;
      end_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, end_ - pos_);
    std::memcpy(ptr, buffer_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address(&::getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address(&::getsockname, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  /// Polls for `events` until `until`, in short slices; reads also give up
  /// when the server stops listening.
  bool wait(short events, Clock::time_point until, bool reading) const {
    for (;;) {
      if (reading && listening_.load() == INVALID_SOCKET) return false;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{sock_, events, 0};
      const int r = ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left.count(), 100)));
      if (r > 0) return true;  // hang-ups and errors too: the read or write then says so
      if (r < 0 && errno != EINTR) return false;
    }
  }

  template <typename Get>
  void address(Get get, std::string& ip, int& port) const {
    sockaddr_storage a{};
    socklen_t len = sizeof(a);
    ip.clear();
    port = 0;
    if (get(sock_, reinterpret_cast<sockaddr*>(&a), &len) != 0) return;
    std::array<char, INET6_ADDRSTRLEN> text{};
    if (a.ss_family == AF_INET) {
      const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
      ::inet_ntop(AF_INET, &v4->sin_addr, text.data(), text.size());
      port = ntohs(v4->sin_port);
    } else if (a.ss_family == AF_INET6) {
      const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
      ::inet_ntop(AF_INET6, &v6->sin6_addr, text.data(), text.size());
      port = ntohs(v6->sin6_port);
    }
    ip = text.data();
  }

  socket_t sock_;
  const ConnectionLimits& limits_;
  const std::atomic<socket_t>& listening_;
  Clock::time_point deadline_{};
  std::size_t budget_ = 0;
  std::array<char, 4096> buffer_{};
  std::size_t pos_ = 0, end_ = 0;
};

/// httplib's server with each connection read through a GuardedStream, and
/// a connection refused at once (503) when the pool is full.
class GuardedServer final : public httplib::Server {
 public:
  explicit GuardedServer(const ConnectionLimits& limits) : limits_(limits) {}

 private:
  bool process_and_close_socket(socket_t sock) override {
    bool ret = false;
    if (t_refuse_connection) {
      static const std::string body =
          R"({"error": "server busy: too many connections; retry later"})"
          "\n";
      const std::string response =
          "HTTP/1.1 503 Service Unavailable\r\n"
          "Content-Type: application/json; charset=utf-8\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" + body;
      (void)::send(sock, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    } else {
      GuardedStream stream(sock, limits_, svr_sock_);
      for (std::size_t left = limits_.max_requests; left > 0; --left) {
        if (svr_sock_.load() == INVALID_SOCKET || !stream.wait_for_request()) break;
        stream.begin_request();
        t_close_connection = false;
        bool closed = false;
        ret = process_request(stream, left == 1, closed, nullptr);
        if (!ret || closed || t_close_connection) break;
      }
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ret;
  }

  ConnectionLimits limits_;
};

/// The connections' threads: `threads` serve, `max_queued` accepted
/// connections wait; a connection beyond is refused at once, on the
/// accepting thread.
class ConnectionPool final : public httplib::TaskQueue {
 public:
  ConnectionPool(int threads, int max_queued)
      : max_queued_(static_cast<std::size_t>(std::max(1, max_queued))) {
    for (int i = 0; i < std::max(1, threads); ++i) workers_.emplace_back([this] { work(); });
  }
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;
  ~ConnectionPool() override = default;

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard lock(mutex_);
      if (jobs_.size() < max_queued_) {
        jobs_.push_back(std::move(fn));
        ready_.notify_one();
        return;
      }
    }
    t_refuse_connection = true;
    run(fn);
    t_refuse_connection = false;
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& w : workers_) w.join();
  }

 private:
  static void run(const std::function<void()>& fn) {
    try {
      fn();
    } catch (...) {  // a connection's failure is its own
    }
  }

  void work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        fn = std::move(jobs_.front());
        jobs_.pop_front();
      }
      run(fn);
    }
  }

  std::size_t max_queued_;
  std::vector<std::thread> workers_;
  std::deque<std::function<void()>> jobs_;
  std::mutex mutex_;
  std::condition_variable ready_;
  bool stopping_ = false;
};

/// The Host values that name this server: the loopback names with its port,
/// and the bound address when it is another one.
inline std::set<std::string> served_hosts(const std::string& bound, int port) {
  std::set<std::string> hosts;
  const auto add = [&](std::string name) {
    if (name.empty()) return;
    if (name.find(':') != std::string::npos && name.front() != '[') name = "[" + name + "]";
    name = lower(name);
    hosts.insert(name + ":" + std::to_string(port));
    if (port == 80) hosts.insert(name);
  };
  add("127.0.0.1");
  add("localhost");
  add("::1");
  add(bound);
  return hosts;
}

inline bool is_digits(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

}  // namespace citsim::serve_detail
