"""Finding the metadata block, the header and the indicator table on a sheet.

The forms drift: rows are inserted, sheets renamed, headers merged over two
rows, signature blocks added.  This module locates everything by its label
(folded with :func:`childlabour_metrics.reference.periods.fold_text`, so case, accents
and spacing do not matter) on a sheet given as a list of rows, for both the
single-unit form and the consolidated form.  It produces raw rows and
the problems found while reading cells; it never decides what a value means
for the programme (that is :mod:`._rules`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..reference.periods import PeriodError, fold_text, parse_period
from ._assign import FormRow, assign, read_label, shapes
from ._labels import SHOWN_SCORE, LabelMatch
from ._taught import Taught
from ._text import cell_ref, is_blank, parse_count, parse_date, parse_rate, text_of, unit_code_text

__all__ = ["Header", "SheetRead", "find_header", "provenance_parts", "read_sheet"]

_CODE_LABELS = frozenset(
    {"ma chi tieu", "ma so", "ma", "code", "indicator code", "ma chi so", "ma ct"}
)
#: Header words of the column naming each row ("Chỉ tiêu", "Nội dung", "Tên chỉ tiêu").
_LABEL_LABELS = ("chi tieu", "noi dung", "ten chi tieu", "noi dung chi tieu", "ten chi so",
                 "chi so", "indicator", "indicator name")
_NUM_LABELS = ("tu so", "so dat", "numerator")
_DEN_LABELS = ("mau so", "tong so", "denominator")
_RATE_LABELS = ("ty le", "rate", "%")
#: Header words of the unit-of-measure column ("Đơn vị tính", "ĐVT").
_MEASURE_LABELS = ("don vi tinh", "dvt", "unit of measure")
_UNIT_CODE_LABELS = ("ma don vi", "unit code", "ma dv", "ma xa", "ma huyen", "ma tinh")
_UNIT_NAME_LABELS = ("ten don vi", "don vi bao cao", "unit name", "don vi")
_META_LABELS: dict[str, tuple[str, ...]] = {
    "unit_code": ("ma don vi", "unit code"),
    "unit_name": ("ten don vi", "don vi bao cao", "unit name"),
    "period": ("ky bao cao", "reporting period"),
    "report_date": ("ngay bao cao", "report date"),
}
_SIGNATURE = ("nguoi lap bieu", "thu truong don vi", "chu tich", "nguoi lap", "ke toan truong",
              "ky ten", "giam doc", "xac nhan cua", "prepared by", "head of unit",
              "approved by")
# A total row is recognised by a whole label, never by a prefix: "Xã Cộng Hòa" is a commune.
_TOTAL = frozenset({"tong cong", "cong", "toan tinh", "toan huyen", "toan xa", "tong", "tong so",
                    "total", "grand total"})
#: Blank rows in a row that end a table (one or two are section separators).
BLANK_RUN = 3
_INDICATOR = re.compile(r"cl\s*[-_.]?\s*0*(\d{1,2})")
# A code inside a label ("Tỷ lệ lao động trẻ em (CL01)", "CL01. Tỷ lệ…"), folded.
_CODE_IN_LABEL = re.compile(r"(?<![a-z0-9])cl\s*[-_.]?\s*0*(\d{1,2})(?![0-9])")
_FLAT = re.compile(r"(cl\s*[-_.]?\s*\d{1,2})\s*[-_ ]*\s*(tu[ _]so|numerator|mau[ _]so|denominator)")
_COLUMN_NUMBER = re.compile(r"\(?[0-9a-z]{1,2}\)?(=\(?\d+\)?[/x*]\(?\d+\)?)?")


@lru_cache(maxsize=65_536)
def _fold_str(text: str) -> str:
    return fold_text(text).strip(" :.*")


def _fold(value: Any) -> str:
    # Forms repeat the same labels in every file: folding is cached per process.
    if not isinstance(value, str) or not value:
        return ""
    return _fold_str(value)


@lru_cache(maxsize=65_536)
def _is_label(folded: str, labels: tuple[str, ...]) -> bool:
    """A header cell is a label if it is one, or one followed by a unit: "tu so (nguoi)"."""
    for label in labels:
        if folded == label or folded.startswith((label + " (", label + "(", label + " -")):
            return True
    return False


def indicator_code(value: Any) -> tuple[str | None, str]:
    """The indicator code of a code cell ("CL01", "cl1", "CL-01"), or None, and its text.

    Examples
    --------
    >>> indicator_code("cl 1"), indicator_code("X9")
    (('CL01', 'cl 1'), (None, 'X9'))
    """
    text = text_of(value)
    return _code_of_text(text), text


@lru_cache(maxsize=65_536)
def _code_of_text(text: str) -> str | None:
    m = _INDICATOR.fullmatch(_fold(text))
    return f"CL{int(m.group(1)):02d}" if m else None


@dataclass
class Header:
    """Where the table's header is and which column holds what."""

    form: str  # "single" | "consolidated"
    first_row: int
    last_row: int
    code_col: int | None = None
    num_col: int | None = None
    den_col: int | None = None
    rate_col: int | None = None
    unit_code_col: int | None = None
    unit_name_col: int | None = None
    #: consolidated: indicator text as written -> (numerator col, denominator col)
    pairs: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    #: single: the column naming each row; without a code column, rows are read by it
    label_col: int | None = None
    #: consolidated: the groups named by a label rather than a code: indicator text as
    #: written -> (its header column, the code, or None if unclear, and the label match)
    pair_labels: dict[str, tuple[int, str | None, LabelMatch | None]] = field(
        default_factory=dict)
    #: single: the unit-of-measure column ("Đơn vị tính"), evidence for rows read by label
    measure_col: int | None = None


