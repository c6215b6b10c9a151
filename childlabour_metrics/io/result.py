"""What a read gives: per file (:class:`FileRead`) and for the batch (:class:`ReadResult`).

A worker reads one file into a :class:`FileRead`: the file's row of the
files table (:class:`FileMeta`), its indicator rows as columns
(:class:`RowBlock`) and the problems found in it.  The reading process
gathers the rows of many files into typed columns (:class:`RawParts`),
checks them all at once, and returns a :class:`ReadResult`: the
observations, problems and files tables.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import dataclass, field
from typing import Any, TypedDict

import numpy as np
import pandas as pd

from ..language.problems import label
from ._discover import Entry, shown_name

__all__ = ["FILE_COLUMNS", "OBSERVATION_COLUMNS", "FileMeta", "FileProblem", "FileRead",
           "RawParts", "ReadResult", "RowBlock", "file_problem"]

OBSERVATION_COLUMNS: list[str] = [
    "unit_code",
    "period",
    "indicator",
    "numerator",
    "denominator",
    "status",
    "unit_name",
    "report_date",
    "source_file",
    "sheet",
    "numerator_cell",
    "denominator_cell",
    "row",
    "form",
    "label_match",
]
FILE_COLUMNS: list[str] = [
    "file",
    "format",
    "sheet",
    "other_sheets",
    "form",
    "unit_code",
    "period",
    "report_date",
    "rows_read",
    "status",
]
#: The columns of the rows gathered from every file, before the checks.
RAW_COLUMNS = [
    "file_no", "source_file", "sheet", "unit_code", "unit_name", "unit_key", "unit_cell",
    "period", "report_date", "date_cell", "form", "row", "indicator_raw", "indicator",
    "code_cell", "numerator", "denominator", "numerator_cell", "denominator_cell",
    "label_match",
]
#: Raw columns that vary from row to row within a file (the rest may be per file).
ROW_COLUMNS = [
    "row", "indicator_raw", "indicator", "code_cell", "numerator", "denominator",
    "numerator_cell", "denominator_cell",
]
_COUNT_COLUMNS = frozenset({"numerator", "denominator", "row", "file_no"})


class FileProblem(TypedDict, total=False):
    """A problem found in one file, as a worker sends it.

    ``rows``: positions of the rows it names among the file's rows (among
    all files' rows once gathered).  The keys are
    :data:`~childlabour_metrics.io._rules.FOUND_COLUMNS`; a key left out is None.
    """

    file: str
    sheet: str | None
    cell: str | None
    unit_code: str | None
    period: str | None
    indicator: str | None
    code: str
    rows: list[int]
    value: Any
    detail: Any


def file_problem(file: str, code: str, detail: str = "", sheet: str | None = None
                 ) -> FileProblem:
    """A problem of a whole file (or sheet), naming no row.

    >>> file_problem("a.xlsx", "FILE_EMPTY")
    {'file': 'a.xlsx', 'sheet': None, 'code': 'FILE_EMPTY', 'detail': '', 'rows': []}
    """
    # The detail may quote the path (a missing file): shown as the tables show it.
    return {"file": file, "sheet": sheet, "code": code, "detail": shown_name(detail),
            "rows": []}


@dataclass(slots=True)
class FileMeta:
    """A file's row of the files table (:data:`FILE_COLUMNS` but its status).

    Filled in as the file is read: a file that fails keeps what was known.
    ``sheet`` and ``other_sheets`` are the sheets read and the others,
    joined by ``" | "``.
    """

    file: str
    format: str | None = None
    sheet: str | None = None
    other_sheets: str | None = None
    form: str | None = None
    unit_code: str | None = None
    period: str | None = None
    report_date: Any = None
    rows_read: int = 0


@dataclass(slots=True)
class RowBlock:
    """One file's indicator rows, as columns: ``n`` rows.

    ``cols`` holds the columns that vary from row to row (at least
    :data:`ROW_COLUMNS`), ``const`` the values shared by all rows of the file,
    sent once: that keeps what a worker pickles back small.  Together they
    give :data:`RAW_COLUMNS`.  Once gathered (:class:`RawParts`) only ``n``
    is kept.
    """

    n: int
    const: dict[str, Any] = field(default_factory=dict)
    cols: dict[str, list[Any]] = field(default_factory=dict)

    def column(self, key: str) -> list[Any]:
        """Column ``key``, row by row (a shared value repeated; None where there is none)."""
        return self.cols.get(key, [self.const.get(key)] * self.n)


@dataclass(slots=True)
class FileRead:
    """What reading one file gave: its row of the files table, its rows, its problems.

    ``rows`` is None when the file gave no rows.
    """

    meta: FileMeta
    rows: RowBlock | None = None
    problems: list[FileProblem] = field(default_factory=list)

    @classmethod
    def failed(cls, meta: FileMeta, code: str, detail: str = "") -> FileRead:
        """A file that gave no rows, with the one problem that says why.

        >>> FileRead.failed(FileMeta("a.xlsx"), "FILE_EMPTY").problems[0]["code"]
        'FILE_EMPTY'
        """
        return cls(meta, None, [file_problem(meta.file, code, detail)])

    @classmethod
    def not_read(cls, entry: Entry) -> FileRead:
        """A file that discovery named and did not give to be read, with its reason.

        >>> entry = Entry.of("/r/scan.pdf", code="FILE_SKIPPED", why=".pdf")
        >>> FileRead.not_read(entry).problems[0]["detail"]
        '.pdf'
        """
        return cls.failed(FileMeta(entry.shown), entry.code or "", entry.why)

    @property
    def row_count(self) -> int:
        """Rows the file gave (kept when its rows have been gathered)."""
        return 0 if self.rows is None else self.rows.n


class RawParts:
    """The raw rows' columns (:data:`RAW_COLUMNS`), converted a part (some files) at a time.

    Parts are converted while the workers still read (see
    :mod:`childlabour_metrics.io._pool`), so less is left for after the
    last file.  A file's rows are let go once converted: as Python lists of
    objects, a decade's rows were most of the reading process's peak memory.

    Examples
    --------
    >>> const, cols = dict.fromkeys(RAW_COLUMNS), {c: [None, None] for c in ROW_COLUMNS}
    >>> cols["row"] = [5, 6]
    >>> reads = [FileRead(FileMeta("a"), RowBlock(2, const, cols)), FileRead(FileMeta("b"))]
    >>> parts = RawParts()
    >>> parts.convert(reads, 2)
    >>> parts.done, reads[0].row_count, reads[0].rows.cols
    (2, 2, {})
    >>> parts.columns()["row"][0].tolist()
    [5, 6]
    """

    def __init__(self) -> None:
        self.done = 0  # files converted so far
        self.parts: list[dict[str, Any]] = []
        self.numerator_cells: list[Any] = []

    def convert(self, reads: list[FileRead], upto: int) -> None:
        """Convert ``reads[self.done:upto]`` (files already converted are kept)."""
        if upto <= self.done:
            return
        chunk = reads[self.done : upto]
        filled = [read.rows for read in chunk if read.rows is not None]
        self.done = upto
        if not filled:
            return
        arrays, numerator_cells = _column_arrays(filled)
        self.parts.append(arrays)
        self.numerator_cells.extend(numerator_cells)
        for read in chunk:  # their count stays
            if read.rows is not None:
                read.rows = RowBlock(read.rows.n)

    def keep_up(self, reads: list[FileRead], size: int) -> None:
        """Convert the files read since the last part once there are ``size`` of them."""
        if len(reads) - self.done >= size:
            self.convert(reads, len(reads))

    def columns(self) -> dict[str, list[Any]]:
        """Each raw column's converted parts, in order."""
        if not self.parts:
            self.parts.append(_column_arrays([])[0])
        return {col: [part[col] for part in self.parts] for col in RAW_COLUMNS}


