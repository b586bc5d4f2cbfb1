#include "infant_all/version.h"

#ifndef INFANT_ALL_VERSION
#error "INFANT_ALL_VERSION must be defined by the build (CMake project version)"
#endif

namespace infant_all {

const char* version() { return INFANT_ALL_VERSION; }

}  // namespace infant_all
