import datetime as dt
import textwrap

import pytest

import childlabour_metrics as clm
from childlabour_metrics.reference.plans import PlanError
from tests.fixtures.plan_text import HEAD
from tests.support import raises_en

MINIMAL = HEAD + """[[calendar]]
period = "H1"
deadline = "06-15"
[[calendar]]
period = "year"
deadline = "01-10"
year_offset = 1
"""


ONE_TARGET = """
[[targets]]
label = "x"
indicators = ["CL01"]
year = 2025
"""


def write(tmp_path, text):
    path = tmp_path / "plan.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_list_plans_has_the_bundled_plans():
    plans = clm.list_plans()
    assert {"vn-782-2021", "hai-duong-2021", "van-son-2026", "hai-phong-2021"} <= set(
        plans["plan_id"]
    )
    assert list(plans.columns[:5]) == ["plan_id", "name", "scope", "start", "end"]
    assert plans.set_index("plan_id").loc["hai-phong-2021", "n_targets"] == 0


def test_targets_frame_shape():
    targets = clm.load_plan("van-son-2026").targets
    for col in ("label", "indicators", "year", "operator", "value", "source_text"):
        assert col in targets.columns
    b8 = targets.set_index("label").loc["Chỉ tiêu 8"]
    assert b8["indicators"] == ("CL12", "CL13")
    assert b8["operator"] == ">=" and b8["value"] == 90.0


def test_user_plan_and_calendar(tmp_path):
    # A plan needs a target now (a plan with none is an error: test_plan_strict.py).
    plan = clm.load_plan(write(tmp_path, MINIMAL + ONE_TARGET))
    assert plan.id == "mini" and len(plan.targets) == 1
    assert plan.deadline("2024H1") == dt.date(2024, 6, 15)
    assert plan.deadline("2024") == dt.date(2025, 1, 10)
    assert plan.deadline("2024H2") is None


def test_unknown_plan_lists_known_ids():
    with raises_en(PlanError, "hai-duong-2021"):
        clm.load_plan("no-such-plan")


@pytest.mark.parametrize(
    ("target", "needle"),
    [
        (
            'label = "x"\nindicators = ["CL99"]\nyear = 2025\noperator = "<="\nvalue = 1',
            "unknown indicator",
        ),
        ('label = "x"\nindicators = ["CL01"]\nyear = 2025\noperator = "=="\nvalue = 1', "operator"),
        ('label = "x"\nindicators = ["CL01"]\nyear = 2025\noperator = "<="', "both"),
        ('label = "x"\nindicators = ["CL01", "CL05"]\nyear = 2025', "direction"),
    ],
)
def test_bad_targets_are_named(tmp_path, target, needle):
    path = write(tmp_path, MINIMAL + "\n[[targets]]\n" + target + "\n")
    with raises_en(PlanError, needle) as err:
        clm.load_plan(path)
    assert str(path) in str(err.value) and "#1" in str(err.value)


def test_bad_deadline(tmp_path):
    with raises_en(PlanError, "MM-DD"):
        clm.load_plan(write(tmp_path, MINIMAL.replace("06-15", "15/6")))


def test_invalid_toml(tmp_path):
    with raises_en(PlanError, "TOML"):
        clm.load_plan(write(tmp_path, "id = "))


def test_text_is_nfc(tmp_path):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Kế hoạch nhỏ")
    plan = clm.load_plan(write(tmp_path, MINIMAL.replace("Kế hoạch nhỏ", decomposed)
                               + ONE_TARGET))
    assert plan.name_vi == unicodedata.normalize("NFC", "Kế hoạch nhỏ")
