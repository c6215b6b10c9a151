"""One scope rule: units.scope_codes, used by compute and the reader."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from childlabour_metrics import load_plan, sample_units
from childlabour_metrics.io import _rules
from childlabour_metrics.reference.scope import plan_scope, scope_codes, subtree


def test_scope_is_the_subtree_of_the_scope_unit() -> None:
    units = sample_units()
    for code in ("24", "10507", "31"):  # units that still exist (codes reused or not)
        assert scope_codes(units, code) == subtree(units, code)
    # district 288 is gone: its communes went to 10507, 10543 and part to 10891
    assert scope_codes(units, "288") == subtree(units, "288") | {"10891"}
    # Hải Dương (30) is gone since 1 July 2025: its scope also holds the communes that
    # took its territory (issue 22), and only those of new Hải Phòng
    grown = scope_codes(units, "30") - subtree(units, "30")
    assert grown == scope_codes(units, "30", on=dt.date(2025, 12, 15)) - subtree(units, "30")
    assert {"11050", "10705", "11242"} <= grown and "31" not in grown


def test_compute_and_reader_ask_the_same_rule() -> None:
    units, plan = sample_units(), load_plan("hai-duong-2021")
    assert plan_scope(plan, units) == _rules.rules_scope(plan, units) == scope_codes(units, "30")


def test_unmentioned_scope_or_none_leaves_no_unit_out() -> None:
    units = sample_units()
    assert scope_codes(units, None) == set(units["code"])
    assert scope_codes(units, "no such unit") == set(units["code"])


def test_scope_named_only_as_a_parent_and_validity_date() -> None:
    # A district's registry: its communes name the district without a row of its own.
    units = pd.DataFrame({
        "code": ["001", "002", "003"], "parent_code": ["288", "288", "999"],
        "valid_from": pd.to_datetime([None, None, None]),
        "valid_to": pd.to_datetime([None, "2024-12-31", None]),
    })
    assert scope_codes(units, "288") == {"001", "002"}
    assert scope_codes(units, "288", on=dt.date(2025, 1, 1)) == {"001"}


def test_a_cycle_of_parents_ends() -> None:
    units = pd.DataFrame({"code": ["a", "b"], "parent_code": ["b", "a"]})
    assert scope_codes(units, "a") == {"a", "b"}


# ------------------------------------------------- a plan follows its territory (issue 22)

def _registry() -> pd.DataFrame:
    """Province P (until 2025-06-30) of two districts, four communes; from 1 July 2025
    its communes are in Q's new communes x (a and b merged, half of c) and y (the other
    half of c; d whole, keeping its code); Q's own old commune q went into z."""
    from childlabour_metrics.reference.units import load_units

    end, start = "2025-06-30", "2025-07-01"
    return load_units(pd.DataFrame({
        "code": ["P", "D1", "D2", "a", "b", "c", "d", "Q", "q", "Q", "x", "y", "d", "z"],
        "name": list("PDDabcdQqQxydz"),
        "level": ["province", "district", "district", *["commune"] * 4, "province",
                  "commune", "province", *["commune"] * 4],
        "parent_code": ["", "P", "P", "D1", "D1", "D2", "D2", "", "Q", "", "Q", "Q", "Q", "Q"],
        "valid_from": [*[""] * 9, *[start] * 5],
        "valid_to": [*[end] * 9, *[""] * 5],
    }))


CROSSWALK = pd.DataFrame({
    "old_code": ["P", "Q", "a", "b", "c", "c", "d", "q"],
    "new_code": ["Q", "Q", "x", "x", "x", "y", "d", "z"],
    "effective_date": ["2025-07-01"] * 8,
    "weight": [1, 1, 1, 1, 0.5, 0.5, 1, 1],
})


def test_a_scope_on_a_day_is_the_subtree_then() -> None:
    units = _registry()
    assert scope_codes(units, "P", on=dt.date(2025, 6, 15), crosswalk=CROSSWALK) == {
        "P", "D1", "D2", "a", "b", "c", "d"}
    # Q's own communes are Q's, on either side of the date
    assert scope_codes(units, "Q", on=dt.date(2025, 6, 15), crosswalk=CROSSWALK) == {"Q", "q"}
    assert scope_codes(units, "Q", on=dt.date(2025, 12, 15), crosswalk=CROSSWALK) == {
        "Q", "x", "y", "d", "z"}


def test_a_dissolved_scope_unit_is_followed_to_the_units_holding_its_territory() -> None:
    units = _registry()
    after = scope_codes(units, "P", on=dt.date(2025, 12, 15), crosswalk=CROSSWALK)
    # x, y (half of c went there) and d, never Q (more than P) nor z (Q's own)
    assert after == {"x", "y", "d"}
    # over the plan's life: the old subtree and the successors
    assert scope_codes(units, "P", crosswalk=CROSSWALK) == {
        "P", "D1", "D2", "a", "b", "c", "d", "x", "y"}
    # without a crosswalk row for its communes, only a code still in the registry
    # (d, a code no step moves) holds its territory
    none = CROSSWALK[CROSSWALK["old_code"].isin(["P", "Q"])]
    assert scope_codes(units, "P", on=dt.date(2025, 12, 15), crosswalk=none) == {"d"}


def test_a_registry_knowing_only_the_province_follows_the_province() -> None:
    units = _registry()
    provinces = units[units["level"] == "province"].reset_index(drop=True)
    assert scope_codes(provinces, "P", on=dt.date(2026, 1, 1), crosswalk=CROSSWALK) == {"Q"}


def test_hai_duong_plan_follows_its_territory_in_the_sample_registry() -> None:
    """After 1 July 2025 Hải Dương's plan covers the 33 communes of new Hải Phòng that
    the official crosswalk sends its 36 sample communes to."""
    from childlabour_metrics import official_crosswalk

    units, plan = sample_units(), load_plan("hai-duong-2021")
    before = plan_scope(plan, units, on=dt.date(2025, 6, 15))
    after = plan_scope(plan, units, on=dt.date(2025, 12, 15))
    old = {c for c in before if units.loc[units["code"] == c, "level"].eq("commune").all()}
    assert len(old) == 36 and len(before) == 1 + 12 + 36
    cw = official_crosswalk(level="commune")
    assert after == set(cw.loc[cw["old_code"].isin(old), "new_code"])
    assert len(after) == 33
    assert "07621" not in after  # Bắc Ninh's Vân Sơn is no part of it
    assert after <= plan_scope(plan, units) == _rules.rules_scope(plan, units)
