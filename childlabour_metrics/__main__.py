"""``python -m childlabour_metrics``: the same command line as ``childlabour-metrics``."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
