"""Vietnamese typed in legacy fonts (TCVN3/ABC, VNI), found and converted to Unicode.

Many provincial workbooks are still typed with ".VnTime" (TCVN3, also called
ABC) or "VNI-Times" fonts.  Their cells hold Latin-1 characters that only
look Vietnamese in that font: "B¸o c¸o kÕt qu¶" is "Báo cáo kết quả" in
TCVN3, "Baùo caùo keát quaû" in VNI.  This module finds such text by the
characters themselves (calamine gives no fonts; an .xlsx's fonts are read by
:mod:`._fonts`, which decide when its styles name a legacy font) and converts
it to Unicode NFC.

Proper Unicode Vietnamese is never converted: a cell holding any character
beyond Latin-1 (ư, ơ, đ, ạ, ế…) is Unicode already, and a sheet is taken as
legacy only when more of its cells carry a legacy signature than carry
Unicode Vietnamese.  ``tests/test_io_legacy.py`` measures false positives
on the catalogue, the sample data and real Vietnamese text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

__all__ = ["TCVN3", "VNI", "convert_rows", "detect", "from_tcvn3", "from_tcvn3_letters",
           "from_vni"]

TCVN3 = "TCVN3"
VNI = "VNI"

# TCVN3 (ABC) bytes 0xA1–0xFF as Latin-1 characters, and the letters they stand for.
# From glibc's TCVN5712-1 table, which matches TCVN3 for the lower-case letters
# (TCVN3 writes capitals with the same codes in a ".VnTimeH" font); 0xB0–0xB4, combining
# marks there, are not letters in TCVN3.
_TCVN3_CODES = ("¡¢£¤¥¦§¨©ª«¬\xad®¯µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçè"
                "éêëìíîïðñòóôõö÷øùúûüýþÿ")
_TCVN3_LETTERS = ("ĂÂÊÔƠƯĐăâêôơưđẰàảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợù"
                  "ỖủũúụừửữứựỳỷỹýỵỐ")
_FROM_TCVN3 = str.maketrans(_TCVN3_CODES, _TCVN3_LETTERS)
#: Unicode letters to TCVN3 codes (for making fixtures; capitals as their small letter).
TO_TCVN3 = str.maketrans(_TCVN3_LETTERS[7:], _TCVN3_CODES[7:])

# Characters no Vietnamese text holds but TCVN3 text is full of (0xA1–0xBF: "¸", "µ",
# "¶", "®", "¬"…), and those VNI marks that are no Vietnamese letter ("ø", "ï", "û", "ö",
# "ñ"…; VNI's other marks, "ù", "â", "õ", are Vietnamese letters too).
_TCVN3_SIGN = "¡¢£¤¥¦§¨©ª«¬\xad®¯µ¶·¸¹º»¼½¾¿"
_VNI_SIGN = "øïûöñåäëüæØÏÛÖÑÅÄËÜÆ"
_SIGNS = re.compile(f"[{re.escape(_TCVN3_SIGN + _VNI_SIGN)}]")
_BEYOND_LATIN1 = re.compile("[^\x00-\xff]")

# VNI: a letter followed by the marks it takes (lower and upper case).
_VNI_MARKS = {
    "ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323",
    "â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309",
    "ã": "\u0302\u0303", "ä": "\u0302\u0323",
    "ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309",
    "ü": "\u0306\u0303", "ë": "\u0306\u0323",
}
_VNI_MARKS.update({k.upper(): v for k, v in list(_VNI_MARKS.items())})
# Letters VNI writes as one character: đ, ơ, ư and the i's.
_VNI_LETTERS = {"ñ": "đ", "ô": "ơ", "ö": "ư", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}
_VNI_LETTERS.update({k.upper(): v.upper() for k, v in list(_VNI_LETTERS.items())})
_VNI_BASES = "aeouyAEOUY" + "ôöÔÖ"
_VNI_TOKEN = re.compile(
    f"([{_VNI_BASES}])([{''.join(_VNI_MARKS)}]{{1,2}})|([{''.join(_VNI_LETTERS)}])"
)


def from_tcvn3_letters(text: str) -> str:
    """TCVN3 (ABC) codes as the Unicode letters they stand for, in NFC; case as typed.

    For text whose font is known (:mod:`._fonts`): a capitals font's text is
    put in capitals there.

    Examples
    --------
    >>> from_tcvn3_letters("Hµ Néi"), from_tcvn3_letters("TRÎ EM")
    ('Hà Nội', 'TRẻ EM')
    """
    return unicodedata.normalize("NFC", text.translate(_FROM_TCVN3))


def from_tcvn3(text: str) -> str:
    """TCVN3 (ABC) text as Unicode NFC.

    TCVN3 has no capital toned letters: capitals are the small letters' codes
    in a ".VnTimeH" font.  Text whose plain letters are (nearly) all capitals
    was typed so, and is converted to capitals.

    Examples
    --------
    >>> from_tcvn3("B¸o c¸o kÕt qu¶"), from_tcvn3("M· ®¬n vÞ"), from_tcvn3("b) Tû LÖ TRÎ EM")
    ('Báo cáo kết quả', 'Mã đơn vị', 'b) TỶ LỆ TRẺ EM')
    """
    out = from_tcvn3_letters(text)
    letters = [c for c in text if c.isascii() and c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    if len(letters) >= 2 and capitals >= 0.8 * len(letters):
        head = out[:2] if out[1:2] == ")" else ""  # keep "b)" numbering as written
        return head + out[len(head):].upper()
    return out


def _vni_token(m: re.Match[str]) -> str:
    if m.group(3):
        return _VNI_LETTERS[m.group(3)]
    base = m.group(1)
    base = _VNI_LETTERS.get(base, base)  # ô, ö: ơ, ư before their tone mark
    return base + "".join(_VNI_MARKS[c] for c in m.group(2))


def from_vni(text: str) -> str:
    """VNI text as Unicode NFC.

    Examples
    --------
    >>> from_vni("Baùo caùo keát quaû"), from_vni("Maõ ñôn vò"), from_vni("Tröôøng")
    ('Báo cáo kết quả', 'Mã đơn vị', 'Trường')
    """
    return unicodedata.normalize("NFC", _VNI_TOKEN.sub(_vni_token, text))


_CONVERTERS = {TCVN3: from_tcvn3, VNI: from_vni}


def _kind(text: str) -> str | None:
    """"tcvn3" or "vni" for a text with a legacy signature, "unicode" for Unicode Vietnamese."""
    # A batch's forms share their labels; a long text (a note, a hostile cell) is never
    # kept from one file to the next.
    return _cached_kind(text) if len(text) <= 256 else _text_kind(text)


@lru_cache(maxsize=65_536)
def _cached_kind(text: str) -> str | None:
    return _text_kind(text)


def _text_kind(text: str) -> str | None:
    if _BEYOND_LATIN1.search(text):
        return "unicode"
    signs = _SIGNS.findall(text)
    if not signs:
        return None
    tcvn3 = sum(1 for c in signs if c in _TCVN3_SIGN)
    return TCVN3 if tcvn3 >= len(signs) - tcvn3 else VNI


def detect(texts: Iterable[str]) -> str | None:
    """The legacy encoding of a sheet's texts (``"TCVN3"``, ``"VNI"``) or None.

    Examples
    --------
    >>> detect(["B¸o c¸o kÕt qu¶", "M· ®¬n vÞ:", "30101"])
    'TCVN3'
    >>> detect(["Báo cáo kết quả", "Mã đơn vị:", "«Ghi chú»"]) is None
    True
    """
    votes = {TCVN3: 0, VNI: 0, "unicode": 0}
    for text in texts:
        kind = _kind(text)
        if kind is not None:
            votes[kind] += 1
    best = max((TCVN3, VNI), key=lambda k: votes[k])
    return best if votes[best] >= 2 and votes[best] > votes["unicode"] else None


def convert_rows(rows: list[list[Any]]) -> tuple[list[list[Any]], str | None]:
    """A sheet's rows with legacy text converted, and the encoding found (or None).

    The usual sheet has no legacy signature at all: one scan of its joined
    text says so, and the rows come back as they were.

    Examples
    --------
    >>> convert_rows([["M· ®¬n vÞ:", "30101"], ["Kú b¸o c¸o:", "N¨m 2024"]])
    ([['Mã đơn vị:', '30101'], ['Kỳ báo cáo:', 'Năm 2024']], 'TCVN3')
    >>> convert_rows([["Mã đơn vị:", "30101"]])
    ([['Mã đơn vị:', '30101']], None)
    """
    # Fast path (~40 µs a sheet): one search of the sheet's text joined.
    if not _SIGNS.search("".join([v for row in rows for v in row if type(v) is str])):
        return rows, None
    texts = [v for row in rows for v in row if isinstance(v, str) and v and not v.isascii()]
    encoding = detect(texts)
    if encoding is None:
        return rows, None
    convert = _CONVERTERS[encoding]
    # Only cells without Unicode Vietnamese, each converted once.
    done = {text: convert(text) for text in set(texts) if _kind(text) != "unicode"}
    return [[done.get(v, v) if isinstance(v, str) else v for v in row] for row in rows], encoding
