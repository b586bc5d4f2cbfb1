#!/usr/bin/env bash
# Installs what is missing, builds, writes the offline page and serves the calculator.
#   scripts/run.sh             build, then serve build/dist/site on http://127.0.0.1:8000
#   scripts/run.sh --no-serve  build only
# Outputs: build/dist/infant-all.html (one self-contained file: open it from disk, offline),
#          build/dist/site/ (the served site), build/native-release/cli/infant-all (the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."
serve=1
for a in "$@"; do
  case "$a" in
    --no-serve) serve=0 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $a (see --help)" >&2; exit 2 ;;
  esac
done

scripts/install-deps.sh
source scripts/lib.sh
mkdir -p build/logs
build_web
build_preset native-release infant_all_cli

echo
echo "Offline page (open from disk, no network needed): $PWD/build/dist/infant-all.html"
echo "Served site:                                      $PWD/build/dist/site/"
echo "Command-line tool:                                $PWD/build/native-release/cli/infant-all"
if ((serve)); then
  echo "Serving on http://127.0.0.1:8000/ (Ctrl-C to stop)"
  exec python3 -m http.server 8000 --bind 127.0.0.1 --directory build/dist/site
fi
