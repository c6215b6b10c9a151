"""Reading unit report workbooks: :func:`read_reports` and its :class:`ReadResult`.

Everything the reader needs lives in this package: finding the files of a read
(``_discover``), reading one file (``_file``) in worker processes (``_pool``),
safe opening (``_open``), parsing values (``_text``), locating the forms' parts
(``_forms``), validation rules (``_rules``), what a read gives (``result``) and
the batch's orchestration (``read``).
"""

from __future__ import annotations

from ..language.problems import PROBLEM_CODES, PROBLEMS, problem_codes, problem_message
from .read import ReadResult, read_reports

__all__ = [
    "PROBLEMS",
    "PROBLEM_CODES",
    "ReadResult",
    "problem_codes",
    "problem_message",
    "read_reports",
]
