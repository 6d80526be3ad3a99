"""Tests of kzgov.survey and kzgov.study.survey_tabulation: codebook, reader, tabulation,
comparisons, consistency checks, the study's tables and claims.

Numbers are checked against values computed by hand here or by independent code (scipy's
binomtest intervals, explicit formulas, brute-force enumeration), never against the
module's own output. Synthetic respondent data in this file is synthetic and named so.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import stats

from kzgov import survey
from kzgov.errors import CodebookError, InfeasibleError, ParameterError, SurveyError
from kzgov.study import survey_tabulation as study


@pytest.fixture(scope="module")
def cb():
    return survey.load_codebook()


@pytest.fixture(scope="module")
def published():
    return study.load_published()


def _synthetic(n=40, seed=3):
    """Synthetic civil-servant answers (codes), for tests only."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "respondent_id": np.arange(1, n + 1),
            "q1": rng.choice(["infrastructure", "social", "energy_environment", "innovation"], n),
            "q7": rng.choice(
                ["very_effective", "effective_enough", "rather_inefficient", "dont_know"], n
            ),
        }
    )


def _round_half_up(x: Decimal, decimals: int = 0) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- transcriptions
def test_published_tables_as_read_by_hand(published):
    t3 = published[published.group == "civil_servants"]
    t4 = published[published.group == "entrepreneurs"]
    assert t3.question.nunique() == 8 and t4.question.nunique() == 9
    # Table 3 question 7, read off the paper: 55%, 20%, 10%, 5%, 10%
    q7 = t3[t3.question == "q7"].sort_values("option_order")
    assert list(q7.printed) == ["55%", "20%", "10%", "5%", "10%"]
    assert list(q7.value) == [55, 20, 10, 5, 10]
    assert set(published.unit) == {"%"}
    assert set(t3.location) == {"Table 3"} and set(t4.location) == {"Table 4"}


def test_every_question_sums_to_100(published):
    sums = survey._check_sums(published)
    hand = published.groupby(["group", "question"])["value"].sum()
    assert len(sums) == 17
    assert (hand == 100).all()
    assert sums.sums_to_100.all()


def test_check_sums_reports_bad_sum():
    bad = pd.DataFrame({"question": ["q1"] * 3, "option_code": list("abc"), "value": [33, 33, 33]})
    with pytest.warns(survey.SurveyWarning, match="sum to 99"):
        out = survey._check_sums(bad)
    assert out.loc[0, "total"] == 99 and not out.loc[0, "sums_to_100"]
    assert out.loc[0, "difference"] == -1


def test_codebook_wording_differences_as_read_by_hand(cb):
    diff = cb.differences()
    got = set(zip(diff.group, diff.question, diff.option_code, diff.what, strict=True))
    assert got == {
        ("civil_servants", "q8", "", "question"),
        ("entrepreneurs", "q4", "low", "option"),
        ("entrepreneurs", "q6", "neutral", "option"),
        ("entrepreneurs", "q9", "neutral", "option"),
    }
    row = diff[diff.option_code == "low"].iloc[0]
    assert row.table.endswith("goals.") and not row.appendix.endswith(".")
    q8 = diff[diff.what == "question"].iloc[0]
    assert "for more successful" in q8.table and "for the more successful" in q8.appendix


def test_codebook_ordinal_ranks(cb):
    assert cb.ranks("civil_servants", "q7") == {
        "very_effective": 4,
        "effective_enough": 3,
        "rather_inefficient": 2,
        "completely_ineffective": 1,
    }
    assert cb.ranks("entrepreneurs", "q9") == {"positive": 3, "neutral": 2, "negative": 1}
    with pytest.raises(CodebookError, match="single_choice"):
        cb.ranks("civil_servants", "q3")
    with pytest.raises(CodebookError, match="not in the codebook"):
        cb.options("civil_servants", "q9")


