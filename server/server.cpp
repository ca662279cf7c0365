#include "server/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "citsim/core/error.hpp"
#include "citsim/core/version.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/plan_run.hpp"
#include "citsim/planner/vocabulary.hpp"
#include "server/assets.hpp"
#include "server/connections.hpp"

namespace citsim {
namespace {

using serve_detail::Asset;
using serve_detail::Clock;
using serve_detail::lower;
using serve_detail::read_assets;
using serve_detail::read_examples;
using serve_detail::read_text;

namespace fs = std::filesystem;
using nlohmann::json;
ApiResponse error_response(int status, const std::string& message) {
  // One line, as the command line prints it, with control characters shown
  // and its length bounded: every message reaches a client only this way.
  return {status, json{{"error", printable(message.substr(0, message.find('\n')), 400)}}};
}

bool is_json_content_type(const std::string& value) {
  std::string type = value.substr(0, value.find(';'));
  type.erase(std::remove_if(type.begin(), type.end(), [](char c) { return c == ' ' || c == '\t'; }),
             type.end());
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type == "application/json";
}

/// The request's JSON object, checked: the content type, valid JSON, an
/// object, only `allowed` fields, `case_toml` a string and `start` (if
/// allowed and given) a string. On failure `error` holds the response.
struct ParsedRequest {
  std::string case_toml;
  std::string start;
  std::optional<ApiResponse> error;
};

ParsedRequest parse_request(const std::string& content_type, const std::string& body,
                            const std::vector<std::string>& allowed) {
  ParsedRequest r;
  if (!is_json_content_type(content_type)) {
    r.error = error_response(415, "request: Content-Type must be application/json (got \"" +
                                      printable(content_type, 80) + "\")");
    return r;
  }
  json j;
  try {
    j = json::parse(body);
  } catch (const json::exception& e) {  // syntax, and numbers too large to hold
    std::string what = e.what();
    if (const auto close = what.find("] ");
        what.rfind("[json.exception", 0) == 0 && close != std::string::npos) {
      what.erase(0, close + 2);
    }
    r.error = error_response(400, "request: body is not valid JSON: " + printable(what, 160));
    return r;
  }
  if (!j.is_object()) {
    r.error = error_response(400, "request: body must be a JSON object");
    return r;
  }
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      r.error = error_response(
          400, "request: unknown field \"" + printable(key, 60) + "\" (allowed: " + list + ")");
      return r;
    }
  }
  const auto toml = j.find("case_toml");
  if (toml == j.end()) {
    r.error =
        error_response(400, "request: missing field \"case_toml\" (the case file's TOML text)");
    return r;
  }
  if (!toml->is_string()) {
    r.error = error_response(400, "request: field \"case_toml\" must be a string");
    return r;
  }
  r.case_toml = toml->get<std::string>();
  if (const auto start = j.find("start"); start != j.end() && !start->is_null()) {
    if (!start->is_string()) {
      r.error = error_response(400, "request: field \"start\" must be a string, YYYY-MM-DD");
      return r;
    }
    r.start = start->get<std::string>();
  }
  return r;
}

}  // namespace

// ------------------------------------------------------------------- Api --

struct Api::State {
  ServeOptions options;
  Vocabulary vocabulary;
  json examples;
  // The plan pool: at most options.max_plans running, max_queued_plans waiting.
  std::mutex mutex;
  std::condition_variable turn;
  int running = 0;
  int waiting = 0;
  bool stopping = false;
  std::stop_source shutdown;  // cancels every plan
};

Api::Api(const ServeOptions& options) : state_(std::make_unique<State>()) {
  state_->options = options;
  state_->options.max_plans = std::max(1, options.max_plans);
  state_->options.max_queued_plans = std::max(0, options.max_queued_plans);
  state_->vocabulary = read_vocabulary(options.data_dir);
  state_->examples = read_examples(options.examples_dir, state_->vocabulary);
}

Api::~Api() = default;

ApiResponse Api::health() const { return {200, json{{"status", "ok"}, {"version", kVersion}}}; }

ApiResponse Api::examples() const { return {200, json{{"examples", state_->examples}}}; }

void Api::shutdown() const {
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
  }
  state_->shutdown.request_stop();
  state_->turn.notify_all();
}

