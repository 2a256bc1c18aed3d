// No patient details outside the documents: for every sample course, valid and invalid,
// the values that identify its patient and subscriber (read from the sample's own XML) must
// not appear in what `validate`, `code` and `generate` print (stdout and stderr, also on a
// terminal), in report.csv, in the ledger (ledger.sqlite byte for byte, and what `ledger
// list`, `ledger verify` and `void` print), or in the name of any file or folder
// `generate` writes.
// (superbill.pdf and claim.xml carry those details on purpose; they are not scanned, but
// claim.xml serves as the proof that the scan finds a value where there is one.)
//
// Identifying values (docs/input-format.md): on <patient> and <subscriber> the attributes
// given, middle, family, birthDate and phone, on their <address> line1, line2, city and
// postalCode, on their <cardName> family, given and middle, and memberId on <coverage>. They
// are searched in these forms:
//   - names: the whole value and each of its words ("María Guadalupe", "María", "Guadalupe"),
//     and the same in the card form the claim forms print ("MARIA GUADALUPE", "MARIA");
//   - birth dates: as written (1987-03-14) and as 03/14/1987, 3/14/1987, 03-14-1987,
//     14/03/1987, 14.03.1987, 1987/03/14, 19870314 (X12), 03141987 (the PDF password form),
//     03/14/87, "March 14, 1987", "Mar 14, 1987", "14 March 1987", "14 de marzo de 1987";
//   - phones: as written, digits only, +1 and digits, (310) 555-0199, 310-555-0199,
//     310.555.0199, 310 555 0199 and the local 555-0199;
//   - postal codes: as written, digits only and the 5-digit ZIP;
//   - address lines, city, member id: as written.
// Skipped as too short or too generic to mean anything: values of fewer than 3 bytes of UTF-8
// (middle initials such as "L" or "С"; a one-character name such as 王 is 3 bytes and kept),
// and the state, which is never extracted (a 2-letter code most patients share).
// Matching: ASCII letters compare without case; an occurrence counts only as a whole token,
// i.e. not when the text has a letter or digit right before or after it (so "Mai" is not
// found in "email", nor the ZIP 90404 in 1904040).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "model/card_name.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::RunSuperbill;
using testing::Slurp;
using testing::SourcePath;

// One attribute value of a sample: ("patient@family", "Rivera").
struct RawValue {
  std::string attr;
  std::string value;
  bool operator<(const RawValue& o) const {
    return std::tie(attr, value) < std::tie(o.attr, o.value);
  }
  bool operator==(const RawValue& o) const { return attr == o.attr && value == o.value; }
};

// A form of an identifying value to search for, and what it is, for the failure message.
struct Needle {
  std::string what;  // "15-short-course.xml patient@birthDate as MM/DD/YYYY"
  std::string text;
};

struct Sample {
  std::string rel;  // samples/invalid/bad-date.xml
  std::string id;   // course id, empty when unreadable
  bool well_formed = false;
  std::vector<RawValue> raw;
  std::vector<Needle> needles;
};

const char* const kPersonAttrs[] = {"given", "middle", "family", "birthDate", "phone"};
const char* const kAddressAttrs[] = {"line1", "line2", "city", "postalCode"};

void AddPerson(pugi::xml_node person, const std::string& who, std::vector<RawValue>* out) {
  for (const char* a : kPersonAttrs) {
    if (auto at = person.attribute(a)) out->push_back({who + "@" + a, at.value()});
  }
  for (pugi::xml_node address : person.children("address")) {
    for (const char* a : kAddressAttrs) {
      if (auto at = address.attribute(a)) out->push_back({who + "/address@" + a, at.value()});
    }
  }
  for (pugi::xml_node card : person.children("cardName")) {
    for (const char* a : {"family", "given", "middle"}) {
      if (auto at = card.attribute(a)) out->push_back({who + "/cardName@" + a, at.value()});
    }
  }
}

