"""Reading survey microdata: SPSS and Stata files, value labels, and a survey's variable map.

:func:`read` reads a child-level file (MICS6's ``fs.sav``, MICS5's ``hh.sav``)
with ``pyreadstat``, the library made for these formats, joins the household
members' file (``hl.sav``, on the child's line) and a household-level file
(``hh.sav``, on the household) when given, and adds the concepts the
rule sets read (``age, econ_hours, chores_hours, hazardous``), the design
(``weight, stratum, psu``) and the domains (``sex, area, province``, as their
value labels) by the survey's variable map.  The maps are data
(``childlabour_metrics/data/survey_maps.toml``), built from UNICEF's MICS
standard tabulation syntax (the define files "MICS6 - 09 - PR.sps" and "MICS5 -
09 - CP.sps", public on GitHub): the same items, the same recodes (chores'
codes 97–99 count as 0 before summing).  For economic hours the codes 97–99
are unknown hours (NaN), which never reach a threshold: MICS6's syntax says so
(``CL3 < 97``); MICS5's did not guard its ``CL4``, and a "don't know" counted
there as many hours, which the map does not copy.

Nothing read is lost: every row and item of the file is kept.  A child whose
questionnaire is not complete (MICS6 ``FS17 ≠ 1``) keeps its row, with
``complete`` False and its concepts NA, so that it is in the design but out of
every rate, as R's ``na.rm=TRUE`` leaves it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..language.errors import InputError, InputKeyError, InputPathError, choices
from ..reference._resources import data_file

__all__ = ["DESIGN", "DOMAINS", "SURVEYS", "read", "variable_map"]

#: The surveys a variable map ships for.
SURVEYS: tuple[str, ...] = ("mics6", "mics5")
#: The design columns a map builds.
DESIGN: tuple[str, ...] = ("weight", "stratum", "psu")
#: The domain columns a map names.
DOMAINS: tuple[str, ...] = ("sex", "area", "province")
_CONCEPTS = ("age", "econ_hours", "chores_hours", "hazardous")


@lru_cache(maxsize=1)
def _maps() -> dict[str, Any]:
    with data_file("survey_maps.toml").open("rb") as fh:
        return dict(tomllib.load(fh)["surveys"])


def variable_map(survey: str) -> dict[str, Any]:
    """The variable map of ``survey`` ("mics6" or "mics5"): keys, completeness, recipes.

    Examples
    --------
    >>> variable_map("mics6")["concepts"]["econ_hours"]["hours"]
    'CL3'
    >>> variable_map("mics5")["concepts"]["age"]
    {'column': 'SL9C'}
    """
    maps = _maps()
    if survey not in maps:
        raise InputKeyError("err_survey_unknown_survey", field="survey", value=repr(survey),
                            allowed=choices(maps))
    return maps[survey]


def _read_file(path: Path) -> tuple[pd.DataFrame, Any]:
    import pyreadstat  # lazy: a compiled reader only the survey wing needs

    if not path.exists():
        raise InputPathError("err_input_no_such_path", file=path, paths=str(path))
    suffix = path.suffix.lower()
    if suffix not in (".sav", ".zsav", ".dta"):
        raise InputError("err_survey_bad_suffix", file=path)
    reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
    try:
        frame, meta = reader(str(path), apply_value_formats=False)
    except Exception as exc:  # pyreadstat's own error types, and OSError
        raise InputError("err_survey_bad_file", file=path, detail=str(exc)) from exc
    return frame, meta


def _columns(frame: pd.DataFrame) -> dict[str, str]:
    """The frame's columns by upper-case name: MICS files write ``hh1`` or ``HH1``."""
    return {str(c).upper(): str(c) for c in frame.columns}


