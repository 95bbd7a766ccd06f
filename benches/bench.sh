#!/usr/bin/env bash
# Benchmarks of regelwerk on synthetic projects (not part of CI; numbers go in
# the issue notes). Usage: bash benches/bench.sh [check|build|all]
# Needs: hyperfine and GNU time (apt-get install hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
cargo build --release --quiet
cargo build --release --quiet --example generate
bin=$PWD/target/release/regelwerk
gen=$PWD/target/release/examples/generate
work=$PWD/target/bench
mkdir -p "$work"
today=--today=2026-11-24

peak() { # command... → prints wall seconds and peak RSS
  /usr/bin/time -f "  wall %e s, peak RSS %M KiB" "$@" >/dev/null 2>"$work/time.log" || true
  tail -n 1 "$work/time.log"
}

if [[ $what == all || $what == build ]]; then
  echo "== build of the example project (existing output, then empty output)"
  hyperfine -N --warmup 3 --runs 30 "$bin --root . build -q $today"
  hyperfine -N --warmup 2 --runs 30 --prepare "rm -rf output" "$bin --root . build -q $today"
fi

if [[ $what == all || $what == check ]]; then
  [[ -d $work/yaml10k ]] || "$gen" --out "$work/yaml10k" --cases 10000 --rows 0 >/dev/null
  echo "== check on 10,000 case files"
  hyperfine --warmup 1 --runs 5 -i "$bin --root $work/yaml10k check -q $today"
  peak "$bin" --root "$work/yaml10k" check -q $today

  [[ -d $work/csv1m ]] || "$gen" --out "$work/csv1m" --cases 0 --rows 1000000 --opdrachtgevers 12 >/dev/null
  size=$(stat -c %s "$work/csv1m/data/register.csv")
  echo "== check on a 1,000,000-row register ($((size / 1000000)) MB)"
  hyperfine --warmup 1 --runs 3 -i "$bin --root $work/csv1m check -q --format json $today"
  peak "$bin" --root "$work/csv1m" check -q --format json $today
  echo "== floor: cat register > /dev/null"
  hyperfine --warmup 1 --runs 5 "cat $work/csv1m/data/register.csv"
fi
