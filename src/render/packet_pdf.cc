#include "render/packet_pdf.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coding/estimate.h"
#include "common/diagnostic.h"
#include "render/cms1500_pdf.h"
#include "render/formatting.h"
#include "render/pdf/canvas.h"
#include "render/pdf/display.h"
#include "render/pdf/flow.h"

namespace superbill {

bool HasLetterHistory(const Course& course) {
  return course.history && (!course.history->trials.empty() || !course.history->scores.empty());
}

namespace {

// What every enclosure reads.
struct Packet {
  const Claim& claim;
  const Layout& layout;
  const Texts& texts;   // cover and estimate: packet.<language>.txt of the patient
  const Texts& letter;  // the letter: letter.en.txt
  const Texts& words;   // the superbill's texts in the patient's language (dates, currency)
  const Texts& english;
  std::optional<Estimate> estimate;
};

// An enclosure's line on the cover and the packet page it starts on (1-based).
struct Enclosed {
  const char* key;
  int first_page = 0;
};

// An enclosure: composes its pages into `list` on the packet's canvas. The cover gets the
// list of enclosures with their first pages; the others ignore it.
struct Enclosure {
  const char* key;  // its line on the cover ("cover.enclosed.superbill")
  std::function<void(const Packet&, const std::vector<Enclosed>&, PdfCanvas*, DisplayList*)>
      compose;
};

// A heading over a table made at the section's width.
class TableSection : public Section {
 public:
  TableSection(std::string_view heading, std::function<Table(double)> make)
      : make_(std::move(make)) {
    title = Label{heading, {}};
  }
  Table MakeTable(double width) override { return make_(width); }

 private:
  std::function<Table(double)> make_;
};

// The packet's own pages: the layout's geometry with larger type (patients read them).
FlowStyle PacketStyle(const Layout& layout) {
  FlowStyle s = FlowStyleFor(layout);
  s.size_body = layout.packet_size_body;
  s.size_heading = layout.packet_size_body + 2;
  s.size_small = std::max(layout.size_small, layout.packet_size_body - 1);
  s.max_cell_lines = 40;
  return s;
}

// Writes the pages of one enclosure, section after section, down the pages.
class PageWriter {
 public:
  PageWriter(const Layout& layout, const Texts& words, PdfCanvas* canvas, DisplayList* list)
      : style_(PacketStyle(layout)),
        flow_texts_{Label{words.Get("continued"), {}}, Label{words.Get("continued_next"), {}}},
        c_(style_, flow_texts_, canvas, list) {}

  Composer& c() { return c_; }
  const FlowStyle& style() const { return style_; }
  std::string_view Keep(std::string_view text) { return c_.Keep(text); }

  // A full-width section at the cursor (on a new page when it starts too low), running onto
  // further pages.
  void Add(std::string_view heading, std::function<Table(double)> make) {
    sections_.push_back(std::make_unique<TableSection>(heading, std::move(make)));
    c_.PlaceRow({sections_.back().get()});
  }
  void AddSection(std::unique_ptr<Section> s) {
    sections_.push_back(std::move(s));
    c_.PlaceRow({sections_.back().get()});
  }
  // Paragraphs, one a row, in `style` at `size` (0: the body size).
  void Paragraphs(std::string_view heading, std::vector<std::string_view> paragraphs,
                  FontStyle style = FontStyle::kRegular, double size = 0) {
    Add(heading, [paragraphs, style, size](double width) {
      Table t;
      t.widths = {width};
      for (std::string_view p : paragraphs) t.rows.push_back({{Cell(p, style, 'l', size)}});
      return t;
    });
  }
  // A numbered list ("1." beside each item), or a bulleted one when `bullets` is set.
  void List(std::string_view heading, const std::vector<std::string_view>& items,
            bool bullets = false) {
    std::vector<std::string_view> marks;
    for (std::size_t i = 0; i < items.size(); ++i) {
      marks.push_back(bullets ? std::string_view("\xC2\xB7") : Keep(std::to_string(i + 1) + "."));
    }
    const double mark_width = 2.2 * style_.size_body;
    Add(heading, [items, marks, mark_width](double width) {
      Table t;
      t.widths = {mark_width, width - mark_width};
      for (std::size_t i = 0; i < items.size(); ++i) {
        t.rows.push_back({{Cell(marks[i], FontStyle::kBold, 'r'), Cell(items[i])}});
      }
      return t;
    });
  }

