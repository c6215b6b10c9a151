"""Forms as they arrive: ``.zip`` archives of forms (issue 13, item 4).

An archive is listed (its directory only, sized before zipfile reads it)
when the batch's files are gathered; each member that is a form becomes its
own file, named ``archive.zip/member.xlsx`` (``member.xlsx#2`` for a second
member of that name), and is read from the archive by the worker that reads
it, under the same bounds as a file (:data:`._limits.LIMITS`); a worker keeps
the archive open from one member to the next.  Refused, each with a
problem: an archive too large or too compressed (a zip bomb), too many
members, a member whose name climbs out of the archive ("../", "/etc",
"C:\\"), an archive inside the archive, and an encrypted member.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from ..language.problems import OpenError
from ._limits import LIMITS
from ._zip import check_directory

__all__ = ["ARCHIVE_SUFFIX", "close_archives", "list_archive", "member_bytes", "split_member"]

ARCHIVE_SUFFIX = ".zip"
_SEP = ARCHIVE_SUFFIX + "/"


class _Opened:
    """An archive opened once: its file, its directory (sized first) and zipfile's view."""

    def __init__(self, archive: str) -> None:
        self.fh = open(archive, "rb")  # noqa: PTH123, SIM115 - kept open while cached
        try:
            status = os.fstat(self.fh.fileno())
            self.key = (archive, status.st_ino, status.st_size, status.st_mtime_ns)
            if status.st_size > LIMITS["file_bytes"]:
                raise OpenError("FILE_TOO_LARGE", f"{status.st_size / 1e6:.0f} MB")
            check_directory(self._read, status.st_size)
            try:
                self.zip = zipfile.ZipFile(self.fh)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise OpenError("FILE_UNREADABLE", f"zip: {exc}"[:120]) from exc
            self.infos = self.zip.infolist()
            if len(self.infos) > LIMITS["zip_members"]:  # what check_directory counted
                raise OpenError("FILE_TOO_LARGE", f"{len(self.infos)} zip members")
            total = sum(info.file_size for info in self.infos)
            if total > LIMITS["zip_total"]:
                raise OpenError("FILE_TOO_LARGE", f"{total / 1e6:.0f} MB uncompressed")
        except BaseException:
            self.fh.close()
            raise

    def _read(self, offset: int, length: int) -> bytes:
        self.fh.seek(offset)
        return self.fh.read(length)

    def close(self) -> None:
        self.fh.close()


#: The archive last opened by :func:`member_bytes` in this process: the members of an
#: archive are read one after another, and reading its directory again for each one
#: made an archive of 5,000 forms quadratic (105 s against 9 s for the files loose).
_CACHE: list[_Opened] = []


def _opened(archive: str) -> _Opened:
    """The archive, opened and checked once while it is the one being read."""
    if _CACHE:
        cached = _CACHE[0]
        try:
            status = os.stat(archive)  # noqa: PTH116 - a path string, once a member
            same = cached.key == (archive, status.st_ino, status.st_size, status.st_mtime_ns)
        except OSError:
            same = False
        if same:
            return cached
        close_archives()
    opened = _Opened(archive)
    _CACHE.append(opened)
    return opened


def close_archives() -> None:
    """Close the archive :func:`member_bytes` keeps open (at the end of a read)."""
    while _CACHE:
        _CACHE.pop().close()


def _infos(archive: str) -> list[zipfile.ZipInfo]:
    """The archive's members, refused as a whole when it could not be read safely."""
    try:
        opened = _Opened(archive)
    except OpenError:
        raise
    except Exception as exc:  # discovery never stops a batch: the archive is named
        raise OpenError("FILE_UNREADABLE", f"zip: {exc}"[:120]) from exc
    opened.close()
    return opened.infos


