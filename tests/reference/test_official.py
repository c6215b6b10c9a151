"""The official registries of 2025 and the crosswalk, checked against the resolutions' examples."""

from __future__ import annotations

import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.reference.crosswalk import (
    CrosswalkError,
    crosswalk,
    predecessor_series,
    resolve_codes,
    resolve_weights,
    validate_crosswalk,
)
from childlabour_metrics.reference.official import official_crosswalk, official_units
from childlabour_metrics.reference.units import (
    UnitRegistryError,
    ancestor_map,
    load_units,
    valid_on,
)
from tests.support import REPO, raises_en


@pytest.fixture(scope="module")
def units():
    return official_units()


@pytest.fixture(scope="module")
def cw():
    return official_crosswalk()


def _obs(rows):
    return pd.DataFrame(rows, columns=["unit_code", "period", "indicator", "numerator",
                                       "denominator"])


def _row(units, code, on):
    hit = valid_on(units[units["code"] == code], pd.Timestamp(on))
    assert len(hit) == 1, hit
    return hit.iloc[0]


# ---------------------------------------------------------------- registry


def test_counts_on_each_side_of_the_date():
    new = official_units(on="2026-01-01")
    assert new["level"].value_counts().to_dict() == {"commune": 3321, "province": 34,
                                                     "country": 1}
    old = official_units(on="2025-06-30")
    assert old["level"].value_counts().to_dict() == {"commune": 10035, "district": 696,
                                                     "province": 63, "country": 1}
    # the day of the reform belongs to the new map, the day before to the old
    assert not (new["level"] == "district").any()
    assert new["code"].is_unique and old["code"].is_unique


def test_unreadable_day_is_named():
    with pytest.raises(ValueError, match="'1/7/2025'"):
        official_units(on="1/7/2025")
    assert len(official_units(on=pd.Timestamp("2025-07-01"))) == 3356


def test_codes_are_text_and_reused_across_the_date(units):
    assert units["code"].str.fullmatch(r"VN|\d{2}|\d{3}|\d{5}").all()
    assert "31N" not in set(units["code"])
    hp = units[units["code"] == "31"].sort_values("valid_from", na_position="first")
    assert hp["valid_to"].tolist()[0] == pd.Timestamp("2025-06-30")
    assert hp["valid_from"].tolist()[1] == pd.Timestamp("2025-07-01")
    assert (hp["name"] == "Thành phố Hải Phòng").all()
    old, new = _row(units, "10972", "2025-01-01"), _row(units, "10972", "2026-01-01")
    assert (old["name"], old["parent_code"]) == ("Xã Tân Hồng", "296")
    assert (new["name"], new["parent_code"]) == ("Xã Đường An", "31")
    assert _row(units, "296", "2025-01-01")["name"] == "Huyện Bình Giang"


def test_van_son_before_and_after(units):
    old = _row(units, "07621", "2025-06-30")
    assert (old["name"], old["parent_code"]) == ("Xã Vân Sơn", "220")
    assert _row(units, "220", "2025-06-30")["name"] == "Huyện Sơn Động"
    assert _row(units, "24", "2025-06-30")["name"] == "Tỉnh Bắc Giang"
    assert _row(units, "07624", "2025-06-30")["name"] == "Xã Hữu Sản"
    new = _row(units, "07621", "2026-01-01")
    assert (new["name"], new["parent_code"]) == ("Xã Vân Sơn", "24")
    assert _row(units, "24", "2026-01-01")["name"] == "Tỉnh Bắc Ninh"
    assert official_units(on="2026-01-01").query("code == '07624'").empty


def test_ancestors_follow_the_row_valid_at_the_time(units):
    assert ancestor_map(units, "province", on="2025-01-01")["10972"] == "30"
    assert ancestor_map(units, "province", on="2026-01-01")["10972"] == "31"
    assert ancestor_map(units, "district", on="2025-01-01")["07624"] == "220"
    # without a day, a shared code keeps its latest row
    assert ancestor_map(units, "province")["10972"] == "31"


def test_a_real_province_loads_its_communes(units):
    hai_phong = official_units(on="2026-01-01").query("parent_code == '31'")
    assert len(hai_phong) == 114
    assert {"Xã Đường An", "Xã Thượng Hồng"} <= set(hai_phong["name"])
    hai_duong = official_units(on="2025-06-30")
    districts = hai_duong.query("parent_code == '30'")["code"]
    communes = hai_duong[hai_duong["parent_code"].isin(districts)]
    assert len(districts) == 12 and 200 < len(communes) < 300


