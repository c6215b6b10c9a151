"""Checks of the bundled data files against their sources.

The plan files (``childlabour_metrics/data/plans/*.toml``) are compared, target
by target, with a table typed from the project's transcription of the source
documents (``plans.md``), and every quoted sentence is looked up in the seed
document it claims to come from. The sample unit registry and the crosswalks
are checked for internal consistency (unique codes, existing parents, levels,
dates). The files are read with ``tomllib``/``csv``/pandas directly, so these
tests do not depend on the library's loaders.
"""

from __future__ import annotations

import csv
import os
import re
import tomllib
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from tests.support import REPO

DATA = REPO / "childlabour_metrics" / "data"
PLANS = DATA / "plans"
SEEDS = Path(os.environ.get("CLM_SEEDS", "/work/shared/seeds"))

INDICATOR_CODES = {f"CL{i:02d}" for i in range(1, 14)}
OPERATORS = {"<", "<=", ">=", ">"}
LEVELS = ("country", "province", "district", "commune")
REFORM = date(2025, 7, 1)

# (plan, ref, indicators, year, operator, value), typed from plans.md; ref is
# plans.md's # (a and b where one numbered target holds two figures).
EXPECTED_TARGETS = [
    ("hai-duong-2021", "A1", ("CL01",), 2025, "<=", 1.0),
    ("hai-duong-2021", "A2", ("CL03",), 2025, ">=", 100.0),
    ("hai-duong-2021", "A3", ("CL04",), 2025, ">=", 99.0),
    ("hai-duong-2021", "A4", ("CL05",), 2025, ">=", 95.0),
    ("hai-duong-2021", "A5", ("CL06",), 2025, ">=", 90.0),
    ("hai-duong-2021", "A6", ("CL07",), 2025, ">=", 90.0),
    ("hai-duong-2021", "A7", ("CL08",), 2025, ">=", 95.0),
    ("hai-duong-2021", "A8", ("CL09",), 2025, ">=", 95.0),
    ("hai-duong-2021", "A9", ("CL10",), 2025, ">=", 90.0),
    ("hai-duong-2021", "A10", ("CL12",), 2025, ">=", 95.0),
    ("hai-duong-2021", "A11", ("CL13",), 2025, ">=", 90.0),
    ("hai-duong-2021", "A12", ("CL01",), 2030, "<", 1.0),
    ("hai-duong-2021", "A13", ("CL02",), 2030, "<=", 0.0),
    ("van-son-2026", "B1", ("CL01",), 2030, "<", 4.0),
    ("van-son-2026", "B2", ("CL03",), 2030, ">=", 100.0),
    ("van-son-2026", "B3", ("CL04",), 2030, ">", 90.0),
    ("van-son-2026", "B4a", ("CL05",), 2030, ">=", 90.0),
    ("van-son-2026", "B4b", ("CL06",), 2030, ">=", 70.0),
    ("van-son-2026", "B5", ("CL07",), 2030, ">=", 70.0),
    ("van-son-2026", "B6", ("CL08",), 2030, ">=", 90.0),
    ("van-son-2026", "B7a", ("CL10",), 2030, ">=", 100.0),
    ("van-son-2026", "B7b", ("CL11",), 2030, ">=", 70.0),
    ("van-son-2026", "B8", ("CL12", "CL13"), 2030, ">=", 90.0),
    ("vn-782-2021", "N1", ("CL01",), 2025, "<=", 4.9),
    ("vn-782-2021", "N2", ("CL03",), 2025, ">=", 100.0),
    ("vn-782-2021", "N3", ("CL04",), 2025, ">", 90.0),
    ("vn-782-2021", "N4", ("CL05",), 2025, ">=", 90.0),
    ("vn-782-2021", "N5", ("CL06",), 2025, ">=", 70.0),
    ("vn-782-2021", "N6", ("CL07",), 2025, ">=", 70.0),
    ("vn-782-2021", "N7", ("CL08",), 2025, ">=", 90.0),
    ("vn-782-2021", "N8", ("CL09",), 2025, ">=", 90.0),
    ("vn-782-2021", "N9", ("CL10",), 2025, ">=", 70.0),
    ("vn-782-2021", "N1-2030", ("CL01",), 2030, "<=", 4.5),
]

