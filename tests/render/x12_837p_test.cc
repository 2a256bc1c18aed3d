// 837P tests: golden files for every sample and the batch, a structural self-check written
// independently of the renderer (SE counts, control numbers, the HL parent chain, CLM02 =
// the sum of SV102, NPI check digits, element lengths, the character set), every line
// against the coded claim (codes, modifiers, charges, units, pointers, dates, NDCs), and the
// branches the samples do not reach. With SUPERBILL_PYX12 set to a pyx12 source folder, the
// public validator checks every sample and variant too.
#include "render/x12_837p.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "batch/runner.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::CodeCourseFile;
using testing::SourcePath;

using testing::CodedSamples;

const std::vector<testing::CodedSample>& Samples() { return CodedSamples(); }

const CourseResult& FindSample(const std::string& stem) {
  const auto& s = testing::FindCodedSample(stem);
  if (!s.result) std::abort();
  return *s.result;
}

// ---- An X12 reader of our own, knowing nothing of the renderer. ----

struct Segment {
  std::vector<std::string> e;  // e[0] is the segment id
  const std::string& at(std::size_t i) const {
    static const std::string kEmpty;
    return i < e.size() ? e[i] : kEmpty;
  }
};

struct Parsed {
  char element = 0, component = 0, repetition = 0, terminator = 0;
  std::vector<Segment> segments;
  std::string error;
};

