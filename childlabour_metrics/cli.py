"""The ``childlabour-metrics`` command line (also ``python -m childlabour_metrics``).

A thin layer over the library: each subcommand parses its arguments, calls
one or two public functions and prints a table.  Machine-readable output
(``--format csv`` or ``json``) has the stable, documented columns of
``docs/cli.md`` (shipped in the package, printed by ``childlabour-metrics docs``);
nothing but the table goes to stdout, and progress bars and summaries go to
stderr.  Exit codes: 0 success, 1 the data have errors
(``validate``), 2 a usage error (unknown plan, missing path, bad period ...).
This module holds no computation of its own.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ._version import __version__
from .analysis.completeness import (
    RATE_COLUMNS,
    completeness,
    completeness_rates,
    in_plan_scope,
)
from .analysis.departments import department_completeness, level_deadlines
from .analysis.owners import has_owned_targets
from .analysis.quality import FOLLOW_UP_COLUMNS, SCORECARD_COLUMNS, data_quality
from .analysis.report_data import analyse, quality_within, sample_registry
from .analysis.targets import attainment, progress
from .io import read_reports
from .io._taught import load_labels, unknown_labels
from .io.check import check_form_command
from .language.errors import (
    ChildLabourMetricsError,
    CliError,
    PeriodError,
    UnitMatchWarning,
    UnitRegistryError,
)
from .language.problems import render
from .language.words import has_word, number, printable, word
from .output._format import SYMBOLS, decimals, verdict_words
from .output._safety import atomic_write, neutralise_frame
from .output.export import export_tables
from .output.forms import write_problems
from .output.template import write_template
from .reference.periods import parse_period
from .reference.plans import list_plans, load_plan
from .reference.scope import departments
from .reference.units import DEPARTMENT, load_units

__all__ = ["COLUMNS", "main"]

#: The columns each subcommand writes, in order: a contract for scripts.
COLUMNS: dict[str, list[str]] = {
    "plans": ["plan_id", "name", "name_en", "scope", "scope_code", "start", "end", "horizon",
              "parent", "n_targets"],
    "validate": ["file", "sheet", "cell", "unit_code", "period", "indicator", "code",
                 "severity", "message"],
    "attainment": ["unit_code", "period", "ref", "label", "indicators", "target_year",
                   "direction", "value", "operator", "target", "met", "status", "gap_pp",
                   "pct_of_target", "numerator", "denominator", "reason"],
    "progress": ["unit_code", "ref", "label", "indicators", "target_year", "operator", "target",
                 "direction", "method", "base_year", "latest_year", "latest_value", "status",
                 "ratio", "score", "projection"],
    "completeness": ["unit_code", "unit_name", "level", "parent_code", "period", "deadline",
                     "expected", "n_reports", "received", "report_date", "on_time", "late",
                     "missing", "duplicated", "unexpected", "status", "note", "files"],
    # completeness --departments (issue 14): the departments apart, with their kind.
    "departments": ["unit_code", "unit_name", "kind", "parent_code", "period", "deadline",
                    "expected", "n_reports", "received", "report_date", "on_time", "late",
                    "missing", "duplicated", "unexpected", "status", "note", "files"],
    "export": ["table", "format", "path", "rows"],
    # labels (issue 24): the row labels not recognised, to fill in once (--out).
    "labels": ["label", "code", "candidates", "rows", "files"],
    # quality (issue 25): the scorecard; --follow-up writes the follow-up list (its
    # columns, then "why" and "question" in the run's language).
    "quality": SCORECARD_COLUMNS,
    "follow_up": [*FOLLOW_UP_COLUMNS, "why", "question"],
}





def _w(key: str, lang: str) -> str:
    return word(f"cli_{key}", lang)


# --------------------------------------------------------------------------- output


def _tidy(frame: pd.DataFrame, columns: Sequence[str] | None) -> pd.DataFrame:
    """The documented columns, with tuples joined by "+" and dates as ISO text."""
    if columns is not None:
        frame = frame.reindex(columns=list(columns))
    out = frame.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = series.dt.strftime("%Y-%m-%d").astype("str")
        elif series.dtype == object:
            out[col] = series.map(
                lambda v: "+".join(map(str, v)) if isinstance(v, tuple | list) else v)
    return out


# Which word family renders a column's codes in a table (status -> attainment_met ...).
_FAMILIES: dict[str, dict[str, str]] = {
    "validate": {"severity": "severity"},
    "attainment": {"status": "attainment", "reason": "reason", "direction": "direction",
                   "met": "bool"},
    "progress": {"status": "progress", "method": "method", "direction": "direction"},
    "quality": {"scope": "quality_scope", "dimension": "quality_dim"},
    "completeness": {"status": "completeness", "level": "level", "expected": "bool",
                     "received": "bool", "on_time": "bool", "late": "bool", "missing": "bool",
                     "duplicated": "bool", "unexpected": "bool", "kind": "dept",
                     "note": "why"},
}
# Decimals shown for a number column in a table; counts and years are whole numbers.
_DECIMALS = {"value": 2, "target": 2, "gap_pp": 2, "pct_of_target": 1, "ratio": 2,
             "pct_failed": 1, "pct_units_pass": 1,
             "score": 2, "projection": 2, "latest_value": 2, "rate_received": 1,
             "rate_on_time": 1, "rate_complete": 1}


def _verdicts(frame: pd.DataFrame, lang: str) -> pd.Series:
    """An attainment table's statuses in the words the report uses (verdict_word)."""
    year = pd.to_numeric(frame["period"].astype("str").str[:4], errors="coerce")
    due = pd.to_numeric(frame["target_year"], errors="coerce")
    half = frame["period"].astype("str").str.len() > 4
    reason = pd.Series("target_year", index=frame.index, dtype=object).mask(
        ((year == due) & half).fillna(False).to_numpy(bool), "year_not_over")
    # no period named: the row is the period's own, shown beside it
    rows = pd.DataFrame({"status": frame["status"].astype(object), "reason": reason,
                         "period": None}, index=frame.index)
    return verdict_words(rows, lang)


