"""With the demo data every report, export, the board and the monthly PDF answer for the demo's
manager and chain manager, and the counter sees the board but no reports."""

import pytest
from django.core.management import call_command

from aftersales.reports import registry
from tests.conftest import login


@pytest.mark.django_db
def test_demo_reports_and_boards():
    from aftersales.models import User

    call_command("seed_demo", verbosity=0)
    for username in ("manager", "chain"):
        client = login(User.objects.get(username=username))
        board = client.get("/")
        assert board.status_code == 200 and (board.context["board_row"] or board.context["chain_rows"])
        for report in registry.reports():
            page = client.get(f"/reports/{report.key}/")
            assert page.status_code == 200 and page.context["result"] is not None, (username, report.key)
            for table in page.context["result"].tables:
                assert client.get(f"/reports/{report.key}/{table.key}.xlsx").status_code == 200
    counter = login(User.objects.get(username="counter"))
    assert counter.get("/").context["board_row"] is not None
    assert counter.get("/reports/complaints/").status_code == 403
