// A scalar field on a Grid: one contiguous array, x fastest.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "citsim/core/error.hpp"
#include "citsim/core/grid.hpp"

namespace citsim {

/// Values of one quantity, one per grid cell, in memory order of Grid::index.
class Field {
 public:
  Field() = default;
  explicit Field(const Grid& grid, double value = 0.0) : grid_(grid), values_(grid.size(), value) {}

  const Grid& grid() const { return grid_; }
  std::size_t size() const { return values_.size(); }

  double& operator()(int i, int j, int k) { return values_[grid_.index(i, j, k)]; }
  double operator()(int i, int j, int k) const { return values_[grid_.index(i, j, k)]; }
  double& operator[](std::size_t n) { return values_[n]; }
  double operator[](std::size_t n) const { return values_[n]; }

  std::span<double> values() { return values_; }
  std::span<const double> values() const { return values_; }

 private:
  Grid grid_{};
  std::vector<double> values_;
};

}  // namespace citsim