def test_comparable_mapping_only_q1(cb):
    comp = study.load_comparable(codebook=cb)
    compared = comp[comp.status == "compared"]
    assert set(compared.pair_id) == {"q1_project_types"}
    assert (compared.option_civil_servants == compared.option_entrepreneurs).all()
    # Q1 options are worded identically in both tables
    t_cs = cb.text("civil_servants", "q1")
    t_en = cb.text("entrepreneurs", "q1")
    assert t_cs == t_en
    assert "cs_q7_en_q4_effectiveness" in set(comp[comp.status == "not_compared"].pair_id)


def test_comparable_mapping_rejects_bad_option(tmp_path, cb):
    comp = study.load_comparable(codebook=cb)
    comp.loc[comp.option_entrepreneurs == "social", "option_entrepreneurs"] = "nonsense"
    path = tmp_path / "comparable.csv"
    comp.to_csv(path, index=False)
    with pytest.raises(CodebookError, match="nonsense"):
        study.load_comparable(path, codebook=cb)


def test_stated_sample():
    assert study.stated_n("civil_servants") == 80
    assert study.stated_n("entrepreneurs") == 60
    s = study.stated_sample()
    online = s[s.quantity == "share_online"].iloc[0]
    assert online.printed == "75%" and online.qualifier == "approximately"


# --------------------------------------------------------------------------- tabulation
def test_tabulate_counts_against_counter():
    df = _synthetic()
    out = survey.tabulate(df, "q1")
    hand = Counter(df["q1"])
    assert dict(zip(out.option, out["count"], strict=True)) == dict(hand)
    assert out["count"].sum() == 40
    for o, c in hand.items():
        assert out.set_index("option").loc[o, "share"] == pytest.approx(c / 40)
    assert list(out.columns) == ["option", "count", "share", "ci_low", "ci_high"]


def test_tabulate_codebook_order_and_zeros(cb):
    df = _synthetic()
    out = survey.tabulate(df, "q7", codebook=cb, group="civil_servants", zeros=True)
    assert list(out.option) == cb.options("civil_servants", "q7")
    assert out.set_index("option").loc["completely_ineffective", "count"] == 0
    observed = survey.tabulate(df, "q7", codebook=cb, group="civil_servants")
    assert "completely_ineffective" not in set(observed.option)


def _wilson(k, n, conf):
    z = stats.norm.ppf(1 - (1 - conf) / 2)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


@pytest.mark.parametrize("conf", [0.8, 0.95, 0.99])
def test_wilson_against_formula_and_scipy(conf):
    df = _synthetic(n=57, seed=11)
    out = survey.tabulate(df, "q1", confidence=conf)
    for _, r in out.iterrows():
        lo, hi = _wilson(r["count"], 57, conf)
        assert r.ci_low == pytest.approx(lo, abs=1e-12)
        assert r.ci_high == pytest.approx(hi, abs=1e-12)
        ci = stats.binomtest(int(r["count"]), 57).proportion_ci(conf, method="wilson")
        assert r.ci_low == pytest.approx(ci.low, abs=1e-10)
        assert r.ci_high == pytest.approx(ci.high, abs=1e-10)


def test_clopper_pearson_against_scipy():
    df = _synthetic(n=30, seed=5)
    out = survey.tabulate(df, "q1", method="beta")
    for _, r in out.iterrows():
        ci = stats.binomtest(int(r["count"]), 30).proportion_ci(0.95, method="exact")
        assert (r.ci_low, r.ci_high) == pytest.approx((ci.low, ci.high), abs=1e-9)


def test_goodman_against_formula():
    # Goodman (1965): A = chi2_{1}(1 - alpha/K); bounds (A + 2k ± sqrt(A(A + 4k(n-k)/n))) / (2(n + A))
    df = _synthetic(n=80, seed=2)
    out = survey.tabulate(df, "q1", method="goodman")
    n, K = 80, len(out)
    A = stats.chi2.ppf(1 - 0.05 / K, 1)
    for _, r in out.iterrows():
        k = r["count"]
        root = math.sqrt(A * (A + 4 * k * (n - k) / n))
        assert r.ci_low == pytest.approx((A + 2 * k - root) / (2 * (n + A)), abs=1e-12)
        assert r.ci_high == pytest.approx((A + 2 * k + root) / (2 * (n + A)), abs=1e-12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=60))