# Plan C (Hải Phòng) states objectives but no numbers: every target is a
# tracked indicator without operator or value. Its labels are free text, so
# only the indicator set and the years are pinned here.
HAI_PHONG_TRACKED = {
    ("CL01", 2025), ("CL03", 2025), ("CL04", 2025), ("CL05", 2025),
    ("CL06", 2025), ("CL07", 2025), ("CL08", 2025), ("CL09", 2025),
    ("CL10", 2025), ("CL12", 2025), ("CL13", 2025), ("CL01", 2030),
}

# (period, deadline) per plan.
EXPECTED_CALENDARS = {
    "hai-duong-2021": {("H1", "06-15"), ("year", "12-15")},
    "van-son-2026": {("year", "12-15")},
    "vn-782-2021": {("H1", "06-30"), ("year", "12-31")},
    "hai-phong-2021": {("H1", "06-15"), ("year", "12-15")},
}

EXPECTED_META = {
    # id: (scope_code, scope_level, report_levels, source seed or None)
    "hai-duong-2021": ("30", "province", ["province", "district", "commune"],
                       "000_4ca55e565613184e.txt"),
    "van-son-2026": ("07621", "commune", ["commune"], "001_6a7c74b6a1878886.txt"),
    "hai-phong-2021": ("31", "province", ["province", "district", "commune"],
                       "002_9f1478efb07a0999.txt"),
    "vn-782-2021": ("VN", "country", ["country", "province"], None),
    "nghe-an-2021": ("40", "province", ["department", "district"], "003_31bb1628cae819dc.txt"),
    "quang-ngai-2024": ("51", "province", ["province", "department", "district"],
                        "004_20a765f4a05f1403.txt"),
}
# Plans whose source sets no number: every target is tracked only.
UNNUMBERED = {"hai-phong-2021", "nghe-an-2021", "quang-ngai-2024"}

# The 2025 merger as listed in plans.md (Resolution 202/2025/QH15).
MERGED_PROVINCES = {
    "Tuyên Quang": {"Hà Giang", "Tuyên Quang"},
    "Lào Cai": {"Yên Bái", "Lào Cai"},
    "Thái Nguyên": {"Bắc Kạn", "Thái Nguyên"},
    "Phú Thọ": {"Vĩnh Phúc", "Hòa Bình", "Phú Thọ"},
    "Bắc Ninh": {"Bắc Giang", "Bắc Ninh"},
    "Hưng Yên": {"Thái Bình", "Hưng Yên"},
    "Hải Phòng": {"Hải Dương", "Hải Phòng"},
    "Ninh Bình": {"Hà Nam", "Nam Định", "Ninh Bình"},
    "Quảng Trị": {"Quảng Bình", "Quảng Trị"},
    "Đà Nẵng": {"Quảng Nam", "Đà Nẵng"},
    "Quảng Ngãi": {"Kon Tum", "Quảng Ngãi"},
    "Gia Lai": {"Bình Định", "Gia Lai"},
    "Khánh Hòa": {"Ninh Thuận", "Khánh Hòa"},
    "Lâm Đồng": {"Đắk Nông", "Bình Thuận", "Lâm Đồng"},
    "Đắk Lắk": {"Phú Yên", "Đắk Lắk"},
    "Thành phố Hồ Chí Minh": {"Bà Rịa - Vũng Tàu", "Bình Dương", "Thành phố Hồ Chí Minh"},
    "Đồng Nai": {"Bình Phước", "Đồng Nai"},
    "Tây Ninh": {"Long An", "Tây Ninh"},
    "Cần Thơ": {"Sóc Trăng", "Hậu Giang", "Cần Thơ"},
    "Vĩnh Long": {"Bến Tre", "Trà Vinh", "Vĩnh Long"},
    "Đồng Tháp": {"Tiền Giang", "Đồng Tháp"},
    "Cà Mau": {"Bạc Liêu", "Cà Mau"},
    "An Giang": {"Kiên Giang", "An Giang"},
}
UNCHANGED_PROVINCES = {
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng",
}