// Reads the identifying attributes with an XML parser; false when the file is not XML.
bool ExtractWithParser(const std::string& text, std::vector<RawValue>* out, std::string* id) {
  pugi::xml_document doc;
  if (!doc.load_buffer(text.data(), text.size())) return false;
  pugi::xml_node course = doc.child("course");
  *id = course.attribute("id").value();
  for (pugi::xml_node p : course.children("patient")) AddPerson(p, "patient", out);
  for (pugi::xml_node c : course.children("coverage")) {
    if (auto m = c.attribute("memberId")) out->push_back({"coverage@memberId", m.value()});
    for (pugi::xml_node s : c.children("subscriber")) AddPerson(s, "subscriber", out);
  }
  return true;
}

std::string DecodeEntities(const std::string& s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [from, to] : kEntities) {
      if (s.compare(i, std::strlen(from), from) == 0) {
        out += to;
        i += std::strlen(from);
        done = true;
        break;
      }
    }
    if (!done) out += s[i++];
  }
  return out;
}

// The fallback for a file no parser reads (malformed XML): the same attributes by pattern,
// wherever they are (a course file has them only on those elements). The attribute path
// then names the element the attribute belongs to by its usual owner.
std::vector<RawValue> ExtractWithPattern(const std::string& text) {
  static const std::regex kAttr(
      R"re(\s(given|middle|family|birthDate|phone|line1|line2|city|postalCode|memberId)\s*=\s*(?:"([^"]*)"|'([^']*)'))re");
  std::vector<RawValue> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kAttr);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    out.push_back({m[1].str(), DecodeEntities(m[2].matched ? m[2].str() : m[3].str())});
  }
  return out;
}

std::string Format(const char* fmt, int a, int b, int c) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, a, b, c);
  return buf;
}

// The forms of a birth date (see the top of the file); just the value when it is no date.
std::vector<std::pair<std::string, std::string>> DateForms(const std::string& v) {
  static const char* const kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};
  static const char* const kMeses[] = {"enero",      "febrero", "marzo",     "abril",
                                       "mayo",       "junio",   "julio",     "agosto",
                                       "septiembre", "octubre", "noviembre", "diciembre"};
  std::vector<std::pair<std::string, std::string>> out = {{"as written", v}};
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(v.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
      d > 31) {
    return out;
  }
  out.push_back({"MM/DD/YYYY", Format("%02d/%02d/%04d", m, d, y)});
  out.push_back({"M/D/YYYY", Format("%d/%d/%04d", m, d, y)});
  out.push_back({"MM-DD-YYYY", Format("%02d-%02d-%04d", m, d, y)});
  out.push_back({"DD/MM/YYYY", Format("%02d/%02d/%04d", d, m, y)});
  out.push_back({"DD.MM.YYYY", Format("%02d.%02d.%04d", d, m, y)});
  out.push_back({"YYYY/MM/DD", Format("%04d/%02d/%02d", y, m, d)});
  out.push_back({"YYYYMMDD", Format("%04d%02d%02d", y, m, d)});
  out.push_back({"MMDDYYYY", Format("%02d%02d%04d", m, d, y)});
  out.push_back({"MM/DD/YY", Format("%02d/%02d/%02d", m, d, y % 100)});
  std::string month = kMonths[m - 1];
  out.push_back({"Month D, YYYY", month + " " + std::to_string(d) + ", " + std::to_string(y)});
  out.push_back(
      {"Mon D, YYYY", month.substr(0, 3) + " " + std::to_string(d) + ", " + std::to_string(y)});
  out.push_back({"D Month YYYY", std::to_string(d) + " " + month + " " + std::to_string(y)});
  out.push_back({"D de mes de YYYY",
                 std::to_string(d) + " de " + kMeses[m - 1] + " de " + std::to_string(y)});
  return out;
}

