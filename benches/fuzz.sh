#!/usr/bin/env bash
# A long fuzzing run of every loader (issue 14; not part of CI): each of the
# four loaders gets REGELWERK_FUZZ_SECS seconds (default 600) of mutated real
# files. Usage: bash benches/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
REGELWERK_FUZZ_SECS=${1:-600} cargo test --release --test fuzz -- --nocapture
