"""clm.survey.read: SPSS and Stata files, value labels, MICS6 and MICS5 maps, the join."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

import childlabour_metrics as clm
from tests.support import FIXTURES_DIR, REPO, raises_en

NAN = np.nan
MICS6_ITEMS = ["CL1A", "CL1B", "CL1C", "CL1X", "CL4", "CL5", "CL6A", "CL6B", "CL6C", "CL6D",
               "CL6E", "CL6X", "CL7", "CL9", "CL11A", "CL11B", "CL11C", "CL11D", "CL11E",
               "CL11F", "CL11X"]


def _mics6_children() -> pd.DataFrame:
    """Five children: a worker, a 'don't know' worker, chores with a 98, a hazard, incomplete."""
    rows = pd.DataFrame({"HH1": [1, 1, 2, 2, 3], "HH2": [1, 1, 4, 4, 2], "FS3": [2, 3, 2, 3, 2],
                         "FS17": [1, 1, 1, 1, 2], "CB3": [9, 16, 13, 15, 10],
                         "HH6": [1, 1, 2, 2, 2], "HH7": [30, 30, 1, 1, 1],
                         "stratum": [1, 1, 2, 2, 2], "PSU": [1, 1, 2, 2, 3],
                         "fsweight": [1.2, 1.2, 0.8, 0.8, 0.0]})
    for item in MICS6_ITEMS:
        rows[item] = 2.0
    rows.loc[0, "CL1A"], rows["CL3"] = 1, [3, NAN, NAN, NAN, NAN]
    rows.loc[1, "CL1B"], rows.loc[1, "CL3"] = 1, 98  # works, hours unknown
    rows.loc[2, ["CL7", "CL11A"]] = 1
    rows["CL8"] = [NAN, NAN, 12, NAN, NAN]
    rows["CL10"] = [NAN] * 5
    rows["CL13"] = [NAN, NAN, 98, NAN, NAN]  # "don't know": 0, as MICS recodes it
    rows.loc[3, "CL6C"] = 1
    rows.loc[4, [*MICS6_ITEMS, "CL3"]] = NAN  # an incomplete questionnaire
    return rows


def _members() -> pd.DataFrame:
    return pd.DataFrame({"HH1": [1, 1, 1, 2, 2, 2, 3], "HH2": [1, 1, 1, 4, 4, 4, 2],
                         "HL1": [1, 2, 3, 1, 2, 3, 2], "HL4": [1, 2, 1, 2, 1, 2, 1],
                         "HL6": [40, 9, 16, 38, 13, 15, 10]})


LABELS = {"HH6": {1: "Thành thị", 2: "Nông thôn"},
          "HH7": {1: "Thành phố Hà Nội", 30: "Tỉnh Hải Dương"}}


@pytest.fixture
def mics6_files(tmp_path: Path) -> tuple[Path, Path]:
    fs, hl = tmp_path / "fs.sav", tmp_path / "hl.sav"
    pyreadstat.write_sav(_mics6_children(), str(fs), variable_value_labels=LABELS,
                         column_labels={"CB3": "Tuổi của trẻ"})
    pyreadstat.write_sav(_members(), str(hl), variable_value_labels={"HL4": {1: "Nam", 2: "Nữ"}})
    return fs, hl


def test_mics6_concepts_by_the_tabulation_syntax(mics6_files) -> None:
    fs, hl = mics6_files
    kids = clm.survey.read(fs, "mics6", household=hl)
    assert kids["complete"].tolist() == [True, True, True, True, False]
    np.testing.assert_array_equal(kids["econ_hours"], [3, NAN, 0, 0, NAN])
    np.testing.assert_array_equal(kids["chores_hours"], [0, 0, 12, 0, NAN])
    assert kids["hazardous"].tolist() == [False, False, False, True, pd.NA]
    np.testing.assert_array_equal(kids["age"], [9, 16, 13, 15, NAN])
    assert kids["weight"].tolist() == [1.2, 1.2, 0.8, 0.8, 0.0]
    assert kids["psu"].tolist() == [1, 1, 2, 2, 3]
    # every row and item is kept
    assert len(kids) == 5 and {"CL1A", "CL3", "FS17", "HL6"} <= set(kids.columns)


