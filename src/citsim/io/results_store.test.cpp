// The results store keeps every patient once, reads them back in order, and
// refuses a store made for another trial or version.
#include "citsim/io/results_store.hpp"

#include <filesystem>

#include <gtest/gtest.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

fs::path fresh(const std::string& name) {
  const fs::path file = fs::temp_directory_path() / name;
  fs::remove(file);
  fs::remove(file.string() + "-wal");
  fs::remove(file.string() + "-shm");
  return file;
}

TEST(ResultsStore, KeepsEachPatientOnceAndReadsThemBackInOrder) {
  const fs::path file = fresh("citsim_store_test.sqlite");
  {
    ResultsStore store(file, "abc", "1.0");
    store.put({"pen", 2, 9, R"({"age":30})", R"({"x":1})"});
    store.put({"pen", 0, 7, R"({"age":40})", R"({"x":2})"});
    store.put({"pen", 0, 7, R"({"age":99})", R"({"x":99})"});  // already there: kept
  }
  ResultsStore again(file, "abc", "1.0");
  again.put({"arm", 1, 5, "{}", "{}"});
  const auto all = again.all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].arm, "arm");
  EXPECT_EQ(all[1].patient, 0);
  EXPECT_EQ(all[1].outputs, R"({"x":2})");
  EXPECT_EQ(all[2].seed, 9u);
  EXPECT_TRUE(again.done().contains({"pen", 2}));
  EXPECT_FALSE(again.done().contains({"pen", 1}));
}

TEST(ResultsStore, RefusesAnotherTrialOrVersion) {
  const fs::path file = fresh("citsim_store_other.sqlite");
  { ResultsStore store(file, "abc", "1.0"); }
  EXPECT_THROW(ResultsStore(file, "other", "1.0"), Error);
  EXPECT_THROW(ResultsStore(file, "abc", "2.0"), Error);
  // Under a file, no folder can be made: refused.
  EXPECT_THROW(ResultsStore(file / "s.sqlite", "a", "1"), Error);
}

TEST(ResultsStore, MakesItsFolder) {
  const fs::path dir = fs::temp_directory_path() / "citsim_store_new_dir";
  fs::remove_all(dir);
  { ResultsStore store(dir / "a" / "s.sqlite", "abc", "1.0"); }
  EXPECT_TRUE(fs::is_regular_file(dir / "a" / "s.sqlite"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace citsim
