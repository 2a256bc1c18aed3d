#include "support/test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "coding/coder.h"
#include "input/clinic_reader.h"
#include "input/course_reader.h"
#include "input/tables_reader.h"
#include "render/layout.h"
#include "validate/course_validator.h"

extern char** environ;

namespace superbill::testing {

std::string SourcePath(const std::string& relative) {
  return std::string(SUPERBILL_SOURCE_DIR) + "/" + relative;
}

const Tables& RealTables() {
  static const Tables tables = LoadTables(SourcePath("cpt_tables"));
  return tables;
}

const Clinic& TestClinic() {
  static const Clinic clinic = LoadClinic(SourcePath("tests/data/clinic.xml"), RealTables());
  return clinic;
}

std::string CourseXml(const std::string& visits, const std::string& diagnoses,
                      const std::string& coverage_attrs) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<course format=\"1\" id=\"T-1\">\n"
         "<patient id=\"P1\" given=\"Ann\" family=\"Lee\" birthDate=\"1980-01-02\" sex=\"F\">"
         "<address line1=\"1 A St\" city=\"Town\" state=\"CA\" postalCode=\"90001\"/></patient>\n"
         "<coverage payer=\"Aetna\" memberId=\"M1\" " +
         coverage_attrs + "/>\n" + diagnoses + "\n" + visits + "\n</course>\n";
}

std::vector<std::string> Coded::Lines() const {
  std::vector<std::string> out;
  for (const auto& l : claim.lines) {
    std::string mods = l.ModifierString(':');
    out.push_back(l.code + " " + (mods.empty() ? "-" : mods) + " " + std::to_string(l.units) + " " +
                  l.DxLetters() + " " + l.charge.ToString() +
                  (l.is_drug() ? " " + l.ndc11 + " " + l.ndc_unit + " " + l.ndc_qty : ""));
  }
  return out;
}

std::string Coded::Errors() const {
  std::string out;
  for (const auto& d : diags) out += d.ToString() + "\n";
  return out;
}

Coded CodeText(const std::string& xml) { return CodeText(xml, TestClinic()); }

Coded CodeText(const std::string& xml, const Clinic& clinic) {
  Coded c;
  c.course = ParseCourse("t.xml", xml, &c.diags);
  if (HasErrors(c.diags)) return c;
  Date date{2026, 11, 20};
  Diagnostics checked = ValidateCourse(c.course, clinic, RealTables(), date);
  c.diags.insert(c.diags.end(), checked.begin(), checked.end());
  if (HasErrors(c.diags)) return c;
  c.claim = CodeCourse(c.course, clinic, RealTables(), date, &c.diags);
  return c;
}

std::size_t WarningLines(const std::string& err) {
  std::size_t n = 0;
  for (std::size_t at = err.find(": warning: "); at != std::string::npos;
       at = err.find(": warning: ", at + 1)) {
    ++n;
  }
  return n;
}

