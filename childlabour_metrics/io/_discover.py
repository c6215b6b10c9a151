"""Which files a read is given: a folder's forms, an archive's members, what is not read.

:func:`discover` turns what a user passes to
:func:`~childlabour_metrics.io.read_reports` (a file, a folder, a list of
both) into a list of :class:`Entry`: each form to read, then each file
that will not be read, with the problem code and the reason.  Nothing is
opened here but folders, archives' directories and the head of a CSV: the
forms are read by workers (:mod:`._pool`).

Passed over without a word: Office lock files (``~$x.xlsx``), a Mac's
``._`` files, hidden files, and files that are neither forms nor what clerks
send instead of one (notes, registries, manifests).  Named (``FILE_SKIPPED``):
what is sent instead of a form (a PDF, a scan, a Word file) and a folder
that cannot be listed.  An archive's members are entries of their own.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..reference.periods import fold_marks
from ._attach import list_archive, split_member
from ._csv import BOMS, decode_text, wide_encoding
from ._legacy import convert_rows
from ._limits import LIMITS

__all__ = ["ARCHIVES", "EXTENSIONS", "Entry", "discover", "shown_name"]

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


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a read: a form to read, or a file named and not read.

    Attributes
    ----------
    path : str
        The file on disk: the form itself, or the archive holding it.
    member : str or None
        The member's name inside the archive ``path``; None for a file.
    shown : str
        Where the form came from, as the tables show it
        (``archive.zip/member.xlsx`` for a member; see :func:`shown_name`).
    code : str or None
        Why it is not read: a problem code (``FILE_SKIPPED``,
        ``FILE_UNREADABLE``, ...); None for a form to read.
    why : str
        The problem's detail (the file's ending, the system's message).
    index : int or None
        A member's place in its archive's directory: two members may share a
        name, and each is read (the second shown ``archive.zip/member#2``).

    Examples
    --------
    >>> Entry.of("/r/forms.zip/xa.xlsx", member="xa.xlsx")  # doctest: +NORMALIZE_WHITESPACE
    Entry(path='/r/forms.zip', member='xa.xlsx', shown='/r/forms.zip/xa.xlsx', code=None, why='',
          index=None)
    >>> Entry.of("/r/scan.pdf", code="FILE_SKIPPED", why=".pdf").read
    False
    """

    path: str
    member: str | None
    shown: str
    code: str | None = None
    why: str = ""
    index: int | None = None

    @classmethod
    def of(cls, location: str, member: str | None = None, code: str | None = None,
           why: str = "") -> Entry:
        """The entry of ``location`` (``archive/member`` when ``member`` is given)."""
        path = location[: len(location) - len(member) - 1] if member is not None else location
        return cls(path, member, shown_name(location), code, why)

    @property
    def location(self) -> str:
        """The path as given or found: ``archive/member`` for a member (opening names it so)."""
        return self.path if self.member is None else f"{self.path}/{self.member}"

    @property
    def read(self) -> bool:
        """Whether the entry is a form to read (it has no problem code)."""
        return self.code is None


def discover(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Entry]:
    """The entries of a read: the forms to read in path order, then what is not read.

    A file is taken as given, a folder's forms are found recursively
    (symbolic links to folders are not followed), and an archive's forms
    are read as files ``archive.zip/member``.  The same file given twice is
    read once.  What is not read (another kind of file, an unreadable
    folder, an archive member refused) comes after the forms, in the order
    it was met, each with its problem code.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.xlsx", "a.ods", "~$b.xlsx", "scan.pdf", "notes.md"):
    ...     _ = (folder / name).write_bytes(b"x")
    >>> [(pathlib.Path(e.shown).name, e.code) for e in discover(folder)]
    [('a.ods', None), ('b.xlsx', None), ('scan.pdf', 'FILE_SKIPPED')]
    """
    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    skipped: list[Entry] = []
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
    forms: list[Entry] = []
    seen: set[str] = set()
    for name in out:
        # Strings, not a Path per file (thousands per round).
        key = os.path.normcase(os.path.abspath(name))  # noqa: PTH100
        if key in seen:
            continue
        seen.add(key)
        if name.lower().endswith(ARCHIVES) and Path(name).is_file():
            # The whole archive refused is named as itself, without a member.
            for shown, member, index, code, why in list_archive(name, EXTENSIONS):
                entry = Entry(name, member, shown_name(shown), code, why, index)
                (forms if code is None else skipped).append(entry)
        else:
            forms.append(_given(name))
    return forms + skipped


