"""Tests for childlabour_metrics.output.charts: baseline images and what the charts say."""

from __future__ import annotations

import matplotlib
import matplotlib.colors as mcolors
import pandas as pd
import pytest
from matplotlib.figure import Figure

from childlabour_metrics.analysis.targets import attainment
from childlabour_metrics.output import charts

matplotlib.use("Agg")


@pytest.fixture
def toy_attainment(toy_observations, toy_plan) -> pd.DataFrame:
    communes = toy_observations[toy_observations["unit_code"] != "P1"]
    return attainment(communes, toy_plan)


@pytest.fixture
def toy_completeness() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["C1", "C1", "C1", "C2", "C2", "C2", "C3", "C3", "C3"],
        "period": ["2024H1", "2024", "2025H1"] * 3,
        "status": ["on_time", "late", "on_time", "missing", "on_time", "on_time",
                   "received", "unexpected", "missing"],
        "n_reports": pd.array([1, 1, 1, 0, 1, 2, 1, 1, 0], dtype="Int64"),
    })


# --- baseline images --------------------------------------------------------


def test_progress_baseline(check_image, toy_observations, toy_plan):
    check_image(charts.plot_progress(toy_observations, toy_plan, "P1", "A1"), "progress_vi")


def test_progress_english_baseline(check_image, toy_observations, toy_plan):
    fig = charts.plot_progress(toy_observations, toy_plan, "C1", "A3", lang="en")
    check_image(fig, "progress_sum_en")


def test_comparison_baseline(check_image, toy_attainment):
    check_image(charts.plot_comparison(toy_attainment, "A1", "2024"), "comparison_vi")


def test_heatmap_baseline(check_image, toy_attainment):
    check_image(charts.plot_heatmap(toy_attainment, "2024"), "heatmap_vi")


def test_completeness_baseline(check_image, toy_completeness):
    check_image(charts.plot_completeness(toy_completeness), "completeness_vi")


def test_dashboard_baseline(check_image, toy_observations, toy_plan):
    check_image(charts.plot_dashboard(toy_observations, toy_plan), "dashboard_vi")


def test_baseline_check_fails_on_a_different_chart(check_image, toy_observations, toy_plan,
                                                  refresh_baselines):
    if refresh_baselines:
        pytest.skip("refreshing baselines")
    other = charts.plot_progress(toy_observations, toy_plan, "C3", "A2")
    with pytest.raises(AssertionError):
        check_image(other, "progress_vi")


# --- behaviour --------------------------------------------------------------


def test_functions_return_figures_without_pyplot(toy_observations, toy_plan, toy_attainment,
                                                 toy_completeness):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    figs = [
        charts.plot_progress(toy_observations, toy_plan, "P1", "CL01"),
        charts.plot_comparison(toy_attainment, "A2", "2025"),
        charts.plot_heatmap(toy_attainment, "2025"),
        charts.plot_completeness(toy_completeness),
        charts.plot_dashboard(toy_observations, toy_plan),
    ]
    assert all(isinstance(f, Figure) for f in figs)
    assert plt.get_fignums() == before  # nothing registered with pyplot, nothing to show


def test_progress_series_is_ratio_of_sums_and_skips_error_rows(toy_observations, toy_plan):
    fig = charts.plot_progress(toy_observations, toy_plan, "C2", "A2")
    lines = {ln.get_label(): ln for ln in fig.axes[0].lines}
    yearly = lines["Số liệu cả năm"]
    years = list(yearly.get_xdata())
    # C2's 2024 CL03 row is an error: no 2024 point, the others are there.
    assert years == [2021, 2022, 2023, 2025]
    assert yearly.get_ydata()[0] == pytest.approx(82.0)
    # A3 sums CL12 and CL13 counts: (50 + 56) / (100 + 110), not the mean of rates.
    fig = charts.plot_progress(toy_observations, toy_plan, "C1", "A3", lang="en")
    yearly = {ln.get_label(): ln for ln in fig.axes[0].lines}["Yearly value"]
    assert yearly.get_ydata()[0] == pytest.approx(100 * 106 / 210)


