// The superbill's look, read from templates/: page geometry, fonts, sizes, section order,
// table columns, and the fixed texts (labels, attestation, CPT notice) of each language.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "render/pdf/canvas.h"

namespace superbill {

class FontLibrary;
struct Cms1500Template;

// One column of a table: its name (which cell it shows), width in points (0 = takes the
// width left over) and alignment ('l', 'c' or 'r').
struct ColumnSpec {
  std::string name;
  double width = 0;
  char align = 'l';
};

// The fixed texts of one language, by key ("services.date" -> "Date of service").
struct Texts {
  std::string language;
  std::string path;
  std::map<std::string, std::string, std::less<>> values;

  // The text of `key`; every known key is present once loading succeeded.
  const std::string& Get(std::string_view key) const;
  // The numbered texts PREFIX.1, PREFIX.2 ... in order (the steps of the packet's cover).
  std::vector<std::string> List(std::string_view prefix) const;
};

struct Layout {
  std::string dir;  // the templates folder it was loaded from

  double page_width = 612;
  double page_height = 792;
  double margin_top = 36;
  double margin_bottom = 36;
  double margin_left = 36;
  double margin_right = 36;

  // Standard (base-14) fonts, used when every text fits Windows-1252.
  std::string font_regular = "Helvetica";
  std::string font_bold = "Helvetica-Bold";
  // TrueType fonts embedded otherwise, as paths; each character is drawn with the first
  // font of the list that has a glyph for it.
  std::vector<std::string> unicode_regular;
  std::vector<std::string> unicode_bold;
  bool unicode_always = false;  // embed the TrueType fonts even when not needed
  // The TrueType fonts, read on first use and shared by every document rendered with this
  // layout (and its copies); LoadLayout and ParseLayout set it.
  std::shared_ptr<const FontLibrary> fonts;

  // Font sizes in points.
  double size_title = 16;
  double size_clinic = 13;
  double size_heading = 9.5;
  double size_body = 8.5;
  double size_small = 8;
  double size_translation = 6.5;  // a label's second language, printed beneath it
  double line_spacing = 1.22;     // line pitch as a multiple of the font size
  // The patient packet's own pages (cover, estimate, letter) are read by patients: larger.
  double packet_size_body = 10;
  double packet_size_title = 18;

  double cell_padding = 2;    // left/right padding of a table cell
  double row_padding = 1.5;   // top/bottom padding of a table row
  double section_gap = 10;    // vertical space between sections
  double column_gap = 18;     // horizontal space between sections side by side
  double column_min_gap = 8;  // least space after a right-aligned column's text
  double rule_width = 0.5;    // thin rules
  double heavy_rule_width = 1.2;
  int max_cell_lines = 8;  // past this, a cell's text is cut with an ellipsis

  std::string logo;  // path of a PNG, empty for none
  double logo_height = 54;
  double logo_max_width = 144;

  // Rows of sections from the top; sections in one row stand side by side.
  std::vector<std::vector<std::string>> sections;
  int diagnoses_columns = 2;
  double signature_height = 30;  // room to sign, and the height of a signature image

  std::vector<ColumnSpec> services_columns;
  std::vector<ColumnSpec> payments_columns;
  std::vector<ColumnSpec> providers_columns;
  std::vector<ColumnSpec> diagnoses_columns_spec;

  std::map<std::string, Texts> texts;  // by language: "en", "es"
  // The patient packet: cover page and estimate by language (packet.<language>.txt), and
  // the letter of medical necessity (letter.en.txt, English only: the insurer reads it).
  std::map<std::string, Texts> packet_texts;
  Texts letter_texts;

  // The CMS-1500 form (templates/cms1500.txt); LoadLayout sets it, ParseLayout does not.
  std::shared_ptr<const Cms1500Template> cms1500;

  // The texts of `language`, or English when the language has none.
  const Texts& TextsFor(const std::string& language) const;
  // The texts printed beneath the English ones for a patient of `language`: null for
  // English or a language without texts.
  const Texts* SecondTexts(const std::string& language) const;
  // The packet texts of `language`, or English when the language has none.
  const Texts& PacketTextsFor(const std::string& language) const;
};

// The canvas fonts of every PDF drawn with this layout (standard and TrueType).
CanvasFonts CanvasFontsOf(const Layout& layout);

// Loads `dir`/superbill.layout, `dir`/cms1500.txt and every `dir`/texts.<language>.txt (English is
// required). Throws FatalError listing every problem as `path:line:col: error: ...`.
Layout LoadLayout(const std::string& dir);

// Parses the text of a layout file into `layout` (paths relative to `dir`); problems are
// appended to `diags`. Does not check that font and logo files exist.
void ParseLayout(const std::string& path, const std::string& text, const std::string& dir,
                 Layout* layout, Diagnostics* diags);

// Parses the text of a texts file; problems are appended to `diags`.
Texts ParseTexts(const std::string& path, const std::string& text, const std::string& language,
                 Diagnostics* diags);
// The same for a packet texts file (packet.<language>.txt) and the letter (letter.en.txt).
Texts ParsePacketTexts(const std::string& path, const std::string& text,
                       const std::string& language, Diagnostics* diags);
Texts ParseLetterTexts(const std::string& path, const std::string& text, Diagnostics* diags);

}  // namespace superbill
