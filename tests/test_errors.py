"""One exception family: every error the library raises on purpose shares a base."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from test_words import _foreign

import childlabour_metrics as clm
from childlabour_metrics.cli import CliError
from childlabour_metrics.crosswalk import CrosswalkError
from childlabour_metrics.errors import ChildLabourMetricsError
from childlabour_metrics.export import ExportError, data_dictionary
from childlabour_metrics.io._grid import GridError
from childlabour_metrics.io._open import OpenError, open_workbook
from childlabour_metrics.periods import PeriodError
from childlabour_metrics.plans import PlanError
from childlabour_metrics.units import UnitRegistryError
from childlabour_metrics.words import WORDS, has_word


@pytest.mark.parametrize(
    "error",
    [PlanError, PeriodError, UnitRegistryError, CrosswalkError, CliError, ExportError,
     OpenError, GridError],
)
def test_every_error_is_in_the_family(error: type[Exception]) -> None:
    assert issubclass(error, ChildLabourMetricsError)


def test_value_errors_stay_value_errors_and_carry_data() -> None:
    with pytest.raises(ValueError):
        clm.parse_period("not a period")
    with pytest.raises(ChildLabourMetricsError):
        clm.load_plan("no-such-plan")
    exc = clm.PlanError("bad", file="p.toml", target="T1", field="value", code="x")
    assert (exc.file, exc.target, exc.field, exc.code, str(exc)) == (
        "p.toml", "T1", "value", "x", "bad")


def test_every_error_class_in_the_package_is_in_the_family() -> None:
    import importlib
    import pkgutil

    found = []
    for info in pkgutil.walk_packages(clm.__path__, "childlabour_metrics."):
        module = importlib.import_module(info.name)
        found += [obj for obj in vars(module).values()
                  if isinstance(obj, type) and issubclass(obj, Exception)
                  and obj.__module__.startswith("childlabour_metrics")]
    assert found
    assert [e for e in found if not issubclass(e, ChildLabourMetricsError)] == []


def test_errors_keep_their_behaviour(tmp_path) -> None:
    # an unreadable file still says which problem, now catchable with the family
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(ChildLabourMetricsError) as caught:
        open_workbook(empty)
    assert isinstance(caught.value, OpenError)
    assert (caught.value.code, caught.value.detail) == ("FILE_EMPTY", "")
    # an export error stays a ValueError, and is one of the family
    with pytest.raises(ValueError) as refused:
        data_dictionary(["no_such_table"])
    assert isinstance(refused.value, ChildLabourMetricsError)
    assert "no_such_table" in str(refused.value)


# --------------------------------------------------------------------------- messages
# Every message is a vocabulary entry rendered in the language asked.

_FAMILY = {"PlanError", "PeriodError", "UnitRegistryError", "CrosswalkError", "CliError",
           "ExportError", "ChildLabourMetricsError"}


def _raises_of_the_family() -> list[tuple[str, int, ast.expr | None]]:
    """(module, line, first argument) of every ``raise XError(...)`` of the family."""
    found = []
    root = Path(clm.__file__).parent
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _FAMILY:
                first = node.exc.args[0] if node.exc.args else None
                found.append((str(path.relative_to(root)), node.lineno, first))
    return found


def test_no_error_message_is_written_where_it_is_raised() -> None:
    raises = _raises_of_the_family()
    assert len(raises) > 40  # plans, units, periods, crosswalk, export, template, cli
    fstrings = [(m, n) for m, n, first in raises if isinstance(first, ast.JoinedStr)]
    assert fstrings == []
    # Each message is a key of the vocabulary: a literal, or a choice between literals.
    for module, line, first in raises:
        keys = _keys(first)
        assert keys, (module, line)
        for key in keys:
            assert has_word(key), (module, line, key)


def _keys(node: ast.expr | None) -> list[str]:
    """The vocabulary keys a raise's first argument can be ("err_plan_type_" + kinds: all)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _keys(node.body) + _keys(node.orelse)
    if (isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant)
            and node.left.value == "err_plan_type_"):
        return [k for k in WORDS if k.startswith("err_plan_type_")]
    return []


def test_the_plan_type_messages_cover_every_type_set() -> None:
    from childlabour_metrics.plans import _PLAN_TYPES, _TARGET_TYPES

    for types in (*_PLAN_TYPES.values(), *_TARGET_TYPES.values()):
        assert has_word("err_plan_type_" + "_".join(t.__name__ for t in types)), types


