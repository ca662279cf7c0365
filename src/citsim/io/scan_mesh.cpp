// Triangulated surfaces: OBJ, PLY (ASCII and binary), STL (ASCII and binary).
#include "citsim/io/scan_format.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "citsim/core/error.hpp"

namespace citsim::scan {

void add_polygon(const std::filesystem::path& path, TriangleMesh& mesh,
                 const std::vector<long long>& poly, const std::string& where) {
  if (poly.size() < 3)
    fail(path,
         where + ": a face has " + std::to_string(poly.size()) + " vertices: needs 3 or more");
  for (const long long v : poly) {
    if (v < 0 || static_cast<std::size_t>(v) >= mesh.vertex.size()) {
      fail(path, where + ": vertex index " + std::to_string(v) + " out of range: the mesh has " +
                     std::to_string(mesh.vertex.size()) + " vertices");
    }
  }
  for (std::size_t k = 1; k + 1 < poly.size(); ++k) {  // a fan: polygons are assumed convex
    mesh.triangle.push_back({static_cast<std::uint32_t>(poly[0]),
                             static_cast<std::uint32_t>(poly[k]),
                             static_cast<std::uint32_t>(poly[k + 1])});
  }
}

std::vector<std::string_view> split_ws(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    const std::size_t b = i;
    while (i < s.size() && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    if (i > b) out.push_back(s.substr(b, i - b));
  }
  return out;
}

TriangleMesh read_obj(const std::filesystem::path& path) {
  const std::string text = read_bytes(path);
  TriangleMesh mesh;
  std::size_t start = 0;
  std::size_t line_no = 0;
  std::vector<long long> poly;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const auto tok = split_ws(std::string_view(text).substr(start, end - start));
    start = end + 1;
    ++line_no;
    if (tok.empty()) continue;
    const std::string where = "line " + std::to_string(line_no);
    if (tok[0] == "v") {
      std::array<double, 3> p{};
      if (tok.size() < 4 || !parse_double(tok[1], p[0]) || !parse_double(tok[2], p[1]) ||
          !parse_double(tok[3], p[2])) {
        fail(path, where + ": expected 'v x y z' with three numbers");
      }
      mesh.vertex.push_back(p);
    } else if (tok[0] == "f") {
      poly.clear();
      for (std::size_t k = 1; k < tok.size(); ++k) {
        const std::string_view ref = tok[k].substr(0, tok[k].find('/'));
        long long idx = 0;
        const auto r = std::from_chars(ref.data(), ref.data() + ref.size(), idx);
        if (r.ec != std::errc() || r.ptr != ref.data() + ref.size() || idx == 0) {
          fail(path, where + ": face vertex '" + std::string(tok[k]) +
                         "': must be a vertex number (1-based, or negative)");
        }
        poly.push_back(idx > 0 ? idx - 1 : static_cast<long long>(mesh.vertex.size()) + idx);
      }
      add_polygon(path, mesh, poly, where);
    }
    // Other statements (vn, vt, g, o, s, usemtl, ...) do not change the shape.
  }
  return mesh;
}

// PLY: a header of elements and their properties, then the body.
enum class PlyType { i8, u8, i16, u16, i32, u32, f32, f64 };

struct PlyProperty {
  std::string name;
  PlyType type = PlyType::f32;
  bool is_list = false;
  PlyType count_type = PlyType::u8;
};

struct PlyElement {
  std::string name;
  std::size_t count = 0;
  std::vector<PlyProperty> properties;
};

bool ply_type(std::string_view s, PlyType& t) {
  static constexpr std::pair<std::string_view, PlyType> kTypes[] = {
      {"char", PlyType::i8},    {"int8", PlyType::i8},     {"uchar", PlyType::u8},
      {"uint8", PlyType::u8},   {"short", PlyType::i16},   {"int16", PlyType::i16},
      {"ushort", PlyType::u16}, {"uint16", PlyType::u16},  {"int", PlyType::i32},
      {"int32", PlyType::i32},  {"uint", PlyType::u32},    {"uint32", PlyType::u32},
      {"float", PlyType::f32},  {"float32", PlyType::f32}, {"double", PlyType::f64},
      {"float64", PlyType::f64}};
  for (const auto& [name, type] : kTypes) {
    if (s == name) {
      t = type;
      return true;
    }
  }
  return false;
}

std::size_t ply_size(PlyType t) {
  switch (t) {
    case PlyType::i8:
    case PlyType::u8:
      return 1;
    case PlyType::i16:
    case PlyType::u16:
      return 2;
    case PlyType::i32:
    case PlyType::u32:
    case PlyType::f32:
      return 4;
    case PlyType::f64:
      return 8;
  }
  return 1;
}

// Reads values from the body of a PLY file, ASCII or binary little-endian.
class PlyBody {
 public:
  PlyBody(const std::filesystem::path& path, std::string_view body, bool binary)
      : path_(path), body_(body), binary_(binary) {}