# ---------------------------------------------------------------- crosswalk data


def test_every_old_unit_is_mapped_and_weights_sum_to_one(cw, units):
    old = official_units(on="2025-06-30")
    new = official_units(on="2025-07-01")
    for level in ("province", "commune"):
        assert set(cw.loc[cw["level"] == level, "old_code"]) == set(
            old.loc[old["level"] == level, "code"])
        assert set(cw.loc[cw["level"] == level, "new_code"]) <= set(
            new.loc[new["level"] == level, "code"])
    assert set(cw["new_code"]) >= set(new.loc[new["level"] == "commune", "code"])
    sums = cw.groupby("old_code")["weight"].sum()
    assert sums.sub(1).abs().max() < 1e-9
    assert cw.loc[~cw["divided"], "weight"].eq(1).all()
    assert cw["divided"].groupby(cw["old_code"]).any().sum() == 471
    validate_crosswalk(cw, units)  # old codes valid the day before, new ones on the day


def test_provinces_of_the_resolution(cw):
    prov = cw[cw["level"] == "province"]
    assert len(prov) == 63 and prov["new_code"].nunique() == 34
    assert sorted(prov.loc[prov["new_code"] == "31", "old_code"]) == ["30", "31"]
    assert sorted(prov.loc[prov["new_code"] == "24", "old_code"]) == ["24", "27"]
    assert clm.province_crosswalk_2025()["new_code"].notna().all()


def test_van_son_and_tan_hong_rows(cw):
    van_son = cw[(cw["new_code"] == "07621") & (cw["level"] == "commune")]
    assert sorted(zip(van_son["old_code"], van_son["old_name"], strict=True)) == [
        ("07621", "Xã Vân Sơn"), ("07624", "Xã Hữu Sản")]
    assert (van_son["weight"] == 1).all()
    tan_hong = cw[cw["old_code"] == "10972"].set_index("new_code")
    assert tan_hong["new_name"].to_dict() == {"10972": "Xã Đường An",
                                             "10993": "Xã Thượng Hồng"}
    # area basis: 25.53 and 24.01 km²
    assert tan_hong.loc["10972", "weight"] == pytest.approx(25.53 / (25.53 + 24.01))
    assert (tan_hong["basis"] == "area").all()
    default = official_crosswalk(basis="default").query("old_code == '10972'")
    assert default.set_index("new_code")["weight"].to_dict() == {"10972": 1.0, "10993": 0.0}


# ---------------------------------------------------------------- crosswalk behaviour


def test_van_son_baseline_from_its_predecessors(cw):
    obs = _obs([("07621", "2025", "CL01", 4, 300), ("07624", "2025", "CL01", 2, 100),
                ("07621", "2026", "CL01", 5, 410), ("07630", "2025", "CL01", 9, 90)])
    series = predecessor_series(obs, "07621", cw)
    assert series["period"].tolist() == ["2025", "2026"]
    base = series.iloc[0]
    assert (base["numerator"], base["denominator"]) == (6, 400)
    assert base["source_units"] == ("07621", "07624")
    assert (base["n_predecessors"], base["n_reported"]) == (2, 2)
    assert bool(base["crosswalked"]) and not bool(base["approximate"])
    assert predecessor_series(obs, "07621", cw, since="2026-01-01")["period"].tolist() == [
        "2026"]
    later = series.iloc[1]
    assert (later["numerator"], later["n_predecessors"], bool(later["crosswalked"])) == (
        5, 1, False)


def test_tan_hong_is_shared_in_whole_numbers_and_marked_approximate(cw):
    obs = _obs([("10972", "2024", "CL01", 7, 101)])
    out = crosswalk(obs, cw).set_index("unit_code")
    # 0.515 and 0.485 of 7 are 3.61 and 3.39: the spare unit goes to the larger remainder
    assert out["numerator"].to_dict() == {"10972": 4, "10993": 3}
    assert out["denominator"].to_dict() == {"10972": 52, "10993": 49}
    assert out["approximate"].all() and out["crosswalked"].tolist() == [False, True]
    assert out["source_units"].tolist() == [("10972",), ("10972",)]
    # the package has old Thái Hòa (10993) divided between the same two communes too
    both = crosswalk(_obs([("10972", "2024", "CL01", 7, 101),
                           ("10993", "2024", "CL01", 3, 50)]), cw).set_index("unit_code")
    assert both["numerator"].sum() == 10 and both["denominator"].sum() == 151
    assert both.loc["10993", "source_units"] == ("10972", "10993")
    # a 2026 row of 10972 is the new Đường An: not shared again
    new = crosswalk(_obs([("10972", "2026", "CL01", 7, 101)]), cw)
    assert new["numerator"].tolist() == [7] and not new["approximate"].any()


