#include "server/server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>

#include "citsim/core/error.hpp"
#include "citsim/core/version.hpp"
#include "citsim/pipeline/case.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/plan_run.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

ApiResponse error_response(int status, const std::string& message) {
  // One line, as the command line prints it.
  std::string line = message.substr(0, message.find('\n'));
  return {status, json{{"error", line}}};
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(file.string() + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The bundled examples a request may send back, sorted by name:
/// [{"name", "toml"}]. Examples that name a scan file are left out (the
/// server refuses those, see parse_request_case).
json read_examples(const fs::path& dir, const Vocabulary& vocabulary) {
  std::vector<std::pair<std::string, fs::path>> files;
  std::error_code ec;
  if (!dir.empty() && fs::is_directory(dir, ec)) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) {
        files.emplace_back(entry.path().stem().string(), entry.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  json out = json::array();
  for (const auto& [name, path] : files) {
    if (read_case(path, vocabulary).surface_scan) continue;
    out.push_back({{"name", name}, {"toml", read_text(path)}});
  }
  return out;
}

/// The page's files: every regular file directly in `dir` (not a link, not in
/// a subfolder) with an allowed extension, read once. Requests are answered
/// from this map only, so no request path ever reaches the file system.
struct Asset {
  std::string content;
  std::string mime;
};

std::map<std::string, Asset> read_assets(const fs::path& dir) {
  static const std::map<std::string, std::string> kMime = {
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".map", "application/json; charset=utf-8"}};
  std::map<std::string, Asset> assets;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return assets;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto status = entry.symlink_status(ec);
    if (ec || !fs::is_regular_file(status)) continue;  // skips links and folders
    const auto mime = kMime.find(entry.path().extension().string());
    if (mime == kMime.end()) continue;
    assets[entry.path().filename().string()] = Asset{read_text(entry.path()), mime->second};
  }
  return assets;
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
                                      content_type.substr(0, 80) + "\")");
    return r;
  }
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (const auto close = what.find("] ");
        what.rfind("[json.exception", 0) == 0 && close != std::string::npos) {
      what.erase(0, close + 2);
    }
    r.error = error_response(400, "request: body is not valid JSON: " + what);
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
          400, "request: unknown field \"" + key.substr(0, 60) + "\" (allowed: " + list + ")");
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
  std::mutex plan_mutex;  // one plan at a time: each uses `threads` cores
};

Api::Api(const ServeOptions& options) : state_(std::make_unique<State>()) {
  state_->options = options;
  state_->vocabulary = read_vocabulary(options.data_dir);
  state_->examples = read_examples(options.examples_dir, state_->vocabulary);
}

Api::~Api() = default;

ApiResponse Api::health() const { return {200, json{{"status", "ok"}, {"version", kVersion}}}; }

ApiResponse Api::examples() const { return {200, json{{"examples", state_->examples}}}; }

namespace {

/// A request's case, read as the command line reads a file, less what a
/// request may not ask: a scan names a file on this machine, and the server
/// reads no file a request names.
Case parse_request_case(const std::string& toml_text, const Vocabulary& vocabulary) {
  Case c = parse_case(toml_text, "request", vocabulary);
  if (c.surface_scan) {
    throw Error("request: site.surface.scan = \"" + c.surface_scan->scan +
                "\": not accepted over HTTP (the server reads no file a request names); "
                "plan a case with a scan with `citsim plan`");
  }
  return c;
}

}  // namespace

ApiResponse Api::validate(const std::string& content_type, const std::string& body) const {
  const ParsedRequest r = parse_request(content_type, body, {"case_toml"});
  if (r.error) return *r.error;
  try {
    parse_request_case(r.case_toml, state_->vocabulary);
  } catch (const Error& e) {
    return error_response(400, e.what());
  }
  return {200, json{{"valid", true}}};
}

ApiResponse Api::plan(const std::string& content_type, const std::string& body) const {
  const ParsedRequest r = parse_request(content_type, body, {"case_toml", "start"});
  if (r.error) return *r.error;
  PlanRequest request;
  request.case_source = "request";
  request.start = r.start;
  request.threads = state_->options.threads;
  std::optional<Case> c;
  try {
    check_plan_request(request);
    c = parse_request_case(r.case_toml, state_->vocabulary);
  } catch (const Error& e) {
    return error_response(400, e.what());
  }
  std::lock_guard lock(state_->plan_mutex);
  try {
    PlanRun run = run_plan(*c, request, state_->options.data_dir, state_->vocabulary);
    return {200, json{{"plan", std::move(run.json)}}};
  } catch (const Error& e) {
    return error_response(400, e.what());
  }
}

