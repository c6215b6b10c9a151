"""Pandera models for the tables every stage shares.

The observations table is the library's spine: the reader produces it, every
computation consumes it.  Validation here is structural (columns, types,
allowed values); rules that need a whole report or several files live with
the reader.  Validation collects every failure at once (``lazy=True``) and
never drops rows.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from ..language.errors import InputError, InputKeyError, InputTypeError, PeriodError, choices
from ..language.words import word
from .indicators import INDICATOR_CODES
from .periods import parse_period

__all__ = [
    "COUNT_MAX",
    "STATUSES",
    "USABLE_STATUSES",
    "Observations",
    "check_code_column",
    "check_coerced",
    "check_observations",
    "coerce_observations",
    "not_unit_codes",
    "numerator_fits",
    "validate_observations",
    "zero_denominator_fits",
]

#: Row statuses: errors and superseded rows are kept but never computed on.
STATUSES: tuple[str, ...] = ("ok", "warning", "error", "superseded")
USABLE_STATUSES: tuple[str, ...] = ("ok", "warning")
_COUNT_COLUMNS = ("numerator", "denominator")
_TEXT_COLUMNS = ("unit_code", "period", "indicator")
#: The largest count: no count of people or units comes near a trillion (the
#: reader's limit, ``io._forms.COUNT_MAX``; a test holds the two equal).
COUNT_MAX = 10**12
#: Control characters (C0, DEL and C1): never part of a code or a name.
CONTROL_CHARACTERS = r"[\x00-\x1f\x7f-\x9f]"
#: A unit code: a letter or digit, then letters, digits, "-", "_" or "." (``10507``,
#: ``00412``, ``40-LD``), at most 40 characters.  No spaces (a name typed in the
#: code cell), no slashes (codes name files: ``../../tmp/x`` is not a code), no
#: control characters.  Python's ``re`` on purpose: ``\w`` takes Vietnamese letters.
_UNIT_CODE = re.compile(r"[^\W_][\w.\-]{0,39}")


def not_unit_codes(codes: pd.Series) -> pd.Series:
    """Whether each present value is not a unit code (a missing one is not: it is missing).

    The one rule for unit codes, used by registries (:func:`~childlabour_metrics.load_units`),
    the reader (without a registry) and every table given to a computation.

    Examples
    --------
    >>> not_unit_codes(pd.Series(["10507", "40-LD", "../../tmp/x", "a\\x00b", "Xã A", None]))
    0    False
    1    False
    2     True
    3     True
    4     True
    5    False
    dtype: bool
    """
    position, distinct = pd.factorize(codes.astype("str"))
    # each distinct code once (a national table: ~1 M cells, ~11 000 codes)
    bad = np.array([_UNIT_CODE.fullmatch(c) is None for c in distinct] + [False], dtype=bool)
    return pd.Series(bad[position], index=codes.index, dtype=bool)


def numerator_fits(frame: pd.DataFrame) -> pd.Series:
    """Whether each numerator is within its denominator: the ``NUMERATOR_GT_DENOMINATOR`` rule.

    A part cannot exceed its whole.  A zero denominator is its own rule
    (:func:`zero_denominator_fits`); a missing count passes.  The one rule of a
    count pair, for the reader's raw rows (:mod:`childlabour_metrics.io`) and
    every table given to a computation (:class:`Observations`).

    Examples
    --------
    >>> counts = pd.DataFrame({"numerator": pd.array([5, 5, 3, None], dtype="Int64"),
    ...     "denominator": pd.array([4, 0, 0, 4], dtype="Int64")})
    >>> numerator_fits(counts).tolist(), zero_denominator_fits(counts).tolist()
    ([False, True, True, True], [True, False, False, True])
    """
    over = (frame["numerator"] > frame["denominator"]) & (frame["denominator"] > 0)
    return ~over.fillna(False).astype(bool)


def zero_denominator_fits(frame: pd.DataFrame) -> pd.Series:
    """Whether each row's zero denominator, if any, has no non-zero numerator: ``ZERO_DENOMINATOR``.

    A denominator of zero leaves no room for a non-zero numerator; a missing
    count passes.  Shared as :func:`numerator_fits` is.
    """
    bad = (frame["denominator"] == 0) & (frame["numerator"] > 0)
    return ~bad.fillna(False).astype(bool)


def _canonical_periods(periods: pd.Series) -> pd.Series:
    """Periods as the library writes them (``2024H1``); text that is no period kept as is."""
    position, distinct = pd.factorize(periods)
    canon = []
    for text in distinct:  # distinct periods: a handful
        try:
            canon.append(str(parse_period(text)))
        except (PeriodError, ValueError, TypeError):
            canon.append(text)
    if canon == list(distinct):  # the reader's tables: nothing to rewrite
        return periods
    names = pd.array([*canon, None], dtype="str")
    return pd.Series(names.take(position), index=periods.index, dtype="str")


def _is_period(text: str) -> bool:
    """Whether ``text`` is a period as the library writes it (``2024H1``, ``2024``)."""
    try:
        return str(parse_period(text)) == text
    except (PeriodError, ValueError, TypeError):
        return False


class ObservationRows(pa.DataFrameModel):
    """Every row the reader kept, errors included: types and statuses only.

    Rows marked ``error`` keep what was typed (a negative count, an unknown
    code, a missing unit), so only their shape is checked here.
    """

    unit_code: Series[str] = pa.Field(nullable=True)
    period: Series[str] = pa.Field(nullable=True)
    indicator: Series[str] = pa.Field(nullable=True)
    numerator: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    denominator: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    status: Series[str] | None = pa.Field(isin=list(STATUSES))

    class Config:
        """Extra provenance columns are allowed; types are checked, not coerced."""

        strict = False
        coerce = False


class Observations(ObservationRows):
    """One usable indicator row of one unit's report for one period.

    Required columns are the five below; the reader adds provenance
    (``source_file``, ``sheet``, ``numerator_cell``, ``denominator_cell``,
    ``row``), ``status``, ``unit_name``, ``report_date`` and ``form``, which
    this model checks when present.

    Each check on a row's values is named by the problem code the reader gives
    the same fault in a file: :func:`check_observations` marks a row that
    fails one (status ``error``, column ``problem``) rather than computing on
    it.  A missing value passes them (missing is not wrong, it is missing).
    """

    unit_code: Series[str] = pa.Field(nullable=False)
    period: Series[str] = pa.Field(nullable=True)
    indicator: Series[str] = pa.Field(isin=list(INDICATOR_CODES))
    numerator: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    denominator: Series[pd.Int64Dtype] = pa.Field(nullable=True)

    @pa.dataframe_check(name="BAD_UNIT_CODE")
    def unit_code_is_a_code(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """The unit code is a code: no spaces, slashes or control characters."""
        return ~not_unit_codes(df["unit_code"])

    @pa.dataframe_check(name="BAD_PERIOD")
    def period_is_a_period(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """The period is written as the library writes it: ``2024H1``, ``2024H2``, ``2024``."""
        position, distinct = pd.factorize(df["period"].astype("str"))
        ok = np.array([_is_period(p) for p in distinct] + [True], dtype=bool)  # a handful
        return pd.Series(ok[position], index=df.index, dtype=bool)

    @pa.dataframe_check(name="NEGATIVE_COUNT")
    def counts_not_negative(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """No count is below zero."""
        negative = (df["numerator"] < 0) | (df["denominator"] < 0)
        return ~negative.fillna(False).astype(bool)

    @pa.dataframe_check(name="NUMERATOR_GT_DENOMINATOR")
    def numerator_le_denominator(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A part cannot exceed its whole: :func:`numerator_fits`."""
        return numerator_fits(df)

    @pa.dataframe_check(name="ZERO_DENOMINATOR")
    def zero_denominator(cls, df: pd.DataFrame) -> pd.Series[bool]:
        """A denominator of zero, no non-zero numerator: :func:`zero_denominator_fits`."""
        return zero_denominator_fits(df)


