"""The one check of a table given to a computation (issue 23, issue 21 item 14)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pandera.errors
import pytest

from childlabour_metrics.language.errors import InputError, InputKeyError, InputTypeError
from childlabour_metrics.reference.schemas import (
    COUNT_MAX,
    check_observations,
    coerce_observations,
    not_unit_codes,
    validate_observations,
)
from tests.support import raises_en


def _table(**changes: list[object]) -> pd.DataFrame:
    frame = pd.DataFrame({"unit_code": ["10507", "10543"], "period": ["2025", "2025"],
                          "indicator": ["CL01", "CL01"], "numerator": [30, 12],
                          "denominator": [3000, 2400]})
    for col, values in changes.items():
        frame[col] = values
    return frame


# A bad value in a well-formed table: the row is marked with the reader's problem code.
MARKED = {
    "negative numerator": ({"numerator": [-5, 12]}, "NEGATIVE_COUNT"),
    "negative denominator": ({"denominator": [-3000, 2400]}, "NEGATIVE_COUNT"),
    "numerator over denominator": ({"numerator": [3001, 12]}, "NUMERATOR_GT_DENOMINATOR"),
    "zero denominator": ({"denominator": [0, 2400]}, "ZERO_DENOMINATOR"),
    "half-year 3": ({"period": ["2025H3", "2025"]}, "BAD_PERIOD"),
    "no period at all": ({"period": ["quý 3", "2025"]}, "BAD_PERIOD"),
    "a path for a code": ({"unit_code": ["../../../../tmp/pwn", "10543"]}, "BAD_UNIT_CODE"),
    "a NUL in a code": ({"unit_code": ["105\x0007", "10543"]}, "BAD_UNIT_CODE"),
    "a name for a code": ({"unit_code": ["Phường Cẩm Thượng", "10543"]}, "BAD_UNIT_CODE"),
}


@pytest.mark.parametrize("case", sorted(MARKED))
def test_a_bad_value_marks_its_row_and_says_so(case: str) -> None:
    changes, code = MARKED[case]
    table = _table(**changes)
    before = table.copy()
    with pytest.warns(UserWarning, match=rf"1 row\(s\) .* left out .*{code} \(1\)"):
        checked = check_observations(table)
    assert checked["status"].tolist() == ["error", "ok"]
    assert checked["problem"].iloc[0] == code and pd.isna(checked["problem"].iloc[1])
    pd.testing.assert_frame_equal(table, before)  # the input is not changed
    with pytest.raises(pandera.errors.SchemaErrors):  # the model says the same
        validate_observations(coerce_observations(table))


def test_a_clean_table_is_not_marked_and_warns_nothing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        checked = check_observations(_table(period=["Cả năm 2025", "2025"]))
    assert checked["status"].tolist() == ["ok", "ok"]
    assert checked["problem"].isna().all()
    assert checked["period"].tolist() == ["2025", "2025"]  # the library's spelling


def test_rows_already_marked_keep_their_status_and_are_not_checked_again() -> None:
    table = _table(numerator=[-5, 12], status=["superseded", "warning"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        checked = check_observations(table)
    assert checked["status"].tolist() == ["superseded", "warning"]
    assert checked["problem"].isna().all()


def test_checking_a_checked_table_marks_nothing_new() -> None:
    with pytest.warns(UserWarning):
        checked = check_observations(_table(numerator=[-5, 12]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = check_observations(checked)
    pd.testing.assert_frame_equal(again, checked)


# A malformed table: an InputError naming the column, the row and the value.
RAISED = {
    "text for a count": ({"numerator": ["ba mươi", 12]}, InputTypeError,
                         r"'numerator', row 0: 'ba mươi' is not a count"),
    "True for a count": ({"denominator": [True, 2400]}, InputTypeError,
                         r"'denominator', row 0: True is not a count"),
    "infinite": ({"numerator": [np.inf, 12.0]}, InputError,
                 r"'numerator', row 0: inf is not a finite number"),
    "1.5e20": ({"numerator": [1.5e20, 12.0]}, InputError, r"row 0: 1\.5e\+20 is beyond 1e\+12"),
    "a fraction": ({"numerator": [2.5, 12.0]}, InputError, "with a fraction"),
    "codes as numbers with decimals": ({"unit_code": [10507.0, np.nan]}, InputTypeError,
                                       r"row 0: 10507\.0 is a number with decimals"),
    "unknown status": ({"status": ["OK", "ok"]}, InputError, r"the row status 'OK'"),
}


@pytest.mark.parametrize("case", sorted(RAISED))
def test_a_malformed_table_is_an_error_naming_the_column(case: str) -> None:
    changes, error, pattern = RAISED[case]
    with raises_en(error, pattern):
        check_observations(_table(**changes))


def test_a_missing_or_doubled_column_is_an_error() -> None:
    with raises_en(InputKeyError, r"lacks the column\(s\) denominator"):
        check_observations(_table().drop(columns="denominator"))
    doubled = pd.concat([_table(), _table()[["numerator"]]], axis=1)
    with raises_en(InputError, r"the column\(s\) numerator twice"):
        check_observations(doubled)


def test_blank_text_is_a_missing_count() -> None:
    checked = check_observations(_table(numerator=["", " 12 "]))
    assert pd.isna(checked["numerator"].iloc[0]) and checked["numerator"].iloc[1] == 12


def test_the_count_limit_is_the_readers() -> None:
    from childlabour_metrics.io._forms import COUNT_MAX as READER_MAX

    assert COUNT_MAX == READER_MAX


def test_unit_codes_of_the_bundled_registries_are_codes() -> None:
    from childlabour_metrics.reference.official import official_units
    from childlabour_metrics.reference.units import sample_units

    for units in (official_units(), sample_units()):
        assert not not_unit_codes(units["code"]).any()
