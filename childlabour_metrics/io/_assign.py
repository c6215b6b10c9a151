"""The whole form as evidence: which indicator each row of a codeless form is.

Each row's label is first read alone (:func:`._labels.match_label`, cached per
distinct label), unless the user taught it (a *confirmed* label, matched
exactly after the reader's normalisation, before any scoring).  A row whose
label alone is clear keeps its indicator.  The others — labels that could be
several indicators ("Doanh nghiệp": informed, CL08, or trained, CL12?) — are
decided together, from what the rest of the form says:

* **each indicator is taken at most once**: a code a clear or confirmed row
  holds is no candidate for another row, and the remaining rows get a best
  assignment over all of them at once (:func:`scipy.optimize.linear_sum_assignment`,
  not row by row), kept only where it is *forced*: a row is given a code only
  when every assignment that places as many rows gives it that code;
* **the unit column** ("người", "doanh nghiệp", "hộ", or a unit in brackets in
  the label, "(DN)"): a row counted in households is not CL12
  (``data/label_units.csv``);
* **the section title** above the row ("Mục tiêu 2: Truyền thông…",
  "II. Tập huấn"): the objective its indicators belong to;
* **the form's order**: when the decided rows follow the catalogue's order, a
  row between CL07 and CL09 is CL08 if it can be;
* **the counts' shapes**: CL01 and CL02 share their denominator, so a row
  whose denominator is that of the CL02 row is CL01 if it can be, and a row
  with another denominator is not.

Evidence narrows a row's candidates only when some remain: evidence that
contradicts the label decides nothing.  A decision taken from the form says so
in the row's provenance (``how``: ``"assignment: unit, order"``), and a row
still unclear stays a problem naming its candidates.
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import replace
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..reference._resources import data_file
from ..reference.indicators import indicators
from ._labels import LabelMatch, match_label, normalise_label
from ._taught import Taught

__all__ = ["FormRow", "assign", "read_label"]

# A unit in brackets within a label: "Số doanh nghiệp được tập huấn (DN)".
_BRACKETS = re.compile(r"\(([^)]*)\)")
_OBJECTIVE = re.compile(r"^muc tieu\s*(\d)\b")
#: The CL01 and CL02 rows of one report share their denominator (children 5–17).
_SHARED_DENOMINATOR = frozenset({"CL01", "CL02"})


class FormRow(NamedTuple):
    """What the form says of one row: its label, unit of measure, section and counts' shape.

    A row that carries its code (``code``) is decided by it, and takes part as
    evidence only.  A named tuple: a form's rows are a cache key, made per form.

    ``unit``: the unit-of-measure cell as written ("" if none).  ``section``:
    the title of the section the row is in ("" if none).  ``same_denominator``:
    the position of the first row of the form with the same denominator (the
    row's own position when none before it has it; -1 without a denominator),
    so that forms with the same labels and shapes share one decision.
    """

    label: str
    unit: str = ""
    section: str = ""
    same_denominator: int = -1
    code: str = ""  # the code the row carries (a consolidated group headed by a code)


def shapes(denominators: list[int | None]) -> list[int]:
    """Each row's :attr:`FormRow.same_denominator` from the rows' denominators.

    >>> shapes([1500, 1500, None, 400, 1500])
    [0, 0, -1, 3, 0]
    """
    first: dict[int, int] = {}
    return [-1 if d is None else first.setdefault(d, i) for i, d in enumerate(denominators)]


def read_label(label: str, taught: Taught | None = None) -> LabelMatch:
    """A label read alone: a confirmed label's code, else the matcher's reading.

    >>> read_label("Số LĐTE").code
    'CL01'
    >>> read_label("Xã Cộng Hòa").code is None
    True
    """
    if taught is not None:
        code = taught.code_of(normalise_label(label))
        if code is not None:
            return LabelMatch(code, 1.0, _text_of(code), ((code, 1.0),), "confirmed", (code,))
    return match_label(label)


def _alone(row: FormRow, taught: Taught | None) -> LabelMatch:
    if row.code:
        return LabelMatch(row.code, 1.0, row.code, ((row.code, 1.0),), "code", (row.code,))
    return read_label(row.label, taught)


@lru_cache(maxsize=1)
def _unit_codes() -> dict[str, frozenset[str]]:
    """Unit-of-measure words (normalised) and the indicators they can count."""
    with data_file("label_units.csv").open("r", encoding="utf-8") as fh:
        return {normalise_label(row["unit"]): frozenset(row["codes"].split())
                for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _objectives() -> dict[str, int]:
    cat = indicators()
    return {code: int(objective) for code, objective in zip(cat["code"], cat["objective"],
                                                             strict=True)}


@lru_cache(maxsize=4_096)
def unit_evidence(unit: str, label: str) -> frozenset[str] | None:
    """The indicators a row's unit can count (from its unit cell, else a unit in brackets
    in its label), or None when neither names a known unit.

    >>> sorted(unit_evidence("", "Số được tập huấn (hộ)"))
    ['CL08', 'CL13']
    >>> unit_evidence("%", "Tỷ lệ (%)") is None
    True
    """
    units = _unit_codes()
    for text in (unit, *_BRACKETS.findall(label)):
        found = units.get(normalise_label(text)) if text else None
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4_096)
def section_evidence(title: str) -> frozenset[str] | None:
    """The indicators of the objective a section title names, or None.

    >>> sorted(section_evidence("II. Mục tiêu 2: Truyền thông về phòng ngừa"))[:2]
    ['CL05', 'CL06']
    >>> sorted(section_evidence("3. Đào tạo, bồi dưỡng"))
    ['CL09', 'CL10', 'CL11', 'CL12', 'CL13']
    >>> section_evidence("Ghi chú") is None
    True
    """
    if not title:
        return None
    words = normalise_label(title)
    m = _OBJECTIVE.match(words)
    if m:
        objective = int(m.group(1))
    else:
        informed, trained = "cung cap thong tin" in words, "tap huan" in words
        if informed == trained:
            return None
        objective = 2 if informed else 3
    codes = frozenset(code for code, o in _objectives().items() if o == objective)
    return codes or None


@lru_cache(maxsize=4_096)
def assign(rows: tuple[FormRow, ...], taught: Taught | None = None) -> tuple[LabelMatch, ...]:
    """How each row of one form was read: the whole form taken as evidence.

    Examples
    --------
    >>> rows = (FormRow("Trẻ em được truyền thông"), FormRow("Doanh nghiệp"),
    ...         FormRow("DN được tập huấn"))
    >>> [(m.code, m.how) for m in assign(rows)]
    [('CL07', 'alias'), ('CL08', 'assignment: form'), ('CL12', 'lexicon')]
    >>> [m.code for m in assign(rows[:2])]  # CL12 free: "Doanh nghiệp" stays unclear
    ['CL07', None]
    """
    # The forms of a batch share their labels and shapes: each distinct form is
    # decided once per process (cached), and most need no deciding at all.
    found = [_alone(row, taught) for row in rows]
    if all(m.code is not None or len(m.plausible) < 2 for m in found):
        return tuple(found)  # the usual form: nothing for the form to decide
    why: dict[int, list[str]] = {}
    for _ in range(len(rows)):  # a decision can decide others (order, denominators)
        decided = {i: m.code for i, m in enumerate(found) if m.code is not None}
        # Only a choice between indicators is the form's to make: a label that is
        # near one indicator only, but not near enough, stays unclear.
        open_rows = [i for i, m in enumerate(found) if m.code is None and len(m.plausible) > 1]
        if not open_rows:
            break
        options = {i: _narrowed(i, rows, found, decided, why.setdefault(i, []))
                   for i in open_rows}
        chosen = _forced(options)
        if not chosen:
            break
        for i, code in chosen.items():
            m = found[i]
            score = dict(m.candidates).get(code, 0.0)
            reasons = ", ".join(why[i]) if why[i] else "form"
            found[i] = replace(m, code=code, score=score, text=_text_of(code),
                               how=f"assignment: {reasons}")
    return tuple(found)


def _narrowed(
    i: int, rows: tuple[FormRow, ...], found: list[LabelMatch], decided: dict[int, str],
    why: list[str],
) -> frozenset[str]:
    """Row ``i``'s candidates once the rest of the form has had its say."""
    row = rows[i]
    taken = set(decided.values())
    options = frozenset(found[i].plausible) - taken
    if len(options) < len(found[i].plausible) and "form" not in why:
        why.append("form")

    def narrow(evidence: frozenset[str] | None, name: str) -> None:
        nonlocal options
        if evidence is None:
            return
        kept = options & evidence
        if kept and kept != options:
            options = kept
            if name not in why:
                why.append(name)

    narrow(unit_evidence(row.unit, row.label), "unit")
    narrow(section_evidence(row.section), "section")
    narrow(_order_evidence(i, decided), "order")
    narrow(_denominator_evidence(i, rows, decided), "denominator")
    return options


