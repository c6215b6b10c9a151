"""Recognising an indicator row by its label, when the form has no code column.

A clerk who deletes the "Mã chỉ tiêu" column, or a province with its own
form, still names each row: "1. Tỷ lệ trẻ em được cung cấp thông tin, kiến
thức (%)", "So can bo, cong chuc cap xa duoc tap huan".  This module scores
a label against every text of the catalogue (names, numerators,
denominators, in Vietnamese and English, and the aliases in
``data/indicator_aliases.csv``) and says which indicator it is, or why it
cannot tell.

The score is the cosine between the label's words and a text's words, each
word weighted by how rare it is among the indicators (inverse document
frequency): words many indicators share ("được", "tập huấn") weigh little,
so "Tỷ lệ được tập huấn" names no subject and matches nothing.  A match
needs a high score and a clear margin over the next indicator; the
candidates and their scores are kept, so every decision can be explained.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..reference._resources import data_file
from ..reference.indicators import indicators
from ..reference.periods import fold_text

__all__ = ["LabelMatch", "match_label", "normalise_label"]

#: A clear best match scores at least this (cosine, 0–1) ...
MIN_SCORE = 0.8
#: ... and this much more than the next indicator.
MIN_MARGIN = 0.12
#: Candidates named in a problem score at least this.
SHOWN_SCORE = 0.3

# Row numbering before the label: "1.", "1.2.", "a)", "II.", "-", "+".
_NUMBERING = re.compile(r"^(?:(?:[ivx]+|\d+(?:\.\d+)*|[a-z])\s*[.):/]|[-+*•])\s*")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Words that say what kind of figure a row holds, not what it counts.
_LEADING = ("ty le", "so luong", "tong so", "so", "percentage of", "share of", "number of",
            "rate of")


@lru_cache(maxsize=16_384)
def normalise_label(text: str) -> str:
    """A label folded to its words: no numbering, units, case, accents or punctuation.

    Examples
    --------
    >>> normalise_label("1. Tỷ lệ trẻ em được cung cấp thông tin, kiến thức (%)")
    'tre em duoc cung cap thong tin kien thuc'
    >>> normalise_label("a) SỐ cán bộ,công chức cấp xã  được tập huấn (người)")
    'can bo cong chuc cap xa duoc tap huan'
    """
    folded = fold_text(text)
    folded = _PARENS.sub(" ", folded)
    while True:
        stripped = _NUMBERING.sub("", folded.strip())
        if stripped == folded.strip():
            break
        folded = stripped
    words = _NOT_WORD.sub(" ", folded).split()
    text = " ".join(words)
    changed = True
    while changed:
        changed = False
        for lead in _LEADING:
            if text.startswith(lead + " "):
                text = text[len(lead) + 1:]
                changed = True
    return text


@dataclass(frozen=True)
class LabelMatch:
    """How a label was understood: the code (None if unclear), the score, the candidates."""

    code: str | None
    score: float
    text: str  # the catalogue text that matched best
    candidates: tuple[tuple[str, float], ...]  # (code, score), best first

    def explain(self) -> str:
        """The candidates in words: "CL10 0.81, CL09 0.55" (or "—" for none)."""
        shown = [f"{code} {score:.2f}" for code, score in self.candidates
                 if score >= SHOWN_SCORE][:3]
        return ", ".join(shown) or "—"


@lru_cache(maxsize=1)
def _catalogue() -> tuple[list[tuple[str, str, frozenset[str]]], dict[str, float]]:
    """Every catalogue text (code, text, words) and each word's weight."""
    texts: list[tuple[str, str]] = []
    cat = indicators()
    for column in ("name_vi", "numerator_vi", "denominator_vi", "name_en", "numerator_en",
                   "denominator_en"):
        texts += list(zip(cat["code"], cat[column], strict=True))
    with data_file("indicator_aliases.csv").open("r", encoding="utf-8") as fh:
        texts += [(row["code"], row["alias"]) for row in csv.DictReader(fh)]
    entries = [(code, text, frozenset(normalise_label(text).split())) for code, text in texts]
    codes_of: dict[str, set[str]] = {}
    for code, _, words in entries:
        for word in words:
            codes_of.setdefault(word, set()).add(code)
    total = len(set(cat["code"]))
    weight = {word: math.log(total / len(codes)) + 0.1 for word, codes in codes_of.items()}
    return entries, weight


#: Weight of a word the catalogue never uses (a typo, a place name): it counts against.
_UNKNOWN_WEIGHT = 1.0


@lru_cache(maxsize=16_384)
def match_label(label: str) -> LabelMatch:
    """Which indicator a row's label names, with its score and the candidates.

    Examples
    --------
    >>> match_label("1. Tỷ lệ trẻ em được cung cấp thông tin, kiến thức (%)").code
    'CL07'
    >>> match_label("So can bo, cong chuc cap xa duoc tap huan").code
    'CL10'
    >>> m = match_label("Tỷ lệ được tập huấn")  # trained, but who?
    >>> m.code is None, m.explain()
    (True, 'CL12 0.48, CL10 0.40, CL13 0.34')
    >>> match_label("Được cung cấp thông tin, kiến thức").code is None  # given to whom?
    True
    """
    words = frozenset(normalise_label(label).split())
    if not words:
        return LabelMatch(None, 0.0, "", ())
    entries, weight = _catalogue()
    own = {word: weight.get(word, _UNKNOWN_WEIGHT) for word in words}
    own_norm = math.sqrt(sum(w * w for w in own.values()))
    best: dict[str, tuple[float, str]] = {}
    for code, text, other in entries:
        shared = words & other
        if not shared:
            continue
        dot = sum(own[w] ** 2 for w in shared)
        norm = math.sqrt(sum(weight[w] ** 2 for w in other))
        score = dot / (own_norm * norm)
        if score > best.get(code, (-1.0, ""))[0]:
            best[code] = (score, text)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    candidates = tuple((code, round(score, 3)) for code, (score, _) in ranked)
    if not ranked:
        return LabelMatch(None, 0.0, "", ())
    top_code, (top, text) = ranked[0]
    second, second_text = ranked[1][1] if len(ranked) > 1 else (0.0, "")
    clear = top >= MIN_SCORE and top - second >= MIN_MARGIN
    # The subject: a word of the best text the runner-up's lacks ("trẻ em" for CL07
    # against CL05).  A label without one names only what indicators share.
    subject = _words(text) - _words(second_text)
    found = top_code if clear and words & subject else None
    return LabelMatch(found, round(top, 3), text, candidates)


@lru_cache(maxsize=1_024)
def _words(text: str) -> frozenset[str]:
    return frozenset(normalise_label(text).split())
