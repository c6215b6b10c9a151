"""The ``childlabour-metrics`` command line (also ``python -m childlabour_metrics``).

A thin layer over the library: each subcommand parses its arguments, calls
one or two public functions and prints a table.  Machine-readable output
(``--format csv`` or ``json``) has the stable, documented columns of
``docs/cli.md``; nothing but the table goes to stdout, and progress bars and
summaries go to stderr.  Exit codes: 0 success, 1 the data have errors
(``validate``), 2 a usage error (unknown plan, missing path, bad period ...).
This module holds no computation of its own.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

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
}

_WORDS = {
    "error": ("lỗi", "error"),
    "no_rows": ("(không có dòng nào)", "(no rows)"),
    "need_units": ("cần danh mục đơn vị (--units FILE): danh mục mẫu không có mọi đơn vị "
                   "báo cáo", "a unit registry is needed (--units FILE): the sample registry "
                   "does not know every reporting unit"),
    "validate_summary": ("{files} tệp, {rows} dòng số liệu, {errors} lỗi, {warnings} cảnh báo",
                         "{files} files, {rows} data rows, {errors} errors, "
                         "{warnings} warnings"),
    "problems_written": ("Đã ghi {n} tệp lỗi, mỗi đơn vị một tệp, vào {path}",
                         "Wrote {n} problem workbooks, one per unit, into {path}"),
    "template_done": ("Đã ghi mẫu báo cáo: {path}", "Template written: {path}"),
}


class CliError(Exception):
    """A usage problem: the message is shown and the exit code is 2."""


def _w(key: str, lang: str) -> str:
    vi, en = _WORDS[key]
    return en if lang == "en" else vi


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


def _emit(frame: pd.DataFrame, fmt: str, lang: str, columns: Sequence[str] | None) -> None:
    out = _tidy(frame, columns)
    if fmt == "csv":
        sys.stdout.write(out.to_csv(index=False, lineterminator="\n"))
    elif fmt == "json":
        records = json.loads(out.to_json(orient="records", force_ascii=False,
                                         date_format="iso"))
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    elif out.empty:
        print(_w("no_rows", lang))
    else:
        print(out.to_string(index=False, na_rep="", max_colwidth=48))


def _note(text: str) -> None:
    print(text, file=sys.stderr)


# --------------------------------------------------------------------------- helpers


def _paths(items: Sequence[str]) -> list[str]:
    missing = [p for p in items if not Path(p).exists()]
    if missing:
        raise CliError(f"no such file or folder: {', '.join(missing)}")
    return list(items)


def _plan(plan_id: str | None) -> Any:
    from .plans import PlanError, load_plan

    if plan_id is None:
        return None
    try:
        return load_plan(plan_id)
    except PlanError as exc:
        raise CliError(str(exc)) from exc


def _units(path: str | None) -> pd.DataFrame | None:
    from .units import UnitRegistryError, load_units

    if path is None:
        return None
    if not Path(path).exists():
        raise CliError(f"no such unit registry file: {path}")
    try:
        return load_units(path)
    except (UnitRegistryError, ValueError, KeyError) as exc:
        raise CliError(f"{path}: {exc}") from exc


def _read(args: argparse.Namespace, plan: Any, units: pd.DataFrame | None) -> Any:
    from .io import read_reports

    return read_reports(_paths(args.paths), units=units, plan=plan, lang=args.lang)


def _registry_or_sample(units: pd.DataFrame | None, obs: pd.DataFrame, lang: str
                        ) -> pd.DataFrame:
    from .report import _registry

    registry = _registry(units, obs)
    if registry is None:
        raise CliError(_w("need_units", lang))
    return registry


# --------------------------------------------------------------------------- commands


def _cmd_plans(args: argparse.Namespace) -> int:
    from .plans import list_plans

    _emit(list_plans(), args.format, args.lang, COLUMNS["plans"])
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    plan = _plan(args.plan)
    result = _read(args, plan, _units(args.units))
    problems = result.problems
    _emit(problems, args.format, args.lang, COLUMNS["validate"])
    severity = problems["severity"]
    if args.problems_out is not None and len(problems):
        written = result.write_problems(args.problems_out)
        _note(_w("problems_written", args.lang).format(n=len(written), path=args.problems_out))
    _note(_w("validate_summary", args.lang).format(
        files=len(result.files), rows=len(result.observations),
        errors=int((severity == "error").sum()), warnings=int((severity == "warning").sum())))
    return 1 if (severity == "error").any() else 0


def _cmd_attainment(args: argparse.Namespace) -> int:
    from .compute import attainment

    plan = _plan(args.plan)
    units = _units(args.units)
    result = _read(args, plan, units)
    obs = result.observations
    if args.level is not None:
        units = _registry_or_sample(units, obs, args.lang)
    table = attainment(obs, plan, year=args.year, target_year=args.target_year,
                       units=units if args.level else None, level=args.level)
    _emit(table, args.format, args.lang, COLUMNS["attainment"])
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    from .progress import progress

    plan = _plan(args.plan)
    units = _units(args.units)
    result = _read(args, plan, units)
    if args.level is not None:
        units = _registry_or_sample(units, result.observations, args.lang)
    table = progress(result.observations, plan, method=args.method, level=args.level,
                     units=units if args.level else None, target_year=args.target_year)
    _emit(table, args.format, args.lang, COLUMNS["progress"])
    return 0


def _cmd_completeness(args: argparse.Namespace) -> int:
    from .completeness import completeness, completeness_rates

    plan = _plan(args.plan)
    units = _units(args.units)
    result = _read(args, plan, units)
    obs = result.observations
    registry = _registry_or_sample(units, obs, args.lang)
    table = completeness(obs if "source_file" in obs.columns else result, registry, plan)
    if args.rates:
        from .completeness import RATE_COLUMNS

        _emit(completeness_rates(table), args.format, args.lang, RATE_COLUMNS)
    else:
        _emit(table, args.format, args.lang, COLUMNS["completeness"])
    return 0


def _cmd_template(args: argparse.Namespace) -> int:
    from .periods import PeriodError, parse_period
    from .template import write_template

    plan = _plan(args.plan)
    try:
        period = parse_period(args.period)
    except PeriodError as exc:
        raise CliError(f"bad period {args.period!r}: use e.g. 2024H1, 2024H2 or 2024") from exc
    path = write_template(args.output, args.unit, period, plan=plan, lang=args.lang)
    _note(_w("template_done", args.lang).format(path=path))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import build_report

    plan = _plan(args.plan)
    result = build_report(_paths(args.paths), plan, args.out, units=_units(args.units),
                          lang=args.lang, method=args.method)
    print(result.summary)
    return 0


# --------------------------------------------------------------------------- parser


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="childlabour-metrics",
        description="Read child-labour programme reports, check them against a plan, and "
                    "write reports. See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=("vi", "en"), default="vi",
                        help="language of messages and reports (default vi)")
    common.add_argument("--format", choices=("table", "csv", "json"), default="table",
                        help="output format (default table)")
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument("paths", nargs="+", metavar="PATHS",
                         help="workbooks or folders (read recursively)")
    reading.add_argument("--units", metavar="FILE", help="unit registry (CSV or Excel)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("plans", parents=[common], help="list the bundled plans")
    p.set_defaults(func=_cmd_plans)

    p = sub.add_parser("validate", parents=[reading, common],
                       help="read reports and list every problem (exit 1 on errors)")
    p.add_argument("--plan", metavar="P", help="plan id or file (deadlines, indicators)")
    p.add_argument("--problems-out", metavar="DIR",
                   help="also write one problems workbook per unit into DIR, to send back")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("attainment", parents=[reading, common],
                       help="each unit's value against each target of a plan")
    p.add_argument("--plan", metavar="P", required=True, help="plan id or file")
    p.add_argument("--year", type=int, metavar="Y", help="only periods of this year")
    p.add_argument("--target-year", type=int, metavar="Y", help="only targets for this year")
    p.add_argument("--level", choices=("country", "province", "district", "commune"),
                   help="roll counts up to this level first (needs a registry)")
    p.set_defaults(func=_cmd_attainment)

    p = sub.add_parser("progress", parents=[reading, common],
                       help="is each unit on its way to the plan's targets?")
    p.add_argument("--plan", metavar="P", required=True, help="plan id or file")
    p.add_argument("--method", choices=("sdg", "trajectory"), default="sdg",
                   help="assessment method (default sdg)")
    p.add_argument("--level", choices=("country", "province", "district", "commune"),
                   help="roll counts up to this level first (needs a registry)")
    p.add_argument("--target-year", type=int, metavar="Y", help="only targets for this year")
    p.set_defaults(func=_cmd_progress)

    p = sub.add_parser("completeness", parents=[reading, common],
                       help="expected, received, on-time, late and missing reports")
    p.add_argument("--plan", metavar="P", required=True, help="plan id or file")
    p.add_argument("--rates", action="store_true", help="rates per parent unit and period")
    p.set_defaults(func=_cmd_completeness)

    p = sub.add_parser("template", parents=[common], help="write a blank report form")
    p.add_argument("--unit", required=True, metavar="CODE", help="unit code")
    p.add_argument("--period", required=True, metavar="P", help="e.g. 2024H1, 2024H2, 2024")
    p.add_argument("--plan", metavar="P", required=True, help="plan id or file")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx to write")
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("report", parents=[reading],
                       help="write the Excel, figures and HTML report for a plan")
    p.add_argument("--plan", metavar="P", required=True, help="plan id or file")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="report language")
    p.add_argument("--method", choices=("sdg", "trajectory"), default="sdg",
                   help="progress method (default sdg)")
    p.set_defaults(func=_cmd_report)

    # check-form (issue 13): how one workbook was understood; see docs/forms.md.
    from .io.check import check_form_command

    p = sub.add_parser("check-form", help="say how one workbook's form was understood")
    p.add_argument("file", metavar="FILE", help="the workbook (.xlsx, .xls, .ods, .csv…)")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="language (default vi)")
    p.set_defaults(func=check_form_command)
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
    plan_id,name,name_en,scope,scope_code,start,end,horizon,parent,n_targets
    ...
    0
    """
    from .periods import PeriodError

    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and stream.encoding.lower() != "utf-8":
            stream.reconfigure(encoding="utf-8")  # Vietnamese on any console
    parser = _parser()
    args = parser.parse_args(argv)
    lang = getattr(args, "lang", "vi")
    try:
        return int(args.func(args))
    except (CliError, PeriodError, FileNotFoundError) as exc:
        _note(f"{parser.prog}: {_w('error', lang)}: {exc}")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
