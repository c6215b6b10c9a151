"""The review's thresholds, in one small options object, with defaults from its anchors.

The anchors are the WHO Data Quality Review toolkit (2017, in DHIS2 as the WHO
DQ Tool) and DHIS2's outlier detection; where they give no number for what
this library checks (a smallest denominator, a smallest cross-section, the
children a population can hold), the default is a rule of thumb said here.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...language.errors import InputError, InputKeyError, choices

__all__ = ["QualityThresholds"]

_WHOLE = ("history", "min_units", "min_denominator")


@dataclass(frozen=True)
class QualityThresholds:
    """When a figure is flagged, and which figures are compared at all.

    Parameters
    ----------
    modified_z : float
        A rate whose modified z-score, ``0.6745 (x − median) / MAD`` across
        the units of its parent, is at least this far from 0 is an outlier
        (3.5: Iglewicz and Hoaglin; WHO DQR; DHIS2).
    z : float
        A rate whose z-score, ``(x − mean) / SD``, is at least this far from
        0 is an outlier (3: WHO DQR's extreme outlier, DHIS2's default).  In
        fewer than 11 units no z-score can reach 3: ``(n − 1) / √n < 3``.
    over_time : float
        The ratio of a value to the mean of its previous periods, against its
        parent's same ratio, may differ from it by this share (0.33: WHO
        DQR's ±33 %).
    history : int
        How many previous periods of the same kind the mean takes, at most
        (3: WHO DQR's three preceding years).
    min_denominator : int
        A rate on fewer than this many (children, households...) is left out
        of the comparisons (counted as left out): one child more moves it by
        3 points at 30, a rule of thumb for small numbers.
    min_units : int
        A cross-section of fewer units with a large enough denominator is not
        compared, and the reason is said (10: a median and a MAD of fewer
        values are unsteady, and no z-score reaches 3 below 11 units).
    denominator_change : float
        A denominator may differ from the mean of its previous periods by
        this share (0.33, WHO DQR's ±33 %; the reader's own ``VALUE_JUMP``
        warns at half, a year apart).
    child_share : float
        The children a unit counts (CL01's and CL07's denominators) may be at
        most this share of the registry's ``population`` (0.35: children aged
        5–17 are about a fifth of Viet Nam's people, 2019 census, and under a
        third in the youngest provinces).

    Examples
    --------
    >>> QualityThresholds().modified_z, QualityThresholds(z=2.5).z
    (3.5, 2.5)
    >>> QualityThresholds.of({"over_time": 0.25}).over_time
    0.25
    >>> try:
    ...     QualityThresholds.of({"zscore": 3})
    ... except KeyError as exc:
    ...     print(exc.message("en"))  # doctest: +ELLIPSIS
    there is no threshold "zscore"; the thresholds are "modified_z", "z", ...
    """

    modified_z: float = 3.5
    z: float = 3.0
    over_time: float = 0.33
    history: int = 3
    min_denominator: int = 30
    min_units: int = 10
    denominator_change: float = 0.33
    child_share: float = 0.35

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            ok = (isinstance(value, int | float) and not isinstance(value, bool)
                  and math.isfinite(value) and value > 0)
            if ok and field.name in _WHOLE:
                ok = float(value).is_integer()
            if ok and field.name == "child_share":
                ok = value <= 1
            if not ok:
                raise InputError("err_quality_bad_threshold", field=field.name,
                                 value=repr(value))

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The thresholds' names, in order."""
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def of(cls, value: QualityThresholds | Mapping[str, Any] | None) -> QualityThresholds:
        """Thresholds from an instance, a mapping of names to values (the rest default), or None.

        An unknown name is an :class:`~childlabour_metrics.InputError` (a ``KeyError``)
        listing the names.
        """
        if value is None:
            return cls()
        if isinstance(value, QualityThresholds):
            return value
        unknown = [name for name in value if name not in cls.names()]
        if unknown:
            raise InputKeyError("err_quality_unknown_threshold", field=str(unknown[0]),
                                known=choices(cls.names()))
        return cls(**dict(value))

    def replace(self, **changes: Any) -> QualityThresholds:
        """A copy with some thresholds changed (unknown names refused, as :meth:`of`)."""
        return QualityThresholds.of({**dataclasses.asdict(self), **changes})