std::string Digits(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> PhoneForms(const std::string& v) {
  std::vector<std::pair<std::string, std::string>> out = {{"as written", v}};
  std::string d = Digits(v);
  if (d.size() == 11 && d[0] == '1') d = d.substr(1);
  out.push_back({"digits", d});
  if (d.size() == 10) {
    std::string a = d.substr(0, 3), b = d.substr(3, 3), c = d.substr(6);
    out.push_back({"+1 digits", "+1" + d});
    out.push_back({"(AAA) BBB-CCCC", "(" + a + ") " + b + "-" + c});
    out.push_back({"AAA-BBB-CCCC", a + "-" + b + "-" + c});
    out.push_back({"AAA.BBB.CCCC", a + "." + b + "." + c});
    out.push_back({"AAA BBB CCCC", a + " " + b + " " + c});
    out.push_back({"BBB-CCCC", b + "-" + c});
  }
  return out;
}

std::vector<std::string> Words(const std::string& v) {
  std::vector<std::string> out;
  std::string w;
  for (char c : v + " ") {
    if (c == ' ' || c == '-') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  }
  return out;
}

// The needles of a sample's raw values, without the too-short ones and duplicates.
std::vector<Needle> Needles(const std::string& file, const std::vector<RawValue>& raw) {
  std::vector<Needle> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& what, const std::string& text) {
    if (text.size() < 3 || !seen.insert(text).second) return;
    out.push_back({file + " " + what, text});
  };
  for (const auto& r : raw) {
    std::string name = r.attr.substr(r.attr.find('@') + 1);
    if (name == "given" || name == "middle" || name == "family") {
      add(r.attr, r.value);
      for (const auto& w : Words(r.value)) add(r.attr + " word", w);
      const std::string card = CardNamePart(r.value);
      add(r.attr + " in card form", card);
      for (const auto& w : Words(card)) add(r.attr + " in card form, word", w);
    } else if (name == "birthDate") {
      for (const auto& [form, text] : DateForms(r.value)) add(r.attr + " " + form, text);
    } else if (name == "phone") {
      for (const auto& [form, text] : PhoneForms(r.value)) add(r.attr + " " + form, text);
    } else if (name == "postalCode") {
      add(r.attr, r.value);
      add(r.attr + " digits", Digits(r.value));
      add(r.attr + " ZIP5", Digits(r.value).substr(0, 5));
    } else {
      add(r.attr, r.value);
    }
  }
  return out;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether `needle` occurs in `text` as a whole token (see the top of the file).
bool Contains(const std::string& text, const std::string& needle) {
  if (needle.empty()) return false;
  std::string t = text, n = needle;
  std::transform(t.begin(), t.end(), t.begin(), Lower);
  std::transform(n.begin(), n.end(), n.begin(), Lower);
  for (std::size_t at = t.find(n); at != std::string::npos; at = t.find(n, at + 1)) {
    bool open = at == 0 || !IsAlnum(n.front()) || !IsAlnum(t[at - 1]);
    std::size_t end = at + n.size();
    bool close = end == t.size() || !IsAlnum(n.back()) || !IsAlnum(t[end]);
    if (open && close) return true;
  }
  return false;
}

Sample LoadSample(const fs::path& path) {
  Sample s;
  s.rel = fs::relative(path, SourcePath("")).string();
  std::string text = Slurp(path.string());
  s.well_formed = ExtractWithParser(text, &s.raw, &s.id);
  if (!s.well_formed) s.raw = ExtractWithPattern(text);
  s.needles = Needles(path.filename().string(), s.raw);
  return s;
}

std::vector<Sample> LoadSamples(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(SourcePath(dir))) {
    if (e.path().extension() == ".xml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Sample> out;
  for (const auto& f : files) out.push_back(LoadSample(f));
  return out;
}

std::string MakeTempDir(const std::string& name) {
  std::string tmpl = ::testing::TempDir() + "superbill-privacy-" + name + "-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  const char* dir = ::mkdtemp(buf.data());
  return dir ? dir : "";
}

// Every path below `dir`, relative, one a line.
std::string FileNames(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    names.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += n + "\n";
  return out;
}

// Reports every needle of `samples` found in `text` (labelled `where`), each text once;
// returns how many.
int ExpectNoNeedles(const std::vector<Sample>& samples, const std::string& where,
                    const std::string& text) {
  std::set<std::string> found;
  for (const auto& s : samples) {
    for (const auto& n : s.needles) {
      if (!found.count(n.text) && Contains(text, n.text)) {
        found.insert(n.text);
        ADD_FAILURE() << where << " contains " << n.what << " (\"" << n.text << "\")";
      }
    }
  }
  if (!found.empty()) ADD_FAILURE() << where << ":\n" << text;
  return static_cast<int>(found.size());
}

// Every value of every table of the SQLite file at `path`, one a line (a token matcher
// cannot read the file's bytes, where a record's values stand side by side).
std::string SqlDump(const std::string& path) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close_v2(db);
    ADD_FAILURE() << "cannot open " << path;
    return out;
  }
  std::vector<std::string> tables;
  auto each_row = [&](const std::string& sql, const std::function<void(sqlite3_stmt*)>& row) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    while (stmt && sqlite3_step(stmt) == SQLITE_ROW) row(stmt);
    sqlite3_finalize(stmt);
  };
  auto text = [](sqlite3_stmt* stmt, int i) {
    const unsigned char* t = sqlite3_column_text(stmt, i);
    return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
  };
  each_row("SELECT name, sql FROM sqlite_schema", [&](sqlite3_stmt* stmt) {
    out += text(stmt, 0) + "\n" + text(stmt, 1) + "\n";
    if (text(stmt, 1).rfind("CREATE TABLE", 0) == 0) tables.push_back(text(stmt, 0));
  });
  for (const auto& table : tables) {
    each_row("SELECT * FROM \"" + table + "\"", [&](sqlite3_stmt* stmt) {
      for (int i = 0; i < sqlite3_column_count(stmt); ++i) out += text(stmt, i) + "\n";
    });
  }
  sqlite3_close_v2(db);
  return out;
}

