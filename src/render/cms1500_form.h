// The CMS-1500 (02/12) form as data: where every box, caption, checkbox and field sits, read
// from templates/cms1500.txt. Positions are on the form's print grid (10 characters an inch,
// 6 lines an inch: column 1..80, line 1..66), so that the data lines up with the red
// pre-printed form, and the outlines drawn on plain paper fall where the red form has them.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"

namespace superbill {

// A box outline with its number and caption: columns c1..c2 and lines l1..l2 inclusive.
struct FormBox {
  std::string number;  // "24J"; empty for an unnumbered part
  double c1 = 1, l1 = 1, c2 = 1, l2 = 1;
  std::vector<std::string> caption;  // caption lines, drawn at the top of line l1
};

// A horizontal rule at the top of line `l1` from column c1's left edge to c2's right edge,
// or a vertical one at column c1's left edge from the top of line l1 to the bottom of l2.
struct FormRule {
  bool vertical = false;
  double c1 = 1, l1 = 1, c2 = 1, l2 = 1;
  bool thin = false;
};

// A fixed text (YES, NO, MM DD YY, SIGNED): at the top of its line, or on the data baseline.
struct FormText {
  double col = 1, line = 1, size = 6;
  bool bold = false;
  bool on_baseline = false;
  std::string text;
};

// Where a value goes: its first column and line, how many columns it may fill, alignment
// ('l' or 'r' within those columns). A service-line field's line is relative to the line's
// data line (0 the line itself, -1 the shaded supplemental line above it).
struct FormField {
  double col = 1, line = 1, cols = 1;
  char align = 'l';
  bool per_line = false;
  int source_line = 0;  // in the template, for messages
};

struct Cms1500Template {
  std::string path;

  // Plain paper: outlines, captions and data. Data only: the data alone, for the red form,
  // moved by the offsets (points; x to the right, y downwards) to suit a printer.
  bool data_only = false;
  double offset_x = 0, offset_y = 0;

  double page_width = 612, page_height = 792;
  double grid_left = 21.6;  // left edge of column 1, points from the page's left edge
  double grid_top = 2.5;    // top of line 1, points from the page's top edge
  double column = 7.2;      // 10 characters an inch
  double line = 12;         // 6 lines an inch
  double baseline = 9.5;    // data baseline, below the top of its line
  double inset = 2.5;       // box edges sit this far left of their first column
  double data_size = 11;    // Courier
  double min_data_size = 7;
  double caption_size = 5.5;
  double number_size = 6;
  double rule_width = 0.7;
  double thin_width = 0.35;
  double shade_gray = 0.9;
  int service_first_line = 44;  // data line of service line 1
  int service_line_step = 2;
  int service_lines = 6;

  std::vector<FormBox> boxes;
  std::vector<FormRule> rules;
  std::vector<FormRule> shades;                   // bands over lines l1 (c1..c2), drawn gray
  std::vector<std::pair<double, double>> checks;  // checkbox squares: column, line
  std::vector<FormText> texts;
  std::map<std::string, FormField, std::less<>> fields;

  // Page coordinates (points from the bottom left) of a column's left edge and a line's top.
  double X(double col) const { return grid_left + (col - 1) * column; }
  double Top(double l) const { return page_height - grid_top - (l - 1) * line; }

  // The field `name`; every known field is present once parsing succeeded.
  const FormField& Field(std::string_view name) const;
};

// Every field name the renderer fills, in the order the template documents them.
const std::vector<std::string>& Cms1500FieldNames();

// Parses a form template; problems are appended to `diags` as path:line:col. Unknown
// statements, bad numbers, positions off the grid, unknown or missing fields are errors.
Cms1500Template ParseCms1500Template(const std::string& path, const std::string& text,
                                     Diagnostics* diags);

}  // namespace superbill
