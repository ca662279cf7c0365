// The process's pool of threads for parallel_for (parallel.hpp).
//
// One caller at a time hands the pool a job of t blocks: block 0 runs on the
// calling thread, block w on worker w. Workers wait on a generation counter;
// a job bumps it, and each worker whose number is below t runs its block and
// counts itself done. The pool grows to the largest t asked for and is kept
// for the life of the process. After fork() the child forgets the parent's
// pool (its threads are not in the child) and makes its own when first asked.
//
// Waking a sleeping thread costs about as much as starting one (some 50 us
// on the machines measured), so a worker first watches the counter for a
// short while (kSpin) before it sleeps, and so does the caller waiting for
// the workers: a solver's loops follow each other within microseconds.
#include "citsim/core/parallel.hpp"

#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace citsim::detail {
namespace {

/// True on a thread while it runs a pooled block: a loop inside it must not
/// wait on the pool it is part of.
thread_local bool t_in_pooled_block = false;

/// How long a thread watches for the next job, or for the workers to finish,
/// before it sleeps.
constexpr auto kSpin = std::chrono::microseconds(100);

/// Calls done() until it is true or kSpin has passed; returns its last value.
template <typename Done>
bool spin_until(Done&& done) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (;;) {
    for (int i = 0; i < 64; ++i) {
      if (done()) return true;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    if (std::chrono::steady_clock::now() >= until) return done();
  }
}

constexpr int kWorkerBits = 20;
constexpr std::uint64_t kWorkerMask = (std::uint64_t{1} << kWorkerBits) - 1;

class Pool {
 public:
  bool run(std::int64_t t, void (*block)(const void*, std::int64_t), const void* context) {
    if (static_cast<std::uint64_t>(t - 1) > kWorkerMask) return false;
    std::unique_lock<std::mutex> use(use_, std::try_to_lock);
    if (!use.owns_lock()) return false;
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(t));
    {
      std::lock_guard<std::mutex> lock(mutex_);
      grow(t - 1);
      block_ = block;
      context_ = context;
      errors_ = &errors;
      remaining_.store(t - 1, std::memory_order_relaxed);
      const std::uint64_t generation = (job_.load(std::memory_order_relaxed) >> kWorkerBits) + 1;
      job_.store(generation << kWorkerBits | static_cast<std::uint64_t>(t - 1),
                 std::memory_order_release);
    }
    wake_.notify_all();
    t_in_pooled_block = true;
    try {
      block(context, 0);
    } catch (...) {
      errors[0] = std::current_exception();
    }
    t_in_pooled_block = false;
    const auto finished = [&] { return remaining_.load(std::memory_order_acquire) == 0; };
    if (!spin_until(finished)) {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, finished);
    }
    for (auto& e : errors) {
      if (e) std::rethrow_exception(e);
    }
    return true;
  }

 private:
  /// Starts workers up to `workers` (mutex_ held). A new worker starts from
  /// the current generation, so it waits for the job about to be posted.
  void grow(std::int64_t workers) {
    while (static_cast<std::int64_t>(threads_.size()) < workers) {
      const std::int64_t id = static_cast<std::int64_t>(threads_.size()) + 1;
      threads_.emplace_back([this, id, seen = job_.load(std::memory_order_relaxed) >> kWorkerBits] {
        work(id, seen);
      });
    }
  }

  void work(std::int64_t id, std::uint64_t seen) {
    t_in_pooled_block = true;
    // A job this worker takes part in and has not run. A worker numbered
    // above a job's count neither runs nor watches it: it sleeps through it.
    const auto mine = [&] {
      const std::uint64_t job = job_.load(std::memory_order_acquire);
      return job >> kWorkerBits != seen && static_cast<std::uint64_t>(id) <= (job & kWorkerMask);
    };
    for (;;) {
      if (!spin_until(mine)) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, mine);
      }
      // The job stays posted until every worker taking part, this one
      // included, has counted itself done; its fields were written before it
      // was posted and are not changed until then.
      seen = job_.load(std::memory_order_acquire) >> kWorkerBits;
      try {
        block_(context_, id);
      } catch (...) {
        (*errors_)[static_cast<std::size_t>(id)] = std::current_exception();
      }
      if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lock(mutex_);  // the caller may be about to sleep
        done_.notify_one();
      }
    }
  }

  std::mutex use_;  ///< held by the one caller whose job the pool runs
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::vector<std::thread> threads_;  ///< never joined: kept for the process
  /// The job posted last: its generation << kWorkerBits | its workers (those
  /// numbered 1 to it take part).
  std::atomic<std::uint64_t> job_{0};
  std::atomic<std::int64_t> remaining_{0};  ///< workers of the job not done
  void (*block_)(const void*, std::int64_t) = nullptr;
  const void* context_ = nullptr;
  std::vector<std::exception_ptr>* errors_ = nullptr;
};

std::atomic<Pool*> g_pool{nullptr};
std::once_flag g_fork_handler;

/// In a child of fork(): the parent's pool (and its threads) are not here.
void forget_pool_after_fork() { g_pool.store(nullptr); }

Pool& pool() {
  Pool* p = g_pool.load(std::memory_order_acquire);
  if (p != nullptr) return *p;
  // The handler first, so that no fork() can copy a pool without it.
  std::call_once(g_fork_handler, [] { pthread_atfork(nullptr, nullptr, forget_pool_after_fork); });
  auto* fresh = new Pool;  // kept for the life of the process
  if (!g_pool.compare_exchange_strong(p, fresh, std::memory_order_acq_rel)) {
    delete fresh;
    return *p;
  }
  return *fresh;
}

}  // namespace

bool run_on_pool(std::int64_t t, void (*block)(const void*, std::int64_t), const void* context) {
  if (t_in_pooled_block) return false;
  return pool().run(t, block, context);
}

}  // namespace citsim::detail
