// The course inputs of a command checked before anything runs: a path that does not
// exist, or a folder with no course file in it, is a usage error (exit 2) before anything
// is read or written, instead of a batch of "0 courses" or of one unreadable course.
#pragma once

#include <string>
#include <vector>

namespace superbill {

// Throws FatalError "PATH: error: ..." for the first input that does not exist or is a
// folder holding no course file (*.xml or *.csv in any case; with `recursive`, in its
// subfolders either), by the rules of InputList.
void CheckCourseInputs(const std::vector<std::string>& inputs, bool recursive);

}  // namespace superbill
