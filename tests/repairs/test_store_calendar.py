"""Store managers keep their store's calendar on the store settings page; promised dates use it."""

from datetime import date

import pytest
from django.urls import reverse

from aftersales import roles
from aftersales.services import store_update
from repairs import calendar, services
from repairs.models import StoreClosedDay

pytestmark = pytest.mark.django_db


def test_weekly_closing_day_and_closed_days_move_the_promised_date(store, manager):
    start = date(2026, 12, 4)  # a Friday
    assert calendar.add_working_days(store=store, start=start, days=2) == date(2026, 12, 6)  # Sunday
    store_update(store_id=store.pk, actor=manager, expected_version=store.version, closed_weekdays="7")  # closed on Sundays
    store.refresh_from_db()
    assert calendar.add_working_days(store=store, start=start, days=2) == date(2026, 12, 7)
    services.closed_day_add(actor=manager, store=store, day=date(2026, 12, 7), note="盘点", today=date(2026, 12, 1))
    assert calendar.add_working_days(store=store, start=start, days=2) == date(2026, 12, 8)


def test_counter_staff_may_not_edit_the_calendar(store, counter):
    with pytest.raises(roles.NotAllowed):
        services.closed_day_add(actor=counter, store=store, day=date(2030, 1, 1), today=date(2026, 12, 1))


def test_manager_keeps_the_calendar_on_the_store_settings_page(manager_client, store):
    page = manager_client.get(reverse("store_edit", args=[store.pk])).content.decode()
    assert 'id="closed-days"' in page and 'name="closed_weekdays"' in page
    response = manager_client.post(reverse("repairs:closed_day_add", args=[store.pk]), {"date": "2030-02-01", "note": "春节"})
    assert response.status_code == 302 and response.url == reverse("store_edit", args=[store.pk])
    day = StoreClosedDay.objects.get(store=store)
    assert day.date == date(2030, 2, 1) and day.note == "春节"
    page = manager_client.get(reverse("store_edit", args=[store.pk])).content.decode()
    assert "2030-02-01" in page and "春节" in page and "已添加休息日" in page
    manager_client.post(reverse("repairs:closed_day_remove", args=[store.pk, day.pk]))
    assert not StoreClosedDay.objects.exists()


def test_weekly_closing_days_saved_from_the_settings_form(manager_client, store):
    from aftersales.forms import StoreForm

    data = {k: v for k, v in StoreForm(instance=store).initial.items() if v is not None}
    data.update({"version": store.version, "closed_weekdays": ["1", "7"], "receipt_terms": store.receipt_terms or ""})
    response = manager_client.post(reverse("store_edit", args=[store.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    store.refresh_from_db()
    assert store.closed_weekdays == "1,7" and store.closed_weekday_numbers == {0, 6}
