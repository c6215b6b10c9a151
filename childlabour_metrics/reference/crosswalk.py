"""Units across the 2025 reorganisation: old unit codes → the units they became.

In 2025 provinces merged (63 → 34), districts were abolished, communes merged
and some were divided.  A dated crosswalk (``old_code, new_code,
effective_date, weight``) maps each old unit to its successor(s);
:func:`crosswalk` re-labels observations with the unit they belong to on a
given day and **sums the counts**, so a 2022 figure can be shown on the 2026
map and a new commune's series runs back through its predecessors.

* Merged units: their counts are summed.
* Divided units: each count is shared between the successors by ``weight``
  (the share of the old unit that went to each) in whole numbers that add up
  to the count (largest remainder), and every row fed by a divided unit is
  marked ``approximate``.  The numerator and the denominator are shared
  together, so that no successor gets more children than its denominator
  (4 out of 5 by 0.6 / 0.3 / 0.1 is 3/3, 1/2 and 0/0, not 1 out of 0 for the
  third): the rule and why are in
  :mod:`~childlabour_metrics.reference._apportion`.
* A row missing either count contributes to neither sum (as
  :func:`~childlabour_metrics.analysis.values.aggregate` does): a ratio of sums is
  only honest over rows that have both.  ``n_predecessors`` and
  ``n_reported`` say how many old units fed a new one and how many reported.
* A step applies to rows whose period began before it took effect: codes are
  reused across the date (new Xã Đường An took old Xã Tân Hồng's 10972), and
  a 2026 row of 10972 is already the new unit.

Values (ratios) are computed afterwards from the summed counts, never
averaged.  Everything is done with merges and group-bys over the distinct
(unit, period) pairs, never per row or per group in Python.
:func:`crosswalk` runs in five steps, each a function: encode (keys to
integer codes), expand (each row to the units it ends in, with weights),
share (a divided row's counts between its parts), sum (onto the new units)
and decode (back to text, with flags and provenance).
"""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from ..language.errors import CrosswalkError
from ..language.words import word
from ._apportion import share_jointly
from ._resources import data_file
from .official import official_crosswalk
from .periods import PeriodError, parse_period
from .schemas import check_observations, usable

__all__ = [
    "CrosswalkError",
    "crosswalk",
    "load_crosswalk",
    "predecessor_series",
    "province_crosswalk_2025",
    "resolve_codes",
    "resolve_weights",
    "sample_crosswalk",
    "successors",
    "validate_crosswalk",
]

CROSSWALK_COLUMNS = ["old_code", "new_code", "effective_date"]
_KEY = ["unit_code", "period", "indicator"]
#: How far a weight sum may stray from 1 (CSV decimals) before it is an error.
_WEIGHT_TOLERANCE = 1e-6



