#include "citsim/pipeline/model_data.hpp"

#include "citsim/pipeline/rf.hpp"

#include "citsim/device/data_reader.hpp"
#include "citsim/device/defaults.hpp"
#include "citsim/healing/params_reader.hpp"
#include "citsim/skin/atlas_reader.hpp"

namespace citsim {

ModelData read_model_data(const std::filesystem::path& data_dir) {
  ModelData data{
      .atlas = read_skin_atlas(data_dir),
      .devices = read_device_data(data_dir / "devices" / "devices.toml"),
      .healing = read_healing_params(data_dir / "healing" / "parameters.toml"),
      .risks = read_risk_params(data_dir / "healing" / "risks.toml"),
      .thermal = thermal::read_thermal_data(data_dir),
      .posterior = nullptr,
  };
  const auto samples = data_dir / "calibration" / "posterior_samples.csv";
  if (std::filesystem::exists(samples)) {
    data.posterior = std::make_shared<const Posterior>(read_posterior(samples, data.healing));
    data.healing.joint = data.posterior->healing;
  }
  return data;
}

CourseSpec course_spec(const Case& c, const ModelData& data) {
  CourseSpec spec;
  spec.device = with_device_defaults(c.device, data.devices);
  spec.device_data = data.devices;
  spec.skin = build_skin(data.atlas, c.site.zone, c.patient);
  spec.params = data.healing;
  spec.session_days = session_days_of(c.protocol);
  spec.follow_up_days = c.protocol.follow_up_days;
  spec.seed = c.simulation.seed;
  spec.age_years = c.patient.age_years;
  spec.fidelity = c.simulation.fidelity;
  spec.patch = Patch{c.simulation.patch_um, c.simulation.patch_um};
  spec.block_um = c.simulation.block_um;
  spec.injury_voxel_um = c.simulation.voxel_um;
  spec.full_cell_um = c.simulation.healing_cell_um;
  if (const auto rf = rf_session(c, spec, data.thermal)) spec.heat = rf->lesion;
  return spec;
}

}  // namespace citsim
