// Results are written to a temporary folder beside the destination and
// renamed into place at the end, so a failed run never leaves half a result.
//
//   OutputDir out("results/pen");      // creates results/.pen.tmp-XXXX
//   write_something(out.path() / "summary.json");
//   out.commit();                      // renames it to results/pen
#pragma once

#include <filesystem>

namespace citsim {

class OutputDir {
 public:
  /// Checks that `destination` can be written: it must not exist, or be an
  /// earlier CITSim result (it has summary.json) which commit() replaces.
  /// Throws Error (naming the folder) otherwise.
  explicit OutputDir(std::filesystem::path destination);
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  /// Removes the temporary folder if commit() was not reached.
  ~OutputDir();

  const std::filesystem::path& path() const { return temp_; }
  const std::filesystem::path& destination() const { return destination_; }
  /// Moves the finished results into place.
  void commit();

 private:
  std::filesystem::path destination_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

/// Throws Error unless `destination` is absent or an earlier CITSim result.
void check_output_destination(const std::filesystem::path& destination);

}  // namespace citsim