def _nfc_codes(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes of the NFC, stripped text of each value (−1 for blank), and the texts, sorted.

    Each distinct value is normalised once (codes and periods repeat on every
    row); values equal once cleaned share a code, and codes follow the sort
    order of the texts, so a group-by on codes sorts as one on the texts.
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    stripped = [unicodedata.normalize("NFC", str(v).strip()) for v in uniques]
    clean = pd.Series([None if v in {"", "nan", "None", "<NA>"} else v for v in stripped],
                      dtype="str")
    final, names = pd.factorize(clean, sort=True)
    final = np.append(final, -1)  # the raw code −1 (a missing value) stays −1
    return final[codes], np.asarray(names, dtype=object)


def _nfc_text(series: pd.Series) -> pd.Series:
    codes, names = _nfc_codes(series)
    text = np.append(names, [None])[codes]
    return pd.Series(text, index=series.index, dtype="str")


def _clean_mapping(mapping: pd.DataFrame, where: str = "crosswalk") -> pd.DataFrame:
    cols = {str(c).strip().lower(): c for c in mapping.columns}
    missing = [c for c in CROSSWALK_COLUMNS if c not in cols]
    if missing:
        raise CrosswalkError("err_crosswalk_missing_columns", file=where, field=missing[0],
                             columns=missing, expected=CROSSWALK_COLUMNS)
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
            raise CrosswalkError("err_crosswalk_bad_date", file=where, field="effective_date",
                                 codes=bad)
    out["effective_date"] = dates.astype("datetime64[ns]")
    out["weight"] = _weights(mapping[cols["weight"]] if "weight" in cols else None, out, where)
    for extra in ("old_name", "new_name"):
        if extra in cols:
            out[extra] = _nfc_text(mapping[cols[extra]])
    if out["old_code"].isna().any():
        rows = (out.index[out["old_code"].isna()] + 2).tolist()
        raise CrosswalkError("err_crosswalk_empty_code", file=where, field="old_code",
                             line=rows[0], rows=rows)
    return out


def _weights(raw: pd.Series | None, out: pd.DataFrame, where: str) -> pd.Series:
    """Shares as floats, blank = 1 (whole); each old unit's shares on one day sum to 1."""
    if raw is None:
        weight = pd.Series(1.0, index=out.index)
    else:
        text = raw.astype("str").str.strip()
        text = text.mask(text.isin(["", "nan", "<NA>"]))
        weight = pd.to_numeric(text, errors="coerce")
        bad = out.loc[text.notna() & (weight.isna() | (weight < 0) | (weight > 1)), "old_code"]
        if not bad.empty:
            raise CrosswalkError("err_crosswalk_bad_weight", file=where, field="weight",
                                 codes=sorted(set(bad)))
        weight = weight.fillna(1.0).astype("float64")
    has_new = out["new_code"].notna()
    day = out["effective_date"].fillna(pd.Timestamp.min)
    total = weight[has_new].groupby([out["old_code"][has_new], day[has_new]]).sum()
    off = total[(total - 1).abs() > _WEIGHT_TOLERANCE]
    if not off.empty:
        sums = {code: round(float(v), 6)
                for code, v in zip(off.index.get_level_values(0), off, strict=True)}
        raise CrosswalkError("err_crosswalk_weights_sum", file=where, field="weight",
                             sums=sums)
    return weight


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
    """The 2025 province merger (Resolution 202/2025/QH15), 63 → 34 provinces, official codes.

    The province rows of :func:`~childlabour_metrics.official_crosswalk`:
    every old province went whole into one new province on 2025-07-01;
    unchanged provinces map to themselves, and codes are reused (Hải Dương 30
    and Hải Phòng 31 → Hải Phòng 31; Bắc Giang 24 and Bắc Ninh 27 → Bắc Ninh
    24).  The sample registry uses the same official codes: use
    :func:`sample_crosswalk` with the sample data.

    Returns
    -------
    DataFrame
        ``old_code, new_code, effective_date, weight, old_name, new_name``.

    Examples
    --------
    >>> cw = province_crosswalk_2025()
    >>> len(cw), cw["new_code"].nunique(), cw["effective_date"].dt.date.unique().tolist()
    (63, 34, [datetime.date(2025, 7, 1)])
    >>> cw.loc[cw["old_code"] == "30", ["new_code", "new_name"]].values.tolist()
    [['31', 'Thành phố Hải Phòng']]
    """

    cw = official_crosswalk(level="province")
    return cw[["old_code", "new_code", "effective_date", "weight", "old_name", "new_name"]]


def sample_crosswalk() -> pd.DataFrame:
    """The bundled sample crosswalk (``data/crosswalk_sample.csv``) for the sample registry.

    Examples
    --------
    >>> sorted(sample_crosswalk().query("new_code == '10606'")["old_code"])
    ['10606', '10654']
    """
    with data_file("crosswalk_sample.csv").open("r", encoding="utf-8-sig") as fh:
        raw = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return _clean_mapping(raw, "crosswalk_sample.csv")


def _steps(mapping: pd.DataFrame, to_date: Any, *, cleaned: bool = False) -> pd.DataFrame:
    """The steps in force on ``to_date``: old_code, new_code, date, weight, divided."""
    m = mapping if cleaned else _clean_mapping(mapping)
    m = m[m["new_code"].notna()]
    if to_date is not None:
        on = pd.Timestamp(to_date)
        m = m[m["effective_date"].isna() | (m["effective_date"] <= on)]
    day = m["effective_date"].fillna(pd.Timestamp.min)
    parts = m.groupby([m["old_code"], day])["new_code"].transform("size")
    return pd.DataFrame({
        "old_code": m["old_code"], "new_code": m["new_code"],
        "date": m["effective_date"], "weight": m["weight"], "divided": parts > 1,
    }).reset_index(drop=True)


def _resolve(keys: pd.DataFrame, steps: pd.DataFrame) -> pd.DataFrame:
    """Follow every (code, start) through the steps to the unit(s) it belongs to.

    ``keys``: ``code, start`` (the start of a period, NaT = unknown).  A step
    applies when it took effect after ``start`` (the period began on the old
    map), and a chain A → B → C continues only through a step that took
    effect after the previous one (a code given to a new unit on the day its
    old holder was merged away is a reuse, not a chain).  Undated steps apply
    always.  When one code has steps on several days, the latest wins.

    Returns ``code, start, new_code, weight, divided`` (one row per successor;
    a key no step applies to maps to itself with weight 1).
    """
    cur = keys.assign(node=keys["code"], since=keys["start"], weight=1.0, divided=False)
    cur = cur.reset_index(drop=True)
    done = []
    for _ in range(steps["old_code"].nunique() + 2):
        cand = cur.reset_index(names="rid").merge(
            steps, left_on="node", right_on="old_code", suffixes=("", "_step"))
        cand = cand[cand["date"].isna() | cand["since"].isna() | (cand["date"] > cand["since"])]
        latest = cand["date"].fillna(pd.Timestamp.min)
        cand = cand[latest == latest.groupby(cand["rid"]).transform("max")]
        # a whole unit mapped to its own code is no step at all (Hà Nội 01 → 01)
        cand = cand[~((cand["new_code"] == cand["node"]) & (cand["weight_step"] == 1))]
        moved = cur.index.isin(cand["rid"])
        done.append(cur[~moved])
        if cand.empty:
            break
        cur = pd.DataFrame({
            "code": cand["code"].to_numpy(), "start": cand["start"].to_numpy(),
            "node": cand["new_code"].to_numpy(), "since": cand["date"].to_numpy(),
            "weight": (cand["weight"] * cand["weight_step"]).to_numpy(),
            "divided": (cand["divided"] | cand["divided_step"]).to_numpy(),
        })
    else:
        stuck = sorted(set(cur["code"]) | set(cur["node"]))
        raise CrosswalkError("err_crosswalk_cycle", file="crosswalk", codes=stuck[:20])
    out = pd.concat(done, ignore_index=True)
    out = out[out["weight"] > 0]
    return (out.groupby(["code", "start", "node"], dropna=False, sort=False)
            .agg(weight=("weight", "sum"), divided=("divided", "any"))
            .reset_index().rename(columns={"node": "new_code"}))


def resolve_weights(mapping: pd.DataFrame, to_date: Any = None,
                    before: Any = None) -> pd.DataFrame:
    """Resolve a crosswalk, chains and divided units included, to old → final shares.

    Parameters
    ----------
    mapping : DataFrame
        ``old_code, new_code, effective_date`` and optionally ``weight``.
    to_date : date-like, optional
        Only steps in force on this day are followed.  Default: every step.
    before : date-like, optional
        The start of the period the codes belong to: only steps that took
        effect after it apply.  Default: every step.

    Returns
    -------
    DataFrame
        ``old_code, new_code, weight, divided``: the share of each old code
        that ends up in each final unit (codes that do not change are left
        out).

    Examples
    --------
    >>> m = pd.DataFrame({"old_code": ["A", "A", "B"], "new_code": ["A", "C", "C"],
    ...     "effective_date": ["2025-07-01"] * 3, "weight": [0.25, 0.75, 1]})
    >>> resolve_weights(m)
      old_code new_code  weight  divided
    0        A        A    0.25     True
    1        A        C    0.75     True
    2        B        C    1.00    False
    """
    steps = _steps(mapping, to_date)
    start = pd.NaT if before is None else pd.Timestamp(before)
    codes = pd.Series(steps["old_code"].unique(), dtype="str")
    keys = pd.DataFrame({"code": codes, "start": pd.Series(start, index=codes.index,
                                                           dtype="datetime64[ns]")})
    out = _resolve(keys, steps)
    out = out[(out["new_code"] != out["code"]) | (out["weight"] < 1)]
    out = out.rename(columns={"code": "old_code"})[["old_code", "new_code", "weight", "divided"]]
    return out.sort_values(["old_code", "new_code"]).reset_index(drop=True)


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
        When one code went to several successors (a divided unit: use
        :func:`resolve_weights`), when weights do not sum to 1, or when
        undated steps form a cycle.

    Examples
    --------
    >>> m = pd.DataFrame({"old_code": ["A", "B"], "new_code": ["B", "C"],
    ...                   "effective_date": ["2025-07-01", "2026-01-01"]})
    >>> resolve_codes(m, "2025-12-31"), resolve_codes(m)
    ({'A': 'B'}, {'A': 'C', 'B': 'C'})
    """
    out = resolve_weights(mapping, to_date)
    split = out.loc[out["divided"] | out["old_code"].duplicated(keep=False), "old_code"]
    if not split.empty:
        raise CrosswalkError("err_crosswalk_split", file="crosswalk",
                             codes=sorted(set(split)))
    steps = _steps(mapping, to_date)
    # a code whose latest step maps it back to itself (A → B → A) resolves to itself
    back = set(steps["old_code"]) - set(out["old_code"])
    changed = steps[steps["old_code"].isin(back) & (steps["new_code"] != steps["old_code"])]
    resolved = dict(zip(out["old_code"], out["new_code"], strict=True))
    resolved.update({code: code for code in changed["old_code"]})
    return resolved


@functools.cache
def _official_mapping() -> pd.DataFrame:
    """The official crosswalk, cleaned once (a plan's territory asks it on every round)."""
    return _clean_mapping(official_crosswalk(), "official crosswalk")


def successors(codes: Any, *, since: Any, on: Any = None,
               mapping: pd.DataFrame | None = None) -> pd.DataFrame:
    """The units some codes of the map in force on ``since`` went into by ``on``.

    The steps that took effect after ``since`` and by ``on`` are followed, chains
    included (:func:`resolve_weights` follows the same rule); a code no step moves
    maps to itself.  What a plan whose unit was reorganised needs to follow its
    territory (:func:`~childlabour_metrics.reference.scope.scope_codes`).

    Parameters
    ----------
    codes : iterable of str
        Unit codes of the map in force on ``since``.
    since : date-like
        A day the codes were valid on (a dissolved unit's last day).
    on : date-like, optional
        The map to reach.  Default: every step.
    mapping : DataFrame, optional
        A crosswalk (``old_code, new_code, effective_date`` and optionally
        ``weight``); default the official one
        (:func:`~childlabour_metrics.official_crosswalk`).

    Returns
    -------
    DataFrame
        ``old_code, new_code, weight`` (the share of the old unit in the new
        one), one row per successor, sorted.

    Examples
    --------
    >>> m = pd.DataFrame({"old_code": ["a", "b", "b"], "new_code": ["x", "x", "y"],
    ...     "effective_date": ["2025-07-01"] * 3, "weight": [1, 0.4, 0.6]})
    >>> successors(["a", "b", "c"], since="2025-06-30", mapping=m)
      old_code new_code  weight
    0        a        x     1.0
    1        b        x     0.4
    2        b        y     0.6
    3        c        c     1.0
    >>> successors(["a"], since="2025-06-30", on="2025-06-30", mapping=m)["new_code"].tolist()
    ['a']
    """
    distinct = tuple(sorted(set(codes)))
    since, on = pd.Timestamp(since), None if on is None else pd.Timestamp(on)
    if mapping is None:
        # A report asks the official map for one plan's territory on each round's
        # deadline, with the same codes: each answer is worked out once.
        return _official_successors(distinct, since, on).copy()
    return _successors(distinct, since, on, _clean_mapping(mapping))


@functools.lru_cache(maxsize=64)
def _official_successors(codes: tuple[str, ...], since: pd.Timestamp,
                         on: pd.Timestamp | None) -> pd.DataFrame:
    return _successors(codes, since, on, _official_mapping())


def _successors(codes: tuple[str, ...], since: pd.Timestamp, on: pd.Timestamp | None,
                cleaned: pd.DataFrame) -> pd.DataFrame:
    steps = _steps(cleaned, on, cleaned=True)
    keys = pd.DataFrame({"code": pd.Series(codes, dtype="str")})
    keys["start"] = pd.Series(since, index=keys.index, dtype="datetime64[ns]")
    out = _resolve(keys, steps) if len(keys) else keys.assign(new_code="", weight=1.0)
    out = out.rename(columns={"code": "old_code"})[["old_code", "new_code", "weight"]]
    out = out.astype({"old_code": "str", "new_code": "str", "weight": "float64"})
    return out.sort_values(["old_code", "new_code"]).reset_index(drop=True)


def _warn_unmapped(codes: pd.Series, m: pd.DataFrame) -> None:
    without_new = m.loc[m["new_code"].isna(), "old_code"]
    blank = set(codes[codes.isin(without_new)].unique()) if len(without_new) else set()
    if blank:
        warnings.warn(
            f"{len(blank)} unit code(s) have a crosswalk row without a new code and keep "
            f"their old code: {sorted(blank)[:10]}",
            UserWarning,
            stacklevel=3,
        )


def _period_starts(periods: pd.Series) -> pd.Series:
    """The first day of each period (NaT where unreadable), parsed once per distinct value."""
    distinct = periods.dropna().unique()
    starts: dict[Any, Any] = {}  # a Timestamp, or NaT where unreadable
    for text in distinct:  # distinct periods: a handful, not rows
        try:
            starts[text] = pd.Timestamp(parse_period(text).start)
        except PeriodError:
            starts[text] = pd.NaT
    return periods.map(starts).astype("datetime64[ns]")


def _tuples(groups: np.ndarray, codes: np.ndarray, names: np.ndarray) -> list[tuple[str, ...]]:
    """Sorted distinct sources per group (ids 0..n-1) as tuples, without a call per group.

    ``codes`` index ``names``, which are sorted, so sorted codes are sorted names.
    """
    n = max(len(names), 1)
    key = np.sort(groups.astype("int64") * n + codes)
    key = key[np.r_[True, key[1:] != key[:-1]]]  # distinct (group, source) pairs
    g, s = np.divmod(key, n)
    size = np.bincount(g)[g]
    out = np.empty(int(g.max()) + 1 if len(g) else 0, dtype=object)
    for k in set(size.tolist()):  # a few distinct group sizes
        rows = np.flatnonzero(size == k)
        table = names[s[rows]].reshape(-1, k)
        # groups of k sources fill a k-column array: one tuple per row, built in C
        out[g[rows][::k]] = list(zip(*table.T, strict=True))
    return out.tolist()


# ------------------------------------------------------------------ crosswalk() in five steps
#
# encode  the observations' keys to integer codes (texts cleaned once per distinct value)
# expand  each row to the unit(s) it ends in, with the share (weight) of each
# share   a divided row's counts between its parts, in whole numbers (_apportion.py)
# sum     the parts onto (new unit, period, indicator), with the sources of each sum
# decode  the codes back to text; missing sums, flags and provenance
#
# The merges and the group-by run on integers, not on ~1 M strings.

_COUNTS = ("numerator", "denominator")


@dataclass(frozen=True)
class _Encoded:
    """The observations as integer codes: one entry per row.

    ``unit``, ``period`` and ``indicator`` index the sorted ``*_names`` (−1 for
    a blank); ``start`` is the first day of each row's period (NaT where
    unreadable); ``numerator`` and ``denominator`` are Int64 arrays.
    """

    unit: np.ndarray
    period: np.ndarray
    indicator: np.ndarray
    start: np.ndarray
    numerator: pd.arrays.IntegerArray
    denominator: pd.arrays.IntegerArray
    report_date: np.ndarray | None
    unit_names: np.ndarray
    period_names: np.ndarray
    indicator_names: np.ndarray

    def __len__(self) -> int:
        return len(self.unit)

    def keyed(self) -> _Encoded:
        """The rows that have all three keys (a row missing one has no unit to go to)."""
        keep = np.flatnonzero((self.unit >= 0) & (self.period >= 0) & (self.indicator >= 0))
        if len(keep) == len(self):
            return self
        return replace(
            self, unit=self.unit[keep], period=self.period[keep],
            indicator=self.indicator[keep], start=self.start[keep],
            numerator=self.numerator.take(keep), denominator=self.denominator.take(keep),
            report_date=None if self.report_date is None else self.report_date[keep])

    def pairs(self) -> pd.DataFrame:
        """The distinct (unit, period) pairs as text, with each period's start."""
        pairs = pd.DataFrame({"_u": self.unit, "_p": self.period}).drop_duplicates()
        return pd.DataFrame({
            "unit_code": pd.array(np.append(self.unit_names, [None])[pairs["_u"]], dtype="str"),
            "period": pd.array(np.append(self.period_names, [None])[pairs["_p"]], dtype="str"),
            "_start": self.start[pairs.index.to_numpy()],
        })


@dataclass(frozen=True)
class _Parts:
    """Each row's part in each unit it ends in (one part, weight 1, for an undivided unit).

    ``table``: ``row`` (the row's place among the encoded rows), ``source``
    and ``unit`` (the row's own code and the unit it ends in, both indexing
    ``unit_names``), ``period``, ``indicator``, ``start``, ``numerator``,
    ``denominator``, ``weight``, ``divided`` and ``report_date`` if read.
    ``unit_names``: old and new codes together, sorted, so that codes sort as
    the texts.
    """

    table: pd.DataFrame
    unit_names: np.ndarray


def _usable(observations: pd.DataFrame) -> pd.DataFrame:
    """The rows to crosswalk, by the one check of a table (schemas): a malformed table
    raises, bad rows are marked and left out, as the reader leaves out the rows of a
    file it marked; ``error`` and ``superseded`` rows are left out too."""
    return usable(check_observations(observations))


def _encode(obs: pd.DataFrame) -> _Encoded:
    """Codes for the keys (each distinct text cleaned once), whole counts, period starts."""
    unit, unit_names = _nfc_codes(obs["unit_code"])
    period, period_names = _nfc_codes(obs["period"])
    indicator, indicator_names = _nfc_codes(obs["indicator"])
    counts = {col: cast(pd.arrays.IntegerArray, pd.to_numeric(obs[col], errors="raise")
                        .astype("Float64").astype("Int64").array) for col in _COUNTS}
    starts = _period_starts(pd.Series(period_names, dtype="str")).to_numpy()
    return _Encoded(
        unit=unit, period=period, indicator=indicator,
        start=np.append(starts, np.datetime64("NaT", "ns"))[period],
        numerator=counts["numerator"], denominator=counts["denominator"],
        report_date=(pd.to_datetime(obs["report_date"]).to_numpy()
                     if "report_date" in obs.columns else None),
        unit_names=unit_names, period_names=period_names, indicator_names=indicator_names)


def _expand(rows: _Encoded, steps: pd.DataFrame) -> _Parts:
    """Each row to the unit(s) it belongs to on the map, with the weight of each part.

    The steps are followed once per distinct (unit, period start), not per row.
    """
    start_codes, start_names = pd.factorize(rows.start, use_na_sentinel=False)
    n_starts = len(start_names)
    pair = rows.unit.astype(np.int64) * n_starts + start_codes
    distinct = np.unique(pair)
    keys = pd.DataFrame({"code": pd.array(rows.unit_names[distinct // n_starts], dtype="str"),
                         "start": np.asarray(start_names)[distinct % n_starts]})
    keys["start"] = keys["start"].astype("datetime64[ns]")
    resolved = _resolve(keys, steps)
    # every unit a row may end in, sorted, so that codes sort as the texts
    successors = resolved["new_code"].dropna().to_numpy(dtype=object).tolist()
    names = np.asarray(sorted(set(rows.unit_names.tolist()) | set(successors)), dtype=object)
    lookup = pd.Index(names)
    at = pd.Index(start_names).get_indexer(pd.Index(resolved["start"]))
    own = lookup.get_indexer(resolved["code"].to_numpy(dtype=object))
    new = lookup.get_indexer(resolved["new_code"].to_numpy(dtype=object))
    code_at = pd.Index(rows.unit_names).get_indexer(resolved["code"].to_numpy(dtype=object))
    targets = pd.DataFrame({
        "_pair": code_at.astype(np.int64) * n_starts + at,
        "_new": np.where(new >= 0, new, own), "weight": resolved["weight"].to_numpy(),
        "divided": resolved["divided"].to_numpy(dtype=bool)})
    # a left merge keeps the rows' order, and each row's successors in the steps' order
    parts = pd.DataFrame({"row": np.arange(len(rows)), "_pair": pair}).merge(
        targets, on="_pair", how="left")
    row = parts["row"].to_numpy()
    source = lookup.get_indexer(rows.unit_names)[rows.unit[row]]  # own code, joint order
    table = pd.DataFrame({
        "row": row, "source": source,
        "unit": parts["_new"].fillna(pd.Series(source)).astype(np.int64).to_numpy(),
        "period": rows.period[row], "indicator": rows.indicator[row], "start": rows.start[row],
        "numerator": rows.numerator.take(row), "denominator": rows.denominator.take(row),
        "weight": parts["weight"].to_numpy(),
        "divided": parts["divided"].fillna(False).astype(bool).to_numpy()})
    if rows.report_date is not None:
        table["report_date"] = rows.report_date[row]
    return _Parts(table=table, unit_names=names)


def _share(parts: _Parts) -> _Parts:
    """A divided row's counts shared between its parts in whole numbers (see ``_apportion``)."""
    t = parts.table
    shared = (t["weight"] < 1).to_numpy()
    if not shared.any():
        return parts
    numerator = cast(pd.arrays.IntegerArray, t["numerator"].array).copy()
    denominator = cast(pd.arrays.IntegerArray, t["denominator"].array).copy()
    num, den = share_jointly(numerator[shared], denominator[shared],
                             t["weight"].to_numpy()[shared], t["row"].to_numpy()[shared])
    numerator[shared], denominator[shared] = num, den
    return replace(parts, table=t.assign(numerator=numerator, denominator=denominator))


@dataclass(frozen=True)
class _Sums:
    """The parts summed onto (unit, period, indicator) codes, and which sources fed each sum.

    ``groups``: one row per code triple, sorted: ``unit, period, indicator,
    start``, the sums of the parts with both counts, ``n_complete``,
    ``any_missing``, ``n_source_rows``, ``n_reported``, ``approximate``,
    ``crosswalked`` and ``report_date`` (the latest) if read.  ``group`` and
    ``source``: each part's row in ``groups`` and its own code.
    """

    groups: pd.DataFrame
    group: np.ndarray
    source: np.ndarray


def _sum(parts: _Parts) -> _Sums:
    """Sum the parts onto their units; a part missing either count is in neither sum."""
    t = parts.table
    complete = t["numerator"].notna() & t["denominator"].notna()
    both = t[list(_COUNTS)].where(complete)
    work = t.assign(_num=both["numerator"], _den=both["denominator"], _complete=complete,
                    _incomplete=~complete, _reported=t["source"].where(complete),
                    _moved=t["source"] != t["unit"])
    agg: dict[str, Any] = {
        "numerator": ("_num", "sum"),
        "denominator": ("_den", "sum"),
        "any_missing": ("_incomplete", "any"),
        "n_complete": ("_complete", "sum"),
        "n_source_rows": ("row", "count"),
        "n_reported": ("_reported", "nunique"),
        "approximate": ("divided", "any"),
        "crosswalked": ("_moved", "any"),
        "start": ("start", "first"),
    }
    if "report_date" in t.columns:
        agg["report_date"] = ("report_date", "max")
    grouped = work.groupby(["unit", "period", "indicator"], sort=True)
    return _Sums(groups=grouped.agg(**agg).reset_index(),
                 group=grouped.ngroup().to_numpy(), source=t["source"].to_numpy())


def _decode(sums: _Sums, rows: _Encoded, unit_names: np.ndarray, steps: pd.DataFrame,
            *, skipna: bool) -> pd.DataFrame:
    """The sums with their texts, missing counts, predecessor counts and source units."""
    g = sums.groups
    out = pd.DataFrame({
        "unit_code": pd.array(unit_names[g["unit"].to_numpy()], dtype="str"),
        "period": pd.array(rows.period_names[g["period"].to_numpy()], dtype="str"),
        "indicator": pd.array(rows.indicator_names[g["indicator"].to_numpy()], dtype="str"),
    })
    # missing is not zero: a sum with no complete part, or (strict) one with a gap, is missing
    blank = ((g["n_complete"] == 0) | (g["any_missing"] & (not skipna))).to_numpy()
    for col in _COUNTS:
        out[col] = g[col].astype("Int64").mask(blank)
    out["source_units"] = pd.Series(_tuples(sums.group, sums.source, unit_names),
                                    dtype=object)
    out["n_source_rows"] = g["n_source_rows"].astype("Int64")
    out["n_predecessors"] = _predecessor_counts(
        out["unit_code"], g["start"], steps).astype("Int64")
    out["n_reported"] = g["n_reported"].astype("Int64")
    out["approximate"], out["crosswalked"] = g["approximate"], g["crosswalked"]
    if "report_date" in g.columns:
        out["report_date"] = g["report_date"]
    return out


def crosswalk(
    observations: pd.DataFrame,
    mapping: pd.DataFrame,
    *,
    to_date: dt.date | str | None = None,
    skipna: bool = False,
    units: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Re-label observations with the units they belong to on ``to_date``, summing counts.

    Parameters
    ----------
    observations : DataFrame
        Needs ``unit_code, period, indicator, numerator, denominator``;
        rows with ``status`` ``error`` or ``superseded`` are left out.
    mapping : DataFrame
        ``old_code, new_code, effective_date`` and optionally ``weight`` (see
        :func:`load_crosswalk`, :func:`~childlabour_metrics.official_crosswalk`);
        chains A → B → C are followed.
    to_date : date-like, optional
        The map to show: steps effective after this day are not applied.
        Default: every step (today's map).
    skipna : bool
        False (default): a group with a source row missing its numerator or
        denominator gets missing counts, because missing is not zero and a
        partial sum would understate the new unit.  True: sum the rows that
        have both counts (a row missing either contributes to neither sum);
        ``n_reported`` says how many predecessors that was.
    units : DataFrame, optional
        A registry (:func:`~childlabour_metrics.official_units`): every
        observed code must have a row valid in its period.

    Returns
    -------
    DataFrame
        One row per (new unit, period, indicator): ``unit_code, period,
        indicator, numerator, denominator`` (Int64 sums), ``source_units``
        (tuple of the original codes, sorted), ``n_source_rows``,
        ``n_predecessors`` (old units the crosswalk maps to this one for the
        period, 1 for a unit that did not change), ``n_reported``
        (predecessors with both counts), ``approximate`` (a divided unit's
        share is in the counts), ``crosswalked`` (some source row changed
        unit), and ``report_date`` (the latest) when the input has one.

    Raises
    ------
    CrosswalkError
        For weights that do not sum to 1, cycles, or (with ``units``) codes
        not valid in their period; the codes are named.

    Notes
    -----
    Codes are replaced for periods that began before a step took effect:
    that is the point ("as if the new units had existed").  A period that
    spans the date (the year 2025) is read as the old map.  If a new unit
    *and* its predecessors both reported for the same period, both are
    summed; check ``source_units``.  A divided unit's numerator and
    denominator are shared together: every share is within 1 of its exact
    share and no new unit gets a numerator above its denominator
    (:mod:`~childlabour_metrics.reference._apportion`).

    Examples
    --------
    Two communes merged and one divided; merged counts are summed, the divided
    one's are shared in whole numbers and marked approximate:

    >>> obs = pd.DataFrame({"unit_code": ["07621", "07624", "10972"],
    ...     "period": ["2024"] * 3, "indicator": ["CL01"] * 3,
    ...     "numerator": [2, 3, 5], "denominator": [100, 50, 81]})
    >>> m = pd.DataFrame({"old_code": ["07621", "07624", "10972", "10972"],
    ...     "new_code": ["07621", "07621", "10972", "10993"],
    ...     "effective_date": ["2025-07-01"] * 4, "weight": [1, 1, 0.5, 0.5]})
    >>> out = crosswalk(obs, m)
    >>> out[["unit_code", "numerator", "denominator", "n_predecessors", "approximate"]]
      unit_code  numerator  denominator  n_predecessors  approximate
    0     07621          5          150               2        False
    1     10972          3           41               1         True
    2     10993          2           40               1         True
    >>> out["source_units"].tolist()
    [('07621', '07624'), ('10972',), ('10972',)]
    """
    encoded = _encode(_usable(observations))
    if units is not None:
        _check_valid(encoded.pairs(), units)
    cleaned = _clean_mapping(mapping)
    steps = _steps(cleaned, to_date, cleaned=True)
    _warn_unmapped(pd.Series(encoded.unit_names, dtype="str"), cleaned)
    rows = encoded.keyed()
    if len(rows) < len(encoded):  # a row missing a key has no unit to go to: said so
        warnings.warn(word("crosswalk_rows_without_key", "en", n=len(encoded) - len(rows)),
                      UserWarning, stacklevel=2)
    if len(rows) == 0:
        return _empty(rows.report_date is not None)
    parts = _share(_expand(rows, steps))
    return _decode(_sum(parts), rows, parts.unit_names, steps, skipna=skipna)


def _predecessor_counts(unit_code: pd.Series, start: pd.Series,
                        steps: pd.DataFrame) -> pd.Series:
    """How many old units the crosswalk maps to each unit for a period that began on ``start``."""
    starts = start.drop_duplicates()
    codes = pd.Series(steps["old_code"].unique(), dtype="str")
    keys = pd.DataFrame({"code": np.repeat(codes.to_numpy(dtype=object), len(starts)),
                         "start": np.tile(starts.to_numpy(), len(codes))})
    keys = keys.astype({"code": "str", "start": "datetime64[ns]"})
    resolved = _resolve(keys, steps) if len(keys) else keys.assign(new_code="")
    counts = resolved.groupby(["new_code", "start"], dropna=False)["code"].nunique()
    key = pd.MultiIndex.from_arrays([unit_code, start])
    return pd.Series(counts.reindex(key).to_numpy(), index=unit_code.index).fillna(1)


def _empty(with_date: bool) -> pd.DataFrame:
    cols: dict[str, Any] = {
            "unit_code": "str", "period": "str", "indicator": "str", "numerator": "Int64",
            "denominator": "Int64", "source_units": object, "n_source_rows": "Int64",
            "n_predecessors": "Int64", "n_reported": "Int64", "approximate": "bool",
            "crosswalked": "bool"}
    if with_date:
        cols["report_date"] = "datetime64[ns]"
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in cols.items()})


def _check_valid(obs: pd.DataFrame, units: pd.DataFrame) -> None:
    """Every observed (code, period) has a registry row valid in that period."""

    pairs = obs[["unit_code", "period", "_start"]].drop_duplicates()
    ends = {p: pd.Timestamp(parse_period(p).end) for p in pairs["period"].unique()
            if pd.notna(pairs.loc[pairs["period"] == p, "_start"].iloc[0])}
    pairs = pairs.assign(_end=pairs["period"].map(ends).astype("datetime64[ns]"))
    joined = pairs.merge(units[["code", "valid_from", "valid_to"]], left_on="unit_code",
                         right_on="code", how="left")
    ok = ((joined["valid_from"].isna() | (joined["valid_from"] <= joined["_end"]))
          & (joined["valid_to"].isna() | (joined["valid_to"] >= joined["_start"]))
          & joined["code"].notna()) | joined["_start"].isna()  # unreadable: not ours to judge
    good = ok.groupby([joined["unit_code"], joined["period"]]).any()
    bad = good[~good].index.tolist()
    if bad:
        unknown = sorted({c for c, _ in bad} - set(units["code"]))
        raise CrosswalkError(
            "err_crosswalk_no_valid_row_unknown" if unknown else "err_crosswalk_no_valid_row",
            file="crosswalk", pairs=bad[:20], unknown=unknown[:20])


def validate_crosswalk(mapping: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Check a crosswalk against a registry: old codes valid the day before, new ones on the day.

    Parameters
    ----------
    mapping : DataFrame
        ``old_code, new_code, effective_date`` (and ``weight``).
    units : DataFrame
        A registry with validity dates.

    Returns
    -------
    DataFrame
        The cleaned mapping, when every check passes.

    Raises
    ------
    CrosswalkError
        Naming each old code not valid the day before its step, each new
        code not valid on the day, weights that do not sum to 1 and cycles.

    Examples
    --------
    >>> from childlabour_metrics.reference.official import official_crosswalk, official_units
    >>> len(validate_crosswalk(official_crosswalk(), official_units())) > 10000
    True
    """
    m = _clean_mapping(mapping)
    _resolve(pd.DataFrame({"code": m["old_code"].unique()}).assign(
        start=pd.Series(pd.NaT, dtype="datetime64[ns]")), _steps(m, None))
    reg = units[["code", "valid_from", "valid_to"]]
    for side, shift in (("old_code", pd.Timedelta(days=1)), ("new_code", pd.Timedelta(0))):
        dated = m[m[side].notna() & m["effective_date"].notna()]
        day = (dated["effective_date"] - shift).rename("_day")
        joined = pd.concat([dated[side], day], axis=1).reset_index(names="_i").merge(
            reg, left_on=side, right_on="code", how="left")
        ok = ((joined["valid_from"].isna() | (joined["valid_from"] <= joined["_day"]))
              & (joined["valid_to"].isna() | (joined["valid_to"] >= joined["_day"]))
              & joined["code"].notna())
        good = ok.groupby(joined["_i"]).any()
        bad = sorted(set(dated.loc[good.index[~good], side]))
        if bad:
            raise CrosswalkError(
                "err_crosswalk_old_not_valid" if side == "old_code"
                else "err_crosswalk_new_not_valid", file="crosswalk", field=side, codes=bad[:20])
    return m


def predecessor_series(
    observations: pd.DataFrame,
    unit_code: str,
    mapping: pd.DataFrame,
    *,
    since: Any = None,
    skipna: bool = True,
) -> pd.DataFrame:
    """A unit's series run back through its predecessors: what a plan needs for its baseline.

    A unit that began on 1 July 2025 (new Xã Vân Sơn, 07621) has no reports
    of its own before then; its earlier periods are the sums of its
    predecessors' counts (old Vân Sơn 07621 and Hữu Sản 07624), shares of
    divided ones included.  Rows of the unit itself are kept as reported.

    Parameters
    ----------
    observations : DataFrame
        Observations of any units (``unit_code, period, indicator,
        numerator, denominator``).
    unit_code : str
        The (new) unit, e.g. a plan's ``scope_code``.
    mapping : DataFrame
        A crosswalk (:func:`~childlabour_metrics.official_crosswalk`).
    since : date-like, optional
        Keep periods that end on or after this day.
    skipna : bool
        As in :func:`crosswalk`; True by default, since a baseline from the
        predecessors that reported is better than none, and ``n_reported``
        against ``n_predecessors`` says how complete it is.

    Returns
    -------
    DataFrame
        :func:`crosswalk`'s columns for ``unit_code`` only; ``crosswalked``
        is True on the periods built from predecessors and ``approximate``
        where a divided unit's share is in them.

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["07621", "07624", "07621"],
    ...     "period": ["2025", "2025", "2026"], "indicator": ["CL01"] * 3,
    ...     "numerator": [4, 2, 5], "denominator": [300, 100, 410]})
    >>> m = pd.DataFrame({"old_code": ["07621", "07624"], "new_code": ["07621", "07621"],
    ...     "effective_date": ["2025-07-01"] * 2})
    >>> predecessor_series(obs, "07621", m)[["period", "numerator", "denominator",
    ...                                       "n_predecessors", "crosswalked"]]
      period  numerator  denominator  n_predecessors  crosswalked
    0   2025          6          400               2         True
    1   2026          5          410               1        False
    """
    # only the observations that can end up in the unit: its own and its predecessors'
    weights = resolve_weights(mapping)
    feeders = set(weights.loc[weights["new_code"] == unit_code, "old_code"])
    wanted = observations[observations["unit_code"].astype("str").isin(feeders | {unit_code})]
    out = crosswalk(wanted, mapping, skipna=skipna)
    out = out[out["unit_code"] == unit_code]
    if since is not None:
        ends = {p: pd.Timestamp(parse_period(p).end) for p in out["period"].unique()}
        out = out[out["period"].map(ends).astype("datetime64[ns]") >= pd.Timestamp(since)]
    return out.reset_index(drop=True)


def with_predecessors(observations: pd.DataFrame, scope_code: str,
                      mapping: pd.DataFrame | None) -> pd.DataFrame:
    """The observations with the scope unit's earlier periods built from its predecessors.

    Parameters
    ----------
    observations : DataFrame
        Usable observations (``unit_code, period, indicator, numerator,
        denominator``) of any units, the predecessors' included.
    scope_code : str
        The plan's scope unit.
    mapping : DataFrame or None
        A crosswalk (:func:`~childlabour_metrics.official_crosswalk`); None
        leaves the observations as they are (with the two flag columns).

    Returns
    -------
    DataFrame
        The observations plus ``crosswalked`` and ``approximate`` (bool).
        For each period the crosswalk reads on the old map (one that began
        before the step, so the year 2025 too), the scope unit's rows are
        replaced by one row per indicator summed over its predecessors,
        flagged ``crosswalked``.  A reused code's own old rows (old Vân Sơn
        kept 07621) are inside that sum, never counted twice.

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["07621", "07624", "07621"],
    ...     "period": ["2025", "2025", "2026"], "indicator": ["CL01"] * 3,
    ...     "numerator": [4, 2, 5], "denominator": [300, 100, 410]})
    >>> m = pd.DataFrame({"old_code": ["07621", "07624"], "new_code": ["07621", "07621"],
    ...     "effective_date": ["2025-07-01"] * 2})
    >>> out = with_predecessors(obs, "07621", m)
    >>> out[out["unit_code"] == "07621"][["period", "numerator", "denominator", "crosswalked"]]
      period  numerator  denominator  crosswalked
    1   2026          5          410        False
    2   2025          6          400         True
    """
    out = observations.assign(crosswalked=False, approximate=False)
    if mapping is None or out.empty:
        return out
    series = predecessor_series(out[[*_KEY, "numerator", "denominator"]], scope_code, mapping)
    built = series[series["crosswalked"].astype(bool)]
    if built.empty:
        return out
    # the scope code's own rows in those periods are already in the sums
    periods = set(built["period"])
    own: Any = (out["unit_code"] == scope_code) & out["period"].isin(periods)
    rows = pd.DataFrame({
        "unit_code": built["unit_code"].astype("str"), "period": built["period"].astype("str"),
        "indicator": built["indicator"].astype("str"),
        "numerator": built["numerator"], "denominator": built["denominator"],
        "crosswalked": True, "approximate": built["approximate"].astype(bool),
    })
    kept = out[~own].reset_index(drop=True)
    return pd.concat([kept, rows], ignore_index=True)