def _join(child: pd.DataFrame, household: pd.DataFrame, keys: list[str],
          household_keys: list[str], file: Path) -> pd.DataFrame:
    for frame, names, where in ((child, keys, None), (household, household_keys, file)):
        found = _columns(frame)
        missing = [k for k in names if k.upper() not in found]
        if missing:
            raise InputKeyError("err_survey_join_keys", file=where, field=missing[0],
                                columns=choices(missing))
    left = [_columns(child)[k.upper()] for k in keys]
    right = [_columns(household)[k.upper()] for k in household_keys]
    dupes = household.duplicated(right, keep=False).to_numpy()
    if dupes.any():
        rows = ", ".join(str(i + 1) for i in np.flatnonzero(dupes)[:10])
        raise InputError("err_survey_duplicate_keys", file=file, field=right[0],
                         columns=choices(right), rows=rows)
    # the household file brings only what the child file lacks (HL4, the child's sex)
    have = set(_columns(child))
    extra = [c for c in household.columns if str(c).upper() not in have or c in right]
    renamed = household[extra].rename(columns=dict(zip(right, left, strict=True)))
    return child.merge(renamed, how="left", left_on=left, right_on=left, validate="m:1")


def _item(frame: pd.DataFrame, found: dict[str, str], name: str) -> np.ndarray:
    if name.upper() not in found:
        raise InputKeyError("err_input_missing_columns", field=name, columns=choices([name]),
                            expected=choices([name]))
    return pd.to_numeric(frame[found[name.upper()]], errors="coerce").to_numpy(
        dtype=float, na_value=np.nan)


def _concept(frame: pd.DataFrame, found: dict[str, str], recipe: Mapping[str, Any]) -> Any:
    """One concept from the items, by its recipe (see the map's header)."""
    if "column" in recipe:
        return _item(frame, found, recipe["column"])
    if "product" in recipe:
        return np.prod([_item(frame, found, c) for c in recipe["product"]], axis=0)
    if "combine" in recipe:
        for name in recipe["combine"]:
            _item(frame, found, name)  # each item must be there
        texts = [_code_text(frame[found[c.upper()]]) for c in recipe["combine"]]
        joined = texts[0]
        for part in texts[1:]:
            joined = joined + "|" + part
        return joined.to_numpy(dtype=object)
    items = np.column_stack([_item(frame, found, c) for c in recipe["any"]])
    asked = ~np.isnan(items).all(axis=1)
    yes = (items == 1).any(axis=1)
    if "hours" in recipe:
        hours = _item(frame, found, recipe["hours"])
        hours = np.where(np.isin(hours, recipe.get("unknown", [])), np.nan, hours)
        out = np.where(yes, hours, 0.0)
    elif "sum" in recipe:
        parts = np.column_stack([_item(frame, found, c) for c in recipe["sum"]])
        parts = np.where(np.isin(parts, recipe.get("zero", [])), 0.0, parts)
        total = np.nansum(parts, axis=1)
        out = np.where(yes, np.where(np.isnan(parts).all(axis=1), np.nan, total), 0.0)
    else:  # "any" alone: a yes/no concept, NA where no item was asked
        return _masked(yes, asked)
    return np.where(asked, out, np.nan)


def _code_text(column: pd.Series) -> pd.Series:
    """A code column as text: whole numbers without the ".0" a float column gives them."""
    numbers = pd.to_numeric(column, errors="coerce")
    if numbers.notna().all() and (numbers == numbers.round()).all():
        return numbers.astype("int64").astype("str")
    return column.astype("str")


def _masked(values: np.ndarray, known: np.ndarray) -> pd.api.extensions.ExtensionArray:
    out = pd.array(values, dtype="boolean")
    out[~known] = pd.NA
    return out


def _labelled(frame: pd.DataFrame, column: str, labels: Mapping[Any, str]) -> Any:
    """A coded column as its value labels, an ordered categorical in the codes' order."""
    codes = frame[column]
    if not labels:
        return codes
    order = sorted(labels)
    names = [str(labels[c]) for c in order]
    if len(set(names)) != len(names):  # two codes share a label: keep the codes
        return codes
    mapped = pd.to_numeric(codes, errors="coerce").map(
        {float(c): str(labels[c]) for c in order})
    return pd.Categorical(mapped, categories=names, ordered=True)


