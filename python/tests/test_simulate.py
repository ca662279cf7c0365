"""citsim.simulate: the command-line tool's results, as NumPy views, the same
on any thread count."""

import gc
import json
import threading
import time

import numpy as np
import pytest

import citsim
from conftest import MAIN_CASE


def test_the_summary_is_the_clis_summary_json(tmp_path, cli, nominal):
    cli("simulate", MAIN_CASE, "--out", tmp_path / "run", "--threads", 2)
    written = json.loads((tmp_path / "run" / "summary.json").read_text())
    ours = nominal.summary
    assert ours["outputs"] == {}
    del written["outputs"], ours["outputs"]
    assert ours == written
    end = ours["observables_end_of_follow_up"]
    assert end["day"] == nominal.days[-1]
    for name in citsim.observable_names():
        assert end[name] == nominal.series(name)[-1]


def test_the_series_are_the_clis_timeseries_csv(tmp_path, cli, nominal):
    cli("simulate", MAIN_CASE, "--out", tmp_path / "run", "--threads", 1)
    table = np.genfromtxt(tmp_path / "run" / "timeseries.csv", delimiter=",", names=True)
    assert nominal.names == list(table.dtype.names[1:])
    np.testing.assert_allclose(nominal.days, table["day"], rtol=1e-5)
    for name in ("collagen_change_pct", "epidermal_thickness_change_pct", "erythema"):
        np.testing.assert_allclose(nominal.series(name), table[name], rtol=1e-4, atol=1e-6)


def test_arrays_are_read_only_views_that_keep_the_result_alive(main_case):
    result = citsim.simulate(main_case, threads=1)
    arrays = [result.days, result.series("collagen_change_pct"), result.injury_field,
              result.injury_layer, *result.tissue_fields.values(), *result.observables.values()]
    for a in arrays:
        assert a.base is result
        assert not a.flags.owndata
        assert not a.flags.writeable
    with pytest.raises(ValueError):
        arrays[1][0] = 0.0
    collagen = result.series("collagen_change_pct")
    expected = collagen.copy()
    del result, arrays
    gc.collect()
    np.testing.assert_array_equal(collagen, expected)


def test_series_names_and_shapes(nominal):
    assert set(citsim.observable_names()) < set(nominal.names)
    assert "wrinkle_depth_change_pct" in nominal.names  # a site with fine lines
    assert list(nominal.observables) == nominal.names
    n = len(nominal.days)
    assert n > 10 and np.all(np.diff(nominal.days) > 0)
    for name in nominal.names:
        assert nominal.series(name).shape == (n,)
        assert nominal.series(name).dtype == np.float64
    assert nominal.members == 0 and nominal.bands is None
    assert nominal.band("collagen_change_pct") is None
    with pytest.raises(citsim.CitsimError) as caught:
        nominal.series("colagen")
    assert (caught.value.key, caught.value.value) == ("name", '"colagen"')


def test_fields(nominal):
    grid = nominal.injury_grid
    assert nominal.injury_field.shape == (grid["nz"], grid["ny"], grid["nx"])
    assert nominal.injury_layer.dtype == np.uint8
    assert 0.0 <= nominal.injury_field.min() and nominal.injury_field.max() <= 1.0
    assert nominal.injury_field.max() > 0.0  # the channels are there
    mesh = nominal.tissue_mesh
    assert mesh["geometry"] == "axisymmetric"  # plan fidelity
    assert set(nominal.tissue_fields) >= {"collagen_I", "collagen_III", "fibroblasts"}
    for field in nominal.tissue_fields.values():
        assert field.shape == (mesh["nz"], mesh["ny"], mesh["nx"])


def test_the_same_on_any_thread_count(main_case):
    one = citsim.simulate(main_case, ensemble=4, threads=1)
    two = citsim.simulate(main_case, ensemble=4, threads=2)
    assert one.summary == two.summary
    for name in one.names:
        np.testing.assert_array_equal(one.series(name), two.series(name))
        for p in ("p10", "p50", "p90"):
            np.testing.assert_array_equal(one.band(name)[p], two.band(name)[p])


def test_ensemble_bands_are_ordered(main_case):
    result = citsim.simulate(main_case, ensemble=5, threads=2)
    assert result.members == 5
    assert set(result.bands) == set(result.names)
    for name, band in result.bands.items():
        assert band["p10"].shape == result.days.shape
        assert np.all(band["p10"] <= band["p50"]), name
        assert np.all(band["p50"] <= band["p90"]), name
    end = result.summary["observables_end_of_follow_up"]["collagen_change_pct"]
    assert end["p90"] == result.band("collagen_change_pct")["p90"][-1]


def test_bad_options_raise_citsim_error(main_case):
    with pytest.raises(citsim.CitsimError) as caught:
        citsim.simulate(main_case, ensemble=1)
    assert (caught.value.key, caught.value.value) == ("ensemble", "1")
    with pytest.raises(citsim.CitsimError, match="threads = -1"):
        citsim.simulate(main_case, threads=-1)
    with pytest.raises(citsim.CitsimError, match="--surface-days = 9999"):
        citsim.simulate(main_case, surface_days=[9999])
    with pytest.raises(citsim.CitsimError, match="--max-memory-gib"):
        citsim.simulate(main_case, ensemble=10000, max_memory_gib=0.01)


def test_a_path_or_dict_is_read_first(nominal):
    assert citsim.simulate(str(MAIN_CASE), threads=2).summary == nominal.summary


def test_the_engine_runs_without_the_gil(main_case):
    """Another Python thread keeps running while simulate computes."""
    done = threading.Event()
    box = {}

    def run():
        start = time.monotonic()
        box["result"] = citsim.simulate(main_case, ensemble=2, threads=1)
        box["seconds"] = time.monotonic() - start
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    ticks, last, longest = 0, time.monotonic(), 0.0
    while not done.is_set():
        now = time.monotonic()
        longest, last = max(longest, now - last), now
        ticks += 1
    worker.join()
    assert box["seconds"] > 0.05
    assert longest < 0.5 * box["seconds"], (longest, box["seconds"])
