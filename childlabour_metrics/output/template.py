"""Blank report forms: the single-unit workbook a level above sends out.

:func:`write_template` writes the single-unit form described in the report
form contract (``report-form.md``): a title, the metadata block (unit code,
unit name, reporting period, report date), a two-row header with
"Kết quả thực hiện" merged over "Tử số" and "Mẫu số", one section row per
objective and one row per indicator of a plan, a "Tỷ lệ (%)" formula, and a
signature block.  Count cells accept only whole numbers ≥ 0 (data
validation with a Vietnamese message); the sheet is protected so that only
the count cells, the remarks and the report date can be edited.

:func:`fill_template` puts counts and a report date into a form written by
:func:`write_template`, as a clerk would, and stores the "Tỷ lệ (%)"
results next to their formulas (as Excel does when it saves), so a filled
form reads back with its cached values like a real one.

This module only writes forms; it never reads reports (that is
:mod:`childlabour_metrics.io`) and it never runs or writes macros.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..language.errors import InputError, InputKeyError, InputTypeError, UnitRegistryError
from ..language.words import LANGS, WORDS, check_lang, word
from ..reference.indicators import indicators
from ..reference.periods import Period, fold_text, parse_period
from ..reference.plans import load_plan
from ..reference.scope import scope_codes
from ..reference.units import (
    load_units,
    match_unit_names,
    sample_units,
    unit_code_hint,
    units_valid_in,
)

if TYPE_CHECKING:
    from ..reference.plans import Plan

__all__ = ["fill_template", "period_label", "resolve_unit", "write_template"]

CountValue = int | str | None

# Column letters of the single-unit form; fill_template and the sample
# generator rely on them, and the reader must not (it finds columns by label).
_COL = {"stt": "A", "code": "B", "name": "C", "uom": "D", "num": "E", "den": "F",
        "rate": "G", "note": "H"}
_HEADER_ROW = 9  # first header row when nothing is inserted above the table

# The form's words, a view of the vocabulary (keys ``template_<key>``).
_TEXT = {
    lang: {key.removeprefix("template_"): word(key, lang)
           for key in WORDS if key.startswith("template_")}
    for lang in LANGS
}

_OBJECTIVES = {n: WORDS[f"objective_{n}"] for n in (1, 2, 3)}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}

# Unit of measure of the counts (what one numerator unit is).
_UOM = {k: WORDS[f"uom_{k}"] for k in ("child", "person", "establishment")}
_UOM_OF = {
    "CL01": "child", "CL02": "child", "CL03": "child", "CL04": "child", "CL07": "child",
    "CL05": "person", "CL06": "person", "CL09": "person", "CL10": "person", "CL11": "person",
    "CL08": "establishment", "CL12": "establishment", "CL13": "establishment",
}

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="center", wrap_text=True)
_UNLOCKED = Protection(locked=False)


def _lang(lang: str) -> str:
    return check_lang(lang)


def period_label(period: Period | str, lang: str = "vi") -> str:
    """Write a period the way the form shows it.

    Parameters
    ----------
    period : Period or str
        Any spelling :func:`~childlabour_metrics.reference.periods.parse_period` reads.
    lang : {"vi", "en"}
        Language of the label.

    Returns
    -------
    str

    Examples
    --------
    >>> period_label("2024H1"), period_label("2024H2"), period_label("2024")
    ('6 tháng đầu năm 2024', '6 tháng cuối năm 2024', 'Năm 2024')
    >>> period_label("2024H1", lang="en")
    'First half of 2024'
    """
    p = parse_period(period)
    return word(f"period_{p.kind}", _lang(lang), year=p.year)


def _catalogue() -> dict[str, dict[str, Any]]:
    """Indicator names and objectives by code, from the bundled catalogue."""

    frame = indicators()
    return {
        str(row["code"]): {
            "name_vi": str(row["name_vi"]),
            "name_en": str(row["name_en"]),
            "numerator_vi": str(row["numerator_vi"]),
            "numerator_en": str(row["numerator_en"]),
            "denominator_vi": str(row["denominator_vi"]),
            "denominator_en": str(row["denominator_en"]),
            "objective": int(row["objective"]),
        }
        for row in frame.to_dict("records")
    }


def _resolve_codes(plan: Plan | str | None, indicators: Iterable[str] | None) -> list[str]:
    catalogue = _catalogue()
    if indicators is not None:
        codes = list(dict.fromkeys(str(c) for c in indicators))
    elif plan is None:
        codes = list(catalogue)
    else:
        codes = list(plan.indicator_codes)  # type: ignore[union-attr]
    unknown = [c for c in codes if c not in catalogue]
    if unknown:
        raise InputError("err_input_unknown_indicator", code=unknown[0],
                         codes=", ".join(unknown), known=", ".join(catalogue))
    if not codes:
        raise InputError("err_input_no_indicators", field="indicators")
    # Order by objective, then code, so section rows group them.
    return sorted(codes, key=lambda c: (catalogue[c]["objective"], c))


def _load_plan(plan: Plan | str | None) -> Plan | None:
    if plan is None or not isinstance(plan, str):
        return plan
    return load_plan(plan)


def _unit_name_from_registry(unit_code: str) -> str | None:
    try:
        units = sample_units()
    except Exception:  # the registry is a convenience here, never a requirement
        return None
    match = units.loc[units["code"] == unit_code, "name"]
    return str(match.iloc[0]) if not match.empty else None


def _check_unit(unit_code: str, period: Period, units: Any, lang: str) -> str | None:
    """The unit's name in the registry; an error when the reader would reject the unit."""
    registry = load_units(units)
    where = str(units) if not isinstance(units, pd.DataFrame) else "<DataFrame>"
    if not (registry["code"] == unit_code).any():
        hint = unit_code_hint(registry, unit_code)
        raise UnitRegistryError(
            "err_units_unknown_unit_hint" if hint else "err_units_unknown_unit",
            file=where, field="unit_code", code=unit_code, hint=hint)
    valid = units_valid_in(registry, period)
    row = valid[valid["code"] == unit_code]
    if row.empty:
        raise UnitRegistryError("err_units_unit_not_valid", file=where, field="unit_code",
                                code=unit_code, period=str(period))
    name = row["name"].iloc[0]
    return None if pd.isna(name) else str(name)


