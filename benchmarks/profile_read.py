"""Where ``read_reports`` spends its time: per-file stages and the batch timeline.

Complements ``benchmarks/ingest.py`` (which only times whole methods).  Point it
at a folder of workbooks, e.g. one kept by ``ingest.py --dir``::

    python benchmarks/ingest.py --n 3400 --dir /tmp/round      # generate once
    python benchmarks/profile_read.py /tmp/round               # stages + timeline
    python benchmarks/profile_read.py /tmp/round --cprofile    # plus cProfile of one file loop

Stages are CPU time per file in this process (``workers=1`` path): reading the
bytes, the zip safety scan, calamine opening the book, calamine reading the
sheet(s), looking for legacy (TCVN3/VNI) text, locating the table
(``read_sheet``) and assembling the rows.  The
timeline runs the real parallel ``read_reports`` and shows when the pool
started, the first and last file results arrived, and the end (the gap from
the last result to the end is the serial part: frame building and rules).
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def stages(files: list[str]) -> dict[str, float]:
    """CPU milliseconds per file of each stage of reading one workbook."""
    import python_calamine as pc

    from childlabour_metrics.io import _file, _forms, _legacy, _open
    from childlabour_metrics.io.result import FileMeta

    clock = time.process_time
    spent = dict.fromkeys(
        ["read bytes", "zip scan", "calamine open", "calamine sheet", "legacy text",
         "read_sheet", "assemble"],
        0.0,
    )
    for number, name in enumerate(files):
        start = clock()
        data = _open._read_file(name)
        spent["read bytes"] += clock() - start
        start = clock()
        fmt, formulas, data, stale, _fonts = _open._check_zip(name, data)
        spent["zip scan"] += clock() - start
        start = clock()
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [meta.name for meta in book.sheets_metadata]
        spent["calamine open"] += clock() - start
        workbook = _open.Workbook(name, fmt, names, book, formulas,
                                  formulas_not_calculated=stale)
        got, sheet = None, ""
        for index, sheet in enumerate(names):
            start = clock()
            rows = workbook.rows(index)
            spent["calamine sheet"] += clock() - start
            start = clock()
            rows, _ = _legacy.convert_rows(rows)
            spent["legacy text"] += clock() - start
            start = clock()
            got = _forms.read_sheet(rows, sheet, formulas.get(sheet))
            spent["read_sheet"] += clock() - start
            if got is not None:
                break
        if got is not None:
            start = clock()
            _file._assemble(number, name, FileMeta(name), names, sheet, got)
            spent["assemble"] += clock() - start
    return {k: 1000 * v / len(files) for k, v in spent.items()}


def timeline(folder: str) -> dict[str, float]:
    """Seconds from the call to: pool start, first result, last result, end."""
    from childlabour_metrics.io import _pool, read_reports

    marks: dict[str, float] = {}
    collect = _pool._collect
    start = time.perf_counter()

    def timed_collect(iterator, total, bar, callback, results):
        marks["pool started"] = time.perf_counter() - start
        for result in iterator:
            if not results:
                marks["first result"] = time.perf_counter() - start
            results.append(result)
        marks["last result"] = time.perf_counter() - start

    _pool._collect = timed_collect
    try:
        start = time.perf_counter()
        read_reports(folder, progress=False)
        marks["end"] = time.perf_counter() - start
    finally:
        _pool._collect = collect
    return marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", help="folder of workbooks (e.g. kept by ingest.py --dir)")
    parser.add_argument("--limit", type=int, default=2000, help="files for the stage timing")
    parser.add_argument("--cprofile", action="store_true", help="also cProfile the file loop")
    args = parser.parse_args(argv)

    from childlabour_metrics.io._discover import discover
    from childlabour_metrics.io._file import read_one

    entries = [entry for entry in discover(args.folder) if entry.read]
    files = [entry.path for entry in entries]  # the stages read files, not archive members
    sample = files[: args.limit]
    print(f"{len(files)} files; stages over {len(sample)} (CPU ms per file):")
    result = stages(sample)
    for stage, ms in result.items():
        print(f"  {stage:15} {ms:7.3f}")
    print(f"  {'total':15} {sum(result.values()):7.3f}")
    start = time.process_time()
    for task in enumerate(entries[: args.limit]):
        read_one(task)
    print(f"  {'read_one':15} {1000 * (time.process_time() - start) / len(sample):7.3f}")
    print("timeline of read_reports (s):")
    for mark, seconds in timeline(args.folder).items():
        print(f"  {mark:15} {seconds:7.3f}")
    if args.cprofile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for task in enumerate(entries[: args.limit]):
            read_one(task)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
