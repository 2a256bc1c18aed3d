// The CMS-1500 (02/12) claim form, filled from a coded claim per the NUCC 1500 instructions:
// either the whole form on plain paper, or the data alone for the red pre-printed form
// (templates/cms1500.txt says which, and holds every position). Six service lines a form;
// more lines make further forms, each with the totals of its own lines.
#pragma once

#include <cstddef>
#include <vector>

#include "model/claim.h"
#include "model/money.h"
#include "render/layout.h"
#include "render/pdf/canvas.h"
#include "render/pdf/display.h"
#include "render/pdf/document.h"

namespace superbill {

// One form of a claim: the claim lines it carries, and the diagnoses its box 21 lists (as
// indexes into the claim's diagnoses, in the order A, B, ...).
struct Cms1500Group {
  std::vector<std::size_t> lines;
  std::vector<int> diagnoses;
  friend bool operator==(const Cms1500Group&, const Cms1500Group&) = default;
};

// Splits lines over forms. `pointers[i]` are line i's diagnosis pointers (indexes into the
// claim's `diagnosis_count` diagnoses). With at most `max_diagnoses` diagnoses, every form
// lists them all and lines go `lines_per_form` at a time. With more, lines are taken in
// order and a new form starts when a line would not fit (too many lines, or its diagnoses
// would make the form's set larger than `max_diagnoses`); each form lists only the
// diagnoses its lines point to, in the claim's order. Always at least one form.
std::vector<Cms1500Group> GroupCms1500Lines(const std::vector<std::vector<int>>& pointers,
                                            std::size_t diagnosis_count,
                                            std::size_t lines_per_form = 6,
                                            std::size_t max_diagnoses = 12);

// Box 29 of each form: what was paid, spread over the forms in order, each taking up to its
// own total; the last form takes what is left (a credit shows there).
std::vector<Money> SpreadPaid(const std::vector<Money>& form_totals, Money paid);

// Composes the forms of `claim` as pages appended to `list`, measured on `canvas` (the
// data in the canvas's mono font, captions in its regular and bold fonts). A packet puts
// them after other pages of the same list. Throws FatalError when the layout has no form
// template.
void ComposeCms1500(const Claim& claim, const Layout& layout, PdfCanvas* canvas, DisplayList* list);

// The forms of `claim` as a PDF of their own. The same claim and layout give the same bytes.
PdfDocument RenderCms1500Pdf(const Claim& claim, const Layout& layout, bool with_dump = true);

}  // namespace superbill
