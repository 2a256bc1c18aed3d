#include "common/diagnostic.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace superbill {

namespace {

constexpr std::size_t kMaxQuotedChars = 40;

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string Escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // A C1 control (U+0080 to U+009F): a terminal may take it for an escape sequence.
      char buf[12];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned char>(text[++i]));
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Quoted(std::string_view value) {
  std::size_t i = 0, chars = 0;
  while (i < value.size() && chars < kMaxQuotedChars) {
    ++i;
    while (i < value.size() && IsContinuation(value[i])) ++i;
    ++chars;
  }
  const bool cut = i < value.size();
  return "'" + Escaped(value.substr(0, i)) + (cut ? "…'" : "'");
}

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Levenshtein distance without case, giving up (returning limit + 1) past `limit`.
std::size_t EditDistance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min(
          {row[j] + 1, row[j - 1] + 1, diagonal + (Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

}  // namespace

std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.empty() || word.size() > 64) return "";  // nothing known is that long
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (const std::string& c : candidates) {
    if (c == word) return "";
    const std::size_t limit = std::min<std::size_t>(2, (word.size() - 1) / 2);
    const std::size_t d = EditDistance(word, c, limit);
    if (d <= limit && (!best || d < best_distance)) {
      best = &c;
      best_distance = d;
    }
  }
  return best ? ": did you mean " + Quoted(*best) + "?" : "";
}

std::vector<std::string> PrintedDiagnostics(const Diagnostics& diags) {
  // Severity, file and message -> index in kept.
  std::unordered_map<std::string, std::size_t> seen;
  std::vector<std::pair<const Diagnostic*, std::size_t>> kept;  // a diagnostic, its repeats
  for (const Diagnostic& d : diags) {
    // Warnings are few and each one counts (the summary gives their number): only errors
    // are grouped.
    if (d.is_warning()) {
      kept.emplace_back(&d, 0);
      continue;
    }
    std::string key = d.loc.path;
    key += '\0';
    key += d.message;
    auto [it, fresh] = seen.emplace(std::move(key), kept.size());
    if (fresh) {
      kept.emplace_back(&d, 0);
    } else {
      ++kept[it->second].second;
    }
  }
  std::vector<std::string> lines;
  std::size_t rest = 0;
  bool rest_has_error = false;
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const auto& [d, repeats] = kept[k];
    if (k < kMaxPrintedDiagnostics) {
      lines.push_back(d->ToString());
      if (repeats) lines.back() += " (and " + std::to_string(repeats) + " more like this)";
    } else {
      rest += 1 + repeats;
      rest_has_error = rest_has_error || !d->is_warning();
    }
  }
  if (rest) {
    Diagnostic more{
        {diags.front().loc.path},
        "and " + std::to_string(rest) + " more problem" + (rest == 1 ? "" : "s") + " in this file",
        rest_has_error ? Severity::kError : Severity::kWarning};
    lines.push_back(more.ToString());
  }
  return lines;
}

std::string Diagnostic::ToString() const {
  std::string out;
  if (loc.path.empty()) {
    out = "superbill";
  } else {
    out = Escaped(loc.path);
    if (loc.line > 0) {
      out += ':' + std::to_string(loc.line);
      if (loc.col > 0) out += ':' + std::to_string(loc.col);
    }
  }
  // The message may carry a value of the input: never a raw newline or NUL on the line.
  out += (is_warning() ? ": warning: " : ": error: ") + Escaped(message);
  if (loc.column) out += std::string(" (column '") + loc.column + "')";
  return out;
}

std::size_t CountWarnings(const Diagnostics& diags) {
  std::size_t n = 0;
  for (const auto& d : diags) n += d.is_warning();
  return n;
}

std::size_t CountErrors(const Diagnostics& diags) { return diags.size() - CountWarnings(diags); }

bool HasErrors(const Diagnostics& diags) { return FirstError(diags) != nullptr; }

const Diagnostic* FirstError(const Diagnostics& diags) {
  for (const auto& d : diags) {
    if (!d.is_warning()) return &d;
  }
  return nullptr;
}

}  // namespace superbill
