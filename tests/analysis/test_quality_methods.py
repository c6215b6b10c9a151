"""The review's methods on small tables made here: the scores against a plain one-group-at-
a-time computation, a MAD of 0, small denominators and small cross-sections, the
history means, a review without a registry, and the thresholds (issue 25)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.analysis.quality import QualityThresholds
from childlabour_metrics.analysis.quality.over_time import history_means
from childlabour_metrics.language.words import has_word
from tests.support import floats_close, raises_en


def _registry(provinces: int, communes: int) -> pd.DataFrame:
    codes = [f"P{p}" for p in range(provinces)]
    rows = [(c, c, "province", "") for c in codes]
    rows += [(f"{p}-{c:02d}", f"Xã {c}", "commune", p) for p in codes for c in range(communes)]
    return clm.load_units(pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"]))


def _table(units: pd.DataFrame, periods: list[str], rate: float = 0.3) -> pd.DataFrame:
    """Smooth figures: each commune's CL07 count within ±3 % of ``rate`` of a stable
    denominator (deterministic: no commune is far from the others by chance)."""
    communes = units.loc[units["level"] == "commune", "code"].tolist()
    rows = []
    for i, code in enumerate(communes):
        size = 800 + (37 * i) % 400
        for j, period in enumerate(periods):
            jitter = 1 + 0.03 * np.sin(7 * i + 3 * j)
            rows.append((code, period, "CL07", round(size * rate * jitter), size))
    return pd.DataFrame(rows, columns=["unit_code", "period", "indicator", "numerator",
                                       "denominator"])


def _reference_scores(obs: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Modified z- and z-scores one cross-section at a time, as a textbook writes them."""
    parent = units.set_index("code")["parent_code"]
    rows = []
    for (_, _), group in obs.assign(parent=obs["unit_code"].map(parent)).groupby(
            ["parent", "period"]):
        x = 100 * group["numerator"].to_numpy(float) / group["denominator"].to_numpy(float)
        median = np.median(x)
        mad = np.median(np.abs(x - median))
        for code, value in zip(group["unit_code"], x, strict=True):
            rows.append((code, group["period"].iloc[0], 0.6745 * (value - median) / mad,
                         (value - x.mean()) / x.std(ddof=1)))
    return pd.DataFrame(rows, columns=["unit_code", "period", "modified_z", "z"])


def test_scores_agree_with_one_cross_section_at_a_time() -> None:
    units = _registry(3, 25)
    obs = _table(units, ["2023", "2024"])
    # Three communes far from their neighbours.
    for code, factor in (("P0-03", 3.0), ("P1-10", 0.2), ("P2-24", 1.8)):
        at = (obs["unit_code"] == code) & (obs["period"] == "2024")
        obs.loc[at, "numerator"] = (obs.loc[at, "numerator"] * factor).round().astype(int)
    review = clm.data_quality(obs, units, thresholds={"modified_z": 1e-9, "z": 1e-9})
    # With tiny thresholds every compared rate is listed with its two scores (but a
    # rate right on its cross-section's median, whose modified z-score is 0).
    got = review.outliers.pivot_table(index=["unit_code", "period"], columns="method",
                                      values="score").reset_index()
    want = _reference_scores(obs, units)
    both = want.merge(got, on=["unit_code", "period"], how="left", suffixes=("", "_got"))
    assert both["z_got"].notna().all()
    assert (both["modified_z_got"].isna() == (both["modified_z"].abs() < 1e-9)).all()
    for method in ("modified_z", "z"):
        pairs = both.dropna(subset=[f"{method}_got"])
        assert all(floats_close(a, b) for a, b in zip(pairs[method], pairs[f"{method}_got"],
                                                      strict=True))
    flagged = clm.data_quality(obs, units).outliers
    assert set(flagged.loc[flagged["method"] == "modified_z", "unit_code"]) == {
        "P0-03", "P1-10", "P2-24"}