def test_tabulate_shares_sum_to_one(answers):
    df = pd.DataFrame({"respondent_id": range(len(answers)), "q": answers})
    out = survey.tabulate(df, "q")
    assert out["count"].sum() == len(answers)
    assert out["share"].sum() == pytest.approx(1.0)
    assert (out.ci_low <= out.share + 1e-12).all() and (out.share <= out.ci_high + 1e-12).all()


def test_tabulate_bad_parameters():
    df = _synthetic()
    with pytest.raises(
        ParameterError,
        match=r"The 'confidence' parameter of tabulate must be a float in \(0, 1\)\. Got 95 instead\.",
    ):
        survey.tabulate(df, "q1", confidence=95)
    with pytest.raises(ParameterError, match="'method'"):
        survey.tabulate(df, "q1", method="bayes")
    with pytest.raises(SurveyError, match="not a column"):
        survey.tabulate(df, "q5")


def test_missing_answers_are_counted_and_reported():
    df = _synthetic(n=10)
    df.loc[[2, 5], "q1"] = None
    with pytest.warns(survey.SurveyWarning, match="2 missing"):
        out = survey.tabulate(df, "q1")
    assert out.attrs["n"] == 8 and out.attrs["n_missing"] == 2
    assert out["count"].sum() == 8


# --------------------------------------------------------------------------- reconstruction
@pytest.mark.parametrize("group,n", [("civil_servants", 80), ("entrepreneurs", 60)])
def test_packaged_reconstruction_reproduces_table(group, n, published, cb):
    resp = study.load_responses(group, codebook=cb)
    assert len(resp) == n
    pub = published[published.group == group]
    for q, sub in pub.groupby("question"):
        counts = resp[q].value_counts()
        for code, pct in zip(sub.option_code, sub.value, strict=True):
            assert counts.get(code, 0) == pct * n / 100  # whole numbers at the stated n
    table = study.reproduce_table(resp, codebook=cb)
    assert (table.difference_pct == 0).all()
    assert (table.recomputed_pct == table.published_pct).all()


@pytest.mark.parametrize("seed", [0, 7, 123])
def test_round_trip_reconstruct_tabulate(seed, published):
    pub = published[published.group == "entrepreneurs"]
    resp = survey.reconstruct_responses(pub, n=60, seed=seed, group="entrepreneurs")
    for q, sub in pub.groupby("question"):
        t = survey.tabulate(resp, q).set_index("option")
        for code, pct in zip(sub.option_code, sub.value, strict=True):
            assert 100 * t.loc[code, "share"] == pytest.approx(pct, abs=1e-12)


def test_reconstruction_is_deterministic_and_seed_dependent(published):
    pub = published[published.group == "civil_servants"]
    a = survey.reconstruct_responses(pub, n=80, seed=1)
    b = survey.reconstruct_responses(pub, n=80, seed=1)
    c = survey.reconstruct_responses(pub, n=80, seed=2)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)


def test_reconstruct_infeasible_and_ambiguous():
    pub = pd.DataFrame({"question": ["q1"] * 2, "option_code": ["a", "b"], "value": [33, 67]})
    with pytest.raises(InfeasibleError, match="q1"):
        survey.reconstruct_responses(pub, n=10, seed=0)  # 3/10 = 30%, 4/10 = 40%
    # n=303: 33% ↔ k in [98.5, 101.5) → 99..101 and 67% ↔ 202..204: several pairs sum to 303
    with pytest.raises(SurveyError, match="more than one"):
        survey.reconstruct_responses(pub, n=303, seed=0)
    with pytest.warns(survey.SurveyWarning, match="sum to 99"):
        r = survey.reconstruct_responses(
            pd.DataFrame({"question": ["q"] * 3, "option_code": list("abc"), "value": [33] * 3}),
            n=3,
            seed=0,
        )
    assert sorted(r["q"]) == ["a", "b", "c"]


