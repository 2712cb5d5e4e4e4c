from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from repairs import services
from repairs.models import RepairOrder, Status, UnclaimedDecision

from .factories import make_order


@pytest.mark.django_db
def test_mark_unclaimed_twice_is_harmless(store):
    order = make_order(store, status=Status.READY)
    order, changed = services.repair_mark_unclaimed(order_id=order.pk)
    assert changed and order.status == Status.UNCLAIMED and order.unclaimed_at
    _, changed = services.repair_mark_unclaimed(order_id=order.pk)
    assert not changed


@pytest.mark.django_db
def test_manager_keeps_it_on_the_shelf(store, manager, counter):
    order = make_order(store, status=Status.UNCLAIMED)
    with pytest.raises(PermissionDenied):
        services.repair_decide_unclaimed(order_id=order.pk, actor=counter, decision=UnclaimedDecision.KEEP, note="x")
    order = services.repair_decide_unclaimed(order_id=order.pk, actor=manager, decision=UnclaimedDecision.KEEP, note="客户电话说下周来取")
    assert order.status == Status.READY and order.unclaimed_decision == UnclaimedDecision.KEEP


@pytest.mark.django_db
def test_disposal_only_after_sixty_days_notice(store, manager):
    order = make_order(store, status=Status.UNCLAIMED)
    with pytest.raises(ValidationError):
        services.repair_decide_unclaimed(order_id=order.pk, actor=manager, decision=UnclaimedDecision.DISPOSE, note="已通知三次")
    # 60 days counted from the final notice (sent when the order became unclaimed)
    RepairOrder.objects.filter(pk=order.pk).update(unclaimed_at=timezone.now() - timedelta(days=61),
                                                   final_notice_at=timezone.now() - timedelta(days=61))
    order = services.repair_decide_unclaimed(order_id=order.pk, actor=manager, decision=UnclaimedDecision.DISPOSE, note="已通知三次")
    assert order.status == Status.DISPOSED
