// The course files of a batch, in order, held compactly: a folder's names are sorted and
// each is kept as the part that differs from the name before it, without ".xml" (3 bytes
// a file for names such as c0012345.xml).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace superbill {

class InputList {
 public:
  // Folders expand to their *.xml files in name order (byte order); files stay as given.
  // A path that does not exist is kept (its course is then rejected as unreadable).
  explicit InputList(const std::vector<std::string>& inputs);

  std::size_t size() const { return size_; }

  // Reads the paths in order.
  class Cursor {
   public:
    explicit Cursor(const InputList& list) : list_(&list) {}
    // The next path, or false at the end.
    bool Next(std::string* path);

   private:
    const InputList* list_;
    std::size_t segment_ = 0;
    std::size_t offset_ = 0;  // into the segment's encoded names
    std::string name_;        // the previous name of a folder segment
  };

  // The path at `index` (walks the list: for rare uses such as naming an earlier course).
  std::string At(std::size_t index) const;

 private:
  struct Segment {
    std::string path;  // a course file, or a folder (is_folder)
    bool is_folder = false;
    std::string names;  // per name: shared prefix length, suffix length (varints), suffix
  };
  std::vector<Segment> segments_;
  std::size_t size_ = 0;
};

}  // namespace superbill
