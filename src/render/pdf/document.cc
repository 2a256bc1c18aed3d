#include "render/pdf/document.h"

#include <memory>

namespace superbill {

PdfDocument RenderPdf(const CanvasFonts& fonts, bool unicode_always, const ComposeFunction& compose,
                      const CanvasInfo& info, bool with_dump) {
  auto canvas = std::make_unique<PdfCanvas>(fonts, unicode_always);
  auto list = std::make_unique<DisplayList>();
  compose(canvas.get(), list.get());
  if (!canvas->unicode() && canvas->needs_unicode()) {
    canvas = std::make_unique<PdfCanvas>(fonts, true);
    list = std::make_unique<DisplayList>();
    compose(canvas.get(), list.get());
  }
  PdfDocument doc;
  doc.pages = static_cast<int>(list->pages.size());
  doc.unicode_font = canvas->unicode();
  DrawPages(*list, canvas.get(), with_dump ? &doc.dump : nullptr);
  canvas->SetInfo(info);
  doc.bytes = canvas->Save();
  return doc;
}

}  // namespace superbill
