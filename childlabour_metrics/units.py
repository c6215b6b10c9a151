"""The unit registry: administrative units, their hierarchy and validity dates.

A registry row is a unit (country, province, district or commune) with its
code (text: leading zeros are part of a code), name, level, parent and the
dates it existed.  Vietnam's map changed in 2025 (provinces merged, districts
abolished), so validity dates are part of a unit, not an afterthought.  This
module validates registries and answers hierarchy questions; it never reads
report workbooks.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pandas as pd

from ._resources import data_file
from .periods import Period, parse_period

__all__ = [
    "LEVELS",
    "UnitRegistryError",
    "ancestor_map",
    "subtree",
    "load_units",
    "sample_units",
    "units_valid_in",
]

#: Administrative levels from the top down.
LEVELS: tuple[str, ...] = ("country", "province", "district", "commune")
UNIT_COLUMNS = ["code", "name", "level", "parent_code", "valid_from", "valid_to"]

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
}


from .errors import UnitRegistryError  # noqa: E402 - kept importable here; one family in errors.py


def _read_table(path: Path) -> pd.DataFrame:
    # Every column is read as text so that codes keep their leading zeros.
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls", ".ods"}:
        return pd.read_excel(path, dtype=str, engine="calamine")
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def _clean_text(series: pd.Series) -> pd.Series:
    text = series.astype("str").str.strip()
    text = text.map(lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v)
    return text.mask(text.isin(["", "nan", "None"])).astype("str")


def load_units(source: str | Path | pd.DataFrame) -> pd.DataFrame:
    """Load and validate a unit registry from CSV, Excel or a DataFrame.

    Parameters
    ----------
    source : str, Path or DataFrame
        A table with columns ``code, name, level, parent_code, valid_from,
        valid_to``.  ``level`` is one of ``country, province, district,
        commune`` (Vietnamese ``tỉnh, huyện, xã`` accepted).  Dates are ISO
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
    where = "registry" if isinstance(source, pd.DataFrame) else str(source)
    raw = source.copy() if isinstance(source, pd.DataFrame) else _read_table(Path(source))
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    missing = [c for c in ("code", "name", "level") if c not in raw.columns]
    if missing:
        raise UnitRegistryError(f"{where}: missing column(s) {missing}; expected {UNIT_COLUMNS}")
    for col in ("parent_code", "valid_from", "valid_to"):
        if col not in raw.columns:
            raw[col] = ""
    units = pd.DataFrame({col: _clean_text(raw[col]) for col in ("code", "name", "parent_code")})
    folded = raw["level"].astype("str").map(_fold_level)
    bad_level = units.loc[folded.isna(), "code"].tolist()
    if bad_level:
        raise UnitRegistryError(
            f"{where}: unknown level for unit(s) {bad_level}; use one of {LEVELS}"
        )
    units.insert(2, "level", folded.astype("str"))
    for col in ("valid_from", "valid_to"):
        text = _clean_text(raw[col])
        parsed = pd.to_datetime(text, errors="coerce", format="ISO8601")
        bad = units.loc[text.notna() & parsed.isna(), "code"].tolist()
        if bad:
            raise UnitRegistryError(
                f"{where}: unreadable {col} for unit(s) {bad}; write dates as YYYY-MM-DD"
            )
        units[col] = parsed.astype("datetime64[ns]")
    _validate(units, where)
    return units.reset_index(drop=True)


def _fold_level(value: str) -> str | None:
    from .periods import fold_text

    return _LEVEL_ALIASES.get(fold_text(value))


def _validate(units: pd.DataFrame, where: str) -> None:
    if units["code"].isna().any():
        rows = (units.index[units["code"].isna()] + 2).tolist()
        raise UnitRegistryError(f"{where}: empty code on row(s) {rows}")
    dupes = sorted(units.loc[units["code"].duplicated(), "code"].unique())
    if dupes:
        raise UnitRegistryError(f"{where}: duplicate code(s) {dupes}; each unit needs its own code")
    known = set(units["code"])
    has_parent = units["parent_code"].notna()
    orphans = units.loc[has_parent & ~units["parent_code"].isin(known), ["code", "parent_code"]]
    if not orphans.empty:
        pairs = [f"{c} → {p}" for c, p in orphans.itertuples(index=False)]
        raise UnitRegistryError(f"{where}: unknown parent code(s): {pairs}")
    parent = dict(zip(units["code"], units["parent_code"], strict=True))
    for code in units["code"]:
        seen = [code]
        node = parent[code]
        while isinstance(node, str):
            if node in seen:
                raise UnitRegistryError(f"{where}: cycle in parents: {' → '.join([*seen, node])}")
            seen.append(node)
            node = parent[node]
    rank = {lv: i for i, lv in enumerate(LEVELS)}
    level = dict(zip(units["code"], units["level"], strict=True))
    wrong = [
        f"{c} ({level[c]}) under {p} ({level[p]})"
        for c, p in zip(units["code"], units["parent_code"], strict=True)
        if isinstance(p, str) and rank[level[p]] >= rank[level[c]]
    ]
    if wrong:
        raise UnitRegistryError(f"{where}: parent not above child: {wrong}")
    bad_dates = units.loc[units["valid_to"] < units["valid_from"], "code"].tolist()
    if bad_dates:
        raise UnitRegistryError(f"{where}: valid_to before valid_from for {bad_dates}")


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