 private:
  const FlowStyle style_;
  const FlowTexts flow_texts_;
  Composer c_;
  std::vector<std::unique_ptr<Section>> sections_;
};

std::vector<std::string_view> Views(const std::vector<std::string>& texts, PageWriter* w) {
  std::vector<std::string_view> out;
  for (const auto& t : texts) out.push_back(w->Keep(t));
  return out;
}

// ---------------------------------------------------------------------------------------
// The cover page.

void ComposeCover(const Packet& p, const std::vector<Enclosed>& enclosed, PdfCanvas* canvas,
                  DisplayList* list) {
  const Claim& claim = p.claim;
  const Clinic& clinic = *claim.clinic;
  const Course& course = *claim.course;
  const Texts& t = p.texts;
  PageWriter w(p.layout, p.words, canvas, list);
  const std::string date = FormatDate(claim.statement_date, p.words.Get("date_format"));

  w.c().SetRunningHeader(t.Get("cover.title"));
  const bool medicare = course.coverage.plan == Plan::kMedicare;
  w.Paragraphs({}, {w.Keep(t.Get("cover.title"))}, FontStyle::kBold, p.layout.packet_size_title);
  const std::string_view from = w.Keep(Fill(t.Get("cover.from"), {{"clinic", clinic.name}}));
  const std::string_view prepared =
      w.Keep(Fill(t.Get("cover.for"), {{"patient", PersonNameNatural(course.patient)},
                                       {"statement", course.id},
                                       {"date", date},
                                       {"account", course.patient.id}}));
  const std::string_view intro = w.Keep(
      Fill(t.Get(medicare ? "cover.intro.medicare" : "cover.intro"), {{"clinic", clinic.name}}));
  w.Add({}, [from, prepared, intro](double width) {
    Table table;
    table.widths = {width};
    Cell who(from);
    who.paragraphs.push_back({prepared, FontStyle::kRegular, 0});
    table.rows.push_back({{who}});
    table.rows.push_back({{Cell(intro)}});
    return table;
  });

  // Whom to call comes early: a patient who is stuck should not have to look for it.
  std::vector<std::string_view> contact = {
      w.Keep(Fill(t.Get("cover.contact"), {{"clinic", clinic.name}, {"phone", clinic.phone}}))};
  if (!clinic.email.empty()) {
    contact.push_back(w.Keep(Fill(t.Get("cover.contact.email"), {{"email", clinic.email}})));
  }
  w.Paragraphs(w.Keep(t.Get("cover.contact.title")), contact, FontStyle::kBold);

  std::vector<std::string_view> items;
  const Provider* provider = claim.PrimaryProvider();
  const std::string provider_name = provider ? ProviderName(*provider) : clinic.name;
  for (const auto& e : enclosed) {
    items.push_back(w.Keep(
        Fill(t.Get(e.key), {{"page", std::to_string(e.first_page)}, {"provider", provider_name}})));
  }
  w.List(w.Keep(t.Get("cover.enclosed.title")), items, /*bullets=*/true);

  if (medicare) {
    w.List(w.Keep(t.Get("cover.medicare.title")), Views(t.List("medicare.step"), &w));
    w.Paragraphs({}, {w.Keep(t.Get("cover.medicare.rule"))}, FontStyle::kRegular,
                 w.style().size_small);
  } else {
    w.List(w.Keep(t.Get("cover.steps.title")), Views(t.List("commercial.step"), &w));
  }

  // The codes, each once in line order, in our own plain words; then the diagnoses.
  std::vector<std::pair<std::string_view, std::string_view>> codes;
  for (const auto& line : claim.lines) {
    if (std::none_of(codes.begin(), codes.end(),
                     [&](const auto& c) { return c.first == line.code; })) {
      codes.emplace_back(line.code, line.description);
    }
  }
  std::vector<std::pair<std::string_view, std::string_view>> diagnoses;
  for (const auto& d : claim.diagnoses) diagnoses.emplace_back(d.code, d.title);
  const double size = w.style().size_body;
  // One table: the codes, then the diagnoses, which stay together on one page.
  w.Add(w.Keep(t.Get("cover.codes.title")), [&w, &t, size, codes, diagnoses](double width) {
    Table table;
    const double code_width = std::min(width / 3, 4.0 * size + 2 * w.style().cell_padding + 8);
    table.widths = {code_width, width - code_width};
    table.rows.push_back({{Cell(t.Get("cover.codes.intro"))}});
    for (const auto& [code, label] : codes) {
      table.rows.push_back({{Cell(code, FontStyle::kBold), Cell(label)}});
    }
    if (!diagnoses.empty()) {
      Row intro({Cell(t.Get("cover.diagnoses.intro"))});
      intro.group = 1;
      table.rows.push_back(std::move(intro));
      for (const auto& [code, title] : diagnoses) {
        Row row({Cell(code, FontStyle::kBold), Cell(title)});
        row.group = 1;
        table.rows.push_back(std::move(row));
      }
    }
    return table;
  });
}

// ---------------------------------------------------------------------------------------
// The reimbursement estimate.

void ComposeEstimate(const Packet& p, const std::vector<Enclosed>&, PdfCanvas* canvas,
                     DisplayList* list) {
  const Claim& claim = p.claim;
  const Course& course = *claim.course;
  const Benefits& b = *course.benefits;
  const Estimate& e = *p.estimate;
  const Texts& t = p.texts;
  PageWriter w(p.layout, p.words, canvas, list);
  const std::string_view currency = p.words.Get("currency");
  const std::string_view date_format = p.words.Get("date_format");
  auto money = [&](Money m) { return w.Keep(FormatMoney(m, currency)); };
  auto percent = [](int n) { return std::to_string(n); };

  w.c().SetRunningHeader(t.Get("estimate.title"));
  w.Paragraphs({}, {w.Keep(t.Get("estimate.title"))}, FontStyle::kBold, p.layout.packet_size_title);
  w.Paragraphs({}, {w.Keep(t.Get("estimate.notice"))}, FontStyle::kBold);

  std::vector<std::string_view> basis;
  if (b.basis == AllowedBasis::kCharge) {
    basis.push_back(
        w.Keep(Fill(t.Get("estimate.basis.charge"), {{"percent", percent(b.allowed_percent)}})));
  } else {
    const int year = claim.tables ? claim.tables->medicare_pfs_year : 0;
    basis.push_back(
        w.Keep(Fill(t.Get("estimate.basis.medicare"),
                    {{"percent", percent(b.allowed_percent)}, {"year", std::to_string(year)}})));
  }
  basis.push_back(
      w.Keep(Fill(t.Get("estimate.benefits"), {{"deductible", money(b.deductible)},
                                               {"met", money(b.deductible_met)},
                                               {"coinsurance", percent(b.coinsurance)}})));
  if (b.oop_max) {
    basis.push_back(w.Keep(
        Fill(t.Get("estimate.oop"), {{"max", money(*b.oop_max)}, {"met", money(b.oop_met)}})));
  }
  w.Paragraphs({}, basis);

  // The lines: date, code, charge, allowed, to deductible, coinsurance, plan may pay.
  static const char* kColumns[] = {
      "estimate.date",       "estimate.code",        "estimate.charge", "estimate.allowed",
      "estimate.deductible", "estimate.coinsurance", "estimate.plan"};
  static const double kShares[] = {0.14, 0.11, 0.14, 0.14, 0.15, 0.15, 0.17};
  w.Add({}, [&](double width) {
    Table table;
    for (double share : kShares) table.widths.push_back(width * share);
    Row header;
    for (std::size_t k = 0; k < 7; ++k) {
      header.cells.emplace_back(t.Get(kColumns[k]), FontStyle::kBold, k < 2 ? 'l' : 'r');
    }
    table.header.push_back(std::move(header));
    for (const EstimateLine& l : e.lines) {
      const ClaimLine& line = claim.lines[l.line];
      Row row;
      row.cells.emplace_back(w.Keep(FormatDate(line.date, date_format)));
      row.cells.emplace_back(line.code, FontStyle::kBold);
      row.cells.emplace_back(money(l.charge), FontStyle::kRegular, 'r');
      if (!l.estimated) {
        row.cells.emplace_back(t.Get("estimate.not_estimated"), FontStyle::kRegular, 'r');
        for (int k = 0; k < 3; ++k) row.cells.emplace_back();
      } else {
        row.cells.emplace_back(money(l.allowed), FontStyle::kRegular, 'r');
        row.cells.emplace_back(money(l.deductible), FontStyle::kRegular, 'r');
        row.cells.emplace_back(money(l.coinsurance), FontStyle::kRegular, 'r');
        row.cells.emplace_back(money(l.plan_pays), FontStyle::kBold, 'r');
      }
      table.rows.push_back(std::move(row));
    }
    Row total;
    total.rule_above = true;
    total.cells.emplace_back(t.Get("estimate.total"), FontStyle::kBold);
    total.cells.emplace_back();
    total.cells.emplace_back(money(e.charges + e.not_estimated_charges), FontStyle::kBold, 'r');
    total.cells.emplace_back(money(e.allowed), FontStyle::kBold, 'r');
    total.cells.emplace_back(money(e.deductible), FontStyle::kBold, 'r');
    total.cells.emplace_back(money(e.coinsurance), FontStyle::kBold, 'r');
    total.cells.emplace_back(money(e.plan_pays), FontStyle::kBold, 'r');
    table.rows.push_back(std::move(total));
    return table;
  });

  w.Paragraphs({},
               {w.Keep(Fill(t.Get("estimate.result"),
                            {{"amount", money(e.plan_pays)},
                             {"charges", money(e.charges + e.not_estimated_charges)}}))},
               FontStyle::kBold, p.layout.packet_size_body + 3);
  std::vector<std::string_view> notes;
  if (e.not_estimated > 0) {
    notes.push_back(w.Keep(Fill(
        t.Get("estimate.not_estimated_note"),
        {{"count", std::to_string(e.not_estimated)}, {"amount", money(e.not_estimated_charges)}})));
  }
  if (e.oop_reached) notes.push_back(t.Get("estimate.oop_note"));
  if (course.coverage.plan == Plan::kMedicare) notes.push_back(t.Get("estimate.medicare"));
  if (!notes.empty()) w.Paragraphs({}, notes);
  w.List({}, Views(t.List("estimate.how"), &w), /*bullets=*/true);
}

// ---------------------------------------------------------------------------------------
// The letter of medical necessity (English).

// The clinic's name, address and phone; its logo at the right when the layout has one.
class LetterheadSection : public Section {
 public:
  LetterheadSection(const Layout& layout, std::vector<std::pair<std::string_view, double>> lines)
      : layout_(layout), lines_(std::move(lines)) {}
  bool custom() const override { return true; }
  double Draw(Composer& c, double x, double top, double width, bool draw) override {
    double logo_height = 0;
    if (!layout_.logo.empty()) {
      double pw = 0, ph = 0;
      c.canvas().ImageSize(layout_.logo, &pw, &ph);
      double h = layout_.logo_height, iw = ph > 0 ? h * pw / ph : h;
      if (iw > layout_.logo_max_width) {
        iw = layout_.logo_max_width;
        h = pw > 0 ? iw * ph / pw : h;
      }
      if (draw) c.Image(layout_.logo, x + width - iw, top - h, iw, h);
      logo_height = h;
    }
    double y = top;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const auto& [text, size] = lines_[i];
      const FontStyle style = i == 0 ? FontStyle::kBold : FontStyle::kRegular;
      if (draw) c.Text(x, c.Baseline(y, size), text, style, size);
      y -= c.Pitch(size);
    }
    const double height = std::max(top - y, logo_height) + 4;
    if (draw) c.Rule(x, top - height, x + width, top - height, layout_.heavy_rule_width);
    return height + layout_.heavy_rule_width;
  }

