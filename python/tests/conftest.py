"""Shared fixtures: the example cases, the command-line tool to compare
with, and one nominal run of the main example (simulated once per session)."""

import os
import subprocess
from pathlib import Path

import pytest

import citsim

EXAMPLES = Path(
    os.environ.get("CITSIM_EXAMPLES_DIR", Path(__file__).resolve().parents[2] / "examples")
)
MAIN_CASE = EXAMPLES / "pen-cheek-rejuvenation.toml"


@pytest.fixture(scope="session")
def cli():
    """Runs the command-line tool (CITSIM_CLI, set by CTest) and returns the
    finished process."""
    exe = os.environ.get("CITSIM_CLI")
    if not exe:
        pytest.skip("CITSIM_CLI is not set (CTest sets it to the citsim built beside the module)")

    def run(*args, check=True):
        return subprocess.run(
            [exe, *map(str, args)], capture_output=True, text=True, check=check
        )

    return run


@pytest.fixture(scope="session")
def main_case():
    return citsim.load_case(MAIN_CASE)


@pytest.fixture(scope="session")
def nominal(main_case):
    return citsim.simulate(main_case, threads=2)
