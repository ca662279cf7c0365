#include "citsim/pipeline/tryon.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "citsim/core/error.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/planner/vocabulary.hpp"

namespace citsim {
namespace {

namespace fs = std::filesystem;

/// RFC 4648 decoding, written independently of the encoder under test.
std::vector<std::uint8_t> unbase64(const std::string& text) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<std::uint8_t> out;
  unsigned bits = 0;
  int count = 0;
  for (char ch : text) {
    if (ch == '=') break;
    bits = (bits << 6) | static_cast<unsigned>(alphabet.find(ch));
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<std::uint8_t>((bits >> count) & 0xffu));
    }
  }
  return out;
}

struct Fixture {
  Case c;
  ModelData model;
  TryonData data;
};

const Fixture& acne() {
  static const Fixture f = [] {
    const Vocabulary vocabulary = read_vocabulary(CITSIM_TEST_DATA_DIR);
    return Fixture{
        read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / "roller-acne-scars.toml", vocabulary),
        read_model_data(CITSIM_TEST_DATA_DIR), read_tryon_data(CITSIM_TEST_DATA_DIR)};
  }();
  return f;
}

TEST(TryonBands, AMemberInTheShownResponsesUnitsLooksAsWithItsOwn) {
  const Fixture& f = acne();
  const TryonModel shown = tryon_model(f.c, f.model, f.data);
  std::vector<ObservableRow> rows(3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].day = 60.0 * static_cast<double>(i);
    rows[i][Observable::collagen_deposited_change_pct] = 15.0 * static_cast<double>(i);
  }
  TryonModel own = shown;
  own.response.fill_per_gain = 2.5 * shown.response.fill_per_gain;
  own.response.line_fill_per_gain = 0.5 * shown.response.line_fill_per_gain;
  const auto mine = visible_course(rows, own.response.visible);
  const auto converted = member_visible(rows, own.response, shown.response, false);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_NEAR(surface_state(own, mine[i]).scar_depth_change_pct,
                surface_state(shown, converted[i]).scar_depth_change_pct, 1e-9);
    EXPECT_NEAR(line_scale(own, mine[i]), line_scale(shown, converted[i]), 1e-12);
  }
  EXPECT_LT(surface_state(shown, converted.back()).scar_depth_change_pct,
            surface_state(shown, visible_course(rows, shown.response.visible).back())
                .scar_depth_change_pct)
      << "a member that fills more shows shallower scars";
}

TEST(TryonLines, TheNecksLinesTakeTheirShareOfTheFacesResponse) {
  const Vocabulary vocabulary = read_vocabulary(CITSIM_TEST_DATA_DIR);
  const Fixture neck{
      read_case(fs::path(CITSIM_TEST_EXAMPLES_DIR) / "trials" / "alqam2022-pen-neck-lines.toml",
                vocabulary),
      read_model_data(CITSIM_TEST_DATA_DIR), read_tryon_data(CITSIM_TEST_DATA_DIR)};
  const TryonModel on_neck = tryon_model(neck.c, neck.model, neck.data);
  ASSERT_TRUE(on_neck.has_lines());
  EXPECT_TRUE(on_neck.lines_on_neck);
  EXPECT_FALSE(tryon_model(acne().c, acne().model, acne().data).lines_on_neck);
  const double r = neck.data.response.neck_line_response;
  ASSERT_GT(r, 0.0);
  ASSERT_LT(r, 1.0);
  TryonModel as_face = on_neck;
  as_face.lines_on_neck = false;
  const VisibleChange v{.day = 150.0, .matrix_lift = 0.3};
  // exp(-k r a L) against exp(-k a L): the exponents' ratio is r.
  EXPECT_NEAR(std::log(line_scale(on_neck, v)) / std::log(line_scale(as_face, v)), r, 1e-12);
  EXPECT_GT(line_scale(on_neck, v), line_scale(as_face, v)) << "the neck's lines fill less";

  // A member with its own share, in the shown response's units.
  std::vector<ObservableRow> rows(3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    rows[i].day = 60.0 * static_cast<double>(i);
    rows[i][Observable::collagen_deposited_change_pct] = 15.0 * static_cast<double>(i);
  }
  TryonModel own = on_neck;
  own.response.neck_line_response = 0.5 * r;
  const auto mine = visible_course(rows, own.response.visible);
  const auto converted = member_visible(rows, own.response, on_neck.response, true);
  const auto as_if_face = member_visible(rows, own.response, on_neck.response, false);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_NEAR(line_scale(own, mine[i]), line_scale(on_neck, converted[i]), 1e-12);
    EXPECT_NE(line_scale(own, mine[i]), line_scale(on_neck, as_if_face[i]))
        << "off the neck, the share does not enter";
  }
}

TEST(TryonBands, PercentilesOfEachPartAreOrdered) {
  std::vector<std::vector<VisibleChange>> members;
  for (int m = 0; m < 9; ++m) {
    const double x = 0.1 * ((m * 4) % 9);
    members.push_back({VisibleChange{.day = 1.0,
                                     .matrix_lift = x,
                                     .line_per_matrix = 2.0,
                                     .epidermal_gain = 1.0 - x,
                                     .swelling_pct = x}});
  }
  const VisibleBands b = visible_bands(members);
  EXPECT_LT(b.p10[0].matrix_lift, b.p50[0].matrix_lift);
  EXPECT_LT(b.p50[0].matrix_lift, b.p90[0].matrix_lift);
  EXPECT_NEAR(b.p50[0].matrix_lift, 0.4, 1e-12);
  EXPECT_NEAR(b.p90[0].line_per_matrix, 2.0, 1e-12) << "lines keep their own lift";
  EXPECT_LT(b.p10[0].epidermal_gain, b.p90[0].epidermal_gain);
  EXPECT_EQ(b.p50[0].day, 1.0);
}