@dataclass
class SheetRead:
    """What one sheet gave: metadata, raw indicator rows, problems and the table's rows."""

    header: Header
    meta: dict[str, Any]
    meta_cells: dict[str, str]
    rows: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    table_rows: tuple[int, int]


def _find_cols(row: list[Any], labels: tuple[str, ...]) -> list[int]:
    # Empty and non-text cells fold to "" and are never a label: skip them cheaply.
    return [c for c, v in enumerate(row)
            if isinstance(v, str) and v and _is_label(_fold_str(v), labels)]


def _single_header(rows: list[list[Any]], r: int) -> Header | None:
    code_cols = [c for c, v in enumerate(rows[r]) if _fold(v) in _CODE_LABELS]
    label_cols = [c for c in _find_cols(rows[r], _LABEL_LABELS) if c not in code_cols]
    if not code_cols and not label_cols:
        return None
    below = rows[r + 1] if r + 1 < len(rows) else []
    for lines, last in (((rows[r],), r), ((rows[r], below), r + 1)):
        num = [c for line in lines for c in _find_cols(line, _NUM_LABELS)]
        den = [c for line in lines for c in _find_cols(line, _DEN_LABELS)]
        if num and den:
            rate = [c for line in lines for c in _find_cols(line, _RATE_LABELS)]
            measure = [c for line in lines for c in _find_cols(line, _MEASURE_LABELS)]
            return Header(
                "single", r, last, code_col=code_cols[0] if code_cols else None,
                num_col=num[0], den_col=den[0], rate_col=rate[0] if rate else None,
                label_col=label_cols[0] if label_cols else None,
                measure_col=measure[0] if measure else None,
            )
    return None


def _consolidated_header(rows: list[list[Any]], r: int, taught: Taught | None = None
                         ) -> Header | None:
    row = rows[r]
    unit_cols = _find_cols(row, _UNIT_CODE_LABELS)
    if not unit_cols:
        return None
    name_cols = [c for c in _find_cols(row, _UNIT_NAME_LABELS) if c not in unit_cols]
    pairs: dict[str, list[int | None]] = {}
    for c, v in enumerate(row):
        m = _FLAT.fullmatch(_fold(v))
        if m:
            slot = 0 if m.group(2).startswith(("tu", "num")) else 1
            pairs.setdefault(text_of(v)[: len(m.group(1))].strip(" _-"), [None, None])[slot] = c
    last = r
    labels: dict[str, tuple[int, str | None, LabelMatch | None]] = {}
    if not pairs:
        pairs, labels = _flat_label_pairs(row, {*unit_cols, *name_cols}, taught)
    if not pairs and r + 1 < len(rows):
        pairs, labels = _grouped_pairs(row, rows[r + 1], {*unit_cols, *name_cols}, taught)
        if pairs:
            last = r + 1
    if not pairs:
        return None
    return Header(
        "consolidated", r, last, unit_code_col=unit_cols[0],
        unit_name_col=name_cols[0] if name_cols else None,
        pairs={k: (v[0], v[1]) for k, v in pairs.items()}, pair_labels=labels,
    )


def _grouped_pairs(
    row: list[Any], below: list[Any], taken: set[int], taught: Taught | None = None,
) -> tuple[dict[str, list[int | None]], dict[str, tuple[int, str | None, LabelMatch | None]]]:
    """The indicator groups of a two-row consolidated header: a cell naming the indicator
    (its code, or its label) over "Tử số" and "Mẫu số" cells.

    A code, in the cell or inside its label, wins; otherwise the labels are matched,
    the whole header taken as evidence (:func:`._assign.assign`: each indicator once,
    in the form's order), and an unclear one is kept as such (its rows are read,
    and named).  Groups by label need both counts under them, and the row a
    group that names an indicator (a code, or a label near one in the catalogue):
    a metadata row ("Mã đơn vị:", "30101") above a single form's header is no header.

    Examples
    --------
    >>> row = ["Mã xã", "CL01", None, "Tỷ lệ trẻ em được cung cấp thông tin", None, "Ghi chú"]
    >>> below = [None, "Tử số", "Mẫu số", "Tử số", "Mẫu số", None]
    >>> pairs, labels = _grouped_pairs(row, below, {0})
    >>> pairs
    {'CL01': [1, 2], 'Tỷ lệ trẻ em được cung cấp thông tin': [3, 4]}
    >>> {text: found[:2] for text, found in labels.items()}
    {'Tỷ lệ trẻ em được cung cấp thông tin': (3, 'CL07')}
    """
    starts = [c for c, v in enumerate(row)
              if c not in taken and isinstance(v, str) and v.strip()]
    pairs: dict[str, list[int | None]] = {}
    groups: list[tuple[str, int, str]] = []  # (text, column, its code or "")
    for i, c in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else len(below)
        under = [(k, _fold(below[k])) for k in range(c, min(stop, len(below)))]
        num = [k for k, text in under if _is_label(text, _NUM_LABELS)]
        den = [k for k, text in under if _is_label(text, _DEN_LABELS)]
        text = text_of(row[c])
        code = _code_of_text(text)
        if code is not None:
            if num or den:
                pairs[text] = [num[0] if num else None, den[0] if den else None]
                groups.append((text, c, code))
            continue
        if not (num and den):
            continue
        pairs[text] = [num[0], den[0]]
        groups.append((text, c, ""))
    return pairs, _group_labels(pairs, groups, taught)


