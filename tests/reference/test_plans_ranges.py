"""A plan with a number out of range, a wrong type or a stray character is a PlanError (issue 23).

Each error names the file, the target (when there is one) and the field.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import childlabour_metrics as clm
from childlabour_metrics.reference.plans import PlanError
from tests.fixtures.plan_text import HEAD, TARGET
from tests.support import raises_en

CALENDAR = """
[[calendar]]
period = "H1"
deadline = "06-15"
year_offset = 0
"""
OWNER = """
[[owners]]
owner = "labour"
npa_indicators = [1]
"""

CASES = {
    # numbers out of range
    "start = -99999999999999": (HEAD.replace("start = 2021", "start = -99999999999999")
                                + TARGET, None, "start", r'"start" = -99999999999999 is not'),
    "end = 2500": (HEAD.replace("end = 2025", "end = 2500") + TARGET, None, "end",
                   "from 2000 to 2100"),
    "horizon = 1990": (HEAD + "horizon = 1990\n" + TARGET, None, "horizon", "from 2000"),
    "start after end": (HEAD.replace("start = 2021", "start = 2026") + TARGET, None, "end",
                        "before the start year"),
    "a rate of 150 %": (HEAD + TARGET.replace("value = 1.0", "value = 150"), "T1", "value",
                        "outside 0–100"),
    "a negative rate": (HEAD + TARGET.replace("value = 1.0", "value = -1"), "T1", "value",
                        "outside 0–100"),
    "value = inf": (HEAD + TARGET.replace("value = 1.0", "value = inf"), "T1", "value",
                    "not a number"),
    "value = nan": (HEAD + TARGET.replace("value = 1.0", "value = nan"), "T1", "value",
                    "not a number"),
    "year_offset = 99": (HEAD + CALENDAR.replace("year_offset = 0", "year_offset = 99")
                         + TARGET, None, "year_offset", "or the next"),
    # wrong types
    "value as text": (HEAD + TARGET.replace("value = 1.0", 'value = "90%"'), "T1", "value",
                      "must be a number"),
    "year as text": (HEAD + TARGET.replace("year = 2025", 'year = "2025"'), "T1", "year",
                     "whole number"),
    "year_offset as text": (HEAD + CALENDAR.replace("year_offset = 0", 'year_offset = "x"')
                            + TARGET, None, "year_offset", "whole number"),
    "year_offset = 1.5": (HEAD + CALENDAR.replace("year_offset = 0", "year_offset = 1.5")
                          + TARGET, None, "year_offset", "whole number"),
    "deadline as a number": (HEAD + CALENDAR.replace('"06-15"', "615") + TARGET, None,
                             "deadline", "must be text"),
    "a calendar of words": (HEAD + 'calendar = ["H1"]\n' + TARGET, None, "calendar",
                            r'is not a "\[\[calendar\]\]" table'),
    "owners of words": (HEAD + 'owners = ["labour"]\n' + TARGET, None, "owners",
                        r'"\[\[owners\]\]" table'),
    "owner as a number": (HEAD + OWNER.replace('"labour"', "3") + TARGET, None, "owner",
                          "must be text"),
    "unknown owner key": (HEAD + OWNER + "ownr = 1\n" + TARGET, None, "ownr", "unknown key"),
    # stray characters
    "a NUL in the scope code": (HEAD.replace('"30"', '"3\\u00000"') + TARGET, None,
                                "scope_code", "control characters"),
    "a path for the scope code": (HEAD.replace('"30"', '"../30"') + TARGET, None,
                                  "scope_code", "is not a unit code"),
    "an ESC in a label": (HEAD + TARGET.replace('label = "x"', 'label = "x\\u001b[2J"'),
                          "T1", "label", "control characters"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_plan_slip_names_file_target_and_field(tmp_path: Path, case: str) -> None:
    text, target, field, pattern = CASES[case]
    path = tmp_path / "plan.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with raises_en(PlanError, pattern) as info:
        clm.load_plan(path)
    assert info.value.file == str(path) and str(path) in info.value.message("en")
    assert (info.value.target, info.value.field) == (target, field)


def test_a_plan_in_range_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    text = HEAD + "horizon = 2030\n" + CALENDAR.replace("year_offset = 0", "year_offset = 1")
    path.write_text(textwrap.dedent(text + OWNER + TARGET.replace("1.0", "100")),
                    encoding="utf-8")
    plan = clm.load_plan(path)
    assert plan.horizon == 2030 and float(plan.targets["value"].item()) == 100.0
