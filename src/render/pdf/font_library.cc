#include "render/pdf/font_library.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>

#include "common/diagnostic.h"

namespace superbill {

namespace {

// Tables a PDF viewer never reads from an embedded TrueType font: text in a PDF is already
// positioned glyph by glyph, so layout (GSUB, GPOS, kern ...), vertical metrics and
// device-specific hinting data only make the file bigger and the subsetting slower.
constexpr hb_tag_t kDroppedTables[] = {
    HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
    HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
    HB_TAG('k', 'e', 'r', 'n'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('f', 'e', 'a', 't'),
    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'),
    HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'),
    HB_TAG('g', 'a', 's', 'p'), HB_TAG('D', 'S', 'I', 'G'), HB_TAG('F', 'F', 'T', 'M'),
    HB_TAG('m', 'e', 't', 'a'), HB_TAG('P', 'f', 'E', 'd'), HB_TAG('T', 'e', 'X', ' '),
};

std::string Name(hb_face_t* face, hb_ot_name_id_t id) {
  char buf[128];
  unsigned size = sizeof buf;
  hb_ot_name_get_utf8(face, id, hb_language_from_string("en", -1), &size, buf);
  return std::string(buf, size);
}

}  // namespace

TrueTypeFont::TrueTypeFont(const std::string& path) : path_(path) {
  hb_blob_t* blob = hb_blob_create_from_file_or_fail(path.c_str());
  if (!blob) throw FatalError("cannot read the TrueType font " + path);
  face_ = hb_face_create(blob, 0);
  hb_blob_destroy(blob);
  hb_blob_t* glyf = hb_face_reference_table(face_, HB_TAG('g', 'l', 'y', 'f'));
  const bool outlines = hb_blob_get_length(glyf) > 0;
  hb_blob_destroy(glyf);
  upem_ = hb_face_get_upem(face_);
  if (!outlines || hb_face_get_glyph_count(face_) == 0 || upem_ == 0) {
    hb_face_destroy(face_);
    throw FatalError("not a TrueType font with outlines: " + path);
  }
  hb_face_make_immutable(face_);
  font_ = hb_font_create(face_);
  hb_font_set_scale(font_, static_cast<int>(upem_), static_cast<int>(upem_));
  hb_font_make_immutable(font_);
  hb_codepoint_t glyph = 0;
  if (!hb_font_get_nominal_glyph(font_, 'A', &glyph) &&
      !hb_font_get_nominal_glyph(font_, 0x4E00, &glyph)) {
    hb_font_destroy(font_);
    hb_face_destroy(face_);
    throw FatalError("the TrueType font has no Unicode character map: " + path);
  }

  const std::string family = Name(face_, HB_OT_NAME_ID_POSTSCRIPT_NAME);
  std::string style;
  for (char c : Name(face_, HB_OT_NAME_ID_FONT_SUBFAMILY)) {
    if (c != ' ') style += c;
  }
  pdf_name_ = family + (style.empty() || style == "Regular" ? "" : "," + style);

  notdef_advance_ =
      static_cast<int>(static_cast<unsigned>(hb_font_get_glyph_h_advance(font_, 0)) * 1000 / upem_);
  table_.assign(kTableSize, -1);
  for (char32_t cp = 0; cp < kTableSize; ++cp) {
    int advance;
    if (Lookup(cp, &advance)) table_[cp] = static_cast<std::int16_t>(advance);
  }
}

TrueTypeFont::~TrueTypeFont() {
  hb_font_destroy(font_);
  hb_face_destroy(face_);
}

bool TrueTypeFont::Lookup(char32_t cp, int* advance) const {
  hb_codepoint_t glyph = 0;
  if (!hb_font_get_nominal_glyph(font_, cp, &glyph)) return false;
  // As libharu computes it: (HPDF_UINT16)(advance * 1000 / units_per_em).
  *advance = static_cast<std::uint16_t>(
      static_cast<unsigned>(hb_font_get_glyph_h_advance(font_, glyph)) * 1000 / upem_);
  return true;
}

bool TrueTypeFont::Has(char32_t cp) const {
  if (cp < kTableSize) return table_[cp] >= 0;
  int advance;
  return Lookup(cp, &advance);
}

int TrueTypeFont::Advance(char32_t cp) const {
  if (cp < kTableSize) return table_[cp] >= 0 ? table_[cp] : notdef_advance_;
  int advance;
  return Lookup(cp, &advance) ? advance : notdef_advance_;
}

std::string TrueTypeFont::Subset(const std::vector<char32_t>& code_points) const {
  hb_subset_input_t* input = hb_subset_input_create_or_fail();
  if (!input) throw FatalError("out of memory while subsetting a font");
  hb_set_t* unicodes = hb_subset_input_unicode_set(input);
  for (char32_t cp : code_points) hb_set_add(unicodes, cp);
  hb_set_t* dropped = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
  for (hb_tag_t tag : kDroppedTables) hb_set_add(dropped, tag);
  hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);
  // From the face itself: hb_subset_preprocess would cost more (once per font, a few hundred
  // million instructions for these fonts) than it saves in a batch's subsets.
  hb_face_t* subset = hb_subset_or_fail(face_, input);
  hb_subset_input_destroy(input);
  if (!subset) throw FatalError("cannot subset the TrueType font " + path_);
  hb_blob_t* blob = hb_face_reference_blob(subset);
  unsigned length = 0;
  const char* data = hb_blob_get_data(blob, &length);
  std::string bytes(data ? data : "", data ? length : 0);
  hb_blob_destroy(blob);
  hb_face_destroy(subset);
  if (bytes.empty()) throw FatalError("cannot subset the TrueType font " + path_);
  return bytes;
}

const TrueTypeFont& FontLibrary::Get(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = fonts_.find(path);
  if (it == fonts_.end()) it = fonts_.emplace(path, std::make_unique<TrueTypeFont>(path)).first;
  return *it->second;
}

}  // namespace superbill
