"""Make the synthetic Nghệ An 2021 department round in ``data/sample-nghe-an/``.

Run from the repository root::

    python scripts/make_sample_nghe_an.py

Under plan ``nghe-an-2021`` the province's departments report to the labour
department every six months (by 10 May) and every year (by 10 November).
This writes:

* ``units.csv``: a department registry (province 40 and five departments;
  the department codes are made up, as every user's are: no official code
  exists for a department);
* ``reports/``: the departments' single-unit forms for 2021H1 and 2021, each
  with the indicators it reports; the education department's yearly report
  is late (20 November) and the police sent nothing;
* ``README.md``: what is planted.

All figures are synthetic.  Reruns give the same bytes (fixed figures, fixed
document dates and zip times).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

from childlabour_metrics.output.template import _build_single, _save_with_cache
from childlabour_metrics.reference.periods import parse_period
from childlabour_metrics.reference.plans import load_plan

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "sample-nghe-an"
PLAN = load_plan("nghe-an-2021")

# code, name, level, parent_code, kind
UNITS = [
    ("40", "Tỉnh Nghệ An", "province", "", ""),
    ("40-LDTBXH", "Sở Lao động - Thương binh và Xã hội", "department", "40", "labour"),
    ("40-GDDT", "Sở Giáo dục và Đào tạo", "department", "40", "education"),
    ("40-YT", "Sở Y tế", "department", "40", "health"),
    ("40-DL", "Sở Du lịch", "department", "40", "tourism"),
    ("40-CA", "Công an tỉnh", "department", "40", "police"),
]

# (unit, period) -> (report date, {indicator: (numerator, denominator)})
REPORTS: dict[tuple[str, str], tuple[dt.date, dict[str, tuple[int, int]]]] = {
    ("40-LDTBXH", "2021H1"): (dt.date(2021, 5, 7), {
        "CL01": (1_480, 52_300), "CL06": (21_400, 38_900),
        "CL09": (310, 420), "CL10": (1_650, 2_310)}),
    ("40-LDTBXH", "2021"): (dt.date(2021, 11, 8), {
        "CL01": (1_390, 52_300), "CL06": (27_800, 38_900),
        "CL09": (368, 420), "CL10": (2_040, 2_310)}),
    ("40-GDDT", "2021H1"): (dt.date(2021, 5, 10), {"CL05": (8_900, 12_600)}),
    # Late: ten days after the 10 November deadline.
    ("40-GDDT", "2021"): (dt.date(2021, 11, 20), {"CL05": (11_300, 12_600)}),
    ("40-YT", "2021H1"): (dt.date(2021, 5, 6), {"CL06": (4_100, 38_900)}),
    ("40-YT", "2021"): (dt.date(2021, 11, 5), {"CL06": (6_200, 38_900)}),
    ("40-DL", "2021H1"): (dt.date(2021, 5, 9), {"CL08": (140, 610)}),
    ("40-DL", "2021"): (dt.date(2021, 11, 10), {"CL08": (395, 610)}),
    # 40-CA (police) sends nothing: missing in both periods.
}

README = """\
# Sample: Nghệ An 2021, departments (synthetic)

Made by `scripts/make_sample_nghe_an.py` for plan `nghe-an-2021`; all figures
are synthetic, the department codes made up (`units.csv`, with a `kind`
column). Deadlines: 10 May 2021 (2021H1) and 10 November 2021 (2021).

| unit | 2021H1 | 2021 |
|---|---|---|
{rows}

Planted: `40-GDDT` (education) sends its yearly report on 20 November, late;
`40-CA` (police) sends nothing, missing in both periods.
"""


def write(out: Path = OUT) -> list[Path]:
    """Write the registry, the reports and the README; return the report paths."""
    out.mkdir(parents=True, exist_ok=True)
    with (out / "units.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent_code", "valid_from", "valid_to",
                         "kind"])
        for code, name, level, parent, kind in UNITS:
            writer.writerow([code, name, level, parent, "", "", kind])
    names = {code: name for code, name, *_ in UNITS}
    paths = []
    for (unit, period), (day, counts) in sorted(REPORTS.items()):
        wb, index, cached = _build_single(
            unit, parse_period(period), list(counts), unit_name=names[unit], lang="vi",
            plan_name=PLAN.name_vi, values=counts, report_date=day,
        )
        target = out / "reports" / f"{unit}_{period}.xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
        paths.append(_save_with_cache(wb, target, index, cached, reproducible=True))
    rows = []
    for code, _, level, *_ in UNITS:
        if level != "department":
            continue
        cells = [REPORTS[(code, p)][0].isoformat() if (code, p) in REPORTS else "—"
                 for p in ("2021H1", "2021")]
        rows.append(f"| `{code}` | {cells[0]} | {cells[1]} |")
    (out / "README.md").write_text(README.format(rows="\n".join(rows)), encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    paths = write(args.out)
    print(f"{len(paths)} reports written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
