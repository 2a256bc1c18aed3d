#include "input/course_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "input/course_fields.h"
#include "input/elements.h"
#include "input/xml_source.h"
#include "model/card_name.h"

namespace superbill {
namespace {

class CourseParser {
 public:
  CourseParser(const XmlSource& src, Course* course, Diagnostics* diags)
      : src_(src), course_(course), diags_(diags) {}

  void Run(pugi::xml_node root);

 private:
  void Error(pugi::xml_node node, const std::string& message) {
    diags_->push_back({src_.Loc(node), message});
  }
  void UnknownChild(pugi::xml_node parent, pugi::xml_node child) {
    Error(child, std::string("unknown element <") + child.name() + "> in <" + parent.name() + ">" +
                     DidYouMean(child.name(), KnownChildren(parent.name())));
  }
  // The elements `parent` may hold, for a suggestion.
  static const std::vector<std::string>& KnownChildren(std::string_view parent) {
    static const std::vector<std::string> course = {"patient", "coverage", "diagnosis",
                                                    "visit",   "payment",  "history"};
    static const std::vector<std::string> person = {"address", "cardName"};
    static const std::vector<std::string> coverage = {"subscriber"};
    static const std::vector<std::string> visit = {
        "office", "evaluation", "psychotherapy", "infusion", "hydration",
        "push",   "injection",  "nasal",         "block",    "line"};
    static const std::vector<std::string> history = {"trial", "therapy", "score"};
    static const std::vector<std::string> none;
    if (parent == "course") return course;
    if (parent == "patient" || parent == "subscriber") return person;
    if (parent == "coverage") return coverage;
    if (parent == "visit") return visit;
    if (parent == "history") return history;
    return none;
  }
  // Reads the <address> and <cardName> children of a person (patient or subscriber).
  void ReadAddressOf(pugi::xml_node node, Person* p);
  // Reads a person's <cardName family=".." given=".." middle=".."/>.
  CardName ReadCardName(pugi::xml_node node);
  void ReadPatient(pugi::xml_node node);
  void ReadCoverage(pugi::xml_node node);
  void ReadDiagnosis(pugi::xml_node node);
  void ReadVisit(pugi::xml_node node);
  bool ReadService(pugi::xml_node node, Service* s);
  void ReadPayment(pugi::xml_node node);
  void ReadHistory(pugi::xml_node node);
  void ReadResubmission(pugi::xml_node node);
  void ReadBenefits(pugi::xml_node node);

  const XmlSource& src_;
  Course* course_;
  Diagnostics* diags_;
};

void CourseParser::Run(pugi::xml_node root) {
  course_->loc = src_.Loc(root);
  ElementReader r(src_, root, diags_);
  if (auto f = r.Required("format"); f && *f != "1") {
    r.Error("format",
            "unsupported course file format " + Quoted(*f) + " (this version reads format 1)");
  }
  if (auto id = r.Required("id")) {
    course_->id = *id;
    course_->id_loc = r.Loc("id");
  }
  r.Finish();
  CheckNoText(src_, root, diags_);

  int patients = 0, coverages = 0, histories = 0, benefits = 0, resubmissions = 0;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string name = c.name();
    if (name == "patient") {
      if (patients++)
        Error(c, "<patient> is given twice in <course>");
      else
        ReadPatient(c);
    } else if (name == "coverage") {
      if (coverages++)
        Error(c, "<coverage> is given twice in <course>");
      else
        ReadCoverage(c);
    } else if (name == "diagnosis") {
      ReadDiagnosis(c);
    } else if (name == "visit") {
      if (course_->visits.size() == kMaxVisits) {
        Error(c, "a course may hold at most " + std::to_string(kMaxVisits) + " visits");
        return;
      }
      ReadVisit(c);
    } else if (name == "payment") {
      ReadPayment(c);
    } else if (name == "history") {
      if (histories++)
        Error(c, "<history> is given twice in <course>");
      else
        ReadHistory(c);
    } else if (name == "resubmission") {
      if (resubmissions++)
        Error(c, "<resubmission> is given twice in <course>");
      else
        ReadResubmission(c);
    } else if (name == "benefits") {
      if (benefits++)
        Error(c, "<benefits> is given twice in <course>");
      else
        ReadBenefits(c);
    } else {
      UnknownChild(root, c);
    }
  }
  if (!patients) Error(root, "<course> needs a <patient> element");
  if (!coverages) Error(root, "<course> needs a <coverage> element");
  if (course_->diagnoses.empty()) Error(root, "<course> needs at least one <diagnosis>");
  if (course_->visits.empty()) Error(root, "<course> needs at least one <visit>");
}

void CourseParser::ReadAddressOf(pugi::xml_node node, Person* p) {
  bool has_address = false;
  CheckNoText(src_, node, diags_);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const bool address = std::strcmp(c.name(), "address") == 0;
    const bool card_name = std::strcmp(c.name(), "cardName") == 0;
    if (address && !has_address) {
      p->address = ReadAddress(src_, c, diags_);
      has_address = true;
    } else if (card_name && !p->card_name) {
      p->card_name = ReadCardName(c);
    } else if (address || card_name) {
      Error(c, std::string("<") + c.name() + "> is given twice in <" + node.name() + ">");
    } else {
      UnknownChild(node, c);
    }
  }
  if (!has_address) Error(node, std::string("<") + node.name() + "> needs an <address> element");
}

