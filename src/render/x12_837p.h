// ASC X12 005010X222A1 837P professional claims from coded claims: claim.x12 (one interchange
// per course) and the batch file of `generate --x12-batch` (one interchange, one claim per
// course). Pure: returns bytes and touches no file, so tests render into memory.
//
// Layout: ISA/GS, then per transaction set ST, BHT, 1000A submitter, 1000B receiver, 2000A/
// 2010AA billing provider (the clinic), and per course 2000B/2010BA subscriber, 2010BB payer,
// 2000C/2010CA patient (when not the subscriber), 2300 claim with HI, 2310B rendering provider,
// 2400 lines (SV1, DTP*472, 2410 LIN/CTP for drugs, 2420A when a line's provider differs);
// SE, GE, IEA. Names are in card form (model/card_name.h), values upper-case, stripped of
// what X12 forbids and cut to their element's length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/diagnostic.h"
#include "model/claim.h"
#include "model/clinic.h"
#include "model/date.h"

namespace superbill {

// An 837P claim holds at most 50 service lines; a course with more is filed as several
// claims (each with its own CLM02 total) under the same subscriber.
inline constexpr std::size_t kX12MaxLinesPerClaim = 50;
// The implementation guide's recommended limit of claims in one transaction set (ST/SE).
inline constexpr std::size_t kX12MaxClaimsPerTransaction = 5000;
// The largest interchange control number (ISA13 has 9 digits).
inline constexpr std::int64_t kX12MaxControlNumber = 999'999'999;

// What an 837P element holds at most: the patient control number (CLM01, the course id) and
// an address line (N301, N302).
inline constexpr std::size_t kX12MaxPatientControl = 20;
inline constexpr std::size_t kX12MaxAddressLine = 55;

// Whether the claim's course gets an 837P: its clinic has <x12>, its coverage a payerId and
// its id fits CLM01.
bool X12Applies(const Claim& claim);

// What an 837P cannot carry of the claim's course, as warnings located in the course file:
// no payerId or an id too long for CLM01 (no 837P for the course: X12Applies is false), an
// address line longer than N3 takes (shortened). None when the clinic has no <x12>.
Diagnostics X12Warnings(const Claim& claim);

// claim.x12: one interchange with control number `control_number` (ISA13, GS06), dated the
// claim's statement date, holding the claim. The claim must satisfy X12Applies.
std::string RenderX12Claim(const Claim& claim, std::int64_t control_number);

// One interchange written piece by piece (for a batch of any size): Begin(), AddClaim() per
// course, End(). Claims must share `clinic`, which must have <x12>; the pieces concatenated
// are the interchange. A transaction set is opened with the first claim and after every
// `claims_per_transaction` claims.
class X12Interchange {
 public:
  X12Interchange(const Clinic& clinic, Date date, std::int64_t control_number,
                 std::size_t claims_per_transaction = kX12MaxClaimsPerTransaction);
  // ISA and GS.
  std::string Begin();
  // The course's 2000B loops (opening or rolling over a transaction set as needed). The
  // claim must satisfy X12Applies.
  std::string AddClaim(const Claim& claim);
  // SE of the open transaction set, GE, IEA. An interchange with no claim is not valid X12.
  std::string End();
  // Courses added so far.
  std::size_t claims() const { return claims_; }

 private:
  std::string OpenTransaction();
  std::string CloseTransaction();

  const Clinic& clinic_;
  const X12Settings& x12_;
  Date date_;
  std::int64_t control_number_;
  std::size_t claims_per_transaction_;
  std::size_t claims_ = 0;
  std::size_t transactions_ = 0;  // opened so far
  bool open_ = false;
  std::size_t segments_ = 0;  // segments of the open transaction set, ST included
  int hl_ = 0;                // the last HL number of the open transaction set
};

}  // namespace superbill
