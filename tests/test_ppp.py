"""Tests of kzgov.study.ppp_projects: Figures 4–8 of the study, the official cross-check, its audit checks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binom

from kzgov.errors import ParameterError
from kzgov.study import ppp_projects as ppp


def wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval, written out by hand (independent of statsmodels)."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_region_counts_ranks_by_hand():
    c = ppp.region_counts()
    assert c["region_code"].tolist() == ["VKO", "TRK", "AST", "SHM", "ABY"]
    assert c["projects"].tolist() == [265, 189, 28, 191, 114]
    # ranks by hand: 265 > 191 > 189 > 114 > 28
    assert c["rank"].tolist() == [1, 3, 5, 2, 4]
    # Turkestan and Shymkent date from 2018, Abai from 2022
    assert c["exists_throughout"].tolist() == [True, False, True, False, False]


def test_ranking_claims():
    rc = ppp.ranking_claims().set_index("claim")["holds"]
    assert rc["largest_is_vko"]
    assert not rc["text_order_descending"]  # 189 listed before 191, 28 before 191
    assert not rc["turkestan_vko_top_two"]  # Shymkent 191 > Turkistan 189
    assert rc["turkestan_vko_top_two_oblasts"]  # among oblasts: 265, 189, 114


def test_figure7_shares_sum_by_hand():
    s = ppp.status_shares()
    assert s["status"].tolist() == ["planned", "implementation", "terminated", "expired",
                                    "competition"]
    assert s["value"].sum() == 4 + 56 + 7 + 24 + 9 == 100
    impl = s.set_index("status").loc["implementation"]
    assert impl["mentions"] == 2 and impl["all_mentions_equal"]
    c = ppp.checks().set_index("check")
    assert c.loc["fig7_sum", "recomputed"] == 100
    assert c.loc["fig7_sum", "holds"]
    assert c.loc["fig7_sum_counting_repeat", "recomputed"] == 4 + 56 + 56 + 7 + 24 + 9
    assert not c.loc["fig7_sum_counting_repeat", "holds"]
    assert c.loc["fig7_sum", "paper_low"] == pytest.approx(100 - 5 * 0.5)


def test_figure6_sum_and_repeats():
    c = ppp.checks().set_index("check")
    assert c.loc["fig6_sum", "recomputed"] == 98 + 2
    assert c.loc["fig6_repeat_1", "holds"] and c.loc["fig6_repeat_2", "holds"]


def test_figure8_not_reproducible():
    a = ppp.contract_amounts().set_index("quantity")
    assert a.loc["minimum_amount", "value"] == 300.20
    assert a.loc["maximum_amount", "value"] == 510_967_322.00
    assert (a["unit"] == "not stated").all()
    assert a["max_over_min"].iloc[0] == pytest.approx(510_967_322.00 / 300.20)
    c = ppp.checks().set_index("check")
    assert math.isnan(c.loc["fig8_min", "recomputed"])
    assert "not reproducible" in c.loc["fig8_max", "note"]


def test_official_crosscheck_by_hand():
    cc = ppp.official_crosscheck().set_index(["quantity", "official_as_of"])
    local26 = cc.loc[("local_share", "2026-01-01")]
    assert local26["official_value"] == pytest.approx(100 * 1240 / 1257)
    assert not local26["within_rounding"]  # 98.65 % > 98.5 %
    local19 = cc.loc[("local_share", "2019-07-01")]
    assert local19["official_value"] == pytest.approx(100 * 556 / 565)
    assert local19["within_rounding"]  # 98.41 % in [97.5, 98.5]
    nat26 = cc.loc[("national_share", "2026-01-01")]
    assert nat26["official_value"] == pytest.approx(100 * 17 / 1257)
    lo, hi = wilson(17, 1257)
    assert nat26["ci_low"] == pytest.approx(100 * lo, rel=1e-9)
    assert nat26["ci_high"] == pytest.approx(100 * hi, rel=1e-9)
    term = cc.loc[("terminated_share", "2026-01-01")]
    assert term["official_value"] == pytest.approx(100 * 149 / 1257)
    assert term["difference"] == pytest.approx(100 * 149 / 1257 - 7)
    # exact two-sided binomial p-value by hand: sum of outcomes no more likely than 149
    pmf = binom.pmf(range(1258), 1257, 0.07)
    p_hand = pmf[pmf <= binom.pmf(149, 1257, 0.07) * (1 + 1e-7)].sum()
    assert term["p_val"] == pytest.approx(p_hand, rel=1e-6)
    # terminated among contract statuses, by hand
    rec = cc.loc[("terminated_share_of_contract_statuses", "2026-01-01")]
    assert rec["paper_value"] == pytest.approx(100 * 7 / (56 + 7 + 24))
    assert rec["paper_low"] == pytest.approx(100 * 6.5 / (6.5 + 56.5 + 24.5))
    assert rec["paper_high"] == pytest.approx(100 * 7.5 / (7.5 + 55.5 + 23.5))
    # 2019 report has no status: no terminated row for 2019
    assert ("terminated_share", "2019-07-01") not in cc.index


def test_checks_layout_and_determinism():
    a = ppp.checks()
    b = ppp.checks()
    assert list(a.columns) == ppp.CHECK_COLUMNS
    assert a["check"].is_unique
    assert a.to_csv(index=False) == b.to_csv(index=False)


@pytest.mark.parametrize("bad", [0, 1, 95, "0.95", True, -0.1])
def test_confidence_validation(bad):
    with pytest.raises(ParameterError, match="'confidence' parameter of official_crosscheck"):
        ppp.official_crosscheck(confidence=bad)


def test_method_validation():
    with pytest.raises(ParameterError, match="'method'.*Got 'normal'"):
        ppp.checks(method="normal")


def test_parameter_domains_shape():
    d = ppp.PARAMETERS.domains()
    assert set(d) == {"confidence", "ci_method", "make_figures"}
    assert all("type" in v and "nullable" in v for v in d.values())


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=3))
def test_rounding_interval_property(v, decimals):
    lo, hi = ppp.rounding_interval(v, decimals=decimals)
    assert lo < v < hi
    assert hi - lo == pytest.approx(10.0 ** (-decimals))
    assert round(lo + 1e-9, decimals) == v or round(hi - 1e-9, decimals) == v


@given(st.integers(min_value=1, max_value=5000), st.data())
def test_official_share_inside_its_interval(n, data):
    k = data.draw(st.integers(min_value=0, max_value=n))
    row = ppp._binom_row(k, n, 50.0, 49.5, 50.5, confidence=0.95, method="wilson")
    assert row["ci_low"] - 1e-9 <= row["official_value"] <= row["ci_high"] + 1e-9
    assert 0 <= row["p_val"] <= 1 and 0 <= row["p_val_rounding"] <= 1
