"""External consistency: the routine rate of an area beside a survey's estimate and interval.

Survey estimates (such as :func:`clm.survey.estimate` returns: ``value,
ci_low, ci_high`` in percent, with the domain's columns) name an area and a
period.  The routine value of each area is the ratio of sums up the hierarchy
(:func:`~childlabour_metrics.aggregate` to the area's level, when the
registry knows it and units below it reported; else the area's own reports),
and is flagged when it lies outside the survey's confidence interval.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ...language.errors import InputKeyError
from ...reference.units import LEVELS
from ..values import aggregate, values, with_territories
from ._base import Base, flag_frame, tally_text

__all__ = ["SURVEY_COLUMNS", "external", "survey_table"]

#: The columns survey estimates need (``indicator`` is optional: CL01).
SURVEY_COLUMNS: tuple[str, ...] = ("unit_code", "period", "value", "ci_low", "ci_high")


def survey_table(survey: pd.DataFrame, columns: Mapping[str, str] | None = None
                 ) -> pd.DataFrame:
    """Survey estimates with the review's column names and types.

    Parameters
    ----------
    survey : DataFrame
        One row per area and period: its code, period (or ``year``), value
        and interval in percent, and optionally the indicator (default CL01).
    columns : mapping, optional
        ``{review's name: survey's name}``, e.g. ``{"unit_code": "province"}``.

    Examples
    --------
    >>> est = pd.DataFrame({"province": ["30"], "year": [2024], "value": [5.4],
    ...                     "ci_low": [4.6], "ci_high": [6.3], "se": [0.4]})
    >>> survey_table(est, {"unit_code": "province"})
      unit_code period indicator  value  ci_low  ci_high
    0        30   2024      CL01    5.4     4.6      6.3
    """
    table = survey.rename(columns={theirs: ours for ours, theirs in (columns or {}).items()})
    if "period" not in table.columns and "year" in table.columns:
        table = table.assign(period=table["year"])
    missing = [c for c in SURVEY_COLUMNS if c not in table.columns]
    if missing:
        raise InputKeyError("err_quality_survey_columns", field=missing[0],
                            columns=", ".join(missing), expected=", ".join(SURVEY_COLUMNS))
    period = table["period"]
    if pd.api.types.is_numeric_dtype(period):
        period = period.astype("Int64")
    out = pd.DataFrame({
        "unit_code": table["unit_code"].astype("str"),
        "period": period.astype("str"),
        "indicator": (table["indicator"].astype("str") if "indicator" in table.columns
                      else pd.Series("CL01", index=table.index, dtype="str")),
        **{c: pd.to_numeric(table[c], errors="coerce").astype("float64")
           for c in ("value", "ci_low", "ci_high")},
    })
    return out.reset_index(drop=True)


def _routine(observations: pd.DataFrame, base: Base, areas: pd.DataFrame) -> pd.DataFrame:
    """Each area's routine counts and value: summed from its units, else its own reports."""
    key = ["unit_code", "period", "indicator"]
    obs = observations[observations["indicator"].isin(set(areas["indicator"]))
                       .to_numpy(dtype=bool)]
    own = values(obs)[[*key, "numerator", "denominator", "value", "n_used"]]
    own = own.rename(columns={"n_used": "n_units"})
    parts = []
    if base.units is not None:
        units = base.units
        latest = units.drop_duplicates("code", keep="last").set_index("code")["level"]
        for level in sorted(set(areas["unit_code"].map(latest).dropna()) & set(LEVELS)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # unknown units: not summed
                rolled = aggregate(obs, units, level=level)
            # an area reorganised away (Hải Dương in 2025): its territory's counts
            rolled = with_territories(rolled, obs, units, set(areas["unit_code"].astype("str")))
            rolled = rolled[(rolled["n_reporting"] > 0).to_numpy(dtype=bool)]
            parts.append(rolled[[*key, "numerator", "denominator", "value", "n_reporting"]]
                         .rename(columns={"n_reporting": "n_units"}))
    rolled = pd.concat(parts, ignore_index=True) if parts else own.iloc[:0]
    # Summed up the hierarchy where units below reported; the area's own reports else.
    both = pd.concat([rolled, own], ignore_index=True).drop_duplicates(key, keep="first")
    return both


def external(observations: pd.DataFrame, base: Base,
             survey: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Areas whose routine rate lies outside the survey's confidence interval.

    ``survey``: :func:`survey_table`'s (None: no survey, nothing checked).

    Returns
    -------
    flags : DataFrame
        ``value`` the routine rate (``numerator``, ``denominator`` its sums
        from ``n_units`` units), ``reference`` the survey's value, ``ci_low``,
        ``ci_high`` its interval, ``score`` routine / survey; reason
        ``survey_above`` or ``survey_below``.  ``cells`` is empty: the value
        is summed from many reports.
    tally : DataFrame
        Areas compared and flagged, per area and its parent.
    """
    if survey is None or survey.empty:  # no survey given: the dimension is not checked
        return flag_frame("external", {}, 0), tally_text([], [], [])
    routine = _routine(observations, base, survey)
    both = survey.merge(routine, on=["unit_code", "period", "indicator"], how="inner",
                        suffixes=("_survey", ""))
    both = both[both["value"].notna().to_numpy(dtype=bool)]
    value = both["value"].to_numpy(dtype="float64", na_value=np.nan)
    low, high = both["ci_low"].to_numpy(dtype="float64"), both["ci_high"].to_numpy(dtype="float64")
    above, below = value > high, value < low
    outside = above | below
    parents = base.parents_of(both["unit_code"], both["period"])
    failed = both[outside]
    reference = failed["value_survey"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(reference > 0, value[outside] / reference, np.nan)
    flags = flag_frame("external", {
        "unit_code": failed["unit_code"].to_numpy(dtype=object), "parent_code": parents[outside],
        "period": failed["period"].to_numpy(dtype=object),
        "indicator": failed["indicator"].to_numpy(dtype=object), "method": "survey_interval",
        "reason": np.where(above[outside], "survey_above", "survey_below"),
        "severity": "warning", "value": value[outside], "reference": reference,
        "score": score,
        "numerator": failed["numerator"].to_numpy(dtype="float64", na_value=np.nan),
        "denominator": failed["denominator"].to_numpy(dtype="float64", na_value=np.nan),
        "ci_low": low[outside], "ci_high": high[outside],
        "n_units": failed["n_units"].to_numpy(dtype="float64", na_value=np.nan)},
        len(failed))
    return flags, tally_text(both["unit_code"], parents, outside)
