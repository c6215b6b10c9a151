"""clm.survey.estimate: bad input named by column and rows, domains as subpopulations, columns."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import childlabour_metrics as clm
from tests.support import raises_en


@pytest.fixture
def kids() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 600
    stratum = np.repeat(np.arange(6), 100)
    psu = np.tile(np.repeat(np.arange(4), 25), 6)  # the same PSU codes in every stratum
    return pd.DataFrame({
        "stratum": stratum, "psu": psu, "weight": rng.uniform(50, 150, n),
        "sex": rng.choice(["Nam", "Nữ"], n), "province": rng.choice(["01", "30", "79"], n),
        "child_labour": pd.array(rng.random(n) < 0.1, dtype="boolean"),
    })


def test_the_columns_are_stable(kids) -> None:
    est = clm.survey.estimate(kids, by=["province", "sex"])
    assert list(est.columns) == ["province", "sex", *clm.survey.ESTIMATE_COLUMNS]
    assert clm.survey.ESTIMATE_COLUMNS == ["value", "se", "ci_low", "ci_high", "ci_method",
                                           "deff", "n", "population", "count"]
    assert str(est["n"].dtype) == "Int64" and est["n"].sum() == len(kids)
    assert est[["province", "sex"]].apply(tuple, axis=1).tolist() == sorted(
        {(p, s) for p, s in zip(kids["province"], kids["sex"], strict=True)})


def test_value_population_and_count_are_weighted_sums(kids) -> None:
    est = clm.survey.estimate(kids, by="sex").set_index("sex")
    for sex, rows in kids.groupby("sex"):
        w, y = rows["weight"], rows["child_labour"].astype(float)
        assert est.loc[sex, "population"] == pytest.approx(w.sum(), rel=1e-12)
        assert est.loc[sex, "count"] == pytest.approx((w * y).sum(), rel=1e-12)
        assert est.loc[sex, "value"] == pytest.approx(100 * (w * y).sum() / w.sum(), rel=1e-12)


def test_a_domain_is_a_subpopulation_not_a_design_of_its_own(kids) -> None:
    # The same rate, but not the same error as a separate design of the domain's rows:
    # the domain's size varies from PSU to PSU, and that adds to its variance.
    # Here the domain is in two of each stratum's four PSUs.
    kids = kids.assign(area=np.where(kids["psu"] < 2, "urban", "rural"))
    whole = clm.survey.estimate(kids, by="area").set_index("area")
    alone = clm.survey.estimate(kids[kids["area"] == "urban"])
    assert alone["value"].item() == pytest.approx(whole.loc["urban", "value"], rel=1e-12)
    assert alone["se"].item() != pytest.approx(whole.loc["urban", "se"], rel=1e-3)


def test_rows_with_y_missing_stay_in_the_design(kids) -> None:
    # R's na.rm=TRUE: a row without y is out of the rate but its PSU still counts
    # (a whole PSU without y here): as rows outside a domain, not as rows dropped
    some = kids.copy()
    gone = ((kids["stratum"] == 0) & (kids["psu"] == 0)).to_numpy()
    some.loc[gone, "child_labour"] = pd.NA
    est = clm.survey.estimate(some)
    assert est["n"].item() == len(kids) - gone.sum()
    as_domain = clm.survey.estimate(kids.assign(known=np.where(gone, None, "yes")), by="known")
    for col in ("value", "se", "ci_low", "ci_high", "deff"):
        assert est[col].item() == pytest.approx(as_domain[col].item(), rel=1e-12)
    dropped = clm.survey.estimate(some[~gone])
    assert est["value"].item() == pytest.approx(dropped["value"].item(), rel=1e-12)
    assert est["se"].item() != pytest.approx(dropped["se"].item(), rel=1e-3)


def test_psus_are_nested_in_strata(kids) -> None:
    unique = kids.assign(psu=kids["stratum"] * 10 + kids["psu"])
    a, b = clm.survey.estimate(kids), clm.survey.estimate(unique)
    assert a["se"].item() == pytest.approx(b["se"].item(), rel=1e-12)


def test_the_input_is_not_changed(kids) -> None:
    before = kids.copy()
    clm.survey.estimate(kids, by="sex", ci="wald")
    pd.testing.assert_frame_equal(kids, before)


def test_negative_and_missing_weights_name_the_column_and_rows(kids) -> None:
    bad = kids.copy()
    bad.loc[[3, 17], "weight"] = -1.0
    with raises_en(clm.InputError, r'"?weight"? is negative in rows 3, 17'):
        clm.survey.estimate(bad)
    bad = kids.copy()
    bad.loc[[5], "weight"] = np.nan
    with raises_en(clm.InputError, r"weight is missing in rows 5;"):
        clm.survey.estimate(bad)


def test_missing_design_columns_and_values_are_errors(kids) -> None:
    with raises_en(clm.InputError, r'lacks the column\(s\) "stratum"'):
        clm.survey.estimate(kids.drop(columns="stratum"))
    bad = kids.copy().astype({"psu": "float"})
    bad.loc[[8, 9, 10], "psu"] = np.nan
    with raises_en(clm.InputError, r"psu is missing in rows 8, 9, 10"):
        clm.survey.estimate(bad)
    many = kids.copy().astype({"stratum": "float"})
    many.loc[range(12), "stratum"] = np.nan
    with raises_en(clm.InputError, r"rows 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 \(\+2\)"):
        clm.survey.estimate(many)


def test_y_must_be_true_or_false(kids) -> None:
    bad = kids.assign(child_labour=kids["child_labour"].astype(float))
    bad.loc[4, "child_labour"] = 2.0
    with raises_en(clm.InputError, r"child_labour holds values other than 0/1.*rows 4"):
        clm.survey.estimate(bad)
    words = kids.assign(child_labour=np.where(kids["child_labour"], "yes", "no"))
    with raises_en(clm.InputError, r"rows 0, 1"):
        clm.survey.estimate(words)


def test_options_are_checked(kids) -> None:
    with raises_en(clm.InputError, r'ci = .bootstrap. is not allowed; use one of "logit"'):
        clm.survey.estimate(kids, ci="bootstrap")
    with raises_en(clm.InputError, r'lonely_psu = .remove.'):
        clm.survey.estimate(kids, lonely_psu="remove")
    with raises_en(clm.InputError, r"confidence level 95"):
        clm.survey.estimate(kids, level=95)
    with raises_en(clm.InputError, r"replicate weight column matches 'rep'"):
        clm.survey.estimate(kids, replicates="rep")


def test_a_single_psu_stratum_is_an_error_unless_told(kids) -> None:
    lonely = kids.copy()
    lonely.loc[lonely["stratum"] == 4, "psu"] = 0
    with raises_en(clm.InputError, r"stratum 4 has a single PSU"):
        clm.survey.estimate(lonely)
    assert clm.survey.estimate(lonely, lonely_psu="certainty")["se"].notna().all()


def test_wald_and_logit_intervals(kids) -> None:
    logit = clm.survey.estimate(kids, by="province")
    wald = clm.survey.estimate(kids, by="province", ci="wald")
    pd.testing.assert_series_equal(logit["se"], wald["se"])
    assert (logit["ci_method"] == "logit").all() and (wald["ci_method"] == "wald").all()
    # the Wald interval is symmetric about the rate, the logit one is not
    np.testing.assert_allclose(wald["value"] - wald["ci_low"], wald["ci_high"] - wald["value"])
    assert ((logit["ci_high"] - logit["value"]) > (logit["value"] - logit["ci_low"])).all()
    narrower = clm.survey.estimate(kids, by="province", ci="wald", level=0.9)
    assert (narrower["ci_high"] < wald["ci_high"]).all()


def test_deff_replace_and_normalised_weights(kids) -> None:
    # weights adding to less than the sample (normalised, as MICS): R's deff is NA
    normal = kids.assign(weight=kids["weight"] / kids["weight"].mean() / 2)
    assert clm.survey.estimate(normal)["deff"].isna().all()
    replace = clm.survey.estimate(normal, deff="replace")["deff"].item()
    assert 0 < replace < 10
    assert clm.survey.estimate(kids, deff=False)["deff"].isna().all()


def test_rows_without_a_domain_value_are_in_no_domain(kids) -> None:
    some = kids.astype({"province": "object"})
    some.loc[some.index[:50], "province"] = None
    est = clm.survey.estimate(some, by="province")
    assert est["n"].sum() == len(kids) - 50 and est["province"].notna().all()


def test_many_domains_at_once_equal_one_at_a_time(kids) -> None:
    # no loop over domains: one call for every province equals the province as the only
    # domain, its other rows left in the design with no domain
    both = clm.survey.estimate(kids, by="province").set_index("province")
    for code in ("01", "79"):
        one = kids.assign(only=kids["province"].where(kids["province"] == code))
        alone = clm.survey.estimate(one, by="only").iloc[0]
        for col in ("value", "se", "ci_low", "ci_high", "deff"):
            assert alone[col] == pytest.approx(both.loc[code, col], rel=1e-12)


def test_a_replicate_without_the_domain_is_dropped_as_r_does(kids) -> None:
    # Half-sample replicates over the 24 PSUs; some delete all of stratum 5 (PSUs 20–23),
    # the whole domain "last": its rate there is 0/0.  R's svrVar drops those replicates
    # (with a warning) and keeps the scale 1/R: the variance is that of the others.
    psu = (kids["stratum"] * 4 + kids["psu"]).to_numpy()
    rng = np.random.default_rng(3)
    factors = rng.choice([0.0, 2.0], size=(16, 24))
    factors[0, 20:] = 0.0
    reps = {f"r{g}": factors[g][psu] * kids["weight"] for g in range(16)}
    data = kids.assign(**reps, last=np.where(psu >= 20, "yes", "no"))
    est = clm.survey.estimate(data, by="last", replicates="r", replicate_type="BRR",
                              ci="wald").set_index("last")
    rows = data[data["last"] == "yes"]
    y = rows["child_labour"].astype(float).to_numpy()
    kept = [g for g in range(16) if rows[f"r{g}"].sum() > 0]
    assert 0 < len(kept) < 16
    theta = np.array([(rows[f"r{g}"] * y).sum() / rows[f"r{g}"].sum() for g in kept])
    var = ((theta - theta.mean()) ** 2).sum() / 16
    assert est.loc["yes", "se"] == pytest.approx(100 * np.sqrt(var), rel=1e-12)
    # R 4.1-1, svyby(~y, ~last, svrepdesign(type="BRR", combined.weights=TRUE), svymean)
    # on these data, once: se 0.03482913355 ("3 replicates gave NA results and were
    # discarded")
    assert est.loc["yes", "se"] / 100 == pytest.approx(0.03482913355, rel=1e-9)
