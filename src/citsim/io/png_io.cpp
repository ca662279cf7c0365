#include "citsim/io/png_io.hpp"

#include <png.h>

#include <algorithm>
#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <string>
#include <system_error>

#include "citsim/core/error.hpp"

namespace citsim {
namespace {

// libpng reports errors by longjmp. Each function below that calls libpng
// sets its jump point itself, holds only plain pointers and returns false on
// error, so no C++ object lives across a longjmp; the message lands in the
// error sink and the callers turn it into citsim::Error.
struct PngErrorSink {
  char message[256] = {};
};

void on_png_error(png_structp png, png_const_charp msg) {
  auto* sink = static_cast<PngErrorSink*>(png_get_error_ptr(png));
  std::snprintf(sink->message, sizeof sink->message, "%s", msg);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}  // the library never prints

struct PngHeader {
  png_uint_32 width = 0;
  png_uint_32 height = 0;
  int bit_depth = 0;
  int color_type = 0;
};

bool read_header(png_structp png, png_infop info, PngHeader* h) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_info(png, info);
  png_get_IHDR(png, info, &h->width, &h->height, &h->bit_depth, &h->color_type, nullptr, nullptr,
               nullptr);
  return true;
}

bool set_rgb8_transforms(png_structp png, png_infop info, int color_type, int bit_depth,
                         png_size_t* rowbytes) {
  if (setjmp(png_jmpbuf(png))) return false;
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (bit_depth == 16) png_set_strip_16(png);
  if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
    png_set_gray_to_rgb(png);
  const bool transparency = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
  if (transparency) png_set_tRNS_to_alpha(png);
  if ((color_type & PNG_COLOR_MASK_ALPHA) != 0 || transparency) png_set_strip_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  *rowbytes = png_get_rowbytes(png, info);
  return true;
}

bool set_raw_transforms(png_structp png, png_infop info, png_size_t* rowbytes) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  *rowbytes = png_get_rowbytes(png, info);
  return true;
}

bool read_rows(png_structp png, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_read_image(png, rows);
  png_read_end(png, nullptr);
  return true;
}

bool write_all(png_structp png, png_infop info, png_uint_32 width, png_uint_32 height,
               int bit_depth, int color_type, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png))) return false;
  png_set_IHDR(png, info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level(png, 6);
  png_write_info(png, info);
  png_write_image(png, rows);
  png_write_end(png, nullptr);
  return true;
}

std::string errno_text(int err) { return std::generic_category().message(err); }

// An open PNG file being read, freed on every path out.
class PngReadFile {
 public:
  explicit PngReadFile(const std::filesystem::path& path) : path_(path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
      throw Error(path.string() + ": cannot read: is a folder, not a file");
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) throw Error(path.string() + ": cannot read: " + errno_text(errno));
    unsigned char sig[8] = {};
    if (std::fread(sig, 1, sizeof sig, file_) != sizeof sig ||
        png_sig_cmp(sig, 0, sizeof sig) != 0) {
      std::fclose(file_);
      throw Error(path.string() + ": not a PNG file (no PNG signature)");
    }
    png_ = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink_, on_png_error, on_png_warning);
    if (png_ != nullptr) info_ = png_create_info_struct(png_);
    if (png_ == nullptr || info_ == nullptr) {
      png_destroy_read_struct(&png_, &info_, nullptr);
      std::fclose(file_);
      throw Error(path.string() + ": cannot read: out of memory for libpng");
    }
    png_init_io(png_, file_);
    png_set_sig_bytes(png_, 8);
    if (!read_header(png_, info_, &header_)) {
      const std::string message = sink_.message;
      close();
      throw Error(path.string() + ": broken PNG file: " + message);
    }
  }
  ~PngReadFile() { close(); }
  PngReadFile(const PngReadFile&) = delete;
  PngReadFile& operator=(const PngReadFile&) = delete;

  const PngHeader& header() const { return header_; }
  png_structp png() { return png_; }
  png_infop info() { return info_; }

  /// Reads all rows into bytes, rowbytes a row.
  std::vector<std::uint8_t> read(png_size_t rowbytes) {
    std::vector<std::uint8_t> bytes(rowbytes * header_.height);
    std::vector<png_bytep> rows(header_.height);
    for (png_uint_32 y = 0; y < header_.height; ++y) rows[y] = bytes.data() + y * rowbytes;
    if (!read_rows(png_, rows.data())) fail();
    return bytes;
  }

  [[noreturn]] void fail() const {
    throw Error(path_.string() + ": broken PNG file: " + sink_.message);
  }

 private:
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  png_structp png_ = nullptr;
  png_infop info_ = nullptr;
  PngErrorSink sink_;
  PngHeader header_;

  void close() {
    png_destroy_read_struct(&png_, &info_, nullptr);
    if (file_ != nullptr) std::fclose(file_);
    file_ = nullptr;
  }
};