 private:
  const Layout& layout_;
  std::vector<std::pair<std::string_view, double>> lines_;
};

// "Sincerely,", the signature image (or room to sign), the physician's name, NPI, license.
class SignatureBlock : public Section {
 public:
  SignatureBlock(const Layout& layout, const Provider* provider,
                 std::vector<std::string_view> lines, std::string_view signoff, double size)
      : layout_(layout),
        provider_(provider),
        lines_(std::move(lines)),
        signoff_(signoff),
        size_(size) {}
  bool custom() const override { return true; }
  double Draw(Composer& c, double x, double top, double, bool draw) override {
    double y = top;
    if (draw) c.Text(x, c.Baseline(y, size_), signoff_, FontStyle::kRegular, size_);
    y -= c.Pitch(size_);
    const double room = layout_.signature_height + 6;
    if (draw && provider_ && !provider_->signature.empty()) {
      double pw = 0, ph = 0;
      c.canvas().ImageSize(provider_->signature, &pw, &ph);
      const double h = room - 4;
      const double iw = ph > 0 ? h * pw / ph : h;
      c.Image(provider_->signature, x, y - room + 2, std::min(iw, 200.0), h);
    }
    y -= room;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      if (draw) {
        c.Text(x, c.Baseline(y, size_), lines_[i], i == 0 ? FontStyle::kBold : FontStyle::kRegular,
               size_);
      }
      y -= c.Pitch(size_);
    }
    return top - y;
  }

