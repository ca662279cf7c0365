#include "citsim/pipeline/budget.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "citsim/core/error.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {
namespace {

const ModelData& data() {
  static const ModelData d = read_model_data(CITSIM_TEST_DATA_DIR);
  return d;
}

Case example(const std::string& name) {
  static const Vocabulary v = read_vocabulary(CITSIM_TEST_DATA_DIR);
  return read_case(std::filesystem::path(CITSIM_TEST_EXAMPLES_DIR) / (name + ".toml"), v);
}

std::string error_of(const RunCost& cost, const RunLimits& limits = {}) {
  try {
    check_run_cost(cost, limits);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(RunCost, EveryExampleFitsTheDefaultLimits) {
  for (const char* name : {"home-roller", "pen-cheek-rejuvenation", "roller-acne-scars",
                           "stamp-striae", "rf-pen-laxity", "contraindicated"}) {
    const RunCost cost = estimate_run_cost(example(name), data(), {});
    EXPECT_EQ(error_of(cost), "(no error)") << name << ": " << cost.summary();
    EXPECT_GT(cost.memory_bytes, 0.0);
    EXPECT_GT(cost.seconds, 0.0);
  }
}

TEST(RunCost, GrowsWithWhatDrivesIt) {
  const Case base = example("pen-cheek-rejuvenation");
  const RunCost c0 = estimate_run_cost(base, data(), {});
  Case finer = base;
  finer.simulation.voxel_um = base.simulation.voxel_um / 2.0;
  const RunCost c1 = estimate_run_cost(finer, data(), {});
  EXPECT_NEAR(c1.injury_voxels / c0.injury_voxels, 8.0, 0.5);
  EXPECT_GT(c1.memory_bytes, c0.memory_bytes);
  EXPECT_GT(c1.seconds, c0.seconds);
  const RunCost ensemble = estimate_run_cost(base, data(), {.ensemble = 99, .threads = 1});
  EXPECT_GT(ensemble.seconds, 20.0 * c0.seconds - 1e-9);
  Case longer = base;
  longer.protocol.follow_up_days *= 4;
  EXPECT_GT(estimate_run_cost(longer, data(), {}).steps, c0.steps);
  // Maintenance sessions are more sessions and a longer course.
  Case maintained = base;
  maintained.protocol.maintenance = {.interval_months = 12, .sessions = 4};
  const RunCost m = estimate_run_cost(maintained, data(), {});
  EXPECT_GT(m.steps, c0.steps);
  EXPECT_GT(m.seconds, c0.seconds);
}

TEST(RunCost, TooMuchMemoryNamesTheKeyTheEstimateAndTheLimit) {
  Case huge = example("stamp-striae");
  huge.simulation.fidelity = Fidelity::full;
  huge.simulation.block_um = 10000.0;
  huge.simulation.healing_cell_um = 10.0;
  const RunCost cost = estimate_run_cost(huge, data(), {});
  const std::string msg = error_of(cost);
  EXPECT_NE(msg.find("simulation.healing_cell_um"), std::string::npos) << msg;
  EXPECT_NE(msg.find("GiB of memory; at most 4 GiB"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--max-memory-gib"), std::string::npos) << msg;
  // Raised deliberately, it passes the memory check (and then meets the time limit).
  const std::string raised = error_of(cost, {.memory_gib = 1.0e4, .minutes = 1.0e9});
  EXPECT_EQ(raised, "(no error)");
}

TEST(RunCost, TooMuchTimeNamesTheKeyAndTheLimit) {
  const RunCost cost =
      estimate_run_cost(example("roller-acne-scars"), data(), {.ensemble = 9999, .threads = 1});
  const std::string msg = error_of(cost, {.memory_gib = 1.0e4, .minutes = 60.0});
  EXPECT_NE(msg.find("at most 60 min"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--max-minutes"), std::string::npos) << msg;
}

}  // namespace
}  // namespace citsim
