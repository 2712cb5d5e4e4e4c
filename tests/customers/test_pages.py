import pytest
from django.utils import timezone

from customers.models import Customer
from tests.conftest import login
from tests.customers.factories import CustomerFactory, FollowUpFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


def test_customer_list_shows_masked_phones_in_constant_queries(counter_client, store, django_assert_max_num_queries):
    for _ in range(3):
        CustomerFactory(home_store=store)
    with django_assert_max_num_queries(12) as few:
        counter_client.get("/customers/")
    for _ in range(30):
        CustomerFactory(home_store=store)
    with django_assert_max_num_queries(len(few)):
        response = counter_client.get("/customers/")
    body = response.content.decode()
    assert "138****" in body and "+86138" not in body


def test_search_results_page_in_constant_queries(counter_client, store, django_assert_max_num_queries):
    for _ in range(2):
        CustomerFactory(home_store=store, name="王芳")
    with django_assert_max_num_queries(12) as few:
        counter_client.get("/customers/", {"q": "王芳"})
    for _ in range(20):
        CustomerFactory(home_store=store, name="王芳")
    with django_assert_max_num_queries(len(few)):
        counter_client.get("/customers/", {"q": "王芳"})


def test_call_list_in_constant_queries(counter_client, store, django_assert_max_num_queries):
    for _ in range(2):
        FollowUpFactory(customer=CustomerFactory(home_store=store))
    with django_assert_max_num_queries(14) as few:
        counter_client.get("/customers/followups/")
    for _ in range(20):
        FollowUpFactory(customer=CustomerFactory(home_store=store), source=PurchaseFactory(customer=CustomerFactory(home_store=store)))
    with django_assert_max_num_queries(len(few) + 2):  # + the purchases' content type, fetched once
        response = counter_client.get("/customers/followups/")
    assert response.content.decode().count("/call/") == 22


def test_detail_full_phone_for_counter_masked_for_technician(store, counter, technician):
    c = CustomerFactory(home_store=store, phone="+8613812345678")
    assert "138 1234 5678" in login(counter).get(f"/customers/{c.pk}/").content.decode()
    body = login(technician).get(f"/customers/{c.pk}/").content.decode()
    assert "138****5678" in body and "1234 5678" not in body


def test_create_warns_about_a_duplicate_phone_and_keeps_input(counter_client, store):
    CustomerFactory(home_store=store, name="王芳", phone="+8613812345678")
    data = {"name": "王小芳", "phone": "138 1234 5678", "vip_tier": "regular", "service_contact": "on"}
    response = counter_client.post("/customers/new/", data)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="duplicate-warning"' in body and "王小芳" in body
    assert Customer.objects.count() == 1
    response = counter_client.post("/customers/new/", {**data, "confirm_duplicate": "on"})
    assert response.status_code == 302 and Customer.objects.count() == 2


def test_create_refuses_bad_phone_and_future_birthday(counter_client, store):
    response = counter_client.post("/customers/new/", {"name": "王芳", "phone": "12345", "vip_tier": "regular",
                                                       "birthday": "2999-01-01"})
    body = response.content.decode()
    assert response.status_code == 200 and "12345" in body and "2999-01-01" in body
    assert response.context["form"].errors.keys() >= {"phone", "birthday"}
    assert not Customer.objects.exists()


def test_double_submit_makes_one_customer(counter_client, store):
    data = {"name": "王芳", "phone": "13812345678", "vip_tier": "regular", "submit_token": "5d2b9f4e-3c1a-4b7e-9d3f-2a1b0c9d8e7f"}
    first = counter_client.post("/customers/new/", data)
    second = counter_client.post("/customers/new/", data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert Customer.objects.count() == 1


def test_quick_create_json_for_fetch(counter_client, store):
    fragment = counter_client.get("/customers/quick/", {"fragment": "1"}).content.decode()
    assert "<html" not in fragment and 'id="quick-create-form"' in fragment
    response = counter_client.post("/customers/quick/", {"name": "李娜", "phone": "139 0000 1111"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 201
    data = response.json()["customer"]
    assert data["masked_phone"] == "139****1111" and Customer.objects.get(pk=data["id"]).home_store == store
    dup = counter_client.post("/customers/quick/", {"name": "李娜", "phone": "13900001111"}, HTTP_ACCEPT="application/json")
    assert dup.status_code == 400 and dup.json()["duplicates"][0]["id"] == data["id"] and "phone" in dup.json()["errors"]
    bad = counter_client.post("/customers/quick/", {"name": "", "phone": "1"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"name", "phone"}


def test_quick_create_page_fallback_returns_to_the_intake(counter_client, store):
    response = counter_client.post("/customers/quick/", {"name": "李娜", "phone": "13900001111", "next": "/repairs/"})
    c = Customer.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/repairs/?customer={c.pk}"


def test_edit_refuses_a_stale_version(counter_client, store):
    c = CustomerFactory(home_store=store, name="王芳")
    data = {"name": "王芳芳", "phone": "13812345678", "vip_tier": "regular", "version": c.version}
    assert counter_client.post(f"/customers/{c.pk}/edit/", data).status_code == 302
    stale = counter_client.post(f"/customers/{c.pk}/edit/", {**data, "name": "别人"})
    assert stale.status_code == 200 and Customer.objects.get(pk=c.pk).name == "王芳芳"


def test_detail_page_shows_purchases_and_consent(counter_client, store):
    c = CustomerFactory(home_store=store)
    PurchaseFactory(customer=c, item="特价银手镯", special_price=True, purchased_at=timezone.now())
    body = counter_client.get(f"/customers/{c.pk}/").content.decode()
    assert "特价银手镯" in body and 'id="give-consent"' in body


def test_quick_create_double_click_in_the_dialog_answers_the_first_customer(counter_client, store):
    data = {"name": "李娜", "phone": "13900001111", "submit_token": "0b7f2a8e-5c4d-4e3f-8a9b-1c2d3e4f5a6b"}
    first = counter_client.post("/customers/quick/", data, HTTP_ACCEPT="application/json")
    second = counter_client.post("/customers/quick/", data, HTTP_ACCEPT="application/json")
    assert first.json()["customer"]["id"] == second.json()["customer"]["id"]
    assert Customer.objects.count() == 1


def test_plan_a_call_assigned_to_a_colleague(counter_client, store, counter):
    c = CustomerFactory(home_store=store)
    response = counter_client.post(f"/customers/{c.pk}/followups/new/", {
        "reason": "pickup", "due_date": timezone.localdate().isoformat(), "assignee": counter.pk, "context": "改圈"})
    assert response.status_code == 302
    assert c.followups.get().assignee == counter
    assert "counter" in counter_client.get("/customers/followups/").content.decode()
