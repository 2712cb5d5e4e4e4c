"""The messages page shows when each sweep runs next and warns only when one is really late."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from aftersales.notifications import selectors
from aftersales.notifications.models import SweepRun

HOURLY = "customers.birthday_followups"
FIVE_MINUTES = "notifications.release_waiting"


def state(name, now):
    return next(s for s in selectors.sweep_states(now=now) if s.name == name)


@pytest.mark.django_db
def test_an_hourly_sweep_whose_first_hour_has_not_come_is_not_late(settings, monkeypatch):
    started = timezone.now()
    monkeypatch.setattr(selectors, "PROCESS_STARTED", started)
    SweepRun.objects.create(name=FIVE_MINUTES, started_at=started + timedelta(minutes=5), finished_at=started + timedelta(minutes=5))
    now = started + timedelta(minutes=10)
    hourly = state(HOURLY, now)
    assert hourly.last is None and not hourly.late
    assert hourly.next_at == started + timedelta(minutes=5) + timedelta(hours=1)  # an hour after the beat was first seen
    assert hourly.every_minutes == 60
    assert state(FIVE_MINUTES, now).next_at == started + timedelta(minutes=10)


@pytest.mark.django_db
def test_a_sweep_that_missed_a_whole_tick_is_late(monkeypatch):
    started = timezone.now() - timedelta(hours=5)
    monkeypatch.setattr(selectors, "PROCESS_STARTED", started)
    now = started + timedelta(minutes=30)
    SweepRun.objects.create(name=FIVE_MINUTES, started_at=now - timedelta(minutes=4))
    assert not state(FIVE_MINUTES, now).late
    assert not state(FIVE_MINUTES, now + timedelta(minutes=6)).late  # one tick may be a little behind
    assert state(FIVE_MINUTES, now + timedelta(minutes=9)).late is True  # a whole tick was missed
    # The beat was first seen 4 minutes ago: the hourly sweep is late once an hour and a minute have passed.
    assert state(HOURLY, now + timedelta(minutes=50)).late is False
    assert state(HOURLY, now + timedelta(minutes=60)).late is True


@pytest.mark.django_db
def test_status_page_shows_the_next_run_instead_of_asking_about_the_beat(manager_client, monkeypatch):
    monkeypatch.setattr(selectors, "PROCESS_STARTED", timezone.now())
    html = manager_client.get(reverse("notifications:status")).content.decode()
    assert "尚未运行。定时调度" not in html and "beat" not in html
    assert "下次运行" in html and "约" in html
