#!/usr/bin/env bash
# The four-way benchmark: the full cohort analysis (parse, classify, KM of EFS and OS,
# log-rank, CIR with Gray's test, Cox) timed natively, as WASM under node, in the single-file
# page in headless Chromium, and in R, on generated cohorts of 1e3 to 1e6 rows; checks that the
# four agree (1e-7) and writes the tables into docs/PERFORMANCE.md. Not part of scripts/test.sh.
#   scripts/bench.sh                      sizes 1e3,1e4,1e5,1e6, 5 runs each
#   scripts/bench.sh --sizes 1000,10000 --runs 3 [--no-r] [--no-page] [--no-doc]
# Installs what is missing (R with survival, cmprsk and data.table included), builds the release
# CLI and the page, and generates build/bench-data/cohort_N.csv (fixed seed); R reads the same
# file and computes the risk groups itself (scripts/bench/analysis.R).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=1000,10000,100000,1000000
pass=()
while (($#)); do
  case "$1" in
    --sizes) sizes=$2; pass+=(--sizes "$2"); shift 2 ;;
    --runs) pass+=(--runs "$2"); shift 2 ;;
    --no-r|--no-page|--no-doc) pass+=("$1"); shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
scripts/install-deps.sh --r
source scripts/lib.sh
mkdir -p build/logs build/bench-data
echo "bench: building (native-release CLI, WASM CLI and page)"
build_preset native-release infant_all_cli >build/logs/bench-build.log 2>&1 &&
  build_web >>build/logs/bench-build.log 2>&1 ||
  { tail -n 30 build/logs/bench-build.log; exit 1; }
for n in ${sizes//,/ }; do
  f=build/bench-data/cohort_$n.csv
  [[ -s $f ]] || { echo "bench: generating $f"; node scripts/make-bench-cohort.mjs "$n" "$f"; }
done
node scripts/bench/run.mjs "${pass[@]}"
