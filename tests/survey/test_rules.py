"""clm.survey.classify and the rule sets' data: thresholds, unknown hours, NA, columns."""

from __future__ import annotations

import tomllib

import numpy as np
import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.reference.plans import measure_names
from tests.support import REPO, raises_en

NAN = float("nan")


def _one(age, econ=0.0, chores=0.0, hazardous=False, rules="sdg-8.7.1"):
    kids = pd.DataFrame({"age": [age], "econ_hours": [econ], "chores_hours": [chores],
                         "hazardous": [hazardous]})
    row = clm.survey.classify(kids, rules).iloc[0]
    return row["child_labour"], row["cl_reason"]


# (rules, age, econ hours, chores hours, hazardous) -> in child labour, at each threshold
CASES = [
    # sdg-8.7.1: economic activity 1 h at 5–11, 14 h at 12–14, 43 h at 15–17 ("at or above")
    ("sdg-8.7.1", 5, 1, 0, False, True),
    ("sdg-8.7.1", 11, 0.5, 0, False, False),
    ("sdg-8.7.1", 12, 13.9, 0, False, False),
    ("sdg-8.7.1", 12, 14, 0, False, True),
    ("sdg-8.7.1", 14, 14, 0, False, True),
    ("sdg-8.7.1", 15, 42, 0, False, False),
    ("sdg-8.7.1", 17, 43, 0, False, True),
    # chores 21 h at 5–14, never at 15–17; hazards not counted
    ("sdg-8.7.1", 14, 0, 21, False, True),
    ("sdg-8.7.1", 14, 0, 20.5, False, False),
    ("sdg-8.7.1", 15, 0, 60, False, False),
    ("sdg-8.7.1", 10, 0, 0, True, False),
    # mics6-2017: the same plus any hazard at any age
    ("mics6-2017", 10, 0, 0, True, True),
    ("mics6-2017", 16, 0, 0, True, True),
    ("mics6-2017", 14, 0, 21, False, True),
    # mics5: chores 28 h at 5–14 and 43 h at 15–17, hazards counted
    ("mics5", 14, 0, 21, False, False),
    ("mics5", 14, 0, 28, False, True),
    ("mics5", 16, 0, 42, False, False),
    ("mics5", 16, 0, 43, False, True),
    ("mics5", 6, 0, 0, True, True),
    ("mics5", 13, 14, 0, False, True),
    # vn-lc2019: any work under 13, over 20 h at 13–14, over 40 h at 15–17, prohibited work
    ("vn-lc2019", 12, 1, 0, False, True),
    ("vn-lc2019", 13, 20, 0, False, False),
    ("vn-lc2019", 13, 20.5, 0, False, True),
    ("vn-lc2019", 17, 40, 0, False, False),
    ("vn-lc2019", 17, 41, 0, False, True),
    ("vn-lc2019", 10, 0, 60, False, False),
    ("vn-lc2019", 16, 0, 0, True, True),
]


@pytest.mark.parametrize(("rules", "age", "econ", "chores", "hazard", "expected"), CASES)
def test_each_rule_set_at_its_thresholds(rules, age, econ, chores, hazard, expected) -> None:
    labour, _ = _one(age, econ, chores, hazard, rules)
    assert bool(labour) is expected


def test_the_first_clause_that_holds_names_the_reason() -> None:
    assert _one(10, 5, 30, True, "mics6-2017")[1] == "economic_hours"
    assert _one(10, 0, 30, True, "mics6-2017")[1] == "chores_hours"
    assert _one(16, 0, 0, True, "mics6-2017")[1] == "hazardous"
    assert _one(16, 1, 0, False)[1] == ""


def test_unknown_hours_never_reach_a_threshold() -> None:
    # as MICS codes 97–99: unknown economic hours do not count, the chores still do
    assert _one(10, NAN, 0)[0] == False  # noqa: E712 (a numpy bool)
    assert _one(10, NAN, 25) == (True, "chores_hours")
    # nothing known at all: the status cannot be decided
    assert _one(10, NAN, NAN)[0] is pd.NA
    # an unknown hazard is not a hazard, but a known hazard decides
    assert _one(16, NAN, NAN, None, "mics6-2017")[0] is pd.NA
    assert _one(16, NAN, NAN, True, "mics6-2017")[0] == True  # noqa: E712


