"""Opening workbooks safely with python-calamine.

Workbooks arrive from 200 communes by e-mail; some are corrupt, encrypted,
not spreadsheets at all, or hostile (zip bombs, entity-expansion XML, a
sheet claiming a million rows).  This module identifies the format from the
file's bytes, refuses absurd sizes *before* anything is decompressed into
memory, and hands back sheets as lists of rows (0-based sheet coordinates).
It never runs macros (calamine cannot) and never expands XML entities: XML
parts are checked for a DTD, and the only XML parsed here goes through
defusedxml.  Every refusal is an :class:`OpenError` carrying a problem code.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
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
# Fast, conservative pre-check in one pass (a literal prefix lets the regex engine skip
# ahead): a reference beyond row 9,999 or column Z.  A false positive only costs the
# full scan.
_FAR_OR_WIDE = re.compile(rb'r="(?:[A-Z]{2,3}\d|[A-Z]\d{5,}")')
_FORMULA_WITH_VALUE = re.compile(rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f[^>]*/>)\s*<(?:\w+:)?v>[^<]")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
# Any ":f" (as ``b":f" in data``; the regex engine's literal scan is faster here).
_COLON_F = re.compile(rb":f")
# An unprefixed formula start not followed, through its text or its self-closing
# tag, by a value ("<" cannot occur inside text or attribute values).
_FORMULA_MAYBE_NO_VALUE = re.compile(rb"<f[\s>/](?![^<]*</f><v>[^<]|[^<>]*/><v>[^<])")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
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
        want = size + 1  # usually all of it at once, then an empty read at the end
        while total <= LIMITS["file_bytes"]:
            chunk = os.read(fd, min(want, LIMITS["file_bytes"] + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
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
        try:
            name = data[start : start + name_len].decode("utf-8" if flag_bits & 0x800
                                                         else "cp437")
        except UnicodeError:
            return None
        if "\x00" in name or name in names or (os.sep != "/" and os.sep in name):
            return None
        names.add(name)
        members.append(_Member(name, name, flag_bits, compress_type, crc, compress_size,
                               file_size, header_offset, entry))
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
            if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
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


def _refuse_dtd(prolog: bytes, part: str) -> None:
    # A DTD is never needed in a workbook and is how entity bombs start.
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
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

    Cell references are counted, not trusted from ``<dimension>``: two cells
    far apart make a tiny file that calamine would materialise as a huge grid.
    Also returns the worksheets inflated here (member and XML), for
    :func:`_with_stored`.
    """
    found: dict[str, set[tuple[int, int]]] = {}
    inflated: list[tuple[_Member, bytes]] = []
    kept = 0
    for info in infos:
        part = info.filename
        if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            continue
        if info.file_size > LIMITS["sheet_xml"]:
            raise OpenError("FILE_TOO_LARGE", f"{part}: {info.file_size / 1e6:.0f} MB XML")
        data = _read_member(archive, info, raw)
        _refuse_dtd(data[:4096], part)
        if isinstance(info, _Member) and kept + len(data) <= _STORED_MAX:
            inflated.append((info, data))
            kept += len(data)
        # Fast path: no reference beyond row 9,999 or column Z means a small grid;
        # only otherwise is every reference read (in Python, slower).
        max_row, max_col = 9_999, 26
        if _FAR_OR_WIDE.search(data):
            max_row = max_col = 0
            for m in _CELL_REF.finditer(data):
                max_row = max(max_row, int(m.group(2)))
                max_col = max(max_col, _col_index(m.group(1)) + 1)
        # Rows without references are numbered in order; count them as a floor.  Each
        # "<row" takes at least 5 bytes ("<row>"), so in the fast path (26 columns at
        # most) a part under 5 × LIMITS["rows"] bytes cannot reach a limit this way.
        if max_col > 26 or len(data) >= 5 * min(LIMITS["rows"], LIMITS["cells"] // 26):
            max_row = max(max_row, data.count(b"<row"))  # also counts <rowBreaks: harmless
        _check_dimension(max_row, max_col, part)
        if _may_lack_values(data):
            cells = _formulas_without_value(data)
            if cells:
                found[part] = cells
    if not found:
        return {}, inflated
    # Only now is the sheet name needed (rare: files written by programs, not Excel).
    names = {part: name for name, part in _sheet_parts(archive)}
    return {names[part]: cells for part, cells in found.items() if part in names}, inflated


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
        name = member.filename.encode("utf-8" if member.flag_bits & 0x800 else "cp437")
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
                if raw[off + 30 : off + 30 + name_len] == info.orig_filename.encode(encoding):
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
    """Refuse an ODS whose repeated rows would materialise as an absurd grid.

    LibreOffice writes trailing empty rows as one repeated row; those are
    harmless.  A repeated row is only dangerous when more rows follow it.
    """
    info = archive.getinfo("content.xml")
    if info.file_size > LIMITS["sheet_xml"]:
        raise OpenError("FILE_TOO_LARGE", f"content.xml: {info.file_size / 1e6:.0f} MB")
    data = archive.read("content.xml")
    for m in _ROWS_REPEATED.finditer(data):
        if int(m.group(1)) > LIMITS["rows"]:
            tail = data[m.end() : data.find(b"</table:table>", m.end())]
            if b"office:value" in tail or b"<text:p" in tail:
                raise OpenError("FILE_TOO_LARGE", f"{m.group(1).decode()} repeated rows")
