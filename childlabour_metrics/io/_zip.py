"""Reading the zip container of .xlsx and .ods workbooks, and handing calamine a clean one.

The checks in :mod:`._open` read the archive's directory and inflate the
parts they scan; calamine then gets a new archive built here from exactly
those parts, stored uncompressed (:func:`stored_zip`).  Two zip readers can
disagree about an archive (two directories, names that differ only in case
or slashes); with one archive of our own making, calamine reads exactly the
bytes that were checked, and does not inflate them a second time.
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from ..language.problems import OpenError
from ._limits import LIMITS

__all__ = [
    "Archive", "Member", "check_directory", "deflated_bytes", "inflate", "part_key",
    "plain_members", "read_member", "replaced", "stored_zip",
]

ZIP_MAGIC = b"PK\x03\x04"


class Member(NamedTuple):
    """The fields of a :class:`zipfile.ZipInfo` the checks read."""

    filename: str
    orig_filename: str
    flag_bits: int
    compress_type: int
    CRC: int
    compress_size: int
    file_size: int
    header_offset: int
    raw_name: bytes  # the name as stored


_END_RECORD = struct.Struct("<4s4H2LH")  # zipfile.structEndArchive
_CENTRAL_DIR = struct.Struct("<4s4B4HL2L5H2L")  # zipfile.structCentralDir


def plain_members(data: bytes) -> list[Member] | None:
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
    if total > LIMITS["zip_members"]:  # refused by check_directory, before any is made
        return None
    members: list[Member] = []
    names: set[str] = set()
    pos = offset
    while pos < end:
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
        members.append(Member(name, name, flag_bits, compress_type, crc, compress_size,
                               file_size, header_offset, raw_name))
    return members if len(members) == total else None


_END_RECORD_64 = struct.Struct("<4sQ2H2L4Q")  # zipfile.structEndArchive64
_LOCATOR_64 = b"PK\x06\x07"


def check_directory(read: Callable[[int, int], bytes], size: int) -> None:
    """Refuse an archive whose directory is too large, before :mod:`zipfile` reads it.

    zipfile builds a ZipInfo for every entry of the central directory before
    anyone can count them: 96 MB of 1.1 million entries took 670 MB.  Here
    the end record is found as zipfile finds it (the last 22 bytes, else the
    last signature in the last 64 KB), zip64's too, and the directory it
    names is sized (:data:`LIMITS` ``zip_directory``) and its entries counted
    by their headers alone, as zipfile would walk them: their number in the
    end record can lie.  ``read(offset, length)`` gives the archive's bytes;
    ``size`` is its length.  An archive zipfile cannot read is left to it.

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w") as z:
    ...     for i in range(LIMITS["zip_members"] + 1):
    ...         z.writestr(f"{i}.txt", b"")
    >>> data = buffer.getvalue()
    >>> try:
    ...     check_directory(lambda at, n: data[at : at + n], len(data))
    ... except OpenError as exc:
    ...     exc.code, exc.detail
    ('FILE_TOO_LARGE', '5001 zip members')
    """
    tail_start = max(0, size - _END_RECORD.size - 65_535)
    tail = read(tail_start, size - tail_start)
    if tail[-_END_RECORD.size:][:4] == b"PK\x05\x06" and tail[-2:] == b"\x00\x00":
        at = len(tail) - _END_RECORD.size
    else:
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + _END_RECORD.size > len(tail):
            return
    end = tail_start + at  # where the end record starts
    _, _, _, here, total, cd_size, _, _ = _END_RECORD.unpack_from(tail, at)
    locator = tail[at - 20 : at] if at >= 20 else read(end - 20, 20) if end >= 20 else b""
    if locator[:4] == _LOCATOR_64 and end >= 20 + _END_RECORD_64.size:
        record = read(end - 20 - _END_RECORD_64.size, _END_RECORD_64.size)
        if record[:4] != b"PK\x06\x06":
            return
        fields = _END_RECORD_64.unpack(record)
        here, total, cd_size = fields[6], fields[7], fields[8]
        end -= 20 + _END_RECORD_64.size
    if max(here, total) > LIMITS["zip_members"]:
        raise OpenError("FILE_TOO_LARGE", f"{max(here, total)} zip members")
    if cd_size > LIMITS["zip_directory"]:
        raise OpenError("FILE_TOO_LARGE", f"zip directory: {cd_size / 1e6:.0f} MB")
    if cd_size > end:
        return
    listing = read(end - cd_size, cd_size)
    pos = count = 0
    while pos + _CENTRAL_DIR.size <= len(listing):
        if listing[pos : pos + 4] != b"PK\x01\x02":
            return
        name_len, extra_len, comment_len = struct.unpack_from("<3H", listing, pos + 28)
        pos += _CENTRAL_DIR.size + name_len + extra_len + comment_len
        count += 1
        if count > LIMITS["zip_members"]:
            raise OpenError("FILE_TOO_LARGE", f"{count}+ zip members")


class Archive:
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

    def read(self, member: str | zipfile.ZipInfo | Member) -> bytes:
        if isinstance(member, Member):  # the same member: names are unique
            member = member.filename
        return self.zip().read(member)

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()


def read_member(archive: Archive, info: Any, raw: bytes) -> bytes:
    """A member's bytes; the usual deflated member is inflated straight from ``raw``.

    Checked as zipfile checks it (local header, name, size, CRC); anything else,
    or any doubt, goes through ``archive.read`` and its errors.
    """
    compressed = deflated_bytes(info, raw)
    if compressed is not None:
        out = inflate(compressed, info.file_size, info.CRC)
        if out is not None:
            return out
    return archive.read(info)


def deflated_bytes(info: Any, raw: bytes) -> bytes | None:
    """The compressed bytes of a plainly deflated member, its local header checked; or None."""
    off = info.header_offset
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x61:
        return None
    head = raw[off : off + 30]
    if len(head) != 30 or head[:4] != ZIP_MAGIC:
        return None
    name_len = int.from_bytes(head[26:28], "little")
    start = off + 30 + name_len + int.from_bytes(head[28:30], "little")
    encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
    try:
        stored = info.raw_name if isinstance(info, Member) else info.orig_filename.encode(encoding)
    except UnicodeError:
        return None
    if raw[off + 30 : off + 30 + name_len] != stored:
        return None
    return raw[start : start + info.compress_size]


def inflate(compressed: bytes, size: int, crc: int) -> bytes | None:
    """Raw deflate data inflated, if it gives exactly ``size`` bytes with this CRC; else None."""
    inflater = zlib.decompressobj(-15)
    out = inflater.decompress(compressed, size)
    if inflater.eof and len(out) == size and zlib.crc32(out) == crc:
        return out
    return None


def replaced(info: Any, data: bytes) -> Member:
    """``info`` for new bytes ``data`` (a part rewritten before calamine gets it).

    Examples
    --------
    >>> info = zipfile.ZipInfo("xl/sharedStrings.xml")
    >>> replaced(info, b"<sst/>").CRC == zlib.crc32(b"<sst/>")
    True
    """
    if isinstance(info, Member):
        raw_name, flags = info.raw_name, info.flag_bits & 0x800
    else:
        raw_name = info.filename.encode("utf-8")
        flags = 0 if raw_name.isascii() else 0x800
    return Member(info.filename, info.filename, flags, zipfile.ZIP_STORED, zlib.crc32(data),
                  len(data), len(data), 0, raw_name)


@lru_cache(maxsize=1024)  # the forms of a batch name their parts alike
def part_key(name: str) -> str:
    """A member's name as a lenient zip reader might match it: case, slashes, dots folded.

    Examples
    --------
    >>> part_key("XL\\\\Worksheets/./Sheet1.xml"), part_key("/xl/workbook.xml")
    ('xl/worksheets/sheet1.xml', 'xl/workbook.xml')
    """
    return posixpath.normpath(name.replace("\\", "/").lstrip("/")).lower()


_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # zipfile.structFileHeader
_DOS_DATE = 0x21  # 1980-01-01: calamine reads no dates from the archive


def stored_zip(parts: list[tuple[Any, bytes]]) -> bytes:
    """A new archive holding ``parts`` (member, its bytes), in order, stored uncompressed.

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    ...     z.writestr("xl/worksheets/sheet1.xml", "<x>" + "a" * 500 + "</x>")
    ...     z.writestr("xl/ghi-chú.xml", "<y/>")
    >>> raw = buffer.getvalue()
    >>> archive = Archive(raw)
    >>> parts = [(m, read_member(archive, m, raw)) for m in plain_members(raw)]
    >>> out = zipfile.ZipFile(io.BytesIO(stored_zip(parts)))
    >>> [(i.filename, i.compress_type) for i in out.infolist()], out.testzip()
    ([('xl/worksheets/sheet1.xml', 0), ('xl/ghi-chú.xml', 0)], None)
    """
    pieces: list[bytes] = []
    directory: list[bytes] = []
    at = 0
    for member, data in parts:
        if isinstance(member, Member):
            name, flags = member.raw_name, member.flag_bits & 0x800
        else:
            name = member.filename.encode("utf-8")
            flags = 0 if name.isascii() else 0x800
        header = _LOCAL_HEADER.pack(ZIP_MAGIC, 20, flags, 0, 0, _DOS_DATE, member.CRC,
                                    len(data), len(data), len(name), 0)
        directory += [_CENTRAL_DIR.pack(b"PK\x01\x02", 20, 3, 20, 0, flags, 0, 0, _DOS_DATE,
                                        member.CRC, len(data), len(data), len(name), 0, 0,
                                        0, 0, 0, at), name]
        pieces += [header, name, data]
        at += len(header) + len(name) + len(data)
    listing = b"".join(directory)
    count = len(parts)
    pieces += [listing, _END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, len(listing), at, 0)]
    return b"".join(pieces)
