// Shared set-up of the healing tests: the real data, the example cases, and
// course specs built from them with the protocol changed as a test needs.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "citsim/healing/course.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim::test {

inline const ModelData& model_data() {
  static const ModelData data = read_model_data(CITSIM_TEST_DATA_DIR);
  return data;
}

inline Case example_case(const std::string& name) {
  static const Vocabulary vocab = read_vocabulary(CITSIM_TEST_DATA_DIR);
  return read_case(std::filesystem::path(CITSIM_TEST_EXAMPLES_DIR) / (name + ".toml"), vocab);
}

struct ProtocolChange {
  std::optional<int> sessions = std::nullopt;
  std::optional<int> interval_days = std::nullopt;
  std::optional<int> follow_up_days = std::nullopt;
};

inline CourseSpec example_spec(const std::string& name, ProtocolChange p = {}) {
  Case c = example_case(name);
  if (p.sessions) c.protocol.sessions = *p.sessions;
  if (p.interval_days) c.protocol.interval_days = *p.interval_days;
  if (p.follow_up_days) c.protocol.follow_up_days = *p.follow_up_days;
  return course_spec(c, model_data());
}

inline std::vector<ObservableRow> run_rows(const CourseSpec& spec, int threads = 1) {
  CourseRun run(spec, threads);
  run.run_to_end();
  return run.rows();
}

/// The row nearest `day`.
inline const ObservableRow& row_at(const std::vector<ObservableRow>& rows, double day) {
  const ObservableRow* best = &rows.front();
  for (const auto& r : rows) {
    if (std::abs(r.day - day) < std::abs(best->day - day)) best = &r;
  }
  return *best;
}

}  // namespace citsim::test
