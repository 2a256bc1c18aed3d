#include "render/cms1500_pdf.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "model/card_name.h"
#include "render/cms1500_form.h"

namespace superbill {

std::vector<Cms1500Group> GroupCms1500Lines(const std::vector<std::vector<int>>& pointers,
                                            std::size_t diagnosis_count, std::size_t lines_per_form,
                                            std::size_t max_diagnoses) {
  std::vector<Cms1500Group> forms;
  if (lines_per_form == 0) lines_per_form = 1;
  if (diagnosis_count <= max_diagnoses) {
    std::vector<int> all;
    for (std::size_t d = 0; d < diagnosis_count; ++d) all.push_back(static_cast<int>(d));
    for (std::size_t i = 0; i < pointers.size(); ++i) {
      if (i % lines_per_form == 0) forms.push_back({{}, all});
      forms.back().lines.push_back(i);
    }
    if (forms.empty()) forms.push_back({{}, all});
    return forms;
  }
  std::set<int> current;
  for (std::size_t i = 0; i < pointers.size(); ++i) {
    std::set<int> merged = current;
    merged.insert(pointers[i].begin(), pointers[i].end());
    if (forms.empty() || forms.back().lines.size() >= lines_per_form ||
        merged.size() > max_diagnoses) {
      if (!forms.empty()) forms.back().diagnoses.assign(current.begin(), current.end());
      forms.push_back({});
      current.clear();
      merged.clear();
      merged.insert(pointers[i].begin(), pointers[i].end());
    }
    current = std::move(merged);
    forms.back().lines.push_back(i);
  }
  if (forms.empty()) forms.push_back({});
  forms.back().diagnoses.assign(current.begin(), current.end());
  return forms;
}

std::vector<Money> SpreadPaid(const std::vector<Money>& form_totals, Money paid) {
  std::vector<Money> out;
  Money left = paid.cents > 0 ? paid : Money{};
  for (std::size_t k = 0; k < form_totals.size(); ++k) {
    if (k + 1 == form_totals.size()) {
      out.push_back(left);
      break;
    }
    const Money take = std::max(Money{}, std::min(left, form_totals[k]));
    out.push_back(take);
    left = left - take;
  }
  return out;
}

namespace {

std::string Two(int v) {
  std::string s;
  s += static_cast<char>('0' + v / 10 % 10);
  s += static_cast<char>('0' + v % 10);
  return s;
}

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// Upper-case letters and digits only (the patient account number: no hyphens).
std::string Alnum(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

// "MM DD YY" (24A, 31) or the parts of "MM DD YYYY" (3, 11a).
std::string Mdy(const Date& d) { return Two(d.month) + " " + Two(d.day) + " " + Two(d.year % 100); }

// NUCC: "Last Name, First Name, Middle Initial", commas, no periods.
std::string FormName(const CardNameParts& n) {
  std::string out = n.family;
  if (!n.given.empty()) out += ", " + n.given;
  if (!n.middle.empty()) out += ", " + n.middle.substr(0, 1);
  return out;
}

// A provider's name and credentials as box 31 prints it: "MIRIAM LEE MD".
std::string SignerName(const Provider& p) {
  std::string out = CardNamePart(p.given);
  const std::string family = CardNamePart(p.family);
  if (!family.empty()) out += (out.empty() ? "" : " ") + family;
  const std::string cred = CardNamePart(p.credentials);
  if (!cred.empty()) out += " " + cred;
  return out;
}

std::string Street(const Address& a) {
  std::string s = CardNamePart(a.line1);
  const std::string l2 = CardNamePart(a.line2);
  if (!l2.empty()) s += (s.empty() ? "" : " ") + l2;
  return s;
}

// "CITY ST 12345" (boxes 32 and 33).
std::string CityLine(const Address& a) {
  std::string s = CardNamePart(a.city);
  const std::string st = CardNamePart(a.state);
  if (!st.empty()) s += (s.empty() ? "" : " ") + st;
  const std::string zip = Digits(a.postal_code);
  if (!zip.empty()) s += (s.empty() ? "" : " ") + zip;
  return s;
}

// Draws one form's boxes and values into the display list.
class FormWriter {
 public:
  FormWriter(const Cms1500Template& t, PdfCanvas* canvas, DisplayList* list)
      : t_(t), canvas_(*canvas), list_(*list) {}

  void NewPage() { list_.pages.emplace_back(); }

  // The outlines, captions and fixed texts (plain-paper mode only).
  void DrawForm() {
    // The column rules of box 24 go first, so that the shaded bands cover them.
    for (const auto& r : t_.rules) {
      if (r.vertical) Rule(r);
    }
    Flush();
    for (const auto& s : t_.shades) {
      const double y = t_.Top(s.l1) - t_.line / 2;
      Add(RuleOp(t_.X(s.c1) - t_.inset + t_.rule_width, y,
                 t_.X(s.c2 + 1) - t_.inset - t_.rule_width, y, t_.line - 2 * t_.thin_width,
                 t_.shade_gray));
    }
    for (const auto& r : t_.rules) {
      if (!r.vertical) Rule(r);
    }
    for (const auto& b : t_.boxes) Box(b);
    for (const auto& [col, line] : t_.checks) {
      const double side = t_.column * 0.95;
      const double x = t_.X(col) + (t_.column - side) / 2;
      const double y = t_.Top(line) - t_.baseline - 1.5;
      const double w = t_.thin_width * 1.5;
      Add(RuleOp(x, y, x + side, y, w));
      Add(RuleOp(x, y + side, x + side, y + side, w));
      Add(RuleOp(x, y, x, y + side, w));
      Add(RuleOp(x + side, y, x + side, y + side, w));
    }
    Flush();
    for (const auto& x : t_.texts) {
      const double y = x.on_baseline ? t_.Top(x.line) - t_.baseline : t_.Top(x.line) - x.size - 0.6;
      Text(t_.X(x.col), y, x.text, x.bold ? FontStyle::kBold : FontStyle::kRegular, x.size);
    }
  }

  // A value in field `name` (of service line `n`, 1-based, for box 24 fields), fitted to the
  // field's columns: set smaller down to the template's least size, then cut.
  void Put(std::string_view name, std::string_view value, int n = 0) {
    if (value.empty()) return;
    const FormField& f = t_.Field(name);
    double line = f.line;
    if (f.per_line) line = t_.service_first_line + t_.service_line_step * (n - 1) + f.line;
    const double room = f.cols * t_.column;
    double size = t_.data_size;
    std::string_view text = value;
    double width = canvas_.TextWidth(text, FontStyle::kMono, size);
    if (width > room) {
      size = std::max(t_.min_data_size, size * room / width);
      width = canvas_.TextWidth(text, FontStyle::kMono, size);
      while (width > room + 1e-6 && !text.empty()) {
        text.remove_suffix(1);
        width = canvas_.TextWidth(text, FontStyle::kMono, size);
      }
    }
    double x = t_.X(f.col);
    if (f.align == 'r') x += room - width;
    double y = t_.Top(line) - t_.baseline;
    if (t_.data_only) {
      x += t_.offset_x;
      y -= t_.offset_y;
    }
    DrawOp op;
    op.kind = DrawOp::Kind::kText;
    op.x = x, op.y = y, op.size = size, op.width = width, op.style = FontStyle::kMono;
    op.text = list_.arena.Add(text);
    Add(op);
  }

 private:
  static DrawOp RuleOp(double x1, double y1, double x2, double y2, double width, double gray = 0) {
    DrawOp op;
    op.kind = DrawOp::Kind::kRule;
    op.x = x1, op.y = y1, op.x2 = x2, op.y2 = y2, op.size = width, op.gray = gray;
    return op;
  }
  void Add(const DrawOp& op) {
    // Black rules wait in `segments_`: neighbouring boxes share their edges, and merging
    // the collinear pieces halves the page's rules.
    if (op.kind == DrawOp::Kind::kRule && op.gray == 0 && (op.x == op.x2 || op.y == op.y2)) {
      segments_.push_back(op);
    } else {
      list_.pages.back().push_back(op);
    }
  }

  // Draws the waiting rules, each run of touching or overlapping collinear pieces of one
  // width as one rule: horizontal ones by height, then vertical ones by position.
  void Flush() {
    auto& page = list_.pages.back();
    for (const bool vertical : {false, true}) {
      std::vector<DrawOp> v;
      for (DrawOp op : segments_) {
        const bool is_vertical = op.x == op.x2 && op.y != op.y2;
        if (is_vertical != vertical) continue;
        if (vertical && op.y > op.y2) std::swap(op.y, op.y2);
        if (!vertical && op.x > op.x2) std::swap(op.x, op.x2);
        v.push_back(op);
      }
      auto key = [vertical](const DrawOp& o) {
        return vertical ? std::make_tuple(o.x, o.size, o.y) : std::make_tuple(o.y, o.size, o.x);
      };
      std::sort(v.begin(), v.end(),
                [&](const DrawOp& a, const DrawOp& b) { return key(a) < key(b); });
      for (std::size_t i = 0; i < v.size();) {
        DrawOp run = v[i++];
        while (i < v.size()) {
          const DrawOp& n = v[i];
          const bool same_line = vertical ? n.x == run.x : n.y == run.y;
          const double start = vertical ? n.y : n.x, end = vertical ? run.y2 : run.x2;
          if (!same_line || n.size != run.size || start > end + 0.01) break;
          if (vertical) {
            run.y2 = std::max(run.y2, n.y2);
          } else {
            run.x2 = std::max(run.x2, n.x2);
          }
          ++i;
        }
        page.push_back(run);
      }
    }
    segments_.clear();
  }

  void Rule(const FormRule& r) {
    const double w = r.thin ? t_.thin_width : t_.rule_width;
    if (r.vertical) {
      const double x = t_.X(r.c1) - t_.inset;
      Add(RuleOp(x, t_.Top(r.l1), x, t_.Top(r.l2 + 1), w));
    } else {
      const double y = t_.Top(r.l1);
      Add(RuleOp(t_.X(r.c1) - t_.inset, y, t_.X(r.c2 + 1) - t_.inset, y, w));
    }
  }

  void Text(double x, double y, std::string_view text, FontStyle style, double size) {
    if (text.empty()) return;
    DrawOp op;
    op.kind = DrawOp::Kind::kText;
    op.x = x, op.y = y, op.size = size, op.style = style, op.text = text;
    op.width = canvas_.TextWidth(text, style, size);
    Add(op);
  }

  void Box(const FormBox& b) {
    const double left = t_.X(b.c1) - t_.inset, right = t_.X(b.c2 + 1) - t_.inset;
    const double top = t_.Top(b.l1), bottom = t_.Top(b.l2 + 1);
    const double w = t_.rule_width;
    Add(RuleOp(left, top, right, top, w));
    Add(RuleOp(left, bottom, right, bottom, w));
    Add(RuleOp(left, top, left, bottom, w));
    Add(RuleOp(right, top, right, bottom, w));
    double x = left + 1.2;
    const double room = right - left - 2.4;
    double y = top - t_.number_size - 0.5;
    if (!b.number.empty()) {
      const std::string_view number = list_.arena.Add(b.number, ".");
      Text(x, y, number, FontStyle::kBold, t_.number_size);
      x += canvas_.TextWidth(number, FontStyle::kBold, t_.number_size) + 1.5;
    }
    for (std::size_t k = 0; k < b.caption.size(); ++k) {
      if (k > 0) {
        x = left + 1.2;
        y -= t_.caption_size * 1.12;
      }
      const std::string& line = b.caption[k];
      const double avail = room - (x - left - 1.2);
      double size = t_.caption_size;
      const double width = canvas_.TextWidth(line, FontStyle::kRegular, size);
      if (width > avail && width > 0) size *= avail / width;
      Text(x, y, line, FontStyle::kRegular, size);
    }
  }

  const Cms1500Template& t_;
  PdfCanvas& canvas_;
  DisplayList& list_;
  std::vector<DrawOp> segments_;
};

// Dollars and cents as the form's split amount columns take them: "1250", "00".
void PutAmount(FormWriter& w, std::string_view prefix, Money m, int n = 0) {
  const std::int64_t c = m.cents < 0 ? -m.cents : m.cents;
  std::string dollars = std::to_string(c / 100);
  if (m.cents < 0) dollars = "-" + dollars;
  const std::string cents = Two(static_cast<int>(c % 100));
  w.Put(std::string(prefix) + ".dollars", dollars, n);
  w.Put(std::string(prefix) + ".cents", cents, n);
}

void PutPhone(FormWriter& w, std::string_view box, const std::string& phone) {
  const std::string d = Digits(phone);
  if (d.size() == 10) {
    w.Put(std::string(box) + ".area", d.substr(0, 3));
    w.Put(std::string(box) + ".phone", d.substr(3));
  } else if (d.size() == 11 && d[0] == '1') {
    w.Put(std::string(box) + ".area", d.substr(1, 3));
    w.Put(std::string(box) + ".phone", d.substr(4));
  } else {
    w.Put(std::string(box) + ".phone", d);
  }
}

void PutPerson(FormWriter& w, const Person& p, std::string_view name_box,
               std::string_view address_box, std::string_view dob_box) {
  w.Put(name_box, FormName(CardNameOf(p).name));
  const std::string a(address_box);
  w.Put(a + ".street", Street(p.address));
  w.Put(a + ".city", CardNamePart(p.address.city));
  w.Put(a + ".state", CardNamePart(p.address.state));
  w.Put(a + ".zip", Digits(p.address.postal_code));
  PutPhone(w, address_box, p.phone);
  const std::string b(dob_box);
  if (p.birth_date.year > 0) {
    w.Put(b + ".mm", Two(p.birth_date.month));
    w.Put(b + ".dd", Two(p.birth_date.day));
    w.Put(b + ".yy", std::to_string(p.birth_date.year));
  }
  if (p.sex == "M") w.Put(b + ".m", "X");
  if (p.sex == "F") w.Put(b + ".f", "X");
}

}  // namespace

void ComposeCms1500(const Claim& claim, const Layout& layout, PdfCanvas* canvas,
                    DisplayList* list) {
  if (!layout.cms1500) throw FatalError("no CMS-1500 form template is loaded (cms1500.txt)");
  const Cms1500Template& t = *layout.cms1500;
  const Clinic& clinic = *claim.clinic;
  const Course& course = *claim.course;
  const Coverage& cov = course.coverage;
  if (list->pages.empty()) {
    list->page_width = t.page_width;
    list->page_height = t.page_height;
  }

  std::vector<std::vector<int>> pointers;
  pointers.reserve(claim.lines.size());
  for (const auto& l : claim.lines) pointers.push_back(l.dx);
  const std::size_t per_form = static_cast<std::size_t>(t.service_lines);
  const std::vector<Cms1500Group> groups =
      GroupCms1500Lines(pointers, claim.diagnoses.size(), per_form);
  std::vector<Money> totals;
  for (const auto& g : groups) {
    Money sum;
    for (std::size_t i : g.lines) sum += claim.lines[i].charge;
    totals.push_back(sum);
  }
  const std::vector<Money> paid = SpreadPaid(totals, claim.paid);

  const Person* insured = &course.patient;
  if (cov.relationship != Relationship::kSelf && cov.subscriber) insured = &*cov.subscriber;
  const Provider* signer = claim.PrimaryProvider();
  static const char* const kLetters[] = {"a", "b", "c", "d", "e", "f",
                                         "g", "h", "i", "j", "k", "l"};

  FormWriter w(t, canvas, list);
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const Cms1500Group& g = groups[k];
    w.NewPage();
    if (!t.data_only) w.DrawForm();

    w.Put("carrier.name", CardNamePart(cov.payer));
    w.Put(cov.plan == Plan::kMedicare ? "1.medicare" : "1.group", "X");
    w.Put("1a", Alnum(cov.member_id));
    PutPerson(w, course.patient, "2", "5", "3");
    switch (cov.relationship) {
      case Relationship::kSelf:
        w.Put("6.self", "X");
        break;
      case Relationship::kSpouse:
        w.Put("6.spouse", "X");
        break;
      case Relationship::kChild:
        w.Put("6.child", "X");
        break;
      case Relationship::kOther:
        w.Put("6.other", "X");
        break;
    }
    PutPerson(w, *insured, "4", "7", "11a");
    // The condition is not related to employment or an accident (10a-10c must be answered).
    w.Put("10a.no", "X");
    w.Put("10b.no", "X");
    w.Put("10c.no", "X");
    std::string group = Alnum(cov.group);
    if (group.empty() && cov.plan == Plan::kMedicare) group = "NONE";
    w.Put("11", group);
    w.Put("11c", CardNamePart(cov.payer));
    w.Put("11d.no", "X");
    // A clinic that holds the patient's signed authorization files for them: "signature on
    // file" in 12 (release) and 13 (benefits paid to the clinic). A self-pay patient who
    // files alone signs 12 themselves, and 13 stays empty so that the insurer pays them.
    if (clinic.assignment.benefits_assigned) {
      w.Put("12.signed", "SIGNATURE ON FILE");
      w.Put("13.signed", "SIGNATURE ON FILE");
    }
    if (groups.size() > 1) {
      w.Put("19", "PAGE " + std::to_string(k + 1) + " OF " + std::to_string(groups.size()));
    }

    w.Put("21.ind", "0");
    std::map<int, int> letter_of;  // claim diagnosis -> position on this form
    for (std::size_t d = 0; d < g.diagnoses.size() && d < 12; ++d) {
      const int index = g.diagnoses[d];
      letter_of[index] = static_cast<int>(d);
      std::string code;
      for (char c : claim.diagnoses[static_cast<std::size_t>(index)].code) {
        if (c != '.') code += c;
      }
      w.Put(std::string("21.") + kLetters[d], code);
    }
    if (claim.resubmission.kind != Resubmission::Kind::kOriginal) {
      w.Put("22.code", std::to_string(claim.resubmission.FrequencyCode()));
      w.Put("22.ref", Alnum(claim.resubmission.original_reference));
    }

    for (std::size_t j = 0; j < g.lines.size(); ++j) {
      const ClaimLine& l = claim.lines[g.lines[j]];
      const int n = static_cast<int>(j) + 1;
      if (l.is_drug()) {
        w.Put("24.supp", "N4" + l.ndc11 + "   " + l.ndc_unit + l.ndc_qty, n);
      }
      w.Put("24a.from", Mdy(l.date), n);
      w.Put("24a.to", Mdy(l.date), n);
      w.Put("24b", l.pos, n);
      w.Put("24d", l.code, n);
      static const char* const kMods[] = {"24d.mod1", "24d.mod2", "24d.mod3", "24d.mod4"};
      for (std::size_t m = 0; m < l.modifiers.size() && m < 4; ++m) {
        w.Put(kMods[m], l.modifiers[m], n);
      }
      std::string letters;
      for (int p : l.dx) {
        auto it = letter_of.find(p);
        if (it != letter_of.end() && letters.size() < 4)
          letters += static_cast<char>('A' + it->second);
      }
      w.Put("24e", letters, n);
      PutAmount(w, "24f", l.charge, n);
      w.Put("24g", std::to_string(l.units), n);
      if (l.provider) w.Put("24j", l.provider->npi, n);
    }

    w.Put("25", Digits(clinic.tax_id));
    w.Put("25.ein", "X");
    w.Put("26", Alnum(course.patient.id));
    w.Put(clinic.assignment.accept_assignment ? "27.yes" : "27.no", "X");
    PutAmount(w, "28", totals[k]);
    PutAmount(w, "29", paid[k]);

    if (signer) w.Put("31.name", SignerName(*signer));
    w.Put("31.date", Mdy(claim.statement_date));
    w.Put("32.name", CardNamePart(clinic.name));
    w.Put("32.street", Street(clinic.address));
    w.Put("32.city", CityLine(clinic.address));
    w.Put("32a", clinic.npi);
    PutPhone(w, "33", clinic.phone);
    w.Put("33.name", CardNamePart(clinic.name));
    w.Put("33.street", Street(clinic.address));
    w.Put("33.city", CityLine(clinic.address));
    // The billing provider: the clinic's Type 2 NPI, else (a solo practice) the provider's.
    const std::string& billing_npi = !clinic.npi.empty() ? clinic.npi
                                     : signer            ? signer->npi
                                                         : clinic.npi;
    w.Put("33a", billing_npi);
    const std::string& taxonomy = !clinic.taxonomy.empty() ? clinic.taxonomy
                                  : signer                 ? signer->taxonomy
                                                           : clinic.taxonomy;
    if (!taxonomy.empty()) w.Put("33b", "ZZ" + taxonomy);
  }
}

PdfDocument RenderCms1500Pdf(const Claim& claim, const Layout& layout, bool with_dump) {
  CanvasInfo info;
  info.title = "CMS-1500 " + claim.course->id;
  info.author = claim.clinic->name;
  info.creator = "superbill";
  info.year = claim.statement_date.year;
  info.month = claim.statement_date.month;
  info.day = claim.statement_date.day;
  return RenderPdf(
      CanvasFontsOf(layout), false,
      [&](PdfCanvas* canvas, DisplayList* list) { ComposeCms1500(claim, layout, canvas, list); },
      info, with_dump);
}

}  // namespace superbill