const char kCommon[] = "--clinic samples/clinic.xml --date 2026-11-20 ";

TEST(PrivacyTest, TheMatcherFindsWholeTokensWithoutCase) {
  struct Row {
    std::string text, needle;
    bool found;
  };
  const Row rows[] = {
      {"error at Rivera's visit", "Rivera", true},
      {"RIVERA", "rivera", true},
      {"rivera", "Rivera", true},
      {"Riverasmith", "Rivera", false},
      {"xRivera", "Rivera", false},
      {"your email", "Mai", false},
      {"Mai,", "Mai", true},
      {"id 1904040", "90404", false},
      {"zip 90404-2817", "90404", true},
      {"call (323) 555-0118.", "(323) 555-0118", true},
      {"王小明", "王", true},
      {"", "Rivera", false},
      {"Rivera", "", false},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(Contains(r.text, r.needle), r.found) << "'" << r.needle << "' in '" << r.text << "'";
  }
}

TEST(PrivacyTest, ExtractionFindsEverySamplesIdentifyingValues) {
  // Without this the scan below could pass by finding nothing to look for.
  for (const char* dir : {"samples/invalid", "samples/courses"}) {
    auto samples = LoadSamples(dir);
    ASSERT_GE(samples.size(), std::string(dir) == "samples/invalid" ? 38u : 15u) << dir;
    for (const auto& s : samples) {
      std::set<std::string> attrs;
      for (const auto& r : s.raw) attrs.insert(r.attr.substr(r.attr.find('@') + 1));
      for (const char* a :
           {"given", "family", "birthDate", "line1", "city", "postalCode", "memberId"}) {
        EXPECT_TRUE(attrs.count(a)) << s.rel << " has no " << a;
      }
      EXPECT_GE(s.raw.size(), 7u) << s.rel;
      // At least family, given, 14 birth date forms, line1, city, 2 postal forms, member id.
      EXPECT_GE(s.needles.size(), 21u) << s.rel;
      if (s.well_formed) {
        // The pattern fallback reads the same values as the parser.
        auto by_pattern = ExtractWithPattern(Slurp(SourcePath(s.rel)));
        std::set<std::string> a, b;
        for (const auto& r : s.raw) a.insert(r.value);
        for (const auto& r : by_pattern) b.insert(r.value);
        EXPECT_EQ(a, b) << s.rel;
      }
    }
  }
  // The one malformed sample goes through the fallback, and finds Grace Okonkwo all the same.
  Sample malformed = LoadSample(SourcePath("samples/invalid/malformed-xml.xml"));
  EXPECT_FALSE(malformed.well_formed);
  std::set<std::string> values;
  for (const auto& n : malformed.needles) values.insert(n.text);
  for (const char* v : {"Grace", "Okonkwo", "1990-06-21", "06/21/1990", "06211990", "19900621",
                        "June 21, 1990", "323-555-0118", "3235550118", "(323) 555-0118",
                        "2250 W 3rd St", "Apt 4", "Los Angeles", "90057", "U8812734501"}) {
    EXPECT_TRUE(values.count(v)) << v;
  }
  // A subscriber's details count as much as the patient's (a spouse's coverage).
  Sample spouse = LoadSample(SourcePath("samples/courses/09-spouse-12-diagnoses.xml"));
  std::set<std::string> spouse_attrs;
  for (const auto& r : spouse.raw) spouse_attrs.insert(r.attr);
  EXPECT_TRUE(spouse_attrs.count("subscriber@family"));
  EXPECT_TRUE(spouse_attrs.count("subscriber@birthDate"));
  EXPECT_TRUE(spouse_attrs.count("subscriber/address@line1"));
}