def resolve_unit(typed: str, period: Period | str, units: Any, plan: Plan | str | None = None,
                 lang: str = "vi") -> str:
    """The registry code of a unit given by code or by name.

    A code of the registry is kept.  Otherwise ``typed`` is read as a name and
    matched, ignoring case, diacritics, spacing and the "Xã/Phường/Thị trấn"
    prefix (:func:`~childlabour_metrics.reference.units.match_unit_names`), among the
    units valid in ``period`` and, with a plan, in its scope.

    Parameters
    ----------
    typed : str
        A unit code or name, as the user typed it.
    period : Period or str
        The reporting period: codes and names are reused across 2025.
    units : DataFrame or path
        A unit registry.
    plan : Plan or str, optional
        Limits the names to the plan's scope.
    lang : {"vi", "en"}
        Kept for callers that pass it; the error carries its message's key and
        renders it in any language (``exc.message(lang)``).

    Returns
    -------
    str
        The unit code; ``typed`` itself when nothing matches, so that the
        registry check names it.

    Raises
    ------
    UnitRegistryError
        When the name matches two or more units: the message lists them.

    Examples
    --------
    >>> resolve_unit("xa cam thuong", "2024", sample_units())
    '10507'
    >>> resolve_unit("10507", "2024", sample_units())
    '10507'
    """
    registry = load_units(units)
    typed = _nfc(str(typed)).strip()
    if (registry["code"] == typed).any():
        return typed
    pool = units_valid_in(registry, parse_period(period))
    the_plan = _load_plan(plan)
    scope = None
    if the_plan is not None and the_plan.scope_level != "country":
        scope = scope_codes(pool, the_plan.scope_code)
    match = match_unit_names([typed], pool, scope=scope).iloc[0]
    if match["n_candidates"] == 1:
        return str(match["code"])
    if match["n_candidates"] > 1:
        where = str(units) if not isinstance(units, pd.DataFrame) else "<DataFrame>"
        raise UnitRegistryError("err_units_ambiguous", file=where, field="unit_code",
                                code=typed, name=typed, n=int(match["n_candidates"]),
                                candidates=match["candidates"])
    return typed


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class _Layout:
    """How a generated workbook departs from the plain form (sample data, tests).

    Real files drift from the form; the sample generator and the benchmark
    use these switches to produce the legitimate variants the reader must take.
    """

    sheet_title: str | None = None  # None: "Báo cáo" / "Report"
    notes_sheet: bool = False  # an extra sheet before the report sheet
    extra_rows: int = 0  # rows inserted between the metadata block and the table
    inline_meta: bool = False  # "Mã đơn vị: 30101" in one cell
    period_text: str | None = None  # the period as the clerk typed it
    protect: bool = True
    validation: bool = True


