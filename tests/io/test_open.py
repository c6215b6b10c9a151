"""Opening workbooks: the bytes handed to calamine give exactly the cells of the file."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
import python_calamine as pc

from childlabour_metrics.io import _open, _zip
from childlabour_metrics.io._open import open_workbook
from childlabour_metrics.language.problems import OpenError
from tests.fixtures.io_forms import single_form
from tests.support import FIXTURES_DIR, REPO

SAMPLE = REPO / "data" / "sample"
FIXTURES = FIXTURES_DIR


def _calamine_rows(source: str | io.BytesIO) -> dict[str, list[list]]:
    """Every sheet's cells as calamine reads the file itself."""
    book = (pc.CalamineWorkbook.from_path(source) if isinstance(source, str)
            else pc.CalamineWorkbook.from_filelike(source))
    return {name: book.get_sheet_by_index(i).to_python(skip_empty_area=False)
            for i, name in enumerate(book.sheet_names)}


def _our_rows(path: str | Path) -> dict[str, list[list]]:
    book = open_workbook(path)
    try:
        return {name: book.rows(i) for i, name in enumerate(book.sheet_names)}
    finally:
        book.close()


SAMPLE_XLSX = sorted(str(p) for p in SAMPLE.rglob("*.xlsx"))


def test_sample_has_workbooks() -> None:
    assert len(SAMPLE_XLSX) > 200


@pytest.mark.parametrize("path", SAMPLE_XLSX[::17] + SAMPLE_XLSX[-3:])
def test_sheets_read_as_calamine_reads_the_file(path: str) -> None:
    # The worksheets are handed to calamine uncompressed (inflated once, by the
    # safety scan): the cells must be the very ones calamine reads from the file.
    assert _our_rows(path) == _calamine_rows(path)


def test_calamine_gets_only_the_parts_it_reads_each_checked_and_stored(tmp_path: Path) -> None:
    path = single_form(tmp_path / "two.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    notes = wb.create_sheet("Ghi chú", 0)
    notes["A1"] = "Hướng dẫn điền biểu"
    wb.save(path)
    data = path.read_bytes()
    fmt, formulas, handed, *_ = _open._check_zip(str(path), data)
    assert fmt == "xlsx" and formulas == {}
    before = {i.filename: i for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    after = zipfile.ZipFile(io.BytesIO(handed))
    assert after.testzip() is None  # every CRC matches its (stored) bytes
    kept = sorted(i.filename for i in after.infolist())
    assert kept == sorted(
        name for name in before
        if name.startswith(("xl/worksheets/", "xl/chartsheets/")) or name in {
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedStrings.xml"}
    )
    assert "xl/theme/theme1.xml" in before and "docProps/core.xml" in before  # dropped
    for info in after.infolist():
        original = before[info.filename]
        assert info.compress_type == zipfile.ZIP_STORED
        assert info.CRC == original.CRC and info.file_size == original.file_size
    assert _calamine_rows(io.BytesIO(handed)) == _calamine_rows(str(path))


@pytest.mark.parametrize("variant", ["XL/WORKSHEETS/SHEET1.XML", "xl\\worksheets\\sheet1.xml",
                                     "xl/./worksheets/sheet1.xml"])
def test_parts_named_alike_are_refused(tmp_path: Path, variant: str) -> None:
    # Zip readers differ on case, slashes and dots in names: with two such parts,
    # which one calamine reads is a matter of chance, so neither is read.
    source = single_form(tmp_path / "src.xlsx")
    target = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info))
        out.writestr(variant, src.read("xl/worksheets/sheet1.xml"))
    with pytest.raises(OpenError) as err:
        open_workbook(target)
    assert err.value.code == "FILE_UNREADABLE" and "two parts" in err.value.detail


def test_data_descriptors_and_unicode_names(tmp_path: Path) -> None:
    # A zip written to a stream that cannot seek carries data descriptors (flag
    # bit 3); names may be UTF-8.  Both are handed on correctly.
    source = single_form(tmp_path / "src.xlsx")
    original = zipfile.ZipFile(source)

    class NoSeek(io.RawIOBase):
        def __init__(self) -> None:
            self.buffer = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b) -> int:
            self.buffer += b
            return len(b)

    stream = NoSeek()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info.filename, original.read(info))
        out.writestr("docProps/ghi-chú.xml", "<x/>")
    target = tmp_path / "streamed.xlsx"
    target.write_bytes(bytes(stream.buffer))
    flags = {i.filename: i.flag_bits for i in zipfile.ZipFile(target).infolist()}
    assert all(bits & 0x08 for bits in flags.values())
    assert _our_rows(target) == _calamine_rows(str(target))


def test_corrupt_worksheet_is_refused_not_read(tmp_path: Path) -> None:
    # A flipped byte in the compressed sheet: inflating fails or the CRC differs;
    # either way the file is unreadable (calamine would not check the CRC of the
    # stored copy, so the scan must).
    path = single_form(tmp_path / "x.xlsx")
    data = bytearray(path.read_bytes())
    member = next(m for m in _zip.plain_members(bytes(data))
                  if m.filename.startswith("xl/worksheets/"))
    name_len = int.from_bytes(data[member.header_offset + 26 : member.header_offset + 28],
                              "little")
    start = member.header_offset + 30 + name_len
    data[start + member.compress_size // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(OpenError) as err:
        open_workbook(path)
    assert err.value.code == "FILE_UNREADABLE"


@pytest.mark.parametrize(
    ("content", "code"),
    [(None, "FILE_NOT_FOUND"), (b"", "FILE_EMPTY"), ("dir", "FILE_UNREADABLE")],
)
def test_reading_the_file(tmp_path: Path, content, code: str) -> None:
    path = tmp_path / "x.xlsx"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(OpenError) as err:
        _open._read_file(str(path))
    assert err.value.code == code


def test_file_over_the_limit_is_not_read_whole(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    monkeypatch.setitem(_open.LIMITS, "file_bytes", 4000)
    with pytest.raises(OpenError) as err:
        _open._read_file(str(path))
    assert err.value.code == "FILE_TOO_LARGE"
    monkeypatch.setitem(_open.LIMITS, "file_bytes", 6000)
    assert len(_open._read_file(str(path))) == 5004


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)  # opening it for reading would block until a writer came
    with pytest.raises(OpenError) as err:
        _open._read_file(str(pipe))
    assert err.value.code == "FILE_UNREADABLE" and "regular" in err.value.detail
