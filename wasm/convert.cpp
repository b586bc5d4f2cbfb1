#include "convert.h"

#include "infant_all/version.h"

namespace infant_all::wasm {

std::string version() { return infant_all::version(); }

}  // namespace infant_all::wasm
