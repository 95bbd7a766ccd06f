#!/usr/bin/env bash
# Races regelwerk against the anchors of issue 15 on the same data, in
# alternating runs, and prints medians, ratios and peak memory of each side.
# Not part of CI. Usage: bash benches/race.sh [register|letters|check|all] [runs]
#
#   register: `regelwerk build` on a generated 1,000,000-row register against
#             DuckDB's GROUP BY opdrachtgever, quarter, onderwerp (count, median
#             handling days) over the same file.
#   letters:  `regelwerk build` of 2,000 case files (rebuild into existing
#             output, and fresh into an empty one) against Hugo rendering as
#             many pages of the same size as regelwerk writes HTML letters.
#   check:    `regelwerk check` on 10,000 case files, in microseconds per file
#             (the goal has no anchor: 20 µs per file).
#
# Installs what it misses: DuckDB from PyPI, Hugo and GNU time from Debian.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
runs=${2:-5}
today=--today=2026-11-24

command -v /usr/bin/time >/dev/null || apt-get install -y -q time >/dev/null
python3 -c 'import duckdb' 2>/dev/null || pip install -q duckdb
command -v hugo >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q hugo >/dev/null

cargo build --release --quiet
cargo build --release --quiet --example generate
bin=$PWD/target/release/regelwerk
gen=$PWD/target/release/examples/generate
work=$PWD/target/race
mkdir -p "$work"

# measure LABEL PREPARE COMMAND...: one run; appends "seconds KiB" to $work/LABEL.
measure() {
  local label=$1 prepare=$2
  shift 2
  eval "$prepare"
  # regelwerk exits 1 when it finds violations: that is a finished run.
  /usr/bin/time -f "%e %M" -o "$work/time.out" "$@" >/dev/null 2>"$work/stderr.out" || true
  if grep -q "exited with non-zero status [^1]" "$work/time.out"; then
    echo "$label failed:" >&2
    cat "$work/stderr.out" >&2
    exit 1
  fi
  tail -n 1 "$work/time.out" >>"$work/$label"
}