def test_value_labels_become_the_domains(mics6_files) -> None:
    fs, hl = mics6_files
    kids = clm.survey.read(fs, "mics6", household=hl)
    assert kids["province"].astype(str).tolist() == ["Tỉnh Hải Dương"] * 2 + [
        "Thành phố Hà Nội"] * 3
    assert list(kids["province"].cat.categories) == ["Thành phố Hà Nội", "Tỉnh Hải Dương"]
    assert kids["area"].astype(str).tolist() == ["Thành thị"] * 2 + ["Nông thôn"] * 3
    # the child's sex comes from the household members' file, joined on its line
    assert kids["sex"].astype(str).tolist() == ["Nữ", "Nam", "Nam", "Nữ", "Nam"]
    assert kids.attrs["value_labels"]["HL4"] == {1: "Nam", 2: "Nữ"}
    assert kids.attrs["variable_labels"]["CB3"] == "Tuổi của trẻ"
    assert kids.attrs["survey"] == "MICS6"


def test_stata_files_read_the_same(tmp_path: Path) -> None:
    fs, hl = tmp_path / "fs.dta", tmp_path / "hl.dta"
    pyreadstat.write_dta(_mics6_children(), str(fs), variable_value_labels=LABELS)
    pyreadstat.write_dta(_members(), str(hl))
    kids = clm.survey.read(fs, "mics6", household=hl)
    np.testing.assert_array_equal(kids["econ_hours"], [3, NAN, 0, 0, NAN])
    assert kids["province"].astype(str).tolist()[0] == "Tỉnh Hải Dương"
    assert kids["sex"].tolist() == [2, 1, 1, 2, 1]  # no labels given: the codes


def test_mics5_map(tmp_path: Path) -> None:
    hh = pd.DataFrame({"HH1": [7, 7], "HH2": [1, 2], "SL9B": [3, NAN], "SL9C": [12, NAN],
                       "SL1": [2, 0], "hhweight": [1.5, 1.5], "HH6": [2, 2], "HH7": [40, 40],
                       "CL2A": [1, NAN], "CL2B": [2, NAN], "CL2C": [2, NAN], "CL2D": [2, NAN],
                       "CL4": [15, NAN], "CL8": [1, NAN], "CL10A": [2, NAN], "CL10B": [2, NAN],
                       "CL10C": [2, NAN], "CL10D": [2, NAN], "CL10E": [2, NAN],
                       "CL10F": [2, NAN], "CL10G": [2, NAN], "CL9": [20, NAN], "CL12": [99, NAN],
                       "CL5": [2, NAN], "CL6": [1, NAN], "CL7A": [2, NAN], "CL7B": [2, NAN],
                       "CL7C": [2, NAN], "CL7D": [2, NAN], "CL7E": [2, NAN], "CL7F": [2, NAN]})
    path = tmp_path / "hh.sav"
    pyreadstat.write_sav(hh, str(path))
    kids = clm.survey.read(path, "mics5")
    assert kids["complete"].tolist() == [True, False]
    assert kids["econ_hours"].tolist()[0] == 15 and kids["chores_hours"].tolist()[0] == 20
    assert kids["hazardous"].tolist() == [True, pd.NA]
    assert kids["weight"].tolist() == [3.0, 0.0]  # hhweight × SL1
    assert kids["stratum"].tolist() == ["40|2", "40|2"]
    out = clm.survey.classify(kids, "mics5")
    assert out["child_labour"].tolist() == [True, pd.NA]
    assert out["cl_reason"].tolist() == ["economic_hours", ""]