def _group_labels(
    pairs: dict[str, list[int | None]], groups: list[tuple[str, int, str]],
    taught: Taught | None,
) -> dict[str, tuple[int, str | None, LabelMatch | None]]:
    """The consolidated header's groups named by a label: their column, code and match.

    A code inside a label wins over the words around it; the other labels are
    read together (:func:`._assign.assign`), the groups with a code taking part.
    Empties ``pairs`` when no group names an indicator: not a table of indicators.
    """
    rows = []
    for text, _, code in groups:
        inside = None if code else _CODE_IN_LABEL.search(_fold(text))
        rows.append(FormRow(text, code=code or (f"CL{int(inside.group(1)):02d}" if inside
                                                  else "")))
    found = assign(tuple(rows), taught)
    labels: dict[str, tuple[int, str | None, LabelMatch | None]] = {}
    for (text, c, code), row, match in zip(groups, rows, found, strict=True):
        if code:
            continue
        # A code inside the label decided: no match to tell of.
        labels[text] = (c, row.code, None) if row.code else (c, match.code, match)
    if labels and len(pairs) == len(labels) and not any(
            code or (match and match.candidates and match.candidates[0][1] >= SHOWN_SCORE)
            for _, code, match in labels.values()):
        pairs.clear()
        return {}  # no group names an indicator: not a table of indicators
    return labels


#: A flat consolidated header cell named by a label: "Trẻ em được truyền thông - Tử số".
_FLAT_SUFFIX = re.compile(r"^(.*?)[\s_\-–:/(]*(tu[ _]so|mau[ _]so|numerator|denominator)\)?$")


@lru_cache(maxsize=65_536)
def _flat_label(text: str) -> tuple[str, int] | None:
    """(the label, 0 for a numerator or 1 for a denominator) of a flat header cell
    named by a label, or None.

    >>> _flat_label("Trẻ em được truyền thông (tử số)"), _flat_label("CL01_tu_so")
    (('Trẻ em được truyền thông', 0), None)
    """
    written = " ".join(unicodedata.normalize("NFC", text).split())
    folded = fold_text(written)
    m = _FLAT_SUFFIX.match(folded)
    if m is None or not m.group(1) or _code_of_text(m.group(1)) is not None:
        return None
    # The label as written: folding keeps one character per character of NFC text.
    if len(folded) == len(written):
        label = written[: len(m.group(1))]
    else:
        label = " ".join(written.split()[: len(m.group(1).split())])
    label = label.strip(" _-–:/(")
    return (label, 0 if m.group(2).startswith(("tu", "num")) else 1) if label else None


def _flat_label_pairs(
    row: list[Any], taken: set[int], taught: Taught | None
) -> tuple[dict[str, list[int | None]], dict[str, tuple[int, str | None, LabelMatch | None]]]:
    """The indicator column pairs of a flat consolidated header named by labels:
    "Trẻ em được truyền thông - Tử số" beside "… - Mẫu số" (both needed).

    >>> row = ["Mã xã", "Tỷ lệ LĐTE - Tử số", "Tỷ lệ LĐTE - Mẫu số", "Ghi chú"]
    >>> pairs, labels = _flat_label_pairs(row, {0}, None)
    >>> pairs, {text: found[:2] for text, found in labels.items()}
    ({'Tỷ lệ LĐTE': [1, 2]}, {'Tỷ lệ LĐTE': (1, 'CL01')})
    """
    pairs: dict[str, list[int | None]] = {}
    for c, v in enumerate(row):
        if c in taken or not isinstance(v, str) or not v.strip():
            continue
        found = _flat_label(v)
        if found is not None:
            pairs.setdefault(found[0], [None, None])[found[1]] = c
    pairs = {text: cols for text, cols in pairs.items() if None not in cols}
    if not pairs:
        return {}, {}
    groups = [(text, min(c for c in cols if c is not None), "") for text, cols in pairs.items()]
    return pairs, _group_labels(pairs, groups, taught)


