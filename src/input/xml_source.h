// A parsed XML input file that can say where each element and attribute stands, and a
// strict element reader that reports unknown, missing and empty attributes.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <set>
#include <string>

#include "common/diagnostic.h"
#include "common/text.h"
#include "input/fields.h"
#include "model/tables.h"

namespace superbill {

class XmlSource {
 public:
  // Parses `text` (the bytes of `path`). On failure appends a located diagnostic and
  // returns false. Rejects invalid UTF-8 and DOCTYPE declarations.
  bool Parse(const std::string& path, std::string text, Diagnostics* diags);

  const pugi::xml_document& doc() const { return doc_; }
  // The longest values the fields may hold (null: no limits); set before reading.
  void set_limits(const FieldLimits* limits) { limits_ = limits; }
  const FieldLimits* limits() const { return limits_; }
  const std::string& path() const { return path_; }

  // Place of an element's '<'.
  SourceLoc Loc(pugi::xml_node node) const;
  // Place of an attribute's name inside its element's start tag.
  SourceLoc Loc(pugi::xml_node node, const char* attribute) const;

 private:
  // Reports every character no text may hold (control characters, noncharacters), as
  // itself or as a character reference; false when there is one.
  bool CheckCharacters(Diagnostics* diags) const;

  std::string path_;
  std::string text_;
  std::optional<LineIndex> index_;
  const FieldLimits* limits_ = nullptr;
  pugi::xml_document doc_;
};

// Reads the attributes of one element. Every attribute must be asked for (Required or
// Optional) before Finish(), which reports the ones nobody asked for as unknown.
class ElementReader : public FieldSource {
 public:
  ElementReader(const XmlSource& src, pugi::xml_node node, Diagnostics* diags)
      : src_(src), node_(node), diags_(diags) {}

  // The value; reports and returns nullopt when absent or empty.
  std::optional<std::string> Required(const char* name) override;
  // The value, nullopt when absent; reports an empty value.
  std::optional<std::string> Optional(const char* name) override;
  SourceLoc Loc(const char* name) const override { return src_.Loc(node_, name); }
  SourceLoc Loc() const override { return src_.Loc(node_); }
  void Error(const char* attribute, const std::string& message) override;
  void ErrorHere(const std::string& message) override { diags_->push_back({Loc(), message}); }
  // "<infusion>".
  std::string Subject() const override { return std::string("<") + node_.name() + ">"; }
  void Finish();

 private:
  // `value` of attribute `name`, or nullopt (reported) when longer than the limits allow.
  std::optional<std::string> Checked(const char* name, const char* value);

  const XmlSource& src_;
  pugi::xml_node node_;
  Diagnostics* diags_;
  std::set<std::string> asked_;
};

// Checks a text-only element (<npi>1245319599</npi>): no attributes, no children.
// Returns its trimmed text; reports an empty one.
std::optional<std::string> ReadTextElement(const XmlSource& src, pugi::xml_node node,
                                           Diagnostics* diags);

// Checks an element that takes attributes only: reports text and child elements.
void CheckLeaf(const XmlSource& src, pugi::xml_node node, Diagnostics* diags);

// Reports text content where only elements may stand (`in` an element-only parent).
void CheckNoText(const XmlSource& src, pugi::xml_node node, Diagnostics* diags);

}  // namespace superbill
