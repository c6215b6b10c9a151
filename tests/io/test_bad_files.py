"""The bad-file corpus: each file gives exactly one clear problem, no exception, bounded memory."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine as pc

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._limits import LIMITS
from childlabour_metrics.io._open import open_workbook
from childlabour_metrics.language.problems import OpenError
from tests.fixtures.io_forms import single_form
from tests.fixtures.make_bad_files import CORPUS
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR
BAD = FIXTURES / "bad"

PEAK_LIMIT = 50_000_000  # bytes of Python allocations while reading one bad file


def _read_one_bad(path: Path):
    tracemalloc.start()
    try:
        result = read_reports(path, workers=1, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak


@pytest.mark.parametrize(("name", "code"), sorted(CORPUS.items()))
def test_each_bad_file_gives_one_problem(name: str, code: str) -> None:
    result, peak = _read_one_bad(BAD / name)
    assert result.problems["code"].tolist() == [code]
    assert result.problems["severity"].tolist() == ["error"]
    assert result.problems["file"].tolist() == [str(BAD / name)]
    assert result.observations.empty
    assert result.files["status"].tolist() == ["error"]
    assert peak < PEAK_LIMIT


def test_corpus_as_a_batch_does_not_stop_good_files(tmp_path: Path) -> None:
    good = single_form(tmp_path / "good.xlsx")
    paths = [*sorted(BAD.iterdir()), good]
    result = read_reports(paths, workers=1, progress=False)
    assert len(result.files) == len(CORPUS) + 1
    assert sorted(result.problems["code"]) == sorted(CORPUS.values())
    assert set(result.observations["source_file"]) == {str(good)}
    assert (result.observations["status"] == "ok").all()


def test_calamine_itself_never_expands_entities() -> None:
    # Even without our DTD check, calamine's XML reader refuses undeclared expansion.
    tracemalloc.start()
    try:
        with pytest.raises(pc.CalamineError):
            pc.CalamineWorkbook.from_path(str(BAD / "entity_bomb.xlsx")).get_sheet_by_index(0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_LIMIT


def _zip_bomb(path: Path, megabytes: int) -> Path:
    """A valid-looking xlsx whose one extra member inflates to ``megabytes`` of zeros."""
    single_form(path)
    chunk = b"\0" * 1_000_000
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open("xl/media/padding.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return path


def test_zip_bomb_refused_before_decompression(tmp_path: Path) -> None:
    bomb = _zip_bomb(tmp_path / "bomb.xlsx", 250)
    assert bomb.stat().st_size < 2_000_000
    result, peak = _read_one_bad(bomb)
    assert result.problems["code"].tolist() == ["FILE_TOO_LARGE"]
    assert peak < PEAK_LIMIT


def test_high_ratio_member_refused(tmp_path: Path) -> None:
    bomb = _zip_bomb(tmp_path / "ratio.xlsx", 5)  # small in total, absurd ratio
    with pytest.raises(OpenError) as err:
        open_workbook(bomb)
    assert err.value.code == "FILE_TOO_LARGE"
    assert "ratio" in err.value.detail


def test_million_row_sheet_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Mã"
    wb.active.cell(1_000_000, 1, 1)
    wb.save(tmp_path / "tall.xlsx")
    result, peak = _read_one_bad(tmp_path / "tall.xlsx")
    assert result.problems["code"].tolist() == ["FILE_TOO_LARGE"]
    assert "1000000" in result.problems["message"].item()
    assert peak < PEAK_LIMIT


def test_wide_sparse_sheet_refused(tmp_path: Path) -> None:
    # Two cells far apart: tiny XML, but a grid of 60,000 × 16,000 once materialised.
    wb = openpyxl.Workbook()
    wb.active["A1"] = 1
    wb.active.cell(60_000, 16_000, 1)
    wb.save(tmp_path / "sparse.xlsx")
    result, _ = _read_one_bad(tmp_path / "sparse.xlsx")
    assert result.problems["code"].tolist() == ["FILE_TOO_LARGE"]


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    result = read_reports(tmp_path / "absent.xlsx", progress=False)
    assert result.problems["code"].tolist() == ["FILE_NOT_FOUND"]


def test_encrypted_ole_without_msoffcrypto(tmp_path: Path) -> None:
    # The committed fixture is real; this checks the rule on a file built by hand too:
    # an OLE compound file whose directory names an "EncryptionInfo" stream.
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    entry = "EncryptionInfo".encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64
    (tmp_path / "locked.xlsx").write_bytes(header + entry)
    result = read_reports(tmp_path / "locked.xlsx", progress=False)
    assert result.problems["code"].tolist() == ["FILE_ENCRYPTED"]


def test_limits_are_far_above_a_real_report() -> None:
    assert LIMITS["rows"] >= 10_000 and LIMITS["zip_total"] >= 50_000_000


def test_ods_with_absurd_repeated_rows_refused(tmp_path: Path) -> None:
    source = FIXTURES / "forms" / "single_two_row.ods"
    target = tmp_path / "repeated.ods"
    row = (b'<table:table-row table:number-rows-repeated="2000000"><table:table-cell '
           b'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
           b"</table:table-row>")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "content.xml":
                first = data.index(b"<table:table-row")
                data = data[:first] + row + data[first:]
            out.writestr(info, data)
    result, peak = _read_one_bad(target)
    assert result.problems["code"].tolist() == ["FILE_TOO_LARGE"]
    assert peak < PEAK_LIMIT
