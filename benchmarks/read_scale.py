"""Benchmark: is reading linear in files, rows and problems?

For each size (default 1,000 / 4,000 / 16,000 forms) two rounds are
generated with :func:`ingest.generate`: a clean one, and a problem-heavy one
where 30 % of the indicator rows carry a problem (a numerator above its
denominator) and is read with a unit registry (1 % of the units left out of
it, so their reports are errors too) and the national plan (whose untracked
indicators are warnings): about half the rows end flagged.  The clean round
is read without either.  The same files are read by python-calamine alone and by the naive
``pd.read_excel(engine="openpyxl")`` loop (timed on a subset and
extrapolated).  Every method runs in a fresh subprocess, ``--repeat`` times
(3 unless given) in turn with the others.  Its best run is shown, as
:mod:`timeit` advises (other processes only ever add time; on a shared
machine one run can take half again as long as the next), and the ratio of
the medians is printed too.  The generated files are flushed to disk
(``os.sync``) before any is timed, so that no method pays for writing them back.

It prints seconds, ratios and the growth exponent ``log(t₂/t₁)/log(n₂/n₁)``
between the two largest sizes.  Targets (issue 10): exponent ≤ 1.1 at any
problem density; a problem-heavy round read ≥ 20× faster than the openpyxl
loop and within 3× of calamine alone.

Usage::

    python benchmarks/read_scale.py                       # 1000,4000,16000
    python benchmarks/read_scale.py --sizes 500,2000      # a quick run
    python benchmarks/read_scale.py --src /tmp/old        # another checkout's package
    python benchmarks/read_scale.py --before /tmp/old     # and that one, same files, same run
    python benchmarks/read_scale.py --decade              # 70,000 forms, time and memory
    python benchmarks/read_scale.py --decade --dir /tmp/decade   # keep (or reuse) them

``--decade`` reads a decade of national rounds (70,000 forms, problem-heavy,
with the registry and the plan) and reports the wall time and the peak
memory of the process tree: the reading process plus its largest worker
(``ru_maxrss`` of ``RUSAGE_CHILDREN`` is the largest child's).  Targets
(issue 10): at most 3 minutes, under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(1, _path)

SHARE = 0.30  # of indicator rows with a problem, in the problem-heavy round


def _registry(folder: Path, left_out: float = 0.01) -> Path:
    """A registry of the round's units (one province), ``left_out`` of them missing."""
    import pandas as pd

    codes = sorted({p.name.split("_")[0] for p in folder.rglob("*.xlsx")})
    keep = [c for i, c in enumerate(codes) if i % round(1 / left_out)]
    table = pd.DataFrame({
        "code": ["VN", "01", *keep], "name": ["Việt Nam", "Tỉnh 01", *keep],
        "level": ["country", "province", *["commune"] * len(keep)],
        "parent_code": ["", "VN", *["01"] * len(keep)],
    })
    path = folder / "units.csv"
    table.to_csv(path, index=False)
    return path


# -- measured in a subprocess ---------------------------------------------------------


