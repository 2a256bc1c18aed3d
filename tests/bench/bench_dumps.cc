// Writes the drawing dump of each course's superbill, for the floor to replay:
//   superbill_bench_dumps CLINIC YYYY-MM-DD OUT_DIR COURSE.xml ...
// Each accepted course drawn with the standard fonts becomes OUT_DIR/<course id>.txt (the
// text `RenderSuperbillPdf` writes for the golden tests); courses that need the TrueType
// fonts are skipped (the floor draws with the base-14 fonts only). Uses the source tree's
// cpt_tables/ and templates/.
#include <cstdio>
#include <fstream>
#include <string>

#include "batch/runner.h"
#include "render/layout.h"
#include "render/superbill_pdf.h"

int main(int argc, char** argv) {
  using namespace superbill;
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s CLINIC YYYY-MM-DD OUT_DIR COURSE.xml ...\n", argv[0]);
    return 2;
  }
  try {
    RunOptions options;
    options.clinic_path = argv[1];
    options.tables_dir = std::string(SUPERBILL_SOURCE_DIR) + "/cpt_tables";
    auto date = Date::Parse(argv[2]);
    if (!date) throw FatalError(std::string("bad date ") + argv[2]);
    options.date = *date;
    const Context ctx = LoadContext(options);
    const Layout layout = LoadLayout(std::string(SUPERBILL_SOURCE_DIR) + "/templates");
    int written = 0;
    for (int i = 4; i < argc; ++i) {
      CourseResult r = ProcessCourse(argv[i], ctx);
      if (!r.ok()) continue;
      PdfDocument doc = RenderSuperbillPdf(r.claim, layout);
      if (doc.unicode_font) continue;
      std::ofstream(std::string(argv[3]) + "/" + r.course.id + ".txt") << doc.dump;
      ++written;
    }
    std::printf("%d dumps\n", written);
  } catch (const FatalError& e) {
    for (const auto& d : e.diagnostics()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    return 2;
  }
  return 0;
}