std::vector<std::string> SplitOn(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// The delimiters come from the ISA segment, whose 106 characters are fixed.
Parsed Parse(const std::string& bytes) {
  Parsed p;
  if (bytes.size() < 106 || bytes.compare(0, 3, "ISA") != 0) {
    p.error = "does not start with a 106-character ISA segment";
    return p;
  }
  p.element = bytes[3];
  p.repetition = bytes[82];
  p.component = bytes[104];
  p.terminator = bytes[105];
  std::size_t i = 0;
  while (i < bytes.size()) {
    std::size_t end = bytes.find(p.terminator, i);
    if (end == std::string::npos) {
      p.error = "bytes after the last segment terminator";
      return p;
    }
    p.segments.push_back({SplitOn(bytes.substr(i, end - i), p.element)});
    i = end + 1;
    while (i < bytes.size() && (bytes[i] == '\n' || bytes[i] == '\r')) ++i;
  }
  return p;
}

// Luhn over "80840" + the NPI (the CMS NPI check digit), written here afresh.
bool NpiCheckDigitOk(const std::string& npi) {
  if (npi.size() != 10) return false;
  std::string digits = "80840" + npi;
  int sum = 0;
  bool twice = false;
  for (std::size_t k = digits.size(); k-- > 0;) {
    if (digits[k] < '0' || digits[k] > '9') return false;
    int d = digits[k] - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// Cents of an X12 decimal ("450", "45.5", "906.51"); -1 when it is not one.
std::int64_t Cents(const std::string& s) {
  std::int64_t whole = 0, cents = 0;
  std::size_t i = 0;
  if (s.empty()) return -1;
  for (; i < s.size() && s[i] != '.'; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    whole = whole * 10 + (s[i] - '0');
  }
  if (i < s.size()) {
    std::string frac = s.substr(i + 1);
    if (frac.empty() || frac.size() > 2) return -1;
    for (char c : frac) {
      if (c < '0' || c > '9') return -1;
    }
    cents = std::stoll(frac) * (frac.size() == 1 ? 10 : 1);
  }
  return whole * 100 + cents;
}

// Maximum lengths of the 005010X222A1 elements we write (segment id, position).
const std::map<std::pair<std::string, int>, std::size_t>& MaxLengths() {
  static const std::map<std::pair<std::string, int>, std::size_t> m = {
      {{"GS", 2}, 15},   {{"GS", 3}, 15},  {{"GS", 6}, 9},   {{"ST", 2}, 9},   {{"BHT", 3}, 50},
      {{"NM1", 3}, 60},  {{"NM1", 4}, 35}, {{"NM1", 5}, 25}, {{"NM1", 9}, 80}, {{"PER", 2}, 60},
      {{"PER", 4}, 256}, {{"N3", 1}, 55},  {{"N3", 2}, 55},  {{"N4", 1}, 30},  {{"N4", 2}, 2},
      {{"N4", 3}, 15},   {{"REF", 2}, 50}, {{"SBR", 3}, 50}, {{"CLM", 1}, 20}, {{"CLM", 2}, 18},
      {{"SV1", 2}, 18},  {{"SV1", 4}, 15}, {{"LIN", 3}, 48}, {{"CTP", 4}, 15}, {{"PRV", 3}, 50},
      {{"DMG", 2}, 35},  {{"DTP", 3}, 35}, {{"LX", 1}, 6},   {{"HL", 1}, 12},  {{"HL", 2}, 12},
      {{"SE", 1}, 10},   {{"GE", 1}, 6},
  };
  return m;
}

// Every structural rule an 837P must keep; one line per problem found.
std::vector<std::string> StructuralProblems(const std::string& bytes) {
  std::vector<std::string> problems;
  auto fail = [&](std::size_t seg, const std::string& what) {
    problems.push_back("segment " + std::to_string(seg + 1) + ": " + what);
  };
  Parsed p = Parse(bytes);
  if (!p.error.empty()) return {p.error};
  const std::set<char> delimiters = {p.element, p.component, p.repetition, p.terminator};
  if (delimiters.size() != 4) problems.push_back("the four delimiters are not distinct");
  const auto& s = p.segments;
  if (s.size() < 4 || s.front().at(0) != "ISA" || s.back().at(0) != "IEA") {
    return {"not framed by ISA ... IEA"};
  }
  const Segment& isa = s.front();
  if (isa.e.size() != 17) problems.push_back("ISA has not 16 elements");
  const std::size_t widths[] = {0, 2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1};
  for (std::size_t k = 1; k < isa.e.size() && k < 17; ++k) {
    if (isa.e[k].size() != widths[k]) fail(0, "ISA" + std::to_string(k) + " is not fixed width");
  }
  if (isa.at(12) != "00501") fail(0, "ISA12 is not 00501");
  if (s.back().at(2) != isa.at(13)) fail(s.size() - 1, "IEA02 differs from ISA13");
  if (s.back().at(1) != "1") fail(s.size() - 1, "IEA01 is not 1 (one functional group)");
  if (s[1].at(0) != "GS" || s[s.size() - 2].at(0) != "GE") return {"no GS ... GE"};
  const Segment& gs = s[1];
  if (gs.at(1) != "HC" || gs.at(8) != "005010X222A1") fail(1, "GS is not an 837P group");
  if (s[s.size() - 2].at(2) != gs.at(6)) fail(s.size() - 2, "GE02 differs from GS06");
  if (std::stoll(gs.at(6)) != std::stoll(isa.at(13))) fail(1, "GS06 is not the ISA13 number");

  // Characters: printable ASCII, upper case, no delimiter inside an element (the split made
  // sure of that), no element empty at the end of a segment.
  for (std::size_t k = 0; k < s.size(); ++k) {
    for (std::size_t j = 1; j < s[k].e.size(); ++j) {
      for (char c : s[k].e[j]) {
        if (c < 0x20 || c > 0x7e || (c >= 'a' && c <= 'z')) {
          fail(k, s[k].at(0) + " holds a character outside upper-case printable ASCII");
        }
      }
      auto limit = MaxLengths().find({s[k].at(0), static_cast<int>(j)});
      if (limit != MaxLengths().end() && s[k].e[j].size() > limit->second) {
        fail(k,
             s[k].at(0) + std::to_string(j) + " is longer than " + std::to_string(limit->second));
      }
    }
    if (s[k].at(0) != "ISA" && s[k].e.size() > 1 && s[k].e.back().empty()) {
      fail(k, s[k].at(0) + " ends with an empty element");
    }
    if (s[k].at(0) == "NM1" && s[k].at(8) == "XX" && !NpiCheckDigitOk(s[k].at(9))) {
      fail(k, "NPI " + s[k].at(9) + " has a wrong check digit");
    }
    if (s[k].at(0) == "SV1") {
      // SV101-7 (a description) at most 80; pointers 1-12, at most 4.
      auto parts = SplitOn(s[k].at(1), p.component);
      if (parts.size() > 7 || (parts.size() == 7 && parts[6].size() > 80)) {
        fail(k, "SV101 composite too long");
      }
      auto pointers = SplitOn(s[k].at(7), p.component);
      if (pointers.size() > 4) fail(k, "more than 4 diagnosis pointers");
      for (const auto& ptr : pointers) {
        if (ptr.empty() || std::stoi(ptr) < 1 || std::stoi(ptr) > 12) fail(k, "bad pointer");
      }
    }
  }

  // Transaction sets: ST..SE counts and numbers, the HL chain, claims and their lines.
  std::size_t transactions = 0;
  std::set<std::string> st_numbers;
  for (std::size_t k = 2; k + 2 < s.size();) {
    if (s[k].at(0) != "ST") {
      fail(k, "expected ST");
      break;
    }
    ++transactions;
    const std::string st02 = s[k].at(2);
    if (!st_numbers.insert(st02).second) fail(k, "ST02 " + st02 + " repeats");
    if (s[k].at(1) != "837" || s[k].at(3) != "005010X222A1") fail(k, "ST is not an 837P");
    std::size_t se = k;
    while (se < s.size() && s[se].at(0) != "SE") ++se;
    if (se == s.size()) return {"no SE"};
    if (s[se].at(1) != std::to_string(se - k + 1)) {
      fail(se, "SE01 " + s[se].at(1) + " but the set has " + std::to_string(se - k + 1));
    }
    if (s[se].at(2) != st02) fail(se, "SE02 differs from ST02");
    // HL: numbered 1, 2, ... ; levels 20 (no parent), 22 (parent 20), 23 (parent 22);
    // HL04 = 1 exactly when the next HL is its child.
    std::map<std::string, std::string> level_of;  // HL01 -> HL03
    std::vector<std::size_t> hls;
    int next_hl = 1;
    for (std::size_t j = k; j < se; ++j) {
      if (s[j].at(0) != "HL") continue;
      hls.push_back(j);
      const Segment& hl = s[j];
      if (hl.at(1) != std::to_string(next_hl++)) fail(j, "HL01 out of sequence");
      const std::string& level = hl.at(3);
      const std::string parent_level = hl.at(2).empty() ? "" : level_of[hl.at(2)];
      if ((level == "20" && !hl.at(2).empty()) || (level == "22" && parent_level != "20") ||
          (level == "23" && parent_level != "22") ||
          (level != "20" && level != "22" && level != "23")) {
        fail(j, "HL " + hl.at(1) + " (level " + level + ") has a wrong parent");
      }
      level_of[hl.at(1)] = level;
    }
    for (std::size_t h = 0; h < hls.size(); ++h) {
      const bool child_next = h + 1 < hls.size() && s[hls[h + 1]].at(2) == s[hls[h]].at(1);
      if (s[hls[h]].at(4) != (child_next ? "1" : "0")) fail(hls[h], "HL04 is wrong");
    }
    // Claims: CLM02 = the sum of its SV102; LX numbered from 1; at most 50 lines.
    for (std::size_t j = k; j < se; ++j) {
      if (s[j].at(0) != "CLM") continue;
      const std::int64_t clm02 = Cents(s[j].at(2));
      std::int64_t sum = 0;
      int lines = 0;
      std::size_t m = j + 1;
      for (; m < se && s[m].at(0) != "CLM" && s[m].at(0) != "HL"; ++m) {
        if (s[m].at(0) == "LX") {
          if (s[m].at(1) != std::to_string(++lines)) fail(m, "LX out of sequence");
        }
        if (s[m].at(0) == "SV1") {
          if (Cents(s[m].at(2)) < 0) fail(m, "SV102 is not an amount");
          sum += Cents(s[m].at(2));
        }
      }
      if (clm02 < 0 || clm02 != sum) {
        fail(j, "CLM02 " + s[j].at(2) + " is not the sum of SV102 (" + std::to_string(sum) +
                    " cents)");
      }
      if (lines < 1 || lines > 50) fail(j, "a claim needs 1 to 50 lines");
    }
    k = se + 1;
  }
  if (s[s.size() - 2].at(1) != std::to_string(transactions)) {
    fail(s.size() - 2, "GE01 is not the number of transaction sets");
  }
  return problems;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += x + "\n";
  return out;
}

// The 2400 lines of the interchange, in order, against the claim's lines: code, modifiers,
// charge, units, place of service, pointers, date, NDC with unit and quantity.
void ExpectLinesMatchClaim(const std::string& bytes, const Claim& claim) {
  Parsed p = Parse(bytes);
  ASSERT_EQ(p.error, "");
  std::size_t n = 0;
  std::string claim_pos;
  std::int64_t total = 0;
  const auto& s = p.segments;
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k].at(0) == "CLM") {
      claim_pos = SplitOn(s[k].at(5), p.component)[0];
      total += Cents(s[k].at(2));
      EXPECT_EQ(s[k].at(1), claim.course->id);
    }
    if (s[k].at(0) != "SV1") continue;
    ASSERT_LT(n, claim.lines.size()) << "more SV1 than claim lines";
    const ClaimLine& line = claim.lines[n];
    SCOPED_TRACE("line " + std::to_string(n + 1) + " " + line.code);
    auto sv101 = SplitOn(s[k].at(1), p.component);
    sv101.resize(7);
    EXPECT_EQ(sv101[0], "HC");
    EXPECT_EQ(sv101[1], line.code);
    std::vector<std::string> mods;
    for (int m = 2; m < 6; ++m) {
      if (!sv101[m].empty()) mods.push_back(sv101[m]);
    }
    EXPECT_EQ(mods, line.modifiers);
    EXPECT_EQ(Cents(s[k].at(2)), line.charge.cents);
    EXPECT_EQ(s[k].at(3), "UN");
    EXPECT_EQ(s[k].at(4), std::to_string(line.units));
    EXPECT_EQ(s[k].at(5).empty() ? claim_pos : s[k].at(5), line.pos);
    std::string pointers;
    for (int d : line.dx) pointers += (pointers.empty() ? "" : ":") + std::to_string(d + 1);
    std::string written = s[k].at(7);
    std::replace(written.begin(), written.end(), p.component, ':');
    EXPECT_EQ(written, pointers);
    ASSERT_EQ(s[k + 1].at(0), "DTP");
    char d8[16];
    std::snprintf(d8, sizeof d8, "%04d%02d%02d", line.date.year, line.date.month, line.date.day);
    EXPECT_EQ(s[k + 1].at(1), "472");
    EXPECT_EQ(s[k + 1].at(3), d8);
    const bool lin = k + 2 < s.size() && s[k + 2].at(0) == "LIN";
    EXPECT_EQ(lin, line.is_drug());
    if (lin) {
      EXPECT_EQ(s[k + 2].at(2), "N4");
      EXPECT_EQ(s[k + 2].at(3), line.ndc11);
      ASSERT_EQ(s[k + 3].at(0), "CTP");
      EXPECT_EQ(s[k + 3].at(4), line.ndc_qty);
      EXPECT_EQ(s[k + 3].at(5), line.ndc_unit);
    }
    ++n;
  }
  EXPECT_EQ(n, claim.lines.size());
  EXPECT_EQ(total, claim.total_charges.cents) << "the CLM02 totals do not add up to the claim";
}

