"""Virtual trials from Python: citsim.load_trial, citsim.cohort (in this
process or across Dask workers) and citsim.sensitivity (Sobol indices of an
endpoint to the model's parameters). docs/cohort.md and docs/python.md."""

import functools
import math
import os

import numpy as np

from citsim import _citsim
from citsim._errors import CitsimError

# At most this many parameter sets (of n (d + 2)) in one sensitivity analysis.
MAX_SOBOL_SAMPLES = 4096
BOOTSTRAP = 500


def _data_dir_arg(data_dir):
    from citsim import _data_dir

    return _data_dir(data_dir)


def load_trial(trial, data_dir=None):
    """Reads and checks a trial file as ``citsim cohort`` does (docs/cohort.md):
    every key checked, the arms' case files read as cases are; the first
    problem raises :class:`CitsimError` naming the file, key and value.
    ``data_dir``: as for :func:`citsim.load_case`."""
    if not isinstance(trial, (str, os.PathLike)):
        raise CitsimError(f"trial = {type(trial).__name__}: must be a path to a trial file")
    return _citsim._load_trial(os.fspath(trial), _data_dir_arg(data_dir))


def _as_trial(trial, data_dir):
    return trial if isinstance(trial, _citsim.Trial) else load_trial(trial, data_dir)


@functools.lru_cache(maxsize=4)
def _read_trial_once(source, data_dir):
    return _citsim._load_trial(source, data_dir)


def _worker_trial(source, data_dir, trial_hash):
    """On a worker: the trial, read once per process and file, and read again
    if its files changed since; it must be the driver's (``trial_hash``)."""
    trial = _read_trial_once(source, data_dir)
    if trial.hash != trial_hash:
        _read_trial_once.cache_clear()
        trial = _read_trial_once(source, data_dir)
    if trial.hash != trial_hash:
        raise CitsimError(
            f"trial {source}: its files on this worker differ from the driver's (hash "
            f"{trial.hash} against {trial_hash}): every worker must see the same trial and "
            "case files")
    return trial


def _run_batch(source, data_dir, trial_hash, pairs):
    """On a worker: patients ``pairs`` of the trial, as tuples for the store,
    run on one thread (Dask's worker processes are the parallelism)."""
    trial = _worker_trial(source, data_dir, trial_hash)
    return _citsim._cohort_patients(trial, trial_hash, pairs, 1)


def _positive_whole(name, value, hi):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= hi:
        raise CitsimError(f"{name} = {value!r}: must be a whole number between 1 and {hi}")
    return value


def cohort(trial, out, *, store=None, threads=0, force=False, client=None, batch=8,
           data_dir=None):
    """Runs an in-silico trial over a virtual cohort, as ``citsim cohort``.

    ``trial``: a :class:`Trial` or a path to a trial file. ``out``: the report
    folder (cohort.json, endpoints.csv, report.html), new or empty, or an
    earlier CITSim result with ``force``. ``store``: the results store
    (SQLite; default ``out`` + ".sqlite"): every patient is stored as it
    finishes and a store holding some of this trial's patients is resumed,
    computing only the others.

    Without ``client`` the patients run in this process on ``threads``
    threads (0: all cores). With ``client`` (a ``dask.distributed.Client``)
    they run on its workers in batches of ``batch`` patients: each worker
    reads the trial and case files itself (they must be at the same path on
    every worker, as on one machine or a shared file system) and this process
    alone holds the store and writes the report, storing each batch as it
    comes back. Every patient depends only on the trial (seed, arm, index),
    so the report is the same on every thread, worker or batch count.

    Returns cohort.json as Python objects. Bad trial files raise
    :class:`CitsimError` before anything is written.
    """
    trial = _as_trial(trial, data_dir)
    out = os.fspath(out)
    store = "" if store is None else os.fspath(store)
    if isinstance(threads, bool) or not isinstance(threads, int) or not 0 <= threads <= 1024:
        raise CitsimError(f"threads = {threads!r}: must be 0 (all cores) or between 1 and 1024")
    if client is None:
        return _citsim._cohort_run(trial, out, store, threads, bool(force))
    batch = _positive_whole("batch", batch, 10000)
    from distributed import as_completed

    held = _citsim._open_store(trial, out, store, bool(force))
    todo = held.todo(trial)
    batches = [todo[k:k + batch] for k in range(0, len(todo), batch)]
    source, folder = os.fspath(trial.source), os.fspath(trial.data_dir)
    futures = [client.submit(_run_batch, source, folder, trial.hash, b, pure=False)
               for b in batches]
    try:
        for future in as_completed(futures):
            held.put(future.result())
    finally:
        for future in futures:
            future.cancel()
    return _citsim._cohort_finish(trial, held, out, bool(force))


