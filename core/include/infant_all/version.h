// The engine's version, shared by the CLI (--version), the WASM module (version()) and the page.
#pragma once

namespace infant_all {

// Semantic version of the statistics core, e.g. "0.1.0".
const char* version();

}  // namespace infant_all