# median LABEL COLUMN: the median of one column of a label's runs.
median() {
  cut -d' ' -f"$2" "$work/$1" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

# report LABEL: "median seconds, peak MiB".
report() {
  printf '%8.3f s  %6.0f MiB' "$(median "$1" 1)" "$(echo "$(median "$1" 2) / 1024" | bc -l)"
}

ratio() { printf "%.2f" "$(echo "$1 / ($2)" | bc -l)"; }

if [[ $what == all || $what == register ]]; then
  # A badly kept register (half the rows break a rule) and a clean one.
  for kind in slordig:500 keurig:0; do
    for rows in 250000 1000000; do
      label=${kind%%:*}-$rows
      dir=$work/register-$label
      [[ -f $dir/data/register.csv ]] ||
        "$gen" --out "$dir" --cases 0 --rows $rows --opdrachtgevers 12 \
          --gebreken "${kind##*:}" >/dev/null
      csv=$dir/data/register.csv
      cat >"$work/anchor_query.py" <<EOF
import duckdb
duckdb.sql("""
  SELECT opdrachtgever,
         date_trunc('quarter', strptime(ingediend, '%d-%m-%Y')) AS kwartaal,
         onderwerp, count(*) AS klachten,
         median(date_diff('day', strptime(ingediend, '%d-%m-%Y'),
                                 try_strptime(uitslag, '%d-%m-%Y'))) AS mediaan
  FROM read_csv('$csv', delim=';', header=true, all_varchar=true)
  GROUP BY ALL ORDER BY ALL
""").fetchall()
EOF
      rm -f "$work/rw-$label" "$work/duck-$label"
      for _ in $(seq "$runs"); do
        measure "rw-$label" : "$bin" --root "$dir" build -q $today
        measure "duck-$label" : python3 "$work/anchor_query.py"
      done
      findings=$("$bin" --root "$dir" check --format json $today | grep -c '"rule"' || true)
      echo "== register $label: $rows rows ($(($(stat -c %s "$csv") / 1000000)) MB, $findings findings), median of $runs"
      echo "  regelwerk build  $(report "rw-$label")"
      echo "  DuckDB GROUP BY  $(report "duck-$label")"
      echo "  regelwerk speed: $(ratio "$(median "duck-$label" 1)" "$(median "rw-$label" 1)")× DuckDB"
    done
  done
fi

if [[ $what == all || $what == letters ]]; then
  dir=$work/letters
  [[ -d $dir/data/cases ]] || "$gen" --out "$dir" --cases 2000 --rows 0 >/dev/null
  "$bin" --root "$dir" build -q $today
  letters=$(find "$dir/output/letters" -name '*.html' | wc -l)
  size=$(find "$dir/output/letters" -name '*.html' -printf '%s\n' | awk '{s+=$1} END {print int(s/NR)}')

  # A Hugo site of as many pages, each about as large as a letter.
  site=$work/hugo
  if [[ ! -f $site/content/p$((letters - 1)).md ]]; then
    rm -rf "$site"
    mkdir -p "$site/content" "$site/layouts/_default"
    printf 'baseURL = "http://localhost/"\ntitle = "race"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n' >"$site/config.toml"
    printf '<!doctype html><html lang="nl"><head><title>{{ .Title }}</title></head><body><main>{{ .Content }}</main></body></html>\n' >"$site/layouts/_default/single.html"
    printf '<!doctype html><html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' >"$site/layouts/_default/list.html"
    paragraph="Geachte heer of mevrouw, op 12 maart ontvingen wij uw klacht over de begeleiding. Wij hebben uw klacht zorgvuldig bekeken en met u besproken."
    for i in $(seq 0 $((letters - 1))); do
      {
        printf -- '---\ntitle: "Brief %d"\n---\n\n' "$i"
        for _ in $(seq $((size / ${#paragraph}))); do printf '%s\n\n' "$paragraph"; done
      } >"$site/content/p$i.md"
    done
  fi

  # "Fresh" means an empty output folder. The old one is moved aside, not
  # deleted, before each run of either tool, and deleted after all runs:
  # right after thousands of files are deleted, ext4 spends most of a file
  # creation skipping the inodes it just freed, which measures the disk's
  # last chore rather than the tool.
  rm -f "$work"/{rw-re,rw-fresh,hugo-run,hugo-re}
  trash=$work/trash
  mkdir -p "$trash"
  for i in $(seq "$runs"); do
    measure rw-re sync "$bin" --root "$dir" build -q $today
    measure rw-fresh "mv '$dir/output' '$trash/output-$i'; sync" "$bin" --root "$dir" build -q $today
    measure hugo-run "mv '$site/public' '$trash/public-$i' 2>/dev/null || true; sync" hugo --quiet -s "$site"
    measure hugo-re sync hugo --quiet -s "$site"
  done
  rm -rf "$trash"
  pages=$(find "$site/public" -name '*.html' | wc -l)
  page_size=$(find "$site/public" -name 'index.html' -path '*/p*' -printf '%s\n' | awk '{s+=$1} END {print int(s/NR)}')
  echo "== letters: $letters HTML letters (about $size bytes) against $pages Hugo pages (about $page_size bytes), median of $runs"
  echo "  regelwerk rebuild  $(report rw-re)"
  echo "  regelwerk fresh    $(report rw-fresh)"
  echo "  Hugo rebuild       $(report hugo-re)"
  echo "  Hugo fresh         $(report hugo-run)"
  rw_re=$(median rw-re 1) rw_fresh=$(median rw-fresh 1)
  hugo=$(median hugo-run 1) hugo_re=$(median hugo-re 1)
  # Like with like: a rebuild against Hugo's rebuild into its existing
  # public/, a fresh build against Hugo's fresh one; and the rebuild
  # against Hugo's fresh build too, the faster of Hugo's two.
  echo "  rebuild: $(ratio "$letters * $hugo_re" "$pages * $rw_re")× Hugo's rebuild pages/s ($(ratio "$letters * $hugo" "$pages * $rw_re")× Hugo's fresh)"
  echo "  fresh:   $(ratio "$letters * $hugo" "$pages * $rw_fresh")× Hugo's fresh pages/s"
fi

if [[ $what == all || $what == check ]]; then
  dir=$work/check
  [[ -d $dir/data/cases ]] || "$gen" --out "$dir" --cases 10000 --rows 0 >/dev/null
  rm -f "$work/rw-check"
  for _ in $(seq "$runs"); do
    measure rw-check : "$bin" --root "$dir" check -q $today
  done
  files=$(find "$dir/data/cases" -name '*.yaml' | wc -l)
  echo "== check: $files case files, median of $runs"
  echo "  regelwerk check  $(report rw-check)"
  echo "  per file:        $(printf '%.0f' "$(echo "$(median rw-check 1) * 1000000 / $files" | bc -l)") µs"
fi
