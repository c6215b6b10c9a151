"""A registry with a slip is an error; one Excel saves in any usual way is read (issue 23)."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.reference.units import UnitRegistryError, load_units
from tests.support import cp1258_bytes, raises_en

HEADER = ["code", "name", "level", "parent_code"]
ROWS = [
    ["30", "Tỉnh Hải Dương", "tỉnh", ""],
    ["288", "Thành phố Hải Dương", "huyện", "30"],
    ["10507", "Phường Cẩm Thượng", "xã", "288"],
    ["10543", "Xã Tứ Minh", "xã", "288"],
]


def _csv(rows: list[list[str]], sep: str) -> str:
    return "\r\n".join(sep.join(row) for row in rows) + "\r\n"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258", "utf-16"])
def test_every_usual_csv_of_excel_is_read(tmp_path: Path, sep: str, encoding: str) -> None:
    text = _csv([HEADER, *ROWS], sep)
    data = cp1258_bytes(text) if encoding == "cp1258" else text.encode(encoding)
    path = tmp_path / "units.csv"
    path.write_bytes(data)
    units = load_units(path)
    assert units["code"].tolist() == ["30", "288", "10507", "10543"]
    assert units["name"].tolist()[2] == "Phường Cẩm Thượng"  # NFC, whatever the bytes
    assert units["level"].tolist() == ["province", "district", "commune", "commune"]
    assert units["parent_code"].tolist()[1:] == ["30", "288", "288"]


def test_a_registry_without_parent_code_is_an_error_not_a_flat_map(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(_csv([HEADER[:3], *(r[:3] for r in ROWS)], ","), encoding="utf-8")
    with raises_en(UnitRegistryError, r"missing column\(s\) parent_code.*Read as UTF-8, "
                                      r"\",\"; columns found: 'code', 'name', 'level'") as info:
        load_units(path)
    assert info.value.field == "parent_code" and info.value.file == str(path)


def test_what_was_read_is_said_when_the_separator_guess_finds_nothing(tmp_path: Path) -> None:
    # A header in Vietnamese words: no separator finds the columns, the message says what
    # was read, in which encoding.
    path = tmp_path / "units.csv"
    path.write_bytes(cp1258_bytes(_csv([["Mã", "Tên", "Cấp", "Mã cấp trên"], *ROWS], ";")))
    with raises_en(UnitRegistryError, r"Read as Windows-1258, \";\"; columns found: 'mã', "
                                      r"'tên', 'cấp', 'mã cấp trên'"):
        load_units(path)


def test_a_bad_line_names_the_line_and_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(_csv([HEADER, *ROWS[:2], ["10507", "Phường", "xã", "288", "x", "y"]],
                         ";"), encoding="utf-8-sig")
    with raises_en(UnitRegistryError, r"line 4: .*read as UTF-8 \(BOM\), \";\""):
        load_units(path)


def test_an_encoding_that_is_neither_utf8_nor_cp1258_is_named(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(_csv(HEADER, ",").encode() + b"30,T\x81nh,province,\r\n")
    with raises_en(UnitRegistryError, "neither UTF-8 nor Windows-1258"):
        load_units(path)


def _frame(**changes: list[object]) -> pd.DataFrame:
    frame = pd.DataFrame(ROWS, columns=HEADER)
    for col, values in changes.items():
        frame[col] = values
    return frame


@pytest.mark.parametrize(
    ("changes", "field", "pattern"),
    [
        ({"code": ["30", "288", "105\x0007", "10543"]}, "code", r"'105\\x0007'.* not unit codes"),
        ({"code": ["30", "288", "../../../../tmp/pwn", "10543"]}, "code", "not unit codes"),
        ({"code": ["30", "288", "Phường Cẩm Thượng", "10543"]}, "code", "not unit codes"),
        ({"parent_code": ["", "30", "28/8", "288"]}, "parent_code", "not unit codes"),
        ({"name": ["Tỉnh", "TP", "Phường\x07", "Xã"]}, "name", "control characters"),
        ({"level": ["tỉnh", "huyện", "thôn", "xã"]}, "level", r"'10507'.*written 'thôn'"),
        ({"parent_code": ["", "30", "", "288"]}, "parent_code",
         r"'10507' have no \"parent_code\" but are below the top level \(province\)"),
        ({"parent_code": ["", "30", "999", "288"]}, "parent_code", "unknown parent"),
        ({"parent_code": ["10543", "30", "288", "288"]}, "parent_code", "cycle"),
        ({"code": [30.0, 288.0, 10507.0, 10543.0]}, "code", r"holds 30\.0.*not codes"),
        ({"parent_code": [None, 30.0, 288.0, 288.0]}, "parent_code", r"holds 30\.0"),
        ({"code": ["30", "288", True, "10543"]}, "code", "holds True"),
    ],
)
def test_registry_slips_are_errors_naming_the_field(changes: dict, field: str,
                                                     pattern: str) -> None:
    with raises_en(UnitRegistryError, pattern) as info:
        load_units(_frame(**changes))
    assert info.value.field == field


def test_codes_as_whole_numbers_are_read_as_their_digits() -> None:
    units = load_units(_frame(code=[30, 288, 10507, 10543],
                              parent_code=pd.Series([None, 30, 288, 288], dtype=object)))
    assert units["code"].tolist() == ["30", "288", "10507", "10543"]


def test_a_column_twice_is_an_error() -> None:
    frame = _frame()
    frame.columns = ["code", "name", "level", "Code"]
    with raises_en(UnitRegistryError, r"the column\(s\) 'code' appear twice"):
        load_units(frame)


def test_many_bad_codes_are_counted_not_all_listed() -> None:
    codes = [f"x/{i}" for i in range(50)]
    frame = pd.DataFrame({"code": codes, "name": "X", "level": "province", "parent_code": ""})
    with raises_en(UnitRegistryError, r"'x/9' … \(50\)") as info:
        load_units(frame)
    assert "x/10'" not in info.value.message("en")


def test_bom_of_utf8_is_not_part_of_the_first_column(tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_bytes(codecs.BOM_UTF8 + _csv([HEADER, *ROWS], ";").encode())
    assert load_units(path)["code"].iloc[0] == "30"
