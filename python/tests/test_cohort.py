"""citsim.cohort and citsim.sensitivity: virtual trials from Python, in one
process and across Dask workers (over loopback), the same as `citsim cohort`."""

import json
import sqlite3

import numpy as np
import pytest

import citsim
from citsim._cohort import saltelli_design, sobol_indices
from conftest import EXAMPLES

TRIAL = EXAMPLES.parent / "tests" / "cli" / "cohort-small.toml"  # two arms of eight
REPORT = ("cohort.json", "endpoints.csv", "report.html")


@pytest.fixture(scope="module")
def trial():
    return citsim.load_trial(TRIAL)


@pytest.fixture(scope="module")
def serial(tmp_path_factory, cli):
    """The command-line tool's report of the trial, on one thread."""
    out = tmp_path_factory.mktemp("serial") / "report"
    cli("cohort", TRIAL, "--out", out, "-j", 1)
    return out


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")

    def make(workers):
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address=None)
        return cluster, distributed.Client(cluster)

    made = []

    def client(workers):
        made.append(make(workers))
        return made[-1][1]

    yield client
    for cluster, c in made:
        c.close()
        cluster.close()


def same_report(a, b):
    for name in REPORT:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_the_trial_is_read_as_the_cli_reads_it(trial):
    assert trial.arms == ["roller", "pen"]
    assert trial.patients_per_arm == 8
    assert trial.endpoints == ["scar_depth", "pih"]
    assert len(trial.hash) > 8


def test_a_bad_trial_raises_with_its_key_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(TRIAL.read_text().replace("patients_per_arm = 8", "patients_per_arm = 0"))
    with pytest.raises(citsim.CitsimError, match="patients_per_arm"):
        citsim.cohort(bad, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]


def test_the_cohort_in_this_process_is_the_clis(tmp_path, trial, serial):
    summary = citsim.cohort(trial, tmp_path / "report", threads=2)
    same_report(serial, tmp_path / "report")
    assert summary == json.loads((serial / "cohort.json").read_text())
    assert (tmp_path / "report.sqlite").is_file()


@pytest.mark.parametrize("workers", [1, 2])
def test_one_and_two_dask_workers_give_the_serial_report(tmp_path, trial, serial, dask_client,
                                                           workers):
    client = dask_client(workers)
    citsim.cohort(trial, tmp_path / "report", client=client, batch=3)
    same_report(serial, tmp_path / "report")


def test_a_stored_patient_is_not_computed_again(tmp_path, trial, serial, dask_client):
    # Store a whole run, then alter one stored output: a rerun that took it
    # from the store reports the altered value; one that recomputed would not.
    store = tmp_path / "trial.sqlite"
    citsim.cohort(trial, tmp_path / "first", store=store, threads=2)
    with sqlite3.connect(store) as db:
        (outputs,) = db.execute(
            "SELECT outputs FROM patients WHERE arm = 'pen' AND patient = 0").fetchone()
        altered = json.loads(outputs)
        altered["pih_probability"] = 0.999
        db.execute("UPDATE patients SET outputs = ? WHERE arm = 'pen' AND patient = 0",
                   (json.dumps(altered),))
    again = citsim.cohort(trial, tmp_path / "again", store=store,
                          client=dask_client(2), batch=3)
    first = json.loads((tmp_path / "first" / "cohort.json").read_text())
    pen = [a for a in again["arms"] if a["id"] == "pen"][0]["endpoints"]["pih"]
    pen_first = [a for a in first["arms"] if a["id"] == "pen"][0]["endpoints"]["pih"]
    assert pen["rate"] > pen_first["rate"]


def test_a_store_of_another_trial_is_refused(tmp_path, trial):
    store = tmp_path / "trial.sqlite"
    citsim.cohort(trial, tmp_path / "a", store=store, threads=2)
    other = tmp_path / "other.toml"
    other.write_text(TRIAL.read_text().replace("seed = 7", "seed = 8").replace(
        "../../examples/", str(EXAMPLES) + "/"))
    with pytest.raises(citsim.CitsimError, match="trial"):
        citsim.cohort(other, tmp_path / "b", store=store)
    assert not (tmp_path / "b").exists()


def test_the_sobol_estimators_recover_the_ishigami_indices():
    # Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: analytic first-order indices
    # 0.314, 0.442, 0 and total 0.558, 0.442, 0.244.
    def f(x):
        return np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])

    blocks = saltelli_design([(-np.pi, np.pi)] * 3, 4096, seed=3)
    fa, fb = f(blocks[0]), f(blocks[1])
    fab = np.array([f(b) for b in blocks[2:]])
    first, total, first_ci, total_ci = sobol_indices(fa, fb, fab, seed=3, bootstrap=100)
    assert first == pytest.approx([0.314, 0.442, 0.0], abs=0.03)
    assert total == pytest.approx([0.558, 0.442, 0.244], abs=0.03)
    for value, (lo, hi) in zip(list(first) + list(total), list(first_ci) + list(total_ci)):
        assert lo <= value <= hi


@pytest.fixture(scope="module")
def scar_sensitivity(trial):
    return citsim.sensitivity(trial, "pen", "scar_depth_change_pct", n=8, patients=1,
                              threads=2)


def test_sensitivity_varies_the_posteriors_parameters(scar_sensitivity):
    s = scar_sensitivity
    assert "healing.collagen_synthesis_gain" in s["parameters"]
    assert not any(p.startswith("model.") for p in s["parameters"])
    d = len(s["parameters"])
    healing = sum(p.startswith("healing.") for p in s["parameters"])
    assert s["runs"] == 8 * (d + 2)
    assert s["courses"] == 8 * (2 + healing), "A, B and the AB_i of healing parameters"
    assert s["variance"] > 0
    # A parameter the measure does not depend on has no effect at all: the
    # PIH hazard never changes the scars.
    k = s["parameters"].index("pih.pih_hazard")
    assert s["first"][k] == 0 and s["total"][k] == 0
    # The visible response's fill per gain does.
    assert s["total"][s["parameters"].index("response.fill_per_gain")] > 0


def test_sensitivity_on_dask_workers_is_the_same(trial, scar_sensitivity, dask_client):
    s = citsim.sensitivity(trial, "pen", "scar_depth_change_pct", n=8, patients=1,
                           client=dask_client(2))
    assert s == scar_sensitivity


def test_sensitivity_rejects_what_it_cannot_do(trial):
    with pytest.raises(citsim.CitsimError, match="measure"):
        citsim.sensitivity(trial, "pen", "no_such_measure")
    with pytest.raises(citsim.CitsimError, match="arm"):
        citsim.sensitivity(trial, "stamp", "pih_probability")
    with pytest.raises(citsim.CitsimError, match="n = 6"):
        citsim.sensitivity(trial, "pen", "pih_probability", n=6)
    with pytest.raises(citsim.CitsimError, match="patients"):
        citsim.sensitivity(trial, "pen", "pih_probability", patients=9)
    with pytest.raises(citsim.CitsimError, match="collagen_synthesis_gain"):
        citsim.sensitivity(trial, "pen", "pih_probability", n=4, patients=1,
                           parameters={"healing.collagen_synthesis_gain": (1e6, 2e6)})


def test_a_worker_that_sees_other_trial_files_refuses_its_batch(trial):
    from citsim._cohort import _run_batch

    source, folder = str(trial.source), str(trial.data_dir)
    assert len(_run_batch(source, folder, trial.hash, [(0, 0)])) == 1
    with pytest.raises(citsim.CitsimError, match="differ from the driver's"):
        _run_batch(source, folder, "0123456789abcdef", [(0, 0)])
