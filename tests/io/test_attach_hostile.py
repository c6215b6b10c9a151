"""Zip archives of forms, round 2 (issue 21, items 2, 7, 11 and 13).

Two members with one name were both read as the first; every member re-read
the archive's directory (quadratic); the directory was built whole by zipfile
before its entries were counted; an encrypted member was "unreadable" with a
cut-off ZipInfo repr.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from childlabour_metrics.io import _attach, read_reports
from tests.fixtures import hostile_formats as hostile
from tests.fixtures.io_forms import single_form


def _read(paths, **kwargs):
    return read_reports(paths, progress=False, lang="en", **kwargs)


@pytest.mark.parametrize("workers", [1, 2])
def test_members_with_one_name_are_each_read_with_their_own_provenance(
        tmp_path: Path, workers: int) -> None:
    archive = hostile.zip_duplicate_names(tmp_path / "gui.zip")
    paths: list[Path] = [archive]
    if workers == 2:  # among enough files for the workers to read them
        paths += [single_form(tmp_path / f"u{i:02d}.xlsx", unit=str(30200 + i))
                  for i in range(65)]
    result = _read(paths, workers=workers)
    first, second = f"{archive}/xa/bao-cao.xlsx", f"{archive}/xa/bao-cao.xlsx#2"
    files = result.files.set_index("file")
    assert files.loc[first, "unit_code"] == "30101"
    assert files.loc[second, "unit_code"] == "30102"  # not the first read twice
    obs = result.observations
    assert set(obs.loc[obs["source_file"] == second, "unit_code"]) == {"30102"}
    assert "DUPLICATE_REPORT" not in set(result.problems["code"])


def test_each_archive_directory_is_read_once_per_process(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Every member re-read the directory: 5,000 members took 105 s against 9 s loose.
    form = single_form(tmp_path / "f.xlsx").read_bytes()
    archive = hostile.zip_of(tmp_path / "many.zip", [(f"xa/{i:03d}.xlsx", form)
                                                    for i in range(120)])
    opened: list[str] = []
    real = _attach._Opened.__init__

    def counting(self, path: str) -> None:
        opened.append(path)
        real(self, path)

    monkeypatch.setattr(_attach._Opened, "__init__", counting)
    result = _read(archive, workers=1)
    assert len(result.files) == 120 and result.files["rows_read"].tolist() == [4] * 120
    assert len(opened) == 2  # listed once, then read member after member
    assert not _attach._CACHE  # closed once the batch is read


def test_an_archive_with_too_many_entries_is_refused_before_zipfile_reads_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # zipfile made an object of every entry first: 96 MB of 1.1 M entries took 670 MB.
    honest = hostile.zip_many_entries(tmp_path / "many.zip", entries=6_000)
    lying = tmp_path / "lying.zip"
    data = bytearray(honest.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = struct.pack("<2H", 3, 3)  # "3 entries"
    lying.write_bytes(bytes(data))

    def never(*_args, **_kwargs):
        raise AssertionError("zipfile read the directory")

    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", never)
    for path, detail in ((honest, "6000 zip members"), (lying, "5001+ zip members")):
        result = _read(path, workers=1)
        assert result.problems[["code", "detail"]].values.tolist() == [
            ["FILE_TOO_LARGE", detail]]


def test_a_directory_beyond_its_size_limit_is_refused(tmp_path: Path) -> None:
    from childlabour_metrics.io._limits import LIMITS

    # Few entries, each with a name and extra field of 64 KB: a directory of 20+ MB.
    path = tmp_path / "long-names.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for i in range(LIMITS["zip_directory"] // 130_000 + 1):
            info = zipfile.ZipInfo(f"{i:05d}" + "x" * 65_000 + ".xlsx")
            info.extra = b"\x99\x99" + struct.pack("<H", 65_000) + b"\x00" * 65_000
            archive.writestr(info, b"")
    result = _read(path, workers=1)
    assert result.problems["code"].tolist() == ["FILE_TOO_LARGE"]
    assert "zip directory" in result.problems["detail"].item()


def test_an_encrypted_member_is_named_encrypted(tmp_path: Path) -> None:
    archive = hostile.zip_encrypted_member(tmp_path / "khoa.zip")
    result = _read(archive, workers=1)
    assert result.problems[["file", "code"]].values.tolist() == [
        [f"{archive}/xa.xlsx", "FILE_ENCRYPTED"]]


def test_an_encrypted_part_of_a_workbook_is_named_encrypted(tmp_path: Path) -> None:
    path = single_form(tmp_path / "khoa.xlsx")
    data = bytearray(path.read_bytes())
    at = data.find(b"PK\x01\x02")  # every part's flag: "encrypted"
    while at >= 0:
        data[at + 8] |= 1
        local = struct.unpack_from("<L", data, at + 42)[0]
        data[local + 6] |= 1
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    assert _read(path, workers=1).problems["code"].tolist() == ["FILE_ENCRYPTED"]