# Rate columns hold fractions (1.0 = 100 %); their headings say "(%)".
_RATES = ("rate_received", "rate_on_time", "rate_complete")


def _for_people(frame: pd.DataFrame, lang: str, command: str | None) -> pd.DataFrame:
    """The table as a person reads it: words for codes, rounded numbers, headings."""
    out = pd.DataFrame(index=frame.index)
    families = _FAMILIES.get(command or "", {})
    for col in frame.columns:
        series = frame[col]
        if col == "status" and command == "attainment" and "target_year" in frame.columns:
            # the report's words: a half of the target year is "not over", not "ahead"
            shown = _verdicts(frame, lang)
        elif col in families:
            family = families[col]
            keys = series.astype("str")
            words = {k: word(f"{family}_{k}", lang) for k in keys.dropna().unique()
                     if has_word(f"{family}_{k}")}
            shown = keys.map(lambda v, w=words: w.get(v, v))
        elif col == "operator":
            shown = series.map(lambda v: SYMBOLS.get(v, v), na_action="ignore")  # "≤", not "<="
        elif pd.api.types.is_float_dtype(series):
            values = series.astype("Float64")
            if col in _RATES:
                values = values * 100  # under "(%)": a percentage, never 0,33 for 33 %
            base = _DECIMALS.get(col, 2)
            digits = [base] * len(values)
            if col in ("value", "latest_value") and "target" in frame.columns:
                # the digits that decide: 1.006 and 0.993 against "≤ 1" are not both "1,00"
                digits = decimals(values.to_numpy(float, na_value=float("nan")),
                                  frame["target"].astype("Float64").to_numpy(
                                      float, na_value=float("nan")), base=base).tolist()
            shown = pd.Series([number(v, lang, d) for v, d in zip(values.tolist(), digits,
                                                                  strict=True)],
                              index=series.index, dtype="str")
        else:
            shown = series.astype("str")
        # Nothing from a file reaches the terminal as control characters (printable).
        shown = shown.astype("str").fillna("").map(printable)
        heading = word(f"col_{col}", lang) if has_word(f"col_{col}") else str(col)
        out[heading] = shown
    return out


def _printable_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells without the control characters a file put there (line breaks kept)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(lambda v: printable(v, lines=True) if isinstance(v, str)
                                    else v)
    return out


def _emit(frame: pd.DataFrame, fmt: str, lang: str, columns: Sequence[str] | None,
          command: str | None = None) -> None:
    out = _tidy(frame, columns)
    if fmt in ("csv", "json"):  # for scripts, and for a terminal when not redirected
        out = _printable_cells(out)
    if fmt == "csv":
        # UTF-8 with a BOM, so that Excel opens the Vietnamese text as UTF-8.
        sys.stdout.write("\ufeff" + neutralise_frame(out).to_csv(index=False, lineterminator="\n"))
    elif fmt == "json":
        records = json.loads(out.to_json(orient="records", force_ascii=False,
                                         date_format="iso"))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif out.empty:
        print(_w("no_rows", lang))
    else:
        print(_for_people(out, lang, command).to_string(index=False, max_colwidth=48))


def _note(text: str) -> None:
    print(text, file=sys.stderr)


# --------------------------------------------------------------------------- helpers


def _paths(items: Sequence[str]) -> list[str]:
    missing = [p for p in items if not Path(p).exists()]
    if missing:
        raise CliError("err_input_no_such_path", file=missing[0], paths=", ".join(missing))
    return list(items)


