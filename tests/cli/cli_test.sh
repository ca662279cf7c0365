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
    [ -s "$work/run/timeseries.csv" ] || fail "no timeseries.csv"
    python3 - "$work/run/summary.json" "$arg" <<'PY'
import json, math, sys, tomllib
s = json.load(open(sys.argv[1]))
case = tomllib.load(open(sys.argv[2], "rb"))
assert s["version"] and s["seed"] == case["simulation"]["seed"], "seed"
assert s["case"]["site"]["zone"] == case["site"]["zone"]
p = case["protocol"]
# The session days: listed, or at an interval, then maintenance every N
# months (30.4375 days) from the course's last session, rounded half up.
days = p.get("session_days") or [i * p.get("interval_days", 0) for i in range(p["sessions"])]
m = p.get("maintenance")
if m:
    days = days + [days[-1] + math.floor(k * m["interval_months"] * 30.4375 + 0.5)
                   for k in range(1, m["sessions"] + 1)]
assert [x["day"] for x in s["sessions"]] == days, "one entry per session, on its day"
for x in s["sessions"]:
    c = x["channels"]
    assert c["density_per_cm2"] > 0 and 0 < c["coverage_fraction"] < 1
    assert 0 <= c["fraction_reaching_plexus"] <= c["fraction_reaching_dermis"] <= 1
end = s["observables_end_of_follow_up"]
assert abs(end["day"] - (days[-1] + p["follow_up_days"])) < 1e-9
assert ("long_view" in s) == bool(m), "the long view comes with maintenance"
PY
    python3 - "$work/run/timeseries.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
contract = ["day", "collagen_change_pct", "collagen_I_change_pct", "collagen_III_change_pct",
            "elastin_change_pct", "epidermal_thickness_change_pct", "dermal_thickness_change_pct",
            "erythema", "open_channels_fraction"]
assert all(c in rows[0] for c in contract), "contract columns"
days = [float(r["day"]) for r in rows]
assert days == sorted(days) and days[0] == 0
gaps = [b - a for a, b in zip(days, days[1:])]
assert max(gaps) <= 7 + 1e-9, "at least weekly"
PY
    # A site with scars, striae or a scan: its surface through the course;
    # a site treated for lines, texture or laxity: its lines and texture.
    python3 - "$work/run" "$arg" <<'PY'
import csv, json, os, sys, tomllib
run, case = sys.argv[1], tomllib.load(open(sys.argv[2], "rb"))
site = case["site"]
# A site treated for striae shows typical striae when its case gives none.
has_lesions = bool(site.get("scars") or site.get("striae") or site.get("surface")
                   or site["indication"] == "striae")
has_lines = not site.get("surface") and site["indication"] in (
    "fine_lines", "rejuvenation", "texture", "pores", "laxity")
rows = list(csv.DictReader(open(os.path.join(run, "timeseries.csv"))))
risks = json.load(open(os.path.join(run, "summary.json")))["risks"]
assert 0 <= risks["pih_probability"] <= 1 and 0 <= risks["prolonged_erythema_probability"] <= 1
assert ("wrinkle_depth_change_pct" in rows[0]) == has_lines, "line depth where the site has lines"
has_pores = not has_lesions and site["indication"] in ("pores", "rejuvenation", "texture")
assert ("pore_size_change_pct" in rows[0]) == has_pores, "pore size where the site has pores"
if has_pores:
    assert float(rows[-1]["pore_size_change_pct"]) <= 0, "pores do not grow"
if has_lines:
    assert float(rows[0]["wrinkle_depth_change_pct"]) == 0.0, "day 0 is the reference"
    assert float(rows[-1]["wrinkle_depth_change_pct"]) < 0, "lines get shallower"
    assert float(rows[-1]["roughness_sa_change_pct"]) < 0, "texture smooths"
if not has_lesions:
    assert "scar_depth_change_pct" not in rows[0], "scar depth without scars"
    assert os.path.exists(os.path.join(run, "surface.json")) == has_lines
    sys.exit(0)
