"""Whole-number shares of a divided unit's counts (largest remainder).

When an old unit was divided between several new ones, each of its counts is
shared by ``weight`` (the part of the old unit each new one took).  Children
are counted in whole numbers, and the shares must add up to the old count
exactly, or a province's total would change on the new map.  The
largest-remainder (Hamilton) method gives that: each part takes the floor of
its exact share ``weight × count``, and the units left over go one each to the
parts with the largest remainders (ties: the part listed first), so every
share is within 1 of its exact share.

Weights a few ulp off 1 are used as they are (rescaling would move a share by
an ulp and could turn a tie); weights further off (CSV decimals: 0.333333 × 3,
which the crosswalk's check accepts) are scaled to sum to 1, so that no child
is lost or made up.

Everything is vectorised over all parts of all rows at once: a sort by (row,
remainder), and a cumulative sum per row that pours each row's units into its
parts in that order; no Python loop per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["largest_remainder"]

#: Weight sums further than this from 1 are rescaled (float noise is a few 1e-16).
_RESCALE_BEYOND = 1e-9
#: The room of a part without a cap (more than any count).
_NO_CAP = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class _Groups:
    """Which group (old row) each part belongs to, as 0..n-1, and the parts' weights.

    ``weight`` is rescaled where a group's weights sum further than
    ``_RESCALE_BEYOND`` from 1.
    """

    gid: np.ndarray
    n: int
    weight: np.ndarray

    @classmethod
    def of(cls, group: np.ndarray, weight: np.ndarray) -> _Groups:
        _, gid = np.unique(np.asarray(group), return_inverse=True)
        gid = gid.ravel()
        weight = np.asarray(weight, dtype=np.float64)
        total = np.bincount(gid, weights=weight)
        off = np.abs(total - 1) > _RESCALE_BEYOND
        if off.any():
            weight = np.where(off[gid], weight / np.where(total > 0, total, 1)[gid], weight)
        return cls(gid=gid, n=len(total), weight=weight)

    def count(self, values: np.ndarray) -> np.ndarray:
        """Sum of ``values`` per group, as whole numbers."""
        return np.bincount(self.gid, weights=values, minlength=self.n).astype(np.int64)

    def starts(self, order: np.ndarray) -> np.ndarray:
        """Where each group starts among the parts sorted by ``order`` (group first)."""
        return np.searchsorted(self.gid[order], np.arange(self.n))

    def pour(self, amount: np.ndarray, room: np.ndarray, order: np.ndarray) -> np.ndarray:
        """Pour each group's ``amount`` into its parts in ``order``, each up to its room.

        ``order`` sorts the parts by group, then by priority.  Returns what
        each part took, in the parts' own order.
        """
        cap = room[order]
        before = np.cumsum(cap) - cap  # room of every earlier part, all groups
        g = self.gid[order]
        within = before - before[self.starts(order)[g]]  # … of earlier parts of its group
        took = np.clip(amount[g] - within, 0, cap)
        out = np.empty_like(took)
        out[order] = took
        return out


@dataclass(frozen=True)
class _Exact:
    """A count's exact shares as whole floors and remainders, and the units left per group.

    ``order`` sorts the parts by group, then largest remainder first (ties:
    the part listed first), the order in which leftover units are given.
    """

    floor: np.ndarray
    remainder: np.ndarray
    left: np.ndarray
    order: np.ndarray

    @classmethod
    def of(cls, count: np.ndarray, groups: _Groups) -> _Exact:
        exact = count * groups.weight
        floor = np.floor(exact)
        whole = np.zeros(groups.n, dtype=np.int64)
        whole[groups.gid] = count  # a group's count, from any of its parts
        return cls(floor=floor.astype(np.int64), remainder=exact - floor,
                   left=whole - groups.count(floor),
                   order=np.lexsort((-(exact - floor), groups.gid)))  # stable

    def share(self, groups: _Groups, cap: np.ndarray | None = None) -> np.ndarray:
        """The floors plus the leftover units: one each by remainder to parts under their cap.

        Units the caps leave over (only if too few parts have room) go to the
        parts with room in the same order.
        """
        room = np.full(len(self.floor), _NO_CAP, dtype=np.int64) if cap is None \
            else cap - self.floor
        one = groups.pour(self.left, np.clip(room, 0, 1), self.order)
        left = self.left - groups.count(one)
        share = self.floor + one
        if cap is not None and (left > 0).any():
            share += groups.pour(left, np.clip(room - one, 0, None), self.order)
        return share


def largest_remainder(count: np.ndarray, weight: np.ndarray, group: np.ndarray,
                      cap: np.ndarray | None = None) -> np.ndarray:
    """Share whole counts by weight: each group's parts add up to its count.

    Parameters
    ----------
    count : ndarray of int
        Each part's whole count (the same on every part of a group).
    weight : ndarray of float
        Each part's share of its group; a group's weights sum to 1.
    group : ndarray of int
        Which group each part belongs to (any labels; parts need not be
        contiguous).
    cap : ndarray of int, optional
        The most each part may take, at least its floor; a group's caps add
        up to at least its count.

    Returns
    -------
    ndarray of int64
        Each part's share: the floor of ``weight × count``, plus one for the
        parts with the largest remainders (ties: the part listed first) that
        are under their cap, plus, only if the caps leave no other way, more
        for the parts with room in the same order.

    Examples
    --------
    >>> largest_remainder(np.array([5, 5, 5]), np.array([0.6, 0.3, 0.1]), np.zeros(3))
    array([3, 2, 0])
    >>> largest_remainder(np.array([4, 4, 4]), np.array([0.6, 0.3, 0.1]), np.zeros(3),
    ...                   cap=np.array([3, 2, 0]))
    array([3, 1, 0])
    """
    count = np.asarray(count, dtype=np.int64)
    if len(count) == 0:
        return np.zeros(0, dtype=np.int64)
    groups = _Groups.of(group, weight)
    return _Exact.of(count, groups).share(groups, cap)