  double read(PlyType t) {
    if (!binary_) {
      while (pos_ < body_.size() && std::isspace(static_cast<unsigned char>(body_[pos_])) != 0)
        ++pos_;
      const std::size_t b = pos_;
      while (pos_ < body_.size() && std::isspace(static_cast<unsigned char>(body_[pos_])) == 0)
        ++pos_;
      if (b == pos_) fail(path_, "PLY body ends early: fewer values than the header declares");
      double v = 0.0;
      if (!parse_double(body_.substr(b, pos_ - b), v)) {
        fail(path_, "PLY value '" + std::string(body_.substr(b, pos_ - b)) + "' is not a number");
      }
      return v;
    }
    const std::size_t n = ply_size(t);
    if (body_.size() - pos_ < n)
      fail(path_, "PLY body ends early: fewer bytes than the header declares");
    std::uint64_t u = 0;
    for (std::size_t k = 0; k < n; ++k) {
      u |= static_cast<std::uint64_t>(static_cast<unsigned char>(body_[pos_ + k])) << (8 * k);
    }
    pos_ += n;
    switch (t) {
      case PlyType::i8:
        return static_cast<std::int8_t>(static_cast<std::uint8_t>(u));
      case PlyType::u8:
        return static_cast<double>(u);
      case PlyType::i16:
        return static_cast<std::int16_t>(static_cast<std::uint16_t>(u));
      case PlyType::u16:
        return static_cast<double>(u);
      case PlyType::i32:
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(u));
      case PlyType::u32:
        return static_cast<double>(u);
      case PlyType::f32:
        return std::bit_cast<float>(static_cast<std::uint32_t>(u));
      case PlyType::f64:
        return std::bit_cast<double>(u);
    }
    return 0.0;
  }
  std::size_t remaining_bytes() const { return body_.size() - pos_; }

 private:
  const std::filesystem::path& path_;
  std::string_view body_;
  bool binary_;
  std::size_t pos_ = 0;
};

TriangleMesh read_ply(const std::filesystem::path& path) {
  const std::string text = read_bytes(path);
  if (!text.starts_with("ply")) fail(path, "not a PLY file (it must start with 'ply')");
  std::vector<PlyElement> elements;
  bool binary = false;
  bool has_format = false;
  std::size_t start = 0;
  std::size_t body_start = std::string::npos;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) break;
    const auto tok = split_ws(std::string_view(text).substr(start, end - start));
    start = end + 1;
    if (tok.empty()) continue;
    if (tok[0] == "end_header") {
      body_start = start;
      break;
    }
    if (tok[0] == "format") {
      if (tok.size() < 2) fail(path, "PLY 'format' line without a format");
      if (tok[1] == "ascii") {
        binary = false;
      } else if (tok[1] == "binary_little_endian") {
        binary = true;
      } else {
        fail(path,
             "PLY format '" + std::string(tok[1]) + "': must be ascii or binary_little_endian");
      }
      has_format = true;
    } else if (tok[0] == "element") {
      double count = 0.0;
      if (tok.size() < 3 || !parse_double(tok[2], count) || count < 0 ||
          count != std::floor(count)) {
        fail(path, "PLY 'element' line: expected 'element <name> <count>'");
      }
      elements.push_back({std::string(tok[1]), static_cast<std::size_t>(count), {}});
    } else if (tok[0] == "property") {
      if (elements.empty()) fail(path, "PLY 'property' before any 'element'");
      PlyProperty p;
      if (tok.size() >= 5 && tok[1] == "list") {
        p.is_list = true;
        if (!ply_type(tok[2], p.count_type) || !ply_type(tok[3], p.type)) {
          fail(path, "PLY list property '" + std::string(tok[4]) + "' has an unknown type");
        }
        p.name = std::string(tok[4]);
      } else if (tok.size() >= 3) {
        if (!ply_type(tok[1], p.type))
          fail(path, "PLY property '" + std::string(tok[2]) + "' has an unknown type");
        p.name = std::string(tok[2]);
      } else {
        fail(path, "PLY 'property' line: expected 'property <type> <name>'");
      }
      elements.back().properties.push_back(p);
    }
    // comment, obj_info: ignored
  }
  if (body_start == std::string::npos) fail(path, "PLY header without 'end_header'");
  if (!has_format) fail(path, "PLY header without a 'format' line");

  PlyBody body(path, std::string_view(text).substr(body_start), binary);
  TriangleMesh mesh;
  std::vector<long long> poly;
  bool seen_vertex = false;
  for (const PlyElement& e : elements) {
    // A sanity bound before reserving: every item needs at least one byte (or character).
    if (e.count > body.remaining_bytes())
      fail(path, "PLY declares " + std::to_string(e.count) + " " + e.name +
                     " items: more than the file can hold");
    if (e.name == "vertex") {
      seen_vertex = true;
      std::array<int, 3> where = {-1, -1, -1};
      for (std::size_t k = 0; k < e.properties.size(); ++k) {
        const std::string& n = e.properties[k].name;
        if (e.properties[k].is_list) continue;
        if (n == "x") where[0] = static_cast<int>(k);
        if (n == "y") where[1] = static_cast<int>(k);
        if (n == "z") where[2] = static_cast<int>(k);
      }
      if (where[0] < 0 || where[1] < 0 || where[2] < 0)
        fail(path, "PLY vertex element without x, y and z properties");
      mesh.vertex.reserve(e.count);
      for (std::size_t item = 0; item < e.count; ++item) {
        std::array<double, 3> p{};
        for (std::size_t k = 0; k < e.properties.size(); ++k) {
          const PlyProperty& prop = e.properties[k];
          if (prop.is_list) {
            const double n = body.read(prop.count_type);
            for (double m = 0; m < n; ++m) body.read(prop.type);
            continue;
          }
          const double v = body.read(prop.type);
          for (std::size_t c = 0; c < 3; ++c) {
            if (where[c] == static_cast<int>(k)) p[c] = v;
          }
        }
        mesh.vertex.push_back(p);
      }
    } else {
      const bool is_face = e.name == "face";
      int list_index = -1;
      for (std::size_t k = 0; k < e.properties.size() && is_face; ++k) {
        const PlyProperty& prop = e.properties[k];
        if (prop.is_list &&
            (prop.name == "vertex_indices" || prop.name == "vertex_index" || list_index < 0)) {
          list_index = static_cast<int>(k);
        }
      }
      if (is_face && list_index < 0) fail(path, "PLY face element without a vertex_indices list");
      if (is_face && !seen_vertex) fail(path, "PLY face element before the vertex element");
      for (std::size_t item = 0; item < e.count; ++item) {
        for (std::size_t k = 0; k < e.properties.size(); ++k) {
          const PlyProperty& prop = e.properties[k];
          if (!prop.is_list) {
            body.read(prop.type);
            continue;
          }
          const double n = body.read(prop.count_type);
          const bool take = static_cast<int>(k) == list_index;
          if (take) poly.clear();
          for (double m = 0; m < n; ++m) {
            const double v = body.read(prop.type);
            if (take) poly.push_back(static_cast<long long>(v));
          }
          if (take) add_polygon(path, mesh, poly, "face " + std::to_string(item));
        }
      }
    }
  }
  return mesh;
}

