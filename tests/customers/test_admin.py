import pytest
from django.test import Client

from aftersales.models import User
from customers.models import CustomerTier
from tests.customers.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_customers_masked_and_tiers_are_editable(store):
    admin = User.objects.create_superuser("root", "root@example.com", "pw-for-tests-1")
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    CustomerFactory(home_store=store, phone="+8613812345678")
    body = client.get("/admin/customers/customer/").content.decode()
    assert "138****5678" in body and "13812345678" not in body
    response = client.post("/admin/customers/customertier/add/", {"code": "diamond", "name": "钻石会员", "rank": 30, "is_active": "on"})
    assert response.status_code == 302 and CustomerTier.objects.filter(code="diamond").exists()
    refused = client.post("/admin/customers/customertier/add/", {"code": "vip", "name": "x", "rank": 1})
    assert refused.status_code == 200 and CustomerTier.objects.count() == 1
