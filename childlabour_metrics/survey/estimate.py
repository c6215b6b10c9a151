"""Design-based estimates of a rate from survey microdata, with their standard errors.

What R's ``survey`` package gives for
``svydesign(ids=~psu, strata=~stratum, weights=~weight, nest=TRUE)`` with
``svyby(~y, ~domain, design, svymean, na.rm=TRUE, deff=TRUE)`` and
``svyciprop(method="logit")`` (or ``"mean"``, the Wald interval), computed for
every domain at once with group sums (``numpy.bincount``): no Python loop
over PSUs, strata or domains.

Taylor linearisation (a stratified clustered design, PSUs nested in strata,
with replacement at the first stage).  For the domain *d* with weighted
total ``W_d`` and rate ``p_d``, each row's score is
``w (y − p_d) / W_d`` inside the domain and 0 outside: the domain is a
subpopulation of the whole design, never a design of its own.  The scores are
summed per PSU (``z_hi``), centred on their stratum's mean over all ``n_h``
PSUs of the stratum (those without a row in the domain count as 0), and
``var = Σ_h n_h / (n_h − 1) Σ_i (z_hi − z̄_h)²``.  A stratum with a single PSU
has no variance of its own: an error naming it, unless ``lonely_psu`` says, as
R's ``options(survey.lonely.psu=...)`` (with ``survey.adjust.domain.lonely``
left at its default, FALSE):

- ``"adjust"``: the single PSU's score is centred on the population mean
  (0), not its stratum's: it adds ``z²``;
- ``"average"``: such strata add nothing and the variance is scaled by
  ``strata / strata with more than one PSU``, counting the strata that have
  rows in the domain;
- ``"certainty"``: the PSU was sampled with certainty and adds nothing.

Replicate weights (R's ``svrepdesign(type=..., combined.weights=TRUE)``): the
rate is recomputed with each replicate's weights and
``var = scale Σ_r (θ_r − θ̄)²`` with ``scale`` = (R−1)/R for ``"JK1"``, 1/R
for ``"BRR"`` and 1/(R (1−ρ)²) for ``"Fay"``; ``θ̄`` is the mean of the
replicates, or the full-sample rate with ``mse=True``.  A replicate that leaves a
domain no row (0/0) is dropped for that domain, the scale kept, as R's
``svrVar`` drops replicates that give NA.

Confidence intervals are R's ``svyciprop``: ``"logit"`` (default) is
``expit(logit(p) ± t·se/(p(1−p)))`` for Taylor designs, with the logit's
replicate variance for replicate designs (``svyglm``'s); ``"wald"`` is
``p ± t·se``.  ``t`` is Student's quantile with R's degrees of freedom
(``degf``): PSUs minus strata among the domain's rows, or the rank of the
domain's replicate weights minus one.  Student's quantile is
``scipy.special.stdtrit``: a hand-made inverse of the incomplete beta function
would have to be tested to the last digits that scipy has.

The design effect is R's ``deff=TRUE``: the design variance over that of a
simple random sample without replacement of the same size,
``p(1−p) n/(n−1) (N−n)/(N n)`` with ``N`` the sum of weights (NA when the
weights add to less than the sample, as survey files with normalised weights
do: use ``deff="replace"`` there, R's ``deff="replace"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..language.errors import InputError, InputKeyError, choices

__all__ = ["CI_METHODS", "ESTIMATE_COLUMNS", "LONELY_PSU", "REPLICATE_TYPES", "estimate"]

#: The columns of :func:`estimate`'s table, after the domain columns; stable.
ESTIMATE_COLUMNS: list[str] = ["value", "se", "ci_low", "ci_high", "ci_method", "deff", "n",
                               "population", "count"]
#: Confidence interval methods, as R's ``svyciprop(method=)`` "logit" and "mean".
CI_METHODS: tuple[str, ...] = ("logit", "wald")
#: What to do with a stratum of a single PSU, as R's ``survey.lonely.psu``.
LONELY_PSU: tuple[str, ...] = ("adjust", "average", "certainty")
#: Replicate weight types, as R's ``svrepdesign(type=)``.
REPLICATE_TYPES: tuple[str, ...] = ("JK1", "BRR", "Fay")
_SHOWN_ROWS = 10


def _rows(index: pd.Index, bad: np.ndarray) -> str:
    """The first few row labels where ``bad`` holds, as a message names them."""
    labels = [str(x) for x in index[bad][:_SHOWN_ROWS]]
    more = int(bad.sum()) - len(labels)
    return ", ".join(labels) + (f" (+{more})" if more > 0 else "")


def _require(data: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise InputKeyError("err_input_missing_columns", field=missing[0],
                            columns=choices(missing), expected=choices(columns))


def _no_missing(data: pd.DataFrame, column: str) -> None:
    bad = data[column].isna().to_numpy(dtype=bool)
    if bad.any():
        raise InputError("err_survey_missing_values", field=column,
                         rows=_rows(data.index, bad))


def _weights(data: pd.DataFrame, column: str) -> np.ndarray:
    w = pd.to_numeric(data[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    missing = ~np.isfinite(w)
    if missing.any():
        raise InputError("err_survey_missing_values", field=column,
                         rows=_rows(data.index, missing))
    negative = w < 0
    if negative.any():
        raise InputError("err_survey_negative_weights", field=column,
                         rows=_rows(data.index, negative))
    return w


def _outcome(data: pd.DataFrame, column: str) -> np.ndarray:
    """``y`` as 0.0/1.0, NaN where missing; anything else is an error naming its rows."""
    raw = data[column]
    if raw.dtype == object or isinstance(raw.dtype, pd.StringDtype):
        raw = raw.map(lambda v: v if isinstance(v, bool | int | float | np.number) or pd.isna(v)
                      else np.nan if str(v).strip() == "" else "bad")
    y = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = (~np.isnan(y) & (y != 0) & (y != 1)) | (np.isnan(y) & raw.notna().to_numpy())
    if bad.any():
        raise InputError("err_survey_not_binary", field=column, rows=_rows(data.index, bad))
    return y


def _option(value: Any, allowed: Sequence[Any], field: str) -> None:
    if value not in allowed:
        raise InputError("err_survey_bad_option", field=field, value=repr(value),
                         allowed=choices(allowed))


def _domains(data: pd.DataFrame, by: list[str], use: np.ndarray
             ) -> tuple[np.ndarray, pd.DataFrame]:
    """Each row's domain code (−1 outside every domain) and the domains' values, sorted."""
    if not by:
        return np.where(use, 0, -1), pd.DataFrame(index=range(1))
    keys = data.loc[use, by]
    grouped = keys.groupby(by, sort=True, observed=True, dropna=True)
    codes = np.full(len(data), -1, dtype=np.int64)
    inner = grouped.ngroup().to_numpy(dtype=float, na_value=np.nan)
    codes[np.flatnonzero(use)] = np.where(np.isnan(inner), -1, inner).astype(np.int64)
    values = grouped.size().index.to_frame(index=False)
    for col in by:  # keep each domain column's dtype (a category stays a category)
        if isinstance(keys[col].dtype, pd.CategoricalDtype):
            values[col] = values[col].astype(keys[col].dtype)
        else:
            values[col] = values[col].astype(keys[col].dtype)
    return codes, values


def _quantile(df: np.ndarray, level: float) -> np.ndarray:
    from scipy.special import stdtrit  # scipy.special alone: a light import

    df = np.asarray(df, dtype=float)
    q = np.full(df.shape, np.nan)
    ok = df > 0
    q[ok] = stdtrit(df[ok], 1 - (1 - level) / 2)
    return q


def estimate(
    data: pd.DataFrame,
    y: str = "child_labour",
    by: str | Sequence[str] | None = None,
    weight: str = "weight",
    strata: str | None = "stratum",
    psu: str | None = "psu",
    level: float = 0.95,
    *,
    ci: str = "logit",
    lonely_psu: str | None = None,
    deff: bool | str = True,
    replicates: str | Sequence[str] | None = None,
    replicate_type: str = "JK1",
    rho: float = 0.5,
    mse: bool = False,
) -> pd.DataFrame:
    """The weighted rate of ``y`` per domain, with its design-based error.

    Parameters
    ----------
    data : DataFrame
        One row per child (the whole sample: rows outside a domain or with
        ``y`` missing stay in the design).
    y : str
        A true/false column (``child_labour`` from
        :func:`~childlabour_metrics.survey.classify`); NA rows are left out
        of the rate, as R's ``na.rm=TRUE``.
    by : str or list of str, optional
        Domain columns (province, sex, age group, area); one row per domain
        seen, sorted.  Rows with a missing domain value are in no domain.
        None: one row for the whole sample.
    weight : str
        The sampling weight column (no missing or negative weights).
    strata, psu : str or None
        The stratum and PSU (cluster) columns; PSUs are nested in strata (a
        PSU code may repeat across strata).  None: one stratum; each row its
        own PSU.
    level : float
        Confidence level of the interval.
    ci : {"logit", "wald"}
        The interval: R's ``svyciprop(method="logit")`` or ``"mean"``.
    lonely_psu : {"adjust", "average", "certainty"}, optional
        What a stratum with a single PSU contributes (see the module); by
        default such a stratum is an error naming it.
    deff : bool or "replace"
        The design effect against simple random sampling without
        replacement (True), with replacement ("replace"), or none (False).
    replicates : str or list of str, optional
        Replicate weight columns (a list, or a prefix such as ``"repw"``); the
        variance then comes from them and ``strata``/``psu`` are not used.
    replicate_type : {"JK1", "BRR", "Fay"}
        How the replicates were made (R's ``svrepdesign(type=)``).
    rho : float
        Fay's coefficient, for ``replicate_type="Fay"``.
    mse : bool
        Centre the replicates on the full-sample rate rather than on their mean.

    Returns
    -------
    DataFrame
        The ``by`` columns, then ``value`` (the weighted rate in percent among
        rows where ``y`` is not NA), ``se`` (percentage points), ``ci_low``,
        ``ci_high`` (percent), ``ci_method`` ("logit" or "wald"), ``deff``,
        ``n`` (rows), ``population`` (sum of weights) and ``count`` (sum of
        weights where ``y`` is true).

    Examples
    --------
    Two strata of two PSUs each (R's ``svyby(~y, ~sex, design, svymean)`` gives the
    same standard errors, 0.3606 and 0.2474):

    >>> kids = pd.DataFrame({"stratum": [1, 1, 1, 1, 2, 2, 2, 2],
    ...                      "psu": [1, 1, 2, 2, 1, 1, 2, 2],
    ...                      "weight": [10., 10, 20, 20, 15, 15, 5, 5],
    ...                      "sex": ["f", "m", "f", "m", "f", "m", "f", "m"],
    ...                      "child_labour": [True, False, False, False, True, True, False, False]})
    >>> est = estimate(kids, by="sex")
    >>> est[["sex", "value", "se", "n", "population", "count"]].round(4)
      sex  value       se  n  population  count
    0   f   50.0  36.0555  4        50.0   25.0
    1   m   30.0  24.7386  4        50.0   15.0
    """
    by = [by] if isinstance(by, str) else list(by or [])
    _option(ci, CI_METHODS, "ci")
    if lonely_psu is not None:
        _option(lonely_psu, LONELY_PSU, "lonely_psu")
    _option(deff, (True, False, "replace"), "deff")
    if not (isinstance(level, float | int) and 0 < level < 1):
        raise InputError("err_survey_bad_level", field="level", value=repr(level))
    rep_columns: list[str] = []
    if replicates is not None:
        _option(replicate_type, REPLICATE_TYPES, "replicate_type")
        rep_columns = ([c for c in data.columns if str(c).startswith(replicates)]
                       if isinstance(replicates, str) else list(replicates))
        if not rep_columns:
            raise InputError("err_survey_no_replicates", field="replicates",
                             value=repr(replicates))
    design = [c for c in (strata, psu) if c is not None and not rep_columns]
    _require(data, [y, *by, weight, *design, *rep_columns])
    for column in design:
        _no_missing(data, column)
    w = _weights(data, weight)
    yv = _outcome(data, y)
    use = ~np.isnan(yv)
    d, domains = _domains(data, by, use)
    use &= d >= 0
    ndom = len(domains)
    rows = np.flatnonzero(use)
    dd, ww, yy = d[rows], w[rows], yv[rows]
    population = np.bincount(dd, ww, ndom)
    count = np.bincount(dd, ww * yy, ndom)
    n = np.bincount(dd, minlength=ndom)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = count / population
    resid = yy - p[dd]
    if rep_columns:
        var, df, logit_var = _replicate_variance(
            data, rep_columns, rows, dd, yy, p, ndom, replicate_type, rho, mse)
        nobs = n.astype(float)
    else:
        var, df = _taylor_variance(data, strata, psu, lonely_psu, rows, dd, ww, resid,
                                   population, ndom)
        with np.errstate(invalid="ignore", divide="ignore"):
            logit_var = var / (p * (1 - p)) ** 2
        nobs = np.bincount(dd, (ww != 0).astype(float), ndom)
    se = np.sqrt(var)
    q = _quantile(df, level)
    with np.errstate(invalid="ignore", divide="ignore"):
        if ci == "wald":
            low, high = p - q * se, p + q * se
        else:
            logit = np.log(p / (1 - p))
            half = q * np.sqrt(logit_var)
            low, high = _expit(logit - half), _expit(logit + half)
        design_effect = _deff(deff, var, dd, ww, resid, population, nobs, ndom,
                              replicated=bool(rep_columns))
    out = domains.assign(
        value=100 * p, se=100 * se, ci_low=100 * low, ci_high=100 * high,
        ci_method=pd.array([ci] * ndom, dtype="str"), deff=design_effect,
        n=pd.array(n, dtype="Int64"), population=population, count=count)
    return out[[*by, *ESTIMATE_COLUMNS]]


def _expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _deff(kind: bool | str, var: np.ndarray, dd: np.ndarray, ww: np.ndarray,
          resid: np.ndarray, population: np.ndarray, nobs: np.ndarray, ndom: int,
          replicated: bool) -> np.ndarray:
    """R's ``deff``: the variance over that of a simple random sample of ``nobs`` rows."""
    if kind is False:
        return np.full(ndom, np.nan)
    # svyvar: n/(n−1) Σ w (y − p)² / Σ w, then divided by n (and the sampling fraction)
    unit_var = np.bincount(dd, ww * resid**2, ndom) / population * nobs / (nobs - 1)
    vsrs = unit_var / nobs
    if kind != "replace":
        vsrs = vsrs * (population - nobs) / population
        if not replicated:  # svymean.survey.design2 gives NA; the replicate method does not
            vsrs = np.where(population < nobs, np.nan, vsrs)
    return var / vsrs


def _taylor_variance(
    data: pd.DataFrame, strata: str | None, psu: str | None, lonely_psu: str | None,
    rows: np.ndarray, dd: np.ndarray, ww: np.ndarray, resid: np.ndarray,
    population: np.ndarray, ndom: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Each domain's Taylor variance and degrees of freedom (see the module)."""
    size = len(data)
    if strata is not None:
        h_all, h_names = pd.factorize(data[strata], sort=True)
    else:
        h_all, h_names = np.zeros(size, dtype=np.int64), pd.Index([""])
    nstrata = len(h_names)
    # PSUs nested in strata (R's nest=TRUE): a PSU is a (stratum, psu) pair
    local = (pd.factorize(data[psu])[0] if psu is not None
             else np.arange(size, dtype=np.int64))
    pair = h_all.astype(np.int64) * (int(local.max(initial=0)) + 1) + local
    p_all, pair_index = pd.factorize(pair)
    npsu = len(pair_index)
    psu_stratum = np.zeros(npsu, dtype=np.int64)
    psu_stratum[p_all] = h_all
    n_h = np.bincount(psu_stratum, minlength=nstrata)  # PSUs per stratum, whole design
    lonely = n_h == 1
    if lonely.any() and lonely_psu is None:
        raise InputError("err_survey_lonely_psu", field=strata,
                         strata=", ".join(str(s) for s in h_names[lonely][:_SHOWN_ROWS]))
    # Scores summed per (domain, PSU) present in the domain
    score = ww * resid / population[dd]
    pp = p_all[rows]
    cell, cells = pd.factorize(dd * np.int64(npsu) + pp)
    z = np.bincount(cell, score, len(cells))
    cells = np.asarray(cells)
    cell_dom, cell_psu = cells // npsu, cells % npsu
    cell_h = psu_stratum[cell_psu]
    dh = cell_dom * nstrata + cell_h
    zsum = np.bincount(dh, z, ndom * nstrata)
    present = np.bincount(dh, minlength=ndom * nstrata)  # PSUs of h with rows in d
    n_dh = np.tile(n_h, ndom).astype(float)
    mean = zsum / n_dh
    # Σ over all n_h PSUs of (z − mean)²: the PSUs absent from the domain have z = 0
    ss = np.bincount(dh, (z - mean[dh]) ** 2, ndom * nstrata) + (n_dh - present) * mean**2
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(n_dh > 1, n_dh / (n_dh - 1) * ss, 0.0)
    is_lonely = np.tile(lonely, ndom)
    if lonely_psu == "adjust":
        v = np.where(is_lonely, zsum**2, v)  # the single PSU centred on the mean, 0
    v = v.reshape(ndom, nstrata)
    var = v.sum(axis=1)
    has = (present > 0).reshape(ndom, nstrata)
    if lonely_psu == "average":
        nstrat = has.sum(axis=1)
        nok = (has & ~lonely[None, :]).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.where(nok > 0, var * nstrat / nok, np.nan)
    # R's degf: PSUs minus strata among the domain's rows of non-zero weight
    weighted = ww != 0
    seen = pd.unique(dd[weighted] * np.int64(npsu) + pp[weighted])
    seen_dom = seen // npsu
    psus = np.bincount(seen_dom, minlength=ndom)
    strat_seen = pd.unique(seen_dom * nstrata + psu_stratum[seen % npsu])
    nstr = np.bincount(strat_seen // nstrata, minlength=ndom)
    return var, (psus - nstr).astype(float)


def _replicate_variance(
    data: pd.DataFrame, columns: list[str], rows: np.ndarray, dd: np.ndarray,
    yy: np.ndarray, p: np.ndarray, ndom: int, kind: str, rho: float, mse: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each domain's replicate variance, degrees of freedom and the logit's variance."""
    reps = np.column_stack([_weights(data, c) for c in columns])[rows]
    nrep = reps.shape[1]
    scale = {"JK1": (nrep - 1) / nrep, "BRR": 1 / nrep,
             "Fay": 1 / (nrep * (1 - rho) ** 2)}[kind]
    # domain sums of each replicate: rows sorted by domain, summed in slices
    order = np.argsort(dd, kind="stable")
    starts = np.searchsorted(dd[order], np.arange(ndom))
    sorted_reps = reps[order]
    totals = np.add.reduceat(sorted_reps, starts, axis=0)
    trues = np.add.reduceat(sorted_reps * yy[order][:, None], starts, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        theta = trues / totals
        logit = np.log(theta / (1 - theta))

    def spread(values: np.ndarray, centre: np.ndarray) -> np.ndarray:
        # A replicate without a row of the domain gives 0/0: R's svrVar drops it (with
        # a warning) and keeps the scale; so here, domain by domain.
        kept = ~np.isnan(values)
        middle = centre if mse else np.nanmean(values, axis=1)
        squares = np.where(kept, (values - middle[:, None]) ** 2, 0.0)
        return np.where(kept.any(axis=1), scale * squares.sum(axis=1), np.nan)

    with np.errstate(invalid="ignore", divide="ignore"):
        var = spread(theta, p)
        logit_var = spread(logit, np.log(p / (1 - p)))
    return var, _replicate_df(reps, dd, ndom), logit_var


def _replicate_df(reps: np.ndarray, dd: np.ndarray, ndom: int) -> np.ndarray:
    """R's ``degf`` of each domain: the rank of its replicate weights, minus one.

    Rows are scaled copies of a few patterns (one per PSU); the rank is that of
    the distinct patterns each domain holds, all domains in one batched rank.
    A pattern is found by its scalar products with two fixed random vectors
    (hashed by ``pd.factorize``, not sorted row by row), each row reduced alike.
    """
    size = np.abs(reps).max(axis=1)
    nonzero = size > 0
    pattern = np.round(reps[nonzero] / size[nonzero, None], 10)
    probe = np.random.default_rng(0).random((2, reps.shape[1]))
    key = (pattern * probe[0]).sum(axis=1) + 1j * (pattern * probe[1]).sum(axis=1)
    inverse, uniques = pd.factorize(key)
    first = np.zeros(len(uniques), dtype=np.int64)
    first[inverse] = np.arange(len(inverse))  # any row of a pattern stands for it
    pairs = np.unique(dd[nonzero] * np.int64(len(uniques)) + inverse)
    pair_dom, pair_pattern = pairs // len(uniques), pairs % len(uniques)
    counts = np.bincount(pair_dom, minlength=ndom)
    slot = np.arange(len(pairs)) - np.repeat(np.cumsum(counts) - counts, counts)
    stack = np.zeros((ndom, int(counts.max(initial=1)), reps.shape[1]))
    stack[pair_dom, slot] = pattern[first[pair_pattern]]
    return np.linalg.matrix_rank(stack).astype(float) - 1
