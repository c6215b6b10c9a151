"""The unit registry: administrative units, their hierarchy and validity dates.

A registry row is a unit (country, province, district or commune) with its
code (text: leading zeros are part of a code), name, level, parent and the
dates it existed.  Vietnam's map changed in 2025 (provinces merged, districts
abolished), so validity dates are part of a unit, not an afterthought.  This
module validates registries and answers hierarchy questions; it never reads
report workbooks.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload

import numpy as np
import pandas as pd

from ..language.errors import InputError, UnitRegistryError, choices
from ._arrays import groups
from ._resources import data_file
from .periods import Period, fold_text, parse_period
from .schemas import CONTROL_CHARACTERS, not_unit_codes

__all__ = [
    "LEVELS",
    "UNIT_LEVELS",
    "UnitRegistryError",
    "ancestor_in_period",
    "ancestor_map",
    "as_registry",
    "is_registry",
    "load_units",
    "match_unit_names",
    "name_key",
    "rows_in_period",
    "sample_units",
    "units_valid_in",
]

#: The registry level of a department.
DEPARTMENT = "department"

#: Kinds of department the bundled plans name, in the order the plans list them.
DEPARTMENT_KINDS: tuple[str, ...] = (
    "labour",
    "education",
    "health",
    "justice",
    "culture",
    "tourism",
    "information",
    "home_affairs",
    "finance",
    "transport",
    "ethnic",
    "police",
    "court",
    "procuracy",
    "front",
    "youth_union",
    "women_union",
    "labour_federation",
    "media",
)

#: Administrative levels from the top down.
LEVELS: tuple[str, ...] = ("country", "province", "district", "commune")
UNIT_COLUMNS = ["code", "name", "level", "parent_code", "valid_from", "valid_to"]
#: An optional column of a registry: the unit's inhabitants (all ages), which the
#: data-quality review holds its child counts to (``clm.data_quality``).
POPULATION = "population"

_LEVEL_ALIASES = {
    "country": "country",
    "quoc gia": "country",
    "national": "country",
    "province": "province",
    "tinh": "province",
    "thanh pho truc thuoc trung uong": "province",
    "district": "district",
    "huyen": "district",
    "commune": "commune",
    "xa": "commune",
    "phuong": "commune",
    "department": DEPARTMENT,
    "so": DEPARTMENT,
    "so, ban, nganh": DEPARTMENT,
}
#: Levels a registry row may have: the map's levels, and departments that
#: report but are not part of the map (see :mod:`childlabour_metrics.analysis.departments`).
UNIT_LEVELS: tuple[str, ...] = (*LEVELS, DEPARTMENT)
# Departments serve a province, a district or a commune; nothing sits under one.
_DEPARTMENT_PARENTS = ("province", "district", "commune")



#: A registry's columns that must be there (``parent_code`` blank for the top unit).
REQUIRED_COLUMNS: tuple[str, ...] = ("code", "name", "level", "parent_code")
# Every column a registry may hold: what the separator guess looks for in a header.
_KNOWN_COLUMNS = frozenset({*UNIT_COLUMNS, "kind", POPULATION})
# Separators a registry CSV may use: Excel saves ";" where the list separator is ","
# in numbers (Vietnamese Windows), and "Unicode text" with tabs.
_SEPARATORS: tuple[str, ...] = (",", ";", "\t")
_EXCEL_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


@dataclass(frozen=True)
class _Read:
    """How a registry file was read: the encoding and separator found, for messages."""

    encoding: str
    sep: str

    def said(self) -> str:
        """``UTF-8, ";"``: the same in both languages (a tab is written TAB)."""
        sep = "TAB" if self.sep == "\t" else f'"{self.sep}"'
        return f"{self.encoding}, {sep}"


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a registry file and the encoding it was read with.

    UTF-8 with or without a BOM first (what "CSV UTF-8" saves), UTF-16 with its
    BOM ("Unicode text"), then Windows-1258, the code page Excel on Vietnamese
    Windows saves a plain "CSV" in.  Latin-1 is never guessed: it reads any
    bytes, so it would turn a wrong file into wrong names without a word.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UnitRegistryError("err_units_encoding", file=path) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "Windows-1258"
    except UnicodeDecodeError as exc:
        raise UnitRegistryError("err_units_encoding", file=path) from exc


def _guess_separator(text: str) -> str:
    """The separator that splits the header line into the most registry columns.

    Ties (no known column at all, say) go to the one giving the most fields,
    then to the order of :data:`_SEPARATORS`; the message then says what was
    read.
    """
    first = text.lstrip("\ufeff").split("\n", 1)[0]

    def score(sep: str) -> tuple[int, int]:
        fields = next(csv.reader([first], delimiter=sep), [])
        known = sum(1 for f in fields if f.strip().lower() in _KNOWN_COLUMNS)
        return known, len(fields)

    return max(_SEPARATORS, key=score)  # max keeps the first of equals


def _read_table(path: Path) -> tuple[pd.DataFrame, _Read | None]:
    """The registry file as text columns, and how a CSV was read (None for a workbook)."""
    # Every column is read as text so that codes keep their leading zeros.
    if path.suffix.lower() in _EXCEL_SUFFIXES:
        try:
            return pd.read_excel(path, dtype=str, engine="calamine"), None
        except (ValueError, OSError) as exc:  # calamine's errors are ValueErrors
            if isinstance(exc, FileNotFoundError):
                raise
            raise UnitRegistryError("err_units_unreadable", file=path,
                                    detail=type(exc).__name__) from exc
    text, encoding = _decode(path.read_bytes(), path)
    read = _Read(encoding, _guess_separator(text))
    try:
        frame = pd.read_csv(io.StringIO(text), sep=read.sep, dtype=str, keep_default_na=False)
    except pd.errors.ParserError as exc:
        # pandas says "Error tokenizing data. C error: Expected 6 fields in line 5, saw 7".
        line = re.search(r"line (\d+)", str(exc))
        raise UnitRegistryError("err_units_bad_line", file=path,
                                line=int(line[1]) if line else None,
                                read_as=read.said()) from exc
    except (pd.errors.EmptyDataError, ValueError) as exc:
        raise UnitRegistryError("err_units_unreadable", file=path,
                                detail=type(exc).__name__) from exc
    return frame, read


def _clean_text(series: pd.Series) -> pd.Series:
    text = series.astype("str").str.strip()
    # normalise each distinct value once: a national registry repeats parent codes a lot
    distinct = np.asarray(text.dropna().unique(), dtype=object)
    nfc = {v: unicodedata.normalize("NFC", v) for v in distinct}
    text = text.map(nfc)
    return text.mask(text.isin(["", "nan", "None"])).astype("str")


def load_units(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Load and validate a unit registry from CSV, Excel or a DataFrame.

    Parameters
    ----------
    source : str, Path or DataFrame
        A table with columns ``code, name, level, parent_code, valid_from,
        valid_to``.  ``level`` is one of ``country, province, district,
        commune`` (Vietnamese ``tỉnh, huyện, xã`` accepted) or
        ``department`` (a ``sở``, ``ban``, union… that reports; its parent is
        the province, district or commune it serves, its code the user's
        own).  An optional ``kind`` column gives a department's kind (one of
        :data:`~childlabour_metrics.reference.units.DEPARTMENT_KINDS`).  An
        optional ``population`` column gives the unit's inhabitants of all ages
        (a whole number, blank when unknown); the data-quality review checks
        the children the unit reports against it.  Dates are ISO
        (``2025-07-01``); a blank ``valid_from`` means "always", a blank
        ``valid_to`` means "still valid".

    Returns
    -------
    pandas.DataFrame
        The registry, codes as text, dates as ``datetime64``.

    Raises
    ------
    UnitRegistryError
        For duplicate codes, unknown parents, cycles, a parent not above its
        child, unknown levels or unreadable dates; every offending code is
        named.

    Examples
    --------
    >>> units = load_units(pd.DataFrame({
    ...     "code": ["30", "288", "00412"], "name": ["Hải Dương", "TP Hải Dương", "Xã X"],
    ...     "level": ["province", "district", "commune"], "parent_code": ["", "30", "288"],
    ... }))
    >>> units["code"].tolist()
    ['30', '288', '00412']
    """
    where = "<DataFrame>" if isinstance(source, pd.DataFrame) else str(source)
    read: _Read | None = None
    if isinstance(source, pd.DataFrame):
        raw = source.copy()
    else:
        raw, read = _read_table(Path(source))
    raw.columns = [unicodedata.normalize("NFC", str(c)).strip().lower() for c in raw.columns]
    _check_columns(raw, where, read)
    for col in ("valid_from", "valid_to"):
        if col not in raw.columns:
            raw[col] = ""
    _check_code_types(raw, where)
    units = pd.DataFrame({col: _clean_text(raw[col]) for col in ("code", "name", "parent_code")})
    _check_texts(units, where)
    level_text = raw["level"].astype("str")
    folded = level_text.map({v: _fold_level(v) for v in level_text.unique()})
    bad_level = units.loc[folded.isna(), "code"].tolist()
    if bad_level:
        raise UnitRegistryError("err_units_bad_level", file=where, field="level",
                                codes=_some(bad_level), levels=UNIT_LEVELS,
                                found=_some(level_text[folded.isna()].unique().tolist()))
    units.insert(2, "level", folded.astype("str"))
    if "kind" in raw.columns:
        units["kind"] = _clean_text(raw["kind"])
    if POPULATION in raw.columns:
        units[POPULATION] = _population(raw[POPULATION], units["code"], where)
    for col in ("valid_from", "valid_to"):
        text = _clean_text(raw[col])
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
        bad = units.loc[text.notna() & parsed.isna(), "code"].tolist()
        if bad:
            raise UnitRegistryError("err_units_bad_date", file=where, field=col, codes=bad)
        units[col] = parsed.astype("datetime64[ns]")
    _validate(units, where)
    if (units["level"] == DEPARTMENT).any():
        _validate_departments(units, where)
    extra = [c for c in ("kind", POPULATION) if c in units.columns]
    return units[[*UNIT_COLUMNS, *extra]].reset_index(drop=True)