std::string SummaryPrefix(const std::string& err, std::size_t courses, std::size_t rejected) {
  const std::size_t warnings = WarningLines(err);
  return "superbill: " + std::to_string(courses) + " course" + (courses == 1 ? "" : "s") + ": " +
         std::to_string(courses - rejected) + " accepted, " + std::to_string(rejected) +
         " rejected, " + std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") +
         " in ";
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Problems(const std::string& err) {
  std::string out = err;
  for (;;) {
    if (out.empty() || out.back() != '\n') return out;
    const std::size_t start = out.rfind('\n', out.size() - 2);
    const std::size_t begin = start == std::string::npos ? 0 : start + 1;
    const std::string line = out.substr(begin);
    const bool summary = line.rfind("superbill: ", 0) == 0 &&
                         line.find(" accepted, ") != std::string::npos &&
                         line.find(" rejected, ") != std::string::npos;
    const bool where = line.rfind("superbill: documents in ", 0) == 0;
    if (!summary && !where) return out;
    out.erase(begin);
  }
}

CommandResult RunSuperbill(const std::string& args, int timeout_seconds) {
  CommandResult r;
  char out_tmpl[] = "/tmp/superbill-test-XXXXXX";
  const char* dir = mkdtemp(out_tmpl);
  std::string out = std::string(dir) + "/out", err = std::string(dir) + "/err";
  const std::string timeout =
      timeout_seconds > 0 ? "timeout -s KILL " + std::to_string(timeout_seconds) + " " : "";
  std::string cmd = "cd '" + std::string(SUPERBILL_SOURCE_DIR) + "' && " + timeout + "'" +
                    std::string(SUPERBILL_BINARY) + "' " + args + " >'" + out + "' 2>'" + err + "'";
  int status = std::system(cmd.c_str());
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = Slurp(out);
  r.err = Slurp(err);
  std::filesystem::remove_all(dir);
  return r;
}

int SpawnSuperbill(const std::vector<std::string>& args, const std::string& err_path) {
  std::vector<std::string> all = {SUPERBILL_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addchdir_np(&actions, SUPERBILL_SOURCE_DIR);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

int WaitForChild(int pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::string FreshDir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "superbill-" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

unsigned FileMode(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

const Context& SampleContext() {
  static const Context* ctx = [] {
    auto* c = new Context{LoadTables(SourcePath("cpt_tables")), {}, Date{2026, 11, 20}};
    c->clinic = LoadClinic(SourcePath("samples/clinic.xml"), c->tables);
    return c;
  }();
  return *ctx;
}

const Layout& ShippedLayout() {
  static const Layout layout = LoadLayout(SourcePath("templates"));
  return layout;
}

std::unique_ptr<CourseResult> CodeCourseFile(const std::string& path) {
  auto r = std::make_unique<CourseResult>(ProcessCourse(path, SampleContext()));
  r->claim.course = &r->course;
  return r;
}

std::unique_ptr<CourseResult> CodeSample(const std::string& stem) {
  return CodeCourseFile(SourcePath("samples/courses/" + stem + ".xml"));
}

const std::vector<CodedSample>& CodedSamples() {
  static const std::vector<CodedSample>* samples = [] {
    auto* out = new std::vector<CodedSample>;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(SourcePath("samples/courses"))) {
      if (e.path().extension() == ".xml") paths.push_back(e.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) out->push_back({p.stem().string(), CodeCourseFile(p.string())});
    return out;
  }();
  return *samples;
}

const CodedSample& FindCodedSample(const std::string& stem) {
  for (const auto& s : CodedSamples()) {
    if (s.stem == stem) return s;
  }
  ADD_FAILURE() << "no sample " << stem;
  static const CodedSample kNone;
  return kNone;
}

ScratchDir::ScratchDir() {
  char tmpl[] = "/tmp/superbill-scratch-XXXXXX";
  const char* made = mkdtemp(tmpl);
  dir_ = made ? made : "";
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

std::string ScratchDir::Write(const std::string& name, const std::string& bytes) const {
  std::ofstream(Path(name), std::ios::binary) << bytes;
  return Path(name);
}

int RunTool(const std::string& command, std::string* out) {
  ScratchDir tmp;
  int status = std::system((command + " >'" + tmp.Path("out") + "' 2>&1").c_str());
  *out = Slurp(tmp.Path("out"));
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void ExecSql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
            SQLITE_OK);
  char* message = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
      << (message ? message : "") << "\n"
      << sql;
  sqlite3_free(message);
  sqlite3_close_v2(db);
}

std::string Dollars(std::int64_t cents) {
  std::string whole = std::to_string(cents / 100), grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  char frac[4];
  std::snprintf(frac, sizeof frac, "%02d", static_cast<int>(cents % 100));
  return "$" + grouped + "." + frac;
}

std::string IndentedXml(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_declaration)) {
    return "not well-formed XML:\n" + xml;
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

std::vector<DumpText> ParseDumpTexts(const std::string& dump) {
  std::vector<DumpText> items;
  std::istringstream in(dump);
  std::string line;
  int page = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string kind;
    fields >> kind;
    if (kind == "page") fields >> page;
    if (kind != "text") continue;
    DumpText t;
    t.page = page;
    std::string w;
    fields >> t.x >> t.y >> w >> t.font >> t.size;
    t.width = std::stod(w.substr(2));
    const std::size_t q = line.find('"');
    t.text = line.substr(q + 1, line.size() - q - 2);
    items.push_back(t);
  }
  return items;
}

void ExpectGolden(const std::string& golden_path, const std::string& actual) {
  const char* update = std::getenv("UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::filesystem::create_directories(std::filesystem::path(golden_path).parent_path());
    std::ofstream(golden_path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(golden_path))
      << golden_path << " is missing (run the tests with UPDATE_GOLDEN=1 to create it)";
  EXPECT_EQ(Slurp(golden_path), actual) << "differs from " << golden_path;
}

}  // namespace superbill::testing