def find_header(rows: list[list[Any]], max_scan: int = 300, taught: Taught | None = None
                ) -> Header | None:
    """The first header row of an indicator table (single-unit or consolidated), or None.

    Examples
    --------
    >>> h = find_header([["Mã đơn vị: 1"], ["STT", "Mã", "Tử số", "Mẫu số"], ["1", "CL01", 1, 2]])
    >>> h.form, h.first_row, h.code_col, h.num_col, h.den_col
    ('single', 1, 1, 2, 3)
    >>> find_header([["Mã đơn vị", "CL01_tu_so", "CL01_mau_so"]]).pairs
    {'CL01': (1, 2)}
    """
    for r in range(min(len(rows), max_scan)):
        # Both forms need a cell that can start a header (a code label or a unit code
        # label); checking that first, once per distinct text, skips the other rows.
        if not any(_may_start_header(v) for v in rows[r] if isinstance(v, str) and v):
            continue
        pair = (tuple(rows[r]), tuple(rows[r + 1]) if r + 1 < len(rows) else ())
        try:
            found = _header_of_pair(pair, taught)
        except TypeError:  # an unhashable cell (not from calamine): no cache
            found = _header_of_rows(pair, taught)
        if found:
            return Header(found.form, r, r + found.last_row, found.code_col, found.num_col,
                          found.den_col, found.rate_col, found.unit_code_col,
                          found.unit_name_col, dict(found.pairs),  # not the cached one's
                          found.label_col, dict(found.pair_labels), found.measure_col)
    return None


@lru_cache(maxsize=4_096)
def _header_of_pair(pair: tuple[tuple[Any, ...], tuple[Any, ...]], taught: Taught | None
                    ) -> Header | None:
    # A header depends only on its row and the next; a batch's forms share them.
    return _header_of_rows(pair, taught)


def _header_of_rows(pair: tuple[tuple[Any, ...], tuple[Any, ...]], taught: Taught | None
                    ) -> Header | None:
    """The header starting at the first of two rows (row numbers relative to it)."""
    rows = [list(row) for row in pair]
    return _consolidated_header(rows, 0, taught) or _single_header(rows, 0)


@lru_cache(maxsize=65_536)
def _may_start_header(value: str) -> bool:
    """Whether a cell's text is a code label (single form) or a unit code label (consolidated)."""
    folded = _fold_str(value)
    return (folded in _CODE_LABELS or _is_label(folded, _UNIT_CODE_LABELS)
            or _is_label(folded, _LABEL_LABELS))


def _row_blank(row: list[Any]) -> bool:
    return all(is_blank(v) for v in row)


@lru_cache(maxsize=65_536)
def _starts_text(folded: str, words: tuple[str, ...]) -> bool:
    return any(folded == w or folded.startswith(w + " ") for w in words)


def _starts(row: list[Any], words: tuple[str, ...]) -> bool:
    return any(isinstance(v, str) and v and _starts_text(_fold(v), words) for v in row)


def _is_signature(row: list[Any]) -> bool:
    return _starts(row, _SIGNATURE)


def _is_total(row: list[Any]) -> bool:
    """A total row: some cell's whole label is "Tổng cộng", "Cộng", "Toàn tỉnh"…

    >>> _is_total(["", "Tổng cộng:", 5]), _is_total(["", "Xã Cộng Hòa", 5]), _is_total(["Cộng Hòa"])
    (True, False, False)
    """
    return any(isinstance(v, str) and v and _fold_str(v) in _TOTAL for v in row)


@lru_cache(maxsize=65_536)
def _compact(text: str) -> str:
    return fold_text(text).replace(" ", "")


def _is_column_numbers(row: list[Any]) -> bool:
    """A row numbering the columns, "(1) (2) (3)" or "A B 1 2 3=1/2", part of the header."""
    cells = [_compact(text_of(v)) for v in row if not is_blank(v)]
    return bool(cells) and all(_COLUMN_NUMBER.fullmatch(c) for c in cells) and len(cells) >= 3


@lru_cache(maxsize=65_536)
def _meta_label(value: str) -> tuple[str | None, str, str]:
    """(metadata key or None, ":" or "", folded text after the colon) of a cell's text."""
    if not value.strip():
        return None, "", ""
    folded = _fold_str(value)
    label, sep, rest = folded.partition(":")
    label = label.strip(" .*")
    for key, labels in _META_LABELS.items():
        if label in labels:
            return key, sep, rest
    return None, sep, rest


