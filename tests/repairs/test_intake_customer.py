"""The intake page finds and makes customers with the customers app: phones, search, quick-create."""

import pytest
from django.urls import reverse

from aftersales.models import Event
from customers.models import Customer
from repairs.models import RepairOrder
from tests.customers.factories import CustomerFactory, PurchaseFactory

from .test_intake import intake_post

pytestmark = pytest.mark.django_db
URL = "/repairs/new/"


@pytest.mark.parametrize("typed", ["138123", "12345678901234", "abc"])
def test_malformed_phone_is_a_form_error_that_keeps_what_was_typed(counter_client, store, typed):
    response = counter_client.post(URL, intake_post(phone=typed))
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert f'value="{typed}"' in body and "足金戒指" in body
    assert not Customer.objects.exists() and not RepairOrder.objects.exists()


def test_new_customer_is_made_by_customer_create(counter_client, store):
    counter_client.post(URL, intake_post(phone="138 1234 5678", customer_name="王小红"))
    customer = RepairOrder.objects.get().customer
    assert (customer.phone, customer.phone_last4, customer.name, customer.home_store) == ("+8613812345678", "5678", "王小红", store)
    assert Event.objects.filter(kind="customer.created", subject_id=customer.pk).count() == 1


def test_new_phone_without_a_name_asks_for_it(counter_client, store):
    response = counter_client.post(URL, intake_post(customer_name=""))
    assert response.status_code == 200 and response.context["form"].errors["customer_name"]
    assert not Customer.objects.exists()


def test_last_four_digits_with_several_matches_lets_the_counter_pick(counter_client, store):
    a = CustomerFactory(home_store=store, name="张三", phone="+8613900005678")
    b = CustomerFactory(home_store=store, name="李四", phone="+8613700005678")
    response = counter_client.post(URL, intake_post(phone="5678", customer_name=""))
    body = response.content.decode()
    assert response.status_code == 200 and not RepairOrder.objects.exists()
    assert f'name="customer" value="{a.pk}"' in body and f'name="customer" value="{b.pk}"' in body
    assert "张三" in body and "李四" in body and "足金戒指" in body

    response = counter_client.post(URL, intake_post(phone="5678", customer_name="", customer=str(b.pk)))
    assert response.status_code == 302
    assert RepairOrder.objects.get().customer == b and Customer.objects.count() == 2


def test_last_four_digits_with_one_match_is_confirmed_first(counter_client, store):
    only = CustomerFactory(home_store=store, name="张三", phone="+8613900005678")
    response = counter_client.post(URL, intake_post(phone="5678", customer_name=""))
    assert response.status_code == 200 and not RepairOrder.objects.exists()
    assert f'value="{only.pk}" id="customer-{only.pk}" checked' in response.content.decode()
    counter_client.post(URL, intake_post(phone="5678", customer_name="", customer=str(only.pk)))
    assert RepairOrder.objects.get().customer == only


def test_last_four_digits_without_a_match_asks_for_the_full_number(counter_client, store):
    response = counter_client.post(URL, intake_post(phone="5678", customer_name="新客"))
    assert response.status_code == 200 and "5678" in str(response.context["form"].errors["phone"])
    assert not Customer.objects.exists()


def test_full_phone_with_two_files_lets_the_counter_pick(counter_client, store):
    first = CustomerFactory(home_store=store, name="王一", phone="+8613812345678")
    CustomerFactory(home_store=store, name="王二", phone="+8613812345678")
    response = counter_client.post(URL, intake_post(customer_name=""))
    assert response.status_code == 200 and len(response.context["matches"]) == 2
    counter_client.post(URL, intake_post(customer_name="", customer=str(first.pk)))
    assert RepairOrder.objects.get().customer == first


def test_phone_of_another_stores_file_warns_before_a_second_file(counter_client, store, other_store):
    CustomerFactory(home_store=other_store, name="赵敏", phone="+8613812345678")
    response = counter_client.post(URL, intake_post(customer_name="赵敏"))
    body = response.content.decode()
    assert response.status_code == 200 and not RepairOrder.objects.exists()
    assert 'id="duplicate-warning"' in body and other_store.name in body and "赵*" in body
    assert response.context["form"].errors["confirm_duplicate"]

    counter_client.post(URL, intake_post(customer_name="赵敏", confirm_duplicate="on"))
    order = RepairOrder.objects.get()
    assert order.customer.home_store == store and Customer.objects.filter(phone="+8613812345678").count() == 2


def test_another_stores_customer_cannot_be_picked(counter_client, store, other_store):
    foreign = CustomerFactory(home_store=other_store, phone="+8613812345678")
    response = counter_client.post(URL, intake_post(customer=str(foreign.pk)))
    assert response.status_code == 200 and response.context["form"].errors["phone"]
    assert not RepairOrder.objects.exists()


def test_refused_order_leaves_no_new_customer_behind(counter_client, store):
    response = counter_client.post(URL, intake_post(signature="data:image/png;base64,bm90IGEgcG5n"))
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Customer.objects.exists() and not RepairOrder.objects.exists()


def test_intake_page_has_the_quick_create_dialog_and_the_customers_search(counter_client, store):
    body = counter_client.get(URL).content.decode()
    assert 'id="quick-create-modal"' in body and "data-quick-create" in body
    assert reverse("customers:quick_create") in body and reverse("customers:lookup") in body
    assert "customers/quick_create.js" in body


def test_customer_from_the_file_is_picked_and_purchases_offered(counter_client, store):
    c = CustomerFactory(home_store=store, name="钱七")
    PurchaseFactory(customer=c, item="足金吊坠", receipt_number="HX-8801")
    response = counter_client.get(URL, {"customer": c.pk})
    body = response.content.decode()
    assert f'value="{c.pk}" id="customer-{c.pk}" checked' in body
    assert "足金吊坠" in body and "HX-8801" in body


def test_purchases_endpoint_is_scoped(counter_client, store, other_store):
    mine = CustomerFactory(home_store=store)
    PurchaseFactory(customer=mine, item="铂金戒指", special_price=True)
    theirs = CustomerFactory(home_store=other_store)
    url = reverse("repairs:intake_purchases")
    data = counter_client.get(url, {"customer": mine.pk}).json()
    assert len(data["purchases"]) == 1 and "铂金戒指" in data["purchases"][0]["label"] and data["purchases"][0]["special_price"]
    assert counter_client.get(url, {"customer": theirs.pk}).status_code == 404
    assert counter_client.get(url, {"customer": "x"}).json() == {"purchases": []}
