"""The one formula neutraliser and atomic writer (childlabour_metrics.output._safety)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.output import _safe, _safety

TRICKY = ["=1+1", "+84 912", "-3", "@SUM(A1)", "\tx", "\rx", "'quoted", "''two", "Xã An",
          "", " =not first", "a=b", None]


def test_reversible_escape_and_its_restore() -> None:
    values = pd.Series(TRICKY, dtype="str")
    ours = _safety.neutralise_formulas(values, reversible=True)
    escaped = ours.tolist()
    assert all(e == "'" + t for e, t in zip(escaped[:8], TRICKY[:8], strict=True))
    assert escaped[8:12] == TRICKY[8:12]
    pd.testing.assert_series_equal(_safety.restore_formulas(ours), values)


def test_frame_escape_leaves_numbers_and_flags() -> None:
    frame = pd.DataFrame({"text": pd.Series(TRICKY, dtype="str"), "n": range(len(TRICKY)),
                          "flag": [True] * len(TRICKY)})
    out = _safety.neutralise_frame(frame)
    pd.testing.assert_frame_equal(out[["n", "flag"]], frame[["n", "flag"]])
    assert out["text"].tolist()[6:9] == TRICKY[6:9]  # an apostrophe is not a formula here
    assert out["text"].tolist()[:3] == ["'=1+1", "'+84 912", "'-3"]


def test_one_cell_matches_the_report_workbooks_check() -> None:
    for text in TRICKY[:-1]:
        assert _safety.is_formula_text(text) == _safe.safe_text(text)[1], text


def test_atomic_write_leaves_the_previous_file_whole_on_a_failure(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("previous, complete", encoding="utf-8")
    with pytest.raises(OSError, match="No space"), _safety.atomic_write(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")
    assert target.read_text(encoding="utf-8") == "previous, complete"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left
    with _safety.atomic_write(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
