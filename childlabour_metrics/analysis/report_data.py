"""What the report shows, computed once: :func:`analyse` → a frozen :class:`ReportData`.

Reads the batch (or takes a reader result or an observations table), loads
the plan once, and computes attainment (the plan's unit and the units below
it), progress, completeness and the summary per target.  Every output (Excel,
HTML, figures) reads the same :class:`ReportData`; none computes anything.
Tables carry codes (``met``, ``not_yet``, ``superseded``); words are chosen
at the output edge.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..io import read_reports
from ..language.errors import InputPathError
from ..reference.periods import parse_period
from ..reference.plans import Plan, load_plan
from ..reference.scope import scope_codes
from ..reference.units import ancestor_map, as_registry, sample_units
from .completeness import completeness_rates, completeness_table
from .owners import department_report, has_owned_targets
from .progress import status_label
from .targets import assess, judge
from .values import aggregate

__all__ = ["MANY_UNITS", "STATUS_ORDER", "ReportData", "analyse", "verdict"]

#: Above this many units a bar or a row per unit no longer reads: the report
#: shows the level below the plan's unit (the country by province) and
#: ranks the units (top and bottom) instead.  A province of ~40-100 communes
#: still gets a bar per commune.
MANY_UNITS = 120

#: Attainment statuses as shown, best first: ``on_track`` and ``not_yet`` are a
#: target judged before its year (a 2030 target on 2025 data is not "not met").
STATUS_ORDER: tuple[str, ...] = ("met", "on_track", "not_yet", "not_met", "no_data",
                                 "no_target")



@dataclass(frozen=True)
class ReportData:
    """Every table the report's outputs show, computed once by :func:`analyse`.

    Attributes
    ----------
    lang : str
        Language of the report.
    plan : Plan
        The plan, loaded once, with a ``ref`` per target.
    method : str
        Progress method (``sdg`` or ``trajectory``).
    observations, problems, files : DataFrame
        What was read.
    scope_observations : DataFrame
        The plan unit's counts (rolled up from its units, else its own).
    attainment : DataFrame
        The plan unit's and its units' attainment, status as shown
        (``not_yet``/``on_track`` before the target year).
    unit_attainment : DataFrame
        The rows the unit figures show (the units below the plan's unit, or
        the plan's unit itself when it has none).
    summary : DataFrame
        One row per target.
    progress : DataFrame
        Progress of the plan unit and of each unit.
    completeness, rates : DataFrame or None
        Reporting completeness and rates (None without a registry).
    names, levels : dict
        Unit names and levels by code.
    n_files, n_errors, n_warnings : int
        Counts for the summary line.
    generated : str
        Date the report was made (ISO).
    period : str or None
        The latest period with unit values: the period of the unit figures.
    overview : DataFrame or None
        At scale (more than :data:`MANY_UNITS` units), the attainment of the
        level below the plan's unit (the country by province), summed from
        its units' counts; None otherwise.
    groups : dict or None
        At scale, each unit's group: its ancestor at that level.
    """

    lang: str
    plan: Plan
    method: str
    observations: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    scope_observations: pd.DataFrame
    attainment: pd.DataFrame
    unit_attainment: pd.DataFrame
    summary: pd.DataFrame
    progress: pd.DataFrame
    completeness: pd.DataFrame | None
    rates: pd.DataFrame | None
    names: dict[str, str]
    levels: dict[str, str]
    n_files: int
    n_errors: int
    n_warnings: int
    generated: str
    period: str | None
    #: Per department: what it owns, reported and met (owners.department_report);
    #: None when the plan has no owned targets and the registry no departments.
    departments: pd.DataFrame | None = None
    #: At national scale: the level below the plan's unit (e.g. 34 provinces), and each
    #: unit's group in it; None for a report small enough to show unit by unit.
    overview: pd.DataFrame | None = None
    groups: dict[str, str] | None = None


def analyse(paths: Any, plan: Plan | str | Path, *, units: pd.DataFrame | str | Path | None = None,
            lang: str = "vi", method: str = "sdg", progress: bool | None = None) -> ReportData:
    """Read (if needed) and compute everything the report shows.

    Parameters
    ----------
    paths : path, list of paths, reader result or DataFrame
        As for :func:`~childlabour_metrics.output.report.build_report`.
    plan : Plan, str or Path
        The plan (loaded once here).
    units : DataFrame or path, optional
        Unit registry; by default the bundled sample registry when it knows
        every reporting unit.
    lang : {"vi", "en"}
        Language of the reader's messages and of the report.
    method : {"sdg", "trajectory"}
        Progress method.
    progress : bool, optional
        Progress bar of the reader.

    Returns
    -------
    ReportData

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["30"], "period": ["2024"], "indicator": ["CL01"],
    ...     "numerator": [12], "denominator": [1000]})
    >>> data = analyse(obs, "hai-duong-2021", lang="en")
    >>> data.summary.iloc[0][["ref", "status"]].tolist()
    ['A1', 'not_yet']
    """
    plan = _with_refs(load_plan(plan))
    registry = as_registry(units)
    obs, problems, files, source = _read(paths, plan, registry, lang, progress)
    if registry is None:
        registry = sample_registry(obs)
    scope_obs = _scope_counts(obs, plan, registry)
    local = _in_scope(obs, plan, registry)
    refs = dict(zip(plan.targets["label"], plan.targets["ref"], strict=True))
    # The owner rule (owners.py): with a registry, an owned target is judged on
    # its owners' own reports, as clm.attainment(..., units=) and the
    # departments section judge it, never on the pooled counts of the area.
    owners = registry if registry is not None and has_owned_targets(plan) else None
    owned = _owned_refs(plan) if owners is not None else set()
    att_units = _add_ref(judge(
        local[local["unit_code"].astype("str") != plan.scope_code], plan, units=owners), refs)
    att_scope = (_add_ref(judge(scope_obs, plan), refs) if not scope_obs.empty
                 else att_units.iloc[:0])
    att_scope = _owners_for_scope(att_scope, att_units, owned, plan)
    att_scope, att_units = _judged(att_scope), _judged(att_units)
    # An owned target's rows are in both (its owners' result stands for the plan's).
    att_all = pd.concat([att_scope, att_units[~att_units["ref"].isin(owned)]],
                        ignore_index=True)
    prog_scope = (_add_ref(assess(scope_obs, plan, method=method), refs)
                  if not scope_obs.empty else pd.DataFrame())
    prog_units = _add_ref(assess(local, plan, method=method, units=owners), refs)
    prog_scope = _owners_for_scope(prog_scope, prog_units, owned, plan)
    parts = [p for p in (prog_scope, prog_units[~prog_units["ref"].isin(owned)])
             if not p.empty]
    prog = pd.concat(parts, ignore_index=True) if parts else prog_units
    comp = rates = None
    if registry is not None:
        # Observations name each unit of a consolidated form; the files
        # table has one unit per file, so it would count those units missing.
        comp = completeness_table(obs if "source_file" in obs.columns else source, registry,
                                  plan)
        rates = completeness_rates(comp)
    names: dict[str, str] = {}
    if "unit_name" in obs.columns:
        named = obs[["unit_code", "unit_name"]].dropna().drop_duplicates("unit_code")
        names = dict(zip(named["unit_code"].astype("str"), named["unit_name"].astype("str"),
                         strict=True))
    levels: dict[str, str] = {}
    if registry is not None:
        names.update(dict(zip(registry["code"], registry["name"], strict=True)))
        levels = dict(zip(registry["code"], registry["level"], strict=True))
    names.setdefault(plan.scope_code, plan.scope_name)
    summary = _summary_table(plan, att_scope, att_units, prog_scope, lang)
    severity = problems["severity"] if "severity" in problems else pd.Series(dtype="str")
    # A commune's own plan has no units below it: show the commune itself.
    shown_units = att_units if not att_units.empty else att_scope
    periods = sorted(set(shown_units["period"]), key=_period_key)
    overview, groups = _overview(local, plan, registry, shown_units, refs)
    return ReportData(
        lang=lang, plan=plan, method=method, observations=obs, problems=problems,
        files=files, scope_observations=scope_obs, attainment=att_all,
        unit_attainment=shown_units, summary=summary, progress=prog, completeness=comp,
        rates=rates, names=names, levels=levels,
        n_files=len(files) if len(files) else (
            obs["source_file"].nunique() if "source_file" in obs else 0),
        n_errors=int((severity == "error").sum()),
        n_warnings=int((severity == "warning").sum()),
        generated=dt.date.today().isoformat(),
        period=periods[-1] if periods else None, overview=overview, groups=groups,
        departments=department_report(obs, plan, registry),
    )


def _owned_refs(plan: Plan) -> set[str]:
    """The refs of the plan's owned targets."""
    if "owner" not in plan.targets.columns:
        return set()
    return set(plan.targets.loc[plan.targets["owner"].notna(), "ref"].astype("str"))


