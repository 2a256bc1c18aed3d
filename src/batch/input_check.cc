#include "batch/input_check.h"

#include <filesystem>

#include "common/diagnostic.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

bool IsXmlName(const fs::path& p) {
  std::string ext = p.extension().string();
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext == ".xml";
}

}  // namespace

void CheckCourseInputs(const std::vector<std::string>& inputs) {
  for (const std::string& in : inputs) {
    std::error_code ec;
    const fs::file_status st = fs::status(in, ec);
    if (st.type() == fs::file_type::not_found) {
      throw FatalError(Diagnostics{{{in}, "no such file or folder"}});
    }
    if (st.type() != fs::file_type::directory) continue;  // a file: read (or rejected) later
    bool any = false;
    // Stops at the first course file: a folder of a million courses is not listed twice.
    for (fs::directory_iterator it(in, ec), end; !ec && it != end; it.increment(ec)) {
      if (IsXmlName(it->path()) && !it->is_directory(ec)) {
        any = true;
        break;
      }
    }
    if (ec) throw FatalError(Diagnostics{{{in}, "cannot read the folder: " + ec.message()}});
    if (!any) throw FatalError(Diagnostics{{{in}, "the folder holds no course file (*.xml)"}});
  }
}

}  // namespace superbill
