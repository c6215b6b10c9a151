"""The data-quality review of the reported figures, as the WHO DQR toolkit and DHIS2 do it.

A reporting rate of 100 % says nothing about whether the numbers are
plausible.  :func:`data_quality` asks, of every figure: does it look like its
neighbours' (:mod:`.outliers`)?  like its own history, as its parent's moved
(:mod:`.over_time`)?  do its denominators hold together, and within the
population (:mod:`.denominators`)?  do the rules between indicators hold
(:mod:`.consistency`, on the one list of rules the reader reads too)?  does
the area's rate agree with a survey's interval (:mod:`.external`)?  It returns
a frozen :class:`DataQuality`: a table of flags per dimension, the scorecard
and the list to follow up (:mod:`.scorecard`), with codes; the words are
chosen at the output edge (:mod:`._show`).  QualityThresholds: :class:`QualityThresholds`.
The columns of every table: ``docs/quality.md``.
"""

from __future__ import annotations

from ._base import DIMENSIONS, EXTRA_COLUMNS, FLAG_COLUMNS
from .door import DataQuality, data_quality, review
from .options import QualityThresholds
from .outliers import SECTION_COLUMNS
from .scorecard import FOLLOW_UP_COLUMNS, SCORECARD_COLUMNS

__all__ = [
    "DIMENSIONS",
    "EXTRA_COLUMNS",
    "FLAG_COLUMNS",
    "FOLLOW_UP_COLUMNS",
    "SCORECARD_COLUMNS",
    "SECTION_COLUMNS",
    "DataQuality",
    "QualityThresholds",
    "data_quality",
    "review",
]
