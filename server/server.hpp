// `citsim serve`: a small local HTTP server over the library, for the planner
// page in web/ (docs/viewer.md lists the API, its protections and limits).
//
//   ServeOptions options;
//   options.data_dir = find_data_dir();
//   options.web_dir = options.data_dir / ".." / "web" / "dist";
//   options.examples_dir = options.data_dir / ".." / "examples";
//   options.port = 0;  // any free port
//   std::stop_source stop;
//   run_server(options, [](int port) { std::printf("port %d\n", port); }, stop.get_token());
//
// Routes: GET / and /assets/<file> (the built page, read once at start),
// GET /api/health, GET /api/examples, POST /api/plan, POST /api/validate.
// Every error is JSON {"error": "<one line>"} with a 4xx/5xx status.
//
// Protections: only requests whose Host names this server (127.0.0.1,
// localhost or [::1] with its port, or the address it was bound to) are
// answered, and requests that change state or reach the API must come from
// the server's own page (Origin); bodies are bounded whatever their transfer
// encoding; every request must arrive within a time limit; connections and
// plans are served by bounded pools, and a plan that runs past its time budget
// or meets a stop is cancelled.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>

#include <nlohmann/json.hpp>

namespace citsim {

struct ServeOptions {
  std::string host = "127.0.0.1";           ///< address to bind; loopback unless asked otherwise
  int port = 8765;                          ///< 0 = any free port (reported to on_bound)
  std::filesystem::path web_dir;            ///< the built page (web/dist): index.html, *.js, ...
  std::filesystem::path data_dir;           ///< CITSim data folder
  std::filesystem::path examples_dir;       ///< bundled example cases (*.toml)
  std::size_t max_body_bytes = 256 * 1024;  ///< larger request bodies get 413, in any encoding
  int threads = 0;                          ///< threads of one plan's ensemble; 0 = all cores
  int max_plans = 1;                        ///< plans computed at once (each uses `threads` cores)
  int max_queued_plans = 4;                 ///< plans waiting for their turn; more get 503 (busy)
  double plan_timeout_s = 120.0;    ///< a plan's budget, waiting included; then cancelled, 503
  double read_timeout_s = 10.0;     ///< to receive a whole request (headers and body); also writes
  double keep_alive_s = 5.0;        ///< an idle kept-alive connection is closed after this
  int max_connections = 24;         ///< connections served at once
  int max_queued_connections = 32;  ///< accepted connections waiting; more get 503 and are closed
};

/// One HTTP answer: status and JSON body. What the routes compute, without
/// the sockets, so it can be tested directly.
struct ApiResponse {
  int status = 200;
  nlohmann::json body;
};

/// The request handling of the server: the data files (vocabulary) and the
/// examples are read once, here; every call validates its request. At most
/// options.max_plans calls to plan() compute at once (each uses `threads`
/// cores), at most options.max_queued_plans wait; a plan is cancelled when its
/// budget (options.plan_timeout_s) runs out or shutdown() is called.
class Api {
 public:
  /// Reads the vocabulary from options.data_dir and the examples; throws
  /// Error for a missing data folder.
  explicit Api(const ServeOptions& options);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  ApiResponse health() const;
  ApiResponse examples() const;
  /// POST /api/plan and /api/validate: `content_type` and `body` as received.
  ApiResponse plan(const std::string& content_type, const std::string& body) const;
  ApiResponse validate(const std::string& content_type, const std::string& body) const;

  /// Cancels the plans running and waiting (they answer 503) and refuses new ones.
  void shutdown() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Binds options.host:options.port, calls on_bound(port) with the bound port,
/// and serves until `stop` is requested: then running plans are cancelled
/// (503), and it returns once the requests in flight are answered. Throws
/// Error when the address cannot be bound or the data folder is unusable.
void run_server(const ServeOptions& options, const std::function<void(int port)>& on_bound,
                std::stop_token stop = {});

}  // namespace citsim
