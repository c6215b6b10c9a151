"""childlabour_metrics: trustworthy numbers from Vietnam's child-labour programme reports.

The public API, grouped by stage of the flow
(workbooks → observations → values → attainment → progress → reports).
Everything not listed in ``__all__`` is private and may change.
"""

from __future__ import annotations

from .completeness import completeness, completeness_problems, completeness_rates
from .compute import REASONS, aggregate, attainment, describe_reason, values
from .crosswalk import (
    CrosswalkError,
    crosswalk,
    load_crosswalk,
    predecessor_series,
    province_crosswalk_2025,
    resolve_weights,
    sample_crosswalk,
    validate_crosswalk,
)
from .departments import department_completeness, department_kinds
from .errors import ChildLabourMetricsError, InputError
from .export import ExportError, data_dictionary, export_tables, read_export
from .indicators import INDICATOR_CODES, direction_of, indicator_name, indicators
from .io import PROBLEM_CODES, ReadResult, problem_codes, read_reports
from .io.check import describe_form
from .official import official_crosswalk, official_units
from .owners import department_summary
from .periods import Period, PeriodError, parse_period
from .plans import Plan, PlanError, list_plans, load_plan
from .progress import STATUS_LABELS, Assessment, assess_series, progress
from .schemas import Observations, coerce_observations, validate_observations
from .template import fill_template, write_template
from .units import (
    UnitRegistryError,
    ancestor_map,
    load_units,
    match_unit_names,
    sample_units,
    scope_codes,
    units_valid_in,
)

__version__ = "0.1.0"

# Charts and reports pull in matplotlib (half a second); load them on first use
# so that reading workbooks, the command line and worker processes start fast.
_LAZY = {
    "plot_comparison": "charts",
    "plot_completeness": "charts",
    "plot_completeness_rates": "charts",
    "plot_dashboard": "charts",
    "plot_heatmap": "charts",
    "plot_progress": "charts",
    "ReportResult": "report",
    "build_report": "report",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    # reference data
    "INDICATOR_CODES",
    "direction_of",
    "indicator_name",
    "indicators",
    # errors: every error the library raises on purpose
    "ChildLabourMetricsError",
    "InputError",
    # periods
    "Period",
    "PeriodError",
    "parse_period",
    # plans
    "Plan",
    "PlanError",
    "list_plans",
    "load_plan",
    # units
    "UnitRegistryError",
    "ancestor_map",
    "load_units",
    "match_unit_names",
    "official_units",
    "sample_units",
    "scope_codes",
    "units_valid_in",
    # reading and validating workbooks
    "PROBLEM_CODES",
    "ReadResult",
    "describe_form",
    "fill_template",
    "problem_codes",
    "read_reports",
    "write_template",
    # observations
    "Observations",
    "coerce_observations",
    "validate_observations",
    # computation
    "REASONS",
    "aggregate",
    "attainment",
    "describe_reason",
    "values",
    # progress toward targets
    "Assessment",
    "STATUS_LABELS",
    "assess_series",
    "progress",
    # reporting completeness
    "completeness",
    "completeness_problems",
    "completeness_rates",
    # units across reorganisations
    "CrosswalkError",
    "crosswalk",
    "load_crosswalk",
    "official_crosswalk",
    "predecessor_series",
    "province_crosswalk_2025",
    "resolve_weights",
    "sample_crosswalk",
    "validate_crosswalk",
    # charts and reports
    "ReportResult",
    "build_report",
    "plot_comparison",
    "plot_completeness",
    "plot_completeness_rates",
    "plot_dashboard",
    "plot_heatmap",
    "plot_progress",
    # departments that report, owners of targets, tidy exports (issue 14)
    "ExportError",
    "data_dictionary",
    "department_completeness",
    "department_kinds",
    "department_summary",
    "export_tables",
    "read_export",
]
