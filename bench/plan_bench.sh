#!/usr/bin/env bash
# Times `citsim plan` on every example case (screening, protocol, calendar,
# costs, five 12-member prediction ensembles, the try-on and report.html),
# and `citsim simulate` on the acne-scar case with its surface, each as a
# ratio to a reference run in the same script: `citsim simulate` on the pen
# example (the README's main job). Nothing is asserted; see docs/performance.md.
#   bench/plan_bench.sh [CITSIM_BINARY] [CASES_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
citsim=${1:-$here/build/release/citsim}
cases=${2:-$here/examples}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

seconds() {  # seconds COMMAND...: wall time of one run, output discarded
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }' 
}

ref=$(seconds "$citsim" simulate "$here/examples/pen-cheek-rejuvenation.toml" --out "$out/ref")
printf 'reference (citsim simulate examples/pen-cheek-rejuvenation.toml): %.2f s\n\n' "$ref"
printf '%-52s %8s %12s\n' workload seconds "x reference"
for c in "$cases"/*.toml; do
  name=$(basename "$c" .toml)
  t=$(seconds "$citsim" plan "$c" --out "$out/plan-$name")
  printf '%-52s %8.2f %12.2f\n' "plan $name" "$t" "$(awk -v t="$t" -v r="$ref" 'BEGIN { print t / r }')"
done
t=$(seconds "$citsim" simulate "$here/examples/roller-acne-scars.toml" --out "$out/acne")
printf '%-52s %8.2f %12.2f\n' "simulate roller-acne-scars (with surface)" "$t" "$(awk -v t="$t" -v r="$ref" 'BEGIN { print t / r }')"
t=$(seconds "$citsim" simulate "$here/examples/roller-acne-scars.toml" --ensemble 20 --out "$out/acne-ens")
printf '%-52s %8.2f %12.2f\n' "simulate roller-acne-scars --ensemble 20" "$t" "$(awk -v t="$t" -v r="$ref" 'BEGIN { print t / r }')"
