"""The one problem registry: codes, docs, and messages rendered at the output edge."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pandas as pd

from childlabour_metrics import read_reports
from childlabour_metrics.language import problems as old_home
from childlabour_metrics.language.problems import (
    PROBLEM_COLUMNS,
    PROBLEMS,
    problem_message,
    problems_markdown,
    render,
)
from childlabour_metrics.output.forms import write_problems
from tests.fixtures.io_forms import ROWS, single_form
from tests.support import FIXTURES_DIR, REPO

FIXTURES = FIXTURES_DIR

DOCS = REPO / "docs" / "problems.md"


def test_old_import_path_still_works() -> None:
    assert old_home.PROBLEMS is PROBLEMS
    assert old_home.problem_message is problem_message


def test_docs_name_every_code_and_no_other() -> None:
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", DOCS.read_text("utf-8"), re.M))
    assert documented == set(PROBLEMS)
    assert DOCS.read_text(encoding="utf-8") == problems_markdown()


def test_completeness_codes_are_in_the_registry_once() -> None:
    assert {"MISSING_REPORT", "UNEXPECTED_REPORT", "DUPLICATE_REPORT"} <= set(PROBLEMS)
    assert len({code for code in PROBLEMS}) == len(PROBLEMS)
    vi = problem_message("MISSING_REPORT", unit_code="00001", period="2024H1")
    assert vi == "Chưa nhận được báo cáo của đơn vị 00001 kỳ 2024H1."


def test_word_fields_render_in_the_language() -> None:
    table = pd.DataFrame({"code": ["UNEXPECTED_REPORT"], "unit_code": ["07621"],
                          "period": ["2024H1"], "detail": ["not_in_scope"]})
    en = render(table, "en")["message"].item()
    vi = render(table, "vi")["message"].item()
    assert "unit outside the plan's scope" in en, en
    assert "ngoài phạm vi kế hoạch" in vi, vi
    assert "not_in_scope" not in en + vi
    assert problem_message("UNEXPECTED_REPORT", "en", detail="not_in_scope") == (
        "The report of unit ? for period ? was not expected (unit outside the plan's scope).")


def test_render_matches_problem_message_for_every_code() -> None:
    fields = {"cell": "D12", "value": "7", "indicator": "CL02", "period": "2024H1",
              "unit_code": "00412", "detail": "x.xlsx"}
    table = pd.DataFrame([{"code": code, **fields} for code in PROBLEMS])
    for lang in ("vi", "en"):
        got = render(table, lang)["message"].tolist()
        assert got == [problem_message(code, lang, **fields) for code in PROBLEMS]


def test_render_keeps_foreign_codes_and_marks_missing_fields() -> None:
    table = pd.DataFrame({"code": ["OTHER", "NOT_A_NUMBER"], "message": ["own text", "old"],
                          "cell": ["A1", pd.NA]})
    out = render(table, "en")
    assert out["message"].tolist() == ["own text", 'Cell ? holds "?", which is not a number.']
    assert table["message"].tolist() == ["own text", "old"]  # input untouched


def test_a_vietnamese_read_renders_in_english_at_the_edge(tmp_path: Path) -> None:
    rows = [r if r[0] != "CL06" else ("CL06", "nhiều", 1500) for r in ROWS]
    result = read_reports(single_form(tmp_path / "r.xlsx", rows=rows), progress=False)
    problems = result.problems
    assert list(problems.columns) == PROBLEM_COLUMNS
    assert problems["message"].item().startswith("Ô ")
    assert problems[["value", "cell"]].iloc[0].tolist() == ["nhiều", "E12"]
    assert render(problems, "en")["message"].item() == (
        'Cell E12 holds "nhiều", which is not a number.')
    written = write_problems(result, tmp_path / "out", lang="en")
    sheet = openpyxl.load_workbook(written[0]).active
    top = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "File")
    header = [c.value for c in sheet[top]]
    assert header[:3] == ["File", "Sheet", "Cell"]
    assert sheet["A1"].value == "Problems to fix in the report you sent"
    row = dict(zip(header, (c.value for c in sheet[top + 1]), strict=True))
    assert row["Message"] == 'Cell E12 holds "nhiều", which is not a number.'
    assert row["Severity"] == "Error"
    assert row["What to do"].startswith("Enter a whole number")
