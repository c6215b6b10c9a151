"""Forms as they arrive: .zip archives and .csv files (issue 13 item 4, issue 9 item 18).

The folder walk, and which files it names without reading them: ``test_discover.py``.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.fixtures.io_forms import EXPECTED, single_form
from tests.fixtures.io_forms import read as _read
from tests.fixtures.io_forms import values as _values
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_zip_of_forms_reads_member_by_member(tmp_path: Path) -> None:
    a = single_form(tmp_path / "a.xlsx").read_bytes()
    b = single_form(tmp_path / "b.xlsx", unit="30102").read_bytes()
    archive = _zip(tmp_path / "forms.zip",
                   {"Xa A/a.xlsx": a, "b.xlsx": b})
    result = _read(archive)
    files = result.files
    assert files["file"].tolist() == [f"{archive}/Xa A/a.xlsx", f"{archive}/b.xlsx"]
    assert files["status"].tolist() == ["ok", "ok"]
    obs = result.observations
    assert obs["source_file"].unique().tolist() == files["file"].tolist()
    assert _values(result) == EXPECTED * 2
    assert result.problems.empty


def test_bad_archive_members_are_refused_with_problems(tmp_path: Path) -> None:
    good = single_form(tmp_path / "a.xlsx").read_bytes()
    inner = _zip(tmp_path / "inner.zip", {"a.xlsx": good}).read_bytes()
    archive = _zip(tmp_path / "forms.zip", {
        "a.xlsx": good, "../../etc/evil.xlsx": good, "/abs.xlsx": good,
        "nested.zip": inner, "note.pdf": b"%PDF-1.4", "__MACOSX/._a.xlsx": b"x",
    })
    result = _read([archive])
    by_file = result.problems.set_index("file")["code"].to_dict()
    assert by_file == {
        f"{archive}/../../etc/evil.xlsx": "FILE_UNREADABLE",
        f"{archive}//abs.xlsx": "FILE_UNREADABLE",
        f"{archive}/nested.zip": "FILE_UNREADABLE",
        f"{archive}/note.pdf": "FILE_SKIPPED",
    }
    assert _values(result) == EXPECTED  # the good member is read


def test_zip_bomb_and_corrupt_archive_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(3):
            z.writestr(f"f{i}.xlsx", b"\0" * 90_000_000)  # 270 MB declared, tiny on disk
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(b"PK\x03\x04 not really")
    result = _read([bomb, corrupt, single_form(tmp_path / "a.xlsx")])
    codes = result.problems.set_index("file")["code"].to_dict()
    assert codes == {str(bomb): "FILE_TOO_LARGE", str(corrupt): "FILE_UNREADABLE"}
    assert _values(result) == EXPECTED


def test_member_too_compressed_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "forms.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.xlsx", b"\0" * 30_000_000)
    result = _read(archive)
    assert result.problems["code"].tolist() == ["FILE_TOO_LARGE"]


def _csv_rows(tmp_path: Path) -> list[list[Any]]:
    book = openpyxl.load_workbook(single_form(tmp_path / "r.xlsx"))
    rows = book.active.iter_rows(values_only=True)
    return [["" if v is None else v for v in row] for row in rows]


def _cp1258(text: str) -> bytes:
    # Windows writes Vietnamese in cp1258 as base letters (â, ơ, ư, đ…) and tone marks.
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            tones = [c for c in decomposed if c in "\u0300\u0301\u0303\u0309\u0323"]
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
            out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return out


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258", "tcvn3-cp1252"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_saved_from_the_form(encoding: str, delimiter: str, tmp_path: Path) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(_csv_rows(tmp_path))
    text = buffer.getvalue()
    if encoding == "cp1258":
        data = _cp1258(text)
    elif encoding == "tcvn3-cp1252":
        from tests.fixtures.make_legacy_forms import to_tcvn3

        data = "\n".join(to_tcvn3(line)[0] for line in text.split("\n")).encode("cp1252")
    else:
        data = text.encode(encoding)
    path = tmp_path / "bao cao.csv"
    path.write_bytes(data)
    result = _read(path)
    expected_codes = ["LEGACY_ENCODING"] if encoding.startswith("tcvn3") else []
    assert result.problems["code"].tolist() == expected_codes, result.problems.to_string()
    assert _values(result) == EXPECTED
    obs = result.observations
    assert obs["unit_code"].unique().tolist() == ["30101"]
    assert obs["unit_name"].unique().tolist() == ["Xã Thử Nghiệm"]
    assert obs["period"].unique().tolist() == ["2024H1"]
    assert result.files["format"].item() == "csv"
