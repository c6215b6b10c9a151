"""Plans: their targets (with the plan's own operators), scope and reporting calendar.

A plan is data, not code.  Each bundled plan is a TOML file in
``childlabour_metrics/data/plans/``; users write their own in the same format
and load it by path (see ``docs/plan-format.md``).  Every target keeps the
sentence of the source document it comes from, so a number on a chart can be
traced back to the text that set it.  This module never computes values.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from ..language.errors import PlanError
from ._resources import data_dir, data_file
from .indicators import INDICATOR_CODES, direction_of
from .periods import Period, parse_period
from .schemas import not_unit_codes
from .units import DEPARTMENT, DEPARTMENT_KINDS

__all__ = ["OPERATORS", "Plan", "PlanError", "Target", "list_plans", "load_plan"]

#: The comparison operators a target may use, as written in plan files.
OPERATORS: tuple[str, ...] = ("<", "<=", ">=", ">")
_LEVELS = ("country", "province", "district", "commune")
_PERIOD_KINDS = ("H1", "H2", "year")
# Calendar entries may also name departments, which report but are not a map level.
_REPORT_LEVELS = (*_LEVELS, DEPARTMENT)

TARGET_COLUMNS = [
    "ref",
    "label",
    "indicators",
    "year",
    "operator",
    "value",
    "direction",
    "objective",
    "source_text",
    "note",
    "owner",
    "measure",
]
#: Columns of :attr:`Plan.calendar`; ``level`` and ``unit_kind`` are NA on an
#: entry that applies to every reporter.
CALENDAR_COLUMNS = ["period", "deadline", "year_offset", "description_vi", "level", "unit_kind"]
#: Columns of :attr:`Plan.owners`: who leads which indicators, as the source says.
OWNER_COLUMNS = ["owner", "name_vi", "npa_indicators", "source_text"]




# The keys a plan file may hold; anything else is a typo ("[[target]]") and an error.
_PLAN_KEYS = frozenset({
    "id", "name_vi", "name_en", "issuer", "document", "scope_code", "scope_name",
    "scope_level", "start", "end", "horizon", "parent", "source", "notes",
    "report_levels", "calendar", "targets", "owners",
})
_TARGET_KEYS = frozenset({
    "ref", "label", "indicators", "year", "operator", "value", "objective", "source_text",
    "note", "owner", "measure",
})
_CALENDAR_KEYS = frozenset(
    {"period", "deadline", "year_offset", "description_vi", "level", "unit_kind"}
)
_OWNER_KEYS = frozenset({"owner", "name_vi", "npa_indicators", "source_text"})
# The type each field must have in TOML (bool is not a number here).
_TARGET_TYPES: dict[str, tuple[type, ...]] = {
    "ref": (str,), "label": (str,), "indicators": (str, list), "year": (int,),
    "operator": (str,), "value": (int, float), "objective": (int,), "source_text": (str,),
    "note": (str,), "owner": (str,), "measure": (str,),
}
_PLAN_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,), "name_vi": (str,), "name_en": (str,), "issuer": (str,), "document": (str,),
    "scope_code": (str,), "scope_name": (str,), "scope_level": (str,), "start": (int,),
    "end": (int,), "horizon": (int,), "parent": (str,), "source": (str,), "notes": (str,),
    "report_levels": (list,), "calendar": (list,), "targets": (list,), "owners": (list,),
}

_CALENDAR_TYPES: dict[str, tuple[type, ...]] = {
    "period": (str,), "deadline": (str,), "year_offset": (int,), "description_vi": (str,),
    "level": (str,), "unit_kind": (str,),
}
_OWNER_TYPES: dict[str, tuple[type, ...]] = {
    "owner": (str,), "name_vi": (str,), "npa_indicators": (list,), "source_text": (str,),
}
#: The years a plan may name (start, end, horizon and so its targets' years): a year
#: outside is a slip of the keyboard (``start = -99999999999999``), not a plan.
YEARS: tuple[int, int] = (2000, 2100)
#: The years after its period's a deadline may fall in (``year_offset``): a yearly
#: report may be due in January of the next year, never earlier nor later.
_YEAR_OFFSETS: tuple[int, int] = (0, 1)
# Text a plan may not hold: control characters (NUL, ESC...), all but tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Target:
    """One target of a plan, as a typed record (see :meth:`Plan.target_records`).

    Attributes mirror the columns of :attr:`Plan.targets`.
    """

    ref: str
    label: str
    indicators: tuple[str, ...]
    year: int | None
    operator: str | None
    value: float | None
    direction: str
    objective: int | None
    source_text: str
    note: str | None
    owner: str | None = None
    measure: str | None = None


def _check_keys(raw: dict[str, Any], allowed: frozenset[str], file: str, at: str,
                target: str | None = None) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise PlanError("err_plan_unknown_keys", file=file, target=target, field=unknown[0],
                        at=at, keys=unknown, allowed=sorted(allowed))


def _check_types(raw: dict[str, Any], types: dict[str, tuple[type, ...]], file: str, at: str,
                 target: str | None = None) -> None:
    for key, allowed in types.items():
        value = raw.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, allowed):
            # one message per set of types: err_plan_type_str, ..._int_float ...
            kinds = "_".join(t.__name__ for t in allowed)
            raise PlanError("err_plan_type_" + kinds, file=file, target=target, field=key,
                            at=at, value=repr(value))
        if isinstance(value, str) and _CONTROL.search(value):
            raise PlanError("err_plan_control_characters", file=file, target=target,
                            field=key, at=at, value=repr(value[:60]))


def _check_entries(raw: dict[str, Any], section: str, keys: frozenset[str],
                   types: dict[str, tuple[type, ...]], where: str) -> None:
    """Each ``[[section]]`` entry is a table of known keys with values of their types."""
    for i, entry in enumerate(raw.get(section, []), start=1):
        at = f"{where}, [[{section}]] #{i}"
        if not isinstance(entry, dict):
            raise PlanError("err_plan_entry_not_table", file=where, field=section, at=at,
                            section=section, value=repr(entry)[:60])
        _check_keys(entry, keys, where, at)
        _check_types(entry, types, where, at)


def _check_years(raw: dict[str, Any], where: str) -> None:
    """The plan's years are years: within :data:`YEARS`."""
    low, high = YEARS
    for key in ("start", "end", "horizon"):
        year = raw.get(key)
        if year is not None and not low <= year <= high:
            raise PlanError("err_plan_year_range", file=where, field=key, at=where,
                            value=repr(year), low=low, high=high)


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Plan:
    """A plan with targets, scope and reporting calendar.

    Load one with :func:`load_plan`; attributes mirror the TOML fields.

    Examples
    --------
    >>> plan = load_plan("hai-duong-2021")
    >>> plan.scope_name
    'Tỉnh Hải Dương'
    >>> plan.deadline(Period(2024, 1))
    datetime.date(2024, 6, 15)
    >>> first = plan.targets.iloc[0]
    >>> first["ref"], first["indicators"], first["operator"], float(first["value"])
    ('A1', ('CL01',), '<=', 1.0)
    >>> first["label"]
    'Giảm tỷ lệ lao động trẻ em 5–17 tuổi xuống 1%'

    """

    id: str
    name_vi: str
    name_en: str
    issuer: str
    document: str
    scope_code: str
    scope_name: str
    scope_level: str
    start: int
    end: int
    horizon: int | None
    parent: str | None
    report_levels: tuple[str, ...]
    calendar: pd.DataFrame = field(repr=False)
    targets: pd.DataFrame = field(repr=False)
    source: str = ""
    notes: str = ""
    path: str = ""
    owners: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=OWNER_COLUMNS), repr=False
    )

    def target_records(self) -> tuple[Target, ...]:
        """The targets as typed :class:`Target` records, in the plan's order.

        Examples
        --------
        >>> load_plan("hai-duong-2021").target_records()[0].indicators
        ('CL01',)
        """
        def _opt(value: Any) -> Any:
            return None if pd.isna(value) else value

        rows: Any = self.targets.itertuples(index=False)  # stubs type each field as Scalar
        return tuple(
            Target(
                ref=str(row.ref), label=str(row.label), indicators=tuple(row.indicators),
                year=None if pd.isna(row.year) else int(row.year),
                operator=_opt(row.operator),
                value=None if pd.isna(row.value) else float(row.value),
                direction=str(row.direction),
                objective=None if pd.isna(row.objective) else int(row.objective),
                source_text=str(_opt(row.source_text) or ""), note=_opt(row.note),
                owner=_opt(getattr(row, "owner", None)),
                measure=_opt(getattr(row, "measure", None)),
            )
            for row in rows
        )

    def check_target_year(self, year: int | None) -> None:
        """Raise :class:`PlanError` when the plan sets no target for ``year``.

        A year the plan lacks would otherwise select no target and give an empty
        table without a word.

        Examples
        --------
        >>> try:
        ...     load_plan("hai-duong-2021").check_target_year(2027)
        ... except PlanError as exc:
        ...     print(exc.message("en"))  # doctest: +ELLIPSIS
        hai-duong-2021.toml sets no target for 2027; its target years are 2025, 2030. Choose one...
        """
        targets_due(self, year)

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        """Every indicator code the plan's targets use, sorted."""
        codes = {code for inds in self.targets["indicators"] for code in inds}
        return tuple(sorted(codes))

    @property
    def target_years(self) -> tuple[int, ...]:
        """The years the plan sets targets for, sorted."""
        years = self.targets["year"].dropna().astype(int).unique()
        return tuple(sorted(int(y) for y in years))

    def name(self, lang: str = "vi") -> str:
        """The plan's name in Vietnamese (default) or English."""
        return self.name_en if lang == "en" else self.name_vi

    def deadline(
        self, period: Period | str, level: str | None = None, kind: str | None = None
    ) -> dt.date | None:
        """The reporting deadline for a period, or None if the calendar has none.

        Parameters
        ----------
        period : Period or str
            The period reported on.
        level : str, optional
            The reporting unit's level (``province``, ``department`` …).  An
            entry for that level wins over an entry for every reporter.
        kind : str, optional
            The reporting department's kind (``labour`` …).  An entry for the
            kind wins over one for the level.

        Returns
        -------
        datetime.date or None

        Examples
        --------
        >>> plan = load_plan("quang-ngai-2024")
        >>> plan.deadline("2024"), plan.deadline("2024", level="province")
        (datetime.date(2024, 11, 30), datetime.date(2024, 12, 10))
        """
        found = self.deadlines(pd.Series([str(parse_period(period))]), level, kind).iloc[0]
        return None if pd.isna(found) else found.date()

    def deadlines(
        self,
        periods: pd.Series,
        levels: pd.Series | str | None = None,
        kinds: pd.Series | str | None = None,
    ) -> pd.Series:
        """The deadline of every report at once: one per (period, level, kind).

        The entry chosen for a report is the most specific the calendar has:
        one for the reporter's kind, else one for its level, else one for
        every reporter (no ``level`` nor ``unit_kind``).

        Parameters
        ----------
        periods : Series of str
            Periods reported on (``2024``, ``2024H1``).
        levels, kinds : Series of str, str or None
            The reporting units' levels and department kinds, aligned with
            ``periods`` (or one value for all).

        Returns
        -------
        Series of datetime64
            Aligned with ``periods``; NaT where the calendar has no entry.

        Examples
        --------
        >>> plan = load_plan("quang-ngai-2024")
        >>> plan.deadlines(pd.Series(["2024H1", "2024", "2024"]),
        ...                pd.Series(["department", "department", "province"])).dt.date.tolist()
        [datetime.date(2024, 5, 31), datetime.date(2024, 11, 30), datetime.date(2024, 12, 10)]
        """
        periods = pd.Series(periods).astype("str")
        index = periods.index
        keys = pd.DataFrame({"period": periods.to_numpy(),
                             "level": _aligned(levels, index).to_numpy(),
                             "kind": _aligned(kinds, index).to_numpy()})
        # Each distinct (period, level, kind) once (a batch has a handful), looked up in
        # the calendar's entries by Python dicts: a merge per pass cost more than the
        # reading of a small batch's reports.
        distinct = keys.drop_duplicates()
        years = pd.to_numeric(distinct["period"].str[:4], errors="coerce")
        parts = distinct["period"].str[4:].replace("", "year")
        general, by_level, by_kind = self._calendar_entries()
        found = []
        for year, part, level, kind in zip(years, parts, distinct["level"], distinct["kind"],
                                           strict=True):
            # The most specific entry: the reporter's kind, its level, every reporter.
            entry = None if pd.isna(year) or pd.isna(part) else (
                (by_kind.get((part, kind)) if not pd.isna(kind) else None)
                or (by_level.get((part, level)) if not pd.isna(level) else None)
                or general.get(part))
            found.append(pd.NaT if entry is None else
                         pd.Timestamp(int(year) + entry[0], entry[1], entry[2]))
        distinct = distinct.assign(_deadline=pd.Series(found, index=distinct.index, dtype=object))
        at = keys.merge(distinct, how="left", on=list(keys.columns))
        return pd.Series(pd.to_datetime(at["_deadline"]).to_numpy(), index=index,
                         name="deadline")

    def _calendar_entries(
        self,
    ) -> tuple[dict[Any, tuple[int, int, int]], ...]:
        """The calendar's entries: for every reporter (by period), by (period, level) and
        by (period, unit kind); each (year offset, month, day), the first entry winning."""
        cal = self.calendar
        general: dict[Any, tuple[int, int, int]] = {}
        by_level: dict[Any, tuple[int, int, int]] = {}
        by_kind: dict[Any, tuple[int, int, int]] = {}
        # A calendar built by hand (a Plan made in code) may lack the optional columns.
        none = [None] * len(cal)
        for period, deadline, offset, level, kind in zip(
            cal["period"], cal["deadline"],
            cal["year_offset"] if "year_offset" in cal.columns else [0] * len(cal),
            cal["level"] if "level" in cal.columns else none,
            cal["unit_kind"] if "unit_kind" in cal.columns else none, strict=True,
        ):
            month, day = (int(p) for p in str(deadline).split("-"))
            entry = (int(offset), month, day)
            if not pd.isna(level):
                by_level.setdefault((period, level), entry)
            if not pd.isna(kind):
                by_kind.setdefault((period, kind), entry)
            if pd.isna(level) and pd.isna(kind):
                general.setdefault(period, entry)
        return general, by_level, by_kind

    def _repr_html_(self) -> str:
        head = f"<p><b>{self.id}</b>: {self.name_vi}<br>{self.issuer}, {self.start}–{self.end}</p>"
        shown = self.targets[["label", "indicators", "year", "operator", "value"]].copy()
        shown["indicators"] = shown["indicators"].map(" + ".join)
        return head + shown.to_html(index=False, na_rep="")


