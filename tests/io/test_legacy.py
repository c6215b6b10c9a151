"""Legacy Vietnamese fonts (TCVN3/ABC, VNI) found and converted (issue 13, item 2)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import python_calamine as pc

from childlabour_metrics.io._legacy import _kind, convert_rows, detect, from_tcvn3, from_vni
from childlabour_metrics.reference.indicators import indicators
from tests.fixtures.io_forms import EXPECTED, label_form, single_form
from tests.fixtures.io_forms import read as _read
from tests.fixtures.io_forms import values as _values
from tests.fixtures.make_legacy_forms import to_vni
from tests.support import FIXTURES_DIR, REPO

ROOT = REPO
FIXTURES = FIXTURES_DIR
FORMS = FIXTURES / "forms"
SEEDS = Path("/work/shared/seeds")


@pytest.mark.parametrize(("name", "encoding"), [("legacy_tcvn3.xlsx", "TCVN3"),
                                                ("legacy_vni.xlsx", "VNI")])
def test_legacy_form_without_code_column_reads_like_the_standard_form(
    name: str, encoding: str, tmp_path: Path
) -> None:
    standard = _read(label_form(tmp_path / "standard.xlsx"))
    result = _read(FORMS / name)
    assert _values(result) == _values(standard) == EXPECTED
    obs = result.observations
    assert obs["unit_name"].unique().tolist() == ["Xã Thử Nghiệm"]
    assert obs["period"].unique().tolist() == ["2024H1"]
    assert obs["label_match"].iloc[0].startswith("1. Tỷ lệ lao động trẻ em")
    problems = result.problems
    assert problems["code"].tolist() == ["LEGACY_ENCODING"]  # once per file
    assert problems["severity"].item() == "info" and encoding in problems["message"].item()
    assert result.files["status"].item() == "ok"


def test_conversions() -> None:
    assert from_tcvn3("Tû lÖ trÎ em ®\xadîc cung cÊp th«ng tin") == (
        "Tỷ lệ trẻ em được cung cấp thông tin")
    assert from_vni("Tyû leä treû em ñöôïc cung caáp thoâng tin") == (
        "Tỷ lệ trẻ em được cung cấp thông tin")
    for text in indicators()["name_vi"]:
        assert from_vni(to_vni(text)) == unicodedata.normalize("NFC", text)


def _real_texts() -> list[str]:
    """Real Vietnamese: the catalogue, the bundled data and plans, the sample workbooks,
    and the source plans when present."""
    texts = [t for col in ("name_vi", "numerator_vi", "denominator_vi")
             for t in indicators()[col]]
    data = ROOT / "childlabour_metrics" / "data"
    for path in [*data.glob("*.csv"), *data.glob("plans/*.toml"), *data.glob("*.md")]:
        texts += path.read_text(encoding="utf-8").splitlines()
    for path in sorted((ROOT / "data" / "sample").rglob("*.xlsx"))[::10]:
        book = pc.CalamineWorkbook.from_path(str(path))
        for name in book.sheet_names:
            texts += [v for row in book.get_sheet_by_name(name).to_python() for v in row
                      if isinstance(v, str)]
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            texts += path.read_text(encoding="utf-8").splitlines()
    return [t for t in texts if t.strip()]


def test_no_false_positives_on_real_vietnamese() -> None:
    texts = _real_texts()
    assert len(texts) > 2_000
    flagged = [t for t in texts if _kind(t) not in (None, "unicode")]
    # Measured: no line of real Vietnamese text looks like legacy text...
    assert flagged == []
    # ... so no sheet or document of it is taken for one, and nothing changes.
    assert detect(texts) is None
    rows = [[t] for t in texts]
    assert convert_rows(rows) == (rows, None)


def test_a_few_legacy_looking_characters_in_unicode_text_convert_nothing() -> None:
    rows = [["Báo cáo kết quả"], ["«Ghi chú» ®"], ["Mã đơn vị: 30101"], ["Giá: 5 µg"],
            ["Tên đơn vị: Xã A"]]
    assert convert_rows(rows) == (rows, None)


def test_legacy_csv_like_text_without_fonts(tmp_path: Path) -> None:
    # Text alone, as from an .xls, .ods or .csv: the same detection.
    rows = [["M· ®¬n vÞ:", "30101"], ["Kú b¸o c¸o:", "N¨m 2024"], ["ChØ tiªu", "Tö sè"]]
    converted, encoding = convert_rows(rows)
    assert encoding == "TCVN3"
    assert converted == [["Mã đơn vị:", "30101"], ["Kỳ báo cáo:", "Năm 2024"],
                         ["Chỉ tiêu", "Tử số"]]


def test_standard_form_is_not_touched(tmp_path: Path) -> None:
    path = single_form(tmp_path / "r.xlsx")
    result = _read(path)
    assert result.problems.empty
    assert result.files["status"].item() == "ok"