@lru_cache(maxsize=1)
def _row_checks() -> tuple[tuple[str, Any], ...]:
    """(problem code, check function) of each of :class:`Observations`'s row checks."""
    return tuple((check.name, check._check_fn) for check in Observations.to_schema().checks)


def _first(values: pd.Series, bad: pd.Series) -> tuple[Any, Any]:
    """The index label and value of the first ``bad`` row, for a message."""
    label = bad.index[np.flatnonzero(bad.to_numpy(dtype=bool))[0]]
    value = values.loc[label]
    return label, value.item() if isinstance(value, np.generic) else value


def _counts(column: pd.Series, name: str) -> pd.Series:
    """A count column as ``Int64``, or an error naming the first value that is no count.

    A blank text is missing (as a blank cell); ``True`` is not a count, nor is
    a number with a fraction, an infinite one or one above :data:`COUNT_MAX`.
    """
    if pd.api.types.is_integer_dtype(column):  # the reader's tables: whole numbers already
        numbers = column.astype("Int64")
        large = (numbers.abs() > COUNT_MAX).fillna(False).astype(bool)
        if large.any():
            row, value = _first(numbers, large)
            raise InputError("err_input_count_too_large", field=name, column=repr(name),
                             row=repr(row), value=repr(value), limit=f"{COUNT_MAX:.0e}")
        return numbers
    if pd.api.types.is_bool_dtype(column) or pd.api.types.infer_dtype(
            column, skipna=True) in ("boolean", "mixed", "mixed-integer"):
        booleans = column.map(lambda v: isinstance(v, bool | np.bool_))  # a mixed column
        if booleans.any():
            row, value = _first(column, booleans)
            raise InputTypeError("err_input_count_type", field=name, column=repr(name),
                                 row=repr(row), value=repr(value))
    if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
        column = column.mask(column.astype("str").str.strip() == "")
    read = pd.to_numeric(column, errors="coerce")
    unread = read.isna() & column.notna()
    if unread.any():
        row, value = _first(column, unread)
        raise InputTypeError("err_input_count_type", field=name, column=repr(name),
                             row=repr(row), value=repr(value))
    numbers = pd.Series(read, dtype="float64")
    infinite = pd.Series(np.isinf(numbers.to_numpy()), index=numbers.index)
    large = (numbers.abs() > COUNT_MAX).fillna(False) & ~infinite
    if infinite.any():
        row, value = _first(numbers, infinite)
        raise InputError("err_input_count_not_finite", field=name, column=repr(name),
                         row=repr(row), value=repr(value))
    if large.any():
        row, value = _first(numbers, large)
        raise InputError("err_input_count_too_large", field=name, column=repr(name),
                         row=repr(row), value=repr(value), limit=f"{COUNT_MAX:.0e}")
    if (numbers.dropna() % 1 != 0).any():
        raise InputError("err_input_fractional_counts", field=name, column=repr(name))
    return numbers.astype("Int64")


