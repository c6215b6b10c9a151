"""``childlabour-metrics check-form FILE`` (issue 13, item 5)."""

from __future__ import annotations

from pathlib import Path

from childlabour_metrics.cli import main
from tests.fixtures.io_forms import LABELS, label_form, single_form
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR


def test_check_form_says_how_a_legacy_label_form_was_read(capsys) -> None:
    code = main(["check-form", str(FIXTURES / "forms" / "legacy_tcvn3.xlsx"), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Sheet read: Báo cáo" in out
    assert "Encoding: TCVN3" in out
    assert "Indicator rows read: 4" in out
    # Typed in ".VnTimeH", which draws every letter as a capital: "b)" shows as "B)".
    assert "row 13: CL07 (by its label: B) TỶ LỆ TRẺ EM ĐƯỢC CUNG CẤP" in out
    assert "recognised by the cells' legacy font" in out
    assert "Unit: 30101 Xã Thử Nghiệm · Period: 2024H1" in out
    assert "Verdict: the form reads, without errors." in out


def test_check_form_in_vietnamese_names_problems_and_exits_1(tmp_path: Path, capsys) -> None:
    path = label_form(tmp_path / "r.xlsx", {**LABELS, "CL06": "Tỷ lệ được tập huấn"})
    code = main(["check-form", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert "Bảng mã: Unicode" in out
    assert "dòng 10: CL01 (theo tên:" in out
    assert "[Lỗi] B12" in out and "CL12 0.48" in out
    assert "Kết luận: đọc được biểu mẫu nhưng có 1 lỗi cần sửa." in out


def test_check_form_of_a_standard_form_reads_by_code(tmp_path: Path, capsys) -> None:
    assert main(["check-form", str(single_form(tmp_path / "r.xlsx", sheet_before=True))]) == 0
    out = capsys.readouterr().out
    assert "dòng 10: CL01 (theo mã)" in out
    assert "Các trang khác (không có bảng chỉ tiêu hoặc không đọc): Hướng dẫn" in out


def test_check_form_of_something_else(tmp_path: Path, capsys) -> None:
    path = tmp_path / "scan.xlsx"
    path.write_bytes(b"%PDF-1.4")
    assert main(["check-form", str(path)]) == 1
    assert "Kết luận: không đọc được biểu mẫu." in capsys.readouterr().out