def targets_due(plan: Any, target_year: int | None) -> pd.DataFrame:
    """The plan's targets due in ``target_year`` (all for None); a year it lacks is an error.

    Attainment and progress ask this, so that a year the plan sets no target
    for raises a :class:`PlanError` naming the plan's years instead of giving
    an empty table without a word.

    Examples
    --------
    >>> len(targets_due(load_plan("hai-duong-2021"), 2030))
    2
    """
    targets = plan.targets
    if target_year is None:
        return targets
    due = targets[targets["year"] == int(target_year)]
    if due.empty:
        years = ", ".join(str(int(y)) for y in sorted(targets["year"].dropna().unique()))
        name = getattr(plan, "path", "") or getattr(plan, "id", "?")
        raise PlanError("err_plan_no_target_year", file=getattr(plan, "path", None) or None,
                        field="target_year", plan=name, year=int(target_year), years=years)
    return due


@lru_cache(maxsize=1)
def measure_names() -> tuple[str, ...]:
    """The names a target's ``measure`` may take: the survey rule sets.

    Read from the rule sets' own data file (``data/survey_rules.toml``), the
    names only: the survey wing that applies the rules sits above this layer,
    and a plan with a misspelt measure must fail when it is loaded, naming the
    file and the target, not later when a survey estimate is judged.

    Examples
    --------
    >>> measure_names()
    ('sdg-8.7.1', 'mics6-2017', 'mics5', 'vn-lc2019')
    """
    with data_file("survey_rules.toml").open("rb") as fh:
        return tuple(tomllib.load(fh)["rule_sets"])


