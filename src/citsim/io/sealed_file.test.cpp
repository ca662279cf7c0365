#include "citsim/io/sealed_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

std::string error_of(std::string_view text, std::string_view kind = "checkpoint") {
  try {
    unseal_text("run.partial/checkpoint.bin", kind, text);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(SealedFile, RoundTripsAnyBytes) {
  std::string payload = "state";
  payload += '\0';
  payload += "\n\xff tail";
  EXPECT_EQ(unseal_text("f", "checkpoint", seal("checkpoint", payload)), payload);
  EXPECT_EQ(unseal_text("f", "job", seal("job", "")), "");
}

TEST(SealedFile, EveryDamageIsRefusedWithOneLine) {
  const std::string good = seal("checkpoint", std::string(1000, 'a'));
  std::string flipped = good;
  flipped[flipped.size() - 10] = 'b';
  const std::string truncated = good.substr(0, good.size() - 1);
  const std::string longer = good + "x";
  for (const auto& [text, want] :
       {std::pair{flipped, "checksum does not match"},
        std::pair{truncated, "999 bytes where 1000 were written"},
        std::pair{longer, "1001 bytes where 1000 were written"},
        std::pair{std::string(), "header is missing"},
        std::pair{std::string("CITSIM checkpoint 1\n"), "header is missing"},
        std::pair{seal("job", "x"), "not a CITSim checkpoint"}}) {
    const std::string msg = error_of(text);
    EXPECT_NE(msg.find(want), std::string::npos) << msg;
    EXPECT_NE(msg.find("run.partial/checkpoint.bin"), std::string::npos) << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
}

TEST(SealedFile, AnotherVersionIsRefused) {
  std::string other = seal("checkpoint", "x");
  other.replace(other.find("version ") + 8, 1, "9");
  EXPECT_NE(error_of(other).find("written by CITSim version 9"), std::string::npos)
      << error_of(other);
}

TEST(SealedFile, ChecksumIsFnv1a) {
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);  // published FNV-1a test vector
}

}  // namespace
}  // namespace citsim
