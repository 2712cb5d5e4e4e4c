import pytest

from aftersales import demo
from aftersales.policy import demo as policy_demo
from tickets import demo as tickets_demo
from tickets.models import Case, Status


@pytest.mark.django_db
def test_demo_has_cases_in_every_state_in_both_stores_and_is_idempotent(settings):
    settings.QUIET_HOURS = ""
    ctx = demo.seed()
    policy_demo.seed(ctx)
    tickets_demo.seed(ctx)
    count = Case.objects.count()
    for code in ("HX", "DT"):
        statuses = set(Case.objects.filter(store__code=code).values_list("status", flat=True))
        assert statuses == set(Status.values)
        assert Case.objects.filter(store__code=code, regulator_reply_due__isnull=False).exists()
    tickets_demo.seed(demo.seed())
    assert Case.objects.count() == count
