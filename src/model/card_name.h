// Names as an insurance card shows them, for the claim forms (CMS-1500, X12 837P): upper-case
// A-Z, digits, spaces and hyphens. Taken from the course file's <cardName> when it has one,
// else from the written name transliterated by ICU ("Any-Latin; Latin-ASCII"): Nguyễn ->
// NGUYEN, 王 -> WANG, 小明 -> XIAO MING. A transliterated name may differ from the card (the
// card may say XIAOMING), so validation warns about it. Pure functions, safe on any thread.
#pragma once

#include <string>
#include <string_view>

#include "model/course.h"

namespace superbill {

struct CardNameParts {
  std::string family;
  std::string given;
  std::string middle;  // may be empty
};

struct CardNameResult {
  CardNameParts name;
  bool from_card = false;       // the course file's <cardName>
  bool transliterated = false;  // the written name had characters outside ASCII
};

// `utf8` in ASCII: unchanged when it is ASCII already, else ICU "Any-Latin; Latin-ASCII"
// ("Đặng" -> "Dang", "王小明" -> "wang xiao ming", "Ольга" -> "Ol'ga"); what ICU leaves outside
// ASCII (an emoji) is dropped. `utf8` must be valid UTF-8. Throws FatalError when ICU cannot
// build the transliterator (missing ICU data).
std::string TransliterateToAscii(std::string_view utf8);

// One part of a name in card form: transliterated, upper-cased, apostrophes and periods
// dropped ("O'Brien" -> "OBRIEN", "St. John" -> "ST JOHN"), any other character but A-Z, 0-9
// and '-' made a space, spaces collapsed and trimmed, no space or hyphen at either end
// ("Hernández Ortega" -> "HERNANDEZ ORTEGA", "Jean - Paul" -> "JEAN-PAUL"). Empty when
// nothing of it survives. Sets *transliterated when `utf8` was not ASCII.
std::string CardNamePart(std::string_view utf8, bool* transliterated = nullptr);

// The person's name in card form: their <cardName> (normalised the same way) when given,
// else their written family, given and middle names.
CardNameResult CardNameOf(const Person& person);

}  // namespace superbill
