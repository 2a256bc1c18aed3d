#include "batch/course_inputs.h"

#include <filesystem>

#include "input/course_reader.h"

namespace superbill {

namespace fs = std::filesystem;

CourseInputs::CourseInputs(const std::vector<std::string>& inputs, const FieldLimits* limits,
                           bool recursive)
    : list_(inputs, recursive) {
  size_ = list_.size();
  // The CSV files given and those the folders hold.
  InputList::Cursor files(list_);
  for (std::string path; files.Next(&path);) {
    std::error_code ec;
    if (!IsCsvPath(path) || fs::is_directory(path, ec)) continue;
    auto it = csv_.find(path);
    if (it == csv_.end()) it = csv_.emplace(path, ReadCsvCourses(path, limits)).first;
    size_ = size_ - 1 + it->second.size();  // the file stands for its courses
  }
}

bool CourseInputs::Cursor::Next(Item* item) {
  for (;;) {
    if (csv_) {
      if (csv_next_ < csv_->size()) {
        item->path = csv_path_;
        item->csv = &(*csv_)[csv_next_++];
        return true;
      }
      csv_ = nullptr;
    }
    std::string path;
    if (!files_.Next(&path)) return false;
    auto it = inputs_->csv_.find(path);
    if (it == inputs_->csv_.end()) {
      item->path = std::move(path);
      item->csv = nullptr;
      return true;
    }
    csv_ = &it->second;
    csv_next_ = 0;
    csv_path_ = std::move(path);
  }
}

CourseInputs::Item CourseInputs::At(std::size_t index) const {
  Cursor cursor(*this);
  Item item;
  for (std::size_t i = 0; i <= index; ++i) {
    if (!cursor.Next(&item)) return {};
  }
  return item;
}

std::string CourseIdOf(const CourseInputs::Item& item) {
  if (item.csv) return item.csv->course.id;
  Diagnostics ignored;
  return ReadCourse(item.path, &ignored).id;
}

}  // namespace superbill
