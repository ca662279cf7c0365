#!/usr/bin/env bash
# The run-cost estimate (`citsim validate`, pipeline/budget.cpp) against the
# measured time and peak memory of `citsim simulate -j 1` on a few cases that
# stress each part: plan fidelity, full fidelity, a finer injury block.
# Prints one line per case; nothing is asserted. See docs/performance.md.
#   bench/run_cost.sh [CITSIM_BINARY]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
citsim=${1:-$here/build/release/citsim}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
full() {  # a full-fidelity stamp course: full CELL FOLLOW_UP
  sed "s/^fidelity = .*/fidelity = \"full\"\nblock_mm = 1.0\nhealing_cell_um = $1/; s/^sessions = .*/sessions = 1/; s/^follow_up_days = .*/follow_up_days = $2/" \
    "$here/examples/stamp-striae.toml"
}
full 50 15 >"$work/full-15d.toml"
full 50 120 >"$work/full-120d.toml"
full 20 15 >"$work/full-cell20.toml"
sed 's/^\[simulation\]/[simulation]\nvoxel_um = 5/' "$here/examples/pen-cheek-rejuvenation.toml" >"$work/pen-voxel5.toml"
# A pen at its largest settings (1.5 million channels per cm2), one session,
# on a 0.5 mm injury block.
sed 's/^glide_speed_mm_s = .*/glide_speed_mm_s = 1/; s/^stroke_rate_hz = .*/stroke_rate_hz = 200/; s/^passes = .*/passes = 10/; s/^needle_count = .*/needle_count = 64/; s/^needle_length_mm = .*/needle_length_mm = 2.5/; s/^sessions = .*/sessions = 1/; s/^follow_up_days = .*/follow_up_days = 1/; s/^\[simulation\]/[simulation]\nblock_mm = 0.5/' \
  "$here/examples/pen-cheek-rejuvenation.toml" >"$work/pen-max-1-session.toml"
printf '%-28s %-40s %s\n' case estimate measured
for f in "$here/examples/roller-acne-scars.toml" "$here/examples/pen-cheek-rejuvenation.toml" \
         "$work/full-15d.toml" "$work/full-120d.toml" "$work/full-cell20.toml" "$work/pen-voxel5.toml" \
         "$work/pen-max-1-session.toml"; do
  estimate=$("$citsim" validate "$f" | sed 's/.*(simulate: about //; s/ on one core)//')
  measured=$( { /usr/bin/time -f "%e s, %M KB" "$citsim" simulate "$f" --out "$work/out" -j 1 >/dev/null; } 2>&1 | tail -n 1)
  rm -rf "$work/out"
  printf '%-28s %-40s %s\n' "$(basename "$f" .toml)" "$estimate" "$measured"
done