def _population(column: pd.Series, codes: pd.Series, where: str) -> pd.Series:
    """The optional population column as whole numbers (``Int64``; blank is missing)."""
    if pd.api.types.is_numeric_dtype(column):
        text = column.astype("Float64").astype("str").where(column.notna())
        number = column.astype("Float64")
    else:
        text = _clean_text(column)
        # "12.345" or "12 345" as typed in Vietnam: thousands marks, not a fraction
        grouped = text.str.fullmatch(r"\d{1,3}([.,\s]\d{3})+").fillna(False).astype(bool)
        number = pd.to_numeric(text.mask(grouped, text.str.replace(r"[.,\s]", "", regex=True)),
                               errors="coerce")
    bad = codes[(text.notna() & (number.isna() | (number < 0) | (number % 1 != 0)))
                .to_numpy(bool)].tolist()
    if bad:
        raise UnitRegistryError("err_units_bad_population", file=where, field=POPULATION,
                                codes=bad)
    return number.astype("Float64").astype("Int64")


def _some(values: list[Any], n: int = 10) -> str:
    """Up to ``n`` values for a message, each as Python writes it (a NUL shows as ``\\x00``),
    and how many there are in all when there are more."""
    shown = ", ".join(repr(v) for v in values[:n])
    return shown if len(values) <= n else f"{shown} … ({len(values)})"


