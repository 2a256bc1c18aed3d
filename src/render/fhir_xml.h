// The claim as an HL7 FHIR R4 Bundle in XML (spec/outputs.md, "FHIR claim XML").
#pragma once

#include <string>

#include "model/claim.h"

namespace superbill {

// The claim as an HL7 FHIR R4 Bundle (type collection) in XML: Claim, Patient, Coverage,
// Organization (clinic; also the insurer Organization for the payer), Practitioner per rendering
// provider, RelatedPerson for a subscriber who is not the patient. Deterministic: same claim,
// same bytes (ids and urn:uuid fullUrls are derived from the course and provider ids; the only
// date used is the statement date). `claim.clinic` and `claim.course` must be set. Written
// without indentation, on one line ended by a newline (`xmllint --format` shows it indented).
// The statement number (Bundle and Claim identifier) is Claim::StatementNumber(). A corrected
// claim (claim.resubmission) has `related` to the statement it replaces (relationship
// `prior`, with the payer's claim number as its `reference` when known); a void one is also
// `cancelled` and gives its reason as supportingInfo.
std::string RenderFhirXml(const Claim& claim);

}  // namespace superbill
