# Shared by scripts/run.sh and scripts/test.sh (sourced, not run).
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs acorn from there

# build_preset NAME [TARGET...]: configure (once) and build a CMake preset under build/NAME.
build_preset() {
  local preset=$1
  shift
  if [[ ! -f "build/$preset/build.ninja" ]]; then
    cmake --preset "$preset" >"build/logs/configure-$preset.log" 2>&1 ||
      { cat "build/logs/configure-$preset.log"; return 1; }
  fi
  local targets=()
  for t in "$@"; do targets+=(--target "$t"); done
  cmake --build --preset "$preset" "${targets[@]}"
}

build_web() {
  build_preset wasm-release infant_all_web infant_all_node infant_all_cli &&
    node scripts/build-web.mjs
}
