// Every rule of the case format has a test here: types, ranges, allowed
// values, unknown keys, and cross-field sense. Each checks the one-line
// message names the key, the offending value and what is allowed.
#include "citsim/pipeline/case_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "citsim/core/error.hpp"
#include "citsim/io/scan_reader.hpp"
#include "citsim/pipeline/case_json.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

const Vocabulary& vocab() {
  static const Vocabulary v = read_vocabulary(CITSIM_TEST_DATA_DIR);
  return v;
}

const char* kPen = R"(
[patient]
age_years = 52
sex = "female"
fitzpatrick = 3
conditions = []
medications = []

[site]
zone = "cheek"
indication = "fine_lines"
area_cm2 = 30.0

[device]
kind = "pen"
needle_length_mm = 1.0
needle_count = 12
needle_diameter_mm = 0.25
stroke_rate_hz = 100.0
glide_speed_mm_s = 10.0
passes = 3

[protocol]
sessions = 4
interval_days = 30
follow_up_days = 180

[simulation]
seed = 7
fidelity = "plan"
)";

const char* kRoller = R"(
[patient]
age_years = 27
sex = "male"
fitzpatrick = 4

[site]
zone = "cheek"
indication = "atrophic_acne_scars"
area_cm2 = 25.0

[[site.scars]]
type = "rolling"
count = 10
depth_mm = 0.35
width_mm = 4.0

[device]
kind = "roller"
needle_length_mm = 1.5
needle_count = 192
needle_diameter_mm = 0.25
drum_diameter_mm = 20.0
drum_width_mm = 20.0
passes = 16

[protocol]
sessions = 5
interval_days = 30
follow_up_days = 60
)";

const char* kStamp = R"(
[patient]
age_years = 31
sex = "female"
fitzpatrick = 3
[site]
zone = "abdomen"
indication = "striae"
area_cm2 = 120.0
[device]
kind = "stamp"
needle_length_mm = 1.5
needle_count = 35
needle_diameter_mm = 0.25
stamp_area_mm2 = 50.0
passes = 4
[protocol]
sessions = 3
interval_days = 28
follow_up_days = 90
)";

/// Replaces the first line starting with `key =` (after optional spaces) by `line`.
std::string with(std::string text, const std::string& key, const std::string& line) {
  const std::regex re("(^|\n)" + key + " = [^\n]*");
  std::string replaced =
      std::regex_replace(text, re, "$1" + line, std::regex_constants::format_first_only);
  EXPECT_NE(replaced, text) << "no line for " << key;
  return replaced;
}

std::string without(const std::string& text, const std::string& key) { return with(text, key, ""); }

std::string error_of(const std::string& text) {
  try {
    parse_case(text, "case.toml", vocab());
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

// --- contract cases --------------------------------------------------------

TEST(CaseReader, ReadsEveryContractCase) {
  const fs::path dir = fs::path(CITSIM_TEST_EXAMPLES_DIR);
  int read = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    EXPECT_NO_THROW(read_case(entry.path(), vocab())) << entry.path();
    ++read;
  }
  EXPECT_GE(read, 5);
}

TEST(CaseReader, ConvertsContractPenCaseToInternalUnits) {
  const Case c = parse_case(kPen, "case.toml", vocab());
  EXPECT_EQ(c.patient.age_years, 52);
  EXPECT_EQ(c.patient.sex, Sex::female);
  EXPECT_EQ(c.site.zone, Zone::cheek);
  const auto& pen = std::get<Pen>(c.device);
  EXPECT_DOUBLE_EQ(pen.needles.length_um, 1000.0);
  EXPECT_DOUBLE_EQ(pen.needles.diameter_um, 250.0);
  EXPECT_DOUBLE_EQ(pen.glide_speed_um_per_s, 10000.0);
  EXPECT_EQ(c.protocol.sessions, 4);
  EXPECT_EQ(c.simulation.seed, 7u);
  EXPECT_EQ(c.simulation.fidelity, Fidelity::plan);
}

TEST(CaseReader, ReadsScarsMedicationsAndDefaults) {
  const Case c = read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / "contraindicated.toml", vocab());
  ASSERT_EQ(c.patient.medications.size(), 2u);
  EXPECT_EQ(c.patient.medications[0].name, "isotretinoin");
  EXPECT_EQ(c.patient.medications[0].stopped_days_ago, 60);
  EXPECT_TRUE(c.patient.medications[1].current);
  const Case r = parse_case(kRoller, "case.toml", vocab());
  ASSERT_EQ(r.site.scars.size(), 1u);
  EXPECT_EQ(r.site.scars[0].type, ScarType::rolling);
  EXPECT_DOUBLE_EQ(r.site.scars[0].width_um, 4000.0);
  EXPECT_EQ(std::get<Roller>(r.device).rows, 0);  // absent: taken from the device data
  EXPECT_EQ(r.simulation.seed, 0u);               // [simulation] may be left out
}

