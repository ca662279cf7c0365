// Height maps from CSV: one row of heights (um) per line, optional "# pixel_um = ..." line.
#include "citsim/io/scan_format.hpp"

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/core/error.hpp"

namespace citsim::scan {

// ---------------------------------------------------------------- CSV

HeightMap read_csv_scan(const std::filesystem::path& path, const ScanOptions& o) {
  const std::string text = read_bytes(path);
  double header_pixel_um = 0.0;
  std::vector<double> values;
  std::size_t columns = 0;
  std::size_t first_row_line = 0;
  int rows = 0;
  std::size_t line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = trim(std::string_view(text).substr(start, end - start));
    start = end + 1;
    ++line_no;
    const std::string where = "line " + std::to_string(line_no);
    if (line.empty()) continue;
    if (line.front() == '#') {
      std::string_view rest = trim(line.substr(1));
      if (rest.starts_with("pixel_um")) {
        rest = trim(rest.substr(8));
        if (rest.empty() || rest.front() != '=')
          fail(path, where + ": expected '# pixel_um = <number>'");
        const std::string_view value = trim(rest.substr(1));
        if (!parse_double(value, header_pixel_um) || !(header_pixel_um > 0.0) ||
            !std::isfinite(header_pixel_um)) {
          fail(path, where + ": pixel_um = " + std::string(value) + ": must be a number > 0 (um)");
        }
      }
      continue;
    }
    std::size_t count = 0;
    std::size_t field_start = 0;
    while (true) {
      const std::size_t comma = line.find(',', field_start);
      const std::string_view field =
          trim(line.substr(field_start, comma == std::string_view::npos ? std::string_view::npos
                                                                        : comma - field_start));
      ++count;
      double v = 0.0;
      if (!parse_double(field, v)) {
        fail(path, where + ", column " + std::to_string(count) + ": '" + std::string(field) +
                       "' is not a number: a CSV scan holds heights in um, comma separated, one "
                       "row a line");
      }
      if (!std::isfinite(v)) {
        fail(path, where + ", column " + std::to_string(count) + ": " + std::string(field) +
                       ": heights must be finite numbers (no NaN or inf)");
      }
      values.push_back(v);
      if (comma == std::string_view::npos) break;
      field_start = comma + 1;
    }
    if (rows == 0) {
      columns = count;
      first_row_line = line_no;
    } else if (count != columns) {
      fail(path, where + " has " + std::to_string(count) + " values, line " +
                     std::to_string(first_row_line) + " has " + std::to_string(columns) +
                     ": every row must have the same number of values");
    }
    ++rows;
    if (rows > kScanMaxPixels) check_pixels(path, static_cast<long long>(columns), rows, "");
  }
  if (rows == 0)
    fail(path,
         "no rows of heights: a CSV scan holds heights in um, comma separated, one row a line");
  double pixel_um = o.pixel_um;
  if (header_pixel_um > 0.0) {
    if (o.pixel_um > 0.0 && std::abs(o.pixel_um - header_pixel_um) > 1e-9 * header_pixel_um) {
      fail(path, "pixel_um = " + num(header_pixel_um) + " in the file but " + num(o.pixel_um) +
                     " in the options: give one, or the same in both");
    }
    pixel_um = header_pixel_um;
  } else if (!(o.pixel_um > 0.0) || !std::isfinite(o.pixel_um)) {
    fail(path, "pixel_um = " + num(o.pixel_um) +
                   ": must be > 0: give the pixel size in um in the options or as a '# pixel_um = "
                   "20' line");
  }
  check_pixels(path, static_cast<long long>(columns), rows, "");
  HeightMap map(static_cast<int>(columns), rows, pixel_um);
  map.z_um = std::move(values);
  return finish(path, std::move(map));
}

}  // namespace citsim::scan
