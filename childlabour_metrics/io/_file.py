"""Reading one file into a :class:`~childlabour_metrics.io.result.FileRead` (in a worker).

:func:`read_one` opens a form (a file, or a member of an archive), finds
the report sheets, reads each one's metadata and indicator table, and
returns the file's rows, problems and row of the files table.  It never
raises for a bad file: every failure becomes the file's problem, so one bad
file never stops a batch.  It runs in a worker process
(:mod:`._pool`) or, for a small batch, in the reading process.
"""

from __future__ import annotations

from typing import Any, cast

from ..language.problems import OpenError
from ._attach import member_bytes
from ._discover import Entry
from ._fonts import convert_by_font
from ._forms import SheetRead, parse_meta, read_sheet
from ._legacy import convert_rows
from ._open import open_data, open_workbook
from ._taught import Taught
from ._text import cell_ref
from .result import ROW_COLUMNS, FileMeta, FileProblem, FileRead, RowBlock, file_problem

__all__ = ["Task", "read_one"]

#: What a worker is given: the file's number in the batch and its entry.
Task = tuple[int, Entry]


def read_one(task: Task, taught: Taught | None = None) -> FileRead:
    """Read one file; every failure becomes a problem, never an exception.

    ``taught``: the labels the user confirmed (:mod:`._taught`); a reader for
    the workers is ``functools.partial(read_one, taught=taught)``, picklable.
    """
    file_no, entry = task
    meta = FileMeta(entry.shown)
    try:
        return _read_one_unsafe(file_no, entry, meta, taught)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # the promise: one bad file never stops a batch (a Rust
        # panic in a library is a BaseException; only interrupts stop the batch)
        code = "FILE_TOO_LARGE" if isinstance(exc, MemoryError) else "FILE_UNREADABLE"
        return FileRead.failed(meta, code, f"{type(exc).__name__}: {exc}"[:120])


def _read_one_unsafe(file_no: int, entry: Entry, meta: FileMeta,
                     taught: Taught | None = None) -> FileRead:
    """:func:`read_one`, raising what it did not foresee; fills in ``meta`` as it goes."""
    try:
        if entry.member is None:
            book = open_workbook(entry.path)
        else:  # a form inside an archive: "forms.zip/xa.xlsx" names it
            book = open_data(entry.location, member_bytes(entry.path, entry.member,
                                                          entry.index))
    except OpenError as exc:
        return FileRead.failed(meta, exc.code, exc.detail)
    path = entry.shown  # from here on, the name the tables show
    meta.format = book.format
    found: list[tuple[str, SheetRead, str | None]] = []  # (sheet, what it gave, encoding)
    failure: OpenError | None = None
    try:
        for index, name in enumerate(book.sheet_names):
            try:
                rows = book.rows(index)
            except OpenError as exc:
                failure = failure or exc
                continue
            if book.legacy_fonts is None:
                rows, encoding = convert_rows(rows)
            else:  # the styles name a legacy font: the cells' fonts decide
                rows, encoding = convert_by_font(rows, book.legacy_fonts.get(name))
            got = read_sheet(rows, name, book.formulas_without_value.get(name), taught)
            if got is not None:
                stale = book.formulas_not_calculated.get(name)
                if stale:
                    got.problems.extend(_not_calculated(got.rows, stale))
                found.append((name, got, encoding))
    finally:
        book.close()
    if not found:
        code, detail = (failure.code, failure.detail) if failure else ("NO_TABLE", "")
        meta.other_sheets = " | ".join(book.sheet_names)
        return FileRead.failed(meta, code, detail)
    # Visible sheets first: a hidden one is usually a stale copy.  Every visible form
    # is read (another period, another unit); a hidden one only when none is visible.
    visible = [item for item in found if item[0] not in book.hidden]
    skipped = [item[0] for item in found if visible and item[0] in book.hidden]
    results = [_assemble(file_no, path, FileMeta(meta.file, meta.format), book.sheet_names,
                         name, got)
               for name, got, _ in (visible or found)]
    result = results[0] if len(results) == 1 else _merge_sheets(results)
    for name in skipped:
        result.problems.append(file_problem(path, "SHEET_SKIPPED", name, name))
    encodings = sorted({code for _, _, encoding in found if encoding
                        for code in encoding.split(", ")})
    if encodings:
        legacy = file_problem(path, "LEGACY_ENCODING", ", ".join(encodings))
        legacy["value"] = "text" if book.legacy_fonts is None else "font"  # what decided
        result.problems.append(legacy)
    return result