def _owners_for_scope(scope: pd.DataFrame, units: pd.DataFrame, owned: set[str],
                      plan: Plan) -> pd.DataFrame:
    """The plan unit's rows, an owned target's taken from its owners' own rows."""
    if not owned or "ref" not in units.columns:
        return scope
    keep = scope[~scope["ref"].isin(owned)] if "ref" in scope.columns else scope
    parts = [p for p in (keep, units[units["ref"].isin(owned)]) if not p.empty]
    if not parts:
        return scope.iloc[:0] if "ref" in scope.columns else units.iloc[:0]
    out = pd.concat(parts, ignore_index=True)
    order = {ref: i for i, ref in enumerate(plan.targets["ref"])}
    return out.iloc[out["ref"].map(order).argsort(kind="stable")].reset_index(drop=True)


def _overview(local: pd.DataFrame, plan: Plan, registry: pd.DataFrame | None,
              shown: pd.DataFrame, refs: dict[str, str]
              ) -> tuple[pd.DataFrame | None, dict[str, str] | None]:
    """At scale, attainment of the level below the plan's unit and each unit's group."""
    if registry is None or shown["unit_code"].nunique() <= MANY_UNITS:
        return None, None
    children = registry[registry["parent_code"].astype("str") == plan.scope_code]
    if children.empty:
        return None, None
    level = str(children["level"].mode().iloc[0])  # e.g. province below the country
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unknown units are problems already
        rolled = aggregate(local, registry, level=level)
    rolled = rolled[(rolled["n_rows"] > 0) & (rolled["unit_code"] != plan.scope_code)]
    cols = ["unit_code", "period", "indicator", "numerator", "denominator"]
    overview = _judged(_add_ref(judge(rolled[cols], plan), refs))
    amap = ancestor_map(registry, level)
    codes = pd.unique(shown["unit_code"].astype("str"))
    groups = amap.reindex(codes).dropna()
    return overview, dict(zip(groups.index, groups.to_numpy(), strict=True))


