#include "model/clinic.h"

namespace superbill {

std::string Drug::NdcForDose(Decimal3 mg) const {
  for (const auto& p : packages) {
    if (p.mg == mg) return p.ndc11;
  }
  return ndc11;
}

const Provider* Clinic::FindProvider(const std::string& id) const {
  for (const auto& p : providers) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const Drug* Clinic::FindDrug(const std::string& id) const {
  for (const auto& d : drugs) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

}  // namespace superbill