def test_ages_outside_5_to_17_are_na_with_no_age_group() -> None:
    kids = pd.DataFrame({"age": [4, 5, 11, 12, 14, 15, 17, 18, None],
                         "econ_hours": [50] * 9, "chores_hours": [0] * 9,
                         "hazardous": [False] * 9})
    out = clm.survey.classify(kids)
    assert out["age_group"].astype(object).where(out["age_group"].notna(), None).tolist() == [
        None, "5-11", "5-11", "12-14", "12-14", "15-17", "15-17", None, None]
    assert out["child_labour"].isna().tolist() == [True, False, False, False, False, False,
                                                   False, True, True]
    assert str(out["child_labour"].dtype) == "boolean"
    assert list(out["age_group"].cat.categories) == list(clm.survey.AGE_GROUPS)


def test_columns_map_a_surveys_names_and_the_input_is_unchanged() -> None:
    kids = pd.DataFrame({"CB3": [13, 8], "hours": [15.0, 0.0], "chores": [0.0, 22.0]},
                        index=[10, 20])
    before = kids.copy()
    out = clm.survey.classify(kids, columns={"age": "CB3", "econ_hours": "hours",
                                             "chores_hours": "chores"})
    pd.testing.assert_frame_equal(kids, before)
    assert out.index.tolist() == [10, 20]
    assert out["child_labour"].tolist() == [True, True]
    assert out["cl_reason"].tolist() == ["economic_hours", "chores_hours"]
    assert list(out.columns[:3]) == ["CB3", "hours", "chores"]


def test_a_rule_set_needs_only_the_concepts_it_reads() -> None:
    kids = pd.DataFrame({"age": [16], "econ_hours": [0.0], "chores_hours": [0.0]})
    assert clm.survey.classify(kids)["child_labour"].tolist() == [False]
    with raises_en(clm.InputError, r"hazardous"):
        clm.survey.classify(kids, "mics5")


def test_an_unknown_rule_set_or_concept_is_an_error() -> None:
    kids = pd.DataFrame({"age": [10], "econ_hours": [1.0], "chores_hours": [0.0]})
    with raises_en(clm.InputError, r"rule set 'ilo'.*sdg-8\.7\.1"):
        clm.survey.classify(kids, "ilo")
    with raises_en(clm.InputError, r"unknown concept.*\"years\""):
        clm.survey.classify(kids, columns={"years": "age"})


def test_hazardous_as_numbers_or_booleans() -> None:
    kids = pd.DataFrame({"age": [10, 10, 10], "econ_hours": [0.0] * 3, "chores_hours": [0.0] * 3,
                         "hazardous": pd.array([1, 0, None], dtype="Int64")})
    assert clm.survey.classify(kids, "mics5")["child_labour"].tolist() == [True, False, False]


def test_rule_sets_are_data_with_sources_and_versions() -> None:
    with (REPO / "childlabour_metrics" / "data" / "survey_rules.toml").open("rb") as fh:
        raw = tomllib.load(fh)["rule_sets"]
    assert tuple(raw) == measure_names() == ("sdg-8.7.1", "mics6-2017", "mics5", "vn-lc2019")
    table = clm.survey.rule_sets()
    assert table["source"].str.len().min() > 20 and table["version"].str.len().min() > 5
    assert (table["source"] != "").all()
    for name, entry in raw.items():
        rules = clm.survey.rule_set(name)
        assert len(rules.clauses) == len(entry["clauses"])
        assert rules.source and rules.version
    # the vn-lc2019 clauses cite the Labour Code's articles
    lc = table[table["rules"] == "vn-lc2019"]
    assert lc["source"].str.contains("Labour Code 2019 art").all()


def test_classify_is_vectorised_over_many_children() -> None:
    rng = np.random.default_rng(1)
    n = 200_000
    kids = pd.DataFrame({"age": rng.integers(3, 19, n), "econ_hours": rng.gamma(1, 8, n),
                         "chores_hours": rng.gamma(1, 6, n), "hazardous": rng.random(n) < 0.05})
    out = clm.survey.classify(kids, "mics6-2017")
    age, econ = kids["age"].to_numpy(), kids["econ_hours"].to_numpy()
    chores, hazard = kids["chores_hours"].to_numpy(), kids["hazardous"].to_numpy()
    expected = (((age <= 11) & (econ >= 1)) | ((age >= 12) & (age <= 14) & (econ >= 14))
                | ((age >= 15) & (econ >= 43)) | ((age <= 14) & (chores >= 21)) | hazard)
    scope = (age >= 5) & (age <= 17)
    got = out["child_labour"].to_numpy(dtype=object)
    assert (got[scope] == expected[scope]).all()
    assert out["child_labour"][~scope].isna().all()
