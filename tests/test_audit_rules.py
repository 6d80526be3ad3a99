"""Every audit check declares the rule its verdict comes from, and lives in kzgov.study."""

from __future__ import annotations

import pytest

from kzgov import audit

COMPARATIVE = {"printed_precision", "identity", "internal_sum", "predicate"}


@pytest.fixture(scope="module")
def table():
    rules = audit.rules()
    ledger = audit.run()
    return rules.merge(ledger[["id", "verdict"]], on="id", validate="one_to_one")


def test_every_claim_declares_a_known_rule(table):
    assert table["rule"].notna().all(), table[table["rule"].isna()]
    assert set(table["rule"]) <= set(audit.RULES)


def test_a_computed_verdict_comes_from_a_comparative_rule(table):
    computed = table[table["verdict"].isin(["reproduced", "discrepancy"])]
    bad = computed[~computed["rule"].isin(COMPARATIVE)]
    assert bad.empty, bad


@pytest.mark.parametrize("verdict", ["not_reproducible", "unverifiable"])
def test_a_verdict_by_nature_is_stated_by_its_rule(table, verdict):
    rows = table[table["verdict"] == verdict]
    assert not rows.empty
    assert (rows["rule"] == verdict).all(), rows


def test_checks_are_defined_in_the_study(table):
    named = table[~table["check"].str.contains("<lambda>", regex=False)]
    outside = named[~named["check"].str.startswith("kzgov.study.")]
    assert outside.empty, outside


def test_register_needs_a_known_rule():
    with pytest.raises(ValueError, match="rule must be one of"):
        audit.register("Z99", rule="vibes")
    with pytest.raises(TypeError):
        audit.register("Z99")  # type: ignore[call-arg]
