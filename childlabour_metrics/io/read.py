"""Reading a batch of unit workbooks into observations, problems and a file list.

:func:`read_reports` is the library's entry point for workbooks: a file, a
folder or a list in; a :class:`ReadResult` out.  One bad file never stops a
batch and never raises: it becomes a problem row.  Files are read in worker
processes when there are many; rules run once over all rows, vectorised.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import html
import importlib.util
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from pickle import PicklingError
from typing import Any

import numpy as np
import pandas as pd

from ..language.problems import PROBLEM_COLUMNS, PROBLEMS, SEVERITIES, OpenError, label, render
from ..language.words import check_lang, word
from ..reference.periods import fold_marks
from ..reference.plans import load_plan
from ..reference.units import load_units
from . import _rules
from ._attach import list_archive, read_member
from ._capped import cap_address_space, die_with_parent, read_capped, silence_stderr
from ._csv import decode_text
from ._fonts import convert_by_font
from ._forms import parse_meta, read_sheet
from ._legacy import convert_rows
from ._open import open_data, open_workbook
from ._text import cell_ref

__all__ = ["EXTENSIONS", "OBSERVATION_COLUMNS", "FILE_COLUMNS", "ReadResult", "read_reports"]

#: File name endings read from a folder (.xlsb is refused with a problem, as it is read).
EXTENSIONS: tuple[str, ...] = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".xlsb")
#: Archives of forms, read member by member.
ARCHIVES: tuple[str, ...] = (".zip",)
#: Names that are never forms and are passed over without a word (lock files, a Mac's).
_NOT_FORMS = ("~$", ".~lock", "._", ".")
#: What clerks send instead of a form: named in a folder walk (FILE_SKIPPED).  Other
#: files (notes, registries, manifests) are passed over.
_SENT_INSTEAD = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".jpg", ".jpeg", ".png", ".heic",
                 ".gif", ".tif", ".tiff", ".rar", ".7z", ".gz", ".tar", ".numbers", ".et",
                 ".xlt", ".xltx", ".xltm", ".ots", ".htm", ".html", ".xml", ".txt")
#: Above this many files, several processes read them (unless ``workers=1``).
PARALLEL_THRESHOLD = 64

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
_TEXT_OBS = [c for c in OBSERVATION_COLUMNS if c not in {"numerator", "denominator", "row",
                                                        "report_date"}]


# -- one file (runs in a worker process) -------------------------------------


def _file_problem(path: str, code: str, detail: str = "", sheet: str | None = None) -> dict:
    # The detail may quote the path (a missing file): shown as the tables show it.
    return {"file": path, "sheet": sheet, "code": code, "detail": shown_name(detail),
            "rows": []}


def _read_one(task: tuple[int, str]) -> dict[str, Any]:
    """Read one workbook; every failure becomes a problem, never an exception."""
    file_no, path = task
    info: dict[str, Any] = {"file": shown_name(path), "rows_read": 0}
    try:
        return _read_one_unsafe(file_no, path, info)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # the promise: one bad file never stops a batch (a Rust
        # panic in a library is a BaseException; only interrupts stop the batch)
        code = "FILE_TOO_LARGE" if isinstance(exc, MemoryError) else "FILE_UNREADABLE"
        detail = f"{type(exc).__name__}: {exc}"[:120]
        return {"info": info, "rows": [], "problems": [_file_problem(info["file"], code,
                                                                     detail)]}


def shown_name(path: str) -> str:
    """A file's path as the tables show it: a name that is not valid UTF-8 (a zip made on
    Windows, unpacked on Linux) gets replacement characters, so every output can write it.

    Examples
    --------
    >>> import os
    >>> shown_name(os.fsdecode(b"/r/B\\xe1o c\\xe1o.xlsx")), shown_name("/r/Báo cáo.xlsx")
    ('/r/B\\ufffdo c\\ufffdo.xlsx', '/r/Báo cáo.xlsx')
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # surrogate escapes stand for the undecodable bytes
        return os.fsencode(path).decode("utf-8", "replace")
    return path


