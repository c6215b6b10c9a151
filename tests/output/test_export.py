"""Tidy exports: CSV (UTF-8 with BOM) and Parquet round trips, the data dictionary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.analysis.departments import department_completeness
from childlabour_metrics.analysis.targets import attainment
from childlabour_metrics.output import export
from childlabour_metrics.output.export import (
    TABLE_COLUMNS,
    ExportError,
    data_dictionary,
    dictionary_markdown,
    export_tables,
    read_export,
    tidy,
)
from childlabour_metrics.reference.units import load_units
from tests.support import REPO, raises_en

ROOT = REPO
SAMPLE = ROOT / "data" / "sample-nghe-an"


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    units = load_units(SAMPLE / "units.csv")
    result = clm.read_reports(SAMPLE / "reports", units=units, plan="nghe-an-2021")
    obs = result.observations.copy()
    # Text a spreadsheet would run as a formula, and codes with leading zeros.
    obs.loc[0, "unit_name"] = '=HYPERLINK("http://x","y")'
    obs.loc[1, "unit_name"] = "-2+3"
    obs.loc[2, "unit_name"] = "'đã trích"
    extra = pd.DataFrame({
        "unit_code": ["00412", "00412", "00412"], "period": ["2021", "2022", "2023"],
        "indicator": ["CL01", "CL01", "CL12"], "numerator": [5, 4, pd.NA],
        "denominator": [100, 100, 50], "status": ["ok", "ok", "warning"]})
    obs = pd.concat([obs, extra], ignore_index=True)
    numbered = pd.DataFrame({
        "unit_code": ["00412"] * 4, "period": ["2021", "2022", "2023", "2024"],
        "indicator": ["CL01"] * 4, "numerator": [5, 4, 3, 2], "denominator": [100] * 4})
    att = attainment(numbered, "hai-duong-2021", target_year=2025)
    prog = clm.progress(numbered, "hai-duong-2021")
    comp = department_completeness(result, units, "nghe-an-2021")
    return {"observations": obs, "attainment": att, "progress": prog, "completeness": comp}


def test_csv_round_trip_keeps_values_and_types(tables, tmp_path):
    written = export_tables(tables, tmp_path, formats="csv")
    assert set(written["table"]) == {*tables, "dictionary"}
    for name, frame in tables.items():
        back = read_export(tmp_path / f"{name}.csv")
        pd.testing.assert_frame_equal(back, tidy(frame, name))
    obs = read_export(tmp_path / "observations.csv")
    assert "00412" in set(obs["unit_code"])
    assert str(obs["numerator"].dtype) == "Int64" and obs["numerator"].isna().any()
    assert str(obs["unit_code"].dtype) == "str"
    comp = read_export(tmp_path / "completeness.csv")
    assert str(comp["on_time"].dtype) == "boolean" and comp["on_time"].isna().any()
    assert str(comp["deadline"].dtype).startswith("datetime64")


def test_csv_is_utf8_with_bom_and_formulas_are_neutralised(tables, tmp_path):
    export_tables({"observations": tables["observations"]}, tmp_path)
    raw = (tmp_path / "observations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'-2+3" in text and "''đã trích" in text
    assert ",=HYPERLINK" not in text
    back = read_export(tmp_path / "observations.csv")
    assert back.loc[0, "unit_name"] == '=HYPERLINK("http://x","y")'
    assert back.loc[2, "unit_name"] == "'đã trích"


def test_parquet_round_trip(tables, tmp_path):
    pytest.importorskip("pyarrow")
    export_tables(tables, tmp_path, formats=("csv", "parquet"))
    for name, frame in tables.items():
        back = read_export(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(back, tidy(frame, name))
        pd.testing.assert_frame_equal(back, read_export(tmp_path / f"{name}.csv"))


def test_parquet_without_pyarrow_is_a_clear_error(tables, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "_pyarrow_available", lambda: False)
    with raises_en(ExportError, r"pyarrow.*\[parquet\]"):
        export_tables({"observations": tables["observations"]}, tmp_path / "out",
                      formats="parquet")
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_column_order_is_the_dictionarys_whatever_the_input_order(tables):
    obs = tables["observations"]
    shuffled = obs[list(reversed(obs.columns))].assign(zz_extra="x")
    out = tidy(shuffled, "observations")
    known = [c for c in TABLE_COLUMNS["observations"] if c in obs.columns]
    assert list(out.columns) == [*known, "zz_extra"]


def test_lists_are_joined_codes(tables):
    att = tidy(tables["attainment"], "attainment")
    assert set(att["indicators"]) <= {"CL01", "CL02", "CL12+CL13"} | set(
        f"CL{i:02d}" for i in range(1, 14))
    comp = tidy(tables["completeness"], "completeness")
    assert comp["files"].dropna().str.endswith(".xlsx").all()


def test_bad_tables_are_refused(tables, tmp_path):
    with raises_en(ExportError, "'results'"):
        export_tables({"results": tables["observations"]}, tmp_path)
    with raises_en(ExportError, "numerator"):
        export_tables({"observations": tables["observations"].drop(columns="numerator")},
                      tmp_path)
    with raises_en(ExportError, "format"):
        export_tables({"observations": tables["observations"]}, tmp_path, formats="xlsx")


def test_dictionary_covers_every_column_in_both_languages():
    dd = data_dictionary()
    # issue 22: the judged table, what every output renders, is exported too
    assert list(dd["table"].unique()) == ["observations", "attainment", "progress", "judged",
                                          "completeness"]
    for table, cols in TABLE_COLUMNS.items():
        assert dd.loc[dd["table"] == table, "column"].tolist() == cols
    assert (dd["description_vi"] != dd["description_en"]).all()
    assert not (dd["description_en"] == "Other column (not kept stable)").any()
    assert dd.loc[(dd["table"] == "observations") & (dd["column"] == "indicator"),
                  "codes"].item().startswith("CL01 | CL02")


def test_export_writes_the_dictionary_beside_the_tables(tables, tmp_path):
    export_tables({"completeness": tables["completeness"]}, tmp_path)
    dd = pd.read_csv(tmp_path / "data_dictionary.csv", dtype="str", encoding="utf-8-sig",
                     keep_default_na=False)
    assert set(dd["table"]) == {"completeness"}
    assert "## completeness" in (tmp_path / "data_dictionary.md").read_text(encoding="utf-8")


def test_docs_data_dictionary_is_the_generated_one():
    # docs/data-dictionary.md is generated; regenerate it when TABLES change.
    docs = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert docs == dictionary_markdown()


def test_export_of_an_empty_table(tmp_path):
    empty = pd.DataFrame({c: pd.Series(dtype="str") for c in
                          ["unit_code", "period", "indicator", "numerator", "denominator"]})
    export_tables({"observations": empty}, tmp_path)
    back = read_export(tmp_path / "observations.csv")
    assert back.empty and list(back.columns) == list(tidy(empty, "observations").columns)
    assert dt.date.today()  # the export never depends on today's date


def test_a_failed_write_leaves_no_half_written_file(tables, tmp_path, monkeypatch):
    # A first export, then one that fails halfway through writing a table.
    export_tables({"observations": tables["observations"]}, tmp_path)
    before = (tmp_path / "observations.csv").read_bytes()
    real_to_csv = pd.DataFrame.to_csv

    def half_then_fail(self, path=None, *args, **kwargs):
        if path is not None and "observations.csv" in Path(path).name:
            Path(path).write_text("unit_code,per", encoding="utf-8")  # cut short
            raise OSError(28, "No space left on device")
        return real_to_csv(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_fail)
    with pytest.raises(OSError):
        export_tables({"observations": tables["observations"].iloc[:1]}, tmp_path)
    # the previous complete file stands, and no partial file is left beside it
    assert (tmp_path / "observations.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "data_dictionary.csv", "data_dictionary.md", "observations.csv"]
