"""Which files a read is given (``io/_discover.py``): a folder's forms, an archive's
members, paths given twice, and every file not read named with its reason."""

from __future__ import annotations

import csv
import dataclasses
import io
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._discover import Entry, _csv_holds_form, discover
from tests.fixtures.io_forms import EXPECTED, single_form
from tests.fixtures.io_forms import read as _read
from tests.fixtures.io_forms import values as _values

# -- discover() itself: entries, no reading ----------------------------------------------


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_forms_in_path_order_then_what_is_not_read(tmp_path: Path) -> None:
    for name in ("b/2.xlsx", "a.ods", "b/1.xls", "Z.csv", "scan.pdf", "b/photo.jpg",
                 "~$a.xlsx", ".hidden.xlsx", "._a.xlsx", "notes.md"):
        _touch(tmp_path / name)
    entries = discover(tmp_path)
    assert all(isinstance(entry, Entry) for entry in entries)
    forms = [entry for entry in entries if entry.read]
    # The CSV holds no form's headings: passed over; so are lock, hidden and other files.
    assert [e.shown for e in forms] == [str(tmp_path / n) for n in ("a.ods", "b/1.xls",
                                                                    "b/2.xlsx")]
    assert entries[:len(forms)] == forms  # the forms first
    not_read = {Path(e.shown).name: (e.code, e.why) for e in entries[len(forms):]}
    assert not_read == {"scan.pdf": ("FILE_SKIPPED", ".pdf"),
                        "photo.jpg": ("FILE_SKIPPED", ".jpg")}
    assert all(e.member is None and e.path == e.shown for e in entries)