def _column_arrays(filled: list[RowBlock]) -> tuple[dict[str, Any], list[Any]]:
    """Typed arrays of the raw columns of some files' rows, and their numerator cells."""
    # Column by column (not file by file): a column no file sends row by row is
    # converted once per file and repeated; the others are chained in C.
    varying: set[str] = set().union(*[rows.cols for rows in filled])
    varying.update(ROW_COLUMNS)  # always sent row by row (numerator_cell is used below)
    file_of_row = np.repeat(np.arange(len(filled)), [rows.n for rows in filled])
    nat = np.datetime64("NaT", "ns").view("int64")
    data: dict[str, list[Any]] = {}
    arrays: dict[str, Any] = {}
    for col in RAW_COLUMNS:
        if col in varying:
            data[col] = values = list(itertools.chain.from_iterable(
                [rows.cols[col] if col in rows.cols else [rows.const[col]] * rows.n
                 for rows in filled]
            ))
        else:
            values = [rows.const[col] for rows in filled]
        if col == "report_date":
            # Few distinct report dates: convert each once, to nanoseconds (NaT for none).
            nanos = {d: pd.Timestamp(d).as_unit("ns").value for d in set(values)
                     if d is not None}
            dates = np.array([nanos.get(d, nat) for d in values], dtype="int64")
            array: Any = pd.array(dates.view("datetime64[ns]"), dtype="datetime64[ns]")
        else:
            array = pd.array(values, dtype="Int64" if col in _COUNT_COLUMNS else "str")
        arrays[col] = array if col in varying else array.take(file_of_row)
    return arrays, data["numerator_cell"]


