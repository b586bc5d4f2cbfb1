// Embind registrations only: no maths and no conversion logic here (see convert.h).
#include <emscripten/bind.h>

#include "convert.h"

EMSCRIPTEN_BINDINGS(infant_all) {
  emscripten::function("version", &infant_all::wasm::version);
}