// --- syntax, files, unknown keys --------------------------------------------

TEST(CaseReader, RejectsInvalidTomlWithLineAndColumn) {
  EXPECT_THAT(error_of("[patient]\nage_years = = 3\n"),
              AllOf(HasSubstr("case.toml: line 2"), HasSubstr("not valid TOML")));
}

TEST(CaseReader, RejectsMissingFile) {
  EXPECT_THROW(read_case("no/such/case.toml", vocab()), Error);
}

TEST(CaseReader, RejectsUnknownTopLevelTable) {
  EXPECT_THAT(error_of(std::string(kPen) + "\n[extras]\nx = 1\n"),
              AllOf(HasSubstr("case.toml: extras = {x = 1}: unknown key; allowed here: "),
                    HasSubstr("\"patient\"")));
}

TEST(CaseReader, RejectsUnknownKeyNamingTheAllowedOnes) {
  EXPECT_THAT(error_of(with(kPen, "passes", "passes = 3\nneedle_lenght_mm = 1.0")),
              AllOf(HasSubstr("device.needle_lenght_mm = 1.0: unknown key; allowed here: "),
                    HasSubstr("\"needle_length_mm\"")));
}

TEST(CaseReader, RejectsKeyOfAnotherDeviceKindSayingWhose) {
  EXPECT_THAT(error_of(with(kPen, "passes", "passes = 3\ndrum_diameter_mm = 20.0")),
              AllOf(HasSubstr("device.drum_diameter_mm = 20.0: unknown key for kind = \"pen\""),
                    HasSubstr("key of kind = \"roller\"")));
}

TEST(CaseReader, RejectsMissingSection) {
  const std::string text = std::string(kPen).substr(0, std::string(kPen).find("[protocol]"));
  EXPECT_THAT(error_of(text), HasSubstr("protocol is missing"));
}

TEST(CaseReader, RejectsMissingRequiredKey) {
  EXPECT_THAT(error_of(without(kPen, "age_years")),
              AllOf(HasSubstr("patient.age_years is missing"), HasSubstr("between 12 and 100")));
}

// --- types --------------------------------------------------------------------

TEST(CaseReader, RejectsWrongTypes) {
  EXPECT_THAT(error_of(with(kPen, "age_years", "age_years = \"fifty\"")),
              HasSubstr("patient.age_years = \"fifty\": must be a whole number"));
  EXPECT_THAT(error_of(with(kPen, "age_years", "age_years = 52.5")),
              HasSubstr("patient.age_years = 52.5: must be a whole number"));
  EXPECT_THAT(error_of(with(kPen, "needle_length_mm", "needle_length_mm = \"1mm\"")),
              HasSubstr("device.needle_length_mm = \"1mm\": must be a number"));
  EXPECT_THAT(error_of(with(kPen, "conditions", "conditions = \"none\"")),
              HasSubstr("patient.conditions = \"none\": must be a list"));
  EXPECT_THAT(error_of(with(kPen, "zone", "zone = 3")), HasSubstr("site.zone = 3: must be one of"));
  EXPECT_THAT(error_of(with(kPen, "age_years", "age_years = true")),
              HasSubstr("patient.age_years = true"));
}

TEST(CaseReader, AcceptsIntegersWhereNumbersAreExpected) {
  EXPECT_EQ(error_of(with(kPen, "area_cm2", "area_cm2 = 30")), "(no error)");
}

TEST(CaseReader, RejectsNonFiniteNumbers) {
  EXPECT_THAT(error_of(with(kPen, "area_cm2", "area_cm2 = nan")), HasSubstr("site.area_cm2 = nan"));
  EXPECT_THAT(error_of(with(kPen, "area_cm2", "area_cm2 = inf")), HasSubstr("site.area_cm2 = inf"));
}

// --- ranges -------------------------------------------------------------------

struct RangeCase {
  const char* base;
  const char* key;
  const char* bad_value;
  const char* expected;
};

class CaseReaderRange : public ::testing::TestWithParam<RangeCase> {};

TEST_P(CaseReaderRange, RejectsOutOfRangeValueNamingKeyValueAndRange) {
  const auto& p = GetParam();
  const std::string message =
      error_of(with(p.base, p.key, std::string(p.key) + " = " + p.bad_value));
  EXPECT_THAT(message,
              AllOf(HasSubstr(std::string(p.key) + " = " + p.bad_value), HasSubstr(p.expected)))
      << message;
  EXPECT_THAT(message, HasSubstr("case.toml: "));
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
}

