#include "citsim/pipeline/case_reader.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/core/toml_fields.hpp"
#include "citsim/core/units.hpp"

namespace citsim {

namespace {

using detail::TableReader;
using units::mm_to_um;

template <typename Map>
std::vector<std::string> keys_of(const Map& map) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : map) keys.push_back(k);
  return keys;
}

std::vector<std::string> zone_names() {
  std::vector<std::string> names;
  for (Zone z : kAllZones) names.emplace_back(to_string(z));
  return names;
}

// ---------------------------------------------------------------------------
// Limits of the case format. These bound what a case may say; they are
// product specifications and sanity ranges, not model parameters, and are
// documented with their sources in docs/case-format.md.

struct KindLimits {
  DeviceKind kind;
  double min_length_mm, max_length_mm;  // needle length or depth setting
  std::int64_t max_needles;
  std::int64_t max_passes;
};

constexpr std::array<KindLimits, 4> kKindLimits = {{
    {DeviceKind::roller, 0.1, 3.0, 1200, 40},
    {DeviceKind::stamp, 0.1, 3.0, 300, 20},
    {DeviceKind::pen, 0.1, 2.5, 64, 10},
    {DeviceKind::rf_pen, 0.3, 7.0, 100, 5},
}};

// Keys each device kind takes besides kind, needles and passes.
const std::vector<std::string>& kind_keys(DeviceKind kind) {
  static const std::vector<std::string> roller = {"drum_diameter_mm", "drum_width_mm",
                                                  "needle_rows"};
  static const std::vector<std::string> stamp = {"stamp_area_mm2"};
  static const std::vector<std::string> pen = {"stroke_rate_hz", "glide_speed_mm_s",
                                               "cartridge_diameter_mm", "pattern"};
  static const std::vector<std::string> rf = {"stroke_rate_hz",
                                              "glide_speed_mm_s",
                                              "cartridge_diameter_mm",
                                              "pattern",
                                              "rf_power_w",
                                              "pulse_duration_ms",
                                              "insulated_needles",
                                              "bipolar",
                                              "energy_per_pin_mj",
                                              "insulated_length_mm",
                                              "frequency_mhz",
                                              "sub_pulses",
                                              "sub_pulse_interval_ms",
                                              "stacks",
                                              "stack_interval_ms",
                                              "pin_pitch_mm",
                                              "motion"};
  switch (kind) {
    case DeviceKind::roller:
      return roller;
    case DeviceKind::stamp:
      return stamp;
    case DeviceKind::pen:
      return pen;
    case DeviceKind::rf_pen:
      return rf;
  }
  return roller;
}

// ---------------------------------------------------------------------------

Patient read_patient(TableReader& root, const Vocabulary& vocab) {
  TableReader t(root.table("patient"), root.file(), "patient.");
  Patient p;
  p.age_years = static_cast<int>(t.integer("age_years", 12, 100));
  p.sex = t.choice("sex", {"female", "male"}) == "female" ? Sex::female : Sex::male;
  p.fitzpatrick = static_cast<int>(t.integer("fitzpatrick", 1, 6));
  p.conditions = t.string_list("conditions", keys_of(vocab.conditions));
  if (const auto* meds = t.optional_table_array("medications")) {
    const auto names = keys_of(vocab.medications);
    for (std::size_t i = 0; i < meds->size(); ++i) {
      TableReader m(*(*meds)[i].as_table(), root.file(),
                    fmt::format("patient.medications[{}].", i));
      Medication med;
      med.name = m.choice("name", names);
      med.current = m.optional_boolean("current").value_or(false);
      if (auto stopped = m.optional_integer("stopped_days_ago", 0, 36500)) {
        med.stopped_days_ago = static_cast<int>(*stopped);
      }
      if (med.current && med.stopped_days_ago) {
        m.fail("stopped_days_ago",
               "absent when current = true (a medication is either current or stopped)");
      }
      if (!med.current && !med.stopped_days_ago) {
        m.fail_missing("stopped_days_ago",
                       "give current = true or stopped_days_ago = DAYS (0 to 36500)");
      }
      for (const auto& earlier : p.medications) {
        if (earlier.name == med.name) m.fail("name", "a medication not listed before");
      }
      m.finish();
      p.medications.push_back(med);
    }
  }
  t.finish();
  return p;
}

