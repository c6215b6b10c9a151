"""Teach once: labels confirmed by the user read as their code, before any scoring
(``read_reports(..., labels=)``, issue 24)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pandas as pd
import pytest

from childlabour_metrics.io import read_reports
from childlabour_metrics.io._labels import normalise_label
from childlabour_metrics.io._pool import PARALLEL_THRESHOLD
from childlabour_metrics.io._taught import Taught, load_labels, unknown_labels
from childlabour_metrics.language.errors import InputError
from tests.fixtures.io_forms import LABELS, label_form
from tests.support import raises_en

#: Learners of a literacy class informed: no catalogue text says it.
LITERACY = "Học viên lớp xóa mù chữ được phổ biến"


def _taught(**pairs: str) -> pd.DataFrame:
    return pd.DataFrame({"label": list(pairs.values()), "code": list(pairs)})


def test_a_table_of_labels_from_a_frame_or_a_csv(tmp_path: Path) -> None:
    frame = pd.DataFrame({"label": [LITERACY, "Tỷ lệ được tập huấn", "Chưa rõ"],
                          "code": ["cl7", " CL12 ", ""], "candidates": ["", "", ""]})
    taught = load_labels(frame)
    assert isinstance(taught, Taught) and len(taught) == 2  # a blank code: not yet taught
    assert taught.code_of(normalise_label("II. HOC VIEN LOP XOA MU CHU DUOC PHO BIEN")) == "CL07"
    frame.to_csv(tmp_path / "labels.csv", index=False, encoding="utf-8-sig")
    assert load_labels(tmp_path / "labels.csv") == taught
    assert pickle.loads(pickle.dumps(taught)) == taught and hash(taught) == hash(taught)


def test_a_code_that_is_no_indicator_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    _taught(CL07=LITERACY, CL99="Trẻ em học bán trú").to_csv(path, index=False)
    with raises_en(InputError, "labels.csv, line 3: CL99 is no indicator code"):
        load_labels(path)
    with raises_en(InputError, "labels, line 2: CL99"):  # a frame's rows from 1
        load_labels(_taught(CL07=LITERACY, CL99="Trẻ em học bán trú"))


def test_one_label_taught_two_codes_is_an_error_naming_both_lines() -> None:
    frame = pd.DataFrame({"label": [LITERACY, "2. hoc vien lop xoa mu chu duoc pho bien"],
                          "code": ["CL07", "CL05"]})
    with raises_en(InputError, "line 2: the label \"2. hoc vien lop xoa mu chu duoc pho bien\" "
                               "is given CL05, but line 1"):
        load_labels(frame)


@pytest.mark.parametrize(("frame", "text"), [
    (pd.DataFrame({"label": ["x"]}), r"lacks the column\(s\) code"),
    (pd.DataFrame({"label": ["(%)"], "code": ["CL01"]}), "has no words once normalised"),
])
def test_other_bad_tables(frame: pd.DataFrame, text: str) -> None:
    with raises_en(InputError, text):
        load_labels(frame)


def test_a_confirmed_label_reads_as_its_code_before_any_scoring(tmp_path: Path) -> None:
    path = label_form(tmp_path / "r.xlsx", {**LABELS, "CL06": f"a) {LITERACY.upper()}",
                                            "CL07": "b) Trẻ em được truyền thông"})
    before = read_reports(path, progress=False)
    assert before.problems["code"].tolist() == ["UNKNOWN_INDICATOR_LABEL"]
    # Taught: the boarding pupils are CL07; and "Trẻ em được truyền thông", which the
    # matcher reads as CL07, is said to be CL05 here: the confirmed label wins.
    taught = _taught(CL07=LITERACY, CL05="trẻ em được truyền thông")
    after = read_reports(path, progress=False, labels=taught)
    obs = after.observations
    assert obs["indicator"].tolist() == ["CL01", "CL02", "CL07", "CL05"]
    assert after.problems.empty, after.problems.to_string()
    assert obs["label_match"].iloc[2].endswith("(1.00; confirmed)")


def test_the_workers_read_with_the_taught_labels(tmp_path: Path) -> None:
    form = label_form(tmp_path / "r0.xlsx", {**LABELS, "CL07": LITERACY})
    paths = [form] + [Path(form.with_name(f"r{i}.xlsx")) for i in range(1, PARALLEL_THRESHOLD + 2)]
    for path in paths[1:]:
        path.write_bytes(form.read_bytes())
    result = read_reports(paths, progress=False, workers=2, labels=_taught(CL07=LITERACY))
    obs = result.observations
    assert len(obs) == 4 * len(paths)
    assert (obs["indicator"].to_numpy().reshape(-1, 4) == ["CL01", "CL02", "CL06", "CL07"]).all()
    assert not (result.problems["code"] == "UNKNOWN_INDICATOR_LABEL").any()


def test_a_consolidated_header_label_is_taught_too(tmp_path: Path) -> None:
    from tests.io.test_labels_consolidated import labelled

    path = labelled(tmp_path / "c.xlsx", {"CL06": LITERACY})
    assert (read_reports(path, progress=False).problems["code"]
            == "UNKNOWN_INDICATOR_LABEL").any()
    result = read_reports(path, progress=False,
                          labels=_taught(CL07=LITERACY.upper()))
    assert result.problems.empty, result.problems.to_string()
    assert "CL07" in result.observations["indicator"].tolist()


def test_the_labels_not_recognised_one_line_each(tmp_path: Path) -> None:
    for i, text in enumerate([LITERACY, LITERACY.upper(), "Tỷ lệ được tập huấn"]):
        label_form(tmp_path / f"r{i}.xlsx", {**LABELS, "CL07": text})
    table = unknown_labels(read_reports(tmp_path, progress=False).problems)
    assert table.columns.tolist() == ["label", "code", "candidates", "rows", "files"]
    assert table["label"].tolist() == [LITERACY, "Tỷ lệ được tập huấn"]
    assert table["rows"].tolist() == [2, 1] and (table["code"] == "").all()
    assert table["files"].iloc[0].count(".xlsx") == 2
    assert "CL12" in table["candidates"].iloc[1]
