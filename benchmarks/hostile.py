"""Benchmark: issue 21's hostile files, each read in a child process, memory and time.

Each cause of issue 21 (red team, round 2) is a file or a folder built by
:mod:`tests.fixtures.hostile_formats` at the size the review reported, and
one action on it (read it with ``read_reports``, describe it with
``check-form``, load it as a plan ...), run in a fresh child process whose
address space is capped (``--cap``, 3 GB by default, so that a fault stops
at the cap instead of taking the machine).  For each it prints:

* ``peak MB``: the child's peak resident memory (``VmHWM``; the reading
  process, about 100 MB of which is the interpreter with pandas);
* ``workers MB``: the largest of its own children (reading workers, capped
  children), 0 when it started none;
* ``s``: seconds the action took, in the child;
* what came of it: the problem codes, or the exception the action raised.

Usage::

    python benchmarks/hostile.py                       # every cause, this checkout
    python benchmarks/hostile.py --src /tmp/old        # another checkout's package
    python benchmarks/hostile.py --cases 1a,4,12 --dir /tmp/hostile   # some, files kept

The files are written into ``--dir`` (a temporary folder by default) and
reused when they are there already (the largest take a few seconds to write).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(1, str(ROOT))

# What the child runs: the action on the paths, measured.  ``{action}`` is one of
# _ACTIONS, run with ``paths`` and ``workers`` in scope; it sets ``outcome``.
_CHILD = """
import json, resource, sys, time
def peak_kb():
    # VmHWM, not ru_maxrss: ru_maxrss survives exec, and would be the parent's peak.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
sys.path.insert(0, sys.argv[2])
paths, workers = json.loads(sys.argv[3]), int(sys.argv[4])
import childlabour_metrics
assert childlabour_metrics.__file__.startswith(sys.argv[2]), childlabour_metrics.__file__
import pandas as pd
start = time.perf_counter()
try:
{action}
except BaseException as exc:
    outcome = f"{{type(exc).__name__}}: {{exc}}"[:100]