def read(
    path: str | Path,
    survey: str = "mics6",
    household: str | Path | Sequence[str | Path] | None = None,
) -> pd.DataFrame:
    """Read a survey's child-level file and add the concepts, design and domains.

    Parameters
    ----------
    path : str or Path
        The child-level file, SPSS ``.sav`` or Stata ``.dta`` (MICS6
        ``fs.sav``, MICS5 ``hh.sav``).
    survey : {"mics6", "mics5"}
        Whose variable map to apply (:func:`variable_map`).
    household : str, Path or list of them, optional
        Household files joined to the children, each bringing the columns the
        child file lacks: the household members' file (``hl.sav``, which has
        the line number ``HL1``) joins each child to its own line (the
        child's sex, ``HL4``); a household-level file (``hh.sav``, without a
        line number) joins each child to its household (``HH1, HH2``).

    Returns
    -------
    DataFrame
        Every row and column of the file (the household file's joined), then
        ``complete`` (a completed questionnaire), the concepts ``age,
        econ_hours, chores_hours, hazardous`` (NA where not complete), the
        design ``weight, stratum, psu`` and the domains ``sex, area,
        province`` found (ordered categoricals of their value labels).
        ``attrs["value_labels"]`` and ``attrs["variable_labels"]`` keep the
        files' labels, ``attrs["survey"]`` the map's name.

    Examples
    --------
    The synthetic survey of the repository (``data/sample-survey``):

    >>> import childlabour_metrics as clm
    >>> folder = Path(clm.__file__).parents[1] / "data" / "sample-survey"
    >>> kids = read(folder / "fs.sav", "mics6", household=folder / "hl.sav")
    >>> kids[["CB3", "CL3", "age", "econ_hours", "sex", "province"]].iloc[[0, 6, 18]]
         CB3   CL3   age  econ_hours  sex          province
    0   13.0   NaN  13.0         0.0  Nam  Thành phố Hà Nội
    6   17.0  35.0  17.0        35.0   Nữ  Thành phố Hà Nội
    18  16.0  98.0  16.0         NaN  Nam  Thành phố Hà Nội

    Row 18 works, its hours unknown (98): NaN, which reaches no threshold.
    """
    recipe = variable_map(survey)
    path = Path(path)
    frame, meta = _read_file(path)
    value_labels = {**_value_labels(meta)}
    variable_labels = dict(zip(meta.column_names, meta.column_labels, strict=False))
    extra = [] if household is None else (
        [household] if isinstance(household, str | Path) else list(household))
    keys, member_keys = list(recipe["keys"]), list(recipe["household_keys"])
    for other in extra:
        hl_path = Path(other)
        hl_frame, hl_meta = _read_file(hl_path)
        has = _columns(hl_frame)
        if all(k.upper() in has for k in member_keys):  # a line per member
            frame = _join(frame, hl_frame, keys, member_keys, hl_path)
        else:  # a line per household: its keys without the line number
            frame = _join(frame, hl_frame, keys[:-1], member_keys[:-1], hl_path)
        value_labels = {**_value_labels(hl_meta), **value_labels}
        variable_labels = {**dict(zip(hl_meta.column_names, hl_meta.column_labels,
                                      strict=False)), **variable_labels}
    found = _columns(frame)
    rule = recipe["complete"]
    if rule.get("present"):
        complete = ~np.isnan(_item(frame, found, rule["column"]))
    else:
        complete = _item(frame, found, rule["column"]) == rule["equals"]
    out = frame.copy()
    out["complete"] = complete
    concepts = recipe["concepts"]
    for name in _CONCEPTS:
        values = _concept(frame, found, concepts[name])
        if isinstance(values, np.ndarray):
            out[name] = np.where(complete, values, np.nan)
        else:
            masked = pd.array(values, dtype="boolean")
            masked[~complete] = pd.NA
            out[name] = masked
    for name in DESIGN:
        out[name] = _concept(frame, found, concepts[name])
    for name, item in recipe.get("domains", {}).items():
        if item.upper() in found:
            column = found[item.upper()]
            out[name] = _labelled(frame, column, value_labels.get(column, {}))
    out.attrs["survey"] = recipe["name"]
    out.attrs["value_labels"] = value_labels
    out.attrs["variable_labels"] = variable_labels
    return out


def _value_labels(meta: Any) -> dict[str, dict[Any, str]]:
    """Each column's value labels (SPSS names them per variable, Stata per label set)."""
    return {str(k): dict(v) for k, v in (meta.variable_value_labels or {}).items()}