def _survey(path: str | None) -> pd.DataFrame | None:
    """Survey estimates from a CSV file (as ``clm.survey.estimate`` returns them), or None."""
    if path is None:
        return None
    # codes stay text ("01" is not 1); a file saved by Excel starts with a BOM
    return pd.read_csv(_paths([path])[0], dtype={"unit_code": "str"}, encoding="utf-8-sig")


def _plan(plan_id: str | None) -> Any:

    if plan_id is None:
        return None
    return load_plan(plan_id)  # a PlanError is shown by main, in the run's language


def _units(path: str | None) -> pd.DataFrame | None:

    if path is None:
        return None
    if not Path(path).exists():
        raise CliError("cli_no_registry", file=path, path=path)
    try:
        return load_units(path)  # a UnitRegistryError names the file, the rows, the fix
    except UnitRegistryError:
        raise
    except (ValueError, KeyError) as exc:
        raise CliError("cli_bad_registry", file=path, path=path,
                       detail=type(exc).__name__) from exc


def _labels(args: argparse.Namespace) -> Any:
    """The taught labels of ``--labels``, checked before any form is read."""
    path = getattr(args, "labels", None)
    if path is None:
        return None
    _paths([path])
    return load_labels(path)  # an InputError names the line, shown by main


def _read(args: argparse.Namespace, plan: Any, units: pd.DataFrame | None) -> Any:

    return read_reports(_paths(args.paths), units=units, plan=plan, lang=args.lang,
                        labels=_labels(args))


# The operating system's reasons, by errno name, said in the run's language.
_OS_REASONS = ("ENOENT", "EACCES", "EPERM", "ENOSPC", "EISDIR", "ENOTDIR", "EROFS", "EEXIST")


def _os_message(exc: OSError, lang: str) -> str:
    """A file the system refused, in ``lang``: the path and why (the errno's name otherwise)."""
    import errno

    if exc.errno is None and exc.filename is None and exc.args:
        return str(exc)  # a message of the library's own (a report being written: its lock)
    name = errno.errorcode.get(exc.errno or 0, "")
    path = exc.filename if exc.filename is not None else "?"
    if name in _OS_REASONS:
        reason = word(f"cli_os_{name}", lang)
    else:
        reason = word("cli_os_other", lang, name=name or type(exc).__name__)
    return word("cli_os_error", lang, path=path, reason=reason)


# What a report and an export write (output/report.py, output/export.py).  A folder
# holding nothing else holds an earlier run, replaced with a notice; a folder holding
# anything else is the user's, and is written into only with --force.
_REPORT_ENTRIES = frozenset({"report.html", "report.xlsx", "figures", ".report.lock"})
_FIGURES_MANIFEST = ".report-figures.txt"
_EXPORT_ENTRIES = frozenset(
    {f"{table}.{ext}" for table in ("observations", "attainment", "progress", "completeness")
     for ext in ("csv", "parquet")} | {"data_dictionary.csv", "data_dictionary.md"})
# The language an earlier report was written in, from its page's first line.
_HTML_LANG = re.compile(rb'<html lang="(vi|en)"')


def _not_ours(folder: Path, kind: str) -> list[str]:
    """Entries of an ``--out`` folder that no earlier ``report`` or ``export`` wrote."""
    ours = _REPORT_ENTRIES if kind == "report" else _EXPORT_ENTRIES
    others = [p.name for p in folder.iterdir() if p.name not in ours]
    figures = folder / "figures"
    if kind == "report" and figures.exists():
        if not figures.is_dir():
            return [*others, "figures"]
        manifest = figures / _FIGURES_MANIFEST
        listed = (set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.is_file()
                  else set())
        others += [f"figures/{p.name}" for p in figures.iterdir()
                   if p.name not in listed | {_FIGURES_MANIFEST}]
    return sorted(others)


def _out_folder(path: str, kind: str, force: bool, lang: str) -> None:
    """Refuse an ``--out`` folder that holds the user's own files, unless ``--force``.

    An earlier report (or export) is replaced, and said so on stderr: a report in
    English silently replaced by one in Vietnamese was a report lost.
    """
    out = Path(path)
    if not out.exists():
        return
    if not out.is_dir():
        raise CliError("cli_out_not_a_folder", file=path, path=path)
    if next(out.iterdir(), None) is None:
        return
    others = _not_ours(out, kind)
    if others and not force:
        raise CliError("cli_out_not_empty", file=path, path=path, n=len(others),
                       files=", ".join(others[:5]) + (" …" if len(others) > 5 else ""))
    if others:
        _note(word("cli_out_forced", lang, path=path, n=len(others)))
    elif kind == "export":
        _note(word("cli_out_replaced_export", lang, path=path))
    elif (out / "report.html").is_file() or (out / "report.xlsx").is_file():
        # (a lock alone is a report being written: the report says so itself)
        _note(_replaced_report(out, lang))