def test_an_entry_is_frozen(tmp_path: Path) -> None:
    entry = discover(_touch(tmp_path / "a.xlsx"))[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.code = "FILE_SKIPPED"  # type: ignore[misc]


def test_archive_members_are_entries_of_their_own(tmp_path: Path) -> None:
    archive = tmp_path / "forms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("xa/a.xlsx", b"PK")
        z.writestr("../evil.xlsx", b"PK")
        z.writestr("note.pdf", b"%PDF")
        z.writestr("xa/b.xlsx", b"PK")
    entries = discover(tmp_path)
    shown = {e.shown: e for e in entries}
    a = shown[f"{archive}/xa/a.xlsx"]
    assert (a.path, a.member, a.code, a.location) == (str(archive), "xa/a.xlsx", None,
                                                      f"{archive}/xa/a.xlsx")
    assert [e.member for e in entries if e.read] == ["xa/a.xlsx", "xa/b.xlsx"]
    assert {e.member: e.code for e in entries if not e.read} == {
        "../evil.xlsx": "FILE_UNREADABLE", "note.pdf": "FILE_SKIPPED"}


def test_an_archive_refused_whole_is_named_as_itself(tmp_path: Path) -> None:
    corrupt = _touch(tmp_path / "corrupt.zip", b"PK\x03\x04 not really")
    [entry] = discover(corrupt)
    assert (entry.path, entry.member, entry.code) == (str(corrupt), None, "FILE_UNREADABLE")


def test_a_member_given_by_its_path(tmp_path: Path) -> None:
    archive = tmp_path / "forms.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("xa/a.xlsx", b"PK")
    # A folder named like an archive holds files, not members.
    real = _touch(tmp_path / "old.zip" / "b.xlsx")
    member, file = discover([f"{archive}/xa/a.xlsx", real])
    assert (member.path, member.member, member.shown) == (str(archive), "xa/a.xlsx",
                                                          f"{archive}/xa/a.xlsx")
    assert (file.path, file.member) == (str(real), None)


def test_a_name_not_valid_utf8_is_read_by_its_path_and_shown_replaced(tmp_path: Path) -> None:
    name = os.fsdecode(bytes(tmp_path) + b"/B\xe1o.xlsx")
    try:
        _touch(Path(name))
    except (OSError, UnicodeEncodeError):
        pytest.skip("the file system refuses such a name")
    [entry] = discover(tmp_path)
    assert entry.path == name
    assert entry.shown == str(tmp_path / "B\ufffdo.xlsx")


@pytest.mark.parametrize(("text", "holds"), [
    ("Mã,Tên chỉ tiêu,Tử số,Mẫu số\nCL01,x,1,2\n", True),
    ("code;numerator;denominator\n", True),
    ("code,name\n30101,Xã A\n", False),
    ("file,code\na.xlsx,NUMERATOR_GT_DENOMINATOR\n", False),  # the words inside a cell
])
def test_a_csv_is_a_form_when_it_names_both_counts(tmp_path: Path, text: str,
                                                   holds: bool) -> None:
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    assert _csv_holds_form(str(path)) is holds


# -- through read_reports: what the files table shows ------------------------------------


def test_folder_walk_names_what_it_does_not_read(tmp_path: Path) -> None:
    single_form(tmp_path / "a.xlsx")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    with zipfile.ZipFile(tmp_path / "old.xlsb", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.bin", b"x")
    (tmp_path / "~$a.xlsx").write_bytes(b"\0" * 165)  # an open file's lock: passed over
    locked = tmp_path / "locked"
    locked.mkdir()
    single_form(locked / "b.xlsx", unit="30102")
    locked.chmod(0)
    try:
        result = _read(tmp_path)
    finally:
        locked.chmod(0o755)
    files = result.files.set_index("file")
    problems = result.problems.set_index("file")
    assert files.loc[str(tmp_path / "a.xlsx"), "status"] == "ok"
    assert problems.loc[str(tmp_path / "scan.pdf"), "code"] == "FILE_SKIPPED"
    assert ".pdf" in problems.loc[str(tmp_path / "scan.pdf"), "message"]
    assert problems.loc[str(tmp_path / "old.xlsb"), "code"] == "FILE_UNREADABLE"
    assert str(tmp_path / "~$a.xlsx") not in files.index
    if os.geteuid() != 0:  # root reads any folder
        assert problems.loc[str(locked), "code"] == "FILE_SKIPPED"
    assert set(problems.index) <= set(files.index)  # every problem's file is a file row


def test_same_path_given_twice_is_read_once(tmp_path: Path) -> None:
    path = single_form(tmp_path / "a.xlsx")
    result = _read([path, str(path), tmp_path, tmp_path / "." / "a.xlsx"])
    assert result.files["file"].tolist() == [str(path)]
    assert _values(result) == EXPECTED


def test_folder_reads_form_csvs_and_passes_over_other_csvs(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(single_form(tmp_path / "r.xlsx"))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(["" if v is None else v for v in row]
                                 for row in book.active.iter_rows(values_only=True))
    (tmp_path / "r.xlsx").unlink()
    (tmp_path / "form.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (tmp_path / "units.csv").write_text("code,name\n30101,Xã A\n", encoding="utf-8")
    (tmp_path / "planted.csv").write_text("file,code\na.xlsx,NUMERATOR_GT_DENOMINATOR\n")
    (tmp_path / "README.md").write_text("# notes\n")
    result = _read(tmp_path)
    assert result.files["file"].tolist() == [str(tmp_path / "form.csv")]
    assert _values(result) == EXPECTED and result.problems.empty


def test_list_of_paths_and_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    a = single_form(tmp_path / "sub" / "a.xlsx")
    b = single_form(tmp_path / "b.xlsx", unit="30102")
    result = read_reports([tmp_path / "sub", b], progress=False)
    assert result.files["file"].tolist() == [str(a), str(b)]


def test_lock_files_are_skipped(tmp_path: Path) -> None:
    single_form(tmp_path / "a.xlsx")
    (tmp_path / "~$a.xlsx").write_bytes(b"\0" * 165)
    (tmp_path / "readme.txt").write_text("x")
    result = read_reports(tmp_path, progress=False)
    # The lock file is passed over; another file is named (issue 9, item 18).
    assert result.files["file"].tolist() == [str(tmp_path / f) for f in ("a.xlsx", "readme.txt")]
    assert result.problems["code"].tolist() == ["FILE_SKIPPED"]