def test_counts_from_percentages_by_hand():
    assert survey.counts_from_percentages([55, 20, 10, 5, 10], 80) == (44, 16, 8, 4, 8)
    assert survey.counts_from_percentages(["75%", "25%"], 60) == (45, 15)
    # 14/43 = 32.56% → 33, 29/43 = 67.44% → 67
    assert survey.counts_from_percentages([33, 67], 43) == (14, 29)


# --------------------------------------------------------------------------- reader
def _forms_export(cb, tmp_path, rows):
    q1 = cb.question_text("entrepreneurs", "q1", wording="appendix")
    q4 = cb.question_text("entrepreneurs", "q4", wording="appendix")
    df = pd.DataFrame(rows, columns=["Timestamp", q1, q4])
    path = tmp_path / "forms.csv"
    df.to_csv(path, index=False)
    return path


def test_read_google_forms_export(cb, tmp_path):
    t1 = cb.text("entrepreneurs", "q1", wording="appendix")
    t4a = cb.text("entrepreneurs", "q4", wording="appendix")
    t4t = cb.text("entrepreneurs", "q4", wording="table")
    rows = [
        ["2024/03/01 10:00", t1["social"], t4a["low"]],  # appendix wording (no full stop)
        ["2024/03/01 10:05", t1["innovation"], t4t["low"]],  # table wording (full stop)
        ["2024/03/01 10:09", t1["social"], t4a["dont_know"]],
    ]
    path = _forms_export(cb, tmp_path, rows)
    resp = survey.read_responses(
        path, group="entrepreneurs", codebook=cb, id_column=None, ignore_columns=["Timestamp"]
    )
    assert list(resp.columns) == ["respondent_id", "q1", "q4"]
    assert list(resp.respondent_id) == [1, 2, 3]
    assert list(resp.q1) == ["social", "innovation", "social"]
    assert list(resp.q4) == ["low", "low", "dont_know"]


def test_reader_unknown_option_names_column_and_row(cb, tmp_path):
    t1 = cb.text("entrepreneurs", "q1", wording="appendix")
    rows = [
        ["t", t1["social"], "High efficiency, projects successfully achieve their goals"],
        ["t", "Space projects", "I find it difficult to answer"],
    ]
    path = _forms_export(cb, tmp_path, rows)
    with pytest.raises(
        SurveyError, match=r"row 2: 'Space projects' is not an option of question 'q1'"
    ):
        survey.read_responses(
            path, group="entrepreneurs", codebook=cb, id_column=None, ignore_columns=["Timestamp"]
        )


def test_reader_question_not_in_codebook(cb, tmp_path):
    path = _forms_export(
        cb, tmp_path, [["t", "Social projects (healthcare, education, social services, etc.)", ""]]
    )
    with pytest.raises(CodebookError, match="Timestamp"):
        survey.read_responses(path, group="entrepreneurs", codebook=cb, ignore_columns=())
    df = pd.DataFrame({"Department": ["x"], "q1": ["social"]})
    with pytest.raises(CodebookError, match="'Department' is not a question"):
        survey.read_responses(df, group="entrepreneurs", codebook=cb)


def test_reader_defaults_fit_google_forms(cb, tmp_path):
    t1 = cb.text("entrepreneurs", "q1", wording="appendix")
    t4 = cb.text("entrepreneurs", "q4", wording="appendix")
    path = _forms_export(
        cb, tmp_path, [["t", t1["social"], t4["high"]], ["t", t1["social"], t4["low"]]]
    )
    resp = study.open_responses("entrepreneurs", path, codebook=cb)
    assert list(resp.respondent_id) == [1, 2] and resp.attrs["kind"] == "user file"
    assert list(resp.q4) == ["high", "low"]


