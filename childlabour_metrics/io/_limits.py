"""The safety limits every reader of a file or container checks before it parses.

One place for the limits, so that each format's reader (workbooks, CSV, web
exports, archives) imports them from below and never from the opener.
"""

from __future__ import annotations

from ..language.problems import OpenError

__all__ = ["LIMITS", "check_dimension"]

#: Safety limits; a legitimate report is far below each of them.
LIMITS: dict[str, int] = {
    "file_bytes": 100_000_000,  # on disk
    "zip_total": 200_000_000,  # sum of declared uncompressed sizes
    "zip_members": 5_000,
    "zip_ratio": 200,  # uncompressed / compressed, for members above zip_ratio_min
    "zip_ratio_min": 1_000_000,
    "sheet_xml": 50_000_000,  # declared size of one worksheet part
    "rows": 100_000,
    "cols": 2_000,
    "cells": 5_000_000,  # of one sheet; of all an .ods's tables together
    "text_chars": 20_000_000,  # text once .ods repeats or .xlsx shared strings expand
}


def check_dimension(height: int, width: int, where: str) -> None:
    """Refuse a grid beyond the row, column or cell limit: ``FILE_TOO_LARGE`` naming its size."""
    if height > LIMITS["rows"] or width > LIMITS["cols"] or height * width > LIMITS["cells"]:
        raise OpenError("FILE_TOO_LARGE", f"{where}: {height} × {width}")
