#!/usr/bin/env bash
# Installs what infant-all needs on Debian (12, bookworm) and skips what is present, so it is
# cheap to run every time. Used by scripts/run.sh and scripts/test.sh; runs without prompts.
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --r      also R with survival, cmprsk and data.table (only to
#                                    regenerate the golden files and to time R in scripts/bench.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ libeigen3-dev doctest-dev libbenchmark-dev nlohmann-json3-dev
  libfast-float-dev libcli11-dev libboost-dev emscripten esbuild chromium fonts-dejavu-core
  clang-format clang-14 libclang-rt-14-dev python3 ca-certificates time)
if [[ "${1:-}" == "--r" ]]; then
  packages+=(r-base-core r-cran-survival r-cran-cmprsk r-cran-data.table)
fi
# Node.js and npm: any install that provides both commands will do (Debian's or another
# vendor's package); only when missing do we ask Debian for them.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "install-deps: Debian packages present"
fi

# npm: only playwright-core (drives /usr/bin/chromium; never downloads a browser) and the page's
# bundled libraries, exactly as locked, with no install scripts run.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "install-deps: npm ci"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
else
  echo "install-deps: node_modules up to date"
fi