def _metadata(
    rows: list[list[Any]], skip: tuple[int, int]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Label-and-value pairs outside the table: in one cell after a colon, or to the right."""
    found: dict[str, Any] = {}
    cells: dict[str, str] = {}
    for r, row in enumerate(rows):
        if skip[0] <= r <= skip[1]:
            continue
        for c, v in enumerate(row):
            if not isinstance(v, str) or not v:
                continue
            key, sep, rest = _meta_label(v)
            if key is None or key in found:
                continue
            if sep and rest.strip():
                value: Any = text_of(v).split(":", 1)[1].strip()
                cells[key] = cell_ref(r, c)
            else:
                value, where = None, cell_ref(r, c)
                for k in range(c + 1, len(row)):
                    if not is_blank(row[k]):
                        value, where = row[k], cell_ref(r, k)
                        break
                cells[key] = where
            found[key] = value
    return found, cells


#: The largest count read: no count of people or units comes near a trillion, and
#: below it sums of millions of counts stay within 64 bits (a count beyond 64 bits
#: would not even fit the observations' integer column).
COUNT_MAX = 10**12


def _count(
    row: list[Any], r: int, c: int | None, formulas: Container[tuple[int, int]]
) -> tuple[int | None, str | None, str, str | None]:
    """(value, problem code, shown text, cell) of a count cell."""
    if c is None:
        return None, None, "", None
    value = row[c] if c < len(row) else None
    ref = cell_ref(r, c)
    # Fast path for the usual cell, a whole number (as parse_count and text_of read it).
    if type(value) is float and value.is_integer() and -COUNT_MAX <= value <= COUNT_MAX:
        whole = int(value)
        return whole, None, str(whole), ref
    if is_blank(value) and (r, c) in formulas:
        return None, "FORMULA_NO_VALUE", "", ref
    number, problem = parse_count(value)
    if number is not None and not -COUNT_MAX <= number <= COUNT_MAX:
        return None, "NUMBER_TOO_LARGE", text_of(value), ref
    return number, problem, text_of(value), ref


def _raw_row(
    sheet: str, r: int, indicator_text: str, code_cell: str, num: tuple, den: tuple, **extra: Any
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    # The text is already text_of'd: its code is that of indicator_code(text).
    code = _code_of_text(indicator_text)
    record = {
        "sheet": sheet,
        "row": r + 1,
        "indicator_raw": indicator_text,
        "indicator": code,
        "code_cell": code_cell,
        "numerator": num[0],
        "denominator": den[0],
        "numerator_text": num[2],
        "denominator_text": den[2],
        "numerator_cell": num[3],
        "denominator_cell": den[3],
        **extra,
    }
    problems = []
    for count in (num, den):
        if count[1]:
            problems.append({"code": count[1], "cell": count[3], "value": count[2]})
    return record, problems


@lru_cache(maxsize=65_536)
def _is_code_text(value: str) -> bool:
    return _INDICATOR.fullmatch(_fold(value)) is not None


class _Table:
    """Where a table's reading stands: whether a data row was read, and its last row."""

    __slots__ = ("last", "seen_data")

    def __init__(self, header: Header) -> None:
        self.seen_data = False
        self.last = header.last_row


def _table_rows(
    rows: list[list[Any]], table: _Table, code_col: int | None = None
) -> Iterator[tuple[int, list[Any], bool]]:
    """The rows of a table below its header: ``(row number, row, has an indicator code)``.

    Where every form's table ends: at a signature block, at the end of the
    sheet, or at :data:`BLANK_RUN` blank rows in a row once a data row was
    read (the caller sets ``table.seen_data``); one or two blank rows are
    section separators, passed over.  ``table.last`` follows the last row
    given.  With ``code_col``, a row whose cell there is an indicator code is
    data at once (the usual row: no blank or signature check).

    Examples
    --------
    >>> rows = [["Mã", "Tử số"], ["CL01", 1], [], ["CL02", 2], [], [], [], ["CL03", 3]]
    >>> table = _Table(Header("single", 0, 0))
    >>> for r, row, is_code in _table_rows(rows, table, 0):
    ...     table.seen_data = True
    >>> table.last
    3
    """
    blanks = 0
    last = table.last
    try:
        for r in range(last + 1, len(rows)):
            row = rows[r]
            is_code = False
            if code_col is not None and code_col < len(row):
                value = row[code_col]
                is_code = type(value) is str and _is_code_text(value)
            if not is_code:
                if _row_blank(row):
                    # A blank row or two separate sections; a run of them ends the table.
                    blanks += 1
                    if table.seen_data and blanks >= BLANK_RUN:
                        return
                    continue
                if _is_signature(row):
                    return
            blanks = 0
            last = r
            yield r, row, is_code
    finally:  # once, however the table ends (not an attribute set per row)
        table.last = last


def _single_rows(
    rows: list[list[Any]], header: Header, sheet: str, formulas: Container[tuple[int, int]],
    taught: Taught | None = None,
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]], int]:
    out: list[dict[str, Any]] = []
    out_problems: list[list[dict[str, Any]]] = []
    if header.code_col is None:
        return _label_rows(rows, header, sheet, formulas, taught)
    table = _Table(header)
    for r, row, is_code in _table_rows(rows, table, header.code_col):
        code_value = row[header.code_col] if header.code_col < len(row) else None
        num = _count(row, r, header.num_col, formulas)
        den = _count(row, r, header.den_col, formulas)
        has_count = num[0] is not None or num[1] or den[0] is not None or den[1]
        if is_blank(code_value):
            if not has_count:
                continue  # a section title row
        elif not is_code and not table.seen_data and _is_column_numbers(row):
            continue
        table.seen_data = True
        record, problems = _raw_row(
            sheet, r, text_of(code_value), cell_ref(r, header.code_col), num, den,
        )
        if header.rate_col is not None and header.rate_col < len(row):
            record["rate"] = row[header.rate_col]
            record["rate_cell"] = cell_ref(r, header.rate_col)
        if is_code and header.label_col is not None and header.label_col < len(row):
            # A code column wins; a label naming another indicator is worth a word.
            label = row[header.label_col]
            named = _label_code(label, taught) if isinstance(label, str) and label else None
            if named is not None and named != record["indicator"]:
                problems.append({"code": "CODE_LABEL_MISMATCH",
                                 "cell": cell_ref(r, header.label_col),
                                 "value": text_of(label), "detail": named})
        out.append(record)
        out_problems.append(problems)
    return out, out_problems, table.last


