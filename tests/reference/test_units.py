import pandas as pd
import pytest

from childlabour_metrics.reference.units import (
    UnitRegistryError,
    ancestor_map,
    load_units,
    sample_units,
    units_valid_in,
)
from tests.support import raises_en


def _registry(**overrides):
    base = {
        "code": ["30", "288", "00412", "00413"],
        "name": ["Tỉnh Hải Dương", "TP Hải Dương", "Phường A", "Phường B"],
        "level": ["province", "district", "commune", "commune"],
        "parent_code": ["", "30", "288", "288"],
        "valid_from": ["", "", "", "2022-01-01"],
        "valid_to": ["", "", "2023-06-30", ""],
    }
    base.update(overrides)
    return pd.DataFrame(base)


def test_codes_keep_leading_zeros_from_csv(tmp_path):
    path = tmp_path / "units.csv"
    _registry().to_csv(path, index=False)
    units = load_units(path)
    assert units["code"].tolist() == ["30", "288", "00412", "00413"]
    assert units["parent_code"].isna().tolist() == [True, False, False, False]
    assert units["valid_to"].iloc[2] == pd.Timestamp("2023-06-30")


def test_excel_registry(tmp_path):
    path = tmp_path / "units.xlsx"
    _registry().to_excel(path, index=False)
    assert load_units(path)["code"].tolist()[2] == "00412"


def test_vietnamese_level_names():
    units = load_units(_registry(level=["Tỉnh", "huyện", "Xã", "xa"]))
    assert units["level"].tolist() == ["province", "district", "commune", "commune"]


@pytest.mark.parametrize(
    ("override", "needle"),
    [
        ({"code": ["30", "288", "00412", "00412"]}, "duplicate code"),
        ({"parent_code": ["", "30", "999", "288"]}, "unknown parent"),
        ({"parent_code": ["00412", "30", "288", "288"]}, "cycle"),
        (
            {
                "level": ["commune", "district", "commune", "commune"],
                "parent_code": ["", "30", "288", "288"],
            },
            "parent not above child",
        ),
        ({"level": ["province", "district", "village", "commune"]}, "unknown level"),
        ({"valid_to": ["", "", "30/6/2023", ""]}, 'unreadable "valid_to"'),
    ],
)
def test_bad_registries_name_the_problem(override, needle):
    with raises_en(UnitRegistryError, needle):
        load_units(_registry(**override))


def test_validity_by_period():
    units = load_units(_registry())
    assert "00412" in set(units_valid_in(units, "2023H1")["code"])
    assert "00412" not in set(units_valid_in(units, "2023H2")["code"])
    assert "00413" not in set(units_valid_in(units, "2021")["code"])


def test_ancestor_map():
    amap = ancestor_map(load_units(_registry()), "district")
    assert amap["00412"] == "288" and amap["288"] == "288" and pd.isna(amap["30"])


def test_sample_registry_has_hai_duong_and_van_son():
    units = sample_units()
    hd = units[units["parent_code"] == "30"]
    assert len(hd) == 12 and set(hd["level"]) == {"district"}
    assert units["name"].str.contains("Vân Sơn").any()
    assert (units.loc[units["level"] == "commune", "parent_code"].notna()).all()


def test_match_unit_names_in_a_real_registry():
    from childlabour_metrics.reference.official import official_units
    from childlabour_metrics.reference.scope import subtree
    from childlabour_metrics.reference.units import match_unit_names

    new = official_units(on="2026-01-01")
    names = ["xã vân sơn", "VAN SON", "X.Vân Sơn", "Xã Không Có"]
    anywhere = match_unit_names(names, new)
    assert (anywhere["n_candidates"].iloc[:3] > 1).all()  # several Vân Sơn in Vietnam
    assert "07621 Xã Vân Sơn" in anywhere["candidates"].iloc[0]
    bac_ninh = match_unit_names(names, new, scope=subtree(new, "24"))
    assert bac_ninh["code"].tolist()[:3] == ["07621"] * 3
    assert bac_ninh["n_candidates"].tolist() == [1, 1, 1, 0]
    assert pd.isna(bac_ninh["code"].iloc[3])


def test_a_reused_codes_yearly_2025_report_is_its_successors():
    """Issue 22: a report counts a stock at the end of its period and is sent after it:
    of a reused code's rows, the one valid at the period's end (10606: Thị trấn Nam Sách
    until 30 June 2025, Xã Nam Sách from 1 July)."""
    from childlabour_metrics.reference.units import ancestor_in_period, rows_in_period

    units = sample_units()
    periods = pd.Series(["2024", "2025H1", "2025", "2026"])
    codes = pd.Series(["10606"] * 4)
    assert rows_in_period(codes, periods, units)["name"].tolist() == [
        "Thị trấn Nam Sách", "Thị trấn Nam Sách", "Xã Nam Sách", "Xã Nam Sách"]
    assert ancestor_in_period(codes, periods, units, "province").tolist() == [
        "30", "30", "31", "31"]
    # a commune dissolved on 1 July keeps its only row in the year it ended
    assert rows_in_period(pd.Series(["10654"]), pd.Series(["2025"]), units)[
        "name"].item() == "Xã Hồng Phong"


def test_rows_in_period_of_repeated_pairs_is_each_pair_looked_up_alone() -> None:
    # each distinct (code, period) is looked up once and taken back to its rows: the
    # rows must be those of a lookup one pair at a time, missing codes and periods NA
    from childlabour_metrics.reference.units import rows_in_period, sample_units

    units = sample_units()
    codes = pd.Series(["10972", "10507", None, "10972", "nope", "10507", "10972"],
                      index=[7, 3, 9, 1, 0, 5, 2], dtype="str")
    periods = pd.Series(["2024", "2025", "2024", "2026", "2024", None, "2024"],
                        index=codes.index, dtype="str")
    many = rows_in_period(codes, periods, units)
    assert list(many.index) == list(codes.index)
    for at in codes.index:
        one = rows_in_period(codes.loc[[at]], periods.loc[[at]], units)
        pd.testing.assert_frame_equal(many.loc[[at]], one, check_dtype=False)
    assert many.loc[9].isna().all() and many.loc[0].isna().all() and many.loc[5].isna().all()
    assert many.loc[7, "name"] == many.loc[2, "name"]  # one pair, two rows
