#include "python/citsim/result.hpp"

#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "citsim/core/error.hpp"
#include "citsim/healing/observables.hpp"
#include "citsim/healing/tissue.hpp"
#include "python/citsim/convert.hpp"

namespace py = pybind11;

namespace citsim::python {
namespace {

/// A read-only array over `data` (owned by `owner`, which the array keeps
/// alive as its base): no copy is made.
template <class T>
py::array view(py::handle owner, const T* data, std::vector<py::ssize_t> shape,
               std::vector<py::ssize_t> strides) {
  py::array a(py::dtype::of<T>(), std::move(shape), std::move(strides), data, owner);
  a.attr("setflags")(py::arg("write") = false);
  return a;
}

template <class T>
py::array view(py::handle owner, const std::vector<T>& v) {
  return view(owner, v.data(), {static_cast<py::ssize_t>(v.size())},
              {static_cast<py::ssize_t>(sizeof(T))});
}

/// A field of an nx x ny x nz block (x fastest) as an array indexed [z, y, x].
template <class T>
py::array block_view(py::handle owner, const T* data, int nx, int ny, int nz) {
  constexpr auto s = static_cast<py::ssize_t>(sizeof(T));
  return view(owner, data, {nz, ny, nx}, {s * nx * ny, s * nx, s});
}

const SimulationOutput& output_of(py::handle self) { return self.cast<const SimulationOutput&>(); }

const std::vector<ObservableRow>& rows_of(py::handle self) {
  return output_of(self).sim->course().rows();
}

/// The column `o` of the rows: a strided view (one row is its day and its values).
py::array observable_view(py::handle self, std::size_t o) {
  const auto& rows = rows_of(self);
  return view(self, &rows.front().values[o], {static_cast<py::ssize_t>(rows.size())},
              {static_cast<py::ssize_t>(sizeof(ObservableRow))});
}

/// The series in timeseries.csv's order: the surface's columns follow the
/// contract's observables, before the diagnostics (pipeline/timeseries_csv).
std::vector<std::string> names_of(py::handle self) {
  std::vector<std::string> names;
  const auto& observables = observable_names();
  for (std::size_t o = 0; o < observables.size(); ++o) {
    names.emplace_back(observables[o]);
    if (o == static_cast<std::size_t>(Observable::open_channels_fraction)) {
      for (const ExtraColumn& e : output_of(self).result.surface_columns) names.push_back(e.name);
    }
  }
  return names;
}

[[noreturn]] void unknown_name(py::handle self, const std::string& name) {
  std::string allowed;
  for (const std::string& n : names_of(self))
    allowed += (allowed.empty() ? "\"" : ", \"") + n + "\"";
  throw Error(fmt::format("name = \"{}\": not a series of this result; one of {}",
                          printable(name, 60), allowed));
}

py::array series(py::handle self, const std::string& name) {
  const auto& names = observable_names();
  for (std::size_t o = 0; o < names.size(); ++o) {
    if (names[o] == name) return observable_view(self, o);
  }
  for (const ExtraColumn& e : output_of(self).result.surface_columns) {
    if (e.name == name) return view(self, e.values);
  }
  unknown_name(self, name);
}

py::object band(py::handle self, const std::string& name) {
  const SimulateResult& r = output_of(self).result;
  if (!r.ensemble) return py::none();
  const Band* b = nullptr;
  const auto& names = observable_names();
  for (std::size_t o = 0; o < names.size(); ++o) {
    if (names[o] == name) b = &r.ensemble->bands[o];
  }
  for (const ExtraColumn& e : r.surface_columns) {
    if (e.name == name) b = &e.band;
  }
  if (b == nullptr) unknown_name(self, name);
  py::dict d;
  d["p10"] = view(self, b->p10);
  d["p50"] = view(self, b->p50);
  d["p90"] = view(self, b->p90);
  return d;
}

}  // namespace

void bind_result(py::module_& m) {
  py::class_<SimulationOutput>(m, "Result", R"doc(
The outcome of citsim.simulate: the course's time series, the ensemble's
bands, summary.json and the fields, for one case.

Every array is a read-only NumPy view into the simulation's own memory (no
copy; ``arr.base`` is this Result, which lives as long as any of its arrays).
Series have one value per reported day (hours after each session, daily for
a month, then weekly), as the rows of timeseries.csv.
)doc")
      .def_property_readonly(
          "days",
          [](py::object self) {
            const auto& rows = rows_of(self);
            return view(self, &rows.front().day, {static_cast<py::ssize_t>(rows.size())},
                        {static_cast<py::ssize_t>(sizeof(ObservableRow))});
          },
          "Days since the first session of each reported row (float64; hours after a session are "
          "fractions).")
      .def_property_readonly("names", &names_of,
                             "Names of the series, in timeseries.csv's order: the observables of "
                             "citsim.observable_names(), with a site's surface columns "
                             "(scar_depth_change_pct, ...) after open_channels_fraction.")
      .def("series", &series, py::arg("name"),
           "The series `name` (one of .names), one value per day of .days: a read-only float64 "
           "view. Raises CitsimError for an unknown name.")
      .def_property_readonly(
          "observables",
          [](py::object self) {
            py::dict d;
            for (const std::string& n : names_of(self)) d[py::str(n)] = series(self, n);
            return d;
          },
          "Every series by name (a new dict of views on each access).")
      .def_property_readonly(
          "members",
          [](py::object self) {
            const auto& e = output_of(self).result.ensemble;
            return e ? e->members : 0;
          },
          "Ensemble members run (0: the nominal run only).")
      .def("band", &band, py::arg("name"),
           "The ensemble's percentiles of series `name`: {'p10', 'p50', 'p90'} arrays over .days "
           "(views), or None without an ensemble.")
      .def_property_readonly(
          "bands",
          [](py::object self) -> py::object {
            if (!output_of(self).result.ensemble) return py::none();
            py::dict d;
            for (const std::string& n : names_of(self)) d[py::str(n)] = band(self, n);
            return d;
          },
          "Every series' band by name ({'p10', 'p50', 'p90'} views), or None without an "
          "ensemble.")
      .def_property_readonly(
          "summary", [](py::object self) { return json_to_python(output_of(self).summary); },
          "summary.json as `citsim simulate` writes it (a new dict on each access): the case as "
          "read, the skin, each session's channels and injury, the parameters, the observables "
          "at the end of follow-up (with P10/P50/P90 given an ensemble), risks and warnings. Its "
          "'outputs' is empty: no files are written.")
      .def_property_readonly(
          "injury_field",
          [](py::object self) {
            const InjuryField& f = output_of(self).sim->injury().first_field;
            return block_view(self, f.disruption.values().data(), f.grid.nx, f.grid.ny, f.grid.nz);
          },
          "The first session's disruption (volume fraction of each voxel opened or torn, 0..1) "
          "on the injury block of [simulation], indexed [z, y, x] with z the depth: the "
          "'disruption' array of injury_session1.vti. Spacing in .injury_grid.")
      .def_property_readonly(
          "injury_layer",
          [](py::object self) {
            const InjuryField& f = output_of(self).sim->injury().first_field;
            return block_view(self, f.layer.data(), f.grid.nx, f.grid.ny, f.grid.nz);
          },
          "The skin layer of each voxel of .injury_field (uint8: 0 stratum corneum, 1 viable "
          "epidermis, 2 papillary dermis, 3 reticular dermis, 4 hypodermis), the 'layer' array of "
          "injury_session1.vti.")
      .def_property_readonly(
          "injury_grid",
          [](py::object self) {
            const Grid& g = output_of(self).sim->injury().first_field.grid;
            py::dict d;
            d["nx"] = g.nx;
            d["ny"] = g.ny;
            d["nz"] = g.nz;
            d["dx_um"] = g.dx_um;
            d["dy_um"] = g.dy_um;
            d["dz_um"] = g.dz_um;
            d["origin_x_um"] = g.origin_x_um;
            d["origin_y_um"] = g.origin_y_um;
            d["origin_z_um"] = g.origin_z_um;
            return d;
          },
          "The injury block's cells: counts and spacing in micrometres (z down from the skin "
          "surface).")
      .def_property_readonly(
          "tissue_fields",
          [](py::object self) {
            const Tissue& t = output_of(self).sim->course().treated();
            py::dict d;
            for (std::size_t s = 0; s < kSpeciesCount; ++s) {
              d[py::str(std::string(to_string(static_cast<Species>(s))))] =
                  block_view(self, t.c[s].data(), t.mesh.nx, t.mesh.ny, t.mesh.nz);
            }
            return d;
          },
          "The treated tissue at the end of follow-up: each species of the healing cascade on "
          "the healing mesh, indexed [z, y, x] (plan fidelity: an axisymmetric mesh, x the "
          "radius; full: the 3D block, as the healing_day*.vti snapshots). Mesh in "
          ".tissue_mesh; units of each species in docs/healing.md.")
      .def_property_readonly(
          "tissue_mesh",
          [](py::object self) {
            const Mesh& mesh = output_of(self).sim->course().treated().mesh;
            py::dict d;
            d["geometry"] = mesh.geometry == Geometry::axisymmetric ? "axisymmetric" : "cartesian";
            d["nx"] = mesh.nx;
            d["ny"] = mesh.ny;
            d["nz"] = mesh.nz;
            d["dx_um"] = mesh.dx_um;
            d["dy_um"] = mesh.dy_um;
            d["dz_um"] = mesh.dz_um;
            return d;
          },
          "The healing mesh of .tissue_fields: geometry ('axisymmetric' or 'cartesian'), cell "
          "counts and spacing in micrometres.")
      .def("__repr__", [](py::object self) {
        const auto& rows = rows_of(self);
        const int members =
            output_of(self).result.ensemble ? output_of(self).result.ensemble->members : 0;
        return fmt::format("<citsim.Result: {} days to day {}{}>", rows.size(), rows.back().day,
                           members > 0 ? fmt::format(", ensemble of {}", members) : "");
      });
}

}  // namespace citsim::python
