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

A cell's text may also be *rich*: runs of text, each in its own font ("Hµ
Néi" in ".VnTime" beside "(Unicode)" in "Arial"), in the shared strings (as
Excel writes them) or inline (as openpyxl does).  A run's font decides its
text; a run without a font takes the cell's.  In an ``.ods`` the fonts are
styles (``style:font-name`` of a cell's style, of a ``text:span``'s, or the
document's default): :func:`ods_legacy_cells` reads them from ``content.xml``
and ``styles.xml`` the same way.  Rich text is converted only where the runs
joined are the very text calamine gave, so that nothing is converted on a
guess.

When the styles name a legacy font, the fonts decide: text in a legacy font
is converted even when it is too short to tell by its characters ("Hµ Néi"
is "Hà Nội"), text in a Unicode font never is, and text in a TCVN3 capitals
font (".VnTimeH": its names end in "H") comes out in capitals, as the font
shows it.  Text holding a character beyond Latin-1 is Unicode whatever its
font (a clerk pasted Unicode into a cell formatted ".VnTime"; Windows shows
it through another font) and is left as it is.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.parsers import expat

from defusedxml import ElementTree as SafeET

from ._legacy import TCVN3, VNI, from_tcvn3_letters, from_vni
from ._text import col_index

__all__ = ["TCVN3_CAPITALS", "SheetFonts", "convert_by_font", "font_kind", "legacy_cells",
           "ods_legacy_cells", "style_kinds"]

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


#: A run of rich text: its text, and its font's kind (``"TCVN3"``, ``"TCVN3H"``,
#: ``"VNI"``; ``""`` for a Unicode font; ``None``: no font of its own, the cell's).
Run = tuple[str, str | None]


@dataclass(frozen=True)
class SheetFonts:
    """The cells of one sheet typed in a legacy font: (0-based row, col) -> kind; and
    the cells of rich text with a run in one: (row, col) -> their runs, each run's
    font resolved (a run without a font of its own takes the cell's)."""

    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    runs: dict[tuple[int, int], tuple[Run, ...]] = field(default_factory=dict)


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
    styles: bytes | None, sheets: list[tuple[str, bytes]], shared: bytes | None = None,
) -> dict[str, SheetFonts] | None:
    """Per sheet part, the cells typed in a legacy font; None if neither the styles nor
    a rich-text run (in the shared strings ``shared``, or inline) names one.

    An empty :class:`SheetFonts` for a sheet means the fonts decide there too:
    no cell is converted.

    Examples
    --------
    >>> legacy_cells(b'<styleSheet><fonts><font><name val="Arial"/></font></fonts>'
    ...              b'</styleSheet>', [("xl/worksheets/sheet1.xml", b"")]) is None
    True
    >>> sheet = (b'<c r="A1" t="inlineStr"><is><r><rPr><rFont val=".VnTime"/></rPr>'
    ...          b'<t>H&#181; N&#233;i</t></r><r><t> (x)</t></r></is></c>')
    >>> legacy_cells(None, [("s1", sheet)])["s1"].runs
    {(0, 0): (('Hµ Néi', 'TCVN3'), (' (x)', ''))}
    """
    kinds = None if styles is None else style_kinds(styles)
    shared_runs = _shared_runs(shared) if shared is not None and _names_run_font(shared) else {}
    inline = [_names_run_font(data) for _, data in sheets]
    if kinds is None and not shared_runs and not any(inline):
        return None
    out = {}
    for (part, data), has_inline in zip(sheets, inline, strict=True):
        cells = sheet_cells(data, kinds).cells if kinds is not None else {}
        runs = (_rich_cells(data, shared_runs, kinds or ()) if shared_runs or has_inline
                else {})
        out[part] = SheetFonts(cells, runs)
    return out