CardName CourseParser::ReadCardName(pugi::xml_node node) {
  CardName n;
  n.loc = src_.Loc(node);
  ElementReader r(src_, node, diags_);
  // As printed on the card: Latin letters, digits, spaces, hyphens, apostrophes and periods.
  // The messages quote nothing of the value (it is a name).
  auto part = [&](const char* attribute, std::optional<std::string> value, bool required) {
    if (!value) return std::string();
    for (char c : *value) {
      const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == ' ' || c == '-' || c == '\'' || c == '.';
      if (!ok) {
        r.Error(attribute, std::string("'") + attribute +
                               "' of <cardName> must be written as on the insurance card: "
                               "letters A to Z, digits, spaces, hyphens, apostrophes or periods");
        return std::string();
      }
    }
    if (required && CardNamePart(*value).empty()) {
      r.Error(attribute, std::string("'") + attribute + "' of <cardName> has no letter");
      return std::string();
    }
    return *value;
  };
  n.family = part("family", r.Required("family"), true);
  n.given = part("given", r.Required("given"), true);
  n.middle = part("middle", r.Optional("middle"), false);
  r.Finish();
  CheckLeaf(src_, node, diags_);
  return n;
}

void CourseParser::ReadPatient(pugi::xml_node node) {
  Patient& p = course_->patient;
  p.loc = src_.Loc(node);
  ElementReader r(src_, node, diags_);
  ReadPatientFields(r, &p);
  ReadAddressOf(node, &p);
  r.Finish();
}

void CourseParser::ReadCoverage(pugi::xml_node node) {
  Coverage& cov = course_->coverage;
  cov.loc = src_.Loc(node);
  ElementReader r(src_, node, diags_);
  ReadCoverageFields(r, &cov);
  r.Finish();
  CheckNoText(src_, node, diags_);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (std::strcmp(c.name(), "subscriber") != 0) {
      UnknownChild(node, c);
    } else if (cov.subscriber) {
      Error(c, "<subscriber> is given twice in <coverage>");
    } else {
      Person s;
      s.loc = src_.Loc(c);
      ElementReader sr(src_, c, diags_);
      ReadPersonFields(sr, &s);
      ReadAddressOf(c, &s);
      sr.Finish();
      cov.subscriber = s;
    }
  }
  if (cov.relationship != Relationship::kSelf && !cov.subscriber) {
    Error(node, "a relationship other than 'self' needs a <subscriber> in <coverage>");
  }
  if (cov.relationship == Relationship::kSelf && cov.subscriber) {
    Error(node, "relationship 'self' takes no <subscriber>: the patient is the subscriber");
  }
}

void CourseParser::ReadDiagnosis(pugi::xml_node node) {
  ElementReader r(src_, node, diags_);
  DiagnosisEntry d;
  d.loc = src_.Loc(node);
  if (auto code = r.Required("code")) {
    d.as_written = *code;
    d.loc = r.Loc("code");
    d.code = *code;
  }
  r.Finish();
  CheckLeaf(src_, node, diags_);
  course_->diagnoses.push_back(d);
}

bool CourseParser::ReadService(pugi::xml_node node, Service* s) {
  auto kind = ServiceKindFromName(node.name());
  if (!kind) return false;
  s->kind = *kind;
  s->loc = src_.Loc(node);
  ElementReader r(src_, node, diags_);
  ReadServiceFields(r, s);
  r.Finish();
  CheckLeaf(src_, node, diags_);
  return true;
}

void CourseParser::ReadVisit(pugi::xml_node node) {
  Visit v;
  v.loc = src_.Loc(node);
  ElementReader r(src_, node, diags_);
  ReadVisitFields(r, &v);
  r.Finish();
  CheckNoText(src_, node, diags_);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    Service s;
    if (ReadService(c, &s)) {
      v.services.push_back(std::move(s));
    } else {
      UnknownChild(node, c);
    }
  }
  if (v.services.empty()) Error(node, "<visit> needs at least one service");
  course_->visits.push_back(std::move(v));
}

