"""kzgov.prioritise: the exact MILP against brute force, the tie rule, explanations, errors.

All instances here are synthetic (random or hand-made), never real projects.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kzgov import prioritise
from kzgov.errors import DataError, InfeasibleError, ParameterError


# --------------------------------------------------------------------------- brute force
def brute_force(df, budget, *, region=None, floors=None, caps=None, must=(), exclude=()):
    """Independent reference: enumerate every subset, apply the documented tie rule.

    Returns the set of ids, or None when no subset is feasible.
    """
    ids = df["project_id"].tolist()
    s = df["score"].to_numpy(float)
    c = df["cost"].to_numpy(float)
    n = len(ids)
    # ranking of the tie rule: score high, cost low, id ascending
    order = sorted(range(n), key=lambda i: (-s[i], c[i], ids[i]))
    floors, caps = floors or {}, caps or {}
    regs = df[region].tolist() if region else [None] * n
    best = None
    for mask in itertools.product((0, 1), repeat=n):
        x = np.array(mask, dtype=bool)
        if c[x].sum() > budget + 1e-9:
            continue
        if any(not x[ids.index(m)] for m in must) or any(x[ids.index(m)] for m in exclude):
            continue
        ok = True
        for r, f in floors.items():
            ok &= sum(c[i] for i in range(n) if x[i] and regs[i] == r) >= f - 1e-9
        for r, k in caps.items():
            ok &= sum(c[i] for i in range(n) if x[i] and regs[i] == r) <= k + 1e-9
        if not ok:
            continue
        # larger key = better: score, then -cost, then lexicographic indicator in rank order
        key = (s[x].sum(), -c[x].sum(), tuple(int(x[i]) for i in order))
        if best is None or key > best[0]:
            best = (key, x)
    if best is None:
        return None
    return {ids[i] for i in range(n) if best[1][i]}


@st.composite
def instances(draw):
    n = draw(st.integers(1, 8))
    scores = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    costs = draw(st.lists(st.integers(0, 10), min_size=n, max_size=n))
    regions = draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=n, max_size=n))
    ids = [f"p{i}" for i in draw(st.permutations(range(n)))]
    df = pd.DataFrame({"project_id": ids, "score": scores, "cost": costs, "region": regions})
    budget = draw(st.integers(0, max(1, sum(costs))))
    present = sorted(set(regions))
    floors = {}
    caps = {}
    for r in present:
        if draw(st.booleans()):
            floors[r] = draw(st.integers(0, 8))
        if draw(st.booleans()):
            caps[r] = draw(st.integers(0, 15))
    must = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    exclude = draw(st.lists(st.sampled_from([i for i in ids if i not in must] or ids), max_size=2, unique=True))
    exclude = [i for i in exclude if i not in must]
    return df, budget, floors, caps, must, exclude


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_select_matches_brute_force(inst):
    df, budget, floors, caps, must, exclude = inst
    expected = brute_force(
        df, budget, region="region", floors=floors, caps=caps, must=must, exclude=exclude
    )
    kw = dict(budget=budget, region="region", floors=floors, caps=caps, must=must, exclude=exclude)
    if expected is None:
        with pytest.raises(InfeasibleError):
            prioritise.select(df, **kw)
        return
    got = prioritise.select(df, **kw)
    assert set(got["project_id"]) == expected


@settings(max_examples=60, deadline=None)
@given(instances(), st.randoms(use_true_random=False))
def test_select_ignores_row_order(inst, rnd):
    df, budget, *_ = inst
    a = prioritise.select(df, budget=budget)
    perm = list(range(len(df)))
    rnd.shuffle(perm)
    b = prioritise.select(df.iloc[perm], budget=budget)
    assert set(a["project_id"]) == set(b["project_id"])


def test_random_real_valued_instances_against_brute_force():
    rng = np.random.default_rng(7)
    for _ in range(40):
        n = int(rng.integers(2, 11))
        df = pd.DataFrame(
            {
                "project_id": np.arange(n),
                "score": rng.gamma(2.0, 50.0, n).round(3),
                "cost": rng.uniform(1_000, 90_000, n).round(0),
                "region": ["north", "south", *rng.choice(["north", "south"], n - 2)],
            }
        )
        budget = float(df["cost"].sum() * rng.uniform(0.2, 0.8))
        floors = {"south": float(rng.uniform(0, 0.3) * budget)}
        expected = brute_force(df, budget, region="region", floors=floors)
        if expected is None:
            with pytest.raises(InfeasibleError):
                prioritise.select(df, budget=budget, region="region", floors=floors)
            continue
        got = prioritise.select(df, budget=budget, region="region", floors=floors)
        assert set(got["project_id"]) == expected


def _hand_projects() -> pd.DataFrame:
    """Four projects in two regions: the hand example of the tests below."""
    return pd.DataFrame(
        {
            "project_id": [1, 2, 3, 4],
            "score": [9, 8, 3, 2],
            "cost": [6, 4, 3, 2],
            "region": ["N", "N", "S", "S"],
        }
    )


def test_hand_example_and_columns_kept():
    # by hand: budget 10; {1,2} scores 17 at cost 10 beats {2,3,4} = 13, {1,3} = 12
    p = _hand_projects().assign(note=["w", "x", "y", "z"]).set_axis([10, 11, 12, 13])
    got = prioritise.select(p, budget=10)
    assert got["project_id"].tolist() == [1, 2]
    assert list(got.columns) == list(p.columns)
    assert got.index.tolist() == [10, 11]
    # a floor of 3 for S: the best is {2,3,4} = 13 (cost 9), not {1,3} = 12
    got = prioritise.select(p, budget=10, region="region", floors={"S": 3})
    assert got["project_id"].tolist() == [2, 3, 4]
    # a cap of 5 for N leaves {2,3,4} too (N can hold only project 2)
    got = prioritise.select(p, budget=10, region="region", caps={"N": 5})
    assert got["project_id"].tolist() == [2, 3, 4]


def test_tie_rule_prefers_cheaper_then_ranking():
    # a,b,c tie at score 10 with budget for one: cheapest (c) wins
    p = pd.DataFrame({"project_id": ["a", "b", "c"], "score": [10, 10, 10], "cost": [5, 5, 4]})
    assert prioritise.select(p, budget=5)["project_id"].tolist() == ["c"]
    # equal score and cost: the smaller id wins
    p = pd.DataFrame({"project_id": ["b", "a"], "score": [10, 10], "cost": [5, 5]})
    assert prioritise.select(p, budget=5)["project_id"].tolist() == ["a"]
    # {x} and {y, z} both score 10 and cost 6: x is ranked first (higher single score)
    p = pd.DataFrame({"project_id": ["y", "z", "x"], "score": [5, 5, 10], "cost": [3, 3, 6]})
    assert prioritise.select(p, budget=6)["project_id"].tolist() == ["x"]


def test_explain_selection_binding_constraints():
    p = _hand_projects()
    e = prioritise.explain_selection(
        p, budget=10, region="region", floors={"S": 3}, caps={"N": 20}, must=[4]
    )
    row = e.set_index(["constraint", "target"])
    # optimum {2,3,4}: score 13, cost 9, 1 left
    assert e.attrs["score"] == 13 and e.attrs["budget_used"] == 9 and e.attrs["budget_left"] == 1
    assert row.loc[("budget", ""), "slack"] == 1
    # without the budget all four (22) would be funded: binding
    assert row.loc[("budget", ""), "optimum_without"] == 22
    assert bool(row.loc[("budget", ""), "binding"])
    # by hand, with must 4 and budget 10 but no floor: {1,4} 11 (cost 8), {2,4} 10,
    # {2,3,4} 13 (cost 9), {1,2,4} costs 12 → still 13: the floor does not bind
    assert row.loc[("floor", "S"), "optimum_without"] == 13
    assert not bool(row.loc[("floor", "S"), "binding"])
    # without the must (floor kept): {1,3} 12, {2,3} 11, {2,3,4} 13 → 13: not binding
    assert not bool(row.loc[("must", 4), "binding"])
    # a loose cap never binds
    assert not bool(row.loc[("cap", "N"), "binding"])
    assert row.loc[("cap", "N"), "slack"] == 20 - 4


def test_explain_floor_binds():
    p = pd.DataFrame(
        {"project_id": [1, 2, 3], "score": [9, 8, 1], "cost": [5, 5, 5], "region": ["N", "N", "S"]}
    )
    e = prioritise.explain_selection(p, budget=10, region="region", floors={"S": 5})
    row = e.set_index(["constraint", "target"])
    assert e.attrs["score"] == 10  # {1,3}
    assert row.loc[("floor", "S"), "optimum_without"] == 17
    assert row.loc[("floor", "S"), "gain_if_dropped"] == 7
    assert bool(row.loc[("floor", "S"), "binding"]) and bool(row.loc[("floor", "S"), "tight"])


def test_robustness_reports_changes():
    # nominal: budget 5 funds b (score 10, cost 5); at the lower bounds a+c (4+4) beat b (7)
    p = pd.DataFrame(
        {
            "project_id": ["a", "b", "c"],
            "score": [5, 10, 5],
            "score_low": [4, 7, 4],
            "cost": [2, 5, 3],
        }
    )
    r = prioritise.robustness(p, budget=5).set_index("project_id")
    assert r.loc["b", "change"] == "dropped"
    assert r.loc["a", "change"] == "added" and r.loc["c", "change"] == "added"
    assert r.attrs["n_changed"] == 3
    assert r.attrs["score_nominal"] == 10 and r.attrs["score_nominal_of_low_selection"] == 10


def test_robustness_missing_low_uses_nominal():
    p = pd.DataFrame(
        {"project_id": [1, 2], "score": [5.0, 3.0], "score_low": [np.nan, 1.0], "cost": [1, 1]}
    )
    r = prioritise.robustness(p, budget=1)
    assert r["score_low"].tolist() == [5.0, 1.0]
    assert (r["change"] == ["kept", "not selected"]).all()


def test_greedy_ratio_and_comparison():
    # ratios: a 2.0, b 2.33, c 2.0 → greedy takes b (3), then a does not fit (5), c fits → {b, c}
    p = pd.DataFrame({"project_id": ["a", "b", "c"], "score": [10, 7, 6], "cost": [5, 3, 3]})
    assert set(prioritise.greedy_ratio(p, budget=6)["project_id"]) == {"b", "c"}
    # budget 5: greedy {b} = 7 (then nothing fits: a 5, c 3 > 2), optimum {a} = 10
    cmp = prioritise.compare_heuristic(p, budget=5).set_index("method")
    assert cmp.loc["milp", "score"] == 10 and cmp.loc["greedy_ratio", "score"] == 7
    assert cmp.loc["greedy_ratio", "share_of_optimum"] == pytest.approx(0.7)
    assert not bool(cmp.loc["greedy_ratio", "same_as_milp"])


def test_greedy_never_beats_milp_random():
    rng = np.random.default_rng(3)
    for _ in range(30):
        n = 12
        df = pd.DataFrame(
            {"project_id": range(n), "score": rng.integers(1, 100, n), "cost": rng.integers(1, 50, n)}
        )
        budget = int(df["cost"].sum() // 3)
        cmp = prioritise.compare_heuristic(df, budget=budget).set_index("method")
        assert cmp.loc["greedy_ratio", "score"] <= cmp.loc["milp", "score"]
        assert cmp.loc["milp", "cost"] <= budget


# --------------------------------------------------------------------------- errors
BASE = pd.DataFrame({"project_id": ["a", "b"], "score": [1.0, 2.0], "cost": [1.0, 1.0]})


def test_error_duplicate_ids():
    p = pd.DataFrame({"project_id": ["a", "a"], "score": [1, 2], "cost": [1, 1]})
    with pytest.raises(DataError, match=r"column 'project_id', row 2: duplicate project id 'a' \(also in row 1\)"):
        prioritise.select(p, budget=1)


def test_error_negative_cost():
    p = BASE.assign(cost=[1.0, -3.0])
    with pytest.raises(DataError, match=r"column 'cost', row 2: the cost must be ≥ 0; got -3"):
        prioritise.select(p, budget=1)


def test_error_missing_score():
    with pytest.raises(DataError, match=r"column 'score', row 1: the score is missing"):
        prioritise.select(BASE.assign(score=[np.nan, 1.0]), budget=1)
    with pytest.raises(DataError, match=r"needs a score column 'impact'"):
        prioritise.select(BASE, budget=1, score="impact")
    with pytest.raises(DataError, match=r"needs a 'project_id' column"):
        prioritise.select(BASE.drop(columns="project_id"), budget=1)
    with pytest.raises(DataError, match=r"must be a finite number; got 'x'"):
        prioritise.select(BASE.assign(score=["x", 1]), budget=1)


def test_error_parameters():
    with pytest.raises(ParameterError, match=r"'budget' parameter of select must be a finite number ≥ 0. Got -1.0"):
        prioritise.select(BASE, budget=-1)
    with pytest.raises(ParameterError, match=r"need 'region'"):
        prioritise.select(BASE, budget=1, floors={"x": 1})
    with pytest.raises(ParameterError, match=r"lists project id 'zz'"):
        prioritise.select(BASE, budget=1, must=["zz"])
    p = BASE.assign(region=["N", "S"])
    with pytest.raises(ParameterError, match=r"names region 'E'.*regions are \['N', 'S'\]"):
        prioritise.select(p, budget=1, region="region", caps={"E": 1})
    with pytest.raises(ParameterError, match=r"must be a pandas DataFrame"):
        prioritise.select([1, 2], budget=1)


def test_error_infeasible():
    p = BASE.assign(region=["N", "S"])
    with pytest.raises(InfeasibleError, match=r"'must' projects cost 2 together, more than the budget 1"):
        prioritise.select(p, budget=1, must=["a", "b"])
    with pytest.raises(InfeasibleError, match=r"both in 'must' and in 'exclude'"):
        prioritise.select(p, budget=1, must=["a"], exclude=["a"])
    with pytest.raises(InfeasibleError, match=r"region 'N' has floor 2 above its cap 1"):
        prioritise.select(p, budget=5, region="region", floors={"N": 2}, caps={"N": 1})
    with pytest.raises(InfeasibleError, match=r"region 'S' needs at least 3 of spending"):
        prioritise.select(p, budget=5, region="region", floors={"S": 3})
    with pytest.raises(InfeasibleError, match=r"floors add up to 2, more than the budget 1"):
        prioritise.select(p, budget=1, region="region", floors={"S": 1, "N": 1})
    # no direct cause: costs 3 and 3, floor 4 in one region, cap 5 → solver proves it
    q = pd.DataFrame(
        {"project_id": [1, 2], "score": [1, 1], "cost": [3, 3], "region": ["N", "N"]}
    )
    with pytest.raises(InfeasibleError, match=r"no selection satisfies"):
        prioritise.select(q, budget=10, region="region", floors={"N": 4}, caps={"N": 5})


def test_empty_and_zero_budget():
    empty = BASE.iloc[:0]
    assert prioritise.select(empty, budget=10).empty
    got = prioritise.select(BASE.assign(cost=[0.0, 1.0]), budget=0)
    assert got["project_id"].tolist() == ["a"]
