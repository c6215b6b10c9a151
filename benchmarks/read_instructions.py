"""Benchmark: machine instructions to read a round, counted, not timed.

On a shared machine the same read takes 0.8 s one minute and 1.2 s the next,
and CPU seconds move as much: a change of several per cent cannot be seen in
wall time.  Instructions executed move far less: the same 1,000-form read
counted 6,425 and 6,434 million in two runs, though runs on another copy of
the same files, in another folder, have differed by up to 5 % (why is not
known).  This script counts them with valgrind's
cachegrind (``apt-get install valgrind``) for the work ``read_reports`` does
on one CPU (``workers=1``: the reading of every form, then the checks that
need all of them), and for python-calamine alone on the same files.

Each figure is the difference between running the work twice and once in one
process, so that start-up and imports are left out.  ``--before`` counts
another checkout on the same files.

Usage::

    python benchmarks/read_instructions.py                     # 1,000 forms, problem-heavy
    python benchmarks/read_instructions.py --before /tmp/old   # and another checkout
    python benchmarks/read_instructions.py --forms 4000 --share 0

It prints millions of instructions for the whole read and per form, and per
form for calamine alone on the same files (opening the workbook and reading
its first sheet): the part of the cost no change here can remove.  Under
valgrind a run takes about 50 times as long as without: 1,000 forms take
about a minute per checkout.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(1, _path)

# What is counted, run as ``python -c`` in a process of its own: ``{reps}`` times.
_WORK = {
    "read": (
        "import sys\n"
        "from childlabour_metrics.io import read_reports\n"
        "folder, checks = sys.argv[1], sys.argv[2] == '1'\n"
        "extra = {'units': folder + '/units.csv', 'plan': 'vn-782-2021'} if checks else {}\n"
        "for _ in range({reps}):\n"
        "    read_reports(folder, progress=False, workers=1, **extra)\n"
    ),
    "calamine": (
        "import sys, pathlib\n"
        "from python_calamine import CalamineWorkbook\n"
        "files = sorted(pathlib.Path(sys.argv[1]).rglob('*.xlsx'))\n"
        "for _ in range({reps}):\n"
        "    for f in files:\n"
        "        CalamineWorkbook.from_path(str(f)).get_sheet_by_index(0).to_python()\n"
    ),
}


def count(work: str, src: Path, folder: Path, checks: bool, reps: int) -> int:
    """Instructions of a process running ``work`` ``reps`` times (cachegrind's I refs)."""
    code = _WORK[work].replace("{reps}", str(reps))
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, "-P", "-c", code, str(folder), "1" if checks else "0"]
    # -P: with -c the current folder would come first on sys.path, before PYTHONPATH,
    # and a run from a checkout would count that checkout whatever ``src`` says.
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin",
           "PYTHONHASHSEED": "0"}  # the same hashing, run to run
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    for line in proc.stderr.splitlines():
        if "I   refs:" in line or "I refs:" in line:
            return int(line.split(":")[1].strip().replace(",", ""))
    raise RuntimeError(f"no count from valgrind: {proc.stderr.strip()[-300:]}")


def counted(work: str, src: Path, folder: Path, checks: bool) -> int:
    """Instructions of one more run of ``work``: twice minus once (imports left out).

    The two processes run side by side (valgrind runs a program on one CPU).
    """
    with ThreadPoolExecutor(2) as pool:
        twice, once = pool.map(lambda reps: count(work, src, folder, checks, reps), (2, 1))
    return twice - once


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=1000, help="forms in the round")
    parser.add_argument("--share", type=float, default=0.30,
                        help="share of indicator rows with a problem (0: a clean round, "
                             "read without registry and plan)")
    parser.add_argument("--src", type=Path, default=ROOT, help="checkout to count")
    parser.add_argument("--before", type=Path, default=None,
                        help="another checkout counted on the same files")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is needed: apt-get install valgrind", file=sys.stderr)
        return 2

    from ingest import generate
    from read_scale import _registry

    checks = args.share > 0
    with tempfile.TemporaryDirectory(prefix="clm-instr-") as tmp:
        folder = Path(tmp)
        generate(folder, args.forms, problem_share=args.share)
        _registry(folder)
        print(f"{args.forms:,} forms, {args.share:.0%} of rows with a problem"
              + (", registry and plan" if checks else "") + "; millions of instructions")
        calamine = counted("calamine", args.src, folder, checks)
        print(f"  calamine alone      {calamine / 1e6:9.0f}  {calamine / args.forms / 1e6:6.2f}"
              " per form")
        mine = counted("read", args.src, folder, checks)
        print(f"  read_reports        {mine / 1e6:9.0f}  {mine / args.forms / 1e6:6.2f} per form"
              f"  {mine / calamine:5.2f} × calamine   ({args.src})")
        if args.before:
            old = counted("read", args.before, folder, checks)
            print(f"  read_reports before {old / 1e6:9.0f}  {old / args.forms / 1e6:6.2f} per "
                  f"form  {old / calamine:5.2f} × calamine   ({args.before}); "
                  f"now {mine / old - 1:+.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
