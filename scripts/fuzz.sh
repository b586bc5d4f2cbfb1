#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset `fuzz`: clang-14, ASan + UBSan) and runs each one.
#   scripts/fuzz.sh SECONDS [TARGET...]     each target (default: all) for SECONDS
#   scripts/fuzz.sh --smoke [TARGET...]     a few seconds per target (the default test run)
# Options: --no-build (use the existing build), --fresh (start from the committed seeds only),
#          --regressions (only replay fuzz/regressions/<target>/*, the inputs of fixed findings;
#          every run replays them before fuzzing and fails if one breaks again).
# The committed corpus fuzz/corpus/<target>/ is copied into build/fuzz-work/<target>/corpus and
# grows there, never in the source tree; crash files go to build/fuzz-work/<target>/crashes/.
# Prints one line per target and exits non-zero if any target crashed (its crash file named).
set -uo pipefail
cd "$(dirname "$0")/.."

all_targets=(fuzz_csv_reader fuzz_classify fuzz_kaplan_meier fuzz_log_rank
  fuzz_cumulative_incidence fuzz_cox fuzz_time_split)
seconds=""
smoke=0
build=1
fresh=0
regressions=0
targets=()
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1 ;;
    --no-build) build=0 ;;
    --fresh) fresh=1 ;;
    --regressions) regressions=1 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    fuzz_*) targets+=("$a") ;;
    *[!0-9]*|"") echo "fuzz.sh: unknown argument '$a' (see --help)" >&2; exit 2 ;;
    *) seconds=$a ;;
  esac
done
((smoke)) && seconds=5
if [[ -z "$seconds" && $regressions -eq 0 ]]; then
  echo "usage: scripts/fuzz.sh SECONDS [--smoke] [--no-build] [--fresh] [TARGET...]" >&2
  exit 2
fi
((${#targets[@]})) || targets=("${all_targets[@]}")

bin=build/fuzz/fuzz
work=build/fuzz-work
mkdir -p build/logs "$work"

if ((build)); then
  # Only the fuzz targets (and the core they link): the rest of the tree has its own presets.
  if ! { [[ -f build/fuzz/build.ninja ]] || cmake --preset fuzz; } >build/logs/fuzz-build.log 2>&1 ||
     ! cmake --build --preset fuzz -j2 --target infant_all_fuzz >>build/logs/fuzz-build.log 2>&1; then
    echo "fuzz.sh: build failed (build/logs/fuzz-build.log):"
    tail -n 30 build/logs/fuzz-build.log
    exit 1
  fi
fi

# Longest input worth trying: CSV text needs room; the estimators read at most ~48 rows.
max_len_of() {
  case "$1" in
    fuzz_csv_reader) echo 4096 ;;
    fuzz_classify) echo 512 ;;
    *) echo 1024 ;;
  esac
}

failed=0
for t in "${targets[@]}"; do
  exe="$bin/$t"
  if [[ ! -x "$exe" ]]; then
    echo "$t: MISSING binary $exe"
    failed=1
    continue
  fi
  dir="$work/$t"
  log="$dir/fuzz.log"
  if ((fresh)); then rm -rf "$dir"; fi
  mkdir -p "$dir/corpus" "$dir/crashes"

  # The inputs of past findings first: each must pass (the bug stays fixed).
  shopt -s nullglob
  files=(fuzz/regressions/"$t"/*)
  shopt -u nullglob
  bad=0
  for f in "${files[@]}"; do
    if ! "$exe" -rss_limit_mb=2048 "$f" >"$dir/regressions.log" 2>&1; then
      echo "$t: REGRESSION FAILS $f (log: $dir/regressions.log)"
      grep -m1 -aE 'INVARIANT FAILED|ERROR: (AddressSanitizer|libFuzzer)|runtime error' \
        "$dir/regressions.log" | sed 's/^/    /'
      bad=1
    fi
  done
  if ((bad)); then
    failed=1
    continue
  fi
  if ((regressions)); then
    echo "$t: ${#files[@]} regression inputs pass"
    continue
  fi

  cp -n fuzz/corpus/"$t"/* "$dir/corpus/" 2>/dev/null
  # The smoke run (part of every test run) uses a fixed seed, so that what it tries depends on
  # the code, not on the clock; longer runs draw a fresh seed to explore.
  seed=()
  ((smoke)) && seed=(-seed=20261201)
  "$exe" "$dir/corpus" "${seed[@]}" -max_total_time="$seconds" -max_len="$(max_len_of "$t")" \
    -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
    -artifact_prefix="$dir/crashes/" >"$log" 2>&1
  rc=$?
  runs=$(grep -aE "^stat::number_of_executed_units:" "$log" | tail -1 | awk '{print $2}')
  cov=$(grep -aoE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  n_corpus=$(find "$dir/corpus" -type f | wc -l)
  if ((rc == 0)); then
    printf '%-27s ok     %6ss %10s execs  corpus %5d files  %s\n' "$t" "$seconds" \
      "${runs:-?}" "$n_corpus" "$cov"
  else
    failed=1
    crash=$(grep -aoE 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')
    what=$(grep -a -m1 -E 'INVARIANT FAILED|ERROR: (AddressSanitizer|libFuzzer|UndefinedBehavior)|runtime error' "$log")
    printf '%-27s CRASH  exit %d  crash file: %s  log: %s\n' "$t" "$rc" "${crash:-none}" "$log"
    [[ -n "$what" ]] && echo "    $what"
  fi
done
exit "$failed"
