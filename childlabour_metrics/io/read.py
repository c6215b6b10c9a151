"""Reading a batch of unit workbooks into observations, problems and a file list.

:func:`read_reports` is the library's entry point for workbooks: a file, a
folder or a list in; a :class:`ReadResult` out.  One bad file never stops a
batch and never raises: it becomes a problem row.  This module directs the
read and runs the checks that need every file; the parts are:

- :mod:`._discover`: which files a read is given, and which it will not read;
- :mod:`._file`: reading one file (in a worker);
- :mod:`._pool`: the worker processes, their memory, the progress bar;
- :mod:`.result`: what a file gives, and :class:`ReadResult`;
- :mod:`._rules`: the checks, vectorised over all rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..language.problems import PROBLEM_COLUMNS, PROBLEMS, SEVERITIES, render
from ..language.words import check_lang, word
from ..reference.plans import load_plan
from ..reference.units import as_registry
from . import _rules
from ._attach import close_archives
from ._discover import EXTENSIONS, Entry, discover
from ._file import read_one
from ._pool import progress_bar, read_files
from ._taught import Taught, load_labels
from .result import FILE_COLUMNS, OBSERVATION_COLUMNS, FileProblem, FileRead, RawParts, ReadResult

__all__ = ["EXTENSIONS", "FILE_COLUMNS", "OBSERVATION_COLUMNS", "ReadResult", "read_reports"]

_TEXT_OBS = [c for c in OBSERVATION_COLUMNS if c not in {"numerator", "denominator", "row",
                                                        "report_date"}]
_BAD_CELL_CODES = frozenset({"NOT_A_NUMBER", "FRACTIONAL_COUNT", "FORMULA_NO_VALUE",
                             "NUMBER_TOO_LARGE", "FORMULA_NOT_CALCULATED", "CELL_ERROR"})
#: Files read by workers converted to columns at a time, while the workers read on.
_PART_SIZE = 512


def read_reports(
    paths: str | os.PathLike | Sequence[str | os.PathLike],
    units: pd.DataFrame | str | Path | None = None,
    plan: Any = None,
    *,
    lang: str = "vi",
    workers: int | None = None,
    progress: bool | Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
    labels: pd.DataFrame | str | os.PathLike[str] | Taught | None = None,
) -> ReadResult:
    """Read unit report workbooks into observations, problems and a list of files.

    Parameters
    ----------
    paths : str, Path or list of them
        A workbook, a folder (read recursively for ``.xlsx .xlsm .xls .ods``,
        ``.zip`` archives of them and ``.csv`` forms, skipping Office lock files
        ``~$*``; what is sent instead of a form is named) or a list of both.
        See ``docs/forms.md``.
    units : DataFrame or path, optional
        A unit registry (see :func:`childlabour_metrics.load_units`); when
        given, unknown units and units not valid in the period are errors.
    plan : Plan or str, optional
        A plan or plan id; when given, reports after the plan's deadline are
        late (a warning) and indicators the plan does not track are named.
    lang : {"vi", "en"}
        Language of the problem messages.
    workers : int, optional
        Processes to read with when there are more than 64 files; ``1``
        reads in this process.  Default: one per CPU.
    progress : bool or callable, optional
        Show a progress bar (default: only when stderr is a terminal), or a
        function called with ``(done, total)`` after each file.
    today : datetime.date, optional
        The date periods in the future are judged against (default: today).
    labels : DataFrame or path, optional
        Row labels taught once: a table (or CSV file) with the columns
        ``label`` and ``code``, such as ``childlabour-metrics labels`` writes
        and a clerk fills in.  A confirmed label reads as its code on every
        form without a code column, exactly (after the reader's normalisation:
        case, accents, numbering, abbreviations), before any scoring.  A code
        that is no indicator is an error naming its line.

    Returns
    -------
    ReadResult
        ``.observations``, ``.problems`` and ``.files``; never raises for a
        bad workbook.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> wb = openpyxl.Workbook(); ws = wb.active
    >>> for row in [["Mã đơn vị:", "00412"], ["Kỳ báo cáo:", "6 tháng đầu năm 2024"],
    ...             ["Ngày báo cáo:", "10/6/2024"], [], ["Mã", "Tử số", "Mẫu số"],
    ...             ["CL01", "1.234", 5000], ["CL02", 2000, 5000]]:
    ...     ws.append(row)
    >>> wb.save(folder / "x.xlsx")
    >>> result = read_reports(folder, lang="en")
    >>> result.observations[["unit_code", "indicator", "numerator", "status"]]
      unit_code indicator  numerator status
    0     00412      CL01       1234  error
    1     00412      CL02       2000  error
    >>> result.problems["code"].tolist()
    ['CL02_GT_CL01']
    """
    check_lang(lang)
    taught = load_labels(labels)  # checked here, once: a bad line stops before any file
    # The batch builds many long-lived containers (a result per file) and no cycles worth
    # collecting before it returns: the collector would rescan them again and again
    # (~3 % of a national round).  Paused for the call, restored however it ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_reports(paths, units, plan, lang, workers, progress, today, taught)
    finally:
        if collecting:
            gc.enable()


def _read_reports(
    paths: Any, units: Any, plan: Any, lang: str, workers: int | None, progress: Any,
    today: dt.date | None, taught: Taught | None = None,
) -> ReadResult:
    entries = discover(paths)
    # Forms first, numbered in order; what is not read is a file row too, after them.
    forms = [entry for entry in entries if entry.read]
    show = sys.stderr.isatty() if progress is None else progress is True
    bar = progress_bar(len(forms), lang) if show else None
    try:
        return _read_and_check(forms, [entry for entry in entries if not entry.read], units,
                               plan, lang, workers, progress, today, bar, taught)
    finally:
        if bar is not None:
            bar.close()


class _Checks:
    """The registry and the plan a read is checked against, loaded once when asked.

    Loaded while the workers read (see :func:`._pool.read_files`): a national
    registry takes a tenth of a second to check, time the reading process has spare.
    """

    def __init__(self, units: pd.DataFrame | str | Path | None, plan: Any) -> None:
        self._units = units
        #: The loaded registry (None without one), once :meth:`load` ran.
        self.registry: pd.DataFrame | None = None
        self.plan = plan
        self._loaded = False

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        # The doors' one normalisation: a registry already loaded (check-form's official
        # one, a caller's) is used as it is, not validated again (0.15 s for the official).
        self.registry = as_registry(self._units)
        if isinstance(self.plan, str):
            self.plan = load_plan(self.plan)

    def meanwhile(self) -> None:
        """What to do while the workers read: load these, and the rules' one-off set-up."""
        self.load()
        # A failure of the set-up would show again, where it matters, in the rules.
        with contextlib.suppress(Exception):
            _rules.warm_up()


