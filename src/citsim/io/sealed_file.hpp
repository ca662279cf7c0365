// Files CITSim writes for itself and reads back (a resumable run's
// checkpoint and job): a header with the kind, the format version, the
// CITSim version, the payload's length and its checksum, then the payload.
// Anything corrupted, truncated, edited or written by another version is
// refused with one line naming the file.
//
//   write_file_atomically(dir / "checkpoint.bin", seal("checkpoint", state));
//   std::string state = unseal(dir / "checkpoint.bin", "checkpoint");
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace citsim {

/// FNV-1a, 64 bits: a checksum against accidents (not against tampering).
std::uint64_t fnv1a64(std::string_view bytes);

/// `payload` behind a header naming `kind` ("checkpoint", "job").
std::string seal(std::string_view kind, std::string_view payload);

/// The payload of the sealed `text` read from `file` (for messages); throws
/// Error naming the file and what is wrong: another kind, another version,
/// a wrong length or checksum, a missing header.
std::string unseal_text(const std::filesystem::path& file, std::string_view kind,
                        std::string_view text);

/// Reads `file` and unseals it.
std::string unseal(const std::filesystem::path& file, std::string_view kind);

}  // namespace citsim