// The control number a batch over samples/courses gives the sample's claim.x12 in a fresh
// folder (firstControlNumber 1, no --x12-batch): 1 + its place in name order.
std::int64_t SampleControlNumber(const std::string& stem) {
  for (std::size_t i = 0; i < Samples().size(); ++i) {
    if (Samples()[i].stem == stem) return static_cast<std::int64_t>(i) + 1;
  }
  return 0;
}

std::string BatchOfAllSamples(std::int64_t control, std::size_t per_transaction) {
  const Claim& any = Samples().front().result->claim;
  X12Interchange batch(*any.clinic, any.statement_date, control, per_transaction);
  std::string out = batch.Begin();
  for (const auto& s : Samples()) out += batch.AddClaim(s.result->claim);
  return out + batch.End();
}

// The segments of `bytes` whose id is `id`, as element vectors.
std::vector<Segment> SegmentsOf(const std::string& bytes, const std::string& id) {
  std::vector<Segment> out;
  for (const auto& s : Parse(bytes).segments) {
    if (s.at(0) == id) out.push_back(s);
  }
  return out;
}

bool HasSegment(const std::string& bytes, const std::string& text) {
  Parsed p = Parse(bytes);
  for (const auto& s : p.segments) {
    std::string joined;
    for (std::size_t i = 0; i < s.e.size(); ++i) joined += (i ? "*" : "") + s.e[i];
    if (joined == text) return true;
  }
  return false;
}

