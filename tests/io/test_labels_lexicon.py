"""The lexicon of abbreviations and synonyms is data, and harmless (issue 24)."""

from __future__ import annotations

import csv
import itertools

import pytest

from childlabour_metrics.io._assign import _unit_codes
from childlabour_metrics.io._labels import (
    _catalogue,
    _folded_words,
    lexicon_entries,
    match_label,
    normalise_label,
)
from childlabour_metrics.reference._resources import data_file
from childlabour_metrics.reference.indicators import INDICATOR_CODES, indicators


def test_every_entry_says_what_it_is_and_where_it_comes_from() -> None:
    entries = lexicon_entries()
    assert len(entries) >= 40
    for entry in entries:
        assert entry["kind"] in ("abbreviation", "synonym"), entry
        assert entry["match"] in ("folded", "unmarked"), entry
        assert entry["variant"].strip() and entry["source"].strip(), entry
    variants = [_folded_words(e["variant"]) + e["match"] for e in entries]
    assert len(variants) == len(set(variants))  # no entry twice


def test_no_entry_makes_two_indicators_texts_collide() -> None:
    # Every name, numerator and alias, spelled out by the whole lexicon: two
    # indicators never end with the same words (denominators are populations:
    # CL01 and CL02 share theirs by definition).
    texts = [t for t in _catalogue()[0] if t.kind != "denominator"]
    for a, b in itertools.combinations(texts, 2):
        if a.code != b.code:
            assert a.words != b.words, (a.text, b.text)
    cat = indicators()
    for column in ("name_vi", "name_en"):
        names = [normalise_label(text) for text in cat[column]]
        assert len(set(names)) == len(INDICATOR_CODES), column


@pytest.mark.parametrize("entry", lexicon_entries(), ids=lambda e: e["variant"])
def test_no_single_entry_makes_a_name_another_indicators(entry: dict[str, str]) -> None:
    # Each entry alone, as a label's words: the name it leads to still reads as its
    # own indicator (or as nothing), never as another's.
    cat = indicators()
    for code, name in zip(cat["code"], cat["name_vi"], strict=True):
        folded = normalise_label(name)
        canonical = normalise_label(entry["canonical"]) if entry["canonical"] else ""
        if canonical and canonical in folded:
            spelled = folded.replace(canonical, normalise_label(entry["variant"]), 1)
            assert match_label(spelled).code in (code, None), (entry, name, spelled)


def test_abbreviations_are_spelled_out_and_synonyms_made_one() -> None:
    assert normalise_label("LĐTE, NCTN") == normalise_label("lao động trẻ em, người chưa "
                                                             "thành niên")
    assert normalise_label("ldte") == "lao dong tre em"  # typed without diacritics
    assert normalise_label("CB, CC cấp xã") == "can bo cong chuc cap xa"
    for variant in ("tuyên truyền", "truyền thông", "cung cấp thông tin", "phổ biến"):
        assert normalise_label(f"Cha mẹ được {variant}") == "cha me duoc cung cap thong tin"
    assert normalise_label("phụ huynh") == normalise_label("bố mẹ") == "cha me"
    assert normalise_label("học nghề") == normalise_label("đào tạo nghề") == "dao tao nghe"
    assert normalise_label("bồi dưỡng") == "tap huan"
    assert normalise_label("hộ kinh doanh") == "ho gia dinh"
    assert normalise_label("Trẻ em lao động trái quy định của pháp luật") == "lao dong tre em"


def test_te_is_an_abbreviation_only_as_written_without_marks() -> None:
    assert normalise_label("TE được truyền thông") == "tre em duoc cung cap thong tin"
    assert normalise_label("Cán bộ y tế") == "can bo y te"  # tế is another word
    assert normalise_label("Kinh tế tập thể") == "kinh te tap the"


def test_numbering_capitals_and_diacritics_of_officers_labels() -> None:
    for spelling in ("1. Tỷ lệ LĐTE (%)", "a) Tỉ lệ LĐTE", "II. TỶ LỆ LĐTE",
                     "Ty le LDTE (%)", "Chỉ tiêu 1: Tỷ lệ LĐTE", "1- Tỷ lệ LĐTE"):
        assert normalise_label(spelling) == "lao dong tre em", spelling


def test_units_table_names_indicators_and_sources() -> None:
    with data_file("label_units.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["source"].strip() for r in rows)
    for codes in _unit_codes().values():
        assert codes and codes <= set(INDICATOR_CODES)