TEST(TryonJson, FramesAreChosenInDayOrderWithoutRepeats) {
  const std::vector<double> days{0, 0.5, 1, 2, 10, 30, 31, 45, 60, 90};
  const std::vector<double> flat(days.size(), 0.0);
  std::vector<ObservableRow> rows(days.size());
  for (std::size_t i = 0; i < days.size(); ++i) rows[i].day = days[i];
  const auto frames = tryon_frames(days, {0, 30, 60}, nominal_visible(rows, VisibleParams{}),
                                   Band{flat, flat, flat}, {2, 44});
  std::vector<double> got;
  for (const auto& f : frames) got.push_back(f.day);
  // before, day 1, sessions 30 and 60, monthly 30/60 (already there), chosen
  // 2 and 44 (the first row at or after: 45), the end.
  EXPECT_EQ(got, (std::vector<double>{0, 1, 2, 30, 45, 60, 90}));
  EXPECT_EQ(frames.front().label, "before");
}

TEST(TryonJson, HeightsDecodeToTheModelSurfaceAndGradesFollowTheFill) {
  const Fixture& f = acne();
  const TryonModel model = tryon_model(f.c, f.model, f.data);
  std::vector<TryonFrame> frames(2);
  frames[0].label = "before";
  frames[1].day = 150;
  frames[1].label = "day 150";
  frames[1].p10 = VisibleChange{.day = 150, .matrix_lift = 0.05};
  frames[1].p50 = VisibleChange{.day = 150, .matrix_lift = 0.2};
  frames[1].p90 = VisibleChange{.day = 150, .matrix_lift = 0.6};
  const nlohmann::json j = tryon_json(model, frames, 4, f.data.surface.grade, 50);
  ASSERT_EQ(j.at("format"), "citsim-tryon/1");
  const int nx = j.at("nx"), ny = j.at("ny");
  EXPECT_LE(nx, 50);
  EXPECT_NEAR(nx * j.at("pixel_um").get<double>(), model.surface.relief.width_um(),
              j.at("pixel_um").get<double>());

  // Frame 1, P50: the decoded heights are block means of surface_at(0.2).
  const std::vector<std::uint8_t> bytes = unbase64(j["frames"][1]["heights"]["p50"]);
  ASSERT_EQ(bytes.size(), static_cast<std::size_t>(2 * nx * ny));
  const HeightMap map = surface_at(model, frames[1].p50);
  const int block = map.nx / nx;
  for (int jj : {0, ny / 3, ny - 1}) {
    for (int ii : {0, nx / 2, nx - 1}) {
      double mean = 0.0;
      for (int b = 0; b < block; ++b)
        for (int a = 0; a < block; ++a) mean += map.at(ii * block + a, jj * block + b);
      mean /= block * block;
      const std::size_t k = 2 * (static_cast<std::size_t>(jj) * static_cast<std::size_t>(nx) +
                                 static_cast<std::size_t>(ii));
      const auto raw =
          static_cast<std::int16_t>(static_cast<std::uint16_t>(bytes[k] | (bytes[k + 1] << 8)));
      EXPECT_NEAR(raw * 0.1, mean, 0.051) << ii << "," << jj;
    }
  }
  // The most improved outcome is never graded worse than before treatment,
  // and its scars are shallower.
  const auto& before = j["frames"][0]["metrics"];
  const auto& after = j["frames"][1]["metrics"];
  EXPECT_LE(after["goodman_baron_grade"]["p90"]["grade"].get<int>(),
            before["goodman_baron_grade"]["p50"]["grade"].get<int>());
  EXPECT_LT(after["scar_depth_um"]["p90"].get<double>(),
            after["scar_depth_um"]["p10"].get<double>());
  EXPECT_LT(after["scar_depth_change_pct"]["p50"].get<double>(), 0.0);
}

TEST(TryonJson, ResponseFileErrorsNameTheKey) {
  const fs::path dir = fs::temp_directory_path() / "citsim-tryon-setup-test";
  fs::create_directories(dir);
  const fs::path good = fs::path(CITSIM_TEST_DATA_DIR) / "surface" / "response.toml";
  std::ifstream in(good);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto message = [&](const std::string& edited) {
    std::ofstream(dir / "response.toml") << edited;
    try {
      read_scar_response(dir / "response.toml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(text), "no error");
  std::string bad = text;
  bad.replace(bad.find("value = 100.0"), 13, "value = -5.0");
  EXPECT_NE(message(bad).find("skin_indent.value = -5"), std::string::npos) << message(bad);
  EXPECT_NE(message(text + "\n[extra]\nvalue = 1\n").find("extra"), std::string::npos);
  bad = text;
  bad.replace(bad.find("unit = \"um\""), 11, "unit = \"mm\"");
  EXPECT_NE(message(bad).find("skin_indent.unit"), std::string::npos) << message(bad);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace citsim