def _given(name: str) -> Entry:
    """A path as given: ``archive.zip/member`` names a member when no such file exists."""
    where = split_member(name)
    if where is None or Path(name).exists():
        return Entry(name, None, shown_name(name))
    return Entry(where[0], where[1], shown_name(name))


def _walk(
    folder: str, prefix: str, parts: tuple[str, ...], found: list[tuple[tuple[str, ...], str]],
    skipped: list[Entry],
) -> None:
    """Forms under ``folder``, as ``Path.rglob`` and ``Path.is_file`` would find them.

    ``os.scandir`` rather than ``rglob``: no Path object per file (thousands
    per round).  Like rglob, symbolic links to folders are not followed.
    Other files and unreadable folders go to ``skipped`` with the reason.
    """
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as exc:  # an unreadable folder: named, never silently passed over
        skipped.append(Entry.of(folder, code="FILE_SKIPPED",
                                why=exc.strerror or type(exc).__name__))
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
                skipped.append(Entry.of(prefix + name, code="FILE_SKIPPED", why=lower))
        except OSError as exc:
            skipped.append(Entry.of(prefix + name, code="FILE_SKIPPED",
                                    why=exc.strerror or type(exc).__name__))


#: What a numerator heading holds, once folded and its spaces joined (see below): a
#: text without any of these has no such heading.
_NUMERATOR_WORDS = re.compile(r"tu\s+so|so\s+dat|numerator")
#: How much of a CSV is searched at a time: a form whose headings come after a long
#: preamble (notes above the table) is found, in bounded memory.
_CSV_PIECE = 1 << 20


def _csv_holds_form(path: str) -> bool:
    """Whether a CSV names the numerator and denominator columns of a form, anywhere in it.

    A small CSV is decoded whole (:func:`._csv.decode_text`); a larger one a
    megabyte at a time, in the encoding its start shows, so that a form whose
    headings come after a long preamble is read too.  A CSV that cannot be
    opened, or is beyond the file limit, is left to the reader, which names it.
    """
    try:
        with open(path, "rb") as fh:  # noqa: PTH123 - a path string from scandir
            head = fh.read(65_536)
            if len(head) < 65_536:  # the whole file
                return _holds_headings(decode_text(head))
            if os.fstat(fh.fileno()).st_size > LIMITS["file_bytes"]:
                return True
            decode, skip = _piece_decoder(head)
            fh.seek(skip)
            carried = ""
            while piece := fh.read(_CSV_PIECE):
                text = carried + decode(piece)
                if _holds_headings(text):
                    return True
                carried = text[-4096:]  # a heading cut between two pieces
    except OSError:
        return True  # read it, and let the reader name what is wrong
    return False


def _piece_decoder(head: bytes) -> tuple[Callable[[bytes], str], int]:
    """A decoder of a CSV's pieces, in the encoding its first 64 KB show, and its BOM's size.

    UTF-8, UTF-16 and UTF-32 are decoded incrementally (a character cut
    between two pieces is kept whole); other text piece by piece, as
    :func:`._csv.decode_text` decides (one byte a character).
    """
    wide = wide_encoding(head)
    if wide is not None:
        bom = next((len(mark) for mark, encoding in BOMS if encoding == wide
                    and head.startswith(mark)), 0)
        return codecs.getincrementaldecoder(wide)(errors="replace").decode, bom
    if head.startswith(b"\xef\xbb\xbf"):
        return codecs.getincrementaldecoder("utf-8")(errors="replace").decode, 3
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head)  # a cut character waits
    except UnicodeDecodeError:
        return decode_text, 0
    return codecs.getincrementaldecoder("utf-8")(errors="replace").decode, 0


def _holds_headings(decoded: str) -> bool:
    """Whether a CSV's text has a numerator and a denominator heading cell."""
    text = fold_marks(convert_rows([[decoded]])[0][0][0])
    if _NUMERATOR_WORDS.search(text) is None:  # most CSVs: no cell can be a heading
        return False
    # Header cells, not words inside other text ("NUMERATOR_GT_DENOMINATOR" in a list).
    # Folded once, then split (a registry is thousands of cells): as fold_text per cell.
    cells = {re.sub(r"\s*\(.*", "", " ".join(cell.split()).strip(" :*"))
             for cell in re.split(r'[,;\t\r\n"]', text)}
    return bool(cells & {"tu so", "so dat", "numerator"}) and bool(
        cells & {"mau so", "tong so", "denominator"})
