#!/usr/bin/env bash
# Benchmarks of regelwerk on synthetic projects (not part of CI; numbers go in
# the issue notes). Usage: bash benches/bench.sh [check|build|reports|serve|pdf|all]
# Needs: hyperfine and GNU time (apt-get install hyperfine time); for the
# DuckDB comparison of `reports`: pip install duckdb.
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

if [[ $what == all || $what == reports ]]; then
  [[ -d $work/csv1m ]] || "$gen" --out "$work/csv1m" --cases 0 --rows 1000000 --opdrachtgevers 12 >/dev/null
  [[ -d $work/csv250k ]] || "$gen" --out "$work/csv250k" --cases 0 --rows 250000 --opdrachtgevers 12 >/dev/null
  csv=$work/csv1m/data/register.csv
  size=$(stat -c %s "$csv")
  echo "== all quarterly reports from a 1,000,000-row register ($((size / 1000000)) MB): build (check + reports + leak guard)"
  hyperfine --warmup 1 --runs 3 -i "$bin --root $work/csv1m build -q $today"
  peak "$bin" --root "$work/csv1m" build -q $today
  echo "== one quarter: report --quarter 2026-Q3"
  hyperfine --warmup 1 --runs 3 -i "$bin --root $work/csv1m report -q --quarter 2026-Q3 $today"
  echo "== peak memory at 250,000 rows, for the growth"
  peak "$bin" --root "$work/csv250k" build -q $today
  echo "== floor: cat register > /dev/null"
  hyperfine --warmup 1 --runs 5 "cat $csv"
  if python3 -c "import duckdb" 2>/dev/null; then
    echo "== DuckDB: GROUP BY opdrachtgever, quarter, onderwerp over the same CSV"
    cat > "$work/duck.py" <<PY
import duckdb, sys
duckdb.connect().execute("""
SELECT opdrachtgever, year(d) AS y, quarter(d) AS q, onderwerp, count(*)
FROM (SELECT *, strptime(ingediend, '%d-%m-%Y') AS d
      FROM read_csv('$csv', delim=';', header=true, all_varchar=true))
GROUP BY ALL""").fetchall()
PY
    hyperfine --warmup 1 --runs 5 "python3 $work/duck.py"
    peak python3 "$work/duck.py"
  fi
fi

if [[ $what == all || $what == serve ]]; then
  rm -rf "$work/serve-example" && mkdir -p "$work/serve-example"
  cp -r content data "$work/serve-example/"
  [[ -d $work/yaml1k ]] || "$gen" --out "$work/yaml1k" --cases 1000 --rows 0 >/dev/null
  echo "== serve: edit-to-served latency, example project"
  python3 benches/serve_latency.py "$bin" "$work/serve-example" 30
  echo "== serve: edit-to-served latency, 1,000 case files"
  python3 benches/serve_latency.py "$bin" "$work/yaml1k" 30
fi

if [[ $what == all || $what == pdf ]]; then
  [[ -d $work/yaml1k ]] || "$gen" --out "$work/yaml1k" --cases 1000 --rows 0 >/dev/null
  for project in example yaml1k; do
    rm -rf "$work/pdf-$project" && mkdir -p "$work/pdf-$project"
    if [[ $project == example ]]; then cp -r content data "$work/pdf-$project/"
    else cp -r "$work/yaml1k/content" "$work/yaml1k/data" "$work/pdf-$project/"; fi
    echo "== build --pdf from scratch: $project"
    peak "$bin" --root "$work/pdf-$project" build --pdf -q $today
    echo "  $(find "$work/pdf-$project/output/letters" -name '*.pdf' | wc -l) PDF letters"
  done
fi
