"""Units across the 2025 reorganisation: old unit codes → the units they became.

In 2025 provinces merged (63 → 34), districts were abolished and many communes
merged.  A dated crosswalk (``old_code, new_code, effective_date``) maps each
old unit to its successor; :func:`crosswalk` re-labels observations with the
unit they belong to on a given day and **sums the counts**, so a 2022 figure
can be shown on the 2026 map and a new commune's series runs back through its
predecessors.  Values (ratios) are computed afterwards from the summed counts,
never averaged.  This module never changes its inputs and never splits a
unit's counts between several successors (that would need weights nobody
reports).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from ._resources import data_file

__all__ = [
    "CrosswalkError",
    "crosswalk",
    "load_crosswalk",
    "province_crosswalk_2025",
    "resolve_codes",
    "sample_crosswalk",
]

CROSSWALK_COLUMNS = ["old_code", "new_code", "effective_date"]
_KEY = ["unit_code", "period", "indicator"]


from .errors import CrosswalkError  # noqa: E402 - kept importable here; one family in errors.py


def _nfc_text(series: pd.Series) -> pd.Series:
    text = series.astype("str").str.strip()
    text = text.map(lambda v: unicodedata.normalize("NFC", v) if isinstance(v, str) else v)
    return text.mask(text.isin(["", "nan", "None", "<NA>"])).astype("str")


def _clean_mapping(mapping: pd.DataFrame, where: str = "crosswalk") -> pd.DataFrame:
    cols = {str(c).strip().lower(): c for c in mapping.columns}
    missing = [c for c in CROSSWALK_COLUMNS if c not in cols]
    if missing:
        raise CrosswalkError(f"{where}: missing column(s) {missing}; expected {CROSSWALK_COLUMNS}")
    out = pd.DataFrame(
        {
            "old_code": _nfc_text(mapping[cols["old_code"]]),
            "new_code": _nfc_text(mapping[cols["new_code"]]),
        }
    )
    raw_date = mapping[cols["effective_date"]]
    if pd.api.types.is_datetime64_any_dtype(raw_date):
        dates = pd.to_datetime(raw_date)
    else:
        text = _nfc_text(raw_date)
        dates = pd.to_datetime(text, errors="coerce", format="ISO8601")
        bad = out.loc[text.notna() & dates.isna(), "old_code"].tolist()
        if bad:
            raise CrosswalkError(f"{where}: unreadable effective_date for {bad}; write YYYY-MM-DD")
    out["effective_date"] = dates.astype("datetime64[ns]")
    for extra in ("old_name", "new_name"):
        if extra in cols:
            out[extra] = _nfc_text(mapping[cols[extra]])
    if out["old_code"].isna().any():
        rows = (out.index[out["old_code"].isna()] + 2).tolist()
        raise CrosswalkError(f"{where}: empty old_code on row(s) {rows}")
    return out


def load_crosswalk(path: str | Path) -> pd.DataFrame:
    """Read a crosswalk CSV (``old_code, new_code, effective_date``).

    Codes are read as text (leading zeros matter), names and codes are
    normalised to NFC; ``old_name``/``new_name`` columns are kept when
    present.  A blank ``effective_date`` means "always in force".

    Parameters
    ----------
    path : str or Path
        A UTF-8 CSV file (a byte-order mark, as Excel writes, is accepted).

    Returns
    -------
    DataFrame
        ``old_code, new_code`` (str), ``effective_date`` (datetime64).

    Raises
    ------
    CrosswalkError
        For missing columns, empty old codes or unreadable dates.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cw.csv"
    >>> _ = p.write_text("old_code,new_code,effective_date\\n0412,0500,2025-07-01\\n")
    >>> load_crosswalk(p)["old_code"].tolist()
    ['0412']
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return _clean_mapping(raw, str(path))


def province_crosswalk_2025() -> pd.DataFrame:
    """The 2025 province merger (Resolution 202/2025/QH15), 63 → 34 provinces.

    Reads the bundled ``data/crosswalk_provinces_2025.csv``.  Every old
    province went whole into one new province on 2025-07-01; unchanged
    provinces map to themselves.

    Returns
    -------
    DataFrame
        ``old_code, new_code, effective_date, old_name, new_name``.

    Examples
    --------
    >>> cw = province_crosswalk_2025()
    >>> len(cw), cw["effective_date"].dt.date.unique().tolist()
    (63, [datetime.date(2025, 7, 1)])
    >>> cw.loc[cw["old_name"] == "Hải Dương", "new_name"].item()
    'Hải Phòng'
    """
    with data_file("crosswalk_provinces_2025.csv").open("r", encoding="utf-8-sig") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return _clean_mapping(raw, "crosswalk_provinces_2025.csv")


