import pytest
from django.urls import reverse

from aftersales import services
from aftersales.concurrency import StaleEdit
from aftersales.models import Event


def _post(client, store, **overrides):
    data = {"name": store.name, "address": "新地址 1 号", "phone": store.phone, "opening_hours": "10:00–22:00",
            "receipt_terms": "", "version": store.version,
            # the pickup ladder and follow-up settings (issue 7), as the page shows them
            "pickup_deadline_months": store.pickup_deadline_months, "pickup_reminder_days": store.pickup_reminder_days,
            "followup_days_after_pickup": store.followup_days_after_pickup,
            "birthday_greeting_days_before": store.birthday_greeting_days_before,
            "cleaning_invitation_months": store.cleaning_invitation_months, "followup_escalation_days": store.followup_escalation_days}
    data.update(overrides)
    return client.post(reverse("store_edit", args=[store.pk]), data)


@pytest.mark.django_db
def test_manager_edits_own_store_and_the_change_is_recorded(manager, manager_client, store):
    response = _post(manager_client, store)
    assert response.status_code == 302
    store.refresh_from_db()
    assert store.address == "新地址 1 号" and store.version == 2
    event = Event.objects.get(kind="store.updated")
    assert event.actor == manager and event.new == {"address": "新地址 1 号", "opening_hours": "10:00–22:00"}


@pytest.mark.django_db
def test_counter_staff_may_not_edit_store_settings(counter_client, store):
    assert _post(counter_client, store).status_code == 403
    store.refresh_from_db()
    assert store.address == ""


@pytest.mark.django_db
def test_second_editor_is_refused_not_overwritten(manager, manager_client, store):
    stale_version = store.version
    services.store_update(store_id=store.pk, actor=manager, expected_version=stale_version, phone="0731-111")
    response = _post(manager_client, store, version=stale_version, phone="0731-222")
    assert response.status_code == 200
    assert "其他人" in response.content.decode()
    assert 'value="0731-222"' in response.content.decode()  # what was typed is kept
    store.refresh_from_db()
    assert store.phone == "0731-111"
    with pytest.raises(StaleEdit):
        services.store_update(store_id=store.pk, actor=manager, expected_version=stale_version, phone="x")


@pytest.mark.django_db
def test_saving_without_changes_writes_no_event(manager, store):
    services.store_update(store_id=store.pk, actor=manager, expected_version=store.version, name=store.name)
    assert not Event.objects.exists()
