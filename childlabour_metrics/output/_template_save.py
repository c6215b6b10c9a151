"""Saving a form as Excel would: each formula with its last computed value.

openpyxl writes formulas without a cached result; a reader then sees an
empty cell.  Excel and LibreOffice store the last computed value, and that is
what real reports carry, so the forms this library writes (and fills) do too:
the saved workbook is copied member by member, the "Tỷ lệ (%)" cells of the
report sheet given their ``<v>``.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Mapping
from html import escape
from pathlib import Path

from openpyxl import Workbook

__all__ = ["save_with_cache"]


def save_with_cache(
    wb: Workbook,
    path: Path,
    sheet_index: int,
    cached: Mapping[str, float | str],
    *,
    reproducible: bool = False,
) -> Path:
    """Save ``wb`` and store formula results as Excel would (``<v>`` after ``<f>``).

    With ``reproducible`` the zip timestamps and document dates are fixed, so
    the same input gives the same bytes (committed sample data).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.xlsx"
        wb.save(raw)
        _patch_cached(raw, path, sheet_index, cached, reproducible=reproducible)
    return path


_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>/]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)</c>')


def _cached_xml(ref: str, attrs: str, formula: str, value: float | str) -> str:
    attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
    if isinstance(value, str):
        return f'<c r="{ref}"{attrs} t="str"><f>{formula}</f><v>{escape(value)}</v></c>'
    return f'<c r="{ref}"{attrs}><f>{formula}</f><v>{value!r}</v></c>'


_FIXED_TIME = (2020, 1, 1, 0, 0, 0)
_CORE_TIME = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _patch_cached(
    src: Path,
    dest: Path,
    sheet_index: int,
    cached: Mapping[str, float | str],
    *,
    reproducible: bool = False,
) -> None:
    """Copy ``src`` to ``dest`` adding cached formula results."""
    member = f"xl/worksheets/sheet{sheet_index + 1}.xml"

    def repl(m: re.Match[str]) -> str:
        ref, attrs, formula = m.group(1), m.group(2), m.group(3)
        if ref not in cached:
            return m.group(0)
        return _cached_xml(ref, attrs, formula, cached[ref])

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == member:
                data = _FORMULA_CELL.sub(repl, data.decode("utf-8")).encode("utf-8")
            if reproducible:
                if info.filename == "docProps/core.xml":
                    data = _CORE_TIME.sub(r"\g<1>2020-01-01T00:00:00Z\g<2>",
                                          data.decode("utf-8")).encode("utf-8")
                info = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
