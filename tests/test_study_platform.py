"""The audit checks of notebooks 06-07 follow their inputs (kzgov.study.economic_effect, .recommendation)."""

from __future__ import annotations

import pandas as pd
import pytest

from kzgov import audit
from kzgov.errors import ParameterError
from kzgov.study import economic_effect as ee
from kzgov.study import recommendation as rec


def _claim(cid: str) -> audit.Claim:
    return next(c for c in audit.claims() if c.id == cid)


def test_checks_declare_their_rules() -> None:
    assert audit.RULE_OF["P01"] == "printed_precision"
    assert {audit.RULE_OF[c] for c in ("P02", "P12", "P17")} == {"predicate"}
    assert audit.RULE_OF["P03"] == audit.RULE_OF["P22"] == audit.RULE_OF["R12"] == "unverifiable"


def test_p17_follows_the_increments(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = ee.figure16_increments()
    out = audit._REGISTRY["P17"](_claim("P17"))
    assert out.verdict == "discrepancy"
    # the note's figures come from the series: +200 a month from month 7, 50% -> 14%
    step = printed["per_month"].iloc[-1]
    assert f"+{step:g} a month" in out.note and "from month 7 on" in out.note
    accelerating = printed.copy()
    accelerating.loc[accelerating["month"] >= 9, "per_month"] = [300.0, 400.0, 500.0, 600.0]
    monkeypatch.setattr(ee, "figure16_increments", lambda: accelerating)
    assert audit._REGISTRY["P17"](_claim("P17")).verdict == "reproduced"


def test_payback_verdict_follows_the_series(monkeypatch: pytest.MonkeyPatch) -> None:
    assert audit._REGISTRY["P12"](_claim("P12")).verdict == "discrepancy"
    faster = pd.DataFrame({"year": [1, 2, 3, 4, 5], "savings": [0.0, 4.0, 6.0, 7.0, 10.0],
                           "investment": [5.0, 3.0, 1.0, 0.0, 0.0]})
    monkeypatch.setattr(ee, "figure15_series", lambda: faster)
    out = audit._REGISTRY["P12"](_claim("P12"))
    assert out.verdict == "reproduced"
    # net -5, 1, 5, 7, 10: cumulative -5, -4, +1, so 2 years and 4/5 of the third
    assert out.recomputed == pytest.approx(2 + 4 / 5)


def test_p01_counts_the_phases_of_table7(monkeypatch: pytest.MonkeyPatch) -> None:
    assert audit._REGISTRY["P01"](_claim("P01")).verdict == "reproduced"
    plan = ee.table7_plan()
    longer = plan.copy()
    longer.loc[longer.index[-1], "month_end"] = 15
    monkeypatch.setattr(ee, "table7_plan", lambda: longer)
    out = audit._REGISTRY["P01"](_claim("P01"))
    assert out.verdict == "discrepancy" and out.recomputed == 15.0 and "10-15" in out.note


def test_priority_proxy_weights_only_the_study_sectors() -> None:
    from kzgov import citizens

    e = citizens.load_election("pb_poland_warszawa_2017_anin")
    t = rec.project_table(e, proxy="social_priority", priority_bonus=1.0, n_boot=50)
    assert (t.loc[t["priority"], "score"] == 2 * t.loc[t["priority"], "support"]).all()
    assert (t.loc[~t["priority"], "score"] == t.loc[~t["priority"], "support"]).all()


def test_notebook_07_declares_its_parameters() -> None:
    dom = ee.PARAMETERS.domains()
    assert set(dom) == {"discount_rate", "horizon", "extrapolate_to", "confidence",
                        "interval_method", "n_boot", "seed"}
    assert dom["confidence"]["min_exclusive"] and dom["confidence"]["max_exclusive"]
    assert ee.PARAMETERS.validate({"confidence": 0.975})["confidence"] == 0.975
    with pytest.raises(ParameterError, match="'horizon' parameter of 07_economic_effect"):
        ee.PARAMETERS.validate({"horizon": 6})