def verdict(status: pd.Series, period: pd.Series, target_year: pd.Series) -> pd.Series:
    """The status to show: a target judged on data from before its year is not yet due.

    Parameters
    ----------
    status : Series of str
        Attainment status (``met``, ``not_met``, ``no_data``, ``no_target``).
    period : Series of str
        The period the value is for (``2025``, ``2025H1``).
    target_year : Series of int
        The year the target is due.

    Returns
    -------
    Series of str
        ``met`` becomes ``on_track`` and ``not_met`` becomes ``not_yet``
        where the period is before the target year; other rows unchanged.

    Examples
    --------
    >>> verdict(pd.Series(["met", "not_met", "not_met"]), pd.Series(["2025", "2025H1", "2030"]),
    ...         pd.Series([2030, 2030, 2030])).tolist()
    ['on_track', 'not_yet', 'not_met']
    """
    year = pd.to_numeric(period.astype("str").str[:4], errors="coerce")
    due = pd.to_numeric(target_year, errors="coerce")
    ahead = pd.Series((year < due).fillna(False).to_numpy(bool), index=status.index)
    shown = status.astype("str")
    shown = shown.mask(ahead & (shown == "met"), "on_track")
    return shown.mask(ahead & (shown == "not_met"), "not_yet")


def _period_key(period: str) -> tuple[int, int]:
    return parse_period(period).sort_key


def _empty_problems() -> pd.DataFrame:
    cols = ["file", "sheet", "cell", "unit_code", "period", "indicator", "code", "severity",
            "message"]
    return pd.DataFrame({c: pd.Series(dtype="str") for c in cols})


def _read(paths: Any, plan: Plan, units: pd.DataFrame | None, lang: str,
          progress: bool | None = None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, Any]:
    """Observations, problems, files, and what completeness() should count."""
    if isinstance(paths, pd.DataFrame):
        return paths, _empty_problems(), pd.DataFrame(), paths
    if hasattr(paths, "observations"):
        files = getattr(paths, "files", None)
        problems = getattr(paths, "problems", None)
        return (paths.observations, problems if problems is not None else _empty_problems(),
                files if files is not None else pd.DataFrame(), paths)
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    missing = [str(p) for p in items if not Path(p).exists()]
    if missing:
        raise InputPathError("err_input_no_such_path", file=missing[0], paths=", ".join(missing))
    result = read_reports(items, units=units, plan=plan, lang=lang, progress=progress)
    return result.observations, result.problems, result.files, result


def sample_registry(observations: pd.DataFrame) -> pd.DataFrame | None:
    """The bundled sample registry when it knows every reporting unit, else None."""
    sample = sample_units()
    codes = set(observations["unit_code"].astype("str"))
    return sample if codes and codes <= set(sample["code"]) else None


