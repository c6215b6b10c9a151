"""Recognising an indicator row by its label, when the form has no code column.

A clerk who deletes the "Mã chỉ tiêu" column, or a province with its own
form, still names each row: "1. Tỷ lệ trẻ em được cung cấp thông tin, kiến
thức (%)", "So can bo, cong chuc cap xa duoc tap huan", "Tỷ lệ LĐTE (%)".
This module scores a label against every text of the catalogue (names,
numerators, denominators, in Vietnamese and English, and the aliases in
``data/indicator_aliases.csv``) and says which indicator it is, or why it
cannot tell.

Labels and catalogue texts are first normalised alike: folded (no case,
accents, numbering, units in brackets or punctuation), then rewritten by the
lexicon ``data/label_lexicon.csv``: the abbreviations of administrative
forms ("LĐTE", "HTX", "CCVC") spelled out, and the synonyms officers use
("tuyên truyền", "truyền thông" → "cung cấp thông tin"; "phụ huynh" → "cha
mẹ"; "bồi dưỡng" → "tập huấn"), each entry with where it comes from.  The
lexicon is data, read once; ``tests/io/test_labels_lexicon.py`` holds that no
entry makes two indicators' texts the same.

The score is the cosine between the label's words and a text's words, each
word weighted by how rare it is among the indicators (inverse document
frequency): words many indicators share ("được", "tập huấn") weigh little,
so "Tỷ lệ được tập huấn" names no subject and matches nothing.  A match
needs a high score, a clear margin over the next indicator, and a word that
tells the two apart (or every word of the text it matched: "Lao động trẻ em"
is the whole of CL01's alias, though CL04's longer name holds its words
too).  A label that names no measure ("Cán bộ, công chức": informed or
trained?) names a population; when indicators measuring different things
share a weighty term of it, it stays unclear, whatever its scores.  The
measures (an action done, "được tập huấn", or a situation, "lao động trẻ
em") are data too, ``data/label_measures.csv``.  The candidates and their
scores are kept, and the codes the label could be
(:attr:`LabelMatch.plausible`): the whole form can then decide between those
(:mod:`._assign`).
"""

from __future__ import annotations

import csv
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..reference._resources import data_file
from ..reference.indicators import indicators
from ..reference.periods import fold_text

__all__ = ["LabelMatch", "lexicon_entries", "match_label", "normalise_label"]

#: A clear best match scores at least this (cosine, 0–1) ...
MIN_SCORE = 0.8
#: ... and this much more than the next indicator.
MIN_MARGIN = 0.12
#: Candidates named in a problem score at least this.
SHOWN_SCORE = 0.3
#: A code the label could be explains at least this share of the label's known words
#: (by weight), when words the catalogue never uses are at most :data:`UNKNOWN_SHARE`
#: of the label ...
PLAUSIBLE_COVER = 0.85
#: ... and a code that alone explains this share is the label's, when it also scores
#: :data:`EXPLAINED_SCORE` and words the catalogue never uses are at most
#: :data:`UNKNOWN_SHARE` of the label.
EXPLAINED_COVER = 0.9
EXPLAINED_SCORE = 0.5
UNKNOWN_SHARE = 0.34
#: A label naming no measure is unclear when an indicator measuring something else
#: shares a term with it weighing at least this share of its words.
RIVAL_SHARE = 0.25

# Row numbering before the label: "1.", "1.2.", "a)", "II.", "1-", "Chỉ tiêu 4:", "-", "+".
_NUMBERING = re.compile(
    r"^(?:(?:chi tieu\s*\d+[a-z]?|[ivx]+|\d+(?:\.\d+)*|[a-z])\s*[.):/-]|chi tieu\s*\d+\b"
    r"|[-+*•])\s*")
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
# Words that say what kind of figure a row holds, not what it counts ("số người": a
# number of people, unless they are "người chưa thành niên" or "người chăm sóc").
_LEADING = re.compile(r"^(?:ty le|ti le|so luong|tong so|so nguoi(?! chua thanh nien| cham soc)"
                      r"|so|percentage of|share of|number of|rate of) ")


@dataclass(frozen=True)
class _Rule:
    """Lexicon entries of one pass: a pattern of their variants and what each becomes."""

    pattern: re.Pattern[str] | None
    becomes: dict[str, str]

    def apply(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.becomes[m.group(0).lower()], text)


