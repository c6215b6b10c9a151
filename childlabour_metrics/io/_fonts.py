"""Which cells of an .xlsx are typed in a legacy Vietnamese font, read from its styles.

A cell typed with ".VnTime" (TCVN3) or "VNI-Times" holds Latin-1 characters
that only look Vietnamese in that font.  An .xlsx says which font each cell
has: ``xl/styles.xml`` lists the fonts, its ``cellXfs`` the cell formats
(each naming a font by its position), and each cell of a sheet names its
format in its ``s`` attribute (none: format 0).  calamine gives no styles,
but the reader already holds these parts' bytes (:mod:`._open` checks them),
so this module reads them there:

* :func:`legacy_cells` — the styles' legacy fonts and, only when there is
  one, one regular-expression pass over each sheet for the cells that carry
  them (the standard form names none: one search of the styles part says so);
* :func:`convert_by_font` — a sheet's rows with the text of those cells
  converted by their font's encoding, and nothing else converted.

When the styles name a legacy font, the fonts decide: text in a legacy font
is converted even when it is too short to tell by its characters ("Hµ Néi"
is "Hà Nội"), text in a Unicode font never is, and text in a TCVN3 capitals
font (".VnTimeH": its names end in "H") comes out in capitals, as the font
shows it.  Text holding a character beyond Latin-1 is Unicode whatever its
font (a clerk pasted Unicode into a cell formatted ".VnTime"; Windows shows
it through another font) and is left as it is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.parsers import expat

from ._legacy import TCVN3, VNI, from_tcvn3_letters, from_vni
from ._text import col_index

__all__ = ["TCVN3_CAPITALS", "SheetFonts", "convert_by_font", "font_kind", "legacy_cells",
           "style_kinds"]

#: The kind of a TCVN3 capitals font (".VnTimeH"): TCVN3 codes shown as capitals.
TCVN3_CAPITALS = "TCVN3H"

# How a legacy font name starts (".VnTime", "VNI-Times"): a quick test on the styles
# part's font list, then the exact one on the parsed fonts.
_MAYBE_LEGACY = re.compile(rb"""["'](?:\.vn|vni[- ])""", re.IGNORECASE)
_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")


def font_kind(name: str) -> str | None:
    """The legacy kind of a font name (``"TCVN3"``, ``"TCVN3H"``, ``"VNI"``), None if Unicode.

    Examples
    --------
    >>> [font_kind(n) for n in (".VnTime", ".VnTimeH", ".VnArial NarrowH", "VNI-Times",
    ...                         "Times New Roman", "Verdana")]
    ['TCVN3', 'TCVN3H', 'TCVN3H', 'VNI', None, None]
    """
    name = name.strip()
    folded = name.lower()
    if folded.startswith(".vn"):
        # TCVN3 has no capital toned letters: its capitals fonts draw the small
        # letters' codes as capitals, and their names end in "H".
        return TCVN3_CAPITALS if name.endswith("H") else TCVN3
    if folded.startswith(("vni-", "vni ")):
        return VNI
    return None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]  # "{ns}fonts" (ElementTree) or "ns}fonts" (expat)


def style_kinds(styles: bytes) -> tuple[str | None, ...] | None:
    """Per cell format (``cellXfs`` position), the legacy kind of its font; None if no
    format has a legacy font (the usual workbook: one search of the part says so).

    Examples
    --------
    >>> styles = (b'<styleSheet><fonts><font><name val="Calibri"/></font>'
    ...           b'<font><sz val="12"/><name val=".VnTimeH"/></font></fonts>'
    ...           b'<cellXfs><xf fontId="0"/><xf fontId="1"/><xf/></cellXfs></styleSheet>')
    >>> style_kinds(styles)
    (None, 'TCVN3H', None)
    >>> style_kinds(b'<styleSheet><fonts><font><name val="Calibri"/></font></fonts>'
    ...             b'</styleSheet>') is None
    True
    """
    if not may_name_legacy_font(styles):
        return None
    return _style_kinds(styles)


