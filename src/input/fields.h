// Named values of one element or row: an XML element's attributes (ElementReader) or the
// cells of a CSV row (csv_reader). The readers of course values (course_fields.h) ask
// through this interface, so both formats check the same things with the same messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/diagnostic.h"
#include "model/tables.h"

namespace superbill {

// The message for a value of `field` (as messages name it) longer than `limits` allow for
// `key`; nullopt when it fits. Quotes nothing of the value.
std::optional<std::string> TooLong(const FieldLimits* limits, const char* key,
                                   const std::string& field, std::string_view value);

class FieldSource {
 public:
  virtual ~FieldSource() = default;

  // The value of field `name` (an XML attribute name such as "doseMg"); reports and returns
  // nullopt when it is missing or empty.
  virtual std::optional<std::string> Required(const char* name) = 0;
  // The value, nullopt when absent (XML also reports an empty attribute; in CSV an empty
  // cell is an absent value).
  virtual std::optional<std::string> Optional(const char* name) = 0;
  // The place of field `name`, and of the element or row as a whole.
  virtual SourceLoc Loc(const char* name) const = 0;
  virtual SourceLoc Loc() const = 0;
  // Reports `message` at field `name`, or at the element or row.
  virtual void Error(const char* name, const std::string& message) = 0;
  virtual void ErrorHere(const std::string& message) = 0;

  // How messages name a field: the XML attribute ("charge") or its CSV column
  // ("visitCharge").
  virtual std::string Name(const char* name) const { return name; }
  // How messages name what holds the fields: "<infusion>" or "the infusion row".
  virtual std::string Subject() const = 0;
  // Whether values come from a spreadsheet, which also writes dates as MM/DD/YYYY, times
  // as 2:05 PM and money as $1,250.00 (see input/csv_values.h).
  virtual bool spreadsheet() const { return false; }
};

}  // namespace superbill
