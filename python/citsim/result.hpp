// What `citsim.simulate` returns: the Simulation and its SimulateResult kept
// together, with NumPy views of their series, bands and fields. The arrays
// are read-only views into the C++ vectors (no copies); each array's `base`
// is the Result, which therefore lives as long as any of its arrays.
#pragma once

#include <memory>

#include <pybind11/pybind11.h>
#include <nlohmann/json.hpp>

#include "citsim/pipeline/simulate.hpp"

namespace citsim::python {

struct SimulationOutput {
  std::unique_ptr<Simulation> sim;  ///< the course, run to its end
  SimulateResult result;            ///< ensemble, surface, risks, long view
  nlohmann::json summary;           ///< summary.json, as `citsim simulate` writes it
};

/// Adds the class `Result` to `m`.
void bind_result(pybind11::module_& m);

}  // namespace citsim::python