INSTANTIATE_TEST_SUITE_P(
    EveryRangedKey, CaseReaderRange,
    ::testing::Values(
        RangeCase{kPen, "age_years", "5", "between 12 and 100"},
        RangeCase{kPen, "age_years", "130", "between 12 and 100"},
        RangeCase{kPen, "fitzpatrick", "0", "between 1 and 6"},
        RangeCase{kPen, "fitzpatrick", "7", "between 1 and 6"},
        RangeCase{kPen, "area_cm2", "0.1", "between 0.5 and 3000 cm2"},
        RangeCase{kPen, "needle_length_mm", "-1", "between 0.1 and 2.5 mm for a pen"},
        RangeCase{kPen, "needle_length_mm", "3.0", "between 0.1 and 2.5 mm for a pen"},
        RangeCase{kPen, "needle_count", "0", "between 1 and 64"},
        RangeCase{kPen, "needle_diameter_mm", "0.01", "between 0.05 and 0.5 mm"},
        RangeCase{kPen, "stroke_rate_hz", "500", "between 10 and 200 Hz"},
        RangeCase{kPen, "glide_speed_mm_s", "0", "between 1 and 100 mm/s"},
        RangeCase{kPen, "passes", "11", "between 1 and 10"},
        RangeCase{kPen, "sessions", "0", "between 1 and 30"},
        RangeCase{kPen, "interval_days", "0", "between 1 and 365"},
        RangeCase{kPen, "follow_up_days", "-1", "between 0 and 3650"},
        RangeCase{kPen, "seed", "-3", "between 0 and"},
        RangeCase{kRoller, "needle_length_mm", "3.5", "between 0.1 and 3 mm for a roller"},
        RangeCase{kRoller, "drum_diameter_mm", "2", "between 5 and 60 mm"},
        RangeCase{kRoller, "drum_width_mm", "100", "between 5 and 60 mm"},
        RangeCase{kRoller, "passes", "0", "between 1 and 40"},
        RangeCase{kRoller, "depth_mm", "5", "between 0.05 and 3 mm"},
        RangeCase{kRoller, "width_mm", "30", "between 2 and 20 mm for rolling scars"},
        RangeCase{kRoller, "count", "0", "between 1 and 1000"},
        RangeCase{kStamp, "stamp_area_mm2", "0.5", "between 1 and 2000 mm2"},
        RangeCase{kStamp, "passes", "25", "between 1 and 20"}));

TEST(CaseReader, RejectsSimulationSettingsOutOfRange) {
  EXPECT_THAT(error_of(with(kPen, "fidelity", "fidelity = \"plan\"\nvoxel_um = 0.5")),
              HasSubstr("simulation.voxel_um = 0.5: must be a number between 2 and 100 um"));
  EXPECT_THAT(error_of(with(kPen, "fidelity", "fidelity = \"plan\"\npatch_mm = 100")),
              HasSubstr("simulation.patch_mm = 100"));
}

// --- allowed values -------------------------------------------------------------

TEST(CaseReader, RejectsValuesOutsideTheirVocabulary) {
  EXPECT_THAT(error_of(with(kPen, "sex", "sex = \"other\"")),
              HasSubstr("patient.sex = \"other\": must be one of \"female\" or \"male\""));
  EXPECT_THAT(error_of(with(kPen, "zone", "zone = \"elbow\"")),
              AllOf(HasSubstr("site.zone = \"elbow\""), HasSubstr("\"upper_arm\"")));
  EXPECT_THAT(error_of(with(kPen, "indication", "indication = \"tattoo\"")),
              AllOf(HasSubstr("site.indication = \"tattoo\""), HasSubstr("\"striae\"")));
  EXPECT_THAT(
      error_of(with(kPen, "kind", "kind = \"laser\"")),
      HasSubstr(
          "device.kind = \"laser\": must be one of \"roller\", \"stamp\", \"pen\" or \"rf_pen\""));
  EXPECT_THAT(error_of(with(kPen, "fidelity", "fidelity = \"high\"")),
              HasSubstr("simulation.fidelity = \"high\": must be one of \"plan\" or \"full\""));
  EXPECT_THAT(error_of(with(kRoller, "type", "type = \"pitted\"")),
              HasSubstr("site.scars[0].type = \"pitted\""));
}

TEST(CaseReader, RejectsUnknownConditionSoATypoCannotHideAContraindication) {
  EXPECT_THAT(error_of(with(kPen, "conditions", "conditions = [\"keloid_histroy\"]")),
              AllOf(HasSubstr("patient.conditions[0] = \"keloid_histroy\""),
                    HasSubstr("\"keloid_history\"")));
}

TEST(CaseReader, RejectsRepeatedCondition) {
  EXPECT_THAT(error_of(with(kPen, "conditions", "conditions = [\"pregnancy\", \"pregnancy\"]")),
              HasSubstr("patient.conditions[1] = \"pregnancy\": must not repeat"));
}

TEST(CaseReader, RejectsUnknownMedication) {
  EXPECT_THAT(error_of(with(kPen, "medications",
                            "[[patient.medications]]\nname = \"accutane_typo\"\ncurrent = true")),
              HasSubstr("patient.medications[0].name = \"accutane_typo\""));
}

// --- cross-field sense ------------------------------------------------------------

