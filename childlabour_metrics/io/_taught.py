"""Labels the user has taught: a table of row labels and the codes they name.

Teach once: ``childlabour-metrics labels FOLDER --out labels.csv`` lists the
labels the reader could not place; a clerk fills in their ``code`` and gives
the file back (``read_reports(..., labels="labels.csv")``, ``--labels``).  A
taught (*confirmed*) label matches exactly, after the reader's own
normalisation (:func:`._labels.normalise_label`: case, accents, numbering,
units in brackets, abbreviations), before any scoring.

The table is checked once, where it is given, and becomes a :class:`Taught`:
small, hashable (the reader caches decisions per form) and picklable (the
worker processes read with it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..language.errors import InputError
from ..reference.indicators import INDICATOR_CODES
from ._labels import normalise_label

__all__ = ["UNKNOWN_COLUMNS", "Taught", "load_labels", "unknown_labels"]

_CODE = re.compile(r"cl\s*[-_.]?\s*0*(\d{1,2})", re.IGNORECASE)
#: The columns a table of labels needs.
COLUMNS = ("label", "code")


@dataclass(frozen=True)
class Taught:
    """Confirmed labels: ``(normalised label, code)`` pairs, sorted.

    Examples
    --------
    >>> taught = load_labels(pd.DataFrame({"label": ["Số TE học bán trú"], "code": ["CL07"]}))
    >>> taught.code_of(normalise_label("1. SO TRE EM HOC BAN TRU")), taught.code_of("x")
    ('CL07', None)
    """

    pairs: tuple[tuple[str, str], ...]

    def __post_init__(self) -> None:
        # Hashed once: the table is a cache key of every form read (a long table's
        # hash is not computed again per label).
        object.__setattr__(self, "_hash", hash(self.pairs))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[attr-defined]

    def __reduce__(self) -> tuple[Any, ...]:
        # The pairs only: a worker hashes them anew (hashes of text differ by process).
        return (Taught, (self.pairs,))

    def code_of(self, normalised: str) -> str | None:
        """The code taught for a normalised label, or None."""
        return _lookup(self.pairs).get(normalised)

    def __len__(self) -> int:
        return len(self.pairs)


@lru_cache(maxsize=8)
def _lookup(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


def load_labels(table: pd.DataFrame | str | os.PathLike[str] | Taught | None) -> Taught | None:
    """The confirmed labels of a table (a CSV path or a DataFrame with ``label``, ``code``).

    Rows with an empty ``code`` are labels not yet taught (as ``labels``
    writes them) and are passed over; other columns (the candidates, the
    files) are ignored.  A code is written as the reader reads codes ("CL01",
    "cl1", "CL-01").

    Raises
    ------
    InputError
        A missing column; a code that is no indicator, a label that says
        nothing once normalised, or one label taught two codes: each named by
        its line (in a CSV, the file's line; in a DataFrame, its row from 1).

    Examples
    --------
    >>> load_labels(None) is None
    True
    >>> bad = pd.DataFrame({"label": ["Trẻ em học bán trú"], "code": ["CL99"]})
    >>> load_labels(bad)
    Traceback (most recent call last):
    ...
    childlabour_metrics.language.errors.InputError: labels, dòng 1: ...
    """
    if table is None or isinstance(table, Taught):
        return table
    if isinstance(table, pd.DataFrame):
        frame, where, first = table, "labels", 1
    else:
        path = Path(table)
        try:
            frame = pd.read_csv(path, dtype="str", keep_default_na=False,
                                encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise InputError("err_labels_no_file", file=str(path)) from exc
        where, first = str(path), 2  # the header is line 1
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError("err_input_missing_columns", file=where, columns=", ".join(missing),
                         expected=", ".join(COLUMNS))
    pairs: dict[str, tuple[str, int]] = {}
    for n, (label, code) in enumerate(zip(frame["label"], frame["code"], strict=True)):
        line = n + first
        code = "" if _blank(code) else str(code).strip()
        if not code:
            continue
        m = _CODE.fullmatch(code)
        found = f"CL{int(m.group(1)):02d}" if m else None
        if found not in INDICATOR_CODES:
            raise InputError("err_labels_unknown_code", file=where, line=line, value=code,
                             known=f"{INDICATOR_CODES[0]}…{INDICATOR_CODES[-1]}")
        words = "" if _blank(label) else normalise_label(str(label))
        if not words:
            raise InputError("err_labels_empty_label", file=where, line=line,
                             value=repr("" if _blank(label) else str(label)))
        before = pairs.get(words)
        if before is not None and before[0] != found:
            raise InputError("err_labels_two_codes", file=where, line=line, value=str(label),
                             code=found, other=before[0], other_line=before[1])
        pairs.setdefault(words, (found, line))
    return Taught(tuple(sorted((words, code) for words, (code, _) in pairs.items())))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or not str(
        value).strip()


#: The columns of the table of labels not recognised (:func:`unknown_labels`).
UNKNOWN_COLUMNS = ("label", "code", "candidates", "rows", "files")


def unknown_labels(problems: pd.DataFrame) -> pd.DataFrame:
    """The row labels a read did not recognise, one line per label, to be taught once.

    From a read's problems (``UNKNOWN_INDICATOR_LABEL``): the label (as first
    written; spellings that normalise alike are one label), an empty
    ``code`` for a clerk to fill in, the best candidates with their scores,
    how many rows carry it and the files where it appears.  Once ``code`` is
    filled, the table goes back as ``read_reports(..., labels=...)``.

    Examples
    --------
    >>> problems = pd.DataFrame({"code": ["UNKNOWN_INDICATOR_LABEL"] * 2,
    ...     "value": ["Tỷ lệ được tập huấn", "1. TY LE DUOC TAP HUAN"],
    ...     "detail": ["CL12 0.48, CL10 0.40"] * 2, "file": ["b.xlsx", "a.xlsx"]})
    >>> unknown_labels(problems).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'label': 'Tỷ lệ được tập huấn', 'code': '', 'candidates': 'CL12 0.48, CL10 0.40',
      'rows': 2, 'files': 'a.xlsx | b.xlsx'}]
    """
    found = problems.loc[problems["code"] == "UNKNOWN_INDICATOR_LABEL",
                         ["value", "detail", "file"]].astype("str")
    keys = pd.Series(found["value"].unique())
    normal = dict(zip(keys, keys.map(normalise_label), strict=True))  # once per label
    found = found.assign(key=found["value"].map(normal))
    found = found[found["key"] != ""]  # a row without a label cannot be taught
    if found.empty:
        return pd.DataFrame({c: pd.Series(dtype="str" if c != "rows" else "int64")
                             for c in UNKNOWN_COLUMNS})
    grouped = found.groupby("key", sort=False)
    table = pd.DataFrame({
        "label": grouped["value"].first(),
        "code": "",
        "candidates": grouped["detail"].first(),
        "rows": grouped.size().astype("int64"),
        "files": grouped["file"].agg(lambda files: " | ".join(sorted(set(files)))),
    })
    table = table.sort_values(["rows", "label"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)[list(UNKNOWN_COLUMNS)]