def check_code_column(codes: pd.Series) -> None:
    """Raise :class:`InputTypeError` for unit codes held as numbers with decimals.

    A column of whole numbers with a blank is made float by pandas: ``10507.0``
    is no code, and ``00412`` has lost its zeros.  Whole numbers of an integer
    column are read as their digits.

    Examples
    --------
    >>> check_code_column(pd.Series(["00412", "10507"]))  # text: fine
    >>> try:
    ...     check_code_column(pd.Series([10507.0, None]))
    ... except InputTypeError as exc:
    ...     print(exc.field)
    unit_code
    """
    if pd.api.types.is_float_dtype(codes) and codes.notna().any():
        row, value = _first(codes, codes.notna())
        raise InputTypeError("err_input_code_type", field="unit_code", row=repr(row),
                             value=repr(value))


def coerce_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with the shared columns in their canonical types.

    Hand-made tables (a notebook, a test) often hold ints or objects; counts
    become nullable ``Int64``, codes text and periods the library's spelling
    (``Cả năm 2024`` → ``2024``).  What is not a count is refused rather than
    guessed: text, ``True``, a fraction (a typing mistake), an infinite
    number or one beyond :data:`COUNT_MAX`; so are unit codes held as
    numbers with decimals (``10507.0``: their leading zeros are gone).

    Raises
    ------
    InputError
        Naming the column, the first offending row and what to do.

    Examples
    --------
    >>> obs = coerce_observations(pd.DataFrame({"unit_code": [30], "period": ["2024"],
    ...     "indicator": ["CL01"], "numerator": [5], "denominator": [None]}))
    >>> obs.dtypes["numerator"], obs["denominator"].isna().item(), obs["unit_code"].item()
    (Int64Dtype(), True, '30')
    """
    if not isinstance(frame, pd.DataFrame):
        raise InputTypeError("err_input_bad_source", value=type(frame).__name__)
    missing = [c for c in (*_TEXT_COLUMNS, *_COUNT_COLUMNS) if c not in frame.columns]
    if missing:
        raise InputKeyError("err_input_missing_columns", field=missing[0],
                            columns=", ".join(missing),
                            expected=", ".join((*_TEXT_COLUMNS, *_COUNT_COLUMNS)))
    twice = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if twice:
        raise InputError("err_input_duplicate_columns", field=str(twice[0]),
                         columns=", ".join(map(str, twice)))
    check_code_column(frame["unit_code"])
    out = frame.copy()
    for col in _TEXT_COLUMNS:
        out[col] = out[col].astype("str")
    # "cl01" and " CL01" are CL01: a code typed by hand must not silently match nothing.
    # once per distinct code (a national decade has ~1 M cells but a dozen codes)
    codes_at, uniques = pd.factorize(out["indicator"])
    clean = pd.Series(uniques, dtype="str").str.strip().str.upper()
    out["indicator"] = pd.array(clean.to_numpy(dtype=object), dtype="str").take(
        codes_at, allow_fill=True)
    out["period"] = _canonical_periods(out["period"])
    for col in _COUNT_COLUMNS:
        out[col] = _counts(frame[col], col)
    if "status" in out.columns:
        out["status"] = out["status"].astype("str").fillna("ok")
        unknown = sorted(set(out["status"].unique()) - set(STATUSES))
        if unknown:
            raise InputError("err_input_bad_row_status", field="status",
                             value=", ".join(map(repr, unknown[:5])), allowed=choices(STATUSES))
    return out


def check_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """The table every computation starts from: coerced, and its unusable rows marked.

    The one check of a table given to :func:`~childlabour_metrics.attainment`,
    :func:`~childlabour_metrics.progress`, :func:`~childlabour_metrics.values`,
    :func:`~childlabour_metrics.aggregate`, :func:`~childlabour_metrics.crosswalk`
    (and :func:`~childlabour_metrics.completeness`, which checks its keys):
    as strict as the reader is with a file.  A malformed table (a missing
    column, a count that is not a whole number) raises an :class:`InputError`;
    a bad value in a well-formed table marks its row, as the reader marks a
    row of a file: ``status`` becomes ``error`` and ``problem`` holds the
    problem code (``NEGATIVE_COUNT``, ``NUMERATOR_GT_DENOMINATOR``,
    ``ZERO_DENOMINATOR``, ``BAD_PERIOD``, ``BAD_UNIT_CODE``; see
    ``docs/problems.md``).  A marked row is never judged; a warning says how
    many rows were marked.  Rows already ``error`` or ``superseded`` are kept
    as they are.

    Returns
    -------
    DataFrame
        A copy with canonical types (:func:`coerce_observations`), ``status``
        (``ok`` where absent) and ``problem`` (NA on a usable row).

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["a", "b"], "period": ["2025", "2025"],
    ...     "indicator": ["CL01", "CL01"], "numerator": [-5, 30], "denominator": [3000, 3000]})
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     checked = check_observations(obs)
    >>> checked[["unit_code", "numerator", "status", "problem"]]
      unit_code  numerator status         problem
    0         a         -5  error  NEGATIVE_COUNT
    1         b         30     ok             NaN
    """
    return _marked(coerce_observations(frame))


def check_coerced(coerced: pd.DataFrame) -> pd.DataFrame:
    """:func:`check_observations` of a table :func:`coerce_observations` returned.

    For a caller that needs the table both coerced and checked (the report: its
    data-quality review reads the coerced rows, its other tables the checked ones)
    without coercing ~300,000 rows twice.  ``coerced`` is not changed.

    Examples
    --------
    >>> obs = coerce_observations(pd.DataFrame({"unit_code": ["a"], "period": ["2025"],
    ...     "indicator": ["CL01"], "numerator": [5], "denominator": [100]}))
    >>> check_coerced(obs)[["status", "problem"]].iloc[0].tolist()
    ['ok', nan]
    """
    return _marked(coerced.copy(), stacklevel=4)


def _marked(out: pd.DataFrame, stacklevel: int = 4) -> pd.DataFrame:
    """``out`` (coerced, a copy of its own) with ``status`` and ``problem``, bad rows marked."""
    if "status" not in out.columns:
        out["status"] = pd.array(["ok"] * len(out), dtype="str")
    if "problem" in out.columns:
        out["problem"] = out["problem"].astype("str")
    else:
        out["problem"] = pd.array([None] * len(out), dtype="str")
    open_rows = out["status"].isin(USABLE_STATUSES).to_numpy(dtype=bool)
    checks = _row_checks()
    # the number of the first check a row fails (0: none), as integers: text only for
    # the rows marked (a national decade is ~1 M rows, nearly all of them clean)
    first_failed = np.zeros(len(out), dtype=np.int8)
    if open_rows.any():
        # every row at once (a copy of the open rows cost more than checking them all)
        for number, (_, check) in enumerate(checks, start=1):  # the model's order
            failed = ~pd.Series(check(out)).to_numpy(dtype=bool, na_value=True)
            first_failed[failed & open_rows & (first_failed == 0)] = number
    marked = first_failed > 0
    if marked.any():
        names = np.array([None, *(code for code, _ in checks)], dtype=object)
        problem = names[first_failed[marked]]
        out.loc[marked, "problem"] = problem
        out.loc[marked, "status"] = "error"
        codes = pd.Series(problem).value_counts(sort=False)
        first = out.index[marked][:5].tolist()
        warnings.warn(word("obs_rows_marked", "en", n=int(marked.sum()),
                           codes=", ".join(f"{c} ({n})" for c, n in codes.items()),
                           rows=", ".join(map(str, first))), UserWarning, stacklevel=stacklevel)
    return out


def validate_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate an observations table, reporting every failure at once.

    Every row must have the table's shape; rows that computations use (status
    ok or warning) must also hold valid codes, periods and counts.  Rows the
    reader marked ``error`` or ``superseded`` keep what was typed and are
    only checked for shape.

    Raises
    ------
    pandera.errors.SchemaErrors
        With ``failure_cases`` listing each bad row and column.

    Examples
    --------
    >>> obs = coerce_observations(pd.DataFrame({"unit_code": ["30"], "period": ["2024H1"],
    ...     "indicator": ["CL01"], "numerator": [5], "denominator": [100]}))
    >>> len(validate_observations(obs))
    1
    """
    ObservationRows.validate(frame, lazy=True)
    Observations.validate(usable(frame), lazy=True)
    return frame


def usable(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that computations may use (status ok or warning, or no status column)."""
    if "status" not in frame.columns:
        return frame
    return frame[frame["status"].isin(USABLE_STATUSES) | frame["status"].isna()]
