"""Time ``crosswalk`` with the official crosswalk on a national-size table.

662,310 rows: every old commune (10,035) × 6 half-years × 11 indicators,
about what issue 10 measured (13–17 s before the rewrite), against a plain
``groupby(["unit_code", "period", "indicator"]).sum()`` of the same table
timed in the same run.  Run::

    python benchmarks/crosswalk_official.py
    python benchmarks/crosswalk_official.py --src /tmp/old   # time another checkout
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time crosswalk on the official crosswalk.")
    parser.add_argument("--src", type=Path, default=ROOT,
                        help="checkout whose package is timed (default: this one)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.src))
    import numpy as np
    import pandas as pd

    import childlabour_metrics as clm

    units = clm.official_units(on="2025-06-30")
    communes = units.loc[units["level"] == "commune", "code"].to_numpy()
    periods = ["2022H1", "2022H2", "2023H1", "2023H2", "2024H1", "2024H2"]
    indicators = [f"CL{i:02d}" for i in range(1, 12)]
    rng = np.random.default_rng(0)
    idx = pd.MultiIndex.from_product([communes, periods, indicators],
                                     names=["unit_code", "period", "indicator"])
    obs = idx.to_frame(index=False)
    obs["denominator"] = rng.integers(50, 500, len(obs))
    obs["numerator"] = rng.integers(0, 50, len(obs))
    obs = obs.astype({"unit_code": "str", "period": "str", "indicator": "str"})
    mapping = clm.official_crosswalk()
    start = time.perf_counter()
    obs.groupby(["unit_code", "period", "indicator"])[["numerator", "denominator"]].sum()
    plain = time.perf_counter() - start
    start = time.perf_counter()
    out = clm.crosswalk(obs, mapping, skipna=True)
    took = time.perf_counter() - start
    print(f"package from {Path(clm.__file__).parent}")
    print(f"{len(obs):,} rows → {len(out):,} rows in {took:.2f} s; plain group-by "
          f"{plain:.2f} s; ratio {took / plain:.1f}")
    # every report has numerator ≤ denominator, so every new unit must too (issue 22 item 7)
    impossible = int((out["numerator"] > out["denominator"]).sum())
    print(f"new units with numerator > denominator: {impossible}")
    assert out["numerator"].sum() == obs["numerator"].sum()
    assert out["denominator"].sum() == obs["denominator"].sum()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