# A run's font naming a legacy font (a quick test of a part before reading its runs).
_MAYBE_LEGACY_RUN = re.compile(rb"""rFont\s+val\s*=\s*["'](?:\.vn|vni[- ])""", re.IGNORECASE)
_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", re.DOTALL)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.DOTALL)
_RUN = re.compile(rb"<(?:\w+:)?r>(.*?)</(?:\w+:)?r>", re.DOTALL)
_RUN_FONT = re.compile(rb"""<(?:\w+:)?rFont\s+val\s*=\s*["']([^"']*)["']""")
_RUN_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.DOTALL)
# A cell with content: its attributes and its body.
_CELL_BODY = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_ATTR_REF = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
_ATTR_TYPE = re.compile(rb"""\bt\s*=\s*["'](\w+)["']""")
_ATTR_STYLE = re.compile(rb"""\bs\s*=\s*["']([0-9]{1,6})["']""")
_SHARED_INDEX = re.compile(rb"<(?:\w+:)?v>\s*(\d+)\s*</")


def _names_run_font(part: bytes) -> bool:
    """Whether a part's rich-text runs may name a legacy font.

    A run's font is ``<rFont …>``: one literal search (as fast as ``memchr``) says
    the usual part has none, before the case-blind search for the font's name.
    """
    return b"rFont" in part and _MAYBE_LEGACY_RUN.search(part) is not None


def _runs(body: bytes) -> tuple[tuple[str, str | None], ...]:
    """The runs of a rich string's XML: (text, its font's kind, "" for Unicode, or None)."""
    out = []
    for run in _RUN.findall(_PHONETIC.sub(b"", body)):
        font = _RUN_FONT.search(run)
        text = "".join(html.unescape(t.decode("utf-8")) for t in _RUN_TEXT.findall(run))
        kind = None if font is None else (font_kind(font.group(1).decode("utf-8")) or "")
        out.append((text, kind))
    return tuple(out)


@lru_cache(maxsize=16)
def _shared_runs(shared: bytes) -> dict[int, tuple[tuple[str, str | None], ...]]:
    """The shared strings (by position) with a run in a legacy font, and their runs."""
    found = {}
    for index, item in enumerate(_SHARED_ITEM.finditer(shared)):
        body = item.group(1)
        if body and _MAYBE_LEGACY_RUN.search(body):
            runs = _runs(body)
            if runs:
                found[index] = runs
    return found


def _rich_cells(
    sheet: bytes, shared: dict[int, tuple[tuple[str, str | None], ...]],
    kinds: tuple[str | None, ...],
) -> dict[tuple[int, int], tuple[Run, ...]]:
    """The cells of a sheet holding rich text with a legacy run, their runs' fonts resolved."""
    out: dict[tuple[int, int], tuple[Run, ...]] = {}
    for attrs, body in _CELL_BODY.findall(sheet):
        kind_of = _ATTR_TYPE.search(attrs)
        if kind_of is None or kind_of.group(1) not in (b"s", b"inlineStr"):
            continue
        if kind_of.group(1) == b"s":
            index = _SHARED_INDEX.search(body)
            runs = shared.get(int(index.group(1))) if index else None
        else:
            runs = _runs(body) if _MAYBE_LEGACY_RUN.search(body) else None
        ref = _ATTR_REF.search(attrs)
        if not runs or ref is None:
            continue
        style = _ATTR_STYLE.search(attrs)
        at = int(style.group(1)) if style else 0
        cell_kind = (kinds[at] if at < len(kinds) else None) or ""
        out[int(ref.group(2)) - 1, col_index(ref.group(1).decode("ascii"))] = tuple(
            (text, cell_kind if kind is None else kind) for text, kind in runs)
    return out


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
    if fonts is None or not (fonts.cells or fonts.runs):
        return rows, None
    out = list(rows)
    copied: set[int] = set()
    found: set[str] = set()

    def put(r: int, c: int, new: str) -> None:
        if r not in copied:
            out[r] = list(out[r])
            copied.add(r)
        out[r][c] = new

    for (r, c), kind in fonts.cells.items():  # the legacy cells only, not the sheet
        if r >= len(out) or c >= len(out[r]) or (r, c) in fonts.runs:
            continue  # a rich text's runs decide
        text = out[r][c]
        if not isinstance(text, str) or not text or _BEYOND_LATIN1.search(text):
            continue  # a number, a date, or Unicode text in an old font
        new = _converted(text, kind)
        if new != text:
            put(r, c, new)
            found.add(VNI if kind == VNI else TCVN3)
    for (r, c), runs in fonts.runs.items():
        if r >= len(out) or c >= len(out[r]) or out[r][c] != "".join(t for t, _ in runs):
            continue  # not the text calamine gave: nothing is converted on a guess
        parts = []
        for piece, run_kind in runs:
            if run_kind in (TCVN3, TCVN3_CAPITALS, VNI) and not _BEYOND_LATIN1.search(piece):
                parts.append(_converted(piece, run_kind))
                if parts[-1] != piece:
                    found.add(VNI if run_kind == VNI else TCVN3)
            else:
                parts.append(piece)
        new = "".join(parts)
        if new != out[r][c]:
            put(r, c, unicodedata.normalize("NFC", new))
    return out, ", ".join(sorted(found)) or None