 private:
  const Layout& layout_;
  const Provider* provider_;
  std::vector<std::string_view> lines_;
  std::string_view signoff_;
  double size_;
};

// The catalog name of a drug up to its strength: "Ketamine HCl 100 mg/mL" -> "Ketamine HCl".
std::string DrugWords(const Clinic& clinic, const std::string& id) {
  for (const auto& d : clinic.drugs) {
    if (d.id != id) continue;
    std::string name = d.name;
    const std::size_t digit = name.find_first_of("0123456789");
    if (digit != std::string::npos && digit > 0) name = name.substr(0, digit);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    return name.empty() ? d.id : name;
  }
  return id;
}

// What the treatment is called: the course's treatments, each once, in order of first use.
std::string TreatmentWords(const Claim& claim, const Texts& t) {
  std::vector<std::string> parts;
  auto add = [&](std::string part) {
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
  };
  for (const auto& visit : claim.course->visits) {
    for (const auto& s : visit.services) {
      const std::string drug = s.drug.empty() ? "" : DrugWords(*claim.clinic, s.drug);
      switch (s.kind) {
        case ServiceKind::kInfusion:
          add(Fill(t.Get("letter.treatment.infusion"), {{"drug", drug}}));
          break;
        case ServiceKind::kInjection:
          add(Fill(t.Get("letter.treatment.injection"), {{"drug", drug}}));
          break;
        case ServiceKind::kNasal:
          add(Fill(t.Get("letter.treatment.nasal"), {{"drug", drug}}));
          break;
        case ServiceKind::kBlock:
          add(t.Get("letter.treatment.block"));
          break;
        case ServiceKind::kPsychotherapy:
          add(t.Get("letter.treatment.psychotherapy"));
          break;
        default:
          break;
      }
    }
  }
  if (parts.empty()) return t.Get("letter.treatment.other");
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " " + t.Get("letter.treatment.and") + " " : ", ";
    out += parts[i];
  }
  return out;
}