def _plan_paths() -> dict[str, Any]:
    folder = data_dir("plans")
    return {
        entry.name.removesuffix(".toml"): entry
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }


def _require(raw: dict[str, Any], key: str, where: str, file: str | None = None,
             target: str | None = None) -> Any:
    if key not in raw:
        raise PlanError("err_plan_missing_field", file=file or where, target=target,
                        field=key, at=where)
    return raw[key]


def _targets_frame(raw_targets: list[dict[str, Any]], where: str,
                   years: tuple[int, int] | None = None) -> pd.DataFrame:
    if not raw_targets:
        raise PlanError("err_plan_no_targets", file=where, field="targets", at=where)
    rows = []
    for i, raw in enumerate(raw_targets, start=1):
        at = f"{where}, [[targets]] #{i}"
        if not isinstance(raw, dict):
            raise PlanError("err_plan_target_not_table", file=where, field="targets", at=at)
        name = str(raw.get("ref", raw.get("label", f"#{i}")))
        _check_keys(raw, _TARGET_KEYS, where, at, name)
        _check_types(raw, _TARGET_TYPES, where, at, name)
        label = str(_require(raw, "label", at, where, name))
        # messages name the target by its ref and label: "T3 – Tỷ lệ ..."
        shown = label if name == label else f"{name} – {label}"
        year = raw.get("year")
        if years is not None and year is not None and not years[0] <= year <= years[1]:
            raise PlanError("err_plan_year_outside", file=where, target=name, field="year",
                            at=at, label=shown, year=year, start=years[0], end=years[1])
        codes = _require(raw, "indicators", at, where, name)
        if isinstance(codes, str):
            codes = [codes]
        codes = tuple(str(c).strip().upper() for c in codes)
        unknown = [c for c in codes if c not in INDICATOR_CODES]
        if not codes or unknown:
            raise PlanError("err_plan_unknown_indicators", file=where, target=name,
                            field="indicators", at=at, label=shown, codes=unknown or codes,
                            known=f"{min(INDICATOR_CODES)}–{max(INDICATOR_CODES)}")
        directions = {direction_of(c) for c in codes}
        if len(directions) != 1:
            raise PlanError("err_plan_mixed_directions", file=where, target=name,
                            field="indicators", at=at, label=shown, codes=codes)
        operator = raw.get("operator")
        value = raw.get("value")
        if (operator is None) != (value is None):
            raise PlanError("err_plan_operator_value", file=where, target=name,
                            field="value" if value is None else "operator", at=at, label=shown)
        if operator is not None and operator not in OPERATORS:
            raise PlanError("err_plan_bad_operator", file=where, target=name, field="operator",
                            at=at, label=shown, operator=repr(operator), operators=OPERATORS)
        if value is not None and not (isinstance(value, int | float) and math.isfinite(value)):
            raise PlanError("err_plan_value_not_number", file=where, target=name,
                            field="value", at=at, label=shown, value=repr(value))
        # Every indicator (CL01-CL13) is a rate in per cent: a target beyond 0-100 is a
        # slip (150 for 15.0, a share written as 0.9 would pass and is the plan's own).
        if value is not None and not 0 <= value <= 100:
            raise PlanError("err_plan_value_range", file=where, target=name, field="value",
                            at=at, label=shown, value=repr(value))
        measure = raw.get("measure")
        if measure is not None and measure not in measure_names():
            raise PlanError("err_plan_unknown_measure", file=where, target=name,
                            field="measure", at=at, label=shown, value=repr(measure),
                            allowed=", ".join(f'"{m}"' for m in measure_names()))
        rows.append(
            {
                "ref": _nfc(str(raw.get("ref", label))),
                "label": _nfc(label),
                "indicators": codes,
                "year": raw.get("year"),
                "operator": operator,
                "value": None if value is None else float(value),
                "direction": directions.pop(),
                "objective": raw.get("objective"),
                "source_text": _nfc(str(raw.get("source_text", ""))),
                "note": _nfc(raw.get("note")),
                "owner": _nfc(raw.get("owner")),
                "measure": measure,
            }
        )
    frame = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    for col in ("ref", "label"):
        dupes = sorted(frame.loc[frame[col].duplicated(), col])
        if dupes:
            raise PlanError("err_plan_duplicate_targets", file=where, field=col, values=dupes)
    frame["indicators"] = frame["indicators"].astype(object)
    for col in ("ref", "label", "operator", "direction", "source_text", "note", "owner",
                "measure"):
        frame[col] = frame[col].astype("str")  # pandas 3 keeps None as missing here
    frame["year"] = frame["year"].astype("Int64")
    frame["objective"] = frame["objective"].astype("Int64")
    frame["value"] = frame["value"].astype("Float64")
    return frame