# ------------------------------------------------------------------------------ .ods
_ODS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
}
# A legacy font's name anywhere in a part (a font face, a style's font): a quick test.
_MAYBE_LEGACY_ODS = re.compile(rb"""(?:["';]|&apos;|&quot;)\s*(?:\.vn|vni[- ])""",
                               re.IGNORECASE)
#: Repeats read past this many (an empty area repeated to the sheet's end) hold no text.
_ODS_REPEAT_MAX = 10_000


def _q(prefix: str, name: str) -> str:
    return f"{{{_ODS[prefix]}}}{name}"


class _OdsStyles:
    """The fonts of an .ods's styles: each style's font kind, through its parents."""

    def __init__(self, roots: list[Any]) -> None:
        self._kinds: dict[str | None, str] = {}
        faces: dict[str, str] = {}
        self.styles: dict[str, tuple[str | None, str | None]] = {}
        self.default: str | None = None
        for root in roots:
            for face in root.iter(_q("style", "font-face")):
                family = face.get(_q("svg", "font-family"), "") or face.get(_q("style", "name"),
                                                                            "")
                faces[face.get(_q("style", "name"), "")] = family.strip("'\" ")
        for root in roots:
            for style in root.iter(_q("style", "style")):
                self.styles[style.get(_q("style", "name"), "")] = (
                    self._font(style, faces), style.get(_q("style", "parent-style-name")))
            for style in root.iter(_q("style", "default-style")):
                if style.get(_q("style", "family")) == "table-cell":
                    self.default = self._font(style, faces)

    @staticmethod
    def _font(style: Any, faces: dict[str, str]) -> str | None:
        for props in style.iter(_q("style", "text-properties")):
            name = props.get(_q("style", "font-name"))
            if name is not None:
                return faces.get(name, name)
            family = props.get(_q("fo", "font-family"))
            if family is not None:
                return family.strip("'\" ")
        return None

    def kind(self, name: str | None) -> str:
        """The font kind of a style ("" for a Unicode font): its own font, else its
        parents', else the default cell style's ("Default"), else the document's."""
        if name not in self._kinds:
            self._kinds[name] = self._kind(name)
        return self._kinds[name]

    def _kind(self, name: str | None) -> str:
        seen = 0
        while name and seen < 16:
            font, parent = self.styles.get(name, (None, None))
            if font is not None:
                return font_kind(font) or ""
            name, seen = parent, seen + 1
        font = self.styles.get("Default", (None, None))[0] or self.default
        return (font_kind(font) or "") if font else ""


def _ods_runs(cell: Any, styles: _OdsStyles, cell_kind: str) -> list[tuple[str, str]]:
    """A cell's text as runs (text, font kind), its paragraphs joined by line breaks."""
    runs: list[tuple[str, str]] = []

    def walk(node: Any, kind: str) -> None:
        if node.text:
            runs.append((node.text, kind))
        for child in node:
            tag = child.tag
            if tag == _q("text", "s"):
                runs.append((" " * int(child.get(_q("text", "c"), "1") or 1), kind))
            elif tag == _q("text", "tab"):
                runs.append(("\t", kind))
            elif tag == _q("text", "line-break"):
                runs.append(("\n", kind))
            else:
                own = child.get(_q("text", "style-name"))
                walk(child, styles.kind(own) if own and own in styles.styles else kind)
            if child.tail:
                runs.append((child.tail, kind))

    for i, paragraph in enumerate(cell.iter(_q("text", "p"))):
        if i:
            runs.append(("\n", cell_kind))
        walk(paragraph, cell_kind)
    return runs


