"""citsim.plan: plan.json as Python objects, as `citsim plan` writes it."""

import json

import pytest

import citsim
from conftest import EXAMPLES

START = "2026-01-05"
CASE = EXAMPLES / "home-roller.toml"  # the quickest to plan with predictions


@pytest.fixture(scope="module")
def planned():
    return citsim.plan(CASE, start=START, threads=1)


def test_the_plan_is_the_clis_plan_json_on_any_thread_count(tmp_path, cli, planned):
    cli("plan", CASE, "--out", tmp_path / "plan", "--start", START, "--threads", 2)
    written = json.loads((tmp_path / "plan" / "plan.json").read_text())
    assert planned == written


def test_the_plan_has_predictions(planned):
    assert planned["screening"]["stopped"] is False
    courses = planned["predictions"]["courses"]
    assert courses[0]["id"] == "planned"
    assert isinstance(planned["disclaimer"], str)


def test_a_stopped_patient_gets_no_predictions():
    stopped = citsim.plan(EXAMPLES / "contraindicated.toml", start=START)
    assert stopped["screening"]["stopped"] is True
    assert stopped["predictions"] is None


def test_without_predict(main_case):
    assert citsim.plan(main_case, start=START, predict=False)["predictions"] is None


def test_bad_options_raise_citsim_error(main_case):
    with pytest.raises(citsim.CitsimError) as caught:
        citsim.plan(main_case, start="5 Jan")
    assert (caught.value.key, caught.value.value) == ("--start", '"5 Jan"')
    with pytest.raises(citsim.CitsimError) as caught:
        citsim.plan(main_case, start=START, course="best")
    assert (caught.value.key, caught.value.value) == ("course", '"best"')
