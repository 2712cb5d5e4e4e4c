"""The engine: precedence (store over chain, priority), validity dates, drafts, snapshots."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from aftersales.policy import engine, services
from aftersales.policy.decision import Decision, Outcome, decide
from aftersales.policy.demo import SYSTEM
from tests.policy.helpers import at, bought, make_rule

pytestmark = pytest.mark.django_db


def _polish(store, when="2026-06-10 10:00", **kwargs):
    return decide(store=store, job_type="polish", purchase=bought("2026-01-01 10:00"), at=at(when), **kwargs)


def test_a_store_override_beats_the_chain_rule_of_equal_priority(store, other_store):
    make_rule(code="chain", outcome=Outcome.FREE)
    make_rule(code="hx", store=store, outcome=Outcome.CHARGED, unit="piece", unit_price=Decimal("5"))
    assert _polish(store).rule_code == "hx"
    assert _polish(store).unit_price == Decimal("5.00")
    assert _polish(other_store).rule_code == "chain"  # another store's override is not ours


def test_higher_priority_wins_over_a_store_override(store):
    make_rule(code="chain-high", priority=60, outcome=Outcome.FREE)
    make_rule(code="hx-low", store=store, priority=50, outcome=Outcome.AT_COST)
    assert _polish(store).rule_code == "chain-high"


def test_a_lower_priority_rule_is_the_fallback_when_a_condition_fails(store):
    make_rule(code="free", priority=60, receipt_required=True, outcome=Outcome.FREE)
    make_rule(code="paid", priority=50, outcome=Outcome.CHARGED, unit="piece", unit_price=Decimal("2"))
    assert _polish(store, receipt_shown=True).rule_code == "free"
    decision = _polish(store, receipt_shown=False)
    assert decision.rule_code == "paid"
    assert any("free" in line and "receipt" in line for line in decision.details["why_en"])


def test_a_new_rule_from_a_date_does_not_change_decisions_before_it(store):
    make_rule(code="old", valid_to=date(2026, 5, 31), outcome=Outcome.FREE)
    make_rule(code="new", valid_from=date(2026, 6, 1), outcome=Outcome.CHARGED, unit="piece", unit_price=Decimal("8"))
    assert _polish(store, "2026-05-31 21:59").rule_code == "old"
    assert _polish(store, "2026-06-01 00:01").rule_code == "new"


def test_a_rule_valid_from_tomorrow_leaves_today_alone(store):
    make_rule(code="future", valid_from=date(2026, 7, 1))
    assert _polish(store, "2026-06-30 23:59").outcome == Outcome.STANDARD


def test_a_stored_decision_is_unchanged_after_the_rule_is_edited(store):
    rule = make_rule(code="stone", outcome=Outcome.CHARGED, unit="stone", unit_price=Decimal("0.30"))
    stored = _polish(store).as_dict()
    services.rule_update(actor=SYSTEM, rule_id=rule.pk, data={"unit_price": Decimal("0.50")}, expected_version=rule.version)
    assert Decision.from_dict(stored).unit_price == Decimal("0.30")
    assert "0.3" in Decision.from_dict(stored).text_zh
    assert _polish(store).unit_price == Decimal("0.50")
    assert _polish(store).details["rule_version"] == stored["details"]["rule_version"] + 1


def test_draft_and_withdrawn_rules_do_not_decide_real_cases(store):
    draft = make_rule(code="draft", publish=False)
    assert _polish(store).outcome == Outcome.STANDARD
    tried = engine.evaluate(store=store, job_type="polish", purchase=bought("2026-01-01 10:00"), at=at("2026-06-10 10:00"), drafts=[draft])
    assert tried.rule_code == "draft"
    assert any("draft" in line for line in tried.details["why_en"])
    published = services.rule_publish(actor=SYSTEM, rule_id=draft.pk)
    assert _polish(store).rule_code == "draft"
    services.rule_withdraw(actor=SYSTEM, rule_id=published.pk)
    assert _polish(store).outcome == Outcome.STANDARD


def test_once_only_counts_prior_uses(store):
    make_rule(code="once", job_types=["exchange"], outcome=Outcome.EXCHANGE, max_uses=1)
    kwargs = {"job_type": "exchange", "purchase": bought("2026-01-01 10:00"), "at": at("2026-01-01 12:00")}
    assert decide(store=store, prior_uses=0, **kwargs).outcome == Outcome.EXCHANGE
    refused = decide(store=store, prior_uses=1, **kwargs)
    assert refused.outcome == Outcome.NOT_ALLOWED
    assert refused.is_refused


def test_windows_in_days_start_the_day_after_the_purchase(store):
    make_rule(code="7d", window="days", window_length=7, outcome=Outcome.FREE)
    kwargs = {"job_type": "polish", "purchase": bought("2026-03-01 23:30")}
    assert decide(store=store, at=at("2026-03-08 23:59"), **kwargs).rule_code == "7d"
    late = decide(store=store, at=at("2026-03-09 00:00"), **kwargs)
    assert late.outcome == Outcome.STANDARD
    assert "2026-03-08" in " ".join(late.details["why_en"])


def test_decision_snapshot_round_trips(store):
    make_rule(code="c", outcome=Outcome.CHARGED, unit="gram", unit_price=Decimal("12.50"))
    decision = _polish(store, quantity=2)
    stored = json.loads(json.dumps(decision.as_dict()))  # as a JSONField keeps it
    assert Decision.from_dict(stored) == decision
    assert decision.details["amount"] == "25.00"
