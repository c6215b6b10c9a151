"""A failed cross-indicator rule holds every row it involves (issue 11 item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from childlabour_metrics import read_reports
from tests.fixtures.io_forms import ROWS, single_form
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR


def _rows(**changes: tuple[object, object]) -> list[tuple[str, object, object]]:
    return [(code, *changes[code]) if code in changes else (code, num, den)
            for code, num, den in ROWS]


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"CL02": (30, 1500)}, "CL02_GT_CL01"),
        ({"CL02": (3, 1400)}, "CL01_CL02_DENOMINATOR"),
    ],
)
def test_both_cl01_and_cl02_are_held(changes, code, tmp_path: Path) -> None:
    result = read_reports(single_form(tmp_path / "r.xlsx", rows=_rows(**changes)),
                          progress=False)
    assert result.problems["code"].tolist() == [code]
    assert result.problems["severity"].item() == "error"
    status = result.observations.set_index("indicator")["status"].to_dict()
    assert status["CL01"] == "error" and status["CL02"] == "error"
    assert {v for k, v in status.items() if k not in ("CL01", "CL02")} == {"ok"}
    assert set(result.usable["indicator"]) == set(status) - {"CL01", "CL02"}
