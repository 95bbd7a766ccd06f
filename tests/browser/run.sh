#!/usr/bin/env bash
# Browser tests (accessibility, links, 320 px, keyboard, PDF letters) on a
# fresh build of the example project. Installs what it needs on a fresh
# machine: Debian's chromium (apt-get) and playwright-core + axe-core (npm,
# no browser download). Screenshots go to target/browser/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/browser/install.sh
echo "== building the example project with --pdf"
cargo build --release --quiet
work=target/browser
rm -rf "$work/project" && mkdir -p "$work/project"
cp -r content data "$work/project/"
if [[ -d templates ]]; then cp -r templates "$work/project/"; fi
target/release/regelwerk --root "$work/project" build --pdf --today 2026-11-24 -q
echo "== building the regulations in other published shapes (tests/fixtures/articles)"
extra=()
for shape in gemeente zorg school; do
  rm -rf "$work/$shape" && cp -r "tests/fixtures/articles/$shape" "$work/$shape"
  target/release/regelwerk --root "$work/$shape" build --today 2026-11-24 -q
  extra+=("$PWD/$work/$shape/output/site")
done
for model in gemeente zorg; do
  rm -rf "$work/model-$model"
  target/release/regelwerk init "$work/model-$model" --model "$model" -q
  target/release/regelwerk --root "$work/model-$model" build --today 2026-11-24 -q
  extra+=("$PWD/$work/model-$model/output/site")
done
echo "== browser checks"
rm -rf "$work/live" && mkdir -p "$work/live" && cp -r content data "$work/live/"
EXTRA_SITES="$(IFS=:; echo "${extra[*]}")" CHROMIUM="$(command -v chromium)" REGELWERK="$PWD/target/release/regelwerk" PROJECT="$PWD/$work/live" \
  node tests/browser/run.mjs "$work/project/output" "$work/screenshots"
