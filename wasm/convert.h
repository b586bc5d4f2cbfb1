// Conversions between JS values and the core's plain structs. The JS API returns the same
// shapes as the CLI's JSON (ENGINE.md), so one test can hold the two against each other.
#pragma once

#include <string>

namespace infant_all::wasm {

std::string version();

}  // namespace infant_all::wasm