def _calendar_frame(raw_calendar: list[dict[str, Any]], where: str) -> pd.DataFrame:
    rows = []
    for i, raw in enumerate(raw_calendar, start=1):
        at = f"{where}, [[calendar]] #{i}"
        kind = str(_require(raw, "period", at, where))
        if kind not in _PERIOD_KINDS:
            raise PlanError("err_plan_bad_period", file=where, field="period", at=at,
                            value=repr(kind), kinds=_PERIOD_KINDS)
        deadline = str(_require(raw, "deadline", at, where))
        try:
            month, day = (int(p) for p in deadline.split("-"))
            dt.date(2024, month, day)  # a leap year accepts every real month-day
        except ValueError as exc:
            raise PlanError("err_plan_bad_deadline", file=where, field="deadline", at=at,
                            value=repr(deadline)) from exc
        offset = raw.get("year_offset", 0)
        if not _YEAR_OFFSETS[0] <= offset <= _YEAR_OFFSETS[1]:
            raise PlanError("err_plan_year_offset", file=where, field="year_offset", at=at,
                            value=repr(offset), low=_YEAR_OFFSETS[0], high=_YEAR_OFFSETS[1])
        level = raw.get("level")
        if level is not None and level not in _REPORT_LEVELS:
            raise PlanError("err_plan_bad_level", file=where, field="level", at=at,
                            value=repr(level), levels=_REPORT_LEVELS)
        unit_kind = raw.get("unit_kind")
        if unit_kind is not None and unit_kind not in DEPARTMENT_KINDS:
            raise PlanError("err_plan_bad_unit_kind", file=where, field="unit_kind", at=at,
                            value=repr(unit_kind), kinds=DEPARTMENT_KINDS)
        rows.append(
            {
                "period": kind,
                "deadline": f"{month:02d}-{day:02d}",
                "year_offset": int(raw.get("year_offset", 0)),
                "description_vi": _nfc(str(raw.get("description_vi", ""))),
                "level": level,
                "unit_kind": unit_kind,
            }
        )
    frame = pd.DataFrame(rows, columns=CALENDAR_COLUMNS)
    return frame.astype(
        {"period": "str", "deadline": "str", "year_offset": "Int64", "description_vi": "str",
         "level": "str", "unit_kind": "str"}
    )