// A copy of a sample's claim that the test may edit (course and clinic held here).
struct Edited {
  explicit Edited(const CourseResult& r)
      : course(r.course), clinic(*r.claim.clinic), claim(r.claim) {
    claim.course = &course;
    claim.clinic = &clinic;
    for (auto& line : claim.lines) {
      line.provider = &clinic.providers[line.provider - r.claim.clinic->providers.data()];
    }
  }
  Course course;
  Clinic clinic;
  Claim claim;
};

TEST(X12Test, EverySampleApplies) {
  ASSERT_EQ(Samples().size(), 15u);
  for (const auto& s : Samples()) {
    ASSERT_TRUE(s.result->ok()) << s.stem;
    EXPECT_TRUE(X12Applies(s.result->claim)) << s.stem;
  }
}

TEST(X12Test, MatchesGoldenForEverySampleAndTheBatch) {
  for (const auto& s : Samples()) {
    SCOPED_TRACE(s.stem);
    testing::ExpectGolden(SourcePath("tests/golden/x12/" + s.stem + ".x12"),
                          RenderX12Claim(s.result->claim, SampleControlNumber(s.stem)));
  }
  // `generate --x12-batch` in a fresh folder: the batch takes number 1.
  testing::ExpectGolden(SourcePath("tests/golden/x12/batch.x12"),
                        BatchOfAllSamples(1, kX12MaxClaimsPerTransaction));
}

TEST(X12Test, EverySampleAndTheBatchPassTheStructuralCheck) {
  for (const auto& s : Samples()) {
    SCOPED_TRACE(s.stem);
    EXPECT_EQ(Joined(StructuralProblems(RenderX12Claim(s.result->claim, 7))), "");
  }
  EXPECT_EQ(Joined(StructuralProblems(BatchOfAllSamples(1, kX12MaxClaimsPerTransaction))), "");
  EXPECT_EQ(Joined(StructuralProblems(BatchOfAllSamples(999999999, 4))), "");
}

// `bytes` with the first segment that starts with `prefix` replaced by `segment`.
std::string ReplaceSegment(std::string bytes, const std::string& prefix,
                           const std::string& segment) {
  std::size_t at = bytes.find("\n" + prefix);  // (the samples break lines after segments)
  if (at == std::string::npos) return "";
  ++at;
  bytes.replace(at, bytes.find('~', at) - at, segment);
  return bytes;
}

// The structural check is real: it finds what a broken renderer would write.
TEST(X12Test, TheStructuralCheckCatchesBrokenInterchanges) {
  const std::string good = RenderX12Claim(FindSample("15-short-course").claim, 3);
  ASSERT_EQ(Joined(StructuralProblems(good)), "");
  struct Break {
    std::string prefix, segment, problem;
  };
  const std::vector<Break> breaks = {
      {"SE*", "SE*9*0001", "SE01 9 but the set has"},
      {"SE*", "SE*48*0002", "SE02 differs from ST02"},
      {"IEA*", "IEA*1*000000004", "IEA02 differs from ISA13"},
      {"GE*", "GE*2*3", "GE01 is not the number of transaction sets"},
      {"GE*", "GE*1*4", "GE02 differs from GS06"},
      {"HL*2*", "HL*2*3*22*0", "wrong parent"},
      {"HL*2*", "HL*3*1*22*0", "HL01 out of sequence"},
      {"HL*2*", "HL*2*1*22*1", "HL04 is wrong"},
      {"SV1*HC:90792", "SV1*HC:90792*351*UN*1***1:2", "is not the sum of SV102"},
      {"SV1*HC:90792", "SV1*HC:90792*350*UN*1***1:13", "bad pointer"},
      {"NM1*82*", "NM1*82*1*LEE*MIRIAM****XX*1022552298", "wrong check digit"},
      {"N3*", "N3*" + std::string(56, 'A'), "N31 is longer than 55"},
      {"CLM*", "CLM*HK-2026-0252-ABCDEFGHI*1577***11:B:1*Y*C*N*Y", "CLM1 is longer than 20"},
      {"N4*", "N4*Los Angeles*CA*90057", "outside upper-case printable ASCII"},
      {"LX*2", "LX*3", "LX out of sequence"},
      {"DMG*", "DMG*D8*19900621*F*", "ends with an empty element"},
  };
  for (const auto& b : breaks) {
    SCOPED_TRACE(b.segment);
    const std::string bad = ReplaceSegment(good, b.prefix, b.segment);
    ASSERT_FALSE(bad.empty());
    EXPECT_NE(Joined(StructuralProblems(bad)).find(b.problem), std::string::npos)
        << Joined(StructuralProblems(bad));
  }
}

