"""Opening workbooks safely with python-calamine.

Workbooks arrive from 200 communes by e-mail; some are corrupt, encrypted,
not spreadsheets at all, or hostile (zip bombs, entity-expansion XML, a
sheet claiming a million rows).  This module identifies the format from the
file's bytes, refuses absurd sizes *before* anything is decompressed into
memory, and hands back sheets as lists of rows (0-based sheet coordinates).
It never runs macros (calamine cannot) and never expands XML entities: XML
parts are checked for a DTD, and the only XML parsed here goes through
defusedxml or expat without one.  Every refusal is an :class:`OpenError`
carrying a problem code.

calamine builds each sheet as a dense grid from its cells' positions, and a
grid too large to allocate aborts the process (no exception to catch).  So
calamine is never given the file as it came: it gets a new archive holding
only the parts it reads (:data:`_XLSX_PARTS`, :data:`_ODS_PARTS`), each one
inflated and sized first (:mod:`._grid`), stored uncompressed
(:func:`._zip.stored_zip`).  Whatever calamine reads as a sheet has been
checked, however the workbook names it, and calamine does not inflate the
parts a second time.  ``.xlsb``, whose binary sheets cannot be sized so, is
refused.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import python_calamine as pc
from defusedxml import ElementTree as SafeET

from ..language.problems import OpenError
from ._capped import quiet_stderr, read_capped
from ._csv import read_csv
from ._fonts import SheetFonts, legacy_cells, ods_legacy_cells
from ._grid import GridError, ods_size, sheet_grid_size
from ._limits import LIMITS, check_dimension
from ._text import col_index
from ._web import read_web
from ._zip import (
    ZIP_MAGIC,
    Archive,
    check_directory,
    deflated_bytes,
    inflate,
    part_key,
    plain_members,
    read_member,
    replaced,
    stored_zip,
)

__all__ = ["LIMITS", "OpenError", "Workbook", "calamine_errors", "open_workbook"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
#: The parts calamine reads from an .xlsx, as :func:`._zip.part_key` spells them; the
#: archive it gets holds these and nothing else (without "_rels/.rels" and
#: "[Content_Types].xml" it does not recognise the file: found by trying).
_XLSX_PARTS = frozenset({
    "[content_types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
    "xl/styles.xml", "xl/sharedstrings.xml",
})
_WORKSHEETS = "xl/worksheets/"
#: Chart sheets are sheets to calamine too (it reads them as empty).
_SHEET_FOLDERS = (_WORKSHEETS, "xl/chartsheets/")
#: The same for an .ods (the manifest is needed to recognise it).
_ODS_PARTS = ("mimetype", "meta-inf/manifest.xml", "content.xml")
# A cell with content (not self-closing) and its reference.
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>')
_FORMULA_WITH_VALUE = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f[^>]*/>)\s*<(?:\w+:)?v>[^<]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Any ":f" (as ``b":f" in data``; the regex engine's literal scan is faster here).
_COLON_F = re.compile(rb":f")
# An unprefixed formula start not followed, through its text or its self-closing
# tag, by a value ("<" cannot occur inside text or attribute values).
_FORMULA_MAYBE_NO_VALUE = re.compile(rb"<f[\s>/](?![^<]*</f><v>[^<]|[^<>]*/><v>[^<])")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
# A workbook that asks to be recalculated on opening: its cached values may be
# placeholders (xlsxwriter writes 0 for every formula).
_CALC_ON_LOAD = re.compile(rb"""<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad\s*=\s*["'](?:1|true)["']""")
# The start of a shared string, and a cell referring to one.
_STRING_START = re.compile(rb"<(?:[\w.-]+:)?si[\s>/]")
_SHARED_CELL = re.compile(rb"""\bt\s*=\s*["']s["']""")
# The shared-strings table's start tag, and the sizes it declares: calamine reserves
# memory for the declared count before reading a string (4 billion: ~100 GB, abort).
_SST_START = re.compile(rb"<(?:[\w.-]+:)?sst\b[^>]*>")
_DECLARED_COUNT = re.compile(rb"""[\w.:-]*(?:count|uniquecount)\s*=\s*(?:"[^"]*"|'[^']*')""",
                             re.IGNORECASE)
_ERROR_CELL = b' t="e"'
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class Workbook:
    """An opened workbook: its format, sheet names and a way to read each sheet."""

    path: str
    format: str
    sheet_names: list[str]
    book: Any = field(repr=False)
    #: Cells (0-based row, col) holding a formula without a cached value, per sheet.
    formulas_without_value: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    #: Cells holding a formula whose cached value was never calculated, per sheet: the
    #: workbook asks to be recalculated on opening (``fullCalcOnLoad``), as generators
    #: such as xlsxwriter write it, with a placeholder 0 for each formula.
    formulas_not_calculated: dict[str, set[tuple[int, int]]] = field(default_factory=dict)

    #: Sheets already read (rows, or the problem code and detail), for an .xls read in
    #: a capped child (see :mod:`._capped`).
    read_sheets: list[Any] | None = field(default=None, repr=False)
    #: Names of the hidden sheets (a stale copy is often hidden before the report).
    hidden: frozenset[str] = frozenset()
    #: Per sheet, the cells typed in a legacy font (.xlsx whose styles name one; see
    #: :mod:`._fonts`); None when the format or the styles say nothing of fonts.
    legacy_fonts: dict[str, SheetFonts] | None = None

    def rows(self, index: int) -> list[list[Any]]:
        """A sheet's cells as rows from A1, refusing an absurd sheet before materialising it."""
        if self.read_sheets is not None:
            got = self.read_sheets[index]
            if isinstance(got, tuple):
                raise OpenError(*got)
            return got
        return _sheet_rows(self.book, index, self.sheet_names[index])

    def close(self) -> None:
        """Release the file."""
        # Closing twice or a half-opened book is harmless.
        with contextlib.suppress(Exception):
            self.book.close()


#: Exceptions that are not a file's fault: they stop the batch, as the user asked.
_INTERRUPTS = (KeyboardInterrupt, SystemExit, GeneratorExit)


@contextlib.contextmanager
def calamine_errors() -> Iterator[None]:
    """Turn whatever a calamine call raises into an :class:`OpenError`.

    calamine raises several unrelated types, and a panic in its Rust code
    arrives as ``pyo3_runtime.PanicException``, a :class:`BaseException` that
    ``except Exception`` lets through (a date-formatted cell holding -1e12 is
    one).  Only interrupts pass.  What Rust prints on stderr meanwhile (the
    panic's message) is silenced: the problem names it.

    Examples
    --------
    >>> class PanicException(BaseException): ...
    >>> try:
    ...     with calamine_errors():
    ...         raise PanicException("TimeDelta::milliseconds out of bounds")
    ... except OpenError as exc:
    ...     exc.code, exc.detail
    ('FILE_UNREADABLE', 'TimeDelta::milliseconds out of bounds')
    """
    try:
        with quiet_stderr():
            yield
    except (OpenError, *_INTERRUPTS):
        raise
    except pc.PasswordError as exc:
        raise OpenError("FILE_ENCRYPTED") from exc
    except MemoryError as exc:
        raise OpenError("FILE_TOO_LARGE", _short(exc)) from exc
    except BaseException as exc:
        raise OpenError("FILE_UNREADABLE", _short(exc)) from exc


def _sheet_rows(book: Any, index: int, name: str) -> list[list[Any]]:
    with calamine_errors():
        sheet = book.get_sheet_by_index(index)
        height, width = sheet.total_height, sheet.total_width
    check_dimension(height, width, name)
    with calamine_errors():
        return sheet.to_python(skip_empty_area=False)


def _read_all_sheets(
    data: bytes,
) -> tuple[str, str] | tuple[list[str], list[Any], frozenset[str]]:
    """Every sheet's rows and the hidden sheets' names, or the problem (code, detail):
    what a capped child sends back."""
    try:
        with calamine_errors():
            book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
            sheets_metadata = book.sheets_metadata  # built anew on each access: once
            names = [meta.name for meta in sheets_metadata]
            # calamine reads an .xls sheet's visibility too (its BOUNDSHEET record).
            hidden = _hidden(sheets_metadata)
    except OpenError as exc:  # corrupt parts surface as Xls/Cfb/Calamine errors
        return exc.code, exc.detail
    sheets: list[Any] = []
    for index, name in enumerate(names):
        try:
            sheets.append(_sheet_rows(book, index, name))
        except OpenError as exc:
            sheets.append((exc.code, exc.detail))
    return names, sheets, hidden


def _hidden(sheets: Any) -> frozenset[str]:
    """Names of the sheets (a book's ``sheets_metadata``) that are not visible."""
    return frozenset(meta.name for meta in sheets
                     if meta.visible != pc.SheetVisibleEnum.Visible)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _read_file(path: str) -> bytes:
    """The file's bytes, refusing an empty or oversized file before reading it."""
    # One open, fstat and read (no Path objects): a sixteenth of reading a report.
    try:
        # Non-blocking: opening a named pipe must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as exc:
        raise OpenError("FILE_NOT_FOUND", path) from exc
    except OSError as exc:
        raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OpenError("FILE_UNREADABLE", "not a regular file")
        size = status.st_size
        if size == 0:
            raise OpenError("FILE_EMPTY")
        if size > LIMITS["file_bytes"]:
            raise OpenError("FILE_TOO_LARGE", f"{size / 1e6:.0f} MB")
        # Read once: the checks and calamine share these bytes rather than opening
        # and seeking the file again.  Read to the end (a file may still be growing),
        # but never past file_bytes.
        chunks = []
        total = 0
        want = size + 1  # usually all of it in one read, short of the extra byte
        while total <= LIMITS["file_bytes"]:
            chunk = os.read(fd, min(want, LIMITS["file_bytes"] + 1 - total))
            chunks.append(chunk)
            total += len(chunk)
            if len(chunk) < want:  # a short read of a regular file: its end
                break
            want = 1 << 20
    except OSError as exc:
        raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
    finally:
        os.close(fd)
    if total > LIMITS["file_bytes"]:
        raise OpenError("FILE_TOO_LARGE", f"{total / 1e6:.0f} MB")
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if not data:
        raise OpenError("FILE_EMPTY")
    return data


def sniff_format(head: bytes) -> str:
    """The format from the file's first bytes: xlsx, ods, xls, cfb-encrypted or unknown."""
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table")):
        return "html/xml"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head[:3] == b"\xff\xd8\xff":
        return "jpeg"
    return "unknown"


def open_workbook(path: str | Path) -> Workbook:
    """Open a workbook after checking its bytes; raise :class:`OpenError` when refused.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> empty = pathlib.Path(tempfile.mkdtemp()) / "empty.xlsx"
    >>> _ = empty.write_bytes(b"")
    >>> try:
    ...     open_workbook(empty)
    ... except OpenError as exc:
    ...     exc.code
    'FILE_EMPTY'
    """
    path = os.fspath(path)
    return open_data(path, _read_file(path))


def open_data(path: str, data: bytes) -> Workbook:
    """Open a workbook from its bytes (a file's, or an archive member's), as :func:`open_workbook`.

    ``path`` names it in problems and decides nothing but the ``.csv`` and
    ``.xlsm`` formats.
    """
    kind = sniff_format(data[:2048])
    if kind == "unknown" and data.startswith(b"\xef\xbb\xbf"):  # a web export's BOM
        kind = sniff_format(data[3:2051])
    if kind == "unknown" and path.lower().endswith(".csv"):
        # text, not a workbook: none of the checks below apply

        names, sheets = read_csv(data, path)
        return Workbook(path, "csv", names, None, {}, read_sheets=sheets)
    if kind == "html/xml":  # a web system's "Excel" export: HTML or Excel 2003 XML

        fmt, names, sheets = read_web(data, Path(path).stem)
        return Workbook(path, fmt, names, None, {}, read_sheets=sheets)
    formulas: dict[str, set[tuple[int, int]]] = {}
    uncalculated: dict[str, set[tuple[int, int]]] = {}
    fonts: dict[str, SheetFonts] | None = None
    if kind == "zip":
        fmt, formulas, data, uncalculated, fonts = _check_zip(path, data)
    elif kind == "ole":
        fmt = _check_ole(data)
        try:
            got = read_capped(data, _read_all_sheets)
        except MemoryError as exc:
            raise OpenError("FILE_TOO_LARGE", str(exc)) from exc
        except (TimeoutError, RuntimeError) as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        if got is not None:
            if len(got) == 2:  # the problem with the whole workbook: (code, detail)
                raise OpenError(*got)
            names, sheets, hidden = got
            return Workbook(path, fmt, names, None, formulas, read_sheets=sheets,
                            hidden=hidden)
    else:
        raise OpenError("NOT_A_SPREADSHEET", kind)
    with calamine_errors():  # corrupt parts surface as Zip/Xml/Calamine errors, or panics
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = book.sheets_metadata  # built anew on each access: once
        names = [meta.name for meta in sheets]
        hidden = _hidden(sheets)
    return Workbook(path, fmt, names, book, formulas, formulas_not_calculated=uncalculated,
                    hidden=hidden, legacy_fonts=fonts)


def _check_ole(data: bytes) -> str:
    # An OOXML file with an opening password is an OLE compound file holding
    # an "EncryptionInfo" stream; a real .xls holds a "Workbook"/"Book" stream.
    if _ENCRYPTION_INFO in data:
        raise OpenError("FILE_ENCRYPTED")
    return "xls"


def _check_zip(
    path: str, data: bytes
) -> tuple[str, dict[str, set[tuple[int, int]]], bytes, dict[str, set[tuple[int, int]]],
           dict[str, SheetFonts] | None]:
    """Check an xlsx or ods archive: format, formulas without values, bytes for calamine,
    formulas not calculated, cells in a legacy font."""
    infos: list[Any] | None = plain_members(data)
    if infos is None:
        # Sized first: zipfile makes an object of every entry before they can be counted.
        check_directory(lambda at, length: data[at : at + length], len(data))
        try:
            opened = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        infos = opened.infolist()
        archive = Archive(data, opened)
    else:
        archive = Archive(data)
    with contextlib.closing(archive):
        if len(infos) > LIMITS["zip_members"]:
            raise OpenError("FILE_TOO_LARGE", f"{len(infos)} zip members")
        total = sum(info.file_size for info in infos)
        if total > LIMITS["zip_total"]:
            raise OpenError("FILE_TOO_LARGE", f"{total / 1e6:.0f} MB uncompressed")
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > LIMITS["zip_ratio_min"] and ratio > LIMITS["zip_ratio"]:
                raise OpenError("FILE_TOO_LARGE", f"{info.filename}: ratio {ratio:.0f}")
        members: dict[str, Any] = {}
        for info in infos:
            key = part_key(info.filename)
            if key in members:  # which one a reader takes is a matter of chance
                raise OpenError("FILE_UNREADABLE", f"two parts named {info.filename[:60]}")
            members[key] = info
        try:
            if "xl/workbook.bin" in members:
                # Binary sheets cannot be sized before calamine builds their grid; the
                # forms are .xlsx, and Excel saves one from an .xlsb in two clicks.
                raise OpenError("FILE_UNREADABLE", ".xlsb (Excel binary workbook)")
            if "xl/workbook.xml" in members:
                parts = [(key, info) for key, info in members.items()
                         if key in _XLSX_PARTS or key.startswith(_SHEET_FOLDERS)]
                formulas, checked, uncalculated, fonts = _scan_xlsx(archive, parts, data)
                fmt = "xlsm" if path.lower().endswith(".xlsm") else "xlsx"
                return fmt, formulas, stored_zip(checked), uncalculated, fonts
            mimetype = members.get("mimetype")
            if mimetype is not None:
                _refuse_oversized(mimetype)
            if mimetype is not None and archive.read(mimetype).strip() == _ODS_MIME:
                parts = [(key, members[key]) for key in _ODS_PARTS if key in members]
                checked = _scan_ods(archive, parts, data)
                return "ods", {}, stored_zip(checked), {}, _ods_fonts(archive, members,
                                                                      checked, data)
        except OpenError:
            raise
        except GridError as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        except SafeET.ParseError as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        except Exception as exc:  # defusedxml's refusals and zlib errors
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
    raise OpenError("NOT_A_SPREADSHEET", "zip")


def _ods_fonts(archive: Archive, members: dict[str, Any], checked: list[tuple[Any, bytes]],
               raw: bytes) -> dict[str, SheetFonts] | None:
    """The .ods's cells in a legacy font (:func:`._fonts.ods_legacy_cells`), per sheet.

    ``styles.xml`` (the document's default font) is read only for this, sized first.
    """
    content = next((data for info, data in checked
                    if part_key(info.filename) == "content.xml"), None)
    if content is None:
        return None
    styles = None
    info = members.get("styles.xml")
    if info is not None:
        _refuse_oversized(info)
        styles = read_member(archive, info, raw)
    return ods_legacy_cells(content, styles)


def _refuse_dtd(data: bytes, part: str) -> None:
    """Refuse a part with a DTD: never needed in a workbook, and how entity bombs start.

    A DTD can only come in the prolog, before the root element; the prolog is
    walked to its end (the XML declaration, processing instructions, comments
    and spaces, of any length), not searched in its first kilobytes: a comment
    of 4 KB put a DTD out of reach of such a search.

    Examples
    --------
    >>> _refuse_dtd(b'<?xml version="1.0"?><!-- ok --><worksheet><!DOCTYPE x></worksheet>', "s")
    >>> try:
    ...     _refuse_dtd(b"<?xml version='1.0'?><!--" + b"x" * 5000 + b"--><!DOCTYPE x>", "s")
    ... except OpenError as exc:
    ...     exc.detail
    's: XML DTD'
    """
    at = 0
    while True:
        at = data.find(b"<", at)
        if at < 0:
            return
        if data.startswith(b"<?", at):
            end, close = data.find(b"?>", at + 2), 2
        elif data.startswith(b"<!--", at):
            end, close = data.find(b"-->", at + 4), 3
        elif data.startswith(b"<!", at):  # <!DOCTYPE, <!ENTITY: declarations
            raise OpenError("FILE_UNREADABLE", f"{part}: XML DTD")
        else:  # the root element: no DTD can follow
            return
        if end < 0:
            return  # never closed: no element either, and the parser refuses it
        at = end + close


def _sheet_parts(parts: dict[str, bytes]) -> tuple[tuple[str, str], ...]:
    """(sheet name, part path) in workbook order, from workbook.xml and its rels.

    ``parts`` are the checked parts' bytes by member name (the archive's own
    spelling, as a reader looks them up).
    """
    book = parts.get("xl/workbook.xml")
    if book is None:
        return ()
    rels = parts.get("xl/_rels/workbook.xml.rels")
    if len(book) + len(rels or b"") > _SMALL_PART:  # never kept: see _SMALL_PART
        return _sheet_parts_of(book, rels)
    return _parse_sheet_parts(book, rels)


@lru_cache(maxsize=64)
def _parse_sheet_parts(book_xml: bytes, rels_xml: bytes | None) -> tuple[tuple[str, str], ...]:
    # The forms of a batch share these two parts byte for byte: parsed once per batch
    # (parsing them per file was a fifth of reading a form written by a program).
    return _sheet_parts_of(book_xml, rels_xml)


def _sheet_parts_of(book_xml: bytes, rels_xml: bytes | None) -> tuple[tuple[str, str], ...]:
    book = SafeET.fromstring(book_xml)
    targets: dict[str, str] = {}
    if rels_xml is not None:
        for rel in SafeET.fromstring(rels_xml).iter(f"{_PKG_REL_NS}Relationship"):
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id", "")] = str(PurePosixPath(full))
    parts = []
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        rid = sheet.get(f"{_REL_NS}id", "")
        if rid in targets:
            parts.append((sheet.get("name", ""), targets[rid]))
    return tuple(parts)


def _scan_xlsx(
    archive: Archive, parts: list[tuple[str, Any]], raw: bytes
) -> tuple[dict[str, set[tuple[int, int]]], list[tuple[Any, bytes]],
           dict[str, set[tuple[int, int]]], dict[str, SheetFonts] | None]:
    """Size every part calamine will get as a sheet could be; find formulas without a value.

    Every part, not only the worksheets: the workbook's relationships decide
    what calamine reads as a sheet, and they could name any of them.  Returns
    the formulas (per sheet name), the parts with their bytes, the formulas
    whose cached value was never calculated (per sheet name), and the cells
    typed in a legacy font (per sheet name; None when the styles name none).
    """
    found: dict[str, set[tuple[int, int]]] = {}
    checked: list[tuple[Any, bytes]] = []
    calc_on_load = False
    sheets: list[tuple[str, bytes]] = []
    shared: bytes | None = None
    styles: bytes | None = None
    for key, info in parts:
        data = _checked_part(archive, info, raw)
        if key == "xl/sharedstrings.xml":
            undeclared = _without_declared_counts(data)
            if undeclared is not data:
                info, data = replaced(info, undeclared), undeclared
            shared = data
        elif key == "xl/workbook.xml":
            calc_on_load = _CALC_ON_LOAD.search(data) is not None
        elif key == "xl/styles.xml":
            styles = data
        if key.startswith(_WORKSHEETS) and _ERROR_CELL in data:
            # calamine reads an error cell ("#REF!") as blank: hand it over as the
            # text it shows, which the count parser names (CELL_ERROR).
            data = data.replace(_ERROR_CELL, b' t="str"')
            info = replaced(info, data)
        checked.append((info, data))
        if key.startswith(_WORKSHEETS):
            sheets.append((info.filename, data))
    if shared is not None:
        _check_shared_text(shared, sheets)
    stale: dict[str, set[tuple[int, int]]] = {}
    for part, data in sheets:
        # openpyxl writes calcOnLoad too: most such sheets hold no formula at all.
        prefixed = _COLON_F.search(data) is not None  # searched once per sheet
        if calc_on_load and (prefixed or b"<f" in data):
            # Both kinds of formula cells in one pass (the quick "may lack values"
            # scan would only add a pass: these cells are walked anyway).
            without, cached = _formula_cells_by_value(data, prefixed)
            if cached:
                stale[part] = cached
        elif _may_lack_values(data, prefixed):
            without = _formula_cells(data, cached=False)
        else:
            continue
        if without:
            found[part] = without
    fonts = legacy_cells(styles, sheets, shared)  # None for the usual workbook, at once
    if not found and not stale and not fonts:
        return {}, checked, {}, fonts
    # Only now is the sheet name needed (rare: files written by programs, not Excel).
    names = {part: name for name, part in
             _sheet_parts({info.filename: data for info, data in checked})}
    return ({names[part]: cells for part, cells in found.items() if part in names}, checked,
            {names[part]: cells for part, cells in stale.items() if part in names},
            None if fonts is None else
            {names[part]: cells for part, cells in fonts.items() if part in names})


def _check_shared_text(shared: bytes, sheets: list[tuple[str, bytes]]) -> None:
    """Refuse a workbook whose cells would copy shared strings into too much text.

    calamine copies a shared string into every cell that refers to it: a
    400 KB file of 200,000 cells naming one 32,000-character string asks for
    6.4 GB.  The bound: cells of type ``s`` times the longest string (as the
    distance between two string starts, markup included).

    Examples
    --------
    >>> sheet = b'<c r="A1" t="s"><v>0</v></c>' * 1000
    >>> _check_shared_text(b"<sst><si><t>" + b"x" * 30_000 + b"</t></si></sst>", [("s", sheet)])
    Traceback (most recent call last):
    ...
    childlabour_metrics.language.problems.OpenError: ...(shared strings: 30022000 characters)...
    """
    starts = [m.start() for m in _STRING_START.finditer(shared)]
    if not starts:
        return
    starts.append(len(shared))
    longest = max(b - a for a, b in itertools.pairwise(starts))
    # Each cell takes 20 bytes or more of XML: most sheets need no count at all.
    if longest * (sum(len(data) for _, data in sheets) // 20) <= LIMITS["text_chars"]:
        return
    text = longest * sum(len(_SHARED_CELL.findall(data)) for _, data in sheets)
    if text > LIMITS["text_chars"]:
        raise OpenError("FILE_TOO_LARGE", f"shared strings: {text} characters")


def _without_declared_counts(data: bytes) -> bytes:
    """The shared-strings part without ``count``/``uniqueCount`` (``data`` itself if none).

    calamine reserves room for the declared number of strings before reading
    one; without the declaration it grows with the strings really there,
    which the part's size bounds.  Every start tag that may be the table's
    (one in a comment too) loses them: the strings themselves are unchanged.

    Examples
    --------
    >>> _without_declared_counts(b'<sst xmlns="m" count="4294967295" uniqueCount="9"><si/></sst>')
    b'<sst xmlns="m"  ><si/></sst>'
    >>> part = b'<sst xmlns="m"><si/></sst>'
    >>> _without_declared_counts(part) is part
    True
    """
    out = _SST_START.sub(lambda m: _DECLARED_COUNT.sub(b"", m.group()), data)
    return data if out == data else out


def _checked_part(archive: Archive, info: Any, raw: bytes, *, ods: bool = False) -> bytes:
    """A part's bytes, refused if too large or if the grid calamine would build is absurd.

    Cell references are counted, not trusted from ``<dimension>``: two cells
    far apart make a tiny file that calamine would materialise as a huge grid.
    """
    part = info.filename
    _refuse_oversized(info)
    if info.file_size <= _SMALL_PART:
        compressed = deflated_bytes(info, raw)
        if compressed is not None:
            data = _checked_small_part(part, compressed, info.file_size, info.CRC, ods)
            if data is not None:
                return data
    return _checked_xml(part, read_member(archive, info, raw), ods)


def _refuse_oversized(info: Any) -> None:
    if info.flag_bits & 0x1:  # a part encrypted in the archive: zipfile asks a password
        raise OpenError("FILE_ENCRYPTED")
    if info.file_size > LIMITS["sheet_xml"]:
        raise OpenError("FILE_TOO_LARGE", f"{info.filename}: {info.file_size / 1e6:.0f} MB XML")


def _checked_xml(part: str, data: bytes, ods: bool) -> bytes:
    _refuse_dtd(data, part)
    if not ods:
        check_dimension(*sheet_grid_size(data), part)
        return data
    # calamine loads every table of an .ods at once, with its text expanded: the
    # whole file is budgeted, not only each table.
    size = ods_size(data)
    check_dimension(size.rows, size.cols, part)
    if size.cells > LIMITS["cells"]:
        raise OpenError("FILE_TOO_LARGE", f"{part}: {size.cells} cells in all tables")
    if size.text > LIMITS["text_chars"]:
        raise OpenError("FILE_TOO_LARGE", f"{part}: {size.text} characters of text")
    return data


#: Parts up to this size are checked once per distinct content: the forms of a batch
#: share their styles, workbook and relationships parts byte for byte.  Larger ones
#: are never kept from one form to the next: a cache keyed on a part's bytes would
#: keep 64 hostile parts of 50 MB each.
_SMALL_PART = 16_384


@lru_cache(maxsize=256)
def _checked_small_part(
    part: str, compressed: bytes, size: int, crc: int, ods: bool
) -> bytes | None:
    # Keyed on the compressed bytes themselves (not a hash of them): the same bytes
    # inflate to the same part, so its check holds.  A refusal raises and is not cached.
    data = inflate(compressed, size, crc)
    return None if data is None else _checked_xml(part, data, ods)


def _scan_ods(
    archive: Archive, parts: list[tuple[str, Any]], raw: bytes
) -> list[tuple[Any, bytes]]:
    """Size content.xml's tables (repeats included); return the parts for calamine."""
    checked = []
    for key, info in parts:
        if key == "content.xml":
            checked.append((info, _checked_part(archive, info, raw, ods=True)))
        else:  # the mimetype and the manifest: calamine reads no sheet from them
            _refuse_oversized(info)
            data = read_member(archive, info, raw)
            _refuse_dtd(data, info.filename)  # calamine parses the manifest all the same
            checked.append((info, data))
    return checked


def _may_lack_values(data: bytes, prefixed: bool) -> bool:
    """Whether some formula cell may lack a cached value (exact check when unsure).

    ``prefixed``: whether ``data`` holds ``:f`` (:func:`_scan_xlsx` searched once).
    """
    if prefixed:  # prefixed elements (rare): the exact check
        return len(_FORMULA_WITH_VALUE.findall(data)) < len(_FORMULA.findall(data))
    # Fast path for the usual writing: every formula directly followed by a non-empty
    # value.  Anything else (whitespace, "<f/>") answers "maybe": the exact scan.
    return _FORMULA_MAYBE_NO_VALUE.search(data) is not None


# An unprefixed formula start: ``_FORMULA`` where no ":f" occurs.  Its literal start
# lets the engine skip ahead (``_FORMULA`` tries a prefix at every "<" of the sheet).
_FORMULA_START = re.compile(rb"<f[\s>/]")


def _formula_starts(data: bytes, prefixed: bool) -> list[int]:
    """Where each formula element starts (``_FORMULA``'s matches).

    ``prefixed``: whether ``data`` holds ``:f``.  Without any prefixed element
    (the usual writing) a formula starts ``<f``.

    Examples
    --------
    >>> _formula_starts(b'<c r="A1"><f>1</f><v>1</v></c><c r="A2"><f t="shared"/></c><fx/>',
    ...                 False)
    [10, 40]
    >>> _formula_starts(b'<x:c r="A1"><x:f>1</x:f></x:c>', True)
    [12]
    """
    return [m.start() for m in (_FORMULA if prefixed else _FORMULA_START).finditer(data)]


def _formula_cells(data: bytes, *, cached: bool) -> set[tuple[int, int]]:
    """Cells (0-based row, col) holding a formula with (``cached``) or without a cached value.

    Examples
    --------
    >>> xml = b'<c r="E11"><f>1+2</f><v>0</v></c><c r="F2"><f>A1</f></c>'
    >>> _formula_cells(xml, cached=True), _formula_cells(xml, cached=False)
    ({(10, 4)}, {(1, 5)})
    """
    return _formula_cells_by_value(data, _COLON_F.search(data) is not None)[cached]


def _formula_cells_by_value(
    data: bytes, prefixed: bool
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Cells (0-based row, col) holding a formula: those without a cached value, those with.

    ``prefixed``: whether ``data`` holds ``:f``.

    Examples
    --------
    >>> _formula_cells_by_value(b'<c r="E11"><f>1+2</f><v>0</v></c><c r="F2"><f>A1</f></c>',
    ...                         False)
    ({(1, 5)}, {(10, 4)})
    """
    found: tuple[set[tuple[int, int]], set[tuple[int, int]]] = (set(), set())
    for at in _formula_starts(data, prefixed):  # formula cells, not all cells
        start = data.rfind(b"<c ", 0, at)
        end = data.find(b"</c>", at)
        if start < 0 or end < 0:
            continue
        cell = data[start:end]
        ref = _CELL_REF.match(cell)
        if ref:
            found[_VALUE.search(cell) is not None].add(
                (int(ref.group(2)) - 1, col_index(ref.group(1).decode("ascii"))))
    return found
