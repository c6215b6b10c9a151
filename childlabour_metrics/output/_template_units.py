"""The unit a blank form is written for, resolved through a unit registry.

A form is only worth sending if the reader will take it back: its "Mã đơn
vị" must be a code of the registry that existed in the form's period, and
its "Tên đơn vị" that unit's name.  So a unit typed by code or by name is
always resolved through a registry before a form is written:

- the registry given (``units=``, ``--units``), when there is one;
- else the **official** registry, :func:`~childlabour_metrics.reference.official.official_units`,
  of the units that existed in the form's period.  It is the real one: every
  province, district and commune of both maps of 2025, so that a form for any
  commune of the country can be written without a file of one's own.  The
  sample registry (:func:`~childlabour_metrics.reference.units.sample_units`)
  is a small subset of it (the sample's units, same codes and names) and
  would refuse every other unit.  Departments and other units of a user's
  own are in no bundled registry: they need the user's registry.

What resolves to nothing is an :class:`~childlabour_metrics.language.errors.UnknownUnitError`
(an ``InputError``) naming the field and what to do; a name that matches only
loosely (another prefix, no accents, other case) resolves, and the caller is
told what it matched (:attr:`ResolvedUnit.loose`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..language.errors import InputError, UnknownUnitError
from ..language.words import word
from ..reference.official import official_units
from ..reference.periods import Period
from ..reference.scope import scope_codes
from ..reference.units import (
    as_registry,
    match_unit_names,
    name_key,
    rows_in_period,
    unit_code_hint,
    units_valid_in,
)

if TYPE_CHECKING:
    from ..reference.plans import Plan

__all__ = ["ResolvedUnit", "checked_name", "resolve"]


@dataclass(frozen=True)
class ResolvedUnit:
    """A unit as a registry knows it, and how it was found from what was typed."""

    code: str
    name: str | None
    typed: str
    loose: bool  # typed as a name the registry spells otherwise
    registry: str  # the registry, as a message names it


def registry_label(units: Any, lang: str) -> str:
    """The registry as a message names it: its path, ``<DataFrame>`` or the official one."""
    if units is None:
        return word("registry_official", lang)
    if isinstance(units, pd.DataFrame):
        return "<DataFrame>"
    return str(Path(units))


def _spelling(text: str) -> str:
    return " ".join(text.split()).casefold()


#: A commune-level prefix, in lower case with its accents ("thị trấn" before "thị").
_PREFIX = r"^(?:thị trấn|đặc khu|phường|xã|tt|p|x)(?:\.\s*|\s+)"


def _accented_keys(names: pd.Series) -> pd.Series:
    """Names without case, spacing or prefix, their accents kept: "Xã Cẩm Thượng" → "cẩmthượng"."""
    folded = names.astype("str").str.casefold().str.strip().str.replace(_PREFIX, "", regex=True)
    return folded.str.replace(r"[\s.\-–]+", "", regex=True)


def _by_spelling(typed: str, pool: pd.DataFrame, where: str) -> tuple[str, bool] | None:
    """The unit ``typed`` names as spelt (exact), else with its accents (other case or prefix).

    Accents tell names apart that the reader's rule folds together (Phường Cẩm
    Thượng, 10507, and Xã Cam Thượng, 09688): a name spelt with its accents
    means the unit so spelt.  Returns ``(code, exact)``, or None when no unit
    matches so (the reader's rule is tried next); a spelling of two units or
    more is an error listing them.
    """
    pool = pool.drop_duplicates(["code", "name"])
    names = pool["name"].astype("str")
    spelt = names.str.split().str.join(" ").str.casefold() == _spelling(typed)
    accented = _accented_keys(names) == _accented_keys(pd.Series([typed])).iloc[0]
    for exact, hit in ((True, pool[spelt.to_numpy(bool)]), (False, pool[accented.to_numpy(bool)])):
        codes = hit["code"].unique()
        if len(codes) == 1:
            return str(codes[0]), exact
        if len(codes) > 1:
            raise UnknownUnitError("err_units_ambiguous", file=where, field="unit_code",
                                   code=typed, name=typed, n=len(codes),
                                   candidates="; ".join(hit["code"] + " " + hit["name"]))
    return None


def _name_in_period(registry: pd.DataFrame, code: str, period: Period) -> str | None:
    """The name of the registry row of ``code`` valid in ``period`` (the reader's choice)."""
    name = rows_in_period(pd.Series([code]), pd.Series([str(period)]), registry)["name"].iloc[0]
    return None if pd.isna(name) else str(name)


def resolve(
    typed: str, period: Period, units: Any, plan: Plan | None, lang: str
) -> ResolvedUnit:
    """Resolve a unit code or name through ``units`` (or the official registry).

    Parameters
    ----------
    typed : str
        A code of the registry, or a unit's name, matched ignoring case,
        diacritics, spacing and the "Xã/Phường/Thị trấn" prefix
        (:func:`~childlabour_metrics.reference.units.match_unit_names`), among
        the units that existed in ``period`` and, with a plan, in its scope.
    period : Period
        The form's period: codes and names are reused across 2025.
    units : DataFrame, path or None
        A unit registry; None for the official one.
    plan : Plan or None
        Limits names to the plan's scope (codes are taken wherever they are).
    lang : {"vi", "en"}
        Language of the registry's label in messages.

    Raises
    ------
    UnknownUnitError
        A code the registry lacks (with the code meant, when leading zeros were
        lost), a unit that did not exist in the period, a name of no unit (or
        of one outside the plan's scope), a name of several units (listed).
    """
    typed = str(typed).strip()
    if not typed:
        raise InputError("err_input_empty_unit_code", field="unit_code")
    registry = official_units() if units is None else as_registry(units)
    where = registry_label(units, lang)
    valid = units_valid_in(registry, period)
    if (registry["code"] == typed).any():
        if not (valid["code"] == typed).any():
            raise UnknownUnitError("err_units_unit_not_valid", file=where, field="unit_code",
                                   code=typed, period=str(period))
        return ResolvedUnit(typed, _name_in_period(registry, typed, period), typed, False, where)
    scope = None
    if plan is not None and plan.scope_level != "country":
        scope = scope_codes(valid, plan.scope_code)
    pool = valid if scope is None else valid[valid["code"].isin(scope)]
    found = _by_spelling(typed, pool, where)
    if found is not None:
        code, exact = found
        name = _name_in_period(registry, code, period)
        return ResolvedUnit(code, name, typed, not exact or name is None, where)
    match = match_unit_names([typed], valid, scope=scope).iloc[0]
    if match["n_candidates"] == 1:
        code = str(match["code"])
        return ResolvedUnit(code, _name_in_period(registry, code, period), typed, True, where)
    if match["n_candidates"] > 1:
        raise UnknownUnitError("err_units_ambiguous", file=where, field="unit_code", code=typed,
                               name=typed, n=int(match["n_candidates"]),
                               candidates=match["candidates"])
    if scope is not None and plan is not None:
        outside = match_unit_names([typed], valid).iloc[0]
        if outside["n_candidates"]:
            raise UnknownUnitError("err_template_unit_outside_plan", file=where,
                                   field="unit_code", code=typed, plan=plan.id,
                                   candidates=outside["candidates"])
    hint = unit_code_hint(registry, typed)
    if hint:
        raise UnknownUnitError("err_units_unknown_unit_hint", file=where, field="unit_code",
                               code=typed, hint=hint)
    raise UnknownUnitError("err_template_unknown_unit", file=where, field="unit_code",
                           code=typed, period=str(period))


def checked_name(unit: ResolvedUnit, given: str | None) -> str | None:
    """The name to write: the registry's; ``given`` only where the registry has none.

    A ``given`` name of another unit than the registry's (compared as the
    reader compares names) is an error: the form would name one unit and code
    another.
    """
    if given is None or unit.name is None:
        return unit.name if given is None else given
    keys = name_key(pd.Series([given, unit.name]))
    if keys.iloc[0] != keys.iloc[1]:
        raise InputError("err_template_name_mismatch", file=unit.registry, field="unit_name",
                         name=given, code=unit.code, registry_name=unit.name)
    return unit.name