def test_reader_missing_answer_reported(cb, tmp_path):
    t1 = cb.text("entrepreneurs", "q1")
    path = _forms_export(
        cb, tmp_path, [["t", t1["social"], ""], ["t", "", "I find it difficult to answer"]]
    )
    with pytest.warns(survey.SurveyWarning, match="missing answers"):
        resp = survey.read_responses(
            path, group="entrepreneurs", codebook=cb, id_column=None, ignore_columns=["Timestamp"]
        )
    assert resp.attrs["missing"] == {"q1": [2], "q4": [1]}
    with pytest.warns(survey.SurveyWarning):
        t = survey.tabulate(resp, "q4", codebook=cb)
    assert t.attrs["n"] == 1 and t.attrs["n_missing"] == 1


def test_reader_duplicate_id_and_unknown_code(cb):
    df = pd.DataFrame({"respondent_id": [1, 2, 2], "q1": ["social", "social", "innovation"]})
    with pytest.raises(SurveyError, match=r"duplicate respondent id\(s\) \['2'\]"):
        survey.read_responses(df, group="civil_servants", codebook=cb)
    df = pd.DataFrame({"respondent_id": [1, 2], "q1": ["social", "space"]})
    with pytest.raises(SurveyError, match="'space'"):
        survey._validate_responses(df, group="civil_servants", codebook=cb)
    df = pd.DataFrame({"respondent_id": [1], "q99": ["social"]})
    with pytest.raises(CodebookError, match="q99"):
        survey._validate_responses(df, group="civil_servants", codebook=cb)
    with pytest.raises(ParameterError, match="'group'"):
        survey._validate_responses(df, group="citizens", codebook=cb)


# --------------------------------------------------------------------------- consistency
def test_consistent_sample_sizes_hand_tables():
    assert survey.consistent_sample_sizes([[50, 50]], n_max=10) == [2, 4, 6, 8, 10]
    # [33, 67]: need k/n in (0.325, 0.335) (67 caps k/n from below strictly, 33 from above):
    # multiples of 3, plus 14/43, 15/46, 16/49; 13/40 = 0.325 gives 67.5 → 68 (half up), so 40 fails
    expected = sorted(set(range(3, 51, 3)) | {43, 46, 49})
    assert survey.consistent_sample_sizes([[33, 67]], n_max=50) == expected
    # one decimal: 33.3/66.7 needs k/n in (0.3325, 0.3335): only thirds up to n = 10
    assert survey.consistent_sample_sizes([["33.3%", "66.7%"]], decimals=1, n_max=10) == [3, 6, 9]
    # two questions: the intersection
    assert survey.consistent_sample_sizes([[50, 50], [25, 75]], n_max=12) == [4, 8, 12]


def _brute_force(questions, n_max):
    out = []
    for n in range(1, n_max + 1):
        ok = True
        for q in questions:
            found = False
            for ks in itertools.product(range(n + 1), repeat=len(q) - 1):
                last = n - sum(ks)
                if last < 0:
                    continue
                ks = (*ks, last)
                if all(
                    _round_half_up(Decimal(100 * k) / Decimal(n)) == p
                    for k, p in zip(ks, q, strict=True)
                ):
                    found = True
                    break
            if not found:
                ok = False
                break
        if ok:
            out.append(n)
    return out


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=3),
        min_size=1,
        max_size=2,
    )
)
def test_consistent_sample_sizes_matches_brute_force(questions):
    assert survey.consistent_sample_sizes(questions, n_max=25) == _brute_force(questions, 25)


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.data())
def test_true_n_is_always_consistent(n, data):
    counts = data.draw(st.lists(st.integers(min_value=0, max_value=n), min_size=1, max_size=4))
    if sum(counts) > n:
        return
    counts = [*counts, n - sum(counts)]
    pct = [_round_half_up(Decimal(100 * k) / Decimal(n)) for k in counts]
    assert n in survey.consistent_sample_sizes([pct], n_max=300)


