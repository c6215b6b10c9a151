"""Denominators: do the population counts behind the rates hold together?

Three checks, as the WHO DQR toolkit's "consistency of population data":

* **within one report**: the rules between denominators of
  :func:`~childlabour_metrics.reference.relations.relations` whose dimension is
  ``denominators`` (CL01's and CL02's both count the children aged 5–17);
* **between periods**: a unit's denominator against the mean of its up to
  three previous periods of the same kind; a change beyond the threshold
  (±33 %) is flagged.  Only denominators that count a population (children,
  parents, staff, enterprises, households) are held to their history, not
  the caseloads the programme itself finds (:data:`CASELOADS`: CL03's
  children notified, CL04's at-risk children and child labourers), which
  fall as it succeeds.  An indicator whose denominator a rule makes equal to
  another's (CL02, to CL01's) is left to that rule: one flag, not two.  A
  denominator below the minimum, with a history below it too, is not judged;
* **against the population**: where the registry has a ``population`` column
  (the unit's inhabitants of all ages, in the registry row valid in the
  period), the children a unit counts (:data:`CHILD_COUNTS`' denominators)
  may not exceed ``child_share`` of it (a warning), and never the whole
  population (an error).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...reference._arrays import groups
from ...reference.relations import relations
from ._base import Base, flag_frame, tally
from .consistency import Reports, relation_flags
from .options import QualityThresholds
from .over_time import history_means

__all__ = ["CASELOADS", "CHILD_COUNTS", "denominators"]

#: Indicators whose denominator counts the unit's children: CL01 and CL02 the
#: children aged 5–17, CL07 the children (the catalogue's denominators).
CHILD_COUNTS: tuple[str, ...] = ("CL01", "CL02", "CL07")
#: Indicators whose denominator is a caseload the programme finds, not a population:
#: it moves with the programme's work, and is not held to its history.
CASELOADS: tuple[str, ...] = ("CL03", "CL04")


def _shared(rules: pd.DataFrame) -> set[str]:
    """Indicators whose denominator a rule makes equal to another's (left to that rule)."""
    same = rules[(rules["relation"] == "==") & (rules["left_count"] == "denominator")
                 & (rules["right_count"] == "denominator")]
    return set(same["left"])


def _changes(base: Base, t: QualityThresholds, skip: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_ind, n_kinds = len(base.indicator_names), 3
    year, kind = base.year[base.period], base.kind[base.period]
    skipped = np.isin(base.indicator_names, list(skip))[base.indicator]
    at = np.flatnonzero((year >= 0) & ~skipped & ~np.isnan(base.denominator))
    key = (base.series_unit()[at] * n_ind + base.indicator[at]) * n_kinds + kind[at]
    series = groups(key)[2]
    offset = year[at] - (int(year[at].min()) if len(at) else 0)
    mean, count, _ = history_means(series, offset, base.denominator[at], t.history)
    reference, n_history = mean[series, offset], count[series, offset]
    current = base.denominator[at]
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = current / reference
    judged = ((n_history > 0) & (reference > 0)
              & (np.fmax(current, reference) >= t.min_denominator))
    flagged = judged & (np.abs(ratio - 1) > t.denominator_change)
    pick = np.flatnonzero(flagged)
    entries = at[pick]
    flags = flag_frame("denominators", {
        **base.texts(entries), **base.provenance(entries), "method": "change",
        "reason": np.where(ratio[pick] > 1, "denominator_rise", "denominator_fall"),
        "severity": "warning", "value": current[pick], "reference": reference[pick],
        "score": ratio[pick], "threshold": t.denominator_change,
        "numerator": base.numerator[entries], "denominator": current[pick],
        "n_history": n_history[pick]}, len(pick))
    rows = at[judged]
    return flags, tally(base.unit[rows], base.parent[rows], flagged[judged], base)


def _population(base: Base, t: QualityThresholds,
                skip: set[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    counted = [c for c in CHILD_COUNTS if c not in skip]
    children = np.isin(base.indicator_names, counted)[base.indicator]
    at = np.flatnonzero(children & ~np.isnan(base.population) & ~np.isnan(base.denominator))
    den, population = base.denominator[at], base.population[at]
    whole = den > population
    share = den > t.child_share * population
    pick = np.flatnonzero(share)
    entries = at[pick]
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(population[pick] > 0, den[pick] / population[pick], np.nan)
    flags = flag_frame("denominators", {
        **base.texts(entries), **base.provenance(entries), "method": "population",
        "reason": np.where(whole[pick], "above_population", "above_child_share"),
        "severity": np.where(whole[pick], "error", "warning"), "value": den[pick],
        "reference": population[pick], "score": score, "threshold": t.child_share,
        "numerator": base.numerator[entries], "denominator": den[pick],
        "population": population[pick]}, len(pick))
    return flags, tally(base.unit[at], base.parent[at], share, base)


def denominators(base: Base, reports: Reports,
                 t: QualityThresholds) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Denominators that disagree within a report, jump between periods or exceed the population.

    ``reports``: :func:`~childlabour_metrics.analysis.quality.consistency.report_rows`.

    Returns
    -------
    flags : DataFrame
        Method ``relation`` (``value`` and ``reference`` the two
        denominators, ``rule``, ``other_indicator``), ``change`` (``value``
        the denominator, ``reference`` the mean of its ``n_history`` previous
        periods, ``score`` their ratio) or ``population`` (``reference`` and
        ``population`` the registry's population, ``score`` the share).
    tally : DataFrame
        Checks run and failed per unit and parent.
    """
    rules = relations()
    skip = _shared(rules)
    within, within_tally = relation_flags(
        reports, base, rules[rules["dimension"] == "denominators"], "denominators")
    change, change_tally = _changes(base, t, skip | set(CASELOADS))
    population, population_tally = _population(base, t, skip)
    flags = pd.concat([within, change, population], ignore_index=True)
    return flags, pd.concat([within_tally, change_tally, population_tally], ignore_index=True)
