// citsim._citsim: the compiled half of the Python package `citsim`. It reads
// cases and runs `simulate` and `plan` through the same pipeline calls as the
// command-line tool; python/citsim/__init__.py is the documented front.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/version.hpp"
#include "citsim/healing/observables.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/pipeline/case_json.hpp"
#include "citsim/pipeline/case_reader.hpp"
#include "citsim/pipeline/plan_run.hpp"
#include "citsim/pipeline/simulate.hpp"
#include "citsim/pipeline/unmodelled.hpp"
#include "citsim/planner/vocabulary.hpp"
#include "python/citsim/cohort.hpp"
#include "python/citsim/convert.hpp"
#include "python/citsim/result.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace citsim::python {
namespace {

/// A validated case and the data folder it was checked against.
struct CaseHandle {
  Case value;
  fs::path data_dir;
};

/// The data folder: `requested`, else found as the command-line tool finds it.
fs::path data_dir_of(const std::string& requested) {
  return fs::absolute(find_data_dir(requested));
}

CaseHandle load_case_file(const std::string& path, const std::string& data_dir) {
  const fs::path dir = data_dir_of(data_dir);
  return CaseHandle{read_case(path, read_vocabulary(dir)), dir};
}

CaseHandle load_case_dict(const py::dict& table, const std::string& source,
                          const std::string& data_dir) {
  const fs::path dir = data_dir_of(data_dir);
  const std::string text = dict_to_toml(table, source);
  return CaseHandle{parse_case(text, source, read_vocabulary(dir)), dir};
}

fs::path data_dir_for(const CaseHandle& c, const std::string& requested) {
  return requested.empty() ? c.data_dir : data_dir_of(requested);
}

std::unique_ptr<SimulationOutput> simulate(const CaseHandle& c, int ensemble, int threads,
                                           const std::string& data_dir,
                                           const std::vector<int>& surface_days, bool long_view,
                                           double max_memory_gib, double max_minutes) {
  auto out = std::make_unique<SimulationOutput>();
  const fs::path dir = data_dir_for(c, data_dir);
  py::gil_scoped_release release;
  SimulateOptions options;
  options.ensemble = ensemble;
  options.surface_days = surface_days;
  options.long_view = long_view;
  check_simulate_options(c.value, options);
  out->sim = prepare_simulation(c.value, dir, options, resolve_threads(threads),
                                RunLimits{max_memory_gib, max_minutes});
  out->sim->course().run_to_end();
  out->result = out->sim->finish(options);
  out->summary = simulate_summary_json(*out->sim, out->result, nlohmann::json::object());
  return out;
}

py::object plan(const CaseHandle& c, const std::string& start, int threads, bool predict,
                const std::string& course, const std::string& rules, const std::string& prices,
                const std::string& region, const std::string& data_dir, double max_memory_gib,
                double max_minutes) {
  PlanRequest request;
  request.case_source = c.value.source;
  request.start = start;
  request.rules = rules;
  request.prices = prices;
  if (course != "as-given" && course != "proposed") {
    throw Error(fmt::format("course = \"{}\": must be \"as-given\" or \"proposed\"",
                            printable(course, 60)));
  }
  request.course = course == "proposed" ? CourseChoice::proposed : CourseChoice::as_given;
  request.region = region;
  request.threads = threads;
  request.predict = predict;
  request.limits = RunLimits{max_memory_gib, max_minutes};
  check_plan_request(request);
  const fs::path dir = data_dir_for(c, data_dir);
  nlohmann::json json;
  {
    py::gil_scoped_release release;
    json = run_plan(c.value, request, dir, read_vocabulary(dir)).json;
  }
  return json_to_python(json);
}

/// Raises citsim.CitsimError (python/citsim/_errors.py) for citsim::Error;
/// other C++ exceptions keep pybind11's mapping (MemoryError, RuntimeError).
void translate_error(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const Error& e) {
    const py::object type = py::module_::import("citsim._errors").attr("CitsimError");
    const py::object error = type(e.what());
    PyErr_SetObject(type.ptr(), error.ptr());
  }
}

}  // namespace
}  // namespace citsim::python

PYBIND11_MODULE(_citsim, m) {
  using namespace citsim;
  using namespace citsim::python;
  m.doc() = "The compiled half of citsim; use the functions of the package `citsim`.";
  m.attr("__version__") = kVersion;
  py::register_exception_translator(&translate_error);

  py::class_<CaseHandle>(m, "Case", R"doc(
A case read and validated as `citsim simulate` reads a case file (every key
checked: type, range, allowed values, unknown keys); made by citsim.load_case.
)doc")
      .def_property_readonly(
          "source", [](const CaseHandle& c) { return c.value.source; },
          "Where the case came from: its file, or '<dict>'.")
      .def_property_readonly(
          "data_dir", [](const CaseHandle& c) { return c.data_dir; },
          "The data folder the case was checked against; simulate and plan use it by default.")
      .def(
          "to_dict", [](const CaseHandle& c) { return json_to_python(case_to_json(c.value)); },
          "The case as read: summary.json's 'case', every quantity in the units of the case "
          "format, with the defaults the reader filled in, the values it derived (maintenance "
          "session days) and 'source'. A record, not a case file: not every one reads back "
          "with load_case; keep the file or dict that was read for that.")
      .def("__repr__", [](const CaseHandle& c) {
        return fmt::format("<citsim.Case {} {} on the {}, {} session(s) from {}>",
                           c.value.site.indication, to_string(kind_of(c.value.device)),
                           to_string(c.value.site.zone), c.value.protocol.sessions, c.value.source);
      });

  bind_result(m);
  bind_cohort(m);

  m.def("_load_case_file", &load_case_file, py::arg("path"), py::arg("data_dir"),
        "Internal: see citsim.load_case.");
  m.def("_load_case_dict", &load_case_dict, py::arg("table"), py::arg("source"),
        py::arg("data_dir"), "Internal: see citsim.load_case.");
  m.def("_simulate", &simulate, py::arg("case"), py::arg("ensemble"), py::arg("threads"),
        py::arg("data_dir"), py::arg("surface_days"), py::arg("long_view"),
        py::arg("max_memory_gib"), py::arg("max_minutes"), "Internal: see citsim.simulate.");
  m.def("_plan", &plan, py::arg("case"), py::arg("start"), py::arg("threads"), py::arg("predict"),
        py::arg("course"), py::arg("rules"), py::arg("prices"), py::arg("region"),
        py::arg("data_dir"), py::arg("max_memory_gib"), py::arg("max_minutes"),
        "Internal: see citsim.plan.");
  m.def(
      "_unmodelled",
      [](const CaseHandle& c) {
        std::vector<std::string> lines;
        for (const ModelWarning& w : unmodelled_settings(c.value, read_tryon_data(c.data_dir)))
          lines.push_back(w.level + ": " + w.message);
        return lines;
      },
      py::arg("case"), "Internal: the case's settings the model does not capture.");
  m.def(
      "observable_names",
      [] {
        std::vector<std::string> names;
        for (std::string_view n : observable_names()) names.emplace_back(n);
        return names;
      },
      "The observables every Result has, in timeseries.csv's order.");
}
