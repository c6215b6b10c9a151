"""One exception family: every error the library raises on purpose shares a base."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import pytest

import childlabour_metrics as clm
from childlabour_metrics.cli import CliError
from childlabour_metrics.io._grid import GridError
from childlabour_metrics.io._open import open_workbook
from childlabour_metrics.language.errors import (
    ChildLabourMetricsError,
    InputError,
    InputKeyError,
    InputTypeError,
    LibraryWarning,
)
from childlabour_metrics.language.problems import OpenError
from childlabour_metrics.language.words import WORDS, has_word
from childlabour_metrics.output.export import ExportError, data_dictionary
from childlabour_metrics.reference.crosswalk import CrosswalkError
from childlabour_metrics.reference.periods import PeriodError
from childlabour_metrics.reference.plans import PlanError
from childlabour_metrics.reference.units import UnitRegistryError
from tests.language.test_words import _foreign
from tests.support import run_cli


@pytest.mark.parametrize(
    "error",
    [PlanError, PeriodError, UnitRegistryError, CrosswalkError, CliError, ExportError,
     OpenError, GridError, InputError, InputKeyError, InputTypeError],
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
    # Warnings are exceptions to Python, not errors: they are the library's own too.
    errors = [e for e in found if not issubclass(e, Warning)]
    assert [e for e in errors if not issubclass(e, ChildLabourMetricsError)] == []
    assert [w for w in found if issubclass(w, Warning) and not issubclass(w, LibraryWarning)] == []


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
           "ExportError", "ChildLabourMetricsError", "InputError", "InputKeyError",
           "InputTypeError"}


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


#: The built-in errors a user's wrong argument used to raise with an English text.
_BUILTINS = {"ValueError", "TypeError", "KeyError", "RuntimeError", "LookupError",
             "IndexError", "AttributeError", "NotImplementedError"}

#: (module, function) -> why a plain built-in error with an English text may stay
#: there: an internal invariant no argument, table or file of a user can break.
_INTERNAL_INVARIANTS = {
    ("__init__.py", "__getattr__"):
        "Python's protocol for a module's attributes: hasattr() and the import "
        "system need a plain AttributeError with Python's own wording",
    ("language/vocabulary.py", "<module>"):
        "two vocabulary sections define the same key: a programming slip, caught by "
        "the test suite the moment it is made, before any user runs the code",
    ("output/_sheet.py", "_cell_rest"):
        "a cell value of a type the sheet writer is never handed (cell_values turns "
        "every table's values into text, numbers or dates first): a bug of the "
        "library, not of the data",
    ("output/_sheet.py", "save"):
        "openpyxl wrote a streamed sheet without the empty <sheetData> it always "
        "writes: a change of openpyxl, which no input of a user can cause",
    ("output/_sheet.py", "first_sheet"):
        "a new openpyxl workbook without a worksheet: a change of openpyxl, which no "
        "input of a user can cause",
    ("output/_sheet.py", "column"):
        "a writer of the report passed a column's values and its number formats of "
        "different lengths: a bug of the library's own sheets, never the user's data",
}


def _plain_raises() -> list[tuple[str, str, int, str]]:
    """(module, function, line, error) of every ``raise <built-in>(...)`` with a message."""
    found = []
    root = Path(clm.__file__).parent
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [(n, "<module>") for n in [tree]] + [
            (n, n.name) for n in ast.walk(tree)
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        owner: dict[int, str] = {}
        for scope, name in functions:  # innermost function wins: walked later
            for node in ast.walk(scope):
                if isinstance(node, ast.Raise):
                    owner[id(node)] = name
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _BUILTINS and node.exc.args:
                found.append((str(path.relative_to(root).as_posix()), owner[id(node)],
                              node.lineno, name))
    return found


def test_no_plain_builtin_error_carries_a_message_a_user_can_cause() -> None:
    plain = _plain_raises()
    # the walk sees the invariants it allows: it would find a new one too
    assert {(m, f) for m, f, _, _ in plain} >= set(_INTERNAL_INVARIANTS)
    unexplained = [r for r in plain if (r[0], r[1]) not in _INTERNAL_INVARIANTS]
    assert unexplained == [], (
        "raise an error of the family with a vocabulary key (errors.InputError for a "
        "wrong argument or table), or add an internal invariant to the allow-list with why")


def test_the_walk_finds_a_plain_english_raise(tmp_path, monkeypatch) -> None:
    # the check can fail: a module with a plain English raise is reported
    fake = tmp_path / "childlabour_metrics"
    fake.mkdir()
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "bad.py").write_text(
        "def f(level):\n    raise ValueError(f'unknown level {level!r}')\n", encoding="utf-8")
    monkeypatch.setattr(clm, "__file__", str(fake / "__init__.py"))
    assert _plain_raises() == [("bad.py", "f", 2, "ValueError")]


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
    from childlabour_metrics.reference.plans import _PLAN_TYPES, _TARGET_TYPES

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
    run = run_cli("attainment", tmp_path, "--plan", path, "--lang", lang)
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
    run = run_cli("template", "--unit", "10507", "--period", "2024H1", "--plan",
                  "hai-duong-2021", "-o", blocker / "t.xlsx", "--lang", lang)
    assert run.returncode == 2, run.stderr
    message = run.stderr.strip().splitlines()[-1]
    assert message.startswith(f"childlabour-metrics: {lead} ") and words in message
    assert str(blocker) in message
    assert "Errno" not in message and "Traceback" not in run.stderr


# --------------------------------------------------------------------------- input errors
# A wrong argument in a notebook is named in either language and stays a ValueError.


@pytest.mark.parametrize(("call", "builtin"), [
    (lambda: clm.progress(_OBS, "hai-duong-2021", method="bogus"), ValueError),
    (lambda: clm.aggregate(_OBS, clm.sample_units(), level="bogus"), ValueError),
    (lambda: clm.indicator_name("CL99"), KeyError),
])
def test_a_wrong_argument_renders_in_both_languages(call, builtin) -> None:
    with pytest.raises(InputError) as caught:
        call()
    exc = caught.value
    assert isinstance(exc, builtin) and isinstance(exc, ChildLabourMetricsError)
    vi, en = exc.message("vi"), exc.message("en")
    assert str(exc) == vi != en
    for text, lang in ((vi, "vi"), (en, "en")):
        assert "bogus" in text or "CL99" in text, text
        assert _foreign(text, lang) == set(), text


def test_a_wrong_method_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError) as caught:
        clm.progress(_OBS, "hai-duong-2021", method="bogus")
    assert caught.value.message("en") == (
        'the method \'bogus\' is not one of "sdg", "trajectory"; use one of them.')
    assert caught.value.message("vi") == (
        'phương pháp \'bogus\' không hợp lệ; dùng một trong "sdg", "trajectory".')
    assert caught.value.field == "method"


def test_a_wrong_level_names_the_levels_in_either_language() -> None:
    with pytest.raises(ValueError) as caught:
        clm.aggregate(_OBS, clm.sample_units(), level="bogus")
    for lang in ("vi", "en"):
        assert '"country", "province", "district", "commune"' in caught.value.message(lang)


def test_a_missing_column_is_still_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError) as caught:
        clm.coerce_observations(_OBS.drop(columns="denominator"))
    assert isinstance(caught.value, InputError)
    assert "denominator" in caught.value.message("en")
    assert "denominator" in caught.value.message("vi")


def test_a_wrong_lang_is_one_message_everywhere() -> None:
    from childlabour_metrics.language.words import check_lang
    from childlabour_metrics.output.template import write_template

    messages = set()
    for call in (lambda: check_lang("fr"),
                 lambda: write_template("t.xlsx", "00001", "2024H1", lang="fr")):
        with pytest.raises(InputError) as caught:
            call()
        messages.add(caught.value.message("en"))
    assert messages == {'the language \'fr\' is not supported: "lang" must be "vi" or "en".'}


def test_an_input_error_survives_a_worker_process() -> None:
    exc = InputKeyError("err_input_unknown_indicator", code="CL99", codes="'CL99'",
                        known="CL01")
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is InputKeyError and back.message("en") == exc.message("en")


_OBS = __import__("pandas").DataFrame({
    "unit_code": ["288"], "period": ["2024"], "indicator": ["CL01"],
    "numerator": [3], "denominator": [10]})
