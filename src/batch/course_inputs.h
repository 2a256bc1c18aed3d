// The courses of a batch, in order: each course XML file of the input list is one course;
// each CSV course file given on the command line holds the courses its rows group into.
// CSV files are read whole when the list is made (at most 10 MB each) and kept for the
// batch; XML files are read later, as workers need them.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "batch/input_list.h"
#include "input/csv_reader.h"

namespace superbill {

class CourseInputs {
 public:
  // Files and folders as InputList takes them; files named *.csv (given, or in a folder)
  // are read as CSV now.
  // `limits` bound the length of every value of a CSV file (null: none); `recursive`: the
  // folders' subfolders too (InputList).
  explicit CourseInputs(const std::vector<std::string>& inputs, const FieldLimits* limits = nullptr,
                        bool recursive = false);

  std::size_t size() const { return size_; }

  // One course: the path of its file and, for a CSV file, the course already read.
  struct Item {
    std::string path;
    const CsvCourse* csv = nullptr;  // null: an XML file still to read
  };

  // Reads the courses in order.
  class Cursor {
   public:
    explicit Cursor(const CourseInputs& inputs) : inputs_(&inputs), files_(inputs.list_) {}
    // The next course, or false at the end.
    bool Next(Item* item);

   private:
    const CourseInputs* inputs_;
    InputList::Cursor files_;
    const std::vector<CsvCourse>* csv_ = nullptr;  // the CSV file being walked
    std::size_t csv_next_ = 0;
    std::string csv_path_;
  };

  // The course at `index` (walks the list: for rare uses such as naming an earlier course).
  Item At(std::size_t index) const;

 private:
  InputList list_;
  std::map<std::string, std::vector<CsvCourse>> csv_;  // by path as given
  std::size_t size_ = 0;
};

// The id of the course `item` (reading its file again for an XML course).
std::string CourseIdOf(const CourseInputs::Item& item);

}  // namespace superbill
