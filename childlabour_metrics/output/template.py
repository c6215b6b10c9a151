"""Blank report forms: the single-unit workbook a level above sends out.

:func:`write_template` writes the single-unit form described in the report
form contract (``report-form.md``): a title, the metadata block (unit code,
unit name, reporting period, report date), a two-row header with
"Kết quả thực hiện" merged over "Tử số" and "Mẫu số", one section row per
objective and one row per indicator of a plan, a "Tỷ lệ (%)" formula, and a
signature block.  Count cells accept only whole numbers ≥ 0 (data
validation with a Vietnamese message); the sheet is protected so that only
the count cells, the remarks and the report date can be edited.

The unit is resolved through a unit registry before anything is written: the
one given, else the official registry of the units that existed in the
form's period (:mod:`._template_units` says why that one).  A code or name
of no unit is an error; a name matched loosely writes the registry's code and
name and says what it matched (:class:`~childlabour_metrics.language.errors.UnitMatchWarning`).

:func:`fill_template` puts counts and a report date into a form written by
:func:`write_template`, as a clerk would, and stores the "Tỷ lệ (%)"
results next to their formulas (as Excel does when it saves), so a filled
form reads back with its cached values like a real one.

The form is written by parts (:mod:`._template_sheet`: title, unit and
period, table header, indicator rows, signatures, lock; the consolidated form
in :mod:`._template_consolidated`), styled by :mod:`._template_style`, saved
by :mod:`._template_save`; every word is the vocabulary's (``template_*``).
This module holds the public doors.  It only writes forms; it never reads
reports (that is :mod:`childlabour_metrics.io`) and it never runs or writes
macros.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import load_workbook

from ..language.errors import InputError, InputKeyError, UnitMatchWarning
from ..language.words import check_lang
from ..reference.periods import Period, fold_text, parse_period
from ..reference.plans import load_plan
from ._template_consolidated import build_consolidated as _build_consolidated
from ._template_save import save_with_cache as _save_with_cache
from ._template_sheet import CountValue, catalogue, count_cell_value, period_label, rate
from ._template_sheet import Layout as _Layout
from ._template_sheet import build_single as _build_single
from ._template_units import checked_name, resolve

if TYPE_CHECKING:
    from ..reference.plans import Plan

__all__ = ["fill_template", "period_label", "resolve_unit", "write_template"]

# The builders the sample generators (scripts/make_sample*.py) and the ingest
# benchmark call, under the names they import.
_PRIVATE_BUILDERS = (_Layout, _build_consolidated, _build_single, _save_with_cache)


def _resolve_codes(plan: Plan | None, indicators: Iterable[str] | None) -> list[str]:
    known = catalogue()
    if indicators is not None:
        codes = list(dict.fromkeys(str(c) for c in indicators))
    elif plan is None:
        codes = list(known)
    else:
        codes = list(plan.indicator_codes)
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise InputError("err_input_unknown_indicator", code=unknown[0],
                         codes=", ".join(unknown), known=", ".join(known))
    if not codes:
        raise InputError("err_input_no_indicators", field="indicators")
    # Order by objective, then code, so section rows group them.
    return sorted(codes, key=lambda c: (known[c]["objective"], c))


def _load_plan(plan: Plan | str | None) -> Plan | None:
    if plan is None or not isinstance(plan, str):
        return plan
    return load_plan(plan)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def resolve_unit(typed: str, period: Period | str, units: Any = None,
                 plan: Plan | str | None = None, lang: str = "vi") -> str:
    """The registry code of a unit given by code or by name.

    A code of the registry is kept (it must exist in ``period``).  Otherwise
    ``typed`` is read as a name and matched, ignoring case, diacritics,
    spacing and the "Xã/Phường/Thị trấn" prefix
    (:func:`~childlabour_metrics.reference.units.match_unit_names`), among the
    units valid in ``period`` and, with a plan, in its scope.  A name the
    registry spells otherwise ("Xã Cẩm Thượng" for "Phường Cẩm Thượng")
    warns with what it matched (:class:`~childlabour_metrics.language.errors.UnitMatchWarning`).

    Parameters
    ----------
    typed : str
        A unit code or name, as the user typed it.
    period : Period or str
        The reporting period: codes and names are reused across 2025.
    units : DataFrame or path, optional
        A unit registry; by default the official one
        (:func:`~childlabour_metrics.reference.official.official_units`).
    plan : Plan or str, optional
        Limits the names to the plan's scope.
    lang : {"vi", "en"}
        Language of the warning (errors render in either: ``exc.message(lang)``).

    Returns
    -------
    str
        The unit code.

    Raises
    ------
    UnknownUnitError
        A code or name of no unit of the period (an ``InputError``, and a
        ``UnitRegistryError`` as before): the message says what to do; a name
        of several units lists them.

    Examples
    --------
    >>> from childlabour_metrics.reference.units import sample_units
    >>> resolve_unit("Phường Cẩm Thượng", "2024", sample_units())
    '10507'
    >>> resolve_unit("10507", "2024")
    '10507'
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     resolve_unit("Xã Cẩm Thượng", "2024", lang="en")
    '10507'
    >>> str(caught[0].message).split(":")[0]
    '"Xã Cẩm Thượng" → Phường Cẩm Thượng (10507)'
    """
    lang = check_lang(lang)
    unit = resolve(_nfc(str(typed)), parse_period(period), units, _load_plan(plan), lang)
    _warn_if_loose(unit, lang)
    return unit.code


def _warn_if_loose(unit: Any, lang: str) -> None:
    if unit.loose:
        warnings.warn(UnitMatchWarning("template_unit_matched", lang=lang, typed=unit.typed,
                                       code=unit.code, name=unit.name, file=unit.registry),
                      stacklevel=3)


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
        The unit's code, or its name: resolved through the registry
        (:func:`resolve_unit`).  The registry's code is written, as text so
        that leading zeros stay (``"00412"``), and its name beside it.
    period : Period or str
        The reporting period, e.g. ``"2024H1"`` or ``"2024"``; shown as
        "6 tháng đầu năm 2024" / "Năm 2024".
    plan : Plan or str, optional
        A plan or a bundled plan id; the form lists the plan's indicators.
        Without a plan (and without ``indicators``) it lists CL01–CL13.
    unit_name : str, optional
        Not needed: the name is the registry's.  When given, it must name the
        same unit (compared as the reader compares names); the registry's
        spelling is written.  It is written as given only for a registry row
        without a name.
    lang : {"vi", "en"}
        Language of the labels (and of a warning).
    indicators : iterable of str, optional
        Indicator codes to list instead of the plan's (e.g. without CL09 for
        a commune).
    units : DataFrame or path, optional
        A unit registry (:func:`~childlabour_metrics.reference.units.load_units`).
        By default the official registry
        (:func:`~childlabour_metrics.reference.official.official_units`), of the
        units that existed in ``period``: the real one, with every commune of
        both maps of 2025 (the sample registry knows only the sample's
        units).  A department, or any unit of one's own, needs one's own
        registry.  Either way the unit must be in it and exist in the period,
        so that the reader will accept the form.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    UnknownUnitError
        An ``InputError`` (and a ``UnitRegistryError``): a unit the registry
        lacks (the message hints the code meant, e.g. "00001" for "1"), one
        that did not exist in the period, a name of no unit, or a name that
        matches several units (they are listed).  Nothing is written.
    InputError
        A ``unit_name`` of another unit than the code's.

    Warns
    -----
    UnitMatchWarning
        A name that matched a unit only loosely, e.g. "Xã Cẩm Thượng" →
        "Phường Cẩm Thượng (10507)": check that it is the unit meant.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "00412_2024H1.xlsx"
    >>> p = write_template(out, "00412", "2024H1")
    >>> ws = load_workbook(p).active
    >>> ws["B4"].value, ws["C4"].value, ws["C5"].value, ws["C6"].value
    ('Mã đơn vị:', '00412', 'Xã Hiền Ninh', '6 tháng đầu năm 2024')
    >>> ws["A11"].value, ws["B12"].value, ws["E10"].value, ws["F10"].value
    ('I', 'CL01', 'Tử số', 'Mẫu số')
    >>> ws.protection.sheet, ws["E12"].protection.locked, ws["C4"].number_format
    (True, False, '@')
    """
    lang = check_lang(lang)
    the_period = parse_period(period)
    the_plan = _load_plan(plan)
    codes = _resolve_codes(the_plan, indicators)
    unit = resolve(_nfc(str(unit_code)), the_period, units, the_plan, lang)
    name = checked_name(unit, None if unit_name is None else _nfc(unit_name))
    _warn_if_loose(unit, lang)
    plan_name = None if the_plan is None else the_plan.name(lang)
    wb, index, cached = _build_single(unit.code, the_period, codes, unit_name=name, lang=lang,
                                      plan_name=plan_name)
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
    >>> _ = write_template(out, "10507", "2024", indicators=["CL01", "CL02"])
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
        num: Any  # a count written now, or whatever the form's cell holds
        den: Any
        if code in counts:
            num, den = (count_cell_value(v) for v in counts[code])
            for col, value in ((num_col, num), (den_col, den)):
                cell = ws.cell(row=row, column=col)
                cell.value = value
                cell.number_format = "@" if isinstance(value, str) else "#,##0"
        else:
            num = ws.cell(row=row, column=num_col).value
            den = ws.cell(row=row, column=den_col).value
        if rate_col:
            cached[ws.cell(row=row, column=rate_col).coordinate] = rate(num, den)
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