def test_published_tables_smallest_n_is_20(published):
    # Table 3 has 5%: one respondent → n in 19..22; 25% at n=19 needs k in [4.655, 4.845): none.
    # Table 4's smallest share is 10%: k=1 → n ≤ 10, and 25% at n=10 needs k in [2.45, 2.55): none;
    # k=2 → n ≥ 20. All shares are multiples of 5, so n = 20 works for both.
    for g, n in (("civil_servants", 80), ("entrepreneurs", 60)):
        pub = published[published.group == g]
        qs = [list(s.value) for _, s in pub.groupby("question")]
        ns = survey.consistent_sample_sizes(qs, n_max=100)
        assert ns[0] == 20
        assert n in ns
        assert [m for m in ns if m <= 100] == [20, 40, 60, 80, 100]


def test_mode_split_at_60():
    assert survey.counts_from_percentages([75, 25], 60) == (45, 15)
    assert 60 in survey.consistent_sample_sizes([[75, 25]], n_max=60)


def test_consistent_sample_sizes_bad_input():
    with pytest.raises(ParameterError, match="decimal place"):
        survey.consistent_sample_sizes([[33.3, 66.7]])
    with pytest.raises(ParameterError, match="n_max"):
        survey.consistent_sample_sizes([[50, 50]], n_max=0)
    with pytest.raises(ParameterError, match="between 0 and 100"):
        survey.consistent_sample_sizes([[150, -50]])
    with pytest.raises(ParameterError, match="no percentages"):
        survey.consistent_sample_sizes([[]])


def test_prob_all_multiples_hand_cases():
    # n=20, step 10: 5k is a multiple of 10 iff k is even; P(Bin(20, 1/2) even) = 1/2
    r = survey.prob_all_multiples([[50, 50]], n=20, step=10)
    assert r.probability == pytest.approx(0.5, abs=1e-12)
    # n=8, step 5: 12.5k rounds to a multiple of 5 iff k is even (12.5→13, 37.5→38, …)
    assert survey.prob_all_multiples([[50, 50]], n=8).probability == pytest.approx(0.5, abs=1e-12)
    # n=10: every percentage 10k is a multiple of 5
    assert survey.prob_all_multiples([[30, 70]], n=10).probability == pytest.approx(1.0)
    # two independent questions multiply
    two = survey.prob_all_multiples([[50, 50], [50, 50]], n=20, step=10)
    assert two.probability == pytest.approx(0.25, abs=1e-12)


def test_prob_all_multiples_against_enumeration():
    p = [40, 35, 25]
    n = 24
    probs = np.array(p) / 100
    total = 0.0
    for k1 in range(n + 1):
        for k2 in range(n + 1 - k1):
            ks = (k1, k2, n - k1 - k2)
            if all(_round_half_up(Decimal(100 * k) / Decimal(n)) % 5 == 0 for k in ks):
                total += stats.multinomial.pmf(ks, n, probs)
    r = survey.prob_all_multiples([p], n=n)
    assert r.probability == pytest.approx(total, rel=1e-10)


def test_prob_all_multiples_monte_carlo_agrees(published):
    pub = published[published.group == "civil_servants"]
    qs = [list(s.value) for _, s in pub.groupby("question", sort=False)][:3]
    exact = survey.prob_all_multiples(qs, n=80)
    mc = survey.prob_all_multiples(qs, n=80, method="monte_carlo", n_sim=50_000, seed=4)
    for e, m, se in zip(exact.per_question, mc.per_question, mc.se_per_question, strict=True):
        assert abs(e - m) < 5 * se + 1e-9
    assert mc.seed == 4 and mc.n_sim == 50_000


def test_prob_all_multiples_rejects_bad_sum():
    with pytest.raises(SurveyError, match="not 100"):
        survey.prob_all_multiples([[33, 33, 33]], n=99)


