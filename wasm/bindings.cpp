// Embind registrations only: no maths and no conversion logic here (see convert.h).
#include <emscripten/bind.h>
#include <emscripten/heap.h>

#include "convert.h"

EMSCRIPTEN_BINDINGS(infant_all) {
  emscripten::function("version", &infant_all::wasm::version);
  emscripten::function("limits", &infant_all::wasm::limits);
  emscripten::function("loadCsv", &infant_all::wasm::load_csv);
  emscripten::function("warmUp", &infant_all::wasm::warm_up);
  emscripten::function("runCommand", &infant_all::wasm::run_command);
  emscripten::function("classifyPatient", &infant_all::wasm::classify_patient);
  emscripten::function("vocabulary", &infant_all::wasm::vocabulary);
  emscripten::function("rules", &infant_all::wasm::rules);
  // Bytes of WebAssembly memory: it only grows, so this is the high-water mark (scripts/bench.sh).
  emscripten::function("heapBytes", &emscripten_get_heap_size);
}