ScarGroup read_scar(const toml::table& table, const std::string& file, std::size_t i) {
  TableReader t(table, file, fmt::format("site.scars[{}].", i));
  ScarGroup s;
  const std::string type = t.choice("type", {"icepick", "boxcar", "rolling"});
  s.type = *scar_type_from_string(type);
  s.count = static_cast<int>(t.integer("count", 1, 1000));
  s.depth_um = mm_to_um(t.number("depth_mm", 0.05, 3.0, "mm"));
  // Widths follow Jacob, Dover & Kaminer 2001 (J Am Acad Dermatol 45:109):
  // icepick < 2 mm, boxcar 1.5-4 mm, rolling 4-5 mm; bounds are kept loose
  // so that measured scars just outside the classic ranges still read.
  struct WidthRange {
    double lo, hi;
  };
  const WidthRange w = s.type == ScarType::icepick  ? WidthRange{0.1, 2.5}
                       : s.type == ScarType::boxcar ? WidthRange{1.0, 6.0}
                                                    : WidthRange{2.0, 20.0};
  s.width_um = mm_to_um(t.number("width_mm", w.lo, w.hi, fmt::format("mm for {} scars", type)));
  if (s.type != ScarType::icepick && s.depth_um > s.width_um) {
    t.fail("depth_mm",
           fmt::format("no more than width_mm = {:g} for a {} scar (they are wider than deep)",
                       units::um_to_mm(s.width_um), type));
  }
  t.finish();
  return s;
}

StriaeGroup read_striae(const toml::table& table, const std::string& file, std::size_t i) {
  TableReader t(table, file, fmt::format("site.striae[{}].", i));
  StriaeGroup s;
  s.stage = *striae_stage_from_string(t.choice("stage", {"rubra", "alba"}));
  s.count = static_cast<int>(t.integer("count", 1, 200));
  s.width_um = mm_to_um(t.number("width_mm", 0.5, 20.0, "mm"));
  s.length_um = mm_to_um(t.number("length_mm", 5.0, 300.0, "mm"));
  s.depth_um = mm_to_um(t.optional_number("depth_mm", 0.01, 1.0, "mm").value_or(0.1));
  if (s.length_um < s.width_um) {
    t.fail("length_mm", "at least width_mm (striae are longer than wide)");
  }
  t.finish();
  return s;
}

// Scan formats by extension (as read_scan takes them).
const std::vector<std::string> kScanImages = {".png", ".tif", ".tiff"};
const std::vector<std::string> kScanMeshes = {".obj", ".ply", ".stl"};

bool one_of(const std::string& ext, const std::vector<std::string>& list) {
  return std::find(list.begin(), list.end(), ext) != list.end();
}