def _label_code(label: str, taught: Taught | None = None) -> str | None:
    """The code a label names alone (a taught label's, else the matcher's), or None."""
    # A batch's forms share their labels: each is matched once per process (a cache
    # of one argument when nothing is taught: its key is the text itself).
    return _matched_code(label) if taught is None else _taught_code(label, taught)


@lru_cache(maxsize=65_536)
def _matched_code(label: str) -> str | None:
    return read_label(text_of(label)).code


@lru_cache(maxsize=4_096)
def _taught_code(label: str, taught: Taught) -> str | None:
    return read_label(text_of(label), taught).code


def _label_rows(
    rows: list[list[Any]], header: Header, sheet: str, formulas: Container[tuple[int, int]],
    taught: Taught | None = None,
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]], int]:
    """The rows of a table without a code column, each recognised by its label.

    A row without any count is a section title (or an indicator not reported)
    and is not read; a row with counts whose label is unclear is read as an
    unknown indicator, with the candidates named (``UNKNOWN_INDICATOR_LABEL``).
    The rows are read together (:func:`._assign.assign`): the form's order, its
    sections, its unit column and the counts' shapes are evidence too.
    """
    out: list[dict[str, Any]] = []
    out_problems: list[list[dict[str, Any]]] = []
    col, measure = header.label_col, header.measure_col
    table = _Table(header)
    form: list[tuple[str, str, str]] = []  # (label, unit, section) of each row read
    denominators: list[int | None] = []
    section = ""
    for r, row, _ in _table_rows(rows, table):
        if not table.seen_data and _is_column_numbers(row):
            continue
        num = _count(row, r, header.num_col, formulas)
        den = _count(row, r, header.den_col, formulas)
        cell = row[col] if col is not None and col < len(row) else None
        if not (num[0] is not None or num[1] or den[0] is not None or den[1]):
            if isinstance(cell, str) and cell.strip() and _label_code(cell, taught) is None:
                section = text_of(cell)  # a section title, not an indicator left blank
            continue
        table.seen_data = True
        label = text_of(cell) if cell is not None else ""
        unit = text_of(row[measure]) if measure is not None and measure < len(row) else ""
        form.append((label, unit, section))
        denominators.append(den[0])
        record, problems = _raw_row(sheet, r, label, cell_ref(r, col), num, den)
        if header.rate_col is not None and header.rate_col < len(row):
            record["rate"] = row[header.rate_col]
            record["rate_cell"] = cell_ref(r, header.rate_col)
        out.append(record)
        out_problems.append(problems)
    shaped = tuple(FormRow(label, unit, section, shape) for (label, unit, section), shape
                   in zip(form, shapes(denominators), strict=True))
    for record, problems, found in zip(out, out_problems, assign(shaped, taught), strict=True):
        label = record["indicator_raw"]
        record["indicator"] = found.code
        record["label_match"] = _provenance(label, found)
        if found.code is None:
            problems.append({"code": "UNKNOWN_INDICATOR_LABEL", "cell": record["code_cell"],
                             "value": label, "detail": found.explain()})
    return out, out_problems, table.last


def _provenance(label: str, found: LabelMatch) -> str:
    """How a label was read, for the observation: "label ≈ catalogue text (score; why)".

    Why: ``catalogue``, ``alias``, ``lexicon``, ``confirmed`` or ``assignment:``
    and the evidence the form gave (:mod:`._assign`); an unclear label's
    candidates instead.  :func:`provenance_parts` reads it back.

    >>> _provenance("1. Trẻ em được truyền thông", read_label("1. Trẻ em được truyền thông"))
    '1. Trẻ em được truyền thông ≈ Trẻ em được truyền thông (1.00; alias)'
    """
    if found.code is None:
        return f"{label} ≈ ? ({found.explain()})"
    return f"{label} ≈ {found.text} ({found.score:.2f}; {found.how})"


_PROVENANCE = re.compile(r"(?P<label>.*?) ≈ (?P<text>.*) \((?P<score>\d\.\d\d); (?P<how>[^()]*)\)")
_PROVENANCE_UNKNOWN = re.compile(r"(?P<label>.*?) ≈ \? \((?P<candidates>.*)\)")


