import pytest

from aftersales import search
from customers import selectors
from tests.conftest import login
from tests.customers.factories import CustomerFactory, PurchaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(store, other_store):
    return {
        "wang": CustomerFactory(home_store=store, name="王芳", phone="+8613812345678", phone_last4="5678"),
        "wangli": CustomerFactory(home_store=store, name="王丽华", phone="+8613900005678", phone_last4="5678"),
        "li": CustomerFactory(home_store=store, name="李娜", phone="+8613700001111", phone_last4="1111"),
        "elsewhere": CustomerFactory(home_store=other_store, name="王芳", phone="+8613600005678", phone_last4="5678"),
    }


@pytest.mark.parametrize(
    "query,expected",
    [
        ("138 1234 5678", {"wang"}),
        ("+86 13812345678", {"wang"}),
        ("5678", {"wang", "wangli"}),
        ("王芳", {"wang"}),
        ("王", {"wang", "wangli"}),
        ("李娜", {"li"}),
        ("nothing", set()),
    ],
)
def test_customer_search(people, counter, query, expected):
    found = {c.pk for c in selectors.customer_search(user=counter, query=query)}
    assert found == {people[k].pk for k in expected}


def test_search_by_receipt_number(people, counter):
    PurchaseFactory(customer=people["li"], receipt_number="HX20261101-0007")
    assert selectors.customer_search(user=counter, query="HX20261101-0007") == [people["li"]]


def test_merged_files_are_not_found(people, counter):
    people["wangli"].merged_into = people["wang"]
    people["wangli"].save()
    assert selectors.customer_search(user=counter, query="5678") == [people["wang"]]


def test_global_search_full_phone_is_an_exact_hit_that_opens_the_file(people, counter):
    hits = search.search(user=counter, query="13812345678")
    assert hits[0].exact and hits[0].url == f"/customers/{people['wang'].pk}/"
    assert "138****5678" in hits[0].label
    response = login(counter).get("/search/", {"q": "13812345678"})
    assert response.status_code == 302 and response["Location"] == f"/customers/{people['wang'].pk}/"


def test_global_search_last4_lists_without_redirect(people, counter):
    hits = search.search(user=counter, query="5678")
    assert len(hits) == 2 and not any(h.exact for h in hits)


def test_lookup_json_for_intake(people, counter_client):
    data = counter_client.get("/customers/lookup/", {"q": "5678"}).json()
    assert {r["name"] for r in data["results"]} == {"王芳", "王丽华"}
    assert all("****" in r["masked_phone"] for r in data["results"])