/// [site.surface]: the keys, their ranges, and which keys each format takes.
/// The file itself is read later (read_scan names it in its errors).
SurfaceScan read_surface_scan(const toml::table& table, const std::string& file) {
  TableReader t(table, file, "site.surface.");
  SurfaceScan s;
  const auto scan = t.optional_text("scan");
  if (!scan) {
    t.fail_missing("scan",
                   "the scan file (.png, .tif, .tiff, .csv, .obj, .ply or .stl), "
                   "relative to the case file");
  }
  s.scan = *scan;
  std::string ext = std::filesystem::path(s.scan).extension().string();
  for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const bool image = one_of(ext, kScanImages);
  const bool mesh = one_of(ext, kScanMeshes);
  if (!image && !mesh && ext != ".csv") {
    t.fail("scan",
           "a file ending in .png, .tif, .tiff (16-bit height images), .csv (heights) "
           "or .obj, .ply, .stl (meshes)");
  }
  const std::filesystem::path given(s.scan);
  s.file = given.is_absolute() ? given : std::filesystem::path(file).parent_path() / given;
  s.options.pixel_um = t.optional_number("pixel_um", 0.1, 10000.0, "um").value_or(0.0);
  s.options.height_per_level_um =
      t.optional_number("height_per_level_um", 0.0001, 100.0, "um").value_or(0.0);
  if (const auto unit = t.optional_choice("mesh_unit", {"mm", "um"})) {
    s.options.mesh_unit = *unit == "mm" ? MeshUnit::mm : MeshUnit::um;
    s.mesh_unit_given = true;
  }
  if ((image || mesh) && s.options.pixel_um == 0.0) {
    t.fail_missing("pixel_um", fmt::format("the pixel size in um (0.1 to 10000) is required for a "
                                           "{} scan",
                                           ext));
  }
  if (ext == ".png" && s.options.height_per_level_um == 0.0) {
    t.fail_missing(
        "height_per_level_um",
        "the height of one grey level in um (0.0001 to 100) is required for a .png scan");
  }
  if (!image && t.has("height_per_level_um")) {
    t.fail("height_per_level_um",
           fmt::format("absent for a {} scan (only images have grey levels)", ext));
  }
  if (!mesh && s.mesh_unit_given) {
    t.fail("mesh_unit",
           fmt::format("absent for a {} scan (only .obj, .ply and .stl meshes have one)", ext));
  }
  t.finish();
  return s;
}

Site read_site(TableReader& root, const Vocabulary& vocab, std::optional<SurfaceScan>& scan) {
  TableReader t(root.table("site"), root.file(), "site.");
  Site s;
  s.zone = *zone_from_string(t.choice("zone", zone_names()));
  s.indication = t.choice("indication", keys_of(vocab.indications));
  s.area_cm2 = t.number("area_cm2", 0.5, 3000.0, "cm2");
  if (const auto* scars = t.optional_table_array("scars")) {
    for (std::size_t i = 0; i < scars->size(); ++i) {
      s.scars.push_back(read_scar(*(*scars)[i].as_table(), root.file(), i));
    }
  }
  if (const auto* striae = t.optional_table_array("striae")) {
    for (std::size_t i = 0; i < striae->size(); ++i) {
      s.striae.push_back(read_striae(*(*striae)[i].as_table(), root.file(), i));
    }
  }
  if (const auto* surface = t.optional_table("surface")) {
    scan = read_surface_scan(*surface, root.file());
  }
  // The lesions must fit on the site.
  double lesion_area_cm2 = 0.0;
  for (const auto& scar : s.scars) {
    const double r_cm = scar.width_um / units::um_per_cm / 2.0;
    lesion_area_cm2 += scar.count * units::pi * r_cm * r_cm;
  }
  for (const auto& st : s.striae) {
    lesion_area_cm2 +=
        st.count * (st.width_um / units::um_per_cm) * (st.length_um / units::um_per_cm);
  }
  if (lesion_area_cm2 > s.area_cm2) {
    t.fail("area_cm2",
           fmt::format("at least the area the listed scars and striae cover ({:.3g} cm2)",
                       lesion_area_cm2));
  }
  t.finish();
  return s;
}

Needles read_needles(TableReader& t, const KindLimits& lim) {
  Needles n;
  n.length_um = mm_to_um(t.number("needle_length_mm", lim.min_length_mm, lim.max_length_mm,
                                  fmt::format("mm for a {}", to_string(lim.kind))));
  n.count = static_cast<int>(t.integer("needle_count", 1, lim.max_needles));
  n.diameter_um = mm_to_um(t.number("needle_diameter_mm", 0.05, 0.5, "mm"));
  return n;
}