def lexicon_entries() -> list[dict[str, str]]:
    """The lexicon's entries (``kind, variant, canonical, match, source``), as in the file.

    Examples
    --------
    >>> entry = lexicon_entries()[0]
    >>> entry["kind"], entry["variant"], entry["canonical"]
    ('abbreviation', 'LĐTE', 'lao động trẻ em')
    """
    with data_file("label_lexicon.csv").open("r", encoding="utf-8") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


def _folded_words(text: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", fold_text(text)).split())


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, _Rule, _Rule]:
    """The lexicon as three passes: unmarked abbreviations (on the text as written),
    then abbreviations, then synonyms (on the folded words); longest variant first."""
    unmarked: dict[str, str] = {}
    folded: dict[str, dict[str, str]] = {"abbreviation": {}, "synonym": {}}
    for entry in lexicon_entries():
        canonical = _folded_words(entry["canonical"])
        if entry["match"] == "unmarked":
            # Typed without marks only: "TE" is trẻ em, "tế" another word.
            unmarked[unicodedata.normalize("NFC", entry["variant"]).lower()] = entry["canonical"]
        else:
            folded[entry["kind"]][_folded_words(entry["variant"])] = canonical

    def rule(becomes: dict[str, str], edge: str) -> _Rule:
        if not becomes:
            return _Rule(None, becomes)
        variants = "|".join(re.escape(v) for v in sorted(becomes, key=len, reverse=True))
        return _Rule(re.compile(f"(?<!{edge})(?:{variants})(?!{edge})", re.IGNORECASE),
                     becomes)

    return (rule(unmarked, r"\w"), rule(folded["abbreviation"], r"\S"),
            rule(folded["synonym"], r"\S"))


@lru_cache(maxsize=16_384)
def _normalised(text: str) -> tuple[str, str]:
    """A label's words, and its words without the lexicon."""
    unmarked, abbreviations, synonyms = _rules()
    text = unicodedata.normalize("NFC", text)
    expanded = unmarked.apply(text)
    words = " ".join(_NOT_WORD.sub(" ", _numbered(expanded)).split())
    rewritten = abbreviations.apply(words)
    for _ in range(3):  # "bồi dưỡng kiến thức" → "tập huấn kiến thức" → "tập huấn"
        again = " ".join(synonyms.apply(rewritten).split())
        if again == rewritten:
            break
        rewritten = again
    return _without_leading(rewritten), _without_leading(
        words if expanded == text else " ".join(_NOT_WORD.sub(" ", _numbered(text)).split()))


def _numbered(text: str) -> str:
    """``text`` folded, without units in brackets and numbering."""
    folded = _PARENS.sub(" ", fold_text(text))
    while True:
        stripped = _NUMBERING.sub("", folded.strip())
        if stripped == folded.strip():
            return stripped
        folded = stripped


def _without_leading(text: str) -> str:
    while True:
        stripped = _LEADING.sub("", text)
        if stripped == text:
            return text
        text = stripped


def normalise_label(text: str) -> str:
    """A label folded to its words: no numbering, units, case, accents or punctuation,
    abbreviations spelled out and synonyms made one (``data/label_lexicon.csv``).

    Examples
    --------
    >>> normalise_label("1. Tỷ lệ trẻ em được cung cấp thông tin, kiến thức (%)")
    'tre em duoc cung cap thong tin kien thuc'
    >>> normalise_label("a) SỐ cán bộ,công chức cấp xã  được tập huấn (người)")
    'can bo cong chuc cap xa duoc tap huan'
    >>> normalise_label("II. Tỉ lệ LĐTE, NCTN (%)")
    'lao dong tre em nguoi chua thanh nien'
    >>> normalise_label("Phụ huynh được tuyên truyền"), normalise_label("Thuế, y tế")
    ('cha me duoc cung cap thong tin', 'thue y te')
    """
    return _normalised(text)[0]


@dataclass(frozen=True)
class LabelMatch:
    """How a label was understood: the code (None if unclear), the score, the candidates.

    ``how`` says why the code was chosen: ``"catalogue"`` (a name, numerator
    or denominator of the catalogue), ``"alias"`` (an alias), ``"lexicon"``
    (once the lexicon had spelled the label out), ``"confirmed"`` (a label
    taught by the user) or ``"assignment: …"`` (the whole form decided, and
    the evidence it used).  ``plausible``: the codes the label could be.
    """

    code: str | None
    score: float
    text: str  # the catalogue text that matched best
    candidates: tuple[tuple[str, float], ...]  # (code, score), best first
    how: str = ""
    plausible: tuple[str, ...] = ()

    def explain(self) -> str:
        """The candidates in words: "CL10 0.81, CL09 0.55" (or "—" for none).

        Every code the label could be, best first, and others that score
        :data:`SHOWN_SCORE`, up to three in all.
        """
        shown = [(code, score) for code, score in self.candidates if code in self.plausible]
        shown += [(code, score) for code, score in self.candidates
                  if score >= SHOWN_SCORE and code not in self.plausible][:max(0, 3 - len(shown))]
        shown.sort(key=lambda item: -item[1])
        return ", ".join(f"{code} {score:.2f}" for code, score in shown) or "—"