std::filesystem::path part_path(const std::filesystem::path& path) {
  std::filesystem::path p = path;
  p += ".part";
  return p;
}

// Writes rows to path through path.part, renamed into place when complete.
void write_png_rows(const std::filesystem::path& path, png_uint_32 width, png_uint_32 height,
                    int bit_depth, int color_type, std::vector<png_bytep>& rows) {
  const std::filesystem::path part = part_path(path);
  std::FILE* file = std::fopen(part.c_str(), "wb");
  if (file == nullptr) throw Error(path.string() + ": cannot write: " + errno_text(errno));
  PngErrorSink sink;
  png_structp png =
      png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, on_png_error, on_png_warning);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  bool ok = png != nullptr && info != nullptr;
  if (ok) {
    png_init_io(png, file);
    ok = write_all(png, info, width, height, bit_depth, color_type, rows.data());
  } else {
    std::snprintf(sink.message, sizeof sink.message, "out of memory for libpng");
  }
  png_destroy_write_struct(&png, &info);
  const bool closed = std::fclose(file) == 0;
  std::error_code ec;
  if (!ok || !closed) {
    std::filesystem::remove(part, ec);
    throw Error(path.string() +
                ": cannot write: " + (ok ? std::string("error closing the file") : sink.message));
  }
  std::filesystem::rename(part, path, ec);
  if (ec) {
    std::filesystem::remove(part, ec);
    throw Error(path.string() + ": cannot write: " + ec.message());
  }
}

}  // namespace

void write_png(const std::filesystem::path& path, const RgbImage& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgb.size() !=
          3 * static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height)) {
    throw Error(path.string() + ": cannot write an image of " + std::to_string(image.width) + "x" +
                std::to_string(image.height) + " pixels and " + std::to_string(image.rgb.size()) +
                " bytes: must be at least 1x1 with 3 bytes a pixel");
  }
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.height));
  // libpng does not write through the row pointers; its API is not const-correct.
  auto* data = const_cast<std::uint8_t*>(image.rgb.data());
  for (int y = 0; y < image.height; ++y)
    rows[static_cast<std::size_t>(y)] = data + image.offset(0, y);
  write_png_rows(path, static_cast<png_uint_32>(image.width),
                 static_cast<png_uint_32>(image.height), 8, PNG_COLOR_TYPE_RGB, rows);
}

