// The results store of a virtual cohort: one SQLite file holding every
// patient's inputs, seed, outputs and the code version, written as each
// patient finishes, so an interrupted cohort resumes where it stopped and
// nothing computed is lost or computed twice. Queryable with SQL; the schema
// is in docs/cohort.md.
//
//   ResultsStore store("trial.sqlite", trial_hash, kVersion);  // creates or reopens
//   if (!store.has("pen", 7)) store.put({"pen", 7, seed, inputs_json, outputs_json});
//   for (const StoredPatient& p : store.all()) ...
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace citsim {

struct StoredPatient {
  std::string arm;
  std::int64_t patient = 0;  ///< index within the arm
  std::uint64_t seed = 0;
  std::string inputs;   ///< JSON
  std::string outputs;  ///< JSON
};

class ResultsStore {
 public:
  /// Opens `file`, creating it with its schema when absent. A store made
  /// for another trial (a different `trial_hash`) or by another code
  /// `version` is refused (Error naming the file and what it holds): its
  /// patients would not be this trial's.
  ResultsStore(const std::filesystem::path& file, const std::string& trial_hash,
               const std::string& version);
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;
  ~ResultsStore();

  /// The (arm, patient) pairs already stored.
  std::set<std::pair<std::string, std::int64_t>> done() const;
  /// Stores one patient, durably (its own transaction); safe from any
  /// thread. A patient already stored is left as it is.
  void put(const StoredPatient& p);
  /// Every stored patient, by arm then patient.
  std::vector<StoredPatient> all() const;

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
  mutable std::mutex mutex_;
};

}  // namespace citsim