@dataclass(frozen=True)
class _Text:
    code: str
    text: str
    kind: str  # "name", "numerator", "denominator" or "alias"
    words: frozenset[str]


@lru_cache(maxsize=1)
def _catalogue() -> tuple[tuple[_Text, ...], dict[str, float]]:
    """Every catalogue text and each word's weight."""
    texts: list[tuple[str, str, str]] = []
    cat = indicators()
    for column in ("name_vi", "numerator_vi", "denominator_vi", "name_en", "numerator_en",
                   "denominator_en"):
        kind = column.split("_")[0]
        texts += [(code, text, kind) for code, text in zip(cat["code"], cat[column],
                                                            strict=True)]
    with data_file("indicator_aliases.csv").open("r", encoding="utf-8") as fh:
        texts += [(row["code"], row["alias"], "alias") for row in csv.DictReader(fh)]
    entries = tuple(_Text(code, text, kind, frozenset(normalise_label(text).split()))
                    for code, text, kind in texts)
    codes_of: dict[str, set[str]] = {}
    for entry in entries:
        for word in entry.words:
            codes_of.setdefault(word, set()).add(entry.code)
    total = len(set(cat["code"]))
    weight = {word: math.log(total / len(codes)) + 0.1 for word, codes in codes_of.items()}
    return entries, weight


@lru_cache(maxsize=1)
def _measures() -> tuple[tuple[str, str], ...]:
    """What a figure says of its population, as ``(measure, phrase)`` in label words:
    an action done ("informed", "trained"…) or a situation ("in child labour")."""
    with data_file("label_measures.csv").open("r", encoding="utf-8") as fh:
        return tuple((row["measure"], normalise_label(row["phrase"]))
                     for row in csv.DictReader(fh))


def _measured(text: str) -> frozenset[str]:
    """The measures a label's words name (``text`` as :func:`normalise_label` gives it)."""
    padded = f" {text} "
    return frozenset(measure for measure, phrase in _measures() if f" {phrase} " in padded)


def _terms(text: str) -> frozenset[str]:
    """A text's terms: its pairs of adjacent words (most Vietnamese terms are two
    syllables: "cán bộ", "công chức", "giáo viên"), or its one word."""
    words = text.split()
    if len(words) == 1:
        return frozenset(words)
    return frozenset(f"{a} {b}" for a, b in itertools.pairwise(words))