def sample_crosswalk() -> pd.DataFrame:
    """The bundled sample crosswalk (``data/crosswalk_sample.csv``) for the sample registry.

    Examples
    --------
    >>> sorted(sample_crosswalk().query("new_code == '95312'")["old_code"])
    ['92941', '92942', '92943']
    """
    with data_file("crosswalk_sample.csv").open("r", encoding="utf-8-sig") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return _clean_mapping(raw, "crosswalk_sample.csv")


def resolve_codes(mapping: pd.DataFrame, to_date: Any = None) -> dict[str, str]:
    """Resolve a crosswalk, chains included, to a flat ``{old: final}`` dict.

    Parameters
    ----------
    mapping : DataFrame
        ``old_code, new_code, effective_date``.
    to_date : date-like, optional
        Only steps in force on this day are followed (``effective_date <=
        to_date``; a blank date is always in force).  Default: every step.

    Returns
    -------
    dict
        Each old code that changed, mapped to the code it belongs to on
        ``to_date`` (after following A → B → C).  A step B → C is followed
        only when it took effect after A → B (or either is undated): a code
        given to a new unit on the day its old holder was merged away is a
        reuse, not a chain.  When one code was re-mapped later, the latest
        step in force wins.  Rows mapping a code to itself or to a blank
        code are ignored.

    Raises
    ------
    CrosswalkError
        When one code has two successors in force from the same day (a
        split: counts cannot be divided), or undated steps form a cycle.

    Examples
    --------
    >>> m = pd.DataFrame({"old_code": ["A", "B"], "new_code": ["B", "C"],
    ...                   "effective_date": ["2025-07-01", "2026-01-01"]})
    >>> resolve_codes(m, "2025-12-31"), resolve_codes(m)
    ({'A': 'B'}, {'A': 'C', 'B': 'C'})
    """
    m = _clean_mapping(mapping)
    m = m[m["new_code"].notna() & (m["new_code"] != m["old_code"])]
    if to_date is not None:
        day = pd.Timestamp(to_date)
        m = m[m["effective_date"].isna() | (m["effective_date"] <= day)]
    # When a code was re-mapped later (A → B in 2025, then A → C in 2026), the
    # latest step in force wins; two successors on one day is a split.
    m = m.assign(_date=m["effective_date"].fillna(pd.Timestamp.min))
    latest = m.groupby("old_code")["_date"].transform("max")
    m = m[m["_date"] == latest]
    split = m.groupby("old_code")["new_code"].nunique()
    if (split > 1).any():
        bad = {
            code: sorted(m.loc[m["old_code"] == code, "new_code"])
            for code in split[split > 1].index
        }
        raise CrosswalkError(f"unit(s) split between several successors: {bad}")
    step = dict(zip(m["old_code"], zip(m["new_code"], m["effective_date"], strict=True),
                    strict=True))
    resolved: dict[str, str] = {}
    for code in step:
        seen = [code]
        node, since = step[code]
        # Follow B → C only when it happened after A → B: the same code used
        # for an old and a new unit on the same day (old 24 Bắc Giang, new 24
        # Bắc Ninh) is a reuse, not a chain.
        while node in step and _later(step[node][1], since):
            if node in seen:
                raise CrosswalkError(f"cycle in crosswalk: {' → '.join([*seen, node])}")
            seen.append(node)
            node, since = step[node]
        resolved[code] = node
    return resolved


def _warn_unmapped(codes: pd.Series, mapping: pd.DataFrame) -> None:
    m = _clean_mapping(mapping)
    blank = set(m.loc[m["new_code"].isna(), "old_code"]) & set(codes.dropna())
    if blank:
        warnings.warn(
            f"{len(blank)} unit code(s) have a crosswalk row without a new code and keep "
            f"their old code: {sorted(blank)[:10]}",
            UserWarning,
            stacklevel=3,
        )


def _later(date: pd.Timestamp, than: pd.Timestamp) -> bool:
    return bool(pd.isna(date) or pd.isna(than) or date > than)