@dataclass
class ReadResult:
    """What :func:`read_reports` found: observations, problems and files.

    Attributes
    ----------
    observations : DataFrame
        Every indicator row read, with ``status`` (ok, warning, error,
        superseded) and its file, sheet and cells.
    problems : DataFrame
        One row per problem: ``file, sheet, cell, unit_code, period,
        indicator, code, severity, message``.
    files : DataFrame
        One row per file: ``file, format, sheet, other_sheets, form,
        unit_code, period, report_date, rows_read, status``.
    lang : str
        Language of the ``message`` column; outputs render the messages again
        in their own language from the code and fields
        (:func:`childlabour_metrics.language.problems.render`).
    """

    observations: pd.DataFrame
    problems: pd.DataFrame
    files: pd.DataFrame
    lang: str = "vi"

    @property
    def usable(self) -> pd.DataFrame:
        """Observations that computations use (status ok or warning)."""
        return self.observations[self.observations["status"].isin(["ok", "warning"])]

    def summary(self) -> pd.DataFrame:
        """Counts of files, observations by status and problems by severity."""
        rows: list[tuple[str, Any, int]] = [("files", "", len(self.files))]
        rows += [("observations", k, int(v))
                 for k, v in self.observations["status"].value_counts().items()]
        rows += [("problems", k, int(v))
                 for k, v in self.problems["severity"].value_counts().items()]
        return pd.DataFrame(rows, columns=["table", "kind", "count"])

    def __repr__(self) -> str:
        return (
            f"ReadResult({len(self.files)} files, {len(self.observations)} observations, "
            f"{len(self.problems)} problems)"
        )

    def _repr_html_(self) -> str:
        head = html.escape(label("repr_head", self.lang).format(
            files=len(self.files), obs=len(self.observations), problems=len(self.problems)))
        counts = self.problems["severity"].value_counts()
        parts = ", ".join(f"{html.escape(str(k))}: {int(v)}" for k, v in counts.items())
        shown = self.problems.head(20).to_html(index=False, na_rep="", escape=True)
        return f"<div><p><b>{head}</b> {parts}</p>{shown}</div>"
