"""A hidden sheet in an .xls is skipped like one in an .xlsx (issue 13).

The .xls is read in a capped child process (``io/_capped.py``); calamine reports
an .xls sheet's visibility (its BOUNDSHEET record), and the child now sends it back.
The fixture ``forms/hidden_sheet.xls`` is written by LibreOffice from
``io_forms.hidden_sheet_form`` (``python tests/fixtures/io_forms.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from childlabour_metrics.io import _open, read_reports
from childlabour_metrics.io._open import open_workbook
from tests.fixtures.io_forms import hidden_sheet_form
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR
XLS = FIXTURES / "forms" / "hidden_sheet.xls"


def test_child_sends_back_which_sheets_are_hidden() -> None:
    names, sheets, hidden = _open._read_all_sheets(XLS.read_bytes())
    assert names == ["Bản cũ", "Báo cáo"] and len(sheets) == 2
    assert hidden == frozenset({"Bản cũ"})
    book = open_workbook(XLS)  # through the capped child
    assert book.read_sheets is not None and book.hidden == frozenset({"Bản cũ"})


def test_hidden_stale_sheet_of_an_xls_is_named_not_read(tmp_path: Path) -> None:
    xlsx = read_reports(hidden_sheet_form(tmp_path / "h.xlsx"), progress=False)
    xls = read_reports(XLS, progress=False)
    for result in (xls, xlsx):
        obs = result.observations
        assert obs["sheet"].unique().tolist() == ["Báo cáo"]
        assert obs["period"].unique().tolist() == ["2024H1"]
        assert 99 not in obs["numerator"].tolist()  # the stale copy's figure
        problems = result.problems
        assert problems[["sheet", "code"]].values.tolist() == [["Bản cũ", "SHEET_SKIPPED"]]
        assert result.files["other_sheets"].item() == "Bản cũ"
    columns = ["unit_code", "period", "indicator", "numerator", "denominator", "status"]
    assert xls.observations[columns].equals(xlsx.observations[columns])


def test_without_a_capped_child_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where the system has no fork (Windows), calamine reads the .xls directly.
    monkeypatch.setattr(_open, "read_capped", lambda data, read: None)
    book = open_workbook(XLS)
    assert book.read_sheets is None and book.hidden == frozenset({"Bản cũ"})
    book.close()
