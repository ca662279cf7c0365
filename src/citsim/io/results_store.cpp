#include "citsim/io/results_store.hpp"

#include <sqlite3.h>

#include <fmt/format.h>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS patients (
  arm      TEXT    NOT NULL,
  patient  INTEGER NOT NULL,
  seed     INTEGER NOT NULL,
  inputs   TEXT    NOT NULL,
  outputs  TEXT    NOT NULL,
  version  TEXT    NOT NULL,
  PRIMARY KEY (arm, patient)
);
)sql";

/// A prepared statement, finalised when it goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::filesystem::path& file) {
    if (sqlite3_prepare_v2(db, sql, -1, &s_, nullptr) != SQLITE_OK)
      throw Error(fmt::format("{}: {}", file.string(), sqlite3_errmsg(db)));
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(s_); }
  sqlite3_stmt* get() const { return s_; }
  void text(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  std::string column_text(int i) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
    return p == nullptr ? std::string() : std::string(p);
  }

 private:
  sqlite3_stmt* s_ = nullptr;
};

void exec(sqlite3* db, const char* sql, const std::filesystem::path& file) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string what = message != nullptr ? message : "error";
    sqlite3_free(message);
    throw Error(fmt::format("{}: {}", file.string(), what));
  }
}

std::string meta(sqlite3* db, const std::string& key, const std::filesystem::path& file) {
  Statement s(db, "SELECT value FROM meta WHERE key = ?1", file);
  s.text(1, key);
  return sqlite3_step(s.get()) == SQLITE_ROW ? s.column_text(0) : std::string();
}

}  // namespace

ResultsStore::ResultsStore(const std::filesystem::path& file, const std::string& trial_hash,
                           const std::string& version)
    : file_(file) {
  // Its folder is made as an output folder's is (`--out results/trial` in a
  // clone without results/); a folder that cannot be made fails the open.
  if (file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
  }
  if (sqlite3_open_v2(file.string().c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    const std::string what = db_ != nullptr ? sqlite3_errmsg(db_) : "cannot be opened";
    sqlite3_close(db_);
    throw Error(fmt::format("--store {}: {}", file.string(), what));
  }
  sqlite3_busy_timeout(db_, 10000);
  try {
    exec(db_, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", file_);
    exec(db_, kSchema, file_);
    const std::string hash = meta(db_, "trial_hash", file_);
    const std::string made_by = meta(db_, "version", file_);
    if (hash.empty()) {
      Statement s(db_, "INSERT INTO meta (key, value) VALUES ('trial_hash', ?1), ('version', ?2)",
                  file_);
      s.text(1, trial_hash);
      s.text(2, version);
      if (sqlite3_step(s.get()) != SQLITE_DONE)
        throw Error(fmt::format("{}: {}", file_.string(), sqlite3_errmsg(db_)));
    } else if (hash != trial_hash) {
      throw Error(
          fmt::format("--store {}: holds the patients of another trial file (a changed "
                      "trial needs a new store)",
                      file_.string()));
    } else if (made_by != version) {
      throw Error(
          fmt::format("--store {}: made by {}, this is {} (a new version needs a new "
                      "store: its results may differ)",
                      file_.string(), made_by, version));
    }
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

ResultsStore::~ResultsStore() { sqlite3_close(db_); }

std::set<std::pair<std::string, std::int64_t>> ResultsStore::done() const {
  const std::lock_guard lock(mutex_);
  std::set<std::pair<std::string, std::int64_t>> out;
  Statement s(db_, "SELECT arm, patient FROM patients", file_);
  while (sqlite3_step(s.get()) == SQLITE_ROW)
    out.emplace(s.column_text(0), sqlite3_column_int64(s.get(), 1));
  return out;
}

void ResultsStore::put(const StoredPatient& p) {
  const std::lock_guard lock(mutex_);
  Statement s(db_,
              "INSERT OR IGNORE INTO patients (arm, patient, seed, inputs, outputs, version) "
              "VALUES (?1, ?2, ?3, ?4, ?5, (SELECT value FROM meta WHERE key = 'version'))",
              file_);
  s.text(1, p.arm);
  sqlite3_bind_int64(s.get(), 2, p.patient);
  sqlite3_bind_int64(s.get(), 3, static_cast<sqlite3_int64>(p.seed));
  s.text(4, p.inputs);
  s.text(5, p.outputs);
  if (sqlite3_step(s.get()) != SQLITE_DONE)
    throw Error(fmt::format("{}: {}", file_.string(), sqlite3_errmsg(db_)));
}

std::vector<StoredPatient> ResultsStore::all() const {
  const std::lock_guard lock(mutex_);
  std::vector<StoredPatient> out;
  Statement s(db_, "SELECT arm, patient, seed, inputs, outputs FROM patients ORDER BY arm, patient",
              file_);
  while (sqlite3_step(s.get()) == SQLITE_ROW) {
    out.push_back({s.column_text(0), sqlite3_column_int64(s.get(), 1),
                   static_cast<std::uint64_t>(sqlite3_column_int64(s.get(), 2)), s.column_text(3),
                   s.column_text(4)});
  }
  return out;
}

}  // namespace citsim
