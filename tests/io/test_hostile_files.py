"""Issue 9's hostile files: each ends as rows or a named problem, never an abort.

Each is read in a child process whose address space is capped (as in
``test_io_hostile_grids.py``): before the fixes several aborted the process,
which no ``except`` can catch.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import hostile_files
from tests.fixtures.io_forms import single_form
from tests.support import FIXTURES_DIR

resource = pytest.importorskip("resource")  # POSIX only: the cap needs setrlimit

CAP = 3 * 2**30  # bytes of address space for the child

_CHILD = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from childlabour_metrics import read_reports
out = {{}}
for path in sys.argv[1:]:
    result = read_reports(path, workers=1, progress=False, lang="en")
    obs = result.observations
    out[path] = {{
        "problems": result.problems[["cell", "code"]].astype(object).values.tolist(),
        "rows": obs[["indicator", "numerator", "denominator"]].astype("string")
                .fillna("<NA>").values.tolist(),
    }}
print(json.dumps(out))
"""


def read_capped(paths: list[Path]) -> dict[str, dict]:
    """Read each file alone in a capped child; its problems and rows."""
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(cap=CAP), *map(str, paths)],
        capture_output=True, text=True, timeout=600,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    return json.loads(child.stdout)


def test_each_hostile_file_is_named_not_an_abort(tmp_path: Path) -> None:
    cases = {
        # The declared counts are dropped, the strings kept: the form reads as usual.
        "sst_bomb.xlsx": [],
        "date_panic.xlsx": [[None, "FILE_UNREADABLE"]],
        "shared_string_copies.xlsx": [[None, "FILE_TOO_LARGE"]],
        "ods_many_tables.ods": [[None, "FILE_TOO_LARGE"]],
        "ods_repeated_space.ods": [[None, "FILE_TOO_LARGE"]],
        "ods_repeated_text.ods": [[None, "FILE_TOO_LARGE"]],
    }
    paths = {name: hostile_files.HOSTILE[name](tmp_path / name) for name in cases}
    got = read_capped(list(paths.values()))
    problems = {name: [[c if c == c else None for c in p] for p in got[str(path)]["problems"]]
                for name, path in paths.items()}
    assert problems == cases
    good = read_capped([single_form(tmp_path / "good.xlsx")])[str(tmp_path / "good.xlsx")]
    assert got[str(paths["sst_bomb.xlsx"])]["rows"] == good["rows"]


def test_counts_beyond_64_bits_are_a_problem_on_their_cell(tmp_path: Path) -> None:
    path = hostile_files.huge_counts(tmp_path / "huge.xlsx")
    got = read_capped([path])[str(path)]
    assert got["problems"] == [["E10", "NUMBER_TOO_LARGE"], ["F11", "NUMBER_TOO_LARGE"]]
    # The rows are kept (marked), not dropped; the bad cell is blank.
    assert got["rows"] == [["CL01", "<NA>", "1500"], ["CL02", "3", "<NA>"],
                           ["CL07", "800", "1000"]]


def test_count_bound_is_inclusive(tmp_path: Path) -> None:
    from childlabour_metrics import read_reports
    from childlabour_metrics.io._forms import COUNT_MAX

    path = single_form(tmp_path / "edge.xlsx", rows=[("CL01", COUNT_MAX, COUNT_MAX),
                                                     ("CL07", -COUNT_MAX - 1, 5)])
    result = read_reports(path, workers=1, progress=False)
    assert result.observations["numerator"].tolist()[0] == COUNT_MAX
    assert result.problems.query("code == 'NUMBER_TOO_LARGE'")["cell"].tolist() == ["E11"]


_BATCH = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from childlabour_metrics import read_reports
good, bad = json.loads(sys.argv[1]), json.loads(sys.argv[2])
result = read_reports(good + bad, workers=2, progress=False, lang="en")
obs = result.observations.astype(str)
same = []
for path in good:
    alone = read_reports(path, workers=1, progress=False).observations.astype(str)
    mine = obs[obs["source_file"] == path].reset_index(drop=True)
    same.append(mine.equals(alone))
print(json.dumps({{
    "same": same,
    "files": result.files["file"].tolist(),
    "named": sorted(set(result.problems["file"])),
}}))
"""


def test_mixed_batch_of_good_and_hostile_files(tmp_path: Path) -> None:
    from tests.fixtures import xls_writer

    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    bad = [build(bad_dir / name) for name, build in hostile_files.HOSTILE.items()
           if name != "sst_bomb.xlsx"]  # that one reads as a good form: checked above
    bad += [hostile_files.huge_counts(bad_dir / "huge.xlsx"),
            xls_writer.write(bad_dir / "far.xls", [xls_writer.number(0, 0),
                                                    xls_writer.number(65535, 255)])]
    corpus = FIXTURES_DIR / "bad"
    bad += sorted(corpus.iterdir())
    good = [single_form(tmp_path / f"u{i:03d}.xlsx", unit=str(30000 + i)) for i in range(66)]
    good.append(hostile_files.shared_strings_bomb(tmp_path / "sst.xlsx"))
    child = subprocess.run(
        [sys.executable, "-c", _BATCH.format(cap=CAP), json.dumps(list(map(str, good))),
         json.dumps(list(map(str, bad)))], capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr[-2000:]
    got = json.loads(child.stdout)
    assert got["files"] == [str(p) for p in good + bad]
    assert all(got["same"])
    assert got["named"] == sorted(map(str, bad))


def test_file_names_not_valid_utf8_are_read_and_shown(tmp_path: Path) -> None:
    import os

    from childlabour_metrics import read_reports

    path = hostile_files.bad_name(tmp_path)
    missing = os.fsdecode(bytes(tmp_path) + b"/thi\xeau.xlsx")
    result = read_reports([path, missing], workers=1, progress=False)
    # Read from the real path; shown with replacement characters, so every table
    # can be written as UTF-8 (JSON, Excel, HTML).
    shown = str(tmp_path / "B\ufffdo c\ufffdo x\ufffd.xlsx")
    assert result.files["file"].tolist() == [shown, str(tmp_path / "thi\ufffdu.xlsx")]
    assert result.files["rows_read"].tolist() == [4, 0]
    assert set(result.observations["source_file"]) == {shown}
    assert result.problems["code"].tolist() == ["FILE_NOT_FOUND"]
    for frame in (result.files, result.observations, result.problems):
        frame.to_json(date_format="iso").encode("utf-8")


def test_a_capped_read_that_dies_or_hangs_is_named_without_words(monkeypatch) -> None:
    """The details of a child that died or hung are shown inside messages in either
    language: a size or a time, no English sentence."""
    import os
    import time

    from childlabour_metrics.io import _capped

    if not hasattr(os, "fork") or _capped._limit(resource) is None:
        pytest.skip("no capped child here")
    # 256 MB: never cut (the least budget a child gets under the 1 GB ceiling).
    with pytest.raises(MemoryError, match=r"^> 256 MB$"):
        _capped.read_capped(b"", lambda data: os._exit(3), 2**28)
    monkeypatch.setattr(_capped, "TIMEOUT", 0.5)
    with pytest.raises(TimeoutError, match=r"^> 0\.5 s$"):
        _capped.read_capped(b"", lambda data: time.sleep(30))
