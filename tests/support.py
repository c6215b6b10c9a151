"""Helpers the tests import (``from tests.support import ...``): paths, error and float checks.

Pytest fixtures live in ``conftest.py``; plain functions and constants that a
test calls live here, so that no test edits ``sys.path``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

#: The tests' folder, the repository, and the committed fixture files.
TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES_DIR = TESTS / "fixtures"


# ---------------------------------------------------------------------------
# Library errors (helper "er"): messages are vocabulary entries; str(exc) is
# Vietnamese, so a test that looks for English words reads exc.message("en").
# ---------------------------------------------------------------------------


@contextlib.contextmanager
def raises_en(error: type[BaseException], pattern: str) -> Iterator[pytest.ExceptionInfo]:
    """``pytest.raises(error)`` whose English message must match ``pattern``."""
    with pytest.raises(error) as info:
        yield info
    text = info.value.message("en")  # type: ignore[attr-defined]
    assert re.search(pattern, text), f"{pattern!r} not in {text!r}"


# ---------------------------------------------------------------------------
# Floats from two implementations (issue 20)
#
# A vectorised path and its one-series reference compute the same numbers with
# different operations (numpy's SIMD ``power`` against Python's ``**``), and
# numpy's kernels differ between CPUs (AVX-512 rounds the last bit otherwise).
# Such floats are compared within a few ulp, never bit for bit; a status may
# differ only where the value deciding it lies within that tolerance of its
# threshold.
# ---------------------------------------------------------------------------

#: Relative tolerance between two implementations: about 50 ulp of a double.
FLOAT_RTOL = 1e-12
#: Absolute tolerance near zero, in percentage points or fractions a year.
FLOAT_ATOL = 1e-12
#: Where a progress status turns: sdg-build's ratio thresholds (with and without
#: a target); the trajectory turns on gap = 0.
PROGRESS_THRESHOLDS = (0.95, 0.6, 0.0, 0.015, 0.005)


def _missing_float(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def floats_close(a: object, b: object) -> bool:
    """Whether two values (or two missing values) agree within the tolerances above."""
    import math

    if _missing_float(a) or _missing_float(b):
        return _missing_float(a) and _missing_float(b)
    if a == b:
        return True
    try:
        return math.isclose(float(a), float(b), rel_tol=FLOAT_RTOL, abs_tol=FLOAT_ATOL)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def on_a_progress_threshold(ratio: object, gap: object) -> bool:
    """Whether a progress row's deciding value (ratio, or trajectory gap) sits on a threshold."""
    near_ratio = not _missing_float(ratio) and any(
        floats_close(ratio, th) for th in PROGRESS_THRESHOLDS)
    return near_ratio or (not _missing_float(gap) and floats_close(gap, 0.0))
