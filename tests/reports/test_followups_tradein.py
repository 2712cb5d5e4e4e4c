"""Follow-up and trade-in reports on small known sets; their rows open lists with the same counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from customers.models import FollowUp, FollowUpCall

from .fixtures import at, customer

NOW = at(2026, 3, 10, 12)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_followup_report_counts_and_drill(store, other_store, manager_client):
    a = customer(store, "+8613811110001")
    rows = [("2026-02-03", "done", "pickup", 4), ("2026-02-04", "done", "pickup", 2), ("2026-02-05", "unreachable", "pickup", None),
            ("2026-02-06", "declined", "case", None), ("2026-01-20", "done", "case", 5), ("2026-02-07", "due", "pickup", None)]
    for n, (due, status, reason, score) in enumerate(rows):
        fu = FollowUp.objects.create(customer=a, store=store, reason=reason, due_date=due, status=status, source_key=f"t:{n}")
        if score:
            FollowUpCall.objects.create(followup=fu, at=NOW, outcome="reached", satisfaction=score)
    FollowUp.objects.create(customer=customer(other_store, "+8613811110009"), store=other_store, reason="pickup", due_date="2026-02-03",
                            status="done")
    response = manager_client.get("/reports/followups/", {"start": "2026-01", "end": "2026-02", "store": store.pk})
    figures = [f.value for f in response.context["result"].figures]
    assert figures[:4] == [1, 3, 1, 1]          # due, done, unreachable, declined
    assert figures[4] == Decimal("0.6")         # 3 done of 5 finished
    months = response.context["result"].table("by_month").rows
    assert [(r["month"], r["done"]) for r in months] == [("2026-01", 1), ("2026-02", 2)]
    sat = {r["reason"]: (r["calls"], r["average"]) for r in response.context["result"].table("satisfaction").rows}
    assert sorted(sat.values()) == [(1, Decimal("5")), (2, Decimal("3"))]
    for row in months:
        listed = manager_client.get(row["_url"])
        assert listed.status_code == 200 and listed.context["page_obj"].paginator.count == row["done"]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_tradein_report_quotes_grams_and_drill(store, other_store, manager_client):
    from aftersales.models import Role
    from tests.conftest import make_user
    from tradein.models import LedgerEntry, Quote

    a = customer(store, "+8613822220001")
    statuses = ["quoted", "accepted", "completed", "declined", "expired", "draft"]
    with time_machine.travel(at(2026, 2, 10), tick=False):
        for n, status in enumerate(statuses):
            Quote.objects.create(number=f"HX-T{n}", store=store, customer=a, status=status, category="pure_gold", origin="ours")
        Quote.objects.create(number="DT-T1", store=other_store, customer=customer(other_store, "+8613822220009"), status="accepted",
                             category="pure_gold", origin="ours")
    who = make_user("ledger", Role.MANAGER, other_store)
    LedgerEntry.objects.create(store=store, kind="received", metal="gold", fineness=999, grams=Decimal("10.000"), at=at(2026, 2, 11), by=who)
    LedgerEntry.objects.create(store=store, kind="received", metal="gold", fineness=999, grams=Decimal("2.500"), at=at(2026, 1, 11), by=who)
    LedgerEntry.objects.create(store=store, kind="sent", metal="gold", fineness=999, grams=Decimal("-4.000"), at=at(2026, 2, 20), by=who)
    response = manager_client.get("/reports/tradein/", {"start": "2026-02", "end": "2026-02", "store": store.pk})
    quotes, acceptance = [f.value for f in response.context["result"].figures]
    assert quotes == 6
    assert acceptance == Decimal("0.4")  # accepted + completed of five offered (draft not offered)
    grams = response.context["result"].table("grams").rows[0]
    # On hand at the end of February: 2.5 (January) + 10 − 4 = 8.5; received = sent + on hand over all time.
    assert (grams["received"], grams["sent"], grams["on_hand"]) == (Decimal("10.000"), Decimal("4.000"), Decimal("8.500"))
    for row in response.context["result"].table("quotes").rows:
        assert manager_client.get(row["_url"]).context["total"] == row["quotes"]


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_chain_board_followup_number_opens_that_stores_call_list(store, other_store):
    from aftersales.models import Role
    from tests.conftest import login, make_user

    chain = make_user("chain2", Role.CHAIN_MANAGER, store)
    FollowUp.objects.create(customer=customer(other_store, "+8613833330001"), store=other_store, reason="pickup", due_date="2026-03-09")
    client = login(chain)
    rows = client.get("/").context["chain_rows"]
    cell = next(c for r in rows if r.store == other_store for c in r.cells if c.tile.key == "followups.due")
    assert cell.count.n == 1
    listed = client.get(cell.url)
    assert listed.context["page_obj"].paginator.count == 1
    assert login(make_user("c10", Role.COUNTER, store)).get(cell.url).status_code == 404  # another store's calls