def may_name_legacy_font(styles: bytes) -> bool:
    """Whether a styles part may name a legacy font (False: it names none).

    Only its font list is searched (``<fonts>…</fonts>``, near the start):
    a few hundred bytes, not the whole part.

    Examples
    --------
    >>> may_name_legacy_font(b'<fonts><font><name val=".VnTime"/></font></fonts>')
    True
    >>> may_name_legacy_font(b'<fonts><font><name val="Arial"/></font></fonts><x val="VNI-"/>')
    False
    """
    start = styles.find(b"fonts")  # "<fonts", "<x:fonts": the first mention
    end = styles.find(b"fonts>", start + 5) if start >= 0 else -1
    part = styles[start:end] if 0 <= start < end else styles  # else all of it
    return _MAYBE_LEGACY.search(part) is not None


#: Styles parts up to this size are kept, parsed, for the next form: a batch's forms
#: share theirs.  A larger one (a hostile one is up to 50 MB) is parsed each time, so
#: that sixty-four of them are never kept at once.
_CACHED_STYLES = 65_536


def _style_kinds(styles: bytes) -> tuple[str | None, ...] | None:
    if len(styles) <= _CACHED_STYLES:
        return _cached_style_kinds(styles)
    return _parse_style_kinds(styles)


@lru_cache(maxsize=64)
def _cached_style_kinds(styles: bytes) -> tuple[str | None, ...] | None:
    # The forms of a batch share their styles: each distinct part is parsed once.
    return _parse_style_kinds(styles)


class _Styles:
    """The fonts and cell formats of a styles part, read element by element (expat).

    Only the top-level lists count (a dxf's font styles no cell): each child
    of ``<fonts>`` is a font, named by its first ``<name val=...>``; each child
    of ``<cellXfs>`` a cell format, naming its font by ``fontId``.  Streamed,
    never kept as a tree: a styles part of 50 MB was half a gigabyte as one.
    """

    def __init__(self) -> None:
        self.depth = 0
        self.section: str | None = None  # the top-level list being read
        self.fonts: list[str | None] = []
        self.formats: list[str] = []  # each cell format's fontId
        self.listed: list[str] = []  # of the cellXfs being read
        self.name: str | None = None  # the font's first name, while in a font

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 2:
            local = _local(tag)
            self.section = local if local in ("fonts", "cellXfs") else None
            if self.section == "cellXfs":
                self.listed = []
        elif self.depth == 3 and self.section == "fonts":
            self.name = None
        elif self.depth == 3 and self.section == "cellXfs":
            self.listed.append(attrs.get("fontId", "0"))
        elif (self.depth == 4 and self.section == "fonts" and self.name is None
              and _local(tag) == "name"):
            self.name = attrs.get("val", "")

    def end(self, tag: str) -> None:
        if self.depth == 3 and self.section == "fonts":
            self.fonts.append(font_kind(self.name) if self.name is not None else None)
        elif self.depth == 2 and self.section == "cellXfs":
            self.formats = self.listed  # the last list, as a tree's last child
        self.depth -= 1


def _parse_style_kinds(styles: bytes) -> tuple[str | None, ...] | None:
    read = _Styles()
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = read.start
    parser.EndElementHandler = read.end

    def refuse(*_: Any) -> None:  # entities are how XML bombs start; never in styles
        raise expat.ExpatError("XML entity")

    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(styles, True)
    except expat.ExpatError:  # a broken styles part (or an entity): the text decides
        return None
    kinds = []
    fonts = read.fonts
    for value in read.formats:
        try:
            font = int(value)
        except ValueError:
            font = 0
        kinds.append(fonts[font] if 0 <= font < len(fonts) else None)
    return tuple(kinds) if any(kinds) else None