Pen read_pen(TableReader& t, Needles needles, const KindLimits& lim) {
  Pen p;
  p.needles = needles;
  p.passes = static_cast<int>(t.integer("passes", 1, lim.max_passes));
  p.stroke_rate_hz = t.number("stroke_rate_hz", 10.0, 200.0, "Hz");
  p.glide_speed_um_per_s = mm_to_um(t.number("glide_speed_mm_s", 1.0, 100.0, "mm/s"));
  p.cartridge_diameter_um =
      mm_to_um(t.optional_number("cartridge_diameter_mm", 1.0, 15.0, "mm").value_or(0.0));
  if (auto pattern = t.optional_choice("pattern", {"lines", "circles"})) {
    p.pattern = *pen_pattern_from_string(*pattern);
  }
  if (p.cartridge_diameter_um > 0.0) {
    // The needles must fit side by side within the cartridge.
    const double needle_area =
        p.needles.count * units::pi / 4.0 * p.needles.diameter_um * p.needles.diameter_um;
    const double cartridge_area =
        units::pi / 4.0 * p.cartridge_diameter_um * p.cartridge_diameter_um;
    if (needle_area > 0.5 * cartridge_area) {
      t.fail("cartridge_diameter_mm",
             fmt::format("wide enough to hold {} needles of {:g} mm", p.needles.count,
                         units::um_to_mm(p.needles.diameter_um)));
    }
  }
  return p;
}

