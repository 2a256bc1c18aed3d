#include "render/pdf/encrypt.h"

// Only qpdf 11's std::shared_ptr API, none of the old PointerHolder (silences its #warning).
#define POINTERHOLDER_TRANSITION 4

#include <qpdf/Constants.h>

#include <exception>
#include <memory>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFLogger.hh>
#include <qpdf/QPDFWriter.hh>

#include "common/diagnostic.h"

namespace superbill {
namespace {

[[noreturn]] void Fail(const std::string& why) {
  throw FatalError("cannot encrypt the superbill PDF: " + why);
}

// What went wrong, in words. qpdf's own message is not passed on: it may quote bytes of the
// document, and the document is a patient's.
std::string Describe(const QPDFExc& e) {
  std::string kind;
  switch (e.getErrorCode()) {
    case qpdf_e_damaged_pdf:
      kind = "the PDF is damaged";
      break;
    case qpdf_e_password:
      kind = "the PDF is already encrypted";
      break;
    case qpdf_e_unsupported:
      kind = "the PDF uses a feature qpdf does not support";
      break;
    case qpdf_e_pages:
      kind = "the PDF's page tree is broken";
      break;
    case qpdf_e_object:
      kind = "the PDF has an object of the wrong type";
      break;
    case qpdf_e_system:
      kind = "qpdf had a system error";
      break;
    default:
      kind = "qpdf failed (error code " + std::to_string(e.getErrorCode()) + ")";
      break;
  }
  if (e.getFilePosition() > 0) kind += " near byte " + std::to_string(e.getFilePosition());
  return kind;
}

void CheckPassword(const std::string& password, const char* which) {
  if (password.empty()) Fail(std::string("the ") + which + " password is empty");
  // qpdf takes C strings, and revision 6 uses only the first 127 bytes.
  if (password.find('\0') != std::string::npos) {
    Fail(std::string("the ") + which + " password contains a NUL byte");
  }
  if (password.size() > 127) Fail(std::string("the ") + which + " password is over 127 bytes");
}

}  // namespace

std::string EncryptPdf(std::string_view pdf_bytes, const std::string& user_password,
                       const std::string& owner_password) {
  CheckPassword(user_password, "user");
  CheckPassword(owner_password, "owner");
  if (user_password == owner_password) Fail("the owner password equals the user password");
  try {
    QPDF pdf;
    // A logger of this document alone, writing nowhere: nothing reaches stdout or stderr,
    // and concurrent calls share no logger.
    auto logger = QPDFLogger::create();
    logger->setInfo(logger->discard());
    logger->setWarn(logger->discard());
    logger->setError(logger->discard());
    pdf.setLogger(logger);
    pdf.setSuppressWarnings(true);
    // libharu's output is well formed: a file qpdf would have to repair is a bug to
    // report, not something to encrypt as if it were fine.
    pdf.setAttemptRecovery(false);
    pdf.processMemoryFile("superbill.pdf", pdf_bytes.data(), pdf_bytes.size());
    if (pdf.isEncrypted()) Fail("the PDF is already encrypted");

    QPDFWriter writer(pdf);
    writer.setOutputMemory();
    writer.setR6EncryptionParameters(user_password.c_str(), owner_password.c_str(),
                                     /*allow_accessibility=*/true,
                                     /*allow_extract=*/true,
                                     /*allow_assemble=*/true,
                                     /*allow_annotate_and_form=*/false,
                                     /*allow_form_filling=*/false,
                                     /*allow_modify_other=*/false, qpdf_r3p_full,
                                     /*encrypt_metadata_aes=*/true);
    writer.write();
    if (pdf.anyWarnings()) {
      Fail("the PDF has " + std::to_string(pdf.numWarnings()) + " defect(s) qpdf warned about");
    }
    std::shared_ptr<Buffer> out = writer.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(out->getBuffer()), out->getSize());
  } catch (const FatalError&) {
    throw;
  } catch (const QPDFExc& e) {
    Fail(Describe(e));
  } catch (const std::exception&) {
    // std::runtime_error / std::logic_error from qpdf: their text may quote the document.
    Fail("qpdf failed");
  } catch (...) {
    Fail("qpdf failed");
  }
}

}  // namespace superbill
