"""Workbook parts, round 2 (issue 21, item 16 and the styles): a DTD is refused wherever
the prolog puts it, and a styles part is read element by element, never as a tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._fonts import _parse_style_kinds, style_kinds
from tests.fixtures import hostile_formats as hostile
from tests.support import read_capped_child


@pytest.mark.parametrize("offset", [0, 5_000, 200_000])
def test_a_dtd_anywhere_in_the_prolog_is_refused(tmp_path: Path, offset: int) -> None:
    # Searched in the first 4 KB only, a DTD after a 5 KB comment reached calamine.
    path = hostile.dtd_late(tmp_path / "dtd.xlsx", offset=offset)
    result = read_reports(path, workers=1, progress=False, lang="en")
    assert result.problems[["code", "detail"]].values.tolist() == [
        ["FILE_UNREADABLE", "xl/worksheets/sheet1.xml: XML DTD"]]
    assert result.observations.empty


def test_doctype_text_inside_the_sheet_is_no_dtd(tmp_path: Path) -> None:
    from tests.fixtures.hostile_files import rewrite_members
    from tests.fixtures.io_forms import single_form

    source = single_form(tmp_path / "src.xlsx")
    path = rewrite_members(source, tmp_path / "ok.xlsx", {
        "xl/worksheets/sheet1.xml":
            lambda d: d.replace(b"</worksheet>", b"<!-- <!DOCTYPE x> --></worksheet>")})
    result = read_reports(path, workers=1, progress=False)
    assert result.problems.empty and len(result.observations) == 4


def test_styles_with_a_legacy_font_are_read_without_a_tree(tmp_path: Path) -> None:
    # 1.6 M cell formats (48 MB) were 812 MB as a tree; streamed, a fraction of it.
    path = hostile.styles_many_formats(tmp_path / "styles.xlsx", 600_000)
    got = read_capped_child(path)
    assert got["problems"] == [] and len(got["units"]) == 4
    assert got["grew_mb"] < 130


def test_styles_are_read_as_before() -> None:
    styles = (b'<styleSheet xmlns="m"><fonts count="2"><font><name val="Calibri"/></font>'
              b'<font><b/><name val=".VnTimeH"/><name val="Arial"/></font></fonts>'
              b'<dxfs><dxf><font><name val=".VnTime"/></font></dxf></dxfs>'
              b'<cellXfs><xf fontId="1"/><xf fontId="0"/><xf/><xf fontId="9"/><xf fontId="x"/>'
              b"</cellXfs></styleSheet>")
    assert style_kinds(styles) == ("TCVN3H", None, None, None, None)
    assert _parse_style_kinds(styles[:-5]) is None  # broken: the text decides
    bomb = b'<!DOCTYPE s [<!ENTITY a "VnTime">]><styleSheet>&a;</styleSheet>'
    assert _parse_style_kinds(bomb) is None


def test_an_xls_asking_for_a_gigabyte_grid_stops_its_child_under_1_gb(tmp_path: Path) -> None:
    # 5 KB naming cell IV65536: calamine builds a grid of 1.1 GB, in the capped child
    # an .xls is read in; that child now stops under 1 GB resident, whatever it inherits.
    from tests.fixtures import xls_writer

    path = xls_writer.write(tmp_path / "far.xls", [xls_writer.number(0, 0),
                                                   xls_writer.number(65535, 255)])
    got = read_capped_child(path)
    assert [p[1] for p in got["problems"]] == ["FILE_TOO_LARGE"]
    assert got["workers_mb"] < 1024
