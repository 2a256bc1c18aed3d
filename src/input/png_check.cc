#include "input/png_check.h"

#include <png.h>
#include <sys/stat.h>

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>
#include <vector>

#include "common/text.h"

namespace superbill {

namespace {

struct Reader {
  const std::string* bytes;
  std::size_t offset;
  char message[128];
  bool over_limit;  // libpng warned that the image exceeds our size limits
};

void ReadBytes(png_structp png, png_bytep out, png_size_t size) {
  auto* r = static_cast<Reader*>(png_get_io_ptr(png));
  if (size > r->bytes->size() - r->offset) png_error(png, "the file ends too early");
  std::memcpy(out, r->bytes->data() + r->offset, size);
  r->offset += size;
}

void OnError(png_structp png, png_const_charp message) {
  auto* r = static_cast<Reader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof r->message, "%s", message ? message : "unknown error");
  png_longjmp(png, 1);
}

void OnWarning(png_structp png, png_const_charp message) {
  auto* r = static_cast<Reader*>(png_get_error_ptr(png));
  if (message && std::strstr(message, "exceeds user limit")) r->over_limit = true;
}

// Decodes the whole image (every row of every pass, then the chunks after the image data).
// Plain C data only between setjmp and longjmp: nothing with a destructor lives here.
bool Decode(Reader* r, unsigned* width, unsigned* height, unsigned char* row, std::size_t row_size,
            bool* too_large) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r, OnError, OnWarning);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    return false;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_set_read_fn(png, r, ReadBytes);
  png_set_user_limits(png, kMaxPngSide, kMaxPngSide);
  png_read_info(png, info);
  *width = png_get_image_width(png, info);
  *height = png_get_image_height(png, info);
  if (png_get_rowbytes(png, info) > row_size) {
    *too_large = true;
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  for (int pass = 0; pass < passes; ++pass) {
    for (unsigned y = 0; y < *height; ++y) png_read_row(png, row, nullptr);
  }
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

}  // namespace

std::optional<std::string> CheckPngFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return std::string("cannot be read: ") + std::strerror(errno);
  }
  if (!S_ISREG(st.st_mode)) return std::string("is not a file");
  std::string bytes;
  bool too_large = false;
  if (!ReadFile(path, &bytes, kMaxPngBytes, &too_large)) {
    if (too_large) return "is larger than " + std::to_string(kMaxPngBytes / 1024 / 1024) + " MB";
    return std::string("cannot be read: ") + std::strerror(errno);
  }
  if (bytes.size() < 8 || png_sig_cmp(reinterpret_cast<png_const_bytep>(bytes.data()), 0, 8)) {
    return std::string("is not a PNG image");
  }
  Reader r{&bytes, 0, {}, false};
  unsigned width = 0, height = 0;
  // 8 bytes a pixel is the most any PNG row takes (16-bit RGBA).
  std::vector<unsigned char> row(static_cast<std::size_t>(kMaxPngSide) * 8);
  bool wide = false;
  if (!Decode(&r, &width, &height, row.data(), row.size(), &wide)) {
    if (wide || r.over_limit) {
      return "is larger than " + std::to_string(kMaxPngSide) + " pixels a side";
    }
    return std::string("is damaged: ") + r.message;
  }
  return std::nullopt;
}

}  // namespace superbill