def _count_cell_value(value: CountValue) -> CountValue:
    if value is None or isinstance(value, str):
        return _nfc(value) if isinstance(value, str) else None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputTypeError("err_input_bad_count", value=repr(value))
    return value


def _rate(num: CountValue, den: CountValue) -> float | str:
    """The value Excel caches for the rate formula ('' when it shows nothing)."""
    if isinstance(num, int) and isinstance(den, int) and den > 0:
        return num / den * 100
    return ""


def _rate_formula(row: int) -> str:
    e, f = f"{_COL['num']}{row}", f"{_COL['den']}{row}"
    # Blank is missing, not zero: show nothing unless both counts are numbers.
    return f'=IF(AND(ISNUMBER({e}),ISNUMBER({f}),{f}>0),{e}/{f}*100,"")'


def _style_box(ws: Any, ref_range: str, *, fill: PatternFill | None = None) -> None:
    for row in ws[ref_range]:
        for cell in row:
            cell.border = _BOX
            if fill is not None:
                cell.fill = fill


def _write_meta(
    ws: Any, row: int, label: str, value: Any, *, inline: bool, number_format: str | None = None
) -> Any:
    """Write one metadata line; return the cell holding (or to hold) the value."""
    label_cell = ws.cell(row=row, column=2)
    if inline and value is not None and not isinstance(value, dt.date):
        label_cell.value = f"{label} {value}"
        label_cell.number_format = "@"
        return label_cell
    if inline and isinstance(value, dt.date):
        label_cell.value = f"{label} {value.day:02d}/{value.month:02d}/{value.year}"
        return label_cell
    label_cell.value = label
    label_cell.font = _BOLD
    value_cell = ws.cell(row=row, column=3)
    value_cell.value = value
    if number_format is not None:
        value_cell.number_format = number_format
    return value_cell


