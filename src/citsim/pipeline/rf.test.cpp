// The RF pulse of a case: the warnings fire where they should and not
// otherwise, on the shipped examples with one setting changed, with the
// sourced tissue properties; and an RF course makes more collagen than the
// same course without energy.
#include "citsim/pipeline/rf.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/model_data.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

const ModelData& model() {
  static const ModelData m = read_model_data(CITSIM_TEST_DATA_DIR);
  return m;
}

Case example(const std::string& name, const std::function<void(RfPen&, Case&)>& edit = {}) {
  static const Vocabulary vocab = read_vocabulary(CITSIM_TEST_DATA_DIR);
  Case c = read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / (name + ".toml"), vocab);
  if (edit) edit(std::get<RfPen>(c.device), c);
  return c;
}

void set_energy(RfPen& rf, double mj) {
  rf.rf.power_w = mj * 1e-3 / (rf.rf.pulse_duration_ms * 1e-3) * rf.pen.needles.count;
}

std::vector<std::string> ids(const RfSession& s, bool advice_only = false) {
  std::vector<std::string> out;
  for (const RfWarning& w : s.warnings)
    if (!advice_only || w.level != "info") out.push_back(w.id);
  return out;
}

RfSession session_of(const Case& c) {
  const auto s = rf_session(c, course_spec(c, model()), model().thermal);
  EXPECT_TRUE(s.has_value());
  return *s;
}

bool has(const std::vector<std::string>& v, const std::string& id) {
  return std::find(v.begin(), v.end(), id) != v.end();
}

TEST(RfSession, TheStampedInsulatedExampleIsFractionalAndSparesTheEpidermis) {
  const RfSession s = session_of(example("rf-stamp-acne-scars"));
  EXPECT_TRUE(ids(s, true).empty()) << ::testing::PrintToString(ids(s, true));
  EXPECT_GT(s.result.coagulation_depth_um, 0.0);
  EXPECT_LT(s.coagulated_volume_fraction, kFractionalLimit);
  EXPECT_LT(s.result.peak_epidermal_temperature_c, 38.0);
  EXPECT_TRUE(has(ids(s), "pih_evidence")) << "phototype IV: the evidence is given";
  EXPECT_FALSE(rf_settings_unsafe(s));
}

TEST(RfSession, NoEnergyNoHeatNoWarningsAboutIt) {
  const RfSession s =
      session_of(example("rf-stamp-acne-scars", [](RfPen& rf, Case&) { set_energy(rf, 0.0); }));
  EXPECT_TRUE(ids(s, true).empty());
  EXPECT_NEAR(s.result.peak_dermal_temperature_c, 37.0, 1e-9);
  EXPECT_TRUE(s.lesion.empty());
}

TEST(RfSession, BareNeedlesAtHighEnergyHeatTheEpidermisOfDarkSkin) {
  const RfSession s = session_of(example("rf-stamp-acne-scars", [](RfPen& rf, Case&) {
    rf.rf.insulated_needles = false;
    rf.rf.insulated_length_um = 0.0;
    set_energy(rf, 40.0);
  }));
  EXPECT_TRUE(has(ids(s), "epidermal_heating"));
  EXPECT_TRUE(has(ids(s), "pih_epidermal_heat"));
  EXPECT_FALSE(has(ids(s), "pih_evidence"));
  // The same in light skin: the heating, without the pigmentation caution.
  const RfSession light = session_of(example("rf-stamp-acne-scars", [](RfPen& rf, Case& c) {
    rf.rf.insulated_needles = false;
    rf.rf.insulated_length_um = 0.0;
    set_energy(rf, 40.0);
    c.patient.fitzpatrick = 2;
  }));
  EXPECT_TRUE(has(ids(light), "epidermal_heating"));
  EXPECT_FALSE(has(ids(light), "pih_epidermal_heat"));
}

TEST(RfSession, TooMuchEnergyBoils) {
  const RfSession s =
      session_of(example("rf-stamp-acne-scars", [](RfPen& rf, Case&) { set_energy(rf, 60.0); }));
  EXPECT_TRUE(has(ids(s), "above_boiling"));
  EXPECT_TRUE(rf_settings_unsafe(s));
}

