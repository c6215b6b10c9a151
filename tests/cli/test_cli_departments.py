"""The command line shows departments apart and writes the tidy exports (issue 14)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from childlabour_metrics.cli import COLUMNS, main
from childlabour_metrics.language.words import word
from childlabour_metrics.output.export import read_export
from tests.support import REPO

SAMPLE = REPO / "data" / "sample-nghe-an"
REPORTS = str(SAMPLE / "reports")
PLAN = "nghe-an-2021"


@pytest.fixture
def registry(tmp_path) -> str:
    """The sample's province and departments, plus two districts of the hierarchy."""
    units = pd.read_csv(SAMPLE / "units.csv", dtype="str", keep_default_na=False)
    extra = pd.DataFrame({"code": ["401", "402"], "name": ["Thành phố Vinh", "Huyện Nam Đàn"],
                          "level": ["district", "district"], "parent_code": ["40", "40"],
                          "valid_from": "", "valid_to": "", "kind": ""})
    path = tmp_path / "units.csv"
    pd.concat([units, extra], ignore_index=True).to_csv(path, index=False)
    return str(path)


def _csv(capsys) -> pd.DataFrame:
    out = capsys.readouterr().out
    return pd.read_csv(io.StringIO(out.lstrip("\ufeff")), dtype="str", keep_default_na=False)


def test_completeness_table_lists_departments_in_their_own_section(registry, capsys):
    assert main(["completeness", REPORTS, "--units", registry, "--plan", PLAN]) == 0
    out = capsys.readouterr().out
    hierarchy, departments = word("dept_cli_hierarchy", "vi"), word("dept_cli_departments", "vi")
    assert hierarchy in out and departments in out
    top, bottom = out.split(departments)
    assert "Huyện Nam Đàn" in top and "Công an tỉnh" not in top
    assert "Công an tỉnh" in bottom and "Huyện Nam Đàn" not in bottom
    # The kind in the vocabulary's words, and the late yearly report of education.
    assert word("dept_police", "vi") in bottom and word("completeness_late", "vi") in bottom


def test_completeness_departments_view_in_english(registry, capsys):
    assert main(["completeness", REPORTS, "--units", registry, "--plan", PLAN,
                 "--departments", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert word("dept_cli_departments", "en") not in out  # one view, no sections
    assert "Huyện Nam Đàn" not in out and word("dept_health", "en") in out


def test_completeness_departments_csv(registry, capsys):
    assert main(["completeness", REPORTS, "--units", registry, "--plan", PLAN,
                 "--departments", "--format", "csv"]) == 0
    table = _csv(capsys)
    assert list(table.columns) == COLUMNS["departments"]
    status = table.set_index(["unit_code", "period"])["status"]
    assert status[("40-GDDT", "2021")] == "late"
    assert status[("40-CA", "2021H1")] == "missing"
    assert len(table) == 10 and set(table["kind"]) == {
        "labour", "education", "health", "tourism", "police"}


def test_completeness_csv_keeps_one_table_hierarchy_first(registry, capsys):
    assert main(["completeness", REPORTS, "--units", registry, "--plan", PLAN,
                 "--format", "csv"]) == 0
    table = _csv(capsys)
    assert list(table.columns) == COLUMNS["completeness"]
    is_dept = (table["level"] == "department").tolist()
    assert is_dept == sorted(is_dept)  # every department row after the hierarchy's
    assert any(is_dept) and not all(is_dept)


def test_completeness_rates_leave_departments_out_of_an_areas_rate(registry, capsys):
    assert main(["completeness", REPORTS, "--units", registry, "--plan", PLAN,
                 "--rates", "--format", "csv"]) == 0
    rates = _csv(capsys)
    # Only the two districts are expected under the province: departments report beside it.
    assert set(rates["expected"].astype(int)) == {2}
    assert set(rates["missing"].astype(int)) == {2} and set(rates["received"]) == {"0"}


def test_export_writes_the_tidy_tables_that_read_back(registry, tmp_path, capsys):
    out = tmp_path / "export"
    assert main(["export", REPORTS, "--units", registry, "--plan", PLAN, "--out", str(out)]) == 0
    listed = capsys.readouterr().out
    for name in ("observations", "attainment", "progress", "completeness"):
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert f"{name}.csv" in listed
    assert (out / "data_dictionary.csv").exists()
    obs = read_export(out / "observations.csv")
    assert len(obs) == 14 and str(obs["numerator"].dtype) == "Int64"
    att = read_export(out / "attainment.csv")
    # Owned targets, judged on their owners: the owner column says whose.
    assert set(att["owner"]) == {"labour", "education", "tourism"}
    comp = read_export(out / "completeness.csv").set_index(["unit_code", "period"])
    assert comp.loc[("40-GDDT", "2021"), "status"] == "late"


def test_export_without_a_plan_writes_observations_only(tmp_path, capsys):
    out = tmp_path / "obs"
    assert main(["export", REPORTS, "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "data_dictionary.csv", "data_dictionary.md", "observations.csv"]


def test_export_parquet(tmp_path, capsys):
    out = tmp_path / "pq"
    code = main(["export", REPORTS, "--out", str(out), "--format", "parquet", "--lang", "en"])
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        # Without the optional package: a clear error naming the file and the fix, nothing written.
        assert code == 2
        assert "pyarrow" in capsys.readouterr().err and not out.exists()
        return
    assert code == 0
    assert len(read_export(out / "observations.parquet")) == 14
