// Property test: the case reader survives mutated contract cases. Whatever
// the input, it either returns a Case or throws citsim::Error with a one-line
// message naming the file; nothing else (no crash, no other exception).
// The coverage-guided fuzzer in tests/fuzz/ explores further in CI.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "citsim/core/error.hpp"
#include "citsim/core/rng.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/pipeline/case_json.hpp"
#include "citsim/pipeline/case_reader.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  return text;
}

const std::vector<std::string> kValues = {"0",
                                          "-1",
                                          "1e308",
                                          "-1e308",
                                          "nan",
                                          "inf",
                                          "-inf",
                                          "9223372036854775807",
                                          "-9223372036854775808",
                                          "\"\"",
                                          "\"x\"",
                                          "true",
                                          "[]",
                                          "[1, \"a\"]",
                                          "{}",
                                          "{ a = 1 }",
                                          "1979-05-27",
                                          "0.0",
                                          "3.5",
                                          "1e-9",
                                          "\"roller\"",
                                          "\"full\"",
                                          "[\"keloid_history\", \"keloid_history\"]",
                                          "\"\\u0000\"",
                                          "0x10",
                                          "1_000"};

/// One random edit of a case file, of the kinds a hand editor makes.
std::string mutate(const std::string& text, CounterRng& rng) {
  auto lines = lines_of(text);
  const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng.below(n)); };
  switch (rng.below(9)) {
    case 0:  // delete a line
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(pick(lines.size())));
      break;
    case 1:  // duplicate a line
    {
      const std::size_t i = pick(lines.size());
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(i), lines[i]);
      break;
    }
    case 2:  // replace a value
    {
      auto& line = lines[pick(lines.size())];
      const auto eq = line.find(" = ");
      if (eq != std::string::npos) line = line.substr(0, eq + 3) + kValues[pick(kValues.size())];
      break;
    }
    case 3:  // flip a byte
    {
      std::string t = join(lines);
      if (!t.empty()) t[pick(t.size())] = static_cast<char>(rng.below(256));
      return t;
    }
    case 4:  // truncate
    {
      std::string t = join(lines);
      return t.substr(0, pick(t.size() + 1));
    }
    case 5:  // add an unknown key to a random place
      lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(pick(lines.size() + 1)),
                   "mystery_key = " + kValues[pick(kValues.size())]);
      break;
    case 6:  // swap two lines
      std::swap(lines[pick(lines.size())], lines[pick(lines.size())]);
      break;
    case 7:  // rename a key
    {
      auto& line = lines[pick(lines.size())];
      if (!line.empty()) line.insert(pick(line.size()), "_");
      break;
    }
    default:  // move a line to the end (into another table)
    {
      const std::size_t i = pick(lines.size());
      const std::string l = lines[i];
      lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(i));
      lines.push_back(l);
      break;
    }
  }
  return join(lines);
}

TEST(CaseReaderFuzz, MutatedContractCasesGiveACaseOrOneLineError) {
  const Vocabulary vocab = read_vocabulary(CITSIM_TEST_DATA_DIR);
  std::vector<std::string> seeds;
  for (const auto& entry : fs::directory_iterator(fs::path(CITSIM_TEST_EXAMPLES_DIR))) {
    if (entry.path().extension() == ".toml") seeds.push_back(detail::read_text_file(entry.path()));
  }
  ASSERT_FALSE(seeds.empty());
  int accepted = 0, rejected = 0;
  const int per_seed = 1500;
  for (std::size_t s = 0; s < seeds.size(); ++s) {
    for (int n = 0; n < per_seed; ++n) {
      CounterRng rng(2026, RngPurpose::case_mutation, s, static_cast<std::uint64_t>(n));
      std::string text = seeds[s];
      const auto edits = 1 + rng.below(3);
      for (std::uint64_t e = 0; e < edits; ++e) text = mutate(text, rng);
      try {
        const Case c = parse_case(text, "fuzz.toml", vocab);
        (void)case_to_json(c).dump();
        ++accepted;
      } catch (const Error& e) {
        const std::string message = e.what();
        ASSERT_EQ(message.rfind("fuzz.toml: ", 0), 0u) << message;
        ASSERT_EQ(message.find('\n'), std::string::npos) << message;
        ++rejected;
      }
      // Any other exception escapes and fails the test.
    }
  }
  // Both outcomes occur, so the mutations exercise accepting and rejecting paths.
  EXPECT_GT(accepted, 100);
  EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace citsim
