#include "citsim/pipeline/case_json.hpp"

#include <variant>

#include "citsim/core/units.hpp"

namespace citsim {
namespace {

using nlohmann::json;
using units::um_to_mm;

json needles_json(const Needles& n) {
  return {{"needle_length_mm", um_to_mm(n.length_um)},
          {"needle_count", n.count},
          {"needle_diameter_mm", um_to_mm(n.diameter_um)}};
}

json pen_json(const Pen& p) {
  json j = needles_json(p.needles);
  j["passes"] = p.passes;
  j["stroke_rate_hz"] = p.stroke_rate_hz;
  j["glide_speed_mm_s"] = um_to_mm(p.glide_speed_um_per_s);
  if (p.cartridge_diameter_um > 0.0) j["cartridge_diameter_mm"] = um_to_mm(p.cartridge_diameter_um);
  j["pattern"] = to_string(p.pattern);
  return j;
}

json device_json(const DeviceSpec& device) {
  json j;
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, Roller>) {
          j = needles_json(d.needles);
          j["passes"] = d.passes;
          j["drum_diameter_mm"] = um_to_mm(d.drum_diameter_um);
          j["drum_width_mm"] = um_to_mm(d.drum_width_um);
          j["needle_rows"] = d.rows;
        } else if constexpr (std::is_same_v<T, Stamp>) {
          j = needles_json(d.needles);
          j["passes"] = d.passes;
          j["stamp_area_mm2"] = d.plate_area_um2 / units::um2_per_mm2;
        } else if constexpr (std::is_same_v<T, Pen>) {
          j = pen_json(d);
        } else {
          j = pen_json(d.pen);
          j["motion"] = d.motion == RfMotion::stamp ? "stamp" : "glide";
          if (d.motion == RfMotion::stamp) {
            j.erase("stroke_rate_hz");
            j.erase("glide_speed_mm_s");
            j.erase("pattern");
          }
          j["rf_power_w"] = d.rf.power_w;
          j["pulse_duration_ms"] = d.rf.pulse_duration_ms;
          if (d.rf.energy_given) {
            j["energy_per_pin_mj"] = d.rf.power_w / d.pen.needles.count * d.rf.pulse_duration_ms;
          }
          j["insulated_needles"] = d.rf.insulated_needles;
          if (d.rf.insulated_length_um > 0.0)
            j["insulated_length_mm"] = um_to_mm(d.rf.insulated_length_um);
          j["bipolar"] = d.rf.bipolar;
          j["frequency_mhz"] = d.rf.frequency_mhz;
          j["sub_pulses"] = d.rf.sub_pulses;
          if (d.rf.sub_pulses > 1) j["sub_pulse_interval_ms"] = d.rf.sub_pulse_interval_ms;
          j["stacks"] = d.rf.stacks;
          if (d.rf.stacks > 1) j["stack_interval_ms"] = d.rf.stack_interval_ms;
          if (d.rf.pin_pitch_um > 0.0) j["pin_pitch_mm"] = um_to_mm(d.rf.pin_pitch_um);
        }
      },
      device);
  j["kind"] = to_string(kind_of(device));
  return j;
}

}  // namespace

json case_to_json(const Case& c) {
  json patient = {{"age_years", c.patient.age_years},
                  {"sex", to_string(c.patient.sex)},
                  {"fitzpatrick", c.patient.fitzpatrick},
                  {"conditions", c.patient.conditions},
                  {"medications", json::array()}};
  for (const auto& m : c.patient.medications) {
    json med = {{"name", m.name}, {"current", m.current}};
    if (m.stopped_days_ago) med["stopped_days_ago"] = *m.stopped_days_ago;
    patient["medications"].push_back(med);
  }

  json site = {{"zone", to_string(c.site.zone)},
               {"indication", c.site.indication},
               {"area_cm2", c.site.area_cm2},
               {"scars", json::array()},
               {"striae", json::array()}};
  for (const auto& s : c.site.scars) {
    site["scars"].push_back({{"type", to_string(s.type)},
                             {"count", s.count},
                             {"depth_mm", um_to_mm(s.depth_um)},
                             {"width_mm", um_to_mm(s.width_um)}});
  }
  for (const auto& s : c.site.striae) {
    site["striae"].push_back({{"stage", to_string(s.stage)},
                              {"count", s.count},
                              {"width_mm", um_to_mm(s.width_um)},
                              {"length_mm", um_to_mm(s.length_um)},
                              {"depth_mm", um_to_mm(s.depth_um)}});
  }

  if (c.surface_scan) {
    const SurfaceScan& scan = *c.surface_scan;
    json surface = {{"scan", scan.scan}, {"file", scan.file.string()}};
    if (scan.options.pixel_um > 0.0) surface["pixel_um"] = scan.options.pixel_um;
    if (scan.options.height_per_level_um > 0.0) {
      surface["height_per_level_um"] = scan.options.height_per_level_um;
    }
    if (scan.mesh_unit_given)
      surface["mesh_unit"] = scan.options.mesh_unit == MeshUnit::mm ? "mm" : "um";
    site["surface"] = surface;
  }

  // The protocol as given: sessions on their days or at an interval, and
  // maintenance only when there is some (earlier echoes unchanged).
  nlohmann::json protocol = {{"sessions", c.protocol.sessions}};
  if (c.protocol.session_days.empty()) {
    protocol["interval_days"] = c.protocol.interval_days;
  } else {
    protocol["session_days"] = c.protocol.session_days;
  }
  protocol["follow_up_days"] = c.protocol.follow_up_days;
  if (has_maintenance(c.protocol)) {
    protocol["maintenance"] = {{"interval_months", c.protocol.maintenance.interval_months},
                               {"sessions", c.protocol.maintenance.sessions},
                               {"session_days", maintenance_session_days(c.protocol)}};
  }

  return {{"source", c.source},
          {"patient", patient},
          {"site", site},
          {"device", device_json(c.device)},
          {"protocol", protocol},
          {"simulation",
           {{"seed", c.simulation.seed},
            {"fidelity", to_string(c.simulation.fidelity)},
            {"patch_mm", um_to_mm(c.simulation.patch_um)},
            {"block_mm", um_to_mm(c.simulation.block_um)},
            {"voxel_um", c.simulation.voxel_um},
            {"healing_cell_um", c.simulation.healing_cell_um}}}};
}

}  // namespace citsim
