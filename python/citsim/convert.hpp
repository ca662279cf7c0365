// Values crossing between Python and CITSim: the pipeline's JSON objects
// (summary.json, plan.json, the case as read) become Python objects, and a
// case given as a Python dict becomes TOML text for the one case reader.
//
//   py::object summary = json_to_python(simulate_summary_json(sim, result, {}));
//   const Case c = parse_case(dict_to_toml(d, "<dict>"), "<dict>", vocabulary);
#pragma once

#include <string>

#include <pybind11/pybind11.h>
#include <nlohmann/json.hpp>

namespace citsim::python {

/// The Python value of `j`: dict, list, str, int, float, bool or None. A
/// number that is not finite becomes None, as when the JSON is written out.
pybind11::object json_to_python(const nlohmann::json& j);

/// `table` (nested dicts of str keys; lists and tuples; str, int, float and
/// bool values, NumPy scalars included) as TOML text. Throws Error naming the
/// key of a value TOML cannot hold: `<dict>: patient.age_years = None: ...`.
/// Must be called with the GIL held.
std::string dict_to_toml(const pybind11::dict& table, const std::string& source);

}  // namespace citsim::python
