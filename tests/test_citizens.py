"""kzgov.citizens: the Pabulib reader, the greedy rule against the cities' outcomes, MES.

Real elections: the four packaged Pabulib files. Synthetic elections (written to tmp_path
in the tests) are named synthetic and are used only to exercise the parser and the rules.
"""

from __future__ import annotations

import csv
import shutil
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from kzgov import citizens, data
from kzgov.errors import DataError, ElectionFormatError, HashMismatchError, ParameterError
from kzgov.study import recommendation as study

WARSAW = [
    "pb_poland_warszawa_2017_anin",
    "pb_poland_warszawa_2017_bemowo",
    "pb_poland_warszawa_2017_kolo",
]
KRAKOW = "pb_poland_krakow_2018_stare_miasto"


def load(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", citizens.ElectionCountWarning)
        return citizens.load_election(name)


@pytest.fixture(scope="module")
def elections():
    return {n: load(n) for n in [*WARSAW, KRAKOW]}


SYNTH = """META
key;value
description;synthetic test election
num_projects;3
num_votes;4
budget;10
vote_type;approval
PROJECTS
project_id;cost;votes;name;category;selected
a;6;3;"Park; with a semicolon";culture,sport;1
b;5;2;Library;education;0
c;4;1;Bench;public space;1
VOTES
voter_id;vote
v1;a,b
v2;a,b
v3;a
v4;c
"""


def write(tmp_path: Path, text: str, name: str = "synthetic.pb") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --------------------------------------------------------------------------- reader
def test_read_synthetic(tmp_path):
    e = citizens.read_pb(write(tmp_path, SYNTH))
    assert e.meta["description"] == "synthetic test election"
    assert e.budget == 10.0 and e.vote_type == "approval" and e.n_voters == 4
    assert e.projects["project_id"].tolist() == ["a", "b", "c"]
    assert e.projects["cost"].tolist() == [6, 5, 4]
    assert e.projects.loc[0, "name"] == "Park; with a semicolon"
    assert e.ballots == [("a", "b"), ("a", "b"), ("a",), ("c",)]
    assert e.selected == frozenset({"a", "c"})
    with pytest.raises(AttributeError):  # frozen
        e.meta = {}


def test_greedy_synthetic_skips_and_continues(tmp_path):
    # by votes: a (3) costs 6 → 4 left; b (2) costs 5 → skipped; c (1) costs 4 → fits
    e = citizens.read_pb(write(tmp_path, SYNTH))
    assert citizens.greedy(e) == frozenset({"a", "c"})


@pytest.mark.parametrize(
    "mutate, pattern",
    [
        (lambda t: t.replace("VOTES\nvoter_id;vote\nv1;a,b\nv2;a,b\nv3;a\nv4;c\n", ""), r"no VOTES section"),
        (lambda t: t.replace("b;5;2;Library;education;0", "b;5;2;Library;education"), r"line 11: PROJECTS row has 5 fields, but the header \(line 9\) has 6"),
        (lambda t: t.replace("v3;a\n", "v3;a;extra\n"), r"line 17: VOTES row has 3 fields, but the header \(line 14\) has 2"),
        (lambda t: t.replace("META\n", "", 1), r"line 1: expected the section line META first"),
        (lambda t: t.replace("v4;c", "v4;z"), r"line 18: the vote lists project\(s\) \['z'\] that PROJECTS does not list"),
        (lambda t: t.replace("c;4;1;Bench", "a;4;1;Bench"), r"line 12: duplicate project_id 'a' \(first on line 10\)"),
        (lambda t: t.replace("b;5;2", "b;-5;2"), r"line 11: project cost must be ≥ 0"),
        (lambda t: t.replace("b;5;2", "b;five;2"), r"line 11: PROJECTS column 'cost' must be a number, got 'five'"),
        (lambda t: t.replace("budget;10\n", ""), r"META lacks the key 'budget'"),
        (lambda t: t.replace("vote_type;approval", "vote_type;magic"), r"line 7: META vote_type must be one of"),
        (lambda t: t.replace("voter_id;vote", "voter_id;ballot"), r"line 14: VOTES header lacks column\(s\) \['vote'\]"),
        (lambda t: t.replace("v2;a,b", "v1;a,b"), r"line 16: duplicate voter_id 'v1'"),
        (lambda t: t.replace("v2;a,b", "v2;a,a"), r"line 16: the vote lists a project twice"),
        (lambda t: t.replace("PROJECTS\n", "VOTES\n", 1), r"line 8: expected section PROJECTS here .*, got VOTES"),
        (lambda t: t.replace("PROJECTS\n", ""), r"line 8: META row has 6 fields, but the header \(line 2\) has 2"),
        (lambda t: t + "VOTES\nvoter_id;vote\n", r"section VOTES appears a second time"),
        (lambda t: t.replace('"Park; with a semicolon"', '"Park; unclosed'), r"line 10: a quoted field opens on this line and is never closed"),
        (lambda t: t.replace("b;5;2", "b;inf;2"), r"line 11: PROJECTS column 'cost' must be a number, got 'inf'"),
        (lambda t: t.replace("b;5;2", "b;1e999;2"), r"line 11: PROJECTS column 'cost' must be a number, got '1e999'"),
        (lambda t: t.replace("budget;10\n", "budget;1e400\n"), r"META budget must be a number, got '1e400'"),
    ],
)
def test_read_malformed(tmp_path, mutate, pattern):
    path = write(tmp_path, mutate(SYNTH))
    with pytest.raises(ElectionFormatError, match=pattern) as info:
        citizens.read_pb(path)
    assert "synthetic.pb" in str(info.value)


def test_read_not_utf8_and_missing(tmp_path):
    p = tmp_path / "latin1.pb"
    p.write_bytes(SYNTH.replace("Library", "Biblioth\u00e8que").encode("latin-1"))
    with pytest.raises(ElectionFormatError, match="not valid UTF-8"):
        citizens.read_pb(p)
    with pytest.raises(ElectionFormatError, match="does not exist"):
        citizens.read_pb(tmp_path / "nope.pb")


def test_vote_count_warning(tmp_path):
    path = write(tmp_path, SYNTH.replace("num_votes;4", "num_votes;5"))
    with pytest.warns(citizens.ElectionCountWarning, match=r"META num_votes is 5, but the file has 4 VOTES rows"):
        e = citizens.read_pb(path)
    assert e.n_voters == 4
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        citizens.read_pb(write(tmp_path, SYNTH, "ok.pb"))  # consistent counts: no warning


@pytest.mark.parametrize(
    "name, expected",
    [
        ("pb_poland_warszawa_2017_bemowo", ["num_votes is 4198, but the file has 4197 VOTES rows"]),
        (
            KRAKOW,
            [
                "num_votes is 1401, but the file has 1400 VOTES rows",
                "num_projects is 29, but the file has 28 PROJECTS rows",
            ],
        ),
        ("pb_poland_warszawa_2017_anin", []),
        ("pb_poland_warszawa_2017_kolo", []),
    ],
)
def test_real_files_warn_about_counts(name, expected):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        citizens.load_election(name)
    got = [str(w.message) for w in caught if issubclass(w.category, citizens.ElectionCountWarning)]
    assert len(got) == len(expected)
    for text, msg in zip(expected, got, strict=True):
        assert text in msg


def test_real_files_against_pabutools_parser(elections):
    # an independent parser: pabutools' own
    from pabutools.election import parse_pabulib

    for name, e in elections.items():
        inst, prof = parse_pabulib(str(data.resource_path(name)))
        assert float(inst.budget_limit) == e.budget
        costs = {p.name: float(p.cost) for p in inst}
        assert costs == dict(zip(e.projects["project_id"], e.projects["cost"].astype(float), strict=True))
        assert len(prof) == e.n_voters
        if e.vote_type == "ordinal":
            theirs = [tuple(p.name for p in b) for b in prof]
        else:
            theirs = [frozenset(p.name for p in b) for b in prof]
            ours = [frozenset(b) for b in e.ballots]
            assert theirs == ours
            continue
        assert theirs == e.ballots


def test_load_election_checks_hash(tmp_path, monkeypatch):
    raw = tmp_path / "data" / "raw"
    (raw / "participatory_budgeting").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("")
    shutil.copy(data.paths.raw_dir() / "datapackage.json", raw / "datapackage.json")
    src = data.resource_path("pb_poland_warszawa_2017_anin")
    dest = raw / "participatory_budgeting" / src.name
    dest.write_bytes(src.read_bytes().replace(b"budget;122468", b"budget;999999"))
    monkeypatch.setenv("KZGOV_ROOT", str(tmp_path))
    with pytest.raises(HashMismatchError, match="sha256"):
        citizens.load_election("pb_poland_warszawa_2017_anin")


def test_load_election_unknown():
    with pytest.raises(DataError, match=r"unknown election 'paris'; packaged elections are \["):
        citizens.load_election("paris")


def test_packaged_elections_and_domains():
    assert citizens.elections() == sorted([*WARSAW, KRAKOW])
    dom = study.PARAMETERS.domains()
    assert dom["election"]["values"] == citizens.elections()
    assert set(dom) == {"election", "proxy", "priority_bonus", "floor_category", "floor_share"}
    assert dom["floor_category"]["nullable"] and not dom["proxy"]["nullable"]
    with pytest.raises(ParameterError, match="'floor_share' parameter of 06_recommendation"):
        study.PARAMETERS.validate({"floor_share": 1.5})


# --------------------------------------------------------------------------- tallies
def recount(path: Path):
    """Independent recount with the csv module: approvals and 3-2-1 points per project."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i, j = lines.index("PROJECTS"), lines.index("VOTES")
    projects = list(csv.DictReader(lines[i + 1 : j], delimiter=";"))
    votes = list(csv.DictReader(lines[j + 1 :], delimiter=";"))
    count = {p["project_id"]: 0 for p in projects}
    points = dict.fromkeys(count, 0)
    for v in votes:
        ids = [x for x in v["vote"].split(",") if x]
        for k, pid in enumerate(ids):
            count[pid] += 1
            points[pid] += 3 - k
    return projects, count, points


@pytest.mark.parametrize("name", WARSAW)
def test_warsaw_votes_column_matches_ballots(name, elections):
    projects, count, _ = recount(data.resource_path(name))
    assert {p["project_id"]: int(p["votes"]) for p in projects} == count
    t = citizens._tally(elections[name]).set_index("project_id")
    assert t["votes_ballots"].to_dict() == count
    assert t["votes_match"].all()


def test_krakow_score_is_321_points_votes_column_is_not_ballots(elections):
    projects, count, points = recount(data.resource_path(KRAKOW))
    assert {p["project_id"]: int(p["score"]) for p in projects} == points
    t = citizens._tally(elections[KRAKOW]).set_index("project_id")
    assert t["points_ballots"].to_dict() == points
    assert t["score_match"].all()
    # the file's `votes` column is not the count of ballots listing the project
    # (e.g. project 12: 1054 in the column, 136 ballots); recorded, not corrected
    assert int(t.loc["12", "votes_file"]) == 1054 and count["12"] == 136
    assert not t["votes_match"].all()


# --------------------------------------------------------------------------- rules
@pytest.mark.parametrize("name", WARSAW)
def test_greedy_reproduces_city_selection(name, elections):
    e = elections[name]
    # the reference set straight from the file's `selected` column
    projects, _, _ = recount(data.resource_path(name))
    city = {p["project_id"] for p in projects if p["selected"] == "1"}
    assert citizens.greedy(e) == city
    assert e.cost_of(city) <= e.budget


def test_greedy_krakow_by_score(elections):
    # by hand from the file: score order 19 (72000), 26 (50000), 16 (72000), 7 (19820)
    # → 213820 spent, 25280 left; 25 (52500) no, 3 (19500) yes → 5780 left; then only
    # projects ≤ 5780 fit: 22 (4000, score 256) → 1780 left; nothing else ≤ 1780.
    e = elections[KRAKOW]
    assert citizens.greedy(e) == {"19", "26", "16", "7", "3", "22"}
    assert e.budget - e.cost_of(citizens.greedy(e)) == 1780


def reference_mes(e, *, names_order=None):
    """Independent exact MES with cost utilities (no completion), after Peters et al."""
    m = citizens.points_matrix(e)
    ids = list(m.columns)
    cost = {p: Fraction(int(c)) for p, c in zip(e.projects["project_id"], e.projects["cost"], strict=True)}
    n = len(m)
    budget = [Fraction(int(e.budget), n)] * n
    pts = m.to_numpy()
    chosen = []
    remaining = set(ids)
    while True:
        best = None
        for j, p in enumerate(ids):
            if p not in remaining:
                continue
            sup = [(i, Fraction(int(pts[i, j])) * cost[p]) for i in np.flatnonzero(pts[:, j] > 0)]
            if not sup or sum(budget[i] for i, _ in sup) < cost[p]:
                continue
            # smallest rho with sum_i min(b_i, rho * u_i) = cost
            sup.sort(key=lambda t: budget[t[0]] / t[1])
            paid, util_left = Fraction(0), sum(u for _, u in sup)
            rho = None
            for i, u in sup:
                r = (cost[p] - paid) / util_left
                if r * u <= budget[i]:
                    rho = r
                    break
                paid += budget[i]
                util_left -= u
            if rho is None:
                continue
            if best is None or (rho, p) < (best[0], best[1]):
                best = (rho, p, sup)
        if best is None:
            return frozenset(chosen)
        rho, p, sup = best
        for i, u in sup:
            budget[i] -= min(budget[i], rho * u)
        chosen.append(p)
        remaining.discard(p)


@pytest.mark.parametrize("name", ["pb_poland_warszawa_2017_anin", "pb_poland_warszawa_2017_kolo", KRAKOW])
def test_mes_matches_reference(name, elections):
    e = elections[name]
    assert citizens.mes(e, completion="none") == reference_mes(e)


def test_mes_completion_is_feasible_and_exhaustive(elections):
    e = elections["pb_poland_warszawa_2017_anin"]
    plain = citizens.mes(e, completion="none")
    done = citizens.mes(e, completion="greedy")
    assert plain <= done
    assert e.cost_of(done) <= e.budget
    left = e.budget - e.cost_of(done)
    rest = e.projects[~e.projects["project_id"].isin(done)]
    assert (rest["cost"] > left).all()  # nothing else fits: exhaustive
    add1 = citizens.mes(e, completion="add1")
    assert e.cost_of(add1) <= e.budget and e.cost_of(add1) >= e.cost_of(plain)
    full = citizens.mes(e, completion="add1_greedy")
    assert add1 <= full and e.cost_of(full) <= e.budget
    with pytest.raises(ParameterError, match="'completion' parameter of mes"):
        citizens.mes(e, completion="magic")


def test_mes_default_step_equals_one_currency_unit(elections):
    # equalshares.net raises each voter's share by one currency unit; the default step
    # (1 % of the initial share, 2.40 PLN in Anin) must stop at the same outcome here
    e = elections["pb_poland_warszawa_2017_anin"]
    assert citizens.mes(e, completion="add1", increment=1) == citizens.mes(e, completion="add1")


def test_mes_synthetic_by_hand(tmp_path):
    # synthetic: budget 3, voters 1-3 with 1 each. C (cost 1) is approved by all (each pays
    # 1/3, price per utility 1/3); A (cost 2) by v1, v2 (1/2); B (cost 2) by v3 only,
    # unaffordable. MES takes C, then A is unaffordable (v1 + v2 have 4/3 < 2): {C}.
    text = """META
key;value
budget;3
vote_type;approval
PROJECTS
project_id;cost;votes
A;2;2
B;2;1
C;1;3
VOTES
voter_id;vote
1;A,C
2;A,C
3;B,C
"""
    e = citizens.read_pb(write(tmp_path, text))
    assert citizens.mes(e, completion="none") == {"C"}
    # greedy completion by votes: A (2 votes) fits the 2 left
    assert citizens.mes(e, completion="greedy") == {"A", "C"}


def test_compare_rules_by_hand(tmp_path):
    e = citizens.read_pb(write(tmp_path, SYNTH))
    out = citizens.compare_rules(e, {"a_only": {"a"}, "c_only": {"c"}, "none": None}).set_index("rule")
    # {a}: voters v1, v2, v3 covered of 4; cost 6 of 10; categories culture + sport
    assert out.loc["a_only", "coverage"] == pytest.approx(0.75)
    assert out.loc["a_only", "voters_covered"] == 3
    assert out.loc["a_only", "spent_share"] == pytest.approx(0.6)
    assert out.loc["a_only", "categories_funded"] == 2
    assert out.loc["a_only", "effective_categories"] == pytest.approx(2.0)  # 3 + 3
    assert out.loc["c_only", "coverage"] == pytest.approx(0.25)
    assert not out.loc["c_only", "same_as_city"]
    assert np.isnan(out.loc["none", "n_projects"])
    spend = citizens._category_spending(e, {"a", "c"})
    assert dict(zip(spend["category"], spend["spending"], strict=True)) == {
        "public space": 4.0, "culture": 3.0, "sport": 3.0,
    }


def test_category_spread_absent_for_krakow(elections):
    e = elections[KRAKOW]
    assert not e.has_categories
    assert citizens._category_spending(e, citizens.greedy(e)).empty
    row = citizens.compare_rules(e, {"greedy": citizens.greedy(e)}).iloc[0]
    assert np.isnan(row["effective_categories"]) and pd.isna(row["same_as_city"])


def test_project_table_proxy_and_interval(elections):
    e = elections["pb_poland_warszawa_2017_kolo"]
    t = study.project_table(e, proxy="social_priority", priority_bonus=0.5, n_boot=400)
    count = dict(zip(e.projects["project_id"], e.projects["votes"], strict=True))
    assert dict(zip(t["project_id"], t["support"], strict=True)) == count
    assert (t["support_low"] <= t["support"]).all() and (t["support"] <= t["support_high"]).all()
    # 412 is tagged "sport,health,culture" → priority; 181 "public space,..." → not
    row = t.set_index("project_id")
    assert bool(row.loc["412", "priority"]) and row.loc["412", "score"] == 1.5 * 305
    assert not bool(row.loc["181", "priority"]) and row.loc["181", "score"] == 300
    again = study.project_table(e, proxy="social_priority", priority_bonus=0.5, n_boot=400)
    pd.testing.assert_frame_equal(t, again)  # seeded
    with pytest.raises(ParameterError, match="'proxy' parameter of project_table"):
        study.project_table(e, proxy="impact")