def test_hai_phong_sums_both_old_provinces(cw):
    obs = _obs([("30", "2024", "CL01", 20, 2000), ("31", "2024", "CL01", 10, 1000)])
    out = crosswalk(obs, cw)
    assert out[["unit_code", "numerator", "denominator", "n_predecessors"]].values.tolist() == [
        ["31", 30, 3000, 2]]


@pytest.mark.parametrize("weights", [(0.5, 0.5), (0.3, 0.7), (0.01, 0.99), (0.125, 0.875)])
@pytest.mark.parametrize("count", [0, 1, 3, 7, 100, 12345])
def test_shares_always_add_up_to_the_count(weights, count):
    m = pd.DataFrame({"old_code": ["A", "A"], "new_code": ["B", "C"],
                      "effective_date": ["2025-07-01"] * 2, "weight": list(weights)})
    out = crosswalk(_obs([("A", "2024", "CL01", count, count)]), m)
    assert out["numerator"].sum() == count and out["denominator"].sum() == count
    assert (out["numerator"] - pd.Series(weights) * count).abs().max() < 1


# ---------------------------------------------------------------- bad input


def test_weights_that_do_not_sum_to_one_name_the_code():
    m = pd.DataFrame({"old_code": ["A", "A", "B"], "new_code": ["B", "C", "C"],
                      "effective_date": ["2025-07-01"] * 3, "weight": [0.5, 0.3, 1]})
    with raises_en(CrosswalkError, r"'A': 0\.8"):
        crosswalk(_obs([("A", "2024", "CL01", 1, 2)]), m)
    m["weight"] = [0.5, "half", 1]
    with raises_en(CrosswalkError, r"weight\" of old code\(s\) \['A'\]"):
        resolve_weights(m)


def test_cycle_names_the_codes():
    m = pd.DataFrame({"old_code": ["A", "B", "C"], "new_code": ["B", "C", "A"],
                      "effective_date": ["", "", ""]})
    with raises_en(CrosswalkError, r"cycle in the crosswalk among code\(s\) \['A'"):
        crosswalk(_obs([("A", "2024", "CL01", 1, 2)]), m)


def test_divided_unit_is_refused_by_the_flat_resolver(cw):
    with raises_en(CrosswalkError, r"split.*10972"):
        resolve_codes(cw)


def test_code_not_valid_on_either_side_is_named(units):
    bad = pd.DataFrame({"old_code": ["07624", "99999"], "new_code": ["07621", "07621"],
                        "effective_date": ["2025-07-01"] * 2})
    with raises_en(CrosswalkError, r"old_code\" \['99999'\] not valid"):
        validate_crosswalk(bad, units)
    late = pd.DataFrame({"old_code": ["07624"], "new_code": ["07624"],
                         "effective_date": ["2025-07-01"]})
    with raises_en(CrosswalkError, r"new_code\" \['07624'\] not valid"):
        validate_crosswalk(late, units)


def test_observation_outside_every_validity_is_named(units, cw):
    obs = _obs([("07624", "2026", "CL01", 1, 10), ("07621", "2024", "CL01", 1, 10),
                ("88888", "2024", "CL01", 1, 10)])
    with raises_en(CrosswalkError, r"\('07624', '2026'\).*'88888'"):
        crosswalk(obs, cw, units=units)
    ok = crosswalk(obs.iloc[[1]], cw, units=units)
    assert ok["unit_code"].tolist() == ["07621"]


