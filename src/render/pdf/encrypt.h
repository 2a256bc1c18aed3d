// Password protection of a finished PDF: AES-256 encryption (the PDF 2.0 standard security
// handler, revision 6) applied by qpdf to the bytes libharu produced. libharu itself only
// offers RC4, which PDF 2.0 deprecates.
#pragma once

#include <string>
#include <string_view>

namespace superbill {

// Returns `pdf_bytes` encrypted with AES-256 (/V 5 /R 6, the only password-based
// encryption of PDF 2.0; the file's version becomes at least 1.7 extension level 8).
//
// `user_password` opens the document (the patient's password); `owner_password` lifts the
// restrictions below and is meant to be random and kept by nobody (RandomPassword(32)).
// Both are used as given (UTF-8, at most 127 bytes, no NUL); they must be non-empty and
// differ, or anyone able to open the file would hold the owner's rights.
//
// Permissions for whoever opens the file with the user password, chosen for a statement
// the patient must print or upload and send to an insurer, whose content must stay as
// the clinic issued it:
//   allowed:     printing at full resolution; text extraction for accessibility (screen
//                readers); copying text (the patient's own data: member id, codes and
//                amounts for an insurer's web form); document assembly (inserting or
//                rotating pages, so the statement can be combined with the insurer's
//                claim form and receipts into one upload).
//   not allowed: changing the content, adding annotations, filling forms.
// These flags are advisory, honoured by conforming viewers; the protection is the
// encryption itself. Metadata streams are encrypted too.
//
// The output is not reproducible: every call draws a new file key, salts and IVs (and
// qpdf derives the /ID from the time), so two encryptions of the same bytes differ; only
// the decrypted content is stable.
//
// Throws FatalError when the input is not a sound, unencrypted PDF (qpdf's recovery of
// damaged files is off, and any qpdf warning counts as a failure) or qpdf fails; the
// message names neither password nor anything of the document's content. Prints nothing.
// Safe to call from several threads at once (each call has its own qpdf objects).
std::string EncryptPdf(std::string_view pdf_bytes, const std::string& user_password,
                       const std::string& owner_password);

}  // namespace superbill