namespace {

/// A request's case, read as the command line reads a file, less what a
/// request may not ask: a scan names a file on this machine, and the server
/// reads no file a request names.
Case parse_request_case(const std::string& toml_text, const Vocabulary& vocabulary) {
  Case c = parse_case(toml_text, "request", vocabulary);
  if (c.surface_scan) {
    throw Error("request: site.surface.scan = \"" + printable(c.surface_scan->scan, 80) +
                "\": not accepted over HTTP (the server reads no file a request names); "
                "plan a case with a scan with `citsim plan`");
  }
  return c;
}

ApiResponse stopping_response() {
  return error_response(503, "server stopping: the request was cancelled; retry later");
}

/// `handle()`, with every exception turned into an answer: a citsim::Error
/// (meant for users) is shown; anything else is a generic line, never the
/// text of a library's exception.
template <typename Handle>
ApiResponse answer(Handle&& handle) {
  try {
    return handle();
  } catch (const Cancelled&) {
    return stopping_response();
  } catch (const Error& e) {
    return error_response(400, e.what());
  } catch (const std::bad_alloc&) {
    return error_response(503, "server out of memory for this request; retry later");
  } catch (...) {
    return error_response(500, "internal error while handling the request");
  }
}

}  // namespace

ApiResponse Api::validate(const std::string& content_type, const std::string& body) const {
  return answer([&]() -> ApiResponse {
    const ParsedRequest r = parse_request(content_type, body, {"case_toml"});
    if (r.error) return *r.error;
    parse_request_case(r.case_toml, state_->vocabulary);
    return {200, json{{"valid", true}}};
  });
}

ApiResponse Api::plan(const std::string& content_type, const std::string& body) const {
  return answer([&]() -> ApiResponse {
    State& s = *state_;
    const double budget_s = s.options.plan_timeout_s;
    const auto deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(std::clamp(budget_s, 0.001, 1e7)));
    const ParsedRequest r = parse_request(content_type, body, {"case_toml", "start"});
    if (r.error) return *r.error;
    PlanRequest request;
    request.case_source = "request";
    request.start = r.start;
    request.threads = s.options.threads;
    check_plan_request(request);
    const Case c = parse_request_case(r.case_toml, s.vocabulary);

    // A turn in the pool, waiting at most until the budget runs out.
    {
      std::unique_lock lock(s.mutex);
      if (s.stopping) return stopping_response();
      if (s.running >= s.options.max_plans && s.waiting >= s.options.max_queued_plans) {
        return error_response(503, fmt::format("server busy: {} plan(s) running and {} waiting "
                                               "(the most it takes); retry later",
                                               s.running, s.waiting));
      }
      ++s.waiting;
      const bool turn = s.turn.wait_until(
          lock, deadline, [&] { return s.stopping || s.running < s.options.max_plans; });
      --s.waiting;
      if (s.stopping) return stopping_response();
      if (!turn) {
        return error_response(503, fmt::format("server busy: no turn for this plan within its "
                                               "time limit of {:g} s; retry later",
                                               budget_s));
      }
      ++s.running;
    }
    struct Release {
      State& s;
      ~Release() {
        {
          std::lock_guard lock(s.mutex);
          --s.running;
        }
        s.turn.notify_all();
      }
    } release{s};

    // Cancelled by the server's shutdown or at the deadline, whichever first.
    std::stop_source cancel;
    const std::stop_callback on_shutdown(s.shutdown.get_token(),
                                         [&cancel] { cancel.request_stop(); });
    std::atomic<bool> timed_out{false};
    std::jthread watchdog([&cancel, &timed_out, deadline](std::stop_token finished) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      cv.wait_until(lock, finished, deadline, [] { return false; });
      if (!finished.stop_requested()) {
        timed_out = true;
        cancel.request_stop();
      }
    });
    request.stop = cancel.get_token();
    try {
      PlanRun run = run_plan(c, request, s.options.data_dir, s.vocabulary);
      return {200, json{{"plan", std::move(run.json)}}};
    } catch (const Cancelled&) {
      if (!timed_out) return stopping_response();
      return error_response(503, fmt::format("plan: not finished within the server's time limit "
                                             "of {:g} s (citsim serve --plan-timeout); cancelled",
                                             budget_s));
    }
  });
}

// ---------------------------------------------------------------- server --

using namespace serve_detail;  // NOLINT: the connection pieces of this server

