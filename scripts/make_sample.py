"""Make the synthetic sample reports in ``data/sample/`` (fixed seed, deterministic).

Run from the repository root::

    python scripts/make_sample.py

It writes, for the sample unit registry (``childlabour_metrics/data/units_sample.csv``):

* single-unit forms from the Hải Dương communes for 2021H1, 2021, ..., 2025H1 (not every
  commune sends every report: completeness rises over the years);
* one consolidated form per period from the Nam Sách district office (291), one row per
  commune, instead of its three communes' single forms (to 2025H1: the district office
  closed with the districts on 1 July 2025);
* the yearly 2025 round from the successors: the 33 new Hải Phòng communes the official
  crosswalk sends those 36 communes to (Hải Dương was merged into Hải Phòng on
  1 July 2025; the plan follows its territory), each figure the crosswalk's shares of its
  predecessors' figures;
* a yearly 2026 single-unit form from Vân Sơn commune (Bắc Ninh);
* exactly the planted mistakes listed in ``planted.csv`` (and in README.md), one each,
  and one data-quality anomaly of each kind the review (``clm.data_quality``) finds;
* ``units.csv`` (a copy of the registry), ``planted.csv`` and ``manifest.csv``.

All figures are synthetic.  The ``.xls`` and ``.ods`` files are made with LibreOffice
(``soffice``) when it is installed; otherwise the committed ones are kept.  Reruns give
the same bytes (fixed seed, fixed document dates and zip times, and openpyxl's standard
library XML writer whether lxml is installed or not: the two write different bytes).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# openpyxl chooses its XML writer when imported: set before any import of it.
os.environ["OPENPYXL_LXML"] = "False"

from openpyxl import load_workbook

from childlabour_metrics import data_quality, load_units, read_reports
from childlabour_metrics.output.template import (
    _build_consolidated,
    _build_single,
    _Layout,
    _save_with_cache,
    period_label,
)
from childlabour_metrics.reference.periods import Period, fold_text
from childlabour_metrics.reference.plans import load_plan

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "sample"
REGISTRY = ROOT / "childlabour_metrics" / "data" / "units_sample.csv"
CROSSWALK = ROOT / "childlabour_metrics" / "data" / "crosswalk_sample.csv"
SEED = 20210527  # the date of Decision 782/QĐ-TTg

# The rounds of the old map: 2021H1 ... 2025H1.  The yearly 2025 report is due on
# 15 December 2025, when the old communes no longer exist: it comes from their successors.
PERIODS = [Period(y, h) for y in range(2021, 2026) for h in (1, None)][:-1]
SUCCESSOR_PERIOD = Period(2025)
REFORM = "2025-07-01"
# Share of communes that send each report.  Yearly reports matter more to the
# province than half-year ones, and reporting improves as the plan beds in.
SEND_RATE = {"H1": [0.40, 0.50, 0.55, 0.60, 0.65], "year": [1.0, 0.9, 0.9, 0.95, 0.85]}
CONSOLIDATING_DISTRICT = "291"  # Nam Sách sends one consolidated form for its communes
VAN_SON = "07621"  # new Xã Vân Sơn (Bắc Ninh), from 2025-07-01
VAN_SON_DATE = dt.date(2026, 11, 18)

# Commune rows: the Hải Dương plan's indicators that concern a commune (no CL09).
HD_PLAN = load_plan("hai-duong-2021")
COMMUNE_CODES = [c for c in HD_PLAN.indicator_codes if c != "CL09"]
VS_PLAN = load_plan("van-son-2026")
VAN_SON_CODES = list(VS_PLAN.indicator_codes)


@dataclass
class Planted:
    file: str
    sheet: str
    cell: str
    unit_code: str
    period: str
    indicator: str
    mistake: str
    expected_code: str
    #: What the data-quality review (``clm.data_quality(..., within="province")``) flags
    #: on this figure: ``dimension:reason`` pairs, "; "-separated; empty for none.
    quality: str = ""


@dataclass
class Report:
    """One file to write."""

    path: str  # relative to data/sample, posix
    unit_code: str
    unit_name: str
    period: Period
    report_date: dt.date
    values: dict[str, tuple[int | str | None, int | str | None]]
    layout: _Layout = field(default_factory=_Layout)
    date_text: str | None = None  # the report date typed as text instead of a date cell
    fmt: str = "xlsx"  # xlsx | xls | ods (xls/ods converted with LibreOffice)
    form: str = "single"
    rows: list | None = None  # consolidated: (code, name, values) per commune
    codes: list[str] = field(default_factory=lambda: list(COMMUNE_CODES))
    variants: list[str] = field(default_factory=list)


def read_registry() -> list[dict[str, str]]:
    with REGISTRY.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def hai_duong_communes(registry: list[dict[str, str]]) -> list[dict[str, str]]:
    """The Hải Dương communes of the map before 1 July 2025, in registry order.

    Codes are reused across the date (new Xã Nam Sách keeps old Thị trấn Nam
    Sách's 10606), so a commune is picked by its validity and district, not by
    its code alone.
    """
    districts = {u["code"] for u in registry if u["level"] == "district" and
                 u["parent_code"] == "30"}
    return [u for u in registry if u["level"] == "commune" and u["valid_to"] == "2025-06-30"
            and u["parent_code"] in districts]


def successor_parts(registry: list[dict[str, str]]) -> dict[str, list[tuple[str, float]]]:
    """New commune → its predecessors among the sample's Hải Dương communes, with the
    share of each (the sample crosswalk: the official rows, weights by area)."""
    old = {u["code"] for u in hai_duong_communes(registry)}
    new = {u["code"] for u in registry if u["valid_from"] == REFORM and u["level"] == "commune"}
    parts: dict[str, list[tuple[str, float]]] = {}
    with CROSSWALK.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["level"] == "commune" and row["old_code"] in old:
                if row["new_code"] not in new:
                    sys.exit(f"{row['new_code']} ({row['new_name']}) is not in {REGISTRY}")
                parts.setdefault(row["new_code"], []).append(
                    (row["old_code"], float(row["weight"])))
    return dict(sorted(parts.items()))


def new_names(registry: list[dict[str, str]]) -> dict[str, str]:
    """Code → name on the map from 1 July 2025."""
    return {u["code"]: u["name"] for u in registry if u["valid_from"] == REFORM}


def old_names(registry: list[dict[str, str]]) -> dict[str, str]:
    """Code → name on the map before 1 July 2025 (the reports' map), new Vân Sơn's too."""
    names = {u["code"]: u["name"] for u in registry if u["valid_to"]}
    names[VAN_SON] = next(u["name"] for u in registry if u["code"] == VAN_SON and u["valid_from"])
    return names


def t_of(period: Period) -> float:
    """Years since 1 January 2021 at the end of the period."""
    return (period.year - 2021) + (0.5 if period.kind == "H1" else 1.0)


def smooth(start: float, end: float, t: float, horizon: float = 5.0) -> float:
    """Geometric path from ``start`` (t=0) to ``end`` (t=horizon)."""
    return start * (end / start) ** (t / horizon)


def coverage(start: float, end: float, t: float, horizon: float = 5.0) -> float:
    """Linear path of a coverage share, capped at 1."""
    return min(1.0, start + (end - start) * min(t, horizon) / horizon)


@dataclass
class CommuneModel:
    """A commune's hidden 'true' figures; every report is drawn from it."""

    children: int  # children 5-17 at the start of 2021
    growth: float  # yearly change of the child population
    cl_start: float  # child labour rate (%) in 2021
    cl_end: float  # ... by the end of 2025
    hazardous: float  # share of child labourers in heavy, hazardous work
    notified: int  # at-risk/child-labour cases notified and followed (a stock)
    staff: int
    parents_share: float
    firms_all: int  # enterprises, cooperatives and households concerned
    officials: int
    firms: int  # enterprises
    coops: int  # cooperatives and households
    starts: dict[str, float]  # coverage share in 2021 per indicator
    ends: dict[str, float]  # coverage share at the end of 2025

    @classmethod
    def draw(cls, rng: random.Random) -> CommuneModel:
        cl_start = rng.uniform(2.4, 3.3)
        starts = {"CL03": rng.uniform(0.82, 0.9), "CL04": rng.uniform(0.88, 0.93),
                  "CL05": rng.uniform(0.55, 0.7), "CL06": rng.uniform(0.45, 0.6),
                  "CL07": rng.uniform(0.5, 0.65), "CL08": rng.uniform(0.45, 0.6),
                  "CL10": rng.uniform(0.5, 0.65), "CL12": rng.uniform(0.4, 0.55),
                  "CL13": rng.uniform(0.4, 0.55)}
        targets = {"CL03": 1.0, "CL04": 0.99, "CL05": 0.95, "CL06": 0.9, "CL07": 0.9,
                   "CL08": 0.95, "CL10": 0.9, "CL12": 0.95, "CL13": 0.9}
        # Most communes get close to the targets, some fall a little short.
        ends = {k: min(1.0, v * rng.uniform(0.94, 1.03)) for k, v in targets.items()}
        return cls(
            children=rng.randint(1500, 4000),
            growth=rng.uniform(-0.01, 0.015),
            cl_start=cl_start,
            cl_end=cl_start * rng.uniform(0.34, 0.48),
            hazardous=rng.uniform(0.2, 0.5),
            notified=rng.randint(6, 14),
            staff=rng.randint(80, 240),
            parents_share=rng.uniform(0.55, 0.75),
            firms_all=rng.randint(60, 300),
            officials=rng.randint(10, 20),
            firms=rng.randint(8, 60),
            coops=rng.randint(20, 150),
            starts=starts,
            ends=ends,
        )

    def values(self, period: Period) -> dict[str, tuple[int, int]]:
        t = t_of(period)
        children = round(self.children * (1 + self.growth) ** t)
        labour = max(3, round(children * smooth(self.cl_start, self.cl_end, t) / 100))
        hazardous = math.floor(labour * self.hazardous)
        at_risk = round(labour * 1.6)
        dens = {
            "CL03": self.notified,
            "CL04": at_risk,
            "CL05": round(self.staff * (1 + self.growth) ** t),
            "CL06": round(children * self.parents_share),
            "CL07": children,
            "CL08": self.firms_all,
            "CL10": self.officials,
            "CL12": self.firms,
            "CL13": self.coops,
        }
        out: dict[str, tuple[int, int]] = {
            "CL01": (labour, children),
            "CL02": (hazardous, children),
        }
        for code, den in dens.items():
            share = coverage(self.starts[code], self.ends[code], t)
            out[code] = (min(den, round(den * share)), den)
        return out


@dataclass
class SuccessorModel:
    """A new commune's figures: the crosswalk's shares of its predecessors' figures.

    Each count of a predecessor is shared by its weight (a divided commune's
    children go partly to each new commune), numerator and denominator together,
    so no share has more children than its denominator.
    """

    parts: list[tuple[CommuneModel, float]]

    def values(self, period: Period) -> dict[str, tuple[int, int]]:
        out: dict[str, tuple[int, int]] = {}
        for model, weight in self.parts:
            for code, (num, den) in model.values(period).items():
                d = round(den * weight)
                n = min(d, round(num * weight))
                total = out.get(code, (0, 0))
                out[code] = (total[0] + n, total[1] + d)
        return out


def report_date(rng: random.Random, period: Period, plan=HD_PLAN) -> dt.date:
    """On time: within the two weeks before the plan's deadline."""
    deadline = plan.deadline(period)
    return deadline - dt.timedelta(days=rng.randint(0, 13))


def rel_path(period: Period, district: str, name: str) -> str:
    return f"{period.year}/hai-duong/{district}/{name}"


def choose_layout(
    rng: random.Random, period: Period
) -> tuple[_Layout, str | None, bool, list[str]]:
    """Legitimate drift of a clerk's file away from the form."""
    variants: list[str] = []
    roll = rng.random()
    if roll < 0.5:
        title = None
    elif roll < 0.65:
        title = "BC 6 thang" if period.kind == "H1" else "BC nam"
    elif roll < 0.85:
        title = "Sheet1"
    else:
        title = "Báo cáo LĐTE"
    if title:
        variants.append(f"sheet:{title}")
    notes = rng.random() < 0.1
    if notes:
        variants.append("notes-sheet-first")
    extra = rng.choice([1, 2]) if rng.random() < 0.2 else 0
    if extra:
        variants.append(f"rows-inserted:{extra}")
    inline = rng.random() < 0.15
    if inline:
        variants.append("meta-inline")
    text_counts = rng.random() < 0.1
    if text_counts:
        variants.append("counts-as-text")
    period_text = None
    roll = rng.random()
    if roll < 0.08:
        period_text = fold_text(period_label(period)).capitalize()  # typed without accents
        variants.append("period-no-accents")
    elif roll < 0.14:
        period_text = (f"6 tháng năm {period.year}" if period.kind == "H1"
                       else f"Cả năm {period.year}")
        variants.append("period-variant-wording")
    date_style = None
    roll = rng.random()
    if roll < 0.1:
        date_style = "dmy"
    elif roll < 0.14:
        date_style = "words"
    if date_style:
        variants.append(f"date-as-text:{date_style}")
    layout = _Layout(sheet_title=title, notes_sheet=notes, extra_rows=extra, inline_meta=inline,
                     period_text=period_text, protect=rng.random() < 0.7)
    return layout, date_style, text_counts, variants


def date_text(day: dt.date, style: str) -> str:
    if style == "words":
        return f"ngày {day.day} tháng {day.month} năm {day.year}"
    return f"{day.day}/{day.month}/{day.year}"


def build_reports(
    rng: random.Random, registry: list[dict[str, str]]
) -> tuple[list[Report], dict[str, CommuneModel]]:
    communes = hai_duong_communes(registry)
    models = {u["code"]: CommuneModel.draw(rng) for u in communes}
    names = old_names(registry)
    reports: list[Report] = []
    for period in PERIODS:
        rate = SEND_RATE[period.kind if period.kind == "H1" else "year"][period.year - 2021]
        for unit in communes:
            code = unit["code"]
            if unit["parent_code"] == CONSOLIDATING_DISTRICT:
                continue
            sends = rng.random() < rate
            layout, date_style, text_counts, variants = choose_layout(rng, period)
            day = report_date(rng, period)
            if not sends:
                continue
            values = models[code].values(period)
            if text_counts:
                values = {k: (str(n), str(d)) for k, (n, d) in values.items()}
            report = Report(
                path=rel_path(period, unit["parent_code"], f"{code}_{period}.xlsx"),
                unit_code=code, unit_name=names[code], period=period, report_date=day,
                values=values, layout=layout, variants=variants,
                date_text=date_text(day, date_style) if date_style else None,
            )
            reports.append(report)
        # The district office's consolidated form replaces its communes' forms.
        rows = []
        for unit in communes:
            if unit["parent_code"] == CONSOLIDATING_DISTRICT:
                rows.append((unit["code"], unit["name"], models[unit["code"]].values(period)))
        reports.append(Report(
            path=rel_path(period, CONSOLIDATING_DISTRICT,
                          f"{CONSOLIDATING_DISTRICT}_{period}_tong-hop.xlsx"),
            unit_code=CONSOLIDATING_DISTRICT, unit_name=names[CONSOLIDATING_DISTRICT],
            period=period, report_date=report_date(rng, period), values={}, form="consolidated",
            rows=rows, variants=["consolidated"],
        ))
    reports += successor_round(rng, registry, models)
    return reports, models


def successor_round(rng: random.Random, registry: list[dict[str, str]],
                    models: dict[str, CommuneModel]) -> list[Report]:
    """The yearly 2025 round, due on 15 December 2025: from the new communes that hold
    Hải Dương's territory, not from the communes dissolved on 1 July (issue 22)."""
    period = SUCCESSOR_PERIOD
    rate = SEND_RATE["year"][period.year - 2021]
    names = new_names(registry)
    reports = []
    for code, parts in successor_parts(registry).items():
        sends = rng.random() < rate
        layout, date_style, text_counts, variants = choose_layout(rng, period)
        day = report_date(rng, period)
        if not sends:
            continue
        values = SuccessorModel([(models[old], w) for old, w in parts]).values(period)
        if text_counts:
            values = {k: (str(n), str(d)) for k, (n, d) in values.items()}
        reports.append(Report(
            path=f"{period.year}/hai-phong/{code}_{period}.xlsx", unit_code=code,
            unit_name=names[code], period=period, report_date=day, values=values,
            layout=layout, variants=["successor", *variants],
            date_text=date_text(day, date_style) if date_style else None,
        ))
    return reports


def find(reports: list[Report], unit: str, period: str) -> Report:
    for report in reports:
        if report.unit_code == unit and str(report.period) == period and report.form == "single":
            return report
    raise LookupError(f"no report for {unit} {period}")


def plain(report: Report) -> None:
    """Planted mistakes sit in files with the plain layout, so their cells are predictable."""
    report.layout = _Layout()
    report.date_text = None
    report.variants = []
    report.values = {k: (int(n), int(d)) for k, (n, d) in report.values.items()}


def ensure(reports: list[Report], models: dict, unit: str, period: str, rng: random.Random,
           names: dict[str, str]) -> Report:
    """The report for unit/period, created (plain) when the draw left it unsent."""
    try:
        return find(reports, unit, period)
    except LookupError:
        p = Period.parse(period)
        parent = next(u["parent_code"] for u in read_registry()
                      if u["code"] == unit and u["valid_to"])
        report = Report(
            path=rel_path(p, parent, f"{unit}_{p}.xlsx"), unit_code=unit, unit_name=names[unit],
            period=p, report_date=report_date(rng, p), values=models[unit].values(p),
        )
        reports.append(report)
        return report


def plant(reports: list[Report], models: dict, rng: random.Random, names: dict[str, str]
          ) -> list[tuple[Report, Callable[[dict[str, str]], Planted]]]:
    """Plant exactly one of each mistake; return (report, planted-row maker)."""
    planted = []

    # 1. "1.234": a count typed as text with the Vietnamese thousands dot (legitimate).
    r = ensure(reports, models, "10888", "2024H1", rng, names)
    plain(r)
    num, den = r.values["CL01"]
    thousands = f"{den // 1000}.{den % 1000:03d}"
    r.values["CL01"] = (num, thousands)
    planted.append((r, lambda cells, r=r, t=thousands, d=den: Planted(
        r.path, cells["sheet"], cells["CL01.den"], r.unit_code, str(r.period), "CL01",
        f'CL01 denominator typed as the text "{t}" (Vietnamese thousands separator); '
        f"legitimate, must read as {d}", "")))

    # 2. Numerator above its denominator: CL03 supported 12 of 10 notified.
    r = ensure(reports, models, "10771", "2023", rng, names)
    plain(r)
    num, den = r.values["CL03"]
    r.values["CL03"] = (den + 2, den)
    planted.append((r, lambda cells, r=r, n=den + 2, d=den: Planted(
        r.path, cells["sheet"], cells["CL03.num"], r.unit_code, str(r.period), "CL03",
        f"CL03 numerator {n} above its denominator {d}", "NUMERATOR_GT_DENOMINATOR")))

    # 3. A numerator without its denominator: CL04 denominator left blank.
    r = ensure(reports, models, "11020", "2022H1", rng, names)
    plain(r)
    num, den = r.values["CL04"]
    r.values["CL04"] = (num, None)
    planted.append((r, lambda cells, r=r, n=num: Planted(
        r.path, cells["sheet"], cells["CL04.den"], r.unit_code, str(r.period), "CL04",
        f"CL04 numerator {n} given, denominator cell left blank",
        "MISSING_DENOMINATOR")))

    # 4. CL02 numerator above CL01's: the clerk swapped the two numerators.
    r = ensure(reports, models, "10540", "2024", rng, names)
    plain(r)
    (n1, d1), (n2, d2) = r.values["CL01"], r.values["CL02"]
    if n2 == n1:  # a swap must change something
        n2 = n1 - 1
    r.values["CL01"], r.values["CL02"] = (n2, d1), (n1, d2)
    planted.append((r, lambda cells, r=r, a=n2, b=n1: Planted(
        r.path, cells["sheet"], cells["CL02.num"], r.unit_code, str(r.period), "CL02",
        f"CL02 numerator {b} above CL01 numerator {a} (the two numerators swapped)",
        "CL02_GT_CL01", "consistency:cl02_within_cl01")))

    # 5. A late report: dated after the 15 December deadline.
    r = ensure(reports, models, "10960", "2022", rng, names)
    plain(r)
    r.report_date = dt.date(2022, 12, 27)
    planted.append((r, lambda cells, r=r: Planted(
        r.path, cells["sheet"], cells["date"], r.unit_code, str(r.period), "",
        "report dated 27/12/2022, after the plan's deadline 15/12/2022", "LATE_REPORT")))

    # 6. A duplicate submission: the same report sent again a week later, corrected.
    r = ensure(reports, models, "10507", "2023H1", rng, names)
    plain(r)
    r.report_date = dt.date(2023, 6, 5)
    again = Report(
        path=r.path.replace(".xlsx", "_gui-lai.xlsx"), unit_code=r.unit_code,
        unit_name=r.unit_name, period=r.period, report_date=dt.date(2023, 6, 13),
        values=dict(r.values), variants=["resubmission"],
    )
    n5, d5 = again.values["CL05"]
    again.values["CL05"] = (min(d5, n5 + 3), d5)
    reports.append(again)
    # The cell is the superseded file's report date, which decides which report wins.
    planted.append((r, lambda cells, r=r, a=again: Planted(
        r.path, cells["sheet"], cells["date"], r.unit_code, str(r.period), "",
        f"the same unit and period sent twice: this file (dated 05/06/2023) and {a.path} "
        "(dated 13/06/2023, CL05 numerator corrected); the later one wins, this one is "
        "superseded", "DUPLICATE_REPORT")))

    # 7. A .xls saved by an older office suite (legitimate), and an .ods (legitimate).
    for unit, period, fmt in (("10891", "2021", "xls"), ("10714", "2022H1", "ods")):
        r = ensure(reports, models, unit, period, rng, names)
        plain(r)
        r.fmt = fmt
        r.variants = [f"format:{fmt}"]
        r.path = r.path.replace(".xlsx", f".{fmt}")
        what = ("legacy .xls saved by an older office suite"
                if fmt == "xls" else "OpenDocument .ods from LibreOffice")
        planted.append((r, lambda cells, r=r, w=what: Planted(
            r.path, cells["sheet"], "", r.unit_code, str(r.period), "",
            f"{w}; legitimate, must read like the .xlsx", "")))
    planted += plant_anomalies(reports, models, rng, names)
    return planted


def plant_anomalies(reports: list[Report], models: dict, rng: random.Random,
                    names: dict[str, str]
                    ) -> list[tuple[Report, Callable[[dict[str, str]], Planted]]]:
    """Plant one data-quality anomaly of each kind the review finds (issue 25).

    Figures the reader accepts (or, for the CL01/CL02 denominators, names) but
    the review (``clm.data_quality``) questions: an outlier among the province's
    communes, a jump over time, CL01's and CL02's denominators disagreeing, a
    denominator jump and a rule only the review checks.  Each is placed where
    it disturbs nothing else: no later period of the same kind carries it into
    a history (a unit's yearly 2025 report is its successor's, a new series),
    and no change reaches the reader's ``VALUE_JUMP`` (half, a year apart).
    """
    planted = []

    # Outlier across communes: 45 % of Tân Việt's staff informed in 2024, where the
    # province's communes are at 83-92 %.  Its own history falls with it.
    r = ensure(reports, models, "10825", "2024", rng, names)
    plain(r)
    num, den = r.values["CL05"]
    low = round(den * 0.45)
    r.values["CL05"] = (low, den)
    planted.append((r, lambda cells, r=r, n=low, d=den, was=num: Planted(
        r.path, cells["sheet"], cells["CL05.num"], r.unit_code, str(r.period), "CL05",
        f"CL05 numerator {n} of {d} (45 %; the model's figure is {was}): an outlier among "
        "the province's communes and a fall from the unit's own history", "",
        "outliers:outlier_low; over_time:fall_vs_parent")))

    # A jump over time: Ngũ Hùng's child labourers half as many again in 2022 (a rate
    # still among its neighbours', but a rise where the province's rate fell).
    r = ensure(reports, models, "11275", "2022", rng, names)
    plain(r)
    num, den = r.values["CL01"]
    high = num * 3 // 2
    r.values["CL01"] = (high, den)
    planted.append((r, lambda cells, r=r, n=high, was=num: Planted(
        r.path, cells["sheet"], cells["CL01.num"], r.unit_code, str(r.period), "CL01",
        f"CL01 numerator {n} where the model has {was}: the commune's rate rises from its "
        "2021 rate while the province's falls", "", "over_time:rise_vs_parent")))

    # CL01's and CL02's denominators disagree: both count the children aged 5-17.
    r = ensure(reports, models, "11146", "2022", rng, names)
    plain(r)
    n2, d2 = r.values["CL02"]
    other = d2 + 120
    r.values["CL02"] = (n2, other)
    planted.append((r, lambda cells, r=r, d=other, d1=d2: Planted(
        r.path, cells["sheet"], cells["CL02.den"], r.unit_code, str(r.period), "CL02",
        f"CL02 denominator {d} where CL01's is {d1}: both count the children aged 5-17",
        "CL01_CL02_DENOMINATOR", "denominators:cl02_denominator_is_cl01")))

    # A denominator jump: Bến Tắm counted 40 % more parents in 2023 (the rate unchanged),
    # beyond the review's ±33 % but within the reader's one half.
    r = ensure(reports, models, "10552", "2023", rng, names)
    plain(r)
    num, den = r.values["CL06"]
    bigger = (round(num * 1.4), round(den * 1.4))
    r.values["CL06"] = bigger
    planted.append((r, lambda cells, r=r, b=bigger, d=den: Planted(
        r.path, cells["sheet"], cells["CL06.den"], r.unit_code, str(r.period), "CL06",
        f"CL06 denominator {b[1]} where the model has {d} (numerator {b[0]}, rate kept): "
        "40 % more parents than its history", "", "denominators:denominator_rise")))

    # A rule only the review checks: more child labourers (CL01) than at-risk children and
    # child labourers (CL04) in Thanh Hồng's first half of 2025 (the rate kept; no report
    # of 2024H1 to jump from).
    r = ensure(reports, models, "10879", "2025H1", rng, names)
    plain(r)
    labour = r.values["CL01"][0]
    num, den = r.values["CL04"]
    fewer = labour - 2
    r.values["CL04"] = (round(num * fewer / den), fewer)
    planted.append((r, lambda cells, r=r, f=fewer, n=labour: Planted(
        r.path, cells["sheet"], cells["CL04.den"], r.unit_code, str(r.period), "CL01",
        f"CL04 denominator {f} below CL01's {n} child labourers (CL01's are among CL04's)",
        "", "consistency:cl01_within_cl04")))
    return planted


def locate(path: Path) -> dict[str, str]:
    """Sheet name, report date cell and count cells of a written single form."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        cells: dict[str, str] = {}
        code_col = num_col = den_col = None
        for row in ws.iter_rows():
            for cell in row:
                folded = fold_text(cell.value) if isinstance(cell.value, str) else ""
                if folded == "ma chi tieu":
                    code_col = cell.column
                elif folded == "tu so":
                    num_col = cell.column
                elif folded == "mau so":
                    den_col = cell.column
                elif folded.startswith("ngay bao cao"):
                    cells["date"] = (cell.coordinate if ":" in folded.rstrip(":")
                                     else cell.offset(column=1).coordinate)
                elif code_col and cell.column == code_col and folded.startswith("cl"):
                    cells[f"{cell.value}.num"] = f"{chr(64 + num_col)}{cell.row}"
                    cells[f"{cell.value}.den"] = f"{chr(64 + den_col)}{cell.row}"
        if code_col:
            cells["sheet"] = ws.title
            return cells
    raise LookupError(path)


def write_report(report: Report, root: Path) -> Path:
    target = root / report.path
    if report.form == "consolidated":
        wb = _build_consolidated(report.rows or [], report.period, COMMUNE_CODES,
                                 sender_name="Phòng Lao động - Thương binh và Xã hội "
                                 + report.unit_name.replace("Huyện", "huyện"),
                                 report_date=report.report_date)
        return _save_with_cache(wb, target, 0, {}, reproducible=True)
    layout = report.layout
    wb, index, cached = _build_single(
        report.unit_code, report.period, report.codes, unit_name=report.unit_name, lang="vi",
        plan_name=(VS_PLAN if report.unit_code == VAN_SON else HD_PLAN).name_vi,
        values=report.values, report_date=report.date_text or report.report_date, layout=layout,
    )
    if report.fmt == "xlsx":
        return _save_with_cache(wb, target, index, cached, reproducible=True)
    # .xls / .ods: write the xlsx, convert it with LibreOffice.
    with tempfile.TemporaryDirectory() as tmp:
        xlsx = Path(tmp) / (target.stem + ".xlsx")
        _save_with_cache(wb, xlsx, index, cached, reproducible=True)
        soffice = shutil.which("soffice")
        if soffice is None:
            if target.exists():
                print(f"  soffice not found: keeping the committed {report.path}")
                return target
            sys.exit(f"soffice (LibreOffice) is needed to make {report.path}")
        filt = "xls:MS Excel 97" if report.fmt == "xls" else "ods"
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
             "--convert-to", filt, "--outdir", tmp, str(xlsx)],
            check=True, capture_output=True, timeout=180,
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        converted = Path(tmp) / f"{target.stem}.{report.fmt}"
        if report.fmt == "ods":
            _fix_zip_times(converted, target)
        else:
            shutil.copyfile(converted, target)
    return target


def _fix_zip_times(src: Path, dest: Path) -> None:
    """Rewrite an .ods with fixed member times, so reruns give the same bytes.

    The ``mimetype`` member stays first and uncompressed, as ODF requires.
    """
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = (zipfile.ZIP_STORED if info.filename == "mimetype"
                                   else zipfile.ZIP_DEFLATED)
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, zin.read(info.filename))


README = """\
# Sample reports (synthetic)

**Every figure in these files is synthetic.** They were made up by
`scripts/make_sample.py` (fixed seed {seed}; run `python scripts/make_sample.py` from the
repository root to make them again, byte for byte). They are not data from any
commune, district or province, and must never be quoted as such. Unit codes and names
are real: they come from the sample registry (`units.csv`, a copy of
`childlabour_metrics/data/units_sample.csv`), a subset of the official GSO registry
(`clm.official_units()`): the names and codes of real units with made-up figures.

## What is here

| what | files |
|---|---|
| single-unit forms from the Hải Dương communes, 2021H1, 2021, …, 2024, 2025H1 | {n_single} |
| consolidated forms of the Nam Sách district office (`291`), one row per commune \
(`10606`, `10654`, `10642`), instead of those communes' own forms, to 2025H1 | {n_cons} |
| yearly 2025 forms from the new Hải Phòng communes that hold Hải Dương's territory \
(the successor round, below), in `2025/hai-phong/` | {n_succ} |
| new Vân Sơn commune (`07621`, Bắc Ninh, from 1 July 2025), yearly 2026, \
under plan `van-son-2026` | 1 |
| `units.csv` | the unit registry the reports refer to |
| `planted.csv` | the planted mistakes and legitimate oddities (below) |
| `manifest.csv` | one row per report: file, form, format, unit, period, report date, \
variants |

Folders: `<year>/<province>/<district>/<unit>_<period>.<ext>` (from July 2025, when
there are no districts, `<year>/<province>/<unit>_<period>.<ext>`); the district office's
files end in `_tong-hop` (consolidated).

Reporting follows plan `hai-duong-2021` (half-year report by 15 June, yearly by
15 December); all report dates are on time except the planted late one. Not every
commune sends every report (half-year reports are sent by 40 % of the communes in 2021
rising to 65 % in 2025; yearly reports by 85–100 %): missing reports are deliberate,
for completeness counts, and are not problems a reader names.

## The successor round: the yearly 2025 report

On 1 July 2025 Tỉnh Hải Dương was merged into Thành phố Hải Phòng, its districts were
abolished and its communes merged into new, larger communes (the sample registry's old
communes end on 2025-06-30; the new ones begin on 2025-07-01). The 2025H1 round, due on
15 June, still comes from the 36 old communes. The yearly 2025 round is due on
15 December 2025, when those communes no longer exist: the units expected for a round are
those valid at its deadline. Hải Dương's 2021–2025 plan follows its territory, so it
expects its yearly 2025 report from the **{n_successors} new communes that now hold the
sample's Hải Dương communes' territory**, as the official crosswalk says
(`childlabour_metrics/data/crosswalk_sample.csv`, the official rows:
`clm.official_crosswalk()`), and judges its 2025 targets on their reports. {n_succ} of
them sent one (`2025/hai-phong/`); the others are missing, for completeness counts. A new
commune that kept an old commune's code (Xã Nam Sách keeps Thị trấn Nam Sách's `10606`)
is the new commune in 2025: a yearly report is the unit of the year's end.

Each new commune's figures are the crosswalk's shares of its predecessors' hidden
figures for the end of 2025: a commune that went whole counts whole (Xã Nam Sách =
Thị trấn Nam Sách + Xã Hồng Phong), a divided one is shared by its weight (Xã Gia Phúc
`11050` = 59 % of Thị trấn Gia Lộc + Xã Toàn Thắng), numerator and denominator together.
Only the sample's communes are summed, so the province's 2025 rates continue its 2024
ones; a real new commune also holds communes the sample leaves out.

How the figures were made: each commune has hidden "true" figures that move smoothly
(children aged 5–17: 1,500–4,000, changing by at most ±1.5 % a year; the child labour
rate falls from 2.4–3.3 % in 2021 to roughly a third to a half of that by the end of
2025; CL02 is 20–50 % of CL01; coverage indicators rise linearly towards the plan's
2025 targets, some communes falling a little short). Every count is a stock at the end
of the period. Communes report the plan's indicators that concern a commune
(CL01–CL08, CL10, CL12, CL13; no CL09).

Legitimate layout variants, as clerks make them (see `manifest.csv`): renamed report
sheets ("BC 6 thang", "BC nam", "Sheet1", "Báo cáo LĐTE"), a notes sheet before the
report sheet, one or two rows inserted above the table, metadata value in the same cell
after a colon ("Mã đơn vị: 10543"), counts typed as text, the report date typed as text
("10/6/2024", "ngày 10 tháng 6 năm 2024"), the period typed without accents or as
"6 tháng năm 2024" / "Cả năm 2024", sheets protected or not. All "Tỷ lệ (%)" formulas
carry cached values that match their counts.

## Planted mistakes

Exactly these, once each; nothing else in the folder should make a reader complain.
`expected_code` is the problem code the reader must report (empty: the reader must read
the file cleanly: a legitimate variant, or a data-quality anomaly only the review finds,
below).

| file | sheet | cell | unit | period | indicator | what | expected code |
|---|---|---|---|---|---|---|---|
{planted}

## Planted data-quality anomalies

Figures a clerk could type that the data-quality review questions (issue 25; see
`childlabour_metrics/docs/quality.md`): one of each kind it finds. `planted.csv`'s
`quality` column says what `clm.data_quality(result, units, "hai-duong-2021",
within="province")` flags on each (`dimension:reason`). Each sits where it disturbs
nothing else: no later period of the same kind carries it into a history, and no change
reaches the reader's `VALUE_JUMP` (a denominator changed by half, a year apart).

| file | cell | unit | period | indicator | what | the review flags |
|---|---|---|---|---|---|---|
{anomalies}

With `within="province"` the review raises exactly these flags ({n_flagged} failed
checks, the outlier flagged by both the modified z-score and the z-score) and two more
in the clean figures, out of about {n_checks:,} checks: two rates a little low among rates
that barely differ (`10714` 2024H1 CL05 at 79.7 % where the province's median is 84 %;
`11161` 2023 CL12 at 69.7 % against 75 %). With the defaults (each commune against its
district's three communes) no old commune's rate is compared across communes, and the
jump of `11275` is not flagged: its district's own rate rises with it (its ratio to its
district's is 1.29, inside ±33 %). The 2025 successors, 28 under Hải Phòng, are
compared across communes either way, and raise nothing.
"""


def write_readme(out: Path, reports: list[Report], planted: list[Planted],
                 n_checks: int) -> None:
    lines = "\n".join(
        f"| `{p.file}` | {p.sheet} | {p.cell} | {p.unit_code} | {p.period} | {p.indicator} | "
        f"{p.mistake} | {p.expected_code or '(none)'} |"
        for p in planted if p.expected_code or not p.quality
    )
    anomalies = "\n".join(
        f"| `{p.file}` | {p.cell} | {p.unit_code} | {p.period} | {p.indicator} | "
        f"{p.mistake} | {p.quality.replace('; ', ', ')} |"
        for p in planted if p.quality
    )
    text = README.format(
        seed=SEED,
        n_single=sum(r.form == "single" and r.unit_code != VAN_SON
                     and "successor" not in r.variants for r in reports),
        n_cons=sum(r.form == "consolidated" for r in reports),
        n_succ=sum("successor" in r.variants for r in reports),
        n_successors=len(successor_parts(read_registry())),
        planted=lines, anomalies=anomalies, n_checks=round(n_checks, -2),
        n_flagged=sum(len(p.quality.split("; ")) for p in planted if p.quality),
    )
    (out / "README.md").write_text(text, encoding="utf-8")


def review_checks(out: Path) -> int:
    """How many checks the data-quality review runs on the sample written in ``out``."""
    units = load_units(out / "units.csv")
    result = read_reports(out, units=units, plan="hai-duong-2021", progress=False)
    summary = data_quality(result, units, "hai-duong-2021", within="province").summary()
    return int(summary["n_checks"].sum())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (data/sample)")
    args = parser.parse_args(argv)
    out: Path = args.out
    rng = random.Random(SEED)
    registry = read_registry()
    names = old_names(registry)
    reports, models = build_reports(rng, registry)
    planted = plant(reports, models, rng, names)

    # Vân Sơn commune, Bắc Ninh: yearly 2026 report under its own plan.
    vs_model = CommuneModel.draw(rng)
    vs_values = {k: v for k, v in vs_model.values(Period(2026)).items() if k in VAN_SON_CODES}
    vs_values["CL11"] = (17, 22)  # representatives of agencies trained (plan B, Chỉ tiêu 7)
    reports.append(Report(
        path=f"2026/bac-ninh/{VAN_SON}_2026.xlsx", unit_code=VAN_SON, unit_name=names[VAN_SON],
        period=Period(2026), report_date=VAN_SON_DATE, values=vs_values, codes=VAN_SON_CODES,
    ))

    # Start clean, but keep committed LibreOffice files when soffice is missing.
    keep: set[str] = set()
    if shutil.which("soffice") is None:
        keep |= {r.path for r in reports if r.fmt != "xlsx"}
    for old in sorted(out.rglob("*")) if out.exists() else []:
        if old.is_file() and old.relative_to(out).as_posix() not in keep:
            old.unlink()
    out.mkdir(parents=True, exist_ok=True)

    reports.sort(key=lambda r: r.path)
    written: dict[str, Path] = {}
    for report in reports:
        written[report.path] = write_report(report, out)

    rows = []
    for report, make in planted:
        # Cells are read from the xlsx twin for the LibreOffice formats (same layout).
        probe = written[report.path]
        if report.fmt != "xlsx":
            with tempfile.TemporaryDirectory() as tmp:
                twin = Path(tmp) / "twin.xlsx"
                report_xlsx = Report(**{**report.__dict__, "fmt": "xlsx",
                                        "path": "twin.xlsx"})
                write_report(report_xlsx, Path(tmp))
                cells = locate(twin)
        else:
            cells = locate(probe)
        rows.append(make(cells))
    with (out / "planted.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(list(Planted.__dataclass_fields__))
        for row in rows:
            writer.writerow(list(row.__dict__.values()))

    with (out / "manifest.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "form", "format", "unit_code", "period", "report_date",
                         "n_units", "variants"])
        for report in reports:
            writer.writerow([
                report.path, report.form, report.fmt, report.unit_code, str(report.period),
                report.report_date.isoformat(),
                len(report.rows) if report.rows else 1,
                ";".join(report.variants),
            ])
    shutil.copyfile(REGISTRY, out / "units.csv")
    write_readme(out, reports, rows, review_checks(out))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    n_files = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"wrote {len(reports)} reports, {n_files} files, {size / 1e6:.2f} MB in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
