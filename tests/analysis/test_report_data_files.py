"""The folder read, found from the files' names (report_data.files_root)."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from childlabour_metrics.analysis.report_data import files_root


def _every_name(paths: list[str]) -> str | None:
    # the rule on every name: their common folder, a file's own folder when it is the one
    root = os.path.commonpath(paths)
    if root in paths:
        root = str(PurePosixPath(root).parent)
    return root or None


def test_many_files_give_the_folder_every_name_gives() -> None:
    # two files of each folder decide; a national round names ~30,000
    names = [f"/r/in/{y}/{p:02d}/{c}_{y}.xlsx" for y in (2024, 2025) for p in range(5)
             for c in range(40)]
    assert files_root(names) == _every_name(names) == "/r/in"
    one_folder = [f"/r/in/2024/{c}.xlsx" for c in range(50)]
    assert files_root(one_folder) == "/r/in/2024"
    assert files_root([*one_folder, "/r/in/2024"]) == _every_name([*one_folder, "/r/in/2024"])


def test_names_without_a_common_folder() -> None:
    assert files_root([f"{c}_2024.xlsx" for c in range(30)]) is None
    # "/a.xlsx" and "a.xlsx" sit in no common folder, however many files there are
    assert files_root(["/a.xlsx", "a.xlsx", "b.xlsx", "/c.xlsx"]) is None
