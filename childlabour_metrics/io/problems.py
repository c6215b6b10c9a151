"""Former home of the problem registry, now :mod:`childlabour_metrics.problems`.

Kept so that ``from childlabour_metrics.io.problems import ...`` keeps working.
"""

from ..problems import *  # noqa: F403
from ..problems import __all__  # noqa: F401