def _sensitivity_rows(source, data_dir, trial_hash, arm, patients, measure, names, values):
    trial = _worker_trial(source, data_dir, trial_hash)
    return _citsim._sensitivity_runs(trial, arm, patients, measure, names, values, 1)


def saltelli_design(ranges, n, seed):
    """Saltelli's design over the box ``ranges`` [(lo, hi)] * d: blocks A,
    B and AB_i (A with column i from B), each n x d, from a scrambled Sobol
    sequence in 2d dimensions (scipy.stats.qmc.Sobol, seeded)."""
    from scipy.stats import qmc

    d = len(ranges)
    base = qmc.Sobol(d=2 * d, scramble=True, seed=seed).random(n)
    lo = np.array([r[0] for r in ranges], dtype=float)
    hi = np.array([r[1] for r in ranges], dtype=float)
    a = lo + base[:, :d] * (hi - lo)
    b = lo + base[:, d:] * (hi - lo)
    blocks = [a, b]
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    return blocks


def sobol_indices(fa, fb, fab, seed=0, bootstrap=BOOTSTRAP):
    """First-order (Saltelli 2010) and total (Jansen 1999) Sobol indices from
    the model's values on A (n), B (n) and AB_i (d x n), with 95 % intervals
    (percentiles of ``bootstrap`` resamples of the n rows, seeded). Returns
    first, total (d each), first_ci and total_ci (d x 2)."""
    fa, fb, fab = np.asarray(fa, float), np.asarray(fb, float), np.asarray(fab, float)
    n, d = fa.shape[0], fab.shape[0]

    def indices(rows):
        va, vb, vab = fa[rows], fb[rows], fab[:, rows]
        var = np.var(np.concatenate([va, vb]))
        if var <= 0:
            return np.zeros(d), np.zeros(d)
        return (np.mean(vb * (vab - va), axis=1) / var,
                0.5 * np.mean((va - vab) ** 2, axis=1) / var)

    first, total = indices(np.arange(n))
    rng = np.random.default_rng(seed)
    boot = [indices(rng.integers(0, n, n)) for _ in range(bootstrap)]
    first_ci = np.percentile(np.array([x[0] for x in boot]), [2.5, 97.5], axis=0).T
    total_ci = np.percentile(np.array([x[1] for x in boot]), [2.5, 97.5], axis=0).T
    return first, total, first_ci, total_ci


