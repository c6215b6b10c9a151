"""The README's survey section prints what it says, and the public names are there."""

from __future__ import annotations

import contextlib
import io
import re

import childlabour_metrics as clm
from tests.support import REPO


def _section(title: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(title)
    end = text.find("\n## ", start + len(title))
    return text[start:end]


def test_the_survey_snippet_prints_the_documented_tables(monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    section = _section("## Child labour from survey microdata")
    code, printed = re.findall(r"```(?:python)?\n(.*?)```", section, flags=re.S)[:2]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().strip() == printed.strip()


def test_the_survey_wing_is_public() -> None:
    for name in ("survey", "survey_attainment", "survey_vs_routine", "plot_survey"):
        assert name in clm.__all__
    for name in ("read", "classify", "estimate", "rule_sets"):
        assert callable(getattr(clm.survey, name))
    assert callable(clm.plot_survey)
