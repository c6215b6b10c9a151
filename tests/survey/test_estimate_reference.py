"""clm.survey.estimate against R's survey package, on the committed synthetic survey.

``tests/fixtures/survey/reference.csv`` was computed once by
``scripts/survey_reference.R`` (R survey 4.1-1) from ``children.csv`` and
``replicate_factors.csv``: every rule set (classified in R, apart from the
package), every design (Taylor; lonely PSUs adjusted, averaged, certain; JK1,
BRR and Fay replicates) and the domains whole sample, province, sex, age
group, area and area × sex.  Estimates are compared to 1e-9 relative, standard
errors, design effects and intervals to 1e-6, degrees of freedom and counts
exactly.  R is never needed here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import childlabour_metrics as clm
from tests.support import FIXTURES_DIR

SURVEY = FIXTURES_DIR / "survey"
RULES = ("sdg-8.7.1", "mics6-2017", "mics5", "vn-lc2019")
DESIGNS = ("taylor", "lonely_adjust", "lonely_average", "lonely_certainty", "jk1", "brr", "fay")
BYS = ("", "province", "sex", "age_group", "area", "area_sex")


@pytest.fixture(scope="module")
def children() -> pd.DataFrame:
    kids = pd.read_csv(SURVEY / "children.csv", dtype={"stratum_lonely": "str"})
    factors = pd.read_csv(SURVEY / "replicate_factors.csv").set_index("psu")
    per_child = factors.loc[kids["psu"]].reset_index(drop=True)
    reps = {}
    for col in factors.columns:
        reps[f"w_{col}"] = kids["weight"] * per_child[col]
        if col.startswith("brr"):  # Fay's factors from BRR's, rho = 0.5: 2 -> 1.5, 0 -> 0.5
            reps[f"w_fay_{col}"] = kids["weight"] * (1 + (per_child[col] - 1) * 0.5)
    return pd.concat([kids, pd.DataFrame(reps)], axis=1)


@pytest.fixture(scope="module")
def classified(children) -> dict[str, pd.DataFrame]:
    return {rules: clm.survey.classify(children, rules) for rules in RULES}


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    missing = ["NA", "NaN"]  # R writes NaN where its interval has no limit
    return pd.read_csv(SURVEY / "reference.csv", keep_default_na=False,
                       dtype={"by": "str", "domain": "str"},
                       na_values={"logit_low": missing, "logit_high": missing})


def _design(name: str) -> dict:
    if name == "taylor":
        return {"strata": "stratum", "psu": "psu"}
    if name.startswith("lonely_"):
        return {"strata": "stratum_lonely", "psu": "psu", "lonely_psu": name[len("lonely_"):]}
    if name == "jk1":
        return {"replicates": "w_jk1_", "replicate_type": "JK1"}
    if name == "brr":
        return {"replicates": "w_brr_", "replicate_type": "BRR"}
    return {"replicates": "w_fay_brr_", "replicate_type": "Fay", "rho": 0.5}


def _ours(classified: dict, design: str, rules: str, by: str, ci: str) -> pd.DataFrame:
    kids = classified[rules]
    columns = ["area", "sex"] if by == "area_sex" else [by] if by else None
    est = clm.survey.estimate(kids, by=columns, ci=ci, **_design(design))
    key = (est["area"].astype(str) + "|" + est["sex"].astype(str) if by == "area_sex"
           else est[by].astype(str) if by else pd.Series([""] * len(est)))
    return est.set_axis(key.to_numpy())


def _close(ours: pd.Series, theirs: pd.Series, rtol: float) -> None:
    np.testing.assert_allclose(ours.to_numpy(dtype=float), theirs.to_numpy(dtype=float),
                               rtol=rtol, atol=0)


@pytest.mark.parametrize("design", DESIGNS)
def test_estimates_match_r(classified, reference, design) -> None:
    compared = 0
    for rules in RULES:
        for by in BYS:
            r = reference[(reference["design"] == design) & (reference["rules"] == rules)
                          & (reference["by"] == by)].set_index("domain")
            ours = _ours(classified, design, rules, by, "wald")
            assert sorted(ours.index) == sorted(r.index), (rules, by)
            ours = ours.loc[r.index]
            _close(ours["value"] / 100, r["value"], 1e-9)
            _close(ours["population"], r["population"], 1e-9)
            _close(ours["count"], r["count"], 1e-9)
            assert ours["n"].tolist() == r["n"].tolist()
            _close(ours["se"] / 100, r["se"], 1e-6)
            _close(ours["deff"], r["deff"], 1e-6)
            _close(ours["ci_low"] / 100, r["wald_low"], 1e-6)
            _close(ours["ci_high"] / 100, r["wald_high"], 1e-6)
            assert (ours["ci_method"] == "wald").all()
            compared += len(r)
    assert compared == 80  # 4 rule sets × 20 domains


@pytest.mark.parametrize("design", DESIGNS)
def test_logit_intervals_match_r(classified, reference, design) -> None:
    # R fits svyglm (IRLS, stopping at a relative deviance change of 1e-8): its
    # intervals agree with the closed form to about 1e-7, so 1e-6 here.
    for rules in RULES:
        for by in BYS:
            r = reference[(reference["design"] == design) & (reference["rules"] == rules)
                          & (reference["by"] == by)].set_index("domain")
            ours = _ours(classified, design, rules, by, "logit").loc[r.index]
            assert (ours["ci_method"] == "logit").all()
            finite = np.isfinite(r["logit_high"].to_numpy(dtype=float))
            # Where R gives no upper limit, its domain has one degree of freedom:
            # confint.svyglm turns t(1) into a normal level 1 - 2*pnorm(-12.7), which
            # rounds to 1, and qnorm(1) is infinite.  Our interval is the t one.
            assert (r.loc[~finite, "df"] == 1).all()
            _close(ours["ci_low"][finite] / 100, r["logit_low"][finite], 1e-6)
            _close(ours["ci_high"][finite] / 100, r["logit_high"][finite], 1e-6)
            assert ours["ci_high"].notna().all()


def test_degrees_of_freedom_are_r_degf(reference) -> None:
    # The t quantile of every interval uses R's degf: PSUs - strata among the domain's
    # rows, or the rank of its replicate weights - 1.  A wrong df moves the Wald limits.
    taylor = reference[(reference["design"] == "taylor") & (reference["by"] == "")]
    assert set(taylor["df"]) == {127 - 16}
    assert set(reference.loc[(reference["design"] == "jk1") & (reference["by"] == ""), "df"]) \
        == {19}
    assert reference["df"].min() >= 1


def test_the_reference_covers_every_design_rule_set_and_domain(reference) -> None:
    assert set(reference["design"]) == set(DESIGNS)
    assert set(reference["rules"]) == set(RULES)
    assert set(reference["by"]) == set(BYS)
    assert len(reference) == len(DESIGNS) * len(RULES) * 20


def test_a_lonely_stratum_is_an_error_naming_it(children) -> None:
    kids = clm.survey.classify(children)
    with pytest.raises(clm.InputError) as info:
        clm.survey.estimate(kids, strata="stratum_lonely", psu="psu")
    text = info.value.message("en")
    lonely = sorted(s for s in children["stratum_lonely"].unique() if s.startswith("L"))
    assert len(lonely) == 3 and all(s in text for s in lonely), text
    assert "lonely_psu" in text


def test_the_lonely_options_differ_from_one_another(children) -> None:
    # adjust adds the lonely PSUs' squared scores, certainty nothing, average rescales:
    # three different standard errors, all matched to R above
    kids = clm.survey.classify(children)
    ses = {opt: clm.survey.estimate(kids, strata="stratum_lonely", psu="psu",
                                    lonely_psu=opt)["se"].item()
           for opt in clm.survey.LONELY_PSU}
    assert len({round(v, 12) for v in ses.values()}) == 3
