"""A plan file nested thousands deep is a PlanError naming where (issue 21, item 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from childlabour_metrics.language.errors import PlanError
from childlabour_metrics.reference.plans import load_plan


@pytest.mark.parametrize("nesting", [
    "x = " + "[" * 5_000 + "]" * 5_000,          # arrays: tomllib recurses past the limit
    "x = " + "{a = " * 3_000 + "1" + "}" * 3_000,  # inline tables
])
def test_a_deeply_nested_plan_is_a_plan_error(tmp_path: Path, nesting: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_text('name = "Kế hoạch"\n' + nesting + "\n", encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    text = info.value.message("en")
    assert str(path) in text and "line 2" in text
    assert not isinstance(info.value.__cause__, PlanError)


def test_a_plan_not_in_utf8_is_a_plan_error_naming_the_place(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b'name = "K\xe9 ho\xb9ch"\n')  # Windows-1258 bytes: not UTF-8, as TOML is
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert "line 1, column 10" in info.value.message("en")
