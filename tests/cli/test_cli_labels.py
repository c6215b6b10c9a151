"""``childlabour-metrics labels FOLDER --out FILE.csv`` and ``--labels FILE.csv`` (issue 24)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.fixtures.io_forms import LABELS, label_form
from tests.support import run_cli

#: Labels no catalogue text says: learners of a literacy class informed, and a
#: label the form cannot decide ("trained: who?").
LITERACY = "Học viên lớp xóa mù chữ được phổ biến"
TRAINED = "Tỷ lệ được tập huấn"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Three commune forms without a code column; two rows no reader can place alone."""
    root = tmp_path_factory.mktemp("labels")
    forms = root / "forms"
    forms.mkdir()
    label_form(forms / "a.xlsx", {**LABELS, "CL07": LITERACY})
    label_form(forms / "b.xlsx", {**LABELS, "CL07": f"b) {LITERACY.upper()}"}, unit="30102")
    label_form(forms / "c.xlsx", {**LABELS, "CL06": TRAINED}, unit="30103")
    pd.DataFrame({"code": ["30101", "30102", "30103"], "name": ["Xã A", "Xã B", "Xã C"],
                  "level": ["commune"] * 3, "parent_code": [""] * 3}
                 ).to_csv(root / "units.csv", index=False)
    return root


@pytest.fixture(scope="module")
def taught(folder: Path) -> Path:
    """The ``labels`` output, with a clerk's code filled in for the literacy label."""
    out = folder / "labels.csv"
    got = run_cli("labels", folder / "forms", "--out", out, "--lang", "en")
    assert got.returncode == 0, got.stderr
    assert "Wrote 2 unrecognised row labels" in got.stderr
    table = pd.read_csv(out, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    table.loc[table["label"] == LITERACY, "code"] = "CL07"
    path = folder / "labels_filled.csv"
    table.to_csv(path, index=False, encoding="utf-8-sig")
    return path


def test_labels_writes_every_label_not_recognised_once(folder: Path, taught: Path) -> None:
    raw = (folder / "labels.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel opens it as UTF-8
    table = pd.read_csv(folder / "labels.csv", dtype="str", keep_default_na=False,
                        encoding="utf-8-sig")
    assert table.columns.tolist() == ["label", "code", "candidates", "rows", "files"]
    # Two spellings of the literacy label are one line, naming both files.
    assert table["label"].tolist() == [LITERACY, TRAINED]
    assert table["rows"].tolist() == ["2", "1"] and (table["code"] == "").all()
    assert "a.xlsx" in table["files"].iloc[0] and "b.xlsx" in table["files"].iloc[0]
    assert table["candidates"].iloc[1].startswith("CL12 0.48")


def test_validate_with_labels_reads_the_taught_rows(folder: Path, taught: Path) -> None:
    units = folder / "units.csv"
    before = run_cli("validate", folder / "forms", "--units", units, "--format", "csv")
    assert before.returncode == 1 and before.stdout.count("UNKNOWN_INDICATOR_LABEL") == 3
    after = run_cli("validate", folder / "forms", "--units", units, "--format", "csv",
                    "--labels", taught)
    assert after.stdout.count("UNKNOWN_INDICATOR_LABEL") == 1  # "trained: who?" is left


def test_labels_again_lists_only_what_is_still_not_recognised(folder: Path, taught: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "left.csv"
    assert run_cli("labels", folder / "forms", "--out", out, "--labels", taught).returncode == 0
    left = pd.read_csv(out, dtype="str", keep_default_na=False, encoding="utf-8-sig")
    assert left["label"].tolist() == [TRAINED]


def test_check_form_with_labels_says_the_label_was_confirmed(folder: Path, taught: Path) -> None:
    got = run_cli("check-form", folder / "forms" / "b.xlsx", "--units", folder / "units.csv",
                  "--labels", taught, "--lang", "en")
    assert got.returncode == 0, got.stdout
    assert f'row 13: CL07 (by its label "b) {LITERACY.upper()}"' in got.stdout
    assert "why: a confirmed label (--labels)" in got.stdout


def test_export_with_labels(folder: Path, taught: Path, tmp_path: Path) -> None:
    got = run_cli("export", folder / "forms", "--out", tmp_path, "--labels", taught)
    assert got.returncode == 0, got.stderr
    obs = pd.read_csv(tmp_path / "observations.csv", dtype="str")
    assert (obs["indicator"] == "CL07").sum() == 3


def test_report_with_labels(folder: Path, taught: Path, tmp_path: Path) -> None:
    args = ("report", folder / "forms", "--plan", "hai-duong-2021", "--units",
            folder / "units.csv", "--lang", "en")
    before = run_cli(*args, "--out", tmp_path / "before")
    after = run_cli(*args, "--out", tmp_path / "after", "--labels", taught)
    assert before.returncode == after.returncode == 0, after.stderr
    assert "3 errors" in before.stdout and "1 errors" in after.stdout


def test_a_bad_line_in_labels_is_a_usage_error_naming_it(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    pd.DataFrame({"label": [LITERACY, TRAINED], "code": ["CL07", "CL14"]}).to_csv(bad,
                                                                               index=False)
    got = run_cli("validate", folder / "forms", "--labels", bad, "--lang", "en")
    assert got.returncode == 2
    assert "bad.csv, line 3: CL14 is no indicator code" in got.stderr
    missing = run_cli("check-form", folder / "forms" / "a.xlsx", "--labels", tmp_path / "x.csv")
    assert missing.returncode == 2