DeviceSpec read_device(TableReader& root) {
  TableReader t(root.table("device"), root.file(), "device.");
  const std::string kind_name = t.choice("kind", {"roller", "stamp", "pen", "rf_pen"});
  const DeviceKind kind = *device_kind_from_string(kind_name);
  const KindLimits& lim = kKindLimits[static_cast<std::size_t>(kind)];
  const Needles needles = read_needles(t, lim);

  DeviceSpec spec;
  switch (kind) {
    case DeviceKind::roller: {
      Roller r;
      r.needles = needles;
      r.passes = static_cast<int>(t.integer("passes", 1, lim.max_passes));
      r.drum_diameter_um = mm_to_um(t.number("drum_diameter_mm", 5.0, 60.0, "mm"));
      r.drum_width_um = mm_to_um(t.number("drum_width_mm", 5.0, 60.0, "mm"));
      // Absent: 0, filled in from the device data (device/defaults.hpp).
      r.rows = static_cast<int>(t.optional_integer("needle_rows", 1, 100).value_or(0));
      if (r.rows > r.needles.count) {
        t.fail("needle_rows", fmt::format("no more than needle_count = {}", r.needles.count));
      }
      // Neighbouring needles must not touch: at least two diameters apart on
      // the drum surface (checked per ring when the rows are given).
      const double drum_area_um2 = units::pi * r.drum_diameter_um * r.drum_width_um;
      bool fits =
          drum_area_um2 / r.needles.count >= 4.0 * r.needles.diameter_um * r.needles.diameter_um;
      if (r.rows > 0) {
        const double per_ring = std::ceil(static_cast<double>(r.needles.count) / r.rows);
        const double ring_pitch_um = units::pi * r.drum_diameter_um / per_ring;
        const double row_pitch_um = r.drum_width_um / r.rows;
        fits = fits && ring_pitch_um >= 2.0 * r.needles.diameter_um &&
               row_pitch_um >= 2.0 * r.needles.diameter_um;
      }
      if (!fits) {
        t.fail(
            "needle_count",
            fmt::format(
                "few enough to fit on a {:g} x {:g} mm drum (needles at least two diameters apart)",
                units::um_to_mm(r.drum_diameter_um), units::um_to_mm(r.drum_width_um)));
      }
      if (r.needles.length_um >= r.drum_diameter_um / 2.0) {
        t.fail("needle_length_mm", "shorter than the drum radius");
      }
      spec = r;
      break;
    }
    case DeviceKind::stamp: {
      Stamp s;
      s.needles = needles;
      s.passes = static_cast<int>(t.integer("passes", 1, lim.max_passes));
      s.plate_area_um2 = units::mm2_to_um2(t.number("stamp_area_mm2", 1.0, 2000.0, "mm2"));
      // Needles at least two diameters apart on the plate.
      const double pitch_um = std::sqrt(s.plate_area_um2 / s.needles.count);
      if (pitch_um < 2.0 * s.needles.diameter_um) {
        t.fail("needle_count",
               fmt::format(
                   "few enough to fit on a {:g} mm2 plate (needles at least two diameters apart)",
                   s.plate_area_um2 / units::um2_per_mm2));
      }
      spec = s;
      break;
    }
    case DeviceKind::pen:
      spec = read_pen(t, needles, lim);
      break;
    case DeviceKind::rf_pen: {
      RfPen rf;
      // Glided like a pen, or a tip stamped once per spot and pass (then the
      // keys of the glide have no meaning).
      if (t.optional_choice("motion", {"glide", "stamp"}).value_or("glide") == "glide") {
        rf.pen = read_pen(t, needles, lim);
      } else {
        rf.motion = RfMotion::stamp;
        for (const char* key : {"stroke_rate_hz", "glide_speed_mm_s", "pattern"}) {
          if (t.has(key))
            t.reject(key, "only with motion = \"glide\" (a stamped tip is pressed, not glided)");
        }
        rf.pen.needles = needles;
        rf.pen.passes = static_cast<int>(t.integer("passes", 1, lim.max_passes));
        rf.pen.cartridge_diameter_um =
            mm_to_um(t.optional_number("cartridge_diameter_mm", 1.0, 15.0, "mm").value_or(0.0));
        rf.pen.stroke_rate_hz = 0.0;
        rf.pen.glide_speed_um_per_s = 0.0;
      }
      RfSettings& r = rf.rf;
      // The tip's power, or the energy per pin of one pulse where a device
      // states that: one of the two.
      const auto power = t.optional_number("rf_power_w", 0.0, 100.0, "W");
      const auto energy = t.optional_number("energy_per_pin_mj", 0.0, 1000.0, "mJ");
      if (power && energy) {
        t.reject("energy_per_pin_mj",
                 "give rf_power_w (the tip's power) or energy_per_pin_mj, not both");
      }
      if (!power && !energy) {
        t.fail_missing("rf_power_w",
                       "the tip's power (0 to 100 W) or energy_per_pin_mj (mJ per pin per "
                       "pulse) is required");
      }
      r.pulse_duration_ms = t.number("pulse_duration_ms", 0.1, 5000.0, "ms");
      r.energy_given = energy.has_value();
      r.power_w =
          power ? *power : *energy * 1e-3 / (r.pulse_duration_ms * 1e-3) * rf.pen.needles.count;
      if (r.power_w > 100.0) {
        t.fail("energy_per_pin_mj",
               fmt::format("at most {:g} mJ: {} pins over {:g} ms at the 100 W the tip allows",
                           100.0 * r.pulse_duration_ms / rf.pen.needles.count, rf.pen.needles.count,
                           r.pulse_duration_ms));
      }
      r.insulated_needles = t.optional_boolean("insulated_needles").value_or(true);
      if (const auto len = t.optional_number("insulated_length_mm", 0.0, 6.5, "mm")) {
        if (!r.insulated_needles)
          t.reject("insulated_length_mm", "only with insulated_needles = true");
        if (mm_to_um(*len) > rf.pen.needles.length_um - 100.0) {
          t.fail("insulated_length_mm",
                 fmt::format("at least 0.1 mm shorter than needle_length_mm = {:g} (a bare tip)",
                             units::um_to_mm(rf.pen.needles.length_um)));
        }
        r.insulated_length_um = mm_to_um(*len);
      }
      r.bipolar = t.optional_boolean("bipolar").value_or(true);
      r.frequency_mhz = t.optional_number("frequency_mhz", 0.1, 10.0, "MHz").value_or(1.0);
      r.sub_pulses = static_cast<int>(t.optional_integer("sub_pulses", 1, 10).value_or(1));
      if (r.sub_pulses > 1) {
        r.sub_pulse_interval_ms = t.number("sub_pulse_interval_ms", 0.0, 1000.0, "ms");
      } else if (t.has("sub_pulse_interval_ms")) {
        t.reject("sub_pulse_interval_ms", "only with sub_pulses > 1");
      }
      r.stacks = static_cast<int>(t.optional_integer("stacks", 1, 5).value_or(1));
      if (r.stacks > 1) {
        r.stack_interval_ms = t.number("stack_interval_ms", 0.0, 5000.0, "ms");
      } else if (t.has("stack_interval_ms")) {
        t.reject("stack_interval_ms", "only with stacks > 1");
      }
      r.pin_pitch_um = mm_to_um(t.optional_number("pin_pitch_mm", 0.3, 5.0, "mm").value_or(0.0));
      if (r.pin_pitch_um > 0.0 && r.pin_pitch_um < 2.0 * rf.pen.needles.diameter_um) {
        t.fail("pin_pitch_mm", fmt::format("at least two needle diameters ({:g} mm)",
                                           units::um_to_mm(2.0 * rf.pen.needles.diameter_um)));
      }
      spec = rf;
      break;
    }
  }
  // A key that belongs to another kind of device gets a message that says so.
  for (const auto& key : t.unread_keys()) {
    for (DeviceKind other :
         {DeviceKind::roller, DeviceKind::stamp, DeviceKind::pen, DeviceKind::rf_pen}) {
      for (const auto& k : kind_keys(other)) {
        if (k == key) {
          t.finish(fmt::format(" for kind = \"{}\" (it is a key of kind = \"{}\")", kind_name,
                               to_string(other)));
        }
      }
    }
  }
  t.finish();
  return spec;
}

