"""The ladder's deadline services count from the `now` their caller gives, not from the machine clock."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from aftersales.notifications import sweeps
from repairs import services
from repairs.models import RepairOrder, Status, UnclaimedDecision
from repairs.services import ladder
from repairs.tasks import EXPIRY
from tests.repairs.factories import make_order

from .helpers import at, local

pytestmark = pytest.mark.django_db


def _ready_on(store, moment) -> RepairOrder:
    with at(moment):
        order = make_order(store, status=Status.READY)
    order.refresh_from_db()
    return order


def test_extending_refuses_a_day_already_past_at_the_callers_now(store, counter):
    order = _ready_on(store, local(2027, 1, 31, 15))  # last day to collect: 28 February
    with pytest.raises(ValidationError):
        ladder.repair_extend_pickup_deadline(order_id=order.pk, actor=counter, new_deadline=date(2027, 3, 20),
                                             reason="客户来电", now=local(2027, 3, 21, 9))
    order = ladder.repair_extend_pickup_deadline(order_id=order.pk, actor=counter, new_deadline=date(2027, 3, 20),
                                                 reason="客户来电", now=local(2027, 2, 10, 11))
    assert order.pickup_deadline == date(2027, 3, 20)
    # The 7-day reminder of the new deadline, planned from that now.
    assert order.next_reminder_days == 7 and order.next_reminder_at == local(2027, 3, 13, 10)


def test_disposal_counts_sixty_days_to_the_callers_now(store, manager):
    order = _ready_on(store, local(2027, 1, 31, 15))
    with at(local(2027, 3, 1, 9)):
        sweeps.run(EXPIRY)
    with pytest.raises(ValidationError):
        services.repair_decide_unclaimed(order_id=order.pk, actor=manager, decision=UnclaimedDecision.DISPOSE,
                                         note="已通知", now=local(2027, 4, 29, 9))
    services.repair_decide_unclaimed(order_id=order.pk, actor=manager, decision=UnclaimedDecision.DISPOSE,
                                     note="已通知", now=local(2027, 4, 30, 9, 1))
    assert RepairOrder.objects.get(pk=order.pk).status == Status.DISPOSED
