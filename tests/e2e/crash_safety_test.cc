// A batch killed at any moment (SIGKILL: no handler, no cleanup) leaves only whole files:
// every course folder holds a complete superbill.pdf, claim.xml and claim.x12, report.csv is
// whole or absent, the X12 state file is whole, and anything else is a `.superbill-tmp-`
// temporary, which the next normal run over the same folder removes before it produces the
// whole batch again. No X12 interchange control number is ever used for two different files,
// across all the killed runs and the final one, and the state file always names a number at
// least as high as every one in use (so the next run cannot repeat one).
//
// The batch is the sample courses copied with new ids (a hundred or more courses, as many
// as take about 4 s on this machine, measured first on the samples themselves). Five runs
// of `generate --jobs 2` over one output folder are killed at 10, 30, 50, 70 and 90 % of the
// batch's expected length (re-estimated after each kill from the courses that run
// published); the folder is checked after each, then a normal run must finish
// the batch and leave exactly its documents and report. The claim.xml files seen after the
// kills must be byte for byte the ones of the complete run (a course's claim does not depend
// on the run). Every PDF gets a structural check (header, %%EOF trailer, startxref pointing
// at the cross-reference section); the newest PDFs after each kill (the likeliest to be cut
// short) and one PDF per sample after the last run also pass `qpdf --check`.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using testing::Slurp;
using testing::SourcePath;

const char kTempPrefix[] = ".superbill-tmp-";

std::string MakeTempDir() {
  std::string tmpl = ::testing::TempDir() + "superbill-crash-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  const char* dir = ::mkdtemp(buf.data());
  return dir ? dir : "";
}

// Starts `superbill generate` over `inputs` into `out`; its stderr goes to `err_path`.
pid_t StartGenerate(const std::string& inputs, const std::string& out,
                    const std::string& err_path) {
  return testing::SpawnSuperbill(
      {"generate", "--clinic", SourcePath("samples/clinic.xml"), "--date", "2026-11-20", "--out",
       out, "--jobs", "2", "--quiet", inputs},
      err_path);
}

int Wait(pid_t pid) { return testing::WaitForChild(pid); }

