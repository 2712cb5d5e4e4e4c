"""Escalation sweeps: due times in the database, each person alerted once however often the sweep runs."""

from datetime import timedelta

import pytest

from aftersales.models import Event, Role
from aftersales.notifications import sweeps
from tests.conftest import make_user
from tests.tickets.factories import acknowledge, at, local, make_case, staff
from tickets.models import AlertKind, Case, StaffAlert, Urgency
from tickets.tasks import ACK_OVERDUE, REMINDERS, RESOLUTION_OVERDUE

RECEIVED = local(2026, 3, 2, 10, 0)


@pytest.fixture
def people(store, other_store):
    return {
        "counter": staff(store),
        "manager": staff(store, Role.MANAGER),
        "chain": make_user("chain-esc", Role.CHAIN_MANAGER, store),
        "other_manager": staff(other_store, Role.MANAGER),
    }


def _cases(store, n, **kwargs):
    with at(RECEIVED):
        return [make_case(store, **kwargs) for _ in range(n)]


@pytest.mark.django_db
def test_the_assignee_is_reminded_before_the_acknowledgement_is_due_once(store, people):
    cases = _cases(store, 3, actor=people["counter"])
    assert all(c.ack_reminder_at == RECEIVED + timedelta(hours=20) for c in cases)  # 4 hours before (chain setting)
    early = RECEIVED + timedelta(hours=19, minutes=59)
    assert sweeps.run(REMINDERS, now=early).processed == 0
    due = RECEIVED + timedelta(hours=20)
    first = sweeps.run(REMINDERS, now=due)
    second = sweeps.run(REMINDERS, now=due + timedelta(minutes=5))
    assert (first.processed, second.processed) == (3, 0)
    alerts = StaffAlert.objects.filter(kind=AlertKind.ACK_REMINDER)
    assert alerts.count() == 3 and set(alerts.values_list("user", flat=True)) == {people["counter"].pk}


@pytest.mark.django_db
def test_an_acknowledged_case_is_neither_reminded_nor_escalated(store, people):
    (case,) = _cases(store, 1)
    with at(RECEIVED + timedelta(hours=2)):
        acknowledge(case, at_=RECEIVED + timedelta(hours=2))
    later = RECEIVED + timedelta(hours=30)
    for name in (REMINDERS, ACK_OVERDUE):
        assert sweeps.run(name, now=later).processed == 0
    assert not StaffAlert.objects.exists()


@pytest.mark.django_db
def test_overdue_acknowledgement_alerts_each_store_manager_once_across_runs(store, people):
    second_manager = make_user("manager-2", Role.MANAGER, store)
    _cases(store, 4)
    late = RECEIVED + timedelta(hours=25)
    runs = [sweeps.run(ACK_OVERDUE, now=late), sweeps.run(ACK_OVERDUE, now=late + timedelta(minutes=5))]
    assert [r.processed for r in runs] == [4, 0]
    alerts = StaffAlert.objects.filter(kind=AlertKind.ACK_OVERDUE)
    assert alerts.count() == 8  # 4 cases × 2 managers of the store; none to the other store's manager
    assert set(alerts.values_list("user", flat=True)) == {people["manager"].pk, second_manager.pk}
    assert Event.objects.filter(kind="case.ack_overdue").count() == 4
    assert Case.objects.filter(ack_escalated_at__isnull=False).count() == 4


@pytest.mark.django_db
def test_resolution_target_per_urgency_escalates_to_chain_managers_once(store, people):
    normal = _cases(store, 2)
    urgent = _cases(store, 1, urgency=Urgency.URGENT)
    for case in normal + urgent:
        with at(RECEIVED + timedelta(hours=1)):
            acknowledge(case, at_=RECEIVED + timedelta(hours=1))
    assert urgent[0].resolution_due_at == RECEIVED + timedelta(hours=24)
    assert normal[0].resolution_due_at == RECEIVED + timedelta(hours=72)
    day2 = RECEIVED + timedelta(hours=24, minutes=1)
    assert sweeps.run(RESOLUTION_OVERDUE, now=day2).processed == 1
    assert sweeps.run(RESOLUTION_OVERDUE, now=day2).processed == 0
    day4 = RECEIVED + timedelta(hours=72, minutes=1)
    assert sweeps.run(RESOLUTION_OVERDUE, now=day4).processed == 2
    alerts = StaffAlert.objects.filter(kind=AlertKind.RESOLUTION_OVERDUE)
    assert alerts.count() == 3 and set(alerts.values_list("user", flat=True)) == {people["chain"].pk}


@pytest.mark.django_db
def test_the_unique_dedupe_key_is_the_proof(store, people):
    """Even a handler run twice on the same rows (as two racing workers could) alerts once."""
    from tickets.services import escalation

    cases = _cases(store, 2)
    late = RECEIVED + timedelta(hours=25)
    rows = list(escalation.ack_overdue_due(late))
    escalation.escalate_ack(rows, now=late)
    escalation.escalate_ack(rows, now=late)
    assert StaffAlert.objects.filter(kind=AlertKind.ACK_OVERDUE).count() == len(cases)
    assert StaffAlert.objects.values("dedupe_key").distinct().count() == len(cases)


@pytest.mark.django_db
def test_beat_runs_the_three_sweeps(settings):
    sweeps = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e.get("args")]  # the orphan-file clean-up takes none
    names = {entry["args"][0] for entry in sweeps}
    assert {REMINDERS, ACK_OVERDUE, RESOLUTION_OVERDUE} <= names
    assert all(e.get("options", {}).get("expires") for e in sweeps if e["args"][0].startswith("tickets."))
