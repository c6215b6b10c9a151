"""Check: does a change to the reader leave its three tables as they were?

Not a timing: it reads the same inputs with two checkouts (one after the
other, the tables saved in between) and compares ``observations``,
``problems`` and ``files`` with :func:`pandas.testing.assert_frame_equal`,
each read both in one process (``workers=1``) and with the default pool.
The inputs:

* ``data/sample`` with its registry and the plan ``hai-duong-2021``;
* ``data/sample-nghe-an/reports`` with its registry and ``nghe-an-2021``;
* a generated problem-heavy round (:func:`ingest.generate`, 30 % of the
  indicator rows with a numerator above the denominator; a registry leaving
  1 % of the units out; the plan ``vn-782-2021``), with what else arrives in
  a real round added: the test suite's bad files and odd forms, a ``.zip``
  of forms with a refused member, a PDF, a lock file, a CSV that is no form.

Usage::

    python benchmarks/read_tables.py --round /tmp/rt_round --save /tmp/rt_before
    # ... change the reader ...
    python benchmarks/read_tables.py --round /tmp/rt_round --check /tmp/rt_before

The round is generated into ``--round`` when that folder does not exist, and
read from there: the tables hold the files' paths, so both runs must read the
same folder.  Every read passes the same ``today``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import shutil
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
for _path in (str(ROOT), str(HERE)):
    if _path not in sys.path:
        sys.path.insert(1, _path)

TODAY = dt.date(2026, 12, 1)
TABLES = ("observations", "problems", "files")


def _make_round(folder: Path, forms: int) -> None:
    from ingest import generate
    from read_scale import _registry

    generate(folder, forms, problem_share=0.30)
    _registry(folder)
    extra = folder / "extra"
    extra.mkdir()
    fixtures = ROOT / "tests" / "fixtures"
    for source in sorted((fixtures / "bad").iterdir()) + sorted((fixtures / "forms").iterdir()):
        shutil.copy(source, extra / source.name)
    sent = sorted(folder.glob("000/*.xlsx"))[:3]
    with zipfile.ZipFile(extra / "forms.zip", "w") as archive:
        for path in sent:
            archive.write(path, f"xa/{path.name}")
        archive.writestr("../climbs.xlsx", b"PK")
        archive.writestr("note.pdf", b"%PDF-1.4")
    (extra / "scan.pdf").write_bytes(b"%PDF-1.4")
    (extra / "~$open.xlsx").write_bytes(b"lock")
    (extra / "list.csv").write_text("code,name\n10001,Xã A\n", encoding="utf-8")


def _inputs(round_folder: Path) -> dict[str, dict]:
    import childlabour_metrics as clm

    return {
        "sample": {"paths": ROOT / "data" / "sample", "units": clm.sample_units(),
                   "plan": "hai-duong-2021"},
        "nghe-an": {"paths": ROOT / "data" / "sample-nghe-an" / "reports",
                    "units": ROOT / "data" / "sample-nghe-an" / "units.csv",
                    "plan": "nghe-an-2021"},
        "round": {"paths": round_folder, "units": round_folder / "units.csv",
                  "plan": "vn-782-2021"},
    }


def read_all(round_folder: Path) -> dict[tuple[str, str], dict]:
    """The three tables of each input, read with ``workers=1`` and with the pool."""
    import childlabour_metrics as clm

    out = {}
    for name, kwargs in _inputs(round_folder).items():
        for workers in (1, None):
            result = clm.read_reports(**kwargs, workers=workers, progress=False, today=TODAY)
            how = "workers=1" if workers == 1 else "pool"
            out[(name, how)] = {t: getattr(result, t) for t in TABLES}
            sizes = ", ".join(f"{len(getattr(result, t)):,} {t}" for t in TABLES)
            print(f"  {name:8} {how:10} {sizes}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", type=Path, required=True, help="the generated round")
    parser.add_argument("--forms", type=int, default=500, help="forms in a new round")
    parser.add_argument("--save", type=Path, help="save the tables into this folder")
    parser.add_argument("--check", type=Path, help="compare with the tables saved here")
    args = parser.parse_args(argv)
    if not args.round.exists():
        _make_round(args.round, args.forms)
    tables = read_all(args.round)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        (args.save / "tables.pickle").write_bytes(pickle.dumps(tables))
        print(f"saved to {args.save}")
    if args.check:
        import pandas as pd

        saved = pickle.loads((args.check / "tables.pickle").read_bytes())
        assert saved.keys() == tables.keys()
        for key, got in tables.items():
            for table in TABLES:
                pd.testing.assert_frame_equal(got[table], saved[key][table])
        # And the pool gives what one process gives.
        for name in {key[0] for key in tables}:
            for table in TABLES:
                pd.testing.assert_frame_equal(tables[(name, "pool")][table],
                                              tables[(name, "workers=1")][table])
        print(f"identical: {len(tables) * len(TABLES)} tables, as saved in {args.check}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
