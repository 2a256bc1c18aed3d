// Duplicate course ids in a batch, in little memory (see IdRegistry).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace superbill {

// The course ids of a batch so far, in about 7 bytes a course: an open-addressing table
// sized once for the whole batch (at most 7/8 full, so it never grows), each slot holding
// the course's number and 16 bits of its id's hash. When those bits match, the ids are
// compared exactly by reading the earlier course's id again through `id_of` (for distinct
// ids, about once in 30,000 courses).
class IdRegistry {
 public:
  IdRegistry(std::size_t courses, std::function<std::string(std::uint32_t)> id_of)
      : id_of_(std::move(id_of)),
        size_(std::max<std::size_t>(64, courses + courses / 7 + 1)),
        tags_(size_),
        index_plus_one_(size_) {}

  // Adds `id` of course `index`; returns the number of the earlier course with that id.
  std::optional<std::uint32_t> Insert(const std::string& id, std::uint32_t index) {
    std::uint64_t hash = Hash(id);
    auto tag = static_cast<std::uint16_t>(hash);
    // The slot from the high 32 bits (multiply-shift maps them onto 0..size_-1).
    std::size_t i = static_cast<std::size_t>(((hash >> 32) * size_) >> 32);
    for (;; i = i + 1 == size_ ? 0 : i + 1) {
      if (index_plus_one_[i] == 0) {
        tags_[i] = tag;
        index_plus_one_[i] = index + 1;
        return std::nullopt;
      }
      if (tags_[i] == tag && id_of_(index_plus_one_[i] - 1) == id) return index_plus_one_[i] - 1;
    }
  }

 private:
  static std::uint64_t Hash(const std::string& id) {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a, then a final mix
    for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 33);
  }

  std::function<std::string(std::uint32_t)> id_of_;
  std::size_t size_;
  std::vector<std::uint16_t> tags_;
  std::vector<std::uint32_t> index_plus_one_;  // 0: empty
};

}  // namespace superbill
