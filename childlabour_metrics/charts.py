"""Charts of attainment, progress and completeness: see :mod:`childlabour_metrics.output.charts`.

Kept so that ``childlabour_metrics.charts`` and ``clm.plot_*`` go on working;
the figures live with the other outputs.
"""

from .output.charts import (
    CHART_RC,
    STATUS_COLORS,
    attainment_status,
    plot_comparison,
    plot_completeness,
    plot_completeness_rates,
    plot_dashboard,
    plot_heatmap,
    plot_progress,
)

__all__ = [
    "CHART_RC",
    "STATUS_COLORS",
    "attainment_status",
    "plot_comparison",
    "plot_completeness",
    "plot_completeness_rates",
    "plot_dashboard",
    "plot_heatmap",
    "plot_progress",
]
