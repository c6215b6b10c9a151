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
