"""Tests for completeness.py: expected vs received reports, timeliness, over-reporting."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from childlabour_metrics.analysis.completeness import (
    COMPLETENESS_COLUMNS,
    RATE_COLUMNS,
    completeness,
    completeness_problems,
    completeness_rates,
)
from childlabour_metrics.reference.plans import Plan
from childlabour_metrics.reference.units import load_units
from tests.support import REPO

SAMPLE = REPO / "data" / "sample"

PROBLEM_COLUMNS = ["file", "sheet", "cell", "unit_code", "period", "indicator", "code",
                   "severity", "message"]


def _plan(kinds=("H1", "year"), deadlines=("06-15", "12-15"), scope="P",
          levels=("commune",)) -> Plan:
    calendar = pd.DataFrame({"period": list(kinds), "deadline": list(deadlines),
                             "year_offset": [0] * len(kinds)})
    targets = pd.DataFrame({"label": pd.Series(dtype="str"),
                            "indicators": pd.Series(dtype=object)})
    return Plan(id="t", name_vi="t", name_en="t", issuer="", document="", scope_code=scope,
                scope_name="", scope_level="province", start=2024, end=2026, horizon=None,
                parent=None, report_levels=tuple(levels), calendar=calendar, targets=targets)


UNITS = load_units(pd.DataFrame({
    "code": ["P", "D", "a", "b", "c", "Q", "z"],
    "name": ["Tỉnh P", "Huyện D", "Xã A", "Xã B", "Xã C", "Tỉnh Q", "Xã Z"],
    "level": ["province", "district", "commune", "commune", "commune", "province", "commune"],
    "parent_code": ["", "P", "D", "D", "D", "", "Q"],
    # b closed when the communes merged mid-2025; c opened then.
    "valid_from": ["", "", "", "", "2025-07-01", "", ""],
    "valid_to": ["", "", "", "2025-06-30", "", "", ""],
}))


def _reports(rows):
    return pd.DataFrame(rows, columns=["unit_code", "period", "source_file", "report_date"]
                        ).assign(report_date=lambda d: pd.to_datetime(d["report_date"]))


def test_unit_closed_mid_series_is_not_expected_after_valid_to():
    obs = _reports([
        ("a", "2024H1", "a_24h1.xlsx", "2024-06-10"),
        ("b", "2024H1", "b_24h1.xlsx", "2024-06-20"),    # late
        ("a", "2025H1", "a_25h1.xlsx", "2025-06-01"),
        ("b", "2025H1", "b_25h1.xlsx", "2025-06-01"),
        ("a", "2026H1", "a_26h1.xlsx", "2026-06-01"),
        ("b", "2026H1", "b_26h1.xlsx", "2026-06-01"),    # b no longer exists
        ("c", "2026H1", "c_26h1.xlsx", None),            # undated
    ])
    table = completeness(obs, UNITS, _plan(kinds=("H1",), deadlines=("06-15",)))
    assert list(table.columns) == COMPLETENESS_COLUMNS
    key = table.set_index(["unit_code", "period"])
    assert set(table["period"]) == {"2024H1", "2025H1", "2026H1"}
    # expected: a and b in 2024H1 and 2025H1 (c not yet), a and c in 2026H1 (b closed)
    expected = set(table.loc[table["expected"], ["unit_code", "period"]].itertuples(
        index=False, name=None))
    assert expected == {("a", "2024H1"), ("b", "2024H1"), ("a", "2025H1"), ("b", "2025H1"),
                        ("a", "2026H1"), ("c", "2026H1")}
    assert key.loc[("b", "2024H1"), "status"] == "late"
    assert key.loc[("a", "2024H1"), "status"] == "on_time"
    assert key.loc[("b", "2026H1"), "unexpected"]
    assert key.loc[("b", "2026H1"), "note"] == "unit_not_valid"
    assert key.loc[("b", "2026H1"), "status"] == "unexpected"
    assert key.loc[("c", "2026H1"), "status"] == "received"
    assert pd.isna(key.loc[("c", "2026H1"), "on_time"])
    assert key.loc[("a", "2024H1"), "deadline"] == pd.Timestamp("2024-06-15")
    assert key.loc[("a", "2024H1"), "unit_name"] == "Xã A"
    assert key.loc[("a", "2024H1"), "parent_code"] == "D"
    rates = completeness_rates(table).set_index(["parent_code", "period"])
    r26 = rates.loc[("D", "2026H1")]
    assert (r26["expected"], r26["received"], r26["unexpected"], r26["missing"],
            r26["reports"]) == (2, 2, 1, 0, 3)
    assert r26["rate_received"] == pytest.approx(1.0)  # the unexpected report fills no gap
    assert r26["rate_on_time"] == pytest.approx(0.5)   # c undated, b unexpected
    problems = completeness_problems(table)
    assert list(problems.columns) == PROBLEM_COLUMNS
    row = problems.iloc[0]
    assert (row["code"], row["file"], row["unit_code"], row["severity"]) == (
        "UNEXPECTED_REPORT", "b_26h1.xlsx", "b", "warning")
    assert "sáp nhập" in row["message"]
    assert "merged" in completeness_problems(table, lang="en").iloc[0]["message"]


def test_periods_from_calendar_missing_and_duplicates_not_capped():
    obs = _reports([
        ("a", "2024H1", "a1.xlsx", "2024-06-01"),
        ("a", "2024H1", "a2.xlsx", "2024-06-30"),
        ("a", "2024H1", "a2.xlsx", "2024-06-30"),  # same file, second row: one report
        ("b", "2024", "b.xlsx", "2024-12-01"),
    ])
    table = completeness(obs, UNITS, _plan())
    # years seen (2024) × calendar kinds (H1, year)
    assert sorted(set(table["period"])) == ["2024", "2024H1"]
    key = table.set_index(["unit_code", "period"])
    assert key.loc[("a", "2024H1"), "n_reports"] == 2
    assert key.loc[("a", "2024H1"), "duplicated"]
    assert key.loc[("a", "2024H1"), "files"] == ("a1.xlsx", "a2.xlsx")
    assert key.loc[("a", "2024H1"), "on_time"]  # judged on the first report
    assert key.loc[("b", "2024H1"), "missing"] and key.loc[("a", "2024"), "missing"]
    rates = completeness_rates(table).set_index(["parent_code", "period"])
    h1 = rates.loc[("D", "2024H1")]
    assert (h1["expected"], h1["received"], h1["duplicates"], h1["missing"],
            h1["reports"]) == (2, 1, 1, 1, 2)
    # Two reports for two expected communes, but one commune is missing: the
    # rate says so (it once read 100 % because the duplicate counted).
    assert h1["rate_received"] == pytest.approx(0.5)
    dupes = completeness_problems(table, lang="en")
    assert dupes["code"].tolist() == ["DUPLICATE_REPORT", "DUPLICATE_REPORT"]
    assert dupes["file"].tolist() == ["a1.xlsx", "a2.xlsx"]
    with_missing = completeness_problems(table, include_missing=True)
    assert (with_missing["code"] == "MISSING_REPORT").sum() == 2


def test_over_reporting_is_counted_apart_from_the_received_rate():
    obs = _reports([("a", "2024", f"a{i}.xlsx", "2024-12-01") for i in range(3)]
                   + [("b", "2024", "b.xlsx", "2024-12-01")])
    table = completeness(obs, UNITS, _plan(kinds=("year",), deadlines=("12-15",)))
    rate = completeness_rates(table).iloc[0]
    assert rate["received"] == 2 and rate["expected"] == 2 and rate["duplicates"] == 2
    assert rate["reports"] == 4
    assert rate["rate_received"] == pytest.approx(1.0)


def test_scope_levels_and_unknown_units():
    obs = _reports([("a", "2024", "a.xlsx", "2024-12-01"),
                    ("z", "2024", "z.xlsx", "2024-12-01"),      # other province
                    ("D", "2024", "d.xlsx", "2024-12-01"),      # district: not asked
                    ("nope", "2024", "n.xlsx", "2024-12-01")])  # not in the registry
    table = completeness(obs, UNITS, _plan(kinds=("year",), deadlines=("12-15",)))
    notes = table.set_index("unit_code")["note"]
    assert notes["z"] == "not_in_scope"
    assert notes["D"] == "level_not_reporting"
    assert notes["nope"] == "unknown_unit"
    assert pd.isna(notes["a"])
    # with level= the districts are the ones expected
    by_district = completeness(obs, UNITS, _plan(kinds=("year",), deadlines=("12-15",)),
                               level="district")
    assert by_district.loc[by_district["expected"], "unit_code"].tolist() == ["D"]


def test_reader_result_combines_observations_and_files_and_counts_superseded():
    files = pd.DataFrame({
        "file": ["a_v1.xlsx", "a_v2.xlsx", "b.xlsx", "cons.xlsx"],
        "unit_code": ["a", "a", "b", None],   # a consolidated form names no single unit
        "period": ["2024", "2024", "Cả năm 2024", "2024"],
        "report_date": pd.to_datetime(["2024-12-01", "2024-12-20", "2024-12-10", "2024-12-05"]),
        "status": ["superseded", "ok", "ok", "ok"],
    })
    observations = pd.DataFrame({
        "unit_code": ["x", "y"], "period": ["2024", "2024"],
        "source_file": ["cons.xlsx", "cons.xlsx"],
        "report_date": pd.to_datetime(["2024-12-05", "2024-12-05"]),
        "status": ["ok", "ok"],
    })
    result = SimpleNamespace(observations=observations, files=files)
    table = completeness(result, UNITS, _plan(kinds=("year",), deadlines=("12-15",)))
    key = table.set_index("unit_code")
    # the consolidated form's units come from its rows
    assert {"x", "y"} <= set(key.index)
    # a superseded file still arrived: the unit sent two reports for one period
    assert key.loc["a", "n_reports"] == 2 and bool(key.loc["a", "duplicated"])
    assert key.loc["b", "period"] == "2024" and key.loc["b", "status"] == "on_time"


def test_explicit_periods_and_rates_by_ancestor_level():
    obs = _reports([("a", "2024", "a.xlsx", "2024-12-01")])
    table = completeness(obs, UNITS, _plan(kinds=("year",), deadlines=("12-15",)),
                         periods=["2024", "2025"])
    assert sorted(set(table["period"])) == ["2024", "2025"]
    rates = completeness_rates(table, UNITS, level="province").set_index(
        ["parent_code", "period"])
    assert rates.loc[("P", "2024"), "expected"] == 2  # a, b
    # issue 22: the units valid at the deadline (15 December): a and c (from July), not
    # b (closed at the end of June)
    assert rates.loc[("P", "2025"), "expected"] == 2
    expected = table[table["expected"] & (table["period"] == "2025")]
    assert sorted(expected["unit_code"]) == ["a", "c"]
    assert rates.loc[("P", "2025"), "rate_received"] == 0
    assert list(completeness_rates(table).columns) == RATE_COLUMNS
    with pytest.raises(ValueError):
        completeness_rates(table, level="province")


def test_real_plan_deadline_dates():
    plan = _plan(kinds=("H1", "year"), deadlines=("06-15", "12-15"))
    assert plan.deadline("2024H1") == dt.date(2024, 6, 15)
    obs = _reports([("a", "2024H1", "a.xlsx", "2024-06-15")])  # on the day: on time
    table = completeness(obs, UNITS, plan)
    assert table.set_index(["unit_code", "period"]).loc[("a", "2024H1"), "on_time"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "z", "q"]),
                          st.sampled_from(["2024H1", "2024", "2025H1", "2025", "2026"]),
                          st.integers(0, 3),
                          st.dates(dt.date(2024, 1, 1), dt.date(2027, 1, 1))),
                min_size=1, max_size=25))
def test_accounting_identity(rows):
    obs = _reports([(u, p, f"{u}_{p}_{i}.xlsx", d) for u, p, i, d in rows])
    table = completeness(obs, UNITS, _plan())
    rates = completeness_rates(table)
    assert (rates["received"] + rates["missing"] == rates["expected"]).all()
    assert (rates["reports"] == rates["received"] + rates["duplicates"]
            + rates["unexpected"]).all()
    assert rates["reports"].sum() == obs.drop_duplicates(
        ["unit_code", "period", "source_file"]).shape[0]
    assert (rates["rate_received"].dropna() <= 1).all()
    assert (rates["on_time"] + rates["late"] <= rates["received"]).all()
    # no expected unit-period is both missing and received
    assert not (table["missing"] & table["received"]).any()


def test_bundled_plan_and_sample_registry_across_the_2025_merger():
    from childlabour_metrics.reference.units import sample_units

    units = sample_units()
    communes = units.loc[(units["level"] == "commune")
                         & units["parent_code"].isin(["291", "294", "297"]), "code"].tolist()
    rows = [(c, p, f"{c}_{p}.xlsx", f"{p[:4]}-06-01" if "H1" in p else f"{p[:4]}-12-01")
            for c in communes for p in ("2025H1", "2025")]
    rows.append(("10654", "2026", "10654_2026.xlsx", "2026-12-01"))  # merged away in 2025
    table = completeness(_reports(rows), units, "hai-duong-2021")
    key = table.set_index(["unit_code", "period"])
    # 2025H1 (due 15 June): the 12 districts and 36 communes of the old map were
    # expected (the province does not report to itself); 9 reported
    h1 = table[table["period"] == "2025H1"]
    assert h1["expected"].sum() == 12 + 36
    assert "30" not in set(h1["unit_code"])
    assert h1.loc[h1["expected"], "received"].sum() == 9
    # 2025 (due 15 December, issue 22): the 33 new communes that hold Hải Dương's
    # territory, no district and no commune dissolved on 1 July
    year = table[(table["period"] == "2025") & table["expected"]]
    assert len(year) == 33 and set(year["level"]) == {"commune"}
    assert set(year["parent_code"]) == {"31"}
    assert {"11050", "10705", "11242"} <= set(year["unit_code"])
    assert not key.loc[("10654", "2025"), "expected"]
    assert key.loc[("10654", "2025"), "note"] == "unit_not_valid"
    # a reused code's yearly 2025 report is its successor's (Xã Nam Sách keeps 10606)
    assert key.loc[("10606", "2025"), "expected"]
    assert key.loc[("10606", "2025"), "unit_name"] == "Xã Nam Sách"
    # 2026: 10654 no longer exists; the communes holding its territory are expected
    assert key.loc[("10654", "2026"), "note"] == "unit_not_valid"
    assert table.loc[(table["period"] == "2026") & table["expected"], "parent_code"].eq(
        "31").all()
    rates = completeness_rates(table, units, level="province")
    h1_rates = rates[(rates["parent_code"] == "30") & (rates["period"] == "2025H1")]
    # districts and communes of one province are rated apart (issue 10 item 2b)
    assert sorted(h1_rates["level"]) == ["commune", "district"]
    by_level = h1_rates.set_index("level")
    assert by_level.loc["district", "expected"] == 12
    assert by_level.loc["commune", "expected"] == 36
    assert h1_rates["received"].sum() == 9
    assert (h1_rates["rate_on_time"] == h1_rates["on_time"] / h1_rates["expected"]).all()


def test_successors_are_expected_at_the_deadline_on_a_small_registry():
    """Issue 22: a round is expected of the units valid at its deadline; after its province
    is gone, a plan expects its rounds of the units that hold its territory."""
    units = load_units(pd.DataFrame({
        "code": ["P", "a", "b", "Q", "q", "Q", "x", "z"],
        "name": list("PabQqQxz"),
        "level": ["province", "commune", "commune", "province", "commune", "province",
                  "commune", "commune"],
        "parent_code": ["", "P", "P", "", "Q", "", "Q", "Q"],
        "valid_from": [*[""] * 5, *["2025-07-01"] * 3],
        "valid_to": [*["2025-06-30"] * 5, *[""] * 3],
    }))
    crosswalk = pd.DataFrame({"old_code": ["P", "Q", "a", "b", "q"],
                              "new_code": ["Q", "Q", "x", "x", "z"],
                              "effective_date": ["2025-07-01"] * 5})
    obs = _reports([("a", "2025H1", "a.xlsx", "2025-06-01"),
                    ("x", "2025", "x.xlsx", "2025-12-01"),
                    ("b", "2025", "b.xlsx", "2025-12-01")])
    table = completeness(obs, units, _plan(), crosswalk=crosswalk)
    expected = set(table.loc[table["expected"], ["unit_code", "period"]].itertuples(
        index=False, name=None))
    # H1 due 15 June: a and b; the year due 15 December: x alone (not z, Q's own)
    assert expected == {("a", "2025H1"), ("b", "2025H1"), ("x", "2025")}
    key = table.set_index(["unit_code", "period"])
    assert key.loc[("x", "2025"), "status"] == "on_time"
    assert key.loc[("x", "2025"), "parent_code"] == "Q"
    assert key.loc[("b", "2025"), "note"] == "unit_not_valid"
    # without the crosswalk nothing says where P went: nothing is expected in December
    alone = completeness(obs, units, _plan(), crosswalk=crosswalk.iloc[:0])
    assert not alone.loc[alone["period"] == "2025", "expected"].any()


def test_rounds_are_the_years_the_plans_units_reported_in():
    # z is province Q's: its 2026 report makes no 2026 round of P's plan
    obs = _reports([("a", "2025", "a25.xlsx", "2025-12-01"),
                    ("z", "2026", "z26.xlsx", "2026-12-01")])
    table = completeness(obs, UNITS, _plan(kinds=("year",), deadlines=("12-15",)))
    assert set(table.loc[table["expected"], "period"]) == {"2025"}
    assert table.set_index("unit_code").loc["z", "note"] == "not_in_scope"


def test_sample_nam_sach_consolidated_form_is_the_districts_own_report():
    """Nam Sách (291) sends consolidated forms: it reported, it is not missing."""
    import childlabour_metrics as clm

    result = clm.read_reports(SAMPLE / "2024", units=SAMPLE / "units.csv",
                              plan="hai-duong-2021", progress=False, workers=1)
    units = clm.load_units(SAMPLE / "units.csv")
    table = completeness(result, units, "hai-duong-2021")
    nam_sach = table[table["unit_code"] == "291"].set_index("period")
    assert not nam_sach.empty and not nam_sach["missing"].any()
    assert nam_sach.loc["2024", "status"] in ("on_time", "late", "received")
    assert any("tong-hop" in f for f in nam_sach.loc["2024", "files"])
    # its communes are credited too, and the province is not expected of itself
    assert not table.loc[table["parent_code"] == "291", "missing"].any()
    assert "30" not in set(table["unit_code"])
    rates = completeness_rates(table).set_index(["parent_code", "period"])
    assert rates.loc[("30", "2024"), "parent_name"] == "Tỉnh Hải Dương"
    assert (rates["received"] + rates["missing"] == rates["expected"]).all()


def test_completeness_equals_a_simple_reference_on_random_reports():
    """The vectorised table against a plain Python count, unit by unit (issue 10 item 2)."""
    from collections import Counter

    import numpy as np

    from childlabour_metrics.reference.units import load_units

    rng = np.random.default_rng(7)
    codes = [f"c{i}" for i in range(30)]
    units = load_units(pd.DataFrame({"code": ["P", *codes], "name": ["P", *codes],
                                     "level": ["province", *["commune"] * 30],
                                     "parent_code": ["", *["P"] * 30]}))

    n = 120
    unit = rng.choice([*codes, "zz"], n)  # "zz" is not in the registry
    year = rng.choice([2024, 2025], n)  # the plan's rounds (it starts in 2024)
    day = pd.to_datetime([f"{y}-12-01" for y in year]) + pd.to_timedelta(
        rng.integers(0, 30, n), unit="D")
    obs = pd.DataFrame({"unit_code": unit, "period": year.astype(str),
                        "source_file": [f"f{i % 90}.xlsx" for i in range(n)],
                        "report_date": day})
    plan = _plan(kinds=("year",), deadlines=("12-15",))
    table = completeness(obs, units, plan).set_index(["unit_code", "period"])
    files = Counter((u, p) for u, p, _ in set(zip(obs["unit_code"], obs["period"],
                                                  obs["source_file"], strict=True)))
    first = obs.groupby(["unit_code", "period"])["report_date"].min()
    for c in [*codes, "zz"]:
        for p in ("2024", "2025"):
            if c == "zz" and (c, p) not in files:
                continue
            row = table.loc[(c, p)]
            assert row["n_reports"] == files.get((c, p), 0)
            if c == "zz":
                assert row["status"] == "unexpected" and row["note"] == "unknown_unit"
            elif (c, p) not in files:
                assert row["status"] == "missing"
            else:
                late = first[(c, p)] > pd.Timestamp(f"{p}-12-15")
                assert row["status"] == ("late" if late else "on_time")


def test_an_empty_form_is_not_received():
    """Issue 22: a returned template with every count blank is no report (EMPTY_FORM)."""
    from childlabour_metrics.reference.plans import Plan
    from childlabour_metrics.reference.units import load_units

    units = load_units(pd.DataFrame({"code": ["P", "a", "b"], "name": ["P", "A", "B"],
                                     "level": ["province", "commune", "commune"],
                                     "parent_code": ["", "P", "P"]}))
    plan = Plan(id="p", name_vi="P", name_en="P", issuer="", document="", scope_code="P",
                scope_name="P", scope_level="province", start=2021, end=2025, horizon=2030,
                parent=None, report_levels=("commune",), targets=pd.DataFrame(),
                calendar=pd.DataFrame({"period": ["year"], "deadline": ["12-15"],
                                       "year_offset": [0], "description_vi": [""],
                                       "level": [None], "unit_kind": [None]}))
    obs = pd.DataFrame({"unit_code": ["a", "a", "b", "b"], "period": ["2024"] * 4,
                        "indicator": ["CL01", "CL02"] * 2,
                        "numerator": pd.array([3, None, None, None], dtype="Int64"),
                        "denominator": pd.array([100, None, None, None], dtype="Int64"),
                        "source_file": ["a.xlsx", "a.xlsx", "b.xlsx", "b.xlsx"],
                        "report_date": pd.to_datetime(["2024-12-01"] * 4)})
    table = completeness(obs, units, plan).set_index("unit_code")
    assert table.loc["a", "status"] == "on_time"
    assert table.loc["b", "status"] == "missing" and not table.loc["b", "received"]


def test_no_round_before_the_plan_starts():
    """Issue 22: a 2026-2030 plan never marks its commune missing for 2021-2025, and the
    baseline reports from before it are no round of it."""
    obs = _reports([("a", "2023", "a23.xlsx", "2023-12-01"),
                    ("a", "2024", "a24.xlsx", "2024-12-01")])
    table = completeness(obs, UNITS, _plan(kinds=("year",), deadlines=("12-15",)))
    assert set(table["period"]) == {"2024"}


def test_rates_list_parents_in_number_order() -> None:
    """Codes of different lengths in number order: the province 30 before its districts
    288 … 300, not between 299 and 300 as text puts it."""
    import childlabour_metrics as clm
    from tests.support import REPO

    units = load_units(REPO / "data" / "sample" / "units.csv")
    read = clm.read_reports(REPO / "data" / "sample", units=units, progress=False)
    table = clm.completeness(read, units, "hai-duong-2021")
    parents = completeness_rates(table)["parent_code"].drop_duplicates().tolist()
    assert {"30", "288", "300"} <= set(parents)
    numeric = [int(p) for p in parents]
    assert numeric == sorted(numeric)