TEST(CaseReader, RejectsMedicationThatIsBothCurrentAndStopped) {
  EXPECT_THAT(
      error_of(with(
          kPen, "medications",
          "[[patient.medications]]\nname = \"aspirin\"\ncurrent = true\nstopped_days_ago = 4")),
      HasSubstr("patient.medications[0].stopped_days_ago = 4: must be absent when current = true"));
}

TEST(CaseReader, RejectsMedicationWithNeitherCurrentNorStopped) {
  EXPECT_THAT(error_of(with(kPen, "medications", "[[patient.medications]]\nname = \"aspirin\"")),
              HasSubstr("patient.medications[0].stopped_days_ago is missing"));
}

TEST(CaseReader, RejectsMedicationListedTwice) {
  EXPECT_THAT(error_of(with(kPen, "medications",
                            "[[patient.medications]]\nname = \"aspirin\"\ncurrent = true\n"
                            "[[patient.medications]]\nname = \"aspirin\"\nstopped_days_ago = 3")),
              HasSubstr("patient.medications[1].name = \"aspirin\""));
}

TEST(CaseReader, RejectsNeedleLongerThanTheDeviceAllows) {
  // Pens set depth up to 2.5 mm (Dermapen 0.25-2.5 mm; Rejuvapen NXT up to 2.5 mm).
  EXPECT_THAT(error_of(with(kPen, "needle_length_mm", "needle_length_mm = 2.8")),
              HasSubstr("for a pen"));
  // The same length is fine on an RF pen.
  std::string rf = with(kPen, "kind", "kind = \"rf_pen\"");
  rf = with(rf, "needle_length_mm", "needle_length_mm = 2.8");
  rf = with(rf, "passes", "passes = 2\nrf_power_w = 20\npulse_duration_ms = 100");
  EXPECT_EQ(error_of(rf), "(no error)");
}

TEST(CaseReader, RequiresRfSettingsForAnRfPen) {
  EXPECT_THAT(error_of(with(kPen, "kind", "kind = \"rf_pen\"")),
              HasSubstr("device.rf_power_w is missing"));
}

TEST(CaseReader, ReadsTheSettingsOfAnRfTip) {
  const std::string stamp = with(kPen, "kind", "kind = \"rf_pen\"\nmotion = \"stamp\"");
  std::string rf = stamp;
  for (const char* key : {"stroke_rate_hz", "glide_speed_mm_s"}) rf = with(rf, key, "");
  rf = with(rf, "passes",
            "passes = 2\nenergy_per_pin_mj = 20\npulse_duration_ms = 50\nsub_pulses = 2\n"
            "sub_pulse_interval_ms = 10\nstacks = 2\nstack_interval_ms = 500\n"
            "insulated_length_mm = 0.5\nfrequency_mhz = 2\npin_pitch_mm = 1.4\nbipolar = false");
  const Case c = parse_case(rf, "case.toml", vocab());
  const auto& d = std::get<RfPen>(c.device);
  EXPECT_EQ(d.motion, RfMotion::stamp);
  EXPECT_NEAR(d.rf.power_w, 0.020 / 0.050 * d.pen.needles.count, 1e-12);
  EXPECT_TRUE(d.rf.energy_given);
  EXPECT_EQ(d.rf.sub_pulses, 2);
  EXPECT_EQ(d.rf.stacks, 2);
  EXPECT_DOUBLE_EQ(d.rf.insulated_length_um, 500.0);
  EXPECT_DOUBLE_EQ(d.rf.pin_pitch_um, 1400.0);
  EXPECT_DOUBLE_EQ(d.rf.frequency_mhz, 2.0);
  EXPECT_FALSE(d.rf.bipolar);
}

TEST(CaseReader, RejectsRfSettingsThatDoNotFit) {
  const std::string rf =
      with(kPen, "passes", "passes = 2\nrf_power_w = 10\npulse_duration_ms = 100");
  const std::string pen = with(rf, "kind", "kind = \"rf_pen\"");
  EXPECT_THAT(error_of(with(pen, "passes", "passes = 2\nenergy_per_pin_mj = 5")),
              HasSubstr("device.energy_per_pin_mj = 5: give rf_power_w"));
  EXPECT_THAT(error_of(with(pen, "passes", "passes = 2\nsub_pulse_interval_ms = 5")),
              HasSubstr("device.sub_pulse_interval_ms = 5: only with sub_pulses > 1"));
  EXPECT_THAT(error_of(with(pen, "passes", "passes = 2\nsub_pulses = 3")),
              HasSubstr("device.sub_pulse_interval_ms is missing"));
  EXPECT_THAT(error_of(with(pen, "passes", "passes = 2\ninsulated_length_mm = 6")),
              HasSubstr("device.insulated_length_mm = 6: must be at least 0.1 mm shorter"));
  EXPECT_THAT(error_of(with(pen, "kind", "kind = \"rf_pen\"\nmotion = \"stamp\"")),
              HasSubstr("only with motion = \"glide\""));
}

