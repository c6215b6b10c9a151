"""Benchmark: the sample report and the national one, and the figures' share of each.

Issue 22's goals: the sample report (``data/sample``, plan ``hai-duong-2021``,
256 files) in at most 3 s, the national one (``report_scale.synthetic``,
3,321 communes) in at most 10 s, on a quiet 2-CPU machine, while the figures
are redrawn.  Each report is built whole by ``build_report`` (reading
included for the sample), then its parts are timed: ``analyse``, the figures
(PNG only, as the report writes them by default; ``--svg`` adds the vector
copies), the workbook and the page.  Wall seconds are printed beside CPU
seconds: on a shared machine the wall time follows the load, the CPU time
much less.

Usage::

    python benchmarks/report_speed.py            # both reports
    python benchmarks/report_speed.py --svg      # with the SVG copies too
    python benchmarks/report_speed.py --communes 400
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.report_scale import _timed, synthetic  # noqa: E402

GOALS = {"sample": 3.0, "national": 10.0}


def _parts(source, plan, units, out: Path, svg: bool) -> dict[str, list[float]]:
    from childlabour_metrics.analysis.report_data import analyse
    from childlabour_metrics.output import report as rep

    times: dict[str, list[float]] = {}
    with _timed() as times_whole:
        rep.build_report(source, plan, out, units=units, lang="vi", progress=False, svg=svg)
    times["build_report (whole)"] = times_whole
    with _timed() as took:
        data = analyse(source, plan, units=units, lang="vi", progress=False)
    times["analyse"] = took
    with _timed() as took:
        images, _ = rep.draw_figures(data, out / "figures", svg=svg)
    times["figures"] = took
    with _timed() as took:
        rep.write_workbook(out / "report.xlsx", data)
    times["excel"] = took
    with _timed() as took:
        rep.write_html(out / "report.html", data, images)
    times["html"] = took
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the sample and national reports.")
    parser.add_argument("--communes", type=int, default=3321, help="national communes (3321)")
    parser.add_argument("--svg", action="store_true", help="write the SVG copies too")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    import childlabour_metrics as clm

    national = synthetic(args.communes)
    runs = {
        "sample": (str(ROOT / "data" / "sample"), "hai-duong-2021",
                   clm.load_units(ROOT / "data" / "sample" / "units.csv")),
        "national": (national["observations"], national["plan"], national["units"]),
    }
    print(f"{'report':10} {'step':22} {'seconds':>8} {'cpu s':>8}")
    met = True
    for name, (source, plan, units) in runs.items():
        with tempfile.TemporaryDirectory() as tmp:
            times = _parts(source, plan, units, Path(tmp), args.svg)
        for step, (wall, cpu) in times.items():
            print(f"{name:10} {step:22} {wall:8.2f} {cpu:8.2f}")
        whole = times["build_report (whole)"][0]
        share = times["figures"][0] / max(whole, 1e-9)
        ok = whole <= GOALS[name]
        met &= ok
        print(f"{name:10} figures' share {share:.0%}; goal ≤ {GOALS[name]:g} s: "
              f"{'met' if ok else 'NOT met'}\n")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