cols = ["scar_depth_change_pct", "roughness_sa_change_pct"]
assert all(c in rows[0] for c in cols), "surface columns"
assert float(rows[0]["scar_depth_change_pct"]) == 0.0, "day 0 is the reference"
end = float(rows[-1]["scar_depth_change_pct"])
assert end < 0, f"scar depth falls over the course ({end})"
assert float(rows[-1]["roughness_sa_change_pct"]) < 0, "roughness falls"
t = json.load(open(os.path.join(run, "surface.json")))
assert t["format"] == "citsim-tryon/1" and t["frames"][0]["day"] == 0 and len(t["frames"]) >= 3
s = json.load(open(os.path.join(run, "summary.json")))
assert abs(s["observables_end_of_follow_up"]["scar_depth_change_pct"] - end) < 1e-3 * max(1, abs(end))
for f in s["outputs"]["surface"]["pictures"]:
    assert open(os.path.join(run, f), "rb").read(8) == b"\x89PNG\r\n\x1a\n", f
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
  surface-days)
    "$citsim" simulate "$root/examples/roller-acne-scars.toml" --out "$work/run" --surface-days 2,45 >"$work/o"
    [ -s "$work/run/surface_day0002.png" ] && [ -s "$work/run/surface_day0045.png" ] || fail "chosen days not drawn"
    python3 -c "
import json, sys
t = json.load(open('$work/run/surface.json'))
days = [f['day'] for f in t['frames']]
assert 2 in days and 45 in days and days == sorted(days), days
"
    set +e; "$citsim" simulate "$root/examples/roller-acne-scars.toml" --out "$work/bad" --surface-days 999 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2"
    grep -q -- '--surface-days = 999: must be a day between 0 and 180' "$work/e" || fail "message was: $(cat "$work/e")"
    [ ! -e "$work/bad" ] || fail "output folder created for a bad option"
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
  ensemble)
    "$citsim" simulate "$root/examples/stamp-striae.toml" --out "$work/e" --ensemble 6 >/dev/null
    python3 - "$work/e/timeseries.csv" "$work/e/summary.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for name in ["collagen_change_pct", "erythema", "open_channels_fraction"]:
    for r in rows:
        lo, mid, hi = (float(r[name + s]) for s in ("_p10", "_p50", "_p90"))
        assert lo <= mid <= hi, (name, r["day"])
s = json.load(open(sys.argv[2]))
assert s["healing"]["ensemble_members"] == 6
assert set(s["observables_end_of_follow_up"]["collagen_change_pct"]) == {"value", "p10", "p50", "p90"}
# The contract's risks, with their range over the ensemble.
for name in ["pih_probability", "prolonged_erythema_probability"]:
    r = s["risks"]
    lo, mid, hi = (r[name + p] for p in ("_p10", "_p50", "_p90"))
    assert 0 <= lo <= mid <= hi <= 1, (name, lo, mid, hi)
    assert 0 <= r[name] <= 1
PY
    ;;
  long-view)
    # Maintenance keeps collagen: with yearly maintenance more collagen at
    # five years than the same course without it, and both above the
    # untreated skin, nominal and across the ensemble.
    "$citsim" simulate "$root/examples/pen-cheek-maintenance.toml" --out "$work/m" --ensemble 4 >/dev/null
    python3 - "$work/m" <<'PY'
import csv, json, os, sys
run = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(run, "long_view.csv"))))
days = [int(r["day"]) for r in rows]
assert days[0] == 0 and days[-1] >= 1826 and all(b - a <= 7 for a, b in zip(days, days[1:])), "weekly for five years"
names = ["treated_collagen_pct", "course_only_collagen_pct", "untreated_collagen_pct"]
for r in rows:
    for n in names:
        lo, mid, hi = (float(r[n + s]) for s in ("_p10", "_p50", "_p90"))
        assert lo <= mid <= hi, (n, r["day"])
