"""The safety limits every reader of a file or container checks before it parses.

One place for the limits, so that each format's reader (workbooks, CSV, web
exports, archives) imports them from below and never from the opener.
"""

from __future__ import annotations

from ..language.problems import OpenError

__all__ = ["LIMITS", "GridBudget", "check_dimension"]

#: Safety limits; a legitimate report is far below each of them.
LIMITS: dict[str, int] = {
    "file_bytes": 100_000_000,  # on disk
    "zip_total": 200_000_000,  # sum of declared uncompressed sizes
    "zip_members": 5_000,
    "zip_directory": 20_000_000,  # bytes of the central directory (4 KB a member at most)
    "zip_ratio": 200,  # uncompressed / compressed, for members above zip_ratio_min
    "zip_ratio_min": 1_000_000,
    "sheet_xml": 50_000_000,  # declared size of one worksheet part
    "rows": 100_000,
    "cols": 2_000,
    "cells": 5_000_000,  # of one sheet; of all an .ods's tables together
    # of all the sheets of a text format (CSV, HTML, SpreadsheetML) together: each cell
    # is a Python object as soon as it is read, and the form reader copies some (a
    # legacy encoding converted): 5 million were 1.5 GB
    "text_cells": 2_000_000,
    "text_chars": 20_000_000,  # text once .ods repeats or .xlsx shared strings expand
}


def check_dimension(height: int, width: int, where: str) -> None:
    """Refuse a grid beyond the row, column or cell limit: ``FILE_TOO_LARGE`` naming its size."""
    if height > LIMITS["rows"] or width > LIMITS["cols"] or height * width > LIMITS["cells"]:
        raise OpenError("FILE_TOO_LARGE", f"{where}: {height} × {width}")


class GridBudget:
    """A sheet's grid as it is read, refused before it would pass a size limit.

    The readers of text formats (CSV, HTML, SpreadsheetML) build their rows
    as Python lists as they parse, and a few bytes can ask for millions of
    cells (``ss:Index="50000000"`` on a row, ``colspan="2000"``).  So each
    one asks :meth:`fits` before it makes a row or a cell: the grid's rows
    times its widest row, with the cells of the workbook's earlier sheets,
    stay within :data:`LIMITS` (``text_cells`` for all sheets together).  The
    padded grid the rows become is that size, so what is built is bounded too.

    Examples
    --------
    >>> budget = GridBudget("Sheet1")
    >>> budget.fits(10, 3)
    >>> try:
    ...     budget.fits(50_000_000)
    ... except OpenError as exc:
    ...     exc.code, exc.detail
    ('FILE_TOO_LARGE', 'Sheet1: 50000000 × 3')
    """

    def __init__(self, name: str, spent: int = 0) -> None:
        self.name = name
        self.spent = spent  # cells of the workbook's earlier sheets
        self.width = 0

    def fits(self, rows: int, width: int = 0) -> None:
        """Refuse (``FILE_TOO_LARGE``) a grid of ``rows`` rows, one of them ``width`` wide."""
        width = max(width, self.width)
        check_dimension(rows, width, self.name)
        if self.spent + rows * width > LIMITS["text_cells"]:
            raise OpenError("FILE_TOO_LARGE",
                            f"{self.name}: {self.spent + rows * width} cells in all sheets")
        self.width = width
