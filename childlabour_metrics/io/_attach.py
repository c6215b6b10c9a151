"""Forms as they arrive: ``.zip`` archives of forms (issue 13, item 4).

An archive is listed (its directory only) when the batch's files are
gathered; each member that is a form becomes its own file, named
``archive.zip/member.xlsx``, and is read from the archive by the worker that
reads it, under the same bounds as a file (:data:`._open.LIMITS`).  Refused,
each with a problem: an archive too large or too compressed (a zip bomb),
too many members, a member whose name climbs out of the archive ("../",
"/etc", "C:\\") and an archive inside the archive.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from ..language.problems import OpenError
from ._limits import LIMITS

__all__ = ["ARCHIVE_SUFFIX", "list_archive", "member_bytes", "split_member"]

ARCHIVE_SUFFIX = ".zip"
_SEP = ARCHIVE_SUFFIX + "/"


def _infos(archive: str) -> list[zipfile.ZipInfo]:
    """The archive's members, refused as a whole when it could not be read safely."""
    size = Path(archive).stat().st_size
    if size > LIMITS["file_bytes"]:
        raise OpenError("FILE_TOO_LARGE", f"{size / 1e6:.0f} MB")
    try:
        with zipfile.ZipFile(archive) as opened:
            infos = opened.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise OpenError("FILE_UNREADABLE", f"zip: {exc}"[:120]) from exc
    if len(infos) > LIMITS["zip_members"]:
        raise OpenError("FILE_TOO_LARGE", f"{len(infos)} zip members")
    total = sum(info.file_size for info in infos)
    if total > LIMITS["zip_total"]:
        raise OpenError("FILE_TOO_LARGE", f"{total / 1e6:.0f} MB uncompressed")
    return infos


def _unsafe_name(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return (not name or name.startswith(("/", "\\")) or ".." in parts
            or (len(name) > 1 and name[1] == ":"))


def list_archive(
    archive: str, suffixes: tuple[str, ...]
) -> list[tuple[str, str | None, str]]:
    """Members to read as ``(path, None, "")`` and refused ones as ``(path, code, why)``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "forms.zip"
    >>> with zipfile.ZipFile(path, "w") as z:
    ...     z.writestr("xa/a.xlsx", b"PK"); z.writestr("../evil.xlsx", b"PK")
    ...     z.writestr("inner.zip", b"PK"); z.writestr("note.pdf", b"%PDF")
    >>> [(p.rsplit("/", 1)[-1], code) for p, code, _ in list_archive(str(path), (".xlsx",))]
    [('a.xlsx', None), ('evil.xlsx', 'FILE_UNREADABLE'), ('inner.zip', 'FILE_UNREADABLE'), \
('note.pdf', 'FILE_SKIPPED')]
    """
    try:
        infos = _infos(archive)
    except OpenError as exc:
        return [(archive, exc.code, exc.detail)]
    out: list[tuple[str, str | None, str]] = []
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename
        path = f"{archive}/{name}"
        lower = name.lower()
        base = PurePosixPath(name.replace("\\", "/")).name
        if _unsafe_name(name):
            out.append((path, "FILE_UNREADABLE", "unsafe name in archive"))
        elif lower.endswith(ARCHIVE_SUFFIX):
            out.append((path, "FILE_UNREADABLE", "archive inside an archive"))
        elif base.startswith(("~$", ".~lock", "._", ".")) or lower.startswith("__macosx/"):
            continue  # lock files and a Mac's resource forks: not forms
        elif lower.endswith(suffixes):
            out.append((path, None, ""))
        else:
            out.append((path, "FILE_SKIPPED", PurePosixPath(lower).suffix or base))
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


def member_bytes(archive: str, member: str) -> bytes:
    """A member's bytes, refused if larger (declared or real) than a file may be."""
    for info in _infos(archive):
        if info.filename != member:
            continue
        if info.file_size == 0:
            raise OpenError("FILE_EMPTY")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > LIMITS["file_bytes"] or (
                info.file_size > LIMITS["zip_ratio_min"] and ratio > LIMITS["zip_ratio"]):
            raise OpenError("FILE_TOO_LARGE", f"{info.file_size / 1e6:.0f} MB in archive")
        try:
            with zipfile.ZipFile(archive) as opened, opened.open(info) as fh:
                # zipfile stops at the declared size and checks the CRC.
                return fh.read(LIMITS["file_bytes"] + 1)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
            # RuntimeError: an encrypted member
            raise OpenError("FILE_UNREADABLE", f"zip: {exc}"[:120]) from exc
    raise OpenError("FILE_NOT_FOUND", member)


def read_member(path: str) -> bytes | None:
    """The bytes of ``archive.zip/member`` or None when ``path`` is not in an archive."""
    where = split_member(path)
    if where is None or Path(path).exists():
        return None
    return member_bytes(*where)


