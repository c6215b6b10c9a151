"""template checks the unit against a registry (issue 11 item 11)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import childlabour_metrics as clm
from childlabour_metrics.cli import main
from childlabour_metrics.language.errors import InputError, UnitMatchWarning
from childlabour_metrics.reference.units import UnitRegistryError
from tests.support import REPO

ROOT = REPO
REGISTRY = ROOT / "data" / "sample" / "units.csv"


def test_unknown_unit_hints_a_code_of_the_communes_length(tmp_path) -> None:
    with pytest.raises(UnitRegistryError, match='"00001"') as err:
        clm.write_template(tmp_path / "t.xlsx", "1", "2024H1", units=REGISTRY)
    assert err.value.code == "1" and err.value.field == "unit_code"
    assert '"01"' not in str(err.value)
    assert not (tmp_path / "t.xlsx").exists()


def test_a_province_01_does_not_steal_the_hint(tmp_path) -> None:
    units = pd.DataFrame({"code": ["VN", "01", "001", "00001"], "name": ["VN", "P", "D", "X"],
                          "level": ["country", "province", "district", "commune"],
                          "parent_code": ["", "VN", "01", "001"]})
    with pytest.raises(UnitRegistryError, match='"00001"'):
        clm.write_template(tmp_path / "t.xlsx", "1", "2024H1", units=units)


def test_unit_not_existing_in_the_period_is_refused(tmp_path) -> None:
    # Phường Tứ Minh (10540) was dissolved on 1 July 2025; its code was not reused
    with pytest.raises(UnitRegistryError, match="2026"):
        clm.write_template(tmp_path / "t.xlsx", "10540", "2026", units=REGISTRY, lang="en")


def test_the_readme_example_makes_a_form_the_reader_accepts(tmp_path, capsys) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if x.startswith("childlabour-metrics template"))
    args = line.split()[1:]
    args[args.index("--units") + 1] = str(REGISTRY)
    args[args.index("-o") + 1] = str(tmp_path / "mau.xlsx")
    assert main(args) == 0
    period = args[args.index("--period") + 1]
    form = clm.fill_template(tmp_path / "mau.xlsx", {"CL01": (5, 1000), "CL02": (2, 1000)},
                             dt.date(int(period[:4]), 6, 10))
    result = clm.read_reports(form, units=REGISTRY, plan="hai-duong-2021", progress=False)
    assert result.problems.empty, result.problems[["code", "message"]].to_string()
    assert set(result.observations["status"]) == {"ok"}


def test_cli_template_with_an_unknown_unit_is_a_usage_error(tmp_path, capsys) -> None:
    code = main(["template", "--unit", "1", "--period", "2024H1", "--plan", "hai-duong-2021",
                 "--units", str(REGISTRY), "-o", str(tmp_path / "t.xlsx")])
    assert code == 2
    err = capsys.readouterr().err
    assert "lỗi:" in err and '"00001"' in err


# --------------------------------------------------------------- a name instead of a code


def test_cli_template_takes_a_unit_name_and_writes_its_code(tmp_path, capsys) -> None:
    out = tmp_path / "cam-thuong.xlsx"
    code = main(["template", "--unit", "Xã Cẩm Thượng", "--units", str(REGISTRY),
                 "--period", "2024H1", "--plan", "hai-duong-2021", "-o", str(out)])
    assert code == 0
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    # the registry's code and its own name ("Phường", not the "Xã" typed)
    assert ws["C4"].value == "10507" and ws["C5"].value == "Phường Cẩm Thượng"
    form = clm.fill_template(out, {"CL01": (5, 1000)}, dt.date(2024, 6, 10))
    result = clm.read_reports(form, units=REGISTRY, plan="hai-duong-2021", progress=False)
    assert set(result.observations["unit_code"]) == {"10507"}
    assert result.problems.empty, result.problems[["code", "message"]].to_string()


def test_a_name_of_two_units_is_an_error_listing_both(tmp_path, capsys) -> None:
    units = pd.DataFrame({"code": ["VN", "P", "D1", "D2", "10001", "10002"],
                          "name": ["VN", "Tỉnh P", "Huyện A", "Huyện B", "Xã An Bình",
                                   "Xã An Bình"],
                          "level": ["country", "province", "district", "district", "commune",
                                    "commune"],
                          "parent_code": ["", "VN", "P", "P", "D1", "D2"]})
    path = tmp_path / "units.csv"
    units.to_csv(path, index=False)
    code = main(["template", "--unit", "an binh", "--units", str(path), "--period", "2024",
                 "--plan", "hai-duong-2021", "-o", str(tmp_path / "t.xlsx"), "--lang", "en"])
    assert code == 2
    err = capsys.readouterr().err
    assert "10001 Xã An Bình" in err and "10002 Xã An Bình" in err and str(path) in err
    assert not (tmp_path / "t.xlsx").exists()


def test_a_name_is_matched_among_the_units_of_the_period(tmp_path) -> None:
    # 10606 is old Thị trấn Nam Sách until 30 June 2025, new Xã Nam Sách after
    from childlabour_metrics.output.template import resolve_unit

    assert resolve_unit("Thị trấn Nam Sách", "2024", REGISTRY) == "10606"
    assert resolve_unit("Xã Nam Sách", "2026", REGISTRY) == "10606"
    # a name not in the period is an error naming it
    with pytest.raises(UnitRegistryError, match="Hồng Phong"):
        clm.write_template(tmp_path / "t.xlsx", "Xã Hồng Phong", "2026", units=REGISTRY)
    # with a plan, only its scope: Vân Sơn is not in Hải Dương's plan.  Issue 23: the
    # name was returned as typed (and written into the code cell); now an error that
    # names the unit outside the plan.
    with pytest.raises(InputError, match="07621 Xã Vân Sơn") as outside:
        resolve_unit("Vân Sơn", "2024", REGISTRY, plan="hai-duong-2021")
    assert outside.value.field == "unit_code" and "hai-duong-2021" in str(outside.value)
    with pytest.warns(UnitMatchWarning, match="07621"):  # no prefix: a loose match
        assert resolve_unit("Vân Sơn", "2024", REGISTRY) == "07621"
