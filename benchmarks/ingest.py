"""Benchmark: read one national round of unit workbooks.

Generates N synthetic single-unit workbooks (default 3,400, about one national
reporting round) into a temporary folder, then times, each in a fresh
subprocess so that peak memory is measured per method:

* ``read_reports``: ``childlabour_metrics.read_reports(folder)`` (default workers), and
  again with ``workers=1`` (one process, like the other two methods);
* (a) the loop a user would write today: ``pd.read_excel(f, engine="openpyxl",
  header=None)`` for each file, then ``pd.concat``;
* (b) python-calamine alone: open each file and ``to_python()`` its first sheet.

It prints seconds, milliseconds per file, peak memory (``ru_maxrss`` of the
process, and of its worker processes) and the two ratios.  Targets:
``read_reports`` at least 20x faster than (a) and within 3x of (b).

Usage::

    python benchmarks/ingest.py            # 3,400 files
    python benchmarks/ingest.py --n 200    # a quick run
    python benchmarks/ingest.py --a-limit 500   # time (a) on 500 files, extrapolate
    python benchmarks/ingest.py --src /tmp/old  # time another checkout's package

Writing 3,400 workbooks with openpyxl would take minutes, so the generator
writes a few template variants once (with :mod:`childlabour_metrics.output.template`)
and then patches their sheet XML per file (unit code, counts, cached rates,
report date): about a millisecond per file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

UNIT_SENTINEL = "UNITCODE"
DATE_SENTINEL = dt.date(2099, 1, 1)  # serial 72686 in an .xlsx
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _serial(day: dt.date) -> int:
    return (day - _EXCEL_EPOCH).days


# -- generating the workbooks -------------------------------------------------


def _variants() -> list[dict]:
    """Template variants: (layout, indicator codes) like a real round's files."""
    from childlabour_metrics.output.template import _Layout

    commune = ["CL01", "CL02", "CL03", "CL04", "CL05", "CL06", "CL07", "CL08", "CL10",
               "CL12", "CL13"]
    allc = [f"CL{i:02d}" for i in range(1, 14)]
    return [
        {"layout": _Layout(), "codes": commune, "weight": 6},
        {"layout": _Layout(sheet_title="Sheet1", extra_rows=2), "codes": commune, "weight": 2},
        {"layout": _Layout(notes_sheet=True, inline_meta=True), "codes": commune, "weight": 1},
        {"layout": _Layout(sheet_title="BC nam", protect=False), "codes": allc, "weight": 1},
    ]


def _build_base(variant: dict, tmp: Path, index: int) -> dict:
    """Write one variant with sentinel values; return its zip members and sentinels."""
    from childlabour_metrics.output.template import _build_single, _save_with_cache
    from childlabour_metrics.reference.periods import Period

    codes = variant["codes"]
    sentinels = {code: (900000 + 2 * i, 900001 + 2 * i) for i, code in enumerate(codes)}
    wb, sheet_index, cached = _build_single(
        UNIT_SENTINEL, Period(2025), codes, unit_name="Xã Mẫu", lang="vi",
        values=sentinels, report_date=DATE_SENTINEL, layout=variant["layout"],
    )
    # Cached rates get sentinels too, one per row, so each can be patched.
    rate_refs = sorted(cached, key=lambda ref: int(ref[1:]))
    rate_sentinel = {ref: 800000.0 + i for i, ref in enumerate(rate_refs)}
    path = _save_with_cache(wb, tmp / f"base{index}.xlsx", sheet_index, rate_sentinel)
    with zipfile.ZipFile(path) as z:
        members = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    return {
        "members": members,
        "sheet": f"xl/worksheets/sheet{sheet_index + 1}.xml",
        "codes": codes,
        "inline": variant["layout"].inline_meta,
        "rate_codes": dict(zip(rate_refs, codes, strict=True)),
    }


_TOKEN = re.compile(r"<v>(9\d{5}|8\d{5}\.0|72686)</v>|UNITCODE|Ngày báo cáo: 01/01/2099")