seconds = time.perf_counter() - start
print(json.dumps({{
    "seconds": seconds, "outcome": outcome,
    "peak_mb": peak_kb() / 1024,
    "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}}))
"""

_READ = """
    from childlabour_metrics import read_reports
    result = read_reports(paths, workers=workers, progress=False, lang="en")
    problems = result.problems
    named = problems[~problems["code"].isin(["NUMERATOR_GT_DENOMINATOR"])]
    outcome = (f"{len(result.files)} files, {len(result.observations)} rows; "
               + ", ".join(sorted(set(named["code"]))))
"""
_CHECK_FORM = """
    import contextlib, io
    from childlabour_metrics.cli import main
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["check-form", paths[0], "--lang", "en"])
    text = out.getvalue()
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\\n")
    outcome = f"exit {code}, {len(text.splitlines())} lines, {controls} control characters"
"""
_PLAN = """
    from childlabour_metrics import load_plan
    load_plan(paths[0])
    outcome = "loaded"
"""
_REPORT_LOCK = """
    import pandas as pd
    from childlabour_metrics import build_report
    obs = pd.DataFrame({"unit_code": ["30"], "period": ["2024"], "indicator": ["CL01"],
                        "numerator": [12], "denominator": [1000]})
    build_report(obs, "hai-duong-2021", paths[0], lang="en", progress=False)
    outcome = "report written"
"""
_SEND_BACK = """
    from pathlib import Path
    from childlabour_metrics.cli import main
    import contextlib, io
    folder = Path(paths[0])
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(["validate", str(folder / "round1"), "--problems-out", str(folder / "out")])
        main(["validate", str(folder / "round2"), "--problems-out", str(folder / "out")])
    left = sorted(p.name for p in (folder / "out").iterdir() if p.suffix == ".xlsx")
    outcome = f"{len(left)} workbooks left: " + ", ".join(left)
"""
_ACTIONS = {"read": _READ, "check-form": _CHECK_FORM, "plan": _PLAN,
            "report-lock": _REPORT_LOCK, "send-back": _SEND_BACK}


def _cases() -> dict[str, tuple[str, str, Callable[[Path], list[Path]], int]]:
    """Each cause: (what it is, action, builder of the paths in a folder, workers)."""
    from tests.fixtures import hostile_formats as h
    from tests.fixtures.io_forms import single_form

    def one(name: str, build: Callable[[Path], Path]) -> Callable[[Path], list[Path]]:
        def made(folder: Path) -> list[Path]:
            path = folder / name
            if not path.exists():
                build(path)
            return [path]
        return made

    def batch(name: str, build: Callable[[Path], Path]) -> Callable[[Path], list[Path]]:
        """The file among 65 good forms: read by worker processes (workers=2)."""
        def made(folder: Path) -> list[Path]:
            good = folder / "good"
            if not good.exists():
                good.mkdir()
                for i in range(65):
                    single_form(good / f"u{i:03d}.xlsx", unit=str(30000 + i))
            return [good, *one(name, build)(folder)]
        return made

    def zipped(name: str, build: Callable[[Path], Path]) -> Callable[[Path], Path]:
        def made(path: Path) -> Path:
            inner = build(path.with_name("_inner_" + name))
            h.zip_of(path, [(name, inner.read_bytes())])
            inner.unlink()
            return path
        return made

    def loose_and_zip(folder: Path) -> list[Path]:
        archive, loose = folder / "many.zip", folder / "many"
        if not archive.exists():
            h.zip_many_forms(archive, loose)
        return [archive]

    def loose(folder: Path) -> list[Path]:
        loose_and_zip(folder)
        return [folder / "many"]

    def folder_csv(folder: Path) -> list[Path]:
        out = folder / "csv-folder"
        if not out.exists():
            out.mkdir()
            h.csv_form(out / "utf16.csv", "utf-16", unit="30101")
            h.csv_form(out / "utf16-nobom.csv", "utf-16", bom=False, unit="30102")
            h.csv_form(out / "utf32.csv", "utf-32", unit="30103")
            h.csv_form(out / "late-headings.csv", "utf-8", unit="30104", preamble=70_000)
            (out / "list.csv").write_text("code,name\n30101,Xã A\n", encoding="utf-8")
        return [out]

    def escapes(path: Path) -> Path:
        rows = h.form_rows(path.parent)
        rows[3][2] = "Xã \x1b[2J\x1b]0;owned\x07An"  # clears the screen, retitles it
        path.write_bytes(h.csv_text(rows).encode("utf-8"))
        return path

    def nested(path: Path) -> Path:
        path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
        return path

    def stale_lock(folder: Path) -> list[Path]:
        out = folder / "stale-lock"
        out.mkdir(exist_ok=True)
        # What a report killed with kill -9 leaves: the lock of a process long gone.
        (out / ".report.lock").write_text(json.dumps({"pid": 2**22 + 7, "host": os.uname()[1]}))
        return [out]

    def send_back(folder: Path) -> list[Path]:
        out = folder / "send-back"
        if not out.exists():
            for n, units in ((1, ("30101", "30102")), (2, ("30101",))):
                (out / f"round{n}").mkdir(parents=True)
                for unit in units:  # 30102 fixes its form by the second round
                    single_form(out / f"round{n}" / f"{unit}.xlsx", unit=unit,
                                rows=[("CL01", 20, 10)] if n == 1 or unit == "30101"
                                else None)
        return [out]

    def far_xls(path: Path) -> Path:
        from tests.fixtures import xls_writer

        return xls_writer.write(path, [xls_writer.number(0, 0), xls_writer.number(65535, 255)])

    return {
        "1a": ("SpreadsheetML ss:Index on a row (50,000,000)", "read",
               one("row-index.xls", lambda p: h.xml_row_index(p, 50_000_000)), 1),
        "1b": ("SpreadsheetML ss:Index on a cell (200,000,000)", "read",
               one("cell-index-2e8.xls", lambda p: h.xml_cell_index(p, 200_000_000)), 1),
        "1c": ("SpreadsheetML ss:MergeAcross (200,000,000)", "read",
               one("merge-2e8.xls", lambda p: h.xml_merge_across(p, 200_000_000)), 1),
        "1d": ("SpreadsheetML, 15 M rows without cells (90 MB)", "read",
               one("empty-rows.xls", lambda p: h.xml_empty_rows(p, 15_000_000)), 1),
        "1e": ("1a inside a zip", "read",
               one("row-index.zip", zipped("row-index.xls",
                                          lambda p: h.xml_row_index(p, 50_000_000))), 1),
        "1f": ("1a under check-form", "check-form",
               one("row-index.xls", lambda p: h.xml_row_index(p, 50_000_000)), 1),
        "1g": ("1a among 65 forms, workers=2", "read",
               batch("row-index.xls", lambda p: h.xml_row_index(p, 50_000_000)), 2),
        "2": ("zip: two members named alike (units 30101, 30102)", "read",
              one("duplicates.zip", h.zip_duplicate_names), 1),
        "3": ("folder: CSV forms in UTF-16/32, headings past 64 KB, a list", "read",
              folder_csv, 1),
        "4": ("HTML: 3 MB of <td colspan=2000>", "read",
              one("colspan.xls", h.html_colspan), 1),
        "4g": ("4 among 65 forms, workers=2", "read", batch("colspan.xls", h.html_colspan), 2),
        "5": ("check-form: zip whose first member is unreadable", "check-form",
              one("first-bad.zip", h.zip_first_member_unreadable), 1),
        "6": ("validate --problems-out twice (a unit fixed its form)", "send-back",
              send_back, 1),
        "7": ("zip of 5,000 forms", "read", loose_and_zip, 2),
        "7l": ("the same 5,000 forms loose", "read", loose, 2),
        "8": ("check-form: cell text with ESC and BEL", "check-form",
              one("escapes.csv", escapes), 1),
        "9": ("plan TOML nested 5,000 deep", "plan", one("nested.toml", nested), 1),
        "10": ("report into a folder with a stale .report.lock", "report-lock", stale_lock, 1),
        "11": ("zip of 1,050,000 empty members (96 MB)", "read",
               one("entries.zip", h.zip_many_entries), 1),
        "12": ("CSV: 90 MB on one line", "read", one("one-line.csv", h.csv_one_line), 1),
        "12g": ("12 among 65 forms, workers=2", "read", batch("one-line.csv", h.csv_one_line),
                2),
        "13": ("zip: an encrypted member", "read", one("encrypted.zip", h.zip_encrypted_member),
               1),
        "16": ("xlsx: a DTD 5 KB into the sheet", "read", one("dtd-late.xlsx", h.dtd_late), 1),
        "xl": (".xls naming cell IV65536 (5 KB; read in a capped child)", "read",
               one("far.xls", far_xls), 1),
        "cs": ("CSV: 95 MB, 5 M cells of TCVN3 text", "read",
               one("legacy-5m.csv", h.csv_legacy_cells), 1),
        "cm": ("CSV: 38 MB, 2 M cells of TCVN3 text (the most accepted)", "read",
               one("legacy-2m.csv", lambda p: h.csv_legacy_cells(p, rows=1_000)), 1),
        "st": ("xlsx: styles with 1.6 M cell formats and a .VnTime font", "read",
               one("styles.xlsx", h.styles_many_formats), 1),
    }


def measure(action: str, paths: list[Path], workers: int, src: Path, cap: int) -> dict:
    """Run ``action`` on ``paths`` in a capped child; its figures."""
    code = _CHILD.format(action=_ACTIONS[action].strip("\n"))
    child = subprocess.run(
        [sys.executable, "-c", code, str(cap), str(src), json.dumps([str(p) for p in paths]),
         str(workers)], capture_output=True, text=True, timeout=1800, cwd=tempfile.gettempdir())
    if child.returncode != 0:
        return {"seconds": float("nan"), "outcome": f"child died: {child.returncode} "
                f"{child.stderr.strip().splitlines()[-1:] if child.stderr else ''}",
                "peak_mb": float("nan"), "workers_mb": float("nan")}
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", type=Path, default=ROOT, help="checkout whose package runs")
    parser.add_argument("--dir", type=Path, help="folder for the files (kept)")
    parser.add_argument("--cases", help="comma-separated case ids (default: all)")
    parser.add_argument("--cap", type=float, default=3.0, help="GB of address space per child")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    cases = _cases()
    chosen = args.cases.split(",") if args.cases else list(cases)
    folder = args.dir or Path(tempfile.mkdtemp(prefix="hostile-"))
    folder.mkdir(parents=True, exist_ok=True)
    cap = int(args.cap * 2**30)
    print(f"package from {args.src}; files in {folder}; cap {args.cap:g} GB")
    print("| case | what | peak MB | workers MB | s | outcome |\n|---|---|---:|---:|---:|---|")
    figures = {}
    for case in chosen:
        what, action, build, workers = cases[case]
        paths = build(folder)
        got = measure(action, paths, workers, args.src.resolve(), cap)
        figures[case] = {"what": what, **got}
        print(f"| {case} | {what} | {got['peak_mb']:.0f} | {got['workers_mb']:.0f} | "
              f"{got['seconds']:.2f} | {got['outcome']} |", flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
