import textwrap

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import childlabour_metrics as clm

PLAN_TOML = textwrap.dedent(
    """
    id = "test-plan"
    name_vi = "Kế hoạch thử"
    scope_code = "P"
    scope_level = "province"
    start = 2021
    end = 2025
    horizon = 2030  # its 2030 target lies in the plan (strict plans: test_plan_strict.py)
    report_levels = ["commune"]
    [[calendar]]
    period = "year"
    deadline = "12-15"
    [[targets]]
    label = "rate <= 1"
    indicators = ["CL01"]
    year = 2025
    operator = "<="
    value = 1
    source_text = "xuống 1%"
    [[targets]]
    label = "rate < 1"
    indicators = ["CL01"]
    year = 2030
    operator = "<"
    value = 1
    [[targets]]
    label = "informed > 90"
    indicators = ["CL07"]
    year = 2025
    operator = ">"
    value = 90
    [[targets]]
    label = "trained >= 90"
    indicators = ["CL12", "CL13"]
    year = 2030
    operator = ">="
    value = 90
    [[targets]]
    label = "hazardous none"
    indicators = ["CL02"]
    year = 2030
    operator = "<="
    value = 0
    [[targets]]
    label = "no number"
    indicators = ["CL05"]
    year = 2030
    """
)


@pytest.fixture
def plan(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text(PLAN_TOML, encoding="utf-8")
    return clm.load_plan(path)


def obs(rows):
    return pd.DataFrame(
        rows, columns=["unit_code", "period", "indicator", "numerator", "denominator"]
    )


def test_operators_at_their_edges(plan):
    # exactly 1 % meets "<= 1" and fails "< 1"; exactly 90 % fails "> 90"
    table = obs([("u", "2025", "CL01", 10, 1000), ("u", "2025", "CL07", 90, 100)])
    att = clm.attainment(table, plan).set_index("label")
    assert att.loc["rate <= 1", "met"] is True or att.loc["rate <= 1", "met"] == True  # noqa: E712
    assert not att.loc["rate < 1", "met"]
    assert not att.loc["informed > 90", "met"]
    assert att.loc["rate <= 1", "value"] == 1.0
    assert att.loc["informed > 90", "gap_pp"] == 0.0
    assert att.loc["informed > 90", "pct_of_target"] == 100.0


def test_gap_and_pct_follow_the_direction(plan):
    table = obs([("u", "2025", "CL01", 5, 1000), ("u", "2025", "CL07", 45, 50)])
    att = clm.attainment(table, plan, target_year=2025).set_index("label")
    # 0.5 % against "<= 1": 0.5 pp better than the target, target/value = 200 %
    assert att.loc["rate <= 1", "gap_pp"] == pytest.approx(0.5)
    assert att.loc["rate <= 1", "pct_of_target"] == pytest.approx(200.0)
    assert att.loc["informed > 90", "gap_pp"] == pytest.approx(0.0)
    assert att.loc["informed > 90", "status"] == "not_met"


def test_zero_target_for_hazardous_work(plan):
    table = obs([("u", "2030", "CL02", 0, 500), ("v", "2030", "CL02", 1, 500)])
    att = clm.attainment(table, plan).set_index("unit_code")
    assert att.loc["u", "met"] and not att.loc["v", "met"]
    assert pd.isna(att.loc["u", "pct_of_target"]) and att.loc["u", "reason"] == "value_zero"
    assert att.loc["v", "pct_of_target"] == 0.0


def test_target_on_two_indicators_is_ratio_of_sums(plan):
    table = obs([("u", "2030", "CL12", 1, 10), ("u", "2030", "CL13", 89, 90)])
    row = clm.attainment(table, plan).set_index("label").loc["trained >= 90"]
    assert row["value"] == pytest.approx(90.0)  # (1 + 89) / (10 + 90)
    assert bool(row["met"]) is True
    assert row["numerator"] == 90 and row["denominator"] == 100


def test_target_without_number_is_shown_not_judged(plan):
    row = clm.attainment(obs([("u", "2030", "CL05", 3, 4)]), plan).iloc[0]
    assert row["status"] == "no_target" and row["reason"] == "no_target" and pd.isna(row["met"])
    assert row["value"] == 75.0


def test_ratio_of_sums_not_mean_of_ratios():
    table = obs([("a", "2024", "CL01", 10, 100), ("b", "2024", "CL01", 1, 900)])
    mean_of_ratios = (10 / 100 + 1 / 900) / 2 * 100
    value = clm.values(table, by=["period", "indicator"])["value"].item()
    assert value == pytest.approx(1.1)
    assert value != pytest.approx(mean_of_ratios)


def test_missing_and_zero_denominators_give_na_with_reason():
    table = obs(
        [
            ("a", "2024", "CL01", 5, None),
            ("b", "2024", "CL01", 0, 0),
            ("c", "2024", "CL01", None, 50),
            ("d", "2024", "CL01", None, None),
        ]
    )
    out = clm.values(table).set_index("unit_code")
    assert out["value"].isna().all()
    assert out["reason"].to_dict() == {
        "a": "no_denominator",
        "b": "zero_denominator",
        "c": "no_numerator",
        "d": "no_data",
    }


def test_missing_is_not_zero_in_a_sum():
    # b's numerator is missing: its denominator must not dilute the ratio
    table = obs([("a", "2024", "CL01", 10, 100), ("b", "2024", "CL01", None, 900)])
    row = clm.values(table, by=["period"]).iloc[0]
    assert row["value"] == 10.0 and row["n_rows"] == 2 and row["n_used"] == 1


def test_error_and_superseded_rows_are_not_used():
    table = obs([("a", "2024", "CL01", 10, 100), ("a", "2024", "CL01", 50, 100)])
    table["status"] = ["ok", "superseded"]
    assert clm.values(table)["value"].item() == 10.0


def test_year_filter(plan):
    table = obs([("u", "2024", "CL01", 1, 100), ("u", "2025H1", "CL01", 1, 100)])
    assert set(clm.attainment(table, plan, year=2025)["period"]) == {"2025H1"}


# --- hierarchy -------------------------------------------------------------

UNITS = clm.load_units(
    pd.DataFrame(
        {
            "code": ["P", "D1", "D2", "c1", "c2", "c3", "c4"],
            "name": ["P", "D1", "D2", "c1", "c2", "c3", "c4"],
            "level": [
                "province",
                "district",
                "district",
                "commune",
                "commune",
                "commune",
                "commune",
            ],
            "parent_code": ["", "P", "P", "D1", "D1", "D2", "D2"],
            "valid_from": ["", "", "", "", "", "", "2024-07-01"],
            "valid_to": ["", "", "", "", "2023-12-31", "", ""],
        }
    )
)
COMMUNES = ["c1", "c2", "c3", "c4"]

counts = st.integers(min_value=0, max_value=10_000)


@st.composite
def commune_reports(draw):
    rows = []
    for code in draw(st.lists(st.sampled_from(COMMUNES), unique=True, min_size=1)):
        den = draw(counts)
        num = draw(st.integers(min_value=0, max_value=den))
        rows.append((code, "2022", "CL01", num, den))
    return obs(rows)


@settings(max_examples=60, deadline=None)
@given(commune_reports())
def test_parent_counts_are_sums_of_children(table):
    by_district = clm.aggregate(table, UNITS, level="district")
    by_province = clm.aggregate(table, UNITS, level="province")
    assert by_province["numerator"].sum() == table["numerator"].sum()
    assert by_province["denominator"].sum() == table["denominator"].sum()
    assert by_district["numerator"].sum() == by_province["numerator"].sum()
    assert (by_province["n_reporting"] == len(table)).all()


@settings(max_examples=60, deadline=None)
@given(commune_reports())
def test_values_within_0_and_100(table):
    value = clm.values(table)["value"].dropna()
    assert ((value >= 0) & (value <= 100)).all()


@settings(max_examples=40, deadline=None)
@given(commune_reports(), st.sampled_from([["CL01"], ["CL07"], ["CL01", "CL07"]]))
def test_attainment_rows_are_units_times_targets_with_data(table, codes):
    table = pd.concat([table.assign(indicator=c) for c in codes], ignore_index=True)
    plan = clm.load_plan("hai-duong-2021")
    att = clm.attainment(table, plan)
    targets_with_data = plan.targets["indicators"].map(lambda i: bool(set(i) & set(codes))).sum()
    assert len(att) == table["unit_code"].nunique() * targets_with_data


def test_expected_counts_follow_validity():
    table = obs([("c1", "2022", "CL01", 1, 10), ("c1", "2025", "CL01", 1, 10)])
    out = clm.aggregate(table, UNITS, level="province").set_index("period")
    assert out.loc["2022", "n_expected"] == 3  # c4 did not exist yet
    assert out.loc["2025", "n_expected"] == 3  # c2 closed at the end of 2023
    assert out.loc["2025", "n_reporting"] == 1


def test_units_without_reports_get_a_row_with_reason():
    table = obs([("c1", "2022", "CL01", 1, 10)])
    out = clm.aggregate(table, UNITS, level="district").set_index("unit_code")
    assert out.loc["D2", "reason"] == "no_reports" and pd.isna(out.loc["D2", "value"])
    assert out.loc["D1", "value"] == 10.0


def test_attainment_at_a_level(plan):
    table = obs([("c1", "2025", "CL01", 1, 100), ("c2", "2025", "CL01", 1, 300)])
    att = clm.attainment(table, plan, units=UNITS, level="province", target_year=2025)
    row = att.set_index("label").loc["rate <= 1"]
    assert row["unit_code"] == "P" and row["value"] == pytest.approx(0.5)


def test_validation_checks_usable_rows_strictly_and_error_rows_for_shape():
    import pandera.errors

    table = clm.coerce_observations(
        obs([("u", "2024", "CL01", 1, 10), ("u", "2024", "CL99", -1, 10)]).assign(
            status=["ok", "error"]
        )
    )
    assert len(clm.validate_observations(table)) == 2
    with pytest.raises(pandera.errors.SchemaErrors) as err:
        clm.validate_observations(table.assign(status="ok"))
    failed = set(err.value.failure_cases["column"].dropna())
    assert {"indicator", "numerator"} <= failed


def test_units_outside_the_plan_scope_are_not_assessed():
    units = clm.sample_units()
    table = obs([("10507", "2025", "CL01", 1, 100), ("07621", "2025", "CL01", 1, 100)])
    att = clm.attainment(table, "hai-duong-2021", units=units, target_year=2025)
    assert set(att["unit_code"]) == {"10507"}
    # without a registry nothing says where a unit lies: both are compared
    assert set(clm.attainment(table, "hai-duong-2021")["unit_code"]) == {"10507", "07621"}
    prog = clm.progress(table, "hai-duong-2021", units=units, level="province")
    assert set(prog["unit_code"]) == {"30"}


def test_a_dissolved_plan_unit_is_judged_on_its_territory():
    """Issue 22: Hải Dương (30) ended on 30 June 2025; its yearly 2025 counts are those of
    the new communes that hold its territory, in the doors as in the report."""
    units = clm.sample_units()
    table = obs([("10606", "2024", "CL01", 20, 1000), ("10654", "2024", "CL01", 10, 1000),
                 ("10606", "2025", "CL01", 18, 2000), ("11050", "2025", "CL01", 9, 1000),
                 ("07621", "2025", "CL01", 50, 100)])  # Bắc Ninh's: not Hải Dương's
    later = clm.reference.scope.scope_codes(units, "30", on="2025-12-31")
    assert {"10606", "11050"} <= later and "07621" not in later
    from childlabour_metrics.analysis.values import territory_counts

    counts = territory_counts(table, units, "30")
    assert counts[["unit_code", "period", "numerator", "denominator"]].values.tolist() == [
        ["30", "2025", 27, 3000]]
    assert territory_counts(table, units, "31").empty  # Hải Phòng still exists
    att = clm.attainment(table, "hai-duong-2021", units=units, level="province",
                         target_year=2025)
    a1 = att[att["ref"] == "A1"].set_index("period")
    assert a1.loc["2024", "value"] == pytest.approx(1.5)
    assert a1.loc["2025", "value"] == pytest.approx(0.9) and set(a1["unit_code"]) == {"30"}
    prog = clm.progress(table, "hai-duong-2021", units=units, level="province")
    assert set(prog["unit_code"]) == {"30"}