def test_registry_rows_sharing_a_code_must_not_overlap():
    base = {"code": ["P", "a", "a"], "name": ["P", "A old", "A new"],
            "level": ["province", "commune", "commune"], "parent_code": ["", "P", "P"],
            "valid_from": ["", "", "2025-07-01"], "valid_to": ["", "2025-06-30", ""]}
    units = load_units(pd.DataFrame(base))
    assert units["code"].tolist() == ["P", "a", "a"]
    base["valid_to"] = ["", "2025-07-01", ""]
    with raises_en(UnitRegistryError, r"duplicate code\(s\) \['a'\] with overlapping"):
        load_units(pd.DataFrame(base))


def test_unit_not_valid_in_period_uses_the_row_valid_then(units):
    from childlabour_metrics.io._rules import registry_rules

    raw = pd.DataFrame({"unit_code": ["10972", "10972", "07624", "07624", "99999"],
                        "period": ["2024", "2026", "2024", "2026", "2024"],
                        "file_no": range(5), "source_file": list("abcde")})
    for col in ("sheet", "report_date", "unit_cell", "date_cell"):
        raw[col] = None
    found = set(registry_rules(raw, units)[["value", "code"]].itertuples(index=False,
                                                                          name=None))
    # 10972 is Tân Hồng in 2024 and Đường An in 2026: valid both times
    assert found == {("07624", "UNIT_NOT_VALID_IN_PERIOD"), ("99999", "UNKNOWN_UNIT")}


def test_readme_snippet_prints_what_the_readme_says():
    import contextlib
    import io
    import re

    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Real units, and a series across 1 July 2025")
    section = text[start:text.index("\n## ", start + 10)]
    code, printed = re.findall(r"```(?:python)?\n(.*?)```", section, flags=re.S)[:2]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().strip() == printed.strip()


def test_van_son_plan_progress_takes_its_2025_baseline_from_predecessors(cw):
    from childlabour_metrics.analysis.targets import progress
    from childlabour_metrics.reference.plans import Plan

    obs = _obs([("07621", "2025", "CL01", 4, 300), ("07624", "2025", "CL01", 4, 100),
                ("07621", "2026", "CL01", 6, 400), ("07621", "2027", "CL01", 4, 400)])
    targets = pd.DataFrame({"label": ["1"], "indicators": [("CL01",)], "year": [2030],
                            "operator": ["<"], "value": [0.5], "direction": ["decrease"]})
    plan = Plan(id="vs", name_vi="Vân Sơn", name_en="Van Son", issuer="", document="",
                scope_code="07621", scope_name="Xã Vân Sơn", scope_level="commune",
                start=2025, end=2030, horizon=None, parent=None, report_levels=("commune",),
                calendar=pd.DataFrame(), targets=targets)
    own = progress(obs[obs["unit_code"] == "07621"].iloc[1:], plan).iloc[0]
    series = predecessor_series(obs, plan.scope_code, cw)
    row = progress(series, plan).iloc[0]
    assert row["n_years"] == own["n_years"] + 1 == 3  # 2025 comes from the predecessors
    assert series.loc[series["period"] == "2025", "crosswalked"].item()
    assert (series.loc[series["period"] == "2025", ["numerator", "denominator"]]
            .values.tolist() == [[8, 400]])


def test_aggregate_rolls_a_reused_code_up_to_the_province_of_its_time(units):
    from childlabour_metrics.analysis.values import aggregate

    obs = _obs([("10972", "2024", "CL01", 7, 101), ("10972", "2026", "CL01", 5, 90)])
    out = aggregate(obs, units, level="province", from_level="commune")
    got = out[out["n_rows"] > 0].set_index("period")
    # Tân Hồng (2024) was in Hải Dương; Đường An (2026) is in Hải Phòng
    assert got.loc["2024", "unit_code"] == "30" and got.loc["2026", "unit_code"] == "31"
    assert got.loc["2024", "unit_name"] == "Tỉnh Hải Dương"
    assert got.loc["2026", "unit_name"] == "Thành phố Hải Phòng"
    # expected communes: Hải Dương's ~230 before, Hải Phòng's 114 after
    assert got.loc["2026", "n_expected"] == 114
    assert 200 < got.loc["2024", "n_expected"] < 300


def test_scope_of_a_reused_code_is_taken_on_a_day():
    from childlabour_metrics.reference.scope import subtree

    after = subtree(official_units(on="2026-01-01"), "31")
    before = subtree(official_units(on="2025-06-30"), "31")
    assert len(after) == 115 and "10972" in after  # the city and its 114 communes
    assert "10972" not in before and "318" in before  # old Hải Phòng had districts