def _check_columns(raw: pd.DataFrame, where: str, read: _Read | None) -> None:
    """Every required column, once; the message says what was read and found."""
    names = list(raw.columns)
    twice = sorted({c for c in names if names.count(c) > 1})
    if twice:
        raise UnitRegistryError("err_units_duplicate_columns", file=where, field=twice[0],
                                columns=_some(twice))
    missing = [c for c in REQUIRED_COLUMNS if c not in raw.columns]
    if not missing:
        return
    found = _some([c[:40] for c in names], 12) or "—"
    fields: dict[str, Any] = {"file": where, "field": missing[0],
                              "columns": ", ".join(missing),
                              "expected": ", ".join(REQUIRED_COLUMNS), "found": found}
    if read is not None:
        raise UnitRegistryError("err_units_missing_columns_read", read_as=read.said(), **fields)
    raise UnitRegistryError("err_units_missing_columns", **fields)


def _check_code_types(raw: pd.DataFrame, where: str) -> None:
    """Codes are text: a column of numbers with decimals has lost its codes already.

    A table built in code may hold codes as numbers: whole numbers are read as
    their digits, but ``288.0`` (a column of numbers with a blank, which pandas
    makes float) or ``True`` is not a code, and its leading zeros are gone.
    """
    for col in ("code", "parent_code"):
        series = raw[col]
        kind = pd.api.types.infer_dtype(series, skipna=True)
        if kind in ("string", "integer", "empty"):
            continue
        wrong = series.dropna()
        if kind in ("mixed", "mixed-integer"):  # text and something else: name the else
            wrong = wrong[~wrong.map(_text_or_whole)]
            if wrong.empty:
                continue
        raise UnitRegistryError("err_units_code_type", file=where, field=col,
                                values=_some(wrong.unique().tolist(), 3))


