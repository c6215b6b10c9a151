"""Benchmark: the report's Excel workbook (``output.excel.write_workbook``) alone.

Issue 22's speed goal leaves the national report 10 s; the workbook's share
was 3.0–3.3 CPU s of it (main at 8d4f230, on a shared 2-CPU machine), the
goal for it 1.5 s.  This script times ``write_workbook`` on the sample's
report data and on the national one (``report_scale.synthetic``, 3,321
communes), several runs each, in CPU seconds (the machine is shared: the
wall time follows the load), and beside it the one part of the workbook
that is not the workbook's own: the quality section's follow-up list put
into words (``quality_section.follow_up_frame``, by the analysis'
``follow_up_text``, one row at a time).

To compare two versions, run this script from each checkout alternately
(A, B, A, B: the load changes between runs); ``benchmarks/README.md`` has
the figures.

Usage::

    python benchmarks/workbook_speed.py             # sample and national, 3 runs each
    python benchmarks/workbook_speed.py --runs 5 --communes 400
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import childlabour_metrics as clm  # noqa: E402
from benchmarks.report_scale import _timed, synthetic  # noqa: E402
from childlabour_metrics.analysis.report_data import ReportData, analyse  # noqa: E402
from childlabour_metrics.output import quality_section  # noqa: E402
from childlabour_metrics.output.excel import write_workbook  # noqa: E402

GOALS = {"national": 1.5}


def _data(name: str, communes: int) -> ReportData:
    if name == "sample":
        sample = ROOT / "data" / "sample"
        return analyse(str(sample), "hai-duong-2021", units=clm.load_units(sample / "units.csv"),
                       lang="vi", progress=False)
    national = synthetic(communes)
    return analyse(national["observations"], national["plan"], units=national["units"],
                   lang="vi", progress=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the report workbook.")
    parser.add_argument("--communes", type=int, default=3321, help="national communes (3321)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (3)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    print(f"{'workbook':10} {'cpu s (min)':>12} {'median':>8} {'follow-up words':>16}")
    met = True
    for name in ("sample", "national"):
        data = _data(name, args.communes)
        cpu: list[float] = []
        with tempfile.TemporaryDirectory() as tmp:
            write_workbook(Path(tmp) / "warm.xlsx", data)
            for run in range(args.runs):
                with _timed() as took:
                    write_workbook(Path(tmp) / f"{run}.xlsx", data)
                cpu.append(took[1])
        words = 0.0
        review = dict(data.sections).get("quality")
        if review is not None:
            with _timed() as took:
                quality_section.follow_up_frame(review, data.names, data.lang,
                                                quality_section.SHEET_ROWS)
            words = took[1]
        print(f"{name:10} {min(cpu):12.2f} {statistics.median(cpu):8.2f} {words:16.2f}")
        goal = GOALS.get(name)
        if goal is not None:
            ok = min(cpu) <= goal
            met &= ok
            print(f"{name:10} goal ≤ {goal:g} CPU s: {'met' if ok else 'NOT met'}; "
                  f"without the follow-up words {min(cpu) - words:.2f} s")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