def test_a_mad_of_zero_uses_the_mean_absolute_deviation() -> None:
    # Most communes have no child labourer: the median and the MAD are both 0.
    units = _registry(1, 12)
    communes = units.loc[units["level"] == "commune", "code"].tolist()
    counts = [0] * 9 + [1, 2, 40]
    obs = pd.DataFrame({"unit_code": communes, "period": "2024", "indicator": "CL01",
                        "numerator": counts, "denominator": 1000})
    review = clm.data_quality(obs, units)
    section = review.sections.iloc[0]
    assert section["compared"] and section["mad"] == 0 and section["mad_zero"]
    rates = np.array(counts) / 10
    mean_ad = np.mean(np.abs(rates - 0))
    flagged = review.outliers[review.outliers["method"] == "modified_z"]
    assert flagged["unit_code"].tolist() == [communes[-1]]
    assert flagged["score"].item() == pytest.approx(rates[-1] / (1.253314 * mean_ad))
    # All alike: nothing is far from anything.
    same = clm.data_quality(obs.assign(numerator=3), units)
    assert same.outliers.empty and same.sections["mad_zero"].tolist() == [False]


def test_small_denominators_and_small_cross_sections() -> None:
    units = _registry(2, 12)
    obs = _table(units, ["2024"])
    small = obs["unit_code"].isin(["P0-00", "P0-01", "P0-02"])
    obs.loc[small, ["numerator", "denominator"]] = [[5, 20]] * 3  # below 30 children
    review = clm.data_quality(obs, units)
    sections = review.sections.set_index("parent_code")
    assert sections.loc["P0", ["n_units", "n_left_out", "n_compared"]].tolist() == [12, 3, 0]
    assert not sections.loc["P0", "compared"] and sections.loc["P0", "reason"] == "too_few_units"
    assert sections.loc["P1", ["n_units", "n_left_out", "n_compared"]].tolist() == [12, 0, 12]
    assert sections.loc["P1", "compared"] and pd.isna(sections.loc["P1", "reason"])
    # A lower minimum compares P0's nine large enough communes.
    lower = clm.data_quality(obs, units, thresholds={"min_units": 9}).sections
    assert lower.set_index("parent_code").loc["P0", "n_compared"] == 9
    card = review.scorecard
    assert card.loc[(card["scope"] == "all") & (card["dimension"] == "outliers"),
                    "n_checks"].item() == 12


def test_units_the_registry_lacks_have_no_parent() -> None:
    units = _registry(1, 12)
    obs = _table(units, ["2024"])
    stray = obs.iloc[:1].assign(unit_code="X9")
    review = clm.data_quality(pd.concat([obs, stray], ignore_index=True), units)
    lost = review.sections[review.sections["reason"] == "no_parent"]
    assert lost["n_units"].tolist() == [1]


def test_history_means_take_up_to_three_previous_periods() -> None:
    series = np.array([0, 0, 0, 0, 0, 1, 1])
    year = np.array([0, 1, 2, 3, 4, 0, 4])
    values = np.array([1.0, 2.0, 3.0, 4.0, 10.0, 5.0, 7.0])
    mean, count, _ = history_means(series, year, values, 3)
    assert mean[0, 4] == pytest.approx(3.0) and count[0, 4] == 3  # years 1-3, not 0
    assert np.isnan(mean[1, 4]) and count[1, 4] == 0  # year 0 is four years back
    assert mean[0, 1] == 1.0 and count[0, 1] == 1


def test_halves_are_compared_with_halves() -> None:
    units = _registry(1, 12)
    periods = ["2021H1", "2021", "2022H1", "2022", "2023H1", "2023", "2024H1", "2024"]
    obs = _table(units, periods, rate=0.5)
    # Every first half is low (a stock mid-year): that is the kind, not a change.
    halves = obs["period"].str.endswith("H1")
    obs.loc[halves, "numerator"] = obs.loc[halves, "numerator"] // 2
    review = clm.data_quality(obs, units)
    assert review.over_time.empty
    card = review.summary().set_index("dimension")
    assert card.loc["over_time", "n_checks"] == 12 * 6  # three years of each kind judged


