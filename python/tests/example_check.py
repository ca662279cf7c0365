"""examples/python/plot_course.py writes its plot (CTest:
example.python-plot-course; run by name, not collected with the unit tests)."""

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
