// The fields of a course's parts (patient, coverage, visit, service, payment), read the same
// way from an XML element's attributes and from a CSV row's cells: same checks, same
// messages. Structure (which elements or rows there are) is each reader's own job.
#pragma once

#include <optional>
#include <string_view>

#include "input/fields.h"
#include "model/course.h"

namespace superbill {

// given, middle, family, birthDate, sex, phone (not the address).
void ReadPersonFields(FieldSource& r, Person* p);
// id and language, then the person's fields.
void ReadPatientFields(FieldSource& r, Patient* p);
// payer, payerId, memberId, group, plan, relationship (not the subscriber).
void ReadCoverageFields(FieldSource& r, Coverage* c);
// date, provider, pos, charge, telehealth (not the services).
void ReadVisitFields(FieldSource& r, Visit* v);
// The kind named `name` ("infusion"); nullopt for no service.
std::optional<ServiceKind> ServiceKindFromName(std::string_view name);
// The fields of a service of kind s->kind, and its dx.
void ReadServiceFields(FieldSource& r, Service* s);
// date, amount, method, reference.
void ReadPaymentFields(FieldSource& r, Payment* p);

}  // namespace superbill
