"""Make the synthetic child labour survey in ``data/sample-survey/`` and its test fixture.

Run from the repository root::

    python scripts/make_sample_survey.py

A survey of children aged 5–17 with MICS6's variable names and a realistic
design: 8 provinces × urban/rural = 16 strata, 4–12 clusters (PSUs) per
stratum, about 25 children per cluster, unequal weights (the cluster's
selection weight times a household non-response factor) that add up to the
provinces' child populations.  Every figure is synthetic (fixed seed).

It writes:

* ``data/sample-survey/fs.sav``: the children's questionnaire (MICS6 ``fs.sav``
  names: ``HH1`` cluster, ``HH2`` household, ``FS3`` the child's line,
  ``FS17`` result, ``CB3`` age, ``CL1A``–``CL13`` the child labour items,
  ``HH6`` area, ``HH7`` province, ``stratum``, ``PSU``, ``fsweight``), with
  value labels;
* ``data/sample-survey/hl.sav``: the household members (``HH1``, ``HH2``,
  ``HL1`` line, ``HL4`` sex, ``HL6`` age), the children and an adult per
  household;
* ``tests/fixtures/survey/children.csv``: the same children as concepts
  (``age, econ_hours, chores_hours, hazardous``) with their design and
  domains, and a second stratum column, ``stratum_lonely``, in which three
  clusters are strata of their own (lonely PSUs);
* ``tests/fixtures/survey/replicate_factors.csv``: per cluster, the factors of
  20 delete-a-group jackknife (JK1) replicates and 16 balanced repeated
  replicates (BRR, from a Hadamard matrix of order 16).

The concepts of ``children.csv`` are derived here from the items, by the
MICS6 tabulation syntax's recodes, independently of the package's map; the
tests check that ``clm.survey.read`` finds the same.  R's reference values
(``scripts/survey_reference.R``) are computed from ``children.csv``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "sample-survey"
FIXTURES = ROOT / "tests" / "fixtures" / "survey"
SEED = 20260526

# GSO code, official name (the map before 1 July 2025), child population 5–17, rural effect
PROVINCES = [
    (1, "Thành phố Hà Nội", 1_650_000, 0.9),
    (24, "Tỉnh Bắc Giang", 370_000, 1.2),
    (30, "Tỉnh Hải Dương", 390_000, 1.0),
    (31, "Thành phố Hải Phòng", 420_000, 0.8),
    (40, "Tỉnh Nghệ An", 780_000, 1.5),
    (51, "Tỉnh Quảng Ngãi", 260_000, 1.4),
    (79, "Thành phố Hồ Chí Minh", 1_600_000, 0.7),
    (89, "Tỉnh An Giang", 380_000, 1.6),
]
AREAS = {1: "Thành thị", 2: "Nông thôn"}
SEXES = {1: "Nam", 2: "Nữ"}
YES_NO = {1: "Có", 2: "Không"}
UNKNOWN = 98  # "don't know" hours
#: Clusters made strata of their own in ``stratum_lonely`` (lonely PSUs).
LONELY = 3
JK_GROUPS = 20
HADAMARD_ORDER = 16


def _hadamard(order: int) -> np.ndarray:
    h = np.array([[1]])
    while len(h) < order:
        h = np.block([[h, h], [h, -h]])
    return h


def _children(rng: np.random.Generator) -> pd.DataFrame:
    rows = []
    cluster = 0
    stratum = 0
    for code, _name, population, effect in PROVINCES:
        for area in (1, 2):
            stratum += 1
            rural = area == 2
            n_psu = int(rng.integers(7, 13) if rural else rng.integers(4, 9))
            share = 0.65 if rural else 0.35
            stratum_pop = population * share
            for _ in range(n_psu):
                cluster += 1
                n_hh = int(rng.integers(8, 16))
                psu_weight = stratum_pop / (n_psu * n_hh * 1.9) * rng.uniform(0.7, 1.3)
                risk = rng.normal(0.0, 0.6)  # the cluster's own propensity
                for hh in range(1, n_hh + 1):
                    n_kids = int(rng.choice([1, 1, 2, 2, 2, 3, 3, 4]))
                    factor = rng.uniform(1.0, 1.25)
                    for line in range(2, 2 + n_kids):
                        rows.append((cluster, hh, line, stratum, code, area, psu_weight * factor,
                                     risk + np.log(effect) + (0.5 if rural else -0.4)))
    frame = pd.DataFrame(rows, columns=["HH1", "HH2", "FS3", "stratum", "HH7", "HH6",
                                        "fsweight", "risk"])
    n = len(frame)
    age = rng.integers(5, 18, n)
    odd = rng.random(n) < 0.02  # ages outside 5–17 that the age check would find
    age[odd] = rng.choice([3, 4, 18], odd.sum())
    frame["CB3"] = age
    frame["HL4"] = rng.integers(1, 3, n)
    frame["FS17"] = np.where(rng.random(n) < 0.97, 1, 2)
    return frame


def _items(frame: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(frame)
    age = frame["CB3"].to_numpy()
    risk = frame["risk"].to_numpy() + np.where(frame["HL4"] == 1, 0.15, -0.1)
    base = np.select([age <= 11, age <= 14], [-4.3, -2.4], -1.2)
    works = rng.random(n) < 1 / (1 + np.exp(-(base + risk)))
    kinds = np.column_stack([works & (rng.random(n) < p) for p in (0.5, 0.4, 0.3)])
    kinds[works & ~kinds.any(axis=1), 0] = True
    scale = np.select([age <= 11, age <= 14], [4.0, 12.0], 30.0)
    hours = np.clip(np.round(rng.gamma(1.6, scale / 1.6, n)), 1, 84)
    hours[works & (rng.random(n) < 0.03)] = UNKNOWN
    out = pd.DataFrame(index=frame.index)
    for i, item in enumerate(("CL1A", "CL1B", "CL1C")):
        out[item] = np.where(kinds[:, i], 1, 2)
    out["CL1X"] = 2
    out["CL3"] = np.where(works, hours, np.nan)
    # hazardous conditions, mostly among children who work
    hazard_p = 1 - (1 - np.where(works, 0.3, 0.004)) ** (1 / 8)  # any of 8 items
    for item in ("CL4", "CL5", "CL6A", "CL6B", "CL6C", "CL6D", "CL6E", "CL6X"):
        out[item] = np.where(rng.random(n) < hazard_p, 1, 2)
    # household chores: water (CL7/CL8), firewood (CL9/CL10), other chores (CL11*/CL13)
    chores = rng.random(n) < 0.8
    water = chores & (rng.random(n) < 0.3)
    wood = chores & (rng.random(n) < 0.2)
    out["CL7"] = np.where(water, 1, 2)
    out["CL8"] = np.where(water, np.clip(np.round(rng.gamma(1.5, 3.0, n)), 1, 40), np.nan)
    out["CL9"] = np.where(wood, 1, 2)
    out["CL10"] = np.where(wood, np.clip(np.round(rng.gamma(1.5, 3.0, n)), 1, 40), np.nan)
    other = chores & ~water & ~wood | (chores & (rng.random(n) < 0.7))
    for i, item in enumerate(("CL11A", "CL11B", "CL11C", "CL11D", "CL11E", "CL11F")):
        out[item] = np.where(other & (rng.random(n) < (0.8 if i == 0 else 0.3)), 1, 2)
    out["CL11X"] = 2
    any_other = (out[["CL11A", "CL11B", "CL11C", "CL11D", "CL11E", "CL11F"]] == 1).any(axis=1)
    heavy = np.where(age >= 12, 5.0, 3.0) * np.exp(frame["risk"].to_numpy() * 0.3)
    out["CL13"] = np.where(any_other, np.clip(np.round(rng.gamma(1.4, heavy / 1.4)), 1, 70),
                           np.nan)
    for item in ("CL8", "CL10", "CL13"):
        dont_know = out[item].notna() & (rng.random(n) < 0.02)
        out.loc[dont_know, item] = UNKNOWN
    # an incomplete questionnaire has no answers and no weight (as MICS)
    incomplete = (frame["FS17"] != 1).to_numpy()
    out.loc[incomplete, :] = np.nan
    return out


def _concepts(frame: pd.DataFrame) -> pd.DataFrame:
    """The concepts by the MICS6 syntax's recodes, written apart from the package's map."""
    econ_any = (frame[["CL1A", "CL1B", "CL1C", "CL1X"]] == 1).any(axis=1)
    econ = np.where(econ_any, frame["CL3"].where(frame["CL3"] < 97), 0.0)
    chore_items = ["CL7", "CL9", "CL11A", "CL11B", "CL11C", "CL11D", "CL11E", "CL11F", "CL11X"]
    chores_any = (frame[chore_items] == 1).any(axis=1)
    summed = frame[["CL8", "CL10", "CL13"]].where(frame[["CL8", "CL10", "CL13"]] < 97, 0.0)
    chores = np.where(chores_any, summed.fillna(0).sum(axis=1), 0.0)
    hazard_items = ["CL4", "CL5", "CL6A", "CL6B", "CL6C", "CL6D", "CL6E", "CL6X"]
    hazardous = (frame[hazard_items] == 1).any(axis=1).astype(int)
    complete = frame["FS17"] == 1
    return pd.DataFrame({
        "age": frame["CB3"].where(complete),
        "econ_hours": pd.Series(econ, index=frame.index).where(complete),
        "chores_hours": pd.Series(chores, index=frame.index).where(complete),
        "hazardous": pd.Series(hazardous, index=frame.index).where(complete).astype("Int64"),
    })


def _replicates(psus: np.ndarray, strata: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    group = rng.permutation(np.arange(len(psus)) % JK_GROUPS)
    out = pd.DataFrame({"psu": psus})
    for g in range(JK_GROUPS):
        out[f"jk1_{g + 1}"] = np.where(group == g, 0.0, JK_GROUPS / (JK_GROUPS - 1))
    # BRR: the clusters of each stratum split into two halves, the strata folded onto
    # 16 variance strata; replicate r keeps the half the Hadamard matrix's sign picks
    hadamard = _hadamard(HADAMARD_ORDER)
    half = np.zeros(len(psus), dtype=int)
    for s in np.unique(strata):
        members = np.flatnonzero(strata == s)
        half[rng.permutation(members)[: len(members) // 2]] = 1
    variance_stratum = (strata - 1) % HADAMARD_ORDER
    for r in range(HADAMARD_ORDER):
        sign = hadamard[r, variance_stratum]
        keep = np.where(sign == 1, half == 1, half == 0)
        out[f"brr_{r + 1}"] = np.where(keep, 2.0, 0.0)
    return out


def make(out: Path = OUT, fixtures: Path = FIXTURES, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = _children(rng)
    frame = pd.concat([frame, _items(frame, rng)], axis=1)
    frame.loc[frame["FS17"] != 1, "fsweight"] = 0.0
    frame["PSU"] = frame["HH1"]
    frame["LN"] = frame["FS3"]
    frame = frame.drop(columns=["risk"])
    out.mkdir(parents=True, exist_ok=True)
    fixtures.mkdir(parents=True, exist_ok=True)
    labels = {code: name for code, name, _, _ in PROVINCES}
    stratum_labels = {s: f"{labels[p]} – {AREAS[a]}" for s, p, a in
                      frame[["stratum", "HH7", "HH6"]].drop_duplicates().itertuples(index=False)}
    fs_cols = ["HH1", "HH2", "LN", "FS3", "FS17", "HH6", "HH7", "stratum", "PSU", "fsweight",
               "CB3", "CL1A", "CL1B", "CL1C", "CL1X", "CL3", "CL4", "CL5", "CL6A", "CL6B",
               "CL6C", "CL6D", "CL6E", "CL6X", "CL7", "CL8", "CL9", "CL10", "CL11A", "CL11B",
               "CL11C", "CL11D", "CL11E", "CL11F", "CL11X", "CL13"]
    fs = frame[fs_cols].astype(float)
    yes_no = {c: YES_NO for c in fs_cols if c.startswith("CL") and c not in ("CL3", "CL8",
                                                                              "CL10", "CL13")}
    hours = {c: {97: "97+ giờ", 98: "Không biết", 99: "Không trả lời"}
             for c in ("CL3", "CL8", "CL10", "CL13")}
    pyreadstat.write_sav(
        fs, str(out / "fs.sav"), row_compress=True,
        column_labels={"HH1": "Số địa bàn (cluster)", "HH2": "Số hộ", "LN": "Số dòng",
                       "FS3": "Số dòng của trẻ", "FS17": "Kết quả phỏng vấn trẻ 5–17 tuổi",
                       "HH6": "Khu vực", "HH7": "Tỉnh", "stratum": "Tầng",
                       "PSU": "Đơn vị mẫu cấp 1",
                       "fsweight": "Quyền số trẻ 5–17 tuổi", "CB3": "Tuổi của trẻ",
                       "CL3": "Số giờ hoạt động kinh tế tuần qua",
                       "CL8": "Số giờ lấy nước", "CL10": "Số giờ kiếm củi",
                       "CL13": "Số giờ làm việc nhà khác"},
        variable_value_labels={"HH6": AREAS, "HH7": labels, "stratum": stratum_labels,
                               "FS17": {1: "Hoàn thành", 2: "Không có nhà"}, **yes_no, **hours})
    members = frame[["HH1", "HH2", "FS3", "HL4", "CB3"]].rename(
        columns={"FS3": "HL1", "CB3": "HL6"})
    heads = frame[["HH1", "HH2"]].drop_duplicates().assign(
        HL1=1, HL4=rng.integers(1, 3, len(frame[["HH1", "HH2"]].drop_duplicates())),
        HL6=rng.integers(25, 70, len(frame[["HH1", "HH2"]].drop_duplicates())))
    hl = pd.concat([heads, members]).sort_values(["HH1", "HH2", "HL1"]).astype(float)
    pyreadstat.write_sav(hl, str(out / "hl.sav"), row_compress=True,
                         column_labels={"HL1": "Số dòng", "HL4": "Giới tính", "HL6": "Tuổi"},
                         variable_value_labels={"HL4": SEXES})
    # the test fixture: concepts, design and domains
    concepts = _concepts(frame)
    lonely_psus = (frame.groupby("stratum")["PSU"].max().to_numpy()[:LONELY])
    stratum_lonely = frame["stratum"].astype(str).mask(
        frame["PSU"].isin(lonely_psus), "L" + frame["PSU"].astype(str))
    children = pd.DataFrame({
        "HH1": frame["HH1"], "HH2": frame["HH2"], "FS3": frame["FS3"],
        "province": frame["HH7"].map(labels), "area": frame["HH6"].map(AREAS),
        "sex": frame["HL4"].map(SEXES), "stratum": frame["stratum"],
        "stratum_lonely": stratum_lonely, "psu": frame["PSU"], "weight": frame["fsweight"],
        **concepts,
    })
    children.to_csv(fixtures / "children.csv", index=False, float_format="%.17g")
    psus = frame[["PSU", "stratum"]].drop_duplicates().sort_values("PSU")
    _replicates(psus["PSU"].to_numpy(), psus["stratum"].to_numpy(), rng).to_csv(
        fixtures / "replicate_factors.csv", index=False, float_format="%.17g")
    return children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    args = parser.parse_args()
    children = make(args.out, args.fixtures)
    print(f"{len(children)} children in {children['psu'].nunique()} clusters, "
          f"{children['stratum'].nunique()} strata -> {args.out}, {args.fixtures}")


if __name__ == "__main__":
    main()