def _owners_frame(raw_owners: list[dict[str, Any]], where: str) -> pd.DataFrame:
    rows = []
    for i, raw in enumerate(raw_owners, start=1):
        at = f"{where}, [[owners]] #{i}"
        owner = str(_require(raw, "owner", at, where))
        numbers = raw.get("npa_indicators", [])
        if not all(isinstance(n, int) for n in numbers):
            raise PlanError("err_plan_bad_npa", file=where, field="npa_indicators", at=at,
                            owner=owner, value=numbers)
        rows.append(
            {
                "owner": _nfc(owner),
                "name_vi": _nfc(str(raw.get("name_vi", ""))),
                "npa_indicators": tuple(int(n) for n in numbers),
                "source_text": _nfc(str(raw.get("source_text", ""))),
            }
        )
    frame = pd.DataFrame(rows, columns=OWNER_COLUMNS)
    frame["npa_indicators"] = frame["npa_indicators"].astype(object)
    return frame.astype({"owner": "str", "name_vi": "str", "source_text": "str"})


def _aligned(values: pd.Series | str | None, index: pd.Index) -> pd.Series:
    if isinstance(values, pd.Series):
        return pd.Series(values.to_numpy(), index=index).astype("str")
    return pd.Series(values, index=index, dtype="str")


