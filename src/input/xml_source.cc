#include "input/xml_source.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace superbill {

namespace {

// The value of the character reference at text[i] ("&#27;", "&#x1B;"), with *end set past
// its ';'; nullopt when text[i] starts none (or one too long to mean a character).
std::optional<char32_t> CharacterReference(std::string_view text, std::size_t i, std::size_t* end) {
  if (text.compare(i, 2, "&#") != 0) return std::nullopt;
  std::size_t j = i + 2;
  const bool hex = j < text.size() && text[j] == 'x';
  if (hex) ++j;
  const std::size_t digits_start = j;
  std::uint32_t v = 0;
  for (; j < text.size() && j - digits_start < 8; ++j) {
    const char c = text[j];
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (hex && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (hex && c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      break;
    }
    v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
  }
  if (j == digits_start || j >= text.size() || text[j] != ';') return std::nullopt;
  *end = j + 1;
  return static_cast<char32_t>(v);
}

// The innermost element still open at `end` of `text`, with the offset of its '<': what a
// malformed file most often lacks is that element's end tag. A plain scan (comments, CDATA,
// processing instructions, declarations and quoted attribute values skipped); nullopt
// when no element is open.
std::optional<std::pair<std::string, std::size_t>> OpenElementAt(std::string_view text,
                                                                 std::size_t end) {
  std::vector<std::pair<std::string_view, std::size_t>> open;
  std::size_t i = 0;
  end = std::min(end, text.size());
  auto skip_to = [&](std::string_view close) {
    const std::size_t at = text.find(close, i);
    i = at == std::string_view::npos ? text.size() : at + close.size();
  };
  while (i < end) {
    if (text[i] != '<') {
      ++i;
      continue;
    }
    if (text.compare(i, 4, "<!--") == 0) {
      skip_to("-->");
    } else if (text.compare(i, 9, "<![CDATA[") == 0) {
      skip_to("]]>");
    } else if (text.compare(i, 2, "<?") == 0) {
      skip_to("?>");
    } else if (text.compare(i, 2, "<!") == 0) {
      skip_to(">");
    } else {
      const std::size_t start = i;
      const bool closing = i + 1 < text.size() && text[i + 1] == '/';
      std::size_t j = i + (closing ? 2 : 1);
      const std::size_t name_start = j;
      while (j < text.size() && !std::strchr(" \t\r\n/>", text[j])) ++j;
      const std::string_view name = text.substr(name_start, j - name_start);
      // To the end of the tag, past quoted values.
      char quote = 0;
      while (j < text.size() && (quote || text[j] != '>')) {
        if (quote && text[j] == quote) {
          quote = 0;
        } else if (!quote && (text[j] == '"' || text[j] == '\'')) {
          quote = text[j];
        }
        ++j;
      }
      const bool empty = j > 0 && j < text.size() && text[j - 1] == '/';
      i = j + 1;
      if (i > end) break;  // the tag the parser stopped in
      if (closing) {
        if (!open.empty() && open.back().first == name) open.pop_back();
      } else if (!empty && !name.empty()) {
        open.emplace_back(name, start);
      }
    }
  }
  if (open.empty()) return std::nullopt;
  return std::make_pair(std::string(open.back().first), open.back().second);
}

}  // namespace

bool XmlSource::CheckCharacters(Diagnostics* diags) const {
  // Text may hold tab, LF, CR and printable characters only: a control character, written
  // as itself or as a reference, would make claim.xml not well-formed (and print as nothing
  // on the superbill). The values are never quoted (they may be a patient's).
  const std::string_view text = text_;
  bool ok = true;
  auto report = [&](std::size_t offset, const std::string& message) {
    SourceLoc loc{path_};
    index_->Locate(offset, &loc.line, &loc.col);
    diags->push_back({loc, message});
    ok = false;
  };
  std::size_t i = 0;
  while (i < text.size()) {
    // References mean nothing inside comments, CDATA sections and processing instructions:
    // only the characters themselves are checked there.
    const char* close = nullptr;
    if (text.compare(i, 4, "<!--") == 0) {
      close = "-->";
    } else if (text.compare(i, 9, "<![CDATA[") == 0) {
      close = "]]>";
    } else if (text.compare(i, 2, "<?") == 0) {
      close = "?>";
    }
    std::size_t stop = text.size();
    if (close) {
      const std::size_t at = text.find(close, i + 2);
      stop = at == std::string_view::npos ? text.size() : at + std::strlen(close);
    }
    do {
      std::size_t end = 0;
      if (!close && text[i] == '&') {
        if (auto cp = CharacterReference(text, i, &end); cp && IsForbiddenTextChar(*cp)) {
          report(i, "the character reference '" + std::string(text.substr(i, end - i)) +
                        "' stands for " + CodePointName(*cp) +
                        ", which no document may carry: remove it");
          i = end;
          continue;
        }
      }
      std::size_t next = i;
      char32_t cp = 0;
      DecodeUtf8(text, &next, &cp);  // the text is valid UTF-8: checked above
      if (IsForbiddenTextChar(cp)) {
        report(i, "the file holds the character " + CodePointName(cp) +
                      ", which no document may carry: remove it");
      }
      i = next;
    } while (close && i < stop);
  }
  return ok;
}

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
  if (!CheckCharacters(diags)) return false;
  // pugixml never expands DTD entities; DOCTYPE nodes are kept only to reject them.
  pugi::xml_parse_result result = doc_.load_buffer(
      text_.data(), text_.size(), pugi::parse_default | pugi::parse_doctype, pugi::encoding_utf8);
  if (!result) {
    const auto offset = static_cast<std::size_t>(result.offset);
    std::string message = std::string("malformed XML: ") + result.description();
    if (auto open = OpenElementAt(text_, offset)) {
      int line = 0, col = 0;
      index_->Locate(open->second, &line, &col);
      message += ": <" + Escaped(open->first.substr(0, 40)) + "> opened on line " +
                 std::to_string(line) + " is not closed";
    }
    return fail(offset, message);
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

std::optional<std::string> TooLong(const FieldLimits* limits, const char* key,
                                   const std::string& field, std::string_view value) {
  if (!limits) return std::nullopt;
  const std::size_t max = limits->For(key);
  if (max == 0 || value.size() <= max) return std::nullopt;  // bytes >= characters
  const std::size_t chars = CodePointCount(value);
  if (chars <= max) return std::nullopt;
  return "'" + field + "' is " + std::to_string(chars) + " characters long: at most " +
         std::to_string(max) + " fit (cpt_tables/field_limits.csv)";
}

std::optional<std::string> ElementReader::Checked(const char* name, const char* value) {
  if (auto message = TooLong(src_.limits(), name, name, value)) {
    Error(name, *message);
    return std::nullopt;
  }
  return std::string(value);
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
  return Checked(name, a.value());
}

std::optional<std::string> ElementReader::Optional(const char* name) {
  asked_.insert(name);
  pugi::xml_attribute a = node_.attribute(name);
  if (!a) return std::nullopt;
  if (*a.value() == '\0') {
    Error(name, std::string("attribute '") + name + "' must not be empty");
    return std::nullopt;
  }
  return Checked(name, a.value());
}

void ElementReader::Error(const char* attribute, const std::string& message) {
  diags_->push_back({src_.Loc(node_, attribute), message});
}

void ElementReader::Finish() {
  for (pugi::xml_attribute a = node_.first_attribute(); a; a = a.next_attribute()) {
    if (!asked_.count(a.name())) {
      const std::vector<std::string> known(asked_.begin(), asked_.end());
      diags_->push_back({src_.Loc(node_, a.name()), "unknown attribute " + Quoted(a.name()) +
                                                        " on <" + node_.name() + ">" +
                                                        DidYouMean(a.name(), known)});
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
  if (auto message =
          TooLong(src.limits(), node.name(), std::string("<") + node.name() + ">", text)) {
    diags->push_back({src.Loc(node), *message});
    return std::nullopt;
  }
  return text;
}

}  // namespace superbill
