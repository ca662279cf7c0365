"""CITSim from Python: read a microneedling case, simulate its course of
sessions, and plan it, with the same engine and checks as the ``citsim``
command-line tool (docs/python.md).

    import citsim

    case = citsim.load_case("examples/pen-cheek-rejuvenation.toml")
    result = citsim.simulate(case, ensemble=20, threads=2)
    result.days                              # numpy view, one value per reported day
    result.series("collagen_change_pct")     # numpy view, % vs the untreated control
    result.band("collagen_change_pct")["p90"]
    result.summary["observables_end_of_follow_up"]
    plan = citsim.plan(case, start="2026-01-05")   # plan.json as dicts and lists

Virtual trials (docs/cohort.md):

    trial = citsim.load_trial("examples/cohorts/acne-scars-roller-vs-pen.toml")
    report = citsim.cohort(trial, "results/acne-trial")          # cohort.json as dicts
    report = citsim.cohort(trial, "results/acne-trial", client=dask_client)  # same result
    s = citsim.sensitivity(trial, "pen", "scar_depth_change_pct", n=64)      # Sobol indices

Results depend only on the case (its seed included), never on ``threads``.
Every problem with the input raises :class:`CitsimError`, whose ``.key`` and
``.value`` name the offending setting.
"""

import os
import warnings
from pathlib import Path

from citsim._errors import CitsimError, CitsimWarning
from citsim._citsim import Case, Result, Trial, __version__, cohort_measures, observable_names
from citsim import _citsim

__all__ = [
    "Case",
    "CitsimError",
    "CitsimWarning",
    "Result",
    "Trial",
    "__version__",
    "cohort",
    "cohort_measures",
    "load_case",
    "load_trial",
    "observable_names",
    "plan",
    "sensitivity",
    "simulate",
]


def _data_dir(data_dir):
    """The data folder to hand to the engine ("" lets it search as the
    command-line tool does: $CITSIM_DATA_DIR, then the source tree's data/);
    an installed package's own copy (citsim/data) comes before the source
    tree's."""
    if data_dir is not None:
        return os.fspath(data_dir)
    if os.environ.get("CITSIM_DATA_DIR"):
        return ""
    bundled = Path(__file__).resolve().with_name("data")
    if (bundled / "vocabulary").is_dir():
        return str(bundled)
    return ""


def _whole(name, value, lo, hi, allowed):
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise CitsimError(f"{name} = {value!r}: must be {allowed}")
    return value


def _limit(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise CitsimError(f"{name} = {value!r}: must be a positive number")
    return float(value)


def _as_case(case, data_dir):
    return case if isinstance(case, Case) else load_case(case, data_dir)


def _warn_unmodelled(case):
    for line in _citsim._unmodelled(case):
        warnings.warn(line, CitsimWarning, stacklevel=3)


def load_case(case, data_dir=None):
    """Reads and validates a case.

    ``case`` is a path to a case file (TOML, docs/case-format.md) or a dict
    with the same tables and keys (as ``tomllib.load`` gives). Both are checked by the command-line
    tool's reader, with the same messages: the first problem raises
    :class:`CitsimError` naming the key and the value. A dict's relative
    ``[site.surface] file`` is taken from the working folder.

    ``data_dir``: the CITSim data folder whose vocabulary the case is
    checked against (default: ``$CITSIM_DATA_DIR``, then the package's own
    copy, then the data/ of the source tree it was built from); simulate and
    plan use the case's by default.
    """
    folder = _data_dir(data_dir)
    if isinstance(case, dict):
        return _citsim._load_case_dict(case, "<dict>", folder)
    if isinstance(case, (str, os.PathLike)):
        return _citsim._load_case_file(os.fspath(case), folder)
    raise CitsimError(
        f"case = {type(case).__name__}: must be a path to a case file or a dict"
    )


def simulate(
    case,
    ensemble=0,
    threads=0,
    data_dir=None,
    *,
    surface_days=(),
    long_view=False,
    max_memory_gib=4.0,
    max_minutes=60.0,
):
    """Simulates the course of sessions of ``case``, as ``citsim simulate``.

    ``case``: a :class:`Case`, or a path or dict for :func:`load_case`.
    ``ensemble``: 0 for the nominal run only, or 2..10000 members with
    parameters drawn from the calibration's posterior, for P10/P50/P90
    bands. ``threads``: 0 for all cores; results are identical for every
    count. ``data_dir``: default the case's. ``surface_days``: days to add to
    the try-on frames of a site with a surface. ``long_view``: add the five
    years after (summary's "long_view"; always for a case with maintenance).
    ``max_memory_gib`` and ``max_minutes``: what the run may cost, estimated
    before it starts (as ``--max-memory-gib`` and ``--max-minutes``).

    Returns a :class:`Result` whose arrays are views (no copies). Settings the
    model does not capture are reported as :class:`CitsimWarning`. The GIL is
    released while the engine runs.
    """
    case = _as_case(case, data_dir)
    if ensemble != 0:
        _whole("ensemble", ensemble, 2, 10000, "0 (the nominal run only) or between 2 and 10000")
    _whole("threads", threads, 0, 1024, "0 (all cores) or between 1 and 1024")
    days = [_whole("surface_days", d, 0, 100000, "a list of days") for d in surface_days]
    _warn_unmodelled(case)
    return _citsim._simulate(
        case,
        ensemble,
        threads,
        "" if data_dir is None else os.fspath(data_dir),
        days,
        bool(long_view),
        _limit("max_memory_gib", max_memory_gib),
        _limit("max_minutes", max_minutes),
    )


def plan(
    case,
    start=None,
    threads=0,
    predict=True,
    *,
    course="as-given",
    rules=None,
    prices=None,
    region=None,
    data_dir=None,
    max_memory_gib=4.0,
    max_minutes=60.0,
):
    """Screens the patient and plans the course of ``case``, as ``citsim plan``.

    Returns plan.json (docs/planner.md) as Python dicts and lists: the
    screening with every reason, the proposed course, the care calendar,
    costs, alternatives and, with ``predict``, the healing engine's
    predictions (None when screening stops treatment, or without
    ``predict``).

    ``start``: the first session, "YYYY-MM-DD" (default: the next working day
    after today, as the command-line tool; plan.json records which).
    ``course``: "as-given" (the case's course) or "proposed" for the calendar
    and costs. ``rules``, ``prices``: clinic files (as ``--rules``,
    ``--prices``); ``region``: a price region. ``threads``: 0 for all cores;
    the plan is identical for every count. The GIL is released while the
    engine runs.
    """
    case = _as_case(case, data_dir)
    _whole("threads", threads, 0, 1024, "0 (all cores) or between 1 and 1024")
    _warn_unmodelled(case)
    return _citsim._plan(
        case,
        start or "",
        threads,
        bool(predict),
        course,
        "" if rules is None else os.fspath(rules),
        "" if prices is None else os.fspath(prices),
        region or "",
        "" if data_dir is None else os.fspath(data_dir),
        _limit("max_memory_gib", max_memory_gib),
        _limit("max_minutes", max_minutes),
    )


# Defined after the helpers above, which they use.
from citsim._cohort import cohort, load_trial, sensitivity  # noqa: E402