def _read_one_unsafe(file_no: int, path: str, info: dict[str, Any]) -> dict[str, Any]:
    try:
        member = read_member(path)  # a form inside an archive: "forms.zip/xa.xlsx"
        # the real path, for opening
        book = open_workbook(path) if member is None else open_data(path, member)
    except OpenError as exc:
        return {"info": info, "rows": [], "problems": [_file_problem(info["file"], exc.code,
                                                                     exc.detail)]}
    path = info["file"]  # from here on, the name the tables show
    info["format"] = book.format
    found: list[tuple[str, Any, str | None]] = []  # (sheet, what it gave, legacy encoding)
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
            got = read_sheet(rows, name, book.formulas_without_value.get(name))
            if got is not None:
                stale = book.formulas_not_calculated.get(name)
                if stale:
                    got.problems.extend(_not_calculated(got.rows, stale))
                found.append((name, got, encoding))
    finally:
        book.close()
    if not found:
        code, detail = (failure.code, failure.detail) if failure else ("NO_TABLE", "")
        info["other_sheets"] = " | ".join(book.sheet_names)
        return {"info": info, "rows": [], "problems": [_file_problem(path, code, detail)]}
    # Visible sheets first: a hidden one is usually a stale copy.  Every visible form
    # is read (another period, another unit); a hidden one only when none is visible.
    visible = [item for item in found if item[0] not in book.hidden]
    skipped = [item[0] for item in found if visible and item[0] in book.hidden]
    results = [_assemble(file_no, path, dict(info), book.sheet_names, name, got)
               for name, got, _ in (visible or found)]
    result = results[0] if len(results) == 1 else _merge_sheets(results)
    for name in skipped:
        result["problems"].append(_file_problem(path, "SHEET_SKIPPED", name, name))
    encodings = sorted({code for _, _, encoding in found if encoding
                        for code in encoding.split(", ")})
    if encodings:
        legacy = _file_problem(path, "LEGACY_ENCODING", ", ".join(encodings))
        legacy["value"] = "text" if book.legacy_fonts is None else "font"  # what decided
        result["problems"].append(legacy)
    return result


def _merge_sheets(results: list[dict[str, Any]]) -> dict[str, Any]:
    """One file's result from several sheets' (each a form): rows and problems in order."""
    cols: dict[str, list[Any]] = {}
    problems: list[dict[str, Any]] = []
    total = 0
    filled = [r for r in results if r["rows"]]
    keys = set().union(*[set(r["rows"]["cols"]) | set(r["rows"]["const"]) for r in filled])
    for number, result in enumerate(results):
        for problem in result["problems"]:
            problem["rows"] = [total + i for i in problem.get("rows", [])]
            problems.append(problem)
        rows = result["rows"]
        if not rows:
            continue
        for key in keys:
            values = rows["cols"].get(key, [rows["const"].get(key)] * rows["n"])
            if key == "unit_key" and number:
                # Rules compare rows of one report (a file and unit): each sheet is one.
                values = [f"{number}:{value}" for value in values]
            cols.setdefault(key, [None] * total).extend(values)
        total += rows["n"]
    info = dict(results[0]["info"])
    info["sheet"] = " | ".join(r["info"]["sheet"] for r in results)
    info["other_sheets"] = " | ".join(
        n for n in results[0]["info"]["other_sheets"].split(" | ")
        if n and n not in info["sheet"].split(" | "))
    info["rows_read"] = total
    periods = {r["info"]["period"] for r in results}
    info["period"] = " | ".join(sorted(p for p in periods if p)) or None
    merged = {"n": total, "const": {}, "cols": cols} if total else {}
    return {"info": info, "rows": merged, "problems": problems}


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
    file_no: int, path: str, info: dict[str, Any], sheet_names: list[str], sheet: str, got: Any
) -> dict[str, Any]:
    header = got.header
    meta = parse_meta(got.meta)
    single = header.form == "single"
    records = got.rows
    # Columns, not one dict per row: values shared by the whole file are sent once
    # (``const``), which keeps what a worker pickles back small.
    const: dict[str, Any] = {
        "file_no": file_no, "source_file": path, "sheet": sheet, "period": meta["period"],
        "report_date": meta["report_date"], "date_cell": got.meta_cells.get("report_date"),
        "form": header.form,
    }
    cols: dict[str, list[Any]] = {col: [rec.get(col) for rec in records] for col in _ROW_COLUMNS}
    # Rows read by their label say how (provenance); a form with codes sends nothing.
    if records and "label_match" in records[0]:
        cols["label_match"] = [rec.get("label_match") for rec in records]
    else:
        const["label_match"] = None
    if single:
        const.update(unit_code=meta["unit_code"], unit_name=meta["unit_name"], unit_key="",
                     unit_cell=got.meta_cells.get("unit_code"))
        units = [meta["unit_code"]] * len(records)
    else:
        units = [rec.get("row_unit_code") for rec in records]
        cols["unit_code"] = units
        cols["unit_name"] = [rec.get("row_unit_name") for rec in records]
        cols["unit_key"] = [unit or f"?{rec['row']}" for unit, rec in zip(units, records,
                                                                          strict=True)]
        cols["unit_cell"] = [rec.get("unit_cell") for rec in records]
    every = list(range(len(records)))
    problems: list[dict[str, Any]] = []

    def add(code: str, cell: str | None, rows: list[int], **fields: Any) -> None:
        problems.append(
            {
                "file": path, "sheet": sheet, "cell": cell,
                "unit_code": meta["unit_code"] if single else None,
                "period": meta["period"], "indicator": None, "code": code, "rows": rows,
                **fields,
            }
        )

    if not records:
        add("NO_ROWS", None, [], detail=sheet)
    if single and meta["unit_code"] is None:
        add("MISSING_UNIT_CODE", got.meta_cells.get("unit_code"), every)
    if not single:
        missing_rows: dict[int, list[int]] = {}
        for i, rec in enumerate(records):
            if units[i] is None:
                missing_rows.setdefault(rec["row"], []).append(i)
        for rows in missing_rows.values():
            add("MISSING_UNIT_CODE", records[rows[0]].get("unit_cell"), rows)
    for code, key, value in meta["problems"]:
        add(code, got.meta_cells.get(key), every, value=value)
    for found in got.problems:
        i = found.pop("row_index", None)
        rows = [] if i is None else [i]
        rec = records[i] if i is not None else {}
        indicator = found.pop("indicator", None) or rec.get("indicator")
        problems.append(
            {
                "file": path, "sheet": sheet,
                "unit_code": units[i] if i is not None else meta["unit_code"],
                "period": meta["period"], "indicator": indicator, "rows": rows, **found,
            }
        )
    info.update(
        {
            "sheet": sheet,
            "other_sheets": " | ".join(n for n in sheet_names if n != sheet),
            "form": header.form,
            "unit_code": meta["unit_code"],
            "period": meta["period"],
            "report_date": meta["report_date"],
            "rows_read": len(records),
        }
    )
    block: dict[str, Any] = {"n": len(records), "const": const, "cols": cols} if records else {}
    return {"info": info, "rows": block, "problems": problems}