def fold_ws(text: str) -> str:
    """NFC-normalise and collapse every run of whitespace to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def load_plans() -> dict[str, dict]:
    plans = {}
    for path in sorted(PLANS.glob("*.toml")):
        with path.open("rb") as f:
            plans[path.stem] = tomllib.load(f)
    return plans


def read_csv_str(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / name, dtype=str, keep_default_na=False)


def to_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.fixture(scope="module")
def plans() -> dict[str, dict]:
    return load_plans()


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return read_csv_str("units_sample.csv")


# ---------------------------------------------------------------- plans


def test_plan_files_present(plans):
    assert set(plans) == set(EXPECTED_META)
    for pid, plan in plans.items():
        assert plan["id"] == pid  # the file name is the id


def test_plan_metadata(plans, units):
    codes = dict(zip(units["code"], units["level"], strict=True))
    # Provinces outside the sample registry: their code of the time, from the
    # 2025 merger table (old_code is the province's code before 1 July 2025).
    provinces = read_csv_str("crosswalk_provinces_2025.csv")
    codes.update(dict.fromkeys(provinces["old_code"], "province"))
    for pid, (scope, level, report_levels, source) in EXPECTED_META.items():
        plan = plans[pid]
        for key in ("name_vi", "name_en", "issuer", "document", "scope_name"):
            assert isinstance(plan[key], str) and plan[key], (pid, key)
        assert plan["scope_code"] == scope
        assert codes[scope] == level == plan["scope_level"]
        assert plan["report_levels"] == report_levels
        assert set(plan["report_levels"]) <= {*LEVELS, "department"}
        assert isinstance(plan["start"], int) and isinstance(plan["end"], int)
        assert plan["start"] <= plan["end"] <= plan.get("horizon", plan["end"])
        if "parent" in plan:
            assert plan["parent"] in plans
        if source is not None:
            assert plan["source"] == source


def test_all_text_is_nfc(plans):
    def strings(obj):
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, dict):
            for v in obj.values():
                yield from strings(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from strings(v)

    for pid, plan in plans.items():
        for s in strings(plan):
            assert unicodedata.is_normalized("NFC", s), (pid, s)


def test_targets_match_plans_md_both_ways(plans):
    actual = set()
    for pid, plan in plans.items():
        if pid in UNNUMBERED:
            continue
        for t in plan["targets"]:
            value = t.get("value")
            actual.add((pid, t["ref"], tuple(t["indicators"]), t["year"],
                        t.get("operator"), None if value is None else float(value)))
    expected = set(EXPECTED_TARGETS)
    assert not expected - actual, f"missing from files: {sorted(expected - actual)}"
    assert not actual - expected, f"not in plans.md: {sorted(actual - expected)}"


def test_van_son_labels_follow_the_source_numbering(plans):
    for t in plans["van-son-2026"]["targets"]:
        assert t["label"] == "Chỉ tiêu " + t["ref"].removeprefix("B"), t


def test_hai_phong_has_tracked_indicators_without_numbers(plans):
    targets = plans["hai-phong-2021"]["targets"]
    tracked = set()
    for t in targets:
        assert "operator" not in t and "value" not in t, t["label"]
        assert len(t["indicators"]) == 1
        tracked.add((t["indicators"][0], t["year"]))
    assert tracked == HAI_PHONG_TRACKED
    assert len(tracked) == len(targets)


def test_target_fields_valid(plans):
    for pid, plan in plans.items():
        labels = [t["label"] for t in plan["targets"]]
        assert len(labels) == len(set(labels)), pid
        for t in plan["targets"]:
            where = (pid, t["label"])
            assert t["indicators"] and set(t["indicators"]) <= INDICATOR_CODES, where
            assert plan["start"] <= t["year"] <= plan.get("horizon", plan["end"]), where
            assert t["objective"] in (1, 2, 3), where
            assert ("operator" in t) == ("value" in t), where
            if "operator" in t:
                assert t["operator"] in OPERATORS, where
                assert isinstance(t["value"], float), where  # TOML float, not int
                assert 0.0 <= t["value"] <= 100.0, where
            assert isinstance(t["source_text"], str) and t["source_text"].strip(), where


def test_objectives_follow_indicator_groups(plans):
    # Objective 1: prevention and support; 2: communication; 3: training.
    group = {f"CL{i:02d}": 1 for i in range(1, 5)}
    group |= {f"CL{i:02d}": 2 for i in range(5, 9)}
    group |= {f"CL{i:02d}": 3 for i in range(9, 14)}
    for pid, plan in plans.items():
        for t in plan["targets"]:
            assert {group[c] for c in t["indicators"]} == {t["objective"]}, (pid, t["label"])


@pytest.mark.parametrize("pid", [p for p, m in EXPECTED_META.items() if m[3]])
def test_source_text_is_in_seed(plans, pid):
    plan = plans[pid]
    seed_path = SEEDS / plan["source"]
    if not seed_path.exists():
        pytest.skip(f"seed documents not available at {SEEDS}")
    raw = unicodedata.normalize("NFC", seed_path.read_text(encoding="utf-8"))
    seed = fold_ws(raw)
    lines = re.sub(r"[ \t]*\n\s*", "\n", re.sub(r"[ \t]+", " ", raw))
    for t in plan["targets"]:
        where = (pid, t["label"])
        quote = fold_ws(t["source_text"])
        assert quote in seed, (*where, quote)
        # a full sentence: it starts a sentence or bullet and ends with one
        assert quote.endswith((".", ";")), where
        # (looked up with line breaks kept, since a heading line has no stop)
        # (80 characters: two tasks of Nghệ An's plan share their first 60)
        start = quote[:80] if quote[:80] in lines else quote[:40]
        before = lines[: lines.index(start)].rstrip(" ")
        assert before == "" or before.endswith(("\n", ".", ":", "-", ";")), where


def test_source_text_carries_the_figure(plans):
    # The percentage of every numbered target appears in its sentence, in the
    # Vietnamese decimal notation ("4,9%").
    for pid, plan in plans.items():
        for t in plan["targets"]:
            if "value" not in t or (t["operator"] == "<=" and t["value"] == 0.0):
                continue
            figure = f"{t['value']:g}".replace(".", ",") + "%"
            assert figure in t["source_text"], (pid, t["label"], figure)


def test_calendars(plans):
    for pid, expected in EXPECTED_CALENDARS.items():
        cal = plans[pid]["calendar"]
        got = {(c["period"], c["deadline"]) for c in cal}
        assert got == expected, pid
        for c in cal:
            assert c["period"] in ("H1", "H2", "year")
            month, day = map(int, c["deadline"].split("-"))
            date(2024, month, day)  # a real day of the year
            assert c["year_offset"] == 0
            assert c["description_vi"]


def test_notes_explain_choices(plans):
    # N6 uses 70 % where one summary says 80 %: the file must say so.
    assert "80%" in plans["vn-782-2021"]["notes"]
    assert "70%" in plans["vn-782-2021"]["notes"]
    # Deadlines not given by the source are labelled as the library's choice.
    assert "15/12" in plans["van-son-2026"]["notes"]
    assert "15/6" in plans["hai-phong-2021"]["notes"]


# ---------------------------------------------------------------- units


def test_units_columns_and_units_unique(units):
    assert list(units.columns) == ["code", "name", "level", "parent_code",
                                   "valid_from", "valid_to"]
    # codes are reused across 1 July 2025: a unit is a code and its validity
    assert not units.duplicated(["code", "valid_from", "valid_to"]).any()
    assert (units["code"] != "").all() and (units["name"] != "").all()
    assert set(units["level"]) <= set(LEVELS)
    for name in units["name"]:
        assert unicodedata.is_normalized("NFC", name)


def _row_on(units: pd.DataFrame, code: str, day: str) -> pd.Series:
    """The registry row of ``code`` valid on ``day`` (ISO text)."""
    rows = units[(units["code"] == code) & ((units["valid_from"] == "")
                                           | (units["valid_from"] <= day))
                 & ((units["valid_to"] == "") | (units["valid_to"] >= day))]
    assert len(rows) == 1, (code, day)
    return rows.iloc[0]


def test_sample_registry_is_official(units):
    # every sample row is a row of the official registry: same code, name,
    # level, parent and validity (issue 12 item 5)
    from childlabour_metrics.reference.official import official_units

    official = official_units().astype({"parent_code": "str"})
    off = pd.DataFrame({
        "code": official["code"], "name": official["name"], "level": official["level"],
        "parent_code": official["parent_code"].fillna(""),
        "valid_from": official["valid_from"].dt.strftime("%Y-%m-%d").fillna(""),
        "valid_to": official["valid_to"].dt.strftime("%Y-%m-%d").fillna(""),
    })
    joined = units.merge(off, how="left", indicator=True)
    assert (joined["_merge"] == "both").all(), joined[joined["_merge"] != "both"]
    assert "31N" not in set(units["code"])


def test_units_codes_read_as_text(units):
    # Codes are identifiers: pandas with dtype=str must give back the exact
    # text of the file (no "30.0", no lost leading zero).
    with (DATA / "units_sample.csv").open(encoding="utf-8", newline="") as f:
        raw = [row["code"] for row in csv.DictReader(f)]
    assert list(units["code"]) == raw
    inferred = pd.read_csv(DATA / "units_sample.csv")
    assert inferred["code"].dtype != "int64"  # "VN" and "31" keep it text


def test_units_parents_and_levels(units):
    for row in units.itertuples():
        if row.level == "country":
            assert row.parent_code == ""
            continue
        # the parent is the row of the parent code valid when the unit was
        day = row.valid_from or row.valid_to
        parent = _row_on(units, row.parent_code, day)
        assert LEVELS.index(parent["level"]) < LEVELS.index(row.level), row.code
        # a unit lives within its parent's lifetime
        if row.valid_from and parent["valid_from"]:
            assert row.valid_from >= parent["valid_from"], row.code
        if parent["valid_to"]:
            assert row.valid_to and row.valid_to <= parent["valid_to"], row.code


def test_units_dates_and_reform(units):
    for row in units.itertuples():
        start, end = to_date(row.valid_from), to_date(row.valid_to)
        if start and end:
            assert start <= end
        if row.level == "district":
            # districts were abolished on 1 July 2025
            assert end == REFORM - timedelta(days=1), row.code
        if start == REFORM:
            assert row.level != "district"
            assert end is None


def test_units_expected_content(units):
    assert _row_on(units, "VN", "2024-01-01")["name"] == "Việt Nam"
    hd = _row_on(units, "30", "2024-01-01")
    assert (hd["name"], hd["valid_from"], hd["valid_to"]) == ("Tỉnh Hải Dương", "",
                                                              "2025-06-30")
    districts = units[units["parent_code"] == "30"]
    assert sorted(districts["code"]) == ["288"] + [str(c) for c in range(290, 301)]
    assert (districts["level"] == "district").all()
    for code in districts["code"]:
        communes = units[units["parent_code"] == code]
        assert len(communes) == 3 and (communes["level"] == "commune").all()
        assert communes["code"].str.fullmatch(r"1\d{4}").all()  # Hải Dương's GSO codes
    assert _row_on(units, "10654", "2024-01-01")["name"] == "Xã Hồng Phong"  # not An Lâm
    van_son = units[units["name"] == "Xã Vân Sơn"]
    assert van_son["code"].tolist() == ["07621", "07621"]
    new_vs = _row_on(units, "07621", "2026-01-01")
    assert (new_vs["parent_code"], new_vs["valid_from"]) == ("24", "2025-07-01")
    assert _row_on(units, "07621", "2025-01-01")["parent_code"] == "220"
    assert _row_on(units, "24", "2026-01-01")["name"] == "Tỉnh Bắc Ninh"
    assert _row_on(units, "24", "2025-01-01")["name"] == "Tỉnh Bắc Giang"
    new_hp = _row_on(units, "31", "2026-01-01")
    assert new_hp["valid_from"] == "2025-07-01" and new_hp["valid_to"] == ""
    assert _row_on(units, "31", "2025-01-01")["valid_to"] == "2025-06-30"
    # reused commune code: old Thị trấn Nam Sách, then new Xã Nam Sách
    assert _row_on(units, "10606", "2025-01-01")["name"] == "Thị trấn Nam Sách"
    assert _row_on(units, "10606", "2026-01-01")["name"] == "Xã Nam Sách"


def test_sample_crosswalk(units):
    from childlabour_metrics.reference.official import official_crosswalk

    cw = read_csv_str("crosswalk_sample.csv")
    assert list(cw.columns) == ["old_code", "new_code", "effective_date", "weight", "level",
                                "old_name", "new_name", "basis"]
    for row in cw.itertuples():
        eff = date.fromisoformat(row.effective_date)
        assert eff == REFORM
        old = _row_on(units, row.old_code, (eff - timedelta(days=1)).isoformat())
        new = _row_on(units, row.new_code, eff.isoformat())
        assert old["level"] == new["level"] == row.level
        assert (old["name"], new["name"]) == (row.old_name, row.new_name)
    # each old unit's shares add up to 1
    sums = cw.assign(w=cw["weight"].astype(float)).groupby("old_code")["w"].sum()
    assert (sums - 1).abs().max() < 1e-6
    # the rows are the official crosswalk's rows
    off = official_crosswalk()
    key = ["old_code", "new_code"]
    merged = cw.merge(off[[*key, "weight"]], on=key, how="left", suffixes=("", "_off"))
    assert (merged["weight"].astype(float) - merged["weight_off"]).abs().max() < 1e-6
    pairs = set(zip(cw["old_code"], cw["new_code"], strict=True))
    assert {("30", "31"), ("31", "31"), ("07621", "07621"), ("07624", "07621")} <= pairs
    # 9 of the sample's Hải Dương communes were divided, each between two new communes
    assert (cw["basis"] == "area").sum() == 18
    assert cw.loc[cw["basis"] == "area", "old_code"].nunique() == 9


def test_sample_registry_holds_every_successor_of_its_communes(units):
    # Hải Dương's plan follows its territory after 1 July 2025 (issue 22): the
    # sample registry holds every new commune the official crosswalk sends one
    # of its Hải Dương communes to, and the sample crosswalk every such row.
    from childlabour_metrics.reference.official import official_crosswalk

    districts = set(units.loc[units["parent_code"] == "30", "code"])
    old = units[units["parent_code"].isin(districts)]
    off = official_crosswalk(level="commune")
    went = off[off["old_code"].isin(set(old["code"]))]
    new = units[units["valid_from"] == "2025-07-01"]
    assert set(went["new_code"]) <= set(new["code"])
    assert len(set(went["new_code"])) == 33 and len(old) == 36
    cw = read_csv_str("crosswalk_sample.csv")
    pairs = set(zip(cw["old_code"], cw["new_code"], strict=True))
    assert set(zip(went["old_code"], went["new_code"], strict=True)) <= pairs


def test_province_crosswalk():
    cw = read_csv_str("crosswalk_provinces_2025.csv")
    assert list(cw.columns) == ["old_name", "new_name", "old_code", "new_code",
                                "effective_date"]
    assert len(cw) == 63 and cw["old_name"].is_unique
    assert cw["new_name"].nunique() == 34
    assert (cw["effective_date"] == "2025-07-01").all()
    got = cw.groupby("new_name")["old_name"].agg(set).to_dict()
    expected = dict(MERGED_PROVINCES) | {n: {n} for n in UNCHANGED_PROVINCES}
    assert got == expected
    assert len(MERGED_PROVINCES) == 23 and len(expected) == 34
    # old codes: GSO two-digit codes, leading zero kept ("01" is Hà Nội)
    codes = cw.loc[cw["old_code"] != "", "old_code"]
    assert codes.is_unique and codes.str.fullmatch(r"\d\d").all()
    old_code = dict(zip(cw["old_name"], cw["old_code"], strict=True))
    assert old_code["Hà Nội"] == "01" and old_code["Hà Giang"] == "02"
    assert old_code["Hải Dương"] == "30" and old_code["Hải Phòng"] == "31"
    # where the new province is in the sample registry, its code is given
    units = read_csv_str("units_sample.csv")
    for row in cw[cw["new_code"] != ""].itertuples():
        assert _row_on(units, row.new_code, "2025-07-01")["valid_from"] == "2025-07-01"
    new_code = dict(zip(cw["new_name"], cw["new_code"], strict=True))
    assert new_code["Hải Phòng"] == "31" and new_code["Bắc Ninh"] == "24"


# ---------------------------------------------------------------- library


def test_library_loads_bundled_plans():
    cm = pytest.importorskip("childlabour_metrics")
    if not hasattr(cm, "load_plan"):
        pytest.skip("childlabour_metrics.load_plan not available yet")
    for pid in EXPECTED_META:
        plan = cm.load_plan(pid)
        assert plan.id == pid
        assert len(plan.targets) == len(load_plans()[pid]["targets"])


def test_child_work_plans_scope_codes_are_the_provinces_of_their_time():
    provinces = read_csv_str("crosswalk_provinces_2025.csv").set_index("old_name")
    assert provinces.loc["Nghệ An", "old_code"] == "40"
    assert provinces.loc["Quảng Ngãi", "old_code"] == "51"


def test_child_work_plans_track_without_numbers_and_name_owners(plans):
    for pid in ("nghe-an-2021", "quang-ngai-2024"):
        for t in plans[pid]["targets"]:
            assert "operator" not in t and "value" not in t, (pid, t["ref"])
            assert t["owner"], (pid, t["ref"])
            # The source sentence is quoted from the seed document.
        for o in plans[pid]["owners"]:
            quote = fold_ws(o["source_text"])
            assert quote in _seed_text(plans[pid]["source"]), (pid, o["owner"])


def test_nghe_an_owners_follow_the_source_assignment(plans):
    owners = {o["owner"]: o["npa_indicators"] for o in plans["nghe-an-2021"]["owners"]}
    assert owners["labour"] == [1, 2, 14, 15, 16, 17, 18, 19, 20, 32, 33, 34]
    assert owners["health"] == list(range(3, 13))
    assert owners["education"] == [13, *range(23, 31)]
    assert owners["police"] == [16]


def _seed_text(name: str) -> str:
    if not (SEEDS / name).exists():
        pytest.skip(f"seed documents not available at {SEEDS}")
    return fold_ws(unicodedata.normalize("NFC", (SEEDS / name).read_text(encoding="utf-8")))