/// `session_days = [0, 28, 70]`: whole days, the first 0, strictly ascending.
std::vector<int> read_session_days(TableReader& t) {
  constexpr const char* kAllowed =
      "an array of 1 to 30 whole days, the first 0, strictly ascending, each at most 3650";
  const toml::node* node = t.raw("session_days");
  const toml::array* array = node != nullptr ? node->as_array() : nullptr;
  if (array == nullptr || array->empty() || array->size() > 30) t.fail("session_days", kAllowed);
  std::vector<int> days;
  for (const toml::node& item : *array) {
    const auto day = item.value<std::int64_t>();
    if (!item.is_integer() || !day || *day < 0 || *day > 3650 ||
        (days.empty() ? *day != 0 : *day <= days.back())) {
      t.fail("session_days", kAllowed);
    }
    days.push_back(static_cast<int>(*day));
  }
  return days;
}

Protocol read_protocol(TableReader& root) {
  TableReader t(root.table("protocol"), root.file(), "protocol.");
  Protocol p;
  if (t.has("session_days")) {
    for (const char* other : {"sessions", "interval_days"}) {
      if (t.has(other)) {
        t.reject("session_days", fmt::format("give either session_days or sessions with "
                                             "interval_days, not both (protocol.{} is given too)",
                                             other));
      }
    }
    p.session_days = read_session_days(t);
    p.sessions = static_cast<int>(p.session_days.size());
    p.interval_days = 0;
  } else {
    p.sessions = static_cast<int>(t.integer("sessions", 1, 30));
    const auto interval = t.optional_integer("interval_days", 1, 365);
    if (p.sessions > 1 && !interval) {
      t.fail_missing("interval_days",
                     "a whole number between 1 and 365 is required when sessions > 1");
    }
    p.interval_days = static_cast<int>(interval.value_or(0));
  }
  p.follow_up_days = static_cast<int>(t.integer("follow_up_days", 0, 3650));
  std::optional<TableReader> m;
  if (const auto* table = t.optional_table("maintenance")) {
    m.emplace(*table, root.file(), "protocol.maintenance.");
    p.maintenance.interval_months = static_cast<int>(m->integer("interval_months", 1, 60));
    p.maintenance.sessions = static_cast<int>(m->integer("sessions", 1, 20));
    m->finish();
  }
  // Ten years at most from the first session to the end of follow-up: name
  // the key that takes it past (the maintenance, the course, or follow-up).
  const int last = session_days_of(p).back();
  if (last + p.follow_up_days > kMaxCourseSpanDays) {
    const std::string why = fmt::format(
        "the course, its maintenance and follow-up must end within {} days (10 years) of the "
        "first session; here they end on day {}",
        kMaxCourseSpanDays, last + p.follow_up_days);
    if (last <= kMaxCourseSpanDays) t.reject("follow_up_days", why);
    if (m) m->reject("sessions", why);
    t.reject(p.session_days.empty() ? "interval_days" : "session_days", why);
  }
  t.finish();
  return p;
}

