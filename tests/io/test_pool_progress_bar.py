"""The reader's progress bar (``io/_pool.py``): none unless asked or on a terminal, no
ipywidgets warning in Jupyter, and it says what it does."""

from __future__ import annotations

import sys
import types
import warnings

from childlabour_metrics import read_reports
from tests.fixtures.io_forms import single_form
from tests.support import FIXTURES_DIR

FIXTURES = FIXTURES_DIR


def test_no_widget_warning_in_a_notebook_without_ipywidgets(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import fails: not installed
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "ipywidgets" else real(name, *a))
    path = single_form(tmp_path / "r.xlsx")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = read_reports(path, progress=True)
    assert len(result.files) == 1
    err = capsys.readouterr().err
    assert "Đọc tệp" in err and "Kiểm tra số liệu" in err  # reading, then the rules


def test_english_bar_words(tmp_path, capsys):
    read_reports(single_form(tmp_path / "r.xlsx"), progress=True, lang="en")
    err = capsys.readouterr().err
    assert "Reading files" in err and "Checking the figures" in err


def test_no_progress_bar_when_not_a_terminal(tmp_path, capsys) -> None:
    read_reports(single_form(tmp_path / "r.xlsx"))
    assert capsys.readouterr().err == ""
