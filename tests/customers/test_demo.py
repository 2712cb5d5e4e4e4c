import pytest

from aftersales import demo
from customers import demo as customers_demo
from customers import selectors
from customers.models import Customer, FollowUp, Purchase

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_respects_consent():
    ctx = demo.seed()
    customers_demo.seed(ctx)
    counts = (Customer.objects.count(), Purchase.objects.count(), FollowUp.objects.count())
    customers_demo.seed(ctx)
    assert counts == (Customer.objects.count(), Purchase.objects.count(), FollowUp.objects.count())
    assert counts[0] == 20 and Purchase.objects.filter(special_price=True).exists() and Purchase.objects.exclude(series="").exists()
    assert set(Customer.objects.values_list("home_store__code", flat=True)) == {"HX", "DT"}
    for fu in FollowUp.objects.select_related("customer"):
        assert not fu.is_marketing or selectors.may_market(fu.customer)
    hx = ctx["stores"]["HX"]
    assert selectors.call_list(user=ctx["users"]["counter"], store=hx).count() >= 3