def _figures(rng: random.Random, codes: list[str]) -> dict[str, tuple[int, int]]:
    children = rng.randint(1500, 9000)
    labour = round(children * rng.uniform(0.008, 0.03))
    out = {"CL01": (labour, children), "CL02": (round(labour * rng.uniform(0.2, 0.5)), children)}
    for code in codes:
        if code not in out:
            den = rng.randint(5, 400)
            out[code] = (round(den * rng.uniform(0.5, 1.0)), den)
    return out


def generate(folder: Path, n: int, seed: int = 3400, problem_share: float = 0.0) -> list[Path]:
    """Write ``n`` unit workbooks into ``folder``; return their paths.

    ``problem_share``: the share of all indicator rows given a numerator above
    its denominator (an error on that row), drawn among the rows other than
    CL01 and CL02 (which would add cross-indicator problems too).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        bases = [_build_base(v, Path(tmp), i) for i, v in enumerate(_variants())]
    weights = [v["weight"] for v in _variants()]
    paths = []
    for i in range(n):
        base = rng.choices(bases, weights)[0]
        unit = f"{10000 + i:05d}" if i % 50 else f"{i // 50:05d}"  # some leading zeros
        figures = _figures(rng, base["codes"])
        if problem_share:
            codes = base["codes"]
            share = problem_share * len(codes) / (len(codes) - 2)
            for code in codes[2:]:
                if rng.random() < share:
                    figures[code] = (figures[code][1] + rng.randint(1, 9), figures[code][1])
        day = dt.date(2025, 12, rng.randint(1, 15))
        counts = {}
        for j, code in enumerate(base["codes"]):
            counts[str(900000 + 2 * j)], counts[str(900001 + 2 * j)] = map(str, figures[code])
        for k, code in enumerate(base["rate_codes"].values()):
            num, den = figures[code]
            counts[f"{800000 + k}.0"] = repr(num / den * 100)
        counts["72686"] = str(_serial(day))

        def repl(m: re.Match[str], counts=counts, unit=unit, day=day) -> str:
            if m.group(1):
                return f"<v>{counts[m.group(1)]}</v>"
            if m.group(0) == UNIT_SENTINEL:
                return unit
            return f"Ngày báo cáo: {day:%d/%m/%Y}"

        path = folder / f"{i // 100:03d}" / f"{unit}_2025.xlsx"
        path.parent.mkdir(exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, data in base["members"]:
                if name == base["sheet"]:
                    data = _TOKEN.sub(repl, data.decode("utf-8")).encode("utf-8")
                z.writestr(name, data)
        paths.append(path)
    return paths


# -- the measured methods (each runs in its own subprocess) -------------------


def _files(folder: Path, limit: int | None) -> list[Path]:
    files = sorted(folder.rglob("*.xlsx"))
    return files[:limit] if limit else files


def run_read_reports(folder: Path, limit: int | None, workers: int | None = None) -> dict:
    try:
        import childlabour_metrics as clm

        read_reports = getattr(clm, "read_reports", None)
        if read_reports is None:
            from childlabour_metrics.io import read_reports
    except ImportError as exc:
        return {"error": f"read_reports not importable: {exc}"}
    target = _files(folder, limit) if limit else folder
    start = time.perf_counter()
    result = read_reports(target, progress=False, workers=workers)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": len(result.observations),
            "problems": len(result.problems), "files": len(result.files)}


def run_pandas_openpyxl(folder: Path, limit: int | None) -> dict:
    import pandas as pd

    files = _files(folder, limit)
    start = time.perf_counter()
    frames = [pd.read_excel(f, engine="openpyxl", header=None) for f in files]
    data = pd.concat(frames, ignore_index=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": len(data), "files": len(files)}


def run_calamine(folder: Path, limit: int | None) -> dict:
    from python_calamine import CalamineWorkbook

    files = _files(folder, limit)
    start = time.perf_counter()
    cells = 0
    for f in files:
        rows = CalamineWorkbook.from_path(str(f)).get_sheet_by_index(0).to_python()
        cells += sum(len(r) for r in rows)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cells": cells, "files": len(files)}


def run_read_reports_1(folder: Path, limit: int | None) -> dict:
    return run_read_reports(folder, limit, workers=1)


METHODS = {
    "read_reports": run_read_reports,
    "read_reports_1": run_read_reports_1,
    "pandas_openpyxl": run_pandas_openpyxl,
    "calamine": run_calamine,
}


def _measure(method: str, folder: Path, limit: int | None) -> None:
    """Subprocess entry: run one method, print JSON with time and peak memory."""
    import pandas  # noqa: F401  - imported before the baseline, as every method needs it

    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = METHODS[method](folder, limit)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["baseline_rss_mb"] = base_kb / 1024
    out["children_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(out))


def measure(method: str, folder: Path, limit: int | None = None, src: Path = ROOT) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", method,
           "--dir", str(folder), "--src", str(src)]
    if limit:
        cmd += ["--limit", str(limit)]
    # The checkout timed comes first on the path, before an installed package.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(src), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip()
                else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark reading unit workbooks.")
    parser.add_argument("--n", type=int, default=3400, help="workbooks to generate (3400)")
    parser.add_argument("--a-limit", type=int, default=None,
                        help="time (a) pandas+openpyxl on this many files and extrapolate")
    parser.add_argument("--dir", type=Path, default=None,
                        help="folder to generate into (kept); default: a temporary folder")
    parser.add_argument("--src", type=Path, default=ROOT,
                        help="checkout whose package is timed (default: this one)")
    parser.add_argument("--measure", choices=sorted(METHODS), help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        sys.path.insert(0, str(args.src))
        _measure(args.measure, args.dir, args.limit)
        return 0

    with tempfile.TemporaryDirectory(prefix="clm-bench-") as tmp:
        folder = args.dir or Path(tmp)
        start = time.perf_counter()
        paths = generate(folder, args.n)
        gen = time.perf_counter() - start
        size = sum(p.stat().st_size for p in paths)
        print(f"generated {len(paths)} workbooks ({size / 1e6:.1f} MB) in {gen:.1f} s "
              f"({1000 * gen / len(paths):.1f} ms/file) in {folder}")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, package from {args.src}")
        results = {}
        for method in ("read_reports", "read_reports_1", "calamine", "pandas_openpyxl"):
            limit = args.a_limit if method == "pandas_openpyxl" else None
            res = measure(method, folder, limit, args.src)
            if "error" not in res and limit and limit < len(paths):
                res["measured_files"] = res["files"]
                res["seconds"] = res["seconds"] * len(paths) / res["files"]
                res["files"] = len(paths)
            results[method] = res

    labels = {"read_reports": "read_reports", "read_reports_1": "read_reports, workers=1",
              "calamine": "(b) calamine alone",
              "pandas_openpyxl": "(a) pd.read_excel(openpyxl) loop"}
    print(f"\n{'method':34} {'seconds':>9} {'ms/file':>8} {'peak MB':>8} {'workers MB':>10}")
    for method, res in results.items():
        if "error" in res:
            print(f"{labels[method]:34} {res['error']}")
            continue
        note = (f"  (extrapolated from {res['measured_files']} files)"
                if "measured_files" in res else "")
        print(f"{labels[method]:34} {res['seconds']:9.2f} "
              f"{1000 * res['seconds'] / res['files']:8.2f} {res['peak_rss_mb']:8.0f} "
              f"{res['children_peak_rss_mb']:10.0f}{note}")
    rr, a, b = (results[k] for k in ("read_reports", "pandas_openpyxl", "calamine"))
    if not any("error" in r for r in (rr, a, b)):
        speedup = a["seconds"] / rr["seconds"]
        overhead = rr["seconds"] / b["seconds"]
        print(f"\nread_reports vs (a): {speedup:.1f}x faster (target >= 20x: "
              f"{'met' if speedup >= 20 else 'NOT met'})")
        print(f"read_reports vs (b): {overhead:.2f}x the time of calamine alone (target <= 3x: "
              f"{'met' if overhead <= 3 else 'NOT met'})")
        print(f"read_reports read {rr['rows']} observations, {rr['problems']} problems")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
