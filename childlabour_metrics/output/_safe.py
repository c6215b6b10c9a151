"""Text and files made safe for each output: the one place for output safety.

Text from the field (unit names, cell text, file names) reaches four formats
that each refuse something: openpyxl refuses XML-illegal control characters,
matplotlib reads ``$…$`` as mathtext, a spreadsheet evaluates text starting
with ``=``, and a file name that is not valid UTF-8 (a surrogate-escaped
``str`` from :func:`os.fsdecode`) cannot be encoded at all.  Every output
cleans text here, and writes its files through :func:`atomic_write`, so a
failure never leaves a half-written report in place of the last good one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..language.words import word
from ._safety import atomic_write, is_formula_text

__all__ = ["atomic_write", "chart_text", "safe_text", "shown_name", "writing", "xml_text"]

# Characters XML 1.0 forbids (openpyxl raises IllegalCharacterError on them).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_REPLACEMENT = "\ufffd"


def shown_name(text: str) -> str:
    """Text any output can encode: bytes that were not UTF-8 become U+FFFD, NFC.

    Examples
    --------
    >>> import os
    >>> shown_name(os.fsdecode(b"b\\xe1o-c\\xe1o.xlsx"))
    'b�o-c�o.xlsx'
    >>> shown_name("Xa\u0303 An")  # decomposed "ã" composed
    'Xã An'
    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate not from surrogateescape
        raw = text.encode("utf-8", "replace")
    return unicodedata.normalize("NFC", raw.decode("utf-8", "replace"))


def xml_text(text: str) -> str:
    """Text a workbook or web page can hold: control characters replaced by U+FFFD.

    Examples
    --------
    >>> xml_text("Xã\\x07 An\\x00Bình\\tx")
    'Xã� An�Bình\\tx'
    """
    return _XML_ILLEGAL.sub(_REPLACEMENT, shown_name(text))


def chart_text(text: str) -> str:
    """Text a figure shows as typed: ``$`` escaped so that it is never mathtext.

    Examples
    --------
    >>> chart_text("Xã $x^2$")
    'Xã \\\\$x^2\\\\$'
    """
    return xml_text(text).replace("$", r"\$")


def safe_text(value: str) -> tuple[str, bool]:
    """Text for a spreadsheet cell, and whether it must be kept from being read as a formula.

    Parameters
    ----------
    value : str
        Text from a workbook, a file name, a unit name.

    Returns
    -------
    tuple of (str, bool)
        The cleaned NFC text (see :func:`xml_text`) and True when it starts
        with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return), which
        spreadsheet programs may evaluate.

    Examples
    --------
    >>> safe_text("=HYPERLINK(\\"http://x\\")")[1], safe_text("Xã An Bình")
    (True, ('Xã An Bình', False))
    """
    text = xml_text(value)
    return text, is_formula_text(text)


@contextmanager
def writing(path: Path, lang: str) -> Iterator[Path]:
    """:func:`atomic_write`, its failure said in one line (in ``lang``) naming the file."""
    try:
        with atomic_write(path) as tmp:
            yield tmp
    except OSError as exc:
        raise OSError(word("report_write_failed", lang, file=shown_name(str(path)),
                           why=exc.strerror or exc)) from exc