def sensitivity(trial, arm, measure, *, parameters=None, n=64, patients=4, seed=0,
                threads=0, client=None, data_dir=None):
    """Global sensitivity of an endpoint to the model's calibrated parameters:
    first-order and total Sobol indices with bootstrap 95 % intervals.

    The endpoint is the mean of ``measure`` (one of
    :func:`citsim.cohort_measures`, e.g. ``"scar_depth_change_pct"`` or
    ``"pih_probability"``) over the first ``patients`` patients of arm
    ``arm`` of ``trial``: each keeps the age, sex, phototype, skin thickness
    and device randomness the trial draws for it, while the parameters are
    set by the design instead of drawn.

    ``parameters``: a dict ``{"group.name": (lo, hi)}`` of the parameters to
    vary, each uniformly and independently over its range (names as in
    data/calibration/posterior_samples.csv); by default every column of the
    posterior the trial's patients draw from, over its 5th to 95th
    percentile (the posterior's correlations are not kept: Sobol indices need
    independent inputs). Every other parameter keeps its shipped value.

    The design is Saltelli's: two ``n`` x d blocks A and B of a scrambled
    Sobol sequence (``scipy.stats.qmc.Sobol``, seeded by ``seed``; ``n`` a
    power of two), and A with column i from B for each i, n (d + 2) parameter
    sets. The estimators are Saltelli (2010) for the first-order index and
    Jansen (1999) for the total; the intervals are percentiles of 500
    bootstrap resamples of the n rows. Runs that differ only in the visible
    response's or the risks' parameters share their course.

    With ``client`` (a ``dask.distributed.Client``) the parameter sets run on
    its workers in blocks of n; results are the same as in one process.

    Returns a dict: ``parameters`` (names), ``ranges``, ``first``, ``total``,
    ``first_ci95``, ``total_ci95`` (per parameter), ``mean`` and ``variance``
    of the endpoint over the design, ``n``, ``runs`` (parameter sets) and
    ``courses`` (the courses run: distinct healing parameter sets x patients).
    """
    trial = _as_trial(trial, data_dir)
    if arm not in trial.arms:
        raise CitsimError(f"arm = {arm!r}: must be one of the trial's arms: "
                          + ", ".join(trial.arms))
    if measure not in _citsim.cohort_measures():
        raise CitsimError(f"measure = {measure!r}: must be one of "
                          + ", ".join(_citsim.cohort_measures()))
    if (isinstance(n, bool) or not isinstance(n, int) or n < 4 or n > MAX_SOBOL_SAMPLES
            or n & (n - 1)):
        raise CitsimError(f"n = {n!r}: must be a power of two between 4 and {MAX_SOBOL_SAMPLES}")
    _positive_whole("patients", patients, trial.patients_per_arm)
    if parameters is None:
        names, samples = _citsim._posterior(trial)
        keep = [k for k, name in enumerate(names) if not name.startswith("model.")]
        if not keep:
            raise CitsimError("parameters = None: the data folder has no posterior to take "
                              "ranges from; give parameters = {'group.name': (lo, hi)}")
        names = [names[k] for k in keep]
        ranges = [tuple(float(x) for x in np.percentile(samples[:, k], [5, 95])) for k in keep]
    else:
        if not isinstance(parameters, dict) or not parameters:
            raise CitsimError("parameters: must be a dict {'group.name': (lo, hi)} of at least "
                              "one parameter")
        names, ranges = [], []
        for name, span in parameters.items():
            try:
                lo, hi = (float(x) for x in span)
            except (TypeError, ValueError):
                raise CitsimError(f"parameters[{name!r}] = {span!r}: must be (lo, hi)") from None
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise CitsimError(f"parameters[{name!r}] = {span!r}: must be (lo, hi), "
                                  "finite, lo < hi")
            names.append(str(name))
            ranges.append((lo, hi))
    d = len(names)
    blocks = saltelli_design(ranges, n, seed)
    design = np.vstack(blocks)
    # Rows sharing their healing parameters share a course.
    healing = [k for k, name in enumerate(names) if name.startswith("healing.")]
    groups = {}
    for r, row in enumerate(design):
        groups.setdefault(tuple(row[healing]), []).append(r)
    if client is None:
        y = _citsim._sensitivity_runs(trial, arm, patients, measure, names, design, threads)
    else:
        # Rows sharing a course stay in one task; about two tasks per
        # worker thread.
        source, folder = os.fspath(trial.source), os.fspath(trial.data_dir)
        tasks = max(1, min(len(groups), 2 * sum(client.nthreads().values())))
        chunks = [[] for _ in range(tasks)]
        for g, rows in enumerate(groups.values()):
            chunks[g % tasks].extend(rows)
        futures = [client.submit(_sensitivity_rows, source, folder, trial.hash, arm, patients,
                                 measure, names, design[rows], pure=False) for rows in chunks]
        y = np.empty((design.shape[0], patients))
        for rows, values in zip(chunks, client.gather(futures)):
            y[rows] = values
    f = y.mean(axis=1).reshape(d + 2, n)
    first, total, first_ci, total_ci = sobol_indices(f[0], f[1], f[2:], seed)
    return dict(
        trial=trial.name, arm=arm, measure=measure, patients=patients, n=n, seed=seed,
        parameters=names, ranges=[list(r) for r in ranges],
        first=first.tolist(), total=total.tolist(),
        first_ci95=first_ci.tolist(), total_ci95=total_ci.tolist(),
        mean=float(np.mean(f[:2])), variance=float(np.var(f[:2])),
        runs=int(design.shape[0]), courses=len(groups) * patients,
    )