five = json.load(open(os.path.join(run, "summary.json")))["long_view"]["at"][2]
assert five["years"] == 5 and five["day"] == 1826, five
for k in ("value", "p50"):
    t, c, u = (five[n][k] for n in names)
    assert t > c > u, f"{k}: treated {t}, course only {c}, untreated {u}"
row = next(r for r in rows if int(r["day"]) == five["day"])
assert abs(float(row["treated_collagen_pct"]) - five["treated_collagen_pct"]["value"]) < 1e-3
PY
    # --long-view on a course without maintenance: the two courses are one.
    "$citsim" simulate "$root/examples/home-roller.toml" --out "$work/h" --long-view >/dev/null
    python3 - "$work/h/long_view.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert int(rows[-1]["day"]) >= 1826
assert all(r["treated_collagen_pct"] == r["course_only_collagen_pct"] for r in rows)
PY
    "$citsim" simulate "$root/examples/home-roller.toml" --out "$work/n" >/dev/null
    [ ! -e "$work/n/long_view.csv" ] || fail "long view without maintenance or --long-view"
    ;;
  resume-after-kill)
    # A run killed after a checkpoint resumes and ends bit-identical to an
    # uninterrupted one. The ensemble after the nominal run leaves time to kill.
    case_file="$root/examples/roller-acne-scars.toml"
    "$citsim" simulate "$case_file" --out "$work/whole" --checkpoint-every 10 --ensemble 24 -j 1 >/dev/null
    for attempt in 1 2 3 4 5; do
      rm -rf "$work/cut" "$work/cut.partial"
      "$citsim" simulate "$case_file" --out "$work/cut" --checkpoint-every 10 --ensemble 24 -j 1 >/dev/null &
      pid=$!
      while [ ! -f "$work/cut.partial/checkpoint.bin" ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done
      sleep 0.$((attempt * 2))
      kill -9 $pid 2>/dev/null || true
      wait $pid 2>/dev/null || true
      [ -d "$work/cut.partial" ] && [ ! -d "$work/cut" ] && break
    done
    [ -f "$work/cut.partial/checkpoint.bin" ] || fail "no interrupted run to resume"
    set +e; "$citsim" simulate "$case_file" --out "$work/cut" --checkpoint-every 10 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] && grep -q "citsim resume" "$work/e" || fail "a second run over an interrupted one must point to resume"
    "$citsim" resume "$work/cut" -j 2 >/dev/null
    [ ! -e "$work/cut.partial" ] || fail "partial folder left behind"
    cmp "$work/whole/timeseries.csv" "$work/cut/timeseries.csv" || fail "timeseries differs after resume"
    cmp "$work/whole/summary.json" "$work/cut/summary.json" || fail "summary differs after resume"
    ;;
  output-folder-rules)
    # An earlier result is replaced only with --force, and then only the
    # files CITSim wrote; a folder that merely looks like a result is refused.
    c="$root/examples/home-roller.toml"
    "$citsim" simulate "$c" --out "$work/r" >/dev/null
    echo mine >"$work/r/notes.txt"
    set +e; "$citsim" simulate "$c" --out "$work/r" 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] && grep -q -- "--force" "$work/e" || fail "replaced without --force (exit $rc)"
    "$citsim" simulate "$c" --out "$work/r" --force >/dev/null
    [ "$(cat "$work/r/notes.txt")" = mine ] || fail "a file the user added was touched"
    [ -f "$work/r/summary.json" ] || fail "no result after --force"
    mkdir -p "$work/mine" && echo '{}' >"$work/mine/summary.json" && echo x >"$work/mine/a.txt"
    set +e; "$citsim" simulate "$c" --out "$work/mine" --force 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] && grep -q "not a CITSim result" "$work/e" || fail "a foreign folder was taken (exit $rc)"
    [ -f "$work/mine/a.txt" ] && [ -f "$work/mine/summary.json" ] || fail "user files lost"
    [ -z "$(ls -A "$work" | grep citsim-)" ] || fail "temporary folders left: $(ls -A "$work")"
    ;;
  damaged-checkpoint)
    # A checkpoint or job file that is corrupted, cut short or empty is
    # refused with one line and exit 2; the run can still be started again.
    c="$root/examples/roller-acne-scars.toml"
    for attempt in 1 2 3 4 5; do
      rm -rf "$work/cut" "$work/cut.partial"
      "$citsim" simulate "$c" --out "$work/cut" --checkpoint-every 10 --ensemble 24 -j 1 >/dev/null &
      pid=$!
      while [ ! -f "$work/cut.partial/checkpoint.bin" ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done
      kill -9 $pid 2>/dev/null || true
      wait $pid 2>/dev/null || true
      [ -f "$work/cut.partial/checkpoint.bin" ] && break
    done
    [ -f "$work/cut.partial/checkpoint.bin" ] || fail "no interrupted run"
    cp "$work/cut.partial/checkpoint.bin" "$work/good.bin"
    cp "$work/cut.partial/job.json" "$work/good.json"
    expect_refused() {  # expect_refused WHAT PATTERN
      set +e; "$citsim" resume "$work/cut" -j 1 2>"$work/e" >/dev/null; rc=$?; set -e
      [ $rc -eq 2 ] || fail "$1: exit $rc, expected 2"
      [ "$(wc -l <"$work/e")" -eq 1 ] || fail "$1: expected one line: $(cat "$work/e")"
      grep -q "$2" "$work/e" || fail "$1: $(cat "$work/e")"
    }
    python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[-100]^=1; open(p,'wb').write(b)" "$work/cut.partial/checkpoint.bin"
    expect_refused "flipped bit" "checksum does not match"
    head -c 500 "$work/good.bin" >"$work/cut.partial/checkpoint.bin"
    expect_refused "truncated" "truncated or edited"
    : >"$work/cut.partial/checkpoint.bin"
    expect_refused "empty checkpoint" "header is missing"
    cp "$work/good.bin" "$work/cut.partial/checkpoint.bin"
    sed -i 's/"ensemble": 24/"ensemble": 25/' "$work/cut.partial/job.json"
    expect_refused "edited job" "job.json: not a usable job file"
    : >"$work/cut.partial/job.json"
    expect_refused "empty job" "job.json: not a usable job file"
    cp "$work/good.json" "$work/cut.partial/job.json"
    "$citsim" resume "$work/cut" -j 2 >/dev/null || fail "the undamaged run does not resume"
    [ -f "$work/cut/summary.json" ] && [ ! -e "$work/cut.partial" ] || fail "no result after resume"
    ;;
  finished-but-not-moved)
    # A resumable run whose results could not be moved into place (here: a
    # folder of the user's appeared at --out) keeps them; once the way is
    # clear, resume moves them without computing again.
    c="$root/examples/home-roller.toml"
    "$citsim" simulate "$c" --out "$work/f" --checkpoint-every 30 --ensemble 12 -j 1 >/dev/null 2>"$work/e" &
    pid=$!
    while [ ! -f "$work/f.partial/job.json" ] && kill -0 $pid 2>/dev/null; do sleep 0.02; done
    mkdir -p "$work/f" && echo x >"$work/f/photo.jpg"
    set +e; wait $pid; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2 (the results cannot be moved over a user's folder)"
    [ -f "$work/f/photo.jpg" ] || fail "the user's file was touched"
    rm -rf "$work/f"
    "$citsim" resume "$work/f" >/dev/null || fail "resume of a finished run failed"
    [ -f "$work/f/timeseries.csv" ] && [ ! -e "$work/f.partial" ] || fail "results not moved"
    ;;
  rf-heat-in-healing)
    # An RF course's heat enters the healing: each session carries the
    # contract's rf object; the whole run says the pulse model is not yet
    # validated; the same course without energy makes less collagen.
    "$citsim" simulate "$root/examples/rf-stamp-acne-scars.toml" --out "$work/rf" 2>"$work/e" >/dev/null
    grep -q "verified, not validated" "$work/e" || fail "no warning on standard error"
    sed -e 's/^energy_per_pin_mj = .*/energy_per_pin_mj = 0.0/' \
      "$root/examples/rf-stamp-acne-scars.toml" >"$work/cold.toml"
    "$citsim" simulate "$work/cold.toml" --out "$work/cold" 2>/dev/null >/dev/null
    python3 - "$work/rf/summary.json" "$work/cold/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