def _read_and_check(
    forms: list[Entry], not_read: list[Entry], units: Any, plan: Any, lang: str,
    workers: int | None, progress: Any, today: dt.date | None, bar: Any,
    taught: Taught | None = None,
) -> ReadResult:
    parts = RawParts()
    checks = _Checks(units, plan)
    # The workers read with the taught labels too: a partial of a module function and
    # a small frozen table, both picklable.
    reader = read_one if taught is None else partial(read_one, taught=taught)
    try:
        results = read_files(list(enumerate(forms)), reader, workers, bar=bar,
                             callback=progress if callable(progress) else None,
                             meanwhile=checks.meanwhile,
                             arrived=lambda done: parts.keep_up(done, _PART_SIZE))
    finally:
        close_archives()  # the archive the last member was read from, in this process
    checks.load()
    units, plan = checks.registry, checks.plan
    results += [FileRead.not_read(entry) for entry in not_read]
    if bar is not None:
        # The rules take a while on a large batch: say so rather than sit at 100 %.
        bar.set_description_str(word("bar_rules", lang), refresh=True)
    raw, problems = _raw_frame(results, parts)
    if units is not None:
        raw, problems = _rules.units_from_names(raw, problems, units, plan)
    found = _rules.all_rules(raw, units, plan, today or dt.date.today())
    problems = _rules.concat_found([problems, _without_label_duplicates(found, problems)])
    status = _statuses(raw, problems)
    dup_problems, superseded_rows = _rules.superseded(raw[status != "error"])
    status[raw.index.isin(superseded_rows)] = "superseded"
    jumps = _rules.jump_rules(raw, status.isin(["ok", "warning"]), units)
    problems = _rules.concat_found([problems, dup_problems, jumps])
    # A jump makes an ok row a warning: one mask for all jumps, not one per jump.
    jumped = raw.index.isin(list(itertools.chain.from_iterable(jumps["rows"])))
    status[jumped & (status == "ok").to_numpy()] = "warning"
    return ReadResult(
        observations=_observations(raw, status),
        problems=_problem_frame(problems, lang),
        files=_files_frame(results, raw, status, problems),
        lang=lang,
    )