def _measure(method: str, folder: Path, limit: int | None) -> dict:
    # Imports first: the timer measures reading, not loading the libraries.
    import pandas as pd
    from python_calamine import CalamineWorkbook

    from childlabour_metrics.io import read_reports

    files = sorted(folder.rglob("*.xlsx"))
    files = files[:limit] if limit else files
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = own.ru_utime + own.ru_stime
    start = time.perf_counter()
    if method.startswith("read_reports"):
        # The problem-heavy round is checked against a registry and a plan too.
        checks = ({"units": str(folder / "units.csv"), "plan": "vn-782-2021"}
                  if method == "read_reports_checked" else {})
        result = read_reports(folder, progress=False, **checks)
        out = {"rows": len(result.observations), "problems": len(result.problems),
               "rows_with_problem": int((result.observations["status"] != "ok").sum())}
    elif method == "calamine":
        cells = 0
        for f in files:
            rows = CalamineWorkbook.from_path(str(f)).get_sheet_by_index(0).to_python()
            cells += sum(len(r) for r in rows)
        out = {"cells": cells}
    else:
        frames = [pd.read_excel(f, engine="openpyxl", header=None) for f in files]
        out = {"rows": len(pd.concat(frames, ignore_index=True))}
    out["seconds"] = time.perf_counter() - start
    # CPU of the process tree (this process and its workers, which have ended): on a
    # shared machine it says what the wall time would be with the CPUs to itself.
    own, children = (resource.getrusage(who) for who in
                     (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    out["cpu_seconds"] = (own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
                          - cpu_before)
    out["files"] = len(files)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["workers_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return out


def measure(method: str, folder: Path, src: Path, limit: int | None = None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", method,
           "--dir", str(folder), "--src", str(src)]
    if limit:
        cmd += ["--limit", str(limit)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(src), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode:
        return {"error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _pick(runs: list[dict], which: str = "best") -> dict:
    """The best (quickest) or the median run (a failed run, if any failed)."""
    failed = [run for run in runs if "error" in run]
    if failed:
        return failed[0]
    ordered = sorted(runs, key=lambda run: run["seconds"])
    return ordered[0] if which == "best" else ordered[len(ordered) // 2]


DECADE = 70_000  # forms: ten years of national rounds


def decade(folder: Path | None, n: int, src: Path) -> int:
    """Generate (unless ``folder`` already holds them) and read ``n`` forms; print figures."""
    from ingest import generate

    with tempfile.TemporaryDirectory(prefix="clm-decade-") as tmp:
        folder = folder or Path(tmp)
        have = sum(1 for _ in folder.rglob("*.xlsx")) if folder.exists() else 0
        if have != n:
            start = time.perf_counter()
            generate(folder, n, problem_share=SHARE)
            print(f"generated {n:,} forms in {time.perf_counter() - start:.0f} s into {folder}")
        _registry(folder)
        size = sum(p.stat().st_size for p in folder.rglob("*.xlsx"))
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, package from {src}; "
              f"{n:,} forms, {size / 1e6:.0f} MB")
        for method in ("read_reports_checked", "calamine"):
            got = measure(method, folder, src)
            if "error" in got:
                print(f"{method}: failed: {got['error']}")
                return 1
            tree = got["peak_mb"] + got["workers_peak_mb"]
            extra = (f", {got['rows']:,} rows, {got['rows_with_problem']:,} flagged, "
                     f"{got['problems']:,} problems" if "rows" in got else "")
            print(f"{method:22} {got['seconds']:7.1f} s (CPU {got['cpu_seconds']:6.1f} s)  "
                  f"peak {got['peak_mb']:5.0f} MB + "
                  f"largest worker {got['workers_peak_mb']:5.0f} MB = {tree:5.0f} MB{extra}",
                  flush=True)
            if method == "read_reports_checked":
                print(f"  targets: <= 180 s {'met' if got['seconds'] <= 180 else 'NOT met'}; "
                      f"< 2048 MB {'met' if tree < 2048 else 'NOT met'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark reading at scale.")
    parser.add_argument("--sizes", default="1000,4000,16000", help="forms per round")
    parser.add_argument("--a-limit", type=int, default=300,
                        help="files the openpyxl loop is timed on (then extrapolated)")
    parser.add_argument("--src", type=Path, default=ROOT, help="checkout to time")
    parser.add_argument("--before", type=Path, default=None,
                        help="another checkout whose reader is timed on the same files, "
                             "in the same run (before/after)")
    parser.add_argument("--decade", nargs="?", type=int, const=DECADE, default=None,
                        help=f"read a decade of forms ({DECADE:,} unless given) and report "
                             "wall time and the process tree's peak memory")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each method, in turn; the median is shown")
    parser.add_argument("--dir", type=Path, default=None,
                        help="with --decade: folder of the forms (generated if it lacks them)")
    parser.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        sys.path.insert(0, str(args.src))
        print(json.dumps(_measure(args.measure, args.dir, args.limit)))
        return 0
    if args.decade:
        return decade(args.dir, args.decade, args.src)

    from ingest import generate

    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, package from {args.src}")
    print(f"\n{'round':8} {'forms':>6} {'rows':>7} {'flagged':>8} {'problems':>8} "
          f"{'read s':>7} {'calamine s':>10} {'openpyxl s':>10} {'× openpyxl':>10} "
          f"{'× calamine':>10} {'peak MB':>8} {'× openpyxl (medians)':>21}")
    times: dict[str, list[float]] = {"clean": [], "problems": []}
    for n in sizes:
        for kind, share in (("clean", 0.0), ("problems", SHARE)):
            with tempfile.TemporaryDirectory(prefix="clm-scale-") as tmp:
                folder = Path(tmp)
                generate(folder, n, problem_share=share)
                _registry(folder)
                os.sync()  # the files written back now, not while a method reads them
                method = "read_reports_checked" if share else "read_reports"
                runs: dict[str, list[dict]] = {"rr": [], "old": [], "cal": [], "opx": []}
                for _ in range(max(1, args.repeat)):  # in turn: noise falls on all alike
                    runs["rr"].append(measure(method, folder, args.src))
                    if args.before:
                        runs["old"].append(measure(method, folder, args.before))
                    runs["cal"].append(measure("calamine", folder, args.src))
                    runs["opx"].append(measure("openpyxl", folder, args.src,
                                               min(args.a_limit, n)))
                rr, cal, opx = (_pick(runs[key]) for key in ("rr", "cal", "opx"))
                old = _pick(runs["old"]) if args.before else None
            if any("error" in r for r in (rr, cal, opx)):
                print(f"{kind:8} {n:6} failed: {rr.get('error') or cal.get('error')}"
                      f"{opx.get('error', '')}")
                continue
            medians = (_pick(runs["opx"], "median")["seconds"] * n / opx["files"]
                       / _pick(runs["rr"], "median")["seconds"])
            opx_s = opx["seconds"] * n / opx["files"]
            times[kind].append(rr["seconds"])
            print(f"{kind:8} {n:6} {rr['rows']:7} {rr['rows_with_problem']:8} "
                  f"{rr['problems']:8} {rr['seconds']:7.2f} {cal['seconds']:10.2f} "
                  f"{opx_s:10.1f} {opx_s / rr['seconds']:10.1f} "
                  f"{rr['seconds'] / cal['seconds']:10.2f} "
                  f"{rr['peak_mb'] + rr['workers_peak_mb']:8.0f} {medians:21.1f}"
                  + (f"  before: {old['seconds']:7.2f} s {old['seconds'] / cal['seconds']:6.2f}"
                     f" × calamine {opx_s / old['seconds']:5.1f} × openpyxl "
                     f"{old['peak_mb'] + old['workers_peak_mb']:5.0f} MB"
                     if old and "error" not in old else ""), flush=True)
    if len(sizes) >= 2:
        print(f"\ngrowth exponent from {sizes[-2]:,} to {sizes[-1]:,} forms "
              "(target ≤ 1.1):")
        for kind, t in times.items():
            if len(t) == len(sizes):
                k = math.log(t[-1] / t[-2]) / math.log(sizes[-1] / sizes[-2])
                print(f"  {kind:8} {k:.2f}")
    print("(openpyxl extrapolated from its first "
          f"{args.a_limit} files; peak MB: the reader's process + its largest worker)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