cold = json.load(open(sys.argv[2]))
assert [x["id"] for x in s["warnings"]] == ["rf_not_validated"], s["warnings"]
for session in s["sessions"]:
    rf = session["rf"]
    for key in ["coagulation_depth_um", "coagulation_width_um", "coagulated_volume_fraction",
                "peak_epidermal_temperature_c", "peak_dermal_temperature_c"]:
        assert isinstance(rf[key], (int, float)), key
    assert rf["peak_dermal_temperature_c"] > 37 and 0 <= rf["coagulated_volume_fraction"] <= 1
    assert all(w["level"] in ("stop", "caution", "info") and w["id"] and w["message"]
               for w in rf["warnings"]), rf["warnings"]
hot_gain = s["observables_end_of_follow_up"]["collagen_change_pct"]
cold_gain = cold["observables_end_of_follow_up"]["collagen_change_pct"]
assert hot_gain > cold_gain + 1.0, (hot_gain, cold_gain)
assert cold["sessions"][0]["rf"]["peak_dermal_temperature_c"] < 37.01
PY
    "$citsim" plan "$root/examples/rf-pen-laxity.toml" --out "$work/rfp" 2>/dev/null >/dev/null
    grep -q '"rf_not_validated"' "$work/rfp/plan.json" || fail "plan.json has no warning"
    grep -q 'id="warning-rf_not_validated"' "$work/rfp/report.html" || fail "report has no warning"
    grep -q 'id="rf-warning-bulk_coagulation"' "$work/rfp/report.html" || fail "report has no RF section"
    grep -q '"without_rf"' "$work/rfp/plan.json" || fail "plan.json does not weigh the course without RF"
    "$citsim" simulate "$root/examples/home-roller.toml" --out "$work/hr" 2>"$work/e2" >/dev/null
    python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['warnings'] == []" "$work/hr/summary.json" \
      || fail "a mechanical course carries a warning"
    ;;
  outcomes-batch)
    # The batch interface: the same values whatever the thread count, and a
    # bad set stops everything with one line naming it, before any run.
    printf '{"id": "a", "healing": {"collagen_synthesis_gain": 60}}\n{"id": "b", "pih_hazard": 1.0}\n' >"$work/sets.jsonl"
    "$citsim" outcomes --sets "$work/sets.jsonl" -j 1 >"$work/o1.jsonl"
    "$citsim" outcomes --sets "$work/sets.jsonl" -j 2 >"$work/o2.jsonl"
    cmp "$work/o1.jsonl" "$work/o2.jsonl" || fail "outcomes differ between 1 and 2 threads"
    python3 - "$work/o1.jsonl" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ids = lines[0]["outcomes"]