def _replaced_report(out: Path, lang: str) -> str:
    """The notice that an earlier report is replaced, naming its language when known."""
    page = out / "report.html"
    found = None
    if page.is_file():
        with page.open("rb") as fh:
            found = _HTML_LANG.search(fh.read(4096))
    if found is None:
        return word("cli_out_replaced_report", lang, path=str(out))
    earlier = word("lang_en" if found[1] == b"en" else "lang_vi", lang)
    return word("cli_out_replaced_report_lang", lang, path=str(out), language=earlier)


def _registry_or_sample(units: pd.DataFrame | None, obs: pd.DataFrame, lang: str
                        ) -> pd.DataFrame:
    registry = units if units is not None else sample_registry(obs)
    if registry is None:
        raise CliError("cli_need_units")
    return registry


# --------------------------------------------------------------------------- commands


def _cmd_plans(args: argparse.Namespace) -> int:

    _emit(list_plans(), args.format, args.lang, COLUMNS["plans"])
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    plan = _plan(args.plan)
    units = _units(args.units)
    result = _read(args, plan, units)
    problems = render(result.problems, args.lang)  # messages in the output's language
    _emit(problems, args.format, args.lang, COLUMNS["validate"], "validate")
    severity = problems["severity"]
    review = None
    if args.quality and args.problems_out is not None:
        # the review's warnings go to each unit's workbook, as the report's section lists them
        registry = units if units is not None else sample_registry(result.observations)
        review = data_quality(result, registry, plan, lang=args.lang,
                              within=None if plan is None else quality_within(plan, registry))
    if args.problems_out is not None:  # none: the earlier run's workbooks are removed
        written = write_problems(result, args.problems_out, lang=args.lang, quality=review)
        _note(_w("problems_written", args.lang).format(n=len(written), path=args.problems_out))
    counts = {"files": len(result.files), "rows": len(result.observations),
              "errors": int((severity == "error").sum()),
              "warnings": int((severity == "warning").sum())}
    # numbers as the report writes them ("3.003" in Vietnamese, "3,003" in English)
    _note(_w("validate_summary", args.lang).format(
        **{k: number(v, args.lang, 0) for k, v in counts.items()}))
    return 1 if (severity == "error").any() else 0


def _cmd_attainment(args: argparse.Namespace) -> int:

    plan = _plan(args.plan)
    units = _units(args.units)
    result = _read(args, plan, units)
    obs = result.observations
    if args.level is not None:
        units = _registry_or_sample(units, obs, args.lang)
    table = attainment(obs, plan, year=args.year, target_year=args.target_year,
                       units=units if args.level or _owned(plan, units) else None,
                       level=args.level)
    _emit(table, args.format, args.lang, COLUMNS["attainment"], "attainment")
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:

    plan = _plan(args.plan)
    units = _units(args.units)
    result = _read(args, plan, units)
    if args.level is not None:
        units = _registry_or_sample(units, result.observations, args.lang)
    table = progress(result.observations, plan, method=args.method, level=args.level,
                     units=units if args.level or _owned(plan, units) else None,
                     target_year=args.target_year)
    _emit(table, args.format, args.lang, COLUMNS["progress"], "progress")
    return 0


def _cmd_completeness(args: argparse.Namespace) -> int:

    plan = _plan(args.plan)
    units = _units(args.units)
    result = _read(args, plan, units)
    obs = result.observations
    registry = _registry_or_sample(units, obs, args.lang)
    # the plan's units only: a commune of another province is not in its table (issue 22)
    table = in_plan_scope(completeness(obs if "source_file" in obs.columns else result,
                                       registry, plan))
    # Each report against its own level's deadline; departments apart (issue 14).
    table = level_deadlines(table, plan, registry)
    is_dept = (table["level"] == DEPARTMENT).to_numpy(dtype=bool)
    if args.departments:
        depts = department_completeness(obs if "source_file" in obs.columns else result,
                                        registry, plan)
        if args.rates:
            _emit(completeness_rates(depts), args.format, args.lang, RATE_COLUMNS,
                  "completeness")
        else:
            _emit(depts, args.format, args.lang, COLUMNS["departments"], "completeness")
        return 0
    hierarchy = table[~is_dept] if is_dept.any() else table
    if args.rates:
        # Departments never count in an area's rates: they report beside it.
        _emit(completeness_rates(hierarchy), args.format, args.lang, RATE_COLUMNS,
              "completeness")
    elif args.format == "table" and is_dept.any():
        if not hierarchy.empty:
            print(word("dept_cli_hierarchy", args.lang))
            _emit(hierarchy, args.format, args.lang, COLUMNS["completeness"], "completeness")
            print()
        print(word("dept_cli_departments", args.lang))
        depts = table[is_dept].assign(kind=table.loc[is_dept, "unit_code"].map(
            departments(registry).set_index("code")["kind"]))
        _emit(depts, args.format, args.lang, COLUMNS["departments"], "completeness")
    else:
        # One table for scripts: the hierarchy, then the departments (``level``).
        ordered = pd.concat([table[~is_dept], table[is_dept]], ignore_index=True)
        _emit(ordered, args.format, args.lang, COLUMNS["completeness"], "completeness")
    return 0


