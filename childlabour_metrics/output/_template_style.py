"""The blank forms' look: columns, borders, fills, fonts, and the sheet's lock and panes.

One place for how the forms of :mod:`childlabour_metrics.output.template` look,
so that the parts that write their cells (:mod:`._template_sheet`,
:mod:`._template_consolidated`) only say *what* a cell is (a heading, a
count to fill in) and never repeat a style.  No words here: those are the
vocabulary's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

__all__ = [
    "BOLD", "BOX", "CENTER", "CENTRED_LINE", "COL", "HEADER_ROW", "INPUT_FILL", "ITALIC",
    "LEFT", "UNLOCKED", "WIDTHS", "WRAP", "bold_centred", "box", "freeze_below", "input_cell",
    "protect", "set_widths", "title_font",
]

# Column letters of the single-unit form; fill_template and the sample
# generator rely on them, and the reader must not (it finds columns by label).
COL = {"stt": "A", "code": "B", "name": "C", "uom": "D", "num": "E", "den": "F",
       "rate": "G", "note": "H"}
#: Widths of the single-unit form's columns, in characters.
WIDTHS = {"A": 6, "B": 14, "C": 58, "D": 12, "E": 12, "F": 12, "G": 11, "H": 20}
HEADER_ROW = 9  # first header row when nothing is inserted above the table

_THIN = Side(style="thin")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BOLD = Font(bold=True)
ITALIC = Font(italic=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left")
CENTRED_LINE = Alignment(horizontal="center")  # one line, centred (signatures)
UNLOCKED = Protection(locked=False)


def title_font() -> Font:
    """The title's font: bold, 13 pt."""
    return Font(bold=True, size=13)


def set_widths(ws: Any, widths: Mapping[str, float]) -> None:
    """Set the width of each column letter of ``widths``."""
    for col, width in widths.items():
        ws.column_dimensions[col].width = width


def box(ws: Any, ref_range: str, *, fill: PatternFill | None = None) -> None:
    """Draw thin borders round every cell of ``ref_range`` (and fill them)."""
    for row in ws[ref_range]:
        for cell in row:
            cell.border = BOX
            if fill is not None:
                cell.fill = fill


def bold_centred(ws: Any, ref_range: str, *, heading: bool = False) -> None:
    """Bold, centred cells; with ``heading`` also boxed and shaded (a table's header)."""
    for row in ws[ref_range]:
        for cell in row:
            cell.font = BOLD
            cell.alignment = CENTER
    if heading:
        box(ws, ref_range, fill=HEAD_FILL)


def input_cell(cell: Any) -> None:
    """A cell the clerk fills in: unlocked and shaded."""
    cell.protection = UNLOCKED
    cell.fill = INPUT_FILL


def protect(ws: Any) -> None:
    """Lock the sheet, cells that are not unlocked included; formats stay editable.

    No password: the lock keeps the structure from being changed by accident;
    it is not a security measure.
    """
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def freeze_below(ws: Any, ref: str) -> None:
    """Keep the rows above ``ref`` (and the columns left of it) in view when scrolling."""
    ws.freeze_panes = ref
