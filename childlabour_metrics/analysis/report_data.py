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
import os
import warnings
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from ..io import read_reports
from ..language.errors import InputPathError
from ..language.problems import render
from ..language.words import word
from ..reference.periods import parse_period
from ..reference.plans import Plan, load_plan
from ..reference.schemas import check_coerced, coerce_observations
from ..reference.scope import scope_codes
from ..reference.units import LEVELS, ancestor_map, as_registry, sample_units
from .completeness import completeness_rates, completeness_table, in_plan_scope
from .judged import VERDICTS, judged_table
from .owners import department_report, has_owned_targets
from .progress import status_label
from .quality.door import review
from .quality.external import survey_table
from .quality.options import QualityThresholds
from .survey_section import survey_section
from .targets import assess, judge
from .values import aggregate_checked, rolled_for_plan, summed_level

__all__ = ["MANY_UNITS", "STATUS_ORDER", "SUMMARY_COLUMNS", "Headline", "ReportData", "analyse",
           "files_root", "judged", "quality_within", "relative_files", "summary_table"]

#: Above this many units a bar or a row per unit no longer reads: the report
#: shows the level below the plan's unit (the country by province) and
#: ranks the units (top and bottom) instead.  A province of ~40-100 communes
#: still gets a bar per commune.
MANY_UNITS = 120

#: Attainment statuses as shown, best first: ``on_track`` and ``not_yet`` are a
#: target judged before its year (a 2030 target on 2025 data is not "not met").
STATUS_ORDER: tuple[str, ...] = VERDICTS



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
    #: Every unit against every target, judged once (analysis.judged): what every
    #: output renders.  The summary is its plan-unit rows.
    judged: pd.DataFrame | None = None
    #: Sections other parts of the library add to the report (a data-quality review,
    #: survey estimates): name -> their own table or object, in the order shown.
    #: The HTML and workbook writers render each through their own section hooks.
    sections: tuple[tuple[str, Any], ...] = ()
    #: The facts of the one-sentence headline.
    headline: Headline | None = None