def _text_or_whole(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _check_texts(units: pd.DataFrame, where: str) -> None:
    """Codes that are codes; names without control characters (a blank name is allowed:
    the template leaves it to be written on the form)."""
    if units["code"].isna().any():
        rows = (units.index[units["code"].isna()] + 2).tolist()
        raise UnitRegistryError("err_units_empty_code", file=where, field="code",
                                line=rows[0], rows=_some(rows))
    for col in ("code", "parent_code"):
        bad = units.loc[not_unit_codes(units[col]), col]
        if len(bad):
            raise UnitRegistryError("err_units_bad_code", file=where, field=col,
                                    codes=_some(bad.unique().tolist()))
    control = units["name"].str.contains(CONTROL_CHARACTERS, regex=True, na=False)
    if control.any():
        raise UnitRegistryError("err_units_bad_name", file=where, field="name",
                                codes=_some(units.loc[control, "code"].tolist()))


def is_registry(units: Any) -> bool:
    """Whether ``units`` is a table :func:`load_units` made (or a part of one).

    Told by its shape: the registry's columns first, codes as text, dates as
    ``datetime64``.  A raw table (dates as text, no ``valid_from``) is not.

    Examples
    --------
    >>> raw = pd.DataFrame({"code": ["30"], "name": ["Hải Dương"], "level": ["province"],
    ...                     "parent_code": [""]})
    >>> is_registry(raw), is_registry(load_units(raw))
    (False, True)
    """
    if not isinstance(units, pd.DataFrame) or list(units.columns[:6]) != UNIT_COLUMNS:
        return False
    return all(pd.api.types.is_datetime64_dtype(units[c]) for c in ("valid_from", "valid_to"))


@overload
def as_registry(units: None) -> None: ...


@overload
def as_registry(units: pd.DataFrame | str | Path) -> pd.DataFrame: ...


def as_registry(units: pd.DataFrame | str | Path | None) -> pd.DataFrame | None:
    """A loaded registry from a path, a raw table or a loaded registry; None stays None.

    The one normalisation of a ``units=`` argument, done at the library's
    public doors; the cores below them take the loaded registry only.  A
    registry already loaded is returned as it is, not validated again.

    Examples
    --------
    >>> as_registry(None) is None
    True
    >>> units = sample_units()
    >>> as_registry(units) is units
    True
    """
    if units is None:
        return None
    if isinstance(units, pd.DataFrame) and is_registry(units):
        return units
    return load_units(units)


def _validate_departments(units: pd.DataFrame, where: str) -> None:
    # Codes may be reused across 2025 (several rows); a code's latest row says its level.
    level = units.drop_duplicates("code", keep="last").set_index("code")["level"]
    dept = units["level"] == DEPARTMENT
    parent_level = units["parent_code"].map(level)
    bad_parent = units.loc[dept & ~parent_level.isin(_DEPARTMENT_PARENTS), "code"].tolist()
    if bad_parent:
        raise UnitRegistryError("err_units_department_parent", file=where,
                                field="parent_code", codes=bad_parent,
                                levels=", ".join(_DEPARTMENT_PARENTS))
    if "kind" in units.columns:
        kind = units["kind"]
        bad_kind = units.loc[dept & kind.notna() & ~kind.isin(DEPARTMENT_KINDS), "code"].tolist()
        if bad_kind:
            raise UnitRegistryError("err_units_department_kind", file=where, field="kind",
                                    codes=bad_kind, kinds=DEPARTMENT_KINDS)


def _fold_level(value: str) -> str | None:

    return _LEVEL_ALIASES.get(fold_text(value))


def _validate(units: pd.DataFrame, where: str) -> None:
    # A unit is a code *and* its validity: codes are reused across the 2025
    # reform (Hải Phòng keeps 31), so rows may share a code if their validity
    # periods do not overlap.
    overlap = _overlapping_codes(units)
    if overlap:
        raise UnitRegistryError("err_units_duplicate", file=where, field="code",
                                codes=overlap)
    has_parent = units["parent_code"].notna()
    orphans = units.loc[has_parent & ~units["parent_code"].isin(set(units["code"])),
                        ["code", "parent_code"]]
    if not orphans.empty:
        pairs = [f"{c} → {p}" for c, p in orphans.itertuples(index=False)]
        raise UnitRegistryError("err_units_unknown_parent", file=where, field="parent_code",
                                pairs=pairs)
    cycle = _cycle_codes(units)
    if cycle:
        raise UnitRegistryError("err_units_cycle", file=where, field="parent_code",
                                codes=cycle)
    links = _parent_rows(units)
    # A department ranks below every level, so nothing may sit under it; its
    # own parent is checked in _validate_departments.
    rank = pd.Series({lv: i for i, lv in enumerate(UNIT_LEVELS)})
    wrong = links[links["level_parent"].map(rank) >= links["level"].map(rank)]
    if not wrong.empty:
        # "child (level) → parent (level)": values, the same in both languages
        pairs = (wrong["code"] + " (" + wrong["level"] + ") → " + wrong["parent_code"] + " ("
                 + wrong["level_parent"] + ")").drop_duplicates().tolist()
        raise UnitRegistryError("err_units_parent_not_above", file=where, field="parent_code",
                                pairs=pairs)
    # A unit below the registry's top level with no parent is outside every scope:
    # its reports would be "not expected" and its counts summed into nothing.
    ranks = units["level"].map({lv: i for i, lv in enumerate(LEVELS)})
    lost = units.loc[units["parent_code"].isna() & (ranks > ranks.min()), "code"].tolist()
    if lost:
        raise UnitRegistryError("err_units_no_parent", file=where, field="parent_code",
                                codes=_some(lost), top=LEVELS[int(ranks.min())])
    bad_dates = units.loc[units["valid_to"] < units["valid_from"], "code"].tolist()
    if bad_dates:
        raise UnitRegistryError("err_units_dates_reversed", file=where, field="valid_to",
                                codes=bad_dates)


def _span(units: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Validity as closed bounds, a blank start or end meaning "always"."""
    return (units["valid_from"].fillna(pd.Timestamp.min),
            units["valid_to"].fillna(pd.Timestamp.max))


def _overlapping_codes(units: pd.DataFrame) -> list[str]:
    shared = units[units["code"].duplicated(keep=False)]
    if shared.empty:
        return []
    start, end = _span(shared)
    spans = pd.DataFrame({"code": shared["code"], "start": start, "end": end})
    spans = spans.sort_values(["code", "start"])
    previous_end = spans.groupby("code")["end"].shift()
    return sorted(spans.loc[spans["start"] <= previous_end, "code"].unique())


def _cycle_codes(units: pd.DataFrame) -> list[str]:
    """Codes on a cycle of parent links, found by peeling off leaves level by level."""
    edges = units.loc[units["parent_code"].notna(), ["code", "parent_code"]].drop_duplicates()
    while not edges.empty:
        # a code that is nobody's parent cannot be on a cycle
        leaf = ~edges["code"].isin(set(edges["parent_code"]))
        if not leaf.any():
            return sorted(set(edges["code"]))
        edges = edges[~leaf]
    return []


def _parent_rows(units: pd.DataFrame) -> pd.DataFrame:
    """Each child row with the row of its parent valid while the child is.

    Returns the child's columns, ``row`` (the child's index) and the parent's
    columns suffixed ``_parent``; when several parent rows overlap the child,
    the latest one; when none does (registries often let a district end
    before a commune recorded under it), the parent code's latest row.
    """
    rows = units.reset_index(names="row")
    child = rows.loc[rows["parent_code"].notna()]
    links = child.merge(rows, left_on="parent_code", right_on="code", suffixes=("", "_parent"))
    c_start, c_end = _span(links)
    p_start = links["valid_from_parent"].fillna(pd.Timestamp.min)
    p_end = links["valid_to_parent"].fillna(pd.Timestamp.max)
    links = links.assign(_fits=(p_start <= c_end) & (c_start <= p_end))
    return links.sort_values(["_fits", "valid_from_parent"], na_position="first").drop_duplicates(
        "row", keep="last")


def sample_units() -> pd.DataFrame:
    """Return the bundled sample registry (Hải Dương, Bắc Ninh, Vân Sơn).

    Codes of provinces and districts are official where known, commune codes
    may be synthetic; ``childlabour_metrics/data/README.md`` says which.

    Examples
    --------
    >>> units = sample_units()
    >>> units.loc[units["code"] == "30", "name"].item()
    'Tỉnh Hải Dương'
    """
    with data_file("units_sample.csv").open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return load_units(frame)


def units_valid_in(units: pd.DataFrame, period: Period | str) -> pd.DataFrame:
    """Units that existed during (any part of) a period.

    Examples
    --------
    >>> units = sample_units()
    >>> "30" in set(units_valid_in(units, "2025")["code"])
    True
    >>> "30" in set(units_valid_in(units, "2026")["code"])
    False
    """
    p = parse_period(period)
    start = pd.Timestamp(p.start)
    end = pd.Timestamp(p.end)
    began = units["valid_from"].isna() | (units["valid_from"] <= end)
    not_ended = units["valid_to"].isna() | (units["valid_to"] >= start)
    return units[began & not_ended]


def valid_on(units: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Units that existed on a given day."""
    ts = pd.Timestamp(day)
    began = units["valid_from"].isna() | (units["valid_from"] <= ts)
    not_ended = units["valid_to"].isna() | (units["valid_to"] >= ts)
    return units[began & not_ended]


def rows_in_period(codes: pd.Series, periods: pd.Series, units: pd.DataFrame) -> pd.DataFrame:
    """The registry row of each (code, period): the one valid in the period.

    Codes are reused across 2025 (10972 is Xã Tân Hồng until 30 June 2025 and
    Xã Đường An from 1 July), so a name, level or parent looked up by code
    alone is wrong for one side of the date.  Of several rows valid in the
    period, the one valid at its end: a report counts a stock at the end of
    its period and is sent after it, so the yearly 2025 report of 10972 is
    Xã Đường An's, as the units expected for a round are those valid at its
    deadline (:func:`~childlabour_metrics.analysis.completeness.completeness`).
    Each distinct (code, period) is looked up once.  When no row is valid in
    the period, the code's latest row is used (the report then has its own
    ``UNIT_NOT_VALID_IN_PERIOD`` problem); unknown codes give NA.

    Parameters
    ----------
    codes, periods : Series
        Aligned unit codes and periods (``2024``, ``2025H1``...).
    units : DataFrame
        A registry (:func:`load_units`).

    Returns
    -------
    DataFrame
        The registry's other columns (``name, level, parent_code, valid_from,
        valid_to``, and any extra ones) on the index of ``codes``.

    Examples
    --------
    >>> units = load_units(pd.DataFrame({"code": ["P", "10972", "10972"],
    ...     "name": ["P", "Xã Tân Hồng", "Xã Đường An"],
    ...     "level": ["province", "commune", "commune"],
    ...     "parent_code": ["", "P", "P"], "valid_from": ["", "", "2025-07-01"],
    ...     "valid_to": ["", "2025-06-30", ""]}))
    >>> periods = pd.Series(["2024", "2025H1", "2025", "2026"])
    >>> rows_in_period(pd.Series(["10972"] * 4), periods, units)["name"]
    0    Xã Tân Hồng
    1    Xã Tân Hồng
    2    Xã Đường An
    3    Xã Đường An
    Name: name, dtype: str
    """
    pairs = pd.DataFrame({"code": codes.to_numpy(), "period": periods.to_numpy()})
    # Each distinct (code, period) once, by integer codes: a follow-up list or a
    # completeness table of ~300,000 rows names a few tens of thousands of pairs,
    # and a merge of every row on two text keys was most of the cost.
    code_at = pd.factorize(pairs["code"])[0].astype(np.int64)
    period_at, period_names = pd.factorize(pairs["period"])
    _, first, back = groups(code_at * (len(period_names) + 1) + (period_at + 1))
    distinct = pairs.iloc[first].reset_index(drop=True)
    found = _rows_in_period(distinct, units)
    out = found.iloc[back]
    out.index = codes.index
    return out


def _rows_in_period(pairs: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """:func:`rows_in_period` of distinct ``code, period`` pairs (a RangeIndex)."""
    keys = pairs.drop_duplicates().dropna()
    # a period that does not parse bounds nothing: NaT at both ends
    bounds: dict[Any, tuple[Any, Any]] = {}
    for text in keys["period"].unique():  # distinct periods: a handful
        try:
            p = parse_period(text)
            bounds[text] = (pd.Timestamp(p.start), pd.Timestamp(p.end))
        except ValueError:
            bounds[text] = (pd.NaT, pd.NaT)
    # to_datetime keeps the columns datetimes when there are no keys at all.
    keys = keys.assign(
        _start=pd.to_datetime(keys["period"].map({k: v[0] for k, v in bounds.items()})),
        _end=pd.to_datetime(keys["period"].map({k: v[1] for k, v in bounds.items()})))
    cols = [c for c in units.columns if c != "code"]
    joined = keys.merge(units[["code", *cols]], on="code")
    start, end = _span(joined)
    joined["_fits"] = (start <= joined["_end"].fillna(pd.Timestamp.max)) & (
        end >= joined["_start"].fillna(pd.Timestamp.min))
    # Of the rows valid in the period, the latest (the one valid at its end): a
    # report counts a stock at the end of its period and is made after it, so the
    # yearly 2025 report is the unit of December 2025, the successor of the
    # communes dissolved on 1 July (issue 22); with none valid, the latest row.
    days = start.to_numpy(dtype="datetime64[ns]").astype("int64")
    joined["_rank"] = days
    joined = joined.sort_values(["_fits", "_rank"])
    best = joined.drop_duplicates(["code", "period"], keep="last")
    out = pairs.merge(best[["code", "period", *cols]], on=["code", "period"], how="left")
    return out[cols]


#: Prefixes of a commune-level unit's name, folded (no accents, lower case), longest
#: first so that "thị trấn" is not read as "thị".
_NAME_PREFIXES = r"^(?:thi tran|dac khu|phuong|xa|tt|p|x)(?:\.\s*|\s+)"


def name_key(names: pd.Series) -> pd.Series:
    """Fold unit names for matching: no case, diacritics, spacing or commune prefix.

    ``Xã Vân Sơn``, ``X. Van  Son`` and ``vân sơn`` all give ``vanson``.

    Examples
    --------
    >>> name_key(pd.Series(["Xã Vân Sơn", "X. Van  Son", "Thị trấn An Châu", "P.Hải Tân",
    ...                     "Xuân Sơn"]))
    0     vanson
    1     vanson
    2     anchau
    3     haitan
    4    xuanson
    dtype: str
    """

    distinct = pd.Series(names.dropna().unique())
    folded = distinct.map(fold_text).str.replace(_NAME_PREFIXES, "", regex=True)
    folded = folded.str.replace(r"[\s.\-–]+", "", regex=True)
    return names.map(dict(zip(distinct, folded, strict=True))).astype("str")


def match_unit_names(
    names: pd.Series | list[str], units: pd.DataFrame, scope: set[str] | None = None
) -> pd.DataFrame:
    """Find the registry unit each name means, ignoring case, diacritics, spacing and prefix.

    For forms whose unit code is blank or unknown: a name that matches exactly
    one unit (within ``scope`` when given) gives that unit's code; two or more
    candidates are ambiguous and listed, none is unmatched.  Matching is done
    once per distinct name.

    Parameters
    ----------
    names : Series or list of str
        Unit names as written (``Xã Vân Sơn``, ``VAN SON``, ``x. vân sơn``).
    units : DataFrame
        A registry (:func:`load_units`); filter it to the period first
        (:func:`units_valid_in`) when names may have changed across the years.
    scope : set of str, optional
        Codes to search (a plan's scope subtree); default: the whole registry.

    Returns
    -------
    DataFrame
        One row per input name, same index: ``name``, ``code`` (the match, NA
        unless exactly one), ``n_candidates`` (int) and ``candidates`` (text
        ``code name; code name`` of every candidate, for the message).

    Examples
    --------
    >>> units = load_units(pd.DataFrame({"code": ["P", "01", "02", "03"],
    ...     "name": ["Tỉnh P", "Xã Vân Sơn", "Xã Hữu Sản", "Phường Hữu Sản"],
    ...     "level": ["province", "commune", "commune", "commune"],
    ...     "parent_code": ["", "P", "P", "P"]}))
    >>> match_unit_names(["VAN SON", "Hữu Sản", "Xã Khác"], units)[["code", "n_candidates"]]
      code  n_candidates
    0   01             1
    1  NaN             2
    2  NaN             0
    """
    names = pd.Series(names, dtype="str") if not isinstance(names, pd.Series) else names
    pool = units if scope is None else units[units["code"].isin(scope)]
    pool = pool.drop_duplicates(["code", "name"])
    pool = pool.assign(_key=name_key(pool["name"]), _label=pool["code"] + " " + pool["name"])
    # Most names are one unit's: only keys shared by several units need a joined list
    # (a Python join per group was most of a large registry's matching).
    shared = pool["_key"].duplicated(keep=False).to_numpy()
    alone = pool.loc[~shared, ["_key", "code", "_label"]].set_index("_key")
    by_key = pd.concat([
        pd.DataFrame({"n_candidates": 1, "code": alone["code"],
                      "candidates": alone["_label"]}, index=alone.index),
        pool[shared].groupby("_key").agg(
            n_candidates=("code", "nunique"),
            code=("code", "first"),
            candidates=("_label", "; ".join),
        ),
    ])
    keys = name_key(names.astype("str"))
    found = by_key.reindex(keys.to_numpy())
    n = found["n_candidates"].fillna(0).astype("int64").to_numpy()
    return pd.DataFrame(
        {
            "name": names.to_numpy(),
            "code": found["code"].where(n == 1).to_numpy(),
            "n_candidates": n,
            "candidates": found["candidates"].fillna("").to_numpy(),
        },
        index=names.index,
    ).astype({"code": "str", "candidates": "str"})


def _row_ancestors(units: pd.DataFrame, level: str) -> pd.Series:
    """The ancestor code at ``level`` of each registry row (RangeIndex), NA when none."""
    links = _parent_rows(units)
    up = np.full(len(units) + 1, -1)  # the last slot stands for "no row"
    up[links["row"].to_numpy()] = links["row_parent"].to_numpy()
    levels = np.append(units["level"].to_numpy(dtype=object), [None])
    node = np.arange(len(units))
    for _ in LEVELS:  # one step up per level at most
        node = np.where(levels[node] == level, node, up[node])
    codes = np.append(units["code"].to_numpy(dtype=object), [None])
    return pd.Series(codes[node], index=units.index, dtype="str").where(node >= 0)


def ancestor_in_period(
    codes: pd.Series, periods: pd.Series, units: pd.DataFrame, level: str
) -> pd.Series:
    """The ancestor at ``level`` of each (code, period), from the row valid in the period.

    Old Xã Tân Hồng (10972) belongs to Hải Dương (30) in 2024; new Xã Đường An
    (10972) to Hải Phòng (31) in 2026.

    Examples
    --------
    >>> units = load_units(pd.DataFrame({"code": ["30", "31", "10972", "10972"],
    ...     "name": ["Hải Dương", "Hải Phòng", "Tân Hồng", "Đường An"],
    ...     "level": ["province", "province", "commune", "commune"],
    ...     "parent_code": ["", "", "30", "31"], "valid_from": ["", "", "", "2025-07-01"],
    ...     "valid_to": ["2025-06-30", "", "2025-06-30", ""]}))
    >>> ancestor_in_period(pd.Series(["10972", "10972"]), pd.Series(["2024", "2026"]),
    ...                    units, "province").tolist()
    ['30', '31']
    """
    if level not in LEVELS:
        raise InputError("err_input_bad_level", value=repr(level), levels=choices(LEVELS))
    units = units.reset_index(drop=True)
    table = units[["code", "valid_from", "valid_to"]].assign(_anc=_row_ancestors(units, level))
    return rows_in_period(codes, periods, table)["_anc"].astype("str").rename(f"{level}_code")


def ancestor_map(units: pd.DataFrame, level: str, on: Any = None) -> pd.Series:
    """Map every unit code to its ancestor (or itself) at ``level``.

    Units above ``level``, or with no ancestor at it, map to NA.  A parent is
    the row of the parent code valid while the child is, so a registry of
    both sides of 2025 (old 10972 under district 296, new 10972 under
    province 31) gives each row its own ancestor; a code with several rows
    keeps the ancestor of its latest row, unless ``on`` (a day) first keeps
    the rows valid that day.  A department maps to the area it serves (it is inside
    the plan's scope), but its counts are never summed into that area:
    :func:`compute.aggregate` sums reports of one map level only.

    Examples
    --------
    >>> units = sample_units()
    >>> amap = ancestor_map(units, "province")
    >>> amap["288"], amap["30"]
    ('30', '30')
    """
    if level not in LEVELS:
        raise InputError("err_input_bad_level", value=repr(level), levels=choices(LEVELS))
    if on is not None:
        units = valid_on(units, pd.Timestamp(on))
    units = units.reset_index(drop=True)
    latest = units.assign(_anc=_row_ancestors(units, level))
    latest = latest.sort_values("valid_from", na_position="first")
    latest = latest.drop_duplicates("code", keep="last").sort_index()
    return pd.Series(latest["_anc"].to_numpy(), index=latest["code"].to_numpy(), dtype="str",
                     name=f"{level}_code")


def unit_code_hint(units: pd.DataFrame, typed: str) -> str | None:
    """The registry code a typed unit code most likely meant, for a message; None if none.

    A code typed as a number loses its leading zeros ("1" for "00001").  Among the
    registry's codes that read the same without leading zeros, the one of the lowest
    level wins (communes report most); with none, a digits-only code is padded to the
    length of the codes of the lowest level, so "1" hints "00001" in a registry of
    five-digit communes, never "01" (a province).

    Examples
    --------
    >>> units = pd.DataFrame({"code": ["01", "00001", "00412"],
    ...                       "level": ["province", "commune", "commune"]})
    >>> unit_code_hint(units, "1"), unit_code_hint(units, "412"), unit_code_hint(units, "7")
    ('00001', '00412', '00007')
    >>> unit_code_hint(units, "abc") is None
    True
    """
    typed = str(typed).strip()
    codes = units["code"].astype("str")
    rank = units["level"].map({level: i for i, level in enumerate(LEVELS)}).fillna(-1)
    same = codes.str.lstrip("0") == typed.lstrip("0")
    same &= codes != typed
    if same.any():
        ranked = rank[same].to_numpy()
        return str(codes[same].iloc[int(ranked.argmax())])
    if not typed.isdigit() or codes.empty:
        return None
    lowest = codes[rank == rank.max()]
    width = int(lowest.str.len().mode().iloc[0])
    padded = typed.zfill(width)
    return padded if padded != typed else None


__all__ += ["unit_code_hint"]
