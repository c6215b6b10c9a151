"""One exception family: every error the library raises on purpose shares a base."""

from __future__ import annotations

import pytest

import childlabour_metrics as clm
from childlabour_metrics.cli import CliError
from childlabour_metrics.crosswalk import CrosswalkError
from childlabour_metrics.errors import ChildLabourMetricsError
from childlabour_metrics.periods import PeriodError
from childlabour_metrics.plans import PlanError
from childlabour_metrics.units import UnitRegistryError


@pytest.mark.parametrize(
    "error",
    [PlanError, PeriodError, UnitRegistryError, CrosswalkError, CliError],
)
def test_every_error_is_in_the_family(error: type[Exception]) -> None:
    assert issubclass(error, ChildLabourMetricsError)


def test_value_errors_stay_value_errors_and_carry_data() -> None:
    with pytest.raises(ValueError):
        clm.parse_period("not a period")
    with pytest.raises(ChildLabourMetricsError):
        clm.load_plan("no-such-plan")
    exc = clm.PlanError("bad", file="p.toml", target="T1", field="value", code="x")
    assert (exc.file, exc.target, exc.field, exc.code, str(exc)) == (
        "p.toml", "T1", "value", "x", "bad")
