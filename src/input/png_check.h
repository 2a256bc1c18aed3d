// Checks that a file is a PNG image the PDF writer can draw: read whole with libpng, so that
// a damaged image is reported where the clinic file names it, not halfway through a batch.
#pragma once

#include <optional>
#include <string>

namespace superbill {

// The largest image accepted, in bytes and in pixels a side.
constexpr std::size_t kMaxPngBytes = 2 * 1024 * 1024;
constexpr unsigned kMaxPngSide = 4000;

// nullopt when `path` is a regular file of at most kMaxPngBytes holding a complete, undamaged
// PNG image of at most kMaxPngSide pixels a side; otherwise what is wrong with it ("cannot be
// read: No such file or directory", "is not a PNG image", "is damaged: ..."), without the path.
// Prints nothing.
std::optional<std::string> CheckPngFile(const std::string& path);

}  // namespace superbill