def test_the_sample_survey_reads_as_its_fixture() -> None:
    # data/sample-survey has MICS6 names; tests/fixtures/survey/children.csv has the same
    # children's concepts, derived by the generator apart from the package's map
    folder = REPO / "data" / "sample-survey"
    kids = clm.survey.read(folder / "fs.sav", "mics6", household=folder / "hl.sav")
    fixture = pd.read_csv(FIXTURES_DIR / "survey" / "children.csv")
    assert len(kids) == len(fixture)
    for col in ("age", "econ_hours", "chores_hours", "weight", "psu", "stratum"):
        np.testing.assert_array_equal(kids[col].to_numpy(dtype=float),
                                      fixture[col].to_numpy(dtype=float), err_msg=col)
    assert (kids["hazardous"].astype("Int64") == fixture["hazardous"].astype("Int64")) \
        .fillna(kids["hazardous"].isna() & fixture["hazardous"].isna()).all()
    for col in ("province", "sex", "area"):
        assert kids[col].astype(str).tolist() == fixture[col].tolist(), col


def test_bad_files_and_maps_are_errors(tmp_path: Path, mics6_files) -> None:
    fs, _ = mics6_files
    with raises_en(clm.InputError, r"no such file"):
        clm.survey.read(tmp_path / "none.sav")
    text = tmp_path / "fs.csv"
    text.write_text("a,b\n1,2\n", encoding="utf-8")
    with raises_en(clm.InputError, r"only \.sav \(SPSS\) and \.dta"):
        clm.survey.read(text)
    broken = tmp_path / "broken.sav"
    broken.write_bytes(b"not a file")
    with raises_en(clm.InputError, r"broken\.sav: not a readable SPSS"):
        clm.survey.read(broken)
    with raises_en(clm.InputError, r"no variable map for the survey 'dhs8'"):
        clm.survey.read(fs, "dhs8")


def test_join_keys_are_checked(tmp_path: Path, mics6_files) -> None:
    fs, _ = mics6_files
    hl = tmp_path / "hl_nokey.sav"
    pyreadstat.write_sav(_members().drop(columns="HH2"), str(hl))
    with raises_en(clm.InputError, r'hl_nokey\.sav: the key column\(s\) "HH2"'):
        clm.survey.read(fs, "mics6", household=hl)
    # without its line number, a members' file is taken for a household-level one
    noline = tmp_path / "hl_noline.sav"
    pyreadstat.write_sav(_members().drop(columns="HL1"), str(noline))
    with raises_en(clm.InputError, r'hl_noline\.sav: the key "HH1", "HH2" is repeated'):
        clm.survey.read(fs, "mics6", household=noline)
    twice = tmp_path / "hl_twice.sav"
    pyreadstat.write_sav(pd.concat([_members(), _members().iloc[[1]]]), str(twice))
    with raises_en(clm.InputError, r"repeated in rows 2, 8"):
        clm.survey.read(fs, "mics6", household=twice)


def test_a_missing_item_is_named(tmp_path: Path) -> None:
    path = tmp_path / "fs.sav"
    pyreadstat.write_sav(_mics6_children().drop(columns="CL3"), str(path))
    with raises_en(clm.InputError, r'"CL3"'):
        clm.survey.read(path, "mics6")


def test_a_household_level_file_joins_on_the_household(tmp_path: Path, mics6_files) -> None:
    fs, hl = mics6_files
    hh = tmp_path / "hh.sav"
    pyreadstat.write_sav(pd.DataFrame({"HH1": [1, 2, 3], "HH2": [1, 4, 2],
                                       "windex5": [1, 5, 3], "HH6": [9, 9, 9]}), str(hh))
    kids = clm.survey.read(fs, "mics6", household=[hl, hh])
    assert kids["windex5"].tolist() == [1, 1, 5, 5, 3]
    assert kids["sex"].astype(str).tolist() == ["Nữ", "Nam", "Nam", "Nữ", "Nam"]
    # the child file's own columns win: HH6 is not taken again from the household file
    assert kids["HH6"].tolist() == [1, 1, 2, 2, 2]