TriangleMesh read_stl(const std::filesystem::path& path) {
  const std::string text = read_bytes(path);
  TriangleMesh mesh;
  bool binary = false;
  if (text.size() >= 84) {
    std::uint32_t n = 0;
    for (int k = 0; k < 4; ++k)
      n |= static_cast<std::uint32_t>(
               static_cast<unsigned char>(text[80 + static_cast<std::size_t>(k)]))
           << (8 * k);
    binary = text.size() == 84 + 50 * static_cast<std::size_t>(n);
  }
  if (binary) {
    const std::size_t n = (text.size() - 84) / 50;
    mesh.vertex.reserve(3 * n);
    for (std::size_t t = 0; t < n; ++t) {
      const std::size_t base = 84 + 50 * t + 12;  // after the facet normal
      for (std::size_t v = 0; v < 3; ++v) {
        std::array<double, 3> p{};
        for (std::size_t c = 0; c < 3; ++c) {
          std::uint32_t u = 0;
          for (std::size_t k = 0; k < 4; ++k) {
            u |= static_cast<std::uint32_t>(
                     static_cast<unsigned char>(text[base + 12 * v + 4 * c + k]))
                 << (8 * k);
          }
          p[c] = std::bit_cast<float>(u);
        }
        mesh.vertex.push_back(p);
      }
      const auto b = static_cast<std::uint32_t>(3 * t);
      mesh.triangle.push_back({b, b + 1, b + 2});
    }
    return mesh;
  }
  if (!std::string_view(text).substr(0, 80).starts_with("solid")) {
    fail(path,
         "not an STL file: neither ASCII ('solid ...') nor binary (80-byte header, count, 50 bytes "
         "a triangle)");
  }
  const auto tok = split_ws(text);
  for (std::size_t k = 0; k < tok.size(); ++k) {
    if (tok[k] != "vertex") continue;
    std::array<double, 3> p{};
    if (k + 3 >= tok.size() || !parse_double(tok[k + 1], p[0]) || !parse_double(tok[k + 2], p[1]) ||
        !parse_double(tok[k + 3], p[2])) {
      fail(path, "ASCII STL 'vertex' not followed by three numbers (vertex " +
                     std::to_string(mesh.vertex.size() + 1) + ")");
    }
    mesh.vertex.push_back(p);
    k += 3;
  }
  if (mesh.vertex.size() % 3 != 0) {
    fail(path,
         "ASCII STL has " + std::to_string(mesh.vertex.size()) + " vertices: must be 3 a facet");
  }
  for (std::uint32_t b = 0; b < mesh.vertex.size(); b += 3)
    mesh.triangle.push_back({b, b + 1, b + 2});
  return mesh;
}

}  // namespace citsim::scan