def _build_single(
    unit_code: str,
    period: Period,
    codes: Sequence[str],
    *,
    unit_name: str | None,
    lang: str,
    plan_name: str | None = None,
    values: Mapping[str, tuple[CountValue, CountValue]] | None = None,
    report_date: dt.date | str | None = None,
    layout: _Layout | None = None,
) -> tuple[Workbook, int, dict[str, float | str]]:
    """Build the single-unit form; return (workbook, report sheet index, cached rates)."""
    layout = layout or _Layout()
    t = _TEXT[lang]
    catalogue = _catalogue()
    values = values or {}
    wb = Workbook()
    ws = wb.active
    sheet_index = 0
    if layout.notes_sheet:
        notes = ws
        notes.title = "Ghi chú" if lang == "vi" else "Notes"
        notes["A1"] = "Ghi chú của cán bộ lập biểu" if lang == "vi" else "Preparer's notes"
        notes["A2"] = (
            "Số liệu lấy từ sổ theo dõi trẻ em của địa phương, cập nhật đến cuối kỳ."
            if lang == "vi"
            else "Figures are taken from the local child register at the end of the period."
        )
        notes.column_dimensions["A"].width = 80
        ws = wb.create_sheet()
        sheet_index = 1
    ws.title = layout.sheet_title or t["sheet"]

    widths = {"A": 6, "B": 14, "C": 58, "D": 12, "E": 12, "F": 12, "G": 11, "H": 20}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width

    ws["A1"] = t["title"]
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = _CENTER
    ws.merge_cells("A1:H1")
    ws.row_dimensions[1].height = 33
    if plan_name:
        ws["A2"] = t["plan"].format(plan=plan_name)
        ws["A2"].font = Font(italic=True)
        ws["A2"].alignment = _CENTER
        ws.merge_cells("A2:H2")

    code_cell = _write_meta(ws, 4, t["unit_code"], str(unit_code), inline=layout.inline_meta,
                            number_format="@")
    code_cell.number_format = "@"  # keep leading zeros: "00412" is not 412
    name_cell = _write_meta(ws, 5, t["unit_name"], unit_name, inline=layout.inline_meta)
    if unit_name is None:
        name_cell.protection = _UNLOCKED
        name_cell.fill = _INPUT_FILL
    _write_meta(ws, 6, t["period"], layout.period_text or period_label(period, lang),
                inline=layout.inline_meta)
    date_value: Any = report_date
    if isinstance(report_date, dt.datetime):
        date_value = report_date.date()
    date_cell = _write_meta(ws, 7, t["date"], date_value,
                            inline=layout.inline_meta and report_date is not None,
                            number_format="@" if isinstance(date_value, str) else "dd/mm/yyyy")
    date_cell.protection = _UNLOCKED
    if not layout.inline_meta:
        date_cell.fill = _INPUT_FILL
        date_cell.alignment = Alignment(horizontal="left")

    for i in range(layout.extra_rows):
        # Clerks add lines like these above the table; the reader must look past them.
        ws.cell(row=8 + i, column=2).value = (
            "(Số liệu do cán bộ văn hóa - xã hội tổng hợp)" if i == 0 else "Đơn vị: người, cơ sở"
        ) if lang == "vi" else ("(Figures compiled by the social affairs officer)" if i == 0
                                else "In persons or establishments")
    h1 = _HEADER_ROW + layout.extra_rows
    h2 = h1 + 1
    heads = {"stt": t["stt"], "code": t["code"], "name": t["name"], "uom": t["uom"],
             "rate": t["rate"], "note": t["note"]}
    for key, label in heads.items():
        col = _COL[key]
        ws[f"{col}{h1}"] = label
        ws.merge_cells(f"{col}{h1}:{col}{h2}")
    ws[f"{_COL['num']}{h1}"] = t["result"]
    ws.merge_cells(f"{_COL['num']}{h1}:{_COL['den']}{h1}")
    ws[f"{_COL['num']}{h2}"] = t["num"]
    ws[f"{_COL['den']}{h2}"] = t["den"]
    for row in ws[f"A{h1}:H{h2}"]:
        for cell in row:
            cell.font = _BOLD
            cell.alignment = _CENTER
    _style_box(ws, f"A{h1}:H{h2}", fill=_HEAD_FILL)

    cached: dict[str, float | str] = {}
    row = h2 + 1
    objective = None
    serial = 0
    for code in codes:
        info = catalogue[code]
        if info["objective"] != objective:
            objective = info["objective"]
            ws[f"A{row}"] = _ROMAN.get(objective, str(objective))
            ws[f"C{row}"] = _OBJECTIVES[objective][0 if lang == "vi" else 1]
            for col in "AC":
                ws[f"{col}{row}"].font = _BOLD
            _style_box(ws, f"A{row}:H{row}")
            row += 1
            serial = 0
        serial += 1
        num, den = values.get(code, (None, None))
        num, den = _count_cell_value(num), _count_cell_value(den)
        ws[f"A{row}"] = serial
        ws[f"A{row}"].alignment = _CENTER
        ws[f"B{row}"] = code
        ws[f"B{row}"].alignment = _CENTER
        ws[f"C{row}"] = info[f"name_{lang}"]
        ws[f"C{row}"].alignment = _WRAP
        uom = _UOM[_UOM_OF.get(code, "person")]
        ws[f"D{row}"] = uom[0 if lang == "vi" else 1]
        ws[f"D{row}"].alignment = _CENTER
        for key, value, what in (("num", num, "numerator"), ("den", den, "denominator")):
            cell = ws[f"{_COL[key]}{row}"]
            cell.value = value
            cell.protection = _UNLOCKED
            cell.fill = _INPUT_FILL
            cell.number_format = "@" if isinstance(value, str) else "#,##0"
            if layout.validation:
                # One validation per cell so the input prompt can say what to count.
                dv = DataValidation(
                    type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                    showErrorMessage=True, errorStyle="stop", errorTitle=t["error_title"],
                    error=t["error"], showInputMessage=True,
                    promptTitle=t[f"prompt_{what[:3]}"][:32],
                    prompt=info[f"{what}_{lang}"][:250],
                )
                ws.add_data_validation(dv)
                dv.add(cell.coordinate)
        rate_ref = f"{_COL['rate']}{row}"
        ws[rate_ref] = _rate_formula(row)
        ws[rate_ref].number_format = "0.00"
        cached[rate_ref] = _rate(num, den)
        ws[f"{_COL['note']}{row}"].protection = _UNLOCKED
        _style_box(ws, f"A{row}:H{row}")
        row += 1

    # A blank row ends the table before the signature block.
    sign = row + 1
    ws[f"C{sign}"] = t["preparer"]
    ws[f"F{sign}"] = t["head"]
    ws[f"C{sign + 1}"] = t["preparer_sign"]
    ws[f"F{sign + 1}"] = t["head_sign"]
    for ref in (f"C{sign}", f"F{sign}"):
        ws[ref].font = _BOLD
        ws[ref].alignment = Alignment(horizontal="center")
    for ref in (f"C{sign + 1}", f"F{sign + 1}"):
        ws[ref].font = Font(italic=True)
        ws[ref].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"F{sign}:H{sign}")
    ws.merge_cells(f"F{sign + 1}:H{sign + 1}")

    if layout.validation and not layout.inline_meta:
        date_dv = DataValidation(
            type="date", operator="greaterThan", formula1="36526", allow_blank=True,
            showErrorMessage=True, errorTitle=t["error_title"], error=t["date_error"],
        )
        ws.add_data_validation(date_dv)
        date_dv.add(date_cell.coordinate)
    if layout.protect:
        # No password: the lock keeps the structure from being changed by
        # accident; it is not a security measure.
        ws.protection.sheet = True
        ws.protection.formatCells = False
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    ws.freeze_panes = f"A{h2 + 1}"
    wb.active = sheet_index
    return wb, sheet_index, cached


