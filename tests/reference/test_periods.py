import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from childlabour_metrics.reference.periods import Period, PeriodError, fold_text, parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 tháng đầu năm 2024", "2024H1"),
        ("6 tháng năm 2024", "2024H1"),
        ("6 THANG DAU NAM 2024", "2024H1"),
        ("2024-H1", "2024H1"),
        ("2024H1", "2024H1"),
        ("H1/2024", "2024H1"),
        ("6 tháng cuối năm 2024", "2024H2"),
        ("2024H2", "2024H2"),
        ("Năm 2024", "2024"),
        ("Cả năm 2024", "2024"),
        ("2024", "2024"),
        (2024, "2024"),
        (2024.0, "2024"),
    ],
)
def test_parse_known_spellings(text, expected):
    assert str(parse_period(text)) == expected


def test_decomposed_unicode_is_the_same_period():
    import unicodedata

    text = unicodedata.normalize("NFD", "6 tháng cuối năm 2023")
    assert parse_period(text) == Period(2023, 2)


@pytest.mark.parametrize("text", ["", "quý 1 2024", "2024H3", "H1", None, True, "năm ngoái"])
def test_unparseable_raises(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_ordering_puts_year_after_its_halves():
    periods = [Period(2025), Period(2024), Period(2025, 1), Period(2024, 2), Period(2024, 1)]
    assert [str(p) for p in sorted(periods)] == ["2024H1", "2024H2", "2024", "2025H1", "2025"]


def test_bounds_and_kind():
    p = Period(2024, 2)
    assert (p.start, p.end, p.kind) == (dt.date(2024, 7, 1), dt.date(2024, 12, 31), "H2")
    assert Period(2024).kind == "year" and Period(2024).is_year


def test_fold_text():
    assert fold_text("Mã chỉ tiêu") == fold_text("MA  CHI TIEU") == "ma chi tieu"


@given(st.integers(1900, 2200), st.sampled_from([None, 1, 2]))
def test_round_trip(year, half):
    p = Period(year, half)
    assert parse_period(str(p)) == p
