"""Build the official unit registry and crosswalk shipped in ``childlabour_metrics/data/official/``.

Source: the ``vietnamadminunits`` package (MIT), whose ``data/dataset.db``
holds the legacy list (63 provinces, 696 districts, 10,035 communes) and the
list from 1 July 2025 (34 provinces, 3,321 communes), and whose
``data/converter_2025.json`` holds the old → new mapping, divided communes
included.  The 2025 list is cross-checked against ``vietnam-provinces``.

Both packages are read as files (``importlib.util.find_spec``), never
imported: ``vietnamadminunits`` imports shapely and geopy, which the library
does not need.  Run::

    pip install --no-deps "vietnamadminunits==1.0.4" "vietnam-provinces==2025.10.1"
    python scripts/build_official_units.py

It rewrites ``units.csv``, ``crosswalk.csv`` and ``provenance.csv`` and prints
the cross-check.  Standard library only, so the output does not depend on the
pandas version.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.metadata
import importlib.util
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "childlabour_metrics" / "data" / "official"
REFORM = "2025-07-01"
LAST_OLD_DAY = "2025-06-30"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"{name} is not installed: pip install --no-deps {name}")
    return Path(next(iter(spec.submodule_search_locations)))


def nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text)).strip() if text is not None else ""


def _num(value: object) -> str:
    return "" if value is None else f"{value}"


def main() -> None:
    vau = _package_dir("vietnamadminunits")
    db = sqlite3.connect(vau / "data" / "dataset.db")
    legacy = db.execute(
        "SELECT provinceCode, province, provinceKey, districtCode, district, districtKey, "
        "wardCode, ward, wardKey FROM admin_units_legacy"
    ).fetchall()
    new = db.execute(
        "SELECT provinceCode, province, provinceKey, wardCode, ward, wardKey, wardAreaKm2 "
        "FROM admin_units"
    ).fetchall()
    conv = json.loads((vau / "data" / "converter_2025.json").read_text(encoding="utf-8"))

    # ------------------------------------------------------------ registry
    rows: dict[tuple[str, str], list[str]] = {("VN", ""): ["VN", "Việt Nam", "country", "", "", ""]}
    old_prov, old_dist, old_ward = {}, {}, {}
    for pc, pn, pk, dc, dn, dk, wc, wn, wk in legacy:
        rows[(pc, "old")] = [pc, nfc(pn), "province", "VN", "", LAST_OLD_DAY]
        rows[(dc, "old")] = [dc, nfc(dn), "district", pc, "", LAST_OLD_DAY]
        old_prov[pk] = (pc, nfc(pn))
        old_dist[f"{pk}_{dk}_"] = (dc, nfc(dn))
        if wc:
            rows[(wc, "old")] = [wc, nfc(wn), "commune", dc, "", LAST_OLD_DAY]
            old_ward[f"{pk}_{dk}_{wk}"] = (wc, nfc(wn))
    new_prov, new_ward = {}, {}
    for pc, pn, pk, wc, wn, wk, area in new:
        rows[(pc, "new")] = [pc, nfc(pn), "province", "VN", REFORM, ""]
        rows[(wc, "new")] = [wc, nfc(wn), "commune", pc, REFORM, ""]
        new_prov[pk] = (pc, nfc(pn))
        new_ward[(pk, wk)] = (wc, nfc(wn), area)
    level_rank = {"country": 0, "province": 1, "district": 2, "commune": 3}
    units = sorted(rows.values(), key=lambda r: (r[4] != "", level_rank[r[2]], r[0]))

    # ------------------------------------------------------------ crosswalk
    cw = []
    header = ["level", "old_code", "old_name", "new_code", "new_name", "effective_date",
              "new_area_km2", "default_successor"]
    for new_key, olds in conv["DICT_PROVINCE"].items():
        nc, nn = new_prov[new_key]
        for ok in olds:
            oc, on = old_prov[ok]
            cw.append(["province", oc, on, nc, nn, REFORM, "", "1"])
    for pk, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wk, olds in wards.items():
            nc, nn, area = new_ward[(pk, wk)]
            for ok in olds:
                # island districts without communes became special zones (đặc khu)
                level, (oc, on) = (
                    ("district", old_dist[ok]) if ok.endswith("_") else ("commune", old_ward[ok])
                )
                cw.append([level, oc, on, nc, nn, REFORM, _num(area), "1"])
    for pk, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for ok, parts in divided.items():
            oc, on = old_ward[ok]
            for part in parts:
                nc, nn, _ = new_ward[(pk, part["newWardKey"])]
                cw.append(["commune", oc, on, nc, nn, REFORM, _num(part["newWardAreaKm2"]),
                           "1" if part["isDefaultNewWard"] else "0"])
    cw.sort(key=lambda r: (level_rank[r[0]], r[1], r[3]))

    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "units.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "name", "level", "parent_code", "valid_from", "valid_to"])
        w.writerows(units)
    with (OUT / "crosswalk.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(cw)
    versions = {p: importlib.metadata.version(p) for p in ("vietnamadminunits",
                                                          "vietnam-provinces")}
    with (OUT / "provenance.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["package", "version", "licence", "files", "built_on"])
        w.writerow(["vietnamadminunits", versions["vietnamadminunits"], "MIT",
                    "data/dataset.db; data/converter_2025.json", dt.date.today().isoformat()])
        w.writerow(["vietnam-provinces", versions["vietnam-provinces"],
                    "see the package (cross-check only: no data copied)",
                    "data/nested-divisions.json",
                    dt.date.today().isoformat()])
    cross_check(new_prov, new_ward)
    print(f"{len(units)} registry rows, {len(cw)} crosswalk rows → {OUT}")


def cross_check(new_prov: dict, new_ward: dict) -> None:
    """Compare the 2025 list with vietnam-provinces; print every difference."""
    vp = _package_dir("vietnam_provinces")
    nested = json.loads((vp / "data" / "nested-divisions.json").read_text(encoding="utf-8"))
    theirs_p = {f"{p['code']:02d}": nfc(p["name"]) for p in nested}
    theirs_w = {f"{w['code']:05d}": nfc(w["name"]) for p in nested for w in p["wards"]}
    ours_p = dict(new_prov.values())
    ours_w = {c: n for c, n, _ in new_ward.values()}
    for label, ours, theirs in (("province", ours_p, theirs_p), ("commune", ours_w, theirs_w)):
        only_ours = sorted(set(ours) - set(theirs))
        only_theirs = sorted(set(theirs) - set(ours))
        renamed = sorted(c for c in set(ours) & set(theirs) if ours[c] != theirs[c])
        print(f"{label}: {len(ours)} ours, {len(theirs)} vietnam-provinces; only ours "
              f"{only_ours[:10]}, only theirs {only_theirs[:10]}, names differ "
              f"{[(c, ours[c], theirs[c]) for c in renamed[:10]]} ({len(renamed)})")


if __name__ == "__main__":
    main()
