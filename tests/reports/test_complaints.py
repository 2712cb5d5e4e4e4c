"""The complaint report against a hand-computed data set, its drill-down lists and bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
import time_machine

from aftersales.reports.registry import get_report

from .fixtures import at, complaint_set

NOW = at(2026, 3, 10, 12)
URL = "/reports/complaints/"
PERIOD = {"start": "2026-01", "end": "2026-02"}


@pytest.fixture
def data(store, other_store):
    return complaint_set(store, other_store)


def _table(response, key):
    return response.context["result"].table(key)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_figures_match_the_hand_computed_set(data, manager_client, store):
    response = manager_client.get(URL, {**PERIOD, "store": store.pk})
    assert response.status_code == 200
    values = [f.value for f in response.context["result"].figures]
    received, ack, median, p90, on_target, open_, overdue, avg, reopen = values
    assert received == 8
    assert ack == Decimal("0.5")            # c1, c2 (24 h exactly counts), c4, c6
    assert median == Decimal("4.0") and p90 == Decimal("8.0")
    assert on_target == Decimal("0.4")      # 2 of 5 resolved within 72 h
    assert open_ == 3 and overdue == 3
    assert avg == Decimal("3.50")
    assert reopen == Decimal("0.2")         # c4 of 5 resolved


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_tables_by_month_category_and_pareto(data, manager_client, store):
    response = manager_client.get(URL, {**PERIOD, "store": store.pk})
    months = _table(response, "by_month").rows
    assert [(r["month"], r["complaints"]) for r in months] == [("2026-01", 5), ("2026-02", 3)]
    assert months[0]["ack"] == Decimal("0.6")  # c1, c2, c4 of five
    cats = {r["code"]: r["complaints"] for r in _table(response, "by_category").rows}
    assert cats == {"product_quality": 4, "staff_attitude": 3, "fees_prices": 1}
    pareto = _table(response, "root_causes").rows
    assert [(r["complaints"], r["cumulative"]) for r in pareto] == [(3, Decimal("0.75")), (1, Decimal("1"))]
    repeat = _table(response, "repeat").rows
    assert sorted(r["complaints"] for r in repeat) == [2, 2]
    staff = _table(response, "staff").rows
    assert staff[0]["complaints"] == 2


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_filter_by_category_channel_urgency(data, manager_client, store):
    response = manager_client.get(URL, {**PERIOD, "store": store.pk, "category": "staff_attitude"})
    assert response.context["result"].figures[0].value == 3
    response = manager_client.get(URL, {**PERIOD, "store": store.pk, "channel": "regulator", "urgency": "critical"})
    assert response.context["result"].figures[0].value == 1


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_each_bar_opens_a_list_with_the_same_count(data, manager_client, store):
    response = manager_client.get(URL, {**PERIOD, "store": store.pk, "category": "product_quality"})
    checked = 0
    for key in ("by_month", "by_category", "by_channel", "root_causes", "satisfaction"):
        for row in _table(response, key).rows:
            listed = manager_client.get(row["_url"])
            assert listed.status_code == 200, row["_url"]
            count = row.get("complaints", row.get("ratings"))
            assert listed.context["total"] == count, (key, row)
            checked += 1
    assert checked >= 6
    for figure in response.context["result"].figures:
        if figure.url and isinstance(figure.value, int):
            assert manager_client.get(figure.url).context["total"] == figure.value, figure.label


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_staff_concerned_is_for_managers_only(data, chain_client, store, counter_client):
    assert _table(chain_client.get(URL, PERIOD), "staff") is not None
    assert counter_client.get(URL, PERIOD).status_code == 403
    assert counter_client.get(URL, {"start": "nonsense"}).status_code == 403
    assert counter_client.get("/reports/").status_code == 403


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_chain_manager_sees_every_store_and_a_store_row_each(data, chain_client, store, other_store):
    response = chain_client.get(URL, PERIOD)
    assert response.context["result"].figures[0].value == 9
    stores = {r["store"]: r["complaints"] for r in _table(response, "by_store").rows}
    assert stores == {store.name: 8, other_store.name: 1}


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("params, message", [
    ({"start": "2026-03", "end": "2026-01"}, "2026-03"),
    ({"start": "2020-01", "end": "2026-02"}, "36"),
    ({"start": "January"}, "2026-03"),
    ({"category": "no-such"}, "no-such"),
])
def test_bad_periods_and_values_are_explained(data, manager_client, params, message):
    response = manager_client.get(URL, params)
    assert response.status_code == 200
    assert response.context["result"] is None
    errors = response.content.decode().split('id="filter-errors"', 1)[1].split("</div>\n", 1)[0]
    assert message in errors


@pytest.mark.django_db
def test_unknown_filter_is_named_and_ignored(data, manager_client):
    response = manager_client.get(URL, {"colour": "red"}, follow=True)
    assert response.status_code == 200 and response.context["result"] is not None
    assert "colour" in response.content.decode()


@pytest.mark.django_db
def test_another_stores_id_is_not_found(data, manager_client, other_store):
    assert manager_client.get(URL, {"store": other_store.pk}).status_code == 404
    assert manager_client.get(URL, {"store": "1; drop"}).status_code == 404
    assert manager_client.get("/cases/reported/", {"store": other_store.pk}).status_code == 404


@pytest.mark.django_db
def test_report_is_registered_from_the_tickets_app():
    assert get_report("complaints").build.__module__ == "tickets.reports"


def test_interpolated_percentiles_match_percentile_cont():
    from tickets.reports import _interpolate

    assert _interpolate([1, 2, 4, 5, 10], 0.5) == 4
    assert _interpolate([1, 2, 4, 5, 10], 0.9) == pytest.approx(8.0)
    assert _interpolate([3], 0.9) == 3
