// Passwords derived from a patient's record, for encrypting their documents.
#pragma once

#include <string>

#include "model/date.h"

namespace superbill {

// The birth-date password of a patient: the date as MMDDYYYY ("03071984" for 1984-03-07),
// the convention US clinics tell patients about on the phone; it is printed nowhere.
// It is weak (a century of birth dates is about 36,500 guesses), so it only keeps the file
// from casual eyes, e.g. a misdirected e-mail. Throws FatalError for a date that is not a
// real one (no birth date read), rather than returning a trivial password.
std::string BirthDatePassword(const Date& birth_date);

}  // namespace superbill
