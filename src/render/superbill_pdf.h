// The superbill: the itemized statement a patient sends to their insurer to be reimbursed
// for out-of-network care, rendered from a coded claim as a PDF.
#pragma once

#include <string>

#include "model/claim.h"
#include "render/layout.h"
#include "render/pdf/canvas.h"
#include "render/pdf/display.h"
#include "render/pdf/document.h"

namespace superbill {

// Renders the superbill of `claim` (which must have its clinic and course). The same claim
// and layout always give the same bytes. `with_dump` false leaves PdfDocument::dump empty
// (a batch has no use for it). Throws FatalError when the PDF library fails; the message
// names no patient data.
PdfDocument RenderSuperbillPdf(const Claim& claim, const Layout& layout, bool with_dump = true);

// Lays out every page of the superbill on `canvas` (its fonts decide the widths) into
// `list`, with the superbill's own footer and "Page N of M". When a text needs more than
// the standard fonts and `canvas` has only those, it stops early: the caller lays out again
// on a TrueType canvas. The patient packet composes it as one of its enclosures.
void ComposeSuperbill(const Claim& claim, const Layout& layout, PdfCanvas* canvas,
                      DisplayList* list);

}  // namespace superbill