SimulationSettings read_simulation(TableReader& root, const Needles& needles) {
  SimulationSettings s;
  const auto* table = root.optional_table("simulation");
  if (table == nullptr) return s;
  TableReader t(*table, root.file(), "simulation.");
  s.seed = static_cast<std::uint64_t>(
      t.optional_integer("seed", 0, std::numeric_limits<std::int64_t>::max()).value_or(0));
  if (auto f = t.optional_choice("fidelity", {"plan", "full"})) {
    s.fidelity = *f == "plan" ? Fidelity::plan : Fidelity::full;
  }
  s.patch_um = mm_to_um(t.optional_number("patch_mm", 2.0, 50.0, "mm").value_or(10.0));
  s.block_um = mm_to_um(t.optional_number("block_mm", 0.2, 10.0, "mm").value_or(2.0));
  s.voxel_um = t.optional_number("voxel_um", 2.0, 100.0, "um").value_or(10.0);
  s.healing_cell_um = t.optional_number("healing_cell_um", 10.0, 200.0, "um").value_or(40.0);
  const double ratio = s.healing_cell_um / s.voxel_um;
  if (s.fidelity == Fidelity::full && std::abs(ratio - std::round(ratio)) > 1e-9) {
    t.fail("healing_cell_um", fmt::format("a whole multiple of voxel_um = {:g}", s.voxel_um));
  }
  if (s.block_um > s.patch_um) {
    t.fail("block_mm", fmt::format("no larger than patch_mm = {:g}", units::um_to_mm(s.patch_um)));
  }
  // Keep the 3D block within memory: at most 64 million voxels.
  const double side = std::ceil(s.block_um / s.voxel_um);
  const double depth = std::ceil((needles.length_um + 500.0) / s.voxel_um);
  if (side * side * depth > 64.0e6) {
    t.fail("voxel_um",
           fmt::format("coarse enough for at most 64 million voxels in the {:g} mm block",
                       units::um_to_mm(s.block_um)));
  }
  t.finish();
  return s;
}

}  // namespace

Case parse_case(std::string_view toml_text, const std::string& source,
                const Vocabulary& vocabulary) {
  const toml::table root_table = detail::parse_toml_text(toml_text, source);
  TableReader root(root_table, source, "");
  Case c;
  c.source = source;
  c.patient = read_patient(root, vocabulary);
  c.site = read_site(root, vocabulary, c.surface_scan);
  c.device = read_device(root);
  c.protocol = read_protocol(root);
  c.simulation = read_simulation(root, needles_of(c.device));
  root.finish();
  return c;
}

Case read_case(const std::filesystem::path& file, const Vocabulary& vocabulary) {
  return parse_case(detail::read_text_file(file), file.string(), vocabulary);
}

}  // namespace citsim