def test_progress_draws_both_targets_and_dashed_trajectory(toy_observations, toy_plan):
    fig = charts.plot_progress(toy_observations, toy_plan, "P1", "CL01", lang="en")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["Target 2025: ≤ 1%", "Target 2030: < 1%"]
    trajectory = {ln.get_label(): ln for ln in ax.lines}["Linear trajectory"]
    assert trajectory.get_linestyle() == "--"
    # From the 2021 baseline (5.0 %) to the 2025 target then the 2030 target.
    assert list(trajectory.get_xdata()) == [2021.0, 2025.0, 2030.0]
    assert list(trajectory.get_ydata()) == pytest.approx([5.0, 1.0, 1.0])
    assert ax.get_xlabel() == "Year"


def test_progress_rejects_unknown_label_and_language(toy_observations, toy_plan):
    with pytest.raises(KeyError, match="A99"):
        charts.plot_progress(toy_observations, toy_plan, "P1", "A99")
    with pytest.raises(ValueError, match="lang"):
        charts.plot_progress(toy_observations, toy_plan, "P1", "A1", lang="fr")


def test_comparison_sorted_best_first_and_coloured_by_status(toy_attainment):
    fig = charts.plot_comparison(toy_attainment, "A1", "2024", lang="en")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # CL01 must decrease: the lowest rate first; C3 has no value and comes last.
    assert labels == ["C1", "C2", "C3"]
    colours = [mcolors.to_hex(p.get_facecolor()) for p in ax.patches[:3]]
    # issue 22: the 2025 target on 2024 data is "not yet", never "not met"
    assert colours == [charts.STATUS_COLORS["not_yet"]] * 2 + [charts.STATUS_COLORS["no_data"]]
    assert "No data" in [t.get_text().strip() for t in ax.texts]
    assert ax.lines[0].get_xdata()[0] == pytest.approx(1.0)  # the target line


def test_comparison_marks_a_zero_value_unlike_no_data():
    # A 0 % value draws no bar: without a mark it would look like an empty row.
    att = pd.DataFrame({
        "unit_code": ["a", "b", "c"], "period": ["2024"] * 3, "label": ["A1"] * 3,
        "value": pd.array([2.0, 0.0, None], dtype="Float64"), "operator": ["<="] * 3,
        "target": pd.array([1.0] * 3, dtype="Float64"),
        "met": pd.array([False, True, None], dtype="boolean"), "direction": ["decrease"] * 3})
    ax = charts.plot_comparison(att, "A1", "2024", lang="en").axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "a", "c"]
    marks = ax.collections
    assert len(marks) == 1
    (x, y), = marks[0].get_offsets().tolist()
    assert (x, y) == (0.0, 0.0)  # on b's row, at zero; none on c's (no data)
    assert mcolors.to_hex(marks[0].get_facecolor()[0]) == charts.STATUS_COLORS["met"]


def test_comparison_increasing_indicator_highest_first(toy_attainment):
    ax = charts.plot_comparison(toy_attainment, "A2", "2025").axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["C3", "C2", "C1"]


def test_comparison_uses_unit_names_from_registry(toy_attainment):
    units = pd.DataFrame({"code": ["C1", "C2", "C3"], "name": ["An Bình", "Đông Hải", "Vân Sơn"]})
    ax = charts.plot_comparison(toy_attainment, "A2", "2025", units=units).axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Vân Sơn", "Đông Hải", "An Bình"]


def test_heatmap_cells_hold_values_and_status(toy_attainment):
    ax = charts.plot_heatmap(toy_attainment, "2024", lang="en").axes[0]
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 3 * 4  # three communes × four targets
    assert "–" in texts  # C3's CL01 has no value in 2024
    # issue 22: each column says what it is in words, under its ref; a 2025 or 2030
    # target on 2024 data is "not yet", never "not met"
    heads = [t.get_text() for t in ax.get_xticklabels()]
    assert [h.split("\n")[0] for h in heads] == ["A1", "A2", "A3", "A12"]
    assert "Child labour" in heads[0] and "Enterprises" in heads[2]
    assert "Not yet (target year ahead)" in [t.get_text() for t in ax.get_legend().get_texts()]