// The whole number `s` (digits only, at most 6); -1 otherwise. The reader checked these
// values; a model built some other way must still not throw.
int Whole(std::string_view s) {
  if (s.empty() || s.size() > 6) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Months from "YYYY-MM[-DD]" a to b; -1 when either is not a month.
int MonthsBetween(std::string_view a, std::string_view b) {
  if (a.size() < 7 || b.size() < 7 || a[4] != '-' || b[4] != '-') return -1;
  const int ya = Whole(a.substr(0, 4)), ma = Whole(a.substr(5, 2));
  const int yb = Whole(b.substr(0, 4)), mb = Whole(b.substr(5, 2));
  if (ya < 0 || ma < 0 || yb < 0 || mb < 0) return -1;
  const int months = (yb - ya) * 12 + (mb - ma);
  return months < 0 ? -1 : months;
}

void ComposeLetter(const Packet& p, const std::vector<Enclosed>&, PdfCanvas* canvas,
                   DisplayList* list) {
  const Claim& claim = p.claim;
  const Clinic& clinic = *claim.clinic;
  const Course& course = *claim.course;
  const History& h = *course.history;
  const Texts& t = p.letter;
  const std::string_view date_format = p.english.Get("date_format");
  PageWriter w(p.layout, p.english, canvas, list);
  auto date = [&](const Date& d) { return w.Keep(FormatDate(d, date_format)); };
  const double body = w.style().size_body;
  const Provider* provider = claim.PrimaryProvider();
  const std::string patient = PersonNameNatural(course.patient);
  const std::string treatment = TreatmentWords(claim, t);
  w.c().SetRunningHeader(w.Keep(t.Get("letter.title") + " \xC2\xB7 " + patient));

  std::vector<std::pair<std::string_view, double>> head = {{clinic.name, p.layout.size_clinic}};
  for (const auto& a : AddressLines(clinic.address)) head.emplace_back(w.Keep(a), body);
  head.emplace_back(w.Keep(p.english.Get("clinic.phone") + ": " + clinic.phone +
                           (clinic.email.empty() ? "" : " \xC2\xB7 " + clinic.email)),
                    body);
  w.AddSection(std::make_unique<LetterheadSection>(p.layout, head));

  std::string re = Fill(t.Get("letter.re"), {{"patient", patient},
                                             {"birth_date", date(course.patient.birth_date)},
                                             {"member_id", course.coverage.member_id}});
  if (!course.coverage.group.empty()) {
    re += ", " + Fill(t.Get("letter.group"), {{"group", course.coverage.group}});
  }
  w.Paragraphs({},
               {date(claim.statement_date),
                w.Keep(Fill(t.Get("letter.to"), {{"payer", course.coverage.payer}})), w.Keep(re)});
  w.Paragraphs(w.Keep(t.Get("letter.title")),
               {t.Get("letter.salutation"),
                w.Keep(Fill(t.Get("letter.opening"), {{"patient", patient},
                                                      {"treatment", treatment},
                                                      {"clinic", clinic.name},
                                                      {"first", date(claim.FirstDate())},
                                                      {"last", date(claim.LastDate())}}))});

  w.Add(t.Get("letter.diagnoses"), [&](double width) {
    Table table;
    const double code_width = std::min(width / 3, 5.0 * body);
    table.widths = {code_width, width - code_width};
    for (const auto& d : claim.diagnoses) {
      table.rows.push_back({{Cell(d.code, FontStyle::kBold), Cell(d.title)}});
    }
    return table;
  });

  if (h.trials.empty()) {
    w.Paragraphs({}, {t.Get("letter.trials.none")});
  } else {
    w.Paragraphs({}, {t.Get("letter.trials.intro")});
    w.Add({}, [&](double width) {
      Table table;
      table.widths = {width * 0.27, width * 0.18, width * 0.30, width * 0.25};
      Row header;
      for (const char* k : {"letter.trials.drug", "letter.trials.dose", "letter.trials.dates",
                            "letter.trials.outcome"}) {
        header.cells.emplace_back(t.Get(k), FontStyle::kBold);
      }
      table.header.push_back(std::move(header));
      for (const Trial& trial : h.trials) {
        std::string dates;
        const int months = MonthsBetween(trial.start, trial.end);
        if (!trial.start.empty() && !trial.end.empty() && months >= 0) {
          dates = Fill(
              t.Get("letter.trials.span"),
              {{"start", trial.start}, {"end", trial.end}, {"months", std::to_string(months)}});
        } else if (!trial.start.empty()) {
          dates = Fill(t.Get("letter.trials.from"), {{"start", trial.start}});
        } else if (!trial.end.empty()) {
          dates = Fill(t.Get("letter.trials.until"), {{"end", trial.end}});
        } else {
          dates = t.Get("letter.trials.undated");
        }
        table.rows.push_back({{Cell(trial.drug, FontStyle::kBold), Cell(trial.dose),
                               Cell(w.Keep(dates)), Cell(trial.outcome)}});
      }
      return table;
    });
  }

  if (!h.therapies.empty()) {
    std::vector<std::string_view> items;
    for (const auto& th : h.therapies) {
      std::string item = Fill(t.Get("letter.therapies.item"), {{"kind", th.kind}});
      if (!th.start.empty() || !th.end.empty()) {
        item += ", " + (th.start.empty() ? Fill(t.Get("letter.trials.until"), {{"end", th.end}})
                        : th.end.empty() ? Fill(t.Get("letter.trials.from"), {{"start", th.start}})
                                         : th.start + " \xE2\x80\x93 " + th.end);
      }
      if (th.sessions) {
        item += ", " + Fill(t.Get("letter.therapies.sessions"),
                            {{"sessions", std::to_string(*th.sessions)}});
      }
      items.push_back(w.Keep(item));
    }
    w.Paragraphs({}, {t.Get("letter.therapies.intro")});
    w.List({}, items, /*bullets=*/true);
  }

  if (!h.scores.empty()) {
    // Per instrument (in order of first mention): the last score on or before the first
    // date of service, and the last one after it.
    const Date first = claim.lines.empty() ? Date{} : claim.FirstDate();
    std::vector<std::string_view> instruments;  // views of the course's own strings
    for (const auto& s : h.scores) {
      if (std::find(instruments.begin(), instruments.end(), s.instrument) == instruments.end()) {
        instruments.push_back(s.instrument);
      }
    }
    w.Paragraphs({}, {t.Get("letter.scores.intro")});
    w.Add({}, [&](double width) {
      Table table;
      table.widths = {width * 0.2, width * 0.28, width * 0.28, width * 0.24};
      Row header;
      for (const char* k : {"letter.scores.instrument", "letter.scores.before",
                            "letter.scores.during", "letter.scores.change"}) {
        header.cells.emplace_back(t.Get(k), FontStyle::kBold);
      }
      table.header.push_back(std::move(header));
      for (std::string_view name : instruments) {
        const Score *before = nullptr, *during = nullptr;
        for (const auto& s : h.scores) {
          if (s.instrument != name) continue;
          const Score*& slot = s.date <= first ? before : during;
          if (!slot || !(s.date < slot->date)) slot = &s;
        }
        auto cell = [&](const Score* s) {
          if (!s) return Cell(t.Get("letter.scores.not_measured"));
          return Cell(w.Keep(
              Fill(t.Get("letter.scores.value"), {{"value", s->value}, {"date", date(s->date)}})));
        };
        std::string change = "\xE2\x80\x94";
        const int a = before ? Whole(before->value) : -1;
        const int b = during ? Whole(during->value) : -1;
        if (a >= 0 && b >= 0) {
          change = (b - a > 0 ? "+" : "") + std::to_string(b - a);
          if (a > 0)
            change +=
                " (" + std::string(b - a > 0 ? "+" : "") + std::to_string((b - a) * 100 / a) + "%)";
        }
        table.rows.push_back(
            {{Cell(name, FontStyle::kBold), cell(before), cell(during), Cell(w.Keep(change))}});
      }
      return table;
    });
  }

  const std::string necessity =
      h.trials.size() >= 2
          ? Fill(t.Get("letter.necessity"),
                 {{"treatment", treatment}, {"trials", std::to_string(h.trials.size())}})
          : Fill(t.Get("letter.necessity.other"), {{"treatment", treatment}});
  w.Paragraphs(
      {}, {w.Keep(necessity), w.Keep(Fill(t.Get("letter.closing"), {{"phone", clinic.phone}}))});

  std::vector<std::string_view> sign;
  if (provider) {
    sign.push_back(w.Keep(ProviderName(*provider)));
    sign.push_back(w.Keep(Fill(t.Get("letter.npi"), {{"npi", provider->npi}})));
    if (!provider->license.empty()) {
      sign.push_back(w.Keep(Fill(t.Get("letter.license"), {{"license", provider->license}})));
    }
  }
  sign.push_back(clinic.name);
  w.AddSection(
      std::make_unique<SignatureBlock>(p.layout, provider, sign, t.Get("letter.signoff"), body));
}

// ---------------------------------------------------------------------------------------
// The packet.

// Composes every enclosure, cover first; false when a text needs the TrueType fonts and
// `canvas` has only the standard ones.
bool ComposePacket(const Packet& p, const std::vector<Enclosure>& enclosures, PdfCanvas* canvas,
                   std::vector<std::unique_ptr<DisplayList>>* lists) {
  auto stop = [&] { return !canvas->unicode() && canvas->needs_unicode(); };
  lists->clear();
  lists->resize(enclosures.size());
  // Everything after the cover first: the cover lists the page each one starts on.
  for (std::size_t i = 1; i < enclosures.size(); ++i) {
    (*lists)[i] = std::make_unique<DisplayList>();
    enclosures[i].compose(p, {}, canvas, (*lists)[i].get());
    if (stop()) return false;
  }
  std::size_t cover_pages = 1;
  for (int attempt = 0; attempt < 3; ++attempt) {
    std::vector<Enclosed> enclosed;
    int page = 1;
    for (std::size_t i = 0; i < enclosures.size(); ++i) {
      enclosed.push_back({enclosures[i].key, page});
      page += static_cast<int>(i == 0 ? cover_pages : (*lists)[i]->pages.size());
    }
    (*lists)[0] = std::make_unique<DisplayList>();
    enclosures[0].compose(p, enclosed, canvas, (*lists)[0].get());
    if (stop()) return false;
    if ((*lists)[0]->pages.size() == cover_pages) break;
    cover_pages = (*lists)[0]->pages.size();
  }
  return true;
}

}  // namespace