TEST(X12Test, LinesMatchTheClaimLineForLine) {
  for (const auto& s : Samples()) {
    SCOPED_TRACE(s.stem);
    ExpectLinesMatchClaim(RenderX12Claim(s.result->claim, 1), s.result->claim);
  }
}

TEST(X12Test, SameBytesTwiceAndWhenCodedAfresh) {
  for (const auto& s : Samples()) {
    SCOPED_TRACE(s.stem);
    const std::string first = RenderX12Claim(s.result->claim, 42);
    EXPECT_EQ(first, RenderX12Claim(s.result->claim, 42));
    auto again = CodeCourseFile(SourcePath("samples/courses/" + s.stem + ".xml"));
    EXPECT_EQ(first, RenderX12Claim(again->claim, 42));
  }
}

TEST(X12Test, EnvelopeCarriesTheControlNumberAndTheSettings) {
  const Claim& claim = FindSample("01-induction-series").claim;
  const std::string x = RenderX12Claim(claim, 123456789);
  EXPECT_EQ(x.substr(0, 107),
            "ISA*00*          *00*          *ZZ*HKW001         *ZZ*330897513      *261120*0000*^*"
            "00501*123456789*0*T*:~\n");
  EXPECT_TRUE(HasSegment(x, "GS*HC*HKW001*330897513*20261120*0000*123456789*X*005010X222A1"));
  EXPECT_TRUE(HasSegment(x, "ST*837*0001*005010X222A1"));
  EXPECT_TRUE(HasSegment(x, "BHT*0019*00*1234567890001*20261120*0000*CH"));
  EXPECT_TRUE(HasSegment(x, "NM1*41*2*HARBOR KETAMINE AND WELLNESS*****46*HKW001"));
  EXPECT_TRUE(HasSegment(x, "PER*IC*BILLING OFFICE*TE*3105550142"));
  EXPECT_TRUE(HasSegment(x, "NM1*40*2*EXAMPLE CLEARINGHOUSE*****46*330897513"));
  EXPECT_TRUE(HasSegment(x, "PRV*BI*PXC*261QM0801X"));
  EXPECT_TRUE(HasSegment(x, "NM1*85*2*HARBOR KETAMINE & WELLNESS*****XX*1824591519"));
  EXPECT_TRUE(HasSegment(x, "N3*4100 OVERLAND AVE*SUITE 210"));
  EXPECT_TRUE(HasSegment(x, "N4*CULVER CITY*CA*902306512"));
  EXPECT_TRUE(HasSegment(x, "REF*EI*954821736"));
  EXPECT_TRUE(HasSegment(x, "GE*1*123456789"));
  EXPECT_EQ(x.substr(x.size() - 17), "IEA*1*123456789~\n");
  EXPECT_THROW(RenderX12Claim(claim, 0), FatalError);
  EXPECT_THROW(RenderX12Claim(claim, 1000000000), FatalError);
}

TEST(X12Test, DelimitersAndLineBreaksAreConfigurable) {
  const CourseResult& r = FindSample("09-spouse-12-diagnoses");
  const std::string standard = RenderX12Claim(r.claim, 5);
  Edited e(r);
  e.clinic.x12->element_separator = '|';
  e.clinic.x12->component_separator = '>';
  e.clinic.x12->repetition_separator = '!';
  e.clinic.x12->segment_terminator = '\'';
  e.clinic.x12->line_break = "\r\n";
  const std::string custom = RenderX12Claim(e.claim, 5);
  EXPECT_EQ(Joined(StructuralProblems(custom)), "");
  ExpectLinesMatchClaim(custom, e.claim);
  // The same segments, delimiter for delimiter (this sample's values hold none of |>!').
  std::string mapped;
  for (char c : custom) {
    if (c == '\r') continue;
    mapped += c == '|' ? '*' : c == '>' ? ':' : c == '!' ? '^' : c == '\'' ? '~' : c;
  }
  EXPECT_EQ(mapped, standard);
  // No line break: the same bytes without the newlines.
  e.clinic.x12->element_separator = '*';
  e.clinic.x12->component_separator = ':';
  e.clinic.x12->repetition_separator = '^';
  e.clinic.x12->segment_terminator = '~';
  e.clinic.x12->line_break = "";
  std::string flat = standard;
  flat.erase(std::remove(flat.begin(), flat.end(), '\n'), flat.end());
  EXPECT_EQ(RenderX12Claim(e.claim, 5), flat);
  // A value holding a delimiter in use loses it: '&' of the clinic's name, '/' of the drug.
  e.clinic.x12->element_separator = '&';
  e.clinic.x12->component_separator = '/';
  const std::string amp = RenderX12Claim(e.claim, 5);
  EXPECT_EQ(Joined(StructuralProblems(amp)), "");
  EXPECT_NE(amp.find("NM1&85&2&HARBOR KETAMINE WELLNESS&&&&&XX&1824591519~"), std::string::npos);
  EXPECT_NE(amp.find("HC/J3490/////KETAMINE HCL 100 MG ML&"), std::string::npos);
}