def _owned(plan: Any, units: pd.DataFrame | None) -> bool:
    """Whether attainment and progress need the registry to find the targets' owners."""
    return units is not None and has_owned_targets(plan)


def _cmd_export(args: argparse.Namespace) -> int:
    plan = _plan(args.plan)
    units = _units(args.units)
    _out_folder(args.out, "export", args.force, args.lang)
    result = _read(args, plan, units)
    obs = result.observations
    tables: dict[str, pd.DataFrame] = {"observations": obs}
    if plan is not None:
        # The plan's scope, from the registry (the sample's by default): a commune of
        # another province is never judged against this plan (issue 22).
        registry = units if units is not None else sample_registry(obs)
        att = attainment(obs, plan, units=registry)
        if _owned(plan, registry):
            # Who the row is judged on: the target's owner (blank for unowned targets).
            att["owner"] = att["ref"].map(plan.targets.set_index("ref")["owner"])
        tables["attainment"] = att
        tables["progress"] = progress(obs, plan, method=args.method, units=registry)
        # the judged table, as the report renders it
        judged = analyse(result, plan, units=registry, lang=args.lang,
                         method=args.method).judged
        if judged is not None:
            tables["judged"] = judged
        if registry is not None:
            table = completeness(obs if "source_file" in obs.columns else result, registry,
                                 plan)
            tables["completeness"] = level_deadlines(table, plan, registry)
    formats = tuple(dict.fromkeys(args.export_format or ["csv"]))
    # An ExportError, or the folder's lock held by a report, is shown by main.
    written = export_tables(tables, args.out, formats, lang=args.lang)
    # File names (the folder is said once, below): a long path would be cut in the table.
    names = written.assign(path=[Path(p).name for p in written["path"]])
    _emit(names, "table", args.lang, COLUMNS["export"])
    _note(word("dept_cli_export_done", args.lang, n=len(written), path=args.out))
    return 0


def _cmd_quality(args: argparse.Namespace) -> int:
    plan = _plan(args.plan)
    units = _units(args.units)
    result = _read(args, plan, units)
    survey = _survey(args.survey)
    review = data_quality(result, units, plan, survey=survey, within=args.within,
                          lang=args.lang)
    card = review.scorecard
    if args.format == "table":  # a row per unit is for a file: the summary and the parents
        card = card[card["scope"] != "unit"]
    _emit(card, args.format, args.lang, COLUMNS["quality"], "quality")
    if args.follow_up is not None:
        table = _tidy(review.follow_up_text(args.lang), COLUMNS["follow_up"])
        with atomic_write(args.follow_up) as tmp:  # whole or not at all
            tmp.write_text("\ufeff" + neutralise_frame(table).to_csv(index=False,
                                                                      lineterminator="\n"),
                           encoding="utf-8")
        _note(word("cli_quality_follow_up_written", args.lang, n=len(table),
                   path=args.follow_up))
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    """Write a blank form for a unit resolved through --units or the official registry.

    A code or name of no unit ends in exit 2 with the library's one-line error
    (raised before anything is written); a name matched loosely is said on
    stderr, as a notice, before the line that names the file written.
    """
    plan = _plan(args.plan)
    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        raise CliError("cli_bad_period", period=repr(args.period)) from exc
    if args.units is not None and not Path(args.units).exists():
        raise CliError("cli_no_registry", file=args.units, path=args.units)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UnitMatchWarning)
        path = write_template(args.output, args.unit, period, plan=plan, lang=args.lang,
                              units=args.units)
    for warned in caught:
        if isinstance(warned.message, UnitMatchWarning):
            _note(f"childlabour-metrics: {word('template_cli_notice', args.lang)}: "
                  f"{printable(warned.message.message(args.lang))}")
        else:  # not ours to word: shown as Python would have shown it
            warnings.showwarning(warned.message, warned.category, warned.filename,
                                 warned.lineno)
    _note(_w("template_done", args.lang).format(path=path))
    return 0


def _cmd_check_form(args: argparse.Namespace) -> int:
    """check-form: the form's unit checked against --units, else the official registry."""
    if args.units is not None and not Path(args.units).exists():
        raise CliError("cli_no_registry", file=args.units, path=args.units)
    args.labels = _labels(args)
    return check_form_command(args)


