"""The whole form as evidence: each indicator once, the unit column, the sections, the
order and the counts' shapes decide between the indicators a label could be (issue 24)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._assign import FormRow, _forced, assign, shapes


def _read(rows: list[FormRow]) -> list[tuple[str | None, str]]:
    return [(m.code, m.how) for m in assign(tuple(rows))]


def test_an_indicator_another_row_holds_is_no_candidate() -> None:
    doanh_nghiep = FormRow("Doanh nghiệp")  # informed (CL08) or trained (CL12)?
    assert _read([doanh_nghiep]) == [(None, "")]
    assert _read([doanh_nghiep, FormRow("DN được tập huấn")]) == [
        ("CL08", "assignment: form"), ("CL12", "lexicon")]


def test_two_rows_that_could_swap_are_both_left_unclear() -> None:
    # Either could be CL08 and the other CL12: the form cannot tell which.
    assert _read([FormRow("Doanh nghiệp"), FormRow("Doanh nghiệp")]) == [(None, "")] * 2
    assert _read([FormRow("Doanh nghiệp", unit="DN"),
                  FormRow("Hợp tác xã, hộ gia đình", unit="hộ")]) == [(None, "")] * 2


@pytest.mark.parametrize(("row", "code"), [
    (FormRow("Số được tập huấn", unit="hộ"), "CL13"),
    (FormRow("Số được tập huấn", unit="Doanh nghiệp"), "CL12"),
    (FormRow("Số được tập huấn (DN)"), "CL12"),  # the unit in brackets in the label
    (FormRow("Số được tập huấn", unit="người"), None),  # CL09, CL10 or CL11
    (FormRow("Số được tập huấn", unit="%"), None),
])
def test_the_unit_column_narrows_the_candidates(row: FormRow, code: str | None) -> None:
    assert _read([row]) == [(code, "assignment: unit" if code else "")]


@pytest.mark.parametrize(("section", "code"), [
    ("Mục tiêu 3: Đào tạo, tập huấn về phòng ngừa, giảm thiểu lao động trẻ em", "CL12"),
    ("II. Truyền thông về phòng ngừa và giảm thiểu lao động trẻ em", "CL08"),
    ("b) Mục tiêu 2", "CL08"),
    ("Ghi chú", None),
])
def test_the_section_title_names_the_objective(section: str, code: str | None) -> None:
    assert _read([FormRow("Doanh nghiệp", section=section)])[0][0] == code


def test_the_forms_order_places_a_row_between_its_neighbours() -> None:
    rows = [FormRow("Trẻ em được truyền thông"), FormRow("Doanh nghiệp"),
            FormRow("Công chức, viên chức cấp tỉnh, huyện được tập huấn")]
    assert _read(rows)[1] == ("CL08", "assignment: order")
    # A form not in the catalogue's order says nothing by its order.
    assert _read(rows[::-1])[1] == (None, "")


def test_the_denominator_cl01_and_cl02_share() -> None:
    hazardous = "Trẻ em làm công việc nặng nhọc, độc hại, nguy hiểm"
    same = [FormRow("Trẻ em", same_denominator=0), FormRow(hazardous, same_denominator=0)]
    assert _read(same)[0] == ("CL01", "assignment: form, denominator")
    other = [FormRow("Trẻ em", same_denominator=0), FormRow(hazardous, same_denominator=1)]
    assert _read(other)[0] == (None, "")
    assert shapes([1500, 1500, None, 400]) == [0, 0, -1, 3]


def test_a_label_near_one_indicator_only_is_not_decided_by_the_form() -> None:
    # "Parents trained" is no indicator: near CL06 (informed) alone, but not enough.
    assert _read([FormRow("Cha mẹ được tập huấn")]) == [(None, "")]


def test_clear_rows_are_never_changed_and_a_duplicate_stays_two_rows() -> None:
    rows = [FormRow("Tỷ lệ lao động trẻ em"), FormRow("Lao động trẻ em (5-17 tuổi)")]
    assert [code for code, _ in _read(rows)] == ["CL01", "CL01"]  # DUPLICATE_INDICATOR


def test_forced_means_every_largest_assignment_agrees() -> None:
    assert _forced({0: frozenset({"CL08", "CL12"}), 1: frozenset({"CL12"})}) == {
        0: "CL08", 1: "CL12"}
    assert _forced({0: frozenset({"CL08", "CL12"}), 1: frozenset({"CL08", "CL12"}),
                    2: frozenset({"CL13"})}) == {2: "CL13"}
    assert _forced({0: frozenset()}) == {}


def test_the_form_decides_within_a_read_and_says_so(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Mã đơn vị: 30101"], ["Kỳ báo cáo: Năm 2024"], ["Ngày báo cáo: 10/12/2024"],
                ["STT", "Nội dung", "ĐVT", "Tử số", "Mẫu số"],
                ["II", "Mục tiêu 3: Đào tạo, tập huấn"],
                [1, "Cán bộ, công chức cấp xã được tập huấn", "người", 30, 40],
                [2, "Doanh nghiệp", "DN", 5, 9],
                [3, "Số được tập huấn", "hộ", 50, 80]]:
        ws.append(row)
    wb.save(tmp_path / "r.xlsx")
    result = read_reports(tmp_path / "r.xlsx", progress=False)
    obs = result.observations
    assert obs["indicator"].tolist() == ["CL10", "CL12", "CL13"]
    assert result.problems.empty, result.problems.to_string()
    how = obs["label_match"].tolist()
    assert how[0].endswith("; catalogue)")
    assert how[1].startswith("Doanh nghiệp ≈ Tỷ lệ doanh nghiệp được tập huấn")
    assert how[1].endswith("; assignment: section)")  # "DN" leaves CL08 and CL12
    assert how[2].endswith("; assignment: form, unit)")  # CL10 taken; only hộ left


def test_a_label_the_catalogue_hardly_knows_is_never_placed_by_the_form() -> None:
    # Between CL02 and CL07 with CL07 taken, order and elimination would leave CL05;
    # but "learners of a literacy class" are words the catalogue does not know.
    rows = [FormRow("Tỷ lệ lao động trẻ em"),
            FormRow("Trẻ em làm công việc nặng nhọc, độc hại, nguy hiểm"),
            FormRow("Học viên lớp xóa mù chữ được phổ biến"),
            FormRow("Trẻ em được truyền thông")]
    assert _read(rows)[2] == (None, "")
