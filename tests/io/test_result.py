"""What a read gives (``io/result.py``): the per-file record a worker sends back, and the
rows of many files gathered into columns, part by part as the pool delivers them."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.io._discover import Entry, discover
from childlabour_metrics.io._file import read_one
from childlabour_metrics.io.result import (
    RAW_COLUMNS,
    FileMeta,
    FileRead,
    RawParts,
)
from tests.fixtures.io_forms import CONSOLIDATED_UNITS, consolidated_form, single_form


@pytest.fixture(scope="module")
def reads(tmp_path_factory: pytest.TempPathFactory) -> list[FileRead]:
    """Real reads: single and consolidated forms, a file that gives no rows, a file not read."""
    folder = tmp_path_factory.mktemp("forms")
    for i in range(5):
        single_form(folder / f"s{i}.xlsx", unit=str(30101 + i),
                    rows=[("CL01", i, 1500), ("CL02", "x", 1500)])
    consolidated_form(folder / "c.xlsx", CONSOLIDATED_UNITS)
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    entries = discover(folder)
    return [read_one((i, e)) if e.read else FileRead.not_read(e)
            for i, e in enumerate(entries)]


def _gathered(reads: list[FileRead], size: int) -> dict[str, pd.Series]:
    copies = pickle.loads(pickle.dumps(reads))  # conversion lets the rows go
    parts = RawParts()
    for upto in range(1, len(copies) + 1):
        parts.keep_up(copies[:upto], size)
    parts.convert(copies, len(copies))
    assert [read.row_count for read in copies] == [read.row_count for read in reads]
    return {col: pd.Series(pd.concat([pd.Series(p) for p in pieces], ignore_index=True))
            for col, pieces in parts.columns().items()}


def test_rows_gathered_in_parts_are_the_rows_gathered_at_once(reads) -> None:
    assert sum(read.row_count for read in reads) == 5 * 2 + 5
    whole = _gathered(reads, len(reads))
    assert list(whole) == RAW_COLUMNS
    # c.xlsx (file 0, five rows), empty.xlsx (file 1, none), then s0 to s4.
    assert whole["file_no"].tolist() == [0] * 5 + [2, 2, 3, 3, 4, 4, 5, 5, 6, 6]
    for size in (1, 2, 3):
        for col, values in _gathered(reads, size).items():
            pd.testing.assert_series_equal(values, whole[col], obj=f"{col}, parts of {size}")


def test_a_file_read_is_what_a_worker_sends_back(reads) -> None:
    # Workers pickle their reads to the reading process: nothing may be lost on the way.
    for read in reads:
        assert pickle.loads(pickle.dumps(read)) == read
    failed = [read for read in reads if read.rows is None]
    assert [(Path(read.meta.file).name, [p["code"] for p in read.problems])
            for read in failed] == [("empty.xlsx", ["FILE_EMPTY"]),
                                    ("scan.pdf", ["FILE_SKIPPED"])]
    assert all(read.meta.rows_read == 0 and read.problems[0]["rows"] == [] for read in failed)


def test_a_file_not_read_keeps_its_reason_and_shown_name() -> None:
    entry = Entry.of("/r/forms.zip/b\udce1o.pdf", member="b\udce1o.pdf", code="FILE_SKIPPED",
                     why=".pdf")
    read = FileRead.not_read(entry)
    assert read.meta == FileMeta("/r/forms.zip/b\ufffdo.pdf")
    assert read.problems == [{"file": "/r/forms.zip/b\ufffdo.pdf", "sheet": None,
                              "code": "FILE_SKIPPED", "detail": ".pdf", "rows": []}]
