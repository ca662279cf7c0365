#include "citsim/io/output_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <unistd.h>

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

std::string text_of(const fs::path& f) {
  std::ifstream in(f);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

/// A finished result with the given files (name -> text).
void make_result(const fs::path& dest, const std::map<std::string, std::string>& files,
                 bool force = false) {
  OutputDir out(dest, force);
  for (const auto& [name, text] : files) {
    fs::create_directories((out.path() / name).parent_path());
    write_file(out.path() / name, text);
  }
  out.commit("test");
}

TEST(OutputDir, CommitMovesResultsIntoPlaceAndMarksThem) {
  const fs::path root = fresh_dir("commit");
  make_result(root / "run", {{"summary.json", "{}"}, {"fields/a.vti", "a"}});
  EXPECT_TRUE(fs::exists(root / "run" / "summary.json"));
  const auto listed = result_files(root / "run");
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0], kResultManifest);
  EXPECT_EQ(listed[1], "fields/a.vti");
  EXPECT_EQ(listed[2], "summary.json");
  EXPECT_EQ(entries(root), 1) << "no temporary folder left behind";
}

TEST(OutputDir, WithoutCommitLeavesNothing) {
  const fs::path root = fresh_dir("abort");
  {
    OutputDir out(root / "run", false);
    write_file(out.path() / "partial.csv", "day\n");
  }
  EXPECT_FALSE(fs::exists(root / "run"));
  EXPECT_EQ(entries(root), 0);
}

TEST(OutputDir, WritesIntoAnEmptyFolder) {
  const fs::path root = fresh_dir("empty");
  fs::create_directories(root / "run");
  make_result(root / "run", {{"summary.json", "{}"}});
  EXPECT_TRUE(fs::exists(root / "run" / "summary.json"));
}

TEST(OutputDir, AnEarlierResultIsReplacedOnlyWithForce) {
  const fs::path root = fresh_dir("replace");
  make_result(root / "run", {{"summary.json", "old"}, {"stale.vti", "old"}});
  const std::string msg = error_of([&] { OutputDir(root / "run", false); });
  EXPECT_NE(msg.find("holds an earlier CITSim result; add --force"), std::string::npos) << msg;
  EXPECT_EQ(text_of(root / "run" / "summary.json"), "old");
  make_result(root / "run", {{"summary.json", "new"}}, true);
  EXPECT_EQ(text_of(root / "run" / "summary.json"), "new");
  EXPECT_FALSE(fs::exists(root / "run" / "stale.vti")) << "the old result's own files go";
  EXPECT_EQ(entries(root), 1);
}

TEST(OutputDir, ReplacingKeepsFilesTheUserAdded) {
  const fs::path root = fresh_dir("keep");
  make_result(root / "run", {{"summary.json", "old"}});
  write_file(root / "run" / "my-notes.txt", "mine");
  fs::create_directories(root / "run" / "photos");
  write_file(root / "run" / "photos" / "me.jpg", "mine");
  make_result(root / "run", {{"summary.json", "new"}}, true);
  EXPECT_EQ(text_of(root / "run" / "summary.json"), "new");
  EXPECT_EQ(text_of(root / "run" / "my-notes.txt"), "mine");
  EXPECT_EQ(text_of(root / "run" / "photos" / "me.jpg"), "mine");
}

TEST(OutputDir, AUserFileInTheWayLeavesTheEarlierResultWhole) {
  const fs::path root = fresh_dir("clash");
  make_result(root / "run", {{"summary.json", "old"}});
  write_file(root / "run" / "timeseries.csv", "the user's own");
  const std::string msg = error_of([&] {
    make_result(root / "run", {{"summary.json", "new"}, {"timeseries.csv", "new"}}, true);
  });
  EXPECT_NE(msg.find("was not written by CITSim"), std::string::npos) << msg;
  EXPECT_EQ(text_of(root / "run" / "summary.json"), "old");
  EXPECT_EQ(text_of(root / "run" / "timeseries.csv"), "the user's own");
  EXPECT_EQ(entries(root), 1) << "no temporary or backup folder left behind";
}

TEST(OutputDir, RefusesAFolderThatIsNotAResultEvenWithForce) {
  const fs::path root = fresh_dir("refuse");
  fs::create_directories(root / "photos");
  write_file(root / "photos" / "me.jpg", "x");
  write_file(root / "photos" / "summary.json", "{}");  // looks like a result, is not marked
  for (bool force : {false, true}) {
    const std::string msg = error_of([&] { OutputDir(root / "photos", force); });
    EXPECT_NE(msg.find("not a CITSim result"), std::string::npos) << msg;
  }
  EXPECT_TRUE(fs::exists(root / "photos" / "me.jpg"));
}

TEST(OutputDir, AManifestCannotReachOutsideItsFolder) {
  const fs::path root = fresh_dir("escape");
  make_result(root / "run", {{"summary.json", "old"}});
  write_file(root / "precious.txt", "keep");
  write_file(root / "run" / kResultManifest,
             R"({"files": ["summary.json", "../precious.txt", "/etc/passwd"]})");
  make_result(root / "run", {{"summary.json", "new"}}, true);
  EXPECT_EQ(text_of(root / "precious.txt"), "keep");
}

TEST(OutputDir, StaleTemporaryFoldersOfDeadRunsAreRemoved) {
  const fs::path root = fresh_dir("stale");
  // pid 2^22 + 1 is above Linux's largest pid: a run that cannot be alive.
  const fs::path stale = root / ".run.citsim-writing-4194305";
  fs::create_directories(stale);
  write_file(stale / "timeseries.csv", "half");
  const fs::path live = root / (".run.citsim-writing-" + std::to_string(::getppid()));
  fs::create_directories(live);
  make_result(root / "run", {{"summary.json", "{}"}});
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(live)) << "a live run's folder is not touched";
}

TEST(OutputDir, ADeadReplacementIsPutBack) {
  const fs::path root = fresh_dir("putback");
  make_result(root / "run", {{"summary.json", "old"}, {"timeseries.csv", "old"}});
  // A run died after moving the old files aside.
  const fs::path backup = root / ".run.citsim-old-4194305";
  fs::create_directories(backup);
  fs::rename(root / "run" / "timeseries.csv", backup / "timeseries.csv");
  make_result(root / "other", {{"summary.json", "{}"}});  // another destination: untouched
  EXPECT_TRUE(fs::exists(backup));
  { OutputDir again(root / "run", true); }
  EXPECT_EQ(text_of(root / "run" / "timeseries.csv"), "old");
  EXPECT_FALSE(fs::exists(backup));
}

TEST(WriteFile, AFullDiskIsAnErrorNotAShortFile) {
  const std::string msg = error_of([] { write_file("/dev/full", std::string(1 << 16, 'x')); });
  EXPECT_NE(msg.find("/dev/full: write failed"), std::string::npos) << msg;
  EXPECT_NE(msg.find("No space left on device"), std::string::npos) << msg;
}

TEST(WriteFile, AtomicWriteReplacesOrLeavesTheOldFile) {
  const fs::path root = fresh_dir("atomic");
  write_file_atomically(root / "a.json", "one");
  write_file_atomically(root / "a.json", "two");
  EXPECT_EQ(text_of(root / "a.json"), "two");
  EXPECT_EQ(entries(root), 1);
}

}  // namespace
}  // namespace citsim
