// For the data readers' tests: a fresh copy of some of data/ in a temporary
// folder, edited by a test to check what the reader says of a bad file.
//
//   class BadSkinAtlas : public testing::DataFolderTest {
//     void SetUp() override { copy_data("skin", {"zones.toml"}); }
//   };
//   replace("zones.toml", "value = 1.0", "value = -1.0");
//   EXPECT_NE(error_of([&] { read_skin_atlas(dir_); }).find("value = -1"), std::string::npos);
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <string>

#include "citsim/core/error.hpp"

namespace citsim::testing {

class DataFolderTest : public ::testing::Test {
 protected:
  /// Copies data/<folder>/<file> for each file into dir_/<folder>/, dir_ named
  /// after the test.
  void copy_data(const std::string& folder, std::initializer_list<const char*> files) {
    folder_ = folder;
    dir_ = std::filesystem::temp_directory_path() /
           ("citsim_" + folder + "_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / folder);
    for (const char* name : files) {
      std::filesystem::copy_file(std::filesystem::path(CITSIM_TEST_DATA_DIR) / folder / name,
                                 dir_ / folder / name);
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / folder_ / name);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / folder_ / name) << text;
  }
  /// Replaces the first `from` in file `name` by `to`.
  void replace(const std::string& name, const std::string& from, const std::string& to) const {
    std::string text = read(name);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write(name, text);
  }
  /// The one-line message of the Error `read_all` throws (fails if none).
  static std::string error_of(const std::function<void()>& read_all) {
    try {
      read_all();
    } catch (const Error& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
      return message;
    }
    ADD_FAILURE() << "expected citsim::Error";
    return {};
  }

  std::filesystem::path dir_;
  std::string folder_;
};

}  // namespace citsim::testing
