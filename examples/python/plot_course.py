#!/usr/bin/env python3
"""Plots a case's course: collagen and epidermal thickness against the
untreated control, with the ensemble's P10-P90 range, sessions marked.

Sample runs (from the repository root, after scripts/setup):

    python3 examples/python/plot_course.py examples/pen-cheek-rejuvenation.toml --out course.png
    python3 examples/python/plot_course.py examples/roller-acne-scars.toml --ensemble 40 --out scars.png

It prints where the plot went and the change at the end of follow-up. Run
in CI by the CTest entry example.python-plot-course.
"""

import argparse
import sys

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402

import citsim  # noqa: E402

SERIES = [
    ("collagen_change_pct", "collagen", "tab:blue"),
    ("epidermal_thickness_change_pct", "epidermal thickness", "tab:orange"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", help="case file (TOML, docs/case-format.md)")
    parser.add_argument("--out", required=True, help="PNG file to write")
    parser.add_argument("--ensemble", type=int, default=10, help="members for the range (0: none)")
    parser.add_argument("--threads", type=int, default=0, help="threads (0: all cores)")
    args = parser.parse_args()

    try:
        result = citsim.simulate(args.case, ensemble=args.ensemble, threads=args.threads)
    except citsim.CitsimError as e:
        print(f"plot_course: {e}", file=sys.stderr)
        return 2

    summary = result.summary
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    for name, label, colour in SERIES:
        ax.plot(result.days, result.series(name), color=colour, label=f"{label}, nominal run")
        if result.members:
            band = result.band(name)
            ax.fill_between(result.days, band["p10"], band["p90"], color=colour, alpha=0.2,
                            linewidth=0, label=f"{label}, P10-P90 of {result.members}")
    for session in summary["sessions"]:
        ax.axvline(session["day"], color="grey", linestyle=":", linewidth=1)
    ax.axhline(0.0, color="black", linewidth=0.5)
    case = summary["case"]
    ax.set_title(f"{case['device']['kind']} on the {case['site']['zone']}: "
                 f"{len(summary['sessions'])} session(s), seed {summary['seed']}")
    ax.set_xlabel("days since the first session (dotted: sessions)")
    ax.set_ylabel("% change vs untreated control")
    ax.legend(loc="upper left", fontsize="small")
    fig.tight_layout()
    fig.savefig(args.out)

    end = summary["observables_end_of_follow_up"]
    collagen = end["collagen_change_pct"]
    value = collagen["value"] if isinstance(collagen, dict) else collagen
    print(f"plot_course: at day {end['day']:g}: collagen {value:+.1f}% vs untreated")
    print(f"plot_course: plot written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
