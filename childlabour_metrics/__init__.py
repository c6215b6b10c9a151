"""childlabour_metrics: trustworthy numbers from Vietnam's child-labour programme reports.

The public API, grouped by stage of the flow
(workbooks → observations → values → attainment → progress → reports).
Everything not listed in ``__all__`` is private and may change.
"""

from __future__ import annotations

from . import survey
from ._version import __version__ as __version__
from .analysis.completeness import completeness, completeness_problems, completeness_rates
from .analysis.departments import department_completeness
from .analysis.owners import department_summary
from .analysis.progress import STATUS_LABELS, Assessment, assess_series
from .analysis.quality import DataQuality, QualityThresholds, data_quality
from .analysis.report_data import judged
from .analysis.survey import survey_attainment, survey_vs_routine
from .analysis.targets import attainment, progress
from .analysis.values import REASONS, aggregate, describe_reason, values
from .io import PROBLEM_CODES, ReadResult, problem_codes, read_reports
from .io.check import describe_form
from .language.errors import ChildLabourMetricsError, InputError
from .output.export import ExportError, data_dictionary, export_tables, read_export
from .output.template import fill_template, write_template
from .reference.crosswalk import (
    CrosswalkError,
    crosswalk,
    load_crosswalk,
    predecessor_series,
    province_crosswalk_2025,
    resolve_weights,
    sample_crosswalk,
    validate_crosswalk,
)
from .reference.indicators import INDICATOR_CODES, direction_of, indicator_name, indicators
from .reference.official import official_crosswalk, official_units
from .reference.periods import Period, PeriodError, parse_period
from .reference.plans import Plan, PlanError, list_plans, load_plan
from .reference.schemas import (
    Observations,
    check_observations,
    coerce_observations,
    validate_observations,
)
from .reference.scope import department_kinds, scope_codes
from .reference.units import (
    UnitRegistryError,
    ancestor_map,
    load_units,
    match_unit_names,
    sample_units,
    units_valid_in,
)

# Charts and reports pull in matplotlib (half a second); load them on first use
# so that reading workbooks, the command line and worker processes start fast.
_LAZY = {
    "plot_comparison": "output.charts",
    "plot_completeness": "output.charts",
    "plot_completeness_rates": "output.charts",
    "plot_dashboard": "output.charts",
    "plot_heatmap": "output.charts",
    "plot_progress": "output.charts",
    "plot_survey": "output.survey_charts",
    "ReportResult": "output.report",
    "build_report": "output.report",
    "write_problems": "output.forms",
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
    "write_problems",
    "write_template",
    # observations
    "Observations",
    "check_observations",
    "coerce_observations",
    "validate_observations",
    # computation
    "REASONS",
    "aggregate",
    "attainment",
    "judged",
    "describe_reason",
    "values",
    # progress toward targets
    "Assessment",
    "STATUS_LABELS",
    "assess_series",
    "progress",
    # data-quality review (issue 25)
    "DataQuality",
    "QualityThresholds",
    "data_quality",
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
    # child labour from survey microdata (issue 26): the wing, and its judgement
    "survey",
    "plot_survey",
    "survey_attainment",
    "survey_vs_routine",
]
