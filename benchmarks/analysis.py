"""Benchmark: the analysis functions on a national decade of observations.

A synthetic table of 3,321 communes (34 provinces) × 20 half-yearly and yearly
periods (2016–2025) × 10 indicators, about 664,000 rows, with 2 % of each
count missing and 1 % zero denominators.  Each function runs once on it and
is set against a plain ``groupby(["unit_code", "period", "indicator"]).sum()``
of the same table, timed in the same run:

* ``values``, ``aggregate`` (to provinces), ``attainment`` (a national plan),
  ``progress`` (``sdg`` and ``trajectory``), ``completeness``,
  ``completeness_rates`` and ``crosswalk`` (every tenth commune merged into
  the one before it on 1 July 2025).

Target (issue 10): each function at most ~10× the plain group-by and 2 s.

Usage::

    python benchmarks/analysis.py                  # the national table
    python benchmarks/analysis.py --communes 500   # a quick run
    python benchmarks/analysis.py --only values,aggregate
    python benchmarks/analysis.py --src /tmp/old   # time another checkout's package
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

PROVINCES = 34
INDICATORS = [f"CL{i:02d}" for i in range(1, 11)]
YEARS = range(2016, 2026)


def synthetic(communes: int, seed: int = 10) -> dict[str, Any]:
    """The registry, observations and crosswalk of a synthetic national decade."""
    import numpy as np
    import pandas as pd

    from childlabour_metrics.reference.units import load_units

    rng = np.random.default_rng(seed)
    provinces = [f"{p:02d}" for p in range(1, PROVINCES + 1)]
    codes = [f"{10000 + c:05d}" for c in range(communes)]
    parents = [provinces[c * PROVINCES // communes] for c in range(communes)]
    units = load_units(pd.DataFrame({
        "code": ["VN", *provinces, *codes],
        "name": ["Việt Nam", *(f"Tỉnh {p}" for p in provinces), *(f"Xã {c}" for c in codes)],
        "level": ["country", *["province"] * PROVINCES, *["commune"] * communes],
        "parent_code": ["", *["VN"] * PROVINCES, *parents],
    }))
    periods = [p for y in YEARS for p in (f"{y}H1", str(y))]
    n = communes * len(periods) * len(INDICATORS)
    den = rng.integers(5, 5000, n)
    num = np.minimum(den, (den * rng.uniform(0, 0.2, n)).round().astype("int64"))
    den[rng.random(n) < 0.01] = 0
    num[den == 0] = 0
    obs = pd.DataFrame({
        "unit_code": pd.array(np.repeat(codes, len(periods) * len(INDICATORS)), dtype="str"),
        "period": pd.array(np.tile(np.repeat(periods, len(INDICATORS)), communes), dtype="str"),
        "indicator": pd.array(np.tile(INDICATORS, communes * len(periods)), dtype="str"),
        "numerator": pd.array(num, dtype="Int64"),
        "denominator": pd.array(den, dtype="Int64"),
        "status": pd.array(["ok"] * n, dtype="str"),
    })
    obs.loc[rng.random(n) < 0.02, "numerator"] = pd.NA
    obs.loc[rng.random(n) < 0.02, "denominator"] = pd.NA
    # A merger on 1 July 2025: every tenth commune joins the one before it.
    merged = codes[1::10]
    mapping = pd.DataFrame({"old_code": merged,
                            "new_code": [codes[codes.index(c) - 1] for c in merged],
                            "effective_date": "2025-07-01"})
    return {"units": units, "observations": obs, "mapping": mapping}


def functions(data: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    """The timed calls, by name (``completeness_rates`` reuses ``completeness``'s table)."""
    from childlabour_metrics.analysis.completeness import completeness, completeness_rates
    from childlabour_metrics.analysis.targets import attainment, progress
    from childlabour_metrics.analysis.values import aggregate, values
    from childlabour_metrics.reference.crosswalk import crosswalk
    from childlabour_metrics.reference.plans import load_plan

    obs, units = data["observations"], data["units"]
    plan = load_plan("vn-782-2021")
    table: dict[str, Any] = {}

    def run_completeness() -> Any:
        table["c"] = completeness(obs, units, plan)
        return table["c"]

    def run_rates() -> Any:
        if "c" not in table:
            run_completeness()
        return completeness_rates(table["c"], units, level="province")

    return {
        "groupby().sum() (plain)": lambda: obs.groupby(
            ["unit_code", "period", "indicator"])[["numerator", "denominator"]].sum(),
        "values": lambda: values(obs),
        "aggregate (to provinces)": lambda: aggregate(obs, units, "province"),
        "attainment": lambda: attainment(obs, plan),
        "progress (sdg)": lambda: progress(obs, plan),
        "progress (trajectory)": lambda: progress(obs, plan, method="trajectory"),
        "completeness": run_completeness,
        "completeness_rates": run_rates,
        "crosswalk": lambda: crosswalk(obs, data["mapping"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the analysis functions.")
    parser.add_argument("--communes", type=int, default=3321, help="communes (3321)")
    parser.add_argument("--only", default="", help="comma-separated names (prefixes)")
    parser.add_argument("--src", type=Path, default=ROOT,
                        help="checkout whose package is timed (default: this one)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.src))
    import warnings

    import pandas as pd

    import childlabour_metrics

    warnings.simplefilter("ignore")  # a crosswalk or registry warning is not the point here
    start = time.perf_counter()
    data = synthetic(args.communes)
    obs = data["observations"]
    print(f"{len(obs):,} rows ({args.communes:,} communes × 20 periods × 10 indicators), "
          f"built in {time.perf_counter() - start:.1f} s; pandas {pd.__version__}; "
          f"package from {Path(childlabour_metrics.__file__).parent}")
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    base = None
    print(f"\n{'function':28} {'seconds':>8} {'× group-by':>11} {'rows out':>9}  target")
    for name, call in functions(data).items():
        plain = name.startswith("groupby")
        if wanted and not plain and not any(name.startswith(w) for w in wanted):
            continue
        start = time.perf_counter()
        try:
            out = call()
        except Exception as exc:  # a benchmark reports a failure and goes on
            print(f"{name:28} failed: {type(exc).__name__}: {exc}"[:120])
            continue
        seconds = time.perf_counter() - start
        base = seconds if plain else base
        ratio = seconds / base if base else float("nan")
        met = "" if plain else ("met" if ratio <= 10 and seconds <= 2 else "NOT met")
        print(f"{name:28} {seconds:8.2f} {ratio:11.1f} {len(out):9,}  {met}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
