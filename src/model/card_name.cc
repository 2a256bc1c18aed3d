#include "model/card_name.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

#include "common/diagnostic.h"

namespace superbill {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// The one transliterator of the process, built on first use (about 12 ms: ICU compiles its
// rules) and shared under a lock: a name takes microseconds, so the lock is never contended
// for long, and ICU transliterators must not be used by two threads at once.
class SharedTransliterator {
 public:
  static SharedTransliterator& Get() {
    static SharedTransliterator instance;
    return instance;
  }
  std::string Run(std::string_view utf8) {
    icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int>(utf8.size())));
    {
      std::lock_guard lock(mu_);
      transliterator_->transliterate(text);
    }
    std::string out;
    text.toUTF8String(out);
    return out;
  }

 private:
  SharedTransliterator() {
    UErrorCode status = U_ZERO_ERROR;
    transliterator_.reset(icu::Transliterator::createInstance(
        icu::UnicodeString("Any-Latin; Latin-ASCII", -1, US_INV), UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !transliterator_) {
      throw FatalError(std::string("cannot build the ICU transliterator Any-Latin; Latin-ASCII: ") +
                       u_errorName(status));
    }
  }
  std::mutex mu_;
  std::unique_ptr<icu::Transliterator> transliterator_;
};

}  // namespace

std::string TransliterateToAscii(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);
  std::string latin = SharedTransliterator::Get().Run(utf8);
  std::string out;
  out.reserve(latin.size());
  for (unsigned char c : latin) {
    if (c < 0x80) out += static_cast<char>(c);
  }
  return out;
}

std::string CardNamePart(std::string_view utf8, bool* transliterated) {
  const bool ascii = IsAscii(utf8);
  if (transliterated) *transliterated = !ascii;
  const std::string text = ascii ? std::string(utf8) : TransliterateToAscii(utf8);
  // Words of A-Z and 0-9 joined by single spaces or hyphens.
  std::string out;
  char pending = 0;  // a separator waiting for the next letter: ' ' or '-'
  for (char c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      if (pending && !out.empty()) out += pending;
      pending = 0;
      out += c;
    } else if (c == '\'' || c == '.') {
      continue;  // O'Brien -> OBRIEN, St. -> ST
    } else if (c == '-') {
      pending = '-';  // a hyphen wins over spaces around it
    } else if (pending != '-') {
      pending = ' ';
    }
  }
  return out;
}

CardNameResult CardNameOf(const Person& person) {
  CardNameResult r;
  if (person.card_name) {
    r.from_card = true;
    r.name.family = CardNamePart(person.card_name->family);
    r.name.given = CardNamePart(person.card_name->given);
    r.name.middle = CardNamePart(person.card_name->middle);
    return r;
  }
  bool a = false, b = false, c = false;
  r.name.family = CardNamePart(person.family, &a);
  r.name.given = CardNamePart(person.given, &b);
  r.name.middle = CardNamePart(person.middle, &c);
  r.transliterated = a || b || c;
  return r;
}

}  // namespace superbill
