#include "citsim/io/output_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() /
                       ("citsim-test-" + name + "-" +
                        std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

int entries(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(OutputDir, CommitMovesResultsIntoPlace) {
  const fs::path root = fresh_dir("commit");
  {
    OutputDir out(root / "run");
    std::ofstream(out.path() / "summary.json") << "{}";
    EXPECT_FALSE(fs::exists(root / "run"));
    out.commit();
  }
  EXPECT_TRUE(fs::exists(root / "run" / "summary.json"));
  EXPECT_EQ(entries(root), 1) << "no temporary folder left behind";
}

TEST(OutputDir, WithoutCommitLeavesNothing) {
  const fs::path root = fresh_dir("abort");
  {
    OutputDir out(root / "run");
    std::ofstream(out.path() / "partial.csv") << "day\n";
  }
  EXPECT_FALSE(fs::exists(root / "run"));
  EXPECT_EQ(entries(root), 0);
}

TEST(OutputDir, ReplacesAnEarlierResult) {
  const fs::path root = fresh_dir("replace");
  fs::create_directories(root / "run");
  std::ofstream(root / "run" / "summary.json") << "old";
  std::ofstream(root / "run" / "stale.vti") << "old";
  {
    OutputDir out(root / "run");
    std::ofstream(out.path() / "summary.json") << "new";
    out.commit();
  }
  EXPECT_FALSE(fs::exists(root / "run" / "stale.vti"));
  EXPECT_EQ(entries(root), 1);
}

TEST(OutputDir, RefusesAFolderThatIsNotAResult) {
  const fs::path root = fresh_dir("refuse");
  fs::create_directories(root / "photos");
  std::ofstream(root / "photos" / "me.jpg") << "x";
  EXPECT_THROW(OutputDir(root / "photos"), Error);
  EXPECT_TRUE(fs::exists(root / "photos" / "me.jpg"));
}

}  // namespace
}  // namespace citsim
