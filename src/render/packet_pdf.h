// The patient packet (packet.pdf): a plain-language cover page (what is enclosed, what to
// do step by step, what the codes mean, whom to call), the reimbursement estimate when the
// course states its benefits, the letter of medical necessity when it gives a history, then
// the superbill and the CMS-1500, with packet page numbers across the whole document.
#pragma once

#include "model/claim.h"
#include "render/layout.h"
#include "render/superbill_pdf.h"

namespace superbill {

// Whether the course's history can carry a letter of medical necessity: at least one
// antidepressant trial or one symptom score (a letter is never written with blanks).
bool HasLetterHistory(const Course& course);

// Renders the packet of `claim` (which must have its clinic, course and tables). The same
// claim and layout always give the same bytes; `with_dump` false leaves the dump empty.
// Throws FatalError when the PDF library fails; the message names no patient data.
// `with_cms1500`: the CMS-1500 follows the superbill (when the run writes the form too).
PdfDocument RenderPacketPdf(const Claim& claim, const Layout& layout, bool with_dump = true,
                            bool with_cms1500 = true);

}  // namespace superbill