def analyse(paths: Any, plan: Plan | str | Path, *, units: pd.DataFrame | str | Path | None = None,
            lang: str = "vi", method: str = "sdg", progress: bool | None = None,
            survey: pd.DataFrame | None = None, quality: bool = True) -> ReportData:
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
    survey : DataFrame, optional
        Survey estimates (as :func:`childlabour_metrics.survey.estimate` returns
        them, with their domain columns): the ``survey`` section
        (:func:`~childlabour_metrics.analysis.survey_section.survey_section`), and
        the data-quality review's external check.
    quality : bool
        Review the figures' quality (:func:`~childlabour_metrics.data_quality`,
        the ``quality`` section): communes compared within their province
        (:func:`quality_within`).

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
    obs, problems, files = relative_files(obs, problems, files)
    problems = _summarised(problems, plan)
    if registry is None:
        registry = sample_registry(obs)
    # The one check of the table: the cores below take it checked (issue 22's speed).
    coerced = coerce_observations(obs)  # what the quality review reads
    checked = check_coerced(coerced)
    scope_obs = _scope_counts(obs, checked, plan, registry)
    local = _in_scope(checked, plan, registry)
    refs = dict(zip(plan.targets["label"], plan.targets["ref"], strict=True))
    # The owner rule (owners.py): with a registry, an owned target is judged on
    # its owners' own reports, as clm.attainment(..., units=) and the
    # departments section judge it, never on the pooled counts of the area.
    owners = registry if registry is not None and has_owned_targets(plan) else None
    owned = _owned_refs(plan) if owners is not None else set()
    att_units = _add_ref(judge(
        local[local["unit_code"].astype("str") != plan.scope_code], plan, units=owners,
        checked=True), refs)
    att_scope = (_add_ref(judge(scope_obs, plan), refs) if not scope_obs.empty
                 else att_units.iloc[:0])
    att_scope = _owners_for_scope(att_scope, att_units, owned, plan)
    # An owned target's rows are in both (its owners' result stands for the plan's).
    att_all = pd.concat([att_scope, att_units[~att_units["ref"].isin(owned)]],
                        ignore_index=True)
    prog_scope = (_add_ref(assess(scope_obs, plan, method=method), refs)
                  if not scope_obs.empty else pd.DataFrame())
    prog_units = _add_ref(assess(local, plan, method=method, units=owners, checked=True), refs)
    prog_scope = _owners_for_scope(prog_scope, prog_units, owned, plan)
    parts = [p for p in (prog_scope, prog_units[~prog_units["ref"].isin(owned)])
             if not p.empty]
    prog = pd.concat(parts, ignore_index=True) if parts else prog_units
    comp = rates = None
    if registry is not None:
        # Observations name each unit of a consolidated form; the files
        # table has one unit per file, so it would count those units missing.
        comp = in_plan_scope(completeness_table(
            obs if "source_file" in obs.columns else source, registry, plan))
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
    severity = problems["severity"] if "severity" in problems else pd.Series(dtype="str")
    # A commune's own plan has no units below it: show the commune itself.
    shown_units = att_units if not att_units.empty else att_scope
    valued = shown_units.loc[shown_units["value"].notna(), "period"]
    # the distinct periods first: a national round has ~300,000 rows of a dozen periods
    periods = sorted(set(pd.unique(valued)), key=_period_key) or sorted(
        set(pd.unique(shown_units["period"])), key=_period_key)
    as_of = periods[-1] if periods else None
    expected = _expected(comp, plan)
    judged = judged_table(plan, att_scope, att_units, prog, expected=expected,
                          as_of=as_of, method=method, owned=owned)
    summary = summary_table(judged)
    overview, groups, rolled = _overview(local, plan, registry, shown_units, refs)
    sections: list[tuple[str, Any]] = []
    found = None if survey is None else survey_section(survey, plan, registry, obs)
    if found is not None:
        sections.append(("survey", found))
    if quality:
        # the same estimates are the review's external check (issue 26)
        sections.append(("quality", review(
            coerced, registry, plan, thresholds=QualityThresholds(), within=quality_within(plan,
                                                                                     registry),
            survey=None if found is None or found.external.empty else survey_table(
                found.external), lang=lang, rolled=rolled, coerced=True)))
    return ReportData(
        lang=lang, plan=plan, method=method, observations=obs, problems=problems,
        files=files, scope_observations=scope_obs, attainment=att_all,
        unit_attainment=shown_units, summary=summary, progress=_not_due(prog, judged),
        completeness=comp, rates=rates, names=names, levels=levels, judged=judged,
        n_files=len(files) if len(files) else (
            obs["source_file"].nunique() if "source_file" in obs else 0),
        n_errors=int((severity == "error").sum()),
        n_warnings=int((severity == "warning").sum()),
        generated=dt.date.today().isoformat(),
        period=as_of, overview=overview, groups=groups,
        departments=department_report(obs, plan, registry),
        headline=_headline(summary, expected, as_of, plan), sections=tuple(sections),
    )


def quality_within(plan: Plan, registry: pd.DataFrame | None) -> str | None:
    """The level within which the report's quality review compares units: the province.

    A commune is compared with the other communes of its province, not of its
    district: a pre-2025 district has a handful of communes (the sample's three),
    too few to compare (the review's ``min_units``, 10), and after 1 July 2025
    communes sit straight under their province.  A province's officer follows
    up against the province; a national report compares each commune within its
    own province too (never all 3,321 at once).  A district's plan compares
    its communes (their parent); without a registry there is no province to
    know, and all units are compared together.

    Examples
    --------
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> from childlabour_metrics.reference.units import sample_units
    >>> quality_within(load_plan("hai-duong-2021"), sample_units())
    'province'
    >>> quality_within(load_plan("hai-duong-2021"), None) is None
    True
    """
    if registry is None:
        return None
    return "province" if plan.scope_level in ("country", "province") else None


def judged(paths: Any, plan: Plan | str | Path, *,
           units: pd.DataFrame | str | Path | None = None, method: str = "sdg",
           lang: str = "vi") -> pd.DataFrame:
    """Every unit against every target, judged once: the table every output renders.

    The door for notebooks and scripts to :mod:`~childlabour_metrics.analysis.judged`:
    the rows the report's summary, target sheets, heatmap and bars show.

    Parameters
    ----------
    paths : path, list of paths, reader result or DataFrame
        As for :func:`analyse`.
    plan : Plan, str or Path
        The plan.
    units : DataFrame or path, optional
        Unit registry (the sample's by default when it knows every unit): who
        was expected to report, and the plan's scope.
    method : {"sdg", "trajectory"}
        The progress method named before a target's year.
    lang : {"vi", "en"}
        Language of the reader's messages.

    Returns
    -------
    DataFrame
        :data:`~childlabour_metrics.analysis.judged.JUDGED_COLUMNS`.

    Examples
    --------
    >>> obs = pd.DataFrame({"unit_code": ["30"], "period": ["2024"], "indicator": ["CL01"],
    ...     "numerator": [12], "denominator": [1000]})
    >>> judged(obs, "hai-duong-2021").iloc[0][["ref", "period", "status", "reason"]].tolist()
    ['A1', '2024', 'not_yet', 'before_target_year']
    """
    return analyse(paths, plan, units=units, method=method, lang=lang,
                   progress=False).judged  # type: ignore[return-value]