// ---------------------------------------------------------------- server --

void run_server(const ServeOptions& options, const std::function<void(int port)>& on_bound,
                std::stop_token stop) {
  if (options.port < 0 || options.port > 65535) {
    throw Error("serve: --port " + std::to_string(options.port) +
                ": must be 0 (any free) to 65535");
  }
  const Api api(options);
  const std::map<std::string, Asset> assets = read_assets(options.web_dir);

  httplib::Server svr;
  svr.new_task_queue = [] { return new httplib::ThreadPool(4); };
  svr.set_payload_max_length(options.max_body_bytes);
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
  const auto send_asset = [&assets, &send_error](httplib::Response& res, const std::string& name) {
    const auto it = assets.find(name);
    if (it == assets.end()) {
      send_error(res, 404, "not found: /assets/" + name.substr(0, 120));
      return;
    }
    res.set_content(it->second.content, it->second.mime.c_str());
  };

  // Known paths and their methods: anything else on a known path is 405.
  const std::map<std::string, std::string> allowed = {{"/", "GET, HEAD"},
                                                      {"/api/health", "GET, HEAD"},
                                                      {"/api/examples", "GET, HEAD"},
                                                      {"/api/plan", "POST"},
                                                      {"/api/validate", "POST"}};

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
  svr.Post("/api/plan", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, api.plan(req.get_header_value("Content-Type"), req.body));
  });
  svr.Post("/api/validate", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, api.validate(req.get_header_value("Content-Type"), req.body));
  });

  const auto fallback = [&](const httplib::Request& req, httplib::Response& res) {
    const auto known = allowed.find(req.path);
    if (known != allowed.end()) {
      res.set_header("Allow", known->second);
      send_error(res, 405,
                 "method " + req.method + " not allowed on " + req.path +
                     " (allowed: " + known->second + ")");
      return;
    }
    send_error(res, 404, "not found: " + req.path.substr(0, 120));
  };
  svr.Get(".*", fallback);
  svr.Post(".*", fallback);
  svr.Put(".*", fallback);
  svr.Patch(".*", fallback);
  svr.Delete(".*", fallback);
  svr.Options(".*", fallback);

  // What httplib answers itself (413 body too large, 400 bad request line,
  // 414 URI too long) gets a JSON body too; handler answers already have one.
  svr.set_error_handler(httplib::Server::HandlerWithResponse(
      [&](const httplib::Request& req, httplib::Response& res) -> httplib::Server::HandlerResponse {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message;
        switch (res.status) {
          case 413:
            message =
                "request: body larger than " + std::to_string(options.max_body_bytes) + " bytes";
            break;
          case 414:
            message = "request: URI too long";
            break;
          case 404:
            message = "not found: " + req.path.substr(0, 120);
            break;
          default:
            message = "request: rejected (HTTP " + std::to_string(res.status) + ")";
        }
        send_error(res, res.status, message);
        return httplib::Server::HandlerResponse::Handled;
      }));
  svr.set_exception_handler(
      [&](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string message = "internal error";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::bad_alloc&) {
          message = "internal error: out of memory";
        } catch (const std::exception& e) {
          message = std::string("internal error: ") + e.what();
        } catch (...) {
        }
        send_error(res, 500, message);
      });

  int port = options.port;
  if (port == 0) {
    port = svr.bind_to_any_port(options.host);
    if (port < 0) throw Error("serve: cannot bind " + options.host + " on any port");
  } else if (!svr.bind_to_port(options.host, port)) {
    throw Error("serve: cannot bind " + options.host + ":" + std::to_string(port) +
                " (in use, or not an address of this machine)");
  }

  // stop() only acts on a running server: wait for listen to start (or end).
  // A stop requested before this point runs the callback here, at once: then
  // there is nothing to wait for, and listen is skipped below.
  std::atomic<bool> listen_over{false};
  const std::thread::id serving_thread = std::this_thread::get_id();
  const std::stop_callback on_stop(stop, [&svr, &listen_over, serving_thread] {
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