def _cmd_labels(args: argparse.Namespace) -> int:
    """labels: the row labels the reader did not recognise, written for a clerk to fill in."""
    result = _read(args, None, _units(args.units))
    table = unknown_labels(result.problems)
    out = _tidy(table, COLUMNS["labels"])
    with atomic_write(args.out) as tmp:  # whole or not at all; BOM: Excel reads UTF-8
        tmp.write_text("\ufeff" + neutralise_frame(out).to_csv(index=False, lineterminator="\n"),
                       encoding="utf-8")
    key = "cli_labels_written" if len(table) else "cli_labels_none"
    _note(word(key, args.lang, n=len(table), path=args.out))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .output.report import build_report  # lazy: matplotlib (~0.5 s)

    plan = _plan(args.plan)
    units = _units(args.units)
    source: Any = _paths(args.paths)
    _out_folder(args.out, "report", args.force, args.lang)
    survey = _survey(args.survey)
    if getattr(args, "labels", None) is not None:  # read here, with the taught labels
        source = read_reports(source, units=units, plan=plan, lang=args.lang,
                              labels=_labels(args))
    result = build_report(source, plan, args.out, units=units, lang=args.lang,
                          method=args.method, svg=args.svg, survey=survey)
    print(result.summary)
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    """Print the command line's guide, shipped in the package (a pip user has no docs/)."""
    guide = resources.files("childlabour_metrics").joinpath("docs", "cli.md")
    sys.stdout.write(guide.read_text(encoding="utf-8"))
    return 0


# --------------------------------------------------------------------------- parser


# The language of the run, known before the arguments are parsed (usage errors).
_LANG = ["vi"]
# argparse's own English messages and the word that says each in the run's language.
_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (?P<x>.+)"), "cli_usage_required"),
    (re.compile(r"unrecognized arguments: (?P<x>.+)"), "cli_usage_unrecognized"),
    (re.compile(r"argument (?P<arg>\S+): invalid choice: (?P<x>.+?) \(choose from "
                r"(?P<choices>.+)\)"), "cli_usage_choice"),
    (re.compile(r"argument (?P<arg>\S+): invalid (?P<kind>\w+) value: (?P<x>.+)"),
     "cli_usage_value"),
    (re.compile(r"argument (?P<arg>\S+): expected one argument"), "cli_usage_one"),
)


