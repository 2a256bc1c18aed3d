// The course files of a batch, in order, held compactly: a folder of 100,000 courses costs
// about 7 bytes a file (sorted names, each stored as the part that differs from the name
// before it), so memory does not grow with the batch beyond that.
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
    std::string path;  // a file, or a folder when `count` > 0 or is_folder
    bool is_folder = false;
    std::size_t count = 0;
    std::string names;  // per name: shared prefix length, suffix length (varints), suffix
  };
  std::vector<Segment> segments_;
  std::size_t size_ = 0;
};

}  // namespace superbill