# -- many files ---------------------------------------------------------------


def _expand(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    skipped: list[tuple[str, str, str]] | None = None,
) -> list[str]:
    """Files to read: a file as given, a folder's spreadsheets recursively, in path order.

    An archive's forms are read as files ``archive.zip/member``.  What is not
    read (another kind of file, an unreadable folder, an archive member
    refused) is appended to ``skipped`` as ``(path, problem code, why)``.
    The same file given twice is read once.
    """
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    if skipped is None:
        skipped = []
    out: list[str] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found: list[tuple[tuple[str, ...], str]] = []
            root = str(path)
            # Paths as rglob spells them: "x.xlsx" under ".", "/x.xlsx" under "/".
            prefix = "" if root == "." else root if root.endswith(os.sep) else root + os.sep
            _walk(root, prefix, (), found, skipped)
            found.sort()  # by path components, as sorted Paths are
            out.extend(full for _, full in found)
        else:
            out.append(str(path))
    files: list[str] = []
    seen: set[str] = set()
    for name in out:
        # Strings, not a Path per file (thousands per round).
        key = os.path.normcase(os.path.abspath(name))  # noqa: PTH100
        if key in seen:
            continue
        seen.add(key)
        if name.lower().endswith(ARCHIVES) and Path(name).is_file():
            for member, code, why in list_archive(name, EXTENSIONS):
                if code is None:
                    files.append(member)
                else:
                    skipped.append((member, code, why))
        else:
            files.append(name)
    return files


