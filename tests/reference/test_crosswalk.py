"""Tests for crosswalk.py: old units → new units, counts summed, provenance kept."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childlabour_metrics.analysis.progress import assess_series
from childlabour_metrics.analysis.targets import progress
from childlabour_metrics.reference.crosswalk import (
    CrosswalkError,
    crosswalk,
    load_crosswalk,
    province_crosswalk_2025,
    resolve_codes,
    sample_crosswalk,
    successors,
)
from childlabour_metrics.reference.units import sample_units
from tests.support import raises_en

# A made-up merger with codes no registry uses (the sample is on official codes,
# where new units reuse old codes): these tests are about the arithmetic.
MERGER = pd.DataFrame({"old_code": ["92941", "92942", "92943"],
                       "new_code": ["95312"] * 3,
                       "effective_date": ["2025-07-01"] * 3})


def _obs(rows):
    return pd.DataFrame(rows, columns=["unit_code", "period", "indicator", "numerator",
                                       "denominator"])


def test_new_commune_reported_under_its_three_predecessors():
    # a new commune (95312) was three communes before July 2025
    obs = _obs([
        ("92941", "2024", "CL01", 1, 400),
        ("92942", "2024", "CL01", 6, 100),
        ("92943", "2024", "CL01", 3, 100),
        ("95312", "2026", "CL01", 4, 600),
    ])
    out = crosswalk(obs, MERGER)
    assert out["unit_code"].tolist() == ["95312", "95312"]
    y2024 = out[out["period"] == "2024"].iloc[0]
    assert (y2024["numerator"], y2024["denominator"]) == (10, 600)
    assert y2024["source_units"] == ("92941", "92942", "92943")
    assert y2024["n_source_rows"] == 3
    ratio_of_sums = 100 * 10 / 600
    mean_of_ratios = (100 * 1 / 400 + 100 * 6 / 100 + 100 * 3 / 100) / 3
    assert ratio_of_sums == pytest.approx(1.6667, abs=1e-4)
    assert mean_of_ratios == pytest.approx(3.0833, abs=1e-4)
    assert ratio_of_sums != pytest.approx(mean_of_ratios)
    y2026 = out[out["period"] == "2026"].iloc[0]
    assert y2026["source_units"] == ("95312",) and y2026["n_source_rows"] == 1
    assert str(out["numerator"].dtype) == "Int64" and str(out["unit_code"].dtype) == "str"


def test_series_runs_back_through_predecessors_into_progress():
    from childlabour_metrics.reference.plans import Plan

    obs = _obs([
        ("92941", "2022", "CL01", 8, 400), ("92942", "2022", "CL01", 4, 100),
        ("92943", "2022", "CL01", 4, 100),
        ("92941", "2024", "CL01", 4, 400), ("92942", "2024", "CL01", 2, 100),
        ("92943", "2024", "CL01", 2, 100),
        ("95312", "2026", "CL01", 3, 600),
    ])
    merged = crosswalk(obs, MERGER)
    targets = pd.DataFrame({"label": ["B1"], "indicators": [("CL01",)], "year": [2030],
                            "operator": ["<"], "value": [0.25], "direction": ["decrease"]})
    plan = Plan(id="t", name_vi="t", name_en="t", issuer="", document="", scope_code="24",
                scope_name="", scope_level="commune", start=2022, end=2030, horizon=None,
                parent=None, report_levels=("commune",), calendar=pd.DataFrame(),
                targets=targets)
    row = progress(merged, plan).iloc[0]
    assert row["unit_code"] == "95312" and row["n_years"] == 3
    expected = assess_series([2022, 2024, 2026], [16 / 6, 8 / 6, 3 / 6], direction="decrease",
                             target=0.25, target_year=2030)
    assert row["ratio"] == pytest.approx(expected.ratio)
    assert row["status"] == expected.status


def test_chains_resolve_as_of_to_date():
    mapping = pd.DataFrame({"old_code": ["A", "B"], "new_code": ["B", "C"],
                            "effective_date": ["2025-07-01", "2026-01-01"]})
    obs = _obs([("A", "2024", "CL01", 1, 10), ("B", "2024", "CL01", 2, 10),
                ("C", "2024", "CL01", 3, 10)])
    today = crosswalk(obs, mapping)
    assert today["unit_code"].tolist() == ["C"]
    assert today["source_units"].item() == ("A", "B", "C")
    assert today["numerator"].item() == 6
    mid = crosswalk(obs, mapping, to_date="2025-12-31")
    assert mid["unit_code"].tolist() == ["B", "C"]
    assert mid["numerator"].tolist() == [3, 3]
    before = crosswalk(obs, mapping, to_date=pd.Timestamp("2025-06-30"))
    assert before["unit_code"].tolist() == ["A", "B", "C"]


def test_split_and_cycle_are_refused():
    split = pd.DataFrame({"old_code": ["A", "A"], "new_code": ["B", "C"],
                          "effective_date": ["2025-07-01", "2025-07-01"]})
    with raises_en(CrosswalkError, "split"):
        resolve_codes(split)
    cycle = pd.DataFrame({"old_code": ["A", "B"], "new_code": ["B", "A"],
                          "effective_date": ["", ""]})
    with raises_en(CrosswalkError, "cycle"):
        resolve_codes(cycle)
    # dated steps cannot cycle: A became B, and B took the code A back later
    cycle["effective_date"] = ["2025-07-01", "2026-01-01"]
    assert resolve_codes(cycle) == {"A": "A", "B": "A"}
    assert resolve_codes(cycle, "2025-12-31") == {"A": "B"}
    # the same day, two units exchanging codes is a swap, not a cycle
    cycle["effective_date"] = ["2025-07-01", "2025-07-01"]
    assert resolve_codes(cycle) == {"A": "B", "B": "A"}
    # a later re-mapping of the same code is not a split: the latest wins
    later = pd.DataFrame({"old_code": ["A", "A"], "new_code": ["B", "C"],
                          "effective_date": ["2025-07-01", "2026-01-01"]})
    assert resolve_codes(later) == {"A": "C"}
    assert resolve_codes(later, "2025-08-01") == {"A": "B"}


def test_code_reused_on_the_same_day_is_not_a_chain():
    # old 27 (Bắc Ninh) became new 24 on the day old 24 (Bắc Giang) became new 24 too;
    # a same-day step from 24 must not be chained onto 27 → 24.
    mapping = pd.DataFrame({"old_code": ["27", "24", "24X"], "new_code": ["24", "24", "99"],
                            "effective_date": ["2025-07-01"] * 3})
    assert resolve_codes(mapping) == {"27": "24", "24X": "99"}
    reuse = pd.DataFrame({"old_code": ["27", "24"], "new_code": ["24", "NEW"],
                          "effective_date": ["2025-07-01", "2025-07-01"]})
    assert resolve_codes(reuse) == {"27": "24", "24": "NEW"}


def test_blank_new_code_warns_for_observed_units():
    # the sample-era province table leaves the new codes it does not know blank
    mapping = pd.DataFrame({"old_code": ["02", "30"], "new_code": ["", "31"],
                            "effective_date": ["2025-07-01"] * 2})
    obs = _obs([("02", "2024", "CL01", 1, 10), ("30", "2024", "CL01", 2, 10)])
    with pytest.warns(UserWarning, match="02"):
        out = crosswalk(obs, mapping)
    assert sorted(out["unit_code"]) == ["02", "31"]


def test_missing_counts_are_not_zero():
    # strict: a predecessor without both counts leaves the merged unit without
    # counts; neither sum is kept (a denominator of 200 over a numerator of 2
    # would be a ratio of what was not reported)
    obs = _obs([("92941", "2024", "CL01", None, 100), ("92942", "2024", "CL01", 2, 100)])
    strict = crosswalk(obs, MERGER)
    assert pd.isna(strict["numerator"].item()) and pd.isna(strict["denominator"].item())
    assert strict["n_reported"].item() == 1 and strict["n_predecessors"].item() == 3
    loose = crosswalk(obs, MERGER, skipna=True)
    assert (loose["numerator"].item(), loose["denominator"].item()) == (2, 100)
    assert loose["n_source_rows"].item() == 2 and loose["n_reported"].item() == 1


def test_skipna_drops_a_row_missing_either_count_from_both_sums():
    # the skipna bug: 50/100, 40/80 and a blank numerator over 60 gave 90/240
    # (37.5 %); the row missing its numerator belongs in neither sum: 90/180
    obs = _obs([("92941", "2024", "CL01", 50, 100), ("92942", "2024", "CL01", 40, 80),
                ("92943", "2024", "CL01", None, 60)])
    row = crosswalk(obs, MERGER, skipna=True).iloc[0]
    assert (row["numerator"], row["denominator"]) == (90, 180)
    assert 100 * row["numerator"] / row["denominator"] == 50.0
    assert (row["n_predecessors"], row["n_reported"], row["n_source_rows"]) == (3, 2, 3)
    no_denominator = obs.assign(numerator=[50, 40, 30], denominator=[100, 80, None])
    row = crosswalk(no_denominator, MERGER, skipna=True).iloc[0]
    assert (row["numerator"], row["denominator"]) == (90, 180)


def test_error_and_superseded_rows_are_left_out_and_report_date_kept():
    obs = _obs([("92941", "2024", "CL01", 1, 100), ("92942", "2024", "CL01", 50, 100),
                ("92943", "2024", "CL01", 70, 100)])
    obs["status"] = ["ok", "error", "superseded"]
    obs["report_date"] = pd.to_datetime(["2024-12-01", "2024-12-05", "2024-12-09"])
    out = crosswalk(obs, MERGER)
    assert out["numerator"].item() == 1 and out["source_units"].item() == ("92941",)
    assert out["report_date"].item() == pd.Timestamp("2024-12-01")


def test_missing_columns_raise():
    with pytest.raises(KeyError):
        crosswalk(pd.DataFrame({"unit_code": ["a"]}), MERGER)
    with raises_en(CrosswalkError, "missing column"):
        resolve_codes(pd.DataFrame({"old": ["a"], "new": ["b"]}))


def test_load_crosswalk_keeps_leading_zeros_and_reads_bom(tmp_path):
    path = tmp_path / "cw.csv"
    text = "old_code,new_code,effective_date\n00412,00500,2025-07-01\n00413,00500,\n"
    path.write_bytes(text.encode("utf-8-sig"))
    cw = load_crosswalk(path)
    assert cw["old_code"].tolist() == ["00412", "00413"]
    assert cw["new_code"].tolist() == ["00500", "00500"]
    assert cw["effective_date"].isna().tolist() == [False, True]
    assert resolve_codes(cw, "2020-01-01") == {"00413": "00500"}  # blank date: always
    bad = tmp_path / "bad.csv"
    bad.write_text("old_code,new_code,effective_date\n1,2,1st July\n", encoding="utf-8")
    with raises_en(CrosswalkError, "effective_date"):
        load_crosswalk(bad)


def test_bundled_crosswalks():
    prov = province_crosswalk_2025()
    assert len(prov) == 63
    assert prov["old_code"].is_unique
    assert prov["new_name"].nunique() == 34
    assert (prov["effective_date"] == pd.Timestamp("2025-07-01")).all()
    assert prov.loc[prov["old_name"] == "Tỉnh Kon Tum", "new_name"].item() == "Tỉnh Quảng Ngãi"
    assert prov["new_code"].notna().all() and prov["new_code"].nunique() == 34
    sample = sample_crosswalk()
    units = set(sample_units()["code"])
    assert set(sample["old_code"]) <= units and set(sample["new_code"]) <= units
    # whole units resolve to one code; the divided ones (Gia Lộc, Yết Kiêu, …) need weights
    divided = sample.loc[sample["old_code"].duplicated(keep=False), "old_code"]
    assert {"10999", "11020"} <= set(divided)
    whole = sample[~sample["old_code"].isin(set(divided))]
    resolved = resolve_codes(whole)
    assert resolved["10654"] == "10606" and resolved["07624"] == "07621"
    assert resolved["30"] == "31" and resolved.get("31", "31") == "31"
    with raises_en(CrosswalkError, "10999"):
        resolve_codes(sample)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["92941", "92942", "92943", "x", "y"]),
                          st.sampled_from(["2023", "2024H1", "2024"]),
                          st.integers(0, 50), st.integers(50, 500)), min_size=1, max_size=30))
def test_totals_are_preserved(rows):
    obs = _obs([(u, p, "CL01", n, d) for u, p, n, d in rows])
    out = crosswalk(obs, MERGER)
    assert out["numerator"].sum() == obs["numerator"].sum()
    assert out["denominator"].sum() == obs["denominator"].sum()
    assert out["n_source_rows"].sum() == len(obs)
    assert not out.duplicated(["unit_code", "period", "indicator"]).any()
    assert not set(out["unit_code"]) & set(MERGER["old_code"])


def test_successors_follow_the_steps_between_two_days() -> None:
    """What a reorganised plan's territory follows (issue 22): chains between the days,
    a reuse on the day of a merger is no chain, a step not yet in force is not taken."""
    m = pd.DataFrame({"old_code": ["a", "b", "x", "c"], "new_code": ["x", "x", "y", "c"],
                      "effective_date": ["2025-07-01", "2025-07-01", "2027-01-01",
                                         "2025-07-01"]})
    got = successors(["a", "b", "c"], since="2025-06-30", on="2026-01-01", mapping=m)
    assert got.values.tolist() == [["a", "x", 1.0], ["b", "x", 1.0], ["c", "c", 1.0]]
    later = successors(["a"], since="2025-06-30", mapping=m)  # every step: a -> x -> y
    assert later["new_code"].tolist() == ["y"]
    # the official crosswalk by default: Hải Dương's Tứ Minh was divided in two
    official = successors(["10540"], since="2025-06-30", on="2025-12-15")
    assert official["new_code"].tolist() == ["10543", "10891"]
    assert official["weight"].sum() == pytest.approx(1.0)