void write_png_gray(const std::filesystem::path& path, const GrayImage& image) {
  const std::size_t n = static_cast<std::size_t>(std::max(image.width, 0)) *
                        static_cast<std::size_t>(std::max(image.height, 0));
  if (image.width <= 0 || image.height <= 0 || image.level.size() != n ||
      (image.bit_depth != 8 && image.bit_depth != 16)) {
    throw Error(path.string() + ": cannot write a grey image of " + std::to_string(image.width) +
                "x" + std::to_string(image.height) + " pixels, " + std::to_string(image.bit_depth) +
                " bit, " + std::to_string(image.level.size()) +
                " levels: must be at least 1x1, 8 or 16 bit, one level a pixel");
  }
  const std::size_t bytes_per_sample = image.bit_depth == 16 ? 2 : 1;
  const std::size_t row_bytes = bytes_per_sample * static_cast<std::size_t>(image.width);
  std::vector<std::uint8_t> bytes(row_bytes * static_cast<std::size_t>(image.height));
  const std::uint16_t max_level = image.bit_depth == 16 ? 65535 : 255;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint16_t v = image.level[k];
    if (v > max_level) {
      throw Error(path.string() + ": grey level " + std::to_string(v) + " at pixel " +
                  std::to_string(k) + ": must be at most " + std::to_string(max_level) +
                  " in an 8-bit image");
    }
    if (bytes_per_sample == 2) {  // PNG stores 16-bit samples big-endian
      bytes[2 * k] = static_cast<std::uint8_t>(v >> 8);
      bytes[2 * k + 1] = static_cast<std::uint8_t>(v & 0xFF);
    } else {
      bytes[k] = static_cast<std::uint8_t>(v);
    }
  }
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.height));
  for (std::size_t y = 0; y < rows.size(); ++y) rows[y] = bytes.data() + y * row_bytes;
  write_png_rows(path, static_cast<png_uint_32>(image.width),
                 static_cast<png_uint_32>(image.height), image.bit_depth, PNG_COLOR_TYPE_GRAY,
                 rows);
}

RgbImage read_png_rgb(const std::filesystem::path& path) {
  PngReadFile f(path);
  const PngHeader h = f.header();
  png_size_t rowbytes = 0;
  if (!set_rgb8_transforms(f.png(), f.info(), h.color_type, h.bit_depth, &rowbytes)) f.fail();
  CITSIM_ASSERT(rowbytes == 3 * static_cast<png_size_t>(h.width), "libpng delivers 8-bit RGB rows");
  RgbImage out;
  out.width = static_cast<int>(h.width);
  out.height = static_cast<int>(h.height);
  out.rgb = f.read(rowbytes);
  return out;
}

GrayImage read_png_gray(const std::filesystem::path& path, std::uint32_t max_side) {
  PngReadFile f(path);
  const PngHeader h = f.header();
  if (max_side > 0 && (h.width > max_side || h.height > max_side)) {
    throw Error(path.string() + ": map of " + std::to_string(h.width) + "x" +
                std::to_string(h.height) + " pixels (from its header): each side must be at most " +
                std::to_string(max_side) + " pixels");
  }
  const char* kind = nullptr;
  switch (h.color_type) {
    case PNG_COLOR_TYPE_GRAY:
      break;
    case PNG_COLOR_TYPE_PALETTE:
      kind = "a palette (indexed colour) image";
      break;
    case PNG_COLOR_TYPE_RGB:
      kind = "a colour (RGB) image";
      break;
    case PNG_COLOR_TYPE_RGB_ALPHA:
      kind = "a colour (RGBA) image";
      break;
    case PNG_COLOR_TYPE_GRAY_ALPHA:
      kind = "a grey image with an alpha channel";
      break;
    default:
      kind = "an image of unknown colour type";
      break;
  }
  if (kind != nullptr) {
    throw Error(path.string() + ": " + kind +
                ": a height scan must be a single-channel grayscale PNG of 8 or 16 bits");
  }
  if (h.bit_depth != 8 && h.bit_depth != 16) {
    throw Error(path.string() + ": " + std::to_string(h.bit_depth) +
                "-bit grayscale: a height scan must be 8 or 16 bits a pixel");
  }
  png_size_t rowbytes = 0;
  if (!set_raw_transforms(f.png(), f.info(), &rowbytes)) f.fail();
  const std::vector<std::uint8_t> bytes = f.read(rowbytes);
  GrayImage out;
  out.width = static_cast<int>(h.width);
  out.height = static_cast<int>(h.height);
  out.bit_depth = h.bit_depth;
  const std::size_t n = static_cast<std::size_t>(h.width) * h.height;
  out.level.resize(n);
  for (std::size_t y = 0; y < h.height; ++y) {
    const std::uint8_t* row = bytes.data() + y * rowbytes;
    for (std::size_t x = 0; x < h.width; ++x) {
      out.level[y * h.width + x] =
          h.bit_depth == 16 ? static_cast<std::uint16_t>((row[2 * x] << 8) | row[2 * x + 1])
                            : row[x];
    }
  }
  return out;
}

}  // namespace citsim
