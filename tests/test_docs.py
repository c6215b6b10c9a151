"""The documentation names what the code offers: every command, option and public name."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import childlabour_metrics as clm
from childlabour_metrics.cli import _parser

ROOT = Path(__file__).resolve().parents[1]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def test_cli_doc_lists_every_subcommand_and_option() -> None:
    doc = (ROOT / "childlabour_metrics" / "docs" / "cli.md").read_text(encoding="utf-8")
    commands = _subcommands()
    assert {"check-form", "template", "report"} <= set(commands)
    missing = []
    for name, sub in commands.items():
        # the synopsis line of the subcommand holds each of its options
        line = re.search(rf"^childlabour-metrics {re.escape(name)} .*$", doc, re.M)
        if line is None:
            missing.append(name)
            continue
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help") and option not in line.group(0):
                    missing.append(f"{name} {option}")
    assert missing == []


def test_cli_doc_names_every_kind_of_file_read() -> None:
    doc = (ROOT / "childlabour_metrics" / "docs" / "cli.md").read_text(encoding="utf-8")
    for kind in (".xlsx", ".xls", ".ods", ".csv", ".zip", "web page", "forms.md"):
        assert kind in doc, kind


def test_readme_names_every_public_name_and_the_form_guide() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [n for n in clm.__all__ if f"`{n}`" not in readme] == []
    assert "docs/forms.md" in readme and (ROOT / "docs" / "forms.md").exists()


def test_new_public_functions_are_exported() -> None:
    for name in ("official_units", "official_crosswalk", "predecessor_series",
                 "scope_codes", "describe_form"):
        assert name in clm.__all__ and callable(getattr(clm, name))
