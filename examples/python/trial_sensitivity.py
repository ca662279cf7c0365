#!/usr/bin/env python3
"""Runs a virtual trial and a Sobol sensitivity analysis of one endpoint to
the model's calibrated parameters, on this machine or on a Dask cluster.

Sample runs (from the repository root, after scripts/setup):

    python3 examples/python/trial_sensitivity.py examples/cohorts/acne-scars-roller-vs-pen.toml \\
        --arm pen --measure scar_depth_change_pct --out results/acne-trial
    # the same on two local Dask workers (or --scheduler tcp://host:8786 for a cluster)
    python3 examples/python/trial_sensitivity.py examples/cohorts/acne-scars-roller-vs-pen.toml \\
        --arm pen --measure scar_depth_change_pct --out results/acne-trial --dask-workers 2

It writes the trial report (results/acne-trial/report.html, the store
results/acne-trial.sqlite), prints each arm's endpoints, then the
sensitivity table, and writes it as JSON beside the report
(results/acne-trial-sensitivity.json). The report and the indices are the
same whether the patients run here or on Dask workers.
"""

import argparse
import json
import sys
from pathlib import Path

import citsim


def table(s):
    lines = [f"Sobol indices of the mean {s['measure']} over {s['patients']} patient(s) of arm "
             f"'{s['arm']}' (n = {s['n']}, {s['runs']} parameter sets, {s['courses']} courses); "
             f"endpoint mean {s['mean']:.3g}, variance {s['variance']:.3g}",
             f"{'parameter':42} {'range':>22} {'first':>7} {'95% CI':>16} {'total':>7} "
             f"{'95% CI':>16}"]
    for k, name in enumerate(s["parameters"]):
        lo, hi = s["ranges"][k]
        f1, t1 = s["first"][k], s["total"][k]
        fc, tc = s["first_ci95"][k], s["total_ci95"][k]
        lines.append(f"{name:42} {f'{lo:.3g} to {hi:.3g}':>22} {f1:7.2f} "
                     f"{f'[{fc[0]:.2f}, {fc[1]:.2f}]':>16} {t1:7.2f} "
                     f"{f'[{tc[0]:.2f}, {tc[1]:.2f}]':>16}")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trial", help="trial file (docs/cohort.md)")
    ap.add_argument("--out", required=True, help="report folder (new or empty, or --force)")
    ap.add_argument("--force", action="store_true", help="replace an earlier report in --out")
    ap.add_argument("--arm", required=True, help="the arm whose endpoint is analysed")
    ap.add_argument("--measure", default="scar_depth_change_pct",
                    help="per-patient output (citsim.cohort_measures())")
    ap.add_argument("--n", type=int, default=64, help="Sobol samples, a power of two")
    ap.add_argument("--patients", type=int, default=4, help="patients the endpoint averages")
    ap.add_argument("--seed", type=int, default=0, help="the design's seed")
    ap.add_argument("--threads", type=int, default=0, help="threads here (0: all cores)")
    ap.add_argument("--dask-workers", type=int, default=0,
                    help="run on a local Dask cluster of this many workers")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler")
    args = ap.parse_args()

    client = cluster = None
    if args.scheduler or args.dask_workers:
        from distributed import Client, LocalCluster

        if args.scheduler:
            client = Client(args.scheduler)
        else:
            cluster = LocalCluster(n_workers=args.dask_workers, threads_per_worker=1,
                                   processes=True, host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
    try:
        trial = citsim.load_trial(args.trial)
        if args.arm not in trial.arms:  # before the trial runs
            raise citsim.CitsimError(f"--arm {args.arm}: must be one of " + ", ".join(trial.arms))
        report = citsim.cohort(trial, args.out, threads=args.threads, force=args.force,
                               client=client)
        for arm in report["arms"]:
            for eid, e in arm["endpoints"].items():
                value = e.get("mean", e.get("rate"))
                if value is not None:
                    print(f"{arm['id']:>10} {eid:>24}: {value:.3g}  95% CI "
                          f"{e['ci95'][0]:.3g} to {e['ci95'][1]:.3g}")
        s = citsim.sensitivity(trial, args.arm, args.measure, n=args.n,
                               patients=args.patients, seed=args.seed, threads=args.threads,
                               client=client)
    except citsim.CitsimError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    print(table(s))
    out = Path(str(Path(args.out)) + "-sensitivity.json")
    out.write_text(json.dumps(s, indent=1) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
