"""What the policy costs: the roll-up equals the live query, after new jobs and on a second run."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from repairs.models import PolicyCostMonth, RepairJob
from repairs.reports import policy_cost_live, policy_cost_refresh
from tests.repairs.factories import make_order, service

from .fixtures import at


def _free(order, rule: str, quantity: int = 1, refused: bool = False) -> RepairJob:
    polish = service("polish")
    return RepairJob.objects.create(item=order.items.first(), service_type=polish, job_type=polish.job_type, price_rule=polish.price_rule,
                                    quantity=quantity, outcome="free", price=Decimal("0"), refused=refused,
                                    decision={"outcome": "free", "rule_code": rule})


def _rollup(store_ids) -> list[tuple]:
    return sorted((r.store_id, r.month, r.rule, r.jobs, r.amount) for r in PolicyCostMonth.objects.filter(store_id__in=store_ids))


def _live(store_ids) -> list[tuple]:
    return sorted((r["store_id"], r["month"], r["rule"], r["jobs"], r["amount"]) for r in policy_cost_live(store_ids=store_ids))


@pytest.mark.django_db
def test_rollup_equals_the_live_query(store, other_store, manager_client):
    polish_price = service("polish").price
    with time_machine.travel(at(2026, 1, 10), tick=False):
        jan = make_order(store)
    with time_machine.travel(at(2026, 2, 10), tick=False):
        feb = make_order(store)
        other = make_order(other_store)
    _free(jan, "warranty", quantity=2)
    _free(feb, "warranty")
    _free(feb, "lifetime_clean")
    _free(feb, "warranty", refused=True)  # not done: costs nothing
    _free(other, "warranty")
    ids = [store.pk, other_store.pk]
    assert policy_cost_refresh() == 3  # (store, Jan), (store, Feb), (other, Feb)
    assert _rollup(ids) == _live(ids)
    assert (store.pk, at(2026, 1, 1).date(), "warranty", 1, polish_price * 2) in _rollup(ids)
    assert policy_cost_refresh() == 0  # nothing new: nothing rebuilt
    _free(jan, "goodwill")
    assert policy_cost_refresh() == 1
    assert _rollup(ids) == _live(ids)
    with time_machine.travel(at(2026, 3, 10), tick=False):
        response = manager_client.get("/reports/repairs/", {"start": "2026-01", "end": "2026-02", "store": store.pk})
    rows = {r["month"]: r["total"] for r in response.context["result"].table("policy_cost").rows}
    assert rows == {"2026-01": polish_price * 3, "2026-02": polish_price * 2}


def test_beat_refreshes_the_rollup_by_name(settings):
    from repairs.tasks import refresh_rollup

    entry = settings.CELERY_BEAT_SCHEDULE["repairs-policy-cost-rollup"]
    assert entry["task"] == refresh_rollup.name and entry["args"] == ["policy_cost"] and entry["options"]["expires"]
