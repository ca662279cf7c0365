// libFuzzer target for what a resumable run reads back: any input, as a
// sealed file (io/sealed_file.hpp) and as the checkpoint payload a seal
// protects (CourseRun::load_state), is either accepted or refused with
// citsim::Error; anything else (crash, sanitizer report, another exception,
// a huge allocation) is a finding. Run by scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "citsim/core/error.hpp"
#include "citsim/healing/course.hpp"
#include "citsim/io/sealed_file.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace {

const citsim::CourseSpec& spec() {
  static const citsim::CourseSpec s = [] {
    const citsim::Vocabulary vocab = citsim::read_vocabulary(CITSIM_FUZZ_DATA_DIR);
    citsim::Case c = citsim::read_case(CITSIM_FUZZ_EXAMPLES_DIR "/home-roller.toml", vocab);
    c.protocol.sessions = 2;
    c.protocol.follow_up_days = 10;
    return citsim::course_spec(c, citsim::read_model_data(CITSIM_FUZZ_DATA_DIR));
  }();
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    (void)citsim::unseal_text("fuzz.bin", "checkpoint", bytes);
  } catch (const citsim::Error&) {
  }
  try {
    citsim::CourseRun run(spec(), 1);
    std::istringstream in{std::string(bytes), std::ios::binary};
    run.load_state(in);
  } catch (const citsim::Error&) {
  }
  return 0;
}
