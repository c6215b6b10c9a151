"""Draw the form variants the reader accepts, for ``docs/forms.md``.

Each picture is the top of a workbook made by the test builders
(``tests/fixtures/io_forms.py``, ``tests/fixtures/make_legacy_forms.py``),
drawn cell by cell as a spreadsheet shows it (legacy-font text as its bytes
look in a Unicode font).  Run: ``python scripts/make_form_pictures.py``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import python_calamine as pc

ROOT = Path(__file__).parents[1]
if str(ROOT) not in sys.path:  # run as a script from the repository
    sys.path.insert(0, str(ROOT))
from tests.fixtures.io_forms import consolidated_form, label_form, single_form  # noqa: E402

OUT = ROOT / "docs" / "forms"


def _grid(path: Path, rows: int = 16, cols: int = 7) -> list[list[str]]:
    book = pc.CalamineWorkbook.from_path(str(path))
    sheet = book.get_sheet_by_name(book.sheet_names[-1]).to_python()
    out = []
    for row in sheet[:rows]:
        cells = ["" if v == "" else (str(int(v)) if isinstance(v, float) and v.is_integer()
                                      else str(v)) for v in row[:cols]]
        out.append([c if len(c) <= 34 else c[:33] + "…" for c in cells]
                   + [""] * (cols - len(cells)))
    return out


def draw(path: Path, title: str, out: Path) -> None:
    grid = _grid(path)
    fig, ax = plt.subplots(figsize=(11, 0.28 * len(grid) + 0.6))
    ax.axis("off")
    letters = [chr(65 + i) for i in range(len(grid[0]))]
    table = ax.table(cellText=grid, colLabels=letters,
                     rowLabels=[str(i + 1) for i in range(len(grid))], loc="upper left",
                     cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    table.auto_set_column_width(list(range(len(letters))))
    ax.set_title(title, fontsize=9, loc="left")
    fig.savefig(out, dpi=110, bbox_inches="tight")
    plt.close(fig)


def main() -> None:
    from make_legacy_forms import legacy_form

    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        variants = {
            "standard": (single_form(t / "a.xlsx", two_row_header=True),
                         "Biểu mẫu chuẩn: cột Mã chỉ tiêu, tiêu đề hai dòng"),
            "labels": (label_form(t / "b.xlsx", headers={"Tử số": "Số đạt", "Mẫu số": "Tổng số",
                                                          "Chỉ tiêu": "Nội dung"}),
                       "Không có cột mã: nhận chỉ tiêu theo tên"),
            "consolidated": (consolidated_form(
                t / "c.xlsx", [("30101", "Xã A", {"CL01": (10, 1000)}),
                               ("30102", "Xã Cộng Hòa", {"CL01": (5, 800)})],
                codes=("CL01", "CL02"), total={"CL01": (15, 1800)}),
                "Biểu tổng hợp: mỗi dòng một đơn vị, dòng Tổng cộng được kiểm tra"),
            "tcvn3": (legacy_form(t / "d.xlsx", "TCVN3"),
                      "Phông TCVN3 (.VnTime) như hiện trong phông Unicode"),
            "vni": (legacy_form(t / "e.xlsx", "VNI"),
                    "Phông VNI (VNI-Times) như hiện trong phông Unicode"),
        }
        for name, (path, title) in variants.items():
            draw(path, title, OUT / f"{name}.png")


if __name__ == "__main__":
    main()