def ancestor_map(units: pd.DataFrame, level: str) -> pd.Series:
    """Map every unit code to its ancestor (or itself) at ``level``.

    Units above ``level``, or with no ancestor at it, map to NA.

    Examples
    --------
    >>> units = sample_units()
    >>> amap = ancestor_map(units, "province")
    >>> amap["288"], amap["30"]
    ('30', '30')
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; use one of {LEVELS}")
    parent = dict(zip(units["code"], units["parent_code"], strict=True))
    lvl = dict(zip(units["code"], units["level"], strict=True))
    out: dict[str, str | None] = {}
    for code in units["code"]:
        node: str | None = code
        while isinstance(node, str) and lvl[node] != level:
            node = parent[node] if isinstance(parent[node], str) else None
        out[code] = node
    return pd.Series(out, dtype="str", name=f"{level}_code")


def subtree(units: pd.DataFrame, code: str) -> set[str]:
    """The codes of a unit and of every unit below it.

    A plan covers its scope unit's subtree; units elsewhere in a registry are
    not assessed against it.

    Examples
    --------
    >>> sorted(subtree(sample_units(), "288"))[:2]
    ['288', '92881']
    """
    children: dict[str, list[str]] = {}
    for child, parent in zip(units["code"], units["parent_code"], strict=True):
        if isinstance(parent, str):
            children.setdefault(parent, []).append(child)
    found: set[str] = set()
    stack = [code] if code in set(units["code"]) or code in children else []
    while stack:
        node = stack.pop()
        if node not in found:
            found.add(node)
            stack.extend(children.get(node, ()))
    return found


def scope_codes(
    units: pd.DataFrame, scope_code: str | None, on: dt.date | None = None
) -> set[str]:
    """The codes of the units a plan covers: its scope unit and every unit below it.

    The one scope rule of the library (attainment, progress, the reader's plan
    rules and completeness all ask it).  A unit is in scope when the scope code
    is the unit itself or one of its ancestors by ``parent_code``; the scope
    code may be a parent the registry names without a row of its own.  With no
    scope code (a national plan), or one the registry does not mention at all,
    there is no ground to leave a unit out: every unit is in scope.

    Parameters
    ----------
    units : DataFrame
        A unit registry (:func:`load_units`).
    scope_code : str or None
        The plan's scope unit (``Plan.scope_code``); None for the whole registry.
    on : datetime.date, optional
        Keep only the units that existed on that day (:func:`valid_on`).

    Returns
    -------
    set of str

    Examples
    --------
    >>> scope = scope_codes(sample_units(), "30")
    >>> "92881" in scope, "95241" in scope, "30" in scope
    (True, False, True)
    >>> scope_codes(sample_units(), "99") == set(sample_units()["code"])
    True
    """
    if on is not None:
        units = valid_on(units, on)
    codes = units["code"].astype("str")
    parents = units["parent_code"]
    mentioned = scope_code is not None and (
        (codes == scope_code).any() or (parents == scope_code).any()
    )
    if not mentioned:
        return set(codes)
    parent_of = pd.Series(parents.to_numpy(), index=codes.to_numpy())
    parent_of = parent_of[~parent_of.index.duplicated(keep="last")]
    # Climb one level per pass, every unit at once; a registry is a few levels deep,
    # and the pass count is capped so that a cycle of parents cannot loop forever.
    node = codes.reset_index(drop=True)
    inside = (node == scope_code).to_numpy(dtype=bool, copy=True)
    for _ in range(len(LEVELS) + 8):
        node = node.map(parent_of)
        if node.isna().all():
            break
        inside |= (node == scope_code).fillna(False).to_numpy(dtype=bool)
    return set(codes[inside])




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


__all__ += ["scope_codes", "unit_code_hint"]  # here, not above: the registry work edits the top