// Runs the three commands over the samples of `dir` in one batch each and scans all they
// print and write outside the documents for every sample's identifying values.
void ScanBatch(const std::string& dir, bool all_valid) {
  auto samples = LoadSamples(dir);
  ASSERT_FALSE(samples.empty());
  const int expected_exit = all_valid ? 0 : 1;

  auto validate = RunSuperbill(std::string("validate ") + kCommon + dir);
  EXPECT_EQ(validate.exit_code, expected_exit) << validate.err;
  auto code = RunSuperbill(std::string("code ") + kCommon + dir);
  EXPECT_EQ(code.exit_code, expected_exit) << code.err;
  std::string out = MakeTempDir("out");
  ASSERT_FALSE(out.empty());
  // No --quiet: whatever the program says about its progress is scanned too.
  auto generate = RunSuperbill(std::string("generate ") + kCommon + "--out " + out + " " + dir);
  EXPECT_EQ(generate.exit_code, expected_exit) << generate.err;
  std::string report = Slurp(out + "/report.csv");
  std::string names = FileNames(out);

  // The scan is not vacuous: every sample has its say in the diagnostics and the report.
  EXPECT_EQ(std::count(report.begin(), report.end(), '\n'), static_cast<long>(samples.size()) + 1)
      << report;
  for (const auto& s : samples) {
    if (!all_valid) {
      EXPECT_NE(validate.err.find(s.rel + ":"), std::string::npos) << s.rel;
      EXPECT_NE(generate.err.find(s.rel + ":"), std::string::npos) << s.rel;
    } else {
      // Positive control: the same matcher finds the details where they belong.
      std::string claim = Slurp(out + "/" + s.id + "/claim.xml");
      ASSERT_FALSE(claim.empty()) << s.rel;
      int found = 0;
      for (const auto& n : s.needles) found += Contains(claim, n.text) ? 1 : 0;
      EXPECT_GE(found, 5) << s.rel << ": claim.xml should hold the patient's details";
      for (const auto& r : s.raw) {
        if (r.attr == "patient@family" || r.attr == "patient@birthDate" ||
            r.attr == "coverage@memberId") {
          EXPECT_TRUE(Contains(claim, r.value)) << s.rel << ": claim.xml lacks " << r.attr;
        }
      }
    }
  }

  int leaks = 0;
  leaks += ExpectNoNeedles(samples, "validate stdout (" + dir + ")", validate.out);
  leaks += ExpectNoNeedles(samples, "validate stderr (" + dir + ")", validate.err);
  leaks += ExpectNoNeedles(samples, "code stdout (" + dir + ")", code.out);
  leaks += ExpectNoNeedles(samples, "code stderr (" + dir + ")", code.err);
  leaks += ExpectNoNeedles(samples, "generate stdout (" + dir + ")", generate.out);
  leaks += ExpectNoNeedles(samples, "generate stderr (" + dir + ")", generate.err);
  leaks += ExpectNoNeedles(samples, "report.csv (" + dir + ")", report);
  leaks += ExpectNoNeedles(samples, "file names (" + dir + ")", names);

  // The ledger holds a row for each accepted course and nothing that names a patient, in
  // the file itself (every byte, the write-ahead log too) or in what the ledger commands
  // print; also after each valid course is voided.
  auto scan_ledger = [&](const std::string& when) {
    const std::string file = SqlDump(out + "/ledger.sqlite");
    // And its bytes, for the longer values (a short one would match by chance).
    const std::string bytes = Slurp(out + "/ledger.sqlite") + Slurp(out + "/ledger.sqlite-wal");
    EXPECT_FALSE(bytes.empty()) << when;
    for (const auto& s : samples) {
      for (const auto& n : s.needles) {
        if (n.text.size() >= 7 && bytes.find(n.text) != std::string::npos) {
          ADD_FAILURE() << "ledger.sqlite's bytes (" << when << ") contain " << n.what;
          ++leaks;
        }
      }
    }
    auto list = RunSuperbill("ledger list --out " + out);
    auto verify = RunSuperbill("ledger verify --out " + out);
    EXPECT_EQ(list.exit_code, 0) << list.err;
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
    if (all_valid) {
      for (const auto& s : samples) {
        EXPECT_NE(list.out.find("\n" + s.id + ","), std::string::npos) << when << s.rel;
        // Positive control: the scan sees what the file holds.
        EXPECT_TRUE(Contains(file, s.id)) << when << ": the scan cannot see " << s.id;
        EXPECT_NE(bytes.find(s.id), std::string::npos) << when << ": " << s.id;
      }
    }
    leaks += ExpectNoNeedles(samples, "ledger.sqlite (" + when + ")", file);
    leaks += ExpectNoNeedles(samples, "ledger list (" + when + ")", list.out + list.err);
    leaks += ExpectNoNeedles(samples, "ledger verify (" + when + ")", verify.out + verify.err);
  };
  scan_ledger(dir);
  if (all_valid) {
    std::string voids;
    for (const auto& s : samples) {
      auto v = RunSuperbill("void " + s.id + " --reason 'Billed to the wrong insurer' " + kCommon +
                            "--out " + out + " " + dir);
      EXPECT_EQ(v.exit_code, 0) << s.rel << v.err;
      voids += v.out + v.err;
    }
    leaks += ExpectNoNeedles(samples, "void output (" + dir + ")", voids);
    scan_ledger(dir + ", voided");
  }
  EXPECT_EQ(leaks, 0);
  fs::remove_all(out);
}

