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
    # ... or, when some rows are meant to read differently, say which:
    python benchmarks/read_tables.py --round /tmp/rt_round --diff /tmp/rt_before

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
from typing import Any

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
    parser.add_argument("--diff", type=Path,
                        help="list what differs from the tables saved here, row by row")
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
    if args.diff:
        saved = pickle.loads((args.diff / "tables.pickle").read_bytes())
        for key, got in tables.items():
            describe_differences(key, saved[key], got)
    return 0


def _text(series: Any) -> Any:
    """A column as text, a missing value as "<NA>" (NaN is not equal to itself)."""
    return series.astype("object").where(series.notna(), "<NA>").astype("str")


#: Forms whose rows are only counted, never shown (a held-out list measures; it is
#: not looked at phrasing by phrasing).
_HELD_OUT = "labels_heldout"


def describe_differences(key: tuple[str, str], before: dict, after: dict) -> None:
    """What differs between two reads of the same inputs, said row by row.

    Observations are compared row by row (a read keeps every row it read,
    known or not), column by column; problems and files as sets of rows,
    counted by problem code.  Paths are compared below the checkout (the
    saved tables may come from another one).
    """
    from collections import Counter

    import pandas as pd

    name = f"{key[0]} ({key[1]})"
    before = {t: _relative(before[t]) for t in TABLES}
    after = {t: _relative(after[t]) for t in TABLES}
    obs_a, obs_b = before["observations"], after["observations"]
    if list(obs_a.columns) != list(obs_b.columns) or len(obs_a) != len(obs_b):
        print(f"{name}: observations changed shape {obs_a.shape} -> {obs_b.shape}")
        return
    changed = pd.Series(False, index=obs_a.index)
    columns: dict[str, int] = {}
    for col in obs_a.columns:
        differs = (_text(obs_a[col]) != _text(obs_b[col])).to_numpy()
        if differs.any():
            columns[col] = int(differs.sum())
            changed |= differs
    print(f"{name}: {int(changed.sum())} of {len(obs_a)} observations differ "
          f"(by column: {columns or 'none'})")
    kinds: Counter = Counter()
    for i in obs_a.index[changed]:
        a, b = obs_a.loc[i], obs_b.loc[i]
        was, now = str(a["indicator"]), str(b["indicator"])
        if was == now:
            kind = "label_match only (same indicator, same status)" if str(
                a["status"]) == str(b["status"]) else f"status {a['status']} -> {b['status']}"
        elif not was.startswith("CL") and now.startswith("CL"):
            kind = f"unknown label -> {'code'}, status {a['status']} -> {b['status']}"
        else:
            kind = f"indicator {was} -> {now}"
        kinds[kind] += 1
        if _HELD_OUT not in str(a["source_file"]) and not kind.startswith("label_match"):
            print(f"    {a['source_file']} row {a['row']}: {was!r} -> {now!r} "
                  f"({a['status']} -> {b['status']})")
    for kind, n in sorted(kinds.items()):
        print(f"  {n:5} × {kind}")
    for table in ("problems", "files"):
        ta, tb = before[table].apply(_text), after[table].apply(_text)
        gone = Counter(map(tuple, ta.to_numpy().tolist()))
        gone.subtract(Counter(map(tuple, tb.to_numpy().tolist())))
        col = list(ta.columns).index("code" if table == "problems" else "status")
        only_before = Counter({row[col]: 0 for row in gone})
        only_after = Counter({row[col]: 0 for row in gone})
        for row, n in gone.items():
            if n > 0:
                only_before[row[col]] += n
            elif n < 0:
                only_after[row[col]] -= n
        print(f"  {table}: only before {dict(+only_before) or 'none'}; "
              f"only after {dict(+only_after) or 'none'}")


def _relative(frame: Any) -> Any:
    """``frame`` with the paths below a checkout made relative to it ("data/sample/…"),
    in every text column (a message names other files too)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("str", "string"):
            out[col] = out[col].str.replace(r"(?:/[\w.+-]+)+?/(data/sample)", r"\1",
                                            regex=True)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
