"""Who may do what: the review's main finding (a technician cancelled an order), the 403 page, two roles."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aftersales import roles
from aftersales.models import Role, StaffMembership
from repairs import services
from repairs.models import Status
from tests.conftest import login, make_user
from tests.repairs.factories import make_order

pytestmark = pytest.mark.django_db


def _post(client, order, action, **data):
    return client.post(reverse("repairs:act", kwargs={"number": order.number, "action": action}), {"version": order.version, **data})


@pytest.mark.parametrize("action,status,data", [
    ("cancel", Status.RECEIVED, {"note": "不修了"}),
    ("approve", Status.AWAITING_APPROVAL, {"method": "phone", "call_taken_by": "x"}),
    ("decline", Status.AWAITING_APPROVAL, {"note": "x"}),
    ("quote", Status.RECEIVED, {"labour": "50", "parts": "0", "discount": "0"}),
])
def test_a_technician_is_refused_with_a_403_and_nothing_changes(store, technician, action, status, data):
    from aftersales.documents.models import StatusToken
    from aftersales.documents.services import status_token_for

    order = make_order(store, status=status)
    status_token_for(subject=order)
    response = _post(login(technician), order, action, **data)
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == status
    assert StatusToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_a_technician_cannot_take_payment_at_pickup(store, technician):
    order = make_order(store, status=Status.READY)
    response = login(technician).post(reverse("repairs:pickup", kwargs={"number": order.number}), {
        "version": order.version, "receipt_presented": "on", f"take{order.items.first().pk}": "on",
        f"w{order.items.first().pk}": "3.21", "by_owner": "on",
        "payment_amount": str(services.balance_due(order)), "payment_method": "cash"})
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == Status.READY and not order.payments.exists()


def test_the_403_page_names_the_action_and_role_in_the_users_language(store, technician):
    order = make_order(store)
    body = _post(login(technician), order, "cancel", note="x").content.decode()
    assert "取消维修单" in body and "工坊技师" in body or "取消维修单" in body
    technician.language = "en"
    technician.save()
    body = _post(login(technician), order, "cancel", note="x").content.decode()
    assert "cancel an order" in body


def test_a_counter_cannot_cancel_after_the_work_started_but_a_manager_can(store, counter, manager):
    from decimal import Decimal

    order = make_order(store, status=Status.IN_REPAIR)
    services.repair_quote(order_id=order.pk, actor=counter, labour=Decimal("80"))  # back to awaiting approval
    with pytest.raises(roles.NotAllowed):
        services.repair_cancel(order_id=order.pk, actor=counter, reason="x")
    services.repair_cancel(order_id=order.pk, actor=manager, reason="顾客不修了")
    order.refresh_from_db()
    assert order.status == Status.CANCELLED


def test_one_person_with_two_roles_in_a_small_store_does_both_jobs(store):
    both = make_user("both", Role.COUNTER, store)
    StaffMembership.objects.create(user=both, store=store, role=Role.TECHNICIAN)
    both = type(both).objects.get(pk=both.pk)
    assert roles.roles_in(both, store) == {Role.COUNTER, Role.TECHNICIAN}
    assert roles.has_role(both, store, Role.TECHNICIAN) and not roles.has_role(both, store, Role.MANAGER)
    order = make_order(store, actor=both, status=Status.APPROVED)
    order, changed = services.repair_start(order_id=order.pk, actor=both)
    assert changed
    assert not roles.may(both, store, "repairs.approve_weight")
    # the store switcher lists the store once
    client = login(both)
    assert client.get("/").status_code == 200


def test_buttons_a_role_may_not_use_are_hidden(store, technician, counter):
    order = make_order(store)
    tech_page = login(technician).get(reverse("repairs:detail", kwargs={"number": order.number})).content.decode()
    counter_page = login(counter).get(reverse("repairs:detail", kwargs={"number": order.number})).content.decode()
    cancel_url = reverse("repairs:act", kwargs={"number": order.number, "action": "cancel"})
    assert cancel_url in counter_page
    assert cancel_url not in tech_page