assert len(lines) == 3 and [l["id"] for l in lines[1:]] == ["a", "b"]
a, b = (dict(zip(ids, l["values"])) for l in lines[1:])
assert a["lotfi_papillary_collagen"] < 53.2 - 1, a    # a lower synthesis gain: less collagen
assert b["dogra_pih"] < 0.167 - 0.01, b               # a lower hazard: less PIH
PY
    printf '{"id": "ok"}\n{"healing": {"collagen_synthesis_gain": 1e6}}\n' >"$work/bad.jsonl"
    set +e; "$citsim" outcomes --sets "$work/bad.jsonl" >"$work/out" 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2"
    [ "$(wc -l <"$work/e")" -eq 1 ] || fail "expected one line"
    grep -q "line 2: healing.collagen_synthesis_gain = 1000000: must be within its range" "$work/e" || fail "message: $(cat "$work/e")"
    [ ! -s "$work/out" ] || fail "partial output"
    ;;
  cohort-resume)
    # A cohort killed halfway resumes from its store without recomputing the
    # patients stored, and ends as an uninterrupted run on another thread
    # count does.
    trial="$root/tests/cli/cohort-small.toml"
    "$citsim" cohort "$trial" --out "$work/full" -j 2 >/dev/null 2>&1 || fail "full run: exit $?"
    "$citsim" cohort "$trial" --out "$work/part" -j 1 >/dev/null 2>&1 &
    pid=$!
    python3 - "$work/part.sqlite" <<'PY' || fail "no patient stored within 120 s"