def test_completeness_grid_and_legend(toy_completeness):
    ax = charts.plot_completeness(toy_completeness, lang="en").axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2024H1", "2024", "2025H1"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["On time", "Late", "Received", "Not expected", "Missing",
                      "×n: Reports sent twice or more"]
    assert [t.get_text() for t in ax.texts] == ["×2"]  # C2 sent 2025H1 twice


def test_empty_inputs_give_a_figure_saying_so(toy_attainment):
    ax = charts.plot_comparison(toy_attainment, "A1", "2019").axes[0]
    assert [t.get_text() for t in ax.texts] == ["Không có số liệu để vẽ"]


def test_attainment_status_from_met_when_no_status_column():
    att = pd.DataFrame({"met": pd.array([True, False, None, None], dtype="boolean"),
                        "value": pd.array([1.0, 5.0, None, 3.0], dtype="Float64"),
                        "target": pd.array([2.0, 2.0, 2.0, None], dtype="Float64")})
    assert charts.attainment_status(att).tolist() == ["met", "not_met", "no_data", "no_target"]


def test_progress_without_data_says_so(toy_observations, toy_plan):
    ax = charts.plot_progress(toy_observations, toy_plan, "P1", "CL05", lang="en").axes[0]
    assert [t.get_text() for t in ax.texts] == ["Nothing to plot"]  # no data, no target
    no_rows = toy_observations[toy_observations["indicator"] != "CL01"]
    ax = charts.plot_progress(no_rows, toy_plan, "P1", "A1", lang="en").axes[0]
    assert "No data" in [t.get_text() for t in ax.texts]
    assert "Target 2025: ≤ 1%" in [t.get_text() for t in ax.texts]


# --- what a person sees must never mislead (issue 11) -----------------------


def _near_target() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_code": ["a", "b", "c"], "period": ["2024"] * 3, "label": ["A1"] * 3,
        "value": pd.array([1.006, 0.993, 0.5], dtype="Float64"), "operator": ["<="] * 3,
        "target": pd.array([1.0] * 3, dtype="Float64"),
        "met": pd.array([False, True, True], dtype="boolean"),
        "status": ["not_met", "met", "met"], "direction": ["decrease"] * 3})


def test_heatmap_and_bars_show_the_digits_that_decide():
    """1.006 and 0.993 against ≤ 1 % both round to "1,0": show 1,01 and 0,99."""
    att = _near_target()
    heat = sorted(t.get_text() for t in charts.plot_heatmap(att, "2024").axes[0].texts)
    assert heat == ["0,5", "0,99", "1,01"]
    bars = [t.get_text().strip() for t in charts.plot_comparison(att, "A1", "2024").axes[0].texts]
    assert bars == ["0,5", "0,99", "1,01"]
    en = [t.get_text().strip()
          for t in charts.plot_comparison(att, "A1", "2024", lang="en").axes[0].texts]
    assert en == ["0.5", "0.99", "1.01"]


def test_axis_ticks_use_the_labels_number_format():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = charts.plot_comparison(_near_target(), "A1", "2024")
    FigureCanvasAgg(fig).draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert "0,2" in ticks and not any("." in t for t in ticks)


def test_no_rising_trajectory_toward_a_target_already_beaten():
    """Vân Sơn: child labour 0.8 % against "< 4 %" needs no line rising to 4 %."""
    obs = pd.DataFrame({"unit_code": ["07621"] * 2, "period": ["2026", "2027"],
                        "indicator": ["CL01"] * 2, "numerator": [8, 7],
                        "denominator": [1000, 1000]})
    fig = charts.plot_progress(obs, "van-son-2026", "07621", "CL01", lang="en")
    labels = [ln.get_label() for ln in fig.axes[0].lines]
    assert "Linear trajectory" not in labels
    assert any(t.get_text().startswith("Target 2030") for t in fig.axes[0].texts)


