"""A label naming only a population stays unclear when indicators measuring different
things share it (issue 24: "every genuinely ambiguous label stays a problem").

The phrasings here are written for this rule, apart from the development and
held-out lists of ``tests/fixtures/labels/``.
"""

from __future__ import annotations

import csv

import pytest

from childlabour_metrics.io._labels import _codes_by_term, _measured, match_label, normalise_label
from childlabour_metrics.reference._resources import data_file
from childlabour_metrics.reference.indicators import INDICATOR_CODES


def test_every_measure_says_where_it_comes_from_and_every_indicator_has_one() -> None:
    with data_file("label_measures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(r["measure"] and r["phrase"] and r["source"].strip() for r in rows)
    _, measures = _codes_by_term()
    assert {code for code, found in measures.items() if found} == set(INDICATOR_CODES)


def test_synonyms_name_the_same_measure() -> None:
    assert _measured(normalise_label("được tuyên truyền")) == {"informed"}
    assert _measured(normalise_label("được bồi dưỡng")) == {"trained"}
    assert _measured(normalise_label("học nghề")) == {"schooled"}
    assert _measured(normalise_label("Cán bộ, công chức")) == frozenset()


@pytest.mark.parametrize(("label", "candidates"), [
    ("CB, CC", {"CL05", "CL10"}),                      # informed or trained?
    ("Cán bộ, công chức cấp xã", {"CL05", "CL10"}),
    ("Doanh nghiệp, hộ kinh doanh", {"CL08", "CL12", "CL13"}),
    ("Enterprises", {"CL08", "CL12"}),
    ("Cán bộ, giáo viên", {"CL05", "CL10"}),
])
def test_a_population_measured_in_different_ways_is_unclear(label: str,
                                                             candidates: set[str]) -> None:
    match = match_label(label)
    assert match.code is None
    assert candidates <= set(match.plausible)
    assert all(code in match.explain() for code in candidates)


@pytest.mark.parametrize(("label", "code"), [
    ("Cán bộ, công chức được bồi dưỡng", "CL10"),      # the measure decides
    ("DN, HTX, hộ gia đình được phổ biến", "CL08"),
    ("CCVC cấp tỉnh, huyện", "CL09"),                  # only trained indicators share it
    ("Đại diện cơ quan, tổ chức liên quan", "CL11"),
    ("Người chăm sóc trẻ em", "CL06"),                 # "trẻ em" alone is a light word
    ("Giáo viên", "CL05"),                             # one indicator counts teachers
    ("Lao động trẻ em (5-17 tuổi)", "CL01"),            # the situation is the measure
])
def test_a_population_of_one_measure_or_a_named_measure_reads(label: str, code: str) -> None:
    assert match_label(label).code == code