def _from_mapping(raw: dict[str, Any], where: str) -> Plan:
    _check_keys(raw, _PLAN_KEYS, where, where)
    _check_types(raw, _PLAN_TYPES, where, where)
    _check_years(raw, where)
    _check_entries(raw, "calendar", _CALENDAR_KEYS, _CALENDAR_TYPES, where)
    _check_entries(raw, "owners", _OWNER_KEYS, _OWNER_TYPES, where)
    scope = raw.get("scope_code")
    if isinstance(scope, str) and not_unit_codes(pd.Series([scope.strip()])).iloc[0]:
        raise PlanError("err_plan_bad_scope_code", file=where, field="scope_code", at=where,
                        value=repr(scope[:60]))
    levels = tuple(raw.get("report_levels", ()))
    bad = [lv for lv in levels if lv not in _REPORT_LEVELS]
    bad += [lv for lv in (raw.get("scope_level", ""),) if lv not in _LEVELS]
    if bad:
        raise PlanError("err_plan_unknown_levels", file=where, field="report_levels",
                        levels=bad, allowed=_REPORT_LEVELS)
    start, end = int(_require(raw, "start", where)), int(_require(raw, "end", where))
    if end < start:
        raise PlanError("err_plan_end_before_start", file=where, field="end", start=start,
                        end=end)
    return Plan(
        id=str(_require(raw, "id", where)),
        name_vi=_nfc(str(_require(raw, "name_vi", where))),
        name_en=_nfc(str(raw.get("name_en", raw["name_vi"]))),
        issuer=_nfc(str(raw.get("issuer", ""))),
        document=_nfc(str(raw.get("document", ""))),
        scope_code=str(_require(raw, "scope_code", where)),
        scope_name=_nfc(str(raw.get("scope_name", ""))),
        scope_level=str(_require(raw, "scope_level", where)),
        start=start,
        end=end,
        horizon=int(raw["horizon"]) if raw.get("horizon") is not None else None,
        parent=raw.get("parent"),
        report_levels=levels,
        calendar=_calendar_frame(raw.get("calendar", []), where),
        targets=_targets_frame(raw.get("targets", []), where,
                               (start, max(end, int(raw.get("horizon") or end)))),
        source=_nfc(str(raw.get("source", ""))),
        notes=_nfc(str(raw.get("notes", ""))),
        path=where,
        owners=_owners_frame(raw.get("owners", []), where),
    )


