#include "model/course.h"

namespace superbill {

const char* ServiceKindName(ServiceKind kind) {
  switch (kind) {
    case ServiceKind::kOffice:
      return "office";
    case ServiceKind::kEvaluation:
      return "evaluation";
    case ServiceKind::kPsychotherapy:
      return "psychotherapy";
    case ServiceKind::kInfusion:
      return "infusion";
    case ServiceKind::kHydration:
      return "hydration";
    case ServiceKind::kPush:
      return "push";
    case ServiceKind::kInjection:
      return "injection";
    case ServiceKind::kNasal:
      return "nasal";
    case ServiceKind::kBlock:
      return "block";
    case ServiceKind::kLine:
      return "line";
  }
  return "?";
}

}  // namespace superbill
