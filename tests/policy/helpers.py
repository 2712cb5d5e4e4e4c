"""Building rules and cases for the policy tests."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from aftersales.policy import services
from aftersales.policy.decision import Outcome
from aftersales.policy.demo import SYSTEM
from aftersales.policy.models import Window

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """'2026-01-31 10:00' in the store's time zone."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def bought(when: str | None, **flags):
    if when is None:
        return None
    return SimpleNamespace(purchased_at=at(when), category="", material="", series="", special_price=False, single_use=False, **flags)


def rule_data(**overrides) -> dict:
    data = {
        "clause": 99, "code": "T1", "name": "test rule", "priority": 50, "valid_from": date(2024, 1, 1),
        "job_types": ["polish"], "window": Window.LIFE, "outcome": Outcome.FREE,
    }
    data.update(overrides)
    return data


def make_rule(*, actor=None, publish: bool = True, **overrides):
    rule = services.rule_create(actor=actor or SYSTEM, data=rule_data(**overrides))
    if publish:
        rule = services.rule_publish(actor=actor or SYSTEM, rule_id=rule.pk)
    return rule
