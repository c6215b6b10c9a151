"""The consolidated form's indicator columns found by their header labels (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._forms import find_header
from childlabour_metrics.reference.periods import fold_text
from tests.fixtures.io_forms import CONSOLIDATED_EXPECTED as EXPECTED
from tests.fixtures.io_forms import CONSOLIDATED_UNITS as UNITS
from tests.fixtures.io_forms import LABELS, consolidated_form
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR

#: Header cells of the indicator groups in :func:`consolidated_form` (row 6).
HEADER_CELLS = {"CL01": "D6", "CL02": "F6", "CL06": "H6"}


def labelled(path: Path, labels: dict[str, str], **kwargs: Any) -> Path:
    """The consolidated form with its indicator codes in the header replaced by labels."""
    consolidated_form(path, UNITS, **kwargs)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for code, label in labels.items():
        ws[HEADER_CELLS[code]] = label
    wb.save(path)
    return path


def _got(result: Any) -> list[tuple[str, str, int, int]]:
    obs = result.observations
    return list(zip(obs["unit_code"], obs["indicator"], obs["numerator"], obs["denominator"],
                    strict=True))


def _plain(text: str) -> str:
    """A label as typed without diacritics (and in other case)."""
    return fold_text(text).upper()


@pytest.mark.parametrize("spell", [str, _plain], ids=["diacritics", "no-diacritics"])
def test_header_without_codes_reads_like_the_coded_form(spell: Any, tmp_path: Path) -> None:
    labels = {code: spell(LABELS[code]) for code in ("CL01", "CL02", "CL06")}
    result = read_reports(labelled(tmp_path / "c.xlsx", labels,
                                   total={"CL01": (15, 1800), "CL02": (3, 1800),
                                          "CL06": (300, 500)}), progress=False)
    assert result.problems.empty, result.problems.to_string()
    assert _got(result) == EXPECTED
    obs = result.observations
    assert (obs["status"] == "ok").all() and (obs["form"] == "consolidated").all()
    first = obs["label_match"].iloc[0]
    assert first.startswith(labels["CL01"] + " ≈ ") and first.endswith(")")
    assert obs["numerator_cell"].tolist()[:2] == ["D8", "F8"]


def test_a_code_still_wins(tmp_path: Path) -> None:
    # The label names CL07, the code in the same cell says CL01: read as CL01.
    labels = {"CL01": "Tỷ lệ trẻ em được cung cấp thông tin, kiến thức (CL01)",
              "CL02": LABELS["CL02"]}
    result = read_reports(labelled(tmp_path / "c.xlsx", labels), progress=False)
    assert result.problems.empty, result.problems.to_string()
    assert _got(result) == EXPECTED
    obs = result.observations
    by_code = obs.loc[obs["indicator"] == "CL01", "label_match"]
    assert by_code.isna().all()  # read by its code, not its label
    assert obs.loc[obs["indicator"] == "CL02", "label_match"].notna().all()
    assert obs.loc[obs["indicator"] == "CL06", "label_match"].isna().all()  # "CL06" header


def test_unclear_header_is_named_and_its_rows_kept(tmp_path: Path) -> None:
    labels = {"CL01": LABELS["CL01"], "CL06": "Tỷ lệ được tập huấn"}  # trained, but who?
    result = read_reports(labelled(tmp_path / "c.xlsx", labels), progress=False)
    problems = result.problems
    assert problems["code"].unique().tolist() == ["UNKNOWN_INDICATOR_LABEL"]
    assert problems["cell"].unique().tolist() == ["H6"]
    assert problems["value"].unique().tolist() == ["Tỷ lệ được tập huấn"]
    assert "CL12 0.48" in problems["message"].iloc[0]
    obs = result.observations
    unclear = obs[obs["numerator_cell"].str.startswith("H")]
    assert len(unclear) == len(problems) == 1  # only Xã B reported that group
    assert unclear["status"].tolist() == ["error"]
    assert unclear["numerator"].tolist() == [300]  # read, not dropped
    assert (obs.loc[obs.index.difference(unclear.index), "status"] == "ok").all()


def test_total_row_checked_for_a_labelled_group(tmp_path: Path) -> None:
    labels = {code: LABELS[code] for code in ("CL01", "CL02", "CL06")}
    path = labelled(tmp_path / "c.xlsx", labels,
                    total={"CL01": (15, 1800), "CL02": (4, 1800), "CL06": (300, 500)})
    problems = read_reports(path, progress=False).problems
    assert problems[["code", "cell", "indicator"]].values.tolist() == [
        ["TOTAL_MISMATCH", "F10", "CL02"]]


def test_a_metadata_row_above_a_single_form_is_no_consolidated_header() -> None:
    rows = [["Mã đơn vị:", "30101"], ["STT", "Chỉ tiêu", "Mã", "Tử số", "Mẫu số"],
            [1, "Lao động trẻ em", "CL01", 1, 10]]
    header = find_header(rows)
    assert header is not None
    assert (header.form, header.first_row, header.code_col) == ("single", 1, 2)


def test_a_row_of_words_sharing_nothing_with_the_catalogue_is_no_header() -> None:
    rows = [["Mã xã", "Ghi chép", None, "Xác nhận", None],
            [None, "Tử số", "Mẫu số", "Tử số", "Mẫu số"]]
    assert find_header(rows) is None


# --------------------------------------------------------------------------- issue 24
def flat_labelled(path: Path, labels: dict[str, str], **kwargs: Any) -> Path:
    """The flat consolidated form ("CL01_tu_so") with each code replaced by a label:
    "Tỷ lệ LĐTE - Tử số", "Tỷ lệ LĐTE - Mẫu số"."""
    consolidated_form(path, UNITS, flat="tu_so", **kwargs)
    wb = openpyxl.load_workbook(path)
    for row in wb.active.iter_rows():
        for cell in row:
            text = cell.value
            if isinstance(text, str) and text[:4] in labels:
                side = "Tử số" if "tu_so" in text else "Mẫu số"
                cell.value = f"{labels[text[:4]]} - {side}"
    wb.save(path)
    return path


@pytest.mark.parametrize("spell", [str, _plain], ids=["diacritics", "no-diacritics"])
def test_flat_header_named_by_labels_reads_like_the_coded_form(spell: Any, tmp_path: Path
                                                               ) -> None:
    labels = {"CL01": spell("Tỷ lệ LĐTE"), "CL02": spell("TE làm công việc nặng nhọc, độc hại"),
              "CL06": spell("Phụ huynh được tuyên truyền")}
    result = read_reports(flat_labelled(tmp_path / "c.xlsx", labels), progress=False)
    assert result.problems.empty, result.problems.to_string()
    assert _got(result) == EXPECTED
    first = result.observations["label_match"].iloc[0]
    assert first.startswith(labels["CL01"] + " ≈ ") and first.endswith("; lexicon)")


def test_flat_header_with_an_unclear_label_names_it(tmp_path: Path) -> None:
    labels = {"CL01": "Tỷ lệ LĐTE", "CL02": "TE làm công việc nặng nhọc, độc hại",
              "CL06": "Tỷ lệ được tập huấn"}
    result = read_reports(flat_labelled(tmp_path / "c.xlsx", labels), progress=False)
    problems = result.problems
    assert problems["code"].tolist() == ["UNKNOWN_INDICATOR_LABEL"]
    assert problems["value"].item() == "Tỷ lệ được tập huấn"
    assert problems["cell"].item() == "H6"  # the group's first header cell


def test_a_flat_header_of_other_words_is_no_table() -> None:
    rows = [["Mã xã", "Ghi chép - Tử số", "Ghi chép - Mẫu số"], ["30101", 1, 2]]
    assert find_header(rows) is None
