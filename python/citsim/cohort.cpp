// The cohort half of citsim._citsim: trials read as `citsim cohort` reads
// them, their patients run in batches (for citsim.cohort, in one process or
// across Dask workers), the results store, the report, and the runs of a
// sensitivity analysis (python/citsim/__init__.py is the documented front).
#include "python/citsim/cohort.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "citsim/core/error.hpp"
#include "citsim/core/parallel.hpp"
#include "citsim/core/version.hpp"
#include "citsim/io/data_dir.hpp"
#include "citsim/io/output_dir.hpp"
#include "citsim/io/results_store.hpp"
#include "citsim/pipeline/cohort.hpp"
#include "citsim/report/report.hpp"
#include "python/citsim/convert.hpp"

namespace py = pybind11;
namespace fs = std::filesystem;

namespace citsim::python {
namespace {

/// A trial read and checked, with the model data its patients run on.
struct TrialHandle {
  Trial value;
  fs::path file;
  fs::path data_dir;
  std::shared_ptr<const ModelData> model;
  std::shared_ptr<const TryonData> tryon;
};

TrialHandle load_trial(const std::string& path, const std::string& data_dir) {
  TrialHandle t;
  t.data_dir = fs::absolute(find_data_dir(data_dir));
  t.file = fs::absolute(path);
  t.value = read_trial(path, read_vocabulary(t.data_dir));
  t.model = std::make_shared<const ModelData>(read_model_data(t.data_dir));
  t.tryon = std::make_shared<const TryonData>(read_tryon_data(t.data_dir));
  return t;
}

/// A stored patient as a tuple (arm, patient, seed, inputs, outputs), the
/// form batches travel in between processes.
using PatientTuple = std::tuple<std::string, std::int64_t, std::uint64_t, std::string, std::string>;

PatientTuple to_tuple(const StoredPatient& p) {
  return {p.arm, p.patient, p.seed, p.inputs, p.outputs};
}

std::size_t arm_index(const Trial& trial, const std::string& id) {
  for (std::size_t a = 0; a < trial.arms.size(); ++a)
    if (trial.arms[a].id == id) return a;
  std::string ids;
  for (const TrialArm& arm : trial.arms) ids += (ids.empty() ? "" : ", ") + arm.id;
  throw Error(
      fmt::format("arm = \"{}\": must be one of the trial's arms: {}", printable(id, 60), ids));
}

fs::path store_path(const std::string& out, const std::string& store) {
  return store.empty() ? fs::path(fs::path(out).string() + ".sqlite") : fs::path(store);
}

/// The store of a trial, opened in the process that writes the report.
struct StoreHandle {
  std::unique_ptr<ResultsStore> store;
  fs::path file;
};

py::object finish(const TrialHandle& t, ResultsStore& store, const std::string& out, bool force) {
  nlohmann::json summary;
  {
    py::gil_scoped_release release;
    summary = cohort_summary(t.value, store.all());
    write_cohort_report(summary, out, force);
  }
  return json_to_python(summary);
}

}  // namespace

void bind_cohort(py::module_& m) {
  py::class_<TrialHandle>(m, "Trial", R"doc(
A virtual trial read and checked as `citsim cohort` reads its file
(docs/cohort.md): population, arms (each a case file), patients per arm, seed
and endpoints. Made by citsim.load_trial.
)doc")
      .def_property_readonly(
          "source", [](const TrialHandle& t) { return t.file; }, "The trial file.")
      .def_property_readonly(
          "data_dir", [](const TrialHandle& t) { return t.data_dir; },
          "The data folder the trial was checked against and its patients run on.")
      .def_property_readonly(
          "name", [](const TrialHandle& t) { return t.value.name; }, "The trial's name.")
      .def_property_readonly(
          "seed", [](const TrialHandle& t) { return t.value.seed; },
          "The seed the whole cohort follows from.")
      .def_property_readonly(
          "patients_per_arm", [](const TrialHandle& t) { return t.value.patients_per_arm; },
          "Patients in each arm.")
      .def_property_readonly(
          "arms",
          [](const TrialHandle& t) {
            std::vector<std::string> ids;
            for (const TrialArm& a : t.value.arms) ids.push_back(a.id);
            return ids;
          },
          "The arms' ids, in the file's order.")
      .def_property_readonly(
          "endpoints",
          [](const TrialHandle& t) {
            std::vector<std::string> ids;
            for (const TrialEndpoint& e : t.value.endpoints) ids.push_back(e.id);
            return ids;
          },
          "The endpoints' ids.")
      .def_property_readonly(
          "hash", [](const TrialHandle& t) { return t.value.hash; },
          "The identity of the trial file and its arms' case files (a store's identity).")
      .def("__repr__", [](const TrialHandle& t) {
        return fmt::format("<citsim.Trial '{}': {} arms x {} patients from {}>", t.value.name,
                           t.value.arms.size(), t.value.patients_per_arm, t.file.string());
      });

  py::class_<StoreHandle>(m, "_Store", "Internal: a cohort's results store (SQLite).")
      .def_property_readonly("file", [](const StoreHandle& s) { return s.file; })
      .def(
          "todo",
          [](const StoreHandle& s, const TrialHandle& t) {
            std::vector<std::pair<std::size_t, std::int64_t>> todo =
                cohort_todo(t.value, s.store->done());
            return todo;
          },
          py::arg("trial"), "The (arm index, patient) pairs not yet stored, arm by arm.")
      .def(
          "put",
          [](StoreHandle& s, const std::vector<PatientTuple>& batch) {
            py::gil_scoped_release release;
            for (const auto& [arm, patient, seed, inputs, outputs] : batch)
              s.store->put(StoredPatient{arm, patient, seed, inputs, outputs});
          },
          py::arg("batch"), "Stores a batch of patients (tuples from _cohort_patients).");

  m.def("_load_trial", &load_trial, py::arg("path"), py::arg("data_dir"),
        "Internal: see citsim.load_trial.");
  m.def(
      "_open_store",
      [](const TrialHandle& t, const std::string& out, const std::string& store, bool force) {
        check_output_destination(out, force);
        StoreHandle s;
        s.file = store_path(out, store);
        s.store = std::make_unique<ResultsStore>(s.file, t.value.hash, kVersion);
        return s;
      },
      py::arg("trial"), py::arg("out"), py::arg("store"), py::arg("force"),
      "Internal: checks the report folder and opens (or creates) the trial's store.");
  m.def(
      "_cohort_patients",
      [](const TrialHandle& t, const std::string& hash,
         const std::vector<std::pair<std::size_t, std::int64_t>>& pairs, int threads) {
        if (hash != t.value.hash)
          throw Error(fmt::format(
              "trial {}: its files here differ from the driver's (hash {} against {}): every "
              "worker must see the same trial and case files",
              t.file.string(), t.value.hash, hash));
        for (const auto& [a, i] : pairs)
          if (a >= t.value.arms.size() || i < 0 || i >= t.value.patients_per_arm)
            throw Error(fmt::format("patient ({}, {}): not a patient of the trial", a, i));
        std::vector<StoredPatient> done(pairs.size());
        {
          py::gil_scoped_release release;
          parallel_for(0, static_cast<std::int64_t>(pairs.size()), resolve_threads(threads),
                       [&](std::int64_t k) {
                         const auto [a, i] = pairs[static_cast<std::size_t>(k)];
                         done[static_cast<std::size_t>(k)] =
                             cohort_patient_result(t.value, a, i, *t.model, *t.tryon);
                       });
        }
        std::vector<PatientTuple> out;
        for (const StoredPatient& p : done) out.push_back(to_tuple(p));
        return out;
      },
      py::arg("trial"), py::arg("hash"), py::arg("pairs"), py::arg("threads"),
      "Internal: runs patients (arm index, patient) of the trial; tuples for _Store.put.");
  m.def(
      "_cohort_run",
      [](const TrialHandle& t, const std::string& out, const std::string& store, int threads,
         bool force) {
        check_output_destination(out, force);
        ResultsStore s(store_path(out, store), t.value.hash, kVersion);
        {
          py::gil_scoped_release release;
          run_cohort(t.value, *t.model, *t.tryon, s, resolve_threads(threads));
        }
        return finish(t, s, out, force);
      },
      py::arg("trial"), py::arg("out"), py::arg("store"), py::arg("threads"), py::arg("force"),
      "Internal: see citsim.cohort (in this process).");
  m.def(
      "_cohort_finish",
      [](const TrialHandle& t, StoreHandle& s, const std::string& out, bool force) {
        return finish(t, *s.store, out, force);
      },
      py::arg("trial"), py::arg("store"), py::arg("out"), py::arg("force"),
      "Internal: the report of a trial whose store holds every patient.");
  m.def(
      "_posterior",
      [](const TrialHandle& t) {
        const Posterior* p = t.model->posterior.get();
        std::vector<std::string> names;
        py::array_t<double> samples;
        if (p == nullptr) return py::make_tuple(names, samples);
        for (const Posterior::Column& c : p->columns) names.push_back(c.group + "." + c.name);
        samples = py::array_t<double>({p->rows.size(), p->columns.size()});
        auto w = samples.mutable_unchecked<2>();
        for (std::size_t r = 0; r < p->rows.size(); ++r)
          for (std::size_t c = 0; c < p->columns.size(); ++c)
            w(static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(c)) = p->rows[r][c];
        return py::make_tuple(names, samples);
      },
      py::arg("trial"),
      "Internal: the posterior's columns (group.name) and samples the trial's patients draw "
      "from.");
  m.def(
      "_sensitivity_runs",
      [](const TrialHandle& t, const std::string& arm, int patients, const std::string& measure,
         const std::vector<std::string>& names,
         const py::array_t<double, py::array::c_style | py::array::forcecast>& values,
         int threads) {
        if (values.ndim() != 2 || static_cast<std::size_t>(values.shape(1)) != names.size())
          throw Error(fmt::format("values: must be a table of one column per parameter ({})",
                                  names.size()));
        std::vector<Posterior::Column> columns;
        for (const std::string& n : names) {
          const auto dot = n.find('.');
          if (dot == std::string::npos)
            throw Error(
                fmt::format("parameter \"{}\": must be group.name (e.g. "
                            "healing.collagen_synthesis_gain)",
                            printable(n, 60)));
          columns.push_back({n.substr(0, dot), n.substr(dot + 1)});
        }
        const auto v = values.unchecked<2>();
        std::vector<std::vector<double>> rows(static_cast<std::size_t>(v.shape(0)));
        for (py::ssize_t r = 0; r < v.shape(0); ++r)
          for (py::ssize_t c = 0; c < v.shape(1); ++c)
            rows[static_cast<std::size_t>(r)].push_back(v(r, c));
        const std::size_t a = arm_index(t.value, arm);
        std::vector<std::vector<double>> out;
        {
          py::gil_scoped_release release;
          out = cohort_sensitivity_runs(t.value, a, patients, measure, columns, rows, *t.model,
                                        *t.tryon, resolve_threads(threads));
        }
        py::array_t<double> result({out.size(), static_cast<std::size_t>(patients)});
        auto w = result.mutable_unchecked<2>();
        for (std::size_t r = 0; r < out.size(); ++r)
          for (std::size_t i = 0; i < out[r].size(); ++i)
            w(static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(i)) = out[r][i];
        return result;
      },
      py::arg("trial"), py::arg("arm"), py::arg("patients"), py::arg("measure"), py::arg("names"),
      py::arg("values"), py::arg("threads"), "Internal: see citsim.sensitivity.");
  m.def("cohort_measures", &cohort_measures,
        "The per-patient outputs an endpoint or a sensitivity analysis may name.");
}

}  // namespace citsim::python
