"""Opening workbooks safely with python-calamine.

Workbooks arrive from 200 communes by e-mail; some are corrupt, encrypted,
not spreadsheets at all, or hostile (zip bombs, entity-expansion XML, a
sheet claiming a million rows).  This module identifies the format from the
file's bytes, refuses absurd sizes *before* anything is decompressed into
memory, and hands back sheets as lists of rows (0-based sheet coordinates).
It never runs macros (calamine cannot) and never expands XML entities: XML
parts are checked for a DTD, and the only XML parsed here goes through
defusedxml.  Every refusal is an :class:`OpenError` carrying a problem code.

calamine builds each sheet as a dense grid from its cells' positions, and a
grid too large to allocate aborts the process (no exception to catch).  So
every part calamine may read as a sheet is scanned first for the grid it
would make (:func:`_check_sheet_part`, :func:`_ods_grid_size`); ``.xlsb``,
whose binary sheets cannot be scanned so, is refused.  The worksheets
inflated for that scan are handed to calamine uncompressed
(:func:`_with_stored`), so the scan costs little more than reading them.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

import python_calamine as pc
from defusedxml import ElementTree as SafeET

__all__ = ["LIMITS", "OpenError", "Workbook", "open_workbook"]

#: Safety limits; a legitimate report is far below each of them.
LIMITS: dict[str, int] = {
    "file_bytes": 100_000_000,  # on disk
    "zip_total": 200_000_000,  # sum of declared uncompressed sizes
    "zip_members": 5_000,
    "zip_ratio": 200,  # uncompressed / compressed, for members above zip_ratio_min
    "zip_ratio_min": 1_000_000,
    "sheet_xml": 50_000_000,  # declared size of one worksheet part
    "rows": 100_000,
    "cols": 2_000,
    "cells": 5_000_000,
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
# A cell with content (not self-closing) and its reference.
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?<!/)>')
# Fast, conservative pre-check in one pass: a cell or row that is not written the usual
# way, with its reference first and within A1:Z9999 ("<c r="B12"", "<row r="12"").
# Cells and rows without a reference are placed by their position, so they too need
# the full scan; a false positive only costs that scan.
_IRREGULAR = re.compile(
    rb'<(?:c(?=[\s>/])(?! r="[A-Z]\d{1,4}")|row(?=[\s>/])(?! r="\d{1,4}"))'
)
# Prefixed elements ("<x:c", "<x:row"), which the pre-check does not see.
_PREFIXED_CELL = re.compile(rb":(?:c|row)[\s>/]")
# The full scan: every row and cell start tag (attribute values may hold ">").
_CELL_OR_ROW = re.compile(rb"""<(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_A1 = re.compile(rb"\s*\$?([A-Za-z]{1,3})\$?(\d{1,9})\s*")
_FORMULA_WITH_VALUE = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f[^>]*/>)\s*<(?:\w+:)?v>[^<]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Any ":f" (as ``b":f" in data``; the regex engine's literal scan is faster here).
_COLON_F = re.compile(rb":f")
# An unprefixed formula start not followed, through its text or its self-closing
# tag, by a value ("<" cannot occur inside text or attribute values).
_FORMULA_MAYBE_NO_VALUE = re.compile(rb"<f[\s>/](?![^<]*</f><v>[^<]|[^<>]*/><v>[^<])")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class OpenError(Exception):
    """A workbook that cannot be read, with the problem code and a short detail."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class Workbook:
    """An opened workbook: its format, sheet names and a way to read each sheet."""

    path: str
    format: str
    sheet_names: list[str]
    book: Any = field(repr=False)
    #: Cells (0-based row, col) holding a formula without a cached value, per sheet.
    formulas_without_value: dict[str, set[tuple[int, int]]] = field(default_factory=dict)

    def rows(self, index: int) -> list[list[Any]]:
        """A sheet's cells as rows from A1, refusing an absurd sheet before materialising it."""
        try:
            sheet = self.book.get_sheet_by_index(index)
            height, width = sheet.total_height, sheet.total_width
        except pc.CalamineError as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        _check_dimension(height, width, self.sheet_names[index])
        try:
            return sheet.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine raises several unrelated types
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc

    def close(self) -> None:
        """Release the file."""
        # Closing twice or a half-opened book is harmless.
        with contextlib.suppress(Exception):
            self.book.close()


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _check_dimension(height: int, width: int, where: str) -> None:
    if height > LIMITS["rows"] or width > LIMITS["cols"] or height * width > LIMITS["cells"]:
        raise OpenError("FILE_TOO_LARGE", f"{where}: {height} × {width}")


def _read_file(path: str) -> bytes:
    """The file's bytes, refusing an empty or oversized file before reading it."""
    # One open, fstat and read (no Path objects): a sixteenth of reading a report.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as exc:
        raise OpenError("FILE_NOT_FOUND", path) from exc
    except OSError as exc:
        raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
    try:
        size = os.fstat(fd).st_size
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
    if head.startswith(_ZIP_MAGIC):
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
    data = _read_file(path)
    kind = sniff_format(data[:2048])
    formulas: dict[str, set[tuple[int, int]]] = {}
    if kind == "zip":
        fmt, formulas, data = _check_zip(path, data)
    elif kind == "ole":
        fmt = _check_ole(data)
    else:
        raise OpenError("NOT_A_SPREADSHEET", kind)
    try:
        book = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except pc.PasswordError as exc:
        raise OpenError("FILE_ENCRYPTED") from exc
    except Exception as exc:  # corrupt parts surface as Zip/Xml/Calamine errors
        raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
    names = [meta.name for meta in book.sheets_metadata]
    return Workbook(path, fmt, names, book, formulas)


def _check_ole(data: bytes) -> str:
    # An OOXML file with an opening password is an OLE compound file holding
    # an "EncryptionInfo" stream; a real .xls holds a "Workbook"/"Book" stream.
    if _ENCRYPTION_INFO in data:
        raise OpenError("FILE_ENCRYPTED")
    return "xls"


class _Member(NamedTuple):
    """The fields of a :class:`zipfile.ZipInfo` the checks read."""

    filename: str
    orig_filename: str
    flag_bits: int
    compress_type: int
    CRC: int
    compress_size: int
    file_size: int
    header_offset: int
    dir_offset: int  # where its central directory entry starts
    raw_name: bytes  # the name as stored


_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
_CENTRAL_DIR = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir


def _plain_members(data: bytes) -> list[_Member] | None:
    """The central directory of a plain archive, as :mod:`zipfile` reads it, or None.

    zipfile builds a ZipInfo per member in Python (a sixth of reading a
    report).  The usual archive (no comment, no zip64, no extra fields, nothing
    before it, unique names) is read here, field for field as zipfile would;
    anything else, or any doubt, is None and goes through zipfile itself.
    """
    end = len(data) - _END_RECORD.size
    if end < 0:
        return None
    sig, disk, cd_disk, here, total, size, offset, comment = _END_RECORD.unpack_from(data, end)
    if (sig != b"PK\x05\x06" or comment or disk or cd_disk or here != total
            or offset + size != end or data[end - 20 : end - 16] == b"PK\x06\x07"):
        return None
    members: list[_Member] = []
    names: set[str] = set()
    pos = offset
    while pos < end:
        entry = pos
        if pos + _CENTRAL_DIR.size > end:
            return None
        (sig, _, _, extract_version, _, flag_bits, compress_type, _, _, crc, compress_size,
         file_size, name_len, extra_len, comment_len, _, _, _, header_offset
         ) = _CENTRAL_DIR.unpack_from(data, pos)
        if (sig != b"PK\x01\x02" or extra_len or extract_version > zipfile.MAX_EXTRACT_VERSION
                or 0xFFFFFFFF in (compress_size, file_size, header_offset)):
            return None
        start = pos + _CENTRAL_DIR.size
        pos = start + name_len + comment_len
        if pos > end:
            return None
        raw_name = data[start : start + name_len]
        try:
            # Plain ASCII reads the same in both encodings (and cp437 decodes in Python).
            name = raw_name.decode("ascii" if raw_name.isascii() else
                                   "utf-8" if flag_bits & 0x800 else "cp437")
        except UnicodeError:
            return None
        if "\x00" in name or name in names or (os.sep != "/" and os.sep in name):
            return None
        names.add(name)
        members.append(_Member(name, name, flag_bits, compress_type, crc, compress_size,
                               file_size, header_offset, entry, raw_name))
    return members if len(members) == total else None


class _Archive:
    """A :class:`zipfile.ZipFile` opened only when a check needs more than the directory."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile | None = None) -> None:
        self._data = data
        self._archive = archive

    def zip(self) -> zipfile.ZipFile:
        if self._archive is None:
            self._archive = zipfile.ZipFile(io.BytesIO(self._data))
        return self._archive

    def namelist(self) -> list[str]:
        return self.zip().namelist()

    def getinfo(self, name: str) -> zipfile.ZipInfo:
        return self.zip().getinfo(name)

    def read(self, member: str | zipfile.ZipInfo | _Member) -> bytes:
        if isinstance(member, _Member):  # the same member: names are unique
            member = member.filename
        return self.zip().read(member)

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()


def _check_zip(
    path: str, data: bytes
) -> tuple[str, dict[str, set[tuple[int, int]]], bytes]:
    """Check an xlsx or ods archive: format, formulas without values, bytes for calamine."""
    infos: list[Any] | None = _plain_members(data)
    if infos is None:
        try:
            opened = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        infos = opened.infolist()
        archive = _Archive(data, opened)
    else:
        archive = _Archive(data)
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
        names = {info.filename for info in infos}
        try:
            # Worksheets are checked for a DTD when scanned; calamine's XML reader
            # refuses entities it does not know in every other part (tested).
            if "xl/workbook.bin" in names:
                # Binary sheets cannot be checked before calamine builds their grid; the
                # forms are .xlsx, and Excel saves one from an .xlsb in two clicks.
                raise OpenError("FILE_UNREADABLE", ".xlsb (Excel binary workbook)")
            if "xl/workbook.xml" in names:
                formulas, sheets = _scan_xlsx(archive, infos, data)
                fmt = "xlsm" if path.lower().endswith(".xlsm") else "xlsx"
                return fmt, formulas, _with_stored(data, sheets)
            if "mimetype" in names and archive.read("mimetype").strip() == _ODS_MIME:
                _scan_ods(archive)
                return "ods", {}, data
        except OpenError:
            raise
        except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError) as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        except SafeET.ParseError as exc:
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
        except Exception as exc:  # defusedxml's refusals and zlib errors
            raise OpenError("FILE_UNREADABLE", _short(exc)) from exc
    raise OpenError("NOT_A_SPREADSHEET", "zip")


def _refuse_dtd(data: bytes, part: str) -> None:
    # A DTD is never needed in a workbook and is how entity bombs start; it can only
    # come in the prolog, before the root element (searched in the first 4 KB).
    if data.find(b"<!DOCTYPE", 0, 4096) >= 0 or data.find(b"<!ENTITY", 0, 4096) >= 0:
        raise OpenError("FILE_UNREADABLE", f"{part}: XML DTD")


def _sheet_parts(archive: _Archive) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order, from workbook.xml and its rels."""
    if "xl/workbook.xml" not in archive.namelist():
        return []
    book = SafeET.fromstring(archive.read("xl/workbook.xml"))
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[str, str] = {}
    if rels_name in archive.namelist():
        for rel in SafeET.fromstring(archive.read(rels_name)).iter(f"{_PKG_REL_NS}Relationship"):
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id", "")] = str(PurePosixPath(full))
    parts = []
    for sheet in book.iter(f"{_MAIN_NS}sheet"):
        rid = sheet.get(f"{_REL_NS}id", "")
        if rid in targets:
            parts.append((sheet.get("name", ""), targets[rid]))
    return parts


def _scan_xlsx(
    archive: _Archive, infos: list[Any], raw: bytes
) -> tuple[dict[str, set[tuple[int, int]]], list[tuple[_Member, bytes]]]:
    """Refuse absurd sheets from their cell references; find formulas without a cached value.

    Each worksheet is checked by :func:`_check_sheet_part`, and so is every other
    part when workbook.xml may name it as a sheet.  Also returns the worksheets
    inflated here (member and XML), for :func:`_with_stored`.
    """
    found: dict[str, set[tuple[int, int]]] = {}
    inflated: list[tuple[_Member, bytes]] = []
    kept = 0
    scanned: set[str] = set()
    for info in infos:
        part = info.filename
        if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            continue
        data = _check_sheet_part(archive, info, raw)
        scanned.add(part)
        if isinstance(info, _Member) and kept + len(data) <= _STORED_MAX:
            inflated.append((info, data))
            kept += len(data)
        if _may_lack_values(data):
            cells = _formulas_without_value(data)
            if cells:
                found[part] = cells
    if _names_other_parts(archive, infos, raw, scanned):
        # A sheet kept somewhere else (legal, but no office suite does it): every
        # other part is checked as a sheet could be, since calamine would read it.
        for info in infos:
            if info.filename not in scanned:
                _check_sheet_part(archive, info, raw)
    if not found:
        return {}, inflated
    # Only now is the sheet name needed (rare: files written by programs, not Excel).
    names = {part: name for name, part in _sheet_parts(archive)}
    return {names[part]: cells for part, cells in found.items() if part in names}, inflated


def _check_sheet_part(archive: _Archive, info: Any, raw: bytes) -> bytes:
    """A part calamine may read as a sheet, inflated; refused if its grid would be absurd.

    Cell references are counted, not trusted from ``<dimension>``: two cells
    far apart make a tiny file that calamine would materialise as a huge grid.
    """
    part = info.filename
    if info.file_size > LIMITS["sheet_xml"]:
        raise OpenError("FILE_TOO_LARGE", f"{part}: {info.file_size / 1e6:.0f} MB XML")
    data = _read_member(archive, info, raw)
    _refuse_dtd(data, part)
    # Fast path: every cell and row written the usual way, within A1:Z9999.
    max_row, max_col = 9_999, 26
    if _IRREGULAR.search(data) or _PREFIXED_CELL.search(data):
        max_row, max_col = _grid_size(data)
    _check_dimension(max_row, max_col, part)
    return data


_SHEET_TAG = re.compile(rb"<(?:[\w.-]+:)?sheet(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_REL_TAG = re.compile(rb"<(?:[\w.-]+:)?Relationship(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR = re.compile(rb"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attributes(tag: bytes) -> dict[bytes, list[bytes]]:
    """A start tag's attribute values by local name (all of them: prefixes may differ)."""
    out: dict[bytes, list[bytes]] = {}
    for name, double, single in _ATTR.findall(tag):
        out.setdefault(name.rpartition(b":")[2], []).append(double or single)
    return out


def _names_other_parts(archive: _Archive, infos: list[Any], raw: bytes, scanned: set[str]) -> bool:
    """Whether workbook.xml may name as a sheet a part other than those in ``scanned``.

    Read as calamine reads it: each ``<sheet>``'s relationship id, looked up in
    the workbook's relationships (``xl/workbook.xml`` is always the workbook,
    whatever ``_rels/.rels`` says).  Anything unusual (no relationships part, an
    entity in a value, a target not spelled plainly) answers yes, so the caller
    checks every part.
    """
    book = rels = None
    for info in infos:
        if info.filename == "xl/workbook.xml":
            book = info
        elif info.filename == "xl/_rels/workbook.xml.rels":
            rels = info
    if book is None or rels is None:
        return True
    if book.file_size > LIMITS["sheet_xml"] or rels.file_size > LIMITS["sheet_xml"]:
        return True
    book_xml, rels_xml = _read_member(archive, book, raw), _read_member(archive, rels, raw)
    if len(book_xml) + len(rels_xml) <= _CACHED_XML:
        targets = _cached_sheet_targets(book_xml, rels_xml)
    else:
        targets = _sheet_targets(book_xml, rels_xml)
    return targets is None or not targets <= scanned


def _sheet_targets(book: bytes, rels: bytes) -> frozenset[str] | None:
    """The parts workbook.xml names as sheets, or None if not spelled plainly."""
    ids: set[bytes] = set()
    for tag in _SHEET_TAG.findall(book):
        ids.update(_attributes(tag).get(b"id", []))
    if any(b"&" in value for value in ids):
        return None
    targets = set()
    for tag in _REL_TAG.findall(rels):
        fields = _attributes(tag)
        if b"&" in tag or not ids.isdisjoint(fields.get(b"Id", [])):
            for target in fields.get(b"Target", [b""]):
                text = target.decode("utf-8", "replace")
                part = text[1:] if text.startswith("/") else "xl/" + text
                if posixpath.normpath(part) != part:
                    return None
                targets.add(part)
    return frozenset(targets)


#: The forms of a batch share their workbook.xml and its relationships: each
#: distinct pair (up to this many bytes) is read once per process.
_CACHED_XML = 65_536
_cached_sheet_targets = lru_cache(maxsize=256)(_sheet_targets)


#: Worksheet XML (in all, per workbook) handed to calamine uncompressed; above it,
#: calamine inflates the parts itself rather than this module holding a second copy.
_STORED_MAX = 16_000_000
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # zipfile.structFileHeader


def _with_stored(data: bytes, sheets: list[tuple[_Member, bytes]]) -> bytes:
    """The archive ``data`` with ``sheets`` (already inflated and checked) stored uncompressed.

    calamine would inflate each worksheet again, a quarter of its time on a
    report.  The new members go after the old ones, and a new central directory
    points to them (the old compressed copies stay, unreferenced).  Only for a
    plain archive (see :func:`_plain_members`): then the directory ends the
    file, with nothing after it.

    Examples
    --------
    >>> import io, zipfile
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", "<x>" + "a" * 500 + "</x>")
    ...     z.writestr("other.xml", "<y/>")
    >>> raw = buffer.getvalue()
    >>> member = _plain_members(raw)[0]
    >>> xml = zipfile.ZipFile(io.BytesIO(raw)).read(member.filename)
    >>> stored = zipfile.ZipFile(io.BytesIO(_with_stored(raw, [(member, xml)])))
    >>> [(i.filename, i.compress_type) for i in stored.infolist()], stored.testzip()
    ([('xl/worksheets/sheet1.xml', 0), ('other.xml', 8)], None)
    """
    if not sheets:
        return data
    end = len(data) - _END_RECORD.size
    fields = list(_END_RECORD.unpack_from(data, end))
    directory_at = fields[6]
    directory = bytearray(data[directory_at:end])
    pieces = [data[:directory_at]]
    at = directory_at
    for member, xml in sheets:
        name = member.raw_name
        entry = list(_CENTRAL_DIR.unpack_from(data, member.dir_offset))
        flags = member.flag_bits & 0x800  # no data descriptor: sizes are in the header
        modified = entry[7], entry[8]  # time, date
        pieces += [_LOCAL_HEADER.pack(b"PK\x03\x04", 20, flags, 0, *modified, member.CRC,
                                      len(xml), len(xml), len(name), 0), name, xml]
        # version to extract, flags, method, compressed size, local header offset
        entry[3], entry[5], entry[6], entry[10], entry[18] = 20, flags, 0, len(xml), at
        _CENTRAL_DIR.pack_into(directory, member.dir_offset - directory_at, *entry)
        at += _LOCAL_HEADER.size + len(name) + len(xml)
    fields[6] = at
    pieces += [directory, _END_RECORD.pack(*fields)]
    return b"".join(pieces)


def _read_member(archive: _Archive, info: Any, raw: bytes) -> bytes:
    """A member's bytes; the usual deflated member is inflated straight from ``raw``.

    Checked as zipfile checks it (local header, name, size, CRC); anything else,
    or any doubt, goes through ``archive.read`` and its errors.
    """
    off = info.header_offset
    if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x61:
        head = raw[off : off + 30]
        if len(head) == 30 and head[:4] == _ZIP_MAGIC:
            name_len = int.from_bytes(head[26:28], "little")
            start = off + 30 + name_len + int.from_bytes(head[28:30], "little")
            encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
            with contextlib.suppress(UnicodeError):
                stored = (info.raw_name if isinstance(info, _Member)
                          else info.orig_filename.encode(encoding))
                if raw[off + 30 : off + 30 + name_len] == stored:
                    inflate = zlib.decompressobj(-15)
                    out = inflate.decompress(raw[start : start + info.compress_size],
                                             info.file_size)
                    if (inflate.eof and len(out) == info.file_size
                            and zlib.crc32(out) == info.CRC):
                        return out
    return archive.read(info)


def _may_lack_values(data: bytes) -> bool:
    """Whether some formula cell may lack a cached value (exact check when unsure)."""
    if _COLON_F.search(data):  # prefixed elements (rare): the exact check
        return len(_FORMULA_WITH_VALUE.findall(data)) < len(_FORMULA.findall(data))
    # Fast path for the usual writing: every formula directly followed by a non-empty
    # value.  Anything else (whitespace, "<f/>") answers "maybe": the exact scan.
    return _FORMULA_MAYBE_NO_VALUE.search(data) is not None


def _grid_size(data: bytes) -> tuple[int, int]:
    """The rows and columns of the grid calamine would build from a worksheet's XML.

    Follows every row and cell start tag in order, as calamine places them: by
    their reference, or after the previous one when they have none.  Errs on
    the large side (a reference it cannot read counts as the next position).

    Examples
    --------
    >>> _grid_size(b'<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c/></row>')
    (3, 3)
    >>> _grid_size(b"<x:row r='70000'><x:c r='AB70000' t='n'><x:v>1</x:v></x:c></x:row>")
    (70000, 28)
    """
    max_row = max_col = 0
    row = col = 0  # 1-based position of the last row and cell
    for m in _CELL_OR_ROW.finditer(data):
        attrs = m.group(2)
        ref = _R_ATTR.search(attrs)
        value = (ref.group(1) if ref.group(1) is not None else ref.group(2)) if ref else None
        if m.group(1) == b"row":
            row = int(value) if value is not None and value.strip().isdigit() else row + 1
            col = 0
            continue
        a1 = _A1.fullmatch(value) if value is not None else None
        if a1:
            col = _col_index(a1.group(1).upper()) + 1
            row = max(row, int(a1.group(2)))
        else:
            col += 1
        if not attrs.endswith(b"/"):  # a self-closing cell holds no value: only a position
            max_row = max(max_row, row)
            max_col = max(max_col, col)
    return max_row, max_col


def _col_index(letters: bytes) -> int:
    index = 0
    for byte in letters:
        index = index * 26 + (byte - 64)
    return index - 1


def _formulas_without_value(data: bytes) -> set[tuple[int, int]]:
    found = set()
    for m in _FORMULA.finditer(data):
        start = data.rfind(b"<c ", 0, m.start())
        end = data.find(b"</c>", m.start())
        if start < 0 or end < 0:
            continue
        cell = data[start:end]
        ref = _CELL_REF.match(cell)
        if ref and not _VALUE.search(cell):
            found.add((int(ref.group(2)) - 1, _col_index(ref.group(1))))
    return found


def _scan_ods(archive: _Archive) -> None:
    """Refuse an ODS whose repeated rows or cells would materialise as an absurd grid."""
    info = archive.getinfo("content.xml")
    if info.file_size > LIMITS["sheet_xml"]:
        raise OpenError("FILE_TOO_LARGE", f"content.xml: {info.file_size / 1e6:.0f} MB")
    data = archive.read("content.xml")
    _refuse_dtd(data, "content.xml")
    rows, cols = _ods_grid_size(data)
    _check_dimension(rows, cols, "content.xml")


def _ods_grid_size(data: bytes) -> tuple[int, int]:
    """The largest rows and columns, with repeats, that hold content in any table.

    LibreOffice writes trailing empty rows and cells as one repeated element
    (a million rows, a thousand cells): harmless, as nothing follows them.
    Repeats are dangerous when content follows or is repeated.  A cell with a
    value or children counts as content (on the large side).

    Examples
    --------
    >>> row = '<table:table-row table:number-rows-repeated="{}">{}</table:table-row>'
    >>> cell = '<table:table-cell table:number-columns-repeated="{}"{}>'
    >>> filled = (cell.format(3, ' office:value-type="float"')
    ...           + "<text:p>1</text:p></table:table-cell>")
    >>> empty = cell.format(1000, "/")
    >>> xml = "<table:table>" + row.format(5, filled + empty) + row.format(1048000, empty)
    >>> _ods_grid_size((xml + "</table:table>").encode())
    (5, 3)
    >>> xml = "<table:table>" + row.format(99000, empty + filled)
    >>> _ods_grid_size((xml + "</table:table>").encode())
    (99000, 1003)
    """
    best_rows = best_cols = 0
    rows = last_row = max_col = 0  # the current table: rows so far, last with content
    repeat = col = content_col = 0  # the current row
    for m in _ODS_TAG.finditer(data):
        closing, name, attrs = m.groups()
        if name == b"table":
            rows = last_row = max_col = 0
        elif name == b"table-row":
            if not closing:
                repeat, col, content_col = _repeats(attrs, b"rows"), 0, 0
            if closing or attrs.endswith(b"/"):
                if content_col:
                    last_row = rows + repeat
                    max_col = max(max_col, content_col)
                rows += repeat
        elif not closing:  # a cell
            col += _repeats(attrs, b"columns")
            if not attrs.endswith(b"/") or b"value" in attrs:
                content_col = col
        best_rows, best_cols = max(best_rows, last_row), max(best_cols, max_col)
    return best_rows, best_cols


_ODS_TAG = re.compile(
    rb"""<(/?)(?:[\w.-]+:)?(table|table-row|table-cell|covered-table-cell)(?=[\s/>])"""
    rb"""((?:[^>"']|"[^"]*"|'[^']*')*)>"""
)
_REPEATED = {
    kind: re.compile(rb"number-" + kind + rb"""-repeated\s*=\s*["']\s*(\d{1,12})""")
    for kind in (b"rows", b"columns")
}


def _repeats(attrs: bytes, kind: bytes) -> int:
    m = _REPEATED[kind].search(attrs)
    return max(1, int(m.group(1))) if m else 1