def _walk(
    folder: str, prefix: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], str]],
    skipped: list[tuple[str, str, str]] | None = None,
) -> None:
    """Spreadsheets under ``folder``, as ``Path.rglob`` and ``Path.is_file`` would find them.

    ``os.scandir`` rather than ``rglob``: no Path object per file (thousands
    per round).  Like rglob, symbolic links to folders are not followed.
    Other files and unreadable folders go to ``skipped`` with the reason.
    """
    if skipped is None:
        skipped = []
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:  # an unreadable folder: named, never silently passed over
        skipped.append((folder, "FILE_SKIPPED", exc.strerror or type(exc).__name__))
        return
    fold = str.lower if os.name == "nt" else str  # how Paths compare on this system
    for entry in entries:
        name = entry.name
        try:
            is_dir = entry.is_dir() and not entry.is_symlink()
            if is_dir:
                child = prefix + name
                _walk(child, child + os.sep, (*parts, fold(name)), found, skipped)
                continue
            if name.startswith(_NOT_FORMS):
                continue
            dot = name.rfind(".")
            suffix = name[dot:] if 0 < dot < len(name) - 1 else ""  # as Path.suffix
            lower = suffix.lower()
            if (lower in EXTENSIONS or lower in ARCHIVES) and entry.is_file():
                # A folder's CSVs are often registries or lists: read those holding a form.
                if lower != ".csv" or _csv_holds_form(prefix + name):
                    found.append(((*parts, fold(name)), prefix + name))
                continue
            if lower in _SENT_INSTEAD:
                skipped.append((prefix + name, "FILE_SKIPPED", lower))
        except OSError as exc:
            skipped.append((prefix + name, "FILE_SKIPPED", exc.strerror or type(exc).__name__))


#: What a numerator heading holds, once folded and its spaces joined (see below): a
#: text without any of these has no such heading.
_NUMERATOR_WORDS = re.compile(r"tu\s+so|so\s+dat|numerator")


def _csv_holds_form(path: str) -> bool:
    """Whether a CSV's first 64 KB name the numerator and denominator columns of a form."""

    try:
        with open(path, "rb") as fh:  # noqa: PTH123 - a path string from scandir
            head = fh.read(65_536)
    except OSError:
        return True  # read it, and let the reader name what is wrong
    text = fold_marks(convert_rows([[decode_text(head)]])[0][0][0])
    if _NUMERATOR_WORDS.search(text) is None:  # most CSVs: no cell can be a heading
        return False
    # Header cells, not words inside other text ("NUMERATOR_GT_DENOMINATOR" in a list).
    # Folded once, then split (a registry is thousands of cells): as fold_text per cell.
    cells = {re.sub(r"\s*\(.*", "", " ".join(cell.split()).strip(" :*"))
             for cell in re.split(r'[,;\t\r\n"]', text)}
    return bool(cells & {"tu so", "so dat", "numerator"}) and bool(
        cells & {"mau so", "tong so", "denominator"})


#: Memory (address space, bytes) the workers together may grow by beyond what they
#: start with: each of ``n`` workers gets ``MEMORY_BUDGET / n`` (see README, Limits).
MEMORY_BUDGET = 4 * 2**30
#: The least share a worker gets: fewer workers rather than workers too small to
#: read a large form.
WORKER_MEMORY_MIN = 512 * 2**20


def _init_worker(parent: int, budget: int) -> None:
    # Collection is paused in the parent while it reads (see read_reports); a worker
    # collects as usual.  gc.freeze: the objects inherited from the parent are never
    # scanned by the collector (nor their pages copied on write).
    gc.enable()
    gc.freeze()
    die_with_parent(parent)
    cap_address_space(budget)
    silence_stderr()  # calamine's Rust panics print there; the problems name them


