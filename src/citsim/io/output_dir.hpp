// Result folders: CITSim writes into a temporary folder beside the
// destination and moves the finished result into place, so a failed run
// never leaves half a result, and it never deletes or replaces a file it did
// not write (docs/user-guide.md, "Output folders").
//
//   check_output_destination("results/pen", force);   // before any work
//   OutputDir out("results/pen", force);  // creates results/.pen.citsim-writing-PID
//   write_file(out.path() / "summary.json", text);
//   out.commit("simulate");               // moves it to results/pen
//
// A finished result holds `.citsim-result.json`, the list of the files CITSim
// wrote there. The destination may be absent, an empty folder, or (with
// `force`) an earlier CITSim result: then only the files that result lists
// are replaced; files a user added beside them are kept.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace citsim {

/// The file that marks a CITSim result and lists what CITSim wrote there.
inline constexpr const char* kResultManifest = ".citsim-result.json";

/// Throws Error (naming --out, the folder and what to do) unless
/// `destination` is absent, an empty folder, or, with `force`, a folder
/// marked as a CITSim result.
void check_output_destination(const std::filesystem::path& destination, bool force);

/// The files an earlier CITSim result in `folder` lists (relative paths,
/// manifest first); empty when `folder` holds no readable manifest.
std::vector<std::filesystem::path> result_files(const std::filesystem::path& folder);

class OutputDir {
 public:
  /// Checks the destination (check_output_destination), removes what dead
  /// runs left beside it (their `.NAME.citsim-writing-PID` folders; files of a
  /// replacement they did not finish are put back), and creates this run's
  /// temporary folder.
  OutputDir(std::filesystem::path destination, bool force);
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;
  /// Removes the temporary folder if commit() was not reached.
  ~OutputDir();

  const std::filesystem::path& path() const { return temp_; }
  const std::filesystem::path& destination() const { return destination_; }
  /// Writes the manifest (naming `command`) and moves the result into place.
  /// On failure the earlier result, if any, is left whole.
  void commit(std::string_view command);

 private:
  std::filesystem::path destination_;
  std::filesystem::path temp_;
  bool force_ = false;
  bool committed_ = false;
};

/// Moves the finished result in `from` (a folder CITSim wrote) to
/// `destination` as OutputDir::commit does, writing its manifest first;
/// `skip` names files of `from` that are not part of the result (a
/// resumable run's checkpoint). Throws Error; the earlier result stays whole.
void commit_result(const std::filesystem::path& from, const std::filesystem::path& destination,
                   bool force, std::string_view command, const std::vector<std::string>& skip = {});

/// Writes `text` to `file`, checking every write, the flush and the close:
/// a full disk is an Error naming the file and the reason, never a short file.
void write_file(const std::filesystem::path& file, std::string_view text);

/// write_file in pieces, for a file too large to hold in memory whole:
///
///   FileWriter out(path);            // creates or truncates it
///   out.write(header); out.write(block); ...
///   out.close();                     // checked; the destructor only tidies up
///
/// Every write and the close are checked as write_file's are (Error naming
/// the file and the reason).
class FileWriter {
 public:
  explicit FileWriter(std::filesystem::path file);
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;
  ~FileWriter();
  void write(std::string_view bytes);
  void close();

 private:
  std::filesystem::path file_;
  int fd_ = -1;
};

/// write_file through `file`.tmp renamed over `file`: a crash leaves the old
/// file or the new one.
void write_file_atomically(const std::filesystem::path& file, std::string_view text);

}  // namespace citsim
