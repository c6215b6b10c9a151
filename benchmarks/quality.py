"""Benchmark: the whole data-quality review on a national decade of observations.

Two tables of the decade's shape (3,321 communes of 34 provinces × 20 half-yearly
and yearly periods, 2016–2025 × 10 indicators, about 664,000 rows), each
reviewed whole (``clm.data_quality``: outliers across the communes of each
province, consistency over time against the province, denominators, the
rules between indicators, the scorecard and the follow-up list) and set
against a plain ``groupby(["unit_code", "period", "indicator"]).sum()`` of
the same table, timed in the same run (best of ``--repeat``):

* **moving as real figures do**: each commune's rate and denominator drift
  slowly, CL02 shares CL01's denominator and counts some of its child
  labourers, CL04's denominator holds every child labourer; one figure in a
  thousand is planted wrong (a rate ×3 or ÷3, a denominator ×2).  Few flags:
  what a round looks like;
* **as benchmarks/analysis.py builds it**: every count drawn at random, so
  that about half of all figures are flagged: the worst case, where the
  follow-up list is as long as the data.

Target (issue 25): the whole review in at most 3 s, or at most 10× the
group-by sum in the same run.

Usage::

    python benchmarks/quality.py                  # the national decade
    python benchmarks/quality.py --communes 500   # a quick run
    python benchmarks/quality.py --src /tmp/old   # time another checkout's package
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def realistic(communes: int, seed: int = 25) -> dict[str, Any]:
    """The decade of :func:`benchmarks.analysis.synthetic`, its figures moving as real ones.

    Returns the registry, the observations and the positions of the planted rows.
    """
    import numpy as np
    import pandas as pd

    from benchmarks.analysis import INDICATORS, synthetic

    data = synthetic(communes)
    obs = data["observations"]
    rng = np.random.default_rng(seed)
    n_ind, n_periods = len(INDICATORS), 20
    unit = np.repeat(np.arange(communes), n_periods * n_ind)
    indicator = np.tile(np.arange(n_ind), communes * n_periods)
    year = np.tile(np.repeat(np.arange(n_periods), n_ind), communes) // 2
    den0 = rng.integers(500, 5000, (communes, n_ind))
    rate0 = rng.uniform(0.02, 0.6, (communes, n_ind))
    den = np.round(den0[unit, indicator] * (1 + 0.01 * year)).astype(np.int64)
    num = rng.binomial(den, rate0[unit, indicator] * 0.97 ** year)
    # The rules between indicators hold (indicators CL01..CL10 in this order).
    num, den = num.reshape(-1, n_ind), den.reshape(-1, n_ind)
    den[:, 1] = den[:, 0]
    num[:, 1] = rng.binomial(num[:, 0], 0.3)
    den[:, 3] = np.maximum(den[:, 3], num[:, 0] + rng.integers(0, 50, len(den)))
    num[:, 3] = np.minimum(num[:, 3], den[:, 3])
    num, den = num.reshape(-1), den.reshape(-1)
    # One figure in a thousand planted wrong.
    planted = rng.choice(len(num), len(num) // 1000, replace=False)
    kind = rng.integers(0, 3, len(planted))
    num[planted[kind == 0]] = np.minimum(num[planted[kind == 0]] * 3, den[planted[kind == 0]])
    num[planted[kind == 1]] //= 3
    den[planted[kind == 2]] *= 2
    obs = obs.assign(numerator=pd.array(num, dtype="Int64"),
                     denominator=pd.array(den, dtype="Int64"))
    return {"units": data["units"], "observations": obs, "planted": planted}


def _best(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = call()
        best = min(best, time.perf_counter() - start)
    return best, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the data-quality review.")
    parser.add_argument("--communes", type=int, default=3321, help="communes (3321)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (3)")
    parser.add_argument("--src", type=Path, default=ROOT,
                        help="checkout whose package is timed (default: this one)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.src))
    sys.path.insert(1, str(ROOT))
    import warnings

    import pandas as pd

    import childlabour_metrics as clm
    from benchmarks.analysis import synthetic

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    tables = {"moving as real figures": realistic(args.communes),
              "random (analysis.py)": synthetic(args.communes)}
    rows = len(tables["random (analysis.py)"]["observations"])
    print(f"{rows:,} rows ({args.communes:,} communes × 20 periods × 10 indicators), built "
          f"in {time.perf_counter() - start:.1f} s; pandas {pd.__version__}; package from "
          f"{Path(clm.__file__).parent}; best of {args.repeat}")
    print(f"\n{'table':24} {'group-by s':>10} {'review s':>9} {'× group-by':>11} "
          f"{'flags':>9}  target (≤ 3 s or ≤ 10×)")
    for name, data in tables.items():
        obs, units = data["observations"], data["units"]
        plain, _ = _best(lambda obs=obs: obs.groupby(["unit_code", "period", "indicator"])[
            ["numerator", "denominator"]].sum(), args.repeat)
        seconds, review = _best(lambda obs=obs, units=units: clm.data_quality(obs, units),
                                args.repeat)
        ratio = seconds / plain
        flags = sum(len(t) for t in review.flags().values())
        met = "met" if seconds <= 3 or ratio <= 10 else "NOT met"
        print(f"{name:24} {plain:10.2f} {seconds:9.2f} {ratio:11.1f} {flags:9,}  {met}")
        if "planted" in data:
            found = review.follow_up
            print(f"{'':24} {len(data['planted']):,} figures planted wrong; "
                  f"{len(found):,} rows to follow up")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
