#!/usr/bin/env bash
# Command-line tests, one CTest entry per behaviour:
#   cli_test.sh CITSIM_BINARY TEST_NAME [ARG]
set -euo pipefail
citsim=$1
name=$2
arg=${3:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

case "$name" in
  version)
    out=$("$citsim" --version)
    [[ "$out" =~ ^citsim\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "version printed '$out'"
    ;;
  help)
    out=$("$citsim" --help)
    grep -q "simulate" <<<"$out" || fail "help does not list simulate"
    grep -q "decision support" <<<"$(tr 'D' 'd' <<<"$out")" || fail "help does not say decision support"
    out=$("$citsim" simulate --help)
    grep -q -- "--out" <<<"$out" || fail "simulate --help does not list --out"
    ;;
  no-subcommand)
    set +e; "$citsim" >"$work/o" 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc without subcommand, expected 2"
    ;;
  example)
    "$citsim" simulate "$arg" --out "$work/run" >"$work/o"
    grep -q "results written to" "$work/o" || fail "no closing line"
    [ -s "$work/run/summary.json" ] || fail "no summary.json"
    [ -s "$work/run/injury_session1.vti" ] || fail "no injury_session1.vti"
    python3 - "$work/run/summary.json" "$arg" <<'PY'
import json, sys, tomllib
s = json.load(open(sys.argv[1]))
case = tomllib.load(open(sys.argv[2], "rb"))
assert s["version"] and s["seed"] == case["simulation"]["seed"], "seed"
assert s["case"]["site"]["zone"] == case["site"]["zone"]
assert len(s["sessions"]) == case["protocol"]["sessions"], "one entry per session"
for x in s["sessions"]:
    c = x["channels"]
    assert c["density_per_cm2"] > 0 and 0 < c["coverage_fraction"] < 1
    assert 0 <= c["fraction_reaching_plexus"] <= c["fraction_reaching_dermis"] <= 1
PY
    head -c 300 "$work/run/injury_session1.vti" | grep -q 'type="ImageData"' || fail "not VTK image data"
    ls -A "$work" | grep -q '^\.run\.tmp' && fail "temporary folder left behind"
    ;;
  bad-case)
    sed 's/^needle_length_mm = .*/needle_length_mm = -1/' "$root/examples/pen-cheek-rejuvenation.toml" >"$work/bad.toml"
    set +e; "$citsim" simulate "$work/bad.toml" --out "$work/run" >"$work/o" 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2"
    [ "$(wc -l <"$work/e")" -eq 1 ] || fail "expected one line, got: $(cat "$work/e")"
    grep -q 'bad.toml: device.needle_length_mm = -1: must be a number between 0.1 and 2.5 mm for a pen' "$work/e" \
      || fail "message was: $(cat "$work/e")"
    [ ! -e "$work/run" ] || fail "output folder created for a bad case"
    [ -z "$(ls -A "$work" | grep tmp || true)" ] || fail "temporary folder left behind"
    ;;
  missing-case)
    set +e; "$citsim" simulate "$work/nope.toml" --out "$work/run" 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2"
    [ "$(wc -l <"$work/e")" -eq 1 ] || fail "expected one line"
    ;;
  refuses-foreign-folder)
    mkdir -p "$work/photos" && echo x >"$work/photos/me.jpg"
    set +e; "$citsim" simulate "$root/examples/home-roller.toml" --out "$work/photos" 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2"
    [ -f "$work/photos/me.jpg" ] || fail "user file lost"
    ;;
  same-on-any-thread-count)
    "$citsim" simulate "$root/examples/roller-acne-scars.toml" --out "$work/t1" -j 1 >/dev/null
    "$citsim" simulate "$root/examples/roller-acne-scars.toml" --out "$work/t2" -j 2 >/dev/null
    "$citsim" simulate "$root/examples/roller-acne-scars.toml" --out "$work/t3" -j 3 >/dev/null
    cmp "$work/t1/summary.json" "$work/t2/summary.json" || fail "summary differs between 1 and 2 threads"
    cmp "$work/t1/summary.json" "$work/t3/summary.json" || fail "summary differs between 1 and 3 threads"
    cmp "$work/t1/injury_session1.vti" "$work/t2/injury_session1.vti" || fail "field differs"
    ;;
  validate)
    "$citsim" validate "$root"/examples/*.toml >"$work/o"
    [ "$(grep -c ': ok$' "$work/o")" -ge 5 ] || fail "not every example validated"
    ;;
  *)
    fail "unknown test $name"
    ;;
esac
echo "ok: $name"