# --------------------------------------------------------------------------- comparisons
def test_compare_groups_chi2_against_hand(cb):
    cs = study.load_responses("civil_servants", codebook=cb)
    en = study.load_responses("entrepreneurs", codebook=cb)
    out = survey.compare_groups(cs, en, comparable=study.load_comparable(codebook=cb))
    assert list(out.pair_id) == ["q1_project_types"]
    # Q1 counts at the stated n: 20/40/20/20 % of 80 and 35/25/20/20 % of 60
    obs = np.array([[16, 32, 16, 16], [21, 15, 12, 12]], float)
    exp = obs.sum(1, keepdims=True) * obs.sum(0, keepdims=True) / obs.sum()
    chi2 = ((obs - exp) ** 2 / exp).sum()
    r = out.iloc[0]
    assert r.test == "chi2" and r.dof == 3
    assert r.statistic == pytest.approx(chi2)
    assert r.p_val == pytest.approx(stats.chi2.sf(chi2, 3))
    assert r.cramers_v == pytest.approx(math.sqrt(chi2 / (140 * 1)))
    assert r.p_holm == pytest.approx(r.p_val)
    assert r.min_expected == pytest.approx(exp.min())


def test_compare_groups_small_counts_use_fisher(cb):
    comp = pd.DataFrame(
        {
            "pair_id": ["p", "p"],
            "status": ["compared", "compared"],
            "question_civil_servants": ["q1", "q1"],
            "question_entrepreneurs": ["q1", "q1"],
            "option_civil_servants": ["social", "innovation"],
            "option_entrepreneurs": ["social", "innovation"],
        }
    )
    a = pd.DataFrame({"respondent_id": range(5), "q1": ["social"] * 4 + ["innovation"]})
    b = pd.DataFrame({"respondent_id": range(5), "q1": ["social"] + ["innovation"] * 4})
    out = survey.compare_groups(a, b, comparable=comp)
    # hypergeometric two-sided p for [[4,1],[1,4]]: tables at least as extreme are x = 0,1,4,5
    M, n1, N = 10, 5, 5
    pmf = [math.comb(n1, x) * math.comb(M - n1, N - x) / math.comb(M, N) for x in range(6)]
    p = sum(v for v in pmf if v <= pmf[4] * (1 + 1e-9))
    assert out.iloc[0].test == "fisher_exact"
    assert out.iloc[0].p_val == pytest.approx(p)


def test_ordinal_association_against_scipy(cb):
    rng = np.random.default_rng(9)  # synthetic entrepreneurs' answers
    n = 50
    q4 = rng.choice(["high", "moderate", "low", "dont_know"], n)
    q9 = rng.choice(["positive", "neutral", "negative"], n)
    df = pd.DataFrame({"respondent_id": range(n), "q4": q4, "q9": q9})
    out = survey.ordinal_association(df, group="entrepreneurs", codebook=cb, confidence=0.9)
    x = pd.Series(q4).map({"high": 3, "moderate": 2, "low": 1})
    y = pd.Series(q9).map({"positive": 3, "neutral": 2, "negative": 1})
    keep = x.notna()
    rho = stats.spearmanr(x[keep], y[keep])
    tau = stats.kendalltau(x[keep], y[keep])
    sp = out[out.method == "spearman"].iloc[0]
    kd = out[out.method == "kendall"].iloc[0]
    assert sp.n == keep.sum()
    assert sp.r == pytest.approx(rho.statistic) and sp.p_val == pytest.approx(rho.pvalue)
    assert kd.r == pytest.approx(tau.statistic) and kd.p_val == pytest.approx(tau.pvalue)
    z = np.arctanh(rho.statistic)
    half = stats.norm.ppf(0.95) / math.sqrt(sp.n - 3)
    assert (sp.ci_low, sp.ci_high) == pytest.approx(
        (np.tanh(z - half), np.tanh(z + half)), abs=1e-9
    )


