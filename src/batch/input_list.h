// The course files of a batch, in order, held compactly: a folder's names are sorted and
// each is kept as the part that differs from the name before it, a name ending in ".xml"
// without it (4 bytes a file for names such as c0012345.xml).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace superbill {

class InputList {
 public:
  // Folders expand to their course files, *.xml and *.csv in any case (06.XML too), in
  // name order (byte order); names starting with '.' (editors' lock files, macOS's "._"
  // copies) are left out. With `recursive`, the files of subfolders too, in the order of
  // their paths below the folder ("a/b.xml" after "a.xml", before "b.xml"); links to
  // folders are not followed. Files stay as given. A path that does not exist is kept
  // (its course is then rejected as unreadable).
  explicit InputList(const std::vector<std::string>& inputs, bool recursive = false);

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