def provenance_parts(text: str) -> dict[str, str] | None:
    """The parts of a row's ``label_match`` (see :func:`_provenance`), or None.

    >>> provenance_parts("1. Số DN ≈ Tỷ lệ doanh nghiệp được tập huấn (0.90; lexicon)")
    {'label': '1. Số DN', 'text': 'Tỷ lệ doanh nghiệp được tập huấn', 'score': '0.90', \
'how': 'lexicon'}
    >>> provenance_parts("Doanh nghiệp ≈ ? (CL12 1.00, CL08 0.61)")
    {'label': 'Doanh nghiệp', 'candidates': 'CL12 1.00, CL08 0.61'}
    """
    for pattern in (_PROVENANCE_UNKNOWN, _PROVENANCE):
        m = pattern.fullmatch(text)
        if m:
            return m.groupdict()
    return None


def _consolidated_rows(
    rows: list[list[Any]], header: Header, sheet: str, formulas: Container[tuple[int, int]]
) -> tuple[list[dict[str, Any]], list[list[dict[str, Any]]], list[dict[str, Any]], int]:
    out: list[dict[str, Any]] = []
    out_problems: list[list[dict[str, Any]]] = []
    extra_problems: list[dict[str, Any]] = []
    sums: dict[int, int] = {}
    table = _Table(header)
    for r, row, _ in _table_rows(rows, table):
        unit_col = header.unit_code_col
        assert unit_col is not None  # a consolidated header always has its unit code column
        unit = unit_code_text(row[unit_col]) if unit_col < len(row) else None
        name = None
        if header.unit_name_col is not None and header.unit_name_col < len(row):
            name = text_of(row[header.unit_name_col]) or None
        if (unit is None and _is_total(row)) or (unit and _fold(unit) in _TOTAL):
            extra_problems.extend(_check_total(row, r, header, sums, formulas))
            continue
        if not table.seen_data and _is_column_numbers(row):
            continue
        for text, (num_col, den_col) in header.pairs.items():
            num = _count(row, r, num_col, formulas)
            den = _count(row, r, den_col, formulas)
            if all(x[0] is None and x[1] is None and not x[2] for x in (num, den)):
                continue
            table.seen_data = True
            for col, count in ((num_col, num), (den_col, den)):
                if col is not None and count[0] is not None:
                    sums[col] = sums.get(col, 0) + count[0]
            named = header.pair_labels.get(text)
            code_col = (named[0] if named is not None
                        else min(c for c in (num_col, den_col) if c is not None))
            record, problems = _raw_row(
                sheet, r, text, cell_ref(header.first_row, code_col), num, den,
                row_unit_code=unit, row_unit_name=name,
                unit_cell=cell_ref(r, header.unit_code_col),
            )
            if header.pair_labels:  # every row says how it was read, or that it was by code
                record["label_match"] = None
            if named is not None:
                _read_by_label(record, problems, text, named)
            out.append(record)
            out_problems.append(problems)
    return out, out_problems, extra_problems, table.last


def _read_by_label(
    record: dict[str, Any], problems: list[dict[str, Any]], text: str,
    named: tuple[int, str | None, LabelMatch | None],
) -> None:
    """A consolidated row's group named by its header label: its code, how, or a problem."""
    _, code, found = named
    record["indicator"] = code
    if found is None:  # a code inside the label decided
        return
    record["label_match"] = _provenance(text, found)
    if code is None:
        problems.append({"code": "UNKNOWN_INDICATOR_LABEL", "cell": record["code_cell"],
                         "value": text, "detail": found.explain()})


def _check_total(
    row: list[Any], r: int, header: Header, sums: dict[int, int],
    formulas: Container[tuple[int, int]],
) -> list[dict[str, Any]]:
    problems = []
    for text, cols in header.pairs.items():
        code = (header.pair_labels[text][1] if text in header.pair_labels
                else indicator_code(text)[0])
        for col in cols:
            if col is None:
                continue
            total, issue, shown, ref = _count(row, r, col, formulas)
            if total is None or issue:
                continue
            if total != sums.get(col, 0):
                problems.append(
                    {
                        "code": "TOTAL_MISMATCH", "cell": ref, "value": shown,
                        "detail": str(sums.get(col, 0)), "indicator": code,
                    }
                )
    return problems


