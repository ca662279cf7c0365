// Parallel loops: iteration n always runs the same code on the same data, so
// results do not depend on the thread count as long as each iteration writes
// only its own outputs. parallel_for splits the range into fixed contiguous
// blocks; parallel_for_dynamic hands out iterations one at a time.
//
//   parallel_for(0, nz, threads, [&](std::int64_t k) { ... });
//
// parallel_for runs its blocks on a pool of threads kept for the process
// (the calling thread takes block 0), so a solver's many short loops do not
// each start and join threads. Which thread runs a block never changes what
// the block computes. A loop inside a pooled loop, or one called while
// another thread is using the pool, starts threads of its own as before; a
// child process made by fork() starts a pool of its own (a fork() from inside
// a loop's body is not supported: the child would wait for the parent's
// threads).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

namespace citsim {

/// The number of threads to use when the user asked for `requested` (0 = all cores).
inline int resolve_threads(int requested) {
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

namespace detail {

/// Runs worker(w) for w in [0, t) on t threads and joins them; the first
/// exception (by w) a worker let out is rethrown. `failed` is set as soon as
/// one fails, for workers that can stop early.
template <typename Worker>
void run_workers(std::int64_t t, std::atomic<bool>& failed, Worker&& worker) {
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(t));
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(t));
  for (std::int64_t w = 0; w < t; ++w) {
    pool.emplace_back([&, w] {
      try {
        worker(w);
      } catch (...) {
        errors[static_cast<std::size_t>(w)] = std::current_exception();
        failed = true;
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

/// Runs block(w) for w in [0, t) on the process's pool, block 0 on the
/// calling thread, and returns true once all have run (the first exception,
/// by w, rethrown); returns false without running anything when the pool is
/// not free for this caller (a loop inside a pooled block, or another thread
/// using the pool), and the caller then starts threads of its own.
/// `block(context, w)` runs block w (a plain function and its context, so
/// that a call allocates nothing).
bool run_on_pool(std::int64_t t, void (*block)(const void* context, std::int64_t w),
                 const void* context);

}  // namespace detail

/// Calls body(n) for every n in [begin, end) on up to `threads` threads, in
/// contiguous blocks (block w: [begin + n w / t, begin + n (w + 1) / t)).
/// The first exception thrown by a body is rethrown.
template <typename Body>
void parallel_for(std::int64_t begin, std::int64_t end, int threads, Body&& body) {
  const std::int64_t n = end - begin;
  if (n <= 0) return;
  const std::int64_t t = std::clamp<std::int64_t>(threads, 1, n);
  if (t == 1) {
    for (std::int64_t i = begin; i < end; ++i) body(i);
    return;
  }
  const auto block = [&](std::int64_t w) {
    const std::int64_t lo = begin + n * w / t;
    const std::int64_t hi = begin + n * (w + 1) / t;
    for (std::int64_t i = lo; i < hi; ++i) body(i);
  };
  const auto call = [](const void* context, std::int64_t w) {
    (*static_cast<const decltype(block)*>(context))(w);
  };
  if (detail::run_on_pool(t, call, &block)) return;
  std::atomic<bool> failed{false};
  detail::run_workers(t, failed, block);
}

/// Calls body(n) for every n in [begin, end) on up to `threads` threads, each
/// taking the next n not yet taken: for iterations of unequal cost (whole
/// courses), which a fixed partition would leave one thread waiting on.
/// Which thread runs an iteration varies between runs, so each iteration
/// must write only its own outputs; then the results do not depend on it.
/// The first exception thrown by a body is rethrown (iterations not yet
/// started are then skipped).
template <typename Body>
void parallel_for_dynamic(std::int64_t begin, std::int64_t end, int threads, Body&& body) {
  const std::int64_t n = end - begin;
  if (n <= 0) return;
  const std::int64_t t = std::clamp<std::int64_t>(threads, 1, n);
  if (t == 1) {
    for (std::int64_t i = begin; i < end; ++i) body(i);
    return;
  }
  std::atomic<std::int64_t> next{begin};
  std::atomic<bool> failed{false};
  detail::run_workers(t, failed, [&](std::int64_t) {
    for (std::int64_t i = next++; i < end && !failed; i = next++) body(i);
  });
}

}  // namespace citsim
