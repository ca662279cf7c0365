#include "citsim/core/parallel.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <numeric>
#include <stdexcept>
#include <thread>
#include <vector>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

TEST(ParallelFor, VisitsEveryIndexOnceOnAnyThreadCount) {
  for (int threads : {1, 2, 3, 8, 100}) {
    std::vector<int> hits(37, 0);
    parallel_for(0, 37, threads, [&](std::int64_t i) { ++hits[static_cast<std::size_t>(i)]; });
    for (int h : hits) EXPECT_EQ(h, 1) << threads << " threads";
  }
}

TEST(ParallelFor, RethrowsAnErrorFromABody) {
  EXPECT_THROW(parallel_for(0, 10, 2,
                            [](std::int64_t i) {
                              if (i == 7) throw Error("seven");
                            }),
               Error);
}

TEST(ParallelForDynamic, VisitsEveryIndexOnceOnAnyThreadCount) {
  for (int threads : {1, 2, 3, 8, 100}) {
    std::vector<int> hits(37, 0);
    parallel_for_dynamic(5, 42, threads,
                         [&](std::int64_t i) { ++hits[static_cast<std::size_t>(i - 5)]; });
    for (int h : hits) EXPECT_EQ(h, 1) << threads << " threads";
  }
}

TEST(ParallelForDynamic, RethrowsAnErrorFromABody) {
  EXPECT_THROW(parallel_for_dynamic(0, 10, 2,
                                    [](std::int64_t i) {
                                      if (i == 7) throw Error("seven");
                                    }),
               Error);
}

TEST(ParallelFor, RethrowsAnErrorFromABlockOnAPoolThread) {
  // Iteration 9 of 10 on 2 threads is in block 1, which a pool thread runs.
  for (int round = 0; round < 3; ++round) {
    EXPECT_THROW(parallel_for(0, 10, 2,
                              [](std::int64_t i) {
                                if (i == 9) throw Error("nine");
                              }),
                 Error);
  }
  std::vector<int> hits(10, 0);  // and the pool still works afterwards
  parallel_for(0, 10, 2, [&](std::int64_t i) { ++hits[static_cast<std::size_t>(i)]; });
  EXPECT_EQ(std::accumulate(hits.begin(), hits.end(), 0), 10);
}

TEST(ParallelFor, ALoopInsideALoopVisitsEveryPairOnce) {
  std::vector<int> hits(12 * 7, 0);
  parallel_for(0, 12, 3, [&](std::int64_t i) {
    parallel_for(0, 7, 2, [&](std::int64_t j) { ++hits[static_cast<std::size_t>(i * 7 + j)]; });
  });
  for (int h : hits) EXPECT_EQ(h, 1);
}

TEST(ParallelFor, CallersOnSeveralThreadsEachGetTheirOwnResult) {
  // Only one caller at a time has the pool; the others start threads of
  // their own, and every caller's loop still runs every index once.
  constexpr int kCallers = 4;
  std::vector<std::vector<std::int64_t>> out(kCallers, std::vector<std::int64_t>(501, 0));
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      for (int round = 0; round < 50; ++round) {
        parallel_for(0, 501, 2, [&](std::int64_t i) {
          out[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)] += i * (c + 1);
        });
      }
    });
  }
  for (auto& th : callers) th.join();
  for (int c = 0; c < kCallers; ++c) {
    for (std::int64_t i = 0; i < 501; ++i) {
      ASSERT_EQ(out[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)], 50 * i * (c + 1));
    }
  }
}

TEST(ParallelFor, AChildProcessMadeByForkHasAPoolOfItsOwn) {
  std::vector<int> hits(40, 0);  // the parent's pool exists and has threads
  parallel_for(0, 40, 2, [&](std::int64_t i) { ++hits[static_cast<std::size_t>(i)]; });
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::vector<int> mine(40, 0);
    parallel_for(0, 40, 2, [&](std::int64_t i) { ++mine[static_cast<std::size_t>(i)]; });
    _exit(std::accumulate(mine.begin(), mine.end(), 0) == 40 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(ParallelFor, ResolvesZeroThreadsToAtLeastOne) { EXPECT_GE(resolve_threads(0), 1); }

}  // namespace
}  // namespace citsim
