"""check-form and the command line on hostile files (issue 21, items 1, 5 and 8).

A zip whose first member is unreadable ended in ``KeyError: 'check_form_nan'``;
a cell's ESC and BEL reached the terminal; a 1 KB web export took check-form to
gigabytes (it reads in its own process).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.io.check import describe_form
from tests.fixtures import hostile_formats as hostile
from tests.support import CAPPED_CHILD_CAP, run_cli

_ESC = "\x1b[2J\x1b]0;owned\x07"  # clears the screen and retitles the terminal


@pytest.fixture(scope="module")
def units(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("units") / "units.csv"
    pd.DataFrame({"code": ["30101"], "name": ["Xã Thử Nghiệm"],
                  "level": ["commune"], "parent_code": [""]}).to_csv(path, index=False)
    return path


def _controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) <= 0x9F]


def test_check_form_of_a_zip_whose_first_member_is_unreadable(tmp_path: Path,
                                                              units: Path) -> None:
    archive = hostile.zip_first_member_unreadable(tmp_path / "gui.zip")
    run = run_cli("check-form", archive, "--units", units, "--lang", "en")
    assert run.returncode == 1, run.stderr  # one member unreadable: an error of the batch
    assert "Traceback" not in run.stderr and run.stderr == ""
    assert "Form: one unit's report" in run.stdout  # the member read, not the first
    assert "Indicator rows read: 4" in run.stdout
    assert "The file is damaged or cannot be opened" in run.stdout


def test_check_form_prints_no_control_characters_from_a_cell(tmp_path: Path,
                                                             units: Path) -> None:
    rows = hostile.form_rows(tmp_path)
    rows[3][2] = f"Xã {_ESC}Thử\tNghiệm\x9b"  # the unit's name cell
    path = tmp_path / "bc.csv"
    path.write_bytes(hostile.csv_text(rows).encode("utf-8"))
    text, _ = describe_form(str(path), "en", units=units)
    assert "Xã ThửNghiệm" in text
    assert _controls(text) == []
    run = run_cli("check-form", path, "--units", units, "--lang", "en")
    assert _controls(run.stdout) == [] and "Xã ThửNghiệm" in run.stdout


def test_validate_prints_the_same_cleaning(tmp_path: Path) -> None:
    rows = hostile.form_rows(tmp_path)
    rows[3][2] = f"Xã {_ESC}An"
    rows[8][4] = f"12{_ESC}"  # a count cell with escapes: named, its value quoted
    path = tmp_path / "bc.csv"
    path.write_bytes(hostile.csv_text(rows).encode("utf-8"))
    for fmt in ("table", "csv", "json"):
        run = run_cli("validate", path, "--lang", "en", "--format", fmt)
        assert _controls(run.stdout) == [], fmt
        assert _controls(run.stderr) == [], fmt


_CHECK_CAPPED = """
import contextlib, io, json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from childlabour_metrics.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["check-form", sys.argv[1], "--lang", "en"])
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        peak = int(line.split()[1]) / 1024
print(json.dumps({{"code": code, "out": out.getvalue(), "peak_mb": peak}}))
"""


def test_check_form_sizes_a_web_export_before_it_is_built(tmp_path: Path) -> None:
    pytest.importorskip("resource")
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure a child's memory")
    path = hostile.xml_row_index(tmp_path / "bc.xls", 50_000_000)
    child = subprocess.run([sys.executable, "-c", _CHECK_CAPPED.format(cap=CAPPED_CHILD_CAP),
                            str(path)], capture_output=True, text=True, timeout=600,
                           check=False)
    assert child.returncode == 0, child.stderr[-2000:]
    got = json.loads(child.stdout.strip().splitlines()[-1])
    assert got["code"] == 1
    assert "too large" in got["out"] and "50000000 × 1" in got["out"]
    assert got["peak_mb"] < 600  # the interpreter, pandas and the official registry