// Runs a whole batch; returns the exit code (-1 when killed) and the wall time.
int RunGenerate(const std::string& inputs, const std::string& out, const std::string& err_path,
                double* seconds) {
  auto start = Clock::now();
  pid_t pid = StartGenerate(inputs, out, err_path);
  if (pid < 0) return -1;
  int status = Wait(pid);
  *seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Why the bytes are not a whole PDF; empty when they are.
std::string PdfProblem(const std::string& b) {
  if (b.rfind("%PDF-", 0) != 0) return "does not start with %PDF-";
  std::size_t end = b.size();
  while (end > 0 && (b[end - 1] == '\n' || b[end - 1] == '\r')) --end;
  if (end < 5 || b.compare(end - 5, 5, "%%EOF") != 0) return "does not end with %%EOF";
  std::size_t sx = b.rfind("startxref");
  if (sx == std::string::npos) return "has no startxref";
  long offset = std::strtol(b.c_str() + sx + 9, nullptr, 10);
  if (offset <= 0 || static_cast<std::size_t>(offset) >= sx) return "startxref points nowhere";
  if (b.compare(static_cast<std::size_t>(offset), 4, "xref") != 0 &&
      !(b[static_cast<std::size_t>(offset)] >= '0' && b[static_cast<std::size_t>(offset)] <= '9')) {
    return "startxref does not point at a cross-reference section";
  }
  return "";
}

// Why the bytes are not a whole FHIR claim document; empty when they are.
std::string ClaimProblem(const std::string& b) {
  pugi::xml_document doc;
  auto parsed = doc.load_buffer(b.data(), b.size());
  if (!parsed) return std::string("is not XML: ") + parsed.description();
  if (std::string(doc.document_element().name()) != "Bundle") return "has no <Bundle> root";
  if (b.size() < 10 || b.compare(b.size() - 10, 10, "</Bundle>\n") != 0) {
    return "does not end with </Bundle>";
  }
  return "";
}

bool QpdfCheck(const std::string& path, const std::string& password) {
  std::string cmd = "qpdf --password='" + password + "' --check '" + path + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

struct Batch {
  std::string dir;
  std::vector<std::string> ids;
  std::map<std::string, std::string> password;  // course id -> birth date as MMDDYYYY
};

// `copies` copies of every sample course, course ids prefixed "CSnn-".
Batch MakeBatch(const std::string& dir, int copies) {
  Batch b;
  b.dir = dir;
  fs::create_directories(dir);
  static const std::regex kBirth(R"(birthDate="(\d{4})-(\d{2})-(\d{2})\")");
  std::vector<fs::path> samples;
  for (const auto& e : fs::directory_iterator(SourcePath("samples/courses"))) {
    if (e.path().extension() == ".xml") samples.push_back(e.path());
  }
  std::sort(samples.begin(), samples.end());
  for (int k = 0; k < copies; ++k) {
    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "CS%02d-", k);
    for (const auto& s : samples) {
      std::string text = Slurp(s.string());
      std::size_t course = text.find("<course ");
      std::size_t at = text.find(" id=\"", course) + 5;
      std::string old_id = text.substr(at, text.find('"', at) - at);
      std::string id = prefix + old_id;
      text.replace(at, old_id.size(), id);
      std::ofstream(dir + "/c" + std::string(prefix) + s.filename().string()) << text;
      std::smatch m;
      std::regex_search(text, m, kBirth);  // the patient comes before any subscriber
      b.ids.push_back(id);
      b.password[id] = m[2].str() + m[3].str() + m[1].str();
    }
  }
  return b;
}

// Why the bytes are not a whole 837P interchange; empty when they are.
std::string X12Problem(const std::string& b) {
  if (b.rfind("ISA*", 0) != 0 || b.size() < 106) return "does not start with an ISA segment";
  const std::string iea = "IEA*1*" + b.substr(90, 9) + "~\n";
  if (b.size() < iea.size() || b.compare(b.size() - iea.size(), iea.size(), iea) != 0) {
    return "does not end with its IEA segment";
  }
  return "";
}

// The last number the X12 state file names; -1 when it is not whole.
long X12StateLast(const std::string& text) {
  std::size_t at = text.rfind("\nlast=");
  if (at == std::string::npos || text.back() != '\n') return -1;
  return std::strtol(text.c_str() + at + 6, nullptr, 10);
}

struct Inspection {
  int folders = 0;
  int temporaries = 0;
  bool report = false;
  long x12_state = 0;                                            // the state file's last number
  std::map<std::string, std::string> x12;                        // id -> claim.x12
  std::map<std::string, std::string> claims;                     // id -> claim.xml
  std::vector<std::pair<fs::file_time_type, std::string>> pdfs;  // mtime, course id
};

// Checks every entry of the output folder `out`; failures name the entry.
Inspection Inspect(const std::string& out, const Batch& batch, const std::string& when) {
  Inspection r;
  std::set<std::string> ids(batch.ids.begin(), batch.ids.end());
  for (const auto& e : fs::directory_iterator(out)) {
    std::string name = e.path().filename().string();
    if (name.rfind(kTempPrefix, 0) == 0) {
      ++r.temporaries;
      continue;
    }
    // The ledger, and its write-ahead log while a killed run left it open.
    if (name == "ledger.sqlite" || name == "ledger.sqlite-wal" || name == "ledger.sqlite-shm") {
      continue;
    }
    if (name == "report.csv") {
      r.report = true;
      std::string report = Slurp(e.path().string());
      EXPECT_EQ(std::count(report.begin(), report.end(), '\n'),
                static_cast<long>(batch.ids.size()) + 1)
          << when << ": report.csv is not whole";
      EXPECT_TRUE(!report.empty() && report.back() == '\n') << when;
      continue;
    }
    // The lock of a killed run (its pid is gone: the next run takes it over).
    if (name == ".superbill-lock") continue;
    if (name == ".superbill-x12-state") {
      r.x12_state = X12StateLast(Slurp(e.path().string()));
      EXPECT_GT(r.x12_state, 0) << when << ": the X12 state file is not whole";
      continue;
    }
    if (!ids.count(name) || !e.is_directory()) {
      ADD_FAILURE() << when << ": unexpected entry " << name;
      continue;
    }
    ++r.folders;
    std::set<std::string> files;
    for (const auto& f : fs::directory_iterator(e.path()))
      files.insert(f.path().filename().string());
    EXPECT_EQ(files, (std::set<std::string>{".superbill-course", "claim.x12", "claim.xml",
                                            "cms1500.pdf", "packet.pdf", "superbill.pdf"}))
        << when << ": folder " << name;
    std::string x12 = Slurp(e.path().string() + "/claim.x12");
    EXPECT_EQ(X12Problem(x12), "") << when << ": " << name << "/claim.x12";
    r.x12[name] = x12;
    std::string pdf_path = e.path().string() + "/superbill.pdf";
    std::string claim = Slurp(e.path().string() + "/claim.xml");
    EXPECT_EQ(PdfProblem(Slurp(pdf_path)), "") << when << ": " << pdf_path;
    EXPECT_EQ(ClaimProblem(claim), "") << when << ": " << name << "/claim.xml";
    r.claims[name] = claim;
    std::error_code ec;
    r.pdfs.push_back({fs::last_write_time(pdf_path, ec), name});
  }
  return r;
}

TEST(CrashSafetyTest, KilledBatchesLeaveWholeFilesAndTheNextRunFinishes) {
  std::string root = MakeTempDir();
  ASSERT_FALSE(root.empty());

  // Speed of this machine and build: one sample, then all 15, in folders of their own.
  double one = 0, fifteen = 0;
  ASSERT_EQ(RunGenerate(SourcePath("samples/courses/15-short-course.xml"), root + "/probe1",
                        root + "/probe.err", &one),
            0)
      << Slurp(root + "/probe.err");
  ASSERT_EQ(
      RunGenerate(SourcePath("samples/courses"), root + "/probe15", root + "/probe.err", &fifteen),
      0)
      << Slurp(root + "/probe.err");
  const double per_course = std::max((fifteen - one) / 14, 0.002);
  const int copies = std::clamp(static_cast<int>((4.0 - one) / per_course / 15), 8, 20);
  Batch batch = MakeBatch(root + "/in", copies);
  // Re-estimated after each kill from how many courses that run had published.
  double expected = one + per_course * static_cast<double>(batch.ids.size() - 1);
  std::printf("crash safety: %zu courses, about %.1f s a run\n", batch.ids.size(), expected);

  const std::string out = root + "/out";
  std::map<std::string, std::set<std::string>> seen_claims;
  // Every interchange control number seen, with the course and bytes of its file.
  std::map<std::string, std::pair<std::string, std::string>> control_numbers;
  auto check_numbers = [&](const Inspection& r, const std::string& when) {
    long highest = 0;
    for (const auto& [id, x12] : r.x12) {
      if (x12.size() < 106) continue;
      const std::string number = x12.substr(90, 9);
      highest = std::max(highest, std::strtol(number.c_str(), nullptr, 10));
      auto [it, fresh] = control_numbers.emplace(number, std::make_pair(id, x12));
      EXPECT_TRUE(fresh || it->second == std::make_pair(id, x12))
          << when << ": control number " << number << " used for " << id << " and "
          << it->second.first;
    }
    if (!r.x12.empty()) {
      EXPECT_GE(r.x12_state, highest) << when << ": the state file is behind the numbers used";
    }
  };
  int killed = 0, temporaries = 0;
  for (int k = 0; k < 5; ++k) {
    const std::string when = "after the kill at " + std::to_string(10 + 20 * k) + "%";
    const auto started = fs::file_time_type::clock::now();
    const double delay = expected * (0.1 + 0.2 * k);
    pid_t pid = StartGenerate(batch.dir, out, root + "/kill.err");
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::duration<double>(delay));
    ::kill(pid, SIGKILL);
    int status = Wait(pid);
    if (WIFSIGNALED(status)) {
      EXPECT_EQ(WTERMSIG(status), SIGKILL) << when;
      ++killed;
    } else {
      // Finished before the kill: then it must have succeeded.
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << when << ": " << Slurp(root + "/kill.err");
    }
    if (k == 0) {
      EXPECT_TRUE(WIFSIGNALED(status)) << "the first kill, at 10%, must interrupt the run";
    }
    if (!fs::exists(out)) continue;  // killed before it made the folder
    Inspection r = Inspect(out, batch, when);
    check_numbers(r, when);
    temporaries += r.temporaries;
    for (const auto& [id, claim] : r.claims) seen_claims[id].insert(claim);
    // qpdf on the newest PDFs: the ones written closest to the kill.
    std::sort(r.pdfs.rbegin(), r.pdfs.rend());
    for (std::size_t i = 0; i < std::min<std::size_t>(3, r.pdfs.size()); ++i) {
      const std::string& id = r.pdfs[i].second;
      EXPECT_TRUE(QpdfCheck(out + "/" + id + "/superbill.pdf", batch.password.at(id)))
          << when << ": qpdf --check fails on " << id;
    }
    int fresh = 0;  // courses this run published
    for (const auto& [mtime, id] : r.pdfs) fresh += mtime >= started ? 1 : 0;
    if (WIFSIGNALED(status) && fresh >= 5 && delay > one) {
      expected = one + (delay - one) / fresh * static_cast<double>(batch.ids.size());
    }
    std::printf("crash safety: %s (%.2f s): %d folders (%d new), %d temporaries, report %s\n",
                when.c_str(), delay, r.folders, fresh, r.temporaries,
                r.report ? "present" : "absent");
  }
  EXPECT_GE(killed, 1);

  // A normal run over the same folder cleans up and produces the whole batch.
  double seconds = 0;
  ASSERT_EQ(RunGenerate(batch.dir, out, root + "/final.err", &seconds), 0)
      << Slurp(root + "/final.err");
  Inspection final = Inspect(out, batch, "after the final run");
  check_numbers(final, "after the final run");
  EXPECT_EQ(final.temporaries, 0) << "temporaries left by the killed runs must go";
  EXPECT_TRUE(final.report);
  EXPECT_EQ(final.folders, static_cast<int>(batch.ids.size()));
  std::string report = Slurp(out + "/report.csv");
  EXPECT_EQ(std::count(report.begin(), report.end(), '\n'),
            static_cast<long>(batch.ids.size()) + 1);
  for (const auto& id : batch.ids) {
    EXPECT_NE(report.find("\n" + id + ",ok,"), std::string::npos) << id;
  }
  for (const auto& [id, claims] : seen_claims) {
    for (const auto& claim : claims) {
      EXPECT_EQ(claim, final.claims[id]) << id << ": a killed run left another claim.xml";
    }
  }
  for (const auto& id : batch.ids) {
    if (id.rfind("CS00-", 0) == 0) {
      EXPECT_TRUE(QpdfCheck(out + "/" + id + "/superbill.pdf", batch.password.at(id))) << id;
    }
  }
  std::printf("crash safety: %d of 5 runs killed, %d temporaries seen, final run %.1f s\n", killed,
              temporaries, seconds);
  fs::remove_all(root);
}

}  // namespace
}  // namespace superbill