def test_a_reused_code_starts_a_history_of_its_own() -> None:
    """Issue 22: new Xã Nam Sách kept Thị trấn Nam Sách's 10606 and took Hồng Phong's
    children: its yearly 2025 denominator is no jump from the old commune's.  A unit
    compared with itself still is."""
    units = clm.sample_units()
    rows = [(code, str(year), "CL06", 1200, 2000) for code in ("10606", "10507")
            for year in (2022, 2023, 2024)]
    rows += [("10606", "2025", "CL06", 2400, 4000),  # the new, larger commune
             ("10507", "2024H1", "CL06", 1200, 2000), ("10507", "2025H1", "CL06", 2400, 4000)]
    obs = pd.DataFrame(rows, columns=["unit_code", "period", "indicator", "numerator",
                                      "denominator"])
    found = clm.data_quality(obs, units).denominators
    assert found[["unit_code", "period"]].values.tolist() == [["10507", "2025H1"]]
    without = clm.data_quality(obs, None).denominators  # no registry: the code alone
    assert sorted(without["period"]) == ["2025", "2025H1"]


def test_without_a_registry_all_units_are_one_group() -> None:
    units = _registry(2, 10)
    obs = _table(units, ["2022", "2023", "2024"])
    at = (obs["unit_code"] == "P1-05") & (obs["period"] == "2024")
    obs.loc[at, "numerator"] = obs.loc[at, "numerator"] * 2
    review = clm.data_quality(obs)
    assert review.sections["n_units"].tolist() == [20, 20, 20]
    assert review.sections["parent_code"].isna().all()
    assert set(review.outliers["unit_code"]) == {"P1-05"}
    change = review.over_time
    assert change["unit_code"].tolist() == ["P1-05"]
    assert change["method"].item() == "ratio_to_parent"  # the parent is all units


def test_thresholds_are_checked() -> None:
    assert QualityThresholds() == QualityThresholds.of(None) == QualityThresholds.of({})
    assert QualityThresholds().replace(z=2.0).z == 2.0
    with raises_en(KeyError, r'no threshold "zscore"; the thresholds are "modified_z"'):
        clm.data_quality(pd.DataFrame(), thresholds={"zscore": 3})
    for name, value in (("z", 0), ("over_time", -0.1), ("history", 2.5),
                        ("child_share", 1.5), ("min_units", float("nan")), ("z", True)):
        with raises_en(ValueError, f'the threshold "{name}"'):
            QualityThresholds.of({name: value})
    with raises_en(KeyError, "no threshold"):
        QualityThresholds().replace(bogus=1)


def test_bad_arguments_are_named() -> None:
    with raises_en(TypeError, "an observations table"):
        clm.data_quality("reports/")
    with raises_en(ValueError, "level 'ward'"):
        clm.data_quality(pd.DataFrame(), within="ward")
    with raises_en(ValueError, "language"):
        clm.data_quality(pd.DataFrame({"unit_code": [], "period": [], "indicator": [],
                                       "numerator": [], "denominator": []}), lang="fr")


@pytest.mark.parametrize("family, codes", [
    ("quality_dim", ("outliers", "over_time", "denominators", "consistency", "external")),
    ("quality_method", ("modified_z", "z", "ratio_to_parent", "ratio_to_history", "relation",
                        "change", "population", "survey_interval")),
    ("quality_why", ("outlier_high", "outlier_low", "rise", "fall", "rise_vs_parent",
                     "fall_vs_parent", "denominator_rise", "denominator_fall",
                     "above_population", "above_child_share", "survey_above",
                     "survey_below", "relation")),
    ("quality_ask", ("outlier", "change", "denominator", "population", "relation", "survey")),
    ("quality_scope", ("all", "parent", "unit")),
    ("quality_section", ("too_few_units", "no_parent")),
])
def test_every_code_has_words(family: str, codes: tuple[str, ...]) -> None:
    assert [c for c in codes if not has_word(f"{family}_{c}")] == []
