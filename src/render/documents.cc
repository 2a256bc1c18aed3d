#include "render/documents.h"

#include <algorithm>

#include "common/diagnostic.h"
#include "common/text.h"
#include "render/cms1500_pdf.h"
#include "render/fhir_xml.h"
#include "render/packet_pdf.h"
#include "render/superbill_pdf.h"
#include "render/x12_837p.h"

namespace superbill {

const std::vector<DocumentWriter>& DocumentWriters() {
  static const std::vector<DocumentWriter> writers = {
      {"superbill", "superbill.pdf", /*encryptable=*/true, /*x12_interchange=*/false, nullptr,
       [](const Claim& claim, const RenderInputs& in) {
         return RenderSuperbillPdf(claim, in.layout, /*with_dump=*/false).bytes;
       },
       nullptr},
      {"cms1500", "cms1500.pdf", /*encryptable=*/true, /*x12_interchange=*/false, nullptr,
       [](const Claim& claim, const RenderInputs& in) {
         return RenderCms1500Pdf(claim, in.layout, /*with_dump=*/false).bytes;
       },
       nullptr},
      {"claim", "claim.xml", /*encryptable=*/false, /*x12_interchange=*/false, nullptr,
       [](const Claim& claim, const RenderInputs&) { return RenderFhirXml(claim); }, nullptr},
      {"x12", "claim.x12", /*encryptable=*/false, /*x12_interchange=*/true,
       [](const Claim& claim, const RenderInputs&) { return X12Applies(claim); },
       [](const Claim& claim, const RenderInputs& in) {
         return RenderX12Claim(claim, in.x12_control_number);
       },
       X12Warnings},
      // The patient's packet: cover page, estimate, letter, then the superbill and the CMS-1500
      // (when this run writes it).
      {"packet", "packet.pdf", /*encryptable=*/true, /*x12_interchange=*/false, nullptr,
       [](const Claim& claim, const RenderInputs& in) {
         return RenderPacketPdf(claim, in.layout, /*with_dump=*/false, in.Writes("cms1500")).bytes;
       },
       nullptr},
  };
  return writers;
}

std::string DocumentNames() {
  std::string names;
  for (const auto& w : DocumentWriters()) names += (names.empty() ? "" : ", ") + w.name;
  return names;
}

std::vector<const DocumentWriter*> SelectDocuments(const std::string& list) {
  std::vector<std::string> wanted;
  for (const auto& item : Split(list, ',')) {
    std::string name = Trim(item);
    if (!name.empty()) wanted.push_back(name);
  }
  if (wanted.empty() && !Trim(list).empty()) {
    throw FatalError("--documents needs at least one of: " + DocumentNames());
  }
  for (const auto& name : wanted) {
    const auto& all = DocumentWriters();
    if (std::none_of(all.begin(), all.end(), [&](const auto& w) { return w.name == name; })) {
      throw FatalError("--documents: unknown document '" + name +
                       "' (documents: " + DocumentNames() + ")");
    }
  }
  std::vector<const DocumentWriter*> out;
  for (const auto& w : DocumentWriters()) {
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), w.name) != wanted.end()) {
      out.push_back(&w);
    }
  }
  return out;
}

}  // namespace superbill
