"""Workbooks sent back to clerks: one per unit, listing its problems and what to do.

Each opens with a title, the unit, the period and what to do, then the table;
messages wrap and their rows are as tall as the text, so that nothing is cut
when printed (A4 landscape, one page wide, the header on every page).

Each workbook's name is unique and bounded whatever the unit code holds: two
codes that clean to the same name (``01/2`` and ``01:2``) never overwrite each
other, and a very long code never exceeds the file system's name limit.  A
run leaves only its own workbooks of the folder's earlier ones (a manifest
lists what it wrote) and holds the folder's lock while it writes.  Text
is cleaned for the workbook (control characters, undecodable file names) and
always written as text, never as a formula; each file is written atomically.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd

from ..analysis.report_data import relative_files
from ..language.problems import PROBLEM_COLUMNS, SEVERITIES, label, render
from ..language.words import check_lang, word
from ._lock import folder_lock
from ._safe import atomic_write, xml_text
from ._sendback_quality import not_asked_twice, quality_rows, write_quality_sheet
from ._sendback_sheet import write_head, write_table
from ._sheet import first_sheet

__all__ = ["unit_file_name", "write_problem_workbooks", "write_problems"]

_UNSAFE_NAME = re.compile(r"[^\w.-]+")
#: Characters of the cleaned unit code kept in a file name (the rest is hashed).
NAME_CHARS = 60
_WIDTHS = (30, 14, 8, 12, 9, 10, 26, 10, 60, 45)


def unit_file_name(unit: str, prefix: str, taken: set[str]) -> str:
    """A file name for ``unit``: readable, at most ~90 characters, unique in ``taken``.

    The cleaned code is kept when it is the code itself; otherwise (cleaned,
    cut, or clashing with a name already taken, letter case ignored) a short
    hash of the original code makes it unique.

    Examples
    --------
    >>> taken = set()
    >>> unit_file_name("10507", "loi", taken)
    'loi_10507.xlsx'
    >>> a, b = unit_file_name("01/2", "loi", taken), unit_file_name("01:2", "loi", taken)
    >>> a != b, a.startswith("loi_01_2-")
    (True, True)
    >>> len(unit_file_name("9" * 5000, "loi", taken)) < 100
    True
    """
    clean = _UNSAFE_NAME.sub("_", xml_text(str(unit))).strip("_.") or "unknown"
    name = clean[:NAME_CHARS]
    if name != str(unit) or name.lower() in taken:
        digest = hashlib.sha1(str(unit).encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = f"{name}-{digest}"
    n = 2
    base = name
    while name.lower() in taken:  # a clash of hashes: vanishingly rare, still handled
        name, n = f"{base}-{n}", n + 1
    taken.add(name.lower())
    return f"{prefix}_{name}.xlsx"


def write_problem_workbooks(problems: pd.DataFrame, out_dir: str | Path,
                            lang: str = "vi", names: dict[str, str] | None = None,
                            quality: Any = None) -> list[Path]:
    """Write the problems to one Excel workbook per unit, to send back.

    Problems without a unit (a file that could not be read) go to a workbook
    named after the file.  Given the data-quality review, each figure it flags
    for a unit goes into that unit's workbook too, on a sheet of its own, with
    why and what the unit is asked to check or explain
    (:mod:`~childlabour_metrics.output._sendback_quality`).

    Parameters
    ----------
    problems : DataFrame
        The reader's problems table.
    out_dir : str or Path
        Folder to write into (created if needed).
    lang : {"vi", "en"}
        Language of the headings, severities and actions.
    names : dict, optional
        Unit names by code, for the head of each workbook.
    quality : DataQuality or DataFrame, optional
        The data-quality review of the same reports (:func:`~childlabour_metrics.data_quality`),
        or its ``follow_up`` table.

    Returns
    -------
    list of Path
        The workbooks written, one per unit.  Those an earlier call wrote into
        the folder and this one did not (a unit that fixed its form) are
        removed, by the folder's manifest ``.send-back.txt``; other files stay.

    Raises
    ------
    FileExistsError
        When a report, an export or another run is writing into the folder.

    Examples
    --------
    >>> import tempfile
    >>> frame = pd.DataFrame({"file": ["a.xlsx"], "sheet": ["S"], "cell": ["E1"],
    ...     "unit_code": ["=1+1"], "period": ["2024"], "indicator": ["CL01"],
    ...     "code": ["MISSING_VALUE"], "severity": ["warning"], "message": ["x\\x07"]})
    >>> [p.name[:8] for p in write_problem_workbooks(frame, tempfile.mkdtemp(), "en")]
    ['problems']
    """
    out = Path(out_dir)
    with folder_lock(out, lang):  # one writer a folder, as a report
        written = _write_workbooks(problems, out, lang, names or {}, quality)
        _tidy(out, written)
    return written


#: The send-back workbooks the last run wrote into a folder, one name a line.
MANIFEST = ".send-back.txt"


def _tidy(out: Path, written: list[Path]) -> None:
    """Remove the workbooks an earlier run wrote into ``out`` and this one did not.

    Only names the folder's manifest lists (written by this function) are
    ever removed: a commune that fixed its form gets no stale workbook, and
    the user's own files stay.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> for name in ("loi_1.xlsx", "loi_2.xlsx", "mine.xlsx"):
    ...     _ = (out / name).write_bytes(b"x")
    >>> _tidy(out, [out / "loi_1.xlsx", out / "loi_2.xlsx"])
    >>> _tidy(out, [out / "loi_1.xlsx"])  # unit 2 fixed its form
    >>> sorted(p.name for p in out.iterdir())
    ['.send-back.txt', 'loi_1.xlsx', 'mine.xlsx']
    """
    manifest = out / MANIFEST
    try:
        before = set(manifest.read_text(encoding="utf-8").split("\n"))
    except (OSError, UnicodeDecodeError):
        before = set()
    now = {path.name for path in written}
    for name in sorted(before - now - {""}):
        # A workbook's name in this folder, nothing else (a manifest edited by hand).
        if "/" not in name and "\\" not in name and name.endswith(".xlsx"):
            (out / name).unlink(missing_ok=True)
    with atomic_write(manifest) as tmp:
        tmp.write_text("\n".join(sorted(now)), encoding="utf-8")


def _write_workbooks(problems: pd.DataFrame, out: Path, lang: str,
                     names: dict[str, str], quality: Any) -> list[Path]:
    """One workbook per unit (or unread file) in ``out``; the paths written."""
    flags = quality_rows(quality, lang) if quality is not None else None
    # Files named from the folder read: the officer's own paths stay on the machine.
    if flags is None:
        (problems,) = relative_files(problems)
    else:
        problems, flags = relative_files(problems, flags)
        flags = not_asked_twice(flags, problems)
    by_unit = ({str(u): rows for u, rows in flags.groupby("unit_code", sort=True)}
               if flags is not None else {})
    # Messages rendered here, in the workbook's language, whatever the read's.
    frame = render(problems, lang, action=True)
    key = frame["unit_code"].fillna(frame["file"].map(lambda f: Path(str(f)).stem))
    frame["severity"] = frame["severity"].map(
        {s: word(f"severity_{s}", lang) for s in SEVERITIES})
    # The clerk's columns: the fields (value, detail) are in the message already.
    columns = [c for c in PROBLEM_COLUMNS if c not in {"value", "detail"}] + ["action"]
    headers = [label(c, lang) for c in columns]
    prefix = label("file_prefix", lang)
    taken: set[str] = set()
    written = []
    for unit, group in frame.groupby(key, sort=True):
        book = openpyxl.Workbook()
        sheet = first_sheet(book)
        sheet.title = label("sheet_title", lang)[:31]
        write_head(sheet, str(unit), names.get(str(unit)), group["period"], lang,
                   title="sendback_title", todo="sendback_todo")
        write_table(sheet, headers, group[columns], _WIDTHS)
        flagged = by_unit.pop(str(unit), None)
        if flagged is not None:  # the review's warnings, on a sheet of their own
            write_quality_sheet(book.create_sheet(), str(unit), names.get(str(unit)), flagged,
                                lang)
        path = out / unit_file_name(str(unit), prefix, taken)
        with atomic_write(path) as tmp:
            book.save(tmp)
        written.append(path)
    for unit, flagged in by_unit.items():  # flagged, with no problem to fix
        book = openpyxl.Workbook()
        write_quality_sheet(first_sheet(book), unit, names.get(unit), flagged, lang)
        path = out / unit_file_name(unit, prefix, taken)
        with atomic_write(path) as tmp:
            book.save(tmp)
        written.append(path)
    return written


def write_problems(result: Any, out_dir: str | Path, lang: str | None = None,
                   quality: Any = None) -> list[Path]:
    """Write a read's problems to one Excel workbook per unit, to send back.

    Problems without a unit (a file that could not be read) go to a
    workbook named after the file.  Text is always written as text: a value
    beginning with ``=`` never becomes a formula.  Given the data-quality
    review of the same read, each figure it flags goes into its unit's
    workbook as a warning the unit can answer (a sheet "Cần giải trình":
    the file and cells, why, what the unit is asked, a column for its answer).

    Parameters
    ----------
    result : ReadResult
        What :func:`~childlabour_metrics.read_reports` returned.
    out_dir : str or Path
        Folder to write into (created if needed).
    lang : {"vi", "en"}, optional
        Language of the workbooks: headings, messages, actions and words
        (severities).  Default: the language of the read.
    quality : DataQuality, optional
        ``clm.data_quality(result, ...)``: its flags (but the survey check, an
        area's question, not a unit's) go to the units' workbooks; a flag on a
        cell the problems already ask the unit to fix is not sent twice.

    Returns
    -------
    list of Path
        The workbooks written, one per unit.

    Examples
    --------
    >>> import tempfile
    >>> import childlabour_metrics as clm
    >>> result = clm.read_reports("data/sample", units=clm.sample_units(), progress=False)
    >>> written = write_problems(result, tempfile.mkdtemp())
    >>> len(written) > 0, written[0].suffix
    (True, '.xlsx')
    """
    names: dict[str, str] = {}
    obs = getattr(result, "observations", None)
    if obs is not None and {"unit_code", "unit_name"} <= set(obs.columns):
        named = obs[["unit_code", "unit_name"]].dropna().drop_duplicates("unit_code")
        names = dict(zip(named["unit_code"].astype("str"), named["unit_name"].astype("str"),
                         strict=True))
    return write_problem_workbooks(result.problems, Path(out_dir),
                                   check_lang(lang or result.lang), names, quality=quality)
