"""Web exports named .xls: HTML tables and SpreadsheetML 2003 (issue 13, item 3)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from childlabour_metrics.io import read_reports
from tests.fixtures.io_forms import single_form
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR


def _values(result: Any) -> list[tuple[str, int, int]]:
    obs = result.observations
    return list(zip(obs["indicator"], obs["numerator"], obs["denominator"], strict=True))


def _rows(tmp_path: Path) -> list[list[Any]]:
    book = openpyxl.load_workbook(single_form(tmp_path / "standard.xlsx"))
    return [["" if v is None else v for v in row]
            for row in book.active.iter_rows(values_only=True)]


def _html(rows: list[list[Any]]) -> bytes:
    # As web systems write it: a title outside the table, metadata in rows, a BOM.
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in rows[1:]
    )
    page = (f'<html><head><meta charset="utf-8"><script>var x = "<td>";</script></head>'
            f"<body><h2>{html.escape(str(rows[0][0]))}</h2>"
            f'<table border="1">{body}</table></body></html>')
    return b"\xef\xbb\xbf" + page.encode("utf-8")


def _spreadsheet_xml(rows: list[list[Any]], doctype: str = "") -> bytes:
    cells = []
    for row in rows:
        out = []
        for i, v in enumerate(row, start=1):
            if v == "":
                continue
            kind = "Number" if isinstance(v, int | float) else "String"
            out.append(f'<Cell ss:Index="{i}"><Data ss:Type="{kind}">'
                       f"{html.escape(str(v))}</Data></Cell>")
        cells.append("<Row>" + "".join(out) + "</Row>")
    return (f'<?xml version="1.0"?>{doctype}<?mso-application progid="Excel.Sheet"?>'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            '<Worksheet ss:Name="Báo cáo"><Table>' + "".join(cells)
            + "</Table></Worksheet></Workbook>").encode("utf-8")


@pytest.mark.parametrize("kind", ["html", "xml2003"])
def test_web_export_named_xls_reads_like_the_form(kind: str, tmp_path: Path) -> None:
    rows = _rows(tmp_path)
    standard = read_reports(tmp_path / "standard.xlsx", progress=False)
    path = tmp_path / "export.xls"
    path.write_bytes(_html(rows) if kind == "html" else _spreadsheet_xml(rows))
    result = read_reports(path, progress=False)
    assert result.problems.empty, result.problems.to_string()
    assert _values(result) == _values(standard)
    for col in ("unit_code", "unit_name", "period", "numerator_cell"):
        assert result.observations[col].tolist() == standard.observations[col].tolist()
    assert result.files["format"].item() == kind


def test_xml_with_entities_is_refused(tmp_path: Path) -> None:
    doctype = ('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
               '<!ENTITY e SYSTEM "file:///etc/passwd">]>')
    path = tmp_path / "export.xls"
    path.write_bytes(_spreadsheet_xml([["&e;"]], doctype).replace(b"&amp;e;", b"&e;"))
    result = read_reports(path, progress=False)
    assert result.problems["code"].tolist() == ["FILE_UNREADABLE"]
    assert result.observations.empty


def test_html_with_absurd_spans_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_bytes(b"<html><table>" + b'<tr><td colspan="99999">x</td><td>y</td></tr>' * 3
                     + b"</table></html>")
    result = read_reports(path, progress=False)
    assert result.problems["code"].tolist() == ["FILE_TOO_LARGE"]
