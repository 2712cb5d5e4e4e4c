from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales import search
from repairs import services
from repairs.models import Location, RepairOrder, Status

from .factories import customer, item, make_order


def numbers(response):
    return {o.number for o in response.context["orders"]}


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["all", "today", "awaiting", "overdue", "ready", "unclaimed"])
def test_list_query_count_does_not_grow(counter_client, store, view, django_assert_max_num_queries):
    make_order(store, status=Status.READY)
    with django_assert_max_num_queries(12):
        assert counter_client.get(reverse("repairs:index"), {"view": view}).status_code == 200
    for n in range(8):
        make_order(store, status=[Status.READY, Status.AWAITING_APPROVAL, Status.RECEIVED][n % 3],
                   items=[item(), item(description=f"件{n}")])
    with django_assert_max_num_queries(12) as ctx:
        assert counter_client.get(reverse("repairs:index"), {"view": view}).status_code == 200
    assert len(ctx.captured_queries) <= 12


@pytest.mark.django_db
def test_views_select_the_right_orders(counter_client, store, other_store):
    received = make_order(store)
    awaiting = make_order(store, status=Status.AWAITING_APPROVAL)
    ready = make_order(store, status=Status.READY)
    overdue = make_order(store)
    RepairOrder.objects.filter(pk=overdue.pk).update(promised_date=timezone.localdate() - timedelta(days=2))
    RepairOrder.objects.filter(pk=ready.pk).update(ready_at=timezone.now() - timedelta(days=4))
    foreign = make_order(other_store)
    url = reverse("repairs:index")
    assert numbers(counter_client.get(url, {"view": "awaiting"})) == {awaiting.number}
    assert numbers(counter_client.get(url, {"view": "ready"})) == {ready.number}
    assert numbers(counter_client.get(url, {"view": "overdue"})) == {overdue.number}
    today = numbers(counter_client.get(url, {"view": "today"}))
    assert received.number in today and foreign.number not in today
    response = counter_client.get(url, {"view": "ready"})
    assert "4" in response.content.decode()  # days waiting
    assert numbers(counter_client.get(url, {"status": "received"})) == {received.number, overdue.number}


@pytest.mark.django_db
def test_filters_and_search(counter_client, store, technician):
    mine = make_order(store, status=Status.IN_REPAIR)
    RepairOrder.objects.filter(pk=mine.pk).update(technician=technician)
    services.repair_move_custody(item_id=mine.items.get().pk, actor=technician, to=Location.OUTSIDE_WORKSHOP, received_by_name="外协")
    other = make_order(store, customer=customer(store, phone="+8613900001111", name="赵六"))
    url = reverse("repairs:index")
    assert numbers(counter_client.get(url, {"technician": technician.pk})) == {mine.number}
    assert numbers(counter_client.get(url, {"location": Location.OUTSIDE_WORKSHOP})) == {mine.number}
    assert numbers(counter_client.get(url, {"q": "1111"})) == {other.number}
    assert numbers(counter_client.get(url, {"q": "赵"})) == {other.number}
    assert numbers(counter_client.get(url, {"q": mine.number})) == {mine.number}


@pytest.mark.django_db
def test_list_paginates(counter_client, store):
    for _ in range(3):
        make_order(store)
    from repairs.views import lists as views

    views.PAGE_SIZE, old = 2, views.PAGE_SIZE
    try:
        response = counter_client.get(reverse("repairs:index"), {"page": 2})
    finally:
        views.PAGE_SIZE = old
    assert len(response.context["orders"]) == 1


@pytest.mark.django_db
def test_barcode_in_global_search_opens_the_order(counter_client, counter, store, other_store):
    order = make_order(store)
    response = counter_client.get(reverse("search"), {"q": order.number})
    assert response.status_code == 302 and response["Location"] == reverse("repairs:detail", kwargs={"number": order.number})
    foreign = make_order(other_store)
    assert search.search(user=counter, query=foreign.number) == []


@pytest.mark.django_db
def test_estimate_shown_with_yuan(counter_client, store):
    make_order(store, items=[item()])
    assert "30.00" in counter_client.get(reverse("repairs:index")).content.decode()
    assert Decimal("30.00") == RepairOrder.objects.get().estimate


@pytest.mark.django_db
def test_list_keeps_order_number_and_where_on_one_line(counter_client, store):
    order = make_order(store)
    body = counter_client.get("/repairs/").content.decode()
    assert f'<a class="text-nowrap" href="/repairs/{order.number}/">{order.number}</a>' in body
    assert '<span class="text-nowrap">柜台 0 天</span>' in body