// Payer names, addresses and names are upper case, in ASCII, and cut to their element.
TEST(X12Test, TextIsUpperCaseAsciiCutToItsElement) {
  const std::string x = RenderX12Claim(FindSample("09-spouse-12-diagnoses").claim, 1);
  // 90 characters with an en dash: cut at a space within 60.
  EXPECT_TRUE(HasSegment(
      x, "NM1*PR*2*BLUE CROSS AND BLUE SHIELD FEDERAL EMPLOYEE PROGRAM SERVICE*****PI*00090"));
  // Transliterated card names; the spouse's address line cut to 55 at a space.
  EXPECT_TRUE(HasSegment(x, "NM1*IL*1*DANG*VAN DUC****MI*R104567893"));
  EXPECT_TRUE(HasSegment(x, "NM1*QC*1*NGUYEN*THI MAI"));
  EXPECT_TRUE(HasSegment(x,
                         "N3*15571 BROOKHURST STREET, BUILDING 4 NORTH, SAIGON PLAZA*APARTMENT "
                         "2217, TOWER B, NORTH WING, C/O DANG VAN DUC"));
  EXPECT_TRUE(HasSegment(x, "PAT*01"));
  EXPECT_TRUE(HasSegment(x, "SBR*P**105******CI"));
  // 12 diagnoses: ABK then 11 ABF, no dots.
  EXPECT_TRUE(HasSegment(x,
                         "HI*ABK:F332*ABF:F4312*ABF:F411*ABF:R45851*ABF:F410*ABF:F5101*ABF:G43909*"
                         "ABF:G894*ABF:F4010*ABF:F422*ABF:Z630*ABF:F17210"));
  // A telehealth line at POS 10 under a claim at 11, with modifier 95.
  EXPECT_NE(x.find("SV1*HC:99214:95*185*UN*1*10**1:2:3:5~"), std::string::npos);
}

TEST(X12Test, SubscriberPatientAndCardNames) {
  struct Case {
    const char* stem;
    std::vector<std::string> present;
    std::vector<std::string> absent;
  };
  const std::vector<Case> cases = {
      // Self: SBR02 18, the patient is the subscriber, no 2000C.
      {"01-induction-series",
       {"HL*2*1*22*0", "SBR*P*18*0123456******CI", "NM1*IL*1*RIVERA*ANA*L***MI*W123456789",
        "DMG*D8*19870314*F", "NM1*PR*2*AETNA*****PI*60054"},
       {"PAT*19", "NM1*QC*1*RIVERA*ANA*L"}},
      // Medicare: SBR09 MB, no group.
      {"05-esketamine-medicare", {"SBR*P*18*******MB"}, {}},
      // Child of the subscriber: the card name of <cardName>, the child's transliterated.
      {"10-child-subscriber",
       {"HL*2*1*22*1", "SBR*P**00331290******CI", "NM1*IL*1*WANG*JIANGUO****MI*U0987765401",
        "DMG*D8*19700214*M", "HL*3*2*23*0", "PAT*19", "NM1*QC*1*WANG*XIAO MING",
        "DMG*D8*20060903*M"},
       {"NM1*IL*1*WANG*JIAN GUO****MI*U0987765401"}},
      // Cyrillic.
      {"06-kap-therapy", {"NM1*IL*1*VOLKOVA*ANNA*S***MI*W284401937"}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.stem);
    const std::string x = RenderX12Claim(FindSample(c.stem).claim, 1);
    for (const auto& seg : c.present) EXPECT_TRUE(HasSegment(x, seg)) << seg;
    for (const auto& seg : c.absent) EXPECT_FALSE(HasSegment(x, seg)) << seg;
  }
  Edited other(FindSample("10-child-subscriber"));
  other.course.coverage.relationship = Relationship::kOther;
  EXPECT_TRUE(HasSegment(RenderX12Claim(other.claim, 1), "PAT*G8"));
}

// CLM07 and CLM08 follow the clinic's assignment settings, as CMS-1500 boxes 27 and 13.
TEST(X12Test, AssignmentIndicatorsFollowTheClinic) {
  struct Row {
    bool benefits_assigned, accept_assignment;
    const char* clm;
  };
  for (const Row& row : {Row{false, false, "CLM*HK-2026-0252*1577***11:B:1*Y*C*N*Y"},
                         Row{true, false, "CLM*HK-2026-0252*1577***11:B:1*Y*C*Y*Y"},
                         Row{false, true, "CLM*HK-2026-0252*1577***11:B:1*Y*A*N*Y"},
                         Row{true, true, "CLM*HK-2026-0252*1577***11:B:1*Y*A*Y*Y"}}) {
    Edited e(FindSample("15-short-course"));
    e.clinic.assignment.benefits_assigned = row.benefits_assigned;
    e.clinic.assignment.accept_assignment = row.accept_assignment;
    EXPECT_TRUE(HasSegment(RenderX12Claim(e.claim, 1), row.clm)) << row.clm;
  }
}