def _save_with_cache(
    wb: Workbook,
    path: Path,
    sheet_index: int,
    cached: Mapping[str, float | str],
    *,
    reproducible: bool = False,
) -> Path:
    """Save ``wb`` and store formula results as Excel would (``<v>`` after ``<f>``).

    openpyxl writes formulas without a cached result; a reader then sees an
    empty cell.  Excel and LibreOffice store the last computed value, and that
    is what real reports carry.
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
    """Copy ``src`` to ``dest`` adding cached formula results.

    With ``reproducible`` the zip timestamps and document dates are fixed, so
    the same input gives the same bytes (committed sample data).
    """
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


def write_template(
    path: str | Path,
    unit_code: str,
    period: Period | str,
    plan: Plan | str | None = None,
    *,
    unit_name: str | None = None,
    lang: str = "vi",
    indicators: Iterable[str] | None = None,
    units: Any = None,
) -> Path:
    """Write the blank single-unit report form for one unit and period.

    Parameters
    ----------
    path : str or Path
        Where to write the ``.xlsx`` file (folders are created).
    unit_code : str
        The unit's code, written as text so leading zeros stay (``"00412"``).
        With ``units``, a unit name is accepted too (:func:`resolve_unit`).
    period : Period or str
        The reporting period, e.g. ``"2024H1"`` or ``"2024"``; shown as
        "6 tháng đầu năm 2024" / "Năm 2024".
    plan : Plan or str, optional
        A plan or a bundled plan id; the form lists the plan's indicators.
        Without a plan (and without ``indicators``) it lists CL01–CL13.
    unit_name : str, optional
        The unit's name; looked up in the sample registry when omitted, and
        left as an editable blank when not found there.
    lang : {"vi", "en"}
        Language of the labels.
    indicators : iterable of str, optional
        Indicator codes to list instead of the plan's (e.g. without CL09 for
        a commune).
    units : DataFrame or path, optional
        A unit registry (:func:`~childlabour_metrics.reference.units.load_units`): the
        unit must be in it and exist in the period, so that the reader will
        accept the form; its name comes from there.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    UnitRegistryError
        With ``units``: for a unit the registry lacks (the message hints the
        code meant, e.g. "00001" for "1"), one that did not exist in the
        period, or a name that matches several units (they are listed).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "00412_2024H1.xlsx"
    >>> p = write_template(out, "00412", "2024H1", unit_name="Xã A")
    >>> ws = load_workbook(p).active
    >>> ws["B4"].value, ws["C4"].value, ws["C6"].value
    ('Mã đơn vị:', '00412', '6 tháng đầu năm 2024')
    >>> ws["A11"].value, ws["B12"].value, ws["E10"].value, ws["F10"].value
    ('I', 'CL01', 'Tử số', 'Mẫu số')
    >>> ws.protection.sheet, ws["E12"].protection.locked, ws["C4"].number_format
    (True, False, '@')
    """
    lang = _lang(lang)
    unit_code = _nfc(str(unit_code)).strip()
    if not unit_code:
        raise InputError("err_input_empty_unit_code", field="unit_code")
    the_plan = _load_plan(plan)
    codes = _resolve_codes(the_plan, indicators)
    if units is not None:
        unit_code = resolve_unit(unit_code, period, units, the_plan, lang)
        name = _check_unit(unit_code, parse_period(period), units, lang)
        unit_name = unit_name or name
    if unit_name is None:
        unit_name = _unit_name_from_registry(unit_code)
    plan_name = None
    if the_plan is not None:
        plan_name = getattr(the_plan, "name_en" if lang == "en" else "name_vi", None)
    wb, index, cached = _build_single(
        unit_code, parse_period(period), codes, unit_name=unit_name and _nfc(unit_name),
        lang=lang, plan_name=plan_name,
    )
    return _save_with_cache(wb, Path(path), index, cached)


def _find_form(ws: Any) -> tuple[int, int, int, dict[str, int]]:
    """Locate code/numerator/denominator/rate columns and the report date cell row."""

    code_labels = {"ma chi tieu", "code"}
    num_labels = {"tu so", "numerator"}
    den_labels = {"mau so", "denominator"}
    date_labels = {"ngay bao cao", "report date"}
    code_col = num_col = den_col = rate_col = header_row = date_row = None
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60)):
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            folded = fold_text(cell.value).rstrip(":").strip()
            if folded in code_labels and code_col is None:
                code_col, header_row = cell.column, cell.row
            elif folded in num_labels:
                num_col = cell.column
            elif folded in den_labels:
                den_col = cell.column
            elif folded in {"ty le (%)", "ty le", "ty le %", "rate (%)", "rate"}:
                rate_col = cell.column
            elif folded in date_labels and date_row is None:
                date_row = cell.row
    if code_col is None or num_col is None or den_col is None or header_row is None:
        raise InputError("err_input_not_a_form", sheet=repr(ws.title))
    rows = {}
    for r in range(header_row + 1, ws.max_row + 1):
        value = ws.cell(row=r, column=code_col).value
        if isinstance(value, str) and value.strip():
            rows[value.strip()] = r
    return num_col, den_col, rate_col or 0, {"__date__": date_row or 0, **rows}


def fill_template(
    path: str | Path,
    counts: Mapping[str, tuple[CountValue, CountValue]],
    report_date: dt.date | str | None = None,
    *,
    dest: str | Path | None = None,
) -> Path:
    """Fill a form written by :func:`write_template`, as a clerk would.

    Parameters
    ----------
    path : str or Path
        The form to fill.
    counts : mapping of str to (numerator, denominator)
        Per indicator code; each count an ``int``, ``None`` (left blank) or a
        ``str`` (typed as text, e.g. ``"1.234"``).
    report_date : date or str, optional
        Written into the report date cell (a ``str`` is typed as text).
    dest : str or Path, optional
        Where to save; defaults to overwriting ``path``.

    Returns
    -------
    Path
        The filled file.  The "Tỷ lệ (%)" formulas carry cached results.

    Raises
    ------
    KeyError
        For an indicator code that is not on the form.

    Examples
    --------
    >>> import datetime, tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "f.xlsx"
    >>> _ = write_template(out, "30101", "2024", indicators=["CL01", "CL02"])
    >>> _ = fill_template(out, {"CL01": (50, 2000)}, datetime.date(2024, 12, 10))
    >>> ws = load_workbook(out).active
    >>> ws["E12"].value, ws["F12"].value, ws["C7"].value.date()
    (50, 2000, datetime.date(2024, 12, 10))
    """
    path = Path(path)
    wb = load_workbook(path)
    ws = None
    for index, candidate in enumerate(wb.worksheets):
        try:
            num_col, den_col, rate_col, rows = _find_form(candidate)
        except ValueError:
            continue
        ws, sheet_index = candidate, index
        break
    if ws is None:
        raise InputError("err_input_no_form", file=path)
    unknown = [code for code in counts if code not in rows]
    if unknown:
        raise InputKeyError("err_input_not_on_form", file=path, code=unknown[0],
                            codes=", ".join(unknown))
    cached: dict[str, float | str] = {}
    for code, row in rows.items():
        if code == "__date__":
            continue
        if code in counts:
            num, den = (_count_cell_value(v) for v in counts[code])
            for col, value in ((num_col, num), (den_col, den)):
                cell = ws.cell(row=row, column=col)
                cell.value = value
                cell.number_format = "@" if isinstance(value, str) else "#,##0"
        else:
            num = ws.cell(row=row, column=num_col).value
            den = ws.cell(row=row, column=den_col).value
        if rate_col:
            cached[ws.cell(row=row, column=rate_col).coordinate] = _rate(num, den)
    if report_date is not None and rows["__date__"]:
        cell = ws.cell(row=rows["__date__"], column=3)
        cell.value = report_date.date() if isinstance(report_date, dt.datetime) else report_date
        if isinstance(report_date, str):
            cell.number_format = "@"
    out = Path(dest) if dest is not None else path
    with tempfile.TemporaryDirectory() as tmp:
        tmp_out = Path(tmp) / "filled.xlsx"
        _save_with_cache(wb, tmp_out, sheet_index, cached)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_out, out)
    return out


def _build_consolidated(
    rows: Sequence[tuple[str, str, Mapping[str, tuple[int | None, int | None]]]],
    period: Period,
    codes: Sequence[str],
    *,
    sender_name: str,
    report_date: dt.date | None,
    lang: str = "vi",
    sheet_title: str = "Tổng hợp",
) -> Workbook:
    """Build the consolidated form: one row per unit, two columns per indicator.

    The header has two rows: the indicator code merged over its "Tử số" and
    "Mẫu số" columns.  A "Tổng cộng" row (no unit code) closes the table.
    Private: the sample generator uses it; clerks get it from the level above.
    """
    t = _TEXT[lang]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    last_col = 3 + 2 * len(codes)
    last = get_column_letter(last_col)
    ws["A1"] = (
        "TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU PHÒNG NGỪA, GIẢM THIỂU LAO ĐỘNG TRẺ EM"
        if lang == "vi"
        else "CONSOLIDATED CHILD LABOUR INDICATORS"
    )
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells(f"A1:{last}1")
    ws["B3"], ws["C3"] = t["sender"], sender_name
    ws["B4"], ws["C4"] = t["period"], period_label(period, lang)
    ws["B5"], ws["C5"] = t["date"], report_date
    ws["C5"].number_format = "dd/mm/yyyy"
    ws["C5"].alignment = Alignment(horizontal="left")
    for ref in ("B3", "B4", "B5"):
        ws[ref].font = _BOLD
    h1, h2 = 7, 8
    for col, label in ((1, t["stt"]), (2, t["unit_col"]), (3, t["unit_name_col"])):
        ws.cell(row=h1, column=col, value=label)
        ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
    for i, code in enumerate(codes):
        col = 4 + 2 * i
        ws.cell(row=h1, column=col, value=code)
        ws.merge_cells(start_row=h1, start_column=col, end_row=h1, end_column=col + 1)
        ws.cell(row=h2, column=col, value=t["num"])
        ws.cell(row=h2, column=col + 1, value=t["den"])
    for row in ws[f"A{h1}:{last}{h2}"]:
        for cell in row:
            cell.font = _BOLD
            cell.alignment = _CENTER
    _style_box(ws, f"A{h1}:{last}{h2}", fill=_HEAD_FILL)
    r = h2 + 1
    totals: dict[int, int] = {}
    for serial, (code, name, counts) in enumerate(rows, start=1):
        ws.cell(row=r, column=1, value=serial)
        ws.cell(row=r, column=2, value=code).number_format = "@"
        ws.cell(row=r, column=3, value=name)
        for i, ind in enumerate(codes):
            for j, value in enumerate(counts.get(ind, (None, None))):
                col = 4 + 2 * i + j
                ws.cell(row=r, column=col, value=value).number_format = "#,##0"
                if value is not None:
                    totals[col] = totals.get(col, 0) + int(value)
        _style_box(ws, f"A{r}:{last}{r}")
        r += 1
    ws.cell(row=r, column=3, value=t["total"]).font = _BOLD
    for col, total in totals.items():
        cell = ws.cell(row=r, column=col, value=total)
        cell.number_format = "#,##0"
        cell.font = _BOLD
    _style_box(ws, f"A{r}:{last}{r}")
    sign = r + 2
    ws.cell(row=sign, column=3, value=t["preparer"]).font = _BOLD
    ws.cell(row=sign, column=max(6, last_col - 4), value=t["head"]).font = _BOLD
    ws.column_dimensions["B"].width = 11
    ws.column_dimensions["C"].width = 24
    ws.freeze_panes = f"D{h2 + 1}"
    return wb