def ods_legacy_cells(content: bytes, styles: bytes | None = None
                     ) -> dict[str, SheetFonts] | None:
    """Per sheet name of an .ods, the cells typed in a legacy font (by their style, or
    their spans'); None if no font of the document is a legacy one.

    Examples
    --------
    >>> ns = " ".join(f'xmlns:{p}="{u}"' for p, u in _ODS.items())
    >>> content = (f'<office:document-content {ns}><office:font-face-decls>'
    ...     '<style:font-face style:name=".VnTime" svg:font-family="&apos;.VnTime&apos;"/>'
    ...     '</office:font-face-decls><office:automatic-styles>'
    ...     '<style:style style:name="ce1" style:family="table-cell">'
    ...     '<style:text-properties style:font-name=".VnTime"/></style:style>'
    ...     '</office:automatic-styles><office:body><office:spreadsheet>'
    ...     '<table:table table:name="BC"><table:table-row>'
    ...     '<table:table-cell table:number-columns-repeated="2"/>'
    ...     '<table:table-cell table:style-name="ce1"><text:p>Hµ Néi</text:p>'
    ...     '</table:table-cell></table:table-row></table:table>'
    ...     '</office:spreadsheet></office:body></office:document-content>').encode()
    >>> ods_legacy_cells(content)["BC"].cells
    {(0, 2): 'TCVN3'}
    """
    parts = [content, *([styles] if styles else [])]
    if not any(_MAYBE_LEGACY_ODS.search(part) for part in parts):
        return None  # the usual workbook: one search says so
    try:
        roots = [SafeET.fromstring(part) for part in parts]
    except Exception:  # a broken part (or defusedxml refusing it): the text decides
        return None
    fonts = _OdsStyles(roots)
    if not any(fonts.kind(name) for name in fonts.styles) and not (
            fonts.default and font_kind(fonts.default)):
        return None
    return {table.get(_q("table", "name"), ""): _ods_sheet(table, fonts)
            for table in roots[0].iter(_q("table", "table"))}


def _ods_sheet(table: Any, fonts: _OdsStyles) -> SheetFonts:
    """One table's legacy cells and rich cells, at their positions from A1."""
    column_styles: list[str | None] = []
    for column in table.iter(_q("table", "table-column")):
        repeat = min(int(column.get(_q("table", "number-columns-repeated"), "1") or 1),
                     _ODS_REPEAT_MAX)
        column_styles += [column.get(_q("table", "default-cell-style-name"))] * repeat
    cells: dict[tuple[int, int], str] = {}
    runs: dict[tuple[int, int], tuple[Run, ...]] = {}
    r = 0
    for row in table.iter(_q("table", "table-row")):
        rows = int(row.get(_q("table", "number-rows-repeated"), "1") or 1)
        c = 0
        for cell in row:
            if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                continue
            repeat = int(cell.get(_q("table", "number-columns-repeated"), "1") or 1)
            if len(cell) and r < _ODS_REPEAT_MAX and c < _ODS_REPEAT_MAX:
                style = cell.get(_q("table", "style-name")) or (
                    column_styles[c] if c < len(column_styles) else None)
                kind = fonts.kind(style)
                found = _ods_runs(cell, fonts, kind)
                rich = len({k for _, k in found}) > 1
                for rr in range(r, r + min(rows, _ODS_REPEAT_MAX)):
                    for cc in range(c, c + min(repeat, _ODS_REPEAT_MAX)):
                        if rich:
                            runs[rr, cc] = tuple(found)
                        elif kind and found:
                            cells[rr, cc] = kind
                        elif found and found[0][1]:  # one span's font, not the cell's
                            runs[rr, cc] = tuple(found)
            c += repeat
        r += rows
    return SheetFonts(cells, runs)
