from decimal import Decimal

import pytest
from django.urls import reverse

from aftersales.models import Event
from repairs.models import ServiceType

from .factories import service


@pytest.mark.django_db
def test_chain_manager_changes_a_price_and_it_is_recorded(chain_client, counter_client, store):
    polish = service("polish")
    url = reverse("repairs:service_type_edit", kwargs={"pk": polish.pk})
    assert counter_client.get(url).status_code == 404
    data = {"name": polish.name, "job_type": polish.job_type, "price_rule": polish.price_rule, "price": "35.00",
            "turnaround_days": "2", "is_active": "on", "sort": "10"}
    assert counter_client.post(url, data).status_code == 404
    assert chain_client.post(url, data).status_code == 302
    polish.refresh_from_db()
    assert polish.price == Decimal("35.00")
    assert Event.objects.get(kind="service_type.saved").old["price"] == "30.00"
    assert "35.00" in counter_client.get(reverse("repairs:service_types")).content.decode()


@pytest.mark.django_db
def test_new_service_and_bad_price(chain_client, store):
    url = reverse("repairs:service_type_new")
    bad = chain_client.post(url, {"code": "engrave", "name": "刻字", "job_type": "other", "price_rule": "fixed", "price": "-1",
                                  "turnaround_days": "2", "sort": "200"})
    assert bad.status_code == 200 and not ServiceType.objects.filter(code="engrave").exists()
    chain_client.post(url, {"code": "engrave", "name": "刻字", "job_type": "other", "price_rule": "fixed", "price": "20",
                            "turnaround_days": "2", "is_active": "on", "sort": "200"})
    assert ServiceType.objects.get(code="engrave").price == Decimal("20.00")