def _merge_sheets(results: list[FileRead]) -> FileRead:
    """One file's result from several sheets' (each a form): rows and problems in order."""
    cols: dict[str, list[Any]] = {}
    problems: list[FileProblem] = []
    total = 0
    filled = [r.rows for r in results if r.rows is not None]
    keys = set().union(*[set(rows.cols) | set(rows.const) for rows in filled])
    for number, result in enumerate(results):
        for problem in result.problems:
            problem["rows"] = [total + i for i in problem.get("rows", [])]
            problems.append(problem)
        rows = result.rows
        if rows is None:
            continue
        for key in keys:
            values = rows.column(key)
            if key == "unit_key" and number:
                # Rules compare rows of one report (a file and unit): each sheet is one.
                values = [f"{number}:{value}" for value in values]
            cols.setdefault(key, [None] * total).extend(values)
        total += rows.n
    first = results[0].meta
    sheet = " | ".join(r.meta.sheet or "" for r in results)
    periods = {r.meta.period for r in results}
    meta = FileMeta(
        first.file, first.format, sheet=sheet,
        other_sheets=" | ".join(n for n in (first.other_sheets or "").split(" | ")
                                if n and n not in sheet.split(" | ")),
        form=first.form, unit_code=first.unit_code,
        period=" | ".join(sorted(p for p in periods if p)) or None,
        report_date=first.report_date, rows_read=total,
    )
    return FileRead(meta, RowBlock(total, {}, cols) if total else None, problems)


def _not_calculated(
    records: list[dict[str, Any]], cells: set[tuple[int, int]]
) -> list[dict[str, Any]]:
    """``FORMULA_NOT_CALCULATED`` for each count read from a formula never calculated."""
    refs = {cell_ref(r, c) for r, c in cells}
    return [{"code": "FORMULA_NOT_CALCULATED", "cell": rec[side], "value": rec[count],
             "row_index": i}
            for i, rec in enumerate(records)
            for side, count in (("numerator_cell", "numerator"),
                                ("denominator_cell", "denominator"))
            # a cell with no count (an error value, text) has its own problem already
            if rec.get(side) in refs and rec.get(count) is not None]


def _assemble(
    file_no: int, path: str, meta: FileMeta, sheet_names: list[str], sheet: str, got: SheetRead
) -> FileRead:
    """One sheet's form as the file's read: its rows as columns, its problems."""
    header = got.header
    parsed = parse_meta(got.meta)
    single = header.form == "single"
    records = got.rows
    # Columns, not one dict per row: values shared by the whole file are sent once
    # (``const``), which keeps what a worker pickles back small.
    const: dict[str, Any] = {
        "file_no": file_no, "source_file": path, "sheet": sheet, "period": parsed["period"],
        "report_date": parsed["report_date"], "date_cell": got.meta_cells.get("report_date"),
        "form": header.form,
    }
    cols: dict[str, list[Any]] = {col: [rec.get(col) for rec in records] for col in ROW_COLUMNS}
    # Rows read by their label say how (provenance); a form with codes sends nothing.
    if records and "label_match" in records[0]:
        cols["label_match"] = [rec.get("label_match") for rec in records]
    else:
        const["label_match"] = None
    if single:
        const.update(unit_code=parsed["unit_code"], unit_name=parsed["unit_name"], unit_key="",
                     unit_cell=got.meta_cells.get("unit_code"))
        units = [parsed["unit_code"]] * len(records)
    else:
        units = [rec.get("row_unit_code") for rec in records]
        cols["unit_code"] = units
        cols["unit_name"] = [rec.get("row_unit_name") for rec in records]
        cols["unit_key"] = [unit or f"?{rec['row']}" for unit, rec in zip(units, records,
                                                                          strict=True)]
        cols["unit_cell"] = [rec.get("unit_cell") for rec in records]
    every = list(range(len(records)))
    problems: list[FileProblem] = []

    def add(code: str, cell: str | None, rows: list[int], **fields: Any) -> None:
        problems.append(cast(FileProblem, {
            "file": path, "sheet": sheet, "cell": cell,
            "unit_code": parsed["unit_code"] if single else None,
            "period": parsed["period"], "indicator": None, "code": code, "rows": rows,
            **fields,
        }))

    if not records:
        add("NO_ROWS", None, [], detail=sheet)
    if single and parsed["unit_code"] is None:
        add("MISSING_UNIT_CODE", got.meta_cells.get("unit_code"), every)
    if not single:
        missing_rows: dict[int, list[int]] = {}
        for i, rec in enumerate(records):
            if units[i] is None:
                missing_rows.setdefault(rec["row"], []).append(i)
        for rows in missing_rows.values():
            add("MISSING_UNIT_CODE", records[rows[0]].get("unit_cell"), rows)
    for code, key, value in parsed["problems"]:
        add(code, got.meta_cells.get(key), every, value=value)
    for found in got.problems:
        i = found.pop("row_index", None)
        rows = [] if i is None else [i]
        rec = records[i] if i is not None else {}
        indicator = found.pop("indicator", None) or rec.get("indicator")
        problems.append(cast(FileProblem, {
            "file": path, "sheet": sheet,
            "unit_code": units[i] if i is not None else parsed["unit_code"],
            "period": parsed["period"], "indicator": indicator, "rows": rows, **found,
        }))
    meta.sheet = sheet
    meta.other_sheets = " | ".join(n for n in sheet_names if n != sheet)
    meta.form = header.form
    meta.unit_code = parsed["unit_code"]
    meta.period = parsed["period"]
    meta.report_date = parsed["report_date"]
    meta.rows_read = len(records)
    block = RowBlock(len(records), const, cols) if records else None
    return FileRead(meta, block, problems)