def _raw_frame(
    results: list[FileRead], parts: RawParts | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All rows as one frame (global index) and the files' problems with global row
    indices (:func:`~childlabour_metrics.io._rules.found_problems`).

    ``parts``: the columns of the first results, already converted.
    """
    problems: list[FileProblem] = []
    offset = 0
    for result in results:
        for problem in result.problems:
            problem["rows"] = [offset + i for i in problem.get("rows", [])]
            problems.append(problem)
        offset += result.row_count
    if parts is None:
        parts = RawParts()
    parts.convert(results, len(results))
    raw = pd.DataFrame(
        {col: type(pieces[0])._concat_same_type(pieces) if len(pieces) > 1 else pieces[0]
         for col, pieces in parts.columns().items()}
    )
    found = _rules.found_records(problems)
    # A count cell a file's problem names is bad: the numerator's, or else the denominator's.
    bad = found.loc[found["code"].isin(list(_BAD_CELL_CODES)), ["cell", "rows"]]
    bad = bad.explode("rows").dropna(subset=["rows"])
    rows = bad["rows"].to_numpy(dtype=np.int64)
    numerator_cells = np.asarray(parts.numerator_cells, dtype=object)
    on_numerator = bad["cell"].to_numpy(dtype=object) == numerator_cells[rows]
    raw["numerator_bad"] = raw.index.isin(rows[on_numerator])
    raw["denominator_bad"] = raw.index.isin(rows[~on_numerator])
    return raw, found


_SEVERITY_RANK = {"ok": 0, "info": 0, "warning": 1, "error": 2}
_CODE_RANK = {code: _SEVERITY_RANK[p.severity] for code, p in PROBLEMS.items()}
_SEVERITY = {code: p.severity for code, p in PROBLEMS.items()}
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}  # the most serious first


def _without_label_duplicates(found: pd.DataFrame, problems: pd.DataFrame) -> pd.DataFrame:
    """``found`` without UNKNOWN_INDICATOR on rows already named by UNKNOWN_INDICATOR_LABEL."""
    labelled = problems.loc[problems["code"] == "UNKNOWN_INDICATOR_LABEL", "rows"]
    named = set(itertools.chain.from_iterable(labelled))
    if not named:
        return found
    return found[~_rules.rows_within(found, "UNKNOWN_INDICATOR", named)]


def _statuses(raw: pd.DataFrame, problems: pd.DataFrame) -> pd.Series:
    """Each row's status: the worst severity among the problems naming it.

    One pass over the problems' row lists and one ``np.maximum.at``: linear in
    rows and problems (not an aligned assignment over all rows per problem).
    ``problems``: :func:`~childlabour_metrics.io._rules.found_problems`.
    """
    rows = problems["rows"].to_numpy()
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    levels = problems["code"].map(_CODE_RANK).to_numpy(dtype=np.int64)
    labels = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64,
                         count=int(lengths.sum()))
    positions = raw.index.get_indexer(pd.Index(labels)) if len(labels) else labels
    found = positions >= 0  # a row label not in this frame names no row (as isin did)
    rank = np.zeros(len(raw), dtype=np.int64)
    np.maximum.at(rank, positions[found], np.repeat(levels, lengths)[found])
    names = np.array(["ok", "warning", "error"], dtype=object)
    return pd.Series(names[rank], index=raw.index, dtype="str")


def _observations(raw: pd.DataFrame, status: pd.Series) -> pd.DataFrame:
    obs = raw.copy()
    obs["status"] = status
    obs["indicator"] = obs["indicator"].fillna(obs["indicator_raw"].replace("", pd.NA))
    obs = obs[OBSERVATION_COLUMNS].reset_index(drop=True)
    for col in _TEXT_OBS:
        obs[col] = obs[col].astype("str")
    return obs


def _problem_frame(problems: pd.DataFrame, lang: str) -> pd.DataFrame:
    # From object columns, so that a value keeps the text str() gives it (1234, not
    # 1234.0); None and NaN become missing.
    frame = problems[[c for c in PROBLEM_COLUMNS if c not in {"severity", "message"}]]
    frame = frame.astype("str")
    frame["severity"] = frame["code"].map(_SEVERITY)
    # The code and the fields stay in the table; the message is rendered here in the
    # read's language for compatibility, and again in any output's language by render().
    frame = render(frame, lang)[PROBLEM_COLUMNS].astype("str")
    # By file, then severity (the most serious first); found order within each.  A
    # stable lexsort on the files' sorted codes: sort_values on two columns cost more
    # than rendering the messages.
    files, names = pd.factorize(frame["file"], sort=True)
    files[files < 0] = len(names)  # a missing file last, as sort_values puts it
    ranks = frame["severity"].map(_SEVERITY_ORDER).fillna(len(SEVERITIES)).to_numpy()
    return frame.take(np.lexsort((ranks, files))).reset_index(drop=True)


def _files_frame(
    results: list[FileRead], raw: pd.DataFrame, status: pd.Series, problems: pd.DataFrame
) -> pd.DataFrame:
    # Per file, vectorised: does it have a row, a row not in error, a row not superseded?
    file_no = raw["file_no"].to_numpy(dtype="int64", na_value=-1)
    status_values = status.to_numpy()
    count = len(results)
    has_rows = np.zeros(count + 1, dtype=bool)
    has_rows[file_no] = True
    not_error = np.zeros(count + 1, dtype=bool)
    not_error[file_no[status_values != "error"]] = True
    not_superseded = np.zeros(count + 1, dtype=bool)
    not_superseded[file_no[status_values != "superseded"]] = True
    flagged = problems.loc[problems["code"].map(_CODE_RANK) > 0, "file"].unique().tolist()
    metas = [result.meta for result in results]
    columns = {c: [getattr(meta, c) for meta in metas] for c in FILE_COLUMNS if c != "status"}
    warned = pd.Index(columns["file"], dtype=object).isin(flagged)
    columns["status"] = np.select(  # the first that holds; no rows read is an error too
        [~not_error[:count], has_rows[:count] & ~not_superseded[:count], warned],
        ["error", "superseded", "warning"], default="ok").astype(object).tolist()
    frame = pd.DataFrame({c: pd.Series(columns[c], dtype=object) for c in FILE_COLUMNS},
                         columns=FILE_COLUMNS)
    frame["rows_read"] = pd.array(frame["rows_read"].fillna(0).tolist(), dtype="Int64")
    frame["report_date"] = pd.to_datetime(frame["report_date"]).astype("datetime64[ns]")
    for col in FILE_COLUMNS:
        if col not in {"rows_read", "report_date"}:
            frame[col] = frame[col].replace({None: pd.NA}).astype("str")
    return frame
