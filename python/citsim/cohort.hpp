// Virtual trials from Python: the class `Trial`, the results store and the
// calls behind citsim.cohort and citsim.sensitivity (python/citsim/cohort.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace citsim::python {

/// Adds Trial, _Store and the cohort calls to `m`.
void bind_cohort(pybind11::module_& m);

}  // namespace citsim::python
