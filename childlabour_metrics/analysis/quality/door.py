"""The data-quality review's door, :func:`data_quality`, and its result, :class:`DataQuality`.

The door normalises its arguments once (the plan, the registry, the
thresholds, the survey estimates) and calls :func:`review`, which takes
loaded objects only: the base of the review is built once and every check
reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ...language.errors import InputError, InputTypeError, choices
from ...language.words import check_lang
from ...reference.plans import Plan, load_plan
from ...reference.scope import scope_codes
from ...reference.units import LEVELS, as_registry, rows_in_period
from ._base import DIMENSIONS, build_base
from ._show import follow_up_text, repr_html
from .consistency import related_indicators, report_rows
from .denominators import denominators
from .external import external, survey_table
from .options import QualityThresholds
from .outliers import outliers
from .over_time import over_time, parent_values
from .scorecard import follow_up, scorecard

__all__ = ["DataQuality", "data_quality", "review"]


@dataclass(frozen=True)
class DataQuality:
    """What :func:`data_quality` found: a table per dimension, the scorecard and the follow-up list.

    Attributes
    ----------
    outliers, over_time, denominators, consistency, external : DataFrame
        The flags of each dimension: one row per figure and method beyond its
        threshold, with the columns of
        :data:`~childlabour_metrics.analysis.quality.FLAG_COLUMNS` and the
        dimension's own (:data:`~childlabour_metrics.analysis.quality.EXTRA_COLUMNS`).
    scorecard : DataFrame
        Checks run and failed, and units passing, per dimension, for all
        units, each parent and each unit.
    follow_up : DataFrame
        Which unit, which figure, why and what to ask, as codes.
    sections : DataFrame
        The cross-sections of the outlier check: units compared and left out,
        and why a section was not compared.
    thresholds : QualityThresholds
        The thresholds used.
    within : str or None
        The level whose units are the parents (None: each unit's parent).
    n_units : int
        Units reviewed.
    lang : str
        Language of the notebook view.
    """

    outliers: pd.DataFrame
    over_time: pd.DataFrame
    denominators: pd.DataFrame
    consistency: pd.DataFrame
    external: pd.DataFrame
    scorecard: pd.DataFrame
    follow_up: pd.DataFrame
    sections: pd.DataFrame
    thresholds: QualityThresholds
    within: str | None
    n_units: int
    lang: str = "vi"

    def flags(self) -> dict[str, pd.DataFrame]:
        """The flag tables by dimension, in the order of the scorecard."""
        return {d: getattr(self, d) for d in DIMENSIONS}

    def summary(self) -> pd.DataFrame:
        """The scorecard's ``all`` rows: per dimension, checks failed and units passing."""
        card = self.scorecard
        return card[card["scope"] == "all"].drop(columns=["scope", "unit_code"]).reset_index(
            drop=True)

    def follow_up_text(self, lang: str | None = None) -> pd.DataFrame:
        """The follow-up list with ``why`` and ``question`` in words (default: :attr:`lang`)."""
        return follow_up_text(self.follow_up, lang or self.lang)

    def to_html(self, lang: str | None = None, rows: int = 20) -> str:
        """The notebook view in ``lang``: the summary and the first ``rows`` to follow up."""
        return repr_html(self, lang or self.lang, rows)

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        counts = ", ".join(f"{d} {len(t)}" for d, t in self.flags().items())
        return f"DataQuality({self.n_units} units; flags: {counts})"


def data_quality(
    result_or_observations: Any,
    units: pd.DataFrame | str | Path | None = None,
    plan: Plan | str | Path | None = None,
    *,
    thresholds: QualityThresholds | Mapping[str, Any] | None = None,
    survey: pd.DataFrame | None = None,
    survey_columns: Mapping[str, str] | None = None,
    within: str | None = None,
    lang: str = "vi",
) -> DataQuality:
    """Review the reported figures as the WHO DQR toolkit and DHIS2 do: are they plausible?

    Parameters
    ----------
    result_or_observations : ReadResult or DataFrame
        What :func:`~childlabour_metrics.read_reports` returned, or an
        observations table (``unit_code, period, indicator, numerator,
        denominator``; ``status``, ``source_file``, ``sheet``,
        ``numerator_cell``, ``denominator_cell`` used when present).  Rows
        ``ok`` and ``warning`` are reviewed; the rules between indicators
        also read the rows the reader held as errors (never the superseded).
    units : DataFrame or path, optional
        A unit registry: each unit's parent in the period (the cross-sections
        and the parent's trend), its level and its ``population`` (when the
        registry has that column).  Without one, all units are one
        cross-section and the "parent" of the trend is all units together.
    plan : Plan, str or path, optional
        With ``units``, only the units in the plan's scope are reviewed.
    thresholds : QualityThresholds or mapping, optional
        :class:`~childlabour_metrics.analysis.quality.QualityThresholds`, or some of
        its names and values (the rest default; an unknown name is an error).
    survey : DataFrame, optional
        Survey estimates for the external check (see
        :func:`~childlabour_metrics.analysis.quality.external.survey_table`).
    survey_columns : mapping, optional
        ``{review's name: survey's name}`` for ``survey``'s columns.
    within : str, optional
        Compare each unit with the units under the same ancestor at this
        level (``province``...), rather than under the same parent.
    lang : {"vi", "en"}
        Language of the notebook view.

    Returns
    -------
    DataQuality

    Examples
    --------
    >>> import childlabour_metrics as clm

    CL02 counts children in hazardous work, who are child labourers (CL01):

    >>> obs = pd.DataFrame({"unit_code": ["a", "a"], "period": ["2024", "2024"],
    ...     "indicator": ["CL01", "CL02"], "numerator": [20, 30], "denominator": [900, 900]})
    >>> dq = clm.data_quality(obs)
    >>> dq.consistency[["unit_code", "indicator", "reason", "value", "reference"]]
      unit_code indicator            reason  value  reference
    0         a      CL02  cl02_within_cl01   30.0       20.0
    """
    observations = getattr(result_or_observations, "observations", result_or_observations)
    if not isinstance(observations, pd.DataFrame):
        raise InputTypeError("err_quality_no_observations",
                             value=type(result_or_observations).__name__)
    if within is not None and within not in LEVELS:
        raise InputError("err_input_bad_level", field="within", value=repr(within),
                         levels=choices(LEVELS))
    estimates = None if survey is None else survey_table(survey, survey_columns)
    return review(observations, as_registry(units),
                  None if plan is None else load_plan(plan),
                  thresholds=QualityThresholds.of(thresholds), survey=estimates, within=within,
                  lang=check_lang(lang))


def review(
    observations: pd.DataFrame,
    units: pd.DataFrame | None,
    plan: Plan | None,
    *,
    thresholds: QualityThresholds,
    survey: pd.DataFrame | None = None,
    within: str | None = None,
    lang: str = "vi",
    rolled: Mapping[tuple[str, str], pd.DataFrame] | None = None,
    coerced: bool = False,
) -> DataQuality:
    """:func:`data_quality` on a loaded registry, plan and survey table: no loading here.

    ``rolled``: roll-ups of the reviewed observations (those in the plan's scope)
    the caller has made already, as :func:`~childlabour_metrics.aggregate` returns
    them, by ``(from_level, level)``: the parents' values are taken from them, not
    summed again (the report rolls a national round up to provinces once).
    ``coerced``: the observations are a table
    :func:`~childlabour_metrics.coerce_observations` returned, not coerced again.
    """
    scope = None
    if plan is not None and units is not None and plan.scope_code in set(units["code"]):
        scope = scope_codes(units, plan.scope_code)
    base, obs = build_base(observations, units, within, scope, coerced=coerced)
    t = thresholds
    # The counts, for aggregate (which keeps the usable rows itself).
    counts = obs[["unit_code", "period", "indicator", "numerator", "denominator",
                  *(["status"] if "status" in obs.columns else [])]]
    found_outliers, sections, outlier_tally = outliers(base, t)
    found_changes, change_tally = over_time(base, parent_values(counts, base, rolled), t)
    within_reports = report_rows(base)
    found_denominators, denominator_tally = denominators(base, within_reports, t)
    found_relations, relation_tally = related_indicators(base, within_reports)
    found_external, external_tally = external(counts, base, survey)
    tables = {"outliers": found_outliers, "over_time": found_changes,
              "denominators": found_denominators, "consistency": found_relations,
              "external": found_external}
    card = scorecard({"outliers": outlier_tally, "over_time": change_tally,
                      "denominators": denominator_tally, "consistency": relation_tally,
                      "external": external_tally})
    listed = follow_up(tables, _names(obs, units))
    if units is not None and len(listed):
        # the unit of the period flagged: a reused code names another unit on the other
        # side of 1 July 2025 (Thị trấn Phú Thái 10750 in 2024, Xã Phú Thái in 2025)
        named = rows_in_period(listed["unit_code"], listed["period"], units)["name"]
        listed["unit_name"] = named.fillna(listed["unit_name"]).astype("str")
    return DataQuality(**tables, scorecard=card, follow_up=listed,
                       sections=sections, thresholds=t, within=within,
                       n_units=len(base.unit_names), lang=lang)


def _names(observations: pd.DataFrame, units: pd.DataFrame | None) -> pd.Series:
    """Unit names by code: the registry's latest, else the first the reports give."""
    names = pd.Series(dtype="str")
    if "unit_name" in observations.columns:
        given = observations[["unit_code", "unit_name"]].dropna().drop_duplicates("unit_code")
        names = pd.Series(given["unit_name"].to_numpy(), index=given["unit_code"].to_numpy())
    if units is not None:
        latest = units.sort_values("valid_from", na_position="first").drop_duplicates(
            "code", keep="last")
        registry = pd.Series(latest["name"].to_numpy(), index=latest["code"].to_numpy())
        names = registry.combine_first(names)
    return names.astype("str")
