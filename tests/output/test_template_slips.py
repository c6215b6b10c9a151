"""Issue 23: a slip in template's unit ends in a clear error or says what it matched.

Each slip of the issue is run as it was found: on the command line, in process
(``main([...])``), without ``--units`` (the official registry); and in Python.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from openpyxl import load_workbook

import childlabour_metrics as clm
from childlabour_metrics.cli import main
from childlabour_metrics.language.errors import InputError, UnitMatchWarning, UnknownUnitError
from childlabour_metrics.output.template import resolve_unit
from tests.support import REPO

SAMPLE_UNITS = REPO / "data" / "sample" / "units.csv"
PLAN = ["--period", "2024H1", "--plan", "hai-duong-2021"]


def _unit_cells(path) -> tuple[str, str]:
    ws = load_workbook(path).active
    assert ws["B4"].value in ("Mã đơn vị:", "Unit code:")
    assert ws["B5"].value in ("Tên đơn vị:", "Unit name:")
    return ws["C4"].value, ws["C5"].value


# --------------------------------------------------------------------------- the CLI


def test_a_name_without_units_writes_its_code_and_its_name(tmp_path, capsys) -> None:
    # Slip: the name went into the "Mã đơn vị" cell and "Tên đơn vị" stayed blank.
    out = tmp_path / "f.xlsx"
    assert main(["template", "--unit", "Phường Cẩm Thượng", *PLAN, "-o", str(out)]) == 0
    assert _unit_cells(out) == ("10507", "Phường Cẩm Thượng")
    err = capsys.readouterr().err
    assert "→" not in err  # the registry's own spelling: nothing to say
    assert err.strip() == f"Đã ghi mẫu báo cáo: {out}"


def test_a_code_without_units_writes_the_registrys_name(tmp_path, capsys) -> None:
    out = tmp_path / "f.xlsx"
    assert main(["template", "--unit", "10507", *PLAN, "-o", str(out)]) == 0
    assert _unit_cells(out) == ("10507", "Phường Cẩm Thượng")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_code_of_no_unit_is_refused(tmp_path, capsys, lang) -> None:
    # Slip: --unit 99999 was accepted, and the form written.
    out = tmp_path / "f.xlsx"
    assert main(["template", "--unit", "99999", *PLAN, "-o", str(out), "--lang", lang]) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    lead = "lỗi" if lang == "vi" else "error"
    assert lines[0].startswith(f"childlabour-metrics: {lead}: ") and '"99999"' in lines[0]
    what_to_do = "--units" if lang == "en" else "đưa danh mục đơn vị của mình"
    assert what_to_do in lines[0] and "2024H1" in lines[0]
    assert not out.exists()


def test_a_name_of_no_unit_is_refused(tmp_path, capsys) -> None:
    out = tmp_path / "f.xlsx"
    assert main(["template", "--unit", "Xã Không Có Thật", *PLAN, "-o", str(out),
                 "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert '"Xã Không Có Thật" is neither the code nor the name of a unit' in err
    assert not out.exists()


@pytest.mark.parametrize("typed", ["Xã Cẩm Thượng", "cam thuong"])
def test_a_loose_name_says_what_it_matched(tmp_path, capsys, typed) -> None:
    # Slip: these silently made a form for Phường Cẩm Thượng.
    out = tmp_path / "f.xlsx"
    assert main(["template", "--unit", typed, *PLAN, "-o", str(out)]) == 0
    assert _unit_cells(out) == ("10507", "Phường Cẩm Thượng")
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0].startswith("childlabour-metrics: lưu ý: ")
    assert f'"{typed}" → Phường Cẩm Thượng (10507)' in err[0]
    assert err[1] == f"Đã ghi mẫu báo cáo: {out}"


def test_a_loose_name_through_units_says_so_in_english(tmp_path, capsys) -> None:
    out = tmp_path / "f.xlsx"
    assert main(["template", "--unit", "Xã Cẩm Thượng", "--units", str(SAMPLE_UNITS), *PLAN,
                 "-o", str(out), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert ('childlabour-metrics: note: "Xã Cẩm Thượng" → Phường Cẩm Thượng (10507): a loose '
            f"match of the name in {SAMPLE_UNITS}") in err


def test_the_forms_of_the_slips_now_pass_check_form(tmp_path, capsys) -> None:
    # The forms written from a name (exact or loose) read back clean, unit checked.
    for i, typed in enumerate(["Phường Cẩm Thượng", "Xã Cẩm Thượng", "cam thuong"]):
        out = tmp_path / f"f{i}.xlsx"
        assert main(["template", "--unit", typed, *PLAN, "-o", str(out)]) == 0
        assert main(["check-form", str(out)]) == 0
        text = capsys.readouterr().out
        assert "Đơn vị: 10507 Phường Cẩm Thượng" in text and "không có lỗi" in text


# --------------------------------------------------------------------------- the API


def test_api_a_loose_name_warns_with_what_it_matched(tmp_path) -> None:
    with pytest.warns(UnitMatchWarning) as caught:
        path = clm.write_template(tmp_path / "f.xlsx", "Xã Cẩm Thượng", "2024H1",
                                  "hai-duong-2021", lang="en")
    warned = caught[0].message
    assert isinstance(warned, UnitMatchWarning)
    assert (warned.typed, warned.code, warned.name) == ("Xã Cẩm Thượng", "10507",
                                                          "Phường Cẩm Thượng")
    assert str(warned).startswith('"Xã Cẩm Thượng" → Phường Cẩm Thượng (10507): a loose match')
    assert "tên khớp gần đúng" in warned.message("vi")
    assert _unit_cells(path) == ("10507", "Phường Cẩm Thượng")


def test_api_an_exact_name_or_a_code_does_not_warn(tmp_path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnitMatchWarning)
        for typed in ("Phường Cẩm Thượng", "10507", " 10507 "):
            path = clm.write_template(tmp_path / "f.xlsx", typed, "2024H1")
            assert _unit_cells(path) == ("10507", "Phường Cẩm Thượng")


@pytest.mark.parametrize("typed", ["99999", "Xã Không Có Thật"])
def test_api_a_unit_of_nothing_is_an_input_error(tmp_path, typed) -> None:
    with pytest.raises(InputError) as caught:
        clm.write_template(tmp_path / "f.xlsx", typed, "2024H1", "hai-duong-2021")
    exc = caught.value
    assert isinstance(exc, UnknownUnitError) and isinstance(exc, clm.UnitRegistryError)
    assert exc.field == "unit_code" and exc.code == typed
    assert "units=" in exc.message("en") and "check the code or the name" in exc.message("en")
    assert not (tmp_path / "f.xlsx").exists()


def test_api_a_unit_that_did_not_exist_in_the_period_is_refused(tmp_path) -> None:
    # Vân Sơn (07621) exists on both maps; Hữu Sản (07624) was merged into it.
    with pytest.raises(UnknownUnitError, match="2026"):
        clm.write_template(tmp_path / "f.xlsx", "07624", "2026")
    assert resolve_unit("07624", "2024") == "07624"


def test_api_unit_name_of_another_unit_is_an_error(tmp_path) -> None:
    with pytest.raises(InputError) as caught:
        clm.write_template(tmp_path / "f.xlsx", "10507", "2024H1", unit_name="Xã A")
    assert caught.value.field == "unit_name"
    assert '"Phường Cẩm Thượng"' in caught.value.message("en")
    # the same unit spelt otherwise: the registry's spelling is written
    path = clm.write_template(tmp_path / "f.xlsx", "10507", "2024H1",
                              unit_name="P. Cẩm Thượng")
    assert _unit_cells(path) == ("10507", "Phường Cẩm Thượng")


def test_api_a_registry_given_is_the_one_used(tmp_path) -> None:
    # A unit the official registry lacks, known to one's own.
    units = pd.DataFrame({"code": ["40", "40-YT"], "name": ["Tỉnh Nghệ An", "Sở Y tế"],
                          "level": ["province", "department"], "parent_code": ["", "40"]})
    with pytest.raises(UnknownUnitError):
        clm.write_template(tmp_path / "f.xlsx", "40-YT", "2021")
    with pytest.warns(UnitMatchWarning, match="40-YT"):
        path = clm.write_template(tmp_path / "f.xlsx", "so y te", "2021", units=units)
    assert _unit_cells(path) == ("40-YT", "Sở Y tế")


def test_api_accents_tell_units_apart_and_a_folded_name_of_two_is_an_error(tmp_path) -> None:
    # Nationally, "cam thuong" is Phường Cẩm Thượng (10507) and Xã Cam Thượng (09688).
    with pytest.raises(UnknownUnitError) as caught:
        clm.write_template(tmp_path / "f.xlsx", "cam thuong", "2024H1")
    message = caught.value.message("en")
    assert "09688 Xã Cam Thượng" in message and "10507 Phường Cẩm Thượng" in message
    assert "Give the unit code" in message
    # spelt with its accents, the name means one of them (another prefix: a notice)
    with pytest.warns(UnitMatchWarning, match="10507"):
        assert resolve_unit("Xã Cẩm Thượng", "2024H1") == "10507"
    with pytest.warns(UnitMatchWarning, match="09688"):
        assert resolve_unit("cam thượng", "2024H1") == "09688"
