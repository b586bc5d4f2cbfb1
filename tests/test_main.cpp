// One doctest runner for the whole suite; built natively, under ASan/UBSan and as WASM (node).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
