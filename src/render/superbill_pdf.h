// The superbill: the itemized statement a patient sends to their insurer to be reimbursed
// for out-of-network care, rendered from a coded claim as a PDF.
#pragma once

#include <string>

#include "model/claim.h"
#include "render/layout.h"
#include "render/pdf/document.h"

namespace superbill {

// Renders the superbill of `claim` (which must have its clinic and course). The same claim
// and layout always give the same bytes. `with_dump` false leaves PdfDocument::dump empty
// (a batch has no use for it). Throws FatalError when the PDF library fails; the message
// names no patient data.
PdfDocument RenderSuperbillPdf(const Claim& claim, const Layout& layout, bool with_dump = true);

}  // namespace superbill