def _too_deep(data: bytes, depth: int = 64) -> tuple[int, int]:
    r"""(line, column) where brackets first nest ``depth`` deep (quoted text skipped).

    No plan nests more than three deep; a file that made the TOML reader
    recurse past Python's limit is named at the place its nesting began.

    >>> _too_deep(b'a = 1\nx = [' + b"[" * 70)
    (2, 68)
    """
    level, line, start, quote = 0, 1, 0, 0
    for at, byte in enumerate(data):
        if quote:
            quote = 0 if byte == quote else quote
        elif byte in b"\"'":
            quote = byte
        elif byte in b"[{":
            level += 1
            if level >= depth:
                return line, at - start + 1
        elif byte in b"]}":
            level -= 1
        if byte == 10:
            line, start = line + 1, at + 1
    return line, 1


def load_plan(plan: str | Path | Plan) -> Plan:
    """Load a bundled plan by id, or a user's plan file by path.

    Parameters
    ----------
    plan : str, Path or Plan
        A bundled plan id (see :func:`list_plans`), a path to a TOML file in
        the documented format, or a Plan (returned as is).

    Returns
    -------
    Plan

    Raises
    ------
    PlanError
        For an unknown id (the message lists the known ones) or a malformed file.

    Examples
    --------
    >>> load_plan("van-son-2026").targets["label"].tolist()[:3]
    ['Chỉ tiêu 1', 'Chỉ tiêu 2', 'Chỉ tiêu 3']
    """
    if isinstance(plan, Plan):
        return plan
    bundled = _plan_paths()
    if isinstance(plan, str) and plan in bundled:
        entry = bundled[plan]
        with entry.open("rb") as fh:
            raw = tomllib.load(fh)
        return _from_mapping(raw, f"{plan}.toml")
    path = Path(plan)
    if path.is_file():
        try:
            with path.open("rb") as fh:
                raw = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            # tomllib says where in English ("... (at line 2, column 10)"): keep the place
            at = re.search(r"line (\d+), column (\d+)", str(exc))
            raise PlanError("err_plan_bad_toml", file=path, line=int(at[1]) if at else None,
                            column=at[2] if at else "?") from exc
        except RecursionError as exc:  # arrays or tables nested thousands deep
            line, column = _too_deep(path.read_bytes())
            raise PlanError("err_plan_bad_toml", file=path, line=line, column=column) from exc
        except UnicodeDecodeError as exc:  # not UTF-8, as TOML must be
            data = path.read_bytes()[: exc.start]
            raise PlanError("err_plan_bad_toml", file=path, line=data.count(b"\n") + 1,
                            column=exc.start - data.rfind(b"\n")) from exc
        try:
            return _from_mapping(raw, str(path))
        except RecursionError as exc:  # nested less deep than tomllib's limit, still absurd
            line, column = _too_deep(path.read_bytes())
            raise PlanError("err_plan_bad_toml", file=path, line=line, column=column) from exc
    raise PlanError("err_plan_unknown", file=str(plan), value=repr(str(plan)),
                    known=", ".join(sorted(bundled)))


def list_plans() -> pd.DataFrame:
    """List the bundled plans.

    Returns
    -------
    pandas.DataFrame
        Columns ``plan_id, name, name_en, scope, scope_code, start, end,
        horizon, parent, n_targets``.

    Examples
    --------
    >>> "hai-duong-2021" in set(list_plans()["plan_id"])
    True
    """
    rows = []
    for plan_id in sorted(_plan_paths()):
        plan = load_plan(plan_id)
        rows.append(
            {
                "plan_id": plan.id,
                "name": plan.name_vi,
                "scope": plan.scope_name,
                "start": plan.start,
                "end": plan.end,
                "horizon": plan.horizon,
                "name_en": plan.name_en,
                "scope_code": plan.scope_code,
                "parent": plan.parent,
                "n_targets": int(plan.targets["value"].notna().sum()),
            }
        )
    frame = pd.DataFrame(rows)
    return frame.astype(
        {
            "plan_id": "str",
            "name": "str",
            "name_en": "str",
            "scope": "str",
            "scope_code": "str",
            "start": "Int64",
            "end": "Int64",
            "horizon": "Int64",
            "parent": "str",
            "n_targets": "Int64",
        }
    )