def _unsafe_name(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return (not name or name.startswith(("/", "\\")) or ".." in parts
            or (len(name) > 1 and name[1] == ":"))


def list_archive(
    archive: str, suffixes: tuple[str, ...]
) -> list[tuple[str, str | None, int | None, str | None, str]]:
    """Each member as ``(shown, member, index, code, why)``: code None for a form to read.

    ``shown`` is where the member came from, ``archive.zip/member``; a name
    that occurs again in the archive is ``archive.zip/member#2`` (then
    ``#3``...), and ``index`` is the member's place in the archive's
    directory, so that each is read, not the first one twice.  An archive
    refused as a whole is one row, ``(archive, None, None, code, why)``.

    Examples
    --------
    >>> import tempfile, pathlib, warnings
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "forms.zip"
    >>> with zipfile.ZipFile(path, "w") as z, warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # zipfile warns of the name written twice
    ...     z.writestr("xa/a.xlsx", b"PK"); z.writestr("../evil.xlsx", b"PK")
    ...     z.writestr("inner.zip", b"PK"); z.writestr("note.pdf", b"%PDF")
    ...     z.writestr("xa/a.xlsx", b"PK")
    >>> [(s.rsplit("/", 1)[-1], i, code) for s, _, i, code, _ in list_archive(str(path),
    ...                                                                      (".xlsx",))]
    [('a.xlsx', 0, None), ('evil.xlsx', 1, 'FILE_UNREADABLE'), ('inner.zip', 2, \
'FILE_UNREADABLE'), ('note.pdf', 3, 'FILE_SKIPPED'), ('a.xlsx#2', 4, None)]
    """
    try:
        infos = _infos(archive)
    except OpenError as exc:
        return [(archive, None, None, exc.code, exc.detail)]
    out: list[tuple[str, str | None, int | None, str | None, str]] = []
    seen: dict[str, int] = {}
    for index, info in enumerate(infos):
        if info.filename.endswith("/"):  # a folder (is_dir() fails on an empty name)
            continue
        name = info.filename
        seen[name] = seen.get(name, 0) + 1
        shown = f"{archive}/{name}" + (f"#{seen[name]}" if seen[name] > 1 else "")
        lower = name.lower()
        base = PurePosixPath(name.replace("\\", "/")).name
        if _unsafe_name(name):
            out.append((shown, name, index, "FILE_UNREADABLE", "unsafe name in archive"))
        elif lower.endswith(ARCHIVE_SUFFIX):
            out.append((shown, name, index, "FILE_UNREADABLE", "archive inside an archive"))
        elif base.startswith(("~$", ".~lock", "._", ".")) or lower.startswith("__macosx/"):
            continue  # lock files and a Mac's resource forks: not forms
        elif lower.endswith(suffixes):
            out.append((shown, name, index, None, ""))
        else:
            out.append((shown, name, index, "FILE_SKIPPED",
                        PurePosixPath(lower).suffix or base))
    if not out:  # empty, or only folders and lock files: named, never passed over unseen
        return [(archive, None, None, "FILE_SKIPPED", ".zip")]
    return out


def split_member(path: str) -> tuple[str, str] | None:
    """(archive, member) of a member's path ``archive.zip/member``, or None.

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "forms.zip"
    >>> with zipfile.ZipFile(path, "w") as z:
    ...     z.writestr("xa/a.xlsx", b"PK")
    >>> split_member(f"{path}/xa/a.xlsx")[1], split_member(str(path.with_name("a.xlsx")))
    ('xa/a.xlsx', None)
    """
    at = path.lower().find(_SEP)
    while at >= 0:
        archive = path[: at + len(ARCHIVE_SUFFIX)]
        if Path(archive).is_file():
            return archive, path[at + len(_SEP):]
        at = path.lower().find(_SEP, at + 1)
    return None


def member_bytes(archive: str, member: str, index: int | None = None) -> bytes:
    """A member's bytes, refused if larger (declared or real) than a file may be.

    ``index``: the member's place in the archive's directory (two members may
    share a name); without it, the first member of that name.  The archive
    stays open for the next member (:func:`close_archives` closes it).
    """
    opened = _opened(archive)
    if index is not None:
        candidates = opened.infos[index : index + 1]
    else:
        candidates = [info for info in opened.infos if info.filename == member][:1]
    for info in candidates:
        if info.filename != member:
            break
        if info.file_size == 0:
            raise OpenError("FILE_EMPTY")
        if info.flag_bits & 0x1:  # zipfile needs a password to read it
            raise OpenError("FILE_ENCRYPTED")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > LIMITS["file_bytes"] or (
                info.file_size > LIMITS["zip_ratio_min"] and ratio > LIMITS["zip_ratio"]):
            raise OpenError("FILE_TOO_LARGE", f"{info.file_size / 1e6:.0f} MB in archive")
        try:
            with opened.zip.open(info) as fh:
                # zipfile stops at the declared size and checks the CRC.
                return fh.read(LIMITS["file_bytes"] + 1)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError,
                NotImplementedError, zlib.error) as exc:
            raise OpenError("FILE_UNREADABLE", f"zip: {exc}"[:120]) from exc
    raise OpenError("FILE_NOT_FOUND", member)


def read_member(path: str) -> bytes | None:
    """The bytes of ``archive.zip/member`` or None when ``path`` is not in an archive."""
    where = split_member(path)
    if where is None or Path(path).exists():
        return None
    return member_bytes(*where)


