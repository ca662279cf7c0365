// timeseries.csv of `citsim simulate`: one row per reported day, the
// contract's columns first, then diagnostics; with an ensemble each column X
// is followed by X_p10, X_p50 and X_p90.
#pragma once

#include <string>
#include <vector>

#include "citsim/healing/observables.hpp"
#include "citsim/observe/ensemble.hpp"

namespace citsim {

/// A column computed beside the course (the surface's scar depth and
/// roughness): a value per row and, with an ensemble, its percentiles.
struct ExtraColumn {
  std::string name;
  std::vector<double> values;
  Band band;  ///< empty without an ensemble
};

/// The CSV text. `ensemble` may be null; if set, its days must match the rows.
/// `extra` columns follow the contract's observables, before the diagnostics.
std::string timeseries_csv(const std::vector<ObservableRow>& rows, const EnsembleResult* ensemble,
                           const std::vector<ExtraColumn>& extra = {});

}  // namespace citsim
