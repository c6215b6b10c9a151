"""Rows recognised by their label when the form has no code column (issue 13, item 1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._labels import match_label, normalise_label
from childlabour_metrics.reference.indicators import indicators
from childlabour_metrics.reference.periods import fold_text
from tests.fixtures.io_forms import LABELS, ROWS, label_form, single_form
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR

EXPECTED = [("CL01", 12, 1500), ("CL02", 3, 1500), ("CL06", 1234, 1500), ("CL07", 800, 1000)]


def _read(path: Path, **kwargs: Any) -> Any:
    return read_reports(path, progress=False, **kwargs)


def _values(result: Any) -> list[tuple[str, int, int]]:
    obs = result.observations
    return list(zip(obs["indicator"], obs["numerator"], obs["denominator"], strict=True))


def test_every_catalogue_text_names_its_indicator() -> None:
    cat = indicators()
    for column in ("name_vi", "numerator_vi", "name_en", "numerator_en"):
        for code, text in zip(cat["code"], cat[column], strict=True):
            for spelling in (text, fold_text(text), f"II. {text.upper()} (%)",
                             text.replace(",", " ;")):
                assert match_label(spelling).code == code, (spelling, match_label(spelling))


@pytest.mark.parametrize("label", [
    "Tỷ lệ được tập huấn", "Số người được tập huấn (người)", "Được cung cấp thông tin, kiến thức",
    "Doanh nghiệp", "Mục tiêu 1: Phòng ngừa, hỗ trợ", "Ghi chú", "Xã Cộng Hòa", "",
])
def test_shared_or_unrelated_words_match_nothing(label: str) -> None:
    assert match_label(label).code is None


def test_numbering_units_case_and_punctuation_are_ignored() -> None:
    assert normalise_label("II. Tỷ lệ  TRẺ em (%):") == normalise_label("tre em")
    assert normalise_label("1.2) Số cán bộ; công chức (người)") == "can bo cong chuc"


@pytest.mark.parametrize("headers", [
    {},
    {"Chỉ tiêu": "Nội dung", "Tử số": "Số đạt", "Mẫu số": "Tổng số", "STT": "TT",
     "Đơn vị tính": "ĐVT"},
    {"Chỉ tiêu": "Tên chỉ tiêu"},
])
def test_form_without_code_column_reads_like_the_standard_form(headers, tmp_path: Path) -> None:
    standard = _read(single_form(tmp_path / "standard.xlsx"))
    result = _read(label_form(tmp_path / "labels.xlsx", headers=headers))
    assert result.problems.empty, result.problems.to_string()
    assert _values(result) == _values(standard) == EXPECTED
    obs = result.observations
    assert obs["numerator_cell"].tolist() == ["D10", "D11", "D12", "D13"]  # one column left
    # Provenance: the label as written, the catalogue text it matched and the score.
    assert obs["label_match"].iloc[3].startswith("b) TỶ LỆ TRẺ EM ĐƯỢC CUNG CẤP")
    assert obs["label_match"].iloc[3].endswith("(1.00; catalogue)")  # and why
    assert standard.observations["label_match"].isna().all()


def test_form_without_diacritics(tmp_path: Path) -> None:
    labels = {code: fold_text(text) for code, text in LABELS.items()}
    result = _read(label_form(tmp_path / "r.xlsx", labels))
    assert result.problems.empty, result.problems.to_string()
    assert _values(result) == EXPECTED


def test_unclear_label_is_named_with_its_candidates(tmp_path: Path) -> None:
    labels = {**LABELS, "CL06": "Tỷ lệ được tập huấn"}
    result = _read(label_form(tmp_path / "r.xlsx", labels))
    problems = result.problems
    assert problems["code"].tolist() == ["UNKNOWN_INDICATOR_LABEL"]  # not also UNKNOWN_INDICATOR
    assert problems["cell"].item() == "B12"
    assert "CL12" in problems["message"].item() and "Tỷ lệ được tập huấn" in problems[
        "message"].item()
    obs = result.observations
    assert obs["status"].tolist() == ["ok", "ok", "error", "ok"]
    assert [c for c, *_ in _values(result)] == ["CL01", "CL02", "Tỷ lệ được tập huấn", "CL07"]


def test_code_column_wins_and_a_disagreeing_label_is_a_warning(tmp_path: Path) -> None:
    labels = {**LABELS, "CL02": LABELS["CL07"].replace("b)", "2.")}
    result = _read(label_form(tmp_path / "r.xlsx", labels, keep_codes=True))
    assert _values(result) == EXPECTED
    problems = result.problems
    assert problems["code"].tolist() == ["CODE_LABEL_MISMATCH"]
    assert problems["cell"].item() == "B11" and problems["severity"].item() == "warning"
    assert "CL07" in problems["message"].item()


def test_labels_matching_the_code_column_raise_nothing(tmp_path: Path) -> None:
    result = _read(label_form(tmp_path / "r.xlsx", keep_codes=True))
    assert result.problems.empty, result.problems.to_string()
    assert result.observations["label_match"].isna().all()  # read by the code
    assert len(ROWS) == len(result.observations)