def crosswalk(
    observations: pd.DataFrame,
    mapping: pd.DataFrame,
    *,
    to_date: dt.date | str | None = None,
    skipna: bool = False,
) -> pd.DataFrame:
    """Re-label observations with the units they belong to on ``to_date``, summing counts.

    Parameters
    ----------
    observations : DataFrame
        Needs ``unit_code, period, indicator, numerator, denominator``;
        rows with ``status`` ``error`` or ``superseded`` are left out.
    mapping : DataFrame
        ``old_code, new_code, effective_date`` (see :func:`load_crosswalk`);
        chains A → B → C are followed.
    to_date : date-like, optional
        The map to show: steps effective after this day are not applied.
        Default: every step (today's map).
    skipna : bool
        False (default): a group with a missing numerator (or denominator)
        in any of its source rows gets a missing sum, because missing is not
        zero and a partial sum would understate the new unit.  True: sum
        what is there (``n_source_rows`` and ``source_units`` still show
        what was summed).

    Returns
    -------
    DataFrame
        One row per (new unit, period, indicator): ``unit_code, period,
        indicator, numerator, denominator`` (Int64 sums), ``source_units``
        (tuple of the original codes, sorted), ``n_source_rows`` (Int64), and
        ``report_date`` (the latest) when the input has one.  Units not in
        the mapping pass through with themselves as their only source.

    Notes
    -----
    Codes are replaced whatever the period: that is the point ("as if the new
    units had existed").  If a new unit *and* its predecessors both reported
    for the same period, both are summed; check ``source_units``.

    Examples
    --------
    Three communes merged into one; their counts are summed and the ratio is
    taken afterwards (4.0 %, not the 5.67 % mean of their rates):

    >>> obs = pd.DataFrame({"unit_code": ["92941", "92942", "92943"],
    ...     "period": ["2024"] * 3, "indicator": ["CL01"] * 3,
    ...     "numerator": [2, 3, 3], "denominator": [100, 50, 50]})
    >>> m = pd.DataFrame({"old_code": ["92941", "92942", "92943"],
    ...     "new_code": ["95312"] * 3, "effective_date": ["2025-07-01"] * 3})
    >>> out = crosswalk(obs, m)
    >>> out[["unit_code", "numerator", "denominator", "n_source_rows"]]
      unit_code  numerator  denominator  n_source_rows
    0     95312          8          200              3
    >>> out["source_units"].item()
    ('92941', '92942', '92943')
    """
    required = ["unit_code", "period", "indicator", "numerator", "denominator"]
    missing = [c for c in required if c not in observations.columns]
    if missing:
        raise KeyError(f"observations lack column(s) {missing}")
    obs = observations.copy()
    for col in ("unit_code", "period", "indicator"):
        obs[col] = _nfc_text(obs[col])
    for col in ("numerator", "denominator"):
        obs[col] = pd.to_numeric(obs[col], errors="raise").astype("Float64").astype("Int64")
    if "status" in obs.columns:
        obs = obs[~obs["status"].astype("str").isin(["error", "superseded"])]
    resolved = resolve_codes(mapping, to_date)
    _warn_unmapped(obs["unit_code"], mapping)
    obs["_source"] = obs["unit_code"]
    obs["unit_code"] = obs["unit_code"].map(lambda c: resolved.get(c, c)).astype("str")

    def _sum(series: pd.Series) -> Any:
        if not skipna and series.isna().any():
            return pd.NA
        return series.sum(min_count=1)

    agg: dict[str, Any] = {
        "numerator": ("numerator", _sum),
        "denominator": ("denominator", _sum),
        "source_units": ("_source", lambda s: tuple(sorted(set(s)))),
        "n_source_rows": ("_source", "size"),
    }
    if "report_date" in obs.columns:
        obs["report_date"] = pd.to_datetime(obs["report_date"])
        agg["report_date"] = ("report_date", "max")
    if obs.empty:
        cols = {"unit_code": "str", "period": "str", "indicator": "str", "numerator": "Int64",
                "denominator": "Int64", "source_units": object, "n_source_rows": "Int64"}
        if "report_date" in agg:
            cols["report_date"] = "datetime64[ns]"
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})
    out = obs.groupby(_KEY, sort=True).agg(**agg).reset_index()
    for col in ("numerator", "denominator", "n_source_rows"):
        out[col] = out[col].astype("Int64")
    for col in _KEY:
        out[col] = out[col].astype("str")
    out["source_units"] = out["source_units"].astype(object)
    return out
