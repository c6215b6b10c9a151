"""CSV forms: sized before they are parsed, read in UTF-16 and UTF-32, found in a folder
whatever their preamble (issue 21, items 3 and 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._csv import decode_text, read_csv
from childlabour_metrics.io._discover import _csv_holds_form, discover
from tests.fixtures import hostile_formats as hostile
from tests.support import read_capped_child

pytest.importorskip("resource")  # POSIX only: the cap needs setrlimit

EXPECTED = [12, 3, 1234, 800]  # the standard form's numerators


@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-16-le", True), ("utf-16-be", True), ("utf-16-le", False), ("utf-16-be", False),
    ("utf-32-le", True), ("utf-32-be", True), ("utf-32-le", False),
])
def test_utf16_and_utf32_csv_forms_in_a_folder_are_read(tmp_path: Path, encoding: str,
                                                          bom: bool) -> None:
    path = hostile.csv_form(tmp_path / "bao-cao.csv", encoding, bom=bom)
    result = read_reports(tmp_path, workers=1, progress=False)
    assert result.files["file"].tolist() == [str(path)]
    assert result.observations["numerator"].tolist() == EXPECTED
    assert result.problems.empty


def test_8bit_and_utf8_text_is_decoded_as_before() -> None:
    for text in ("Mã;Tử số\r\n", "plain ascii;1;2\n"):
        assert decode_text(text.encode("utf-8")) == text
    assert decode_text(b"Ma\xde \xf0\xf5n vi\xf2;1") == "Mã đơn vị;1"  # cp1258
    assert decode_text(b"") == ""


def test_a_form_whose_headings_come_after_64_kb_is_not_passed_over(tmp_path: Path) -> None:
    late = hostile.csv_form(tmp_path / "late.csv", "utf-8", bom=False, preamble=70_000)
    (tmp_path / "units.csv").write_text("code,name\n30101,Xã A\n", encoding="utf-8")
    assert _csv_holds_form(str(late))
    # Found, so given to the reader: read, or named with the reason it gives.
    assert [entry.shown for entry in discover(tmp_path)] == [str(late)]
    result = read_reports(tmp_path, workers=1, progress=False)
    assert result.files["file"].tolist() == [str(late)]
    assert result.observations.empty == (not result.problems.empty)


def test_a_utf8_head_cut_inside_a_character_is_still_recognised(tmp_path: Path) -> None:
    # The form, then notes, the first 64 KB ending inside "ử": decoded whole, that head
    # was not UTF-8 and fell back to cp1258, and the form's headings were missed.
    form = hostile.csv_text(hostile.form_rows(tmp_path)).encode("utf-8")
    notes = b"Ghi chu " + b"x" * (65_535 - len(form) - 8)
    path = tmp_path / "cut.csv"
    path.write_bytes(form + notes + "ử\r\n".encode() + b"Ghi chu\r\n" * 100)
    assert len(form + notes) == 65_535
    assert _csv_holds_form(str(path))
    result = read_reports(tmp_path, workers=1, progress=False)
    assert result.observations["numerator"].tolist() == EXPECTED


def test_a_csv_over_the_cell_budget_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    # 90 MB on one line were 45 million fields (1.1 GB) before the row was checked.
    path = hostile.csv_one_line(tmp_path / "one-line.csv", size=5_000_000)
    got = read_capped_child(path)
    assert [p[1] for p in got["problems"]] == ["FILE_TOO_LARGE"]
    assert "2500001 fields" in got["problems"][0][2]
    assert got["grew_mb"] < 100


def test_a_wide_row_is_sized_by_the_widest_row(tmp_path: Path) -> None:
    # Rows are sized by the widest so far: 1,500 one-cell rows then one of 2,000 cells
    # is a grid of 3 million cells once padded.
    text = "x\n" * 1_500 + ",".join(["1"] * 2_000) + "\n"
    with pytest.raises(Exception, match="cells in all sheets"):
        read_csv(text.encode(), "wide.csv")
