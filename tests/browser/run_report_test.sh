#!/usr/bin/env bash
# Browser test of report.html (CTest browser.report).
#   run_report_test.sh CITSIM_BINARY OUT_DIR [REPORT_RENDER]
#
# Writes into OUT_DIR: fixture/report.html (rendered by REPORT_RENDER from
# tests/browser/fixture/plan.fixture.json), and for two examples
# (pen-cheek-rejuvenation, roller-acne-scars with its try-on, contraindicated) the `citsim plan` folder with its
# report.html; then checks all three in headless Chromium (report.test.mjs)
# and saves screenshots in OUT_DIR/screenshots/.
# While `citsim plan` does not yet write report.html, REPORT_RENDER renders
# the example's plan.json instead (and says so).
# Exit 77 (CTest SKIPPED) when Chromium, node or web/node_modules is missing.
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 CITSIM_BINARY OUT_DIR [REPORT_RENDER]" >&2
  exit 2
fi
citsim=$1
out=$2
render=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${CITSIM_CHROMIUM:-/usr/bin/chromium}

. "$here/require_browser.sh"
require_browser "report.html" web/node_modules/chart.js/dist/chart.umd.js web/dist/citsim-viewer.js web/dist/citsim-report.js

mkdir -p "$out"
reports=()

# The fixture: synthetic predictions, rendered by the test driver.
if [ -n "$render" ]; then
  mkdir -p "$out/fixture"
  "$render" "$here/fixture/plan.fixture.json" "$out/fixture/report.html" "$root/data"
  reports+=("fixture:charts:$out/fixture/report.html")
fi

# The examples, through `citsim plan`.
for example in pen-cheek-rejuvenation roller-acne-scars contraindicated; do
  dir="$out/$example"
  rm -rf "$dir"
  "$citsim" plan "$root/examples/$example.toml" --out "$dir" >/dev/null
  if [ ! -f "$dir/report.html" ]; then
    if [ -z "$render" ]; then
      echo "run_report_test: $dir/report.html not written by citsim plan and no REPORT_RENDER given" >&2
      exit 1
    fi
    echo "run_report_test: citsim plan wrote no report.html for $example; rendering its plan.json with $render"
    "$render" "$dir/plan.json" "$dir/report.html" "$root/data"
  fi
  kind=charts
  grep -q '"stopped": *true' "$dir/plan.json" && kind=stopped
  reports+=("$example:$kind:$dir/report.html")
done

CITSIM_CHROMIUM="$chromium" node "$here/report.test.mjs" --screenshots "$out/screenshots" "${reports[@]}"
