"""Web exports sized before they are built (issue 21, items 1 and 4).

SpreadsheetML's ``ss:Index`` on a row or a cell, ``ss:MergeAcross``, rows
without cells, and HTML's ``colspan`` each asked for millions of cells from a
few bytes: a 1 KB file took the reading process to gigabytes, in the main
process as in a worker, and was accepted as a form.  Each is read in a capped
child here, and must be named ``FILE_TOO_LARGE`` (with the dimension) at a
small cost in memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._web import read_web
from tests.fixtures import hostile_formats as hostile
from tests.fixtures.io_forms import single_form
from tests.support import read_capped_child

pytest.importorskip("resource")  # POSIX only: the cap needs setrlimit

#: MB a refused file may add to the reading process (its bytes, a parser's buffers).
SMALL = 150


def _too_large(got: dict, path: Path) -> str:
    """The one problem of ``path``: FILE_TOO_LARGE; its detail."""
    problems = [p for p in got["problems"] if p[0] == str(path)]
    assert [p[1] for p in problems] == ["FILE_TOO_LARGE"], got["problems"]
    return problems[0][2]


@pytest.mark.parametrize(("name", "build", "dimension"), [
    ("row-index.xls", lambda p: hostile.xml_row_index(p, 2_000_000_000), "2000000000 × 1"),
    ("cell-index.xls", lambda p: hostile.xml_cell_index(p, 2_000_000_000), "1 × 2000000000"),
    ("merge.xls", lambda p: hostile.xml_merge_across(p, 2_000_000_000), "1 × 2000000001"),
    ("colspan.xls", lambda p: hostile.html_colspan(p, size=300_000), "cells in all sheets"),
])
def test_an_index_a_merge_or_a_span_is_sized_before_it_is_made(
        tmp_path: Path, name: str, build, dimension: str) -> None:
    path = build(tmp_path / name)
    got = read_capped_child(path)
    assert dimension in _too_large(got, path)
    assert got["grew_mb"] < SMALL


def test_rows_without_cells_are_rows(tmp_path: Path) -> None:
    # 150,000 empty rows: never counted before (no cell to check), read as a form.
    path = tmp_path / "empty-rows.xls"
    path.write_bytes(hostile.spreadsheet_xml("<Row/>" * 150_000))
    result = read_reports(path, workers=1, progress=False, lang="en")
    assert result.problems["code"].tolist() == ["FILE_TOO_LARGE"]
    assert "100001 × 0" in result.problems["detail"].item()


def test_all_sheets_share_one_budget_of_cells(tmp_path: Path) -> None:
    # Each sheet within the limits, all of them together far beyond: held at once.
    row = "<Row>" + '<Cell><Data ss:Type="Number">1</Data></Cell>' * 1000 + "</Row>"
    sheet = '<Worksheet ss:Name="S{}"><Table><Row ss:Index="1000"/>{}</Table></Worksheet>'
    body = "".join(sheet.format(i, row) for i in range(3))
    data = hostile.spreadsheet_xml("").replace(
        b'<Worksheet ss:Name="B\xc3\xa1o c\xc3\xa1o"><Table></Table></Worksheet>',
        body.encode())
    with pytest.raises(Exception, match="cells in all sheets") as info:
        read_web(data, "x")
    assert getattr(info.value, "code", None) == "FILE_TOO_LARGE"


def test_a_web_export_in_a_zip_and_among_many_files_is_sized_in_the_worker_too(
        tmp_path: Path) -> None:
    bad = hostile.xml_row_index(tmp_path / "row-index.xls", 50_000_000)
    archive = hostile.zip_of(tmp_path / "sent.zip", [("xa/row-index.xls", bad.read_bytes())])
    good = [single_form(tmp_path / f"u{i:02d}.xlsx", unit=str(30100 + i)) for i in range(65)]
    alone = read_capped_child(archive)  # workers=1: in the reading process itself
    assert "50000000 × 1" in _too_large(alone, Path(f"{archive}/xa/row-index.xls"))
    assert alone["grew_mb"] < SMALL
    batch = read_capped_child([*good, archive], workers=2)  # in a worker process
    _too_large(batch, Path(f"{archive}/xa/row-index.xls"))
    assert len(batch["units"]) == 65 * 4
    assert batch["workers_mb"] < 600


def test_spreadsheet_xml_still_reads_as_the_form(tmp_path: Path) -> None:
    path = tmp_path / "form.xls"
    path.write_bytes(hostile.xml_form(hostile.form_rows(tmp_path)))
    standard = read_reports(single_form(tmp_path / "form.xlsx"), progress=False)
    result = read_reports(path, progress=False)
    assert result.problems.empty
    assert result.observations["numerator"].tolist() == \
        standard.observations["numerator"].tolist()


def test_an_unfinished_tag_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fed in 64 KB pieces, an unfinished tag was scanned again with each piece: a 100 MB
    # one took 40 minutes.  Fed whole, it is one scan (a behaviour, not a timing: the
    # parser gets the text in one call).
    from childlabour_metrics.io import _web

    calls: list[int] = []

    class Counting(_web._Tables):
        def feed(self, data: str) -> None:
            calls.append(len(data))
            super().feed(data)

    monkeypatch.setattr(_web, "_Tables", Counting)
    read_web(b"<html><table><tr><td " + b"a" * 200_000, "x")
    assert len(calls) == 1