def _usage_message(message: str, lang: str) -> str:
    """argparse's message in the run's language (unknown ones are kept, with a lead-in)."""
    for pattern, key in _ARGPARSE_MESSAGES:
        found = pattern.fullmatch(message)
        if found:
            fields = found.groupdict()
            if has_word(f"cli_kind_{fields.get('kind')}"):  # "int" is a word of Python's
                fields["kind"] = word(f"cli_kind_{fields['kind']}", lang)
            return word(key, lang, **fields)
    return message if lang == "en" else word("cli_usage_other", lang, x=message)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help layout, its "usage:" in the run's language; the description and
    the examples (epilog) are kept as written, line by line."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
        if prefix is None:
            prefix = word("cli_help_usage", _LANG[0]) + " "
        super().add_usage(usage, actions, groups, prefix)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks the run's language: its help's own headings and
    its usage errors (after "lỗi:")."""

    def __init__(self, *args: Any, parents: Sequence[argparse.ArgumentParser] = (),
                 **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        lang = _LANG[0]
        # argparse's own words, set here rather than by patching argparse's gettext
        # (which would change every other parser of the process, a notebook's too).
        self._positionals.title = word("cli_help_positionals", lang)
        self._optionals.title = word("cli_help_options", lang)
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = word("cli_help_help", lang)
        # The parents' arguments join the groups of the same (translated) title, as
        # ArgumentParser(parents=...) does: added once the titles are the run's.
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> Any:  # argparse's signature returns NoReturn
        lang = _LANG[0]
        self.print_usage(sys.stderr)
        text = _usage_message(message, lang)
        self.exit(2, f"{self.prog}: {word('cli_error', lang)}: {printable(text)}\n")


def _argv_lang(argv: Sequence[str]) -> str:
    """The ``--lang`` of a command line, read before argparse (which may fail).

    Before or after the subcommand; the last one given wins, as argparse's does.
    """
    items = list(argv)
    lang = "vi"
    for i, item in enumerate(items):
        if item == "--":
            break
        if item == "--lang" and i + 1 < len(items) and items[i + 1] in ("vi", "en"):
            lang = items[i + 1]
        if item in ("--lang=vi", "--lang=en"):
            lang = item.split("=", 1)[1]
    return lang


#: One or two examples per subcommand, shown at the end of its ``--help``; commands
#: are the same in both languages (a test parses each with the parser).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "plans": ("childlabour-metrics plans",
              "childlabour-metrics plans --format csv > plans.csv"),
    "validate": ("childlabour-metrics validate data/sample --plan hai-duong-2021 "
                 "--units data/sample/units.csv",
                 "childlabour-metrics validate reports/2025 --problems-out send-back/"),
    "attainment": ("childlabour-metrics attainment data/sample --plan hai-duong-2021 "
                   "--target-year 2025",
                   "childlabour-metrics attainment data/sample --plan hai-duong-2021 "
                   "--units data/sample/units.csv --level district --format csv"),
    "progress": ("childlabour-metrics progress data/sample --plan hai-duong-2021 "
                 "--target-year 2030 --method trajectory",),
    "completeness": ("childlabour-metrics completeness data/sample --plan hai-duong-2021 "
                     "--units data/sample/units.csv --rates",),
    "export": ("childlabour-metrics export data/sample --plan hai-duong-2021 --out export/",
               "childlabour-metrics export data/sample --out export/ --format csv "
               "--format parquet --force"),
    "quality": ("childlabour-metrics quality data/sample --plan hai-duong-2021 "
                "--units data/sample/units.csv",
                "childlabour-metrics quality data/sample --units data/sample/units.csv "
                "--within province --follow-up follow-up.csv"),
    "template": ("childlabour-metrics template --unit 10507 --period 2025H2 "
                 "--plan hai-duong-2021 -o 10507_2025H2.xlsx",
                 'childlabour-metrics template --unit "Phường Cẩm Thượng" --period 2025H2 '
                 "--plan hai-duong-2021 --units data/sample/units.csv -o mau.xlsx"),
    "report": ("childlabour-metrics report data/sample --plan hai-duong-2021 "
               "--units data/sample/units.csv --out report",
               "childlabour-metrics --lang en report data/sample --plan hai-duong-2021 "
               "--out report-en"),
    "check-form": ("childlabour-metrics check-form 10507_2025H2.xlsx --lang en",
                   "childlabour-metrics check-form bao_cao.xlsx --units data/sample/units.csv"),
    "labels": ("childlabour-metrics labels reports/2025 --out labels.csv",
               "childlabour-metrics labels reports/2025 --out labels.csv --lang en"),
    "docs": ("childlabour-metrics docs", "childlabour-metrics docs > cli.md"),
}


def _examples(commands: Sequence[str]) -> str:
    """The epilog of a subcommand's help: its examples, one per line (never cut, so
    that a line copied is a command)."""
    return "\n".join([word("cli_help_examples", _LANG[0]), *(f"  {c}" for c in commands)])


def _parser() -> argparse.ArgumentParser:
    """The command line's parser, its help in the run's language (``_LANG``, as its
    headings and errors)."""

    def h(key: str) -> str:
        return word(f"cli_help_{key}", _LANG[0])

    parser = _Parser(
        prog="childlabour-metrics",
        description=textwrap.fill(h("description"), 78),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help=h("version"))
    # --lang before the subcommand too ("childlabour-metrics --lang en report ..."):
    # SUPPRESS everywhere, so that a subcommand's default never undoes it (main sets vi).
    parser.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS,
                        help=h("lang"))
    common = _Parser(add_help=False)
    common.add_argument("--lang", choices=("vi", "en"), default="vi",
                        help=h("lang"))
    common.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help=h("format"))
    reading = _Parser(add_help=False)
    reading.add_argument("paths", nargs="+", metavar="PATHS",
                         help=h("paths"))
    reading.add_argument("--units", metavar="FILE", help=h("units"))
    reading.add_argument("--labels", metavar="FILE.csv", help=h("labels_file"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("plans", parents=[common], help=h("plans"))
    p.set_defaults(func=_cmd_plans)

    p = sub.add_parser("validate", parents=[reading, common],
                       help=h("validate"))
    p.add_argument("--plan", metavar="P", help=h("plan_checks"))
    p.add_argument("--problems-out", metavar="DIR",
                   help=h("problems_out"))
    p.add_argument("--quality", action="store_true", help=h("quality_sendback"))
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("attainment", parents=[reading, common],
                       help=h("attainment"))
    p.add_argument("--plan", metavar="P", required=True, help=h("plan"))
    p.add_argument("--year", type=int, metavar="Y", help=h("year"))
    p.add_argument("--target-year", type=int, metavar="Y", help=h("target_year"))
    p.add_argument("--level", choices=("country", "province", "district", "commune"),
                   help=h("level"))
    p.set_defaults(func=_cmd_attainment)

    p = sub.add_parser("progress", parents=[reading, common],
                       help=h("progress"))
    p.add_argument("--plan", metavar="P", required=True, help=h("plan"))
    p.add_argument("--method", choices=("sdg", "trajectory"), default="sdg",
                   help=h("method"))
    p.add_argument("--level", choices=("country", "province", "district", "commune"),
                   help=h("level"))
    p.add_argument("--target-year", type=int, metavar="Y", help=h("target_year"))
    p.set_defaults(func=_cmd_progress)

    p = sub.add_parser("completeness", parents=[reading, common],
                       help=h("completeness"))
    p.add_argument("--plan", metavar="P", required=True, help=h("plan"))
    p.add_argument("--rates", action="store_true", help=h("rates"))
    p.add_argument("--departments", action="store_true",
                   help=h("departments"))
    p.set_defaults(func=_cmd_completeness)

    p = sub.add_parser("export", parents=[reading],
                       help=h("export"))
    p.add_argument("--plan", metavar="P",
                   help=h("plan_export"))
    p.add_argument("--out", required=True, metavar="DIR", help=h("out"))
    p.add_argument("--format", dest="export_format", action="append",
                   choices=("csv", "parquet"),
                   help=h("export_format"))
    p.add_argument("--method", choices=("sdg", "trajectory"), default="sdg",
                   help=h("method"))
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help=h("lang_messages"))
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("quality", parents=[reading, common], help=h("quality"))
    p.add_argument("--plan", metavar="P", help=h("plan_checks"))
    p.add_argument("--within", choices=("country", "province", "district"),
                   help=h("within"))
    p.add_argument("--survey", metavar="FILE.csv", help=h("survey"))
    p.add_argument("--follow-up", metavar="FILE.csv", help=h("follow_up"))
    p.set_defaults(func=_cmd_quality)

    p = sub.add_parser("template", parents=[common], help=h("template"))
    p.add_argument("--unit", required=True, metavar="CODE|NAME",
                   help=h("unit"))
    p.add_argument("--period", required=True, metavar="P", help=h("period"))
    p.add_argument("--plan", metavar="P", required=True, help=h("plan"))
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=h("output"))
    p.add_argument("--units", metavar="FILE",
                   help=h("units_template"))
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("report", parents=[reading],
                       help=h("report"))
    p.add_argument("--plan", metavar="P", required=True, help=h("plan"))
    p.add_argument("--out", required=True, metavar="DIR", help=h("out"))
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help=h("lang_report"))
    p.add_argument("--method", choices=("sdg", "trajectory"), default="sdg",
                   help=h("method"))
    p.add_argument("--svg", action="store_true", help=h("svg"))
    p.add_argument("--survey", metavar="FILE.csv", help=h("survey_report"))
    p.set_defaults(func=_cmd_report)

    # check-form (issue 13): how one workbook was understood; see docs/forms.md.

    p = sub.add_parser("check-form", help=h("check_form"))
    p.add_argument("file", metavar="FILE", help=h("file"))
    p.add_argument("--units", metavar="FILE", help=h("units_check"))
    p.add_argument("--labels", metavar="FILE.csv", help=h("labels_file"))
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help=h("lang_messages"))
    p.set_defaults(func=_cmd_check_form)

    # labels (issue 24): the row labels not recognised, to teach once; see docs/forms.md.
    p = sub.add_parser("labels", parents=[reading], help=h("labels"))
    p.add_argument("--out", required=True, metavar="FILE.csv", help=h("labels_out"))
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help=h("lang_messages"))
    p.set_defaults(func=_cmd_labels)

    p = sub.add_parser("docs", help=h("docs"))
    p.set_defaults(func=_cmd_docs)

    for name, command in sub.choices.items():  # every subcommand's own options
        for action in command._actions:
            if action.dest == "lang":
                action.default = argparse.SUPPRESS
        if name in ("report", "export"):  # the commands that fill an --out folder
            command.add_argument("--force", action="store_true", help=h("force"))
        command.epilog = _examples(EXAMPLES.get(name, ()))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when ``validate`` finds errors, 2 on a usage error.

    Examples
    --------
    >>> main(["plans", "--format", "csv"])  # doctest: +ELLIPSIS
    \ufeffplan_id,name,name_en,scope,scope_code,start,end,horizon,parent,n_targets
    ...
    0
    """
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and stream.encoding.lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")  # Vietnamese on any console
    argv = list(sys.argv[1:] if argv is None else argv)
    _LANG[0] = _argv_lang(argv)
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "lang"):
        args.lang = "vi"
    lang = args.lang
    _LANG[0] = lang
    try:
        return int(args.func(args))
    except ChildLabourMetricsError as exc:  # every message in the run's language
        _note(f"{parser.prog}: {_w('error', lang)}: {printable(exc.message(lang))}")
        return 2
    except OSError as exc:  # not found, not written
        _note(f"{parser.prog}: {_w('error', lang)}: {printable(_os_message(exc, lang))}")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
