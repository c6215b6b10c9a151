"""output.survey_charts: one panel per estimate table, the target line, words in one language."""

from __future__ import annotations

import pandas as pd
import pytest

import childlabour_metrics as clm
from tests.support import FIXTURES_DIR, raises_en


@pytest.fixture(scope="module")
def tables() -> list[pd.DataFrame]:
    kids = clm.survey.classify(pd.read_csv(FIXTURES_DIR / "survey" / "children.csv"))
    return [clm.survey.estimate(kids, by=by) for by in ("province", "sex", "age_group")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_panel_per_table_with_its_domains(tables, lang) -> None:
    fig = clm.plot_survey(tables, target=4.9, target_year=2025, lang=lang)
    assert len(fig.axes) == 3
    ticks = [[t.get_text() for t in ax.get_yticklabels()] for ax in fig.axes]
    assert ticks[0][0] == "Thành phố Hà Nội" and ticks[2] == ["5-11", "12-14", "15-17"]
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == (["Tỉnh", "Giới tính", "Nhóm tuổi"] if lang == "vi"
                      else ["Province", "Sex", "Age group"])
    legend = fig.legends[0].get_texts()[0].get_text()
    assert legend == ("Chỉ tiêu 2025: 4,9%" if lang == "vi" else "Target 2025: 4.9%")
    # every interval is drawn from its lower to its upper limit
    segments = fig.axes[1].collections[0].get_segments()
    assert [round(s[0][0], 6) for s in segments] == tables[1]["ci_low"].round(6).tolist()
    assert [round(s[1][0], 6) for s in segments] == tables[1]["ci_high"].round(6).tolist()


def test_the_whole_sample_and_bad_tables() -> None:
    whole = pd.DataFrame({"value": [3.7], "ci_low": [2.9], "ci_high": [4.6]})
    fig = clm.plot_survey(whole, lang="en")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["All"]
    with raises_en(clm.InputError, r"ci_high"):
        clm.plot_survey(whole.drop(columns="ci_high"))