def test_an_error_renders_in_either_language_and_vietnamese_by_default(tmp_path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(_BAD_OPERATOR, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        clm.load_plan(path)
    exc = caught.value
    vi, en = exc.message("vi"), exc.message("en")
    assert str(exc) == vi != en
    for text in (vi, en):  # the file, the target and the value named in both
        assert str(path) in text and "T3" in text and "'=>'" in text
    assert "không hợp lệ" in vi and "is not one of" in en
    assert (exc.file, exc.target, exc.field, exc.key) == (
        str(path), "T3", "operator", "err_plan_bad_operator")


def test_an_error_survives_a_worker_process() -> None:
    exc = clm.PlanError("err_plan_missing_field", file="p.toml", at="p.toml", field="label")
    back = pickle.loads(pickle.dumps(exc))
    assert (type(back), back.file, back.field, back.message("en")) == (
        PlanError, "p.toml", "label", exc.message("en"))
    opened = pickle.loads(pickle.dumps(OpenError("FILE_EMPTY", "0 bytes")))
    assert (opened.code, opened.detail) == ("FILE_EMPTY", "0 bytes")


_BAD_OPERATOR = """
id = "bad"
name_vi = "Kế hoạch thử"
scope_code = "30"
scope_level = "province"
start = 2021
end = 2025

[[targets]]
ref = "T3"
label = "Tỷ lệ thử"
indicators = ["CL01"]
year = 2025
operator = "=>"
value = 90
"""


@pytest.mark.parametrize(("lang", "lead", "words"), [
    ("en", "error:", "is not one of"), ("vi", "lỗi:", "không hợp lệ")])
def test_the_cli_shows_a_library_error_in_the_runs_language(tmp_path, lang, lead, words):
    path = tmp_path / "plan.toml"
    path.write_text(_BAD_OPERATOR, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "childlabour_metrics", "attainment", str(tmp_path),
         "--plan", str(path), "--lang", lang],
        capture_output=True, text=True, encoding="utf-8", check=False)
    assert run.returncode == 2, run.stderr
    message = run.stderr.strip().splitlines()[-1]
    assert message.startswith(f"childlabour-metrics: {lead} ")
    assert words in message and str(path) in message and "T3" in message
    assert _foreign(message.replace(str(path), ""), lang) == set(), message
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(("lang", "words"), [("en", "line 3"), ("vi", "dòng 3")])
def test_a_registry_pandas_cannot_split_is_named_by_its_line(tmp_path, lang, words):
    registry = tmp_path / "units.csv"
    registry.write_text("code,name,level,parent_code\n30,Hải Dương,province,\n"
                        "288,TP Hải Dương,district,30,extra\n", encoding="utf-8")
    with pytest.raises(UnitRegistryError) as caught:
        clm.load_units(registry)
    assert caught.value.line == 3 and caught.value.file == str(registry)
    text = caught.value.message(lang)
    assert words in text and str(registry) in text
    assert "tokenizing" not in text
    assert _foreign(text.replace(str(registry), ""), lang) == set(), text


def test_a_broken_toml_plan_is_named_by_its_line_in_either_language(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text('id = "x"\n[[targets]\n', encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        clm.load_plan(path)
    assert caught.value.line == 2
    assert "dòng 2, cột" in caught.value.message("vi")
    assert "line 2, column" in caught.value.message("en")
    assert "Expected" not in caught.value.message("vi")  # tomllib's English stays out


@pytest.mark.parametrize(("lang", "lead", "words"), [
    ("en", "error:", "a file or folder of that name is already there"),
    ("vi", "lỗi:", "đã có tệp hoặc thư mục trùng tên ở đó")])
def test_the_cli_says_a_refused_file_in_the_runs_language(tmp_path, lang, lead, words):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "childlabour_metrics", "template", "--unit", "10507",
         "--period", "2024H1", "--plan", "hai-duong-2021", "-o", str(blocker / "t.xlsx"),
         "--lang", lang],
        capture_output=True, text=True, encoding="utf-8", check=False)
    assert run.returncode == 2, run.stderr
    message = run.stderr.strip().splitlines()[-1]
    assert message.startswith(f"childlabour-metrics: {lead} ") and words in message
    assert str(blocker) in message
    assert "Errno" not in message and "Traceback" not in run.stderr