def _order_evidence(i: int, decided: dict[int, str]) -> frozenset[str] | None:
    """The codes between the decided rows above and below, when the form keeps the
    catalogue's order (two decided rows at least, in increasing order)."""
    order = [decided[k] for k in sorted(decided)]
    if len(order) < 2 or any(a >= b for a, b in itertools.pairwise(order)):
        return None
    above = max((decided[k] for k in decided if k < i), default="")
    below = min((decided[k] for k in decided if k > i), default="CL99")
    return frozenset(code for code in _objectives() if above < code < below)


def _denominator_evidence(
    i: int, rows: tuple[FormRow, ...], decided: dict[int, str]
) -> frozenset[str] | None:
    """CL01 or CL02 as the counts' shape says: the partner of a decided CL01/CL02 row
    with the same denominator; not the partner of one with another denominator."""
    shape = rows[i].same_denominator
    if shape < 0:
        return None
    every = frozenset(_objectives())
    for k, code in decided.items():
        if code not in _SHARED_DENOMINATOR or rows[k].same_denominator < 0:
            continue
        partner = _SHARED_DENOMINATOR - {code}
        if rows[k].same_denominator == shape:
            return frozenset(partner)
        return every - partner
    return None


def _forced(options: dict[int, frozenset[str]]) -> dict[int, str]:
    """The rows whose code every largest assignment gives them (each code once).

    >>> _forced({0: frozenset({"CL08", "CL12"}), 1: frozenset({"CL12"})})
    {0: 'CL08', 1: 'CL12'}
    >>> _forced({0: frozenset({"CL08", "CL12"}), 1: frozenset({"CL08", "CL12"})})
    {}
    """
    rows = [i for i, codes in options.items() if codes]
    if not rows:
        return {}
    codes = sorted(set().union(*(options[i] for i in rows)))
    best = _largest(rows, codes, options, None)
    chosen = {}
    for i, code in best[1].items():
        # Forced when, without this pair, fewer rows can be placed.
        if _largest(rows, codes, options, (i, code))[0] < best[0]:
            chosen[i] = code
    return chosen


def _largest(
    rows: list[int], codes: list[str], options: dict[int, frozenset[str]],
    without: tuple[int, str] | None,
) -> tuple[int, dict[int, str]]:
    """How many rows a best assignment places, and where (a row may stay unplaced)."""
    from scipy.optimize import linear_sum_assignment  # lazy: ~0.5 s; only for unclear forms

    n, m = len(rows), len(codes)
    cost = np.zeros((n, m + n))
    for r, i in enumerate(rows):
        for c, code in enumerate(codes):
            allowed = code in options[i] and (i, code) != without
            cost[r, c] = -1.0 if allowed else 1.0
    row_ind, col_ind = linear_sum_assignment(cost)
    placed = {rows[r]: codes[c] for r, c in zip(row_ind, col_ind, strict=True)
              if c < m and cost[r, c] < 0}
    return len(placed), placed


@lru_cache(maxsize=32)
def _text_of(code: str) -> str:
    cat = indicators()
    return str(cat.loc[cat["code"] == code, "name_vi"].item())