def files_root(names: Any) -> str | None:
    """The folder every file name lies in (the folder read), or None when there is none.

    Examples
    --------
    >>> files_root(["data/sample/2021/a.xlsx", "data/sample/2026/b.xlsx"])
    'data/sample'
    >>> files_root(["/home/me/reports/a.xlsx"]), files_root([])
    ('/home/me/reports', None)
    """
    paths = [str(n) for n in pd.unique(pd.Series(list(names), dtype=object).dropna())
             if str(n)]
    if not paths:
        return None
    if len(paths) == 1:
        root = _parent(paths[0])
    else:
        # Two different files of each folder say as much as all of them (their common
        # folder is that folder): a national round names ~30,000 files.  The folder's
        # key keeps its last "/", so that "/a.xlsx" and "a.xlsx" are not one folder.
        folders: dict[str, list[str]] = {}
        for path in paths:
            kept = folders.setdefault(path[:path.rfind("/") + 1], [])
            if len(kept) < 2 and path not in kept:
                kept.append(path)
        try:
            root = os.path.commonpath([p for kept in folders.values() for p in kept])
        except ValueError:  # absolute and relative mixed
            return None
        if root in set(paths):  # one file only, named more than once
            root = _parent(root)
    return root or None


def _parent(path: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent


def relative_files(*frames: pd.DataFrame) -> tuple[pd.DataFrame, ...]:
    """The tables with every file named relative to the folder read.

    An officer's absolute paths ("/home/…/Báo cáo/2024/…") stay on the
    officer's machine: the report, its workbook and the send-back workbooks
    name files from the folder read ("2024/hai-duong/288/10507_2024.xlsx").
    The ``file``, ``source_file`` and ``files`` columns, and the other files a
    problem names (``detail``, ``message``), are rewritten.

    Examples
    --------
    >>> obs = pd.DataFrame({"source_file": ["/r/in/2024/a.xlsx", "/r/in/2025/b.xlsx"]})
    >>> relative_files(obs)[0]["source_file"].tolist()
    ['2024/a.xlsx', '2025/b.xlsx']
    """
    names: list[Any] = []
    for frame in frames:
        for col in ("file", "source_file"):
            if col in frame.columns:  # the distinct names: ~300,000 rows name a few thousand
                names += pd.unique(frame[col].dropna()).tolist()
    root = files_root(names)
    if root is None:
        return frames
    prefix = root.rstrip("/\\") + "/"

    def strip(text: Any) -> Any:
        return text.replace(prefix, "") if isinstance(text, str) else text

    out = []
    for frame in frames:
        changes = {c: _mapped(frame[c], strip) for c in
                   ("file", "source_file", "detail", "message") if c in frame.columns}
        if "files" in frame.columns:
            changes["files"] = frame["files"].map(
                lambda fs: tuple(strip(f) for f in fs) if isinstance(fs, tuple | list) else fs)
        out.append(frame.assign(**changes) if changes else frame)
    return tuple(out)


def _mapped(column: pd.Series, change: Any) -> pd.Series:
    """``column.map(change)``, ``change`` called once per distinct value (~300,000 rows
    name a few thousand files); per row only when the values cannot be hashed."""
    try:
        at, distinct = pd.factorize(column)
    except TypeError:  # unhashable values
        return column.map(change, na_action="ignore")
    changed = [change(value) for value in distinct]
    if isinstance(column.dtype, pd.StringDtype) and all(isinstance(v, str) for v in changed):
        # text stays text: the few new names taken back to the rows (a dict map casts
        # every row's result again)
        return pd.Series(pd.array(changed, dtype=column.dtype).take(at, allow_fill=True),
                         index=column.index, name=column.name)
    return column.map(dict(zip(distinct, changed, strict=True)), na_action="ignore")


#: Severity first in the report's problems: the errors to fix are never buried.
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _summarised(problems: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The report's problems: indicators outside the plan in one line, errors first.

    A national plan read on a province's folder named every row of an
    indicator it does not track (828 warnings above the 3 errors); the report
    says it once (INDICATORS_NOT_IN_PLAN, with the count and the codes).
    """
    if problems.empty or "code" not in problems.columns:
        return problems
    extra = problems["code"] == "INDICATOR_NOT_IN_PLAN"
    if extra.sum() > 1:
        codes = sorted(set(problems.loc[extra, "indicator"].dropna().astype("str")))
        line: dict[str, Any] = dict.fromkeys(problems.columns)
        line.update(code="INDICATORS_NOT_IN_PLAN", severity="info",
                    indicator=", ".join(codes), value=str(int(extra.sum())), detail=plan.id)
        one = pd.DataFrame([line], columns=problems.columns).astype(problems.dtypes.to_dict())
        problems = pd.concat([problems[~extra], render(one, "vi")], ignore_index=True)
    rank = problems["severity"].map(_SEVERITY_ORDER).fillna(3)
    return problems.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


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
              ) -> tuple[pd.DataFrame | None, dict[str, str] | None,
                         dict[tuple[str, str], pd.DataFrame]]:
    """At scale, attainment of the level below the plan's unit and each unit's group.

    Also the roll-up it judged, by ``(from_level, level)``: the quality review's
    parents (the provinces) are summed from the same reports (``local``, the
    checked observations in the plan's scope), and take it rather than sum again.
    """
    if registry is None or shown["unit_code"].nunique() <= MANY_UNITS:
        return None, None, {}
    children = registry[registry["parent_code"].astype("str") == plan.scope_code]
    if children.empty:
        return None, None, {}
    level = str(children["level"].mode().iloc[0])  # e.g. province below the country
    from_level = summed_level(local, registry, level)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # unknown units are problems already
        made = aggregate_checked(local, registry, level=level, from_level=from_level)
    rolled = made[(made["n_rows"] > 0) & (made["unit_code"] != plan.scope_code)]
    cols = ["unit_code", "period", "indicator", "numerator", "denominator"]
    overview = _add_ref(judge(rolled[cols], plan), refs)
    amap = ancestor_map(registry, level)
    codes = pd.unique(shown["unit_code"].astype("str"))
    groups = amap.reindex(codes).dropna()
    return (overview, dict(zip(groups.index, groups.to_numpy(), strict=True)),
            {(from_level, level): made})


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


def _scope_counts(obs: pd.DataFrame, checked: pd.DataFrame, plan: Plan,
                  registry: pd.DataFrame | None) -> pd.DataFrame:
    """The plan unit's counts: rolled up from the units below, else its own reports; after
    the plan's unit was dissolved, summed over the units that hold its territory.

    ``checked`` is ``obs`` as :func:`check_observations` returned it (rolled up); the
    plan unit's own reports are given as read."""
    own = obs[obs["unit_code"].astype("str") == plan.scope_code]
    if registry is not None and plan.scope_code in set(registry["code"]):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # unknown units are problems already
            # issue 22: after the plan's unit is gone, its territory's counts
            rolled = rolled_for_plan(checked, registry, plan.scope_level, plan, checked=True)
        rolled = rolled[rolled["unit_code"] == plan.scope_code]
        if not rolled.empty:
            return rolled
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


def _with_refs(plan: Plan) -> Plan:
    """The plan with a ``ref`` per target (short id such as "A1"; the label if none)."""
    if "ref" in plan.targets.columns:
        return plan
    return replace(plan, targets=plan.targets.assign(ref=plan.targets["label"]))


def _add_ref(table: pd.DataFrame, refs: dict[str, str]) -> pd.DataFrame:
    if "ref" in table.columns or "label" not in table.columns:
        return table
    return table.assign(ref=table["label"].map(refs).astype("str"))


@dataclass(frozen=True)
class Headline:
    """The facts of the report's one-sentence headline (words at the output).

    Attributes
    ----------
    period : str or None
        The report's latest period.
    met, judged : int
        Targets met (or on track) of those with a verdict.
    reported, expected : int or None
        Units (of ``level``) that reported in ``period`` of those expected.
    level : str or None
        The level that reports (``commune``).
    missing : tuple of str
        Codes of the units expected that did not report.
    """

    period: str | None
    met: int
    judged: int
    reported: int | None
    expected: int | None
    level: str | None
    missing: tuple[str, ...]


def _headline(summary: pd.DataFrame, expected: pd.DataFrame | None, as_of: str | None,
              plan: Plan) -> Headline:
    status = summary["status"]
    judged = status.isin(["met", "not_met", "on_track", "not_yet"])
    reported = total = None
    missing: tuple[str, ...] = ()
    levels = [lv for lv in LEVELS if lv in set(plan.report_levels or ())]
    if expected is not None and as_of is not None:
        due = expected[expected["period"] == as_of]
        total = len(due)
        got = due["received"].fillna(False).to_numpy(dtype=bool)
        reported = int(got.sum())
        missing = tuple(sorted(due.loc[~got, "unit_code"].astype("str")))
    return Headline(period=as_of, met=int(status.isin(["met", "on_track"]).sum()),
                    judged=int(judged.sum()), reported=reported, expected=total,
                    level=levels[-1] if levels else None, missing=missing)


def _expected(comp: pd.DataFrame | None, plan: Plan) -> pd.DataFrame | None:
    """The units whose counts make the plan's values (the finest level that reports), per
    period, and whether they reported: a district's own form is not a commune's figure."""
    if comp is None:
        return None
    levels = [lv for lv in LEVELS if lv in set(plan.report_levels or ())]
    if not levels:
        return None
    rows = comp[comp["expected"].astype("boolean").fillna(False).to_numpy(dtype=bool)
                & (comp["level"] == levels[-1]).to_numpy(dtype=bool)]
    return pd.DataFrame({"unit_code": rows["unit_code"].astype("str"),
                         "period": rows["period"].astype("str"),
                         "received": rows["received"].astype("boolean")})


def _not_due(prog: pd.DataFrame, judged: pd.DataFrame) -> pd.DataFrame:
    """Progress of the targets not yet due: after its year a target's verdict is attainment."""
    if prog.empty or judged.empty:
        return prog
    # a target without a number has no verdict: its trend is all there is to show
    ahead = judged.loc[judged["reason"].isin(["before_target_year", "year_not_over"])
                       | judged["target"].isna()
                       | (judged["period"].str[:4].astype("Float64")
                          < judged["target_year"].astype("Float64")).fillna(False), "ref"]
    return prog[prog["ref"].isin(set(ahead))].reset_index(drop=True)


#: The summary's columns: the plan unit's judged rows, targets as rows.
SUMMARY_COLUMNS = [
    "ref", "label", "indicators", "target_year", "operator", "target", "period", "value",
    "status", "reason", "gap_pp", "earlier_period", "earlier_value", "units_met",
    "units_with_data", "units_expected", "not_reported", "progress", "progress_method",
]


def summary_table(judged: pd.DataFrame) -> pd.DataFrame:
    """One row per target: the plan unit's judged row, values as fractions (0.012 = 1,2 %).

    Examples
    --------
    >>> from childlabour_metrics.reference.plans import load_plan
    >>> from childlabour_metrics.analysis.targets import judge
    >>> obs = pd.DataFrame({"unit_code": ["30"], "period": ["2024"], "indicator": ["CL01"],
    ...     "numerator": [12], "denominator": [1000]})
    >>> plan = load_plan("hai-duong-2021")
    >>> row = summary_table(judged_table(plan, judge(obs, plan), judge(obs, plan).iloc[:0])).iloc[0]
    >>> row["ref"], float(row["value"]), row["status"]
    ('A1', 0.012, 'not_yet')
    """
    rows = judged[judged["is_scope"]]
    out = pd.DataFrame({
        "ref": rows["ref"], "label": rows["label"],
        "indicators": rows["indicators"].map(" + ".join),
        "target_year": rows["target_year"], "operator": rows["operator"],
        "target": rows["target"] / 100, "period": rows["period"], "value": rows["value"] / 100,
        "status": rows["status"], "reason": rows["reason"], "gap_pp": rows["gap_pp"],
        "earlier_period": rows["earlier_period"], "earlier_value": rows["earlier_value"] / 100,
        "units_met": rows["units_met"], "units_with_data": rows["n_reported"],
        "units_expected": rows["n_expected"], "not_reported": rows["not_reported"],
        "progress": rows["progress"], "progress_method": rows["progress_method"],
    })
    return out.reset_index(drop=True)[SUMMARY_COLUMNS]


def _progress_label(status: str, lang: str) -> str:
    # the report shows progress before the target year only (issue 22): there, sdg's
    # "target achieved" is a value already at the target, the target not yet due
    if status == "target_achieved":
        return word("report_progress_target_achieved", lang)
    try:
        return status_label(status, lang=lang)
    except KeyError:
        return status
