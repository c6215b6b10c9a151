"""``childlabour-metrics quality``: the scorecard printed, the follow-up list written
(issue 25); run in process through ``main``."""

from __future__ import annotations

import contextlib
import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.cli import COLUMNS, main
from tests.support import REPO

SAMPLE = REPO / "data" / "sample"
ARGS = [str(SAMPLE), "--plan", "hai-duong-2021", "--units", str(SAMPLE / "units.csv")]


def _csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # UTF-8 with a BOM, for Excel
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """One run: the scorecard as CSV and the follow-up list in a file (English words)."""
    path = tmp_path_factory.mktemp("quality") / "follow-up.csv"
    out, err = io.StringIO(), io.StringIO()  # capsys is a function's fixture
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["quality", *ARGS, "--within", "province", "--format", "csv",
                     "--lang", "en", "--follow-up", str(path)])
    assert code == 0, err.getvalue()
    return path, out.getvalue(), err.getvalue()


def test_the_scorecard_as_csv(written: tuple[Path, str, str]) -> None:
    _, out, _ = written
    rows = _csv(out)
    assert list(rows[0]) == COLUMNS["quality"]
    every = {r["dimension"]: r for r in rows if r["scope"] == "all"}
    assert list(every) == ["outliers", "over_time", "denominators", "consistency",
                           "external"]
    # the planted CL02 above CL01 and CL01 above CL04 (data/sample/planted.csv)
    assert int(every["consistency"]["n_failed"]) == 2
    assert int(every["denominators"]["n_failed"]) == 2  # CL02's denominator, CL06's jump
    assert {r["scope"] for r in rows} == {"all", "parent", "unit"}


def test_the_follow_up_list_is_written(written: tuple[Path, str, str]) -> None:
    path, _, err = written
    rows = _csv(path.read_text(encoding="utf-8"))
    assert list(rows[0]) == COLUMNS["follow_up"]
    first = rows[0]
    assert (first["unit_code"], first["period"], first["indicator"], first["severity"]) == (
        "10540", "2024", "CL02", "error")
    assert first["cells"] == "E13, E12" and first["source_file"].endswith("10540_2024.xlsx")
    assert first["why"].startswith("Children in heavy, hazardous or dangerous work")
    assert first["question"].startswith("Ask the unit to check CL02 (numerator)")
    assert f"wrote {len(rows)} rows to follow up to {path}" in err


def test_the_table_speaks_the_run_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", *ARGS]) == 0
    out = capsys.readouterr().out
    assert "Nhất quán giữa các chỉ tiêu" in out and "Tất cả đơn vị" in out
    assert "consistency" not in out
    # The table shows all units and each parent, not a row per commune.
    assert "Đơn vị cấp trên" in out and "10540" not in out


def test_survey_estimates_from_a_file(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    survey = tmp_path / "survey.csv"
    pd.DataFrame({"unit_code": ["30"], "year": [2024], "value": [5.4], "ci_low": [4.6],
                  "ci_high": [6.3]}).to_csv(survey, index=False)
    assert main(["quality", *ARGS, "--survey", str(survey), "--format", "csv"]) == 0
    rows = _csv(capsys.readouterr().out)
    external = next(r for r in rows if r["scope"] == "all" and r["dimension"] == "external")
    assert (external["n_checks"], external["n_failed"]) == ("1", "1")


def test_a_missing_survey_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", *ARGS, "--survey", "no/such.csv", "--lang", "en"]) == 2
    assert "no such file or folder: no/such.csv" in capsys.readouterr().err
