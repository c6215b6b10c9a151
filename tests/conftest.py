"""Shared pytest configuration and fixtures.

Keep this file small; each section says who owns it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
import pandas as pd
import pytest

# ---------------------------------------------------------------------------
# Charts, report, CLI, notebooks (helper "report")
#
# Baseline images live in tests/baseline_images/.  After an intended change to
# a chart, refresh them with
#     python -m pytest tests/test_charts.py --refresh-baselines
# (or CLM_REFRESH_BASELINES=1 python -m pytest tests/test_charts.py), look at
# the new PNGs, and commit them.
# ---------------------------------------------------------------------------

BASELINE_DIR = Path(__file__).parent / "baseline_images"
#: Pixels per inch of every baseline image; small keeps the files small.
BASELINE_DPI = 72

# The plan the chart and report tests draw: a stand-in for a province plan with
# a 2025 and a 2030 target on the same indicator and a target on a sum of two
# indicators, independent of edits to the bundled plans.
TOY_PLAN_TOML = """\
id = "toy-province"
name_vi = "Kế hoạch thử nghiệm của tỉnh"
name_en = "Test province plan"
issuer = "Ủy ban nhân dân tỉnh Thử"
document = "Kế hoạch số 1/KH-UBND"
scope_code = "P1"
scope_name = "Tỉnh Thử"
scope_level = "province"
start = 2021
end = 2025
horizon = 2030
report_levels = ["commune"]
[[calendar]]
period = "H1"
deadline = "06-15"
[[calendar]]
period = "year"
deadline = "12-15"
[[targets]]
label = "A1"
indicators = ["CL01"]
year = 2025
operator = "<="
value = 1.0
objective = 1
source_text = "Phấn đấu giảm tỷ lệ lao động trẻ em xuống 1%."
[[targets]]
label = "A2"
indicators = ["CL03"]
year = 2025
operator = ">="
value = 100.0
objective = 1
source_text = "100% trẻ em được hỗ trợ, can thiệp kịp thời."
[[targets]]
label = "A3"
indicators = ["CL12", "CL13"]
year = 2025
operator = ">="
value = 90.0
objective = 3
source_text = "90% doanh nghiệp, hợp tác xã, hộ gia đình được tập huấn."
[[targets]]
label = "A12"
indicators = ["CL01"]
year = 2030
operator = "<"
value = 1.0
objective = 1
source_text = "Giảm xuống dưới 1%."
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--refresh-baselines",
        action="store_true",
        default=False,
        help="rewrite tests/baseline_images/*.png from the current charts",
    )


@pytest.fixture
def refresh_baselines(request: pytest.FixtureRequest) -> bool:
    """True when baseline images should be rewritten instead of compared."""
    return bool(request.config.getoption("--refresh-baselines")) or (
        os.environ.get("CLM_REFRESH_BASELINES", "") not in ("", "0")
    )


@pytest.fixture
def chart_rc() -> Iterator[None]:
    """Fix every rcParam a baseline depends on, whatever the user's matplotlibrc."""
    with mpl.rc_context():
        mpl.rcdefaults()
        mpl.rcParams.update({"font.family": "DejaVu Sans", "savefig.dpi": BASELINE_DPI,
                             "text.hinting": "auto"})
        yield


@pytest.fixture
def toy_plan(tmp_path_factory: pytest.TempPathFactory):
    """The toy province plan (see TOY_PLAN_TOML), loaded from a file."""
    from childlabour_metrics.reference.plans import load_plan

    path = tmp_path_factory.mktemp("plan") / "toy-province.toml"
    path.write_text(TOY_PLAN_TOML, encoding="utf-8")
    return load_plan(path)


@pytest.fixture
def toy_observations() -> pd.DataFrame:
    """Half-yearly and yearly reports 2021–2025 of the province and three communes.

    Commune C3 has no 2024 figures for CL01 (a blank denominator) and one
    error row; everything is deterministic so charts can be compared.
    """
    rows = []
    units = {"P1": 10, "C1": 1, "C2": 2, "C3": 3}
    for unit, k in units.items():
        for year in range(2021, 2026):
            step = year - 2021
            for period in (f"{year}H1", f"{year}"):
                rows += [
                    (unit, period, "CL01", 40 - 6 * step + k, 1000),
                    # at most 99 of 100: a part above its whole is no count (issue 23)
                    (unit, period, "CL03", 80 + 4 * step + min(k, 3), 100),
                    (unit, period, "CL12", 50 + 8 * step, 100),
                    (unit, period, "CL13", 55 + 6 * step + k, 110),
                ]
    obs = pd.DataFrame(rows, columns=["unit_code", "period", "indicator", "numerator",
                                      "denominator"])
    obs["numerator"] = obs["numerator"].astype("Int64")
    obs["denominator"] = obs["denominator"].astype("Int64")
    obs["status"] = "ok"
    blank = (obs["unit_code"] == "C3") & (obs["period"] == "2024") & (obs["indicator"] == "CL01")
    obs.loc[blank, "denominator"] = pd.NA
    bad = (obs["unit_code"] == "C2") & (obs["period"] == "2024") & (obs["indicator"] == "CL03")
    obs.loc[bad, ["numerator", "status"]] = [500, "error"]
    names = {"P1": "Tỉnh Thử", "C1": "Xã An Bình", "C2": "Phường Đông Hải", "C3": "Xã Vân Sơn"}
    obs["unit_name"] = obs["unit_code"].map(names)
    return obs.astype({"unit_code": "str", "period": "str", "indicator": "str",
                       "status": "str", "unit_name": "str"})


@pytest.fixture
def check_image(tmp_path: Path, refresh_baselines: bool, chart_rc: None):
    """Compare a figure with ``tests/baseline_images/<name>.png`` (or rewrite it).

    Usage: ``check_image(fig, "progress_vi")``.  The tolerance is a mean
    colour difference (0–255); 2 absorbs anti-aliasing noise, not a moved bar.
    """
    from matplotlib.testing.compare import compare_images

    def check(fig, name: str, tol: float = 2.0) -> None:
        actual = tmp_path / f"{name}.png"
        fig.savefig(actual, dpi=BASELINE_DPI, metadata={"Software": None})
        expected = BASELINE_DIR / f"{name}.png"
        if refresh_baselines:
            BASELINE_DIR.mkdir(exist_ok=True)
            expected.write_bytes(actual.read_bytes())
            return
        if not expected.exists():
            pytest.fail(f"no baseline image {expected}; run pytest with --refresh-baselines")
        diff = compare_images(str(expected), str(actual), tol=tol)
        assert diff is None, diff

    return check
