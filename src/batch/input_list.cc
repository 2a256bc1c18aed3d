#include "batch/input_list.h"

#include <algorithm>
#include <filesystem>
#include <string_view>

namespace superbill {

namespace fs = std::filesystem;

namespace {

void PutVarint(std::string* out, std::size_t v) {
  while (v >= 0x80) {
    *out += static_cast<char>(0x80 | (v & 0x7F));
    v >>= 7;
  }
  *out += static_cast<char>(v);
}

std::size_t GetVarint(const std::string& in, std::size_t* pos) {
  std::size_t v = 0;
  for (int shift = 0;; shift += 7) {
    auto b = static_cast<unsigned char>(in[(*pos)++]);
    v |= static_cast<std::size_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
}

// The last byte of a name as stored: whether ".xml" was taken off it.
constexpr char kXmlDropped = '\x01', kKept = '\x02';

bool EndsWith(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Whether `name` is a course file: it ends in ".xml" or ".csv" in any case.
bool IsCourseFileName(std::string_view name) {
  if (name.size() < 4 || name[name.size() - 4] != '.') return false;
  std::string ext(name.substr(name.size() - 3));
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return ext == "xml" || ext == "csv";
}

}  // namespace

InputList::InputList(const std::vector<std::string>& inputs, bool recursive) {
  for (const auto& in : inputs) {
    std::error_code ec;
    Segment seg;
    seg.path = in;
    if (!fs::is_directory(in, ec)) {
      segments_.push_back(std::move(seg));
      ++size_;
      continue;
    }
    seg.is_folder = true;
    // The names (paths below the folder) in one buffer while sorting, then front-coded.
    std::string all;
    std::vector<std::uint32_t> starts;
    auto take = [&](const fs::directory_entry& e, const fs::path& relative) {
      const std::string file = relative.filename().string();
      if (file.empty() || file[0] == '.' || !IsCourseFileName(file)) return;
      std::error_code kind_ec;
      if (e.is_directory(kind_ec)) return;
      starts.push_back(static_cast<std::uint32_t>(all.size()));
      all += relative.generic_string();
      all += '\0';
    };
    if (recursive) {
      const auto opts = fs::directory_options::skip_permission_denied;
      for (fs::recursive_directory_iterator it(in, opts, ec), end; !ec && it != end;
           it.increment(ec)) {
        // Hidden folders (".git", ".Trash") hold no courses.
        const std::string name = it->path().filename().string();
        std::error_code kind_ec;
        if (!name.empty() && name[0] == '.' && it->is_directory(kind_ec)) {
          it.disable_recursion_pending();
          continue;
        }
        take(*it, it->path().lexically_relative(in));
      }
    } else {
      for (fs::directory_iterator it(in, ec), end; !ec && it != end; it.increment(ec)) {
        take(*it, it->path().filename());
      }
    }
    auto name_at = [&](std::uint32_t s) { return std::string_view(all.data() + s); };
    std::sort(starts.begin(), starts.end(),
              [&](std::uint32_t a, std::uint32_t b) { return name_at(a) < name_at(b); });
    std::string previous;
    for (std::uint32_t s : starts) {
      const std::string_view full = name_at(s);
      std::string name;
      if (EndsWith(full, ".xml")) {
        name.assign(full.substr(0, full.size() - 4));
        name += kXmlDropped;
      } else {
        name.assign(full);
        name += kKept;
      }
      std::size_t shared = 0;
      while (shared < previous.size() && shared < name.size() && previous[shared] == name[shared])
        ++shared;
      PutVarint(&seg.names, shared);
      PutVarint(&seg.names, name.size() - shared);
      seg.names.append(name, shared, std::string::npos);
      previous = std::move(name);
    }
    seg.names.shrink_to_fit();
    size_ += starts.size();
    segments_.push_back(std::move(seg));
  }
}

bool InputList::Cursor::Next(std::string* path) {
  while (segment_ < list_->segments_.size()) {
    const Segment& seg = list_->segments_[segment_];
    if (!seg.is_folder) {
      ++segment_;
      *path = seg.path;
      return true;
    }
    if (offset_ < seg.names.size()) {
      std::size_t shared = GetVarint(seg.names, &offset_);
      std::size_t length = GetVarint(seg.names, &offset_);
      name_.resize(shared);
      name_.append(seg.names, offset_, length);
      offset_ += length;
      std::string_view stored = name_;
      const bool xml = !stored.empty() && stored.back() == kXmlDropped;
      if (!stored.empty()) stored.remove_suffix(1);
      *path = (fs::path(seg.path) / std::string(stored)).string() + (xml ? ".xml" : "");
      return true;
    }
    ++segment_;
    offset_ = 0;
    name_.clear();
  }
  return false;
}

std::string InputList::At(std::size_t index) const {
  Cursor cursor(*this);
  std::string path;
  for (std::size_t i = 0; i <= index; ++i) {
    if (!cursor.Next(&path)) return {};
  }
  return path;
}

}  // namespace superbill
