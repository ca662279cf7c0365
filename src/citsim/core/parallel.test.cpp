#include "citsim/core/parallel.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
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

TEST(ParallelFor, ResolvesZeroThreadsToAtLeastOne) { EXPECT_GE(resolve_threads(0), 1); }

}  // namespace
}  // namespace citsim
