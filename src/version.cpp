#include "infra/version.hpp"

namespace infra {

// INFRA_VERSION comes from the project() version in CMakeLists.txt.
const char* version() { return INFRA_VERSION; }

}  // namespace infra
