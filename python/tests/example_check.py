"""examples/python/plot_course.py writes its plot and trial_sensitivity.py its report
and indices (CTest:
example.python-plot-course; run by name, not collected with the unit tests)."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, MAIN_CASE

SCRIPT = EXAMPLES / "python" / "plot_course.py"


def test_the_example_writes_its_plot(tmp_path):
    out = tmp_path / "course.png"
    run = subprocess.run(
        [sys.executable, SCRIPT, MAIN_CASE, "--out", out, "--ensemble", "4", "--threads", "2"],
        capture_output=True, text=True, check=True,
    )
    assert f"plot written to {out}" in run.stdout
    data = Path(out).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000  # a plot, not an empty canvas


def test_the_trial_example_writes_its_report_and_indices(tmp_path):
    trial = EXAMPLES.parent / "tests" / "cli" / "cohort-small.toml"
    out = tmp_path / "trial"
    run = subprocess.run(
        [sys.executable, EXAMPLES / "python" / "trial_sensitivity.py", trial, "--out", out,
         "--arm", "roller", "--measure", "pih_probability", "--n", "4", "--patients", "1",
         "--threads", "2"],
        capture_output=True, text=True, check=True,
    )
    assert (out / "report.html").is_file()
    written = json.loads(Path(str(out) + "-sensitivity.json").read_text())
    assert written["measure"] == "pih_probability"
    assert "pih.pih_hazard" in run.stdout
    # A bad option is one line and status 2, as the command-line tool's.
    bad = subprocess.run(
        [sys.executable, EXAMPLES / "python" / "trial_sensitivity.py", trial, "--out",
         tmp_path / "bad", "--arm", "stamp"],
        capture_output=True, text=True,
    )
    assert bad.returncode == 2 and "--arm stamp" in bad.stderr
    assert not (tmp_path / "bad").exists()
