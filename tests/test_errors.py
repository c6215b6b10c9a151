"""One exception family: every error the library raises on purpose shares a base."""

from __future__ import annotations

import pytest

import childlabour_metrics as clm
from childlabour_metrics.cli import CliError
from childlabour_metrics.crosswalk import CrosswalkError
from childlabour_metrics.errors import ChildLabourMetricsError
from childlabour_metrics.export import ExportError, data_dictionary
from childlabour_metrics.io._grid import GridError
from childlabour_metrics.io._open import OpenError, open_workbook
from childlabour_metrics.periods import PeriodError
from childlabour_metrics.plans import PlanError
from childlabour_metrics.units import UnitRegistryError


@pytest.mark.parametrize(
    "error",
    [PlanError, PeriodError, UnitRegistryError, CrosswalkError, CliError, ExportError,
     OpenError, GridError],
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


def test_every_error_class_in_the_package_is_in_the_family() -> None:
    import importlib
    import pkgutil

    found = []
    for info in pkgutil.walk_packages(clm.__path__, "childlabour_metrics."):
        module = importlib.import_module(info.name)
        found += [obj for obj in vars(module).values()
                  if isinstance(obj, type) and issubclass(obj, Exception)
                  and obj.__module__.startswith("childlabour_metrics")]
    assert found
    assert [e for e in found if not issubclass(e, ChildLabourMetricsError)] == []


def test_errors_keep_their_behaviour(tmp_path) -> None:
    # an unreadable file still says which problem, now catchable with the family
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ChildLabourMetricsError) as caught:
        open_workbook(empty)
    assert isinstance(caught.value, OpenError)
    assert (caught.value.code, caught.value.detail) == ("FILE_EMPTY", "")
    # an export error stays a ValueError, and is one of the family
    with pytest.raises(ValueError) as refused:
        data_dictionary(["no_such_table"])
    assert isinstance(refused.value, ChildLabourMetricsError)
    assert "no_such_table" in str(refused.value)
