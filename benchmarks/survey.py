"""Benchmark: design-based child labour rates for 1,000,000 children × 20 domains, against R.

A synthetic national survey (100 strata, 10,000 PSUs of 100 children, unequal
weights, 5 % of children outside 5–17 so that their rate is NA) is classified
by SDG 8.7.1, then ``clm.survey.estimate(kids, by="province")`` (20 provinces)
is timed: Taylor linearisation, logit intervals, design effects.  When R and its
``survey`` package are installed, the same data go to R, which times
``svyby(~cl, ~province, design, svymean, na.rm=TRUE, deff=TRUE)`` (its design
built with ``svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE)``)
in the same run, and the two tables are compared.

Target (issue 26): at least 10× R's speed, and under 2 s.

Usage::

    python benchmarks/survey.py                   # 1,000,000 children
    python benchmarks/survey.py --children 100000 # a quick run
    python benchmarks/survey.py --no-r            # without R
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

R_SCRIPT = r"""
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
t0 <- proc.time()[["elapsed"]]
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
m <- svyby(~cl, ~province, des, svymean, na.rm = TRUE, deff = TRUE)
elapsed <- proc.time()[["elapsed"]] - t0
out <- data.frame(province = m$province, value = coef(m), se = SE(m), deff = deff(m))
write.csv(out, args[2], row.names = FALSE)
cat(sprintf("%.17g\n", elapsed))
"""


def synthetic(children: int, seed: int = 26):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    per_psu = 100
    psus = children // per_psu
    strata = 100
    psu_stratum = np.sort(rng.integers(0, strata, psus))
    stratum = np.repeat(psu_stratum, per_psu)
    psu = np.repeat(np.arange(psus), per_psu)
    risk = np.repeat(rng.normal(-3.0, 0.7, psus), per_psu)
    n = len(psu)
    age = rng.integers(5, 18, n)
    age[rng.random(n) < 0.05] = 4
    works = rng.random(n) < 1 / (1 + np.exp(-risk))
    return pd.DataFrame({
        "stratum": stratum, "psu": psu,
        "province": (stratum % 20).astype(str),
        "weight": np.repeat(rng.uniform(50, 400, psus), per_psu) * rng.uniform(1, 1.3, n),
        "age": age,
        "econ_hours": np.where(works, rng.gamma(1.5, 15, n), 0.0),
        "chores_hours": rng.gamma(1.2, 6, n),
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--no-r", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import numpy as np

    import childlabour_metrics as clm

    data = synthetic(args.children)
    t = time.perf_counter()
    kids = clm.survey.classify(data)
    classify_s = time.perf_counter() - t
    clm.survey.estimate(kids.head(1000), by="province")  # imports (scipy.special) out of the timing
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        est = clm.survey.estimate(kids, by="province")
        times.append(time.perf_counter() - t)
    ours = min(times)
    print(f"children: {len(kids):,}  PSUs: {kids['psu'].nunique():,}  "
          f"strata: {kids['stratum'].nunique()}  domains: {len(est)}")
    print(f"classify (sdg-8.7.1):              {classify_s:8.3f} s")
    print(f"clm.survey.estimate (best of {args.repeat}):   {ours:8.3f} s   target < 2 s")
    rscript = shutil.which("Rscript")
    if args.no_r or rscript is None:
        print("R: not run" + ("" if args.no_r else " (Rscript not found)"))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        frame = kids[["stratum", "psu", "province", "weight"]].assign(
            cl=kids["child_labour"].astype("Float64"))
        frame.to_csv(folder / "kids.csv", index=False)
        (folder / "bench.R").write_text(R_SCRIPT, encoding="utf-8")
        run = subprocess.run([rscript, str(folder / "bench.R"), str(folder / "kids.csv"),
                              str(folder / "out.csv")], capture_output=True, text=True,
                             check=True)
        r_seconds = float(run.stdout.strip().splitlines()[-1])
        import pandas as pd

        theirs = pd.read_csv(folder / "out.csv", dtype={"province": str})
    mine = est.assign(province=est["province"].astype(str)).set_index("province")
    theirs = theirs.set_index("province").loc[mine.index]
    worst_value = float(np.max(np.abs(mine["value"] / 100 - theirs["value"]) / theirs["value"]))
    worst_se = float(np.max(np.abs(mine["se"] / 100 - theirs["se"]) / theirs["se"]))
    print(f"R survey svyby(svymean, deff=TRUE): {r_seconds:8.3f} s")
    print(f"ratio R / clm:                      {r_seconds / ours:8.1f}×   target ≥ 10×")
    print(f"largest relative difference: value {worst_value:.1e}, se {worst_se:.1e}")


if __name__ == "__main__":
    main()