def test_ordinal_association_holm_and_nominal(cb):
    resp = study.load_responses("entrepreneurs", codebook=cb)
    out = survey.ordinal_association(resp, codebook=cb)
    assert set(map(tuple, out[["x", "y"]].drop_duplicates().values)) == {
        ("q4", "q6"),
        ("q4", "q9"),
        ("q6", "q9"),
    }
    sp = out[out.method == "spearman"].sort_values("p_val")
    p = sp.p_val.to_numpy()
    m = len(p)
    holm = np.minimum(1, np.maximum.accumulate([(m - i) * p[i] for i in range(m)]))
    assert sp.p_holm.to_numpy() == pytest.approx(holm)
    with pytest.raises(CodebookError, match="nominal"):
        survey.ordinal_association(resp, pairs=[("q1", "q2")], codebook=cb)
    cs = study.load_responses("civil_servants", codebook=cb)
    assert survey.ordinal_association(cs, codebook=cb).empty  # one ordinal item only


# --------------------------------------------------------------------------- Spearman claims
def test_option_indicator_correlation_against_reconstruction(published, cb):
    pub = published[published.group == "civil_servants"]
    out = study.option_indicator_correlations(pub, question="q3", n=80)
    for seed in (0, 1):
        resp = survey.reconstruct_responses(pub, n=80, seed=seed)
        for _, r in out.iterrows():
            a = (resp.q3 == r.option_a).astype(int)
            b = (resp.q3 == r.option_b).astype(int)
            assert r.r == pytest.approx(stats.spearmanr(a, b).statistic, abs=1e-12)
    # by hand: methodology 32/80, software 28/80 → −sqrt(32·28 / (48·52))
    first = out.iloc[0]
    assert first.r == pytest.approx(-math.sqrt(32 * 28 / (48 * 52)))


def test_spearman_claims_table():
    claims = study.spearman_claims()
    assert list(claims.printed) == ["0.7", "-0.25", "-0.4"]
    assert not claims.reproducible.any()
    goals = claims.set_index("claim_id").loc["rho_goals"]
    assert goals.indicator_r_max < 0  # a positive 0.7 is impossible between Q2 options
    methods = claims.set_index("claim_id").loc["rho_methods"]
    assert methods.matching_pairs == ""


def test_pairing_sensitivity_bounds(published):
    pub = published[published.group == "civil_servants"]
    out = study.pairing_sensitivity(pub, x="q1", y="q2", n=80, seeds=range(20)).set_index(
        "quantity"
    )
    lo = out.loc["attainable minimum (antimonotone pairing)", "r"]
    hi = out.loc["attainable maximum (comonotone pairing)", "r"]
    for seed in range(5):
        resp = survey.reconstruct_responses(pub, n=80, seed=seed)
        x = resp.q1.map(
            {
                c: i
                for i, c in enumerate(
                    ["infrastructure", "social", "energy_environment", "innovation"]
                )
            }
        )
        y = resp.q2.map(
            {
                c: i
                for i, c in enumerate(
                    pub[pub.question == "q2"].sort_values("option_order").option_code
                )
            }
        )
        r = stats.spearmanr(x, y).statistic
        assert lo - 1e-12 <= r <= hi + 1e-12
    assert lo < -0.5 and hi > 0.5


# --------------------------------------------------------------------------- notebook domains
def test_parameter_domains():
    d = study.PARAMETERS.domains()
    assert set(d) == {"civil_servants_path", "entrepreneurs_path", "codebook_path", "confidence"}
    assert d["confidence"]["type"] == "float"
    assert d["confidence"]["min_exclusive"] and d["confidence"]["max_exclusive"]
    assert all(d[k]["type"] == "path" and d[k]["nullable"] for k in d if k.endswith("_path"))


def test_declared_parameters_refuse_a_missing_file(tmp_path):
    with pytest.raises(ParameterError, match="'codebook_path' parameter of 02_survey_tabulation"):
        study.PARAMETERS.validate({"codebook_path": str(tmp_path / "missing.csv")})
    assert study.PARAMETERS.validate({"confidence": 0.975}) == {"confidence": 0.975}


def test_import_is_light():
    import subprocess
    import sys

    code = "import sys, kzgov.survey; print(any(m in sys.modules for m in ('matplotlib', 'seaborn', 'torch', 'pingouin')))"
    with warnings.catch_warnings():
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
    assert out.stdout.strip() == "False"
