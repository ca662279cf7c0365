// libFuzzer target for the case reader: any input either parses into a Case
// or throws citsim::Error; anything else (crash, sanitizer report, another
// exception) is a finding. Run by scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "citsim/core/error.hpp"
#include "citsim/pipeline/case_json.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/planner/vocabulary.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const citsim::Vocabulary vocab = citsim::read_vocabulary(CITSIM_FUZZ_DATA_DIR);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const citsim::Case c = citsim::parse_case(text, "fuzz.toml", vocab);
    (void)citsim::case_to_json(c).dump();
  } catch (const citsim::Error&) {
    // Rejected with a message: the expected outcome for bad input.
  }
  return 0;
}