TEST(PrivacyTest, InvalidSamplesLeakNothingIntoDiagnosticsOrReport) {
  ScanBatch("samples/invalid", false);
}

TEST(PrivacyTest, WarningSamplesLeakNothingIntoOutputReportOrFileNames) {
  ScanBatch("samples/warnings", true);
}

TEST(PrivacyTest, ValidSamplesLeakNothingIntoOutputReportOrFileNames) {
  ScanBatch("samples/courses", true);
}

// `generate` on a terminal (through script(1)): the progress line must not name anyone either.
TEST(PrivacyTest, ProgressOnATerminalLeaksNothing) {
  if (std::system("command -v script >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "script(1) (util-linux) is not installed";
  }
  for (const char* dir : {"samples/courses", "samples/invalid"}) {
    auto samples = LoadSamples(dir);
    std::string out = MakeTempDir("tty");
    ASSERT_FALSE(out.empty());
    std::string transcript = out + ".log";
    std::string cmd = "cd '" + SourcePath("") + "' && script -q -e -c \"'" +
                      std::string(SUPERBILL_BINARY) + "' generate " + kCommon + "--out '" + out +
                      "/out' " + dir + "\" /dev/null </dev/null >'" + transcript + "' 2>&1";
    std::system(cmd.c_str());
    std::string text = Slurp(transcript);
    // Whatever the terminal showed ends with the batch's summary line.
    EXPECT_NE(text.find("superbill: " + std::to_string(samples.size()) + " courses: "),
              std::string::npos)
        << text;
    EXPECT_EQ(ExpectNoNeedles(samples, std::string("terminal output (") + dir + ")", text), 0);
    fs::remove_all(out);
    fs::remove(transcript);
  }
}

}  // namespace
}  // namespace superbill