TEST(CaseReader, RejectsTooManyNeedlesForTheDrum) {
  std::string crowded = with(kRoller, "needle_count", "needle_count = 1200");
  crowded = with(crowded, "needle_diameter_mm", "needle_diameter_mm = 0.5");
  crowded = with(crowded, "drum_width_mm", "drum_width_mm = 10.0");
  EXPECT_THAT(
      error_of(crowded),
      HasSubstr("device.needle_count = 1200: must be few enough to fit on a 20 x 10 mm drum"));
  EXPECT_THAT(error_of(with(kRoller, "passes", "passes = 16\nneedle_rows = 96")),
              HasSubstr("device.needle_count = 192: must be few enough to fit"));
}

TEST(CaseReader, RejectsMoreRowsThanNeedles) {
  EXPECT_THAT(error_of(with(kRoller, "passes", "passes = 16\nneedle_rows = 300")),
              HasSubstr("device.needle_rows = 300"));
}

TEST(CaseReader, RejectsTooManyNeedlesForTheStampPlate) {
  EXPECT_THAT(error_of(with(kStamp, "stamp_area_mm2", "stamp_area_mm2 = 2")),
              HasSubstr("must be few enough to fit on a 2 mm2 plate"));
}

TEST(CaseReader, RejectsCartridgeTooSmallForItsNeedles) {
  EXPECT_THAT(
      error_of(with(kPen, "passes", "passes = 3\ncartridge_diameter_mm = 1.0")),
      HasSubstr("device.cartridge_diameter_mm = 1.0: must be wide enough to hold 12 needles"));
}

TEST(CaseReader, RejectsScarWiderThanItsTypeAllows) {
  // Icepick scars are narrower than 2 mm (Jacob, Dover & Kaminer 2001).
  std::string text = with(kRoller, "type", "type = \"icepick\"");
  text = with(text, "width_mm", "width_mm = 3.0");
  EXPECT_THAT(error_of(text), HasSubstr("site.scars[0].width_mm = 3.0: must be a number between "
                                        "0.1 and 2.5 mm for icepick scars"));
}

TEST(CaseReader, RejectsBoxcarDeeperThanWide) {
  std::string text = with(kRoller, "type", "type = \"boxcar\"");
  text = with(text, "width_mm", "width_mm = 1.5");
  text = with(text, "depth_mm", "depth_mm = 2.0");
  EXPECT_THAT(error_of(text),
              HasSubstr("site.scars[0].depth_mm = 2.0: must be no more than width_mm"));
}

TEST(CaseReader, RejectsLesionsLargerThanTheSite) {
  EXPECT_THAT(error_of(with(kRoller, "count", "count = 900")),
              HasSubstr("site.area_cm2 = 25.0: must be at least the area the listed scars"));
}

TEST(CaseReader, RejectsMultipleSessionsWithoutInterval) {
  EXPECT_THAT(error_of(without(kPen, "interval_days")),
              HasSubstr("protocol.interval_days is missing: a whole number between 1 and 365 is "
                        "required when sessions > 1"));
  std::string single = with(kPen, "sessions", "sessions = 1");
  EXPECT_EQ(error_of(without(single, "interval_days")), "(no error)");
}

TEST(CaseReader, SessionDaysAtARegularIntervalAreTheRegularCourse) {
  // kPen's sessions are 30 days apart.
  const Case regular = parse_case(with(kPen, "sessions", "sessions = 3"), "case.toml", vocab());
  const std::string days_text =
      with(without(kPen, "interval_days"), "sessions", "session_days = [0, 30, 60]");
  const Case days = parse_case(days_text, "case.toml", vocab());
  EXPECT_EQ(session_days_of(days.protocol), session_days_of(regular.protocol));
  EXPECT_EQ(session_days_of(days.protocol), (std::vector<int>{0, 30, 60}));
  EXPECT_EQ(days.protocol.sessions, 3);
  EXPECT_EQ(end_day_of(days.protocol), end_day_of(regular.protocol));
  EXPECT_EQ(case_to_json(days)["protocol"]["session_days"], nlohmann::json({0, 30, 60}));
}

TEST(CaseReader, ReadsSessionsOnAnyDays) {
  const Case c = parse_case(
      with(without(kPen, "interval_days"), "sessions", "session_days = [0, 21, 70, 120]"),
      "case.toml", vocab());
  EXPECT_EQ(session_days_of(c.protocol), (std::vector<int>{0, 21, 70, 120}));
  EXPECT_EQ(end_day_of(c.protocol), 120 + 180);
}

TEST(CaseReader, RejectsSessionDaysWithSessionsOrInterval) {
  EXPECT_THAT(error_of(with(kPen, "sessions", "session_days = [0, 30]\nsessions = 2")),
              AllOf(HasSubstr("protocol.session_days = [ 0, 30 ]: give either session_days or "
                              "sessions with interval_days, not both"),
                    HasSubstr("protocol.sessions is given too")));
  EXPECT_THAT(error_of(with(kPen, "sessions", "session_days = [0, 30]")),
              HasSubstr("protocol.interval_days is given too"));
}

