#include "model/passwords.h"

#include <cstdio>

#include "common/diagnostic.h"

namespace superbill {

std::string BirthDatePassword(const Date& birth_date) {
  const Date& d = birth_date;
  if (d.year < 1000 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > DaysInMonth(d.year, d.month)) {
    throw FatalError("no valid birth date to derive the PDF password from");
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d%04d", d.month, d.day, d.year);
  return buf;
}

}  // namespace superbill
