"""Plans are typed and strictly validated (issue 11 item 10)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.reference.plans import PlanError, Target
from tests.fixtures.plan_text import HEAD, TARGET
from tests.support import raises_en


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "target", "field", "needle"),
    [
        (HEAD + TARGET.replace("[[targets]]", "[[target]]"), None, "target", "unknown key"),
        (HEAD + TARGET.replace("value = 1.0", "value = 1.0\nvalu = 2"), "T1", "valu",
         "unknown key"),
        (HEAD + TARGET.replace("value = 1.0", 'value = "1%"'), "T1", "value", "number"),
        (HEAD + TARGET.replace("year = 2025", 'year = "2025"'), "T1", "year", "whole number"),
        (HEAD + TARGET.replace('"<="', '"=<"'), "T1", "operator", "operator"),
        (HEAD + TARGET.replace("2025", "2040"), "T1", "year", "outside the plan"),
        (HEAD + TARGET.replace("CL01", "CL1"), "T1", "indicators", "unknown indicator"),
        (HEAD, None, "targets", r'no targets \("\[\[targets\]\]"\)'),
        (HEAD.replace("start = 2021", 'start = "2021"') + TARGET, None, "start",
         "whole number"),
    ],
)
def test_bad_plan_names_file_target_and_field(tmp_path, text, target, field, needle) -> None:
    path = _write(tmp_path, text)
    with raises_en(PlanError, needle) as err:
        clm.load_plan(path)
    assert err.value.file == str(path) and str(path) in str(err.value)
    assert err.value.target == target
    assert err.value.field == field


def test_lower_case_codes_in_a_plan_are_read_as_codes(tmp_path) -> None:
    plan = clm.load_plan(_write(tmp_path, HEAD + TARGET.replace("CL01", "cl01")))
    assert plan.indicator_codes == ("CL01",)


def test_target_records_mirror_the_table() -> None:
    plan = clm.load_plan("hai-duong-2021")
    records = plan.target_records()
    assert all(isinstance(r, Target) for r in records)
    assert [r.ref for r in records] == plan.targets["ref"].tolist()
    first = records[0]
    assert (first.indicators, first.operator, first.value, first.year) == (
        ("CL01",), "<=", 1.0, 2025)
    with pytest.raises(AttributeError):
        first.value = 2.0  # type: ignore[misc]


def _obs(code: str) -> pd.DataFrame:
    return pd.DataFrame({"unit_code": ["10507", "10507"], "period": ["2021", "2025"],
                         "indicator": [code, code], "numerator": [3, 1],
                         "denominator": [100, 100]})


def test_lower_case_observation_codes_are_not_silently_dropped() -> None:
    att = clm.attainment(_obs("cl01"), "hai-duong-2021", target_year=2025)
    assert "A1" in set(att["ref"]) and att.loc[att["ref"] == "A1", "value"].notna().all()
    prog = clm.progress(_obs("cl01"), "hai-duong-2021", target_year=2025)
    assert "A1" in set(prog["ref"])


def test_a_target_year_the_plan_lacks_is_an_error() -> None:
    with raises_en(PlanError, "2025, 2030"):
        clm.attainment(_obs("CL01"), "hai-duong-2021", target_year=2027)
    with raises_en(PlanError, "no target for 2027"):
        clm.progress(_obs("CL01"), "hai-duong-2021", target_year=2027)
