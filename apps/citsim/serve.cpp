// `citsim serve`: the planner page and its HTTP API on this machine
// (docs/viewer.md). Prints one line once bound; SIGINT/SIGTERM stop it.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <stop_token>
#include <string>
#include <thread>

#include <pthread.h>

#include "apps/citsim/commands.hpp"
#include "citsim/io/data_dir.hpp"
#include "server/server.hpp"

namespace citsim::app {
namespace {

struct ServeCliOptions {
  std::string host = "127.0.0.1";
  int port = 8765;
  double plan_timeout_s = ServeOptions{}.plan_timeout_s;
  int max_plans = ServeOptions{}.max_plans;
  int plan_queue = ServeOptions{}.max_queued_plans;
};

void run_serve_command(const ServeCliOptions& opt, const CommonOptions& common) {
  ServeOptions options;
  options.host = opt.host;
  options.port = opt.port;
  options.threads = common.threads;
  options.plan_timeout_s = opt.plan_timeout_s;
  options.max_plans = opt.max_plans;
  options.max_queued_plans = opt.plan_queue;
  options.data_dir = find_data_dir(common.data_dir);
  // Source tree: data/ beside web/dist and examples/; installed:
  // share/citsim/{data,web/dist,examples}.
  options.web_dir = (options.data_dir / ".." / "web" / "dist").lexically_normal();
  options.examples_dir = (options.data_dir / ".." / "examples").lexically_normal();

  // SIGINT and SIGTERM are blocked in every thread (the server's pool
  // inherits the mask) and taken by one waiting thread, which stops the
  // server; a plain handler could not call into it safely.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::stop_source stop;
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread waiter([signals, stop, done]() mutable {
    int sig = 0;
    while (sigwait(&signals, &sig) == 0) {
      if (done->load()) return;  // woken by the main thread after the server ended
      std::fprintf(stderr, "citsim: %s: stopping\n", sig == SIGINT ? "interrupted" : "terminated");
      stop.request_stop();
      return;
    }
  });
  const auto finish = [&] {
    done->store(true);
    pthread_kill(waiter.native_handle(), SIGTERM);  // blocked, so it only wakes sigwait
    waiter.join();
  };
  try {
    run_server(
        options,
        [&options](int port) {
          std::printf("citsim: serving on http://%s:%d/ (Ctrl-C to stop)\n", options.host.c_str(),
                      port);
          std::fflush(stdout);
        },
        stop.get_token());
  } catch (...) {
    finish();
    throw;
  }
  finish();
  std::printf("citsim: server stopped\n");
}

}  // namespace

void add_serve(CLI::App& app, CommonOptions& common) {
  auto opt = std::make_shared<ServeCliOptions>();
  auto* cmd = app.add_subcommand(
      "serve",
      "Serve the planner page and its HTTP API (plan, validate, examples) on this machine");
  cmd->add_option("--host", opt->host,
                  "Address to listen on (default 127.0.0.1: this machine only)");
  cmd->add_option("--port", opt->port, "Port (default 8765; 0 = any free port, printed)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--data-dir", common.data_dir,
                  "CITSim data folder (default: found automatically)");
  cmd->add_option("-j,--threads", common.threads,
                  "Threads for each plan's predictions (default: all cores)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--plan-timeout", opt->plan_timeout_s,
                  "Seconds a plan request may take, waiting for its turn included; then it is "
                  "cancelled and answered 503 (default 120)")
      ->check(CLI::Range(0.1, 86400.0));
  cmd->add_option("--max-plans", opt->max_plans,
                  "Plans computed at once, each with --threads cores (default 1)")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--plan-queue", opt->plan_queue,
                  "Plan requests that may wait for their turn; more are answered 503 "
                  "(busy, retry later) (default 4)")
      ->check(CLI::Range(0, 1024));
  cmd->footer(
      "Protections: only requests for 127.0.0.1, localhost or [::1] at this port (or the --host "
      "address) are answered; API and POST requests from another site's page (Origin) are "
      "refused; request bodies are limited to 256 KiB in any encoding; each request must arrive "
      "within 10 s; at most 24 connections are served at once and 32 wait, more are answered "
      "503. See docs/viewer.md.\n");
  cmd->callback([opt, &common] { run_serve_command(*opt, common); });
}

}  // namespace citsim::app
