"""One scope rule: units.scope_codes, used by compute and the reader."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from childlabour_metrics import load_plan, sample_units
from childlabour_metrics.io import _rules
from childlabour_metrics.reference.scope import plan_scope, scope_codes, subtree


def test_scope_is_the_subtree_of_the_scope_unit() -> None:
    units = sample_units()
    for code in ("30", "288", "24", "10507"):
        assert scope_codes(units, code) == subtree(units, code)


def test_compute_and_reader_ask_the_same_rule() -> None:
    units, plan = sample_units(), load_plan("hai-duong-2021")
    assert plan_scope(plan, units) == _rules.plan_scope(plan, units) == scope_codes(units, "30")


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
