"""Whole-number shares of a divided unit's counts, the numerator and denominator together.

When an old unit was divided between several new ones, each of its counts is
shared by ``weight`` (the part of the old unit each new one took).  Children
are counted in whole numbers, and the shares must add up to the old count
exactly, or a province's total would change on the new map.  The
largest-remainder (Hamilton) method gives that: each part takes the floor of
its exact share ``weight × count``, and the units left over go one each to the
parts with the largest remainders (ties: the part listed first), so every
share is within 1 of its exact share.

Shared each on its own, the two counts of a ratio can make an impossible unit:
4 children out of 5 by 0.6 / 0.3 / 0.1 gave denominators 3 / 2 / 0 and
numerators 2 / 1 / 1, a third commune with 1 child out of 0.  So
:func:`share_jointly` shares them together.  Write ``D`` for a part's
denominator share, and call a part *tight* when its two exact shares have the
same floor (it can take a numerator unit over its floor only if it also takes
a denominator unit over its floor):

1. The denominator by largest remainder.
2. The numerator starts from its floors, which always fit
   (``floor(w·n) ≤ floor(w·d) ≤ D`` when ``n ≤ d``); its leftover units go
   one each, by largest remainder, to parts with room (``D`` above the
   floor).  Where that suffices, the numerator is the plain largest
   remainder's whenever that one was possible, unit for unit.
3. When too few parts have room (rare: about 1 row in a million random ones
   of 2–7 parts; 7 of 8 by 1, 1, 1, 10, 1, 10 twenty-fourths is one), the
   denominator follows the numerator: as many denominator units as are
   missing move from parts that do not need them (not tight, or with a
   whole-number numerator share), the smallest remainders first, to tight
   parts without one, the largest numerator remainders first; then step 2
   again.

Every part then keeps ``0 ≤ numerator ≤ denominator``, the shares add up to
the old counts, and *both* shares are within 1 of their exact shares.  Such
shares always exist when ``0 ≤ n ≤ d`` (the constraints form a totally
unimodular system whose fractional solution is the exact shares), and step 3
always finds them: the tight parts that need a denominator unit are never
more than the units step 1 gave to parts that do not.  Should floating point
leave units over anyway, they go to the parts with room in the same order, a
share then further than 1 from its exact share: an impossible unit is worse.

A row whose counts are not ``0 ≤ numerator ≤ denominator`` (bad input: no
sharing can give every part a possible ratio) has each count shared on its
own.  Weights a few ulp off 1 are used as they are (rescaling would move a
share by an ulp and could turn a tie); weights further off (CSV decimals:
0.333333 × 3, which the crosswalk's check accepts) are scaled to sum to 1, so
that no child is lost or made up.

Everything is vectorised over all parts of all rows at once: a sort by (row,
remainder), and a cumulative sum per row that pours each row's units into its
parts in that order; no Python loop per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["largest_remainder", "share_jointly"]

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


def _jointly(n: np.ndarray, d: np.ndarray, weight: np.ndarray,
             group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Steps 1–3 of the module's rule, for rows with ``0 ≤ n ≤ d``."""
    groups = _Groups.of(group, weight)
    num, den = _Exact.of(n, groups), _Exact.of(d, groups)
    d_share = den.share(groups)  # step 1
    tight = num.floor == den.floor
    counted = num.remainder > 0  # a whole-number share needs no unit over its floor
    has_room = (d_share - num.floor >= 1) & counted
    missing = np.clip(num.left - groups.count(has_room), 0, None)
    if missing.any():  # step 3: the denominator follows the numerator
        bonus = d_share > den.floor
        spare = bonus & ~(tight & counted)
        wanting = ~bonus & tight & counted
        moved = np.minimum(missing, np.minimum(groups.count(spare), groups.count(wanting)))
        # smallest remainders give first (ties: the part listed last), the mirror of step 1
        giving = np.lexsort((-np.arange(len(n)), den.remainder, groups.gid))
        d_share = (d_share - groups.pour(moved, spare.astype(np.int64), giving)
                   + groups.pour(moved, wanting.astype(np.int64), num.order))
    return num.share(groups, cap=d_share), d_share  # step 2


def share_jointly(numerator: pd.arrays.IntegerArray, denominator: pd.arrays.IntegerArray,
                  weight: np.ndarray, group: np.ndarray,
                  ) -> tuple[pd.arrays.IntegerArray, pd.arrays.IntegerArray]:
    """Share a divided row's numerator and denominator so that every part stays possible.

    Parameters
    ----------
    numerator, denominator : Int64 arrays
        Each part's whole counts (those of the row it is a part of; missing
        stays missing).
    weight : ndarray of float
        Each part's share of its row.
    group : ndarray of int
        The row each part belongs to.

    Returns
    -------
    tuple of Int64 arrays
        The parts' numerators and denominators: each adds up to the row's
        count and is within 1 of its exact share; ``0 ≤ numerator ≤
        denominator`` on every part of a row that had it (the module's rule).

    Examples
    --------
    Old Xã A had 4 children out of 5 and was divided 0.6 / 0.3 / 0.1:

    >>> num, den = share_jointly(pd.array([4, 4, 4], dtype="Int64"),
    ...                          pd.array([5, 5, 5], dtype="Int64"),
    ...                          np.array([0.6, 0.3, 0.1]), np.zeros(3, dtype=int))
    >>> num.tolist(), den.tolist()
    ([3, 1, 0], [3, 2, 0])
    """
    weight = np.asarray(weight, dtype=np.float64)
    group = np.asarray(group)
    has_num, has_den = ~np.asarray(numerator.isna()), ~np.asarray(denominator.isna())
    n = numerator.to_numpy(dtype=np.int64, na_value=0)
    d = denominator.to_numpy(dtype=np.int64, na_value=0)
    num_share = np.zeros(len(n), dtype=np.int64)
    den_share = np.zeros(len(d), dtype=np.int64)
    # a row's parts share its counts, so each row is wholly joint or wholly not
    joint = has_num & has_den & (n >= 0) & (n <= d)
    if joint.any():
        num_share[joint], den_share[joint] = _jointly(n[joint], d[joint], weight[joint],
                                                      group[joint])
    for share, count, has in ((num_share, n, has_num), (den_share, d, has_den)):
        alone = has & ~joint
        share[alone] = largest_remainder(count[alone], weight[alone], group[alone])
    return (pd.arrays.IntegerArray(num_share, ~has_num),
            pd.arrays.IntegerArray(den_share, ~has_den))
