// A progress bar with time remaining, drawn on stderr when it is a terminal
// and silent otherwise.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

#include <unistd.h>

namespace citsim::app {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label)
      : label_(std::move(label)),
        enabled_(::isatty(STDERR_FILENO) == 1),
        start_(std::chrono::steady_clock::now()) {}
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar() { finish(); }

  /// fraction in [0, 1]; redraws at most ten times a second.
  void update(double fraction) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100) && fraction < 1.0) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(static_cast<std::size_t>(width), '.');
    std::string eta = "";
    if (fraction > 0.02)
      eta = ", " + std::to_string(static_cast<int>(elapsed * (1.0 - fraction) / fraction + 0.5)) +
            " s left";
    std::fprintf(stderr, "\r%s [%s] %3d%%%s   ", label_.c_str(), bar.c_str(),
                 static_cast<int>(100.0 * fraction), eta.c_str());
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (enabled_ && drawn_) std::fprintf(stderr, "\r%*s\r", 80, "");
    drawn_ = false;
  }

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace citsim::app
