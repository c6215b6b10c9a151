"""The one exception family of the library.

Every error the library raises on purpose is a :class:`ChildLabourMetricsError`,
so that a caller can catch them all in one ``except``; each subclass also
derives from the built-in it replaced (``ValueError``), so that older
``except ValueError`` code keeps working.  An exception carries its data
(``file``, ``line``, ``target``, ``field``, ``code``) as attributes, not only
in its message, so that an output can name them in its own language.

Examples
--------
>>> try:
...     raise PlanError("unknown key 'targte'", file="plan.toml", target="T1", field="targte")
... except ChildLabourMetricsError as exc:
...     (exc.file, exc.target, exc.field, str(exc))
('plan.toml', 'T1', 'targte', "unknown key 'targte'")
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ChildLabourMetricsError",
    "CliError",
    "CrosswalkError",
    "ExportError",
    "GridError",
    "OpenError",
    "PeriodError",
    "PlanError",
    "UnitRegistryError",
]


class ChildLabourMetricsError(Exception):
    """Base of every error the library raises on purpose.

    Parameters
    ----------
    message : str
        What went wrong and what to do, for a person.
    file : str, optional
        The file concerned.
    line : int, optional
        Its line (or row) concerned, counted from 1.
    target : str, optional
        The plan target concerned (its ``ref`` or label).
    field : str, optional
        The field (key, column) concerned.
    code : str, optional
        A stable code (a problem code, a value) for programs.
    """

    def __init__(
        self,
        message: str = "",
        *,
        file: Any = None,
        line: int | None = None,
        target: str | None = None,
        field: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = None if file is None else str(file)
        self.line = line
        self.target = target
        self.field = field
        self.code = code


class PlanError(ChildLabourMetricsError, ValueError):
    """A plan file that cannot be used; names the file, the target and the field."""


class PeriodError(ChildLabourMetricsError, ValueError):
    """A text that cannot be read as a reporting period."""


class UnitRegistryError(ChildLabourMetricsError, ValueError):
    """A unit registry that cannot be used; names the file, rows and fix."""


class CrosswalkError(ChildLabourMetricsError, ValueError):
    """A crosswalk that cannot be applied: ambiguous, cyclic or malformed."""


class CliError(ChildLabourMetricsError):
    """A usage problem on the command line: the message is shown, the exit code is 2."""


class ExportError(ChildLabourMetricsError, ValueError):
    """A table that cannot be exported, or a missing optional package; the message says why."""


class OpenError(ChildLabourMetricsError):
    """A workbook that cannot be read, with the problem code and a short detail.

    Examples
    --------
    >>> exc = OpenError("FILE_EMPTY", "0 bytes")
    >>> exc.code, exc.detail, str(exc), isinstance(exc, ChildLabourMetricsError)
    ('FILE_EMPTY', '0 bytes', 'FILE_EMPTY: 0 bytes', True)
    """

    code: str  # always given: the problem code a reader reports

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}", code=code)
        self.detail = detail


class GridError(ChildLabourMetricsError, ValueError):
    """A sheet whose grid cannot be sized safely (not well-formed, unreadable references)."""