void CourseParser::ReadPayment(pugi::xml_node node) {
  Payment p;
  p.loc = src_.Loc(node);
  ElementReader r(src_, node, diags_);
  ReadPaymentFields(r, &p);
  r.Finish();
  CheckLeaf(src_, node, diags_);
  course_->payments.push_back(p);
}

// A value as a message quotes it: at most 40 characters, control characters escaped.
std::string Shorten(const std::string& v) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < v.size() && chars < 40; ++i) {
    const unsigned char c = static_cast<unsigned char>(v[i]);
    if ((c & 0xC0) != 0x80) ++chars;
    if (c < 0x20 || c == 0x7F) {
      static const char* kHex = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  // Whole characters only: stop before a cut continuation byte sequence.
  std::size_t end = out.size();
  while (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0xC0) == 0x80) --end;
  if (end > 0 && (static_cast<unsigned char>(out[end - 1]) & 0x80)) {
    const unsigned char lead = static_cast<unsigned char>(out[end - 1]);
    const std::size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (out.size() - (end - 1) < need) out.resize(end - 1);
  }
  if (chars >= 40 && out.size() < v.size()) out += "...";
  return out;
}

// "2023-01" or "2023-01-15" (when a trial or therapy began or ended); reports anything else.
std::string Month(FieldSource& r, const char* name) {
  auto v = r.Optional(name);
  if (!v) return "";
  const std::string& s = *v;
  auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t k = from; k < from + n; ++k) {
      if (k >= s.size() || s[k] < '0' || s[k] > '9') return false;
    }
    return true;
  };
  bool ok = s.size() == 7 && digits(0, 4) && s[4] == '-' && digits(5, 2) &&
            std::stoi(s.substr(5, 2)) >= 1 && std::stoi(s.substr(5, 2)) <= 12;
  if (!ok && s.size() == 10) ok = Date::Parse(s).has_value();
  if (!ok) {
    r.Error(name, "'" + std::string(name) +
                      "' must be a month YYYY-MM or a date YYYY-MM-DD, found '" + Shorten(s) + "'");
    return "";
  }
  return s;
}

void CourseParser::ReadBenefits(pugi::xml_node node) {
  Benefits b;
  b.loc = src_.Loc(node);
  ElementReader r(src_, node, diags_);
  auto money = [&](const char* name, bool required) -> std::optional<Money> {
    auto v = required ? r.Required(name) : r.Optional(name);
    if (!v) return std::nullopt;
    return ParseMoneyAttr(r, name, *v);
  };
  // A whole percent from 0 to `max`.
  auto percent = [&](const char* name, const std::string& v, int max) -> std::optional<int> {
    if (!v.empty() && v.size() <= 4 &&
        std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      const int n = std::stoi(v);
      if (n <= max) return n;
    }
    r.Error(name, "'" + std::string(name) + "' must be a whole percent from 0 to " +
                      std::to_string(max) + ", found '" + Shorten(v) + "'");
    return std::nullopt;
  };
  b.deductible = money("deductible", true).value_or(Money{});
  b.deductible_met = money("deductibleMet", false).value_or(Money{});
  if (b.deductible_met > b.deductible) {
    r.Error("deductibleMet", "'deductibleMet' is more than the 'deductible'");
  }
  if (auto c = r.Required("coinsurance"))
    b.coinsurance = percent("coinsurance", *c, 100).value_or(0);
  if (auto a = r.Required("allowed")) {
    const std::size_t colon = a->find(':');
    const std::string kind = a->substr(0, colon);
    if (colon == std::string::npos || (kind != "charge" && kind != "medicare")) {
      r.Error("allowed", "'allowed' must be charge:P or medicare:P (P a percent), found '" +
                             Shorten(*a) + "'");
    } else {
      b.basis = kind == "charge" ? AllowedBasis::kCharge : AllowedBasis::kMedicare;
      b.allowed_percent = percent("allowed", a->substr(colon + 1), 1000).value_or(100);
    }
  }
  b.oop_max = money("oopMax", false);
  b.oop_met = money("oopMet", false).value_or(Money{});
  if (b.oop_met.cents > 0 && !b.oop_max) {
    r.Error("oopMet", "'oopMet' needs the 'oopMax' it counts toward");
  } else if (b.oop_max && b.oop_met > *b.oop_max) {
    r.Error("oopMet", "'oopMet' is more than the 'oopMax'");
  }
  r.Finish();
  CheckLeaf(src_, node, diags_);
  course_->benefits = b;
}