def _worker_plan(workers: int | None) -> tuple[int, int]:
    """(workers, each one's memory share): the batch's budget holds whatever ``workers`` is.

    >>> _worker_plan(2)[0], _worker_plan(64)[0] == MEMORY_BUDGET // WORKER_MEMORY_MIN
    (2, True)
    """
    count = workers or min(32, os.cpu_count() or 1)
    count = max(1, min(count, MEMORY_BUDGET // WORKER_MEMORY_MIN))
    return count, MEMORY_BUDGET // count


def _read_isolated(task: tuple[int, str], budget: int) -> dict[str, Any]:
    """Read one file in a child of its own, capped at ``budget``: after a worker died.

    A file that may have killed a worker is never read in this process: if it
    kills its own child too, it is named (too large, or unreadable) and the
    batch goes on.  Where there is no fork, it is read here as before.
    """
    path = task[1]
    try:
        got = read_capped(task, _read_one, budget)
    except MemoryError:
        code, detail = "FILE_TOO_LARGE", f"> {budget / 2**20:.0f} MB"
    except (TimeoutError, RuntimeError) as exc:
        code, detail = "FILE_UNREADABLE", str(exc)[:120]
    else:
        return _read_one(task) if got is None else got
    name = shown_name(path)
    info = {"file": name, "rows_read": 0}
    return {"info": info, "rows": [], "problems": [_file_problem(name, code, detail)]}


def _read_many(tasks: list[tuple[int, str]]) -> list[dict[str, Any]]:
    return [_read_one(task) for task in tasks]


def _guided_chunks(
    tasks: list[tuple[int, str]], size: int, workers: int
) -> list[list[tuple[int, str]]]:
    """Tasks in chunks of ``size``, smaller towards the end so the workers finish together.

    >>> [len(c) for c in _guided_chunks(list(range(40)), 8, 2)]
    [8, 8, 6, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1]
    """
    out = []
    start = 0
    while start < len(tasks):
        step = max(1, min(size, (len(tasks) - start) // (2 * workers)))
        out.append(tasks[start : start + step])
        start += step
    return out


def _progress_bar(total: int, lang: str = "vi") -> Any:
    """A progress bar on stderr: a widget in Jupyter when ipywidgets is there, else text.

    ``tqdm.auto`` warns ("IProgress not found") in a notebook without ipywidgets;
    the text bar works everywhere, so it is the fallback, without a warning.
    """
    in_notebook = "ipykernel" in sys.modules
    if in_notebook and importlib.util.find_spec("ipywidgets") is not None:
        from tqdm.notebook import tqdm as bar_class
    else:
        from tqdm import tqdm as bar_class
    return bar_class(total=total, unit=word("bar_unit", lang), file=sys.stderr, leave=False,
                     desc=word("bar_reading", lang))


def _run(
    paths: list[str], workers: int | None, progress: bool | Callable[[int, int], None] | None,
    parts: _RawParts | None = None, bar: Any = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[dict[str, Any]]:
    """Read ``paths``, in worker processes when there are many.

    ``meanwhile`` is called once, while the workers read (before reading when
    there are none); if it raises, the reading stops and the error is raised.
    """
    tasks = list(enumerate(paths))
    show = sys.stderr.isatty() if progress is None else progress is True
    callback = progress if callable(progress) else None
    own_bar = bar is None and show
    if own_bar:
        bar = _progress_bar(len(tasks))
    results: list[dict[str, Any]] = []
    try:
        if len(tasks) > PARALLEL_THRESHOLD and workers != 1:
            _pooled(tasks, workers, bar, callback, results, parts, meanwhile)
        else:
            if meanwhile is not None:
                meanwhile()
            _collect(map(_read_one, tasks), len(tasks), bar, callback, results)
    finally:
        if own_bar and bar is not None:
            bar.close()
    return results


def _pooled(
    tasks: list[tuple[int, str]], workers: int | None, bar: Any, callback: Callable | None,
    results: list[dict[str, Any]], parts: _RawParts | None,
    meanwhile: Callable[[], None] | None = None,
) -> None:
    """Read ``tasks`` in worker processes, appending to ``results`` in order.

    ``meanwhile`` runs in this process once the workers have their files.

    When a worker dies (a file made calamine abort, or the worker reached its
    memory share), the files it may have been reading (those the pool had
    handed out and not returned) are each read in a child of their own
    (:func:`_read_isolated`), and a new pool reads the rest.
    """
    count, budget = _worker_plan(workers)
    warmed = False
    failed: BaseException | None = None
    while len(results) < len(tasks) and failed is None:
        rest = tasks[len(results):]
        chunks = _guided_chunks(rest, max(1, min(64, len(rest) // (count * 4))), count)
        try:
            with ProcessPoolExecutor(max_workers=count, initializer=_init_worker,
                                     initargs=(os.getpid(), budget)) as pool:
                iterator: Iterable[dict[str, Any]] = itertools.chain.from_iterable(
                    pool.map(_read_many, chunks))
                if parts is not None:
                    iterator = _converting(iterator, results, parts)
                if not warmed:
                    warmed = True
                    failed = _meanwhile(meanwhile, pool)
                    # While the workers read: one-off set-up the rules need later (a
                    # failure here would show again, where it matters, in the rules).
                    with contextlib.suppress(Exception):
                        _rules.warm_up()
                if failed is None:
                    _collect(iterator, len(tasks), bar, callback, results)
        except (BrokenProcessPool, OSError, PicklingError):
            # Chunks are handed out in order; at most one running and one queued per
            # worker, and one more, were out: the culprit is among them.
            done = len(results) - (len(tasks) - len(rest))  # of ``rest``, returned
            suspects: list[tuple[int, str]] = []
            out, at = 2 * count + 1, 0
            for chunk in chunks:
                if at + len(chunk) > done:
                    suspects.extend(chunk[max(0, done - at):])
                    out -= 1
                    if not out:
                        break
                at += len(chunk)
            isolated = (_read_isolated(task, budget) for task in suspects)
            _collect(isolated, len(tasks), bar, callback, results)
    if failed is not None:
        raise failed


def _meanwhile(call: Callable[[], None] | None, pool: ProcessPoolExecutor) -> BaseException | None:
    """Run ``call`` while ``pool`` reads; what it raised, with the pool's work cancelled.

    Returned, not raised, so that the pool's own failures (an ``OSError`` among
    them) are never confused with it; the files not yet started are not read.
    """
    if call is None:
        return None
    try:
        call()
    except BaseException as exc:  # re-raised by the caller once the pool is down
        pool.shutdown(wait=False, cancel_futures=True)
        return exc
    return None


#: Results converted to columns at a time while the workers read.
_PART_SIZE = 512


def _converting(
    iterator: Iterable[dict[str, Any]], results: list[dict[str, Any]], parts: _RawParts
) -> Iterable[dict[str, Any]]:
    """``iterator``, converting ``results`` (as collected) to columns a part at a time."""
    for result in iterator:
        yield result
        if len(results) - parts.done >= _PART_SIZE:
            parts.convert(results, len(results))


def _collect(
    iterator: Iterable[dict[str, Any]],
    total: int,
    bar: Any,
    callback: Callable | None,
    results: list[dict[str, Any]],
) -> None:
    """Append each file's result to ``results`` as it arrives (kept if a worker dies)."""
    for result in iterator:
        results.append(result)
        if bar is not None:
            bar.update(1)
        if callback is not None:
            callback(len(results), total)


_RAW_COLUMNS = [
    "file_no", "source_file", "sheet", "unit_code", "unit_name", "unit_key", "unit_cell",
    "period", "report_date", "date_cell", "form", "row", "indicator_raw", "indicator",
    "code_cell", "numerator", "denominator", "numerator_cell", "denominator_cell",
    "label_match",
]
#: Raw columns that vary from row to row within a file (the rest may be per file).
_ROW_COLUMNS = [
    "row", "indicator_raw", "indicator", "code_cell", "numerator", "denominator",
    "numerator_cell", "denominator_cell",
]
_COUNT_COLUMNS = frozenset({"numerator", "denominator", "row", "file_no"})
_BAD_CELL_CODES = frozenset({"NOT_A_NUMBER", "FRACTIONAL_COUNT", "FORMULA_NO_VALUE",
                             "NUMBER_TOO_LARGE", "FORMULA_NOT_CALCULATED", "CELL_ERROR"})


class _RawParts:
    """The raw rows' columns, converted a part (some hundreds of files) at a time.

    Parts are converted while the workers still read (see :func:`_run`), so
    less of it is left for after the last file.
    """

    def __init__(self) -> None:
        self.done = 0  # results converted so far
        self.parts: list[dict[str, Any]] = []
        self.numerator_cells: list[Any] = []

    def convert(self, results: list[dict[str, Any]], upto: int) -> None:
        """Convert ``results[self.done:upto]`` (results already converted are kept)."""
        if upto <= self.done:
            return
        chunk = results[self.done : upto]
        filled = [result["rows"] for result in chunk if result["rows"]]
        self.done = upto
        if not filled:
            return
        arrays, numerator_cells = _column_arrays(filled)
        self.parts.append(arrays)
        self.numerator_cells.extend(numerator_cells)
        # Converted rows are not kept twice: as Python lists of objects, a decade's
        # rows were most of the reading process's peak memory.  Their count stays.
        for result in chunk:
            if result["rows"]:
                result["rows"] = {"n": result["rows"]["n"]}

    def columns(self) -> dict[str, list[Any]]:
        if not self.parts:
            self.parts.append(_column_arrays([])[0])
        return {col: [part[col] for part in self.parts] for col in _RAW_COLUMNS}


def _column_arrays(filled: list[dict[str, Any]]) -> tuple[dict[str, Any], list[Any]]:
    """Typed arrays of the raw columns of some files' rows, and their numerator cells."""
    # Column by column (not file by file): a column no file sends row by row is
    # converted once per file and repeated; the others are chained in C.
    varying: set[str] = set().union(*[rows["cols"] for rows in filled])
    varying.update(_ROW_COLUMNS)  # always sent row by row (numerator_cell is used below)
    file_of_row = np.repeat(np.arange(len(filled)), [rows["n"] for rows in filled])
    nat = np.datetime64("NaT", "ns").view("int64")
    data: dict[str, list[Any]] = {}
    arrays: dict[str, Any] = {}
    for col in _RAW_COLUMNS:
        if col in varying:
            data[col] = values = list(itertools.chain.from_iterable(
                [rows["cols"][col] if col in rows["cols"] else [rows["const"][col]] * rows["n"]
                 for rows in filled]
            ))
        else:
            values = [rows["const"][col] for rows in filled]
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


def _raw_frame(
    results: list[dict[str, Any]], parts: _RawParts | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """All rows as one frame (global index) and the files' problems with global row
    indices (:func:`~childlabour_metrics.io._rules.found_problems`).

    ``parts``: the columns of the first results, already converted.
    """
    problems: list[dict[str, Any]] = []
    offset = 0
    for result in results:
        rows = result["rows"]
        for problem in result["problems"]:
            problem["rows"] = [offset + i for i in problem.get("rows", [])]
            problems.append(problem)
        if rows:
            offset += rows["n"]
    if parts is None:
        parts = _RawParts()
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


def read_reports(
    paths: str | os.PathLike | Sequence[str | os.PathLike],
    units: pd.DataFrame | str | Path | None = None,
    plan: Any = None,
    *,
    lang: str = "vi",
    workers: int | None = None,
    progress: bool | Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
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
    # The batch builds many long-lived containers (a result per file) and no cycles worth
    # collecting before it returns: the collector would rescan them again and again
    # (~3 % of a national round).  Paused for the call, restored however it ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_reports(paths, units, plan, lang, workers, progress, today)
    finally:
        if collecting:
            gc.enable()


def _read_reports(
    paths: Any, units: Any, plan: Any, lang: str, workers: int | None, progress: Any,
    today: dt.date | None,
) -> ReadResult:
    skipped: list[tuple[str, str, str]] = []
    files = _expand(paths, skipped)
    show = sys.stderr.isatty() if progress is None else progress is True
    bar = _progress_bar(len(files), lang) if show else None
    try:
        return _read_and_check(files, skipped, units, plan, lang, workers, progress, today,
                               bar)
    finally:
        if bar is not None:
            bar.close()


class _Checks:
    """The registry and the plan a read is checked against, loaded once when asked.

    Loaded while the workers read (see :func:`_run`): a national registry
    takes a tenth of a second to check, time the reading process has spare.
    """

    def __init__(self, units: Any, plan: Any) -> None:
        self.units, self.plan = units, plan
        self._loaded = False

    def load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        if self.units is not None:
            self.units = load_units(self.units)
        if isinstance(self.plan, str):
            self.plan = load_plan(self.plan)


def _read_and_check(
    files: list[str], skipped: list[tuple[str, str, str]], units: Any, plan: Any, lang: str,
    workers: int | None, progress: Any, today: dt.date | None, bar: Any,
) -> ReadResult:
    parts = _RawParts()
    checks = _Checks(units, plan)
    results = _run(files, workers, progress, parts, bar=bar, meanwhile=checks.load)
    checks.load()
    units, plan = checks.units, checks.plan
    # What was not read is a file row too (after those read: numbering unchanged).
    results += [{"info": {"file": shown_name(path), "rows_read": 0}, "rows": [],
                 "problems": [_file_problem(shown_name(path), code, why)]}
                for path, code, why in skipped]
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
    jumps = _rules.jump_rules(raw, status.isin(["ok", "warning"]))
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
    results: list[dict[str, Any]], raw: pd.DataFrame, status: pd.Series, problems: pd.DataFrame
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
    infos = [result["info"] for result in results]
    columns = {c: [info.get(c) for info in infos] for c in FILE_COLUMNS if c != "status"}
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


# -- the result -----------------------------------------------------------------


_UNSAFE_NAME = re.compile(r"[^\w.-]+")


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