TEST(RfSession, TheGlidedContractCaseOverlapsIntoBulkCoagulationAndFat) {
  const RfSession s = session_of(example("rf-pen-laxity"));
  EXPECT_TRUE(has(ids(s), "bulk_coagulation"));
  EXPECT_TRUE(has(ids(s), "fat_injury"));
  EXPECT_TRUE(has(ids(s), "insulated_length_assumed"));
  EXPECT_GT(s.coagulated_volume_fraction, kFractionalLimit);
  // Stamped once per spot instead, with the needles inside the dermis: fractional again.
  const RfSession stamped = session_of(example("rf-pen-laxity", [](RfPen& rf, Case&) {
    rf.motion = RfMotion::stamp;
    rf.pen.needles.length_um = 1200.0;
  }));
  EXPECT_FALSE(has(ids(stamped), "bulk_coagulation"));
  EXPECT_FALSE(has(ids(stamped), "fat_injury"));
}

TEST(RfSession, TheCheckedSettingsPassTheirOwnChecks) {
  Case c = example("rf-stamp-acne-scars");
  const auto checked = checked_rf(c, course_spec(c, model()), model().thermal);
  ASSERT_TRUE(checked.has_value());
  c.device = checked->device;
  const RfSession s = session_of(c);
  EXPECT_FALSE(rf_settings_unsafe(s));
  EXPECT_GE(checked->energy_per_pin_mj, 5.0);
  EXPECT_NE(checked->why.find("mJ per pin"), std::string::npos);
}

TEST(RfSearch, SafetyFallsAsEnergyRisesSoTheSearchFromTheTopFindsTheSameEnergy) {
  // checked_rf takes the highest safe energy, searched from the top. Where
  // safety only falls as the energy rises, that is the top of the run of
  // safe energies from 5 mJ as well (what it searched before). Checked on
  // thick and thin skin, where every energy is safe, and on a tissue that
  // heats three times as fast (a third of the specific heat), where the
  // search has to go below the top.
  struct Trial {
    std::string name;
    Case c;
    thermal::ThermalData data;
  };
  std::vector<Trial> trials = {
      {"acne, cheek", example("roller-acne-scars"), model().thermal},
      {"RF stamp", example("rf-stamp-acne-scars"), model().thermal},
      {"acne, periorbital", example("roller-acne-scars"), model().thermal},
      {"acne, fast-heating tissue", example("roller-acne-scars"), model().thermal}};
  trials[2].c.site.zone = Zone::periorbital;
  for (thermal::LayerData* l :
       {&trials[3].data.epidermis, &trials[3].data.dermis, &trials[3].data.fat}) {
    l->specific_heat /= 3.0;
  }
  int unsafe_seen = 0;
  for (const Trial& t : trials) {
    const CourseSpec spec = course_spec(t.c, model());
    std::vector<bool> safe;
    for (double mj : kCheckedRfEnergiesMj) {
      const auto s = checked_rf_session(t.c, spec, t.data, mj);
      safe.push_back(s.has_value() && !rf_settings_unsafe(*s));
    }
    std::optional<double> highest;
    for (std::size_t e = 0; e < safe.size(); ++e) {
      if (e > 0 && safe[e]) {
        EXPECT_TRUE(safe[e - 1]) << t.name << ": " << kCheckedRfEnergiesMj[e]
                                 << " mJ safe, a lower energy not";
      }
      if (safe[e]) highest = kCheckedRfEnergiesMj[e];
      if (!safe[e]) ++unsafe_seen;
    }
    for (int threads : {1, 2, 4}) {
      const auto checked = checked_rf(t.c, spec, t.data, threads);
      ASSERT_EQ(checked.has_value(), highest.has_value()) << t.name << ", " << threads;
      if (checked) {
        EXPECT_EQ(checked->energy_per_pin_mj, *highest) << t.name << ", " << threads;
      }
    }
  }
  EXPECT_GT(unsafe_seen, 0) << "a trial where the search has to go below the top";
}

TEST(RfCourse, HeatAddsCollagenToTheSameCourse) {
  const Case hot = example("rf-stamp-acne-scars");
  const Case cold = example("rf-stamp-acne-scars", [](RfPen& rf, Case&) { set_energy(rf, 0.0); });
  const auto gain = [](const Case& c) {
    CourseRun run(course_spec(c, model()), 1);
    run.run_to_end();
    return run.rows().back()[Observable::collagen_change_pct];
  };
  EXPECT_GT(gain(hot), gain(cold) + 5.0);
}

}  // namespace
}  // namespace citsim
