"""A registry may carry each unit's population (issue 25): read as whole numbers, its
mistakes named, and left out when absent."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.reference.units import POPULATION, load_units, rows_in_period
from tests.support import raises_en


def _registry(population: list[object]) -> pd.DataFrame:
    return pd.DataFrame({"code": ["30", "00412"], "name": ["Tỉnh", "Xã A"],
                         "level": ["province", "commune"], "parent_code": ["", "30"],
                         "population": population})


@pytest.mark.parametrize("given, read", [
    (["1.892.254", ""], [1892254, None]),  # typed with thousands marks
    (["1 892 254", "8,120"], [1892254, 8120]),
    ([1892254.0, None], [1892254, None]),  # a numeric column (Excel)
    ([1892254, 8120], [1892254, 8120]),
])
def test_population_is_read_as_whole_numbers(given: list[object], read: list[object]) -> None:
    units = load_units(_registry(given))
    assert str(units[POPULATION].dtype) == "Int64"
    assert [None if pd.isna(v) else int(v) for v in units[POPULATION]] == read


@pytest.mark.parametrize("bad", [["many", "1"], ["-5", "1"], ["12.5", "1"], [1.5, 2.0]])
def test_a_population_that_is_not_a_count_is_named(bad: list[object]) -> None:
    with raises_en(ValueError, r'unreadable population \("population"\) for unit\(s\) '
                               r"\['30'\]"):
        load_units(_registry(bad))


def test_population_from_a_csv_and_by_period(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    _registry(["1892254", "8120"]).to_csv(path, index=False)
    units = load_units(path)
    found = rows_in_period(pd.Series(["00412"]), pd.Series(["2024"]), units)
    assert found[POPULATION].tolist() == [8120]
    assert POPULATION not in load_units(_registry([1, 2]).drop(columns="population")).columns
