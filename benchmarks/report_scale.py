"""Benchmark: the report of a national round (34 provinces, 3,321 communes).

A synthetic national plan's data: a registry (country, 34 provinces, 3,321
communes), the national plan ``vn-782-2021`` asking communes and provinces to
report, and observations of every commune for the periods 2021–2025 (yearly
and half-yearly, 10 indicators, ~330,000 rows), each with a report date (some
late, some communes missing in the last round).  ``build_report`` is timed as
a whole, then its parts: ``analyse`` (every table), the figures, and writing
the workbook and the HTML page.  Sizes of the HTML page and of the largest
figure are printed.

Target (issue 10): the national-round report in ≤ 60 s, every figure legible.

Usage::

    python benchmarks/report_scale.py                  # the national round
    python benchmarks/report_scale.py --communes 400   # a quick run
    python benchmarks/report_scale.py --keep /tmp/nat  # keep the report to look at
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROVINCES = 34
INDICATORS = [f"CL{i:02d}" for i in range(1, 11)]
YEARS = range(2021, 2026)


def synthetic(communes: int = 3321, seed: int = 10) -> dict[str, Any]:
    """Registry, plan and observations of a synthetic national round."""
    import numpy as np
    import pandas as pd

    from childlabour_metrics.reference.plans import load_plan
    from childlabour_metrics.reference.units import load_units

    rng = np.random.default_rng(seed)
    provinces = [f"{p:02d}" for p in range(1, PROVINCES + 1)]
    codes = [f"{10000 + c:05d}" for c in range(communes)]
    parents = [provinces[c * PROVINCES // communes] for c in range(communes)]
    units = load_units(pd.DataFrame({
        "code": ["VN", *provinces, *codes],
        "name": ["Việt Nam", *(f"Tỉnh {p}" for p in provinces),
                 *(f"Xã Thử Nghiệm {c}" for c in codes)],
        "level": ["country", *["province"] * PROVINCES, *["commune"] * communes],
        "parent_code": ["", *["VN"] * PROVINCES, *parents],
    }))
    plan = replace(load_plan("vn-782-2021"), report_levels=("province", "commune"))
    periods = [p for y in YEARS for p in (f"{y}H1", str(y))]
    per_unit = len(periods) * len(INDICATORS)
    n = communes * per_unit
    den = rng.integers(50, 5000, n)
    num = np.minimum(den, (den * rng.uniform(0, 0.12, n)).round().astype("int64"))
    unit = np.repeat(codes, per_unit)
    period = np.tile(np.repeat(periods, len(INDICATORS)), communes)
    # Reports dated around the deadline: 85 % on time, the rest up to 40 days late.
    deadline = pd.to_datetime(pd.Series(period).map(
        lambda p: f"{p[:4]}-06-30" if p.endswith("H1") else f"{p}-12-31"))
    late = rng.random(communes) < 0.15
    shift = np.where(late, rng.integers(1, 40, communes), -rng.integers(0, 10, communes))
    date = deadline + pd.to_timedelta(np.repeat(shift, per_unit), unit="D")
    obs = pd.DataFrame({
        "unit_code": pd.array(unit, dtype="str"),
        "period": pd.array(period, dtype="str"),
        "indicator": pd.array(np.tile(INDICATORS, communes * len(periods)), dtype="str"),
        "numerator": pd.array(num, dtype="Int64"),
        "denominator": pd.array(den, dtype="Int64"),
        "status": pd.array(["ok"] * n, dtype="str"),
        "source_file": pd.array([f"{u}_{p}.xlsx" for u, p in zip(unit, period, strict=True)],
                                dtype="str"),
        "report_date": date.to_numpy(),
    })
    # 3 % of communes missed the last round
    gone = set(rng.choice(codes, communes * 3 // 100, replace=False))
    obs = obs[~(obs["unit_code"].isin(gone) & (obs["period"] == periods[-1]))]
    return {"units": units, "plan": plan, "observations": obs.reset_index(drop=True)}


@contextmanager
def _timed() -> Iterator[list[float]]:
    """Wall and CPU seconds (this process and its finished child processes) of a block."""
    took = [0.0, 0.0]

    def cpu() -> float:
        me, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                              resource.RUSAGE_CHILDREN))
        return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime

    wall, used = time.perf_counter(), cpu()
    yield took
    took[:] = [time.perf_counter() - wall, cpu() - used]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the national-round report.")
    parser.add_argument("--communes", type=int, default=3321, help="communes (3321)")
    parser.add_argument("--keep", type=Path, default=None, help="write the report here")
    args = parser.parse_args(argv)
    import pandas as pd

    from childlabour_metrics.analysis.report_data import analyse
    from childlabour_metrics.output import report as rep

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    data = synthetic(args.communes)
    obs, units, plan = data["observations"], data["units"], data["plan"]
    print(f"{len(obs):,} rows, {args.communes:,} communes in {PROVINCES} provinces, built in "
          f"{time.perf_counter() - start:.1f} s; pandas {pd.__version__}")

    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        with _timed() as total:
            rep.build_report(obs, plan, out, units=units, lang="vi")
        with _timed() as t_analyse:
            report_data = analyse(obs, plan, units=units, lang="vi")
        with _timed() as t_figures:
            images, written = rep.draw_figures(report_data, out / "figures")
        with _timed() as t_excel:
            rep.write_workbook(out / "report.xlsx", report_data)
        with _timed() as t_html:
            rep.write_html(out / "report.html", report_data, images)
        html_mb = (out / "report.html").stat().st_size / 1e6
        xlsx_mb = (out / "report.xlsx").stat().st_size / 1e6
        pages = sorted((out / "pages").glob("*.html")) if (out / "pages").is_dir() else []
        from PIL import Image

        sizes = [(Image.open(p).size, p.name) for p in written if p.suffix == ".png"]
        largest = max(sizes, key=lambda s: s[0][0] * s[0][1]) if sizes else ((0, 0), "-")

    # CPU seconds (this process and its finished workers) beside wall seconds: on a
    # shared machine the wall time varies with the load, the CPU time much less
    print(f"\n{'step':24} {'seconds':>8} {'cpu s':>8}")
    for name, took in (("build_report (whole)", total), ("analyse", t_analyse),
                       ("figures", t_figures), ("excel", t_excel), ("html", t_html)):
        print(f"{name:24} {took[0]:8.1f} {took[1]:8.1f}")
    print(f"\nreport.html {html_mb:.1f} MB, {len(pages)} pages beside it; report.xlsx "
          f"{xlsx_mb:.1f} MB; {len(sizes)} PNG figures, largest {largest[1]} "
          f"{largest[0][0]} × {largest[0][1]} px")
    print(f"target ≤ 60 s: {'met' if total[0] <= 60 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