TEST(CaseReader, RejectsSessionDaysThatAreNotAscendingDaysFromZero) {
  const std::string allowed =
      "must be an array of 1 to 30 whole days, the first 0, strictly ascending, each at most 3650";
  const auto error_for = [&](const std::string& days) {
    return error_of(with(without(kPen, "interval_days"), "sessions", "session_days = " + days));
  };
  EXPECT_THAT(error_for("[5, 30]"), HasSubstr("protocol.session_days = [ 5, 30 ]: " + allowed));
  EXPECT_THAT(error_for("[0, 30, 30]"),
              HasSubstr("protocol.session_days = [ 0, 30, 30 ]: " + allowed));
  EXPECT_THAT(error_for("[0, 40, 30]"), HasSubstr(allowed));
  EXPECT_THAT(error_for("[0, 3651]"), HasSubstr(allowed));
  EXPECT_THAT(error_for("[0, 1.5]"), HasSubstr(allowed));
  EXPECT_THAT(error_for("[]"), HasSubstr(allowed));
  EXPECT_THAT(error_for("7"), HasSubstr("protocol.session_days = 7: " + allowed));
  std::string many = "[0";
  for (int d = 1; d <= 30; ++d) many += ", " + std::to_string(d);
  EXPECT_THAT(error_for(many + "]"), HasSubstr(allowed));
}

TEST(CaseReader, ReadsMaintenanceEveryNMonthsFromTheLastCourseSession) {
  const Case c =
      parse_case(std::string(kPen) + "[protocol.maintenance]\ninterval_months = 12\nsessions = 3\n",
                 "case.toml", vocab());
  EXPECT_EQ(c.protocol.maintenance.interval_months, 12);
  // Course: 0, 30, 60, 90; a month is 30.4375 days, so a year is 365.25,
  // rounded: 455, 821 (820.5 rounds up), 1186.
  EXPECT_EQ(maintenance_session_days(c.protocol), (std::vector<int>{455, 821, 1186}));
  EXPECT_EQ(session_days_of(c.protocol).size(), 7u);
  EXPECT_EQ(end_day_of(c.protocol), 1186 + 180) << "follow-up counts from the last maintenance";
  EXPECT_EQ(course_session_days(without_maintenance(c.protocol, true)).back(), 90);
  EXPECT_EQ(end_day_of(without_maintenance(c.protocol, true)), end_day_of(c.protocol));
  const nlohmann::json echo = case_to_json(c)["protocol"]["maintenance"];
  EXPECT_EQ(echo["sessions"], 3);
  EXPECT_EQ(echo["session_days"], nlohmann::json({455, 821, 1186}));
}

TEST(CaseReader, RejectsBadMaintenance) {
  const auto error_for = [](const std::string& table) {
    return error_of(std::string(kPen) + "[protocol.maintenance]\n" + table);
  };
  EXPECT_THAT(error_for("interval_months = 0\nsessions = 2\n"),
              HasSubstr("protocol.maintenance.interval_months = 0: must be"));
  EXPECT_THAT(error_for("interval_months = 61\nsessions = 2\n"),
              AllOf(HasSubstr("protocol.maintenance.interval_months = 61"), HasSubstr("60")));
  EXPECT_THAT(error_for("interval_months = 12\nsessions = 21\n"),
              AllOf(HasSubstr("protocol.maintenance.sessions = 21"), HasSubstr("20")));
  EXPECT_THAT(error_for("interval_months = 12\n"),
              HasSubstr("protocol.maintenance.sessions is missing"));
  EXPECT_THAT(error_for("interval_months = 12\nsessions = 2\nevery = 3\n"),
              HasSubstr("protocol.maintenance.every"));
}

TEST(CaseReader, RejectsACourseLongerThanTenYearsNamingTheKeyThatTakesItPast) {
  const std::string why = "must end within 3653 days (10 years) of the first session";
  // Maintenance past ten years.
  EXPECT_THAT(
      error_of(std::string(kPen) + "[protocol.maintenance]\ninterval_months = 60\nsessions = 2\n"),
      AllOf(HasSubstr("protocol.maintenance.sessions = 2: the course, its maintenance and "
                      "follow-up " +
                      why),
            HasSubstr("day 3923")));
  // Follow-up past ten years after the last maintenance session.
  EXPECT_THAT(error_of(with(kPen, "follow_up_days", "follow_up_days = 3000") +
                       "[protocol.maintenance]\ninterval_months = 12\nsessions = 2\n"),
              HasSubstr("protocol.follow_up_days = 3000: the course, its maintenance"));
  // A regular course past ten years.
  EXPECT_THAT(error_of(with(with(kPen, "sessions", "sessions = 30"), "interval_days",
                            "interval_days = 200")),
              HasSubstr("protocol.interval_days = 200: the course, its maintenance"));
}

