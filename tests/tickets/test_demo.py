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


@pytest.mark.django_db
def test_every_demo_case_page_and_record_render_for_every_role(settings, tmp_path):
    from django.test import Client

    settings.QUIET_HOURS = ""
    settings.MEDIA_ROOT = tmp_path
    ctx = demo.seed()
    policy_demo.seed(ctx)
    tickets_demo.seed(ctx)
    for username in ("counter", "manager", "technician", "chain"):
        client = Client()
        client.force_login(ctx["users"][username])
        for case in Case.objects.filter(store__code="HX"):
            response = client.get(case.get_absolute_url())
            assert response.status_code == 200, (username, case.status)
            assert case.number in response.content.decode()
        for view in ("open", "to_ack", "overdue", "mine", "awaiting", "reopened", "all"):
            assert client.get(f"/cases/?view={view}").status_code == 200
        assert client.get("/cases/actions/?view=verify").status_code == 200
        assert client.get("/cases/alerts/").status_code == 200
    manager = Client()
    manager.force_login(ctx["users"]["manager"])
    closed = Case.objects.get(store__code="HX", status=Status.CLOSED)
    assert manager.get(f"/cases/{closed.number}/print/?for=regulator").content.startswith(b"%PDF")
