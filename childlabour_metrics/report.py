"""The batch report: see :mod:`childlabour_metrics.output.report`.

Kept so that ``childlabour_metrics.report`` (and ``clm.build_report``,
``clm.ReportResult``) go on working; the report lives with the other outputs.
"""

from .output._safe import safe_text
from .output.report import ReportResult, build_report

__all__ = ["ReportResult", "build_report", "safe_text"]