def test_completeness_shows_a_unit_not_expected_as_such_not_missing():
    comp = pd.DataFrame({"unit_code": ["a", "a", "b"], "period": ["2024", "2025", "2025"],
                         "status": ["on_time", "on_time", "missing"]})
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = charts.plot_completeness(comp, lang="en")
    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Not expected to report" in labels and "Missing" in labels
    cells = ax.collections[0].get_facecolors()  # b in 2024: not expected, light grey
    grey = mcolors.to_rgba(charts.STATUS_COLORS["not_expected"])
    assert any(tuple(c) == pytest.approx(grey) for c in cells)


def test_completeness_rates_never_round_a_gap_away():
    """99.6 % is written 99,6 %, banded below 100 %; 100 % is the only full band."""
    from childlabour_metrics.output.charts import RATE_BANDS, plot_completeness_rates

    rates = pd.DataFrame({"parent_code": ["P", "Q", "R", "S"], "period": ["2024"] * 4,
                          "expected": [250, 10, 10, 0], "received": [249, 10, 4, 0],
                          "rate_received": [249 / 250, 1.0, 0.4, None]})
    fig = plot_completeness_rates(rates, lang="vi")
    ax = fig.axes[0]
    assert sorted(t.get_text() for t in ax.texts) == ["100%", "40%", "99,6%"]
    mesh = ax.collections[0]  # its colours are set only when drawn: map its values
    colours = [mcolors.to_hex(c) for c in mesh.cmap(mesh.norm(mesh.get_array()))]
    bands = {key: colour for key, _low, colour in RATE_BANDS}
    # rows P, Q, R in order (S expected nothing and is left out)
    assert colours == [bands["rate_most"], bands["rate_all"], bands["rate_few"]]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["P", "Q", "R"]


def test_dashboard_target_labels_never_overlap():
    """A1's 2025 "≤ 1 %" and 2030 "< 1 %" labels drew over each other (issue 22's notes):
    in every panel of the sample's dashboard, no two texts of the targets meet."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from childlabour_metrics.analysis.report_data import analyse
    from tests.support import REPO

    sample = REPO / "data" / "sample"
    data = analyse(sample, "hai-duong-2021", units=sample / "units.csv", progress=False,
                   quality=False)
    for lang in ("vi", "en"):
        fig = charts.plot_dashboard(data.scope_observations, data.plan, lang=lang,
                                    judged=data.judged, method=data.method)
        renderer = FigureCanvasAgg(fig).get_renderer()
        word = "Mục tiêu" if lang == "vi" else "Target"
        for ax in fig.axes:
            boxes = [t.get_window_extent(renderer) for t in ax.texts
                     if t.get_text().startswith(word)]
            for i, a in enumerate(boxes):
                assert not any(a.overlaps(b) for b in boxes[i + 1:]), ax.get_title()
        a1 = fig.axes[0]
        labels = [t.get_text() for t in a1.texts if t.get_text().startswith(word)]
        assert "\n".join(labels).count(word) == 2  # both targets still named


def test_two_units_of_one_name_are_told_apart_by_their_codes():
    """Old Phường Tứ Minh (10540, to 30 June 2025) and the new one (10891): two rows of
    the completeness chart, each with its code; a name carried once stays bare."""
    from childlabour_metrics.reference.units import sample_units

    units = sample_units()
    comp = pd.DataFrame({"unit_code": ["10540", "10891", "10507"],
                         "period": ["2024", "2025", "2025"],
                         "status": ["on_time", "on_time", "missing"]})
    fig = charts.plot_completeness(comp, units=units, lang="en")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    names = dict(zip(units["code"], units["name"], strict=True))
    assert names["10540"] == names["10891"]
    assert sorted(labels) == sorted([f"{names['10540']} (10540)", f"{names['10891']} (10891)",
                                     names["10507"]])
