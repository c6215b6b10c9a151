"""Words for people: vocabulary entries in a checked language, numbers as people read them.

The vocabulary itself is :mod:`~childlabour_metrics.language.vocabulary`;
this module is how the rest of the library takes words from it (:func:`word`),
checks a ``lang=`` argument (:func:`check_lang`), writes numbers
(:func:`number`, :func:`percent`, with Babel's marks of each language) and
makes text from files safe to print on a terminal (:func:`printable`).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from typing import Any

from babel.numbers import (
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    parse_pattern,
)

from .errors import InputError
from .vocabulary import LANGS, WORDS, text

__all__ = ["CONTROLS", "LANGS", "WORDS", "check_lang", "has_word", "number", "percent",
           "printable", "word"]


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise :class:`InputError`.

    The one check of a ``lang=`` argument; the error is a ``ValueError``.

    Examples
    --------
    >>> check_lang("en")
    'en'
    >>> try:
    ...     check_lang("fr")
    ... except ValueError as exc:
    ...     print(exc.message("en"))
    the language 'fr' is not supported: "lang" must be "vi" or "en".
    """
    if lang not in LANGS:
        raise InputError("err_input_bad_lang", value=repr(lang))
    return lang


def has_word(key: str) -> bool:
    """Whether ``key`` has a word in the vocabulary.

    Examples
    --------
    >>> has_word("lang_vi"), has_word("no such key")
    (True, False)
    """
    return key in WORDS


def word(key: str, lang: str = "vi", **fields: Any) -> str:
    """The word or message for ``key`` in ``lang``, NFC, placeholders filled.

    Parameters
    ----------
    key : str
        A key of :data:`WORDS`.
    lang : {"vi", "en"}
        Language of the output.
    **fields
        Values for the message's ``{placeholders}``; a missing one shows "?".

    Returns
    -------
    str

    Raises
    ------
    KeyError
        When ``key`` has no word: every code shown to a person must have one.

    Examples
    --------
    >>> word("lang_vi"), word("lang_vi", "en")
    ('Tiếng Việt', 'Vietnamese')
    """
    return text(key, check_lang(lang), **fields)


def number(value: Any, lang: str = "vi", decimals: int = 0) -> str:
    """A number as a person reads it in ``lang``: grouping and decimal marks by Babel.

    The one number format of every output (tables, charts, the command line).
    A missing value is an empty string, never "nan".

    Parameters
    ----------
    value : float, int or None
        The number; None, NaN and ``pd.NA`` are missing.
    lang : {"vi", "en"}
        Language of the output: Vietnamese writes ``1.234,5``, English ``1,234.5``.
    decimals : int
        Digits after the decimal mark, always shown.

    Returns
    -------
    str

    Examples
    --------
    >>> number(1234.56, "vi", 1), number(1234.56, "en", 1), number(None)
    ('1.234,6', '1,234.6', '')
    """
    try:
        if value is None or math.isnan(x := float(value)):
            return ""
    except (TypeError, ValueError):
        return ""
    decimal_mark, group_mark, minus, group = _marks(check_lang(lang))
    if math.isinf(x) or not 0 <= decimals < len(_QUANTA):
        return str(format_decimal(x, format=_pattern(decimals), locale=lang))
    # What Babel's format_decimal does with this pattern, without its per-call lookups
    # of the locale (35 µs a number, most of the page's time on a national report):
    # the float's shortest text as a decimal, rounded half to even, grouped; the sign
    # is the unrounded value's, as Babel's ("-0,0" for -0.04).
    # tests/language/test_words.py holds the two equal on awkward values.
    exact = Decimal(repr(x))
    rounded = abs(exact).quantize(_QUANTA[decimals], ROUND_HALF_EVEN)
    whole, _, fraction = f"{rounded:f}".partition(".")
    groups = []
    while len(whole) > group:
        groups.append(whole[-group:])
        whole = whole[:-group]
    groups.append(whole)
    text = group_mark.join(reversed(groups))
    if decimals:
        text += decimal_mark + fraction
    return minus + text if exact.is_signed() else text


#: The quantum of each number of decimals (``Decimal("0.01")`` for 2).
_QUANTA = tuple(Decimal(1).scaleb(-n) for n in range(16))


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


@lru_cache(maxsize=8)
def _marks(lang: str) -> tuple[str, str, str, int]:
    """A language's decimal mark, group mark, minus sign and group size, from Babel."""
    size = parse_pattern(_pattern(0)).grouping[0]
    return (get_decimal_symbol(lang), get_group_symbol(lang), get_minus_sign_symbol(lang), size)


def percent(value: Any, lang: str = "vi", decimals: int = 1) -> str:
    """A value already in percent (``12.5`` is 12.5 %) with its sign, as ``lang`` writes it.

    Examples
    --------
    >>> percent(12.5), percent(12.5, "en"), percent(None)
    ('12,5%', '12.5%', '')
    """
    text = number(value, lang, decimals)
    if not text:
        return ""
    # Vietnamese documents write "1%" as the plans do ("xuống 1%"), not "1 %".
    return f"{text}%"


#: Escape sequences (CSI and others) and control characters: from a file's cells or
#: name they would move a terminal's cursor, recolour or retitle it, or ring its bell.
#: A string command (OSC: set the title; DCS, PM, APC) goes whole, to its terminator.
CONTROLS = re.compile(r"\x1b[\]P^_][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]"
                      r"|\x1b[@-_]|[\x00-\x1f\x7f-\x9f]")
#: The same, line breaks and tabs kept (a CSV's cells may hold them).
_CONTROLS_BUT_LINES = re.compile(CONTROLS.pattern.replace(r"[\x00-\x1f", r"[\x00-\x08\x0b-\x1f"))


def printable(text: str, *, lines: bool = False) -> str:
    r"""``text`` without escape sequences and control characters: what a terminal may print.

    The one cleaning of everything the command line prints from a file (its
    tables, ``check-form``'s lines, error messages quoting a cell or a name,
    the cells of ``--format csv`` and ``json``).  Line breaks and tabs go too,
    unless ``lines`` (a CSV cell may hold them; a table's line may not).

    Examples
    --------
    >>> printable("Xã \x1b[2J\x1b]0;x\x07An\tB\x9b"), printable("a\tb\r\nc\x07", lines=True)
    ('Xã AnB', 'a\tb\nc')
    """
    return (_CONTROLS_BUT_LINES if lines else CONTROLS).sub("", text)
