#include "input/xml_source.h"

#include <cstring>

namespace superbill {

bool XmlSource::Parse(const std::string& path, std::string text, Diagnostics* diags) {
  path_ = path;
  text_ = std::move(text);
  index_.emplace(text_);
  auto fail = [&](std::size_t offset, const std::string& message) {
    SourceLoc loc{path_};
    index_->Locate(offset, &loc.line, &loc.col);
    diags->push_back({loc, message});
    return false;
  };
  std::size_t bad = FindInvalidUtf8(text_);
  if (bad != std::string::npos) return fail(bad, "the file is not valid UTF-8");
  // pugixml never expands DTD entities; DOCTYPE nodes are kept only to reject them.
  pugi::xml_parse_result result = doc_.load_buffer(
      text_.data(), text_.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  if (!result) {
    return fail(static_cast<std::size_t>(result.offset),
                std::string("malformed XML: ") + result.description());
  }
  for (pugi::xml_node n = doc_.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_doctype) return fail(0, "DOCTYPE declarations are not allowed");
  }
  return true;
}

SourceLoc XmlSource::Loc(pugi::xml_node node) const {
  SourceLoc loc{path_};
  std::ptrdiff_t off = node.offset_debug();
  if (off < 0) return loc;
  // offset_debug() points at the element name; step back to its '<'.
  std::size_t o = static_cast<std::size_t>(off);
  if (node.type() == pugi::node_element && o > 0 && text_[o - 1] == '<') --o;
  index_->Locate(o, &loc.line, &loc.col);
  return loc;
}

SourceLoc XmlSource::Loc(pugi::xml_node node, const char* attribute) const {
  SourceLoc fallback = Loc(node);
  std::ptrdiff_t off = node.offset_debug();
  if (off < 0 || node.type() != pugi::node_element) return fallback;
  std::size_t i = static_cast<std::size_t>(off);
  const std::size_t n = text_.size();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  // Skip the element name, then walk name="value" pairs of the start tag.
  while (i < n && !is_space(text_[i]) && text_[i] != '>' && text_[i] != '/') ++i;
  const std::size_t want = std::strlen(attribute);
  for (;;) {
    while (i < n && is_space(text_[i])) ++i;
    if (i >= n || text_[i] == '>' || text_[i] == '/') return fallback;
    std::size_t name_start = i;
    while (i < n && !is_space(text_[i]) && text_[i] != '=' && text_[i] != '>') ++i;
    std::size_t name_len = i - name_start;
    while (i < n && is_space(text_[i])) ++i;
    if (i < n && text_[i] == '=') ++i;
    while (i < n && is_space(text_[i])) ++i;
    if (i < n && (text_[i] == '"' || text_[i] == '\'')) {
      char q = text_[i++];
      while (i < n && text_[i] != q) ++i;
      ++i;
    }
    if (name_len == want && text_.compare(name_start, want, attribute) == 0) {
      SourceLoc loc{path_};
      index_->Locate(name_start, &loc.line, &loc.col);
      return loc;
    }
  }
}

std::optional<std::string> ElementReader::Required(const char* name) {
  asked_.insert(name);
  pugi::xml_attribute a = node_.attribute(name);
  if (!a) {
    diags_->push_back({src_.Loc(node_),
                       std::string("<") + node_.name() + "> needs the attribute '" + name + "'"});
    return std::nullopt;
  }
  if (*a.value() == '\0') {
    Error(name, std::string("attribute '") + name + "' must not be empty");
    return std::nullopt;
  }
  return std::string(a.value());
}

std::optional<std::string> ElementReader::Optional(const char* name) {
  asked_.insert(name);
  pugi::xml_attribute a = node_.attribute(name);
  if (!a) return std::nullopt;
  if (*a.value() == '\0') {
    Error(name, std::string("attribute '") + name + "' must not be empty");
    return std::nullopt;
  }
  return std::string(a.value());
}

void ElementReader::Error(const char* attribute, const std::string& message) {
  diags_->push_back({src_.Loc(node_, attribute), message});
}

void ElementReader::Finish() {
  for (pugi::xml_attribute a = node_.first_attribute(); a; a = a.next_attribute()) {
    if (!asked_.count(a.name())) {
      diags_->push_back({src_.Loc(node_, a.name()), std::string("unknown attribute '") + a.name() +
                                                        "' on <" + node_.name() + ">"});
    }
  }
}

void CheckNoText(const XmlSource& src, pugi::xml_node node, Diagnostics* diags) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if ((c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) &&
        !Trim(c.value()).empty()) {
      diags->push_back({src.Loc(c), std::string("unexpected text inside <") + node.name() + ">"});
      return;
    }
  }
}

void CheckLeaf(const XmlSource& src, pugi::xml_node node, Diagnostics* diags) {
  CheckNoText(src, node, diags);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      diags->push_back(
          {src.Loc(c), std::string("unknown element <") + c.name() + "> in <" + node.name() + ">"});
    }
  }
}

std::optional<std::string> ReadTextElement(const XmlSource& src, pugi::xml_node node,
                                           Diagnostics* diags) {
  ElementReader attrs(src, node, diags);
  attrs.Finish();
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      diags->push_back(
          {src.Loc(c), std::string("unknown element <") + c.name() + "> in <" + node.name() + ">"});
      return std::nullopt;
    }
  }
  std::string text = Trim(node.text().get());
  if (text.empty()) {
    diags->push_back({src.Loc(node), std::string("<") + node.name() + "> must not be empty"});
    return std::nullopt;
  }
  return text;
}

}  // namespace superbill
