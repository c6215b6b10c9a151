"""One vocabulary: every code a person sees has a word in both languages, and an
output in one language carries none of the other's words."""

from __future__ import annotations

import random
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from babel.numbers import format_decimal

import childlabour_metrics as clm
from childlabour_metrics.analysis import values as compute
from childlabour_metrics.analysis.progress import METHODS, STATUSES, status_label
from childlabour_metrics.language.problems import PROBLEMS, SEVERITIES, render
from childlabour_metrics.language.words import WORDS, has_word, number, word
from childlabour_metrics.reference.units import LEVELS

#: Every family of codes that reaches a person, with its codes.
FAMILIES: dict[str, tuple[str, ...]] = {
    "status": ("ok", "warning", "error", "superseded"),
    "form": ("single", "consolidated"),
    "severity": SEVERITIES,
    "method": METHODS,
    "level": LEVELS,
    "reason": compute.REASON_CODES,
    "progress": STATUSES,
    "attainment": ("met", "not_met", "no_data", "no_target"),
    "completeness": ("received", "on_time", "late", "missing", "unexpected"),
    "why": ("unknown_unit", "unit_not_valid", "not_in_scope", "level_not_reporting",
            "period_not_expected"),
}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_every_code_has_a_word_in_both_languages(family: str) -> None:
    for code in FAMILIES[family]:
        key = f"{family}_{code}"
        assert has_word(key), key
        vi, en = word(key, "vi"), word(key, "en")
        assert vi.strip() and en.strip(), key
        assert vi != code and en != code, f"{key} shows its code"


def test_codes_in_the_data_have_words() -> None:
    # The statuses the library writes are the ones the vocabulary knows.
    assert set(FAMILIES["progress"]) == set(clm.STATUS_LABELS)
    assert set(FAMILIES["reason"]) == set(clm.REASONS)


def test_public_views_read_the_vocabulary() -> None:
    assert clm.REASONS["no_target"] == WORDS["reason_no_target"]
    assert clm.describe_reason("no_target", "en") == "No target set"
    assert clm.STATUS_LABELS["on_track"] == WORDS["progress_on_track"]
    assert status_label("deterioration", "en") == "Deterioration"
    with pytest.raises(KeyError):
        status_label("no_such_status")


def test_words_are_nfc_and_two_languages() -> None:
    import unicodedata

    for key, pair in WORDS.items():
        assert len(pair) == 2, key
        for text in pair:
            assert unicodedata.normalize("NFC", text) == text, key


def _vocabulary(lang: str) -> set[str]:
    """Words of one language that the other language never uses (4+ letters, no code)."""
    mine = 0 if lang == "vi" else 1
    words: set[str] = set()
    for pair in WORDS.values():
        if pair[0] == pair[1]:
            continue
        # {placeholders} are field names, not words of either language
        for token in re.findall(r"[^\W\d_]{4,}", re.sub(r"\{[^}]*\}", "", pair[mine])):
            words.add(token.lower())
    other = set()
    for pair in WORDS.values():
        other |= {t.lower() for t in re.findall(r"[^\W\d_]{4,}",
                                                re.sub(r"\{[^}]*\}", "", pair[1 - mine]))}
    return words - other


def _foreign(text: str, lang: str) -> set[str]:
    """Tokens of ``text`` that belong only to the other language's vocabulary.

    Quoted text is what a clerk types in the form ("6 tháng đầu năm 2024"), not a word
    of the output, and is left out.
    """
    text = re.sub(r'"[^"]*"', "", text)
    other = _vocabulary("en" if lang == "vi" else "vi")
    return {t for t in re.findall(r"[^\W\d_]{4,}", text.lower()) if t in other}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_problem_messages_speak_one_language(lang: str) -> None:
    fields = {"cell": "D12", "value": "7", "indicator": "CL02", "period": "2024H1",
              "unit_code": "00412", "detail": "x.xlsx"}
    table = pd.DataFrame([{"code": code, **fields} for code in PROBLEMS])
    table.loc[table["code"] == "UNEXPECTED_REPORT", "detail"] = "not_in_scope"
    out = render(table, lang, action=True)
    text = " ".join(out["message"]) + " " + " ".join(out["action"])
    assert _foreign(text, lang) == set()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_template_speaks_one_language(lang: str, tmp_path: Path) -> None:
    path = clm.write_template(tmp_path / "t.xlsx", "00001", "2024H1", lang=lang)
    sheet = openpyxl.load_workbook(path).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row
                    if isinstance(c.value, str))
    assert _foreign(text, lang) == set(), text[:300]


def test_the_language_check_can_fail() -> None:
    assert "cell" in _foreign("Ô D12 Cell", "vi")
    assert "không" in _foreign("Cell không", "en")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_error_messages_speak_one_language(lang: str) -> None:
    from childlabour_metrics.language.vocabulary import _ERRORS

    assert _ERRORS, "the library's error messages are vocabulary entries"
    for key in _ERRORS:
        text = word(key, lang, unused=None)  # a field given: every {placeholder} shows "?"
        assert text.strip() and text != key and "{" not in text, key
        assert _foreign(text, lang) == set(), (key, text)


def _awkward_numbers() -> list[float]:
    """Halves at every digit, signed zeros, values that round to zero, large and tiny."""
    rng = random.Random(22)
    values = [0.0, -0.0, -0.04, 0.05, 0.15, 0.25, 2.675, 1.005, -1.5, -2.5, 0.5, 999.95,
              -999.95, 1e12, 123456789.125, 0.045, 1e-9, float(2**53), 7]
    for _ in range(1500):
        values.append(round(rng.uniform(-1e6, 1e6), rng.randint(0, 4)))
        values.append(rng.randint(-10**6, 10**6) / rng.choice([2, 4, 8, 20, 200, 2000]))
        values.append(rng.uniform(-200, 200) * 10 ** rng.randint(-3, 9))
    return values


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_numbers_are_written_as_babel_writes_them(lang: str) -> None:
    # number() formats without Babel's per-call locale lookups; Babel stays the reference.
    for decimals in range(4):
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        for value in _awkward_numbers():
            assert number(value, lang, decimals) == format_decimal(
                value, format=pattern, locale=lang), (value, decimals)
    assert number(float("inf"), lang) == format_decimal(float("inf"), locale=lang)