@dataclass(frozen=True)
class SheetFonts:
    """The cells of one sheet typed in a legacy font: (0-based row, col) -> kind."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)


# A cell's start tag with its reference and, when it has one, its format.  Lookaheads:
# the attributes may come in any order.
_CELL = re.compile(
    rb"""<(?:\w+:)?c\s(?=[^>]*?\br\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["'])"""
    rb"""(?:(?=[^>]*?\bs\s*=\s*["']([0-9]{1,6})["'])|)"""
)


def sheet_cells(sheet: bytes, kinds: tuple[str | None, ...]) -> SheetFonts:
    """The cells of a sheet's XML whose format has a legacy font.

    Examples
    --------
    >>> xml = (b'<row r="2"><c r="A2" s="1" t="s"><v>0</v></c><c t="s" s="0" r="B2">'
    ...        b'<v>1</v></c><c r="C2"><v>5</v></c></row>')
    >>> sheet_cells(xml, (None, "TCVN3")).cells
    {(1, 0): 'TCVN3'}
    >>> sheet_cells(xml, ("VNI", None)).cells  # format 0 is also a cell without "s"
    {(1, 1): 'VNI', (1, 2): 'VNI'}
    """
    found = _CELL.findall(sheet)
    default = kinds[0] if kinds else None
    cells: dict[tuple[int, int], str] = {}
    for col, row, style in found:  # the regex did the scan: this visits its matches
        if not style:
            kind = default
        else:
            index = int(style)
            kind = kinds[index] if index < len(kinds) else None
        if kind is not None:
            cells[int(row) - 1, col_index(col.decode("ascii"))] = kind
    return SheetFonts(cells)


def legacy_cells(
    styles: bytes | None, sheets: list[tuple[str, bytes]]
) -> dict[str, SheetFonts] | None:
    """Per sheet part, the cells typed in a legacy font; None if the styles name none.

    An empty :class:`SheetFonts` for a sheet means the fonts decide there too:
    no cell is converted.

    Examples
    --------
    >>> legacy_cells(b'<styleSheet><fonts><font><name val="Arial"/></font></fonts>'
    ...              b'</styleSheet>', [("xl/worksheets/sheet1.xml", b"")]) is None
    True
    """
    if styles is None:
        return None
    kinds = style_kinds(styles)
    if kinds is None:
        return None
    return {part: sheet_cells(data, kinds) for part, data in sheets}


def _converted(text: str, kind: str) -> str:
    if kind == VNI:
        return from_vni(text)
    out = from_tcvn3_letters(text)
    # A capitals font draws every letter as a capital, the plain ones too.
    return unicodedata.normalize("NFC", out.upper()) if kind == TCVN3_CAPITALS else out


def convert_by_font(
    rows: list[list[Any]], fonts: SheetFonts | None
) -> tuple[list[list[Any]], str | None]:
    """A sheet's rows with the text of its legacy-font cells converted, and the encoding.

    The encoding is ``"TCVN3"``, ``"VNI"`` or both (``"TCVN3, VNI"``) when a
    cell's text changed, else None.  Other cells are returned as they were.

    Examples
    --------
    >>> rows = [["Hµ Néi", "B¸o c¸o"], ["b¸o c¸o kÕt qu¶", 5.0]]
    >>> fonts = SheetFonts({(0, 0): "TCVN3", (1, 0): "TCVN3H", (1, 1): "TCVN3"})
    >>> convert_by_font(rows, fonts)
    ([['Hà Nội', 'B¸o c¸o'], ['BÁO CÁO KẾT QUẢ', 5.0]], 'TCVN3')
    """
    if fonts is None or not fonts.cells:
        return rows, None
    out = list(rows)
    copied: set[int] = set()
    found: set[str] = set()
    for (r, c), kind in fonts.cells.items():  # the legacy cells only, not the sheet
        if r >= len(out) or c >= len(out[r]):
            continue
        text = out[r][c]
        if not isinstance(text, str) or not text or _BEYOND_LATIN1.search(text):
            continue  # a number, a date, or Unicode text in an old font
        new = _converted(text, kind)
        if new == text:
            continue
        if r not in copied:
            out[r] = list(out[r])
            copied.add(r)
        out[r][c] = new
        found.add(VNI if kind == VNI else TCVN3)
    return out, ", ".join(sorted(found)) or None