import sqlite3, sys, time, os
for _ in range(1200):
    if os.path.exists(sys.argv[1]):
        try:
            n = sqlite3.connect(sys.argv[1]).execute("SELECT COUNT(*) FROM patients").fetchone()[0]
            if n >= 3:
                sys.exit(0)
        except sqlite3.Error:
            pass
    time.sleep(0.1)
sys.exit(1)
PY
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    n=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM patients').fetchone()[0])" "$work/part.sqlite")
    [ "$n" -lt 16 ] || fail "the run finished before it was killed ($n stored)"
    [ ! -e "$work/part" ] || fail "a killed run left a report"
    "$citsim" cohort "$trial" --out "$work/part" -j 2 >"$work/resumed" 2>/dev/null || fail "resume: exit $?"
    grep -q "($n from the store, $((16 - n)) computed)" "$work/resumed" || fail "resume: $(cat "$work/resumed")"
    cmp "$work/full/cohort.json" "$work/part/cohort.json" || fail "resumed cohort differs from the uninterrupted one"
    cmp "$work/full/endpoints.csv" "$work/part/endpoints.csv" || fail "endpoints differ"
    # A rerun computes nothing.
    "$citsim" cohort "$trial" --out "$work/again" -j 2 --store "$work/part.sqlite" >"$work/again.txt" 2>/dev/null
    grep -q "(16 from the store, 0 computed)" "$work/again.txt" || fail "rerun: $(cat "$work/again.txt")"
    ;;
  cohort-mpi)
    # The same cohort on 1 and 2 MPI ranks (Open MPI over loopback): the
    # same report; rank 0 alone holds the store.
    command -v mpirun >/dev/null || fail "mpirun missing (scripts/setup installs openmpi-bin)"
    trial="$root/tests/cli/cohort-small.toml"
    "$citsim" cohort "$trial" --out "$work/serial" -j 1 >/dev/null 2>&1 || fail "serial: exit $?"
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
      mpirun --oversubscribe -np 2 "$citsim" cohort "$trial" --out "$work/ranks" -j 1 \
      >"$work/ranks.txt" 2>&1 || fail "mpirun: $(tail -5 "$work/ranks.txt")"
    cmp "$work/serial/cohort.json" "$work/ranks/cohort.json" || fail "2 ranks differ from 1"
    cmp "$work/serial/endpoints.csv" "$work/ranks/endpoints.csv" || fail "endpoints differ"
    # One report line, from rank 0 alone. Counted anywhere in the text: mpirun
    # forwards a rank's stdout and stderr separately, so the line may follow
    # the progress on stderr without its newline.
    [ "$(grep -o "cohort: 16 patients in 2 arms" "$work/ranks.txt" | wc -l)" -eq 1 ] || fail "not one report: $(cat "$work/ranks.txt")"
    ;;
  cohort-bad-trial)
    # A bad trial file: exit 2, one line naming the key, nothing written.
    sed 's/^patients_per_arm = 8/patients_per_arm = 0/' "$root/tests/cli/cohort-small.toml" >"$work/bad.toml"
    sed -i "s#\.\./\.\./examples#$root/examples#" "$work/bad.toml"
    set +e; "$citsim" cohort "$work/bad.toml" --out "$work/o" 2>"$work/e" >/dev/null; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2"
    [ "$(wc -l <"$work/e")" -eq 1 ] || fail "expected one line: $(cat "$work/e")"
    grep -q "trial.patients_per_arm = 0" "$work/e" || fail "message: $(cat "$work/e")"
    [ ! -e "$work/o" ] && [ ! -e "$work/o.sqlite" ] || fail "something was written"
    sed 's/^measure = "pih_probability"/measure = "scar_depth_change_pct"/' "$work/bad.toml" | sed 's/^patients_per_arm = 0/patients_per_arm = 8/' >"$work/bad2.toml"
    set +e; "$citsim" cohort "$work/bad2.toml" --out "$work/o" 2>"$work/e" >/dev/null; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2 for an adverse event of a depth"
    grep -q "endpoint\[1\].measure" "$work/e" || fail "message: $(cat "$work/e")"
    ;;
  resume-nothing)
    set +e; "$citsim" resume "$work/none" 2>"$work/e"; rc=$?; set -e
    [ $rc -eq 2 ] || fail "exit $rc, expected 2"
    [ "$(wc -l <"$work/e")" -eq 1 ] || fail "expected one line"
    ;;
  same-on-any-thread-count)
    "$citsim" simulate "$root/examples/roller-acne-scars.toml" --out "$work/t1" -j 1 >/dev/null
    "$citsim" simulate "$root/examples/roller-acne-scars.toml" --out "$work/t2" -j 2 >/dev/null
    "$citsim" simulate "$root/examples/roller-acne-scars.toml" --out "$work/t3" -j 3 >/dev/null
    cmp "$work/t1/summary.json" "$work/t2/summary.json" || fail "summary differs between 1 and 2 threads"
    cmp "$work/t1/summary.json" "$work/t3/summary.json" || fail "summary differs between 1 and 3 threads"
    cmp "$work/t1/injury_session1.vti" "$work/t2/injury_session1.vti" || fail "field differs"
    cmp "$work/t1/timeseries.csv" "$work/t3/timeseries.csv" || fail "timeseries differs between 1 and 3 threads"
    ;;
  full-fidelity)
    sed 's/^fidelity = .*/fidelity = "full"\nblock_mm = 1.0\nhealing_cell_um = 50/; s/^sessions = .*/sessions = 1/; s/^follow_up_days = .*/follow_up_days = 15/' \
      "$root/examples/stamp-striae.toml" >"$work/full.toml"
    "$citsim" simulate "$work/full.toml" --out "$work/full" -j 1 >/dev/null
    "$citsim" simulate "$work/full.toml" --out "$work/full2" -j 2 >/dev/null
    cmp "$work/full/timeseries.csv" "$work/full2/timeseries.csv" || fail "full fidelity differs between 1 and 2 threads"
    grep -q '<DataSet timestep="0"' "$work/full/healing.pvd" || fail "no snapshot at day 0 in healing.pvd"
    n=$(grep -c '<DataSet' "$work/full/healing.pvd")
    [ "$n" -ge 4 ] || fail "only $n snapshots"
    for f in $(sed -n 's/.*file="\([^"]*\)".*/\1/p' "$work/full/healing.pvd"); do
      head -c 200 "$work/full/$f" | grep -q 'type="ImageData"' || fail "$f is not VTK image data"
    done
    ;;
  validate)
    "$citsim" validate "$root"/examples/*.toml >"$work/o"
    [ "$(grep -c ': ok (simulate: about ' "$work/o")" -ge 5 ] || fail "not every example validated"
    ;;
  *)
    fail "unknown test $name"
    ;;
esac
echo "ok: $name"
