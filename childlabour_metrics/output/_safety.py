"""Writing safely: text a spreadsheet must not run as a formula, files written whole.

The one place for two concerns that every output shares (the command line's
CSV, the tidy exports, the report workbook, the problems workbooks):

- CSV/formula injection: a spreadsheet program runs a cell starting with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula, so
  such text gets a leading apostrophe (which spreadsheets show as text and
  which the tidy exports take off again on reading);
- a file is written to a temporary file in its own folder and renamed into
  place, so that Ctrl-C, a crash or a full disk leaves the previous complete
  file, never a half-written one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

__all__ = [
    "FORMULA_START",
    "atomic_write",
    "is_formula_text",
    "neutralise_formulas",
    "neutralise_frame",
    "restore_formulas",
]

#: First characters that make a spreadsheet run a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The escape; a reversible escape also escapes text that already starts with it,
#: so that taking one apostrophe off on reading is never ambiguous.
_ESCAPE = "'"


def is_formula_text(text: str) -> bool:
    """Whether a spreadsheet would run ``text`` as a formula.

    Examples
    --------
    >>> is_formula_text("=1+1"), is_formula_text("-5 trẻ"), is_formula_text("Xã An")
    (True, True, False)
    """
    return text.startswith(FORMULA_START)


def neutralise_formulas(values: pd.Series, *, reversible: bool = False) -> pd.Series:
    """Text a spreadsheet would run as a formula, with a leading apostrophe.

    Parameters
    ----------
    values : pandas.Series
        Text (missing values stay missing; other values are read as text).
    reversible : bool, default False
        Also escape text that already starts with an apostrophe, so that
        :func:`restore_formulas` gives back exactly ``values``.

    Returns
    -------
    pandas.Series
        Text, the same index.

    Examples
    --------
    >>> s = pd.Series(["=SUM(A1)", "'quoted", "Xã An", None])
    >>> neutralise_formulas(s).tolist()
    ["'=SUM(A1)", "'quoted", 'Xã An', nan]
    >>> back = restore_formulas(neutralise_formulas(s, reversible=True))
    >>> back.equals(s.astype("str"))
    True
    """
    text = values.astype("str")
    starts = (*FORMULA_START, _ESCAPE) if reversible else FORMULA_START
    risky = text.str.startswith(starts).fillna(False).astype(bool)
    return text.mask(risky, _ESCAPE + text)


def restore_formulas(values: pd.Series) -> pd.Series:
    """Undo :func:`neutralise_formulas` with ``reversible=True``: one apostrophe off.

    Examples
    --------
    >>> restore_formulas(pd.Series(["'=1", "''a", "b"])).tolist()
    ['=1', "'a", 'b']
    """
    text = values.astype("str")
    escaped = text.str.startswith(_ESCAPE).fillna(False).astype(bool)
    return text.mask(escaped, text.str[1:])


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text column passed through :func:`neutralise_formulas`.

    Number and boolean columns are left as they are.

    Examples
    --------
    >>> df = pd.DataFrame({"cell": ["=HYPERLINK(1)", "B2"], "n": [-1, 2]})
    >>> neutralise_frame(df).to_dict("list")
    {'cell': ["'=HYPERLINK(1)", 'B2'], 'n': [-1, 2]}
    """
    out = frame.copy()
    for col in out.columns:  # columns, not rows: a handful
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        text = series.astype("str")
        risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
        if risky.any():  # untouched columns keep their dtype
            out[col] = text.mask(risky, _ESCAPE + text)
    return out


@contextmanager
def atomic_write(path: str | Path) -> Iterator[Path]:
    """Write a file whole or not at all: yield a temporary path, rename it into place.

    The temporary file is in the same folder (a rename within one file
    system is atomic), so a reader sees the previous complete file or the
    new complete file, never a half-written one; on an error (Ctrl-C, a full
    disk) the temporary file is removed and the previous file stays.

    Examples
    --------
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_write(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("whole")
    >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('whole', ['a.txt'])
    """
    target = Path(path)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
