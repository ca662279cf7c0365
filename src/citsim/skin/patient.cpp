// Case-file names of the patient's sex.
#include "citsim/skin/patient.hpp"

namespace citsim {

std::string_view to_string(Sex sex) {
  switch (sex) {
    case Sex::female:
      return "female";
    case Sex::male:
      return "male";
  }
  return "unknown";
}

}  // namespace citsim
