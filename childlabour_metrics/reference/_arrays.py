"""Group positions of integer keys, by pandas' hash table: the one helper the reader's
registry lookups, completeness and the data-quality review share.

numpy has ``np.unique(..., return_index=True, return_inverse=True)``; it sorts,
and numpy 2.4's took 0.2–1.5 s on 660,000 keys where pandas' ``factorize``
takes 0.09 s.  What is written here is only the first position of each group,
which ``factorize`` does not give.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["groups"]


def groups(key: np.ndarray, sort: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct values of integer ``key``, each one's first position, and each entry's group.

    As ``np.unique(key, return_index=True, return_inverse=True)``, by pandas'
    hash table: numpy 2.4's ``unique`` took 0.2–1.5 s on 660,000 keys where
    this takes 0.09 s.  Groups in order of first appearance, or sorted.

    Examples
    --------
    >>> [a.tolist() for a in groups(np.array([7, 3, 7, 5]))]
    [[7, 3, 5], [0, 1, 3], [0, 1, 0, 2]]
    >>> groups(np.array([7, 3, 7, 5]), sort=True)[0].tolist()
    [3, 5, 7]
    """
    codes, distinct = pd.factorize(key, sort=sort)
    first = np.empty(len(distinct), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(key) - 1, -1, -1)
    return np.asarray(distinct), first, codes.astype(np.int64)