def _scope_counts(obs: pd.DataFrame, plan: Plan, registry: pd.DataFrame | None) -> pd.DataFrame:
    """The plan unit's counts: rolled up from the units below, else its own reports."""
    own = obs[obs["unit_code"].astype("str") == plan.scope_code]
    if registry is not None and plan.scope_code in set(registry["code"]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unknown units are problems already
            rolled = aggregate(obs, registry, level=plan.scope_level)
        rolled = rolled[(rolled["unit_code"] == plan.scope_code) & (rolled["n_rows"] > 0)]
        if not rolled.empty:
            return rolled[["unit_code", "period", "indicator", "numerator", "denominator"]]
    return own


def _in_scope(obs: pd.DataFrame, plan: Plan, registry: pd.DataFrame | None) -> pd.DataFrame:
    """Rows of the units the plan covers (all rows when there is no registry to tell)."""
    if registry is None or plan.scope_code not in set(registry["code"]):
        return obs
    # the library's one scope rule (units.scope_codes)
    return obs[obs["unit_code"].astype("str").isin(scope_codes(registry, plan.scope_code))]


def _latest(att: pd.DataFrame) -> pd.DataFrame:
    """Per target (``ref``), the row of the latest period that has a value."""
    rows = att[att["value"].notna()]
    if rows.empty:
        return rows
    rows = rows.assign(_k=rows["period"].map(_period_key))
    rows = rows.sort_values(["ref", "_k"]).groupby("ref", sort=False).tail(1)
    return rows.drop(columns="_k")


def _judged(att: pd.DataFrame) -> pd.DataFrame:
    """Attainment with the status a person sees: a target before its year is "not yet"."""
    if att.empty:
        return att
    return att.assign(status=verdict(att["status"], att["period"], att["target_year"]))


def _with_refs(plan: Plan) -> Plan:
    """The plan with a ``ref`` per target (short id such as "A1"; the label if none)."""
    if "ref" in plan.targets.columns:
        return plan
    return replace(plan, targets=plan.targets.assign(ref=plan.targets["label"]))


def _add_ref(table: pd.DataFrame, refs: dict[str, str]) -> pd.DataFrame:
    if "ref" in table.columns or "label" not in table.columns:
        return table
    return table.assign(ref=table["label"].map(refs).astype("str"))


def _summary_table(plan: Plan, att_scope: pd.DataFrame, att_units: pd.DataFrame,
                   prog_scope: pd.DataFrame, lang: str) -> pd.DataFrame:
    latest = _latest(att_scope).set_index("ref")
    prog = prog_scope.set_index("ref") if not prog_scope.empty else prog_scope
    rows = []
    tgt: Any  # a row of the plan's targets (pandas-stubs types its fields as any scalar)
    for tgt in plan.targets.itertuples(index=False):
        row: dict[str, Any] = {
            "ref": tgt.ref, "label": tgt.label, "indicators": " + ".join(tgt.indicators),
            "target_year": tgt.year, "operator": tgt.operator,
            "target": None if pd.isna(tgt.value) else float(tgt.value) / 100,
            "latest_period": None, "value": None, "status": "no_data" if not pd.isna(
                tgt.value) else "no_target", "gap_pp": None, "units_met": None,
            "units_with_data": None, "progress": None,
        }
        if tgt.ref in latest.index:
            hit = latest.loc[tgt.ref]
            row.update(latest_period=hit["period"], value=float(hit["value"]) / 100,
                       status=hit["status"],
                       gap_pp=None if pd.isna(hit["gap_pp"]) else float(hit["gap_pp"]))
            same = att_units[(att_units["ref"] == tgt.ref)
                             & (att_units["period"] == hit["period"])
                             & att_units["value"].notna()]
            if not att_units.empty:  # a commune's own plan has no units below it
                row.update(units_met=int(same["status"].isin(("met", "on_track")).sum()),
                           units_with_data=len(same))
        if not prog_scope.empty and tgt.ref in prog.index:
            row["progress"] = str(prog.loc[tgt.ref, "status"])  # a code: words at the edge
        rows.append(row)
    out = pd.DataFrame(rows)
    out["status"] = verdict(out["status"], out["latest_period"], out["target_year"])
    return out.astype({"ref": "str", "label": "str", "indicators": "str", "target_year": "Int64",
                       "operator": "str", "target": "Float64", "latest_period": "str",
                       "value": "Float64", "status": "str", "gap_pp": "Float64",
                       "units_met": "Int64", "units_with_data": "Int64", "progress": "str"})


def _progress_label(status: str, lang: str) -> str:
    try:
        return status_label(status, lang=lang)
    except KeyError:
        return status
