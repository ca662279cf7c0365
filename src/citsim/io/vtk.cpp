#include "citsim/io/vtk.hpp"

#include <algorithm>
#include <bit>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "citsim/core/error.hpp"
#include "citsim/io/output_dir.hpp"

namespace citsim {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the VTK writer declares little-endian data");

std::uint64_t payload_bytes(const VtkArray& a) {
  return std::visit(
      [](const auto& span) -> std::uint64_t {
        using T = typename std::decay_t<decltype(span)>::element_type;
        return span.size() *
               (std::is_same_v<T, const double> ? sizeof(float) : sizeof(std::uint8_t));
      },
      a.values);
}

const char* type_name(const VtkArray& a) {
  return std::holds_alternative<std::span<const double>>(a.values) ? "Float32" : "UInt8";
}

}  // namespace

void write_vti(const std::filesystem::path& file, const Grid& grid,
               const std::vector<VtkArray>& arrays) {
  // The header, then each array written as it is converted, in blocks: a
  // full-fidelity block's file is gigabytes, never held whole.
  std::ostringstream head(std::ios::binary);
  const double mm = 1.0e-3;
  head << "<?xml version=\"1.0\"?>\n"
       << "<VTKFile type=\"ImageData\" version=\"1.0\" byte_order=\"LittleEndian\" "
          "header_type=\"UInt64\">\n"
       << fmt::format(
              "  <ImageData WholeExtent=\"0 {} 0 {} 0 {}\" Origin=\"{} {} {}\" "
              "Spacing=\"{} {} {}\">\n",
              grid.nx, grid.ny, grid.nz, grid.origin_x_um * mm, grid.origin_y_um * mm,
              grid.origin_z_um * mm, grid.dx_um * mm, grid.dy_um * mm, grid.dz_um * mm)
       << fmt::format("    <Piece Extent=\"0 {} 0 {} 0 {}\">\n", grid.nx, grid.ny, grid.nz)
       << "      <CellData>\n";
  std::uint64_t offset = 0;
  for (const auto& a : arrays) {
    head << fmt::format(
        "        <DataArray type=\"{}\" Name=\"{}\" format=\"appended\" offset=\"{}\"/>\n",
        type_name(a), a.name, offset);
    offset += sizeof(std::uint64_t) + payload_bytes(a);
  }
  head << "      </CellData>\n    </Piece>\n  </ImageData>\n"
       << "  <AppendedData encoding=\"raw\">\n   _";
  FileWriter out(file);  // every write and the close checked
  out.write(head.view());
  const auto bytes_of = [](const auto* p, std::size_t n) {
    return std::string_view(reinterpret_cast<const char*>(p), n * sizeof(*p));
  };
  constexpr std::size_t kBlock = 1 << 16;  // values converted at a time
  std::vector<float> f;
  for (const auto& a : arrays) {
    const std::uint64_t bytes = payload_bytes(a);
    out.write(bytes_of(&bytes, 1));
    if (const auto* d = std::get_if<std::span<const double>>(&a.values)) {
      CITSIM_ASSERT(d->size() == grid.size(), "one value per cell");
      for (std::size_t lo = 0; lo < d->size(); lo += kBlock) {
        const std::size_t hi = std::min(d->size(), lo + kBlock);
        f.assign(d->begin() + static_cast<std::ptrdiff_t>(lo),
                 d->begin() + static_cast<std::ptrdiff_t>(hi));
        out.write(bytes_of(f.data(), f.size()));
      }
    } else {
      const auto& u = std::get<std::span<const std::uint8_t>>(a.values);
      CITSIM_ASSERT(u.size() == grid.size(), "one value per cell");
      out.write(bytes_of(u.data(), u.size()));
    }
  }
  out.write("\n  </AppendedData>\n</VTKFile>\n");
  out.close();
}

}  // namespace citsim