// CLM05-3 and REF*F8 follow the ledger's decision (Claim::resubmission): 1 for an original,
// 7 for a corrected statement, 8 for a void; the payer's claim number, when known, as F8.
TEST(X12Test, CorrectedAndVoidClaimsCarryTheirFrequencyAndTheOriginalReference) {
  struct Row {
    Resubmission::Kind kind;
    const char* reference;
    const char* clm;
    bool f8;
  };
  for (const Row& row :
       {Row{Resubmission::Kind::kOriginal, "", "CLM*HK-2026-0252*1577***11:B:1*Y*C*N*Y", false},
        Row{Resubmission::Kind::kOriginal, "EOB-4471", "CLM*HK-2026-0252*1577***11:B:1*Y*C*N*Y",
            false},
        Row{Resubmission::Kind::kCorrected, "EOB-4471", "CLM*HK-2026-0252*1577***11:B:7*Y*C*N*Y",
            true},
        Row{Resubmission::Kind::kCorrected, "", "CLM*HK-2026-0252*1577***11:B:7*Y*C*N*Y", false},
        Row{Resubmission::Kind::kVoid, "EOB-4471", "CLM*HK-2026-0252*1577***11:B:8*Y*C*N*Y",
            true}}) {
    Edited e(FindSample("15-short-course"));
    e.claim.resubmission = {row.kind, 2, Date{2026, 11, 20}, 1, row.reference, "entered twice"};
    const std::string x = RenderX12Claim(e.claim, 1);
    EXPECT_TRUE(HasSegment(x, row.clm)) << row.clm;
    EXPECT_EQ(HasSegment(x, "REF*F8*EOB-4471"), row.f8) << row.clm;
    // REF*F8 sits in 2300 between CLM and HI.
    if (row.f8) {
      EXPECT_LT(x.find("REF*F8"), x.find("HI*ABK"));
    }
  }
}

// 2310B names the provider of most lines; 2420A each line by someone else; a solo practice
// billing under its provider's own NPI has no 2310B.
TEST(X12Test, RenderingProviders) {
  const std::string x = RenderX12Claim(FindSample("10-child-subscriber").claim, 1);
  auto nm1 = SegmentsOf(x, "NM1");
  std::vector<std::string> rendering;
  for (const auto& s : nm1) {
    if (s.at(1) == "82") rendering.push_back(s.at(3));
  }
  // 2310B Brandt (14 of 17 lines), then 2420A Lee on the three lines of 2026-08-03.
  EXPECT_EQ(rendering, (std::vector<std::string>{"BRANDT", "LEE", "LEE", "LEE"}));
  EXPECT_TRUE(HasSegment(x, "PRV*PE*PXC*363LP0808X"));

  // Billing under the NPI of the provider of most lines: no 2310B; the lines of the others
  // name theirs in 2420A.
  Edited solo(FindSample("10-child-subscriber"));
  solo.clinic.npi = "1171521333";  // Brandt
  const std::string s = RenderX12Claim(solo.claim, 1);
  EXPECT_EQ(Joined(StructuralProblems(s)), "");
  rendering.clear();
  for (const auto& seg : SegmentsOf(s, "NM1")) {
    if (seg.at(1) == "82") rendering.push_back(seg.at(3));
  }
  EXPECT_EQ(rendering, (std::vector<std::string>{"LEE", "LEE", "LEE"}));
}

// Unclassified drug codes (no hcpcsUnitMg in the catalog: J3490) carry the drug's name in
// SV101-7; the others do not.
TEST(X12Test, UnclassifiedDrugsCarryTheirName) {
  const std::string x = RenderX12Claim(FindSample("01-induction-series").claim, 1);
  EXPECT_NE(x.find("SV1*HC:J3490:::::KETAMINE HCL 100 MG/ML*60*UN*1***1:2~"), std::string::npos);
  EXPECT_NE(x.find("SV1*HC:J2405*12*UN*4***1:2~"), std::string::npos);
}

// More than 50 lines: several claims under one subscriber, each adding up, together the
// course's total.
TEST(X12Test, MoreThanFiftyLinesAreSeveralClaims) {
  Edited e(FindSample("08-maintenance-year"));
  const std::vector<ClaimLine> lines = e.claim.lines;
  while (e.claim.lines.size() < 120) {
    e.claim.lines.insert(e.claim.lines.end(), lines.begin(), lines.end());
  }
  e.claim.lines.resize(120);
  e.claim.total_charges = Money{};
  for (const auto& l : e.claim.lines) e.claim.total_charges += l.charge;
  const std::string x = RenderX12Claim(e.claim, 1);
  EXPECT_EQ(Joined(StructuralProblems(x)), "");
  ExpectLinesMatchClaim(x, e.claim);
  EXPECT_EQ(SegmentsOf(x, "CLM").size(), 3u);
  EXPECT_EQ(SegmentsOf(x, "HL").size(), 2u);
  EXPECT_EQ(SegmentsOf(x, "LX").size(), 120u);
}

// A batch: one interchange; a transaction set per `per_transaction` claims, each with its
// own HL numbering and counts.
TEST(X12Test, BatchRollsOverTransactionSets) {
  const std::string x = BatchOfAllSamples(77, 4);
  EXPECT_EQ(Joined(StructuralProblems(x)), "");
  auto st = SegmentsOf(x, "ST");
  ASSERT_EQ(st.size(), 4u);  // 15 claims, 4 per set
  EXPECT_EQ(st[3].at(2), "0004");
  EXPECT_EQ(SegmentsOf(x, "GE")[0].at(1), "4");
  EXPECT_EQ(SegmentsOf(x, "ISA").size(), 1u);
  EXPECT_EQ(SegmentsOf(x, "CLM").size(), 15u);
  std::int64_t total = 0, expected = 0;
  for (const auto& s : SegmentsOf(x, "CLM")) total += Cents(s.at(2));
  for (const auto& s : Samples()) expected += s.result->claim.total_charges.cents;
  EXPECT_EQ(total, expected);
  // One set for the whole batch by default.
  EXPECT_EQ(SegmentsOf(BatchOfAllSamples(1, kX12MaxClaimsPerTransaction), "ST").size(), 1u);
}