PdfDocument RenderPacketPdf(const Claim& claim, const Layout& layout, bool with_dump,
                            bool with_cms1500) {
  const Course& course = *claim.course;
  Packet packet{claim,
                layout,
                layout.PacketTextsFor(course.patient.language),
                layout.letter_texts,
                layout.TextsFor(course.patient.language),
                layout.TextsFor("en"),
                std::nullopt};
  static const std::map<std::string, Money> kNoFees;
  if (course.benefits) {
    packet.estimate = EstimateReimbursement(claim.lines, *course.benefits,
                                            claim.tables ? claim.tables->medicare_pfs : kNoFees);
  }

  // The enclosures in packet order.
  std::vector<Enclosure> enclosures = {{"cover.enclosed.cover", ComposeCover}};
  if (packet.estimate) enclosures.push_back({"cover.enclosed.estimate", ComposeEstimate});
  if (HasLetterHistory(course)) enclosures.push_back({"cover.enclosed.letter", ComposeLetter});
  enclosures.push_back(
      {"cover.enclosed.superbill",
       [](const Packet& p, const std::vector<Enclosed>&, PdfCanvas* canvas, DisplayList* list) {
         ComposeSuperbill(p.claim, p.layout, canvas, list);
       }});
  if (with_cms1500) {
    enclosures.push_back(
        {"cover.enclosed.cms1500",
         [](const Packet& p, const std::vector<Enclosed>&, PdfCanvas* canvas, DisplayList* list) {
           ComposeCms1500(p.claim, p.layout, canvas, list);
         }});
  }

  const CanvasFonts fonts = CanvasFontsOf(layout);
  // With the standard fonts first; again with the embedded TrueType fonts when some text
  // needs more than Windows-1252 (widths differ, so everything is laid out again).
  auto canvas = std::make_unique<PdfCanvas>(fonts, layout.unicode_always);
  std::vector<std::unique_ptr<DisplayList>> lists;
  if (!ComposePacket(packet, enclosures, canvas.get(), &lists)) {
    canvas = std::make_unique<PdfCanvas>(fonts, true);
    ComposePacket(packet, enclosures, canvas.get(), &lists);
  }

  // One display list of every enclosure's pages (their texts stay in their own lists'
  // arenas), each page numbered in the top right corner, clear of the superbill's footer.
  DisplayList all;
  all.page_width = layout.page_width;
  all.page_height = layout.page_height;
  for (const auto& l : lists) {
    for (const auto& page : l->pages) all.pages.push_back(page);
  }
  const Texts& texts = packet.texts;
  const double size = layout.size_small;
  const std::string m = std::to_string(all.pages.size());
  for (std::size_t i = 0; i < all.pages.size(); ++i) {
    DrawOp op;
    op.text =
        all.arena.Add(Fill(texts.Get("packet.page_of"), {{"n", std::to_string(i + 1)}, {"m", m}}));
    op.style = FontStyle::kRegular;
    op.size = size;
    op.width = canvas->TextWidth(op.text, op.style, size);
    op.x = layout.page_width - layout.margin_right - op.width;
    op.y = layout.page_height - layout.margin_top / 2 - 0.3 * size;
    all.pages[i].push_back(op);
  }

  PdfDocument doc;
  doc.pages = static_cast<int>(all.pages.size());
  doc.unicode_font = canvas->unicode();
  DrawPages(all, canvas.get(), with_dump ? &doc.dump : nullptr);
  CanvasInfo info;
  info.title = "Insurance claim packet " + course.id;
  info.author = claim.clinic->name;
  info.creator = "superbill";
  info.year = claim.statement_date.year;
  info.month = claim.statement_date.month;
  info.day = claim.statement_date.day;
  canvas->SetInfo(info);
  doc.bytes = canvas->Save();
  return doc;
}

}  // namespace superbill