TEST(CaseReader, RejectsBlockLargerThanPatch) {
  EXPECT_THAT(error_of(with(kPen, "fidelity", "fidelity = \"full\"\npatch_mm = 3\nblock_mm = 4")),
              HasSubstr("simulation.block_mm = 4: must be no larger than patch_mm = 3"));
}

TEST(CaseReader, RejectsBlockTooLargeForMemory) {
  EXPECT_THAT(error_of(with(kPen, "fidelity", "fidelity = \"full\"\nblock_mm = 10\nvoxel_um = 2")),
              HasSubstr("simulation.voxel_um = 2: must be coarse enough"));
}

TEST(CaseReader, ReadsStriae) {
  std::string text = std::string(kStamp) + "\n";
  text = with(text, "area_cm2",
              "area_cm2 = 120.0\n[[site.striae]]\nstage = \"alba\"\ncount = 5\nwidth_mm = "
              "4\nlength_mm = 60");
  const Case c = parse_case(text, "case.toml", vocab());
  ASSERT_EQ(c.site.striae.size(), 1u);
  EXPECT_EQ(c.site.striae[0].stage, StriaeStage::alba);
  EXPECT_DOUBLE_EQ(c.site.striae[0].length_um, 60000.0);
}

TEST(CaseReader, RejectsStriaeShorterThanWide) {
  std::string text = with(kStamp, "area_cm2",
                          "area_cm2 = 120.0\n[[site.striae]]\nstage = \"rubra\"\ncount = "
                          "1\nwidth_mm = 10\nlength_mm = 6");
  EXPECT_THAT(error_of(text), HasSubstr("site.striae[0].length_mm = 6: must be at least width_mm"));
}

// --- [site.surface]: a measured scan ----------------------------------------

std::string with_surface(const std::string& keys) {
  return with(kPen, "area_cm2", "area_cm2 = 30.0\n[site.surface]\n" + keys);
}

const char* kPngSurface = "scan = \"scans/cheek.png\"\npixel_um = 20.0\nheight_per_level_um = 0.5";

TEST(CaseReader, ReadsASurfaceScanResolvedAgainstTheCaseFolder) {
  const Case c = parse_case(with_surface(kPngSurface), "clinic/cases/case.toml", vocab());
  ASSERT_TRUE(c.surface_scan.has_value());
  EXPECT_EQ(c.surface_scan->scan, "scans/cheek.png");
  EXPECT_EQ(c.surface_scan->file, fs::path("clinic/cases/scans/cheek.png"));
  EXPECT_DOUBLE_EQ(c.surface_scan->options.pixel_um, 20.0);
  EXPECT_DOUBLE_EQ(c.surface_scan->options.height_per_level_um, 0.5);
  EXPECT_FALSE(c.surface_scan->mesh_unit_given);
  EXPECT_FALSE(parse_case(kPen, "case.toml", vocab()).surface_scan.has_value());

  const nlohmann::json j = case_to_json(c)["site"]["surface"];
  EXPECT_EQ(j["scan"], "scans/cheek.png");
  EXPECT_EQ(j["file"], "clinic/cases/scans/cheek.png");
  EXPECT_EQ(j["pixel_um"], 20.0);
  EXPECT_EQ(j["height_per_level_um"], 0.5);
  EXPECT_FALSE(j.contains("mesh_unit"));
  EXPECT_FALSE(case_to_json(parse_case(kPen, "case.toml", vocab()))["site"].contains("surface"));
}

TEST(CaseReader, ReadsAMeshScanWithItsUnitAndACsvWithoutPixelSize) {
  const Case m =
      parse_case(with_surface("scan = \"/data/cheek.STL\"\npixel_um = 25\nmesh_unit = \"um\""),
                 "case.toml", vocab());
  EXPECT_EQ(m.surface_scan->file, fs::path("/data/cheek.STL"));  // absolute stays as given
  EXPECT_EQ(m.surface_scan->options.mesh_unit, MeshUnit::um);
  EXPECT_EQ(case_to_json(m)["site"]["surface"]["mesh_unit"], "um");
  const Case csv = parse_case(with_surface("scan = \"cheek.csv\""), "case.toml", vocab());
  EXPECT_DOUBLE_EQ(csv.surface_scan->options.pixel_um, 0.0);  // the file's header may give it
}

TEST(CaseReader, SurfaceScanKeepsTheScarGroupsForTheRestOfTheModel) {
  std::string text =
      with(kRoller, "area_cm2", "area_cm2 = 25.0\n[site.surface]\n" + std::string(kPngSurface));
  const Case c = parse_case(text, "case.toml", vocab());
  EXPECT_TRUE(c.surface_scan.has_value());
  EXPECT_EQ(c.site.scars.size(), 1u);
}