void CourseParser::ReadHistory(pugi::xml_node node) {
  History h;
  ElementReader hr(src_, node, diags_);
  hr.Finish();
  CheckNoText(src_, node, diags_);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    ElementReader r(src_, c, diags_);
    std::string name = c.name();
    if (name == "trial") {
      Trial t;
      t.drug = r.Required("drug").value_or("");
      t.dose = r.Optional("dose").value_or("");
      t.start = Month(r, "start");
      t.end = Month(r, "end");
      t.outcome = r.Optional("outcome").value_or("");
      h.trials.push_back(t);
    } else if (name == "therapy") {
      TherapyHistory t;
      t.kind = r.Required("kind").value_or("");
      t.start = Month(r, "start");
      t.end = Month(r, "end");
      if (auto s = r.Optional("sessions")) {
        int v = 0;
        bool ok = s->size() <= 4;
        for (char ch : *s) {
          if (ch < '0' || ch > '9') ok = false;
          if (ok) v = v * 10 + (ch - '0');  // only while short enough: no int overflow
        }
        if (ok)
          t.sessions = v;
        else
          r.Error("sessions", "'sessions' must be a whole number");
      }
      h.therapies.push_back(t);
    } else if (name == "score") {
      Score s;
      // The instruments the letter names, each with its top score; another instrument (a pain
      // scale) takes any whole number up to 999.
      static const std::pair<const char*, int> kInstruments[] = {
          {"PHQ-9", 27}, {"MADRS", 60}, {"GAD-7", 21}, {"PCL-5", 80}};
      s.instrument = r.Required("instrument").value_or("");
      int max = 999;
      for (const auto& [known, top] : kInstruments) {
        if (s.instrument == known) max = top;
      }
      if (auto v = r.Required("value")) {
        int n = -1;
        if (v->size() <= 3 && !v->empty() &&
            std::all_of(v->begin(), v->end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
          n = std::stoi(*v);
        }
        if (n < 0 || n > max) {
          r.Error("value", "'value' of a " + (max == 999 ? std::string("score") : s.instrument) +
                               " must be a whole number from 0 to " + std::to_string(max) +
                               ", found '" + Shorten(*v) + "'");
        } else {
          s.value = std::to_string(n);
        }
      }
      if (auto d = r.Required("date")) s.date = ParseDateAttr(r, "date", *d).value_or(Date{});
      h.scores.push_back(s);
    } else {
      UnknownChild(node, c);
      continue;
    }
    r.Finish();
    CheckLeaf(src_, c, diags_);
  }
  course_->history = h;
}

// <resubmission payerClaimNumber="..."/>: the payer's number for the claim issued before.
void CourseParser::ReadResubmission(pugi::xml_node node) {
  course_->resubmission_loc = src_.Loc(node);
  ElementReader r(src_, node, diags_);
  if (auto number = r.Required("payerClaimNumber")) {
    bool ok = number->size() <= 30;
    for (char c : *number) {
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-')) {
        ok = false;
      }
    }
    if (ok) {
      course_->payer_claim_number = *number;
    } else {
      r.Error("payerClaimNumber",
              "'payerClaimNumber' must be 1 to 30 letters, digits or hyphens (the payer's claim "
              "number, as on its explanation of benefits)");
    }
  }
  r.Finish();
  CheckLeaf(src_, node, diags_);
}

}  // namespace

Course ParseCourse(const std::string& path, std::string text, Diagnostics* diags,
                   const FieldLimits* limits) {
  Course course;
  course.path = path;
  XmlSource src;
  src.set_limits(limits);
  if (!src.Parse(path, std::move(text), diags)) return course;
  pugi::xml_node root = src.doc().document_element();
  if (std::strcmp(root.name(), "course") != 0) {
    diags->push_back({src.Loc(root), std::string("expected the root element <course>, found <") +
                                         root.name() + ">"});
    return course;
  }
  CourseParser(src, &course, diags).Run(root);
  return course;
}

Course ReadCourse(const std::string& path, Diagnostics* diags, const FieldLimits* limits) {
  std::string text;
  const ReadResult read = ReadRegularFile(path, &text, kMaxCourseBytes);
  if (read != ReadResult::kOk) {
    Course course;
    course.path = path;
    const char* not_a_file = NotAFileMessage(read);
    diags->push_back({{path},
                      not_a_file ? std::string(not_a_file)
                      : read == ReadResult::kTooLarge
                          ? std::string("the course file is larger than 10 MB")
                          : std::string("cannot read: ") + std::strerror(errno)});
    return course;
  }
  return ParseCourse(path, std::move(text), diags, limits);
}

}  // namespace superbill