// What keeps a course out of the 837P, or shortens it, is said as located warnings.
TEST(X12Test, WarningsSayWhatTheInterchangeCannotCarry) {
  for (const auto& s : Samples()) {
    if (s.stem == "09-spouse-12-diagnoses") continue;
    EXPECT_TRUE(X12Warnings(s.result->claim).empty()) << s.stem;
  }
  std::string text;
  for (const auto& d : X12Warnings(FindSample("09-spouse-12-diagnoses").claim)) {
    text += d.ToString() + "\n";
  }
  const std::string file09 = SourcePath("samples/courses/09-spouse-12-diagnoses.xml");
  EXPECT_EQ(text, file09 +
                      ":5:5: warning: address line 1 is longer than the 55 characters of an 837P "
                      "N3 element: claim.x12 carries it shortened\n" +
                      file09 +
                      ":12:7: warning: address line 1 is longer than the 55 characters of an "
                      "837P N3 element: claim.x12 carries it shortened\n");

  Edited e(FindSample("14-administration-variants"));
  e.course.coverage.payer_id.clear();
  e.course.id = "HK-2026-0245-REISSUED";  // 21 characters
  EXPECT_FALSE(X12Applies(e.claim));
  text.clear();
  for (const auto& d : X12Warnings(e.claim)) text += d.ToString() + "\n";
  const std::string file14 = SourcePath("samples/courses/14-administration-variants.xml");
  EXPECT_EQ(text, file14 +
                      ":2:20: warning: course id has 21 characters, more than the 20 of the 837P "
                      "patient control number (CLM01): no claim.x12 for this course\n" +
                      file14 +
                      ":9:3: warning: the coverage has no payerId, which the 837P needs (loop "
                      "2010BB): no claim.x12 for this course\n");
  e.course.id = "HK-2026-0245-REISSUE";  // 20: fits
  e.course.coverage.payer_id = "OSCAR";
  EXPECT_TRUE(X12Applies(e.claim));
  e.clinic.x12.reset();
  EXPECT_FALSE(X12Applies(e.claim));
  EXPECT_TRUE(X12Warnings(e.claim).empty());
  EXPECT_THROW(RenderX12Claim(e.claim, 1), FatalError);
}

// The public validator, when the machine has it (SUPERBILL_PYX12 = a pyx12 source folder;
// it is never part of the repository).
TEST(X12Test, Pyx12AcceptsEverySampleAndVariant) {
  const char* pyx12 = std::getenv("SUPERBILL_PYX12");
  if (!pyx12) GTEST_SKIP() << "set SUPERBILL_PYX12 to a pyx12 source folder to run it";
  testing::ScratchDir dir;
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& s : Samples()) {
    files.emplace_back(s.stem, RenderX12Claim(s.result->claim, SampleControlNumber(s.stem)));
  }
  files.emplace_back("batch", BatchOfAllSamples(1, kX12MaxClaimsPerTransaction));
  files.emplace_back("batch-rolled", BatchOfAllSamples(2, 4));
  Edited e(FindSample("08-maintenance-year"));
  const std::vector<ClaimLine> lines = e.claim.lines;
  e.claim.lines.insert(e.claim.lines.end(), lines.begin(), lines.end());
  files.emplace_back("split", RenderX12Claim(e.claim, 3));
  Edited odd(FindSample("09-spouse-12-diagnoses"));
  odd.clinic.x12->element_separator = '|';
  odd.clinic.x12->component_separator = '>';
  odd.clinic.x12->segment_terminator = '\'';
  odd.clinic.x12->line_break = "";
  odd.clinic.assignment = {true, true};
  files.emplace_back("delimiters", RenderX12Claim(odd.claim, 4));
  Edited corrected(FindSample("02-crps-pain-infusions"));
  corrected.claim.resubmission = {
      Resubmission::Kind::kCorrected, 2, Date{2026, 11, 20}, 1, "EOB-2026-4471", ""};
  files.emplace_back("corrected", RenderX12Claim(corrected.claim, 5));
  Edited voided(FindSample("02-crps-pain-infusions"));
  voided.claim.resubmission = {
      Resubmission::Kind::kVoid, 3, Date{2026, 11, 27}, 2, "EOB-2026-4471", "entered twice"};
  files.emplace_back("void", RenderX12Claim(voided.claim, 6));
  for (const auto& [name, bytes] : files) {
    SCOPED_TRACE(name);
    const std::string path = dir.Write(name + ".x12", bytes);
    std::string out;
    testing::RunTool("cd '" + dir.Path("") + "' && PYTHONPATH='" + std::string(pyx12) +
                         "' /usr/bin/python3 -m pyx12.scripts.x12valid '" + path + "' 2>&1",
                     &out);
    EXPECT_NE(out.find(name + ".x12: OK"), std::string::npos) << out;
    EXPECT_EQ(out.find("ERROR"), std::string::npos) << out;
  }
}

}  // namespace
}  // namespace superbill
