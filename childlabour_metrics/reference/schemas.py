"""Pandera models for the tables every stage shares.

The observations table is the library's spine: the reader produces it, every
computation consumes it.  Validation here is structural (columns, types,
allowed values); rules that need a whole report or several files live with
the reader.  Validation collects every failure at once (``lazy=True``) and
never drops rows.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from ..language.errors import InputError, InputKeyError
from .indicators import INDICATOR_CODES

__all__ = [
    "STATUSES",
    "USABLE_STATUSES",
    "Observations",
    "coerce_observations",
    "validate_observations",
]

#: Row statuses: errors and superseded rows are kept but never computed on.
STATUSES: tuple[str, ...] = ("ok", "warning", "error", "superseded")
USABLE_STATUSES: tuple[str, ...] = ("ok", "warning")
_PERIOD_PATTERN = r"^\d{4}(H[12])?$"
_COUNT_COLUMNS = ("numerator", "denominator")
_TEXT_COLUMNS = ("unit_code", "period", "indicator")


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
    """

    unit_code: Series[str] = pa.Field(nullable=False)
    period: Series[str] = pa.Field(str_matches=_PERIOD_PATTERN)
    indicator: Series[str] = pa.Field(isin=list(INDICATOR_CODES))
    numerator: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    denominator: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)


def coerce_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with the shared columns in their canonical types.

    Hand-made tables (a notebook, a test) often hold ints or objects; counts
    become nullable ``Int64`` and codes text.  Fractions are refused rather
    than truncated, because a count with a fraction is a typing mistake.

    Examples
    --------
    >>> obs = coerce_observations(pd.DataFrame({"unit_code": [30], "period": ["2024"],
    ...     "indicator": ["CL01"], "numerator": [5], "denominator": [None]}))
    >>> obs.dtypes["numerator"], obs["denominator"].isna().item(), obs["unit_code"].item()
    (Int64Dtype(), True, '30')
    """
    missing = [c for c in (*_TEXT_COLUMNS, *_COUNT_COLUMNS) if c not in frame.columns]
    if missing:
        raise InputKeyError("err_input_missing_columns", field=missing[0],
                            columns=", ".join(missing),
                            expected=", ".join((*_TEXT_COLUMNS, *_COUNT_COLUMNS)))
    out = frame.copy()
    for col in _TEXT_COLUMNS:
        out[col] = out[col].astype("str")
    # "cl01" and " CL01" are CL01: a code typed by hand must not silently match nothing.
    # once per distinct code (a national decade has ~1 M cells but a dozen codes)
    codes, uniques = pd.factorize(out["indicator"])
    clean = pd.Series(uniques, dtype="str").str.strip().str.upper()
    out["indicator"] = pd.array(clean.to_numpy(dtype=object), dtype="str").take(
        codes, allow_fill=True)
    for col in _COUNT_COLUMNS:
        values = pd.to_numeric(out[col], errors="raise")
        if (values.dropna() % 1 != 0).any():
            raise InputError("err_input_fractional_counts", field=col, column=repr(col))
        out[col] = values.astype("Float64").astype("Int64")
    if "status" in out.columns:
        out["status"] = out["status"].astype("str").fillna("ok")
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
