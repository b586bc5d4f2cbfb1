#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Ends with one summary line
# "N passed, M failed" (test cases summed over all suites) and exits non-zero on any failure.
#   scripts/test.sh           the default run (what CI runs through .ci/run)
#   scripts/test.sh --fuzz    the libFuzzer targets for FUZZ_SECONDS each (default 60); the
#                             default run includes a few-second smoke run of every target
#   scripts/test.sh --bench   the Google Benchmark binary (release build)
set -uo pipefail
cd "$(dirname "$0")/.."
mode=default
for a in "$@"; do
  case "$a" in
    --fuzz) mode=fuzz ;;
    --bench) mode=bench ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $a (see --help)" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh || { echo "test.sh: installing dependencies failed"; exit 1; }
source scripts/lib.sh
mkdir -p build/logs build/test-artifacts
start=$(date +%s)
passed=0
failed=0
report=()

# step NAME COMMAND...: runs a suite, logs it, and adds its test-case counts to the totals.
# A suite that fails to build or crashes counts as one failure even if it printed no counts.
step() {
  local name=$1
  shift
  local log="build/logs/$name.log"
  local t0=$(date +%s)
  "$@" >"$log" 2>&1
  local rc=$?
  local p=0 f=0
  if grep -q '\[doctest\] test cases:' "$log"; then
    local line
    line=$(grep '\[doctest\] test cases:' "$log" | tail -1 | sed 's/\x1b\[[0-9;]*m//g')
    p=$(sed -E 's/.*\| *([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.*\| *([0-9]+) failed.*/\1/' <<<"$line")
  elif grep -qE '^# (pass|fail) [0-9]+' "$log"; then
    p=$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
    f=$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  elif ((rc == 0)); then
    p=1
  fi
  if ((rc != 0 && f == 0)); then f=1; fi
  passed=$((passed + p))
  failed=$((failed + f))
  local verdict=ok
  ((rc == 0)) || verdict=FAILED
  report+=("$(printf '%-22s %-6s %4d passed %3d failed  %4ds  %s' "$name" "$verdict" "$p" "$f" \
    $(($(date +%s) - t0)) "$log")")
  printf '%s\n' "${report[-1]}"
  if ((rc != 0)); then
    echo "---- last lines of $log ----"
    tail -n 40 "$log" | sed 's/\x1b\[[0-9;]*m//g' | cut -c1-400
    echo "----"
  fi
}

run_doctest_native() {
  build_preset "$1" infant_all_tests && "build/$1/tests/infant_all_tests" --no-colors=true
}
run_doctest_wasm() {
  build_preset wasm-release infant_all_tests &&
    node build/wasm-release/tests/infant_all_tests.js --no-colors=true
}
check_format() {
  local files
  files=$(git ls-files '*.cpp' '*.h' | grep -v '^build/')
  # shellcheck disable=SC2086
  clang-format --dry-run --Werror $files && echo "clang-format: $(wc -w <<<"$files") files clean"
}
# The core's layers (core/CMakeLists.txt): a source or header may include the headers of its own
# layer, of common (infant_all/status.h, format.h, version.h) and of the layers its library
# links: stats nothing else, io nothing else, clinical io. Prints each offending #include.
check_layers() {
  local bad=0 layer forbidden hits
  for layer in common io stats clinical; do
    case "$layer" in
      common) forbidden='io|stats|clinical' ;;
      io) forbidden='stats|clinical' ;;
      stats) forbidden='io|clinical' ;;
      clinical) forbidden='stats' ;;
    esac
    hits=$(grep -rnE "#include \"infant_all/($forbidden)/" "core/src/$layer" \
      $( [[ -d "core/include/infant_all/$layer" ]] && echo "core/include/infant_all/$layer" ))
    if [[ -n "$hits" ]]; then
      echo "layer $layer includes a header it may not use:"
      echo "$hits"
      bad=1
    fi
  done
  ((bad == 0)) && echo "layers: common, io, stats, clinical include only what they link"
}

case "$mode" in
  default)
    step doctest-native-debug run_doctest_native native-debug
    step doctest-native-asan run_doctest_native native-asan
    step doctest-wasm-node run_doctest_wasm
    step build-web build_web
    step cli-native build_preset native-release infant_all_cli
    step js-node node --test tests/js/
    step clang-format check_format
    step layers check_layers
    step browser-chromium node --test tests/browser/
    step fuzz-smoke bash scripts/fuzz.sh --smoke
    ;;
  bench)
    step bench bash -c 'source scripts/lib.sh && build_preset native-release infant_all_bench &&
      build/native-release/bench/infant_all_bench --benchmark_min_time=0.2'
    cat build/logs/bench.log
    ;;
  fuzz)
    step fuzz bash scripts/fuzz.sh "${FUZZ_SECONDS:-60}"
    ;;
esac

echo
echo "test.sh ($mode) finished in $(($(date +%s) - start))s:"
printf '  %s\n' "${report[@]}"
echo "${passed} passed, ${failed} failed"
((failed == 0))
