from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from repairs import services
from repairs.models import CustodyMove, Location, Status

from .factories import make_order


def qc_order(store):
    return make_order(store, status=Status.QUALITY_CHECK)


@pytest.mark.django_db
def test_within_tolerance_goes_ready(store, technician):
    order = qc_order(store)
    item = order.items.get()
    services.repair_record_weights(order_id=order.pk, actor=technician, weights={item.pk: item.intake_weight - Decimal("0.05")})
    order, changed = services.repair_mark_ready(order_id=order.pk, actor=technician)
    assert changed and order.status == Status.READY and order.ready_at
    order, changed = services.repair_mark_ready(order_id=order.pk, actor=technician)
    assert not changed


@pytest.mark.django_db
def test_no_return_weight_blocks_ready(store, technician):
    order = qc_order(store)
    with pytest.raises(ValidationError):
        services.repair_mark_ready(order_id=order.pk, actor=technician)


@pytest.mark.django_db
def test_above_tolerance_needs_manager_with_note(store, technician, manager):
    order = qc_order(store)
    item = order.items.get()
    services.repair_record_weights(order_id=order.pk, actor=technician, weights={item.pk: item.intake_weight - Decimal("0.20")})
    item.refresh_from_db()
    assert item.weight_difference == Decimal("-0.200")
    assert services.needs_weight_approval(item)
    with pytest.raises(services.WeightNeedsApproval):
        services.repair_mark_ready(order_id=order.pk, actor=technician)
    with pytest.raises(PermissionDenied):
        services.repair_approve_weight(order_id=order.pk, item_id=item.pk, actor=technician, note="抛光损耗")
    with pytest.raises(ValidationError):
        services.repair_approve_weight(order_id=order.pk, item_id=item.pk, actor=manager, note="")
    services.repair_approve_weight(order_id=order.pk, item_id=item.pk, actor=manager, note="抛光损耗，已告知客户")
    order, _ = services.repair_mark_ready(order_id=order.pk, actor=technician)
    assert order.status == Status.READY


@pytest.mark.django_db
def test_added_metal_widens_the_tolerance(store, technician):
    order = qc_order(store)
    item = order.items.get()
    services.repair_record_weights(order_id=order.pk, actor=technician, weights={item.pk: item.intake_weight + Decimal("0.30")},
                                   added_metal={item.pk: Decimal("0.30")})
    order, _ = services.repair_mark_ready(order_id=order.pk, actor=technician)
    assert order.status == Status.READY


@pytest.mark.django_db
def test_tolerance_is_a_chain_setting(store, technician, settings):
    settings.REPAIRS_WEIGHT_TOLERANCE_G = "0.50"
    order = qc_order(store)
    item = order.items.get()
    services.repair_record_weights(order_id=order.pk, actor=technician, weights={item.pk: item.intake_weight - Decimal("0.40")})
    order, _ = services.repair_mark_ready(order_id=order.pk, actor=technician)
    assert order.status == Status.READY


@pytest.mark.django_db
@pytest.mark.parametrize("weight", [Decimal("0"), Decimal("-1"), Decimal("2001")])
def test_bad_return_weight(store, technician, weight):
    order = qc_order(store)
    item = order.items.get()
    with pytest.raises(ValidationError):
        services.repair_record_weights(order_id=order.pk, actor=technician, weights={item.pk: weight})
    item.refresh_from_db()
    assert item.return_weight is None


@pytest.mark.django_db
def test_weights_only_in_quality_check(store, technician):
    order = make_order(store, status=Status.IN_REPAIR)
    item = order.items.get()
    with pytest.raises(services.IllegalTransition):
        services.repair_record_weights(order_id=order.pk, actor=technician, weights={item.pk: item.intake_weight})


@pytest.mark.django_db
def test_send_back_needs_a_note(store, technician):
    order = qc_order(store)
    with pytest.raises(ValidationError):
        services.repair_send_back(order_id=order.pk, actor=technician, note="")
    order = services.repair_send_back(order_id=order.pk, actor=technician, note="焊点不牢")
    assert order.status == Status.IN_REPAIR


@pytest.mark.django_db
def test_custody_hand_over_is_recorded(store, counter, technician):
    order = make_order(store, status=Status.IN_REPAIR)
    item = order.items.get()
    services.repair_move_custody(item_id=item.pk, actor=counter, to=Location.CHAIN_WORKSHOP, received_by=technician)
    with pytest.raises(ValidationError):
        services.repair_move_custody(item_id=item.pk, actor=technician, to=Location.OUTSIDE_WORKSHOP)  # who received it?
    services.repair_move_custody(item_id=item.pk, actor=technician, to=Location.OUTSIDE_WORKSHOP, received_by_name="金艺工坊 刘师傅")
    item.refresh_from_db()
    assert item.custody_location == Location.OUTSIDE_WORKSHOP and item.custody_days == 0
    moves = list(CustodyMove.objects.filter(item=item).values_list("from_location", "to_location"))
    assert moves == [(Location.COUNTER, Location.CHAIN_WORKSHOP), (Location.CHAIN_WORKSHOP, Location.OUTSIDE_WORKSHOP)]