TEST(CaseReader, RejectsSurfaceScanKeysOfTheWrongType) {
  EXPECT_THAT(
      error_of(with_surface("scan = \"a.png\"\npixel_um = \"20\"\nheight_per_level_um = 0.5")),
      AllOf(HasSubstr("case.toml: site.surface.pixel_um = \"20\": must be a number"),
            HasSubstr("um")));
  EXPECT_THAT(error_of(with_surface("scan = 3")),
              HasSubstr("case.toml: site.surface.scan = 3: must be a non-empty string"));
  EXPECT_THAT(error_of(with(kPen, "area_cm2", "area_cm2 = 30.0\nsurface = \"cheek.png\"")),
              HasSubstr("site.surface = \"cheek.png\": must be a table [site.surface]"));
}

TEST(CaseReader, RejectsANegativePixelSize) {
  EXPECT_THAT(
      error_of(with_surface("scan = \"a.png\"\npixel_um = -20\nheight_per_level_um = 0.5")),
      HasSubstr(
          "case.toml: site.surface.pixel_um = -20: must be a number between 0.1 and 10000 um"));
  EXPECT_THAT(
      error_of(with_surface("scan = \"a.png\"\npixel_um = 20\nheight_per_level_um = 0")),
      HasSubstr(
          "site.surface.height_per_level_um = 0: must be a number between 0.0001 and 100 um"));
}

TEST(CaseReader, RejectsAnUnknownSurfaceKey) {
  EXPECT_THAT(
      error_of(with_surface(std::string(kPngSurface) + "\npixel_mm = 0.02")),
      AllOf(HasSubstr("site.surface.pixel_mm = 0.02: unknown key"), HasSubstr("\"pixel_um\"")));
}

TEST(CaseReader, RejectsASurfaceWithoutScanOrOfAnUnknownFormat) {
  EXPECT_THAT(error_of(with_surface("pixel_um = 20")),
              HasSubstr("site.surface.scan is missing: the scan file"));
  EXPECT_THAT(error_of(with_surface("scan = \"cheek.jpg\"\npixel_um = 20")),
              AllOf(HasSubstr("site.surface.scan = \"cheek.jpg\": must be a file ending in .png"),
                    HasSubstr(".stl")));
}

TEST(CaseReader, RejectsSurfaceKeysTheFormatDoesNotTake) {
  EXPECT_THAT(error_of(with_surface("scan = \"a.png\"\nheight_per_level_um = 0.5")),
              HasSubstr("site.surface.pixel_um is missing: the pixel size in um (0.1 to 10000) is "
                        "required for a .png scan"));
  EXPECT_THAT(error_of(with_surface("scan = \"a.png\"\npixel_um = 20")),
              HasSubstr("site.surface.height_per_level_um is missing"));
  EXPECT_THAT(error_of(with_surface(std::string(kPngSurface) + "\nmesh_unit = \"mm\"")),
              HasSubstr("site.surface.mesh_unit = \"mm\": must be absent for a .png scan"));
  EXPECT_THAT(error_of(with_surface("scan = \"a.csv\"\nheight_per_level_um = 0.5")),
              HasSubstr("site.surface.height_per_level_um = 0.5: must be absent for a .csv scan"));
  EXPECT_THAT(error_of(with_surface("scan = \"a.obj\"\npixel_um = 20\nmesh_unit = \"cm\"")),
              HasSubstr("site.surface.mesh_unit = \"cm\": must be one of"));
}

TEST(CaseReader, AMissingScanFileIsNamedWhenTheScanIsRead) {
  // The case reads (the file is read with the try-on); read_scan then names
  // the resolved file.
  const fs::path dir = fs::temp_directory_path() / "citsim_case_reader_missing_scan";
  fs::create_directories(dir);
  std::ofstream(dir / "case.toml")
      << with_surface("scan = \"scans/nowhere.png\"\npixel_um = 20\nheight_per_level_um = 0.5");
  const Case c = read_case(dir / "case.toml", vocab());
  ASSERT_TRUE(c.surface_scan.has_value());
  EXPECT_EQ(c.surface_scan->file, dir / "scans" / "nowhere.png");
  try {
    read_scan(c.surface_scan->file, c.surface_scan->options);
    ADD_FAILURE() << "expected an error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_THAT(m, AllOf(HasSubstr((dir / "scans" / "nowhere.png").string() + ": cannot read")));
    EXPECT_EQ(m.find('\n'), std::string::npos);
  }
  fs::remove_all(dir);
}

TEST(CaseReader, TheScanExampleReadsAndItsScanExists) {
  const Case c = read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / "scan-acne-scars.toml", vocab());
  ASSERT_TRUE(c.surface_scan.has_value());
  EXPECT_TRUE(fs::exists(c.surface_scan->file)) << c.surface_scan->file;
  EXPECT_TRUE(c.site.scars.empty());
}

}  // namespace
}  // namespace citsim
