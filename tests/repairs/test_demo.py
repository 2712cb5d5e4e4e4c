import pytest

from aftersales import demo
from repairs import demo as repairs_demo
from repairs.models import RepairOrder, Status
from tradein import demo as tradein_demo
from tradein.models import MetalPrice


@pytest.mark.django_db
def test_demo_has_every_state_in_both_stores_and_is_idempotent():
    ctx = demo.seed()
    tradein_demo.seed(ctx)
    repairs_demo.seed(ctx)
    count, prices = RepairOrder.objects.count(), MetalPrice.objects.count()
    for code in ("HX", "DT"):
        statuses = set(RepairOrder.objects.filter(store__code=code).values_list("status", flat=True))
        assert statuses >= set(Status.values) - {Status.DISPOSED}
    repairs_demo.seed(demo.seed())
    tradein_demo.seed(demo.seed())
    assert RepairOrder.objects.count() == count and MetalPrice.objects.count() == prices