void run_server(const ServeOptions& options, const std::function<void(int port)>& on_bound,
                std::stop_token stop) {
  if (options.port < 0 || options.port > 65535) {
    throw Error("serve: --port " + std::to_string(options.port) +
                ": must be 0 (any free) to 65535");
  }
  const Api api(options);
  const std::map<std::string, Asset> assets = read_assets(options.web_dir);

  const ConnectionLimits limits{seconds(options.read_timeout_s), seconds(options.read_timeout_s),
                                seconds(options.keep_alive_s),
                                2 * options.max_body_bytes + 64 * 1024, 100};
  GuardedServer svr(limits);
  svr.new_task_queue = [&options] {
    return new ConnectionPool(options.max_connections, options.max_queued_connections);
  };
  svr.set_payload_max_length(options.max_body_bytes);
  const auto whole_s = static_cast<time_t>(std::clamp(options.read_timeout_s, 1.0, 1e6));
  svr.set_read_timeout(whole_s);
  svr.set_write_timeout(whole_s);
  svr.set_keep_alive_timeout(static_cast<time_t>(std::clamp(options.keep_alive_s, 1.0, 1e6)));
  svr.set_keep_alive_max_count(limits.max_requests);
  svr.set_default_headers({{"Cache-Control", "no-store"},
                           {"X-Content-Type-Options", "nosniff"},
                           {"Referrer-Policy", "no-referrer"}});

  const auto send = [](httplib::Response& res, const ApiResponse& r) {
    res.status = r.status;
    res.set_content(r.body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n",
                    "application/json; charset=utf-8");
  };
  const auto send_error = [&send](httplib::Response& res, int status, const std::string& message) {
    send(res, error_response(status, message));
  };
  // An answer given before the body is read: the connection ends with it.
  const auto send_final = [&send_error](httplib::Response& res, int status,
                                        const std::string& message) {
    send_error(res, status, message);
    res.set_header("Connection", "close");
    t_close_connection = true;
  };
  const auto send_asset = [&assets, &send_error](httplib::Response& res, const std::string& name) {
    const auto it = assets.find(name);
    if (it == assets.end()) {
      send_error(res, 404, "not found: /assets/" + printable(name, 120));
      return;
    }
    res.set_content(it->second.content, it->second.mime.c_str());
  };
  const std::string too_large =
      "request: body larger than " + std::to_string(options.max_body_bytes) + " bytes";

  // Known paths and their methods: anything else on a known path is 405.
  const std::map<std::string, std::string> allowed = {{"/", "GET, HEAD"},
                                                      {"/api/health", "GET, HEAD"},
                                                      {"/api/examples", "GET, HEAD"},
                                                      {"/api/plan", "POST"},
                                                      {"/api/validate", "POST"}};
  const auto fallback = [&](const httplib::Request& req, httplib::Response& res) {
    const auto known = allowed.find(req.path);
    if (known != allowed.end()) {
      res.set_header("Allow", known->second);
      send_error(res, 405,
                 "method " + printable(req.method, 20) + " not allowed on " + req.path +
                     " (allowed: " + known->second + ")");
      return;
    }
    send_error(res, 404, "not found: " + printable(req.path, 120));
  };

  // Filled once bound (the port is part of every name).
  std::set<std::string> hosts;
  std::set<std::string> origins;

  // Before any route and before the body is read: whom the request is for,
  // where it comes from, and how its body is framed.
  svr.set_pre_routing_handler([&](const httplib::Request& req,
                                  httplib::Response& res) -> httplib::Server::HandlerResponse {
    using HR = httplib::Server::HandlerResponse;
    // DNS rebinding: a page of another site whose name was made to point
    // here sends that name as Host.
    const std::string host = lower(req.get_header_value("Host"));
    if (req.get_header_value_count("Host") != 1 || hosts.count(host) == 0) {
      send_final(res, 421,
                 "request: Host \"" + printable(host, 80) +
                     "\" does not name this server; open it as http://127.0.0.1:PORT/");
      return HR::Handled;
    }
    // Cross-site requests: a browser names the page that sends them.
    const bool reading = req.method == "GET" || req.method == "HEAD";
    const bool api_path = req.path.rfind("/api/", 0) == 0;
    if (!reading || api_path) {
      if (req.has_header("Origin") && origins.count(lower(req.get_header_value("Origin"))) == 0) {
        send_final(res, 403,
                   "request: Origin \"" + printable(req.get_header_value("Origin"), 80) +
                       "\" is not this server's page; requests from other sites are refused");
        return HR::Handled;
      }
      const std::string site = lower(req.get_header_value("Sec-Fetch-Site"));
      if (site == "cross-site" || site == "same-site") {
        send_final(res, 403,
                   "request: sent by another site's page (Sec-Fetch-Site: " + printable(site, 20) +
                       "); refused");
        return HR::Handled;
      }
    }
    if (reading) return HR::Unhandled;
    // Bodies are read for POST /api/plan and /api/validate only; any other
    // method or path is answered (404, 405) without reading one.
    if (req.method != "POST" || (req.path != "/api/plan" && req.path != "/api/validate")) {
      fallback(req, res);
      res.set_header("Connection", "close");
      t_close_connection = true;
      return HR::Handled;
    }
    const bool chunked = req.has_header("Transfer-Encoding");
    const bool sized = req.has_header("Content-Length");
    if (chunked && (sized || lower(req.get_header_value("Transfer-Encoding")) != "chunked")) {
      send_final(res, 400,
                 "request: Transfer-Encoding \"" +
                     printable(req.get_header_value("Transfer-Encoding"), 40) +
                     "\" not accepted (only chunked, without Content-Length)");
      return HR::Handled;
    }
    if (sized) {
      const std::string length = req.get_header_value("Content-Length");
      if (req.get_header_value_count("Content-Length") != 1 || !is_digits(length)) {
        send_final(
            res, 400,
            "request: Content-Length \"" + printable(length, 40) + "\" is not a number of bytes");
        return HR::Handled;
      }
      if (length.size() > 15 || std::stoull(length) > options.max_body_bytes) {
        send_final(res, 413, too_large);
        return HR::Handled;
      }
    } else if (!chunked) {
      send_final(res, 411, "request: Content-Length required");
      return HR::Handled;
    }
    return HR::Unhandled;
  });

  svr.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    if (assets.count("index.html") == 0) {
      send_error(res, 404,
                 "the page is not built: no index.html in " + options.web_dir.string() +
                     " (run scripts/setup)");
      return;
    }
    send_asset(res, "index.html");
  });
  svr.Get(R"(/assets/(.+))", [&](const httplib::Request& req, httplib::Response& res) {
    send_asset(res, req.matches[1].str());
  });
  svr.Get("/api/health",
          [&](const httplib::Request&, httplib::Response& res) { send(res, api.health()); });
  svr.Get("/api/examples",
          [&](const httplib::Request&, httplib::Response& res) { send(res, api.examples()); });

  // The body, counted as it arrives whatever its framing: past
  // max_body_bytes the request is refused (413) and the connection closed.
  using ApiCall = ApiResponse (Api::*)(const std::string&, const std::string&) const;
  const auto post = [&](ApiCall call) {
    return [&, call](const httplib::Request& req, httplib::Response& res,
                     const httplib::ContentReader& reader) {
      const std::string type = req.get_header_value("Content-Type");
      if (!is_json_content_type(type)) {  // refused before reading the body
        send(res, (api.*call)(type, std::string()));
        res.set_header("Connection", "close");
        t_close_connection = true;
        return;
      }
      std::string body;
      bool over = false;
      const bool read = reader([&](const char* data, size_t n) {
        if (n > options.max_body_bytes - body.size()) {
          over = true;
          return false;
        }
        body.append(data, n);
        return true;
      });
      if (over || !read) {
        send_final(res, over ? 413 : 400,
                   over ? too_large
                        : "request: the body did not arrive whole in time (or is badly framed)");
        return;
      }
      send(res, (api.*call)(type, body));
    };
  };
  svr.Post("/api/plan", httplib::Server::HandlerWithContentReader(post(&Api::plan)));
  svr.Post("/api/validate", httplib::Server::HandlerWithContentReader(post(&Api::validate)));
  svr.Post(".*", httplib::Server::HandlerWithContentReader([&](const httplib::Request& req,
                                                               httplib::Response& res,
                                                               const httplib::ContentReader&) {
             fallback(req, res);
             res.set_header("Connection", "close");
             t_close_connection = true;
           }));

  svr.Get(".*", fallback);
  svr.Options(".*", fallback);

  // What httplib answers itself (400 bad request line, 414 URI too long)
  // gets a JSON body too; handler answers already have one.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [&](const httplib::Request& req, httplib::Response& res) -> httplib::Server::HandlerResponse {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message;
        switch (res.status) {
          case 413:
            message = too_large;
            break;
          case 414:
            message = "request: URI too long";
            break;
          case 404:
            message = "not found: " + printable(req.path, 120);
            break;
          default:
            message = "request: rejected (HTTP " + std::to_string(res.status) + ")";
        }
        send_error(res, res.status, message);
        return httplib::Server::HandlerResponse::Handled;
      }));
  // A handler's exception: a generic line, never its text.
  svr.set_exception_handler(
      [&](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        send_error(res, 500, "internal error while handling the request");
      });

  int port = options.port;
  if (port == 0) {
    port = svr.bind_to_any_port(options.host);
    if (port < 0) throw Error("serve: cannot bind " + options.host + " on any port");
  } else if (!svr.bind_to_port(options.host, port)) {
    throw Error("serve: cannot bind " + options.host + ":" + std::to_string(port) +
                " (in use, or not an address of this machine)");
  }
  hosts = served_hosts(options.host, port);
  for (const auto& h : hosts) origins.insert("http://" + h);

  // stop() only acts on a running server: wait for listen to start (or end).
  // A stop requested before this point runs the callback here, at once: then
  // there is nothing to wait for, and listen is skipped below. Plans are
  // cancelled first, so that the requests in flight are answered promptly.
  std::atomic<bool> listen_over{false};
  const std::thread::id serving_thread = std::this_thread::get_id();
  const std::stop_callback on_stop(stop, [&svr, &api, &listen_over, serving_thread] {
    api.shutdown();
    if (std::this_thread::get_id() == serving_thread) return;
    while (!svr.is_running() && !listen_over.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    svr.stop();
  });
  if (on_bound) on_bound(port);
  if (!stop.stop_requested()) svr.listen_after_bind();
  listen_over = true;
}

}  // namespace citsim
