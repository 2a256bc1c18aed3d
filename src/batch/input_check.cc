#include "batch/input_check.h"

#include <filesystem>

#include "common/diagnostic.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

// What InputList takes from a folder: *.xml and *.csv in any case, not starting with '.'.
bool IsCourseFileName(const fs::path& p) {
  const std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return false;
  std::string ext = p.extension().string();
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext == ".xml" || ext == ".csv";
}

// Whether `dir` (with `recursive`, its subfolders too, links to folders not followed, as
// InputList) holds a course file. Stops at the first: a folder of a million courses is not
// listed twice.
template <typename Iterator>
bool HoldsCourseFile(const std::string& dir, std::error_code& ec) {
  for (Iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (IsCourseFileName(it->path()) && !it->is_directory(ec)) return true;
  }
  return false;
}

}  // namespace

void CheckCourseInputs(const std::vector<std::string>& inputs, bool recursive) {
  for (const std::string& in : inputs) {
    std::error_code ec;
    const fs::file_status st = fs::status(in, ec);
    if (st.type() == fs::file_type::not_found) {
      throw FatalError(Diagnostics{{{in}, "no such file or folder"}});
    }
    if (st.type() != fs::file_type::directory) continue;  // a file: read (or rejected) later
    const bool any = recursive ? HoldsCourseFile<fs::recursive_directory_iterator>(in, ec)
                               : HoldsCourseFile<fs::directory_iterator>(in, ec);
    if (ec) throw FatalError(Diagnostics{{{in}, "cannot read the folder: " + ec.message()}});
    if (!any) {
      throw FatalError(Diagnostics{
          {{in},
           recursive ? "the folder and its subfolders hold no course file (*.xml, *.csv)"
                     : "the folder holds no course file (*.xml, *.csv); --recursive reads "
                       "its subfolders too"}});
    }
  }
}

}  // namespace superbill