@lru_cache(maxsize=1)
def _codes_by_term() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Each term's indicators (any of their texts), and each indicator's measures (its
    names': CL10 "trained", CL03 "in child labour" and "supported")."""
    entries, _ = _catalogue()
    codes: dict[str, set[str]] = {}
    measures: dict[str, set[str]] = {}
    for entry in entries:
        text = normalise_label(entry.text)
        for term in _terms(text) | frozenset(text.split()):
            codes.setdefault(term, set()).add(entry.code)
        if entry.kind == "name":
            measures.setdefault(entry.code, set()).update(_measured(text))
    return ({term: frozenset(c) for term, c in codes.items()},
            {code: frozenset(m) for code, m in measures.items()})


def _population_rivals(text: str, code: str, own: dict[str, float]) -> tuple[str, ...]:
    """The indicators a label naming no measure could be besides ``code``, when one of
    them measures something else; () when the label names a measure, or its population
    is ``code``'s alone.

    A rival shares a term with the label that weighs at least :data:`RIVAL_SHARE` of
    its words (``own``: each word's squared weight).  "Cán bộ, công chức" shares "cán
    bộ" with CL05 (informed) and "công chức" with CL09 (trained), each half the label:
    it could be CL05, CL09 or CL10.  "Công chức, viên chức cấp tỉnh, huyện" shares
    terms with CL10 only, trained like CL09: it is CL09's.  "Người chăm sóc trẻ em"
    shares only "trẻ em", a light word, with CL07: it is CL06's.
    """
    if _measured(text):
        return ()
    by_term, measures = _codes_by_term()
    shared: dict[str, set[str]] = {}
    for term in _terms(text):
        for other in by_term.get(term, frozenset()):
            shared.setdefault(other, set()).update(term.split())
    total = sum(own.values())
    rivals = {other for other, words in shared.items()
              if other != code and sum(own[w] for w in words) >= RIVAL_SHARE * total}
    if len({measures.get(c, frozenset()) for c in rivals | {code}}) < 2:
        return ()
    return tuple(sorted(rivals | {code}))


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
    >>> m = match_label("Tỷ lệ LĐTE (%)")
    >>> m.code, m.how
    ('CL01', 'lexicon')
    >>> m = match_label("Tỷ lệ được tập huấn")  # trained, but who?
    >>> m.code is None, m.plausible
    (True, ('CL09', 'CL10', 'CL11', 'CL12', 'CL13'))
    >>> match_label("Được cung cấp thông tin, kiến thức").code is None  # given to whom?
    True
    """
    text, raw = _normalised(label)
    words = frozenset(text.split())
    if not words:
        return LabelMatch(None, 0.0, "", ())
    entries, weight = _catalogue()
    own = {word: weight.get(word, _UNKNOWN_WEIGHT) ** 2 for word in words}
    own_total = sum(own.values())
    own_norm = math.sqrt(own_total)
    known_total = sum(w for word, w in own.items() if word in weight) or 1.0
    best: dict[str, tuple[float, _Text]] = {}
    cover: dict[str, float] = {}
    for entry in entries:
        shared = words & entry.words
        if not shared:
            continue
        dot = sum(own[w] for w in shared)
        norm = math.sqrt(sum(weight[w] ** 2 for w in entry.words))
        score = dot / (own_norm * norm)
        if score > best.get(entry.code, (-1.0, entry))[0]:
            best[entry.code] = (score, entry)
        cover[entry.code] = max(cover.get(entry.code, 0.0), dot / known_total)
    if not best:
        return LabelMatch(None, 0.0, "", ())
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    candidates = tuple((code, round(score, 3)) for code, (score, _) in ranked)
    top_code, (top, found) = ranked[0]
    second, second_text = ranked[1][1] if len(ranked) > 1 else (0.0, None)
    # The codes the label could be: those whose texts hold (nearly) all its words, when
    # the catalogue knows most of them; the whole form may choose among these only.
    unknown_share = 1 - known_total / own_total
    plausible = tuple(sorted(code for code in best if cover[code] >= PLAUSIBLE_COVER)
                      ) if unknown_share <= UNKNOWN_SHARE else ()
    clear = top >= MIN_SCORE and top - second >= MIN_MARGIN
    # The subject: a word of the best text the runner-up's lacks ("trẻ em" for CL07
    # against CL05).  A label without one names only what indicators share, unless
    # it says all the best text says (a name or an alias, not a denominator: "Doanh
    # nghiệp" is CL12's denominator, and CL08's subject too).
    subject = found.words - (second_text.words if second_text else frozenset())
    whole = found.kind != "denominator" and found.words <= words
    # Nor may another indicator's texts hold (nearly) all the label's words: "Trẻ em
    # có nguy cơ, lao động trẻ em" is CL04's denominator, and CL03's subject too.
    explained = [code for code, share in cover.items() if share >= EXPLAINED_COVER]
    rivals = [code for code in explained if code != top_code]
    # Or the label's words are all (nearly) in one indicator's texts, and no other's:
    # "Phụ huynh được tuyên truyền" is CL06's, though its name says more, and "Doanh
    # nghiệp được truyền thông" CL08's, though CL12's short name scores higher.
    if not (clear and (whole or (words & subject and not rivals))):
        alone = (len(explained) == 1 and best[explained[0]][0] >= EXPLAINED_SCORE
                 and unknown_share <= UNKNOWN_SHARE)
        if not alone:
            return LabelMatch(None, round(top, 3), found.text, candidates, "", plausible)
        top_code = explained[0]
        top, found = best[top_code]
    # A label that says nothing of what was done or counted ("Cán bộ, công chức": informed
    # or trained?) names a population; it is one indicator's only if every indicator
    # that shares a term with it measures the same thing.
    sharing = _population_rivals(text, top_code, own)
    if sharing:
        return LabelMatch(None, round(top, 3), found.text, candidates, "", sharing)
    # The lexicon decided when the label's own words are not all in the text it matched.
    own_words = frozenset(raw.split()) <= frozenset(_normalised(found.text)[1].split())
    how = "alias" if found.kind == "alias" else "catalogue"
    if not own_words:
        how = "lexicon"
    return LabelMatch(top_code, round(top, 3), found.text, candidates, how, (top_code,))