def read_sheet(
    rows: list[list[Any]], sheet: str, formulas: Container[tuple[int, int]] | None = None,
    taught: Taught | None = None,
) -> SheetRead | None:
    """Read one sheet's indicator table and metadata; None if it holds no table.

    Each raw row carries its cells; each problem is a dict with ``code``,
    ``cell``, ``value`` (as typed) and, for row problems, ``row_index``
    (position in ``rows`` of the result).  ``taught``: the labels the user
    confirmed (:mod:`._taught`), read before any scoring.

    Examples
    --------
    >>> got = read_sheet([["Mã đơn vị:", "00412"], ["Kỳ báo cáo: 2024H1"],
    ...     ["Mã", "Tử số", "Mẫu số"], ["CL01", "1.234", 5000], ["CL02", 3, ""]], "BC")
    >>> got.meta["unit_code"], got.meta["period"], [r["numerator"] for r in got.rows]
    ('00412', '2024H1', [1234, 3])
    """
    header = find_header(rows, taught=taught)
    if header is None:
        return None
    if formulas is None:
        formulas = set()
    extra: list[dict[str, Any]] = []
    if header.form == "single":
        records, row_problems, last = _single_rows(rows, header, sheet, formulas, taught)
    else:
        records, row_problems, extra, last = _consolidated_rows(rows, header, sheet, formulas)
    meta, meta_cells = _metadata(rows, (header.first_row, last))
    problems: list[dict[str, Any]] = list(extra)
    left = _rows_below(rows, header, last, taught)
    if left:
        problems.append({"code": "ROWS_BELOW_TABLE", "cell": left[0],
                         "value": ", ".join(left[:10]) + (" …" if len(left) > 10 else ""),
                         "detail": str(BLANK_RUN)})
    for i, found in enumerate(row_problems):
        for problem in found:
            problem["row_index"] = i
            problems.append(problem)
    for i, record in enumerate(records):
        if "rate" in record:
            rate_problem = _check_rate(record)
            if rate_problem:
                rate_problem["row_index"] = i
                problems.append(rate_problem)
    return SheetRead(header, meta, meta_cells, records, problems, (header.first_row, last))


def _rows_below(rows: list[list[Any]], header: Header, last: int,
                taught: Taught | None = None) -> list[str]:
    """Cells of indicator rows left below a table that a run of blank rows ended.

    Such rows are not read (what follows a long gap may be another table or
    old figures) but never lost without a word: the reader names them.

    >>> rows = [["Mã", "Tử số", "Mẫu số"], ["CL01", 1, 2], [], [], [], ["CL02", 3, 4]]
    >>> _rows_below(rows, find_header(rows), 1)
    ['A6']
    """
    found = []
    for r in range(last + 1, len(rows)):
        row = rows[r]
        if _row_blank(row):
            continue
        if _is_signature(row):
            break
        if header.form == "single":
            col = header.code_col if header.code_col is not None else header.label_col
            value = row[col] if col is not None and col < len(row) else None
            if isinstance(value, str) and (
                _is_code_text(value) if header.code_col is not None
                else _label_code(value, taught)
            ):
                found.append(cell_ref(r, col))
        else:
            col = header.unit_code_col
            assert col is not None  # a consolidated header always has its unit code column
            counts = [c for pair in header.pairs.values() for c in pair if c is not None]
            if (col < len(row) and not is_blank(row[col])
                    and any(c < len(row) and not is_blank(row[c]) for c in counts)):
                found.append(cell_ref(r, col))
    return found


def _check_rate(record: dict[str, Any]) -> dict[str, Any] | None:
    num, den = record["numerator"], record["denominator"]
    if num is None or den is None or den <= 0 or num < 0:
        return None
    rate = record.pop("rate")
    computed = 100 * num / den
    # Fast path: a number equal to the computed rate (within the least tolerance
    # parse_rate can give) matches whatever its shown decimals.
    if type(rate) is float and abs(rate - computed) <= 1e-6:
        return None
    reading = parse_rate(rate)
    if reading is None:
        return None
    candidates, tolerance = reading
    if any(abs(candidate - computed) <= tolerance for candidate in candidates):
        return None
    shown = candidates[-1] if len(candidates) > 1 and candidates[0] <= 1 else candidates[0]
    return {
        "code": "RATE_MISMATCH", "cell": record.get("rate_cell"), "value": f"{shown:g}",
        "detail": f"{computed:.2f}",
    }


@lru_cache(maxsize=4_096)
def _period_text(value: Any) -> str | None:
    # A batch has a handful of distinct period texts: each is parsed once.
    try:
        return str(parse_period(value))
    except PeriodError:
        return None


def parse_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Turn metadata values into unit code, name, period and report date, with problem codes.

    Examples
    --------
    >>> out = parse_meta({"unit_code": 30101.0, "period": "6 thang dau nam 2024",
    ...     "report_date": "10/6/2024"})
    >>> out["unit_code"], out["period"], out["report_date"], out["problems"]
    ('30101', '2024H1', datetime.date(2024, 6, 10), [])
    """
    problems: list[tuple[str, str, Any]] = []
    unit = unit_code_text(meta.get("unit_code"))
    name = text_of(meta.get("unit_name")) or None
    raw_period = meta.get("period")
    period = None
    if is_blank(raw_period):
        problems.append(("MISSING_PERIOD", "period", ""))
    else:
        period = _period_text(text_of(raw_period) if isinstance(raw_period, str)
                              else raw_period)
        if period is None:
            problems.append(("BAD_PERIOD", "period", text_of(raw_period)))
    raw_date = meta.get("report_date")
    report_date: dt.date | None = None
    if is_blank(raw_date):
        problems.append(("MISSING_REPORT_DATE", "report_date", ""))
    else:
        report_date = parse_date(raw_date)
        if report_date is None:
            problems.append(("BAD_REPORT_DATE", "report_date", text_of(raw_date)))
    return {
        "unit_code": unit, "unit_name": name, "period": period, "report_date": report_date,
        "problems": problems,
    }
